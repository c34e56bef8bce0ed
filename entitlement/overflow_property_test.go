package entitlement_test

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// Generators that crowd the bounds the overflow rules are about: int64's
// ends, the resolver's fixed-point limit and fast-path quantity, int's end.
var (
	genBoundInt = rapid.OneOf(
		rapid.SampledFrom([]int64{0, 1, -1, 150, maxFixed, maxFixed + 1, -maxFixed - 1, p62, -p62, p62 - 1,
			math.MaxInt64, math.MinInt64, math.MaxInt64 / 3, math.MinInt64 / 3}),
		rapid.Int64Range(-1000, 1000),
		rapid.Int64())
	genBoundDecimal = rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(genBoundInt.Draw(t, "digits"), -rapid.Int32Range(0, 3).Draw(t, "places"))
	})
	genBoundQty = rapid.OneOf(
		rapid.SampledFrom([]int{0, 1, 2, 3, 1 << 16, 1<<16 + 1, math.MaxInt / 7, math.MaxInt/2 + 1, math.MaxInt / 4, math.MaxInt}),
		rapid.IntRange(-1, 5))
	genMaxQty = rapid.SampledFrom([]int{0, 1, 3, 1 << 16, 1 << 20, math.MaxInt / 2, math.MaxInt})
)

// drawSumValues draws values for some of sumCatalog's attributes.
func drawSumValues(t *rapid.T, label string) []catalog.AttributeValue {
	var out []catalog.AttributeValue
	if rapid.Bool().Draw(t, label+" units") {
		out = append(out, val("units", catalog.Int(genBoundInt.Draw(t, label+" units value"))))
	}
	if rapid.IntRange(0, 3).Draw(t, label+" credit") == 0 {
		out = append(out, val("credit", catalog.Dec(genBoundDecimal.Draw(t, label+" credit value"))))
	}
	if rapid.IntRange(0, 3).Draw(t, label+" extra_units") == 0 {
		out = append(out, val("extra_units", catalog.Int(genBoundInt.Draw(t, label+" extra_units value"))))
	}
	return out
}

// Law: on sums and quantities at their bounds, the resolver agrees with
// the oracle (which sums with decimals and checks the type's bounds):
// the same configuration, or the same refusal, an overflow exactly when
// the oracle finds one; and every value resolved has its attribute's type.
func propOverflowOracle(t *rapid.T) {
	var addOns []sumAddOn
	for i := range rapid.IntRange(1, 3).Draw(t, "add-ons") {
		addOns = append(addOns, sumAddOn{id: string(rune('a' + i)), maxQty: genMaxQty.Draw(t, "max quantity"),
			vals: drawSumValues(t, "add-on")})
	}
	c, err := catalog.New(sumCatalog(drawSumValues(t, "main"), addOns...))
	if err != nil {
		t.Fatalf("generated catalog is invalid: %v", err)
	}
	a := entitlement.Account{ID: "acct", Main: "plan"}
	for range rapid.IntRange(0, 6).Draw(t, "assignments") {
		a.AddOns = append(a.AddOns, entitlement.Assignment{
			AddOn:    rapid.SampledFrom(addOns).Draw(t, "add-on").id,
			Quantity: genBoundQty.Draw(t, "quantity")})
	}
	if rapid.IntRange(0, 3).Draw(t, "enable extras") == 0 {
		a.States = []entitlement.StateSetting{{Feature: "extras", State: catalog.Enabled}}
	}
	if rapid.IntRange(0, 5).Draw(t, "account units") == 0 {
		a.Values = units(genBoundInt.Draw(t, "account units value"))
	}
	cfg, err := entitlement.NewResolver(c).Resolve(a, t0)
	checkAgainstOracle(t, c, a, cfg, err)
	for av := range cfg.Values() {
		attr, _, _ := c.Attribute(av.Attribute)
		if av.Value.Type() != attr.Type {
			t.Fatalf("%s resolved to %v, a %v, not a %v", av.Attribute, av.Value, av.Value.Type(), attr.Type)
		}
	}
}

func TestOverflowEqualsOracle(t *testing.T) { rapid.Check(t, propOverflowOracle) }

func FuzzOverflowEqualsOracle(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propOverflowOracle)) }
