// Package resolveoracle is a slow, obviously correct resolver: the model the
// fast entitlement.Resolver is checked against on random catalogs and
// accounts. It merges string-keyed maps with decimals and compares every
// pair of definers; it is written for clarity, never for speed.
package resolveoracle

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

type layer struct {
	product catalog.Product
	qty     int
	isAddOn bool
}

type def struct {
	layer int
	state catalog.State
	value catalog.Value
}

// Resolve returns the snapshot of a's configuration at at, or every rule
// violation it finds, joined. Errors match the entitlement sentinels. The
// main product is the one in force at at; a malformed main-product history
// is ErrInvalidHistory, an instant before the activation ErrInactive, each
// reported alone; a nil catalog is ErrNoCatalog.
func Resolve(c *catalog.Catalog, a entitlement.Account, at time.Time) (entitlement.Snapshot, error) {
	if c == nil {
		return entitlement.Snapshot{}, entitlement.ErrNoCatalog
	}
	if !validHistory(a) {
		return entitlement.Snapshot{}, entitlement.ErrInvalidHistory
	}
	mainID, active := a.MainAt(at)
	if !active {
		return entitlement.Snapshot{}, entitlement.ErrInactive
	}
	main, ok := c.Product(mainID)
	if !ok {
		return entitlement.Snapshot{}, entitlement.ErrUnknown
	}
	if main.Kind != catalog.KindMain {
		return entitlement.Snapshot{}, entitlement.ErrNotMain
	}
	qty := map[string]int{}
	over := map[string]bool{} // add-ons whose active quantities add up beyond math.MaxInt
	var errs []error
	for _, asg := range a.AddOns {
		p, ok := c.Product(asg.AddOn)
		switch {
		case !ok:
			errs = append(errs, entitlement.ErrUnknown)
		case p.Kind != catalog.KindAddOn:
			errs = append(errs, entitlement.ErrNotAddOn)
		case asg.Quantity < 0:
			errs = append(errs, entitlement.ErrQuantity)
		case asg.ActiveAt(at):
			if qty[asg.AddOn] > math.MaxInt-asg.Qty() {
				over[asg.AddOn] = true
			}
			qty[asg.AddOn] += asg.Qty() // meaningless once over
		}
	}
	if len(errs) > 0 {
		return entitlement.Snapshot{}, errors.Join(errs...)
	}
	layers := []layer{{product: main, qty: 1}}
	for id, n := range qty {
		p, _ := c.Product(id)
		layers = append(layers, layer{product: p, qty: n, isAddOn: true})
	}
	slices.SortFunc(layers[1:], func(x, y layer) int {
		return cmp.Or(cmp.Compare(x.product.Priority, y.product.Priority), cmp.Compare(x.product.ID, y.product.ID))
	})

	for _, l := range layers[1:] {
		p := l.product
		if !slices.Contains(p.AllowedMain, mainID) {
			errs = append(errs, entitlement.ErrNotAllowed)
		}
		if over[p.ID] {
			errs = append(errs, entitlement.ErrQuantity, entitlement.ErrOverflow)
		} else if l.qty > p.MaxQty() {
			errs = append(errs, entitlement.ErrQuantity)
		}
		for _, r := range p.Requires {
			if qty[r] == 0 {
				errs = append(errs, entitlement.ErrRequires)
			}
		}
		for id := range qty {
			if c.Excluded(p.ID, id) {
				errs = append(errs, entitlement.ErrExcludes)
			}
		}
	}
	if len(errs) > 0 {
		return entitlement.Snapshot{}, errors.Join(errs...)
	}

	featureDefs := map[string][]def{}
	attrDefs := map[string][]def{}
	for li, l := range layers {
		for _, fs := range l.product.Features {
			if fs.State != catalog.Undefined {
				featureDefs[fs.Feature] = append(featureDefs[fs.Feature], def{layer: li, state: fs.State})
			}
			for _, av := range fs.Values {
				v := av.Value
				if r := v.Rule(); r != nil {
					fact, ok := a.Facts[r.Fact]
					if !ok {
						errs = append(errs, entitlement.ErrMissingFact)
						continue
					}
					v, _ = r.Pick(fact)
				}
				attrDefs[av.Attribute] = append(attrDefs[av.Attribute], def{layer: li, value: v})
			}
		}
	}

	// Equal-priority conflicts: every pair of distinct add-on definers.
	samePriority := func(x, y int) bool {
		return x != y && layers[x].isAddOn && layers[y].isAddOn && layers[x].product.Priority == layers[y].product.Priority
	}
	for _, defs := range featureDefs {
		for _, x := range defs {
			for _, y := range defs {
				if samePriority(x.layer, y.layer) && x.state != y.state {
					errs = append(errs, entitlement.ErrConflict)
				}
			}
		}
	}
	for id, defs := range attrDefs {
		attr, _, _ := c.Attribute(id)
		if attr.Combine != catalog.CombineOverride {
			continue
		}
		for _, x := range defs {
			for _, y := range defs {
				if samePriority(x.layer, y.layer) && !x.value.Equal(y.value) {
					errs = append(errs, entitlement.ErrConflict)
				}
			}
		}
	}

	accountStates := map[string]catalog.State{}
	for _, s := range a.States {
		if _, ok := c.Feature(s.Feature); !ok {
			errs = append(errs, entitlement.ErrUnknown)
			continue
		}
		if _, dup := accountStates[s.Feature]; dup || (s.State != catalog.Enabled && s.State != catalog.Disabled) {
			errs = append(errs, entitlement.ErrInvalidValue)
		}
		accountStates[s.Feature] = s.State
	}
	accountValues := map[string]catalog.Value{}
	for _, av := range a.Values {
		attr, _, ok := c.Attribute(av.Attribute)
		switch _, dup := accountValues[av.Attribute]; {
		case !ok:
			errs = append(errs, entitlement.ErrUnknown)
		case !attr.Scope.AccountMaySet():
			errs = append(errs, entitlement.ErrScope)
		case dup || attr.Check(av.Value) != nil:
			errs = append(errs, entitlement.ErrInvalidValue)
		}
		accountValues[av.Attribute] = av.Value
	}
	if len(errs) > 0 {
		return entitlement.Snapshot{}, errors.Join(errs...)
	}

	snap := map[string]map[string]catalog.Value{}
	for _, fid := range c.FeatureIDs() {
		f, _ := c.Feature(fid)
		enabled := f.DefaultEnabled
		if defs := featureDefs[fid]; len(defs) > 0 {
			enabled = defs[len(defs)-1].state == catalog.Enabled
		}
		if s, ok := accountStates[fid]; ok {
			enabled = s == catalog.Enabled
		}
		if !enabled {
			continue
		}
		values := map[string]catalog.Value{}
		for _, attr := range f.Attributes {
			v, ok := accountValues[attr.ID] // it replaces what the products give
			if !ok {
				var err error
				if v, ok, err = combine(attr, attrDefs[attr.ID], layers); err != nil {
					errs = append(errs, err)
					continue
				}
			}
			if !ok && attr.Default.IsSet() {
				v, ok = attr.Default, true
			}
			if ok {
				values[attr.ID] = v
			} else if attr.Required {
				errs = append(errs, entitlement.ErrMissingRequired)
			}
		}
		snap[fid] = values
	}
	if len(errs) > 0 {
		return entitlement.Snapshot{}, errors.Join(errs...)
	}
	return entitlement.SnapshotOf(snap), nil
}

