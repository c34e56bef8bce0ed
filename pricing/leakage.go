package pricing

import (
	"fmt"

	"github.com/tariffkit/tariff/catalog"
)

// ValidateAgainst checks the book against the catalog c and returns a
// *catalog.ValidationError matching ErrInvalidBook listing every problem
// at once, or nil:
//
//   - unknown_reference: a charge, a free entry or a discount plan names a
//     product c does not have (paths charges[ID].product, free[ID],
//     discounts[ID].product), or a usage charge's allowance names an
//     attribute c does not have (charges[ID].allowance);
//   - not_numeric: an allowance attribute whose values are not numbers;
//   - revenue_leakage: an assignable product (every main product, and every
//     add-on that some main product allows) that has no charge and is not
//     declared free, at path products[ID], in catalog order. An add-on that
//     no main product allows cannot be sold, so it is not leakage.
//
// The book's own rules were checked by NewBook; a product both free and
// charged is reported there (free_and_charged).
//
// A nil *Book (or the zero Book) returns an error wrapping ErrNoBook, a
// nil *catalog.Catalog one wrapping ErrNoCatalog: there is nothing to
// validate, and reporting every product as missing would hide that. An
// empty catalog is a catalog: every product the book names is unknown.
func (b *Book) ValidateAgainst(c *catalog.Catalog) error {
	switch {
	case !b.built():
		return fmt.Errorf("%w: cannot validate against a catalog", ErrNoBook)
	case c == nil:
		return fmt.Errorf("%w: cannot validate the price book", ErrNoCatalog)
	}
	var ps problems
	d := &b.def
	known := func(id string) bool {
		_, ok := c.ProductIndex(id)
		return ok
	}
	for i := range d.Charges {
		ch := &d.Charges[i]
		path := elem("charges", i, ch.ID)
		if !known(ch.Product) {
			ps.add(path+".product", catalog.CodeUnknownReference, "unknown product %q", ch.Product)
		}
		if ch.Allowance == "" {
			continue
		}
		switch a, _, ok := c.Attribute(ch.Allowance); {
		case !ok:
			ps.add(path+".allowance", catalog.CodeUnknownReference, "unknown attribute %q", ch.Allowance)
		case !a.Type.Numeric():
			ps.add(path+".allowance", catalog.CodeNotNumeric, "allowance attribute %q is of type %s, not a number", ch.Allowance, a.Type)
		}
	}
	for i, p := range d.Free {
		if !known(p) {
			ps.add(elem("free", i, p), catalog.CodeUnknownReference, "unknown product %q", p)
		}
	}
	for i := range d.Discounts {
		if p := &d.Discounts[i]; !known(p.Product) {
			ps.add(elem("discounts", i, p.ID)+".product", catalog.CodeUnknownReference, "unknown product %q", p.Product)
		}
	}
	assignable := make(map[string]string) // product ID → "main product" or "add-on"
	for _, m := range c.MainProductIDs() {
		assignable[m] = "main product"
		for _, a := range c.AddOnsFor(m) {
			assignable[a] = "add-on"
		}
	}
	for _, id := range c.ProductIDs() {
		kind := assignable[id]
		if kind == "" || len(b.byProduct[id]) > 0 || b.free[id] {
			continue
		}
		ps.add("products["+id+"]", catalog.CodeRevenueLeakage, "assignable %s %q has no charge and is not declared free", kind, id)
	}
	return ps.err()
}
