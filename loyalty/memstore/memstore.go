// Package memstore is an in-memory loyalty.Store, safe for concurrent use.
//
// It is the store the loyalty package's own tests and benchmarks use and
// the reference a host's store can be compared with; it passes
// loyalty/storetest. Nothing is persisted.
//
// Members' ledgers are spread over shards, each behind its own lock, so
// operations on different members rarely wait for each other. Lots and
// entries are kept in chunks that appending never copies; Load and
// Entries hand out copies, so what they return stays valid and unchanged
// while later commits land.
package memstore

import (
	"context"
	"hash/maphash"
	"slices"
	"sync"

	"github.com/tariffkit/tariff/loyalty"
)

var _ loyalty.Store = (*Store)(nil)

const shardCount = 64

// Store is an in-memory loyalty.Store. The zero Store is not usable; call
// New.
type Store struct {
	seed   maphash.Seed
	shards [shardCount]shard

	promoMu sync.Mutex
	promos  map[promoKey]int

	attrMu   sync.RWMutex
	partners map[string]string
}

type shard struct {
	mu      sync.RWMutex
	members map[loyalty.Key]*ledger
	_       [40]byte // keep shards on separate cache lines
}

type promoKey struct{ program, code string }

type ledger struct {
	version uint64
	head    loyalty.Head
	lots    chunks[loyalty.Lot] // the open lots, in ID order
	entries chunks[loyalty.Entry]
	records map[string]*loyalty.TxRecord // one allocation per record keeps map growth cheap
}

// chunks is a list kept in chunks of growing size, so that appending
// never copies earlier items.
type chunks[T any] struct {
	list [][]T
	n    int
}

const maxChunk = 512

func (g *chunks[T]) append(xs ...T) {
	for _, x := range xs {
		last := len(g.list) - 1
		if last < 0 || len(g.list[last]) == cap(g.list[last]) {
			size := 4
			if last >= 0 {
				size = min(2*cap(g.list[last]), maxChunk)
			}
			g.list = append(g.list, make([]T, 0, size))
			last++
		}
		g.list[last] = append(g.list[last], x)
		g.n++
	}
}

// all returns a copy of the items in order.
func (g *chunks[T]) all() []T {
	out := make([]T, 0, g.n)
	for _, c := range g.list {
		out = append(out, c...)
	}
	return out
}

// New returns an empty Store.
func New() *Store {
	s := &Store{seed: maphash.MakeSeed(), promos: map[promoKey]int{}, partners: map[string]string{}}
	for i := range s.shards {
		s.shards[i].members = map[loyalty.Key]*ledger{}
	}
	return s
}

func (s *Store) shard(k loyalty.Key) *shard {
	return &s.shards[maphash.String(s.seed, k.Member)%shardCount]
}

// Load implements loyalty.LedgerStore. It returns only ctx's error.
func (s *Store) Load(ctx context.Context, k loyalty.Key, lots bool, txIDs ...string) (loyalty.State, []loyalty.TxRecord, error) {
	if err := ctx.Err(); err != nil {
		return loyalty.State{}, nil, err
	}
	sh := s.shard(k)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	l := sh.members[k]
	if l == nil {
		return loyalty.State{}, nil, nil
	}
	st := loyalty.State{Version: l.version, Head: l.head}
	if lots && l.lots.n > 0 {
		st.Lots = l.lots.all()
	}
	var recs []loyalty.TxRecord
	for _, id := range txIDs {
		if r, ok := l.records[id]; ok {
			recs = append(recs, *r)
		}
	}
	return st, recs, nil
}

// Commit implements loyalty.LedgerStore. It returns
// loyalty.ErrVersionConflict, loyalty.ErrPromoExhausted or ctx's error,
// and on any error changes nothing.
func (s *Store) Commit(ctx context.Context, c loyalty.Commit) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	sh := s.shard(c.Key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	l := sh.members[c.Key]
	var version uint64
	if l != nil {
		version = l.version
	}
	if version != c.Version {
		return loyalty.ErrVersionConflict
	}
	if c.Promo != nil {
		s.promoMu.Lock()
		pk := promoKey{c.Promo.Program, c.Promo.Code}
		if c.Promo.Limit > 0 && s.promos[pk] >= c.Promo.Limit {
			s.promoMu.Unlock()
			return loyalty.ErrPromoExhausted
		}
		s.promos[pk]++
		s.promoMu.Unlock()
	}
	if l == nil {
		l = &ledger{records: map[string]*loyalty.TxRecord{}}
		sh.members[c.Key] = l
	}
	l.version++
	l.head = c.Head
	if len(c.UpdateLots) > 0 {
		l.lots = updateLots(&l.lots, c.UpdateLots)
	}
	for _, lot := range c.AddLots {
		if lot.Remaining.Sign() != 0 {
			l.lots.append(lot)
		}
	}
	l.entries.append(c.Append...)
	for _, r := range c.Records {
		l.records[r.ID] = &r
	}
	return nil
}

// updateLots returns old with the updates applied and closed lots left
// out, in one chunk.
func updateLots(old *chunks[loyalty.Lot], updates []loyalty.Lot) chunks[loyalty.Lot] {
	out := chunks[loyalty.Lot]{list: [][]loyalty.Lot{make([]loyalty.Lot, 0, old.n+4)}}
	for _, c := range old.list {
		for _, lot := range c {
			if i := slices.IndexFunc(updates, func(u loyalty.Lot) bool { return u.ID == lot.ID }); i >= 0 {
				lot = updates[i]
			}
			if lot.Remaining.Sign() != 0 {
				out.append(lot)
			}
		}
	}
	return out
}

// Entries implements loyalty.LedgerStore. It returns only ctx's error.
func (s *Store) Entries(ctx context.Context, k loyalty.Key) ([]loyalty.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sh := s.shard(k)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	if l := sh.members[k]; l != nil {
		return l.entries.all(), nil
	}
	return nil, nil
}

// PromoCount implements loyalty.LedgerStore. It returns only ctx's error.
func (s *Store) PromoCount(ctx context.Context, program, code string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.promoMu.Lock()
	defer s.promoMu.Unlock()
	return s.promos[promoKey{program, code}], nil
}

// Attribute implements loyalty.AttributionStore. It returns only ctx's
// error.
func (s *Store) Attribute(ctx context.Context, member, partner string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s.attrMu.Lock()
	defer s.attrMu.Unlock()
	if owner, ok := s.partners[member]; ok {
		return owner, nil
	}
	s.partners[member] = partner
	return partner, nil
}

// Partner implements loyalty.AttributionStore. It returns only ctx's error.
func (s *Store) Partner(ctx context.Context, member string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s.attrMu.RLock()
	defer s.attrMu.RUnlock()
	return s.partners[member], nil
}
