// Package memstore is an in-memory loyalty.Store, safe for concurrent use.
//
// It is the store the loyalty package's own tests and benchmarks use and
// the reference a host's store can be compared with; it passes
// loyalty/storetest. Nothing is persisted.
//
// Members' ledgers are spread over shards, each behind its own lock, so
// operations on different members rarely wait for each other. A shard
// allocates the lots, entries and transaction records of its members from
// shared chunks, and each member links its own: a commit writes where the
// shard wrote last instead of into a list of the member's that may have
// long left the CPU cache, and allocates once per chunk, not per record.
// Load and Entries hand out copies, so what they return stays valid and
// unchanged while later commits land.
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
	lots    slab[lotNode]
	entries slab[entryNode]
	records slab[loyalty.TxRecord]
	_       [24]byte // 128 bytes in all: shards on separate cache lines
}

type promoKey struct{ program, code string }

type ledger struct {
	version   uint64
	head      loyalty.Head
	firstLot  *lotNode // the open lots, in ID order
	lastLot   *lotNode
	nLots     int
	lastEntry *entryNode // the entries, newest first
	nEntries  int
	records   map[string]*loyalty.TxRecord
}

type lotNode struct {
	lot  loyalty.Lot
	next *lotNode
}

type entryNode struct {
	entry loyalty.Entry
	prev  *entryNode
}

// slab hands out items from shared chunks, so that many small records
// cost one allocation. An item stays allocated as long as its chunk is
// referenced: the memory of a closed lot is reused only with its chunk.
type slab[T any] struct{ free []T }

const slabSize = 128

func (s *slab[T]) new() *T {
	if len(s.free) == 0 {
		s.free = make([]T, slabSize)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// addLot links lot after the member's last open lot.
func (l *ledger) addLot(sh *shard, lot loyalty.Lot) {
	n := sh.lots.new()
	n.lot = lot
	if l.lastLot == nil {
		l.firstLot = n
	} else {
		l.lastLot.next = n
	}
	l.lastLot = n
	l.nLots++
}

// updateLots replaces the open lots with the IDs of updates in place and
// unlinks those closed.
func (l *ledger) updateLots(updates []loyalty.Lot) {
	var prev *lotNode
	for n := l.firstLot; n != nil; n = n.next {
		if i := slices.IndexFunc(updates, func(u loyalty.Lot) bool { return u.ID == n.lot.ID }); i >= 0 {
			n.lot = updates[i]
		}
		if n.lot.Remaining.Sign() != 0 {
			prev = n
			continue
		}
		if prev == nil {
			l.firstLot = n.next
		} else {
			prev.next = n.next
		}
		if l.lastLot == n {
			l.lastLot = prev
		}
		l.nLots--
	}
}

// lots returns a copy of the open lots.
func (l *ledger) lots() []loyalty.Lot {
	if l.nLots == 0 {
		return nil
	}
	out := make([]loyalty.Lot, 0, l.nLots)
	for n := l.firstLot; n != nil; n = n.next {
		out = append(out, n.lot)
	}
	return out
}

// appendEntry links e after the member's last entry.
func (l *ledger) appendEntry(sh *shard, e loyalty.Entry) {
	n := sh.entries.new()
	n.entry, n.prev = e, l.lastEntry
	l.lastEntry = n
	l.nEntries++
}

// entries returns a copy of the entries in order.
func (l *ledger) entries() []loyalty.Entry {
	out := make([]loyalty.Entry, l.nEntries)
	i := len(out)
	for n := l.lastEntry; n != nil; n = n.prev {
		i--
		out[i] = n.entry
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
		st.Lots = l.lots()
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
		l.updateLots(c.UpdateLots)
	}
	for _, lot := range c.AddLots {
		if lot.Remaining.Sign() != 0 {
			l.addLot(sh, lot)
		}
	}
	for _, e := range c.Append {
		l.appendEntry(sh, e)
	}
	for _, r := range c.Records {
		p := l.records[r.ID]
		if p == nil {
			p = sh.records.new()
			l.records[r.ID] = p
		}
		*p = r // Load hands out copies, so a record can change in place
	}
	return nil
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
		return l.entries(), nil
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
