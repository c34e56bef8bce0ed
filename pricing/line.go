package pricing

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// Errors returned while building lines.
var (
	// ErrUnpriced is matched by *UnpricedError.
	ErrUnpriced = errors.New("pricing: assigned product has no charge")
	// ErrPeriodMismatch is returned for a recurring charge whose billing
	// period is not the period being quoted (a yearly charge in a monthly
	// quote): billing it would charge a year's price for a month.
	ErrPeriodMismatch = errors.New("pricing: charge billing period does not match the quoted period")
)

// UnpricedError reports a product that is assigned (so its features are
// provisioned) but has no charge in the price book and is not listed in
// PriceBook.Free: quoting it would give away what provisioning switches on.
type UnpricedError struct {
	Product string
}

func (e *UnpricedError) Error() string {
	return fmt.Sprintf("pricing: product %q is assigned but has no charge and is not declared free", e.Product)
}

// Unwrap returns ErrUnpriced.
func (e *UnpricedError) Unwrap() error { return ErrUnpriced }

// Line is one line item of a quote: what is charged, for which product, by
// which model, on what quantity, for which share of the period, and the
// amount rounded once to the currency's minor unit.
type Line struct {
	Product string     // catalog product ID
	Charge  string     // price book charge ID
	Kind    ChargeKind // recurring, one-time or usage
	Model   Model      // the charge's price model

	// Quantity is the number of units priced: the assignment quantity of a
	// recurring or one-time charge (an add-on bought twice is 2), the units
	// used in the period for a usage charge.
	Quantity decimal.Decimal
	// Included is the part of a usage Quantity covered by the allowance of
	// the resolved configuration; the rest is billed. Zero for other kinds.
	Included decimal.Decimal
	// Allowance is the size of the allowance a usage line's charge reads,
	// in the line's span, whatever was used: for a consuming meter (sum,
	// count) the units of every grant usable in the span, prorated as
	// granted, before any record used them (a grant usable in the spans of
	// two lines counts in both); for a level meter (max, last) the
	// allowance in force at the record that sets the level, or at the
	// span's start when the line rated no record. Included never exceeds
	// it. Zero for a charge without an allowance attribute, for a
	// configuration that gives none, and on lines of other kinds, true-up
	// lines and discount lines.
	Allowance decimal.Decimal
	// Tier is the 1-based tier a tiered price reached, 0 otherwise.
	Tier int
	// Fraction is the share of the period a line's amount is prorated by,
	// rounded to 6 places for display; Days/PeriodDays is the exact share.
	// A recurring line covers Days of the period's PeriodDays; so does a
	// usage line, whose Fraction is 1 unless it reads a level meter (max,
	// last) over part of the period. A one-time line has Fraction 1 and
	// Days, PeriodDays 0.
	Fraction         decimal.Decimal
	Days, PeriodDays int
	// From and Until delimit the span a recurring or usage line covers
	// (for usage, the span its charge was in force); for a one-time line
	// From is when the product was assigned.
	From, Until time.Time
	// Records lists the IDs of the usage records a usage line rated, in
	// the order they were rated (by instant); nil on other lines.
	Records []string
	// Allowances says where a usage line's Included units came from, per
	// product (or the account, or the catalog default), in the order they
	// were used; nil when nothing was included.
	Allowances []AllowanceUse
	// TrueUp marks the line that brings a charge up to its minimum
	// commitment.
	TrueUp bool
	// Discount is set on a volume discount line, nil on every other line:
	// the plan, the product that brought it and the entry that took
	// Discount.Entry.Percent off the charge line just before it. The
	// discount line repeats that line's Product, Charge, Kind, Model,
	// Fraction and span; its Quantity is the volume the entry was reached
	// with (for usage, the units billed). A pointer, so that the lines
	// without one stay small; copies of a line share it, so treat it as
	// read-only.
	Discount *Discount

	Amount      Money  // rounded once to the currency's minor unit; negative for a credit or a discount
	Description string // for the customer: "Easy SMS ×2, 3 Nov–30 Nov (28/30 of the month at 6.00 EUR)"
}

