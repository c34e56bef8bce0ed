package entitlement_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// mapMerge is the resolver a billing team writes by hand, the baseline
// DESIGN.md's performance target measures Resolve against: the catalog
// held in maps by ID (built once), and per resolution a map of feature
// states and a map of attribute values, the layers applied in priority
// order, numbers combined with decimals, and the assignment rules and
// equal-priority conflicts checked on the way.
type mapMerge struct {
	products map[string]*catalog.Product
	attrs    map[string]*mmAttr
	features map[string]*catalog.Feature
	required []*catalog.Feature // features with a required attribute without a default
}

type mmAttr struct {
	attr    catalog.Attribute
	feature string
}

// mmResult is the configuration: the features and attributes some layer
// set; everything else reads through to the catalog defaults, as a
// Config does.
type mmResult struct {
	enabled map[string]bool
	values  map[string]catalog.Value
}

func newMapMerge(d catalog.Definition) *mapMerge {
	m := &mapMerge{products: map[string]*catalog.Product{}, attrs: map[string]*mmAttr{}, features: map[string]*catalog.Feature{}}
	for i := range d.Products {
		m.products[d.Products[i].ID] = &d.Products[i]
	}
	for i := range d.Features {
		f := &d.Features[i]
		m.features[f.ID] = f
		for _, a := range f.Attributes {
			m.attrs[a.ID] = &mmAttr{attr: a, feature: f.ID}
			if a.Required && !a.Default.IsSet() && !slices.Contains(m.required, f) {
				m.required = append(m.required, f)
			}
		}
	}
	return m
}

type mmLayer struct {
	p   *catalog.Product
	qty int
}

func (m *mapMerge) resolve(a entitlement.Account, at time.Time) (mmResult, error) {
	mainID, ok := a.MainAt(at)
	if !ok {
		return mmResult{}, entitlement.ErrInactive
	}
	main := m.products[mainID]
	if main == nil || main.Kind != catalog.KindMain {
		return mmResult{}, fmt.Errorf("main product %q: %w", mainID, entitlement.ErrNotMain)
	}

	// Which add-ons are active, how many of each, in precedence order.
	qty := map[string]int{}
	for _, asg := range a.AddOns {
		p := m.products[asg.AddOn]
		if p == nil || p.Kind != catalog.KindAddOn || asg.Quantity < 0 {
			return mmResult{}, fmt.Errorf("add-on %q: %w", asg.AddOn, entitlement.ErrNotAddOn)
		}
		if asg.ActiveAt(at) {
			qty[asg.AddOn] += asg.Qty()
		}
	}
	layers := []mmLayer{{p: main, qty: 1}}
	for id, n := range qty {
		layers = append(layers, mmLayer{p: m.products[id], qty: n})
	}
	slices.SortFunc(layers[1:], func(x, y mmLayer) int {
		return cmp.Or(cmp.Compare(x.p.Priority, y.p.Priority), cmp.Compare(x.p.ID, y.p.ID))
	})

	// The assignment rules.
	for _, l := range layers[1:] {
		p := l.p
		if !slices.Contains(p.AllowedMain, mainID) {
			return mmResult{}, &entitlement.NotAllowedError{AddOn: p.ID, Main: mainID}
		}
		if l.qty > p.MaxQty() {
			return mmResult{}, &entitlement.QuantityError{AddOn: p.ID, Quantity: l.qty, Max: p.MaxQty()}
		}
		for _, r := range p.Requires {
			if qty[r] == 0 {
				return mmResult{}, &entitlement.RequiresError{AddOn: p.ID, Requires: r}
			}
		}
		for _, x := range p.Excludes {
			if qty[x] > 0 {
				return mmResult{}, &entitlement.ExcludesError{AddOns: [2]string{p.ID, x}}
			}
		}
	}

	// The layers, lowest first. Within a group of equal priority, the
	// first add-on to define a state or override value records it, and a
	// different one from another add-on is a conflict.
	res := mmResult{enabled: map[string]bool{}, values: map[string]catalog.Value{}}
	nums := map[string]decimal.Decimal{} // sum, max and min so far
	type groupDef struct {
		by    string
		state catalog.State
		value catalog.Value
	}
	groupStates, groupValues := map[string]groupDef{}, map[string]groupDef{}
	for i, l := range layers {
		p := l.p
		if i > 1 && p.Priority != layers[i-1].p.Priority {
			clear(groupStates)
			clear(groupValues)
		}
		inGroup := i > 0 // the main product is alone
		for _, fs := range p.Features {
			if fs.State != catalog.Undefined {
				if inGroup {
					if g, ok := groupStates[fs.Feature]; ok && g.state != fs.State {
						return mmResult{}, &entitlement.ConflictError{Feature: fs.Feature, AddOns: [2]string{g.by, p.ID}, Priority: p.Priority}
					}
					groupStates[fs.Feature] = groupDef{by: p.ID, state: fs.State}
				}
				res.enabled[fs.Feature] = fs.State == catalog.Enabled
			}
			for _, av := range fs.Values {
				v := av.Value
				if rule := v.Rule(); rule != nil {
					fact, ok := a.Facts[rule.Fact]
					if !ok {
						return mmResult{}, &entitlement.MissingFactError{Fact: rule.Fact, Attribute: av.Attribute, Product: p.ID}
					}
					v, _ = rule.Pick(fact)
				}
				attr := &m.attrs[av.Attribute].attr
				switch attr.Combine {
				case catalog.CombineOverride:
					if inGroup {
						if g, ok := groupValues[av.Attribute]; ok && !g.value.Equal(v) {
							return mmResult{}, &entitlement.ConflictError{Feature: fs.Feature, Attribute: av.Attribute, AddOns: [2]string{g.by, p.ID}, Priority: p.Priority}
						}
						groupValues[av.Attribute] = groupDef{by: p.ID, value: v}
					}
					res.values[av.Attribute] = v
				case catalog.CombineUnion:
					items, _ := res.values[av.Attribute].AsList()
					for j := range v.Len() {
						if !slices.Contains(items, v.Item(j)) {
							items = append(items, v.Item(j))
						}
					}
					res.values[av.Attribute] = catalog.List(items...)
				default:
					n, _ := v.AsDecimal()
					acc, seen := nums[av.Attribute]
					switch {
					case attr.Combine == catalog.CombineSum:
						acc = acc.Add(n.Mul(decimal.NewFromInt(int64(l.qty))))
					case !seen,
						attr.Combine == catalog.CombineMax && n.Cmp(acc) > 0,
						attr.Combine == catalog.CombineMin && n.Cmp(acc) < 0:
						acc = n
					}
					nums[av.Attribute] = acc
				}
			}
		}
	}
	for id, n := range nums {
		switch attr := &m.attrs[id].attr; attr.Type {
		case catalog.TypeInteger:
			if !n.BigInt().IsInt64() {
				return mmResult{}, &entitlement.OverflowError{Attribute: id}
			}
			res.values[id] = catalog.Int(n.IntPart())
		case catalog.TypeQuantity:
			res.values[id] = catalog.Qty(n)
		default:
			res.values[id] = catalog.Dec(n)
		}
	}

	// The account's own settings replace what the products give.
	for _, s := range a.States {
		if _, ok := m.features[s.Feature]; !ok {
			return mmResult{}, &entitlement.UnknownError{Kind: "feature", ID: s.Feature}
		}
		res.enabled[s.Feature] = s.State == catalog.Enabled
	}
	for _, av := range a.Values {
		at, ok := m.attrs[av.Attribute]
		if !ok {
			return mmResult{}, &entitlement.UnknownError{Kind: "attribute", ID: av.Attribute}
		}
		if !at.attr.Scope.AccountMaySet() {
			return mmResult{}, &entitlement.ScopeError{Attribute: av.Attribute}
		}
		res.values[av.Attribute] = av.Value
	}

	for _, f := range m.required {
		if !res.isEnabled(m, f.ID) {
			continue
		}
		for _, attr := range f.Attributes {
			if _, ok := res.values[attr.ID]; attr.Required && !attr.Default.IsSet() && !ok {
				return mmResult{}, &entitlement.MissingRequiredError{Feature: f.ID, Attribute: attr.ID}
			}
		}
	}
	return res, nil
}

