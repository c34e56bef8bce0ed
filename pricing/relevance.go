package pricing

import (
	"slices"

	"github.com/tariffkit/tariff/catalog"
)

// relevance says which products of a quote matter to usage rating: those
// with usage charges, and those that set an allowance attribute (or the
// state of its feature) that a usage charge of the quote's products reads.
// A change of any other product leaves usage rating as it was.
type relevance struct {
	cat      *catalog.Catalog
	book     *Book
	attrs    []string // the allowance attributes read, at most 64 tracked one by one
	products []productFacts
}

// productFacts is what relevance knows of one product.
type productFacts struct {
	id      string
	charges []int  // indexes of its usage charges in the book
	affects uint64 // bit i: it sets attrs[i] or the state of its feature, once known
	known   bool   // affects is known
}

// newRelevance gathers the allowance attributes of the usage charges of
// every product of history.
func newRelevance(cat *catalog.Catalog, book *Book, history []Segment) *relevance {
	rl := &relevance{cat: cat, book: book, attrs: make([]string, 0, 4), products: make([]productFacts, 0, 8)}
	note := func(product string) {
		for _, j := range rl.of(product).charges {
			if a := book.def.Charges[j].Allowance; a != "" && !slices.Contains(rl.attrs, a) {
				rl.attrs = append(rl.attrs, a)
			}
		}
	}
	for i := range history {
		a := &history[i].Account
		note(a.Main)
		for _, m := range a.PastMains {
			note(m.Product)
		}
		for _, asg := range a.AddOns {
			note(asg.AddOn)
		}
	}
	return rl
}

// of returns what rl knows of product.
func (rl *relevance) of(product string) *productFacts {
	for i := range rl.products {
		if rl.products[i].id == product {
			return &rl.products[i]
		}
	}
	f := productFacts{id: product}
	for _, j := range rl.book.byProduct[product] {
		if rl.book.def.Charges[j].Kind == ChargeUsage {
			f.charges = append(f.charges, j)
		}
	}
	rl.products = append(rl.products, f)
	return &rl.products[len(rl.products)-1]
}

// affecting returns the bits of the attributes f's product affects (the
// 64th bit stands for every attribute from the 64th on).
func (rl *relevance) affecting(f *productFacts) uint64 {
	if !f.known {
		for i, attr := range rl.attrs {
			if rl.cat.Affects(f.id, attr) {
				f.affects |= 1 << min(i, 63)
			}
		}
		f.known = true
	}
	return f.affects
}

// cuts reports whether a change of addOn's assignments can change usage
// rating.
func (rl *relevance) cuts(addOn string) bool {
	f := rl.of(addOn)
	return len(f.charges) > 0 || rl.affecting(f) != 0
}

// affects reports whether product can change what attr resolves to.
func (rl *relevance) affects(product, attr string) bool {
	if rl == nil || product == "" {
		return rl == nil
	}
	i := slices.Index(rl.attrs, attr)
	return i < 0 || rl.affecting(rl.of(product))&(1<<min(i, 63)) != 0
}
