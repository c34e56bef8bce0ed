package loyalty

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/tariffkit/tariff/pricing"
)

// work is one attempt at a ledger operation: the loaded head, the lots
// read so far and the changes made, turned into a Commit at the end.
// Amounts are kept in minor units; every amount the ledger stores is a
// whole number of them.
//
// Lots are read from the store only as the operation reaches them, in the
// order it needs them (see lotReader), and only the lots changed are
// written back: the work follows the lots spent, activated, expired or
// reversed, not the lots the member holds.
type work struct {
	ctx   context.Context
	store LedgerStore
	key   Key
	at    time.Time
	cur   pricing.Currency
	st    State
	head  Head
	avail int64
	pend  int64

	availRd lotReader // AvailableByExpiry: expiry, then spending
	pendRd  lotReader // PendingByActivation: activation
	// upd holds each lot changed, once, as it will be written.
	upd []Lot
	// activated holds the indices in upd of the lots activated by settle
	// and not expired, in AvailableByExpiry order: spending merges them
	// with the stored available lots.
	activated []int
	add       []Lot
	entries   []Entry
	records   []TxRecord
	promo     *PromoClaim
	purchase  *Purchase      // the purchase to record, or nil
	traffic   *TrafficChange // the traffic to move in the same commit, or nil

	hist        historyCounter // Accrue's counts of purchases, kept here so that passing it allocates nothing
	purchaseBuf Purchase       // what purchase points to
	trafficBuf  TrafficChange  // what traffic points to

	ids [2]string // the transaction IDs to load

	// Room for the common case, so that an accrual allocates nothing here.
	addBuf [1]Lot
	entBuf [2]Entry
	recBuf [2]TxRecord
}

// workPool recycles work values: a Store does not retain a Commit's
// slices (see LedgerStore.Commit), so they can be reused.
var workPool = sync.Pool{New: func() any { return new(work) }}

func (w *work) init(ctx context.Context, l *Ledger, k Key, st State, at time.Time) {
	w.ctx, w.store, w.key, w.at, w.cur, w.st, w.head = ctx, l.store, k, at, l.prog.spec.Currency, st, st.Head
	w.avail, w.pend = minor(st.Available), minor(st.Pending)
	w.availRd.release() // what an earlier attempt read is of an older version
	w.pendRd.release()
	w.availRd.order, w.pendRd.order = AvailableByExpiry, PendingByActivation
	w.promo, w.purchase, w.traffic = nil, nil, nil
	w.upd, w.activated = w.upd[:0], w.activated[:0]
	w.add, w.entries, w.records = w.add[:0], w.entries[:0], w.records[:0]
	if w.add == nil {
		w.add, w.entries, w.records = w.addBuf[:0], w.entBuf[:0], w.recBuf[:0]
	}
}

// release drops w's references to caller and store data and returns it to
// the pool. Slices that grew beyond the built-in buffers are let go.
func (w *work) release() {
	w.ctx, w.store, w.st, w.head, w.promo, w.ids = nil, nil, State{}, Head{}, nil, [2]string{}
	w.purchase, w.traffic, w.purchaseBuf, w.trafficBuf = nil, nil, Purchase{}, TrafficChange{}
	w.hist = historyCounter{seen: w.hist.seen[:0]}
	w.availRd.release()
	w.pendRd.release()
	if cap(w.add) > len(w.addBuf) || cap(w.entries) > len(w.entBuf) || cap(w.records) > len(w.recBuf) ||
		cap(w.upd) > 16 || cap(w.activated) > 16 {
		*w = work{}
	}
	clear(w.upd)
	clear(w.addBuf[:])
	clear(w.entBuf[:])
	clear(w.recBuf[:])
	workPool.Put(w)
}

// minor returns a stored amount in minor units. Everything the ledger
// stores is whole minor units of at most maxMinor.
func minor(m pricing.Money) int64 {
	v, _ := m.MinorUnits()
	return v
}

func (w *work) money(v int64) pricing.Money {
	if v == 0 {
		return pricing.Zero(w.cur)
	}
	return pricing.FromMinor(v, w.cur)
}

// The first page a lotReader asks for is small, since most operations
// touch one or two lots; each further page is twice the last, up to
// maxPage.
const firstPage, maxPage = 4, 256

// lotReader hands out one order of a member's open lots, reading them
// from the store a page at a time as the operation reaches them. It never
// changes a lot it read: the last lot of a page is the next page's
// LotQuery.After, as the store returned it. A reader with only its order
// set starts at the beginning with a page of firstPage.
type lotReader struct {
	order LotOrder
	after Lot   // the last lot read; the next page starts after it
	page  []Lot // the current page
	pos   int   // the next lot of page to hand out
	limit int   // the size of the next page; 0 before the first
	end   bool  // the store has no lots after page
}

// release forgets what r read, if anything.
func (r *lotReader) release() {
	if r.limit != 0 {
		*r = lotReader{}
	}
}

// inconsistent returns an error wrapping ErrInconsistentStore.
func (w *work) inconsistent(format string, args ...any) error {
	return fmt.Errorf("%w: member %q of program %q: %s", ErrInconsistentStore, w.key.Member, w.key.Program,
		fmt.Sprintf(format, args...))
}

