package pricing

import (
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
)

// Errors returned by rating.
var (
	// ErrInvalidUsage is returned for a usage record with a negative
	// quantity, and for two records with the same ID: each record is rated
	// once, whatever the host resubmits.
	ErrInvalidUsage = errors.New("pricing: invalid usage record")
	// ErrUnratedUsage is returned for a usage record in the period whose
	// meter no usage charge of the account's products rates: silently
	// dropping it would lose revenue, billing it at zero would hide a
	// missing price.
	ErrUnratedUsage = errors.New("pricing: no usage charge rates this meter")
	// ErrAllowance is returned when a usage charge's allowance attribute
	// holds a value that is not a number.
	ErrAllowance = errors.New("pricing: allowance attribute is not numeric")
)

// UsageRecord is one metered use: Quantity units of Meter (minutes to
// Brazil, domestic SMS, GB stored) at instant At. ID identifies the record
// at its source; a quote refuses two records with the same non-empty ID.
type UsageRecord struct {
	ID       string
	Meter    string
	Quantity decimal.Decimal
	At       time.Time
}

// Rate rates the usage records of ch's meter that fall in p against the
// resolved configuration cfg: the units of the allowance attribute
// ch.Allowance come off first (a numeric attribute; no value, or no
// allowance named, is 0), and the rest is priced by ch.Price (tiers count
// from the first billed unit). It returns the usage line and, when the
// charge has a minimum commitment the usage does not reach, a true-up line.
//
// Records of other meters and records outside p are ignored; a negative
// quantity or a repeated ID is an error wrapping ErrInvalidUsage. Rate
// knows no price book, so it applies no volume discount; a quote does.
func Rate(ch Charge, cfg entitlement.Config, records []UsageRecord, p Period, opts ...QuoteOption) ([]Line, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	o := newOptions(opts)
	if o.cat == nil {
		o.cat = cfg.Catalog()
	}
	q := newQuoter(o, nil, p)
	meters, err := sumUsage(records, p)
	if err != nil {
		return nil, err
	}
	used := decimal.Zero
	for _, m := range meters {
		if m.meter == ch.Meter {
			used = m.total()
		}
	}
	return q.rate(nil, &ch, nil, cfg, used)
}

// meterTotal is the usage of one meter in a period.
type meterTotal struct {
	meter string
	whole int64           // the sum of whole-number quantities, while exact
	rest  decimal.Decimal // the sum of the other quantities
	first string          // ID of the first record, for errors
	rated bool
}

// total returns the meter's total usage.
func (m *meterTotal) total() decimal.Decimal {
	if m.whole == 0 {
		return m.rest
	}
	if m.rest.IsZero() {
		return decimal.NewFromInt(m.whole)
	}
	return m.rest.Add(decimal.NewFromInt(m.whole))
}

// sumUsage totals the records in p by meter, in order of first appearance,
// and checks quantities and IDs. Whole quantities (the common case: SMS,
// seconds, MB) add up in an int64, without a decimal per record.
func sumUsage(records []UsageRecord, p Period) ([]meterTotal, error) {
	var out []meterTotal
	if err := checkRecordIDs(records); err != nil {
		return nil, err
	}
	for i := range records {
		rec := &records[i]
		if rec.Quantity.Sign() < 0 {
			return nil, fmt.Errorf("%w: record %q (%s) has a negative quantity %s", ErrInvalidUsage, rec.ID, rec.Meter, rec.Quantity)
		}
		if !p.Contains(rec.At) {
			continue
		}
		j := 0
		for j < len(out) && out[j].meter != rec.Meter {
			j++
		}
		if j == len(out) {
			out = append(out, meterTotal{meter: rec.Meter, first: rec.ID})
		}
		m := &out[j]
		if n, ok := wholeQuantity(rec.Quantity); ok && m.whole <= math.MaxInt64-n {
			m.whole += n
		} else {
			m.rest = m.rest.Add(rec.Quantity)
		}
	}
	return out, nil
}

// wholeQuantity returns q as an int64 when it is a whole number below
// 10^15, so that sums of many stay exact.
func wholeQuantity(q decimal.Decimal) (int64, bool) {
	if q.Exponent() != 0 || q.NumDigits() > 15 {
		return 0, false
	}
	return q.CoefficientInt64(), true
}

// checkRecordIDs refuses two records with the same non-empty ID. It sorts
// the IDs' 64-bit hashes, on the stack for up to 64 records, and looks for
// the repeated ID only when two hashes are equal: a usage batch has no map
// to build and no strings to sort.
func checkRecordIDs(records []UsageRecord) error {
	var buf [64]uint64
	hashes := buf[:0]
	for i := range records {
		if id := records[i].ID; id != "" {
			hashes = append(hashes, maphash.String(recordSeed, id))
		}
	}
	slices.Sort(hashes)
	for i := 1; i < len(hashes); i++ {
		if hashes[i] == hashes[i-1] {
			return findRepeatedID(records) // a repeated ID, or two IDs whose hashes collide
		}
	}
	return nil
}

var recordSeed = maphash.MakeSeed()