// IsDiscount reports whether l is a volume discount line; false for a nil
// *Line.
func (l *Line) IsDiscount() bool { return l != nil && l.Discount != nil }

// QuoteOption configures quotes, rating, ranking and ProrateChange.
type QuoteOption func(*quoteOptions)

type quoteOptions struct {
	mode RoundingMode
	cat  *catalog.Catalog
}

// WithRounding rounds every line with mode instead of the default
// HalfAwayFromZero. An unknown mode rounds half away from zero, as
// Money.Round does.
func WithRounding(mode RoundingMode) QuoteOption {
	return func(o *quoteOptions) { o.mode = mode }
}

// WithCatalog names products in line descriptions by their catalog names
// (NewQuote and QuoteHistory use the resolver's catalog, RankUpgrades the
// candidates'); without a catalog, descriptions use product IDs.
// WithCatalog(nil) is the same as no WithCatalog.
func WithCatalog(c *catalog.Catalog) QuoteOption {
	return func(o *quoteOptions) { o.cat = c }
}

func newOptions(opts []QuoteOption) quoteOptions {
	var o quoteOptions
	for _, f := range opts {
		f(&o)
	}
	return o
}

// quoter builds lines for one period.
type quoter struct {
	opts       quoteOptions
	book       *Book // nil when rating a single charge
	p          Period
	periodDays int
	firstDay   int64         // p.dayNumber(p.Start)
	buf        []byte        // scratch for descriptions
	parts      []Part        // scratch for the parts of a usage charge's Result
	matched    BillingPeriod // a billing period known to match p
}

// newQuoter returns a quoter for period p (valid) with options o; book is
// nil when rating a single charge.
func newQuoter(o quoteOptions, book *Book, p Period) quoter {
	return quoter{opts: o, book: book, p: p, periodDays: p.Days(), firstDay: p.dayNumber(p.Start)}
}

// day returns the day of the period t falls on, t clamped to the period:
// 0 for the first day, periodDays for the end.
func (q *quoter) day(t time.Time) int {
	return int(q.p.dayNumber(q.p.clamp(t)) - q.firstDay)
}

// currencyOf returns the charge's currency: its price's, or the book's when
// the price names none.
func (q *quoter) currencyOf(ch *Charge) Currency {
	if ch.Price.Currency.IsZero() && q.book != nil {
		return q.book.def.Currency
	}
	return ch.Price.Currency
}

// fullAmount returns what the charge costs for qty units over a whole
// period (recurring) or once (one-time), rounded once: a flat price times
// qty, any other model computed on qty (per seat, tiers over seats).
// Commitments bound the amount; they add no separate line here.
func (q *quoter) fullAmount(ch *Charge, qty int) (Money, Result, error) {
	cur := q.currencyOf(ch)
	n := qtyDecimal(qty)
	var (
		r   Result
		err error
	)
	switch {
	case ch.Price.Model == ModelFlat && !ch.Price.Minimum.Valid && !ch.Price.Maximum.Valid:
		r.Amount = ch.Price.Amount // what Compute gives, without building its parts
		if qty != 1 {
			r.Amount = r.Amount.Mul(n)
		}
	case ch.Price.Model == ModelFlat:
		r, err = ch.Price.Compute(decOne)
		if err == nil && qty != 1 {
			r.Amount = r.Amount.Mul(n)
		}
	default:
		r, err = ch.Price.Compute(n)
	}
	if err != nil {
		return Money{}, Result{}, fmt.Errorf("charge %s: %w", ch.ID, err)
	}
	return NewMoney(r.Amount, cur).Round(q.opts.mode), r, nil
}

var smallQty [16]decimal.Decimal

func init() {
	for i := range smallQty {
		smallQty[i] = decimal.NewFromInt(int64(i))
	}
}

