package pricing

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// AllowanceUse is the part of a usage line's included units that one
// product (or the account's own value, or the catalog default) gave.
type AllowanceUse struct {
	Source  entitlement.LayerKind // LayerMain, LayerAddOn, LayerAccount or LayerDefault
	Product string                // the product, for a main product or an add-on
	Units   decimal.Decimal
}

// grant is an allowance one source gives a meter: a main product over an
// unbroken run, an add-on assignment, the account's own value, or the
// catalog default. Its units may be used by the meter's records whose
// instant falls in one of its pieces, oldest record first.
type grant struct {
	source    entitlement.LayerKind
	product   string
	asg       entitlement.Assignment // an add-on's assignment
	dup       int                    // how many identical assignments the account lists before it
	mainStart int                    // a main product's first piece
	scaled    decimal.Decimal        // Σ value × days over its pieces, but for the last value's
	value     units                  // the value of its latest pieces
	days      int64                  // the days of its latest pieces, all with that value
	max       units                  // its largest value in any piece
	first     pieceRange             // the first pieces where it gives
	more      []pieceRange           // later ones, after a gap, ascending
	next      int                    // cursor: the range (0 first, i+1 more[i]) of the record being rated
	left      units                  // units not yet used
}

// contribution is what one source gives in one piece.
type contribution struct {
	source    entitlement.LayerKind
	product   string
	asg       entitlement.Assignment
	dup       int // identical assignments before it: each is a purchase of its own
	mainStart int
	value     units
}

func (g *grant) is(c *contribution) bool {
	if g.source != c.source || g.product != c.product {
		return false
	}
	switch g.source {
	case entitlement.LayerMain:
		return g.mainStart == c.mainStart
	case entitlement.LayerAddOn:
		return g.dup == c.dup && sameAssignment(&g.asg, &c.asg)
	}
	return true
}

// usableAt reports whether g gives in piece k; k never decreases between
// calls.
func (g *grant) usableAt(k int) bool {
	for {
		r := g.first
		if g.next > 0 {
			if g.next > len(g.more) {
				return false
			}
			r = g.more[g.next-1]
		}
		if k < r.end {
			return k >= r.start
		}
		g.next++
	}
}

// overlaps reports whether g gives in any of the pieces [first, end).
func (g *grant) overlaps(first, end int) bool {
	if g.first.start < end && first < g.first.end {
		return true
	}
	for _, r := range g.more {
		if r.start < end && first < r.end {
			return true
		}
	}
	return false
}

// pieceRange is the pieces [start, end).
type pieceRange struct{ start, end int }

// add extends g's pieces with piece k, later than any it has.
func (g *grant) add(k int) {
	last := &g.first
	if len(g.more) > 0 {
		last = &g.more[len(g.more)-1]
	}
	switch {
	case last.end == 0:
		*last = pieceRange{k, k + 1}
	case last.end == k:
		last.end++
	default:
		g.more = append(g.more, pieceRange{k, k + 1})
	}
}

// lastPiece returns the last piece where g gives.
func (g *grant) lastPiece() int {
	if len(g.more) > 0 {
		return g.more[len(g.more)-1].end - 1
	}
	return g.first.end - 1
}

