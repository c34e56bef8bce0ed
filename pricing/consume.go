package pricing

import (
	"slices"

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
		for _, r := range share { // before any record uses them
			r.allowance = u.grantedTo(r, gs)
		}
		pools = append(pools, pool{attr, mode, gs})
		return gs, nil
	}
	for _, r := range runs {
		r.levelRecord = -1
		if r.ch.Aggregate.IsLevel() {
			if err := u.level(r); err != nil {
				return err
			}
			continue
		}
		var gs []grant
		if r.ch.Allowance != "" { // even without records: the line states its allowance
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
// for last, the latest record. The run's allowance is the one in force at
// that record, or at the run's start when it has no record.
func (u *usage) level(r *run) error {
	best, bestExcess, bestAllow := -1, units{}, decimal.Zero
	for i := range r.recs {
		rr := &r.recs[i]
		cfg, err := u.tl.config(u.allowancePiece(r, rr.k))
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
	k := r.first
	if best >= 0 {
		rr := &r.recs[best]
		r.levelRecord = best
		r.used, r.billed = unitsOf(rr.rec.Quantity), bestExcess
		k = u.allowancePiece(r, rr.k)
	} else if r.ch.Allowance != "" {
		cfg, err := u.tl.config(k)
		if err != nil {
			return err
		}
		if bestAllow, err = allowance(r.ch, cfg); err != nil {
			return err
		}
	}
	r.allowance = unitsOf(bestAllow)
	r.included = minUnits(r.used, r.allowance)
	if r.allowance.sign() == 0 {
		return nil
	}
	cfg, _ := u.tl.config(k) // resolved above
	av, _ := cfg.Attribute(r.ch.Allowance)
	left := r.included
	for _, c := range u.sources(nil, k, &av, bestAllow) {
		if c.value.sign() > 0 {
			r.granted = addUse(r.granted, c.source, c.product, c.value)
		}
		take := minUnits(c.value, left)
		if take.sign() > 0 {
			r.uses = addUse(r.uses, c.source, c.product, take)
			left = left.sub(take)
		}
	}
	return nil
}

// allowancePiece returns the piece whose configuration gives run r's
// allowance in piece k: the first of the pieces up to k, within the run,
// where it resolves the same.
func (u *usage) allowancePiece(r *run, k int) int {
	for k > r.first && u.same(r.ch.Allowance, k) {
		k-- // the same allowance as the piece before: resolve that one
	}
	return k
}

// grantedTo sets run r's allowance by source, the units of the grants gs
// usable in its pieces before any use, and returns their total. The runs'
// sources share one backing array.
func (u *usage) grantedTo(r *run, gs []grant) units {
	var total units
	start := len(u.granted)
	for i := range gs {
		g := &gs[i]
		if g.left.sign() <= 0 || !g.overlaps(r.first, r.end) {
			continue
		}
		total = total.add(g.left)
		mine := u.granted[start:]
		if j := slices.IndexFunc(mine, func(x use) bool { return x.source == g.source && x.product == g.product }); j >= 0 {
			mine[j].units = mine[j].units.add(g.left)
		} else {
			u.granted = append(u.granted, use{source: g.source, product: g.product, units: g.left})
		}
	}
	r.granted = u.granted[start:len(u.granted):len(u.granted)]
	return total
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
