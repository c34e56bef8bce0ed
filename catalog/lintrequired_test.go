package catalog_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/internal/lintoracle"
)

// TestLintRequiredOnlyWhereAConfigurationLeavesItUnset: a required
// attribute without a default is reported only when some orderable
// configuration — a main product alone, or with an add-on and what it
// requires — enables its feature and sets no value for it.
func TestLintRequiredOnlyWhereAConfigurationLeavesItUnset(t *testing.T) {
	fwd := func(s catalog.State, values ...catalog.AttributeValue) catalog.FeatureSetting {
		return catalog.FeatureSetting{Feature: "call_forwarding", State: s, Values: values}
	}
	calls := catalog.AttributeValue{Attribute: "max_forwarded_calls", Value: catalog.Int(5)}
	warning := func(mains, addOns []string) []catalog.Warning {
		return []catalog.Warning{{Code: catalog.WarnRequiredWithoutDefault, Path: "features[call_forwarding].attributes[max_forwarded_calls]",
			Feature: "call_forwarding", Attribute: "max_forwarded_calls", Mains: mains, AddOns: addOns}}
	}
	tests := []struct {
		name           string
		defaultEnabled bool
		mains          [2]catalog.FeatureSetting // of main_a and main_b
		addOns         []catalog.Product
		want           []catalog.Warning
	}{
		{name: "every main product sets it: nothing to report", defaultEnabled: true,
			mains: [2]catalog.FeatureSetting{fwd(catalog.Undefined, calls), fwd(catalog.Undefined, calls)}},
		{name: "one main product does not: reported with it", defaultEnabled: true,
			mains: [2]catalog.FeatureSetting{fwd(catalog.Undefined, calls), fwd(catalog.Undefined)},
			want:  warning([]string{"main_b"}, nil)},
		{name: "a main product that disables the feature needs no value", defaultEnabled: true,
			mains: [2]catalog.FeatureSetting{fwd(catalog.Undefined, calls), fwd(catalog.Disabled)}},
		{name: "disabled by default, enabled by a main product without a value",
			mains: [2]catalog.FeatureSetting{fwd(catalog.Undefined), fwd(catalog.Enabled)},
			want:  warning([]string{"main_b"}, nil)},
		{name: "disabled by default, enabled by an add-on without a value",
			addOns: []catalog.Product{addOn("fwd", 10, both, fwd(catalog.Enabled))},
			want:   warning([]string{"main_a"}, []string{"fwd"})},
		{name: "an add-on that enables it and sets it",
			addOns: []catalog.Product{addOn("fwd", 10, both, fwd(catalog.Enabled, calls))}},
		{name: "an add-on enabling it, allowed only with a main product that sets it",
			mains:  [2]catalog.FeatureSetting{fwd(catalog.Undefined), fwd(catalog.Undefined, calls)},
			addOns: []catalog.Product{addOn("fwd", 10, []string{"main_b"}, fwd(catalog.Enabled))}},
		{name: "an add-on enabling it that requires one setting it",
			addOns: []catalog.Product{
				func() catalog.Product {
					p := addOn("fwd", 10, both, fwd(catalog.Enabled))
					p.Requires = []string{"calls"}
					return p
				}(),
				addOn("calls", 5, both, fwd(catalog.Undefined, calls)),
			}},
		{name: "an add-on enabling it that requires one of higher priority disabling it",
			addOns: []catalog.Product{
				func() catalog.Product {
					p := addOn("fwd", 10, both, fwd(catalog.Enabled))
					p.Requires = []string{"off"}
					return p
				}(),
				addOn("off", 20, both, fwd(catalog.Disabled)),
			}},
		{name: "an add-on enabling it that requires one of lower priority disabling it",
			addOns: []catalog.Product{
				func() catalog.Product {
					p := addOn("fwd", 10, both, fwd(catalog.Enabled))
					p.Requires = []string{"off"}
					return p
				}(),
				addOn("off", 5, both, fwd(catalog.Disabled)),
			},
			want: warning([]string{"main_a"}, []string{"fwd", "off"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := lintBase()
			d.Features[1].DefaultEnabled = tt.defaultEnabled
			d.Features[1].Attributes[0].Required = true
			for i, s := range tt.mains {
				if s.Feature != "" {
					d.Products[i].Features = []catalog.FeatureSetting{s}
				}
			}
			d.Products = append(d.Products, tt.addOns...)
			c, err := catalog.New(d)
			if err != nil {
				t.Fatal(err)
			}
			var got []catalog.Warning
			for _, w := range c.Lint() {
				if w.Code == catalog.WarnRequiredWithoutDefault {
					got = append(got, w)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(catalog.Warning{}, "Detail")); diff != "" {
				t.Errorf("required warnings (-want +got):\n%s", diff)
			}
			for _, w := range got {
				if w.Detail == "" {
					t.Errorf("%s: no detail", w.Path)
				}
			}
		})
	}
}

// TestLintRequiredOracleSeesEveryCase guards the oracle properties
// (TestLintMatchesOracle, TestLintRequiredMatchesExhaustiveSearch) against
// vacuity for required attributes: on a fixed sample of each generator's
// catalogs, some attributes are reported through a main product alone,
// some through an add-on, and some required attributes are not reported.
func TestLintRequiredOracleSeesEveryCase(t *testing.T) {
	byMain, byAddOn, quiet := 0, 0, 0
	for _, gen := range []*rapid.Generator[catalog.Definition]{genOverlapping, genGrouping, genRequired} {
		for seed := range 300 {
			c, err := catalog.New(gen.Example(seed))
			if err != nil {
				continue // genRequired may draw contradictory requirements
			}
			reported := map[string]bool{}
			for _, w := range lintoracle.RequiredUnset(c) {
				reported[w.Attribute] = true
				if w.AddOns == nil {
					byMain++
				} else {
					byAddOn++
				}
			}
			for _, fid := range c.FeatureIDs() {
				f, _ := c.Feature(fid)
				for _, a := range f.Attributes {
					if a.Required && !a.Default.IsSet() && !reported[a.ID] {
						quiet++
					}
				}
			}
		}
	}
	t.Logf("required attributes without a default: %d reported through a main product, %d through an add-on, %d not reported", byMain, byAddOn, quiet)
	if byMain == 0 || byAddOn == 0 || quiet == 0 {
		t.Error("the generators do not exercise the required-attribute lint")
	}
}

// genRequired draws small catalogs around one feature with one required
// attribute without a default: two main products and up to seven add-ons
// that enable, disable or leave the feature, set the attribute or not, at
// two priorities, with requirements (towards earlier add-ons, so without
// cycles), exclusions and allowed lists drawn at random.
var genRequired = rapid.Custom(func(t *rapid.T) catalog.Definition {
	d := catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}},
		Features: []catalog.Feature{{ID: "fwd", ServiceType: "voice", DefaultEnabled: rapid.Bool().Draw(t, "default_enabled"),
			Attributes: []catalog.Attribute{{ID: "calls", Type: catalog.TypeInteger, Required: true}}}},
	}
	states := []catalog.State{catalog.Undefined, catalog.Enabled, catalog.Disabled}
	setting := func(label string) []catalog.FeatureSetting {
		s := catalog.FeatureSetting{Feature: "fwd", State: rapid.SampledFrom(states).Draw(t, label+"_state")}
		if rapid.IntRange(0, 3).Draw(t, label+"_sets") == 0 {
			s.Values = []catalog.AttributeValue{{Attribute: "calls", Value: catalog.Int(1)}}
		}
		return []catalog.FeatureSetting{s}
	}
	mains := []string{"m0", "m1"}
	for _, m := range mains {
		d.Products = append(d.Products, catalog.Product{ID: m, Kind: catalog.KindMain, Features: setting(m)})
	}
	n := rapid.IntRange(1, 7).Draw(t, "addons")
	for i := range n {
		id := fmt.Sprintf("a%d", i)
		p := catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: rapid.SampledFrom([]int{5, 10}).Draw(t, id+"_priority"),
			Features: setting(id)}
		for _, m := range mains {
			if rapid.IntRange(0, 3).Draw(t, id+"_allows_"+m) > 0 {
				p.AllowedMain = append(p.AllowedMain, m)
			}
		}
		for j := range i {
			switch rapid.IntRange(0, 5).Draw(t, fmt.Sprintf("%s_to_a%d", id, j)) {
			case 0:
				p.Requires = append(p.Requires, fmt.Sprintf("a%d", j))
			case 1:
				p.Excludes = append(p.Excludes, fmt.Sprintf("a%d", j))
			}
		}
		d.Products = append(d.Products, p)
	}
	return d
})

// TestLintRequiredMatchesExhaustiveSearch checks the required-attribute
// lint against the oracle's search of every set of add-ons, on catalogs
// drawn to make every case common.
func TestLintRequiredMatchesExhaustiveSearch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, err := catalog.New(genRequired.Draw(t, "definition"))
		if err != nil {
			t.Skip("contradictory requirements")
		}
		var got []catalog.Warning
		for _, w := range c.Lint() {
			if w.Code == catalog.WarnRequiredWithoutDefault {
				got = append(got, w)
			}
		}
		want := lintoracle.RequiredUnset(c)
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(catalog.Warning{}, "Detail")); diff != "" {
			t.Fatalf("required warnings (-oracle +Lint):\n%s", diff)
		}
	})
}
