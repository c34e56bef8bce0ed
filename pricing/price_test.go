package pricing_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/pricing"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func upTo(s string) decimal.NullDecimal { return decimal.NullDecimal{Decimal: d(s), Valid: true} }

// fourTiers: 1–10 at 1.00; 11–50 at 0.80; 51–100 at 0.60 plus 5.00 on entry;
// beyond at 0.50.
func fourTiers(m pricing.Model) pricing.Price {
	return pricing.Price{Model: m, Currency: pricing.EUR, Tiers: []pricing.Tier{
		{UpTo: upTo("10"), Unit: d("1.00")},
		{UpTo: upTo("50"), Unit: d("0.80")},
		{UpTo: upTo("100"), Unit: d("0.60"), Flat: d("5.00")},
		{Unit: d("0.50")},
	}}
}

// TestComputeWorkedFigures holds figures computed by hand, line by line in
// the case names.
func TestComputeWorkedFigures(t *testing.T) {
	storage := pricing.Price{Model: pricing.ModelVolume, Currency: pricing.USD, Tiers: []pricing.Tier{
		{UpTo: upTo("5")}, {UpTo: upTo("10"), Flat: d("0.99")}, {UpTo: upTo("25"), Flat: d("1.99")}, {Flat: d("4.99")},
	}}
	withFlatFirst := fourTiers(pricing.ModelGraduated)
	withFlatFirst.Tiers[0].Flat = d("2.00")
	flatAtZero := withFlatFirst
	flatAtZero.FlatAtZero = true
	perUnitMin := pricing.Price{Model: pricing.ModelPerUnit, Currency: pricing.EUR, Amount: d("0.05"), Minimum: upTo("10")}
	perUnitMax := pricing.Price{Model: pricing.ModelPerUnit, Currency: pricing.EUR, Amount: d("0.05"), Maximum: upTo("3")}
	sms := pricing.Price{Model: pricing.ModelPackage, Currency: pricing.EUR, Amount: d("0.50"), BlockSize: d("100"), FreeUnits: d("50")}
	bonus := pricing.Price{Model: pricing.ModelPercentage, Currency: pricing.EUR, Percent: d("5"), MinFee: upTo("3"), MaxFee: upTo("8")}
	card := pricing.Price{Model: pricing.ModelPercentage, Currency: pricing.USD, Percent: d("2.9"), Fixed: d("0.30")}
	tests := []struct {
		name       string
		price      pricing.Price
		qty        string
		want       string
		wantTier   int
		wantTrueUp string
	}{
		{"graduated 75: 10×1.00 + 40×0.80 + (25×0.60 + 5) = 62", fourTiers(pricing.ModelGraduated), "75", "62", 3, "0"},
		{"volume 75: all in tier 3, 75×0.60 + 5 = 50", fourTiers(pricing.ModelVolume), "75", "50", 3, "0"},
		{"graduated 10: the bound is inclusive, tier 1 only = 10", fourTiers(pricing.ModelGraduated), "10", "10", 1, "0"},
		{"volume 50: inclusive bound keeps tier 2, 50×0.80 = 40", fourTiers(pricing.ModelVolume), "50", "40", 2, "0"},
		{"volume 51: tier 3, 51×0.60 + 5 = 35.6", fourTiers(pricing.ModelVolume), "51", "35.6", 3, "0"},
		{"graduated 250: 10 + 32 + (30 + 5) + 150×0.50 = 152", fourTiers(pricing.ModelGraduated), "250", "152", 4, "0"},
		{"graduated fractional 10.5 GB: 10 + 0.5×0.80 = 10.4", fourTiers(pricing.ModelGraduated), "10.5", "10.4", 2, "0"},
		{"graduated zero usage: nothing", fourTiers(pricing.ModelGraduated), "0", "0", 0, "0"},
		{"graduated zero usage, first flat not charged by default", withFlatFirst, "0", "0", 0, "0"},
		{"graduated zero usage, first flat charged when FlatAtZero", flatAtZero, "0", "2", 1, "0"},
		{"volume zero usage: tier 1, no flat by default", storage, "0", "0", 1, "0"},
		{"flat-only storage tiers: 3 GB in the free tier", storage, "3", "0", 1, "0"},
		{"flat-only storage tiers: 7 GB = 0.99", storage, "7", "0.99", 2, "0"},
		{"flat-only storage tiers: 25 GB inclusive = 1.99", storage, "25", "1.99", 3, "0"},
		{"flat-only storage tiers: 40 GB heavy use = 4.99", storage, "40", "4.99", 4, "0"},
		{"minimum commitment: 100 × 0.05 = 5, true-up 5 to reach 10", perUnitMin, "100", "10", 0, "5"},
		{"minimum commitment met: 300 × 0.05 = 15, no true-up", perUnitMin, "300", "15", 0, "0"},
		{"maximum commitment caps 100 × 0.05 = 5 at 3", perUnitMax, "100", "3", 0, "0"},
		{"package: 50 SMS all free", sms, "50", "0", 0, "0"},
		{"package: 51 SMS starts one block = 0.50", sms, "51", "0.5", 0, "0"},
		{"package: 250 SMS = 2 full blocks = 1.00", sms, "250", "1", 0, "0"},
		{"package: 251 SMS = 3 started blocks = 1.50", sms, "251", "1.5", 0, "0"},
		{"percentage 5 % of 100 = 5, within 3–8", bonus, "100", "5", 0, "0"},
		{"percentage 5 % of 20 = 1, raised to the minimum 3", bonus, "20", "3", 0, "0"},
		{"percentage 5 % of 400 = 20, lowered to the maximum 8", bonus, "400", "8", 0, "0"},
		{"percentage 2.9 % of 10 + 0.30 fixed = 0.59", card, "10", "0.59", 0, "0"},
		{"flat ignores quantity", pricing.Price{Model: pricing.ModelFlat, Currency: pricing.EUR, Amount: d("9.99")}, "7", "9.99", 0, "0"},
		{"per unit with sub-cent rate: 1234 × 0.0125 = 15.425 (unrounded)", pricing.Price{Model: pricing.ModelPerUnit, Currency: pricing.EUR, Amount: d("0.0125")}, "1234", "15.425", 0, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.price.Validate(); err != nil {
				t.Fatalf("price invalid: %v", err)
			}
			r, err := tt.price.Compute(d(tt.qty))
			if err != nil {
				t.Fatal(err)
			}
			if !r.Amount.Equal(d(tt.want)) {
				t.Errorf("amount = %s, want %s (parts %+v)", r.Amount, tt.want, r.Parts)
			}
			if r.Tier() != tt.wantTier {
				t.Errorf("tier = %d, want %d", r.Tier(), tt.wantTier)
			}
			if !r.TrueUp.Equal(d(tt.wantTrueUp)) {
				t.Errorf("true-up = %s, want %s", r.TrueUp, tt.wantTrueUp)
			}
			var sum decimal.Decimal
			for _, p := range r.Parts {
				sum = sum.Add(p.Amount)
			}
			if !r.Capped && !sum.Add(r.TrueUp).Equal(r.Amount) {
				t.Errorf("parts %s + true-up %s != amount %s", sum, r.TrueUp, r.Amount)
			}
		})
	}
}

