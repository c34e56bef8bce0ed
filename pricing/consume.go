package pricing

import (
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
)

// consume rates the records of runs against their allowances, meter by
// meter, each meter's records in time order across its runs: a record of a
// consuming meter (sum, count) takes its units from the allowances granted
// at its instant, and bills the rest; a level meter (max, last) compares
// each record with the allowance in force at its instant.
func (u *usage) consume(runs []run) error {
	done := make([]bool, len(runs))
	for i := range runs {
		if done[i] {
			continue
		}
		var meterRuns []*run // this meter's runs, in time order
		for j := i; j < len(runs); j++ {
			if !done[j] && runs[j].ch.Meter == runs[i].ch.Meter {
				meterRuns, done[j] = append(meterRuns, &runs[j]), true
			}
		}
		if err := u.consumeMeter(meterRuns); err != nil {
			return err
		}
	}
	return nil
}

// consumeMeter rates the records of one meter's runs.
func (u *usage) consumeMeter(runs []*run) error {
	type pool struct {
		attr string
		mode AllowanceGrant
		gs   []grant
	}
	var pools []pool
	poolFor := func(attr string, mode AllowanceGrant) ([]grant, error) {
		for _, p := range pools {
			if p.attr == attr && p.mode == mode {
				return p.gs, nil
			}
		}
		var share []*run // every consuming run of this meter that reads attr the same way
		for _, r := range runs {
			if r.ch.Allowance == attr && r.ch.Grant == mode && !r.ch.Aggregate.IsLevel() {
				share = append(share, r)
			}
		}
		gs, err := u.grants(share, attr, mode)
		if err != nil {
			return nil, err
		}
		pools = append(pools, pool{attr, mode, gs})
		return gs, nil
	}
	for _, r := range runs {
		r.levelRecord = -1
		if len(r.recs) == 0 {
			continue
		}
		if r.ch.Aggregate.IsLevel() {
			if err := u.level(r); err != nil {
				return err
			}
			continue
		}
		var gs []grant
		if r.ch.Allowance != "" {
			var err error
			if gs, err = poolFor(r.ch.Allowance, r.ch.Grant); err != nil {
				return err
			}
		}
		for i := range r.recs {
			rr := &r.recs[i]
			need := unitsInt(1)
			if r.ch.Aggregate != AggregateCount {
				need = unitsOf(rr.rec.Quantity)
			}
			r.used = r.used.add(need)
			rr.billed = need
			for j := range gs {
				if rr.billed.sign() == 0 {
					break
				}
				g := &gs[j]
				if g.left.sign() <= 0 || !g.usableAt(rr.k) {
					continue
				}
				take := minUnits(g.left, rr.billed)
				g.left, rr.billed = g.left.sub(take), rr.billed.sub(take)
				r.included = r.included.add(take)
				r.uses = addUse(r.uses, g.source, g.product, take)
			}
			r.billed = r.billed.add(rr.billed)
		}
	}
	return nil
}

// level rates a level meter's run: for max, the record furthest above the
// allowance in force at its instant (then the highest, then the earliest);
// for last, the latest record.
func (u *usage) level(r *run) error {
	best, bestExcess, bestAllow := -1, units{}, decimal.Zero
	for i := range r.recs {
		rr := &r.recs[i]
		k := rr.k
		for k > r.first && u.same(r.ch.Allowance, k) {
			k-- // the same allowance as the piece before: resolve that one
		}
		cfg, err := u.tl.config(k)
		if err != nil {
			return err
		}
		allow, err := allowance(r.ch, cfg)
		if err != nil {
			return err
		}
		q := unitsOf(rr.rec.Quantity)
		excess := q.sub(unitsOf(allow))
		if excess.sign() < 0 {
			excess = units{}
		}
		if best >= 0 && r.ch.Aggregate == AggregateMax {
			c := excess.cmp(bestExcess)
			if c < 0 || (c == 0 && rr.rec.Quantity.Cmp(r.recs[best].rec.Quantity) <= 0) {
				continue
			}
		}
		best, bestExcess, bestAllow = i, excess, allow
	}
	rr := &r.recs[best]
	r.levelRecord = best
	r.used, r.billed = unitsOf(rr.rec.Quantity), bestExcess
	r.included = minUnits(r.used, unitsOf(bestAllow))
	if r.included.sign() == 0 {
		return nil
	}
	k := rr.k
	for k > r.first && u.same(r.ch.Allowance, k) {
		k--
	}
	cfg, _ := u.tl.config(k)
	av, _ := cfg.Attribute(r.ch.Allowance)
	left := r.included
	for _, c := range u.sources(nil, k, &av, bestAllow) {
		take := minUnits(c.value, left)
		if take.sign() > 0 {
			r.uses = addUse(r.uses, c.source, c.product, take)
			left = left.sub(take)
		}
	}
	return nil
}

// addUse adds units from a source to a line's uses, one entry per product.
func addUse(uses []use, source entitlement.LayerKind, product string, n units) []use {
	for i := range uses {
		if uses[i].source == source && uses[i].product == product {
			uses[i].units = uses[i].units.add(n)
			return uses
		}
	}
	return append(uses, use{source: source, product: product, units: n})
}
