package catalog_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tariffkit/tariff/catalog"
)

// lintBase is a small catalog for the lint table: two main products, a
// feature without attributes (call_waiting) and one with an override
// integer, an override decimal, a sum integer and an override enum.
func lintBase() catalog.Definition {
	return catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}},
		Features: []catalog.Feature{
			{ID: "call_waiting", ServiceType: "voice"},
			{ID: "call_forwarding", ServiceType: "voice", Attributes: []catalog.Attribute{
				{ID: "max_forwarded_calls", Type: catalog.TypeInteger},
				{ID: "rate", Type: catalog.TypeDecimal},
				{ID: "extra_calls", Type: catalog.TypeInteger, Combine: catalog.CombineSum},
				{ID: "voice_application", Type: catalog.TypeEnum, Allowed: []string{"ivr_main", "ivr_sales"}},
			}},
		},
		Products: []catalog.Product{
			{ID: "main_a", Kind: catalog.KindMain},
			{ID: "main_b", Kind: catalog.KindMain},
		},
	}
}

// addOn returns an add-on at priority prio allowed with mains that defines
// the given settings.
func addOn(id string, prio int, mains []string, settings ...catalog.FeatureSetting) catalog.Product {
	return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: prio, AllowedMain: mains, Features: settings}
}

func waiting(s catalog.State) catalog.FeatureSetting {
	return catalog.FeatureSetting{Feature: "call_waiting", State: s}
}

func forwarding(attr string, v catalog.Value) catalog.FeatureSetting {
	return catalog.FeatureSetting{Feature: "call_forwarding", Values: []catalog.AttributeValue{{Attribute: attr, Value: v}}}
}

var both = []string{"main_a", "main_b"}

func stateConflict(a, b, feature string) catalog.Warning {
	return catalog.Warning{Code: catalog.WarnConflict, Path: "products[" + a + "].features[" + feature + "]",
		AddOns: []string{a, b}, Feature: feature}
}

func attrConflict(a, b, attr string) catalog.Warning {
	return catalog.Warning{Code: catalog.WarnConflict, Path: "products[" + a + "].features[call_forwarding].attributes[" + attr + "]",
		AddOns: []string{a, b}, Feature: "call_forwarding", Attribute: attr}
}

