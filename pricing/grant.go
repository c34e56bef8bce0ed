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
	mainStart int                    // a main product's first piece
	scaled    decimal.Decimal        // Σ value × days over its pieces
	max       decimal.Decimal        // its largest value in any piece
	pieces    []int                  // where it gives, ascending
	next      int                    // cursor in pieces for the record being rated
	left      decimal.Decimal        // units not yet used
}

// contribution is what one source gives in one piece.
type contribution struct {
	source    entitlement.LayerKind
	product   string
	asg       entitlement.Assignment
	mainStart int
	value     decimal.Decimal
}

func (g *grant) is(c *contribution) bool {
	if g.source != c.source || g.product != c.product {
		return false
	}
	switch g.source {
	case entitlement.LayerMain:
		return g.mainStart == c.mainStart
	case entitlement.LayerAddOn:
		return g.asg.Quantity == c.asg.Quantity && g.asg.From.Equal(c.asg.From) && g.asg.Until.Equal(c.asg.Until)
	}
	return true
}

// usableAt reports whether g gives in piece k; k never decreases between
// calls.
func (g *grant) usableAt(k int) bool {
	for g.next < len(g.pieces) && g.pieces[g.next] < k {
		g.next++
	}
	return g.next < len(g.pieces) && g.pieces[g.next] == k
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
			cfg, err := u.tl.config(k)
			if err != nil {
				return nil, err
			}
			av, ok := cfg.Attribute(attr)
			if !ok {
				continue
			}
			total, ok := av.Value.AsDecimal()
			if !ok {
				return nil, fmt.Errorf("%w: charge %s reads %s = %s", ErrAllowance, r.ch.ID, attr, av.Value)
			}
			if total.Sign() <= 0 {
				continue
			}
			cs = u.sources(cs[:0], k, &av, total)
			days := decimal.NewFromInt(int64(u.tl.pieces[k].days))
			for i := range cs {
				c := &cs[i]
				j := slices.IndexFunc(gs, func(g grant) bool { return g.is(c) })
				if j < 0 {
					j = len(gs)
					gs = append(gs, grant{source: c.source, product: c.product, asg: c.asg, mainStart: c.mainStart})
				}
				g := &gs[j]
				g.scaled = g.scaled.Add(c.value.Mul(days))
				if c.value.Cmp(g.max) > 0 {
					g.max = c.value
				}
				g.pieces = append(g.pieces, k)
				places = max(places, -c.value.Exponent())
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
	slices.SortStableFunc(gs, func(a, b grant) int { return a.pieces[len(a.pieces)-1] - b.pieces[len(b.pieces)-1] })
	return gs, nil
}

// prorate sets each grant's units to its share of the period, scaled/days
// of the period, rounded to places decimals: half up for the grants
// together, and by the largest remainder for each, so that a source's
// allowance cut in two at a change still adds up to the whole.
func (u *usage) prorate(gs []grant, places int32) {
	if len(gs) == 0 {
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
		n := gs[i].scaled.Shift(places)
		fl, rem := n.QuoRem(days, 0)
		shares[i] = share{floor: fl, rem: rem, i: i}
		sum, floors = sum.Add(n), floors.Add(fl)
	}
	target, _ := sum.Mul(decimal.NewFromInt(2)).Add(days).QuoRem(days.Mul(decimal.NewFromInt(2)), 0)
	extra := target.Sub(floors).IntPart()
	slices.SortStableFunc(shares, func(a, b share) int { return b.rem.Cmp(a.rem) })
	for j, s := range shares {
		units := s.floor
		if int64(j) < extra {
			units = units.Add(decOne)
		}
		gs[s.i].left = units.Shift(-places)
	}
}

// sources splits an attribute value resolved in piece k into what each
// source gives: for a sum, every product layer's value (an add-on's once
// per unit of each of its assignments active then); for any other combine
// rule, the whole value to the layer that decided it; an account value or
// a catalog default as it is.
func (u *usage) sources(out []contribution, k int, av *entitlement.AttributeValue, total decimal.Decimal) []contribution {
	pc := &u.tl.pieces[k]
	whole := func(src entitlement.Source) []contribution {
		c := contribution{source: src.Layer.Kind, product: src.Layer.Product, value: total}
		switch src.Layer.Kind {
		case entitlement.LayerMain:
			c.mainStart = pc.mainStart
		case entitlement.LayerAddOn:
			if asgs := u.tl.activeAddOns(nil, k); len(asgs) > 0 {
				for _, a := range asgs {
					if a.AddOn == c.product {
						c.asg = a
						break
					}
				}
			}
		}
		return append(out[:0], c)
	}
	if len(av.By) == 0 {
		return append(out, contribution{source: entitlement.LayerDefault, value: total})
	}
	if av.By[0].Layer.Kind == entitlement.LayerAccount || av.Combine != catalog.CombineSum {
		for _, src := range av.By {
			if v, ok := src.Value.AsDecimal(); ok && v.Equal(total) {
				return whole(src)
			}
		}
		return whole(av.By[0])
	}
	var asgs []entitlement.Assignment
	sum := decimal.Zero
	for i := len(av.By) - 1; i >= 0; i-- { // lowest precedence first: the main product, then add-ons
		src := av.By[i]
		v, ok := src.Value.AsDecimal()
		if !ok || v.Sign() < 0 {
			return whole(av.By[0])
		}
		switch src.Layer.Kind {
		case entitlement.LayerMain:
			out = append(out, contribution{source: entitlement.LayerMain, product: src.Layer.Product, mainStart: pc.mainStart, value: v})
			sum = sum.Add(v)
		case entitlement.LayerAddOn:
			if pc.acct == nil { // a single configuration: the layer as a whole
				x := v.Mul(qtyDecimal(src.Layer.Quantity))
				out = append(out, contribution{source: entitlement.LayerAddOn, product: src.Layer.Product, value: x})
				sum = sum.Add(x)
				continue
			}
			if asgs == nil {
				asgs = u.tl.activeAddOns(nil, k)
			}
			for _, a := range asgs {
				if a.AddOn == src.Layer.Product {
					x := v.Mul(qtyDecimal(a.Qty()))
					out = append(out, contribution{source: entitlement.LayerAddOn, product: a.AddOn, asg: a, value: x})
					sum = sum.Add(x)
				}
			}
		}
	}
	if !sum.Equal(total) {
		return whole(av.By[0])
	}
	return out
}
