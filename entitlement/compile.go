package entitlement

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// Resolver is a catalog compiled for resolution: interned indexes, values
// pre-converted to fixed-point integers, conflict keys interned. Build it
// once per catalog with NewResolver and share it: it is safe for concurrent
// use and never modified.
type Resolver struct {
	cat      *catalog.Catalog
	products []cproduct
	features []cfeature
	attrs    []cattr
	vals     []cval  // every compiled constant; products and bands refer to them by index
	needy    []int32 // default-enabled features with a required attribute that has no default

	// Compact copies of what resolution reads for every definition, so its
	// random accesses stay in cache: attrHot parallels attrs, valHot vals.
	attrHot   []attrHot
	valHot    []valHot
	required  []uint64 // bitmap of features with a required attribute that has no default
	defaultOn []uint64 // bitmap of features enabled by default
	pool      sync.Pool
}

type cproduct struct {
	id       string
	kind     catalog.Kind
	priority int
	maxQty   int
	allowed  []int32 // main product indexes, sorted
	requires []int32 // add-on indexes
	excludes []int32 // add-on indexes, symmetric: includes those that exclude this one
	states   []pstate
	values   []pvalue
}

type pstate struct {
	feature int32
	state   catalog.State
}

type pvalue struct {
	attr int32
	cv   int32  // a constant, as an index into Resolver.vals
	band *cband // or a band rule
	// Copies of what resolution reads, so pushing a product reads its own
	// sorted list rather than two other arrays at random.
	hot valHot // of cv, for a constant
	attrHot
}

// cval is a compiled constant value.
type cval struct {
	val      catalog.Value
	id       int32 // equal constants of one attribute share an id
	num      int64 // the value times 10^scale of its attribute, when the attribute is fixed
	distinct bool  // not a list holding an item twice: a union of it alone is itself
}

type attrHot struct {
	feature int32
	combine catalog.Combine
	fixed   bool
}

type valHot struct {
	num      int64
	id       int32
	distinct bool
}

type cband struct {
	rule   *catalog.BandRule
	bounds []decimal.Decimal // len(vals)-1 bounds; the last band is "otherwise"
	vals   []int32           // indexes into Resolver.vals
}

type cfeature struct {
	id        string
	defaultOn bool
	attrLo    int32
	attrHi    int32
	required  []int32 // required attributes without a default
}

type cattr struct {
	id      string
	feature int32
	a       catalog.Attribute
	hasDef  bool
	defVal  catalog.Value
	fixed   bool  // every catalog value is num at scale without overflow risk at compile time
	scale   int32 // decimal places of num
}

// maxFixed bounds the magnitude of compiled numbers so a product's value
// times a realistic quantity stays far from int64 overflow; larger values
// take the decimal path.
const maxFixed = math.MaxInt64 >> 16