func TestLint(t *testing.T) {
	tests := []struct {
		name   string
		def    func() catalog.Definition
		addOns []catalog.Product
		want   []catalog.Warning
	}{
		{name: "equal priority, different states, co-assignable: conflict",
			addOns: []catalog.Product{addOn("b_on", 10, both, waiting(catalog.Enabled)), addOn("a_off", 10, both, waiting(catalog.Disabled))},
			want:   []catalog.Warning{stateConflict("a_off", "b_on", "call_waiting")}},
		{name: "equal priority, equal states: no warning",
			addOns: []catalog.Product{addOn("a", 10, both, waiting(catalog.Enabled)), addOn("b", 10, both, waiting(catalog.Enabled))}},
		{name: "one add-on leaves the state undefined: no warning",
			addOns: []catalog.Product{addOn("a", 10, both, waiting(catalog.Enabled)), addOn("b", 10, both, waiting(catalog.Undefined))}},
		{name: "different priorities: no warning",
			addOns: []catalog.Product{addOn("a", 10, both, waiting(catalog.Enabled)), addOn("b", 20, both, waiting(catalog.Disabled))}},
		{name: "excluded pair: no warning",
			addOns: func() []catalog.Product {
				a := addOn("a", 10, both, waiting(catalog.Enabled))
				a.Excludes = []string{"b"}
				return []catalog.Product{a, addOn("b", 10, both, waiting(catalog.Disabled))}
			}()},
		{name: "excluded the other way round: no warning",
			addOns: func() []catalog.Product {
				b := addOn("b", 10, both, waiting(catalog.Disabled))
				b.Excludes = []string{"a"}
				return []catalog.Product{addOn("a", 10, both, waiting(catalog.Enabled)), b}
			}()},
		{name: "no common main product: no warning",
			addOns: []catalog.Product{addOn("a", 10, []string{"main_a"}, waiting(catalog.Enabled)), addOn("b", 10, []string{"main_b"}, waiting(catalog.Disabled))}},
		{name: "one common main product among several: conflict",
			addOns: []catalog.Product{addOn("a", 10, []string{"main_a", "main_b"}, waiting(catalog.Enabled)), addOn("b", 10, []string{"main_b"}, waiting(catalog.Disabled))},
			want:   []catalog.Warning{stateConflict("a", "b", "call_waiting")}},
		{name: "equal priority, different override values: conflict",
			addOns: []catalog.Product{addOn("a", 10, both, forwarding("max_forwarded_calls", catalog.Int(3))), addOn("b", 10, both, forwarding("max_forwarded_calls", catalog.Int(5)))},
			want:   []catalog.Warning{attrConflict("a", "b", "max_forwarded_calls")}},
		{name: "equal priority, equal values: no warning",
			addOns: []catalog.Product{addOn("a", 10, both, forwarding("voice_application", catalog.Enum("ivr_main"))), addOn("b", 10, both, forwarding("voice_application", catalog.Enum("ivr_main")))}},
		{name: "equal priority, equal numbers written differently (1.5, 1.50): no warning",
			addOns: []catalog.Product{addOn("a", 10, both, forwarding("rate", catalog.Dec(dec("1.5")))), addOn("b", 10, both, forwarding("rate", catalog.Dec(dec("1.50"))))}},
		{name: "sum attribute differing: no warning",
			addOns: []catalog.Product{addOn("a", 10, both, forwarding("extra_calls", catalog.Int(3))), addOn("b", 10, both, forwarding("extra_calls", catalog.Int(5)))}},
		{name: "equal band rules: no warning",
			addOns: []catalog.Product{
				addOn("a", 10, both, forwarding("max_forwarded_calls", catalog.Banded("arpu", catalog.Below(dec("50"), catalog.Int(3)), catalog.Otherwise(catalog.Int(5))))),
				addOn("b", 10, both, forwarding("max_forwarded_calls", catalog.Banded("arpu", catalog.Below(dec("50.0"), catalog.Int(3)), catalog.Otherwise(catalog.Int(5))))),
			}},
		{name: "band rules with different bounds: conflict",
			addOns: []catalog.Product{
				addOn("a", 10, both, forwarding("max_forwarded_calls", catalog.Banded("arpu", catalog.Below(dec("50"), catalog.Int(3)), catalog.Otherwise(catalog.Int(5))))),
				addOn("b", 10, both, forwarding("max_forwarded_calls", catalog.Banded("arpu", catalog.Below(dec("60"), catalog.Int(3)), catalog.Otherwise(catalog.Int(5))))),
			},
			want: []catalog.Warning{attrConflict("a", "b", "max_forwarded_calls")}},
		{name: "band rule against a constant: conflict",
			addOns: []catalog.Product{
				addOn("a", 10, both, forwarding("max_forwarded_calls", catalog.Banded("arpu", catalog.Otherwise(catalog.Int(3))))),
				addOn("b", 10, both, forwarding("max_forwarded_calls", catalog.Int(3))),
			},
			want: []catalog.Warning{attrConflict("a", "b", "max_forwarded_calls")}},
		{name: "state and attribute both differ: one warning each, state first",
			addOns: []catalog.Product{
				addOn("a", 10, both, waiting(catalog.Enabled), forwarding("max_forwarded_calls", catalog.Int(3))),
				addOn("b", 10, both, waiting(catalog.Disabled), forwarding("max_forwarded_calls", catalog.Int(4))),
			},
			want: []catalog.Warning{stateConflict("a", "b", "call_waiting"), attrConflict("a", "b", "max_forwarded_calls")}},
		{name: "two classes of three add-ons: each cross pair once, sorted by ID",
			addOns: []catalog.Product{
				addOn("c", 10, both, waiting(catalog.Enabled)),
				addOn("a", 10, both, waiting(catalog.Disabled)),
				addOn("b", 10, both, waiting(catalog.Enabled)),
			},
			want: []catalog.Warning{stateConflict("a", "b", "call_waiting"), stateConflict("a", "c", "call_waiting")}},
		{name: "three values at one priority: every pair of different values",
			addOns: []catalog.Product{
				addOn("a", 10, both, forwarding("max_forwarded_calls", catalog.Int(1))),
				addOn("b", 10, both, forwarding("max_forwarded_calls", catalog.Int(2))),
				addOn("c", 10, both, forwarding("max_forwarded_calls", catalog.Int(1))),
				addOn("d", 10, both, forwarding("max_forwarded_calls", catalog.Int(3))),
			},
			want: []catalog.Warning{
				attrConflict("a", "b", "max_forwarded_calls"), attrConflict("a", "d", "max_forwarded_calls"),
				attrConflict("b", "c", "max_forwarded_calls"), attrConflict("b", "d", "max_forwarded_calls"),
				attrConflict("c", "d", "max_forwarded_calls"),
			}},
		{name: "add-on no main product allows: unassignable_addon",
			addOns: []catalog.Product{addOn("orphan", 10, nil)},
			want:   []catalog.Warning{{Code: catalog.WarnUnassignable, Path: "products[orphan].allowed_main", AddOns: []string{"orphan"}}}},
		{name: "unassignable add-ons do not conflict",
			addOns: []catalog.Product{addOn("a", 10, nil, waiting(catalog.Enabled)), addOn("b", 10, nil, waiting(catalog.Disabled))},
			want: []catalog.Warning{
				{Code: catalog.WarnUnassignable, Path: "products[a].allowed_main", AddOns: []string{"a"}},
				{Code: catalog.WarnUnassignable, Path: "products[b].allowed_main", AddOns: []string{"b"}},
			}},
		{name: "group with no add-on: empty_group",
			def: func() catalog.Definition {
				d := lintBase()
				d.Groups = []catalog.Group{{ID: "bundles"}, {ID: "extras"}}
				d.Products = append(d.Products, addOn("a", 10, both))
				d.Products[2].Groups = []string{"extras"}
				return d
			},
			want: []catalog.Warning{{Code: catalog.WarnEmptyGroup, Path: "groups[bundles]"}}},
		{name: "default-enabled feature, required attribute without default: required_without_default",
			def: func() catalog.Definition {
				d := lintBase()
				d.Features[1].DefaultEnabled = true
				d.Features[1].Attributes[0].Required = true
				d.Features[1].Attributes[3].Required = true
				d.Features[1].Attributes[3].Default = catalog.Enum("ivr_main")
				return d
			},
			want: []catalog.Warning{{Code: catalog.WarnRequiredWithoutDefault, Path: "features[call_forwarding].attributes[max_forwarded_calls]",
				Feature: "call_forwarding", Attribute: "max_forwarded_calls"}}},
		{name: "required attribute of a feature disabled by default: no warning",
			def: func() catalog.Definition {
				d := lintBase()
				d.Features[1].Attributes[0].Required = true
				return d
			}},
		{name: "warnings ordered by code",
			def: func() catalog.Definition {
				d := lintBase()
				d.Groups = []catalog.Group{{ID: "empty"}}
				d.Features[1].DefaultEnabled = true
				d.Features[1].Attributes[1].Required = true
				d.Products = append(d.Products, addOn("z", 10, nil), addOn("x", 5, both, waiting(catalog.Enabled)), addOn("y", 5, both, waiting(catalog.Disabled)))
				return d
			},
			want: []catalog.Warning{
				stateConflict("x", "y", "call_waiting"),
				{Code: catalog.WarnEmptyGroup, Path: "groups[empty]"},
				{Code: catalog.WarnRequiredWithoutDefault, Path: "features[call_forwarding].attributes[rate]", Feature: "call_forwarding", Attribute: "rate"},
				{Code: catalog.WarnUnassignable, Path: "products[z].allowed_main", AddOns: []string{"z"}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := lintBase()
			if tt.def != nil {
				d = tt.def()
			}
			d.Products = append(d.Products, tt.addOns...)
			c, err := catalog.New(d)
			if err != nil {
				t.Fatal(err)
			}
			got := c.Lint()
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(catalog.Warning{}, "Detail")); diff != "" {
				t.Errorf("Lint() (-want +got):\n%s", diff)
			}
			for _, w := range got {
				if w.Detail == "" {
					t.Errorf("%s %s: no detail", w.Code, w.Path)
				}
			}
		})
	}
}

func TestLintSeedForwardingAddOnsConflict(t *testing.T) {
	c, err := catalog.New(seedDefinition())
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.Warning{stateConflict("advanced_forwarding", "unconditional_forwarding", "call_waiting")}
	if diff := cmp.Diff(want, c.Lint(), cmpopts.IgnoreFields(catalog.Warning{}, "Detail")); diff != "" {
		t.Errorf("Lint() (-want +got):\n%s", diff)
	}
}

func TestLintSeedExcludedForwardingAddOns(t *testing.T) {
	d := seedDefinition()
	d.Products[pUnconditionalForwarding].Excludes = []string{"advanced_forwarding"}
	c, err := catalog.New(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Lint(); len(got) != 0 {
		t.Errorf("Lint() = %v, want no warnings once the forwarding add-ons exclude each other", got)
	}
}
