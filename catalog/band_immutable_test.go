package catalog_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// bandCatalogDef returns a catalog definition whose products set
// storage_gb by band rules on the fact arpu, and the bands its main
// product's rule was built from, as a caller holds them.
func bandCatalogDef() (catalog.Definition, []catalog.Band) {
	dec := decimal.RequireFromString
	bands := []catalog.Band{
		catalog.Below(dec("50"), catalog.Qty(dec("5"))),
		catalog.Below(dec("100"), catalog.Qty(dec("10"))),
		catalog.Otherwise(catalog.Qty(dec("25"))),
	}
	def := catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "email"}},
		Features: []catalog.Feature{{ID: "mailbox", ServiceType: "email", Attributes: []catalog.Attribute{
			{ID: "storage_gb", Type: catalog.TypeQuantity, Unit: "GB"},
		}}},
		Products: []catalog.Product{
			{ID: "basic", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{{Feature: "mailbox", State: catalog.Enabled,
				Values: []catalog.AttributeValue{{Attribute: "storage_gb", Value: catalog.Banded("arpu", bands...)}}}}},
			{ID: "plus", Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"basic"},
				Features: []catalog.FeatureSetting{{Feature: "mailbox",
					Values: []catalog.AttributeValue{{Attribute: "storage_gb", Value: catalog.Banded("arpu",
						catalog.Below(dec("75"), catalog.Qty(dec("50"))), catalog.Otherwise(catalog.Qty(dec("100"))))}}}}},
		},
	}
	return def, bands
}

// vandalize changes a band rule in every way a holder of the pointer can.
func vandalize(r *catalog.BandRule) {
	if r == nil {
		return
	}
	r.Fact = "churn"
	for i := range r.Bands {
		r.Bands[i].Below = decimal.NullDecimal{Decimal: decimal.NewFromInt(1), Valid: true}
		r.Bands[i].Value = catalog.Qty(decimal.NewFromInt(999))
	}
	r.Bands = r.Bands[:1]
}

// vandalizeProduct changes every rule and setting reachable from p.
func vandalizeProduct(p *catalog.Product) {
	for i := range p.Features {
		for j := range p.Features[i].Values {
			vandalize(p.Features[i].Values[j].Value.Rule())
			p.Features[i].Values[j].Value = catalog.Qty(decimal.NewFromInt(1))
		}
	}
}

// resolutions returns storage_gb as resolved for a few accounts.
func resolutions(t *testing.T, r *entitlement.Resolver) map[string]string {
	t.Helper()
	out := make(map[string]string)
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, arpu := range []string{"10", "60", "80", "200"} {
		for _, addOns := range [][]string{nil, {"plus"}} {
			acct := entitlement.Account{ID: "a", Main: "basic", Facts: map[string]decimal.Decimal{"arpu": decimal.RequireFromString(arpu)}}
			for _, a := range addOns {
				acct.AddOns = append(acct.AddOns, entitlement.Assignment{AddOn: a, Quantity: 1})
			}
			key := "arpu " + arpu
			if addOns != nil {
				key += " + plus"
			}
			cfg, err := r.Resolve(acct, at)
			if err != nil {
				out[key] = "error: " + err.Error()
				continue
			}
			v, _ := cfg.Value("storage_gb")
			out[key] = v.String()
		}
	}
	return out
}

// TestBandRulesAreImmutable mutates every band rule reachable from the
// caller's definition after New, and from every accessor's result, and
// checks that the catalog — its values and what it resolves to — is
// exactly as before.
func TestBandRulesAreImmutable(t *testing.T) {
	pristineDef, _ := bandCatalogDef()
	pristine := catalog.MustNew(pristineDef)
	mutations := []struct {
		name   string
		mutate func(def *catalog.Definition, bands []catalog.Band, c *catalog.Catalog)
	}{
		{"the bands given to Banded", func(_ *catalog.Definition, bands []catalog.Band, _ *catalog.Catalog) {
			for i := range bands {
				bands[i].Value = catalog.Qty(decimal.NewFromInt(999))
			}
		}},
		{"the caller's definition, its rules through Rule", func(def *catalog.Definition, _ []catalog.Band, _ *catalog.Catalog) {
			for i := range def.Products {
				vandalizeProduct(&def.Products[i])
			}
		}},
		{"Product", func(_ *catalog.Definition, _ []catalog.Band, c *catalog.Catalog) {
			for _, id := range c.ProductIDs() {
				p, _ := c.Product(id)
				vandalizeProduct(&p)
			}
		}},
		{"ProductAt", func(_ *catalog.Definition, _ []catalog.Band, c *catalog.Catalog) {
			for i := range c.NumProducts() {
				p := c.ProductAt(i)
				vandalizeProduct(&p)
			}
		}},
		{"Definition", func(_ *catalog.Definition, _ []catalog.Band, c *catalog.Catalog) {
			d := c.Definition()
			for i := range d.Products {
				vandalizeProduct(&d.Products[i])
			}
		}},
		{"ProductValues", func(_ *catalog.Definition, _ []catalog.Band, c *catalog.Catalog) {
			for i := range c.NumProducts() {
				for _, s := range c.ProductValues(i) {
					vandalize(s.Value.Rule())
				}
			}
		}},
	}
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			def, bands := bandCatalogDef()
			c := catalog.MustNew(def)
			early := entitlement.NewResolver(c) // compiled before the mutation
			m.mutate(&def, bands, c)
			for _, id := range pristine.ProductIDs() {
				want, _ := pristine.Product(id)
				got, _ := c.Product(id)
				wv, gv := want.Features[0].Values[0].Value, got.Features[0].Values[0].Value
				if !gv.Equal(wv) {
					t.Errorf("product %s: storage_gb = %s, want %s", id, gv, wv)
				}
			}
			want := resolutions(t, entitlement.NewResolver(pristine))
			for name, r := range map[string]*entitlement.Resolver{"resolver built after": entitlement.NewResolver(c), "resolver built before": early} {
				got := resolutions(t, r)
				for k, w := range want {
					if got[k] != w {
						t.Errorf("%s: %s: storage_gb = %s, want %s", name, k, got[k], w)
					}
				}
			}
		})
	}
}

// TestValueRuleIsACopy: changing the rule Rule returns changes neither the
// Value nor the next Rule.
func TestValueRuleIsACopy(t *testing.T) {
	def, _ := bandCatalogDef()
	v := def.Products[0].Features[0].Values[0].Value
	before := v.String()
	vandalize(v.Rule())
	if v.String() != before {
		t.Errorf("after changing Rule(): %s, want %s", v, before)
	}
	if r := v.Rule(); r.Fact != "arpu" || len(r.Bands) != 3 {
		t.Errorf("Rule() = %+v, want the arpu rule with 3 bands", r)
	}
	if r := catalog.Int(3).Rule(); r != nil {
		t.Errorf("constant: Rule() = %+v, want nil", r)
	}
}

// TestNilBandRulePicksNothing: a nil *BandRule covers no fact value.
func TestNilBandRulePicksNothing(t *testing.T) {
	var r *catalog.BandRule
	if v, ok := r.Pick(decimal.NewFromInt(1)); ok || v.IsSet() {
		t.Errorf("nil rule: Pick = %s, %v; want no value, false", v, ok)
	}
}
