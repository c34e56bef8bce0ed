package catalog

import (
	"slices"
	"time"
)

// Version is one version of a catalog: the catalog in force for new sales
// from From until the next version's From.
//
// A product sold under a version keeps that version's terms (its features,
// values, priority and rules) after later versions change it: it is
// grandfathered. Existing, when set, ends that: from the instant Existing
// on, this version also governs products sold under earlier versions (see
// Versions.Governing).
type Version struct {
	ID       string
	From     time.Time // zero (first version only): in force since always
	Existing time.Time // zero: earlier sales keep their terms; else this version governs them from Existing on (not before From)
	Catalog  *Catalog
}

// Versions is a validated, immutable set of catalog versions in ascending
// order of From. Build it once with NewVersions (or DecodeVersions) and
// share it: no method modifies it.
//
// The rules a Versions answers, each a method:
//
//   - Sales: the version in force at t (At) governs what is sold at t: a
//     product can be bought at t only if that version defines it.
//   - Terms: a product keeps the terms of the version it was sold under,
//     the version in force at its terms instant (its sale), unless a later
//     version with Existing at or before the instant of resolution governs
//     it (Governing). A version that does not define a product leaves it
//     under the last earlier version that does.
//   - Service definitions: service types, features, attributes and groups
//     are not sold, so they carry no terms: at every instant they are those
//     of the version in force (Compose).
//   - Compatibility: an existing product may stay with what its own terms
//     allow or what the version in force allows, whichever allows more
//     (Compose).
//
// A nil *Versions holds no version: At and Governing find nothing.
type Versions struct {
	vs       []Version
	byID     map[string]int
	products map[string]*productVersions
	views    []*Catalog // by version: Compose(i, nil), built by NewVersions
}

// productVersions records, for one product ID, which versions define it and
// which of their definitions are the same.
type productVersions struct {
	defined []int16 // indexes of the versions that define the product, ascending
	rev     []int16 // by version index: the revision of its definition (-1: not defined); equal definitions share one
}

// NewVersions validates a set of versions and returns it, or a
// *ValidationError listing every problem (see ValidateVersions for what is
// checked). Versions must be given in ascending order of From.
//
// Cost: it composes one catalog per version (the version's catalog plus
// the products and service definitions only other versions define), so it
// costs about one catalog build of the union of all versions per version:
// time grows with the number of versions times the size of all of them. A
// set holds at most 32,767 versions.
func NewVersions(vs ...Version) (*Versions, error) {
	s := newUnchecked(slices.Clone(vs))
	if probs := s.check(); len(probs) > 0 {
		return nil, &ValidationError{Err: ErrInvalid, Problems: probs}
	}
	s.indexProducts()
	s.views = make([]*Catalog, len(s.vs))
	var probs []Problem
	for i := range s.vs {
		c, err := s.compose(i, nil)
		if err != nil {
			probs = append(probs, prefixed(versionPath(i, s.vs[i].ID), err)...)
			continue
		}
		s.views[i] = c
	}
	if len(probs) > 0 {
		return nil, &ValidationError{Err: ErrInvalid, Problems: probs}
	}
	return s, nil
}

// newUnchecked returns a set of vs, owned by it, with its ID index (the
// first position of each ID) and nothing else: check it before use.
func newUnchecked(vs []Version) *Versions {
	s := &Versions{vs: vs, byID: make(map[string]int, len(vs))}
	for i, v := range s.vs {
		if _, dup := s.byID[v.ID]; !dup {
			s.byID[v.ID] = i
		}
	}
	return s
}

// MustNewVersions is like NewVersions but panics on an invalid set; for
// tests and sets written in Go.
func MustNewVersions(vs ...Version) *Versions {
	s, err := NewVersions(vs...)
	if err != nil {
		panic(err)
	}
	return s
}

// indexProducts records which versions define each product and numbers
// the distinct definitions.
func (s *Versions) indexProducts() {
	s.products = make(map[string]*productVersions)
	for i, v := range s.vs {
		for pi := range v.Catalog.def.Products {
			p := &v.Catalog.def.Products[pi]
			pv := s.products[p.ID]
			if pv == nil {
				pv = &productVersions{rev: make([]int16, len(s.vs))}
				for k := range pv.rev {
					pv.rev[k] = -1
				}
				s.products[p.ID] = pv
			}
			pv.rev[i] = int16(i)
			for _, d := range pv.defined {
				if productEqual(s.product(int(d), p.ID), p) {
					pv.rev[i] = pv.rev[d]
					break
				}
			}
			pv.defined = append(pv.defined, int16(i))
		}
	}
}

