// Package memstore is an in-memory loyalty.Store and loyalty.TrafficStore,
// safe for concurrent use.
//
// It is the store the loyalty package's own tests and benchmarks use and
// the reference a host's store can be compared with; it passes
// loyalty/storetest. Nothing is persisted. Accounts' traffic is kept
// beside the ledgers, changed by CommitTraffic together with a commit (all
// checks first, then both writes, under the member's lock and the traffic
// lock) or, standing in for a host's provisioning, by AddTraffic. Each
// member's purchase history keeps counts of its whole history by partner
// and by category, so CountPurchases costs a lookup, or the purchases in
// its window.
//
// Members' ledgers are spread over shards, each behind its own lock, so
// operations on different members rarely wait for each other. A member's
// open lots are kept in each loyalty.LotOrder, so that a page of lots, a
// commit and a page of entries cost what they return or write, however
// many lots and entries the member holds; the memory of a closed lot is
// reused. A shard allocates the lots, entries and transaction records of
// its members from shared chunks, so that a commit writes where the shard
// wrote last and allocates once per chunk, not per record. Load, Lots and
// Entries hand out copies, so what they return stays valid and unchanged
// while later commits land.
package memstore

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
)

var _ loyalty.Store = (*Store)(nil)

const shardCount = 64

// Store is an in-memory loyalty.Store. The zero Store is empty and ready
// to use; so is the one New returns. A Store must not be copied after
// first use. Every method of a nil *Store returns loyalty.ErrNoStore.
type Store struct {
	shards [shardCount]shard

	promoMu sync.Mutex
	promos  map[promoKey]int

	attrMu   sync.RWMutex
	partners map[string]string

	trafficMu sync.Mutex
	traffic   map[trafficKey]decimal.Decimal

	// inject, when set (by this package's tests only), is called at each
	// stage of CommitTraffic and a non-nil error it returns fails the
	// commit there, to show that a failure at any stage changes nothing.
	inject func(stage string) error
}

type shard struct {
	mu        sync.RWMutex
	members   map[string]*ledger // by member; a member's ledgers in other programs follow through next
	arena     arena              // the lots of the shard's members
	entries   slab[entryNode]
	records   slab[loyalty.TxRecord]
	purchases slab[purchaseNode]
}

type promoKey struct{ program, code string }

// ledger returns the ledger k, nil if none.
func (sh *shard) ledger(k loyalty.Key) *ledger {
	l := sh.members[k.Member]
	for l != nil && l.program != k.Program {
		l = l.next
	}
	return l
}

// newLedger adds the empty ledger k.
func (sh *shard) newLedger(k loyalty.Key) *ledger {
	if sh.members == nil {
		sh.members = map[string]*ledger{}
	}
	l := &ledger{program: k.Program, next: sh.members[k.Member], records: map[string]*loyalty.TxRecord{}}
	sh.members[k.Member] = l
	return l
}

type ledger struct {
	// What an accrual reads and writes comes first, close together: the
	// version, the head, the newest entry, the records, the lots' tails.
	version   uint64
	program   string
	head      loyalty.Head
	log       entryLog
	records   map[string]*loyalty.TxRecord
	lots      lotSet
	promoUses map[string]int // this member's redemptions by promo code
	history   *history       // the member's purchases; nil until the first
	next      *ledger        // the member's ledger in another program
}

// slab hands out items from shared chunks, so that many small records
// cost one allocation. An item stays allocated as long as its chunk is
// referenced.
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

// entryLog is a member's entries, linked newest first through nodes from
// the shard's chunks, with every markEvery-th node remembered: a page
// starting at any position is reached in fewer than markEvery steps.
type entryLog struct {
	last  *entryNode
	n     int
	marks *[]*entryNode // (*marks)[j] is the entry at position (j+1)*markEvery-1
}

const markEvery = 64

type entryNode struct {
	entry loyalty.Entry
	prev  *entryNode
}

func (g *entryLog) append(sh *shard, e loyalty.Entry) {
	n := sh.entries.new()
	n.entry, n.prev = e, g.last
	g.last = n
	g.n++
	if g.n%markEvery == 0 {
		if g.marks == nil {
			g.marks = new([]*entryNode)
		}
		*g.marks = append(*g.marks, n)
	}
}

