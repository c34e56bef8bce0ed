package loyalty

import (
	"cmp"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/pricing"
)

// work is one attempt at a ledger operation: the loaded state and the
// changes made to it so far, turned into a Commit at the end.
type work struct {
	key     Key
	at      time.Time
	cur     pricing.Currency
	st      State
	head    Head
	avail   decimal.Decimal
	pend    decimal.Decimal
	lots    []Lot // st.Lots until owned, then a private copy
	owned   bool
	dirty   []int // indices of changed lots
	add     []Lot
	entries []Entry
	records []TxRecord
	promo   *PromoClaim
}

func newWork(p *Program, k Key, st State, at time.Time) work {
	return work{
		key: k, at: at, cur: p.spec.Currency, st: st, head: st.Head,
		avail: st.Available.Amount(), pend: st.Pending.Amount(), lots: st.Lots,
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

func (w *work) money(d decimal.Decimal) pricing.Money { return pricing.NewMoney(d, w.cur) }

// settle activates the lots whose lock period is over and expires the
// unspent remainder of the lots whose lifetime is over, at w.at.
func (w *work) settle() {
	if w.head.NextEvent.IsZero() || w.at.Before(w.head.NextEvent) {
		return
	}
	var next time.Time
	for i := range w.lots {
		lot := w.lots[i]
		if lot.Remaining.Sign() == 0 {
			continue
		}
		rem := lot.Remaining.Amount()
		if lot.Pending && !w.at.Before(lot.AvailableAt) {
			l := w.touch(i)
			l.Pending = false
			w.pend, w.avail = w.pend.Sub(rem), w.avail.Add(rem)
			w.entries = append(w.entries, Entry{Kind: EntryActivate, Tx: lot.Tx, Lot: lot.ID, Rule: lot.Rule,
				Available: w.money(rem), Pending: w.money(rem.Neg()), At: w.at})
			lot = *l
		}
		if !lot.ExpiresAt.IsZero() && !w.at.Before(lot.ExpiresAt) {
			l := w.touch(i)
			l.Remaining = pricing.Zero(w.cur)
			e := Entry{Kind: EntryExpire, Tx: lot.Tx, Lot: lot.ID, Rule: lot.Rule, At: w.at}
			if lot.Pending { // unreachable while ExpiresAt >= AvailableAt; kept for safety
				w.pend = w.pend.Sub(rem)
				e.Available, e.Pending = pricing.Zero(w.cur), w.money(rem.Neg())
			} else {
				w.avail = w.avail.Sub(rem)
				e.Available, e.Pending = w.money(rem.Neg()), pricing.Zero(w.cur)
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

// addLot creates a lot and its entry.
func (w *work) addLot(kind EntryKind, tx, rule string, amt decimal.Decimal, lock, lifetime time.Duration) {
	id := w.head.NextLot + 1
	w.head.NextLot = id
	lot := Lot{ID: id, Tx: tx, Rule: rule, Amount: w.money(amt), Remaining: w.money(amt), AvailableAt: w.at}
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
		w.pend = w.pend.Add(amt)
	} else {
		w.avail = w.avail.Add(amt)
	}
	w.add = append(w.add, lot)
	w.entries = append(w.entries, e)
	w.head.NextEvent = earliest(w.head.NextEvent, lotEvent(&lot))
}

// spend takes amt from the available lots, the earliest-expiring first
// (never-expiring last, then by lot ID), one entry per lot. The caller has
// checked that amt does not exceed w.avail.
func (w *work) spend(kind EntryKind, tx, rule string, amt decimal.Decimal) {
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
		if left.Sign() == 0 {
			break
		}
		rem := w.lots[i].Remaining.Amount()
		take := decimal.Min(rem, left)
		l := w.touch(i)
		l.Remaining = w.money(rem.Sub(take))
		left = left.Sub(take)
		w.avail = w.avail.Sub(take)
		w.entries = append(w.entries, Entry{Kind: kind, Tx: tx, Lot: l.ID, Rule: rule,
			Available: w.money(take.Neg()), Pending: pricing.Zero(w.cur), At: w.at})
	}
}

// reverse takes up to amt back from the open lots created by transaction
// orig, in lot order, and returns what it took.
func (w *work) reverse(tx, orig string, amt decimal.Decimal) decimal.Decimal {
	left := amt
	for i := range w.lots {
		if left.Sign() == 0 {
			break
		}
		if w.lots[i].Tx != orig || w.lots[i].Remaining.Sign() == 0 {
			continue
		}
		rem := w.lots[i].Remaining.Amount()
		take := decimal.Min(rem, left)
		l := w.touch(i)
		l.Remaining = w.money(rem.Sub(take))
		left = left.Sub(take)
		e := Entry{Kind: EntryReverse, Tx: tx, Lot: l.ID, Rule: l.Rule, At: w.at}
		e.setAmount(w.cur, take.Neg(), l.Pending)
		if l.Pending {
			w.pend = w.pend.Sub(take)
		} else {
			w.avail = w.avail.Sub(take)
		}
		w.entries = append(w.entries, e)
	}
	return amt.Sub(left)
}

// commit returns the Commit holding every change.
func (w *work) commit() Commit {
	h := w.head
	h.Available, h.Pending = w.money(w.avail), w.money(w.pend)
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