func TestRoundingOncePerLineInZeroAndThreeDecimalCurrencies(t *testing.T) {
	jpy := pricing.Price{Model: pricing.ModelPerUnit, Currency: pricing.JPY, Amount: d("3.5")}
	r, _ := jpy.Compute(d("3")) // 10.5 JPY
	if got := pricing.NewMoney(r.Amount, pricing.JPY).Round(pricing.HalfAwayFromZero); !got.Amount().Equal(d("11")) {
		t.Errorf("10.5 JPY half away from zero = %s, want 11", got)
	}
	if got := pricing.NewMoney(r.Amount, pricing.JPY).Round(pricing.HalfEven); !got.Amount().Equal(d("10")) {
		t.Errorf("10.5 JPY half even = %s, want 10", got)
	}
	kwd := pricing.Price{Model: pricing.ModelGraduated, Currency: pricing.MustParseCurrency("KWD"), Tiers: []pricing.Tier{
		{UpTo: upTo("2"), Unit: d("0.1255")}, {Unit: d("0.1")}}}
	r, _ = kwd.Compute(d("3")) // 2×0.1255 + 0.1 = 0.351
	if got := pricing.NewMoney(r.Amount, kwd.Currency).Round(pricing.HalfAwayFromZero); !got.Amount().Equal(d("0.351")) || got.String() != "0.351 KWD" {
		t.Errorf("KWD line = %s, want 0.351 KWD", got)
	}
}

