package loyalty

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/tariffkit/tariff/pricing"
)

// work is one attempt at a ledger operation: the loaded state and the
// changes made to it so far, turned into a Commit at the end. Amounts are
// kept in minor units; every amount the ledger stores is a whole number
// of them.
type work struct {
	key     Key
	at      time.Time
	cur     pricing.Currency
	st      State
	head    Head
	avail   int64
	pend    int64
	lots    []Lot // st.Lots until owned, then a private copy
	loaded  bool  // the lots were loaded (see LedgerStore.Load)
	owned   bool
	dirty   []int // indices of changed lots
	add     []Lot
	entries []Entry
	records []TxRecord
	promo   *PromoClaim

	ids [2]string // the transaction IDs to load

	// Room for the common case, so that an accrual allocates nothing here.
	addBuf [1]Lot
	entBuf [2]Entry
	recBuf [2]TxRecord
}

// workPool recycles work values: a Store does not retain a Commit's
// slices (see LedgerStore.Commit), so they can be reused.
var workPool = sync.Pool{New: func() any { return new(work) }}

func (w *work) init(p *Program, k Key, st State, loaded bool, at time.Time) {
	w.key, w.at, w.cur, w.st, w.head, w.lots, w.loaded = k, at, p.spec.Currency, st, st.Head, st.Lots, loaded
	w.avail, w.pend = minor(st.Available), minor(st.Pending)
	w.owned, w.promo = false, nil
	w.dirty = w.dirty[:0]
	w.add, w.entries, w.records = w.add[:0], w.entries[:0], w.records[:0]
	if w.add == nil {
		w.add, w.entries, w.records = w.addBuf[:0], w.entBuf[:0], w.recBuf[:0]
	}
}

// release drops w's references to caller and store data and returns it to
// the pool. Slices that grew beyond the built-in buffers are let go.
func (w *work) release() {
	w.st, w.head, w.lots, w.promo, w.ids = State{}, Head{}, nil, nil, [2]string{}
	if cap(w.add) > len(w.addBuf) || cap(w.entries) > len(w.entBuf) || cap(w.records) > len(w.recBuf) || cap(w.dirty) > 16 {
		*w = work{}
	}
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

// needLots panics unless the lots were loaded: working on lots that
// were not would lose track of bonus.
func (w *work) needLots() {
	if !w.loaded {
		panic("loyalty: internal error: lots used but not loaded")
	}
}

// touch makes lot i writable and marks it changed.
func (w *work) touch(i int) *Lot {
	if !w.owned {
		w.lots = slices.Clone(w.lots)
		w.owned = true
	}
	if !slices.Contains(w.dirty, i) {
		w.dirty = append(w.dirty, i)
	}
	return &w.lots[i]
}

// settleDue reports whether a lot of a member with head h activates or
// expires by at.
func settleDue(h *Head, at time.Time) bool {
	return !h.NextEvent.IsZero() && !at.Before(h.NextEvent)
}

// settle activates the lots whose lock period is over and expires the
// unspent remainder of the lots whose lifetime is over, at w.at.
func (w *work) settle() {
	if !settleDue(&w.head, w.at) {
		return
	}
	w.needLots()
	var next time.Time
	for i := range w.lots {
		lot := w.lots[i]
		rem := minor(lot.Remaining)
		if rem == 0 {
			continue
		}
		if lot.Pending && !w.at.Before(lot.AvailableAt) {
			l := w.touch(i)
			l.Pending = false
			w.pend, w.avail = w.pend-rem, w.avail+rem
			w.entries = append(w.entries, Entry{Kind: EntryActivate, Tx: lot.Tx, Lot: lot.ID, Rule: lot.Rule,
				Available: lot.Remaining, Pending: lot.Remaining.Neg(), At: w.at})
			lot = *l
		}
		if !lot.ExpiresAt.IsZero() && !w.at.Before(lot.ExpiresAt) {
			l := w.touch(i)
			l.Remaining = pricing.Zero(w.cur)
			e := Entry{Kind: EntryExpire, Tx: lot.Tx, Lot: lot.ID, Rule: lot.Rule, At: w.at}
			e.setAmount(w.cur, lot.Remaining.Neg(), lot.Pending)
			if lot.Pending { // only if a host's lot has ExpiresAt before AvailableAt
				w.pend -= rem
			} else {
				w.avail -= rem
			}
			w.entries = append(w.entries, e)
			continue
		}
		next = earliest(next, lotEvent(&lot))
	}
	w.head.NextEvent = next
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

// spend takes amt from the available lots, the earliest-expiring first
// (never-expiring last, then by lot ID), one entry per lot. The caller has
// checked that amt does not exceed w.avail.
func (w *work) spend(kind EntryKind, tx, rule string, amt int64) {
	w.needLots()
	order := make([]int, 0, len(w.lots))
	for i := range w.lots {
		if !w.lots[i].Pending && w.lots[i].Remaining.Sign() > 0 {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		la, lb := &w.lots[a], &w.lots[b]
		switch ea, eb := la.ExpiresAt, lb.ExpiresAt; {
		case ea.IsZero() && !eb.IsZero():
			return 1
		case !ea.IsZero() && eb.IsZero():
			return -1
		case !ea.Equal(eb):
			return ea.Compare(eb)
		}
		return cmp.Compare(la.ID, lb.ID)
	})
	left := amt
	for _, i := range order {
		if left == 0 {
			break
		}
		rem := minor(w.lots[i].Remaining)
		take := min(rem, left)
		l := w.touch(i)
		l.Remaining = w.money(rem - take)
		left -= take
		w.avail -= take
		w.entries = append(w.entries, Entry{Kind: kind, Tx: tx, Lot: l.ID, Rule: rule,
			Available: w.money(-take), Pending: pricing.Zero(w.cur), At: w.at})
	}
}

// reverse takes up to amt back from the open lots created by transaction
// orig, in lot order, and returns what it took.
func (w *work) reverse(tx, orig string, amt int64) int64 {
	w.needLots()
	left := amt
	for i := range w.lots {
		if left == 0 {
			break
		}
		rem := minor(w.lots[i].Remaining)
		if w.lots[i].Tx != orig || rem == 0 {
			continue
		}
		take := min(rem, left)
		l := w.touch(i)
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
	return amt - left
}

// balanceMoney returns v as Money, reusing old when it holds v already.
func (w *work) balanceMoney(old pricing.Money, v int64) pricing.Money {
	if old.Currency() == w.cur && minor(old) == v {
		return old
	}
	return w.money(v)
}

// commit returns the Commit holding every change.
func (w *work) commit() Commit {
	h := w.head
	h.Available, h.Pending = w.balanceMoney(w.st.Available, w.avail), w.balanceMoney(w.st.Pending, w.pend)
	c := Commit{Key: w.key, Version: w.st.Version, Head: h, AddLots: w.add,
		Append: w.entries, Records: w.records, Promo: w.promo}
	if len(w.dirty) > 0 {
		c.UpdateLots = make([]Lot, len(w.dirty))
		slices.Sort(w.dirty)
		for j, i := range w.dirty {
			c.UpdateLots[j] = w.lots[i]
		}
	}
	return c
}
