package pricing

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// terms is what a quote asks of the books and catalogs it prices against:
// which book prices a holding (a main product's period, an add-on
// assignment) from an instant on, and how the account resolves at an
// instant. With one book and one resolver (vs nil) every holding is priced
// by the book and the answers are immediate; across versions (vs set) they
// follow the holdings' terms (see versionTerms). The rest of the pipeline
// does not know which it has.
type terms struct {
	book *Book                 // the one book; nil across versions
	r    *entitlement.Resolver // the one catalog's resolver; nil when nothing is resolved (ranking)
	vs   *versionTerms
}

// mainPrice returns the book governing the main product of a in force at
// at, the index of its version (0 for one book), and the instant, at most
// until, up to which that book's recurring charges price it: across
// versions, the first instant where a version with other recurring
// charges for it takes over (see versionTerms).
func (t terms) mainPrice(a *entitlement.Account, at, until time.Time) (*Book, int, time.Time) {
	if t.vs == nil {
		return t.book, 0, until
	}
	product, _ := a.MainAt(at)
	return t.vs.price(product, mainTermsAt(a, at), at, until)
}

// addOnPrice is mainPrice for an add-on assignment.
func (t terms) addOnPrice(asg *entitlement.Assignment, at, until time.Time) (*Book, int, time.Time) {
	if t.vs == nil {
		return t.book, 0, until
	}
	return t.vs.price(asg.AddOn, orFrom(asg.Terms, asg.From), at, until)
}

// sameRecurring reports whether books a and b (each pricing product for a
// holding) give product the same recurring charges: whether a holding
// passing from one to the other keeps its line.
func (t terms) sameRecurring(a, b *Book, product string) bool {
	return a == b || t.vs != nil && sameRecurring(a, b, product)
}

// resolve returns the configuration of a at at.
func (t terms) resolve(a *entitlement.Account, at time.Time) (entitlement.Config, error) {
	if t.vs == nil {
		return t.r.Resolve(*a, at)
	}
	return t.vs.v.Resolve(*a, at)
}

// catalogAt returns the catalog a resolves against at at: where products
// rank against each other.
func (t terms) catalogAt(a *entitlement.Account, at time.Time) *catalog.Catalog {
	if t.vs == nil {
		return t.r.Catalog()
	}
	if r, err := t.vs.v.ResolverAt(*a, at); err == nil {
		return r.Catalog()
	}
	set := t.vs.v.Versions()
	return set.View(max(set.IndexAt(at), 0))
}

// discountBook returns the book whose discount plans apply to a quote
// whose account at its end (at) is a: the book governing its main product
// then. Nil (no plans) when a is nil or no version prices that product.
func (t terms) discountBook(a *entitlement.Account, at time.Time) *Book {
	if t.vs == nil {
		return t.book
	}
	if a == nil {
		return nil
	}
	product, _ := a.MainAt(at)
	g, ok := t.vs.books.Governing(product, mainTermsAt(a, at), at)
	if !ok {
		return nil
	}
	return t.vs.books.Book(g)
}

// versionTerms prices holdings by book versions and resolves accounts by
// catalog versions, for one quote (or one ranking).
//
// A holding is priced at t by the book version governing it
// (BookVersions.Governing of its product and its terms instant at t): its
// one-time charges at its start, its usage charges at each record's
// instant, its recurring charges over each span. Two versions giving a
// product the same recurring charges (field by field, and the same free
// entry) are one for them: a holding passing from one to the other keeps
// its line.
type versionTerms struct {
	books *BookVersions
	v     *entitlement.Versioned // nil when nothing is resolved (ranking)
	cuts  []time.Time            // where a holding's book or a catalog version can change, ascending, unique
	fresh []time.Time            // the catalog's From and Existing instants among cuts: definitions may change there
	floor []time.Time            // the books' Existing instants, ascending, unique: where a holding's book can change
}

func newVersionTerms(books *BookVersions, v *entitlement.Versioned) *versionTerms {
	t := &versionTerms{books: books, v: v}
	for i := range books.Len() {
		if e := books.vs[i].Existing; !e.IsZero() {
			t.floor = append(t.floor, e)
		}
	}
	set := v.Versions()
	for i := range set.Len() {
		ver, _ := set.Version(i)
		for _, e := range [2]time.Time{ver.From, ver.Existing} {
			if !e.IsZero() {
				t.fresh = append(t.fresh, e)
			}
		}
	}
	t.floor, t.fresh = sortedInstants(t.floor), sortedInstants(t.fresh)
	t.cuts = sortedInstants(append(slices.Clone(t.floor), t.fresh...))
	return t
}

func sortedInstants(ts []time.Time) []time.Time {
	slices.SortFunc(ts, time.Time.Compare)
	return slices.CompactFunc(ts, time.Time.Equal)
}

// isFresh reports whether a catalog version starts, or starts governing
// existing holdings, at t.
func (t *versionTerms) isFresh(at time.Time) bool {
	_, found := slices.BinarySearchFunc(t.fresh, at, time.Time.Compare)
	return found
}

