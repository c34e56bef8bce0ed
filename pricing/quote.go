package pricing

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
)

// ErrInvalidQuote is returned for a quote request without a price book or
// resolver, or with an account history that is empty or not in ascending
// order of From.
var ErrInvalidQuote = errors.New("pricing: invalid quote request")

// Quote is what an account owes for a period: line items, each rounded once
// to its currency's minor unit, and per currency the exact sum of the
// rounded lines.
type Quote struct {
	Period Period
	Lines  []Line
	Totals []Money // one per currency, in order of first appearance
}

// Total returns the total in currency c, zero when no line is in c.
func (q Quote) Total(c Currency) Money {
	for _, t := range q.Totals {
		if t.currency == c {
			return t
		}
	}
	return Zero(c)
}

// Segment is one version of an account: the account as it stood from From
// until the next segment's From. A zero From means "since before the
// period"; a non-zero From on the first segment is the account's
// activation.
type Segment struct {
	From    time.Time
	Account entitlement.Account
}

// NewQuote quotes account acct for period p with its usage: QuoteHistory
// with the single segment {Account: acct}, for an account whose main product
// did not change during p. book is a validated Book (NewBook, DecodeBook),
// built once and shared by every quote.
func NewQuote(book *Book, r *entitlement.Resolver, acct entitlement.Account, p Period, usage []UsageRecord, opts ...QuoteOption) (Quote, error) {
	return QuoteHistory(book, r, []Segment{{Account: acct}}, p, usage, opts...)
}

// QuoteHistory quotes an account for period p from its history: the
// versions of the account in force during p, in ascending order of From.
// A main-product change in the middle of the period is a new segment (the
// account ChangeMain returned, from the instant of the change); add-on
// changes need none, since assignments carry their own From and Until.
//
// The lines, in this order:
//
//   - Recurring charges of the main product of each segment and of every
//     add-on assignment active during the period, each prorated by the
//     whole days of the period it is active (see Period and Prorate) and
//     multiplied by the assignment's quantity. The same product over
//     consecutive segments is one line.
//   - One-time charges of every assignment whose From falls in the period,
//     of the main product at activation (a first segment with a From in the
//     period) and of a new main product at a change.
//   - Usage: the records in p, totalled per meter, are rated (see Rate)
//     against the configuration in force at the end of the period, by the
//     usage charge of that meter of the highest-precedence product then
//     assigned (an add-on's rate replaces the main product's). Every usage
//     charge in force gets a line, at zero usage too, and a true-up line
//     when usage does not reach its minimum commitment.
//   - Volume discounts: after each line of the above that a discount entry
//     reduces, a negative line (see Line.Discount). The entries are those
//     of the discount plans of the products assigned at the end of the
//     period, the configuration usage is rated against (see Book.Discount
//     and the package documentation, section "Volume discounts").
//
// Billing derives from the same assignments provisioning resolves: every
// product assigned during the period has its charges on the quote, and no
// other product has any. An assigned product with no charge that the book
// does not list as free is an *UnpricedError; a usage record no charge
// rates, ErrUnratedUsage; a recurring charge billed on another period than
// p, ErrPeriodMismatch. Resolution errors (a configuration that does not
// resolve) are returned as they are.
//
// A quote states what the period costs given its history, as an invoice
// in arrears does. A host that invoiced the period in advance bills a
// mid-cycle change with ProrateChange instead; both prorate with Prorate,
// so the figures agree.
func QuoteHistory(book *Book, r *entitlement.Resolver, history []Segment, p Period, usage []UsageRecord, opts ...QuoteOption) (Quote, error) {
	if book == nil || r == nil {
		return Quote{}, fmt.Errorf("%w: no price book or resolver", ErrInvalidQuote)
	}
	if len(history) == 0 {
		return Quote{}, fmt.Errorf("%w: empty account history", ErrInvalidQuote)
	}
	for i := 1; i < len(history); i++ {
		if !history[i].From.After(history[i-1].From) {
			return Quote{}, fmt.Errorf("%w: segment %d does not start after segment %d", ErrInvalidQuote, i, i-1)
		}
	}
	if err := p.Validate(); err != nil {
		return Quote{}, err
	}
	o := newOptions(opts)
	if o.cat == nil {
		o.cat = r.Catalog()
	}
	q := newQuoter(o, book, p)

	n := 0 // every version's main product and add-ons: at most one span and one event each
	for i := range history {
		n += 1 + len(history[i].Account.AddOns)
	}
	c := collector{spans: make([]span, 0, n), events: make([]event, 0, n)}
	var endCfg entitlement.Config
	for i := range history {
		seg := &history[i]
		start, end := p.Start, p.End
		if seg.From.After(start) {
			start = seg.From
		}
		if i+1 < len(history) && history[i+1].From.Before(end) {
			end = history[i+1].From
		}
		if !start.Before(end) {
			continue
		}
		at := start
		if end.Equal(p.End) {
			at = p.End.Add(-time.Nanosecond) // the configuration usage is rated against
		}
		cfg, err := r.Resolve(seg.Account, at)
		if err != nil {
			return Quote{}, err
		}
		if end.Equal(p.End) {
			endCfg = cfg
		}
		newMain := (i == 0 && !seg.From.IsZero() && !seg.From.Before(p.Start)) ||
			(i > 0 && seg.Account.Main != history[i-1].Account.Main)
		c.collect(&seg.Account, start, end, newMain)
	}

	lines := make([]Line, 0, len(c.spans)+len(c.events)+8) // room for usage, true-up and discount lines
	lines, err := q.spanLines(lines, c.spans, false)
	if err != nil {
		return Quote{}, err
	}
	if lines, err = q.eventLines(lines, c.events); err != nil {
		return Quote{}, err
	}
	if lines, err = q.usageLines(lines, endCfg, usage); err != nil {
		return Quote{}, err
	}
	if len(book.def.Discounts) > 0 {
		lines = q.discountLines(lines, assignedProducts(endCfg))
	}
	return Quote{Period: p, Lines: lines, Totals: totals(lines)}, nil
}

