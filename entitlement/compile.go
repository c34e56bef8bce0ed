package entitlement

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// Resolver is a catalog compiled for resolution: interned indexes, values
// pre-converted to fixed-point integers, conflict keys interned. Build it
// once per catalog with NewResolver and share it: it is safe for concurrent
// use and never modified.
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

	// Compact copies of what resolution reads, so its random accesses stay
	// in cache: attrHot parallels attrs.
	attrHot     []attrHot
	required    []uint64 // bitmap of features with a required attribute that has no default
	defaultOn   []uint64 // bitmap of features enabled by default
	needy       []int32  // default-enabled features with a required attribute that has no default
	anyRequired bool     // some feature has a required attribute without a default
	wideIDs     bool     // some attribute has more distinct constants than a 16-bit entry indexes
	pool        sync.Pool
}

// cproduct is a compiled product. Its definitions are split by what
// resolution does with them, so the common case runs in a loop of its own;
// every list is sorted by index.
type cproduct struct {
	id       string
	kind     catalog.Kind
	priority int
	rank     int32 // position in (priority, ID) order: ties are broken by ID
	maxQty   int
	allowed  []int32 // main product indexes, sorted
	// A main product's bit, 1<<i for the i-th main product in catalog order
	// when i < 64 (else 0), and an add-on's allowed list as those bits: a
	// resolution tests the list with an and.
	mainBit, allowedBits uint64
	requires             []int32 // add-on indexes
	excludes             []int32 // add-on indexes, symmetric: includes those that exclude this one
	linked               bool    // it requires or excludes some add-on

	fw states // its feature states
	// The attributes it sets a value for (def), and those of them whose
	// definitions combine (on): the words with some of the latter in aw,
	// the others in awOvr (def only), whose loop need not look for
	// definitions to combine.
	aw, awOvr sparse
	fTouch    sparse // the words of fw, as a bitmap of words (def only), but for touch word 0
	aTouch    sparse // the words of aw, likewise
	// The bits of touch word 0 (the first 4,096 features or attributes),
	// kept out of fTouch and aTouch: most catalogs have no other, so
	// resolution marks them without a loop.
	fTouch0, aTouch0 uint64
	ovr              consts   // constants of override attributes (num unused)
	sums             consts   // constants of fixed-point sum attributes
	other            []pvalue // band rules, and constants of max, min, unions and numbers beyond fixed point
	states           []uint32 // feature<<2 | state, for provenance
	values           []pvalue // every value, for provenance
}

// The four ways resolution combines an attribute's definitions.
const (
	kindOvr  uint8 = iota // override: the highest definer's constant
	kindSum               // sum in fixed point
	kindMax               // max in fixed point; min as the max of negated numbers
	kindSlow              // unions and numbers beyond fixed point, combined on collection
)

// sparse is a sparse bitmap, as parallel lists (so that the loops over
// them need no bounds checks but one): bitmap word w[i] is def[i], and on
// (when used) holds a subset of its bits.
type sparse struct {
	w       []uint32
	def, on []uint64
}

// states are a product's feature states, as parallel lists: in bitmap word
// w[i] it leaves the bits of keep[i] as they are (the features it does not
// define) and sets the others as in on[i]. Storing the complement saves
// resolution's word loop an instruction.
type states struct {
	w        []uint32
	keep, on []uint64
}

// consts are constants resolution writes in a loop of its own, as parallel
// lists: enc is a constant's result as written, when no other layer
// outranks or adds to it.
type consts struct {
	attr []uint32
	enc  []uint64 // packValue(howConst, id), id the constant's cval.id
	num  []int64  // the value in fixed point (0 when the attribute is not fixed); nil for override constants
}

func (c *consts) add(attr int32, enc uint64, num int64) {
	c.attr, c.enc, c.num = append(c.attr, uint32(attr)), append(c.enc, enc), append(c.num, num)
}

type pvalue struct {
	attr int32
	cv   int32  // a constant, as an index into Resolver.vals
	band *cband // or a band rule
}