// page returns a copy of up to limit entries from position from.
func (g *entryLog) page(from, limit int) []loyalty.Entry {
	if from >= g.n || limit == 0 {
		return nil
	}
	limit = min(limit, g.n-from)
	end := from + limit - 1 // the last position wanted
	pos, n := g.n-1, g.last
	if j := end / markEvery; g.marks != nil && j < len(*g.marks) {
		pos, n = (j+1)*markEvery-1, (*g.marks)[j]
	}
	for ; pos > end; pos-- {
		n = n.prev
	}
	out := make([]loyalty.Entry, limit)
	for i := limit - 1; i >= 0; i-- {
		out[i] = n.entry
		n = n.prev
	}
	return out
}

// New returns an empty Store, as the zero Store is.
func New() *Store { return new(Store) }

// seed spreads members over shards, the same way in every Store.
var seed = maphash.MakeSeed()

func (s *Store) shard(k loyalty.Key) *shard {
	return &s.shards[maphash.String(seed, k.Member)%shardCount]
}

// ctxErr returns ctx's error; a nil ctx never ends.
func ctxErr(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}

// Load implements loyalty.LedgerStore. It returns loyalty.ErrNoStore for
// a nil Store and ctx's error.
func (s *Store) Load(ctx context.Context, k loyalty.Key, txIDs ...string) (loyalty.State, []loyalty.TxRecord, error) {
	if s == nil {
		return loyalty.State{}, nil, loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return loyalty.State{}, nil, err
	}
	sh := s.shard(k)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	l := sh.ledger(k)
	if l == nil {
		return loyalty.State{}, nil, nil
	}
	var recs []loyalty.TxRecord
	for _, id := range txIDs {
		if r, ok := l.records[id]; ok {
			recs = append(recs, *r)
		}
	}
	return loyalty.State{Version: l.version, Head: l.head}, recs, nil
}

