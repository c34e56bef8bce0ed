package pricing_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/pricing"
)

// Generators of valid price books: NewBook accepts every book genBook
// draws (TestGeneratedBooksAreValid). Decimals come with varied places
// (1, 1.0, 0.125) and sometimes written with exponents, so that encoding
// must keep their value whatever their form.

var genDecimal = rapid.Custom(func(t *rapid.T) decimal.Decimal {
	coef := rapid.Int64Range(0, 1_000_000).Draw(t, "coef")
	exp := rapid.Int32Range(-6, 3).Draw(t, "exp")
	return decimal.New(coef, exp)
})

var genPositive = rapid.Custom(func(t *rapid.T) decimal.Decimal {
	return genDecimal.Draw(t, "d").Add(decimal.New(1, -3))
})

var genPercent = rapid.Custom(func(t *rapid.T) decimal.Decimal {
	return decimal.New(rapid.Int64Range(0, 10_000).Draw(t, "bp"), -2)
})

func genOptional(t *rapid.T, label string) decimal.NullDecimal {
	if !rapid.Bool().Draw(t, label+"?") {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: genDecimal.Draw(t, label), Valid: true}
}

var genTiers = rapid.Custom(func(t *rapid.T) []pricing.Tier {
	n := rapid.IntRange(1, 4).Draw(t, "tiers")
	tiers := make([]pricing.Tier, n)
	bound := decimal.Zero
	for i := range tiers {
		if i < n-1 {
			bound = bound.Add(genPositive.Draw(t, "step"))
			tiers[i].UpTo = decimal.NullDecimal{Decimal: bound, Valid: true}
		}
		tiers[i].Unit = genDecimal.Draw(t, "unit")
		if rapid.Bool().Draw(t, "has flat") {
			tiers[i].Flat = genDecimal.Draw(t, "flat")
		}
	}
	return tiers
})

var genPrice = rapid.Custom(func(t *rapid.T) pricing.Price {
	p := pricing.Price{Model: pricing.Model(rapid.IntRange(int(pricing.ModelFlat), int(pricing.ModelPercentage)).Draw(t, "model"))}
	switch p.Model {
	case pricing.ModelFlat, pricing.ModelPerUnit:
		p.Amount = genDecimal.Draw(t, "amount")
	case pricing.ModelGraduated, pricing.ModelVolume:
		p.Tiers = genTiers.Draw(t, "tiers")
		p.FlatAtZero = rapid.Bool().Draw(t, "flat at zero")
	case pricing.ModelPackage:
		p.Amount = genDecimal.Draw(t, "amount")
		p.BlockSize = genPositive.Draw(t, "block")
		p.FreeUnits = genDecimal.Draw(t, "free units")
	case pricing.ModelPercentage:
		p.Percent = genPercent.Draw(t, "percent")
		p.Fixed = genDecimal.Draw(t, "fixed")
		p.MinFee = genOptional(t, "min fee")
		if p.MinFee.Valid && rapid.Bool().Draw(t, "max fee?") {
			p.MaxFee = decimal.NullDecimal{Decimal: p.MinFee.Decimal.Add(genDecimal.Draw(t, "fee span")), Valid: true}
		}
	}
	p.Minimum = genOptional(t, "minimum")
	if rapid.Bool().Draw(t, "maximum?") {
		p.Maximum = decimal.NullDecimal{Decimal: p.Minimum.Decimal.Add(genDecimal.Draw(t, "span")), Valid: true}
	}
	return p
})

// genName draws a valid charge name or unit: words of letters, digits and
// punctuation in several scripts, separated by single spaces, with the
// characters JSON must escape among them.
var genName = rapid.Custom(func(t *rapid.T) string {
	word := rapid.StringOfN(rapid.SampledFrom([]rune("aZ09/-–()&'\\\"<>%€éßÖñ中文📱")), 1, 8, -1)
	return strings.Join(rapid.SliceOfN(word, 1, 4).Draw(t, "words"), " ")
})

