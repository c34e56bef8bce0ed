package memstore

import (
	"context"
	"fmt"
	"sort"

	"github.com/tariffkit/tariff/loyalty"
)

// history is one member's purchases in one program: the list, in the order
// recorded, and the counts of the whole history by partner, by category
// and by both, so that a count over the whole history costs a map lookup
// and one over a window the purchases in it.
type history struct {
	list   []loyalty.Purchase
	sorted bool // list is in ascending At, as it is while purchases come in order
	counts map[countKey]int64
}

// countKey names one count of the whole history: by partner (by&1), by
// category (by&2) or both.
type countKey struct {
	by                byte
	partner, category string
}

func (h *history) add(p loyalty.Purchase) {
	if len(h.list) == 0 {
		h.sorted = true
	} else if p.At.Before(h.list[len(h.list)-1].At) {
		h.sorted = false
	}
	h.list = append(h.list, p)
	if h.counts == nil {
		h.counts = map[countKey]int64{}
	}
	h.counts[countKey{by: 1, partner: p.Partner}]++
	h.counts[countKey{by: 2, category: p.Category}]++
	h.counts[countKey{by: 3, partner: p.Partner, category: p.Category}]++
}

// count returns how many purchases q matches.
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
			return int64(len(h.list))
		}
		return h.counts[k]
	}
	from := 0
	if h.sorted {
		from = sort.Search(len(h.list), func(i int) bool { return h.list[i].At.After(q.After) })
	}
	var n int64
	for _, p := range h.list[from:] {
		if q.Matches(p) {
			n++
		}
	}
	return n
}

// CountPurchases implements loyalty.LedgerStore: a count over the whole
// history costs a map lookup; one over a window costs a binary search and
// the purchases in the window (while purchases are recorded in the order
// of their instants; otherwise the member's purchases). It returns
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
	defer sh.mu.RUnlock()
	l := sh.ledger(k)
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
