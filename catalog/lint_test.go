package catalog_test

import (
	"fmt"
	"slices"
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

var (
	banded50 = catalog.Banded("arpu", catalog.Below(dec("50"), catalog.Int(3)), catalog.Otherwise(catalog.Int(5)))
	banded60 = catalog.Banded("arpu", catalog.Below(dec("60"), catalog.Int(3)), catalog.Otherwise(catalog.Int(5)))
)

// conflict returns the warning of a conflict on feature (on its attribute
// attr, unless empty) at priority prio among add-ons allowed with mains,
// with the given classes; AddOns and Path follow from them.
func conflict(feature, attr string, prio int, mains []string, classes ...catalog.ConflictClass) catalog.Warning {
	w := catalog.Warning{Code: catalog.WarnConflict, Feature: feature, Attribute: attr, Priority: prio, Mains: mains, Classes: classes}
	for _, cl := range classes {
		w.AddOns = append(w.AddOns, cl.AddOns...)
	}
	slices.Sort(w.AddOns)
	w.Path = "products[" + w.AddOns[0] + "].features[" + feature + "]"
	if attr != "" {
		w.Path += ".attributes[" + attr + "]"
	}
	return w
}

func state(s catalog.State, addOns ...string) catalog.ConflictClass {
	return catalog.ConflictClass{State: s, AddOns: addOns}
}

func value(v catalog.Value, addOns ...string) catalog.ConflictClass {
	return catalog.ConflictClass{Value: v, AddOns: addOns}
}

// stateConflict is a call_waiting-style conflict of two add-ons at priority
// 10 allowed with both main products: a enabled, b disabled.
func stateConflict(a, b, feature string) catalog.Warning {
	return conflict(feature, "", 10, both, state(catalog.Enabled, a), state(catalog.Disabled, b))
}

func excluding(p catalog.Product, ids ...string) catalog.Product {
	p.Excludes = ids
	return p
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
			want:   []catalog.Warning{conflict("call_waiting", "", 10, both, state(catalog.Disabled, "a_off"), state(catalog.Enabled, "b_on"))}},
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
		{name: "one common main product among several: conflict, naming that main product",
			addOns: []catalog.Product{addOn("a", 10, []string{"main_a", "main_b"}, waiting(catalog.Enabled)), addOn("b", 10, []string{"main_b"}, waiting(catalog.Disabled))},
			want:   []catalog.Warning{conflict("call_waiting", "", 10, []string{"main_b"}, state(catalog.Enabled, "a"), state(catalog.Disabled, "b"))}},
		{name: "equal priority, different override values: conflict",
			addOns: []catalog.Product{addOn("a", 10, both, forwarding("max_forwarded_calls", catalog.Int(3))), addOn("b", 10, both, forwarding("max_forwarded_calls", catalog.Int(5)))},
			want:   []catalog.Warning{conflict("call_forwarding", "max_forwarded_calls", 10, both, value(catalog.Int(3), "a"), value(catalog.Int(5), "b"))}},
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
				addOn("a", 10, both, forwarding("max_forwarded_calls", banded50)),
				addOn("b", 10, both, forwarding("max_forwarded_calls", banded60)),
			},
			want: []catalog.Warning{conflict("call_forwarding", "max_forwarded_calls", 10, both, value(banded50, "a"), value(banded60, "b"))}},
		{name: "band rule against a constant: conflict",
			addOns: []catalog.Product{
				addOn("a", 10, both, forwarding("max_forwarded_calls", catalog.Banded("arpu", catalog.Otherwise(catalog.Int(3))))),
				addOn("b", 10, both, forwarding("max_forwarded_calls", catalog.Int(3))),
			},
			want: []catalog.Warning{conflict("call_forwarding", "max_forwarded_calls", 10, both, value(catalog.Banded("arpu", catalog.Otherwise(catalog.Int(3))), "a"), value(catalog.Int(3), "b"))}},
		{name: "state and attribute both differ: one warning each, state first",
			addOns: []catalog.Product{
				addOn("a", 10, both, waiting(catalog.Enabled), forwarding("max_forwarded_calls", catalog.Int(3))),
				addOn("b", 10, both, waiting(catalog.Disabled), forwarding("max_forwarded_calls", catalog.Int(4))),
			},
			want: []catalog.Warning{stateConflict("a", "b", "call_waiting"), conflict("call_forwarding", "max_forwarded_calls", 10, both, value(catalog.Int(3), "a"), value(catalog.Int(4), "b"))}},
		{name: "two classes of three add-ons: one warning, whose pairs are the cross pairs",
			addOns: []catalog.Product{
				addOn("c", 10, both, waiting(catalog.Enabled)),
				addOn("a", 10, both, waiting(catalog.Disabled)),
				addOn("b", 10, both, waiting(catalog.Enabled)),
			},
			want: []catalog.Warning{conflict("call_waiting", "", 10, both, state(catalog.Disabled, "a"), state(catalog.Enabled, "b", "c"))}},
		{name: "three values at one priority: one warning of three classes, Equal values in one",
			addOns: []catalog.Product{
				addOn("a", 10, both, forwarding("rate", catalog.Dec(dec("1.5")))),
				addOn("b", 10, both, forwarding("rate", catalog.Dec(dec("2")))),
				addOn("c", 10, both, forwarding("rate", catalog.Dec(dec("1.50")))),
				addOn("d", 10, both, forwarding("rate", catalog.Dec(dec("3")))),
			},
			want: []catalog.Warning{conflict("call_forwarding", "rate", 10, both,
				value(catalog.Dec(dec("1.5")), "a", "c"), value(catalog.Dec(dec("2")), "b"), value(catalog.Dec(dec("3")), "d"))}},
		{name: "an excluded pair inside a group: listed as excluded, the other pairs conflict",
			addOns: []catalog.Product{
				excluding(addOn("a", 10, both, waiting(catalog.Enabled)), "c"),
				addOn("b", 10, both, waiting(catalog.Enabled)),
				addOn("c", 10, both, waiting(catalog.Disabled)),
			},
			want: []catalog.Warning{func() catalog.Warning {
				w := conflict("call_waiting", "", 10, both, state(catalog.Enabled, "a", "b"), state(catalog.Disabled, "c"))
				w.Excluded = [][2]string{{"a", "c"}}
				return w
			}()}},
		{name: "an exclusion within a class: not listed",
			addOns: []catalog.Product{
				excluding(addOn("a", 10, both, waiting(catalog.Enabled)), "b"),
				addOn("b", 10, both, waiting(catalog.Enabled)),
				addOn("c", 10, both, waiting(catalog.Disabled)),
			},
			want: []catalog.Warning{conflict("call_waiting", "", 10, both, state(catalog.Enabled, "a", "b"), state(catalog.Disabled, "c"))}},
		{name: "every cross pair excluded: no warning",
			addOns: []catalog.Product{
				excluding(addOn("a", 10, both, waiting(catalog.Enabled)), "c", "d"),
				addOn("b", 10, both, waiting(catalog.Disabled)),
				excluding(addOn("c", 10, both, waiting(catalog.Disabled)), "b"),
				addOn("d", 10, both, waiting(catalog.Disabled)),
			},
			want: []catalog.Warning{func() catalog.Warning {
				w := conflict("call_waiting", "", 10, both, state(catalog.Enabled, "a"), state(catalog.Disabled, "b", "c", "d"))
				w.Excluded = [][2]string{{"a", "c"}, {"a", "d"}}
				return w
			}()}},
		{name: "two add-ons that exclude each other both ways: no warning",
			addOns: []catalog.Product{
				excluding(addOn("a", 10, both, waiting(catalog.Enabled)), "b"),
				excluding(addOn("b", 10, both, waiting(catalog.Disabled)), "a"),
			}},
		{name: "one add-on excluding both of a class of two: no warning",
			addOns: []catalog.Product{
				addOn("a", 10, both, waiting(catalog.Enabled)),
				addOn("b", 10, both, waiting(catalog.Enabled)),
				excluding(addOn("c", 10, both, waiting(catalog.Disabled)), "a", "b"),
			}},
		{name: "a group whose only cross pair is excluded: no warning, though another main product's group conflicts",
			addOns: []catalog.Product{
				excluding(addOn("a", 10, both, waiting(catalog.Enabled)), "b"),
				addOn("b", 10, []string{"main_a"}, waiting(catalog.Disabled)),
				addOn("c", 10, []string{"main_b"}, waiting(catalog.Disabled)),
			},
			want: []catalog.Warning{conflict("call_waiting", "", 10, []string{"main_b"}, state(catalog.Enabled, "a"), state(catalog.Disabled, "c"))}},
		{name: "main products allowing different add-ons: one warning per main product's group, ordered by add-ons",
			addOns: []catalog.Product{
				addOn("a", 10, both, waiting(catalog.Enabled)),
				addOn("b", 10, []string{"main_b"}, waiting(catalog.Disabled)),
				addOn("c", 10, []string{"main_a"}, waiting(catalog.Disabled)),
			},
			want: []catalog.Warning{
				conflict("call_waiting", "", 10, []string{"main_b"}, state(catalog.Enabled, "a"), state(catalog.Disabled, "b")),
				conflict("call_waiting", "", 10, []string{"main_a"}, state(catalog.Enabled, "a"), state(catalog.Disabled, "c")),
			}},
		{name: "a pair allowed with two main products whose groups differ: a pair of both warnings",
			addOns: []catalog.Product{
				addOn("a", 10, both, waiting(catalog.Enabled)),
				addOn("b", 10, both, waiting(catalog.Disabled)),
				addOn("c", 10, []string{"main_b"}, waiting(catalog.Enabled)),
			},
			want: []catalog.Warning{
				conflict("call_waiting", "", 10, []string{"main_a"}, state(catalog.Enabled, "a"), state(catalog.Disabled, "b")),
				conflict("call_waiting", "", 10, []string{"main_b"}, state(catalog.Enabled, "a", "c"), state(catalog.Disabled, "b")),
			}},
		{name: "conflicts at two priorities: one warning each, lower priority first",
			addOns: []catalog.Product{
				addOn("a", 20, both, waiting(catalog.Enabled)),
				addOn("b", 20, both, waiting(catalog.Disabled)),
				addOn("c", 10, both, waiting(catalog.Enabled)),
				addOn("d", 10, both, waiting(catalog.Disabled)),
			},
			want: []catalog.Warning{
				conflict("call_waiting", "", 10, both, state(catalog.Enabled, "c"), state(catalog.Disabled, "d")),
				conflict("call_waiting", "", 20, both, state(catalog.Enabled, "a"), state(catalog.Disabled, "b")),
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
				Feature: "call_forwarding", Attribute: "max_forwarded_calls", Mains: []string{"main_a"}}}},
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
				conflict("call_waiting", "", 5, both, state(catalog.Enabled, "x"), state(catalog.Disabled, "y")),
				{Code: catalog.WarnEmptyGroup, Path: "groups[empty]"},
				{Code: catalog.WarnRequiredWithoutDefault, Path: "features[call_forwarding].attributes[rate]", Feature: "call_forwarding", Attribute: "rate", Mains: []string{"main_a"}},
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
			if diff := cmp.Diff(tt.want, got, valueEqual, cmpopts.IgnoreFields(catalog.Warning{}, "Detail")); diff != "" {
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
	want := []catalog.Warning{conflict("call_waiting", "", 15, []string{"smart_call_main"},
		state(catalog.Enabled, "advanced_forwarding"), state(catalog.Disabled, "unconditional_forwarding"))}
	if diff := cmp.Diff(want, c.Lint(), valueEqual, cmpopts.IgnoreFields(catalog.Warning{}, "Detail")); diff != "" {
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

func TestWarningPairs(t *testing.T) {
	tests := []struct {
		name string
		w    catalog.Warning
		want [][2]string
	}{
		{name: "two classes: every pair across them, sorted",
			w:    conflict("f", "", 10, both, state(catalog.Enabled, "c", "d"), state(catalog.Disabled, "a", "b")),
			want: [][2]string{{"a", "c"}, {"a", "d"}, {"b", "c"}, {"b", "d"}}},
		{name: "three classes: pairs across every two",
			w:    conflict("f", "x", 10, both, value(catalog.Int(1), "a"), value(catalog.Int(2), "b"), value(catalog.Int(3), "c")),
			want: [][2]string{{"a", "b"}, {"a", "c"}, {"b", "c"}}},
		{name: "excluded pairs left out, in either order",
			w: func() catalog.Warning {
				w := conflict("f", "", 10, both, state(catalog.Enabled, "a", "b"), state(catalog.Disabled, "c"))
				w.Excluded = [][2]string{{"c", "a"}}
				return w
			}(),
			want: [][2]string{{"b", "c"}}},
		{name: "a warning that is not a conflict: no pairs",
			w: catalog.Warning{Code: catalog.WarnUnassignable, AddOns: []string{"a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.w.Pairs()); diff != "" {
				t.Errorf("Pairs() (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLintGroupsManyConflictingAddOns checks the size of the report: n
// add-ons of one priority, allowed with the same main products, half
// enabling and half disabling a feature, are one warning naming each add-on
// once, not n²/4 warnings.
func TestLintGroupsManyConflictingAddOns(t *testing.T) {
	d := lintBase()
	const n = 400
	for i := range n {
		d.Products = append(d.Products, addOn(fmt.Sprintf("x%03d", i), 10, both, waiting(catalog.StateOf(i%2 == 0))))
	}
	got := catalog.MustNew(d).Lint()
	if len(got) != 1 || len(got[0].AddOns) != n || len(got[0].Classes) != 2 || len(got[0].Pairs()) != n*n/4 {
		t.Fatalf("got %d warnings, the first of %d add-ons, want one of %d add-ons in two classes standing for %d pairs", len(got), len(got[0].AddOns), n, n*n/4)
	}
}
