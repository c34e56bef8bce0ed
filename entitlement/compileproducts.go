package entitlement

import (
	"cmp"
	"slices"

	"github.com/tariffkit/tariff/catalog"
)

// cproduct is a compiled product. Its definitions are split by what
// resolution does with them, so the common case runs in a loop of its own;
// every list is sorted by index.
type cproduct struct {
	id       string
	kind     catalog.Kind
	priority int
	rank     int32 // position in (priority, ID) order: ties are broken by ID
	maxQty   int
	oneOff   bool                    // a purchase, not a holding (catalog.Product.OneOff)
	eligible []catalog.FactCondition // who may buy it (catalog.Product.Eligible), checked by Assign
	allowed  []int32                 // main product indexes, sorted
	requires []int32                 // add-on indexes
	excludes []int32                 // add-on indexes, symmetric: includes those that exclude this one

	fw     sparse   // its feature states: those it defines (def), and those of them it enables (on)
	aw     sparse   // the attributes it sets a value for (def), and those of them whose definitions combine (on)
	fTouch sparse   // the words of fw, as a bitmap of words (def only)
	aTouch sparse   // the words of aw, likewise
	ovr    consts   // constants of override attributes (num unused)
	sums   consts   // constants of fixed-point sum attributes
	other  []pvalue // band rules, and constants of max, min, unions and numbers beyond fixed point
	states []uint32 // feature<<2 | state, for provenance
	values []pvalue // every value, for provenance
}

// sparse is a sparse bitmap, as parallel lists: bitmap word w[i] is
// def[i], and on (when used) holds a subset of its bits. The loops over
// these lists, and over consts, re-slice each list to the length of the
// first, which leaves them one bounds check per element, on what they
// write (TestCompilerClaims): BenchmarkResolve_10AddOns runs 1.09× faster
// so.
type sparse struct {
	w       []uint32
	def, on []uint64
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

// compileProduct compiles product pi, its constants into ids and r.vals.
func (r *Resolver) compileProduct(pi int, ids constTable) cproduct {
	c := r.cat
	p := c.ProductAt(pi)
	cp := cproduct{id: p.ID, kind: p.Kind, priority: p.Priority, maxQty: p.MaxQty(), oneOff: p.OneOff, eligible: p.Eligible}
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
				cb.vals = append(cb.vals, r.compileConst(ids, ai, b.Value))
			}
			pv.band = cb
			cp.other = append(cp.other, pv)
		} else {
			pv.cv = r.compileConst(ids, ai, s.Value)
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
	cp.fw = fw
	cp.fTouch = fw.touched()
	cp.aTouch = cp.aw.touched()
	return cp
}

// compileExcludes records each exclusion on both sides.
func (r *Resolver) compileExcludes() {
	c := r.cat
	for pi := range r.products {
		p := c.ProductAt(pi)
		for _, x := range p.Excludes {
			xi, _ := c.ProductIndex(x)
			r.products[pi].excludes = appendUnique(r.products[pi].excludes, int32(xi))
			r.products[xi].excludes = appendUnique(r.products[xi].excludes, int32(pi))
		}
	}
}

// rankProducts ranks the products in precedence order, by priority with
// ties broken by ID, and indexes them by ID.
func (r *Resolver) rankProducts() {
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

// touched returns the bitmap of the word indexes of sp.
func (sp *sparse) touched() sparse {
	var out sparse
	for _, w := range sp.w {
		out.add(int32(w), false)
	}
	return out
}

func appendUnique(s []int32, v int32) []int32 {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// pack moves the lists resolution reads from every product into three
// blocks, one per element type, product after product, so that a product's
// lists share cache lines: BenchmarkResolve_10AddOns runs 1.05× faster
// packed.
func (r *Resolver) pack() {
	var n32, n64, ni64 int // uint32, uint64 and int64 elements
	for i := range r.products {
		p := &r.products[i]
		n32 += len(p.fw.w) + len(p.aw.w) + len(p.fTouch.w) + len(p.aTouch.w) + len(p.ovr.attr) + len(p.sums.attr)
		n64 += 2*len(p.fw.w) + 2*len(p.aw.w) + len(p.fTouch.w) + len(p.aTouch.w) + len(p.ovr.enc) + len(p.sums.enc)
		ni64 += len(p.sums.num)
	}
	// Sized in advance: take never moves a block, so the sub-slices stay
	// valid.
	b32, b64, bi64 := make([]uint32, 0, n32), make([]uint64, 0, n64), make([]int64, 0, ni64)
	for i := range r.products {
		p := &r.products[i]
		p.fw = sparse{w: take(&b32, p.fw.w), def: take(&b64, p.fw.def), on: take(&b64, p.fw.on)}
		p.aw = sparse{w: take(&b32, p.aw.w), def: take(&b64, p.aw.def), on: take(&b64, p.aw.on)}
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