// findRepeatedID returns the error for the first record whose non-empty ID
// an earlier record has, nil if there is none.
func findRepeatedID(records []UsageRecord) error {
	seen := make(map[string]struct{}, len(records))
	for i := range records {
		id := records[i].ID
		if id == "" {
			continue
		}
		if _, ok := seen[id]; ok {
			return fmt.Errorf("%w: record %q appears twice", ErrInvalidUsage, id)
		}
		seen[id] = struct{}{}
	}
	return nil
}

// allowance returns the units cfg includes for ch: the numeric value of
// ch.Allowance, 0 when it has none (or a negative one).
func allowance(ch *Charge, cfg entitlement.Config) (decimal.Decimal, error) {
	if ch.Allowance == "" {
		return decimal.Zero, nil
	}
	v, ok := cfg.Value(ch.Allowance)
	if !ok {
		return decimal.Zero, nil
	}
	d, ok := v.AsDecimal()
	if !ok {
		return decimal.Zero, fmt.Errorf("%w: charge %s reads %s = %s", ErrAllowance, ch.ID, ch.Allowance, v)
	}
	if d.Sign() < 0 {
		return decimal.Zero, nil
	}
	return d, nil
}

// label names a usage charge in line descriptions: its Name, else its
// Meter, else its ID.
func (c *Charge) label() string {
	switch {
	case c.Name != "":
		return c.Name
	case c.Meter != "":
		return c.Meter
	}
	return c.ID
}

// rate appends to lines the usage line of ch for used units (and its
// true-up line). full holds the full tiers of ch's price (see fullTiers),
// nil to compute them.
func (q *quoter) rate(lines []Line, ch *Charge, full []fullTier, cfg entitlement.Config, used decimal.Decimal) ([]Line, error) {
	allow, err := allowance(ch, cfg)
	if err != nil {
		return nil, err
	}
	included, billed := used, decimal.Zero
	if used.Cmp(allow) > 0 {
		included, billed = allow, used.Sub(allow)
	}
	r, err := ch.Price.compute(billed, full, q.parts[:0])
	if err != nil {
		return nil, fmt.Errorf("charge %s: %w", ch.ID, err)
	}
	q.parts = r.Parts[:0] // r does not outlive this call
	cur := q.currencyOf(ch)
	amount := r.Amount
	if !r.TrueUp.IsZero() {
		amount = amount.Sub(r.TrueUp)
	}
	line := Line{
		Product: ch.Product, Charge: ch.ID, Kind: ChargeUsage, Model: ch.Price.Model,
		Quantity: used, Included: included, Tier: r.Tier(), Fraction: decOne,
		Amount: NewMoney(amount, cur).Round(q.opts.mode),
	}
	b := append(q.buf[:0], ch.label()...)
	b = append(b, ": "...)
	b = appendDecimal(b, used)
	b = append(b, " used, "...)
	b = appendDecimal(b, included)
	b = append(b, " included"...)
	if billed.Sign() > 0 {
		b = append(b, ", "...)
		b = appendParts(b, ch.Price, r, billed, cur)
	}
	if r.Capped {
		b = append(b, ", capped at the maximum of "...)
		b = appendMoney(b, NewMoney(r.Amount, cur))
	}
	line.Description = string(b)
	lines = append(lines, line)
	if r.TrueUp.Sign() > 0 {
		b = append(b[:0], ch.label()...)
		b = append(b, ": minimum commitment "...)
		b = appendMoney(b, NewMoney(ch.Price.Minimum.Decimal, cur))
		b = append(b, ", usage charged "...)
		b = appendMoney(b, line.Amount)
		b = append(b, ", true-up"...)
		lines = append(lines, Line{
			Product: ch.Product, Charge: ch.ID, Kind: ChargeUsage, Model: ch.Price.Model,
			Quantity: decOne, Fraction: decOne, TrueUp: true,
			Amount: NewMoney(r.TrueUp, cur).Round(q.opts.mode), Description: string(b),
		})
	}
	q.buf = b
	return lines, nil
}

// appendParts explains how billed units were priced: "60 × 0.05 EUR",
// "1000 × 0.02 EUR (tier 1) + 50 × 0.01 EUR + 5.00 EUR (tier 2)".
func appendParts(b []byte, p Price, r Result, billed decimal.Decimal, cur Currency) []byte {
	switch p.Model {
	case ModelFlat:
		return append(b, NewMoney(p.Amount, cur).String()...)
	case ModelPercentage:
		b = append(b, p.Percent.String()...)
		b = append(b, " % of "...)
		return append(b, billed.String()...)
	case ModelPackage:
		blocks := r.Parts[0].Quantity
		b = append(b, blocks.String()...)
		b = append(b, " started block(s) of "...)
		b = append(b, p.BlockSize.String()...)
		b = append(b, " × "...)
		return append(b, NewMoney(p.Amount, cur).String()...)
	}
	tiered := p.Model == ModelGraduated || p.Model == ModelVolume
	for i, part := range r.Parts {
		if i > 0 {
			b = append(b, " + "...)
		}
		b = appendDecimal(b, part.Quantity)
		b = append(b, " × "...)
		b = appendMoney(b, NewMoney(part.Unit, cur))
		if !part.Flat.IsZero() {
			b = append(b, " + "...)
			b = appendMoney(b, NewMoney(part.Flat, cur))
		}
		if tiered {
			b = append(b, " (tier "...)
			b = strconv.AppendInt(b, int64(part.Tier), 10)
			b = append(b, ')')
		}
	}
	return b
}