func qtyDecimal(n int) decimal.Decimal {
	if n >= 0 && n < len(smallQty) {
		return smallQty[n]
	}
	return decimal.NewFromInt(int64(n))
}

// checkPeriod refuses a recurring charge whose billing period is invalid
// (ErrInvalidPeriod) or is not q.p (ErrPeriodMismatch).
func (q *quoter) checkPeriod(ch *Charge) error {
	if err := ch.Period.Validate(); err != nil {
		return fmt.Errorf("charge %s: %w", ch.ID, err)
	}
	if ch.Period == q.matched {
		return nil
	}
	if end := ch.Period.End(q.p.Start); !end.Equal(q.p.End) {
		return fmt.Errorf("%w: charge %s is billed every %s, the period is %s to %s", ErrPeriodMismatch, ch.ID,
			ch.Period.describe(), q.p.Start.Format(time.DateOnly), q.p.End.Format(time.DateOnly))
	}
	q.matched = ch.Period // most charges share one billing period: check it once
	return nil
}

// recurring returns the line of a recurring charge for qty units active
// from from until until within the period. prefix starts the description
// ("Credit for unused ").
func (q *quoter) recurring(ch Charge, qty int, from, until time.Time, prefix string) (Line, error) {
	if err := q.checkPeriod(&ch); err != nil {
		return Line{}, err
	}
	full, r, err := q.fullAmount(&ch, qty)
	if err != nil {
		return Line{}, err
	}
	from, until = q.p.clamp(from), q.p.clamp(until)
	first, end := q.day(from), q.day(until)
	before, days := first, max(end-first, 0)
	after := q.periodDays - before - days
	amount, err := prorateDays(full, int64(before), int64(days), int64(after))
	if err != nil {
		return Line{}, fmt.Errorf("charge %s: %w", ch.ID, err)
	}
	ratio := Ratio{Days: days, PeriodDays: q.periodDays}
	l := Line{
		Product: ch.Product, Charge: ch.ID, Kind: ChargeRecurring, Model: ch.Price.Model,
		Quantity: qtyDecimal(qty), Tier: r.Tier(), Fraction: ratio.lineFraction(),
		Days: days, PeriodDays: q.periodDays, From: from, Until: until, Amount: amount,
	}
	b := append(q.buf[:0], prefix...)
	b = q.appendName(b, ch.Product, qty)
	b = append(b, ", "...)
	b = q.appendSpan(b, first, end)
	if !ratio.IsWhole() {
		b = append(b, " ("...)
		b = strconv.AppendInt(b, int64(days), 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(q.periodDays), 10)
		b = append(b, " of the "...)
		b = append(b, ch.Period.noun()...)
		b = append(b, " at "...)
		b = appendMoney(b, full)
		b = append(b, ')')
	}
	l.Description = string(b)
	q.buf = b
	return l, nil
}

// oneTime returns the line of a one-time charge for qty units assigned at.
func (q *quoter) oneTime(ch Charge, qty int, at time.Time) (Line, error) {
	full, r, err := q.fullAmount(&ch, qty)
	if err != nil {
		return Line{}, err
	}
	b := q.appendName(q.buf[:0], ch.Product, qty)
	b = append(b, ": one-time charge, "...)
	b = appendDayMonth(b, at.In(q.p.Start.Location()))
	q.buf = b
	return Line{
		Product: ch.Product, Charge: ch.ID, Kind: ChargeOneTime, Model: ch.Price.Model,
		Quantity: qtyDecimal(qty), Tier: r.Tier(), Fraction: decOne, From: at,
		Amount: full, Description: string(b),
	}, nil
}

// appendName appends the product's name (its ID without a catalog, or when
// the catalog gives it none), and "×qty" when qty > 1.
func (q *quoter) appendName(b []byte, product string, qty int) []byte {
	if n, _ := q.opts.cat.ProductName(product); n != "" {
		product = n
	}
	b = append(b, product...)
	if qty > 1 {
		b = append(b, " ×"...)
		b = strconv.AppendInt(b, int64(qty), 10)
	}
	return b
}