// price returns the book governing, from at on, a holding of product
// sold at instant sold, the index of its version, and the first book
// Existing instant before until where a version with other recurring
// charges for the product takes over (else until). A product no version
// prices has the zero Book, which finds it unpriced, and version -1.
func (t *versionTerms) price(product string, sold, at, until time.Time) (*Book, int, time.Time) {
	g, ok := t.books.Governing(product, sold, at)
	if !ok {
		return &noBook, -1, until
	}
	b := t.books.vs[g].Book
	next, _ := slices.BinarySearchFunc(t.floor, at, func(e, at time.Time) int {
		if e.After(at) {
			return 1
		}
		return -1
	})
	for _, e := range t.floor[next:] {
		if !e.Before(until) {
			break
		}
		if g2, _ := t.books.Governing(product, sold, e); g2 != g && !sameRecurring(b, t.books.vs[g2].Book, product) {
			return b, g, e
		}
	}
	return b, g, until
}

// sameRecurring reports whether books a and b give product the same
// recurring charges, in the same order, and the same free entry.
func sameRecurring(a, b *Book, product string) bool {
	if a.free[product] != b.free[product] {
		return false
	}
	ia, ib := a.byProduct[product], b.byProduct[product]
	for {
		for len(ia) > 0 && a.def.Charges[ia[0]].Kind != ChargeRecurring {
			ia = ia[1:]
		}
		for len(ib) > 0 && b.def.Charges[ib[0]].Kind != ChargeRecurring {
			ib = ib[1:]
		}
		if len(ia) == 0 || len(ib) == 0 {
			return len(ia) == len(ib)
		}
		if !sameCharge(&a.def.Charges[ia[0]], &b.def.Charges[ib[0]]) {
			return false
		}
		ia, ib = ia[1:], ib[1:]
	}
}

// sameCharge reports whether x and y are the same charge at the same
// price, field by field (decimals equal and written with the same places,
// so that lines show them alike).
func sameCharge(x, y *Charge) bool {
	if x.ID != y.ID || x.Name != y.Name || x.Product != y.Product || x.Kind != y.Kind || x.Period != y.Period ||
		x.Meter != y.Meter || x.Unit != y.Unit || x.Allowance != y.Allowance || x.Aggregate != y.Aggregate || x.Grant != y.Grant {
		return false
	}
	p, q := &x.Price, &y.Price
	if p.Model != q.Model || p.Currency != q.Currency || p.FlatAtZero != q.FlatAtZero || len(p.Tiers) != len(q.Tiers) ||
		!sameDecimal(p.Amount, q.Amount) || !sameDecimal(p.BlockSize, q.BlockSize) || !sameDecimal(p.FreeUnits, q.FreeUnits) ||
		!sameDecimal(p.Percent, q.Percent) || !sameDecimal(p.Fixed, q.Fixed) ||
		!sameNull(p.MinFee, q.MinFee) || !sameNull(p.MaxFee, q.MaxFee) || !sameNull(p.Minimum, q.Minimum) || !sameNull(p.Maximum, q.Maximum) {
		return false
	}
	for i := range p.Tiers {
		s, u := &p.Tiers[i], &q.Tiers[i]
		if !sameNull(s.UpTo, u.UpTo) || !sameDecimal(s.Unit, u.Unit) || !sameDecimal(s.Flat, u.Flat) {
			return false
		}
	}
	return true
}

// mainTermsAt returns the terms instant of the main product in force at
// at: its period's Terms, or the period's From when Terms is zero.
func mainTermsAt(a *entitlement.Account, at time.Time) time.Time {
	if a.MainFrom.IsZero() || !at.Before(a.MainFrom) {
		return orFrom(a.MainTerms, a.MainFrom)
	}
	for i := len(a.PastMains) - 1; i >= 0; i-- {
		if p := &a.PastMains[i]; p.From.IsZero() || !at.Before(p.From) {
			return orFrom(p.Terms, p.From)
		}
	}
	return time.Time{}
}

// startsMain reports whether a main period of a starts at at: a change of
// main product, or the same product under new terms.
func startsMain(a *entitlement.Account, at time.Time) bool {
	if !a.MainFrom.IsZero() && a.MainFrom.Equal(at) {
		return true
	}
	return slices.ContainsFunc(a.PastMains, func(p entitlement.MainPeriod) bool { return !p.From.IsZero() && p.From.Equal(at) })
}

func orFrom(terms, from time.Time) time.Time {
	if terms.IsZero() {
		return from
	}
	return terms
}

// sameDecimal reports whether x and y are equal and written with the same
// places, so that a line shows them alike.
func sameDecimal(x, y decimal.Decimal) bool { return x.Equal(y) && x.Exponent() == y.Exponent() }

func sameNull(x, y decimal.NullDecimal) bool {
	return x.Valid == y.Valid && (!x.Valid || sameDecimal(x.Decimal, y.Decimal))
}
