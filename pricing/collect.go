package pricing

import (
	"time"

	"github.com/tariffkit/tariff/entitlement"
)

// span is a product active over [from, until) within the period, priced
// by one book: a main product (asg zero) or an add-on assignment (across
// versions, its whole purchase).
type span struct {
	product     string
	main        bool
	qty         int
	asg         entitlement.Assignment
	dup         int // identical assignments the version lists before asg
	book        *Book
	from, until time.Time
}

func (s *span) sameKey(o *span) bool {
	return s.product == o.product && s.main == o.main && s.qty == o.qty && s.dup == o.dup && s.book == o.book &&
		s.asg.Quantity == o.asg.Quantity && s.asg.From.Equal(o.asg.From) && s.asg.Until.Equal(o.asg.Until)
}

// event is a product assigned at an instant: the occasion of its one-time
// charges, priced by book.
type event struct {
	product string
	qty     int
	at      time.Time
	book    *Book
}

// collector gathers the spans and events of an account's history.
type collector struct {
	spans  []span
	events []event
	open   map[spanKey]int // an add-on assignment's span → its index in spans, to extend it
	multi  bool            // adding the spans of a later version of the account
	t      terms           // across versions, a purchase's spans are joined while the same recurring charges price them
}

// spanKey identifies an add-on assignment across versions of the account:
// its terms, and how many identical assignments the version lists before
// it (each is a purchase of its own).
type spanKey struct {
	product           string
	qty               int
	fromSec, untilSec int64
	fromNs, untilNs   int
	dup               int
}

func keyOf(s *span) spanKey {
	return spanKey{product: s.product, qty: s.asg.Quantity,
		fromSec: s.asg.From.Unix(), fromNs: s.asg.From.Nanosecond(),
		untilSec: s.asg.Until.Unix(), untilNs: s.asg.Until.Nanosecond(), dup: s.dup}
}

// collect gathers the spans and events of the timeline's pieces. A main
// product's span runs while it stays in force; its one-time charges fall
// due when it takes over from another main product or at the account's
// activation. firstFrom is the first segment's From: a non-zero one in the
// period is the account's activation, as a first version of the account
// describes it.
func (c *collector) collect(tl *timeline, firstFrom time.Time) {
	n := 0
	for k := range tl.pieces {
		if k == 0 || tl.pieces[k].acct != tl.pieces[k-1].acct {
			n += 1 + len(tl.pieces[k].acct.AddOns)
		}
	}
	c.spans, c.events = make([]span, 0, n), make([]event, 0, n)
	c.t = tl.t
	for k := range tl.pieces {
		pc := &tl.pieces[k]
		if pc.main == "" {
			continue
		}
		// Pieces are cut wherever a holding's book may change, so one book
		// prices the main product over the piece.
		book, _, _ := tl.t.mainPrice(pc.acct, pc.from, pc.from)
		if k > 0 && tl.pieces[k-1].main == pc.main && tl.pieces[k-1].until.Equal(pc.from) && tl.t.sameRecurring(c.spans[len(c.spans)-1].book, book, pc.main) {
			c.spans[len(c.spans)-1].until = pc.until // the piece before is this main product's
			continue
		}
		c.spans = append(c.spans, span{product: pc.main, main: true, qty: 1, book: book, from: pc.from, until: pc.until})
		if tl.mainBefore(k, firstFrom) != pc.main {
			c.events = append(c.events, event{product: pc.main, qty: 1, at: pc.from, book: book})
		}
	}
	for k := range tl.pieces {
		if k > 0 && tl.pieces[k].acct == tl.pieces[k-1].acct {
			continue
		}
		c.multi = k > 0 // a later version may continue the spans of an earlier one
		c.addOns(tl, k)
	}
}

// mainBefore returns the main product in force just before piece k: the
// previous piece's when it ends where k starts, else the account's ("" before
// its activation, and before firstFrom when k starts there).
func (tl *timeline) mainBefore(k int, firstFrom time.Time) string {
	pc := &tl.pieces[k]
	if k > 0 && tl.pieces[k-1].until.Equal(pc.from) {
		return tl.pieces[k-1].main
	}
	if k == 0 && !firstFrom.IsZero() && pc.from.Equal(firstFrom) {
		return ""
	}
	m, _ := pc.acct.MainAt(pc.from.Add(-time.Nanosecond))
	return m
}

// addOns adds the spans and events of the add-ons of the account version
// whose pieces start at piece k, over those pieces while it is active.
func (c *collector) addOns(tl *timeline, k int) {
	a := tl.pieces[k].acct
	start, end := time.Time{}, time.Time{}
	for j := k; j < len(tl.pieces) && tl.pieces[j].acct == a; j++ {
		if tl.pieces[j].main == "" {
			continue
		}
		if start.IsZero() {
			start = tl.pieces[j].from
		}
		end = tl.pieces[j].until
	}
	if start.IsZero() {
		return // not active during this version
	}
	buys := tl.pieces[k].buys
	var seen map[spanKey]int // with several versions: identical assignments met so far
	if buys == nil && tl.pieces[0].acct != tl.pieces[len(tl.pieces)-1].acct {
		seen = make(map[spanKey]int)
	}
	for i := range a.AddOns {
		asg := &a.AddOns[i]
		whole, dup, continues := *asg, 0, false
		switch {
		case buys != nil:
			whole, dup, continues = buys[i].whole, buys[i].dup, buys[i].continues
		case seen != nil:
			probe := span{product: asg.AddOn, asg: *asg}
			key := keyOf(&probe)
			dup = seen[key]
			seen[key] = dup + 1
		}
		from, until := start, end
		if asg.From.After(from) {
			from = asg.From
		}
		if !asg.Until.IsZero() && asg.Until.Before(until) {
			until = asg.Until
		}
		for from.Before(until) {
			book, _, next := tl.t.addOnPrice(asg, from, until)
			c.add(span{product: asg.AddOn, qty: asg.Qty(), asg: whole, dup: dup, book: book, from: from, until: next})
			from = next
		}
		if !asg.From.IsZero() && !asg.From.Before(start) && asg.From.Before(end) && !continues {
			book, _, _ := tl.t.addOnPrice(asg, asg.From, asg.From)
			c.events = append(c.events, event{product: asg.AddOn, qty: asg.Qty(), at: asg.From, book: book})
		}
	}
}

// add appends s, or extends the span of the same assignment that ends
// where s starts.
func (c *collector) add(s span) {
	if !c.multi && c.t.vs == nil {
		c.spans = append(c.spans, s) // one version: every assignment has one span
		return
	}
	if c.open == nil {
		c.open = make(map[spanKey]int, len(c.spans))
		for i := range c.spans {
			if !c.spans[i].main {
				c.open[keyOf(&c.spans[i])] = i
			}
		}
	}
	key := keyOf(&s)
	if i, ok := c.open[key]; ok && c.spans[i].until.Equal(s.from) && c.t.sameRecurring(c.spans[i].book, s.book, s.product) {
		c.spans[i].until = s.until
		return
	}
	c.open[key] = len(c.spans)
	c.spans = append(c.spans, s)
}
