package pricing

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// Errors returned by proration.
var (
	// ErrInvalidPeriod is returned for a period that does not span at least
	// one whole calendar day (End's day not after Start's day), and for a
	// BillingPeriod with an unknown unit or a negative count (see
	// BillingPeriod.Validate).
	ErrInvalidPeriod = errors.New("pricing: invalid billing period")
	// ErrInvalidCut is returned by Split for cuts outside the period or not
	// in ascending order, and by ProrateChange for a change instant outside
	// the period.
	ErrInvalidCut = errors.New("pricing: cut outside the period or out of order")
	// ErrInvalidChange is returned by ProrateChange for charges that are not
	// both recurring or that are in different currencies.
	ErrInvalidChange = errors.New("pricing: invalid change")
)

// Period is a billing period: the half-open interval [Start, End).
//
// Proration counts whole calendar days in Start's location (see Days): an
// instant counts from the beginning of its day, so a change made at 09:00 on
// the 11th takes effect for the whole of the 11th. Days are calendar dates,
// not 24-hour durations, so a month with a daylight-saving change still has
// 30 or 31 days. The zero Period is invalid.
type Period struct {
	Start, End time.Time
}

// Days returns the number of calendar days of the period: the days from
// Start's date up to, not including, End's date (1 Nov–1 Dec is 30); 0 for
// a period whose End is not after its Start.
func (p Period) Days() int {
	if !p.End.After(p.Start) {
		return 0
	}
	return p.DaysBetween(p.Start, p.End)
}

// DaysBetween returns the calendar days from from's date up to, not
// including, until's date, both clamped to the period and read in Start's
// location; 0 when until is not after from.
func (p Period) DaysBetween(from, until time.Time) int {
	from, until = p.clamp(from), p.clamp(until)
	n := p.dayNumber(until) - p.dayNumber(from)
	if n < 0 {
		return 0
	}
	return int(n)
}

// Contains reports whether t is in [Start, End).
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End) }

// Validate returns nil for a period of at least one day, or an error
// wrapping ErrInvalidPeriod: for a reversed period (End before Start), an
// empty one, or one within a single calendar day.
func (p Period) Validate() error {
	if !p.End.After(p.Start) {
		return fmt.Errorf("%w: %s to %s: the end is not after the start", ErrInvalidPeriod,
			p.Start.Format(time.RFC3339), p.End.Format(time.RFC3339))
	}
	if p.Days() < 1 {
		return fmt.Errorf("%w: %s to %s spans no whole day", ErrInvalidPeriod,
			p.Start.Format(time.RFC3339), p.End.Format(time.RFC3339))
	}
	return nil
}

func (p Period) clamp(t time.Time) time.Time {
	if t.Before(p.Start) {
		return p.Start
	}
	if t.After(p.End) {
		return p.End
	}
	return t
}

// dayNumber numbers t's calendar date in Start's location: consecutive
// dates have consecutive numbers whatever the clocks do.
func (p Period) dayNumber(t time.Time) int64 {
	sec := t.Unix()
	if loc := p.Start.Location(); loc != time.UTC {
		_, offset := t.In(loc).Zone()
		sec += int64(offset) // the local calendar's seconds
	}
	if sec < 0 {
		return -((-sec + secondsPerDay - 1) / secondsPerDay)
	}
	return sec / secondsPerDay
}

// Ratio is an exact fraction of a period in days: Days of PeriodDays.
// 28/30 is not a finite decimal, so proration keeps the ratio and turns it
// into money only once (see Prorate).
type Ratio struct {
	Days, PeriodDays int
}

// Fraction returns the share of p from from until until, in whole days
// (see Period): both instants are clamped to p and read as their calendar
// dates. It returns an error wrapping ErrInvalidPeriod for a period of no
// whole day.
func Fraction(p Period, from, until time.Time) (Ratio, error) {
	if err := p.Validate(); err != nil {
		return Ratio{}, err
	}
	return Ratio{Days: p.DaysBetween(from, until), PeriodDays: p.Days()}, nil
}

// IsWhole reports whether the ratio is the whole period.
func (r Ratio) IsWhole() bool { return r.Days == r.PeriodDays }

// String returns "28/30".
func (r Ratio) String() string { return strconv.Itoa(r.Days) + "/" + strconv.Itoa(r.PeriodDays) }