// peek returns r's next lot without handing it out, nil at the end. It
// checks that each page is what was asked for: at most the limit, in
// order after the last lot, open, and in the order's bucket.
func (w *work) peek(r *lotReader) (*Lot, error) {
	for r.pos == len(r.page) {
		if r.end || w.st.Version == 0 {
			return nil, nil
		}
		if r.limit == 0 {
			r.limit = firstPage
		}
		q := LotQuery{Version: w.st.Version, Order: r.order, After: r.after, Limit: r.limit}
		page, err := w.store.Lots(w.ctx, w.key, q)
		if err != nil {
			return nil, err
		}
		if len(page) > q.Limit {
			return nil, w.inconsistent("%d lots for a page of %d", len(page), q.Limit)
		}
		prev := &q.After
		for i := range page {
			l := &page[i]
			if (prev.ID != 0 && r.order.Compare(*prev, *l) >= 0) || l.Remaining.Sign() <= 0 ||
				(r.order == AvailableByExpiry && l.Pending) || (r.order == PendingByActivation && !l.Pending) {
				return nil, w.inconsistent("lot %d out of place in %s", l.ID, r.order)
			}
			prev = l
		}
		r.page, r.pos, r.end = page, 0, len(page) < q.Limit
		if len(page) > 0 {
			r.after = page[len(page)-1]
		}
		r.limit = min(2*r.limit, maxPage)
	}
	return &r.page[r.pos], nil
}

// touch records lot (read from a page, not yet changed) as changed and
// returns its index in w.upd, where the caller changes it.
func (w *work) touch(lot *Lot) int {
	w.upd = append(w.upd, *lot)
	return len(w.upd) - 1
}

// touched returns the index in w.upd of the lot with the given ID, -1 if
// it has not been changed.
func (w *work) touched(id uint64) int {
	return slices.IndexFunc(w.upd, func(l Lot) bool { return l.ID == id })
}

// settleDue reports whether a lot of a member with head h activates or
// expires by at.
func settleDue(h *Head, at time.Time) bool {
	return !h.NextEvent.IsZero() && !at.Before(h.NextEvent)
}

// settle activates the lots whose lock period is over and expires the
// unspent remainder of the lots whose lifetime is over, at w.at. It reads
// the due lots and one more in each order, to learn the next event.
func (w *work) settle() error {
	if !settleDue(&w.head, w.at) {
		return nil
	}
	var next time.Time
	for {
		lot, err := w.peek(&w.pendRd)
		if err != nil {
			return err
		}
		if lot == nil {
			break
		}
		if w.at.Before(lot.AvailableAt) {
			next = lot.AvailableAt
			break
		}
		w.pendRd.pos++
		i := w.touch(lot)
		l := &w.upd[i]
		rem := minor(l.Remaining)
		l.Pending = false
		w.pend, w.avail = w.pend-rem, w.avail+rem
		w.entries = append(w.entries, Entry{Kind: EntryActivate, Tx: l.Tx, Lot: l.ID, Rule: l.Rule,
			Available: l.Remaining, Pending: l.Remaining.Neg(), At: w.at})
		if expired(l, w.at) {
			w.expire(i)
		} else {
			w.activated = append(w.activated, i)
		}
	}
	for {
		lot, err := w.peek(&w.availRd)
		if err != nil {
			return err
		}
		if lot == nil {
			break
		}
		if !expired(lot, w.at) {
			next = earliest(next, lot.ExpiresAt)
			break
		}
		w.availRd.pos++
		w.expire(w.touch(lot))
	}
	slices.SortFunc(w.activated, func(a, b int) int { return AvailableByExpiry.Compare(w.upd[a], w.upd[b]) })
	if len(w.activated) > 0 {
		next = earliest(next, w.upd[w.activated[0]].ExpiresAt)
	}
	w.head.NextEvent = next
	return nil
}

// expired reports whether l's lifetime is over at at.
func expired(l *Lot, at time.Time) bool {
	return !l.ExpiresAt.IsZero() && !at.Before(l.ExpiresAt)
}

// expire removes the remainder of the changed lot w.upd[i].
func (w *work) expire(i int) {
	l := &w.upd[i]
	rem := minor(l.Remaining)
	e := Entry{Kind: EntryExpire, Tx: l.Tx, Lot: l.ID, Rule: l.Rule, At: w.at}
	e.setAmount(w.cur, l.Remaining.Neg(), l.Pending)
	if l.Pending {
		w.pend -= rem
	} else {
		w.avail -= rem
	}
	l.Remaining = pricing.Zero(w.cur)
	w.entries = append(w.entries, e)
}

// lotEvent returns the next instant at which lot changes by itself.
func lotEvent(l *Lot) time.Time {
	if l.Pending {
		return l.AvailableAt
	}
	return l.ExpiresAt
}

// earliest returns the earlier of two instants, zero meaning "none".
func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}

