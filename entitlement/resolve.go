package entitlement

import (
	"iter"
	"math/bits"
	"time"

	"github.com/tariffkit/tariff/catalog"
)

// A resolution (Resolver.Resolve) follows the rules in the order the package
// documentation states them, one file per rule; resolve, below, is the whole sequence:
//
//  1. activate.go: the main product in force at the instant, and the
//     add-ons active then, repeated assignments merged, in precedence
//     order (priority, then ID). They are the layers, with the account's
//     own settings on top.
//  2. assignrules.go: the assignment rules over those add-ons: allowed
//     with the main product, requires, excludes, quantity.
//  3. layers.go: the layers applied lowest first, on top of the catalog
//     defaults: each overwrites the feature states and values it defines,
//     the account's settings last; then every enabled feature's required
//     attributes must have a value. conflict.go refuses two add-ons of
//     equal priority that give a feature state or an override value
//     differently, as the second is applied.
//  4. combine.go: an attribute that combines (sum, max, min, union) and
//     that several layers define gets its combined value.
//  5. result.go: the result, written into a block of its own (block.go,
//     which owns its layout, writing and reading) that Config holds.
//
// Four things carry a resolution from step to step, all in scratch, which
// a Resolver keeps in a pool so that a resolution allocates only its
// result:
//
//   - active: the active add-ons in precedence order, with their
//     quantities;
//   - en: the enabled features, a bitmap; it starts as the catalog's
//     defaults, and a layer overwrites the bits of the features it
//     defines;
//   - aw: the attributes, as two bitmaps: seen, those some layer defines,
//     and fix, those step 4 must see to;
//   - st: a stage entry per attribute, the value of the highest layer that
//     defines it so far and the running sum (or maximum) of its number.
//
// fTouch and aTouch note the words of en and aw that some layer touched:
// steps 4 and 5 visit only those, and the result keeps only those.
//
// The compiled catalog (compile.go, compileattrs.go, compileproducts.go,
// ids.go) has what each step reads by index: numbers as fixed-point
// integers (fixed.go), and a product's definitions as bitmap words that a
// layer applies a word at a time.

// scratch is the per-resolution working memory, pooled per Resolver so a
// resolution allocates only its result. Between resolutions every bitmap is
// clear, every stage entry's sum and every quantity by rank is zero, and en
// equals the defaults.
type scratch struct {
	en       []uint64 // enabled features: the defaults outside the words in fTouch
	fTouch   []uint64 // one bit per word of en that some layer touched
	gDef     []uint64 // features the current equal-priority group defines; only words in gList are non-zero
	gOn      []uint64 // and the states it gives them, where gDef has a bit
	gList    []uint32
	gSet     []uint64 // override attributes the current group sets; only words in gSetList are non-zero
	gVal     []gvalue // and the values it gives them, where gSet has a bit
	gSetList []int32

	aw     []aword  // the defined attributes, a bitmap word at a time
	aTouch []uint64 // one bit per word of aw with a bit set
	slow   []uint64 // attributes that must be combined with decimals or as a union
	out    []uint16 // the result, until it is copied into a block of its own
	wide   []uint32 // by attribute, at most: the encodings widen finds too wide for 16 bits
	// tooWide says some stage encoding may not fit 16 bits: set where one
	// is made (an attribute with more distinct constants than a 16-bit
	// entry can index, a number beyond ±maxNarrow, an extra value, an
	// account value beyond the first maxNarrow). Widening only then makes
	// BenchmarkResolve_10AddOns 1.08–1.13× faster than testing each entry
	// as writeAttrs writes it.
	tooWide bool
	st      []stage // by attribute: where each layer writes its value
	// sw holds, by word of aw, its 64 entries of st: writeAttrs reads them
	// without bounds checks (TestCompilerClaims), which makes
	// BenchmarkResolve_10AddOns 1.07× faster than indexing st.
	sw []*[64]stage

	rOn    []uint64 // active add-ons by rank, while activate runs
	qty    []int    // by rank: an active add-on's quantity, while activate runs
	ranks  []int32  // by assignment: its add-on's rank (or invalidRank, inactiveRank), while activate runs
	active []activeAddOn

	// The features and attributes the account sets, while applyAccount
	// runs, and their indexes: a feature's, or an attribute's complemented.
	dupF, dupA []uint64
	dups       []int32
}

