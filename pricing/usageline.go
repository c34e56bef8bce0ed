package pricing

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
)

// line appends the usage line of run r, and its true-up line when usage
// does not reach the charge's minimum commitment.
//
// A consuming meter's units are priced when used, so its line is not
// prorated; a run shorter than the period prorates the charge's
// commitments instead. A level meter's line is a rate for the period, so a
// run shorter than the period prorates its amount, like a recurring line.
func (u *usage) line(lines []Line, r *run) ([]Line, error) {
	q, ch := u.q, r.ch
	pcs := u.tl.pieces
	from, until := q.p.clamp(pcs[r.first].from), q.p.clamp(pcs[r.end-1].until)
	first, end := q.day(from), q.day(until)
	days := end - first
	ratio := Ratio{Days: days, PeriodDays: q.periodDays}
	partial := !ratio.IsWhole()
	cur := q.currencyOf(ch)
	prorate := func(m Money) (Money, error) {
		if !partial {
			return m, nil
		}
		return prorateDays(m, int64(first), int64(days), int64(q.periodDays-end))
	}

	price := ch.Price
	level := ch.Aggregate.IsLevel()
	if partial && !level {
		for _, c := range []*decimal.NullDecimal{&price.Minimum, &price.Maximum} {
			if c.Valid {
				m, err := prorate(NewMoney(c.Decimal, cur).Round(q.opts.mode))
				if err != nil {
					return nil, fmt.Errorf("charge %s: %w", ch.ID, err)
				}
				c.Decimal = m.amount
			}
		}
	}
	var res Result
	var err error
	if ch.Price.Model == ModelPercentage {
		res, err = u.perRecord(price, r)
	} else {
		res, err = price.compute(r.billed.Decimal(), r.full, q.parts[:0])
	}
	if err != nil {
		return nil, fmt.Errorf("charge %s: %w", ch.ID, err)
	}
	q.parts = res.Parts[:0] // res does not outlive this call
	amount, trueUp := NewMoney(res.Amount, cur), Zero(cur)
	if !res.TrueUp.IsZero() {
		amount, trueUp = NewMoney(res.Amount.Sub(res.TrueUp), cur), NewMoney(res.TrueUp, cur).Round(q.opts.mode)
	}
	amount = amount.Round(q.opts.mode)
	full := amount
	fraction := decOne
	if level && partial {
		if amount, err = prorate(amount); err == nil {
			trueUp, err = prorate(trueUp)
		}
		if err != nil {
			return nil, fmt.Errorf("charge %s: %w", ch.ID, err)
		}
		fraction = ratio.lineFraction()
	}
	used, included, billed := r.used.Decimal(), r.included.Decimal(), r.billed.Decimal()
	var uses []AllowanceUse
	if len(r.uses) > 0 {
		uses = make([]AllowanceUse, len(r.uses))
		for i, x := range r.uses {
			uses[i] = AllowanceUse{Source: x.source, Product: x.product, Units: x.units.Decimal()}
		}
	}
	ids := make([]string, len(r.recs))
	for i := range r.recs {
		ids[i] = r.recs[i].rec.ID
	}
	line := Line{
		Product: ch.Product, Charge: ch.ID, Kind: ChargeUsage, Model: ch.Price.Model,
		Quantity: used, Included: included, Allowance: r.allowance.Decimal(), Tier: res.Tier(), Fraction: fraction,
		Days: days, PeriodDays: q.periodDays, From: from, Until: until,
		Records: ids, Allowances: uses, Amount: amount,
	}

	b := q.appendRunLabel(q.buf[:0], ch, partial, first, end)
	b = append(b, ": "...)
	unit := q.unitOf(ch)
	switch {
	case ch.Aggregate == AggregateMax:
		b = append(b, "peak "...)
		b = appendUnits(b, used, unit)
	case ch.Aggregate == AggregateLast:
		b = append(b, "last reading "...)
		b = appendUnits(b, used, unit)
	case ch.Aggregate == AggregateCount && unit == "":
		b = appendDecimal(b, used)
		b = append(b, " records"...)
	case ch.Aggregate == AggregateCount:
		b = appendUnits(b, used, unit)
	default:
		b = appendUnits(b, used, unit)
		b = append(b, " used"...)
	}
	b = q.appendIncluded(b, r)
	if r.billed.sign() > 0 {
		b = append(b, ", "...)
		if ch.Price.Model == ModelPercentage {
			b = appendPerRecord(b, ch.Price, r, cur)
		} else {
			b = appendParts(b, ch.Price, res, billed, cur)
		}
	}
	if res.Capped {
		b = append(b, ", capped at the maximum of "...)
		b = appendMoney(b, NewMoney(price.Maximum.Decimal, cur))
	}
	if level && partial {
		b = q.appendShare(b, ratio, full)
	}
	line.Description = string(b)
	lines = append(lines, line)
	if trueUp.Sign() > 0 {
		b = q.appendRunLabel(b[:0], ch, partial, first, end)
		b = append(b, ": minimum commitment "...)
		b = appendMoney(b, NewMoney(price.Minimum.Decimal, cur))
		if partial && !level {
			b = append(b, " ("...)
			b = appendRatio(b, ratio)
			b = append(b, " of "...)
			b = appendMoney(b, NewMoney(ch.Price.Minimum.Decimal, cur))
			b = append(b, ')')
		}
		b = append(b, ", usage charged "...)
		b = appendMoney(b, line.Amount)
		b = append(b, ", true-up"...)
		lines = append(lines, Line{
			Product: ch.Product, Charge: ch.ID, Kind: ChargeUsage, Model: ch.Price.Model,
			Quantity: decOne, Fraction: fraction, Days: days, PeriodDays: q.periodDays, From: from, Until: until,
			TrueUp: true, Amount: trueUp, Description: string(b),
		})
	}
	q.buf = b
	return lines, nil
}