// appendSpan appends "3 Nov–30 Nov": the first and the last day of the
// days [from, until) of the period (see day), or the single day of an
// empty span.
func (q *quoter) appendSpan(b []byte, from, until int) []byte {
	b = q.appendDay(b, from)
	if last := until - 1; last > from {
		b = append(b, "–"...)
		b = q.appendDay(b, last)
	}
	return b
}

// appendDay appends the date of day d of the period: "3 Nov".
func (q *quoter) appendDay(b []byte, d int) []byte {
	return appendDayMonth(b, time.Unix((q.firstDay+int64(d))*secondsPerDay, 0).UTC())
}

const secondsPerDay = 24 * 60 * 60

// appendDayMonth appends t's date as t.Format("2 Jan") does, without
// parsing the layout on every line.
func appendDayMonth(b []byte, t time.Time) []byte {
	_, m, d := t.Date()
	b = strconv.AppendInt(b, int64(d), 10)
	b = append(b, ' ')
	return append(b, m.String()[:3]...)
}

// Validate returns nil for a billing period of Count days, weeks, months
// or years (Count 0 meaning 1), and otherwise an error wrapping
// ErrInvalidPeriod: for an unknown unit (PeriodUnit(9)), for no unit
// (PeriodInvalid, so also for the zero BillingPeriod) and for a negative
// Count. NewBook refuses the same periods on recurring charges; a quote,
// RankUpgrades and ProrateChange refuse a recurring charge whose period
// Validate refuses.
func (bp BillingPeriod) Validate() error {
	switch {
	case bp.Unit == PeriodInvalid || bp.Unit > PeriodYear:
		return fmt.Errorf("%w: unknown billing period unit %d", ErrInvalidPeriod, bp.Unit)
	case bp.Count < 0:
		return fmt.Errorf("%w: billing period count %d is negative", ErrInvalidPeriod, bp.Count)
	}
	return nil
}

// End returns the end of the billing period that starts at start: Count
// units later. Months and years keep the day of the month and clamp it to
// the target month's last day (31 Jan + 1 month = 28 or 29 Feb), as billing
// anniversaries do, instead of overflowing into the next month.
//
// The zero BillingPeriod counts as one month, as it always has (Validate
// still refuses it). Any other billing period that Validate refuses ends
// where it starts, never at a guess: its Period is empty, which
// Period.Validate refuses with ErrInvalidPeriod.
func (bp BillingPeriod) End(start time.Time) time.Time {
	if bp == (BillingPeriod{}) {
		return addMonths(start, 1)
	}
	if bp.Validate() != nil {
		return start
	}
	n := max(bp.Count, 1)
	switch bp.Unit {
	case PeriodDay:
		return start.AddDate(0, 0, n)
	case PeriodWeek:
		return start.AddDate(0, 0, 7*n)
	case PeriodYear:
		return addMonths(start, 12*n)
	}
	return addMonths(start, n)
}

func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// Period returns the billing period that starts at start: [start,
// End(start)). For a billing period that Validate refuses, other than the
// zero one, it is the empty period [start, start), which Period.Validate
// refuses with ErrInvalidPeriod.
func (bp BillingPeriod) Period(start time.Time) Period {
	return Period{Start: start, End: bp.End(start)}
}

// describe returns "1 month", "3 months" for a valid billing period.
func (bp BillingPeriod) describe() string {
	n := max(bp.Count, 1)
	unit := bp.Unit.String()
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// noun names the billing period in line descriptions: "month", "year",
// "period" for several units or none.
func (bp BillingPeriod) noun() string {
	if bp.Count > 1 || bp.Unit == PeriodInvalid {
		return "period"
	}
	return bp.Unit.String()
}