// aword is one word of the attributes' bitmaps: those some layer defines,
// and those combineWord must see to.
type aword struct {
	seen, fix uint64
}

// stage is an attribute's entry while the layers are applied: the highest
// layer's value so far as an entry (packValue), and the sum of the fixed-point
// numbers times quantity (for a max or min attribute, their maximum).
type stage struct {
	enc uint64
	acc int64
}

// Resolve computes the account's effective configuration at instant at.
//
// The layers, lowest precedence first, are: catalog defaults, the main
// product in force at at (Account.MainAt), the add-ons active at at in
// ascending override priority (ties broken by ID), and the account's own
// settings. See the package documentation for the rules. Resolve also
// enforces the assignment rules, against the main product in force at at,
// so a stored account that the catalog no longer permits fails with the
// same typed errors Assign returns.
//
// An instant before the account's activation is an *InactiveError, a
// malformed main-product history a *HistoryError (checked in one pass over
// PastMains); only the main product in force at at is looked up in the
// catalog. A Resolver without a catalog returns ErrNoCatalog.
func (r *Resolver) Resolve(a Account, at time.Time) (Config, error) {
	if r == nil || r.cat == nil { // ready, written out
		return Config{}, ErrNoCatalog
	}
	s := r.pool.Get().(*scratch)
	cfg, err := r.resolve(s, &a, at)
	s.reset(r)
	r.pool.Put(s)
	return cfg, err
}

// Resolve compiles c and resolves a at at: a convenience for one-off calls.
// Code that resolves many accounts builds one Resolver with NewResolver. A
// nil c is ErrNoCatalog.
func Resolve(c *catalog.Catalog, a Account, at time.Time) (Config, error) {
	return NewResolver(c).Resolve(a, at)
}

// reset returns s to its state between resolutions. After a resolution
// that succeeds, writeAttrs and writeFeatures have already cleared the
// touched words, so little is left to do.
func (s *scratch) reset(r *Resolver) {
	for w := range setBits(s.fTouch) {
		s.en[w] = r.defaultOn[w]
	}
	clear(s.fTouch)
	for _, w := range s.gList {
		s.gDef[w] = 0
	}
	s.gList = s.gList[:0]
	for _, w := range s.gSetList {
		s.gSet[w] = 0
	}
	s.gSetList = s.gSetList[:0]
	for w := range setBits(s.aTouch) {
		for seen := s.aw[w].seen; seen != 0; seen &= seen - 1 {
			s.st[w<<6+bits.TrailingZeros64(seen)].acc = 0
		}
		s.aw[w], s.slow[w] = aword{}, 0
	}
	clear(s.aTouch)
}

// resolve is Resolve with scratch s, which the caller resets.
func (r *Resolver) resolve(s *scratch, a *Account, at time.Time) (Config, error) {
	mi, err := r.mainProduct(a, at)
	if err != nil {
		return Config{}, err
	}
	if err := r.activate(s, a, mi, at); err != nil {
		return Config{}, err
	}
	// Set when some stage encoding may not fit 16 bits (see widen).
	s.tooWide = r.wideIDs || len(a.Values) > maxNarrow
	banded, err := r.applyProducts(s, a, mi)
	if err != nil {
		return Config{}, err
	}
	if len(a.States) > 0 || len(a.Values) > 0 {
		if err := r.applyAccount(s, a); err != nil {
			return Config{}, err
		}
	}
	if err := r.checkRequired(s); err != nil {
		return Config{}, err
	}
	extra, err := r.combine(s, a, mi)
	if err != nil {
		return Config{}, err
	}
	return r.writeResult(s, a, mi, at, banded, extra), nil
}

// setBits yields the indexes of the bits set in bitmap, in order.
func setBits(bitmap []uint64) iter.Seq[int] {
	return func(yield func(int) bool) {
		for t, word := range bitmap {
			for ; word != 0; word &= word - 1 {
				if !yield(t<<6 + bits.TrailingZeros64(word)) {
					return
				}
			}
		}
	}
}

// defined reports whether some layer defines attribute at.
func (s *scratch) defined(at int32) bool { return s.aw[at>>6].seen&(1<<(at&63)) != 0 }

func seen(bitmap []uint64, i int32) bool { return bitmap[i>>6]&(1<<(i&63)) != 0 }

func mark(bitmap []uint64, i int32) { bitmap[i>>6] |= 1 << (i & 63) }