func (r mmResult) isEnabled(m *mapMerge, feature string) bool {
	if on, ok := r.enabled[feature]; ok {
		return on
	}
	return m.features[feature].DefaultEnabled
}

// snapshot reads r as Config.Snapshot reads a Config, for comparing them.
func (r mmResult) snapshot(m *mapMerge) entitlement.Snapshot {
	s := map[string]map[string]catalog.Value{}
	for id, f := range m.features {
		if !r.isEnabled(m, id) {
			continue
		}
		vals := map[string]catalog.Value{}
		for _, attr := range f.Attributes {
			if v, ok := r.values[attr.ID]; ok {
				vals[attr.ID] = v
			} else if attr.Default.IsSet() {
				vals[attr.ID] = attr.Default
			}
		}
		s[id] = vals
	}
	return entitlement.SnapshotOf(s)
}

// BenchmarkMapMerge_10AddOns is the hand-written map-merge resolver on
// BenchmarkResolve_10AddOns's input: Resolve must be at least 20 times
// faster, measured in the same run.
func BenchmarkMapMerge_10AddOns(b *testing.B) {
	d := benchDefinition(10)
	c := catalog.MustNew(d)
	m := newMapMerge(c.Definition())
	a := benchAccount(rand.New(rand.NewPCG(3, 4)), 10)
	got, err := m.resolve(a, t0)
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := entitlement.NewResolver(c).Resolve(a, t0)
	if err != nil {
		b.Fatal(err)
	}
	if want := cfg.Snapshot(); !want.Equal(got.snapshot(m)) {
		b.Fatal("the map-merge resolver disagrees with Resolve")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.resolve(a, t0); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMapMergeAgrees checks the baseline on the fixtures' accounts: it is
// a resolver, not only a workload.
func TestMapMergeAgrees(t *testing.T) {
	for _, addOns := range []int{10, 40} {
		c := catalog.MustNew(benchDefinition(addOns))
		m, r := newMapMerge(c.Definition()), entitlement.NewResolver(c)
		rng := rand.New(rand.NewPCG(7, 8))
		for range 50 {
			a := benchAccount(rng, addOns)
			got, gotErr := m.resolve(a, t0)
			cfg, wantErr := r.Resolve(a, t0)
			if gotErr != nil || wantErr != nil {
				t.Fatalf("map merge: %v, Resolve: %v", gotErr, wantErr)
			}
			if !cfg.Snapshot().Equal(got.snapshot(m)) {
				t.Fatalf("account %+v: the map-merge resolver disagrees with Resolve", a.AddOns)
			}
		}
	}
}
