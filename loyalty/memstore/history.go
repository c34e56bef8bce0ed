package memstore

import (
	"context"
	"fmt"

	"github.com/tariffkit/tariff/loyalty"
)

// history is one member's purchases in one program, linked newest first
// through nodes from the shard's chunks (so that recording one allocates
// nothing of its own), with the counts of the whole history by partner,
// by category and by both once a query asked for one: a count over the
// whole history then costs a map lookup, one over a window the purchases
// in it.
type history struct {
	last   *purchaseNode
	n      int64
	sorted bool               // newest first is latest At first, as it is while purchases come in order
	counts map[countKey]int64 // nil until a query by partner or category over the whole history
}

type purchaseNode struct {
	p    loyalty.Purchase
	prev *purchaseNode
}

// countKey names one count of the whole history: by partner (by&1), by
// category (by&2) or both.
type countKey struct {
	by                byte
	partner, category string
}

func (h *history) add(sh *shard, p loyalty.Purchase) {
	switch {
	case h.last == nil:
		h.sorted = true
	case p.At.Before(h.last.p.At):
		h.sorted = false
	}
	n := sh.purchases.new()
	n.p, n.prev = p, h.last
	h.last = n
	h.n++
	if h.counts != nil {
		h.countOne(&p)
	}
}

func (h *history) countOne(p *loyalty.Purchase) {
	h.counts[countKey{by: 1, partner: p.Partner}]++
	h.counts[countKey{by: 2, category: p.Category}]++
	h.counts[countKey{by: 3, partner: p.Partner, category: p.Category}]++
}

// count returns how many purchases q matches. The caller holds the
// shard's write lock if q may build the counts (see needsCounts).
func (h *history) count(q loyalty.PurchaseQuery) int64 {
	if h == nil {
		return 0
	}
	if q.After.IsZero() {
		var k countKey
		if q.ByPartner {
			k.by, k.partner = k.by|1, q.Partner
		}
		if q.ByCategory {
			k.by, k.category = k.by|2, q.Category
		}
		if k.by == 0 {
			return h.n
		}
		if h.counts == nil {
			h.counts = map[countKey]int64{}
			for n := h.last; n != nil; n = n.prev {
				h.countOne(&n.p)
			}
		}
		return h.counts[k]
	}
	var c int64
	for n := h.last; n != nil; n = n.prev {
		if h.sorted && !n.p.At.After(q.After) {
			break // every earlier one is older still
		}
		if q.Matches(n.p) {
			c++
		}
	}
	return c
}

// needsCounts reports whether counting q would build the counts of the
// whole history, which needs the shard's write lock.
func (h *history) needsCounts(q loyalty.PurchaseQuery) bool {
	return h != nil && h.counts == nil && q.After.IsZero() && (q.ByPartner || q.ByCategory)
}

// CountPurchases implements loyalty.LedgerStore: a count over the whole
// history costs a map lookup (the first by partner or category builds the
// counts, once, at the cost of the member's purchases); one over a window
// costs the purchases in the window (while purchases are recorded in the
// order of their instants; otherwise the member's purchases). It returns
// loyalty.ErrNoStore for a nil Store, loyalty.ErrVersionConflict and
// ctx's error.
func (s *Store) CountPurchases(ctx context.Context, k loyalty.Key, q loyalty.PurchaseQuery) (int64, error) {
	if s == nil {
		return 0, loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return 0, err
	}
	sh := s.shard(k)
	sh.mu.RLock()
	l := sh.ledger(k)
	if l != nil && l.history.needsCounts(q) {
		// The first count by partner or category builds the counts: under
		// the write lock, once.
		sh.mu.RUnlock()
		sh.mu.Lock()
		defer sh.mu.Unlock()
		l = sh.ledger(k)
	} else {
		defer sh.mu.RUnlock()
	}
	var version uint64
	if l != nil {
		version = l.version
	}
	if version != q.Version {
		return 0, loyalty.ErrVersionConflict
	}
	if l == nil {
		return 0, nil
	}
	return l.history.count(q), nil
}

// PromoUses implements loyalty.LedgerStore. It returns loyalty.ErrNoStore
// for a nil Store and ctx's error.
func (s *Store) PromoUses(ctx context.Context, k loyalty.Key, code string) (int, error) {
	if s == nil {
		return 0, loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return 0, err
	}
	sh := s.shard(k)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	if l := sh.ledger(k); l != nil {
		return l.promoUses[code], nil
	}
	return 0, nil
}

// stage calls the test hook, if any.
func (s *Store) stage(name string) error {
	if s.inject == nil {
		return nil
	}
	if err := s.inject(name); err != nil {
		return fmt.Errorf("memstore: injected failure at %s: %w", name, err)
	}
	return nil
}