func TestPriceValidation(t *testing.T) {
	tests := []struct {
		name     string
		price    pricing.Price
		wantPath string
		wantCode catalog.Code
	}{
		{"no model: invalid_model", pricing.Price{Currency: pricing.EUR}, "price.model", catalog.CodeInvalidModel},
		{"no currency: missing_currency", pricing.Price{Model: pricing.ModelFlat}, "price.currency", catalog.CodeMissingCurrency},
		{"negative amount: negative", pricing.Price{Model: pricing.ModelFlat, Currency: pricing.EUR, Amount: d("-1")}, "price.amount", catalog.CodeNegative},
		{"tiers on a flat price: unused_field", pricing.Price{Model: pricing.ModelFlat, Currency: pricing.EUR, Tiers: []pricing.Tier{{}}}, "price.tiers", catalog.CodeUnusedField},
		{"graduated without tiers: no_tiers", pricing.Price{Model: pricing.ModelGraduated, Currency: pricing.EUR}, "price.tiers", catalog.CodeNoTiers},
		{"bounds not increasing: tier_order", pricing.Price{Model: pricing.ModelVolume, Currency: pricing.EUR, Tiers: []pricing.Tier{{UpTo: upTo("10")}, {UpTo: upTo("10")}, {}}}, "price.tiers[1].up_to", catalog.CodeTierOrder},
		{"bounded last tier: tier_bound", pricing.Price{Model: pricing.ModelVolume, Currency: pricing.EUR, Tiers: []pricing.Tier{{UpTo: upTo("10")}}}, "price.tiers[0].up_to", catalog.CodeTierBound},
		{"unbounded middle tier: tier_bound", pricing.Price{Model: pricing.ModelVolume, Currency: pricing.EUR, Tiers: []pricing.Tier{{}, {}}}, "price.tiers[0].up_to", catalog.CodeTierBound},
		{"negative tier unit: negative", pricing.Price{Model: pricing.ModelGraduated, Currency: pricing.EUR, Tiers: []pricing.Tier{{Unit: d("-0.1")}}}, "price.tiers[0].unit", catalog.CodeNegative},
		{"package without block size: block_size", pricing.Price{Model: pricing.ModelPackage, Currency: pricing.EUR, Amount: d("1")}, "price.block_size", catalog.CodeBlockSize},
		{"min fee above max fee: bounds", pricing.Price{Model: pricing.ModelPercentage, Currency: pricing.EUR, Percent: d("5"), MinFee: upTo("8"), MaxFee: upTo("3")}, "price.min_fee", catalog.CodeBounds},
		{"minimum commitment above maximum: bounds", pricing.Price{Model: pricing.ModelFlat, Currency: pricing.EUR, Minimum: upTo("10"), Maximum: upTo("5")}, "price.minimum", catalog.CodeBounds},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.price.Validate()
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, pricing.ErrInvalidPrice) {
				t.Fatalf("err = %v, want *catalog.ValidationError", err)
			}
			if !ve.HasAt(tt.wantPath, tt.wantCode) {
				t.Errorf("problems %v lack %s %s", ve.Problems, tt.wantPath, tt.wantCode)
			}
		})
	}
	if _, err := fourTiers(pricing.ModelGraduated).Compute(d("-1")); !errors.Is(err, pricing.ErrQuantity) {
		t.Errorf("negative quantity: err = %v", err)
	}
}

