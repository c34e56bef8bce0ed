// Command tour is the README's tour, runnable: the shipped telco catalog and
// price book, one customer's November 2026 — a sign-up, an add-on, a
// refused conflict, a change of plan on the 20th, the month's bill — and the
// bonus a purchase earns. Its test checks that the README shows this code
// and what it prints.
//
//	go run ./examples/tour
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

func day(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }

func run(w io.Writer) error {
	// Catalog: what may be sold together.
	cat, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		return err
	}
	for _, warning := range cat.Lint() {
		fmt.Fprintln(w, warning.Code, warning.AddOns, warning.Feature)
	}
	_, err = catalog.Decode([]byte(`{"products": [{"id": "sms_pack", "kind": "addon", "allowed_main": ["nowhere"]}]}`))
	var invalid *catalog.ValidationError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			fmt.Fprintln(w, p.Path, p.Code)
		}
	}

	// Entitlement: what the account gets, and why.
	r := entitlement.NewResolver(cat)
	john := entitlement.Account{ID: "john", Main: "basic_call", MainFrom: day(1)}
	john, cfg, err := r.Assign(john, entitlement.Assignment{AddOn: "easy_sms"}, day(3))
	if err != nil {
		return err
	}
	sms, _ := cfg.Value("sms_included")
	fmt.Fprintln(w, "SMS included:", sms)
	fmt.Fprint(w, cfg.Explain(entitlement.WithNames(cat)))
	john, _, err = r.Assign(john, entitlement.Assignment{AddOn: "unconditional_forwarding"}, day(5))
	if err != nil {
		return err
	}
	_, _, err = r.Assign(john, entitlement.Assignment{AddOn: "advanced_forwarding"}, day(5))
	var conflict *entitlement.ConflictError
	if errors.As(err, &conflict) {
		fmt.Fprintln(w, "refused:", conflict.AddOns, "disagree on", conflict.Feature)
	}

	// A change of plan on the 20th: the account keeps its history.
	john, change, err := r.ChangeMain(john, "smart_call_plan", day(20))
	if err != nil {
		return err
	}
	for _, c := range change.Changes {
		fmt.Fprintln(w, c.Format(entitlement.WithNames(cat)))
	}

	// Pricing: the month's bill, every day by what was in force that day.
	book, err := pricing.DecodeBook(catalogs.TelcoPrices)
	if err != nil {
		return err
	}
	if err := book.ValidateAgainst(cat); err != nil {
		return err // revenue leakage: a product that can be sold without a charge
	}
	usage := []pricing.UsageRecord{
		{ID: "sms-1", Meter: "sms_domestic", Quantity: decimal.NewFromInt(120), At: day(12)},
		{ID: "sms-2", Meter: "sms_domestic", Quantity: decimal.NewFromInt(150), At: day(25)},
	}
	bill, err := pricing.NewQuote(book, r, john, pricing.Month(2026, time.November, nil), usage, pricing.WithCatalog(cat))
	if err != nil {
		return err
	}
	for _, line := range bill.Lines {
		fmt.Fprintf(w, "%10s  %s\n", line.Amount, line.Description)
	}
	fmt.Fprintf(w, "%10s  total\n", bill.Total(pricing.EUR))

	// Loyalty: what a purchase earns, on a ledger that never loses a cent.
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "comfort", Currency: pricing.EUR, Rules: []loyalty.Rule{{
		ID: "booking", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(5),
		Min: pricing.MustParseMoney("3", "EUR"), Max: pricing.MustParseMoney("8", "EUR")}}})
	if err != nil {
		return err
	}
	ledger, err := loyalty.NewLedger(prog, memstore.New())
	if err != nil {
		return err
	}
	booking := loyalty.Transaction{ID: "booking-1", Member: "sim-1", Amount: pricing.MustParseMoney("100", "EUR")}
	for range 2 { // the same transaction twice earns once
		res, err := ledger.Accrue(context.Background(), booking, day(21))
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "bonus:", res.Bonus)
	}
	balance, err := ledger.Balance(context.Background(), "sim-1")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "balance:", balance.Available, "available,", balance.Pending, "pending")
	return nil
}
