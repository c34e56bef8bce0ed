package pricing

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tariffkit/tariff/catalog"
)

// Errors for a price book or catalog that is missing.
var (
	// ErrNoBook is wrapped by the error of every operation that needs a
	// price book and is given a nil *Book or the zero Book:
	// Book.ValidateAgainst, Book.MarshalJSON and RankUpgrades (the latter
	// with ErrInvalidQuote).
	ErrNoBook = errors.New("pricing: no price book")
	// ErrNoCatalog is wrapped by the error of Book.ValidateAgainst given a
	// nil *catalog.Catalog: there is nothing to validate against.
	ErrNoCatalog = errors.New("pricing: no catalog")
)

// Book is an immutable, validated price book. Build it once with NewBook
// (or DecodeBook) and share it between goroutines: no method modifies it.
// Look-ups return copies, so a caller cannot change the Book through them.
//
// A nil *Book and the zero Book (one not built by NewBook) hold nothing:
// their look-ups find nothing (Definition is the zero PriceBook, Currency
// the zero Currency, Charge reports false, ChargesFor, DiscountEntries
// nil, IsFree and Discount false); ValidateAgainst, MarshalJSON and
// RankUpgrades return an error wrapping ErrNoBook; NewQuote and
// QuoteHistory refuse a nil Book with ErrInvalidQuote (and find every
// product of the zero Book unpriced). No method panics.
type Book struct {
	def       PriceBook
	charges   map[string]int   // charge ID → index in def.Charges
	byProduct map[string][]int // product ID → charge indexes, in definition order
	free      map[string]bool
	full      [][]fullTier // per charge: the full tiers of a graduated price (fullTiers)
}