// addLot creates a lot of amt (positive, whole minor units, at most
// maxMinor) and its entry.
func (w *work) addLot(kind EntryKind, tx, rule string, amt pricing.Money, lock, lifetime time.Duration) {
	id := w.head.NextLot + 1
	w.head.NextLot = id
	lot := Lot{ID: id, Tx: tx, Rule: rule, Amount: amt, Remaining: amt, AvailableAt: w.at}
	if lock > 0 {
		lot.Pending = true
		lot.AvailableAt = w.at.Add(lock)
	}
	if lifetime > 0 {
		lot.ExpiresAt = lot.AvailableAt.Add(lifetime)
	}
	e := Entry{Kind: kind, Tx: tx, Lot: id, Rule: rule, At: w.at}
	e.setAmount(w.cur, amt, lot.Pending)
	if lot.Pending {
		w.pend += minor(amt)
	} else {
		w.avail += minor(amt)
	}
	w.add = append(w.add, lot)
	w.entries = append(w.entries, e)
	w.head.NextEvent = earliest(w.head.NextEvent, lotEvent(&lot))
}

// overflows reports whether adding amt to the member's balance could
// overflow.
func (w *work) overflows(amt int64) bool {
	return w.avail+w.pend > 1<<62-amt
}

// spend takes amt from the available lots in AvailableByExpiry order, one
// entry per lot, merging the lots settle just activated with those read
// from the store. The caller has checked that amt does not exceed
// w.avail; lots that do not cover it are ErrInconsistentStore.
func (w *work) spend(kind EntryKind, tx, rule string, amt int64) error {
	left, next := amt, 0 // next: the next index in w.activated
	for left > 0 {
		stored, err := w.peek(&w.availRd)
		if err != nil {
			return err
		}
		var i int
		switch {
		case next < len(w.activated) && (stored == nil || AvailableByExpiry.Compare(w.upd[w.activated[next]], *stored) < 0):
			i = w.activated[next]
			next++
		case stored != nil:
			w.availRd.pos++
			i = w.touch(stored)
		default:
			return w.inconsistent("available lots hold less than the available balance")
		}
		l := &w.upd[i]
		rem := minor(l.Remaining)
		take := min(rem, left)
		l.Remaining = w.money(rem - take)
		left -= take
		w.avail -= take
		w.entries = append(w.entries, Entry{Kind: kind, Tx: tx, Lot: l.ID, Rule: rule,
			Available: w.money(-take), Pending: pricing.Zero(w.cur), At: w.at})
	}
	return nil
}

// reverse takes up to amt back from the open lots created by the accrual
// orig, in lot order, and returns what it took. It reads only those lots.
func (w *work) reverse(tx string, orig *TxRecord, amt int64) (int64, error) {
	if orig.FirstLot == 0 || orig.LastLot < orig.FirstLot {
		return 0, nil
	}
	r := lotReader{order: ByID, after: Lot{ID: orig.FirstLot - 1}, limit: int(min(orig.LastLot-orig.FirstLot+1, maxPage))}
	left := amt
	for left > 0 {
		lot, err := w.peek(&r)
		if err != nil {
			return 0, err
		}
		if lot == nil || lot.ID > orig.LastLot {
			break
		}
		r.pos++
		if lot.Tx != orig.ID {
			return 0, w.inconsistent("lot %d of transaction %q, not %q", lot.ID, lot.Tx, orig.ID)
		}
		i := w.touched(lot.ID) // settle may have activated or expired it
		if i < 0 {
			i = w.touch(lot)
		}
		l := &w.upd[i]
		rem := minor(l.Remaining)
		if rem == 0 {
			continue
		}
		take := min(rem, left)
		l.Remaining = w.money(rem - take)
		left -= take
		e := Entry{Kind: EntryReverse, Tx: tx, Lot: l.ID, Rule: l.Rule, At: w.at}
		e.setAmount(w.cur, w.money(-take), l.Pending)
		if l.Pending {
			w.pend -= take
		} else {
			w.avail -= take
		}
		w.entries = append(w.entries, e)
	}
	return amt - left, nil
}

// balanceMoney returns v as Money, reusing old when it holds v already.
func (w *work) balanceMoney(old pricing.Money, v int64) pricing.Money {
	if old.Currency() == w.cur && minor(old) == v {
		return old
	}
	return w.money(v)
}

// commit returns the Commit holding every change: the new head, the lots
// added and only the lots changed.
func (w *work) commit() (Commit, error) {
	if w.avail < 0 || w.pend < 0 {
		return Commit{}, w.inconsistent("lots hold more than the balance")
	}
	h := w.head
	h.Available, h.Pending = w.balanceMoney(w.st.Available, w.avail), w.balanceMoney(w.st.Pending, w.pend)
	h.Entries = w.st.Entries + int64(len(w.entries))
	c := Commit{Key: w.key, Version: w.st.Version, Head: h, AddLots: w.add,
		Append: w.entries, Records: w.records, Promo: w.promo, Purchase: w.purchase}
	if len(w.upd) > 0 {
		slices.SortFunc(w.upd, ByID.Compare)
		c.UpdateLots = w.upd
	}
	return c, nil
}