// NewResolver compiles c for resolution.
func NewResolver(c *catalog.Catalog) *Resolver {
	r := &Resolver{cat: c}
	r.features = make([]cfeature, c.NumFeatures())
	r.attrs = make([]cattr, c.NumAttributes())
	for fi := range r.features {
		f := c.FeatureAt(fi)
		lo, hi := c.FeatureAttributes(fi)
		cf := cfeature{id: f.ID, defaultOn: f.DefaultEnabled, attrLo: int32(lo), attrHi: int32(hi)}
		for ai := lo; ai < hi; ai++ {
			a, _ := c.AttributeAt(ai)
			r.attrs[ai] = cattr{id: a.ID, feature: int32(fi), a: a, hasDef: a.Default.IsSet(), defVal: a.Default}
			if a.Required && !a.Default.IsSet() {
				cf.required = append(cf.required, int32(ai))
			}
		}
		if cf.defaultOn && len(cf.required) > 0 {
			r.needy = append(r.needy, int32(fi))
		}
		r.features[fi] = cf
	}

	// Every value an attribute can take from the catalog, to choose its scale.
	perAttr := make([][]catalog.Value, len(r.attrs))
	for ai := range r.attrs {
		if r.attrs[ai].hasDef {
			perAttr[ai] = append(perAttr[ai], r.attrs[ai].defVal)
		}
	}
	for pi := range c.NumProducts() {
		for _, s := range c.ProductValues(pi) {
			if rule := s.Value.Rule(); rule != nil {
				for _, b := range rule.Bands {
					perAttr[s.Attribute] = append(perAttr[s.Attribute], b.Value)
				}
			} else {
				perAttr[s.Attribute] = append(perAttr[s.Attribute], s.Value)
			}
		}
	}
	interned := make([][]catalog.Value, len(r.attrs))
	for ai := range r.attrs {
		ca := &r.attrs[ai]
		ca.fixed, ca.scale = fixedScale(ca.a.Type, perAttr[ai])
	}
	compileConst := func(ai int32, v catalog.Value) int32 {
		ca := &r.attrs[ai]
		id := slices.IndexFunc(interned[ai], v.Equal)
		if id < 0 {
			id = len(interned[ai])
			interned[ai] = append(interned[ai], v)
		}
		cv := cval{val: v, id: int32(id), distinct: distinctItems(v)}
		if ca.fixed {
			cv.num, _ = toFixed(v, ca.scale)
		}
		r.vals = append(r.vals, cv)
		return int32(len(r.vals) - 1)
	}

	r.products = make([]cproduct, c.NumProducts())
	for pi := range r.products {
		p := c.ProductAt(pi)
		cp := cproduct{id: p.ID, kind: p.Kind, priority: p.Priority, maxQty: p.MaxQty()}
		for _, m := range p.AllowedMain {
			i, _ := c.ProductIndex(m)
			cp.allowed = append(cp.allowed, int32(i))
		}
		slices.Sort(cp.allowed)
		for _, q := range p.Requires {
			i, _ := c.ProductIndex(q)
			cp.requires = append(cp.requires, int32(i))
		}
		for _, s := range c.ProductStates(pi) {
			cp.states = append(cp.states, pstate{int32(s.Feature), s.State})
		}
		for _, s := range c.ProductValues(pi) {
			ai := int32(s.Attribute)
			pv := pvalue{attr: ai}
			if rule := s.Value.Rule(); rule != nil {
				cb := &cband{rule: rule}
				for _, b := range rule.Bands {
					if b.Below.Valid {
						cb.bounds = append(cb.bounds, b.Below.Decimal)
					}
					cb.vals = append(cb.vals, compileConst(ai, b.Value))
				}
				pv.band = cb
			} else {
				pv.cv = compileConst(ai, s.Value)
			}
			cp.values = append(cp.values, pv)
		}
		r.products[pi] = cp
	}
	// Excludes is symmetric: record it on both sides.
	for pi := range r.products {
		p := c.ProductAt(pi)
		for _, x := range p.Excludes {
			xi, _ := c.ProductIndex(x)
			r.products[pi].excludes = appendUnique(r.products[pi].excludes, int32(xi))
			r.products[xi].excludes = appendUnique(r.products[xi].excludes, int32(pi))
		}
	}
	r.attrHot = make([]attrHot, len(r.attrs))
	for i, ca := range r.attrs {
		r.attrHot[i] = attrHot{feature: ca.feature, combine: ca.a.Combine, fixed: ca.fixed}
	}
	r.valHot = make([]valHot, len(r.vals))
	for i, cv := range r.vals {
		r.valHot[i] = valHot{num: cv.num, id: cv.id, distinct: cv.distinct}
	}
	for pi := range r.products {
		for i := range r.products[pi].values {
			pv := &r.products[pi].values[i]
			pv.attrHot = r.attrHot[pv.attr]
			if pv.band == nil {
				pv.hot = r.valHot[pv.cv]
			}
		}
	}
	r.required = make([]uint64, (len(r.features)+63)/64)
	r.defaultOn = make([]uint64, (len(r.features)+63)/64)
	for fi, cf := range r.features {
		if len(cf.required) > 0 {
			mark(r.required, int32(fi))
		}
		if cf.defaultOn {
			mark(r.defaultOn, int32(fi))
		}
	}
	nf, na := len(r.features), len(r.attrs)
	r.pool.New = func() any {
		return &scratch{
			fSeen: make([]uint64, (nf+63)/64),
			aSeen: make([]uint64, (na+63)/64),
			fWin:  make([]fwin, nf),
			aWin:  make([]awin, na),
		}
	}
	return r
}

func distinctItems(v catalog.Value) bool {
	for i := range v.Len() {
		for j := range i {
			if v.Item(i) == v.Item(j) {
				return false
			}
		}
	}
	return true
}

func appendUnique(s []int32, v int32) []int32 {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// Catalog returns the catalog r was compiled from.
func (r *Resolver) Catalog() *catalog.Catalog { return r.cat }

// fixedScale chooses the number of decimal places at which every value of a
// numeric attribute is an exact int64 well inside range.
func fixedScale(t catalog.Type, vals []catalog.Value) (bool, int32) {
	switch t {
	case catalog.TypeInteger:
		for _, v := range vals {
			if i, _ := v.AsInt(); i > maxFixed || i < -maxFixed {
				return false, 0
			}
		}
		return true, 0
	case catalog.TypeDecimal, catalog.TypeQuantity:
	default:
		return false, 0
	}
	var scale int32
	for _, v := range vals {
		d, _ := v.AsDecimal()
		scale = max(scale, -d.Exponent())
	}
	if scale > 18 {
		return false, 0
	}
	for _, v := range vals {
		if _, ok := toFixed(v, scale); !ok {
			return false, 0
		}
	}
	return true, scale
}

// toFixed returns v times 10^scale as an int64, if exact and within maxFixed.
func toFixed(v catalog.Value, scale int32) (int64, bool) {
	if i, ok := v.AsInt(); ok {
		if scale != 0 || i > maxFixed || i < -maxFixed {
			return 0, false
		}
		return i, true
	}
	d, ok := v.AsDecimal()
	if !ok {
		return 0, false
	}
	s := d.Shift(scale)
	if !s.IsInteger() {
		return 0, false
	}
	bi := s.BigInt()
	if !bi.IsInt64() || bi.Int64() > maxFixed || bi.Int64() < -maxFixed {
		return 0, false
	}
	return bi.Int64(), true
}

// fromFixed turns a compiled number back into a value of type t.
func fromFixed(t catalog.Type, num int64, scale int32) catalog.Value {
	switch t {
	case catalog.TypeInteger:
		return catalog.Int(num)
	case catalog.TypeQuantity:
		return catalog.Qty(decimal.New(num, -scale))
	}
	return catalog.Dec(decimal.New(num, -scale))
}

// byPrecedence orders active add-ons by override priority, then ID.
func (r *Resolver) byPrecedence(a, b int32) int {
	pa, pb := &r.products[a], &r.products[b]
	return cmp.Or(cmp.Compare(pa.priority, pb.priority), cmp.Compare(pa.id, pb.id))
}