// Decimal returns the ratio as a decimal rounded half away from zero to
// places decimal places: for display, never for computing amounts.
func (r Ratio) Decimal(places int32) decimal.Decimal {
	if r.PeriodDays == 0 {
		return decimal.Zero
	}
	if r.IsWhole() {
		return decOne
	}
	if places >= 0 && places <= 12 && r.Days >= 0 && r.Days < 1<<20 && r.PeriodDays > 0 && r.PeriodDays < 1<<20 {
		// Half away from zero in integers, as DivRound does, without its
		// big-number division.
		n, d := int64(r.Days)*pow10[places], int64(r.PeriodDays)
		v := n / d
		if 2*(n%d) >= d {
			v++
		}
		return decimal.New(v, -places)
	}
	return decimal.NewFromInt(int64(r.Days)).DivRound(decimal.NewFromInt(int64(r.PeriodDays)), places)
}

// lineFraction returns r.Decimal(6), the Fraction of a line. For periods
// of up to 31 days (a day, a week, a month) it comes from a table built
// once per period length and shared by every quote: decimals are
// immutable, so one value per ratio serves every line.
func (r Ratio) lineFraction() decimal.Decimal {
	n := r.PeriodDays
	if n <= 0 || n >= len(fractionTables) || r.Days < 0 || r.Days > n {
		return r.Decimal(6)
	}
	t := &fractionTables[n]
	t.once.Do(func() {
		t.vals = make([]decimal.Decimal, n+1)
		for days := range t.vals {
			t.vals[days] = Ratio{Days: days, PeriodDays: n}.Decimal(6)
		}
	})
	return t.vals[r.Days]
}

// fractionTables[n] holds Ratio{d, n}.Decimal(6) for d from 0 to n.
var fractionTables [32]struct {
	once sync.Once
	vals []decimal.Decimal
}

// Split splits amount over the parts of p that cuts delimit, in proportion
// to their whole days, by the largest-remainder method in minor units (see
// Money.Allocate): the parts always sum to amount exactly. With k cuts
// there are k+1 parts: [Start, cut1), [cut1, cut2), ..., [cutk, End).
//
// Cuts must lie within p and be in ascending order (ErrInvalidCut); two cuts
// on the same day give a part of zero days and zero amount. amount must be a
// whole number of minor units (ErrNotMinorUnits) and p at least a day long
// (ErrInvalidPeriod).
func Split(amount Money, p Period, cuts ...time.Time) ([]Money, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	weights := make([]int64, len(cuts)+1)
	prev := p.Start
	for i, c := range cuts {
		if c.Before(prev) || c.After(p.End) {
			return nil, fmt.Errorf("%w: cut %d at %s", ErrInvalidCut, i, c.Format(time.RFC3339))
		}
		weights[i] = int64(p.DaysBetween(prev, c))
		prev = c
	}
	weights[len(cuts)] = int64(p.DaysBetween(prev, p.End))
	return amount.Allocate(weights...)
}

// Prorate returns the part of amount that falls in [from, until): the
// corresponding part of Split(amount, p, from, until), so that prorating the
// pieces of a period by Prorate and by Split gives the same figures and the
// pieces of any division of the period sum to amount exactly. from and until
// are clamped to p; amount must be a whole number of minor units.
func Prorate(amount Money, p Period, from, until time.Time) (Money, error) {
	from, until = p.clamp(from), p.clamp(until)
	if until.Before(from) {
		until = from
	}
	if err := p.Validate(); err != nil {
		return Money{}, err
	}
	return prorateDays(amount, int64(p.DaysBetween(p.Start, from)), int64(p.DaysBetween(from, until)), int64(p.DaysBetween(until, p.End)))
}

// prorateDays returns the middle share of amount allocated over the weights
// before, during and after by the largest-remainder method: the same figure
// as amount.Allocate(before, during, after)[1], without big integers when
// the figures fit in an int64.
func prorateDays(amount Money, before, during, after int64) (Money, error) {
	total := before + during + after
	units, ok := amount.MinorUnits()
	if !ok || total <= 0 || units > (1<<62)/total || units < -(1<<62)/total {
		parts, err := amount.Allocate(before, during, after)
		if err != nil {
			return Money{}, err
		}
		return parts[1], nil
	}
	if during == 0 {
		return Zero(amount.currency), nil
	}
	if during == total {
		return amount, nil
	}
	neg := units < 0
	if neg {
		units = -units
	}
	w := [3]int64{before, during, after}
	var share, rem [3]int64
	left := units
	for i, wi := range w {
		share[i], rem[i] = units*wi/total, units*wi%total
		left -= share[i]
	}
	// left < 3 units go to the largest remainders, the earlier part on a tie.
	for ; left > 0; left-- {
		best := -1
		for i := range rem {
			if rem[i] >= 0 && (best < 0 || rem[i] > rem[best]) {
				best = i
			}
		}
		share[best]++
		rem[best] = -1
	}
	if neg {
		share[1] = -share[1]
	}
	return FromMinor(share[1], amount.currency), nil
}