// span is a product active over [from, until) within the period: the main
// product of a segment (asg zero) or an add-on assignment.
type span struct {
	product     string
	main        bool
	qty         int
	asg         entitlement.Assignment
	from, until time.Time
}

func (s *span) sameKey(o *span) bool {
	return s.product == o.product && s.main == o.main && s.qty == o.qty &&
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
}

// collect adds the spans and events of account a over [start, end).
// newMain says the main product starts at start.
func (c *collector) collect(a *entitlement.Account, start, end time.Time, newMain bool) {
	c.add(span{product: a.Main, main: true, qty: 1, from: start, until: end})
	if newMain {
		c.events = append(c.events, event{product: a.Main, qty: 1, at: start})
	}
	for _, asg := range a.AddOns {
		from, until := start, end
		if asg.From.After(from) {
			from = asg.From
		}
		if !asg.Until.IsZero() && asg.Until.Before(until) {
			until = asg.Until
		}
		if from.Before(until) {
			c.add(span{product: asg.AddOn, qty: asg.Qty(), asg: asg, from: from, until: until})
		}
		if !asg.From.IsZero() && !asg.From.Before(start) && asg.From.Before(end) {
			c.events = append(c.events, event{product: asg.AddOn, qty: asg.Qty(), at: asg.From})
		}
	}
}

// add appends s, or extends the span of the same product and assignment
// that ends where s starts.
func (c *collector) add(s span) {
	for i := len(c.spans) - 1; i >= 0; i-- {
		if o := &c.spans[i]; o.until.Equal(s.from) && o.sameKey(&s) {
			o.until = s.until
			return
		}
	}
	c.spans = append(c.spans, s)
}