// grants computes the allowances of attribute attr over the pieces of runs:
// the sources of its value in each piece, each source's units prorated by
// the whole days of the period it gives them (or in full, with
// AllowanceFull), in the order records use them: the grant whose last piece
// comes first, then in order of appearance.
func (u *usage) grants(runs []*run, attr string, mode AllowanceGrant) ([]grant, error) {
	var (
		gs     []grant
		places int32
		cs     []contribution
	)
	for _, r := range runs {
		for k := r.first; k < r.end; k++ {
			if k == r.first || !u.same(attr, k) {
				// Something that may change the attribute changed: resolve.
				cfg, err := u.tl.config(k)
				if err != nil {
					return nil, err
				}
				cs = cs[:0]
				if av, ok := cfg.Attribute(attr); ok {
					total, ok := av.Value.AsDecimal()
					if !ok {
						return nil, fmt.Errorf("%w: charge %s reads %s = %s", ErrAllowance, r.ch.ID, attr, av.Value)
					}
					if total.Sign() > 0 {
						cs = u.sources(cs, k, &av, total)
					}
				}
			}
			days := int64(u.tl.pieces[k].days)
			for i := range cs {
				c := &cs[i]
				j := slices.IndexFunc(gs, func(g grant) bool { return g.is(c) })
				if j < 0 {
					j = len(gs)
					gs = append(gs, grant{source: c.source, product: c.product, asg: c.asg, dup: c.dup, mainStart: c.mainStart,
						value: c.value, max: c.value})
					places = max(places, c.value.places())
				}
				g := &gs[j]
				if c.value.cmp(g.value) != 0 { // fold the days at the previous value in
					g.scaled = g.scaled.Add(g.value.mulInt(g.days).Decimal())
					g.value, g.days = c.value, 0
					if c.value.cmp(g.max) > 0 {
						g.max = c.value
					}
					places = max(places, c.value.places())
				}
				g.days += days
				g.add(k)
			}
		}
	}
	if mode == AllowanceFull {
		for i := range gs {
			gs[i].left = gs[i].max
		}
	} else {
		u.prorate(gs, places)
	}
	slices.SortStableFunc(gs, func(a, b grant) int { return a.lastPiece() - b.lastPiece() })
	return gs, nil
}

// prorate sets each grant's units to its share of the period,
// value × days / days of the period, rounded to places decimals: half up
// for the grants together, and by the largest remainder for each, so that a
// source's allowance cut in two at a change still adds up to the whole.
func (u *usage) prorate(gs []grant, places int32) {
	if len(gs) == 0 || (places == 0 && u.prorateWhole(gs)) {
		return
	}
	days := decimal.NewFromInt(int64(u.q.periodDays))
	type share struct {
		floor, rem decimal.Decimal
		i          int
	}
	shares := make([]share, len(gs))
	sum, floors := decimal.Zero, decimal.Zero
	for i := range gs {
		g := &gs[i]
		n := g.value.mulInt(g.days).Decimal().Add(g.scaled).Shift(places)
		fl, rem := n.QuoRem(days, 0)
		shares[i] = share{floor: fl, rem: rem, i: i}
		sum, floors = sum.Add(n), floors.Add(fl)
	}
	target, _ := sum.Mul(decimal.NewFromInt(2)).Add(days).QuoRem(days.Mul(decimal.NewFromInt(2)), 0)
	extra := target.Sub(floors).IntPart()
	slices.SortStableFunc(shares, func(a, b share) int { return b.rem.Cmp(a.rem) })
	for j, s := range shares {
		n := s.floor
		if int64(j) < extra {
			n = n.Add(decOne)
		}
		gs[s.i].left = unitsOf(n.Shift(-places))
	}
}

// prorateWhole is prorate for whole values whose products with days fit
// an int64 comfortably, the common case; it reports false, doing nothing,
// for any other.
func (u *usage) prorateWhole(gs []grant) bool {
	const limit = 1 << 40
	days := int64(u.q.periodDays)
	var sum, floors int64
	for i := range gs {
		g := &gs[i]
		v := g.value
		if !g.scaled.IsZero() || v.d != nil || v.n < 0 || v.n >= limit || g.days >= limit/max(v.n, 1) {
			return false
		}
		n := v.n * g.days
		sum += n
		floors += n / days
	}
	extra := (2*sum+days)/(2*days) - floors
	for i := range gs {
		gs[i].left = unitsInt(gs[i].value.n * gs[i].days / days)
	}
	// The spare units go to the largest remainders, the earlier grant on a tie.
	given := uint64(0) // bit i: grant i had one (at most 64 grants get one here)
	for ; extra > 0; extra-- {
		best, bestRem := -1, int64(-1)
		for i := range gs {
			if i < 64 && given&(1<<i) != 0 {
				continue
			}
			if rem := gs[i].value.n * gs[i].days % days; rem > bestRem {
				best, bestRem = i, rem
			}
		}
		if best >= 64 {
			return false
		}
		given |= 1 << best
		gs[best].left = gs[best].left.add(unitsInt(1))
	}
	return true
}