// Policy says when a mid-cycle change takes effect. The zero Policy is
// Immediate; any value other than Immediate and EndOfTerm is refused by
// ProrateChange.
type Policy uint8

const (
	// Immediate applies the change at once: the unused part of the old
	// charge is credited and the rest of the period charged at the new one.
	Immediate Policy = iota
	// EndOfTerm applies the change at the end of the period: nothing changes
	// in this period, and the new charge is billed from the next one.
	EndOfTerm
)

// String returns "immediate" or "end_of_term".
func (p Policy) String() string {
	switch p {
	case Immediate:
		return "immediate"
	case EndOfTerm:
		return "end_of_term"
	}
	return "Policy(" + strconv.Itoa(int(p)) + ")"
}

// PolicyRule decides the policy of a change from the old charge to the new
// one. Which changes are upgrades is the caller's business rule, not the
// library's guess; UpgradesNow builds the common rule.
type PolicyRule func(old, new Charge) Policy

// UpgradesNow returns the rule "upgrades take effect immediately, every
// other change at the end of the term", where isUpgrade is the caller's
// definition of an upgrade (a higher price, a bigger plan, a list of
// allowed moves...). A nil isUpgrade counts no change as an upgrade: the
// rule puts every change at the end of the term, never billing one
// mid-cycle without the caller's say.
func UpgradesNow(isUpgrade func(old, new Charge) bool) PolicyRule {
	return func(old, new Charge) Policy {
		if isUpgrade != nil && isUpgrade(old, new) {
			return Immediate
		}
		return EndOfTerm
	}
}

// ProrateChange returns the lines of a mid-cycle change from the recurring
// charge old to the recurring charge new at instant at, for an account
// billed in advance for period p (the old charge already invoiced in full):
//
//   - Immediate: two lines, a credit for the unused part of the old charge
//     from at's day to the end of p (a negative amount), and a charge for
//     the same part of the new one. Each part is Prorate of the charge's
//     full amount (computed at quantity 1 and rounded once with the
//     rounding mode), so the credit plus what the customer keeps paying
//     for the days used equals the amount invoiced, to the minor unit.
//   - EndOfTerm: no lines; the new charge applies from the next period.
//
// Both charges must be recurring and in the same currency, and the policy
// Immediate or EndOfTerm (ErrInvalidChange); their billing periods must be
// valid (BillingPeriod.Validate, ErrInvalidPeriod) and, under Immediate,
// be p (ErrPeriodMismatch); at must lie within p (ErrInvalidCut).
// WithCatalog names the products in the descriptions.
func ProrateChange(old, new Charge, p Period, at time.Time, policy Policy, opts ...QuoteOption) ([]Line, error) {
	if old.Kind != ChargeRecurring || new.Kind != ChargeRecurring {
		return nil, fmt.Errorf("%w: %s to %s: both charges must be recurring", ErrInvalidChange, old.ID, new.ID)
	}
	if policy != Immediate && policy != EndOfTerm {
		return nil, fmt.Errorf("%w: %s to %s: unknown policy %s", ErrInvalidChange, old.ID, new.ID, policy)
	}
	for _, ch := range [2]*Charge{&old, &new} {
		if err := ch.Period.Validate(); err != nil {
			return nil, fmt.Errorf("charge %s: %w", ch.ID, err)
		}
	}
	if old.Price.Currency != new.Price.Currency {
		return nil, fmt.Errorf("%w: %s to %s: %v", ErrInvalidChange, old.ID, new.ID,
			Money{currency: old.Price.Currency}.mismatch("change", Money{currency: new.Price.Currency}))
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if !p.Contains(at) {
		return nil, fmt.Errorf("%w: change at %s", ErrInvalidCut, at.Format(time.RFC3339))
	}
	if policy == EndOfTerm {
		return nil, nil
	}
	o := newOptions(opts)
	q := newQuoter(o, nil, p)
	credit, err := q.recurring(old, 1, at, p.End, "Credit for unused ")
	if err != nil {
		return nil, err
	}
	credit.Amount = credit.Amount.Neg()
	charge, err := q.recurring(new, 1, at, p.End, "")
	if err != nil {
		return nil, err
	}
	return []Line{credit, charge}, nil
}
