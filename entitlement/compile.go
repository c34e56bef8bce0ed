package entitlement

import (
	"slices"
	"sync"

	"github.com/tariffkit/tariff/catalog"
)

// Resolver is a catalog compiled for resolution: everything indexed, each
// attribute's distinct constants numbered, numbers as fixed-point
// integers. Build it once per catalog with NewResolver and share it: it is
// safe for concurrent use and never modified.
//
// A Resolver without a catalog (the zero Resolver, a nil *Resolver, or
// NewResolver(nil)) resolves nothing: Catalog returns nil, and every other
// method returns ErrNoCatalog.
type Resolver struct {
	cat      *catalog.Catalog
	products []cproduct
	features []cfeature
	attrs    []cattr
	vals     []cval  // every compiled constant; products and bands refer to them by index
	byRank   []int32 // product indexes in precedence order (see cproduct.rank)
	ids      idTable // the products by ID, with the add-ons' ranks

	attrHot     []attrHot // parallels attrs: what resolution (and diffconfig.go) reads of an attribute
	required    []uint64  // bitmap of features with a required attribute that has no default
	defaultOn   []uint64  // bitmap of features enabled by default
	needy       []int32   // default-enabled features with a required attribute that has no default
	anyRequired bool      // some feature has a required attribute without a default
	wideIDs     bool      // some attribute has more distinct constants than a 16-bit entry indexes
	pool        sync.Pool
}

// NewResolver compiles c for resolution. A nil c gives a Resolver without
// a catalog, whose methods return ErrNoCatalog.
func NewResolver(c *catalog.Catalog) *Resolver {
	if c == nil {
		return &Resolver{}
	}
	r := &Resolver{cat: c}
	r.compileFeatures()
	r.compileAttrs()
	consts := constTable{}
	r.products = make([]cproduct, c.NumProducts())
	for pi := range r.products {
		r.products[pi] = r.compileProduct(pi, consts)
	}
	r.compileExcludes()
	r.pack()
	for i := range r.attrs {
		r.wideIDs = r.wideIDs || len(r.attrs[i].consts) > maxNarrow+1
	}
	r.rankProducts()
	r.pool.New = func() any { return r.newScratch() }
	return r
}

// Catalog returns the catalog r was compiled from; nil for a Resolver
// without a catalog.
func (r *Resolver) Catalog() *catalog.Catalog {
	if r == nil {
		return nil
	}
	return r.cat
}

// newScratch returns the working memory of one resolution, in its state
// between resolutions.
func (r *Resolver) newScratch() *scratch {
	nfw, na, np := len(r.defaultOn), len(r.attrs), len(r.products)
	naw := (na + 63) / 64
	s := &scratch{
		en:     slices.Clone(r.defaultOn),
		fTouch: make([]uint64, (nfw+63)/64),
		gDef:   make([]uint64, nfw),
		gOn:    make([]uint64, nfw),
		gSet:   make([]uint64, naw),
		gVal:   make([]gvalue, na),
		aw:     make([]aword, naw),
		aTouch: make([]uint64, (naw+63)/64),
		slow:   make([]uint64, naw),
		wide:   make([]uint32, na),
		st:     make([]stage, 64*naw), // whole words: writeAttrs takes 64 at a time
		rOn:    make([]uint64, (np+63)/64),
		qty:    make([]int, np),
		dupF:   make([]uint64, nfw),
		dupA:   make([]uint64, naw),
	}
	s.sw = make([]*[64]stage, naw)
	for w := range s.sw {
		s.sw[w] = (*[64]stage)(s.st[w<<6:])
	}
	return s
}