// same reports whether attribute attr resolves in piece k as in piece k-1,
// from the same sources: the pieces are adjacent, of one version of the
// account, no definition changes between them (across versions: no
// catalog version starts, nor new terms of the main product), and what
// changes between them (the main product, assignments that start or end)
// neither sets attr nor the state of its feature.
func (u *usage) same(attr string, k int) bool {
	a, b := &u.tl.pieces[k-1], &u.tl.pieces[k]
	if a.acct != b.acct || !a.until.Equal(b.from) || a.acct == nil || b.fresh {
		return false
	}
	if (a.main != b.main || a.mainStart != b.mainStart) && (u.rel.affects(a.main, attr) || u.rel.affects(b.main, attr)) {
		return false
	}
	for _, addOn := range u.tl.changedAt(k) {
		if u.rel.affects(addOn, attr) {
			return false
		}
	}
	return true
}

// sources splits an attribute value resolved in piece k into what each
// source gives: for a sum, every product layer's value (an add-on's once
// per unit of each of its assignments active then); for any other combine
// rule, the whole value to the layer that decided it; an account value or
// a catalog default as it is.
func (u *usage) sources(out []contribution, k int, av *entitlement.ResolvedValue, total decimal.Decimal) []contribution {
	pc := &u.tl.pieces[k]
	whole := unitsOf(total)
	one := func(src entitlement.Source) []contribution {
		c := contribution{source: src.Layer.Kind, product: src.Layer.Product, value: whole}
		switch src.Layer.Kind {
		case entitlement.LayerMain:
			c.mainStart = pc.mainStart
		case entitlement.LayerAddOn:
			first := true // the earliest of the product's assignments, whatever the order listed
			for _, i := range u.tl.activeAddOns(k) {
				if a := *pc.bought(i); a.AddOn == c.product && (first || compareAssignments(a, c.asg) < 0) {
					c.asg, first = a, false
				}
			}
		}
		return append(out[:0], c)
	}
	if len(av.By) == 0 {
		return append(out, contribution{source: entitlement.LayerDefault, value: whole})
	}
	if av.By[0].Layer.Kind == entitlement.LayerAccount || av.Combine != catalog.CombineSum {
		for _, src := range av.By {
			if v, ok := src.Value.AsDecimal(); ok && v.Equal(total) {
				return one(src)
			}
		}
		return one(av.By[0])
	}
	sum := units{}
	for i := len(av.By) - 1; i >= 0; i-- { // lowest precedence first: the main product, then add-ons
		src := av.By[i]
		d, ok := src.Value.AsDecimal()
		if !ok || d.Sign() < 0 {
			return one(av.By[0])
		}
		v := unitsOf(d)
		switch src.Layer.Kind {
		case entitlement.LayerMain:
			out = append(out, contribution{source: entitlement.LayerMain, product: src.Layer.Product, mainStart: pc.mainStart, value: v})
			sum = sum.add(v)
		case entitlement.LayerAddOn:
			if pc.acct == nil { // a single configuration: the layer as a whole
				x := v.mulInt(int64(src.Layer.Quantity))
				out = append(out, contribution{source: entitlement.LayerAddOn, product: src.Layer.Product, value: x})
				sum = sum.add(x)
				continue
			}
			first := len(out)
			for _, i := range u.tl.activeAddOns(k) {
				if a := pc.bought(i); a.AddOn == src.Layer.Product {
					x := v.mulInt(int64(a.Qty()))
					dup := 0
					for j := first; j < len(out); j++ {
						if sameAssignment(&out[j].asg, a) {
							dup++
						}
					}
					out = append(out, contribution{source: entitlement.LayerAddOn, product: a.AddOn, asg: *a, dup: dup, value: x})
					sum = sum.add(x)
				}
			}
		}
	}
	if sum.cmp(whole) != 0 {
		return one(av.By[0])
	}
	return out
}

// bought returns the purchase that assignment i of the piece's account
// belongs to: the assignment itself, or across versions the whole
// purchase it continues (see purchase).
func (pc *piece) bought(i int32) *entitlement.Assignment {
	if pc.buys != nil {
		return &pc.buys[i].whole
	}
	return &pc.acct.AddOns[i]
}

// sameAssignment reports whether a and b are the same purchase terms: one
// add-on, quantity, From and Until.
func sameAssignment(a, b *entitlement.Assignment) bool {
	return a.AddOn == b.AddOn && a.Quantity == b.Quantity && a.From.Equal(b.From) && a.Until.Equal(b.Until)
}