// genBook draws a valid book over products p0…p5 with IDs that need no
// quoting, in a random currency; its usage charges take every aggregation
// and allowance grant the rules allow.
var genBook = rapid.Custom(func(t *rapid.T) pricing.PriceBook {
	b := pricing.PriceBook{Currency: rapid.SampledFrom([]pricing.Currency{pricing.EUR, pricing.USD, pricing.JPY, pricing.KWD}).Draw(t, "currency")}
	products := []string{"p0", "p1", "p2", "p3", "p4", "p5"}
	charged := map[string]bool{}
	n := rapid.IntRange(0, 8).Draw(t, "charges")
	for i := range n {
		c := pricing.Charge{
			ID:      fmt.Sprintf("c%d", i),
			Product: rapid.SampledFrom(products).Draw(t, "product"),
			Kind:    pricing.ChargeKind(rapid.IntRange(int(pricing.ChargeRecurring), int(pricing.ChargeUsage)).Draw(t, "kind")),
			Price:   genPrice.Draw(t, "price"),
		}
		if rapid.Bool().Draw(t, "name?") {
			c.Name = genName.Draw(t, "name")
		}
		switch c.Kind {
		case pricing.ChargeRecurring:
			c.Period = pricing.BillingPeriod{
				Unit:  pricing.PeriodUnit(rapid.IntRange(int(pricing.PeriodDay), int(pricing.PeriodYear)).Draw(t, "unit")),
				Count: rapid.IntRange(0, 12).Draw(t, "count"),
			}
		case pricing.ChargeUsage:
			c.Meter = fmt.Sprintf("m%d", i) // one meter per charge: never a duplicate
			if rapid.Bool().Draw(t, "unit?") {
				c.Unit = genName.Draw(t, "unit")
			}
			if rapid.Bool().Draw(t, "allowance?") {
				c.Allowance = "a" + c.Meter
			}
			if c.Price.Model != pricing.ModelPercentage { // a percentage fee is per record: sum only
				c.Aggregate = pricing.Aggregation(rapid.IntRange(int(pricing.AggregateSum), int(pricing.AggregateLast)).Draw(t, "aggregate"))
			}
			if c.Allowance != "" && !c.Aggregate.IsLevel() { // a level's allowance is never prorated
				c.Grant = pricing.AllowanceGrant(rapid.IntRange(int(pricing.AllowanceProrated), int(pricing.AllowanceFull)).Draw(t, "grant"))
			}
		}
		if rapid.Bool().Draw(t, "explicit currency") {
			c.Price.Currency = b.Currency
		}
		charged[c.Product] = true
		b.Charges = append(b.Charges, c)
	}
	for _, p := range products {
		if !charged[p] && rapid.Bool().Draw(t, "free "+p) {
			b.Free = append(b.Free, p)
		}
	}
	if n > 0 {
		for i := range rapid.IntRange(0, 3).Draw(t, "plans") {
			plan := pricing.DiscountPlan{ID: fmt.Sprintf("plan%d", i), Product: rapid.SampledFrom(products).Draw(t, "plan product")}
			seen := map[string]bool{}
			for range rapid.IntRange(0, 4).Draw(t, "entries") {
				e := pricing.DiscountEntry{
					Charge:    b.Charges[rapid.IntRange(0, n-1).Draw(t, "entry charge")].ID,
					MinVolume: genDecimal.Draw(t, "min volume"),
					Percent:   genPercent.Draw(t, "percent"),
				}
				if k := e.Charge + "@" + e.MinVolume.String(); !seen[k] {
					seen[k] = true
					plan.Entries = append(plan.Entries, e)
				}
			}
			b.Discounts = append(b.Discounts, plan)
		}
	}
	return b
})

func TestGeneratedBooksAreValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		if _, err := pricing.NewBook(genBook.Draw(t, "book")); err != nil {
			t.Fatalf("generated book is invalid: %v", err)
		}
	})
}

// bookRoundTrip: a valid book encodes, decodes to an equal book and encodes
// again to the same bytes.
func bookRoundTrip(t *rapid.T) {
	checkRoundTrip(t, pricing.MustNewBook(genBook.Draw(t, "book")))
}

func TestBookJSONRoundTripProperty(t *testing.T) { rapid.Check(t, bookRoundTrip) }

func FuzzBookJSONRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(bookRoundTrip)) }