// Lots implements loyalty.LedgerStore: it costs the page and a seek
// logarithmic in the lots held. It returns loyalty.ErrNoStore for a nil
// Store, loyalty.ErrInvalidRequest for a bad query,
// loyalty.ErrVersionConflict and ctx's error.
func (s *Store) Lots(ctx context.Context, k loyalty.Key, q loyalty.LotQuery) ([]loyalty.Lot, error) {
	if s == nil {
		return nil, loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if q.Order < loyalty.ByID || q.Order > loyalty.PendingByActivation || q.Limit < 1 {
		return nil, fmt.Errorf("%w: memstore: lot query with order %v and limit %d", loyalty.ErrInvalidRequest, q.Order, q.Limit)
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
		return nil, loyalty.ErrVersionConflict
	}
	if l == nil || l.lots.n == 0 {
		return nil, nil
	}
	o := l.lots.list(&sh.arena, q.Order)
	return o.page(make([]loyalty.Lot, 0, min(q.Limit, int(l.lots.n))), &q.After, q.Limit), nil
}

// Commit implements loyalty.LedgerStore: it costs the lots, entries and
// records c holds. It returns loyalty.ErrNoStore for a nil Store,
// loyalty.ErrVersionConflict, loyalty.ErrInvalidRequest for lots that
// break the port's rules, loyalty.ErrPromoMemberLimit,
// loyalty.ErrPromoExhausted and ctx's error, and on any error changes
// nothing.
func (s *Store) Commit(ctx context.Context, c loyalty.Commit) error {
	if s == nil {
		return loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return err
	}
	sh := s.shard(c.Key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	l, err := sh.check(&c)
	if err != nil {
		return err
	}
	if c.Promo != nil {
		if err := s.claim(l, c.Promo); err != nil {
			return err
		}
	}
	sh.apply(l, &c)
	return nil
}

// check returns the ledger c changes (nil for one never written) if c may
// be applied to it: the version is current and the lots keep the port's
// rules. It changes nothing.
func (sh *shard) check(c *loyalty.Commit) (*ledger, error) {
	l := sh.ledger(c.Key)
	var version uint64
	if l != nil {
		version = l.version
	}
	if version != c.Version {
		return nil, loyalty.ErrVersionConflict
	}
	if err := l.checkLots(&sh.arena, c); err != nil {
		return nil, err
	}
	return l, nil
}

// apply applies c, checked, to l (nil for a ledger never written): the
// part of a commit that cannot fail.
func (sh *shard) apply(l *ledger, c *loyalty.Commit) {
	if l == nil {
		l = sh.newLedger(c.Key)
	}
	if c.Promo != nil {
		if l.promoUses == nil {
			l.promoUses = map[string]int{}
		}
		l.promoUses[c.Promo.Code]++
	}
	l.version++
	l.head = c.Head
	for i := range c.UpdateLots {
		l.lots.update(&sh.arena, &c.UpdateLots[i])
	}
	for i := range c.AddLots {
		l.lots.add(&sh.arena, &c.AddLots[i])
	}
	for _, e := range c.Append {
		l.log.append(sh, e)
	}
	for _, r := range c.Records {
		p := l.records[r.ID]
		if p == nil {
			p = sh.records.new()
			l.records[r.ID] = p
		}
		*p = r // Load hands out copies, so a record can change in place
	}
	if c.Purchase != nil {
		if l.history == nil {
			l.history = new(history)
		}
		l.history.add(sh, *c.Purchase)
	}
}

// checkLots refuses a commit that updates a lot that is not open, or
// adds one that is or whose ID is not above those before it.
func (l *ledger) checkLots(a *arena, c *loyalty.Commit) error {
	var lots *lotSet
	if l != nil {
		lots = &l.lots
	}
	for i := range c.UpdateLots {
		if lots == nil || lots.find(a, c.UpdateLots[i].ID) == 0 {
			return fmt.Errorf("%w: memstore: update of lot %d, which is not open", loyalty.ErrInvalidRequest, c.UpdateLots[i].ID)
		}
	}
	var prev uint64
	if lots != nil && lots.tails[0].node != 0 {
		prev = lots.tails[0].id
	}
	for i := range c.AddLots {
		if id := c.AddLots[i].ID; id <= prev {
			return fmt.Errorf("%w: memstore: lot %d added after lot %d", loyalty.ErrInvalidRequest, id, prev)
		}
		prev = c.AddLots[i].ID
	}
	return nil
}

// claim checks the member's and the total limit of a promo claim and
// counts it in the total; the caller counts it for the member once
// nothing can fail any more.
func (s *Store) claim(l *ledger, c *loyalty.PromoClaim) error {
	if c.PerMember > 0 && l != nil && l.promoUses[c.Code] >= c.PerMember {
		return loyalty.ErrPromoMemberLimit
	}
	s.promoMu.Lock()
	defer s.promoMu.Unlock()
	pk := promoKey{c.Program, c.Code}
	if c.Limit > 0 && s.promos[pk] >= c.Limit {
		return loyalty.ErrPromoExhausted
	}
	if s.promos == nil {
		s.promos = map[promoKey]int{}
	}
	s.promos[pk]++
	return nil
}

// Entries implements loyalty.LedgerStore: it costs the page, not the
// entries before it. It returns loyalty.ErrNoStore for a nil Store,
// loyalty.ErrInvalidRequest for a negative from or limit, and ctx's
// error.
func (s *Store) Entries(ctx context.Context, k loyalty.Key, from, limit int) ([]loyalty.Entry, error) {
	if s == nil {
		return nil, loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if from < 0 || limit < 0 {
		return nil, fmt.Errorf("%w: memstore: entries from %d, limit %d", loyalty.ErrInvalidRequest, from, limit)
	}
	sh := s.shard(k)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	if l := sh.ledger(k); l != nil {
		return l.log.page(from, limit), nil
	}
	return nil, nil
}

// PromoCount implements loyalty.LedgerStore. It returns
// loyalty.ErrNoStore for a nil Store and ctx's error.
func (s *Store) PromoCount(ctx context.Context, program, code string) (int, error) {
	if s == nil {
		return 0, loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return 0, err
	}
	s.promoMu.Lock()
	defer s.promoMu.Unlock()
	return s.promos[promoKey{program, code}], nil
}

// AttributeToPartner implements loyalty.AttributionStore. It returns
// loyalty.ErrNoStore for a nil Store and ctx's error.
func (s *Store) AttributeToPartner(ctx context.Context, member, partner string) (string, error) {
	if s == nil {
		return "", loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return "", err
	}
	s.attrMu.Lock()
	defer s.attrMu.Unlock()
	if owner, ok := s.partners[member]; ok {
		return owner, nil
	}
	if s.partners == nil {
		s.partners = map[string]string{}
	}
	s.partners[member] = partner
	return partner, nil
}

// Partner implements loyalty.AttributionStore. It returns
// loyalty.ErrNoStore for a nil Store and ctx's error.
func (s *Store) Partner(ctx context.Context, member string) (string, error) {
	if s == nil {
		return "", loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return "", err
	}
	s.attrMu.RLock()
	defer s.attrMu.RUnlock()
	return s.partners[member], nil
}
