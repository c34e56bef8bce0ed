// Package usageoracle is a slow, obviously correct rating of usage: the
// model the pricing engine's usage lines are checked against on random
// histories. It works day by day with plain maps, so it only handles
// histories whose changes (main products, add-on From and Until) fall at
// midnight UTC and periods of whole UTC days, where a day is the unit of
// time. It knows sum and count aggregations and per-unit, graduated, volume
// and package prices without commitments; it assumes that all the usage
// charges of one meter name the same allowance (or none) with the same
// grant, that no two meters share an allowance, and that an add-on whose
// attribute does not sum is active once at a time.
package usageoracle

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// Line is one usage line: a charge in force over the days From–Until.
// Allowance is the units of every grant of the charge's allowance that
// gives on one of those days, before any use.
type Line struct {
	Charge                 string
	From, Until            time.Time
	Used, Included, Billed decimal.Decimal
	Allowance              decimal.Decimal
	Amount                 pricing.Money // rounded half away from zero
	Records                []string      // in the order they were rated
}

const day = 24 * time.Hour

// grant is the allowance one source gives a meter.
type grant struct {
	order       int                     // creation order: first day it gives, then layer order
	give        map[int]decimal.Decimal // day → the value it gives that day
	last        int                     // the last day it gives
	units, left decimal.Decimal
}

// run is a charge in force over consecutive days.
type run struct {
	charge      pricing.Charge
	first, last int
	used, incl  decimal.Decimal
	records     []string
}

// Rate returns the usage lines of acct for p, per meter in the order the
// book first names it, each meter's lines in time order. A record inside p
// that no charge in force rates, a negative quantity and a repeated ID are
// errors; so is a resolution error other than the account being inactive.
func Rate(book *pricing.Book, r *entitlement.Resolver, acct entitlement.Account, p pricing.Period, usage []pricing.UsageRecord) ([]Line, error) {
	days := int(p.End.Sub(p.Start) / day)
	cfgs := make([]*entitlement.Config, days) // nil while the account is inactive
	mainKey := make([]string, days)           // the main product's run, for its grant
	for d := range days {
		cfg, err := r.Resolve(acct, p.Start.Add(time.Duration(d)*day))
		if errors.Is(err, entitlement.ErrInactive) {
			continue
		}
		if err != nil {
			return nil, err
		}
		cfgs[d] = &cfg
		main := cfg.Layers()[0].Product
		mainKey[d] = fmt.Sprintf("main %s from day %d", main, d)
		if d > 0 && cfgs[d-1] != nil && cfgs[d-1].Layers()[0].Product == main {
			mainKey[d] = mainKey[d-1]
		}
	}

	var meters []string
	for _, c := range book.Definition().Charges {
		if c.Kind == pricing.ChargeUsage && !slices.Contains(meters, c.Meter) {
			meters = append(meters, c.Meter)
		}
	}
	runs := map[string][]*run{}              // meter → its runs in time order
	runOn := map[string][]*run{}             // meter → day → the run in force
	grants := map[string]map[string]*grant{} // meter → source → grant
	for _, m := range meters {
		runOn[m] = make([]*run, days)
		grants[m] = map[string]*grant{}
		full := false
		for d, cfg := range cfgs {
			ch, ok := chargeInForce(book, cfg, m)
			if !ok {
				continue
			}
			if rs := runs[m]; len(rs) > 0 && rs[len(rs)-1].last == d-1 && rs[len(rs)-1].charge.ID == ch.ID {
				rs[len(rs)-1].last = d
			} else {
				runs[m] = append(rs, &run{charge: ch, first: d, last: d})
			}
			runOn[m][d] = runs[m][len(runs[m])-1]
			if ch.Allowance == "" {
				continue
			}
			full = ch.Grant == pricing.AllowanceFull
			for _, s := range sources(acct, cfg, ch.Allowance, p.Start.Add(time.Duration(d)*day), mainKey[d]) {
				g := grants[m][s.key]
				if g == nil {
					g = &grant{order: len(grants[m]), give: map[int]decimal.Decimal{}}
					grants[m][s.key] = g
				}
				g.give[d], g.last = s.value, d
			}
		}
		roundGrants(slices.Collect(maps.Values(grants[m])), full, days)
	}

	// Consumption, record by record in time order.
	recs := slices.Clone(usage)
	slices.SortFunc(recs, func(a, b pricing.UsageRecord) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID), a.Quantity.Cmp(b.Quantity))
	})
	seen := map[string]bool{}
	for _, rec := range recs {
		if rec.Quantity.IsNegative() || (rec.ID != "" && seen[rec.ID]) {
			return nil, fmt.Errorf("usageoracle: invalid record %q", rec.ID)
		}
		seen[rec.ID] = true
		if !p.Contains(rec.At) {
			continue
		}
		d := int(rec.At.Sub(p.Start) / day)
		if runOn[rec.Meter] == nil || runOn[rec.Meter][d] == nil {
			return nil, fmt.Errorf("usageoracle: no charge rates record %q", rec.ID)
		}
		ru := runOn[rec.Meter][d]
		need := rec.Quantity
		if ru.charge.Aggregate == pricing.AggregateCount {
			need = decimal.NewFromInt(1)
		}
		ru.used = ru.used.Add(need)
		ru.records = append(ru.records, rec.ID)
		var usable []*grant
		for _, g := range grants[rec.Meter] {
			if _, ok := g.give[d]; ok {
				usable = append(usable, g)
			}
		}
		slices.SortFunc(usable, func(a, b *grant) int { return cmp.Or(cmp.Compare(a.last, b.last), cmp.Compare(a.order, b.order)) })
		for _, g := range usable {
			take := decimal.Min(need, g.left)
			g.left, need = g.left.Sub(take), need.Sub(take)
			ru.incl = ru.incl.Add(take)
		}
	}

	var out []Line
	for _, m := range meters {
		for _, ru := range runs[m] {
			billed := ru.used.Sub(ru.incl)
			res, err := ru.charge.Price.Compute(billed)
			if err != nil {
				return nil, err
			}
			allowance := decimal.Zero
			for _, g := range grants[m] {
				for d := ru.first; d <= ru.last && ru.charge.Allowance != ""; d++ {
					if _, ok := g.give[d]; ok {
						allowance = allowance.Add(g.units)
						break
					}
				}
			}
			out = append(out, Line{Charge: ru.charge.ID,
				From: p.Start.Add(time.Duration(ru.first) * day), Until: p.Start.Add(time.Duration(ru.last+1) * day),
				Used: ru.used, Included: ru.incl, Billed: billed, Allowance: allowance,
				Amount:  pricing.NewMoney(res.Amount, book.Currency()).Round(pricing.HalfAwayFromZero),
				Records: ru.records})
		}
	}
	return out, nil
}

