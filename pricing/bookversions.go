package pricing

import (
	"slices"
	"time"

	"github.com/tariffkit/tariff/catalog"
)

// BookVersion is one version of a price book: the book in force for new
// sales from From until the next version's From.
//
// A product sold under a version keeps that version's charges after later
// versions change them: it is grandfathered. Existing, when set, ends
// that: from the instant Existing on, this version also prices products
// sold under earlier versions (see BookVersions.Governing).
type BookVersion struct {
	ID       string
	From     time.Time // zero (first version only): in force since always
	Existing time.Time // zero: earlier sales keep their prices; else this version prices them from Existing on (not before From)
	Book     *Book
}

// BookVersions is a validated, immutable set of price-book versions in
// ascending order of From, with the same rules as catalog.Versions: the
// version in force at t prices what is sold at t; a product keeps the
// charges of the version in force at its sale (its terms instant, see
// entitlement.Assignment.Terms) until a later version with Existing at or
// before the instant billed prices it; a version that neither charges a
// product nor lists it as free leaves it priced by the last earlier
// version that does.
//
// Build it once with NewBookVersions and share it: no method modifies it.
// A nil *BookVersions holds no version.
type BookVersions struct {
	vs       []BookVersion
	byID     map[string]int
	products map[string][]int32 // product → indexes of the versions that price it (charges or free), ascending
}

