// Package memstore is an in-memory loyalty.Store, safe for concurrent use.
//
// It is the store the loyalty package's own tests and benchmarks use and
// the reference a host's store can be compared with; it passes
// loyalty/storetest. Nothing is persisted.
//
// Members' ledgers are spread over shards, each behind its own lock, so
// operations on different members rarely wait for each other. Lots and
// entries are appended in place and replaced copy-on-write, so a State
// handed out by Load stays valid and unchanged while later commits land.
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
	lots    []loyalty.Lot // open lots; appended in place, replaced on update
	entries entryLog
	records map[string]*loyalty.TxRecord // one allocation per record keeps map growth cheap
}

// entryLog is an append-only list of entries kept in chunks of growing
// size, so that appending never copies earlier entries.
type entryLog struct {
	chunks [][]loyalty.Entry
	n      int
}

const maxChunk = 512

func (g *entryLog) append(es []loyalty.Entry) {
	for _, e := range es {
		last := len(g.chunks) - 1
		if last < 0 || len(g.chunks[last]) == cap(g.chunks[last]) {
			size := 4
			if last >= 0 {
				size = min(2*cap(g.chunks[last]), maxChunk)
			}
			g.chunks = append(g.chunks, make([]loyalty.Entry, 0, size))
			last++
		}
		g.chunks[last] = append(g.chunks[last], e)
		g.n++
	}
}

func (g *entryLog) all() []loyalty.Entry {
	out := make([]loyalty.Entry, 0, g.n)
	for _, c := range g.chunks {
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
	if lots {
		st.Lots = l.lots[:len(l.lots):len(l.lots)]
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
		l.lots = updateLots(l.lots, c.UpdateLots)
	}
	if len(l.lots) == cap(l.lots) && len(c.AddLots) > 0 {
		// Grow by doubling, with room for a few lots from the start.
		l.lots = slices.Grow(l.lots, max(8, len(l.lots)))
	}
	for _, lot := range c.AddLots {
		if lot.Remaining.Sign() != 0 {
			l.lots = append(l.lots, lot)
		}
	}
	l.entries.append(c.Append)
	for _, r := range c.Records {
		l.records[r.ID] = &r
	}
	return nil
}

// updateLots returns a new slice (readers may hold the old one) with the
// updates applied and closed lots left out.
func updateLots(old, updates []loyalty.Lot) []loyalty.Lot {
	out := make([]loyalty.Lot, 0, len(old)+4)
	for _, lot := range old {
		if i := slices.IndexFunc(updates, func(u loyalty.Lot) bool { return u.ID == lot.ID }); i >= 0 {
			lot = updates[i]
		}
		if lot.Remaining.Sign() != 0 {
			out = append(out, lot)
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