// chargeInForce returns the meter's usage charge of the highest-precedence
// product of cfg that has one.
func chargeInForce(book *pricing.Book, cfg *entitlement.Config, meter string) (pricing.Charge, bool) {
	if cfg == nil {
		return pricing.Charge{}, false
	}
	for _, l := range slices.Backward(cfg.Layers()) {
		if l.Kind != entitlement.LayerMain && l.Kind != entitlement.LayerAddOn {
			continue
		}
		for _, c := range book.ChargesFor(l.Product) {
			if c.Kind == pricing.ChargeUsage && c.Meter == meter {
				return c, true
			}
		}
	}
	return pricing.Charge{}, false
}

type source struct {
	key   string
	value decimal.Decimal
}

// sources splits attribute attr of cfg among the sources that give it, in
// layer order (main product first): for a sum every product layer, an
// add-on once per assignment times its quantity; otherwise the layer that
// decided it; an account value or a default as it is.
func sources(acct entitlement.Account, cfg *entitlement.Config, attr string, at time.Time, mainKey string) []source {
	av, ok := cfg.Attribute(attr)
	if !ok {
		return nil
	}
	if len(av.By) == 0 {
		v, _ := av.Value.AsDecimal()
		return []source{{"default", v}}
	}
	by := av.By
	if av.Combine != catalog.CombineSum || by[0].Layer.Kind == entitlement.LayerAccount {
		i := slices.IndexFunc(by, func(s entitlement.Source) bool { return s.Value.Equal(av.Value) })
		by = []entitlement.Source{{Layer: by[max(i, 0)].Layer, Value: av.Value}}
	}
	var out []source
	for _, s := range slices.Backward(by) {
		v, _ := s.Value.AsDecimal()
		switch s.Layer.Kind {
		case entitlement.LayerMain:
			out = append(out, source{mainKey, v})
		case entitlement.LayerAddOn:
			for i, a := range acct.AddOns {
				if a.AddOn == s.Layer.Product && a.ActiveAt(at) {
					units := v
					if av.Combine == catalog.CombineSum {
						units = v.Mul(decimal.NewFromInt(int64(a.Qty())))
					}
					out = append(out, source{fmt.Sprintf("assignment %d", i), units})
				}
			}
		default:
			out = append(out, source{"account", v})
		}
	}
	return out
}

// roundGrants sets each grant's units: its largest value when full, else
// value × days / periodDays, the total rounded half up to the values'
// places and each grant by the largest remainder, ties to the earlier.
func roundGrants(gs []*grant, full bool, periodDays int) {
	slices.SortFunc(gs, func(a, b *grant) int { return cmp.Compare(a.order, b.order) })
	places := int32(0)
	for _, g := range gs {
		for _, v := range g.give {
			for !v.Shift(places).IsInteger() {
				places++
			}
		}
	}
	D := decimal.NewFromInt(int64(periodDays))
	sum, floors := decimal.Zero, decimal.Zero
	rems := map[*grant]decimal.Decimal{}
	for _, g := range gs {
		scaled, most := decimal.Zero, decimal.Zero
		for _, v := range g.give {
			scaled, most = scaled.Add(v.Shift(places)), decimal.Max(most, v)
		}
		g.units, rems[g] = scaled.QuoRem(D, 0)
		sum, floors = sum.Add(scaled), floors.Add(g.units)
		if full {
			g.units = most.Shift(places)
		}
	}
	if total, r := sum.QuoRem(D, 0); !full {
		if r.Add(r).GreaterThanOrEqual(D) {
			total = total.Add(decimal.NewFromInt(1))
		}
		byRem := slices.Clone(gs)
		slices.SortStableFunc(byRem, func(a, b *grant) int { return rems[b].Cmp(rems[a]) })
		for i := 0; floors.LessThan(total); i++ {
			byRem[i].units = byRem[i].units.Add(decimal.NewFromInt(1))
			floors = floors.Add(decimal.NewFromInt(1))
		}
	}
	for _, g := range gs {
		g.units = g.units.Shift(-places)
		g.left = g.units
	}
}