// NewBook validates def and builds the Book. It returns a
// *catalog.ValidationError matching ErrInvalidBook, listing every problem
// at once, when def is invalid (see the package documentation, section
// "Price book", for the rules). def is copied: later
// changes to it do not affect the Book. A price whose Currency is the zero
// Currency takes the book's currency.
func NewBook(def PriceBook) (*Book, error) {
	def = def.Clone()
	for i := range def.Charges {
		if def.Charges[i].Price.Currency.IsZero() {
			def.Charges[i].Price.Currency = def.Currency
		}
	}
	b := &Book{
		def:       def,
		charges:   make(map[string]int, len(def.Charges)),
		byProduct: make(map[string][]int),
		free:      make(map[string]bool, len(def.Free)),
	}
	var ps problems
	b.validate(&ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	b.full = make([][]fullTier, len(def.Charges))
	for i := range def.Charges {
		b.full[i] = fullTiers(&def.Charges[i].Price)
	}
	return b, nil
}

// MustNewBook is like NewBook but panics on an invalid definition. It is
// meant for tests and package-level books written in Go.
func MustNewBook(def PriceBook) *Book {
	b, err := NewBook(def)
	if err != nil {
		panic(err)
	}
	return b
}

// Clone returns a deep copy of p. Empty lists become nil.
func (p PriceBook) Clone() PriceBook {
	out := PriceBook{Currency: p.Currency, Free: cloneList(p.Free)}
	if len(p.Charges) > 0 {
		out.Charges = make([]Charge, len(p.Charges))
		for i, c := range p.Charges {
			out.Charges[i] = c.clone()
		}
	}
	if len(p.Discounts) > 0 {
		out.Discounts = make([]DiscountPlan, len(p.Discounts))
		for i, d := range p.Discounts {
			d.Entries = cloneList(d.Entries)
			out.Discounts[i] = d
		}
	}
	return out
}

func (c Charge) clone() Charge {
	c.Price.Tiers = cloneList(c.Price.Tiers)
	return c
}

func cloneList[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// built reports whether b was built by NewBook: not nil, not the zero Book.
func (b *Book) built() bool { return b != nil && b.charges != nil }

// noBook stands in for a nil *Book: the zero Book, whose look-ups find
// nothing. Nothing writes to it.
var noBook Book

// orEmpty returns b, or &noBook for a nil b.
func (b *Book) orEmpty() *Book {
	if b == nil {
		return &noBook
	}
	return b
}

// Definition returns a deep copy of the definition the Book was built from,
// with every price's currency filled in; the zero PriceBook for a nil Book.
func (b *Book) Definition() PriceBook { return b.orEmpty().def.Clone() }

// Currency returns the book's currency: every price in it is in this one.
// A nil Book has the zero Currency.
func (b *Book) Currency() Currency { return b.orEmpty().def.Currency }

// Charge returns a copy of the charge with the given ID, and false when
// there is none (always, for a nil Book).
func (b *Book) Charge(id string) (Charge, bool) {
	b = b.orEmpty()
	i, ok := b.charges[id]
	if !ok {
		return Charge{}, false
	}
	return b.def.Charges[i].clone(), true
}

// ChargesFor returns copies of the charges of the product productID, in
// definition order; nil if it has none (always, for a nil Book).
func (b *Book) ChargesFor(productID string) []Charge {
	b = b.orEmpty()
	idx := b.byProduct[productID]
	if len(idx) == 0 {
		return nil
	}
	out := make([]Charge, len(idx))
	for i, ci := range idx {
		out[i] = b.def.Charges[ci].clone()
	}
	return out
}

// IsFree reports whether the product productID is declared free (listed in
// PriceBook.Free); false for every product of a nil Book.
func (b *Book) IsFree(productID string) bool { return b.orEmpty().free[productID] }

// validID reports whether id can serve as an ID: not empty, valid UTF-8,
// and free of white space, control characters, brackets and double quotes
// (the rule package catalog applies to its IDs, plus UTF-8 so that JSON can
// carry it), so that it can stand in a path.
func validID(id string) bool {
	return id != "" && utf8.ValidString(id) && !strings.ContainsFunc(id, func(r rune) bool {
		return r <= ' ' || r == '[' || r == ']' || r == '"' || r == 0x7f || unicode.IsSpace(r)
	})
}

// validName reports whether name can serve as a charge's name or unit:
// empty (none), or valid UTF-8 without control characters (tabs and line
// breaks included: a name sits inside one line of a description) that
// neither starts nor ends with white space (so a name is never blank).
func validName(name string) bool {
	if name == "" {
		return true
	}
	if !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	return !unicode.IsSpace(first) && !unicode.IsSpace(last)
}

// elem returns the path of a list element named by id: section[id], or
// section[#i] (its position) when id cannot name it.
func elem(section string, i int, id string) string {
	if !validID(id) {
		return fmt.Sprintf("%s[#%d]", section, i)
	}
	return section + "[" + id + "]"
}

// validate checks the book on its own, without a catalog, and fills the
// indexes. Of two charges or plans with the same ID the first is indexed.
func (b *Book) validate(ps *problems) {
	d := &b.def
	if d.Currency.IsZero() {
		ps.add("currency", catalog.CodeMissingCurrency, "a price book needs a currency")
	}
	type meterKey struct{ product, meter string }
	meters := make(map[meterKey]string)
	for i := range d.Charges {
		c := &d.Charges[i]
		path := elem("charges", i, c.ID)
		switch _, dup := b.charges[c.ID]; {
		case !validID(c.ID):
			ps.add(path, catalog.CodeInvalidID, "invalid charge ID %q", c.ID)
		case dup:
			ps.add(path, catalog.CodeDuplicateID, "duplicate charge ID %q", c.ID)
		default:
			b.charges[c.ID] = i
		}
		if !validID(c.Product) {
			ps.add(path+".product", catalog.CodeInvalidID, "invalid product ID %q", c.Product)
		} else {
			b.byProduct[c.Product] = append(b.byProduct[c.Product], i)
		}
		b.checkCharge(ps, path, c)
		if c.Kind == ChargeUsage && validID(c.Meter) && validID(c.Product) {
			k := meterKey{c.Product, c.Meter}
			if first, dup := meters[k]; dup {
				ps.add(path+".meter", catalog.CodeDuplicateID, "product %q already rates meter %q with charge %q", c.Product, c.Meter, first)
			} else {
				meters[k] = c.ID
			}
		}
	}
	for i, p := range d.Free {
		path := elem("free", i, p)
		switch {
		case !validID(p):
			ps.add(path, catalog.CodeInvalidID, "invalid product ID %q", p)
		case b.free[p]:
			ps.add(path, catalog.CodeDuplicateID, "product %q is listed as free twice", p)
		case len(b.byProduct[p]) > 0:
			ps.add(path, catalog.CodeFreeAndCharged, "product %q is declared free but has charge %q", p, d.Charges[b.byProduct[p][0]].ID)
		}
		if validID(p) {
			b.free[p] = true
		}
	}
	plans := make(map[string]bool, len(d.Discounts))
	for i := range d.Discounts {
		b.checkPlan(ps, i, plans)
	}
}

// checkCharge checks one charge's name, unit, kind, period, meter,
// allowance, aggregation, allowance grant and price.
func (b *Book) checkCharge(ps *problems, path string, c *Charge) {
	if !validName(c.Name) {
		ps.add(path+".name", catalog.CodeInvalidName, "invalid charge name %q", c.Name)
	}
	if !validName(c.Unit) {
		ps.add(path+".unit", catalog.CodeInvalidName, "invalid unit %q", c.Unit)
	}
	switch c.Kind {
	case ChargeRecurring:
		switch {
		case c.Period.Unit == PeriodInvalid || c.Period.Unit > PeriodYear:
			ps.add(path+".period.unit", catalog.CodeInvalidPeriod, "a recurring charge needs a billing period unit (day, week, month or year)")
		case c.Period.Count < 0:
			ps.add(path+".period.count", catalog.CodeInvalidPeriod, "billing period count %d is negative", c.Period.Count)
		}
	case ChargeOneTime, ChargeUsage:
		if c.Period != (BillingPeriod{}) {
			ps.add(path+".period", catalog.CodeUnusedField, "a %s charge has no billing period", c.Kind)
		}
	default:
		ps.add(path+".kind", catalog.CodeInvalidKind, "kind must be one of recurring, one_time, usage")
	}
	if c.Kind == ChargeUsage {
		if c.Meter == "" {
			ps.add(path+".meter", catalog.CodeRequired, "a usage charge needs a meter")
		} else if !validID(c.Meter) {
			ps.add(path+".meter", catalog.CodeInvalidID, "invalid meter %q", c.Meter)
		}
		if c.Allowance != "" && !validID(c.Allowance) {
			ps.add(path+".allowance", catalog.CodeInvalidID, "invalid allowance attribute ID %q", c.Allowance)
		}
		checkAggregation(ps, path, c)
	} else {
		if c.Meter != "" {
			ps.add(path+".meter", catalog.CodeUnusedField, "a %s charge has no meter", c.Kind)
		}
		if c.Unit != "" {
			ps.add(path+".unit", catalog.CodeUnusedField, "a %s charge has no unit", c.Kind)
		}
		if c.Allowance != "" {
			ps.add(path+".allowance", catalog.CodeUnusedField, "a %s charge has no allowance", c.Kind)
		}
		if c.Aggregate != AggregateSum {
			ps.add(path+".aggregate", catalog.CodeUnusedField, "a %s charge has no aggregation", c.Kind)
		}
		if c.Grant != AllowanceProrated {
			ps.add(path+".allowance_grant", catalog.CodeUnusedField, "a %s charge has no allowance grant", c.Kind)
		}
	}
	c.Price.check(ps, path+".price")
	if cur := c.Price.Currency; !cur.IsZero() && !b.def.Currency.IsZero() && cur != b.def.Currency {
		ps.add(path+".price.currency", catalog.CodeCurrency, "price in %s in a %s price book", cur, b.def.Currency)
	}
}

// checkAggregation checks a usage charge's aggregation and allowance
// grant: known values; a sum under a percentage price, whose fee is taken on
// each record's amount; a full grant only of an allowance that is consumed
// (a level is compared with the allowance in force, never prorated).
func checkAggregation(ps *problems, path string, c *Charge) {
	switch {
	case c.Aggregate > AggregateLast:
		ps.add(path+".aggregate", catalog.CodeInvalidAggregate, "aggregate must be one of sum, count, max, last")
	case c.Aggregate != AggregateSum && c.Price.Model == ModelPercentage:
		ps.add(path+".aggregate", catalog.CodeInvalidAggregate, "a percentage price takes its fee on each record's amount: aggregate must be sum, not %s", c.Aggregate)
	}
	switch {
	case c.Grant > AllowanceFull:
		ps.add(path+".allowance_grant", catalog.CodeInvalidGrant, "allowance grant must be prorated or full")
	case c.Grant == AllowanceFull && c.Allowance == "":
		ps.add(path+".allowance_grant", catalog.CodeUnusedField, "a usage charge without an allowance has no allowance grant")
	case c.Grant == AllowanceFull && c.Aggregate.IsLevel():
		ps.add(path+".allowance_grant", catalog.CodeUnusedField, "a %s aggregation compares each record with the allowance in force, never prorated: it takes no allowance grant", c.Aggregate)
	}
}

// checkPlan checks the discount plan at index i; seen holds the plan IDs
// met so far.
func (b *Book) checkPlan(ps *problems, i int, seen map[string]bool) {
	p := &b.def.Discounts[i]
	path := elem("discounts", i, p.ID)
	switch {
	case !validID(p.ID):
		ps.add(path, catalog.CodeInvalidID, "invalid discount plan ID %q", p.ID)
	case seen[p.ID]:
		ps.add(path, catalog.CodeDuplicateID, "duplicate discount plan ID %q", p.ID)
	default:
		seen[p.ID] = true
	}
	if !validID(p.Product) {
		ps.add(path+".product", catalog.CodeInvalidID, "invalid product ID %q", p.Product)
	}
	type entryKey struct{ charge, minVolume string }
	steps := make(map[entryKey]int, len(p.Entries))
	for j, e := range p.Entries {
		epath := fmt.Sprintf("%s.entries[%d]", path, j)
		if _, ok := b.charges[e.Charge]; !ok {
			ps.add(epath+".charge", catalog.CodeUnknownReference, "unknown charge %q", e.Charge)
		}
		if e.MinVolume.Sign() < 0 {
			ps.add(epath+".min_volume", catalog.CodeNegative, "min_volume is negative (%s)", e.MinVolume)
		}
		switch {
		case e.Percent.Sign() < 0:
			ps.add(epath+".percent", catalog.CodeNegative, "percent is negative (%s)", e.Percent)
		case e.Percent.Cmp(decHundred) > 0:
			ps.add(epath+".percent", catalog.CodePercentRange, "percent %s is above 100", e.Percent)
		}
		k := entryKey{e.Charge, e.MinVolume.String()}
		if first, dup := steps[k]; dup {
			ps.add(epath, catalog.CodeDuplicateID, "entries %d and %d both discount charge %q from volume %s", first, j, e.Charge, e.MinVolume)
		} else {
			steps[k] = j
		}
	}
}
