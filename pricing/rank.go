package pricing

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tariffkit/tariff/entitlement"
)

// Offer is an upgrade candidate with its price for the rest of the period:
// the one-click offer.
type Offer struct {
	Candidate entitlement.Candidate
	Lines     []Line // what the change adds to the period's bill (credits negative)
	Total     Money  // the sum of Lines
}

// RankUpgrades prices each upgrade candidate of account acct (as listed by
// entitlement's UpgradeCandidates or CheckQuota) from now to the end of
// period p, and returns them cheapest first; candidates of equal price keep
// their order.
//
// A candidate's price is what it changes in the period's recurring and
// one-time charges from now on, with the proration a quote uses (Prorate
// over whole days): for an add-on, its recurring charges from now (× its
// quantity) and its one-time charges; for a swap (entitlement.SwapAddOn),
// a credit for the unused part of the add-on it replaces (its recurring
// charges from now to the end of the period, or to the end of its
// assignment when that comes first, × its quantity), then the new add-on's
// recurring charges from now and its one-time charges; for a main-product
// change, a credit for the unused part of the old main product and of
// every add-on the change drops, the new main product's recurring charges
// for the rest of the period, and its one-time charges. Credits are
// negative lines and come first. These are the lines ProrateChange gives
// for an immediate change, and the lines the period's quote will hold once
// the change is made. Usage is not priced: it has not happened.
// Nor are volume discounts: a quote applies the plans of the products
// assigned at the end of the period, which the period's usage and later
// changes still decide; an offer shows list prices.
//
// Products without a charge that the book does not declare free are an
// *UnpricedError; offers in several currencies an error wrapping
// ErrCurrencyMismatch. book is a validated Book, as for NewQuote: a nil
// *Book or the zero Book is an error wrapping ErrInvalidQuote and
// ErrNoBook. A candidate that is not one of acct's (of an unknown kind,
// naming no product, a swap replacing no add-on, or for another account
// ID) is an error wrapping ErrInvalidQuote that names it.
func RankUpgrades(book *Book, acct entitlement.Account, cands []entitlement.Candidate, p Period, now time.Time, opts ...QuoteOption) ([]Offer, error) {
	if !book.built() {
		return nil, fmt.Errorf("%w: %w", ErrInvalidQuote, ErrNoBook)
	}
	return rank(terms{book: book}, book.Currency(), acct, cands, p, now, opts)
}

// rank prices the candidates with the books t names for each holding and
// orders them; cur is the currency of an offer without lines.
func rank(t terms, cur Currency, acct entitlement.Account, cands []entitlement.Candidate, p Period, now time.Time, opts []QuoteOption) ([]Offer, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if !p.Contains(now) {
		return nil, fmt.Errorf("%w: now (%s) is outside the period", ErrInvalidCut, now.Format(time.RFC3339))
	}
	for i := range cands {
		if err := checkCandidate(&cands[i], acct.ID); err != nil {
			return nil, fmt.Errorf("%w: candidate %d: %w", ErrInvalidQuote, i, err)
		}
	}
	o := newOptions(opts)
	if o.cat == nil && len(cands) > 0 {
		o.cat = cands[0].Config.Catalog()
	}
	q := newQuoter(o, t.book, p)
	var before collector
	tl := newTimeline(t, []Segment{{From: now, Account: acct}}, p, nil)
	before.collect(&tl, time.Time{})

	offers := make([]Offer, 0, len(cands))
	for _, cand := range cands {
		var after collector
		tl := newTimeline(t, []Segment{{From: now, Account: cand.Account}}, p, nil)
		after.collect(&tl, time.Time{})
		added, removed := diffSpans(after.spans, before.spans), diffSpans(before.spans, after.spans)
		lines, err := q.spanLines(nil, removed, true)
		if err != nil {
			return nil, err
		}
		if lines, err = q.spanLines(lines, added, false); err != nil {
			return nil, err
		}
		if lines, err = q.eventLines(lines, diffEvents(after.events, before.events)); err != nil {
			return nil, err
		}
		total := Zero(cur)
		if len(lines) > 0 {
			total = totals(lines)[0]
		}
		for _, l := range lines {
			if l.Amount.currency != total.currency {
				return nil, fmt.Errorf("candidate %s: %w", cand.Product, total.mismatch("rank", l.Amount))
			}
		}
		offers = append(offers, Offer{Candidate: cand, Lines: lines, Total: total})
	}
	if len(offers) > 0 {
		c := offers[0].Total.currency
		for _, of := range offers {
			if of.Total.currency != c {
				return nil, fmt.Errorf("candidate %s: %w", of.Candidate.Product, offers[0].Total.mismatch("rank", of.Total))
			}
		}
	}
	slices.SortStableFunc(offers, func(a, b Offer) int { return a.Total.amount.Cmp(b.Total.amount) })
	return offers, nil
}

// checkCandidate refuses a candidate of an unknown kind, without a
// product, a swap without what it replaces, or for an account other than
// acctID.
func checkCandidate(c *entitlement.Candidate, acctID string) error {
	switch {
	case c.Kind != entitlement.AddAddOn && c.Kind != entitlement.SwitchMain && c.Kind != entitlement.SwapAddOn:
		return fmt.Errorf("%q: unknown kind %d", c.Product, c.Kind)
	case c.Product == "":
		return errors.New("names no product")
	case c.Kind == entitlement.SwapAddOn && len(c.Replaces) == 0:
		return fmt.Errorf("%q: a swap that replaces no add-on", c.Product)
	case c.Account.ID != acctID:
		return fmt.Errorf("%q is for account %q, not %q", c.Product, c.Account.ID, acctID)
	}
	return nil
}

// diffSpans returns the spans of a that b does not hold.
func diffSpans(a, b []span) []span {
	var out []span
	for i := range a {
		if !slices.ContainsFunc(b, func(s span) bool {
			return s.sameKey(&a[i]) && s.from.Equal(a[i].from) && s.until.Equal(a[i].until)
		}) {
			out = append(out, a[i])
		}
	}
	return out
}

// diffEvents returns the events of a that b does not hold.
func diffEvents(a, b []event) []event {
	var out []event
	for _, e := range a {
		if !slices.ContainsFunc(b, func(f event) bool {
			return f.product == e.product && f.qty == e.qty && f.at.Equal(e.at) && f.book == e.book
		}) {
			out = append(out, e)
		}
	}
	return out
}
