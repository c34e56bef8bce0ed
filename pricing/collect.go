package pricing

import (
	"time"

	"github.com/tariffkit/tariff/entitlement"
)

// span is a product active over [from, until) within the period: a main
// product (asg zero) or an add-on assignment.
type span struct {
	product     string
	main        bool
	qty         int
	asg         entitlement.Assignment
	dup         int // identical assignments the version lists before asg
	from, until time.Time
}

func (s *span) sameKey(o *span) bool {
	return s.product == o.product && s.main == o.main && s.qty == o.qty && s.dup == o.dup &&
		s.asg.Quantity == o.asg.Quantity && s.asg.From.Equal(o.asg.From) && s.asg.Until.Equal(o.asg.Until)
}

// event is a product assigned at an instant: the occasion of its one-time
// charges.
type event struct {
	product string
	qty     int
	at      time.Time
}

// collector gathers the spans and events of an account's history.
type collector struct {
	spans  []span
	events []event
	open   map[spanKey]int // an add-on assignment's span → its index in spans, to extend it
	multi  bool            // adding the spans of a later version of the account
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
	for k := range tl.pieces {
		pc := &tl.pieces[k]
		if pc.main == "" {
			continue
		}
		if k > 0 && tl.pieces[k-1].main == pc.main && tl.pieces[k-1].until.Equal(pc.from) {
			c.spans[len(c.spans)-1].until = pc.until // the piece before is this main product's
			continue
		}
		c.spans = append(c.spans, span{product: pc.main, main: true, qty: 1, from: pc.from, until: pc.until})
		if tl.mainBefore(k, firstFrom) != pc.main {
			c.events = append(c.events, event{product: pc.main, qty: 1, at: pc.from})
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
	var seen map[spanKey]int // with several versions: identical assignments met so far
	if tl.pieces[0].acct != tl.pieces[len(tl.pieces)-1].acct {
		seen = make(map[spanKey]int)
	}
	for _, asg := range a.AddOns {
		dup := 0
		if seen != nil {
			probe := span{product: asg.AddOn, asg: asg}
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
		if from.Before(until) {
			c.add(span{product: asg.AddOn, qty: asg.Qty(), asg: asg, dup: dup, from: from, until: until})
		}
		if !asg.From.IsZero() && !asg.From.Before(start) && asg.From.Before(end) {
			c.events = append(c.events, event{product: asg.AddOn, qty: asg.Qty(), at: asg.From})
		}
	}
}

// add appends s, or extends the span of the same assignment that ends
// where s starts.
func (c *collector) add(s span) {
	if !c.multi {
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
	if i, ok := c.open[key]; ok && c.spans[i].until.Equal(s.from) {
		c.spans[i].until = s.until
		return
	}
	c.open[key] = len(c.spans)
	c.spans = append(c.spans, s)
}