// tiersGen draws valid tier lists with non-negative figures.
func tiersGen(t *rapid.T, decreasingUnits, noFlats bool) []pricing.Tier {
	n := rapid.IntRange(1, 5).Draw(t, "tiers")
	var tiers []pricing.Tier
	bound, unit := int64(0), int64(rapid.IntRange(0, 500).Draw(t, "first unit cents"))
	for i := range n {
		tier := pricing.Tier{Unit: decimal.New(unit, -2)}
		if !noFlats {
			tier.Flat = decimal.New(int64(rapid.IntRange(0, 1000).Draw(t, "flat cents")), -2)
		}
		if i < n-1 {
			bound += int64(rapid.IntRange(1, 100).Draw(t, "width"))
			tier.UpTo = decimal.NullDecimal{Decimal: decimal.NewFromInt(bound), Valid: true}
		}
		tiers = append(tiers, tier)
		if decreasingUnits {
			unit = int64(rapid.IntRange(0, int(unit)).Draw(t, "next unit cents"))
		} else {
			unit = int64(rapid.IntRange(0, 500).Draw(t, "next unit cents"))
		}
	}
	return tiers
}

// Law: a graduated total never decreases as the quantity grows.
func propGraduatedMonotone(t *rapid.T) {
	p := pricing.Price{Model: pricing.ModelGraduated, Currency: pricing.EUR, Tiers: tiersGen(t, false, false), FlatAtZero: rapid.Bool().Draw(t, "flat at zero")}
	a := decimal.New(int64(rapid.IntRange(0, 60_000).Draw(t, "a")), -2)
	b := a.Add(decimal.New(int64(rapid.IntRange(0, 60_000).Draw(t, "step")), -2))
	ra, err1 := p.Compute(a)
	rb, err2 := p.Compute(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if ra.Amount.Cmp(rb.Amount) > 0 {
		t.Fatalf("graduated(%s) = %s > graduated(%s) = %s", a, ra.Amount, b, rb.Amount)
	}
}

func TestGraduatedMonotone(t *testing.T) { rapid.Check(t, propGraduatedMonotone) }

func FuzzGraduatedMonotone(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propGraduatedMonotone)) }

// Law: with unit amounts that never rise from tier to tier and no flat
// fees, graduated pricing costs at least as much as volume pricing on the
// same tiers (volume gives every unit the cheapest rate reached).
func propGraduatedAtLeastVolume(t *rapid.T) {
	tiers := tiersGen(t, true, true)
	g := pricing.Price{Model: pricing.ModelGraduated, Currency: pricing.EUR, Tiers: tiers}
	v := pricing.Price{Model: pricing.ModelVolume, Currency: pricing.EUR, Tiers: tiers}
	q := decimal.New(int64(rapid.IntRange(0, 60_000).Draw(t, "q")), -2)
	rg, _ := g.Compute(q)
	rv, _ := v.Compute(q)
	if rg.Amount.Cmp(rv.Amount) < 0 {
		t.Fatalf("q=%s: graduated %s < volume %s", q, rg.Amount, rv.Amount)
	}
}

func TestGraduatedAtLeastVolume(t *testing.T) { rapid.Check(t, propGraduatedAtLeastVolume) }

func FuzzGraduatedAtLeastVolume(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propGraduatedAtLeastVolume)) }

// BenchmarkGraduated_4Tiers prices 75 units on four graduated tiers.
func BenchmarkGraduated_4Tiers(b *testing.B) {
	p := fourTiers(pricing.ModelGraduated)
	q := d("75")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Compute(q); err != nil {
			b.Fatal(err)
		}
	}
}