// perRecord prices a percentage charge record by record: each record's
// billed amount gets the percentage, the fixed fee and the per-transaction
// bounds; the commitments of p then apply to the sum.
func (u *usage) perRecord(p Price, r *run) (Result, error) {
	each := p
	each.Minimum, each.Maximum = decimal.NullDecimal{}, decimal.NullDecimal{}
	var res Result
	n := 0
	for i := range r.recs {
		b := r.recs[i].billed
		if b.sign() <= 0 {
			continue // wholly included: no transaction to charge
		}
		fee, err := each.compute(b.Decimal(), nil, u.q.parts[:0])
		if err != nil {
			return Result{}, err
		}
		res.Amount = res.Amount.Add(fee.Amount)
		n++
	}
	res.Parts = append(u.q.parts[:0], Part{Quantity: decimal.NewFromInt(int64(n)), Amount: res.Amount})
	return p.commit(res), nil
}

// appendRunLabel appends the charge's label, and the run's span when it is
// shorter than the period: "Domestic SMS, 20 Nov–30 Nov".
func (q *quoter) appendRunLabel(b []byte, ch *Charge, partial bool, first, end int) []byte {
	b = append(b, ch.label()...)
	if partial {
		b = append(b, ", "...)
		b = q.appendSpan(b, first, end)
	}
	return b
}

// unitOf returns the unit a usage line of ch writes: ch.Unit, else the
// catalog's unit of its allowance attribute, else none.
func (q *quoter) unitOf(ch *Charge) string {
	if ch.Unit != "" || ch.Allowance == "" {
		return ch.Unit
	}
	unit, _ := q.opts.cat.AttributeUnit(ch.Allowance)
	return unit
}

// appendUnits appends "30 SMS", or "30" without a unit.
func appendUnits(b []byte, n decimal.Decimal, unit string) []byte {
	b = appendDecimal(b, n)
	if unit != "" {
		b = append(b, ' ')
		b = append(b, unit...)
	}
	return b
}