// validHistory reports whether a's main-product history is well formed:
// without past periods anything goes; with them, MainFrom is set, every
// past product is named, and the instants the periods start (the first
// one's may be zero) rise strictly up to MainFrom.
func validHistory(a entitlement.Account) bool {
	if len(a.PastMains) == 0 {
		return true
	}
	if a.MainFrom.IsZero() {
		return false
	}
	froms := []time.Time{}
	for i, p := range a.PastMains {
		if p.Product == "" || (i > 0 && p.From.IsZero()) {
			return false
		}
		froms = append(froms, p.From)
	}
	froms = append(froms, a.MainFrom)
	for i := 1; i < len(froms); i++ {
		if !froms[i-1].Before(froms[i]) {
			return false
		}
	}
	return true
}

// combine merges the product layers' values of one attribute by its rule;
// a number its type cannot hold is ErrOverflow.
func combine(attr catalog.Attribute, defs []def, layers []layer) (catalog.Value, bool, error) {
	if len(defs) == 0 {
		return catalog.Value{}, false, nil
	}
	switch attr.Combine {
	case catalog.CombineOverride:
		return defs[len(defs)-1].value, true, nil
	case catalog.CombineUnion:
		var items []string
		for _, d := range defs {
			list, _ := d.value.AsList()
			for _, s := range list {
				if !slices.Contains(items, s) {
					items = append(items, s)
				}
			}
		}
		return catalog.List(items...), true, nil
	}
	var acc decimal.Decimal
	for i, d := range defs {
		n, _ := d.value.AsDecimal()
		switch attr.Combine {
		case catalog.CombineSum:
			acc = acc.Add(n.Mul(decimal.NewFromInt(int64(layers[d.layer].qty))))
		case catalog.CombineMax:
			if i == 0 || n.Cmp(acc) > 0 {
				acc = n
			}
		case catalog.CombineMin:
			if i == 0 || n.Cmp(acc) < 0 {
				acc = n
			}
		}
	}
	if !fits(attr.Type, acc) {
		return catalog.Value{}, false, entitlement.ErrOverflow
	}
	switch attr.Type {
	case catalog.TypeInteger:
		return catalog.Int(acc.IntPart()), true, nil
	case catalog.TypeQuantity:
		return catalog.Qty(acc), true, nil
	}
	return catalog.Dec(acc), true, nil
}

// The bounds of an integer attribute's values.
var (
	minInt64 = decimal.NewFromInt(math.MinInt64)
	maxInt64 = decimal.NewFromInt(math.MaxInt64)
)

// fits is the bounds check of a number of type t: an integer lies within
// the int64 range; decimals and quantities have no bound.
func fits(t catalog.Type, n decimal.Decimal) bool {
	return t != catalog.TypeInteger || n.Cmp(minInt64) >= 0 && n.Cmp(maxInt64) <= 0
}