// spanLines appends the recurring lines of spans (credits when credit is
// set), checking that every product is priced or free.
func (q *quoter) spanLines(lines []Line, spans []span, credit bool) ([]Line, error) {
	slices.SortStableFunc(spans, compareSpans)
	prefix := ""
	if credit {
		prefix = "Credit for unused "
	}
	for i := range spans {
		s := &spans[i]
		idx := q.book.byProduct[s.product]
		for _, j := range idx {
			ch := &q.book.def.Charges[j]
			if ch.Kind != ChargeRecurring {
				continue
			}
			l, err := q.recurring(*ch, s.qty, s.from, s.until, prefix)
			if err != nil {
				return nil, err
			}
			if credit {
				l.Amount = l.Amount.Neg()
			}
			lines = append(lines, l)
		}
		if len(idx) == 0 && !q.book.free[s.product] {
			return nil, &UnpricedError{Product: s.product}
		}
	}
	return lines, nil
}

func compareSpans(a, b span) int {
	if a.main != b.main {
		if a.main {
			return -1
		}
		return 1
	}
	return cmp.Or(a.from.Compare(b.from), cmp.Compare(a.product, b.product), cmp.Compare(a.qty, b.qty), a.until.Compare(b.until))
}

// eventLines appends the one-time lines of events.
func (q *quoter) eventLines(lines []Line, events []event) ([]Line, error) {
	slices.SortStableFunc(events, func(a, b event) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.product, b.product), cmp.Compare(a.qty, b.qty))
	})
	for _, e := range events {
		for _, j := range q.book.byProduct[e.product] {
			ch := &q.book.def.Charges[j]
			if ch.Kind != ChargeOneTime {
				continue
			}
			l, err := q.oneTime(*ch, e.qty, e.at)
			if err != nil {
				return nil, err
			}
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// usageLines rates usage against cfg, the configuration at the end of the
// period, by the usage charges of its products.
func (q *quoter) usageLines(lines []Line, cfg entitlement.Config, usage []UsageRecord) ([]Line, error) {
	meters, err := sumUsage(usage, q.p)
	if err != nil {
		return nil, err
	}
	var chosen []int // indexes of usage charges, one per meter
	for _, layer := range cfg.Layers() {
		if layer.Kind != entitlement.LayerMain && layer.Kind != entitlement.LayerAddOn {
			continue
		}
		for _, j := range q.book.byProduct[layer.Product] {
			ch := &q.book.def.Charges[j]
			if ch.Kind != ChargeUsage {
				continue
			}
			k := slices.IndexFunc(chosen, func(c int) bool { return q.book.def.Charges[c].Meter == ch.Meter })
			if k < 0 {
				chosen = append(chosen, j)
			} else {
				chosen[k] = j // a higher-precedence product's rate replaces a lower one's
			}
		}
	}
	for _, j := range chosen {
		ch := &q.book.def.Charges[j]
		used := decimal.Zero
		for k := range meters {
			if meters[k].meter == ch.Meter {
				used, meters[k].rated = meters[k].total(), true
			}
		}
		if lines, err = q.rate(lines, ch, q.book.full[j], cfg, used); err != nil {
			return nil, err
		}
	}
	for _, m := range meters {
		if !m.rated {
			return nil, fmt.Errorf("%w: meter %q (record %q)", ErrUnratedUsage, m.meter, m.first)
		}
	}
	return lines, nil
}

// totals sums lines per currency, in order of first appearance. Lines are
// rounded, so the sum runs in minor units without a decimal per line.
func totals(lines []Line) []Money {
	type acc struct {
		c     Currency
		units int64
		big   Money // the exact sum once units would overflow or a line is not in minor units
		slow  bool
	}
	var accs [2]acc
	all := accs[:0]
	for i := range lines {
		a := lines[i].Amount
		k := 0
		for k < len(all) && all[k].c != a.currency {
			k++
		}
		if k == len(all) {
			all = append(all, acc{c: a.currency})
		}
		s := &all[k]
		if !s.slow {
			if u, ok := a.MinorUnits(); ok && u < 1<<61 && u > -(1<<61) && s.units < 1<<61 && s.units > -(1<<61) {
				s.units += u
				continue
			}
			s.slow, s.big = true, FromMinor(s.units, s.c)
		}
		s.big.amount = s.big.amount.Add(a.amount)
	}
	out := make([]Money, len(all))
	for i, s := range all {
		if s.slow {
			out[i] = s.big
		} else {
			out[i] = FromMinor(s.units, s.c)
		}
	}
	return out
}