// cval is a compiled constant value.
type cval struct {
	val      catalog.Value
	id       int32 // its index among its attribute's distinct constants (cattr.consts)
	num      int64 // the value times 10^scale of its attribute (negated for min), when the attribute is fixed
	distinct bool  // not a list holding an item twice: a union of it alone is itself
}

type attrHot struct {
	feature int32
	kind    uint8
	sum     bool // the combine rule is sum
	neg     bool // the combine rule is min: numbers are negated
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
	fixed   bool            // every catalog value is num at scale without overflow risk at compile time
	scale   int32           // decimal places of num
	consts  []catalog.Value // its distinct constants, by cval.id
}

// maxFixed bounds the magnitude of compiled numbers so a product's value
// times a realistic quantity stays far from int64 overflow; larger values
// take the decimal path.
const maxFixed = math.MaxInt64 >> 16

// NewResolver compiles c for resolution. A nil c gives a Resolver without
// a catalog, whose methods return ErrNoCatalog.
func NewResolver(c *catalog.Catalog) *Resolver {
	if c == nil {
		return &Resolver{}
	}
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
	r.attrHot = make([]attrHot, len(r.attrs))
	for ai := range r.attrs {
		ca := &r.attrs[ai]
		ca.fixed, ca.scale = fixedScale(ca.a.Type, perAttr[ai])
		ah := attrHot{feature: ca.feature, kind: kindSlow, sum: ca.a.Combine == catalog.CombineSum, neg: ca.a.Combine == catalog.CombineMin}
		switch {
		case ca.a.Combine == catalog.CombineOverride:
			ah.kind = kindOvr
		case !ca.fixed || ca.a.Combine == catalog.CombineUnion:
		case ah.sum:
			ah.kind = kindSum
		default:
			ah.kind = kindMax
		}
		r.attrHot[ai] = ah
	}
	// An attribute's distinct constants, found by key: a scan would make
	// compiling quadratic in an attribute's constants.
	ids := make(map[constKey]int, len(perAttr))
	compileConst := func(ai int32, v catalog.Value) int32 {
		ca := &r.attrs[ai]
		key := constKey{ai, canonical(v)}
		id, ok := ids[key]
		if !ok {
			id = len(ca.consts)
			ca.consts = append(ca.consts, v)
			ids[key] = id
		}
		cv := cval{val: v, id: int32(id), distinct: distinctItems(v)}
		if ca.fixed {
			cv.num, _ = toFixed(v, ca.scale)
			if r.attrHot[ai].neg {
				cv.num = -cv.num
			}
		}
		r.vals = append(r.vals, cv)
		return int32(len(r.vals) - 1)
	}

	r.products = make([]cproduct, c.NumProducts())
	for pi := range r.products {
		p := c.ProductAt(pi)
		cp := cproduct{id: p.ID, kind: p.Kind, priority: p.Priority, maxQty: p.MaxQty()}
		var fw sparse
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
			cp.states = append(cp.states, uint32(s.Feature)<<2|uint32(s.State))
			fw.add(int32(s.Feature), s.State == catalog.Enabled)
		}
		for _, s := range c.ProductValues(pi) {
			ai := int32(s.Attribute)
			cp.aw.add(ai, r.attrHot[ai].kind != kindOvr) // on: the attributes whose definitions combine
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
				cp.other = append(cp.other, pv)
			} else {
				pv.cv = compileConst(ai, s.Value)
				enc, num := packValue(howConst, int64(r.vals[pv.cv].id)), r.vals[pv.cv].num
				switch r.attrHot[ai].kind {
				case kindOvr:
					cp.ovr.attr, cp.ovr.enc = append(cp.ovr.attr, uint32(ai)), append(cp.ovr.enc, enc)
				case kindSum:
					cp.sums.add(ai, enc, num)
				default:
					cp.other = append(cp.other, pv)
				}
			}
			cp.values = append(cp.values, pv)
		}
		cp.fw = states{w: fw.w, keep: fw.def, on: fw.on}
		for i := range cp.fw.keep {
			cp.fw.keep[i] = ^cp.fw.keep[i]
		}
		cp.fTouch0, cp.fTouch = fw.touched().splitFirst()
		cp.aTouch0, cp.aTouch = cp.aw.touched().splitFirst()
		cp.aw, cp.awOvr = cp.aw.splitCombining()
		r.products[pi] = cp
	}
	nm := 0
	for pi := range r.products {
		if p := &r.products[pi]; p.kind == catalog.KindMain {
			if nm < 64 {
				p.mainBit = 1 << nm
			}
			nm++
		}
	}
	for pi := range r.products {
		p := &r.products[pi]
		for _, m := range p.allowed {
			p.allowedBits |= r.products[m].mainBit
		}
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
	for pi := range r.products {
		p := &r.products[pi]
		p.linked = len(p.requires) > 0 || len(p.excludes) > 0
	}
	r.pack()
	for i := range r.attrs {
		r.wideIDs = r.wideIDs || len(r.attrs[i].consts) > maxNarrow+1
	}
	// Ranks: add-ons are applied by priority, ties broken by ID.
	order := make([]int, len(r.products))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		pa, pb := &r.products[a], &r.products[b]
		return cmp.Or(cmp.Compare(pa.priority, pb.priority), cmp.Compare(pa.id, pb.id))
	})
	r.byRank = make([]int32, len(order))
	for rank, pi := range order {
		r.products[pi].rank = int32(rank)
		r.byRank[rank] = int32(pi)
	}
	r.ids = newIDTable(r.products)
	r.required = make([]uint64, (len(r.features)+63)/64)
	r.defaultOn = make([]uint64, (len(r.features)+63)/64)
	for fi, cf := range r.features {
		if len(cf.required) > 0 {
			mark(r.required, int32(fi))
			r.anyRequired = true
		}
		if cf.defaultOn {
			mark(r.defaultOn, int32(fi))
			if len(cf.required) > 0 {
				r.needy = append(r.needy, int32(fi))
			}
		}
	}
	nfw, na, np := len(r.defaultOn), len(r.attrs), len(r.products)
	naw := (na + 63) / 64
	r.pool.New = func() any {
		s := &scratch{
			en:     slices.Clone(r.defaultOn),
			fTouch: make([]uint64, max(1, (nfw+63)/64)), // see cproduct.fTouch0
			gDef:   make([]uint64, nfw),
			gOn:    make([]uint64, nfw),
			gSet:   make([]uint64, naw),
			gVal:   make([]gvalue, na),
			aw:     make([]aword, naw),
			aTouch: make([]uint64, max(1, (naw+63)/64)),
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
	return r
}

// constKey identifies a distinct constant of attribute ai.
type constKey struct {
	ai  int32
	val string // see canonical
}

// canonical returns a string that two constants of one attribute share
// exactly when they are Equal: their type and value, a number in its
// shortest decimal form (1.50 and 1.5 are one constant), a list's items
// each after its length.
func canonical(v catalog.Value) string {
	b := []byte{byte(v.Type())}
	switch v.Type() {
	case catalog.TypeBool:
		if x, _ := v.AsBool(); x {
			b = append(b, 1)
		}
	case catalog.TypeInteger:
		x, _ := v.AsInt()
		b = strconv.AppendInt(b, x, 10)
	case catalog.TypeDecimal, catalog.TypeQuantity:
		x, _ := v.AsDecimal()
		b = append(b, x.String()...)
	case catalog.TypeString, catalog.TypeEnum:
		x, _ := v.AsString()
		b = append(b, x...)
	case catalog.TypeStringList:
		for i := range v.Len() {
			b = strconv.AppendInt(b, int64(len(v.Item(i))), 10)
			b = append(b, ':')
			b = append(b, v.Item(i)...)
		}
	}
	return string(b)
}

// add sets bit i in def and, when on, in on too. Bits must come in
// increasing order.
func (sp *sparse) add(i int32, on bool) {
	w, bit := uint32(i>>6), uint64(1)<<(i&63)
	if n := len(sp.w); n == 0 || sp.w[n-1] != w {
		sp.w, sp.def, sp.on = append(sp.w, w), append(sp.def, 0), append(sp.on, 0)
	}
	sp.def[len(sp.def)-1] |= bit
	if on {
		sp.on[len(sp.on)-1] |= bit
	}
}

// splitCombining splits sp into the words with a bit in on and the others
// (def only).
func (sp sparse) splitCombining() (comb, other sparse) {
	for i, w := range sp.w {
		if sp.on[i] != 0 {
			comb.w, comb.def, comb.on = append(comb.w, w), append(comb.def, sp.def[i]), append(comb.on, sp.on[i])
		} else {
			other.w, other.def = append(other.w, w), append(other.def, sp.def[i])
		}
	}
	return comb, other
}

// splitFirst returns the bits of word 0 and the rest of the list.
func (sp sparse) splitFirst() (uint64, sparse) {
	if len(sp.w) == 0 || sp.w[0] != 0 {
		return 0, sp
	}
	return sp.def[0], sparse{w: sp.w[1:], def: sp.def[1:]}
}

// touched returns the bitmap of the word indexes of sp.
func (sp *sparse) touched() sparse {
	var out sparse
	for _, w := range sp.w {
		out.add(int32(w), false)
	}
	return out
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

// Catalog returns the catalog r was compiled from; nil for a Resolver
// without a catalog.
func (r *Resolver) Catalog() *catalog.Catalog {
	if r == nil {
		return nil
	}
	return r.cat
}

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

// pack moves the lists resolution reads from every product into three
// blocks, one per element type, product after product: a product's lists
// then share cache lines instead of lying in a dozen allocations apiece.
func (r *Resolver) pack() {
	var n32, n64, ni64 int // uint32, uint64 and int64 elements
	for i := range r.products {
		p := &r.products[i]
		n32 += len(p.fw.w) + len(p.aw.w) + len(p.awOvr.w) + len(p.fTouch.w) + len(p.aTouch.w) + len(p.ovr.attr) + len(p.sums.attr)
		n64 += 2*len(p.fw.w) + 2*len(p.aw.w) + len(p.awOvr.w) + len(p.fTouch.w) + len(p.aTouch.w) + len(p.ovr.enc) + len(p.sums.enc)
		ni64 += len(p.sums.num)
	}
	// Sized in advance: take never moves a block, so the sub-slices stay
	// valid.
	b32, b64, bi64 := make([]uint32, 0, n32), make([]uint64, 0, n64), make([]int64, 0, ni64)
	for i := range r.products {
		p := &r.products[i]
		p.fw = states{w: take(&b32, p.fw.w), keep: take(&b64, p.fw.keep), on: take(&b64, p.fw.on)}
		p.aw = sparse{w: take(&b32, p.aw.w), def: take(&b64, p.aw.def), on: take(&b64, p.aw.on)}
		p.awOvr = sparse{w: take(&b32, p.awOvr.w), def: take(&b64, p.awOvr.def)}
		p.ovr = consts{attr: take(&b32, p.ovr.attr), enc: take(&b64, p.ovr.enc)}
		p.sums = consts{attr: take(&b32, p.sums.attr), enc: take(&b64, p.sums.enc), num: take(&bi64, p.sums.num)}
		// The touched-word lists use def only.
		p.fTouch = sparse{w: take(&b32, p.fTouch.w), def: take(&b64, p.fTouch.def)}
		p.aTouch = sparse{w: take(&b32, p.aTouch.w), def: take(&b64, p.aTouch.def)}
	}
}

// take appends s to block, which has the room, and returns the copy.
func take[T any](block *[]T, s []T) []T {
	n := len(*block)
	*block = append(*block, s...)
	return (*block)[n:len(*block):len(*block)]
}
