package pricing

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

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

// NewQuote quotes account acct for period p with its usage. The account's
// history says what was in force when: its main products (ChangeMain
// records each change) and its add-on assignments, each with its own From
// and Until; a quote of a month with a mid-period change needs nothing
// else. book is a validated Book (NewBook, DecodeBook), built once and
// shared by every quote. See QuoteHistory for the lines.
func NewQuote(book *Book, r *entitlement.Resolver, acct entitlement.Account, p Period, usage []UsageRecord, opts ...QuoteOption) (Quote, error) {
	return QuoteHistory(book, r, []Segment{{Account: acct}}, p, usage, opts...)
}

// QuoteHistory quotes an account for period p from versions of it, in
// ascending order of From: for a host that keeps a new version of the
// account when something without dates of its own changes (its facts, its
// feature settings). Each version counts from its From until the next
// one's, with its own main-product history and assignments; NewQuote is
// QuoteHistory with one version.
//
// The period is cut at every instant something changes (a version, a main
// product, an add-on's From or Until); what was in force on each stretch
// is billed for it. The lines, in this order:
//
//   - Recurring charges of each main product while in force and of every
//     add-on assignment active during the period, each prorated by the
//     whole days of the period it is active (see Period and Prorate) and
//     multiplied by the assignment's quantity. The same product over
//     consecutive stretches is one line.
//   - One-time charges of every assignment whose From falls in the period,
//     of the main product at the account's activation and of a new main
//     product at a change.
//   - Usage, each record rated at its own instant (see "Rating" in the
//     package documentation): by the usage charge for its meter of the
//     highest-precedence product in force then (an add-on's rate replaces
//     the main product's), against the allowances granted at that
//     instant. A charge in force over an unbroken stretch is one line, at
//     zero usage too, naming the records it rated and where its included
//     units came from; a true-up line follows when usage does not reach the
//     charge's minimum commitment.
//   - Volume discounts: after each line of the above that a discount entry
//     reduces, a negative line (see Line.Discount). The entries are those
//     of the discount plans of the products assigned at the end of the
//     period (see Book.Discount and the package documentation, section
//     "Volume discounts").
//
// Billing derives from the same assignments provisioning resolves: every
// product assigned during the period has its charges on the quote, and no
// other product has any. An assigned product with no charge that the book
// does not list as free is an *UnpricedError; a usage record no charge in
// force at its instant rates, an *UnratedError naming it; a recurring
// charge billed on another period than p, ErrPeriodMismatch; a reversed or
// empty period, ErrInvalidPeriod; a nil book or resolver, an empty history
// or versions out of order, ErrInvalidQuote (with ErrNoBook for a book
// not built by NewBook or DecodeBook). Resolution errors (a
// configuration that does not resolve where usage is rated or a usage
// charge's allowance is read, or at the end of the period) are returned as
// they are.
//
// A quote states what the period costs given its history, as an invoice
// in arrears does. A host that invoiced the recurring charges in advance
// bills a mid-cycle change with ProrateChange instead; both prorate with
// Prorate, so the figures agree. Usage is always billed in arrears.
func QuoteHistory(book *Book, r *entitlement.Resolver, history []Segment, p Period, usage []UsageRecord, opts ...QuoteOption) (Quote, error) {
	if !book.built() {
		return Quote{}, fmt.Errorf("%w: %w", ErrInvalidQuote, ErrNoBook)
	}
	if r == nil || r.Catalog() == nil {
		return Quote{}, fmt.Errorf("%w: no resolver with a catalog", ErrInvalidQuote)
	}
	if err := checkRequest(history, p, usage); err != nil {
		return Quote{}, err
	}
	o := newOptions(opts)
	if o.cat == nil {
		o.cat = r.Catalog()
	}
	rel := newRelevance(r.Catalog(), nil, book, nil, history)
	return quote(terms{book: book, r: r}, rel, book, history, p, usage, o)
}

// checkRequest refuses an empty history or one out of order
// (ErrInvalidQuote), an invalid period and invalid records.
func checkRequest(history []Segment, p Period, usage []UsageRecord) error {
	if len(history) == 0 {
		return fmt.Errorf("%w: empty account history", ErrInvalidQuote)
	}
	for i := 1; i < len(history); i++ {
		if !history[i].From.After(history[i-1].From) {
			return fmt.Errorf("%w: segment %d does not start after segment %d", ErrInvalidQuote, i, i-1)
		}
	}
	if err := p.Validate(); err != nil {
		return err
	}
	return checkRecords(usage)
}

// quote quotes history over p with usage: each holding priced by the book
// t names for it, each piece resolved as t resolves it. book is what the
// quoter starts with (a charge's currency when its price names none).
func quote(t terms, rel *relevance, book *Book, history []Segment, p Period, usage []UsageRecord, o quoteOptions) (Quote, error) {
	q := newQuoter(o, book, p)
	tl := newTimeline(t, history, p, rel.cuts)
	end := p.End.Add(-time.Nanosecond)
	var (
		endCfg  entitlement.Config
		endAcct *entitlement.Account
	)
	if n := len(tl.pieces); n > 0 && tl.pieces[n-1].main != "" {
		// The configuration at the end of the period; nothing usage rating
		// reads changes within a piece, so it serves the last piece too.
		last := &tl.pieces[n-1]
		cfg, err := t.resolve(last.acct, end)
		if err != nil {
			return Quote{}, err
		}
		endCfg, last.cfg, last.resolved, endAcct = cfg, cfg, true, last.acct
	}
	var c collector
	c.collect(&tl, history[0].From)

	lines := make([]Line, 0, len(c.spans)+len(c.events)+8) // room for usage, true-up and discount lines
	lines, err := q.spanLines(lines, c.spans, false)
	if err != nil {
		return Quote{}, err
	}
	if lines, err = q.eventLines(lines, c.events); err != nil {
		return Quote{}, err
	}
	if lines, err = q.usageLines(lines, &tl, rel, usage); err != nil {
		return Quote{}, err
	}
	if disc := t.discountBook(endAcct, end); disc != nil && len(disc.def.Discounts) > 0 && endCfg.Catalog() != nil {
		q.book = disc
		lines = q.discountLines(lines, assignedProducts(endCfg))
	}
	return Quote{Period: p, Lines: lines, Totals: totals(lines)}, nil
}

// spanLines appends the recurring lines of spans (credits when credit is
// set), checking that every product is priced or free.
func (q *quoter) spanLines(lines []Line, spans []span, credit bool) ([]Line, error) {
	var buf [32]*span
	order := buf[:0]
	for i := range spans {
		order = append(order, &spans[i])
	}
	slices.SortStableFunc(order, compareSpans)
	prefix := ""
	if credit {
		prefix = "Credit for unused "
	}
	for _, s := range order {
		idx := s.book.byProduct[s.product]
		for _, j := range idx {
			ch := &s.book.def.Charges[j]
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
		if len(idx) == 0 && !s.book.free[s.product] {
			return nil, &UnpricedError{Product: s.product}
		}
	}
	return lines, nil
}

func compareSpans(a, b *span) int {
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
		for _, j := range e.book.byProduct[e.product] {
			ch := &e.book.def.Charges[j]
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
