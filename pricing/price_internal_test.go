package pricing

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genGraduated draws a valid graduated price: 1 to 5 tiers with increasing
// bounds, unit and flat amounts with varied places, optional commitments.
var genGraduated = rapid.Custom(func(t *rapid.T) Price {
	dec := func(label string) decimal.Decimal {
		return decimal.New(rapid.Int64Range(0, 100_000).Draw(t, label), rapid.Int32Range(-4, 1).Draw(t, label+" exp"))
	}
	p := Price{Model: ModelGraduated, Currency: EUR, FlatAtZero: rapid.Bool().Draw(t, "flat at zero")}
	n := rapid.IntRange(1, 5).Draw(t, "tiers")
	bound := decimal.Zero
	for i := range n {
		var tier Tier
		if i < n-1 {
			bound = bound.Add(dec("step").Add(decimal.New(1, -2)))
			tier.UpTo = decimal.NullDecimal{Decimal: bound, Valid: true}
		}
		tier.Unit = dec("unit")
		if rapid.Bool().Draw(t, "flat?") {
			tier.Flat = dec("flat")
		}
		p.Tiers = append(p.Tiers, tier)
	}
	if rapid.Bool().Draw(t, "minimum?") {
		p.Minimum = decimal.NullDecimal{Decimal: dec("minimum"), Valid: true}
	}
	if rapid.Bool().Draw(t, "maximum?") {
		p.Maximum = decimal.NullDecimal{Decimal: p.Minimum.Decimal.Add(dec("span")), Valid: true}
	}
	return p
})

// Law: pricing a graduated price from its precomputed full tiers, into
// reused scratch space, gives what Compute, the plain version, gives.
func propFullTiersMatchCompute(t *rapid.T) {
	p := genGraduated.Draw(t, "price")
	if err := p.Validate(); err != nil {
		t.Fatalf("generated price is invalid: %v", err)
	}
	full := fullTiers(&p)
	scratch := make([]Part, 3, 8) // stale parts that must not show
	for range rapid.IntRange(1, 3).Draw(t, "quantities") {
		q := decimal.New(rapid.Int64Range(0, 2_000_000).Draw(t, "q"), rapid.Int32Range(-3, 0).Draw(t, "q exp"))
		if rapid.Bool().Draw(t, "on a bound?") && len(p.Tiers) > 1 {
			q = p.Tiers[rapid.IntRange(0, len(p.Tiers)-2).Draw(t, "bound")].UpTo.Decimal
		}
		want, err := p.Compute(q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.compute(q, full, scratch[:0])
		if err != nil {
			t.Fatal(err)
		}
		if !sameResult(want, got) {
			t.Fatalf("q = %s:\nCompute       %+v\nfrom full tiers %+v", q, want, got)
		}
		scratch = got.Parts[:0]
	}
}

func sameResult(a, b Result) bool {
	if !a.Amount.Equal(b.Amount) || !a.TrueUp.Equal(b.TrueUp) || a.Capped != b.Capped || len(a.Parts) != len(b.Parts) {
		return false
	}
	for i, x := range a.Parts {
		y := b.Parts[i]
		if x.Tier != y.Tier || !x.Quantity.Equal(y.Quantity) || !x.Unit.Equal(y.Unit) || !x.Flat.Equal(y.Flat) || !x.Amount.Equal(y.Amount) {
			return false
		}
	}
	return true
}

func TestFullTiersMatchCompute(t *testing.T) { rapid.Check(t, propFullTiersMatchCompute) }

func FuzzFullTiersMatchCompute(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propFullTiersMatchCompute)) }