// NewBookVersions validates a set of price-book versions and returns it,
// or a *catalog.ValidationError matching ErrInvalidBook listing every
// problem: no version, a version without a built Book, an ID invalid or
// repeated, a zero From after the first version, a From not after the
// previous one, an Existing before From, a currency other than the first
// version's, a charge ID that names a charge of another product or kind in
// another version.
func NewBookVersions(vs ...BookVersion) (*BookVersions, error) {
	s := &BookVersions{vs: slices.Clone(vs), byID: make(map[string]int, len(vs))}
	for i, v := range s.vs {
		if _, dup := s.byID[v.ID]; !dup {
			s.byID[v.ID] = i
		}
	}
	var ps problems
	s.validate(&ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	s.products = make(map[string][]int32)
	for i, v := range s.vs {
		seen := map[string]bool{}
		for _, ch := range v.Book.def.Charges {
			if !seen[ch.Product] {
				seen[ch.Product] = true
				s.products[ch.Product] = append(s.products[ch.Product], int32(i))
			}
		}
		for _, p := range v.Book.def.Free {
			if !seen[p] {
				seen[p] = true
				s.products[p] = append(s.products[p], int32(i))
			}
		}
	}
	return s, nil
}

// MustNewBookVersions is like NewBookVersions but panics on an invalid set;
// for tests and sets written in Go.
func MustNewBookVersions(vs ...BookVersion) *BookVersions {
	s, err := NewBookVersions(vs...)
	if err != nil {
		panic(err)
	}
	return s
}

func (s *BookVersions) validate(ps *problems) {
	if len(s.vs) == 0 {
		ps.add("versions", catalog.CodeInvalidVersion, "a set needs at least one version")
		return
	}
	type owner struct {
		version int
		product string
		kind    ChargeKind
	}
	charges := map[string]owner{}
	for i, v := range s.vs {
		path := elem("versions", i, v.ID)
		if !validID(v.ID) {
			ps.add(path, catalog.CodeInvalidID, "invalid version ID %q", v.ID)
		} else if f := s.byID[v.ID]; f != i {
			ps.add(path, catalog.CodeDuplicateID, "duplicate version ID %q (also at position %d)", v.ID, f)
		}
		switch {
		case i > 0 && v.From.IsZero():
			ps.add(path+".from", catalog.CodeInvalidVersion, "only the first version may be in force since always (zero from)")
		case i > 0 && !v.From.After(s.vs[i-1].From):
			ps.add(path+".from", catalog.CodeVersionOrder, "from %s is not after version %q's from %s",
				v.From.Format(time.RFC3339Nano), s.vs[i-1].ID, s.vs[i-1].From.Format(time.RFC3339Nano))
		}
		if !v.Existing.IsZero() && v.Existing.Before(v.From) {
			ps.add(path+".existing", catalog.CodeInvalidVersion, "existing %s is before from %s",
				v.Existing.Format(time.RFC3339Nano), v.From.Format(time.RFC3339Nano))
		}
		if !v.Book.built() {
			ps.add(path+".book", catalog.CodeInvalidVersion, "no price book")
			continue
		}
		if first := s.vs[0].Book; first.built() && v.Book.def.Currency != first.def.Currency {
			ps.add(path+".book.currency", catalog.CodeCurrency, "currency %s differs from the first version's %s",
				v.Book.def.Currency, first.def.Currency)
		}
		for _, ch := range v.Book.def.Charges {
			o, ok := charges[ch.ID]
			if !ok {
				charges[ch.ID] = owner{version: i, product: ch.Product, kind: ch.Kind}
				continue
			}
			if o.product != ch.Product || o.kind != ch.Kind {
				ps.add(path+".book.charges["+ch.ID+"]", catalog.CodeIDReused,
					"charge %q is a %s charge of %q here but a %s charge of %q in version %q",
					ch.ID, ch.Kind, ch.Product, o.kind, o.product, s.vs[o.version].ID)
			}
		}
	}
}

// Len returns the number of versions.
func (s *BookVersions) Len() int {
	if s == nil {
		return 0
	}
	return len(s.vs)
}

// Version returns version i (0 is the oldest), or false when i is out of
// range.
func (s *BookVersions) Version(i int) (BookVersion, bool) {
	if i < 0 || i >= s.Len() {
		return BookVersion{}, false
	}
	return s.vs[i], true
}

// Index returns the index of the version with the given ID.
func (s *BookVersions) Index(id string) (int, bool) {
	if s == nil {
		return 0, false
	}
	i, ok := s.byID[id]
	return i, ok
}

// At returns the version in force for new sales at t, and false before
// the first version's From.
func (s *BookVersions) At(t time.Time) (BookVersion, bool) {
	i := s.IndexAt(t)
	if i < 0 {
		return BookVersion{}, false
	}
	return s.vs[i], true
}

// IndexAt returns the index of the version in force for new sales at t, or
// -1 before the first version's From. It is monotone in t and costs a
// binary search.
func (s *BookVersions) IndexAt(t time.Time) int {
	if s == nil {
		return -1
	}
	n, _ := slices.BinarySearchFunc(s.vs, t, func(v BookVersion, t time.Time) int {
		if v.From.After(t) {
			return 1
		}
		return -1
	})
	return n - 1
}

// Floor returns the index of the newest version that prices existing
// products at t (the highest index whose Existing is set and not after
// t), or -1 when none does.
func (s *BookVersions) Floor(t time.Time) int {
	for i := s.Len() - 1; i >= 0; i-- {
		if e := s.vs[i].Existing; !e.IsZero() && !e.After(t) {
			return i
		}
	}
	return -1
}

// Governing returns the index of the version that prices, at instant at,
// a holding of product sold at instant terms: the newest version that
// prices the product (a charge or a free entry) and is not newer than both
// the version in force at terms (the first version for an instant before
// it) and Floor(at); when no such version prices it, the oldest that does.
// It reports false for a product no version prices.
func (s *BookVersions) Governing(product string, terms, at time.Time) (int, bool) {
	if s == nil {
		return 0, false
	}
	defined := s.products[product]
	if len(defined) == 0 {
		return 0, false
	}
	e := max(s.IndexAt(terms), 0, s.Floor(at))
	n, _ := slices.BinarySearch(defined, int32(e)+1)
	if n == 0 {
		return int(defined[0]), true
	}
	return int(defined[n-1]), true
}

// Book returns the book of version i, or nil when i is out of range.
func (s *BookVersions) Book(i int) *Book {
	if i < 0 || i >= s.Len() {
		return nil
	}
	return s.vs[i].Book
}

// Currency returns the currency of every version's book.
func (s *BookVersions) Currency() Currency {
	if s.Len() == 0 {
		return Currency{}
	}
	return s.vs[0].Book.def.Currency
}