// appendCount appends n as appendDecimal does, a whole number without
// making a decimal of it.
func appendCount(b []byte, n units) []byte {
	if n.d == nil {
		return strconv.AppendInt(b, n.n, 10)
	}
	return appendDecimal(b, *n.d)
}

// appendIncluded appends, after a line's usage, what run r's allowance
// gave: when nothing is billed, its size and where it came from (" of 200
// included from Basic Call", " of 350 included (200 from Basic Call, 150
// from Easy SMS)"); when something is, the part it covered and where that
// came from (", 36 included from Smart Call", ", 0 included" when none of
// it was usable then) — not its size, which would read as units left
// unused when another line of the same meter used them; nothing when it
// has no allowance.
func (q *quoter) appendIncluded(b []byte, r *run) []byte {
	switch {
	case r.allowance.sign() == 0:
		return b
	case r.billed.sign() == 0:
		b = append(b, " of "...)
		b = appendCount(b, r.allowance)
		b = append(b, " included"...)
		return q.appendUses(b, r.granted)
	}
	b = append(b, ", "...)
	b = appendCount(b, r.included)
	b = append(b, " included"...)
	return q.appendUses(b, r.uses)
}

// appendUses appends where units came from: " from Basic Call", " (50 from
// Basic Call, 150 from Easy SMS)".
func (q *quoter) appendUses(b []byte, uses []use) []byte {
	if len(uses) == 1 { // "50 included from Basic Call"
		return q.appendSource(append(b, " from "...), &uses[0])
	}
	for i := range uses {
		if i == 0 {
			b = append(b, " ("...)
		} else {
			b = append(b, ", "...)
		}
		b = appendCount(b, uses[i].units)
		b = q.appendSource(append(b, " from "...), &uses[i])
	}
	if len(uses) > 0 {
		b = append(b, ')')
	}
	return b
}

// appendSource names where an allowance came from.
func (q *quoter) appendSource(b []byte, u *use) []byte {
	switch u.source {
	case entitlement.LayerAccount:
		return append(b, "the account"...)
	case entitlement.LayerDefault:
		return append(b, "the catalog default"...)
	}
	return q.appendName(b, u.product, 0)
}

// appendPerRecord explains a percentage charge priced per record: "10 ×
// (2.9 % + 0.30 EUR, at least 0.50 EUR) on 10 billed".
func appendPerRecord(b []byte, p Price, r *run, cur Currency) []byte {
	n := 0
	for i := range r.recs {
		if r.recs[i].billed.sign() > 0 {
			n++
		}
	}
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, " × ("...)
	b = append(b, p.Percent.String()...)
	b = append(b, " %"...)
	if !p.Fixed.IsZero() {
		b = append(b, " + "...)
		b = appendMoney(b, NewMoney(p.Fixed, cur))
	}
	if p.MinFee.Valid {
		b = append(b, ", at least "...)
		b = appendMoney(b, NewMoney(p.MinFee.Decimal, cur))
	}
	if p.MaxFee.Valid {
		b = append(b, ", at most "...)
		b = appendMoney(b, NewMoney(p.MaxFee.Decimal, cur))
	}
	b = append(b, ") on "...)
	return appendDecimal(b, r.billed.Decimal())
}

// appendShare appends " (11/30 of the month at 2.00 EUR)".
func (q *quoter) appendShare(b []byte, ratio Ratio, full Money) []byte {
	b = append(b, " ("...)
	b = appendRatio(b, ratio)
	b = append(b, " of the period at "...)
	b = appendMoney(b, full)
	return append(b, ')')
}

func appendRatio(b []byte, r Ratio) []byte {
	b = strconv.AppendInt(b, int64(r.Days), 10)
	b = append(b, '/')
	return strconv.AppendInt(b, int64(r.PeriodDays), 10)
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
