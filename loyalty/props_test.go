package loyalty_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// Package-level generators. They produce only valid values; see
// TestGeneratedSpecsAreValid.
var (
	genCents    = rapid.Int64Range(1, 100_000)
	genPartner  = rapid.SampledFrom([]string{"", "hotels", "flights", "rival"})
	genCategory = rapid.SampledFrom([]string{"hotel", "flight", "sim", "car"})

	genCondition = rapid.Custom(func(t *rapid.T) loyalty.Condition {
		var c loyalty.Condition
		if rapid.Bool().Draw(t, "byPartner") {
			c.Partners = []string{rapid.SampledFrom([]string{"hotels", "flights"}).Draw(t, "partner")}
		}
		if rapid.Bool().Draw(t, "byCategory") {
			c.Categories = []string{genCategory.Draw(t, "category")}
		}
		c.FirstPurchase = rapid.Float64().Draw(t, "first") < 0.2
		return c
	})

	genRule = rapid.Custom(func(t *rapid.T) loyalty.Rule {
		r := loyalty.Rule{
			Kind:      rapid.SampledFrom([]loyalty.RuleKind{loyalty.Percentage, loyalty.FixedBonus, loyalty.SIMBonus}).Draw(t, "kind"),
			When:      genCondition.Draw(t, "when"),
			Priority:  rapid.IntRange(0, 3).Draw(t, "priority"),
			Exclusive: rapid.Float64().Draw(t, "exclusive") < 0.2,
		}
		if r.Kind != loyalty.Percentage {
			r.Amount = cents(genCents.Draw(t, "amount"))
			return r
		}
		// 0.01 % to 50 %, with up to two decimal places.
		r.Percent = decimal.New(rapid.Int64Range(1, 5000).Draw(t, "basisPoints"), -2)
		lo := rapid.Int64Range(0, 2000).Draw(t, "min")
		hi := rapid.Int64Range(0, 5000).Draw(t, "max")
		if lo > 0 {
			r.Min = cents(lo)
		}
		if hi > 0 {
			r.Max = cents(max(lo, hi))
		}
		return r
	})

	genSpec = rapid.Custom(func(t *rapid.T) loyalty.Spec {
		s := loyalty.Spec{
			ID: "gen", Currency: pricing.EUR,
			Rounding:   rapid.SampledFrom([]pricing.RoundingMode{pricing.HalfAwayFromZero, pricing.HalfEven}).Draw(t, "rounding"),
			LockPeriod: time.Duration(rapid.IntRange(0, 30).Draw(t, "lockDays")) * day,
			Lifetime:   time.Duration(rapid.IntRange(0, 400).Draw(t, "lifetimeDays")) * day,
		}
		for i, r := range rapid.SliceOfN(genRule, 0, 6).Draw(t, "rules") {
			r.ID = fmt.Sprint("r", i)
			s.Rules = append(s.Rules, r)
		}
		if rapid.Bool().Draw(t, "txCap") {
			s.MaxPerTransaction = cents(genCents.Draw(t, "maxPerTx"))
		}
		if rapid.Bool().Draw(t, "periodCap") {
			s.PeriodCap = cents(genCents.Draw(t, "periodCap"))
			s.Cadence = rapid.SampledFrom([]loyalty.Cadence{loyalty.Daily, loyalty.Monthly, loyalty.Yearly}).Draw(t, "period")
		}
		return s
	})

	genTransaction = rapid.Custom(func(t *rapid.T) loyalty.Transaction {
		return loyalty.Transaction{
			ID: "tx", Member: "sim",
			Amount:   cents(rapid.Int64Range(0, 10_000_000).Draw(t, "amount")),
			Category: genCategory.Draw(t, "category"),
			Partner:  genPartner.Draw(t, "partner"),
			SIM:      rapid.Bool().Draw(t, "sim"),
		}
	})
)

func propGeneratedSpecsAreValid(t *rapid.T) {
	if _, err := loyalty.NewProgram(genSpec.Draw(t, "spec")); err != nil {
		t.Fatalf("generated spec refused: %v", err)
	}
}

