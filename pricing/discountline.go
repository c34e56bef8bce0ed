package pricing

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
)

// assignedProducts returns the products whose layers make up cfg: its main
// product and its add-ons. Their discount plans apply to the quote.
func assignedProducts(cfg entitlement.Config) []string {
	layers := cfg.Layers()
	out := make([]string, 0, len(layers))
	for _, l := range layers {
		if l.Kind == entitlement.LayerMain || l.Kind == entitlement.LayerAddOn {
			out = append(out, l.Product)
		}
	}
	return out
}

// discountedCharges returns the IDs of the charges that the discount plans
// of products have entries for.
func (b *Book) discountedCharges(products []string) []string {
	var out []string
	for i := range b.def.Discounts {
		p := &b.def.Discounts[i]
		if !slices.Contains(products, p.Product) {
			continue
		}
		for j := range p.Entries {
			if c := p.Entries[j].Charge; !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// discountVolume returns the volume a discount entry is measured against on
// line l: the units billed after the allowance for a usage line, the
// quantity priced (the assignment quantity) for the others.
func discountVolume(l *Line) decimal.Decimal {
	if l.Kind == ChargeUsage {
		return l.Quantity.Sub(l.Included)
	}
	return l.Quantity
}

// discountLines returns lines with a volume discount line after every
// charge line that a discount entry of the plans of products reduces. A
// true-up line is not discounted, and a reduction that rounds to zero adds
// no line. Discount lines are inserted in place, in the spare capacity of
// lines when it has some.
func (q *quoter) discountLines(lines []Line, products []string) []Line {
	charges := q.book.discountedCharges(products)
	if len(charges) == 0 {
		return lines
	}
	for i := 0; i < len(lines); i++ {
		l := &lines[i]
		if l.TrueUp || l.Amount.Sign() <= 0 || !slices.Contains(charges, l.Charge) {
			continue
		}
		volume := discountVolume(l)
		disc, ok := q.book.Discount(l.Charge, volume, products)
		if !ok {
			continue
		}
		off := NewMoney(disc.Entry.Reduction(l.Amount.amount), l.Amount.currency).Round(q.opts.mode)
		if off.IsZero() {
			continue
		}
		lines = slices.Insert(lines, i+1, q.discountLine(l, disc, volume, off))
		i++ // past the discount line
	}
	return lines
}

// discountLine returns the line that takes off from l the discount disc
// reached at volume: "Carnival 200 volume discount: 10 % off minutes_brazil
// (150 billed ≥ 100)".
func (q *quoter) discountLine(l *Line, disc Discount, volume decimal.Decimal, off Money) Line {
	b := q.appendName(q.buf[:0], disc.Product, 1)
	b = append(b, " volume discount: "...)
	b = appendDecimal(b, disc.Entry.Percent)
	b = append(b, " % off "...)
	switch l.Kind {
	case ChargeUsage:
		if ch, ok := q.book.charges[l.Charge]; ok {
			b = append(b, q.book.def.Charges[ch].label()...)
		}
		b = append(b, " ("...)
		b = appendDecimal(b, volume)
		b = append(b, " billed"...)
	case ChargeRecurring:
		b = q.appendName(b, l.Product, qtyInt(l.Quantity))
		b = append(b, ", "...)
		b = q.appendSpan(b, q.day(l.From), q.day(l.Until))
		b = append(b, " (quantity "...)
		b = appendDecimal(b, volume)
	default:
		b = q.appendName(b, l.Product, qtyInt(l.Quantity))
		b = append(b, " one-time charge (quantity "...)
		b = appendDecimal(b, volume)
	}
	b = append(b, " ≥ "...)
	b = appendDecimal(b, disc.Entry.MinVolume)
	b = append(b, ')')
	q.buf = b
	return Line{
		Product: l.Product, Charge: l.Charge, Kind: l.Kind, Model: l.Model,
		Quantity: volume, Fraction: l.Fraction, Days: l.Days, PeriodDays: l.PeriodDays,
		From: l.From, Until: l.Until, Discount: &disc,
		Amount: off.Neg(), Description: string(b),
	}
}

// qtyInt returns a recurring or one-time line's quantity as an int: a
// whole assignment quantity.
func qtyInt(d decimal.Decimal) int {
	return int(d.IntPart())
}