// product returns version i's definition of product id, or nil.
func (s *Versions) product(i int, id string) *Product {
	c := s.vs[i].Catalog
	if pi, ok := c.products[id]; ok {
		return &c.def.Products[pi]
	}
	return nil
}

// Len returns the number of versions.
func (s *Versions) Len() int {
	if s == nil {
		return 0
	}
	return len(s.vs)
}

// Version returns version i (0 is the oldest), or false when i is out of
// range.
func (s *Versions) Version(i int) (Version, bool) {
	if i < 0 || i >= s.Len() {
		return Version{}, false
	}
	return s.vs[i], true
}

// Index returns the index of the version with the given ID.
func (s *Versions) Index(id string) (int, bool) {
	if s == nil {
		return 0, false
	}
	i, ok := s.byID[id]
	return i, ok
}

// At returns the version in force for new sales at t: the last one whose
// From is not after t. It reports false before the first version's From.
func (s *Versions) At(t time.Time) (Version, bool) {
	i := s.IndexAt(t)
	if i < 0 {
		return Version{}, false
	}
	return s.vs[i], true
}

// IndexAt returns the index of the version in force for new sales at t, or
// -1 before the first version's From. It is monotone: a later t never
// gives a smaller index. It costs a binary search.
func (s *Versions) IndexAt(t time.Time) int {
	if s == nil {
		return -1
	}
	n, _ := slices.BinarySearchFunc(s.vs, t, func(v Version, t time.Time) int {
		if !v.From.IsZero() && v.From.After(t) { // a zero From is in force since always, year 0 included
			return 1
		}
		return -1
	})
	return n - 1
}

// TermsIndex returns the index of the version whose terms a product sold
// at instant terms keeps: the version in force at that instant, or the
// first version for an instant before it (zero included: "since always").
func (s *Versions) TermsIndex(terms time.Time) int {
	return max(s.IndexAt(terms), 0)
}

// Floor returns the index of the newest version that governs existing
// products at t (the highest index whose Existing is set and not after t),
// or -1 when none does.
func (s *Versions) Floor(t time.Time) int {
	for i := s.Len() - 1; i >= 0; i-- {
		if e := s.vs[i].Existing; !e.IsZero() && !e.After(t) {
			return i
		}
	}
	return -1
}

// Governing returns the index of the version whose definition of product
// governs, at instant at, a holding of it sold at instant terms: the
// newest version that defines the product and is not newer than both the
// terms' version (TermsIndex) and the newest version governing existing
// products at at (Floor); when no such version defines it, the oldest
// version that does. It reports false for a product no version defines.
func (s *Versions) Governing(product string, terms, at time.Time) (int, bool) {
	if s == nil {
		return 0, false
	}
	pv := s.products[product]
	if pv == nil {
		return 0, false
	}
	return int(pv.governing(max(s.TermsIndex(terms), s.Floor(at)))), true
}

// Choice returns the index of the version whose definition of product
// governs a holding under the terms of version i: the newest version not
// after i that defines it, else the oldest one that does. It reports
// false for a product no version defines. Governing(p, terms, at) is
// Choice(p, max(TermsIndex(terms), Floor(at))).
func (s *Versions) Choice(product string, i int) (int, bool) {
	if s == nil {
		return 0, false
	}
	pv := s.products[product]
	if pv == nil {
		return 0, false
	}
	return int(pv.governing(i)), true
}

// governing returns the newest version not after e that defines the
// product, or the oldest one that does.
func (pv *productVersions) governing(e int) int16 {
	n, _ := slices.BinarySearch(pv.defined, int16(e)+1)
	if n == 0 {
		return pv.defined[0]
	}
	return pv.defined[n-1]
}

// Defines reports whether version i defines product.
func (s *Versions) Defines(i int, product string) bool {
	if s == nil {
		return false
	}
	pv := s.products[product]
	return pv != nil && i >= 0 && i < len(pv.rev) && pv.rev[i] >= 0
}

// Same reports whether versions i and j define product identically (or
// both do not define it): whether moving a holding of it between them
// changes nothing.
func (s *Versions) Same(product string, i, j int) bool {
	if s == nil {
		return true
	}
	pv := s.products[product]
	if pv == nil {
		return true
	}
	if i < 0 || j < 0 || i >= len(pv.rev) || j >= len(pv.rev) {
		return i == j
	}
	return pv.rev[i] == pv.rev[j]
}

// View returns the catalog of version i as accounts see it when every
// product they hold is governed by the version Compose(i, nil) picks: the
// version's own catalog, plus the products and service definitions only
// other versions define. It is nil for an index out of range.
func (s *Versions) View(i int) *Catalog {
	if i < 0 || i >= s.Len() {
		return nil
	}
	return s.views[i]
}
