package pricing

import (
	"slices"

	"github.com/tariffkit/tariff/catalog"
)

// relevance says which products of a quote matter to usage rating: those
// with usage charges, and those that set an allowance attribute (or the
// state of its feature) that a usage charge of the quote's products reads.
// A change of any other product leaves usage rating as it was.
//
// Across versions, a product is relevant when any version of the books
// gives it a usage charge, or any catalog version lets it set an
// allowance attribute read by any of them.
type relevance struct {
	cat      *catalog.Catalog
	cats     []*catalog.Catalog // across versions: the catalogs of the other versions
	book     *Book              // the one book; nil across versions
	books    *BookVersions      // across versions; nil for one book
	attrs    []string           // the allowance attributes read, at most 64 tracked one by one
	products []productFacts
}

// productFacts is what relevance knows of one product.
type productFacts struct {
	id      string
	charges []int       // indexes of its usage charges in rl.book
	other   []bookUsage // its usage charges in other books, as asked for
	affects uint64      // bit i: it sets attrs[i] or the state of its feature, once known
	rated   bool        // some book gives it a usage charge
	known   bool        // affects is known
}

// bookUsage lists the usage charges of a product in one book.
type bookUsage struct {
	book    *Book
	charges []int
}

// newRelevance gathers the allowance attributes of the usage charges of
// every product of history: in book, or in every version of books when
// book is nil (more then lists the other catalog versions').
func newRelevance(cat *catalog.Catalog, more []*catalog.Catalog, book *Book, books *BookVersions, history []Segment) *relevance {
	rl := &relevance{cat: cat, cats: more, book: book, books: books, attrs: make([]string, 0, 4), products: make([]productFacts, 0, 8)}
	note := func(product string) {
		if book != nil {
			rl.noteCharges(book, rl.of(product).charges)
			return
		}
		for i := range books.Len() {
			b := books.vs[i].Book
			for _, j := range b.byProduct[product] {
				if ch := &b.def.Charges[j]; ch.Kind == ChargeUsage && ch.Allowance != "" && !slices.Contains(rl.attrs, ch.Allowance) {
					rl.attrs = append(rl.attrs, ch.Allowance)
				}
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

// noteCharges adds the allowance attributes of the charges js of b.
func (rl *relevance) noteCharges(b *Book, js []int) {
	for _, j := range js {
		if a := b.def.Charges[j].Allowance; a != "" && !slices.Contains(rl.attrs, a) {
			rl.attrs = append(rl.attrs, a)
		}
	}
}

// of returns what rl knows of product.
func (rl *relevance) of(product string) *productFacts {
	for i := range rl.products {
		if rl.products[i].id == product {
			return &rl.products[i]
		}
	}
	f := productFacts{id: product}
	if rl.book != nil {
		f.charges = usageCharges(rl.book, product)
		f.rated = len(f.charges) > 0
	} else {
		for i := 0; i < rl.books.Len() && !f.rated; i++ {
			b := rl.books.vs[i].Book
			f.rated = slices.ContainsFunc(b.byProduct[product], func(j int) bool { return b.def.Charges[j].Kind == ChargeUsage })
		}
	}
	rl.products = append(rl.products, f)
	return &rl.products[len(rl.products)-1]
}

// usage returns the indexes of product's usage charges in b.
func (rl *relevance) usage(b *Book, product string) []int {
	f := rl.of(product)
	if b == rl.book {
		return f.charges
	}
	for _, u := range f.other {
		if u.book == b {
			return u.charges
		}
	}
	js := usageCharges(b, product)
	f.other = append(f.other, bookUsage{book: b, charges: js})
	return js
}

// usageCharges returns the indexes of product's usage charges in b.
func usageCharges(b *Book, product string) []int {
	var out []int
	for _, j := range b.byProduct[product] {
		if b.def.Charges[j].Kind == ChargeUsage {
			out = append(out, j)
		}
	}
	return out
}

// affecting returns the bits of the attributes f's product affects (the
// 64th bit stands for every attribute from the 64th on).
func (rl *relevance) affecting(f *productFacts) uint64 {
	if !f.known {
		for i, attr := range rl.attrs {
			if rl.cat.Affects(f.id, attr) || slices.ContainsFunc(rl.cats, func(c *catalog.Catalog) bool { return c.Affects(f.id, attr) }) {
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
	return f.rated || rl.affecting(f) != 0
}

// affects reports whether product can change what attr resolves to.
func (rl *relevance) affects(product, attr string) bool {
	if rl == nil || product == "" {
		return rl == nil
	}
	i := slices.Index(rl.attrs, attr)
	return i < 0 || rl.affecting(rl.of(product))&(1<<min(i, 63)) != 0
}