// propEvaluateWithinBounds: every proposed entry is positive and within
// its rule's bounds, the total within both caps, and evaluation is
// deterministic.
func propEvaluateWithinBounds(t *rapid.T) {
	spec := genSpec.Draw(t, "spec")
	p, err := loyalty.NewProgram(spec)
	if err != nil {
		t.Fatal(err)
	}
	tx := genTransaction.Draw(t, "tx")
	f := loyalty.Facts{FirstPurchase: rapid.Bool().Draw(t, "first"), PeriodAccrued: cents(rapid.Int64Range(0, 200_000).Draw(t, "accrued"))}
	got, err := p.Evaluate(tx, f, t0)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	again, _ := p.Evaluate(tx, f, t0)
	if len(again) != len(got) {
		t.Fatalf("Evaluate is not deterministic: %v then %v", got, again)
	}
	total := cents(0)
	for i, e := range got {
		if !e.Available.Equal(again[i].Available) || !e.Pending.Equal(again[i].Pending) || e.Rule != again[i].Rule {
			t.Fatalf("Evaluate is not deterministic: %v then %v", got, again)
		}
		amt, _ := e.Available.Add(e.Pending)
		if amt.Sign() <= 0 || !amt.IsRounded() {
			t.Fatalf("entry %d amount %s: want positive, whole cents", i, amt)
		}
		i := slices.IndexFunc(spec.Rules, func(r loyalty.Rule) bool { return r.ID == e.Rule })
		if r := spec.Rules[i]; !r.Max.Currency().IsZero() {
			if c, _ := amt.Cmp(r.Max); c > 0 {
				t.Fatalf("rule %s earned %s above its maximum %s", r.ID, amt, r.Max)
			}
		}
		total, _ = total.Add(amt)
	}
	if !spec.MaxPerTransaction.Currency().IsZero() {
		if c, _ := total.Cmp(spec.MaxPerTransaction); c > 0 {
			t.Fatalf("total %s above the per-transaction cap %s", total, spec.MaxPerTransaction)
		}
	}
	if !spec.PeriodCap.Currency().IsZero() {
		sum, _ := total.Add(f.PeriodAccrued)
		if c, _ := sum.Cmp(spec.PeriodCap); c > 0 && !total.IsZero() {
			t.Fatalf("total %s plus %s already earned exceeds the period cap %s", total, f.PeriodAccrued, spec.PeriodCap)
		}
	}
}

// propPartialRefundsConserve: refunds in any parts that add up to the
// whole amount reverse exactly what the transaction earned.
func propPartialRefundsConserve(t *rapid.T) {
	l, _ := newLedger(t, loyalty.Spec{
		Rules: []loyalty.Rule{{ID: "pct", Kind: loyalty.Percentage,
			Percent: decimal.New(rapid.Int64Range(1, 5000).Draw(t, "basisPoints"), -2)}},
		LockPeriod: time.Duration(rapid.IntRange(0, 1).Draw(t, "locked")) * day,
	})
	amount := rapid.Int64Range(1, 1_000_000).Draw(t, "amount")
	res, err := l.Accrue(ctx, loyalty.Transaction{ID: "b", Member: "sim1", Amount: cents(amount)}, t0)
	if err != nil {
		t.Fatal(err)
	}
	var cuts []int64
	for left := amount; left > 0; {
		c := rapid.Int64Range(1, left).Draw(t, "part")
		cuts = append(cuts, c)
		left -= c
	}
	reversed := cents(0)
	for i, c := range cuts {
		r, err := l.Refund(ctx, loyalty.Refund{ID: fmt.Sprint("f", i), Member: "sim1", Original: "b", Amount: cents(c)}, t0)
		if err != nil {
			t.Fatalf("refund %d: %v", i, err)
		}
		if !r.Shortfall.IsZero() {
			t.Fatalf("refund %d: shortfall %s with nothing spent", i, r.Shortfall)
		}
		reversed, _ = reversed.Add(r.Bonus)
	}
	if !reversed.Equal(res.Bonus) {
		t.Fatalf("refunds in parts %v reversed %s, the transaction earned %s", cuts, reversed, res.Bonus)
	}
	if b, _ := l.Balance(ctx, "sim1"); !b.Total().IsZero() {
		t.Fatalf("balance after full refund: %s", b.Total())
	}
}

// propPercentageMonotone: without caps, a larger amount never earns less.
func propPercentageMonotone(t *rapid.T) {
	r := genRule.Filter(func(r loyalty.Rule) bool { return r.Kind == loyalty.Percentage }).Draw(t, "rule")
	r.ID, r.When, r.Exclusive = "pct", loyalty.Condition{}, false
	p := mustProgram(t, loyalty.Spec{Rules: []loyalty.Rule{r}})
	a := rapid.Int64Range(1, 10_000_000).Draw(t, "a")
	b := a + rapid.Int64Range(0, 10_000_000).Draw(t, "more")
	earn := func(n int64) pricing.Money {
		es, err := p.Evaluate(loyalty.Transaction{ID: "t", Member: "m", Amount: cents(n)}, loyalty.Facts{}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) == 0 {
			return cents(0)
		}
		return es[0].Available
	}
	if c, _ := earn(a).Cmp(earn(b)); c > 0 {
		t.Fatalf("%d cents earns %s, more than %d cents earns (%s)", a, earn(a), b, earn(b))
	}
}

func TestGeneratedSpecsAreValid(t *testing.T) { rapid.Check(t, propGeneratedSpecsAreValid) }
func TestEvaluateWithinBounds(t *testing.T)   { rapid.Check(t, propEvaluateWithinBounds) }
func TestPartialRefundsConserve(t *testing.T) { rapid.Check(t, propPartialRefundsConserve) }
func TestPercentageMonotone(t *testing.T)     { rapid.Check(t, propPercentageMonotone) }

func FuzzGeneratedSpecsAreValid(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propGeneratedSpecsAreValid)) }
func FuzzEvaluateWithinBounds(f *testing.F)   { f.Fuzz(rapid.MakeFuzz(propEvaluateWithinBounds)) }
func FuzzPartialRefundsConserve(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propPartialRefundsConserve)) }
func FuzzPercentageMonotone(f *testing.F)     { f.Fuzz(rapid.MakeFuzz(propPercentageMonotone)) }
