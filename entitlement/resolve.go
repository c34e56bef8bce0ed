package entitlement

import (
	"cmp"
	"iter"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// Resolution applies the layers one after another, lowest precedence first,
// and then writes out the result.
//
// Feature states work a bitmap word at a time: en starts as the catalog's
// defaults and each layer overwrites the bits it defines, so it ends as the
// enabled features. Values go to a stage indexed by attribute: each layer
// overwrites an attribute's entry with its own constant, so the entry ends
// as the highest definer's (the override result), and adds its fixed-point
// number times quantity to the entry's running sum. The attributes' bitmap,
// aw, collects the attributes some layer defines (seen) and those combineWord
// must see to (fix): a combining attribute (any rule but override) that more
// than one layer defines, or one with a number too large for its entry.
//
// The result is written out when the layers are done, into scratch memory
// and then copied into a block of its own: the seen attributes' entries in
// index order, after the few that must be combined (a sum or maximum over
// several layers, a union, a number beyond fixed point) have had their
// entry replaced by the combined value.

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
	// account value beyond the first maxNarrow).
	tooWide bool
	st      []stage      // by attribute: where each layer writes its value
	sw      []*[64]stage // by word of aw: its 64 entries of st, so writeAttrs takes a word with one bounds check

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

// gvalue is the value an earlier add-on of the current equal-priority group
// gives an override attribute.
type gvalue struct {
	id    int32 // the constant's cval.id
	layer int32
}

type activeAddOn struct {
	p      int32
	shared bool // another active add-on has its priority
	qty    int
	prio   int // the product's priority
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

func (r *Resolver) resolve(s *scratch, a *Account, at time.Time) (Config, error) {
	main := a.Main
	if len(a.PastMains) != 0 || !a.MainFrom.IsZero() { // a history, or an activation instant
		var err error
		if main, err = mainAt(a, at); err != nil {
			return Config{}, err
		}
	}
	mi, err := r.product(main, catalog.KindMain)
	if err != nil {
		return Config{}, err
	}
	if err := r.activate(s, a, mi, at); err != nil {
		return Config{}, err
	}
	// Set when some stage encoding may not fit 16 bits (see widen).
	s.tooWide = r.wideIDs || len(a.Values) > maxNarrow
	hasAccount := len(a.States) > 0 || len(a.Values) > 0
	nl := 1 + len(s.active)
	if hasAccount {
		nl++
	}

	banded := false
	if main := &r.products[mi]; len(main.other) == 0 {
		applyWords(main, s, 1)
	} else if err := r.apply(s, a, mi, 0, 1, &banded); err != nil {
		return Config{}, err
	}
	for i := range s.active {
		ao := &s.active[i]
		prod := &r.products[ao.p]
		// Most layers need only their word loops: no equal-priority
		// neighbour, nothing beyond the constants, a quantity they take.
		if len(prod.other) == 0 && ao.qty <= maxFastQty && !ao.shared {
			applyWords(prod, s, ao.qty)
			continue
		}
		if err := r.apply(s, a, ao.p, int32(i+1), ao.qty, &banded); err != nil {
			return Config{}, err
		}
	}
	if hasAccount {
		if err := r.applyAccount(s, a); err != nil {
			return Config{}, err
		}
	}
	if err := r.checkRequired(s); err != nil {
		return Config{}, err
	}

	// The result is written to s.out, its size known only at the end, and
	// then copied into its own block: the allocation is not cleared first.
	nfw, naw := 0, 0
	for _, t := range s.fTouch {
		nfw += bits.OnesCount64(t)
	}
	for _, t := range s.aTouch {
		naw += bits.OnesCount64(t)
	}
	cfg := Config{r: r, at: at}
	cfg.fi = uint32(layerSize * nl)
	cfg.fw = cfg.fi + uint32(fIndexSize*len(s.fTouch))
	cfg.ai = cfg.fw + uint32(4*nfw)
	cfg.aw = cfg.ai + uint32(aIndexSize*len(s.aTouch))
	cfg.av = cfg.aw + uint32(4*naw)
	n := int(cfg.av) + len(r.attrs) // at most every attribute defined
	s.out = slices.Grow(s.out[:0], n)[:n]
	setLayer(s.out, 0, uint32(mi), 1)
	bigs := false // some layer's quantity is big
	for i, ao := range s.active {
		bigs = setLayer(s.out, i+1, uint32(ao.p), ao.qty) || bigs
	}
	if hasAccount {
		setLayer(s.out, nl-1, accountLayer, 1)
		cfg.states = append([]StateSetting(nil), a.States...)
		cfg.values = append([]catalog.AttributeValue(nil), a.Values...)
	}
	if banded {
		// Provenance re-evaluates band rules on reading: keep the facts.
		cfg.facts = make(map[string]decimal.Decimal, len(a.Facts))
		for k, v := range a.Facts {
			cfg.facts[k] = v
		}
	}
	// Each running sum adds terms within ±maxFixed: below 2^16 layers it
	// cannot have wrapped around.
	large := nl >= 1<<16
	na, err := writeAttrs(s.aTouch, s.aw, s.sw, s.out[cfg.ai:cfg.aw], s.out[cfg.aw:cfg.av], s.out[cfg.av:],
		func(w int) error { return r.combineWord(s, &cfg, a, w, large) })
	if err != nil {
		return Config{}, err
	}
	writeFeatures(s.fTouch, s.en, r.defaultOn, s.out[cfg.fi:cfg.fw], s.out[cfg.fw:cfg.ai])
	cfg.wv = cfg.av + uint32(na)
	out := s.out[:cfg.wv]
	if s.tooWide {
		nw := widen(out, cfg.ai, cfg.aw, cfg.av, s.st, s.wide)
		for _, e := range s.wide[:nw] {
			out = append(out, uint16(e), uint16(e>>16))
		}
	}
	if bigs {
		for _, ao := range s.active {
			if ao.qty >= bigQty {
				q := uint64(ao.qty)
				out = append(out, uint16(q), uint16(q>>16), uint16(q>>32), uint16(q>>48))
			}
		}
	}
	s.out = out
	cfg.d = append([]uint16(nil), out...)
	return cfg, nil
}

// setLayer writes layer l in the block's form (see Config.layerAt, which
// reads it), reporting whether its quantity is big: resolve writes those at
// the block's end.
func setLayer(d []uint16, l int, p uint32, qty int) (big bool) {
	e := d[layerSize*l : layerSize*l+layerSize] // one bounds check
	put32(e, 0, p)
	e[2] = uint16(min(qty, bigQty))
	return qty >= bigQty
}

// writeAttrs writes out the attribute index (from aTouch), the words of aw
// with a bit set, and the low 16 bits of their attributes' stage
// encodings, in index order, returning how many (widen sees to those that
// do not fit 16 bits). A word with attributes to combine (fix) has combine
// see to them first; if combine fails, writeAttrs stops and the words it
// has not reached are left to scratch.reset. It leaves aTouch, aw and the
// entries' sums clear.
//
//go:noinline
func writeAttrs(aTouch []uint64, aw []aword, sw []*[64]stage, idx, words, av []uint16, combine func(w int) error) (int, error) {
	j, k := 0, 0 // the next word, the next attribute
	for t, tw := range aTouch {
		rec := idx[aIndexSize*t : aIndexSize*t+aIndexSize]
		put64(rec, 0, tw)
		put32(rec, 4, uint32(j))
		put32(rec, 6, uint32(k))
		put32(rec, 8, 0) // no wide entries, unless widen finds some
		for ; tw != 0; tw &= tw - 1 {
			w := t<<6 + bits.TrailingZeros64(tw)
			x := &aw[w]
			if x.fix != 0 {
				if err := combine(w); err != nil {
					return 0, err
				}
			}
			seen := x.seen
			*x = aword{}
			put64(words, 4*j, seen)
			j++
			ws := sw[w]
			_ = ws[0] // its nil check, out of the loop
			for ; seen != 0; seen &= seen - 1 {
				e := &ws[bits.TrailingZeros64(seen)&63]
				av[k] = uint16(e.enc)
				e.acc = 0
				k++
			}
		}
		aTouch[t] = 0
	}
	return k, nil
}

// widen finds, in the attribute part of block b (with offsets as in
// Config), the entries whose stage encoding does not fit 16 bits, lists
// the encodings in wide and points their entries there, counting from
// their group's first (whose count it records in the group's index record),
// returning how many it listed. The stage encodings outlast writeAttrs.
func widen(b []uint16, ai, aw, av uint32, st []stage, wide []uint32) int {
	nw, k := 0, av
	at := aw // the next word's record
	for g := uint32(0); ai+g*aIndexSize < aw; g++ {
		rec := ai + g*aIndexSize
		put32(b, int(rec+8), uint32(nw))
		base := nw
		for words := get64(b, rec); words != 0; words &= words - 1 {
			w := g<<6 + uint32(bits.TrailingZeros64(words))
			for seen := get64(b, at); seen != 0; seen &= seen - 1 {
				if v := uint32(st[w<<6+uint32(bits.TrailingZeros64(seen))].enc); !narrow(v) {
					wide[nw] = v
					b[k] = uint16((nw-base)<<2 | howWide)
					nw++
				}
				k++
			}
			at += 4
		}
	}
	return nw
}

// writeFeatures writes out the feature index (from fTouch) and the words of
// en it lists, and restores those to the defaults. It leaves fTouch clear.
//
//go:noinline
func writeFeatures(fTouch, en, defaultOn []uint64, idx, words []uint16) {
	defaultOn = defaultOn[:len(en)]
	i := 0
	for t, tw := range fTouch {
		rec := idx[fIndexSize*t : fIndexSize*t+fIndexSize]
		put64(rec, 0, tw)
		put32(rec, 4, uint32(i))
		for ; tw != 0; tw &= tw - 1 {
			w := t<<6 + bits.TrailingZeros64(tw)
			put64(words, 4*i, en[w])
			en[w] = defaultOn[w]
			i++
		}
		fTouch[t] = 0
	}
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

// product looks up a product of the wanted kind.
func (r *Resolver) product(id string, kind catalog.Kind) (int32, error) {
	slot := r.ids.find(id)
	if slot == nil {
		return 0, &UnknownError{Kind: "product", ID: id}
	}
	pi := slot.p - 1
	if r.products[pi].kind != kind {
		return 0, &KindError{Product: id, Want: kind.String()}
	}
	return pi, nil
}

// activate collects the add-ons active at at, merges repeated assignments,
// orders them by precedence and enforces the assignment rules.
//
// Each active add-on is marked in s.rOn by its rank, and its quantity
// summed in s.qty, so walking the bitmap lists them in precedence order with
// repeated assignments merged: no sort, no search. The walk leaves the
// quantities clear, and activate the marks, whichever way it returns.
func (r *Resolver) activate(s *scratch, a *Account, mi int32, at time.Time) error {
	on, qty := s.rOn, s.qty
	ranks := slices.Grow(s.ranks[:0], len(a.AddOns))[:len(a.AddOns)]
	s.ranks = ranks
	r.rankAssignments(a.AddOns, at, ranks)
	lo, hi := len(on), -1 // the words of on with a mark
	invalid := false
	for i, rk := range ranks {
		if rk < 0 {
			if rk == invalidRank {
				invalid = true
				break
			}
			continue
		}
		q := max(a.AddOns[i].Quantity, 1) // Qty
		if qty[rk] == 0 {
			mark(on, rk)
			lo, hi = min(lo, int(rk>>6)), max(hi, int(rk>>6))
		} else {
			q = addQty(qty[rk], q)
		}
		qty[rk] = q
	}
	s.active = s.active[:0]
	if lo > hi {
		if invalid {
			return r.invalidAssignment(a)
		}
		return nil
	}
	on = on[lo : hi+1]
	active := slices.Grow(s.active, len(a.AddOns))[:len(a.AddOns)] // at least one assignment per mark
	n, check := r.walkActive(on, lo, qty, active, mi, r.products[mi].mainBit)
	s.active = active[:n]
	var err error
	if check {
		err = r.checkActive(s.active, mi, on, lo)
	}
	clear(on)
	if invalid {
		return r.invalidAssignment(a)
	}
	return err
}

// walkActive lists in active the add-ons marked in on (its words from word
// lo), in rank order, with their quantities from qty, which it clears,
// returning how many. It reports whether checkActive must look at them: the
// quick test (main product mi, whose mainBit is mbit, allowed; quantity
// within the maximum, which overQty is not) refused one, or one requires
// or excludes others.
func (r *Resolver) walkActive(on []uint64, lo int, qty []int, active []activeAddOn, mi int32, mbit uint64) (n int, check bool) {
	for w, word := range on {
		for ; word != 0; word &= word - 1 {
			rk := (lo+w)<<6 + bits.TrailingZeros64(word)
			pi := r.byRank[rk]
			p := &r.products[pi]
			q := qty[rk]
			qty[rk] = 0
			shared := n > 0 && active[n-1].prio == p.priority
			if shared { // ranks follow priorities: equal ones are neighbours
				active[n-1].shared = true
			}
			active[n] = activeAddOn{p: pi, shared: shared, qty: q, prio: p.priority}
			n++
			// The main product's bit (mbit) when it has one; else a scan,
			// not a binary search: the lists are short.
			check = check || uint(q) > uint(p.maxQty) || p.linked || p.allowedBits&mbit == 0 && (mbit != 0 || !slices.Contains(p.allowed, mi))
		}
	}
	return n, check
}

// checkActive enforces the assignment rules on the active add-ons, marked
// by rank in on (its words from word lo).
func (r *Resolver) checkActive(active []activeAddOn, mi int32, on []uint64, lo int) error {
	isOn := func(q int32) bool {
		rk := r.products[q].rank
		w := int(rk>>6) - lo
		return w >= 0 && w < len(on) && on[w]&(1<<(rk&63)) != 0
	}
	for i := range active {
		ao := &active[i]
		p := &r.products[ao.p]
		if !slices.Contains(p.allowed, mi) {
			return &NotAllowedError{AddOn: p.id, Main: r.products[mi].id}
		}
		if uint(ao.qty) > uint(p.maxQty) { // overQty included
			return quantityError(p, ao.qty)
		}
		for _, q := range p.requires {
			if !isOn(q) {
				return &RequiresError{AddOn: p.id, Requires: r.products[q].id}
			}
		}
		for _, x := range p.excludes {
			if isOn(x) {
				return &ExcludesError{AddOns: sorted2(p.id, r.products[x].id)}
			}
		}
	}
	return nil
}

// rankAssignments sets ranks[i] to the rank of assignment i's add-on, or
// to invalidRank or inactiveRank. Its loop of ID lookups is a function of
// its own, so that activate's loop is call-free.
//
//go:noinline
func (r *Resolver) rankAssignments(asgs []Assignment, at time.Time, ranks []int32) {
	ranks = ranks[:len(asgs)]
	for i := range asgs {
		asg := &asgs[i]
		rk := int32(invalidRank)
		if slot := r.ids.find(asg.AddOn); slot != nil {
			rk = slot.rank
		}
		switch {
		case rk == invalidRank || asg.Quantity < 0:
			rk = invalidRank
		// Open-ended assignments, the common case, are active at any
		// instant: the test saves a call to ActiveAt.
		case !(asg.From.IsZero() && asg.Until.IsZero()) && !asg.ActiveAt(at):
			rk = inactiveRank
		}
		ranks[i] = rk
	}
}

// The ranks rankAssignments gives assignments that take no part.
const (
	invalidRank  = -1 // an unknown add-on, a product not an add-on, a negative quantity
	inactiveRank = -2 // not active at the instant
)

// invalidAssignment returns the error for the account's invalid
// assignment (an unknown add-on, a product that is not an add-on, a
// negative quantity) with the smallest add-on ID, then quantity, so the
// report does not depend on the assignments' order; nil when there is none.
func (r *Resolver) invalidAssignment(a *Account) error {
	var bad *Assignment
	var badErr error
	for i := range a.AddOns {
		asg := &a.AddOns[i]
		pi, err := r.product(asg.AddOn, catalog.KindAddOn)
		if err == nil && asg.Quantity >= 0 {
			continue
		}
		if bad == nil || asg.AddOn < bad.AddOn || (asg.AddOn == bad.AddOn && asg.Quantity < bad.Quantity) {
			bad, badErr = asg, err
			if err == nil {
				badErr = &QuantityError{AddOn: asg.AddOn, Quantity: asg.Quantity, Max: r.products[pi].maxQty}
			}
		}
	}
	return badErr
}

// shared reports whether layer shares its add-on's priority with another
// active add-on (a neighbouring layer), and so may conflict with it; first,
// whether it is the first layer of its equal-priority group. Layer 0, the
// main product, is alone.
func (s *scratch) shared(layer int32) (shared, first bool) {
	if layer == 0 {
		return false, false
	}
	ao := &s.active[layer-1]
	return ao.shared, layer == 1 || s.active[layer-2].prio != ao.prio
}

func sorted2(a, b string) [2]string {
	if b < a {
		return [2]string{b, a}
	}
	return [2]string{a, b}
}

func seen(bitmap []uint64, i int32) bool { return bitmap[i>>6]&(1<<(i&63)) != 0 }

func mark(bitmap []uint64, i int32) { bitmap[i>>6] |= 1 << (i & 63) }

// markFix marks attribute at as one combineWord must see to.
func markFix(aw []aword, at int32) { aw[at>>6].fix |= 1 << (at & 63) }

// apply applies product p at layer, with quantity qty: its feature states,
// with equal-priority conflicts refused, and its values.
func (r *Resolver) apply(s *scratch, a *Account, p, layer int32, qty int, banded *bool) error {
	prod := &r.products[p]
	shared, first := s.shared(layer)
	if shared {
		if err := r.groupCheck(s, prod, layer, first); err != nil {
			return err
		}
	}
	applyWords(prod, s, qty)
	if qty > maxFastQty { // rare: a quantity the word loops do not take
		for _, at := range prod.sums.attr {
			r.put(s, int32(at), prod.valueOf(int32(at)).cv, qty)
		}
	}
	for i := range prod.other {
		pv := &prod.other[i]
		cv := pv.cv
		if pv.band != nil {
			var err error
			if cv, err = r.pick(pv, a.Facts, prod.id); err != nil {
				return err
			}
			*banded = true
			if shared && r.attrHot[pv.attr].kind == kindOvr {
				if err := r.groupValue(s, pv.attr, r.vals[cv].id, layer); err != nil {
					return err
				}
			}
		}
		r.put(s, pv.attr, cv, qty)
	}
	return nil
}

// applyWords applies what product prod defines a word or a constant at a
// time: its feature states, its override constants and its sum constants
// times qty (those up to maxFastQty; apply hands larger quantities to put),
// and marks the attributes it defines. It is a function of its own, without
// calls, so that its loops keep everything in registers.
//
//go:noinline
func applyWords(prod *cproduct, s *scratch, qty int) {
	markStates(&prod.fw, s.en)
	writeOverrides(&prod.ovr, s.st)
	if qty == 1 {
		writeConsts(&prod.sums, s.st) // a sum times 1 is its value as written
	} else if qty <= maxFastQty && writeSums(&prod.sums, int64(qty), s.st) {
		s.tooWide = true
		markLarge(&prod.sums, int64(qty), s.st, s.aw, s.slow)
	}
	markAttrs(&prod.aw, s.aw)
	markSeen(&prod.awOvr, s.aw)
	s.fTouch[0] |= prod.fTouch0
	s.aTouch[0] |= prod.aTouch0
	for i, w := range prod.fTouch.w {
		s.fTouch[w] |= prod.fTouch.def[i]
	}
	for i, w := range prod.aTouch.w {
		s.aTouch[w] |= prod.aTouch.def[i]
	}
}

// markStates overwrites the feature states fw defines.
func markStates(fw *states, en []uint64) {
	ws := fw.w
	keep, on := fw.keep[:len(ws)], fw.on[:len(ws)]
	for i, w := range ws {
		en[w] = en[w]&keep[i] | on[i]
	}
}

// markAttrs records the attributes defs defines, and those of them that
// combine (defs.on) that an earlier layer defines too.
func markAttrs(defs *sparse, aw []aword) {
	ws := defs.w
	def, comb := defs.def[:len(ws)], defs.on[:len(ws)]
	for i, w := range ws {
		x := &aw[w]
		x.fix |= x.seen & comb[i]
		x.seen |= def[i]
	}
}

// markSeen records the attributes defs defines, none of which combine.
func markSeen(defs *sparse, aw []aword) {
	ws := defs.w
	def := defs.def[:len(ws)]
	for i, w := range ws {
		aw[w].seen |= def[i]
	}
}

// writeOverrides writes each constant of c, all of override attributes, to
// its attribute's stage entry.
func writeOverrides(c *consts, st []stage) {
	attrs := c.attr
	enc := c.enc[:len(attrs)]
	for i, at := range attrs {
		st[at].enc = enc[i]
	}
}

// writeConsts writes each constant of c, all of sum attributes, to its
// attribute's stage entry and adds its fixed-point number to the entry's
// sum: the constant times quantity 1.
func writeConsts(c *consts, st []stage) {
	attrs := c.attr
	enc, num := c.enc[:len(attrs)], c.num[:len(attrs)]
	for i, at := range attrs {
		e := &st[at]
		e.enc = enc[i]
		e.acc += num[i]
	}
}

// writeSums writes each constant of c, all of sum attributes, times qty to
// its attribute's stage entry and adds it to the entry's sum. qty is at
// most maxFastQty, so the products cannot overflow. It reports whether some product lies beyond ±maxNarrow, for
// the caller and markLarge to see to: the loop itself has no branch but its
// own. Not inlined, it has the registers to itself.
//
//go:noinline
func writeSums(c *consts, qty int64, st []stage) (big bool) {
	attrs := c.attr
	num := c.num[:len(attrs)]
	var m uint64 // the largest v+maxNarrow, as unsigned: beyond 2*maxNarrow when |v| > maxNarrow
	for i, at := range attrs {
		e := &st[at]
		v := num[i] * qty
		m = max(m, uint64(v+maxNarrow))
		e.enc = packValue(howNum, v)
		e.acc += v
	}
	return m > 2*maxNarrow
}

// markLarge marks to fix the sum attributes whose constant in c times qty
// lies beyond ±maxSmall, and those beyond fixed
// point slow as well, their entry taking the constant itself (combineWord
// replaces it).
func markLarge(c *consts, qty int64, st []stage, aw []aword, slow []uint64) {
	for i, a := range c.attr {
		at := int32(a)
		switch v := c.num[i] * qty; {
		case v > maxFixed || v < -maxFixed:
			st[at].enc = c.enc[i]
			mark(slow, at)
			markFix(aw, at)
		case v > maxSmall || v < -maxSmall:
			markFix(aw, at)
		}
	}
}

// maxFastQty bounds the quantities writeSums handles: compiled numbers are
// within ±maxFixed (2^47), so their products stay within int64.
const maxFastQty = 1 << 16

// put records one layer's constant cv for attribute at, with quantity
// qty: the path for the values the word loops leave. It runs after the
// layer's attributes are marked, so fix tells whether an earlier layer
// defines at.
func (r *Resolver) put(s *scratch, at, cv int32, qty int) {
	ah, v, e := &r.attrHot[at], &r.vals[cv], &s.st[at]
	e.enc = packValue(howConst, int64(v.id))
	switch ah.kind {
	case kindSum:
		term, ok := sumFixed(0, v.num, qty)
		if !ok {
			mark(s.slow, at)
			markFix(s.aw, at)
			return
		}
		e.acc += term
		if qty != 1 {
			e.enc = packValue(howNum, term)
			if term > maxNarrow || term < -maxNarrow {
				s.tooWide = true
			}
			if term > maxSmall || term < -maxSmall {
				markFix(s.aw, at)
			}
		}
	case kindMax:
		if s.aw[at>>6].fix&(1<<(at&63)) == 0 || v.num > e.acc { // the first definer, or a larger number
			e.acc = v.num
		}
	case kindSlow:
		// One layer's union without repeated items is itself; anything else
		// is combined on writing out.
		if !v.distinct || ah.sum && qty != 1 {
			mark(s.slow, at)
			markFix(s.aw, at)
		}
	}
}

// groupCheck refuses a product's feature state, or override constant, that
// differs from the one an earlier add-on of its equal-priority group gives,
// and records the product's for the group's later add-ons (apply checks
// band rules' values as it picks them). Conflicts need no other check: the
// add-ons of one priority are applied one after another; first says the
// product starts its group.
func (r *Resolver) groupCheck(s *scratch, prod *cproduct, layer int32, first bool) error {
	if first {
		for _, w := range s.gList {
			s.gDef[w] = 0
		}
		s.gList = s.gList[:0]
		for _, w := range s.gSetList {
			s.gSet[w] = 0
		}
		s.gSetList = s.gSetList[:0]
	}
	gDef, gOn := s.gDef, s.gOn
	for i, w := range prod.fw.w {
		def, on := ^prod.fw.keep[i], prod.fw.on[i]
		if clash := gDef[w] & def & (gOn[w] ^ on); clash != 0 {
			f := int32(w<<6) + int32(bits.TrailingZeros64(clash))
			prev := layer - 1 // the nearest layer of the group that defines f
			for ; prev > 1; prev-- {
				if _, ok := r.productState(s.active[prev-1].p, f); ok {
					break
				}
			}
			old, now := catalog.Disabled, catalog.Enabled
			if gOn[w]&clash&-clash != 0 {
				old, now = now, old
			}
			return r.conflict(s, prev, layer, r.features[f].id, "", old.String(), now.String())
		}
		if gDef[w] == 0 {
			s.gList = append(s.gList, w)
		}
		gDef[w] |= def
		gOn[w] = gOn[w]&^def | on
	}
	for i, at := range prod.ovr.attr {
		if err := r.groupValue(s, int32(at), int32(prod.ovr.enc[i]>>2), layer); err != nil {
			return err
		}
	}
	return nil
}

// groupValue refuses an override value, the attribute's distinct constant
// id, that differs from the one an earlier add-on of its equal-priority
// group gives, and records it for the group's later add-ons. Equal values
// are not a conflict.
func (r *Resolver) groupValue(s *scratch, at, id, layer int32) error {
	g := &s.gVal[at]
	w := at >> 6
	if seen(s.gSet, at) {
		if g.id != id {
			ca := &r.attrs[at]
			return r.conflict(s, g.layer, layer, r.features[ca.feature].id, ca.id, ca.consts[g.id].String(), ca.consts[id].String())
		}
	} else {
		if s.gSet[w] == 0 {
			s.gSetList = append(s.gSetList, w)
		}
		mark(s.gSet, at)
	}
	*g = gvalue{id: id, layer: layer}
	return nil
}

// applyAccount applies the account's own settings, validating each. It
// finds a setting repeated by marking each feature and attribute in
// s.dupF and s.dupA, which it leaves clear.
func (r *Resolver) applyAccount(s *scratch, a *Account) error {
	err := r.applySettings(s, a)
	for _, i := range s.dups {
		if i >= 0 {
			s.dupF[i>>6] = 0
		} else {
			s.dupA[^i>>6] = 0
		}
	}
	s.dups = s.dups[:0]
	return err
}

// applySettings is applyAccount without the clearing.
func (r *Resolver) applySettings(s *scratch, a *Account) error {
	for _, st := range a.States {
		fi, ok := r.cat.FeatureIndex(st.Feature)
		if !ok {
			return &UnknownError{Kind: "feature", ID: st.Feature}
		}
		if st.State != catalog.Enabled && st.State != catalog.Disabled {
			return &ValueError{Attribute: st.Feature, Reason: "feature state must be enabled or disabled"}
		}
		if seen(s.dupF, int32(fi)) {
			return &ValueError{Attribute: st.Feature, Reason: "feature state set twice"}
		}
		mark(s.dupF, int32(fi))
		s.dups = append(s.dups, int32(fi))
		w, bit := fi>>6, uint64(1)<<(fi&63)
		s.en[w] &^= bit
		if st.State == catalog.Enabled {
			s.en[w] |= bit
		}
		s.fTouch[w>>6] |= 1 << (w & 63)
	}
	for i, av := range a.Values {
		ai, ok := r.cat.AttributeIndex(av.Attribute)
		if !ok {
			return &UnknownError{Kind: "attribute", ID: av.Attribute}
		}
		ca := &r.attrs[ai]
		if !ca.a.Scope.AccountMaySet() {
			return &ScopeError{Attribute: av.Attribute}
		}
		if seen(s.dupA, int32(ai)) {
			return &ValueError{Attribute: av.Attribute, Reason: "set twice"}
		}
		mark(s.dupA, int32(ai))
		s.dups = append(s.dups, ^int32(ai))
		if err := ca.a.Check(av.Value); err != nil {
			return &ValueError{Attribute: av.Attribute, Reason: err.Error(), Err: err}
		}
		w, bit := ai>>6, uint64(1)<<(ai&63)
		s.aw[w].seen |= bit // its value wins: nothing to combine
		s.aTouch[w>>6] |= 1 << (w & 63)
		s.st[ai].enc = packValue(howAccount, int64(i))
	}
	return nil
}

// sumFixed adds n times qty to acc; false on leaving the fixed-point range.
func sumFixed(acc, n int64, qty int) (int64, bool) {
	hi, lo := bits.Mul64(uint64(abs(n)), uint64(qty))
	if hi != 0 || lo > maxFixed {
		return 0, false
	}
	term := int64(lo)
	if n < 0 {
		term = -term
	}
	acc += term
	return acc, acc <= maxFixed && acc >= -maxFixed
}

// pick evaluates a band rule against the account's facts.
func (r *Resolver) pick(pv *pvalue, facts map[string]decimal.Decimal, product string) (int32, error) {
	fact, ok := facts[pv.band.rule.Fact]
	if !ok {
		return 0, &MissingFactError{Fact: pv.band.rule.Fact, Attribute: r.attrs[pv.attr].id, Product: product}
	}
	for i, bound := range pv.band.bounds {
		if fact.Cmp(bound) < 0 {
			return pv.band.vals[i], nil
		}
	}
	return pv.band.vals[len(pv.band.vals)-1], nil
}

func (r *Resolver) conflict(s *scratch, l1, l2 int32, feature, attr, v1, v2 string) error {
	p1, p2 := &r.products[s.active[l1-1].p], &r.products[s.active[l2-1].p]
	e := &ConflictError{Feature: feature, Attribute: attr, AddOns: [2]string{p1.id, p2.id}, Priority: p1.priority, Values: [2]string{v1, v2}}
	if p2.id < p1.id {
		e.AddOns, e.Values = [2]string{p2.id, p1.id}, [2]string{v2, v1}
	}
	return e
}

// checkRequired fails when an enabled feature's required attribute (one
// without a catalog default) has no value from any layer.
func (r *Resolver) checkRequired(s *scratch) error {
	check := func(f int32) error {
		for _, at := range r.features[f].required {
			if !s.defined(at) {
				return &MissingRequiredError{Feature: r.features[f].id, Attribute: r.attrs[at].id}
			}
		}
		return nil
	}
	if !r.anyRequired {
		return nil
	}
	for w := range setBits(s.fTouch) {
		for word := s.en[w] & r.required[w]; word != 0; word &= word - 1 {
			if err := check(int32(w<<6 + bits.TrailingZeros64(word))); err != nil {
				return err
			}
		}
	}
	for _, f := range r.needy { // enabled by default, in words no layer touched
		if !seen(s.fTouch, f>>6) {
			if err := check(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// combineWord replaces the stage entries of the attributes of word w that
// must be combined (aw's fix: a sum, max or min that several layers define,
// a slow attribute, a number too large for its entry) with the combined
// value, unless the account sets them, and moves numbers beyond ±maxSmall
// to cfg.extra. It clears the word's slow bits; large says running sums
// may have wrapped around.
func (r *Resolver) combineWord(s *scratch, cfg *Config, a *Account, w int, large bool) error {
	fix, slow := s.aw[w].fix, s.slow[w]
	s.slow[w] = 0
	for ; fix != 0; fix &= fix - 1 {
		at := int32(w<<6 + bits.TrailingZeros64(fix))
		e, ah := &s.st[at], &r.attrHot[at]
		switch {
		case e.enc&3 == howAccount:
			// The account's value wins.
		case slow&(fix&-fix) != 0 || ah.kind == kindSlow || ah.sum && (large || e.acc > maxFixed || e.acc < -maxFixed):
			if !seen(s.en, ah.feature) {
				continue // never read
			}
			v, err := r.combineSlow(int32(get32(s.out, 0)), s.active, at, a.Facts) // layer 0: the main product
			if err != nil {
				return err
			}
			e.enc = packValue(howExtra, int64(len(cfg.extra)))
			cfg.extra = append(cfg.extra, v)
			s.tooWide = true
		default:
			x := e.acc
			if ah.neg {
				x = -x
			}
			if x > maxNarrow || x < -maxNarrow {
				s.tooWide = true
			}
			if x > maxSmall || x < -maxSmall {
				e.enc = packValue(howExtra, int64(len(cfg.extra)))
				cfg.extra = append(cfg.extra, fromFixed(r.attrs[at].a.Type, x, r.attrs[at].scale))
				continue
			}
			e.enc = packValue(howNum, x)
		}
	}
	return nil
}

// combineSlow combines every product layer's value of attribute at with
// decimals (or, for a union, item by item): the path for unions and for
// numbers too large for fixed point. The layers are the main product mi and
// the active add-ons. An integer sum beyond the int64 range is an
// *OverflowError.
func (r *Resolver) combineSlow(mi int32, active []activeAddOn, at int32, facts map[string]decimal.Decimal) (catalog.Value, error) {
	ca := &r.attrs[at]
	var items []string
	var acc decimal.Decimal
	first := true
	for l := range 1 + len(active) {
		p, qty := mi, 1
		if l > 0 {
			p, qty = active[l-1].p, active[l-1].qty
		}
		cv, ok, err := r.layerValue(uint32(p), at, facts)
		if err != nil {
			return catalog.Value{}, err
		}
		if !ok {
			continue
		}
		v := r.vals[cv].val
		if ca.a.Combine == catalog.CombineUnion {
			for j := range v.Len() {
				if !slices.Contains(items, v.Item(j)) {
					items = append(items, v.Item(j))
				}
			}
			continue
		}
		d, _ := v.AsDecimal()
		switch ca.a.Combine {
		case catalog.CombineSum:
			acc = acc.Add(d.Mul(decimal.NewFromInt(int64(qty))))
		case catalog.CombineMax:
			if first || d.Cmp(acc) > 0 {
				acc = d
			}
		case catalog.CombineMin:
			if first || d.Cmp(acc) < 0 {
				acc = d
			}
		}
		first = false
	}
	switch ca.a.Type {
	case catalog.TypeStringList:
		return catalog.List(items...), nil
	case catalog.TypeInteger:
		if !acc.BigInt().IsInt64() { // a sum: a max or min is one of the values
			return catalog.Value{}, r.overflowError(mi, active, at)
		}
		return catalog.Int(acc.IntPart()), nil
	case catalog.TypeQuantity:
		return catalog.Qty(acc), nil
	}
	return catalog.Dec(acc), nil
}

// layerValue returns the value the layer of product index p gives
// attribute at, as an index into Resolver.vals (band rules evaluated
// against facts); false when the layer does not define it.
func (r *Resolver) layerValue(p uint32, at int32, facts map[string]decimal.Decimal) (int32, bool, error) {
	prod := &r.products[p]
	pv := prod.valueOf(at)
	if pv == nil {
		return 0, false, nil
	}
	if pv.band == nil {
		return pv.cv, true, nil
	}
	cv, err := r.pick(pv, facts, prod.id)
	return cv, err == nil, err
}

// valueOf returns what the product defines for attribute at, or nil.
func (p *cproduct) valueOf(at int32) *pvalue {
	i, ok := slices.BinarySearchFunc(p.values, at, func(pv pvalue, at int32) int { return cmp.Compare(pv.attr, at) })
	if !ok {
		return nil
	}
	return &p.values[i]
}

// layerState returns the state layer l of cfg gives feature f.
func (r *Resolver) layerState(cfg *Config, l int, f int32) (catalog.State, bool) {
	p, _ := cfg.layerAt(l)
	if p == accountLayer {
		for _, st := range cfg.states {
			if fi, _ := r.cat.FeatureIndex(st.Feature); int32(fi) == f {
				return st.State, true
			}
		}
		return catalog.Undefined, false
	}
	return r.productState(int32(p), f)
}

// productState returns the state product p gives feature f.
func (r *Resolver) productState(p, f int32) (catalog.State, bool) {
	states := r.products[p].states
	i, ok := slices.BinarySearchFunc(states, f, func(e uint32, f int32) int { return cmp.Compare(int32(e>>2), f) })
	if !ok {
		return catalog.Undefined, false
	}
	return catalog.State(states[i] & 3), true
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
