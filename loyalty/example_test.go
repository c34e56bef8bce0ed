package loyalty_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

// exampleLedger returns a ledger for the seed's program: 5 % of each
// booking, between 3 and 8 EUR, spendable after a 14-day return window.
func exampleLedger() *loyalty.Ledger {
	prog, err := loyalty.NewProgram(loyalty.Spec{
		ID:       "comfort",
		Currency: pricing.EUR,
		Rules: []loyalty.Rule{{
			ID: "booking", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(5),
			Min: pricing.MustParseMoney("3", "EUR"), Max: pricing.MustParseMoney("8", "EUR"),
		}},
		LockPeriod: 14 * 24 * time.Hour,
		Lifetime:   365 * 24 * time.Hour,
	})
	if err != nil {
		panic(err)
	}
	l, err := loyalty.NewLedger(prog, memstore.New())
	if err != nil {
		panic(err)
	}
	return l
}

func ExampleProgram_Evaluate() {
	prog, err := loyalty.NewProgram(loyalty.Spec{
		ID: "comfort", Currency: pricing.EUR,
		Rules: []loyalty.Rule{{ID: "booking", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(5),
			Min: pricing.MustParseMoney("3", "EUR"), Max: pricing.MustParseMoney("8", "EUR")}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, amount := range []string{"100", "20", "400"} {
		tx := loyalty.Transaction{ID: "b-" + amount, Member: "sim-1", Amount: pricing.MustParseMoney(amount, "EUR")}
		entries, err := prog.Evaluate(tx, loyalty.Facts{}, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s EUR booking earns %s\n", amount, entries[0].Available)
	}
	// Output:
	// 100 EUR booking earns 5.00 EUR
	// 20 EUR booking earns 3.00 EUR
	// 400 EUR booking earns 8.00 EUR
}

func ExampleLedger_Accrue() {
	ctx := context.Background()
	l := exampleLedger()
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	res, err := l.Accrue(ctx, loyalty.Transaction{ID: "booking-1", Member: "sim-1",
		Amount: pricing.MustParseMoney("100", "EUR"), Category: "hotel"}, at)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := l.Balance(ctx, "sim-1")
	fmt.Println("earned:", res.Bonus)
	fmt.Println("available:", b.Available, "pending:", b.Pending)
	// Output:
	// earned: 5.00 EUR
	// available: 0.00 EUR pending: 5.00 EUR
}

func ExampleLedger_Redeem() {
	ctx := context.Background()
	l := exampleLedger()
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	if _, err := l.Accrue(ctx, loyalty.Transaction{ID: "booking-1", Member: "sim-1",
		Amount: pricing.MustParseMoney("400", "EUR")}, at); err != nil {
		fmt.Println(err)
		return
	}
	spend := loyalty.Redemption{ID: "redeem-1", Member: "sim-1", Amount: pricing.MustParseMoney("5", "EUR")}
	if _, err := l.Redeem(ctx, spend, at.Add(24*time.Hour)); err != nil {
		fmt.Println("day 1:", err)
	}
	res, err := l.Redeem(ctx, spend, at.Add(15*24*time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := l.Balance(ctx, "sim-1")
	fmt.Println("day 15: redeemed", res.Bonus, "left", b.Available)
	// Output:
	// day 1: loyalty: insufficient available bonus: member "sim-1", transaction "redeem-1": requested 5.00 EUR, available 0.00 EUR
	// day 15: redeemed 5.00 EUR left 3.00 EUR
}

func ExampleLedger_Refund() {
	ctx := context.Background()
	l := exampleLedger()
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	if _, err := l.Accrue(ctx, loyalty.Transaction{ID: "booking-1", Member: "sim-1",
		Amount: pricing.MustParseMoney("150", "EUR")}, at); err != nil {
		fmt.Println(err)
		return
	}
	// The 150 EUR booking earned 7.50 EUR; it is refunded in three parts.
	for i, part := range []string{"50", "50", "50"} {
		res, err := l.Refund(ctx, loyalty.Refund{ID: fmt.Sprint("refund-", i), Member: "sim-1",
			Original: "booking-1", Amount: pricing.MustParseMoney(part, "EUR")}, at.Add(time.Hour))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("refund", part, "EUR reverses", res.Bonus)
	}
	b, _ := l.Balance(ctx, "sim-1")
	fmt.Println("balance:", b.Total())
	// Output:
	// refund 50 EUR reverses 2.50 EUR
	// refund 50 EUR reverses 2.50 EUR
	// refund 50 EUR reverses 2.50 EUR
	// balance: 0.00 EUR
}

func ExampleLedger_StatementPage() {
	ctx := context.Background()
	l := exampleLedger()
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	for i := range 30 {
		if _, err := l.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprint("booking-", i), Member: "sim-1",
			Amount: pricing.MustParseMoney("100", "EUR")}, at.Add(time.Duration(i)*time.Hour)); err != nil {
			fmt.Println(err)
			return
		}
	}
	// The latest three entries: ask for the count first with an empty page.
	_, n, err := l.StatementPage(ctx, "sim-1", 0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	page, _, err := l.StatementPage(ctx, "sim-1", max(0, n-3), 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n, "entries; the latest:")
	for _, e := range page {
		fmt.Println(e.Kind, e.Tx, e.Pending)
	}
	// Output:
	// 30 entries; the latest:
	// accrue booking-27 5.00 EUR
	// accrue booking-28 5.00 EUR
	// accrue booking-29 5.00 EUR
}
