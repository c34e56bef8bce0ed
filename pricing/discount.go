package pricing

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Discount is a discount entry together with the plan that brought it: what
// a line item shows so that a customer can see why a charge was reduced.
type Discount struct {
	Plan    string // the discount plan's ID
	Product string // the assigned product whose plan it is
	Entry   DiscountEntry
}

// Reduction returns the discount on amount: amount × Percent / 100,
// exact and unrounded (a quote rounds each line once).
func (e DiscountEntry) Reduction(amount decimal.Decimal) decimal.Decimal {
	return amount.Mul(e.Percent).Shift(-2)
}

// DiscountEntries returns the entries for the charge chargeID of every
// discount plan whose product is among products (the main product and the
// add-ons assigned to an account), in book order. A product listed twice
// (an add-on bought twice) brings its plans once; products the book has no
// plan for bring nothing, and so does a nil Book.
func (b *Book) DiscountEntries(products []string, chargeID string) []Discount {
	b = b.orEmpty()
	var out []Discount
	for i := range b.def.Discounts {
		p := &b.def.Discounts[i]
		if !slices.Contains(products, p.Product) {
			continue
		}
		for _, e := range p.Entries {
			if e.Charge == chargeID {
				out = append(out, Discount{Plan: p.ID, Product: p.Product, Entry: e})
			}
		}
	}
	return out
}

// Discount returns the volume discount that applies to the charge chargeID
// at volume for an account holding products (its main product and its
// add-ons; order and repetition do not matter), and false if none does.
//
// The candidates are the entries for the charge of every plan whose
// product is among products: the main product's plan and the extra entries
// of the add-ons' plans form one ladder. The entry that applies is the one
// with the highest MinVolume not above volume; among entries with that
// MinVolume, the highest Percent; among entries equal in both, the first in
// book order. volume is the quantity the charge is computed on in the
// period (for a usage charge, the units rated after the allowance).
//
// Discount is pure and does not allocate. A nil Book has no discount.
func (b *Book) Discount(chargeID string, volume decimal.Decimal, products []string) (Discount, bool) {
	b = b.orEmpty()
	var best Discount
	found := false
	for i := range b.def.Discounts {
		p := &b.def.Discounts[i]
		if !slices.Contains(products, p.Product) {
			continue
		}
		for _, e := range p.Entries {
			if e.Charge != chargeID || e.MinVolume.Cmp(volume) > 0 {
				continue
			}
			if found {
				switch c := e.MinVolume.Cmp(best.Entry.MinVolume); {
				case c < 0:
					continue
				case c == 0 && e.Percent.Cmp(best.Entry.Percent) <= 0:
					continue
				}
			}
			best, found = Discount{Plan: p.ID, Product: p.Product, Entry: e}, true
		}
	}
	return best, found
}
