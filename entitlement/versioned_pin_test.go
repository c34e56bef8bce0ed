package entitlement_test

import (
	"testing"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// pinCatalog is a catalog version in which main product m admits four
// add-ons, "a", "b", "c" and "a=1|b", each setting its own attribute (va,
// vb, vc, vab) to the value given.
func pinCatalog(a, b, c, ab int64) *catalog.Catalog {
	feature := func(id, attr string) catalog.Feature {
		return catalog.Feature{ID: id, ServiceType: "net", Attributes: []catalog.Attribute{{ID: attr, Type: catalog.TypeInteger}}}
	}
	addOn := func(id, feature, attr string, v int64) catalog.Product {
		return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: 10, MaxQuantity: 3, AllowedMain: []string{"m"},
			Features: []catalog.FeatureSetting{set(feature, catalog.Enabled, val(attr, catalog.Int(v)))}}
	}
	return catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "net"}},
		Features:     []catalog.Feature{feature("fa", "va"), feature("fb", "vb"), feature("fc", "vc"), feature("fab", "vab")},
		Products: []catalog.Product{
			{ID: "m", Kind: catalog.KindMain},
			addOn("a", "fa", "va", a), addOn("b", "fb", "vb", b), addOn("c", "fc", "vc", c), addOn("a=1|b", "fab", "vab", ab),
		},
	})
}

// Which terms govern a product held more than once, and that composed
// catalogs are kept apart whatever the product IDs hold. Versions: v0
// since always, v1 from t0, v2 a day later, v3 two days later; accounts
// resolve on the third day.
func TestVersionedPins(t *testing.T) {
	day := func(n int) time.Time { return t0.AddDate(0, 0, n) }
	set := catalog.MustNewVersions(
		catalog.Version{ID: "v0", Catalog: pinCatalog(1, 1, 1, 1)},
		catalog.Version{ID: "v1", From: day(0), Catalog: pinCatalog(2, 1, 2, 1)},
		catalog.Version{ID: "v2", From: day(1), Catalog: pinCatalog(2, 3, 3, 3)},
		catalog.Version{ID: "v3", From: day(2), Catalog: pinCatalog(4, 4, 3, 4)},
	)
	held := func(product string, terms time.Time) entitlement.Assignment {
		return entitlement.Assignment{AddOn: product, Terms: terms}
	}
	tests := []struct {
		name  string
		first []entitlement.Assignment // resolved first, on the same Versioned
		held  []entitlement.Assignment
		attr  string
		want  int64
	}{
		{name: "held under older terms: they govern", held: []entitlement.Assignment{held("a", day(0))}, attr: "va", want: 2},
		{name: "held under the current terms and older ones: the current govern",
			held: []entitlement.Assignment{held("a", day(0)), held("a", day(2))}, attr: "va", want: 4},
		{name: "held under the current terms and older ones, the current first: the current govern",
			held: []entitlement.Assignment{held("a", day(2)), held("a", day(0))}, attr: "va", want: 4},
		{name: "held under two older versions: the newer governs",
			held: []entitlement.Assignment{held("b", day(-1)), held("b", day(1))}, attr: "vb", want: 3},
		{name: "held under older terms that define it as now and under still older ones: the newer govern",
			held: []entitlement.Assignment{held("c", day(-1)), held("c", day(1))}, attr: "vc", want: 3},
		{name: "pins spelling the same text as another account's: not its composed catalog",
			first: []entitlement.Assignment{held("a", day(0)), held("b", day(1))},
			held:  []entitlement.Assignment{held("a=1|b", day(1))}, attr: "vab", want: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := entitlement.NewVersioned(set)
			if tt.first != nil {
				if _, err := v.Resolve(entitlement.Account{ID: "first", Main: "m", AddOns: tt.first}, day(3)); err != nil {
					t.Fatal(err)
				}
			}
			cfg, err := v.Resolve(entitlement.Account{ID: "x", Main: "m", AddOns: tt.held}, day(3))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := cfg.Value(tt.attr)
			if n, _ := got.AsInt(); n != tt.want {
				t.Errorf("%s = %v, want %d", tt.attr, got, tt.want)
			}
		})
	}
}
