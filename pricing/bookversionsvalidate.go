package pricing

import (
	"errors"
	"fmt"

	"github.com/tariffkit/tariff/catalog"
)

// ValidateAgainst checks every price-book version against the catalog
// versions it prices sales of, and returns a *catalog.ValidationError
// matching ErrInvalidBook listing every problem at once, or nil.
//
// A book version prices what is sold while it is in force, from its From
// to the next version's: it is paired with every catalog version in force
// for sales at some instant of that span (catalog.Versions.IndexAt), and
// with the first catalog version when the span ends before any catalog
// version begins (a sale before the first version takes its terms, as in
// both sets' Governing). Each pair is checked as Book.ValidateAgainst
// checks a book against the catalog version's own Catalog, every problem
// at a path prefixed by versions[<book version ID>].catalog[<catalog
// version ID>]., e.g. versions[2026-01].catalog[2026-03].products[sms_pack]:
//
//   - revenue_leakage: an assignable product of the catalog version that
//     the book version neither charges nor declares free. A later or
//     earlier book version pricing it does not make up for it: a sale
//     takes the book version in force at its instant;
//   - unknown_reference: a charge, free entry or discount plan naming a
//     product that no catalog version defines. A product that the catalog
//     version does not define but another does (one retired, or not yet
//     sold) is not a problem: holdings of it are still billed;
//   - unknown_reference, not_numeric: a usage charge's allowance that the
//     catalog version lacks or does not define as a number, for a product
//     that the catalog version defines or that no catalog version does.
//
// A nil or empty set returns an error wrapping ErrNoBook, a nil or empty
// catalog set one wrapping ErrNoCatalog. It costs one Book.ValidateAgainst
// per pair: for each book version, as many as the catalog versions that
// begin during its span, plus one.
func (s *BookVersions) ValidateAgainst(cs *catalog.Versions) error {
	switch {
	case s.Len() == 0:
		return fmt.Errorf("%w: no price-book version to validate", ErrNoBook)
	case cs.Len() == 0:
		return fmt.Errorf("%w: no catalog version to validate the price-book versions against", ErrNoCatalog)
	}
	var ps problems
	for b, v := range s.vs {
		refs := productRefs(&v.Book.def)
		lo, hi := s.catalogSpan(b, cs)
		for c := lo; c <= hi; c++ {
			cv, _ := cs.Version(c)
			prefix := elem("versions", b, v.ID) + "." + elem("catalog", c, cv.ID) + "."
			err := v.Book.ValidateAgainst(cv.Catalog)
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) {
				if err != nil {
					ps.add(prefix[:len(prefix)-1], catalog.CodeInvalidVersion, "%v", err)
				}
				continue
			}
			for _, p := range ve.Problems {
				if product, ok := refs[p.Path]; ok && (p.Code == catalog.CodeUnknownReference || p.Code == catalog.CodeNotNumeric) {
					_, here := cv.Catalog.ProductIndex(product)
					if _, anywhere := cs.Choice(product, 0); !here && anywhere {
						continue // a product of another catalog version: its holdings are billed
					}
				}
				p.Path = prefix + p.Path
				ps.list = append(ps.list, p)
			}
		}
	}
	return ps.err()
}

// catalogSpan returns the indexes of the first and last catalog versions
// in force for sales during book version b's span [From_b, From_b+1): the
// one in force at From_b (the first, before any is) through the last that
// begins before From_b+1.
func (s *BookVersions) catalogSpan(b int, cs *catalog.Versions) (lo, hi int) {
	lo = max(cs.IndexAt(s.vs[b].From), 0)
	if b+1 == len(s.vs) {
		return lo, cs.Len() - 1
	}
	next := s.vs[b+1].From
	hi = cs.IndexAt(next)
	if v, ok := cs.Version(hi); ok && v.From.Equal(next) {
		hi-- // begins with the next book version: not in this one's span
	}
	return lo, max(hi, lo)
}

// productRefs maps the path of each product reference that
// Book.ValidateAgainst may report (a charge's product and allowance, a
// free entry, a discount plan's product) to the product it concerns.
func productRefs(d *PriceBook) map[string]string {
	refs := make(map[string]string, 2*len(d.Charges)+len(d.Free)+len(d.Discounts))
	for i := range d.Charges {
		ch := &d.Charges[i]
		path := elem("charges", i, ch.ID)
		refs[path+".product"] = ch.Product
		refs[path+".allowance"] = ch.Product
	}
	for i, p := range d.Free {
		refs[elem("free", i, p)] = p
	}
	for i := range d.Discounts {
		p := &d.Discounts[i]
		refs[elem("discounts", i, p.ID)+".product"] = p.Product
	}
	return refs
}
