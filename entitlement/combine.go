package entitlement

import (
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// combine replaces the stage entry of every attribute that must be
// combined (aw's fix: a sum, max or min that several layers define, a slow
// attribute, a number too large for its entry) with the combined value,
// unless the account sets it. The product layers are main product mi and
// the active add-ons. Values that do not fit an entry (unions, numbers
// beyond ±maxSmall or beyond fixed point) go to extra, which the entries
// point to.
func (r *Resolver) combine(s *scratch, a *Account, mi int32) (extra []catalog.Value, err error) {
	// Each running sum adds terms within ±maxFixed: below 2^16 layers it
	// cannot have wrapped around.
	large := 1+len(s.active) >= 1<<16
	aw := s.aw
	for t, tw := range s.aTouch {
		for ; tw != 0; tw &= tw - 1 {
			w := t<<6 + bits.TrailingZeros64(tw)
			if aw[w].fix != 0 {
				if extra, err = r.combineWord(s, a, mi, w, large, extra); err != nil {
					return nil, err
				}
			}
		}
	}
	return extra, nil
}

// combineWord is combine for the attributes of word w, appending to extra;
// large says running sums may have wrapped around. It clears the word's
// slow bits.
func (r *Resolver) combineWord(s *scratch, a *Account, mi int32, w int, large bool, extra []catalog.Value) ([]catalog.Value, error) {
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
			v, err := r.combineSlow(mi, s.active, at, a.Facts)
			if err != nil {
				return nil, err
			}
			e.enc = packValue(howExtra, int64(len(extra)))
			extra = append(extra, v)
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
				e.enc = packValue(howExtra, int64(len(extra)))
				extra = append(extra, fromFixed(r.attrs[at].a.Type, x, r.attrs[at].scale))
				continue
			}
			e.enc = packValue(howNum, x)
		}
	}
	return extra, nil
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
