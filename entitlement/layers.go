package entitlement

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// applyProducts applies the product layers, lowest first: main product mi
// and the active add-ons. It reports whether it evaluated a band rule.
func (r *Resolver) applyProducts(s *scratch, a *Account, mi int32) (banded bool, err error) {
	if err := r.apply(s, a, mi, 0, 1, &banded); err != nil {
		return false, err
	}
	for i, ao := range s.active {
		if err := r.apply(s, a, ao.p, int32(i+1), ao.qty, &banded); err != nil {
			return false, err
		}
	}
	return banded, nil
}

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
// and marks the attributes it defines.
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
	for i, w := range prod.fTouch.w {
		s.fTouch[w] |= prod.fTouch.def[i]
	}
	for i, w := range prod.aTouch.w {
		s.aTouch[w] |= prod.aTouch.def[i]
	}
}

// markStates overwrites the feature states fw defines.
func markStates(fw *sparse, en []uint64) {
	ws := fw.w
	def, on := fw.def[:len(ws)], fw.on[:len(ws)]
	for i, w := range ws {
		en[w] = en[w]&^def[i] | on[i]
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

// markFix marks attribute at as one combineWord must see to.
func markFix(aw []aword, at int32) { aw[at>>6].fix |= 1 << (at & 63) }

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
// most maxFastQty, so the products cannot overflow. It reports whether
// some product lies beyond ±maxNarrow, for the caller and markLarge to see
// to.
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

// productState returns the state product p gives feature f.
func (r *Resolver) productState(p, f int32) (catalog.State, bool) {
	states := r.products[p].states
	i, ok := slices.BinarySearchFunc(states, f, func(e uint32, f int32) int { return cmp.Compare(int32(e>>2), f) })
	if !ok {
		return catalog.Undefined, false
	}
	return catalog.State(states[i] & 3), true
}
