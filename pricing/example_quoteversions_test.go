package pricing_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// Basic Call costs 10.00 a month until a new price book raises it to 12.00
// for sales from October, and for existing customers from 11 November: a
// customer since before October pays each price for its days.
func ExampleNewVersionedQuote() {
	cat, _ := catalog.Decode(catalogs.Telco)
	v := entitlement.NewVersioned(catalog.MustNewVersions(catalog.Version{ID: "2026", Catalog: cat}))
	book := func(amount string) *pricing.Book {
		return pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
			{ID: "basic", Product: "basic_call", Kind: pricing.ChargeRecurring, Period: pricing.BillingPeriod{Unit: pricing.PeriodMonth},
				Price: pricing.Price{Model: pricing.ModelFlat, Amount: decimal.RequireFromString(amount)}}}})
	}
	books, err := pricing.NewBookVersions(
		pricing.BookVersion{ID: "2026-01", Book: book("10.00")},
		pricing.BookVersion{ID: "2026-10", From: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
			Existing: time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC), Book: book("12.00")})
	if err != nil {
		fmt.Println(err)
		return
	}
	nov := pricing.Period{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	since := entitlement.Account{ID: "john", Main: "basic_call", MainFrom: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	q, err := pricing.NewVersionedQuote(books, v, since, nov, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range q.Lines {
		fmt.Println(l.Amount, "|", l.Description)
	}
	fmt.Println(q.Totals)
	// Output:
	// 3.33 EUR | Basic Call, 1 Nov–10 Nov (10/30 of the month at 10.00 EUR)
	// 8.00 EUR | Basic Call, 11 Nov–30 Nov (20/30 of the month at 12.00 EUR)
	// [11.33 EUR]
}
