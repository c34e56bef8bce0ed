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

func ExampleSplit() {
	nov := pricing.Period{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	parts, _ := pricing.Split(pricing.MustParseMoney("10.00", "EUR"), nov,
		time.Date(2026, 11, 11, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC))
	fmt.Println(parts)
	// Output: [3.34 EUR 3.33 EUR 3.33 EUR]
}

func ExampleProrateChange() {
	nov := pricing.Period{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	flat := func(id, amount string) pricing.Charge {
		return pricing.Charge{ID: id, Product: id, Kind: pricing.ChargeRecurring, Period: pricing.BillingPeriod{Unit: pricing.PeriodMonth},
			Price: pricing.Price{Model: pricing.ModelFlat, Currency: pricing.EUR, Amount: decimal.RequireFromString(amount)}}
	}
	basic, smart := flat("basic_call", "10.00"), flat("smart_call_plan", "25.00")
	rule := pricing.UpgradesNow(func(old, new pricing.Charge) bool { return new.Price.Amount.Cmp(old.Price.Amount) > 0 })
	at := time.Date(2026, 11, 11, 9, 0, 0, 0, time.UTC) // 20 of 30 days left
	lines, _ := pricing.ProrateChange(basic, smart, nov, at, rule(basic, smart))
	for _, l := range lines {
		fmt.Println(l.Amount, "|", l.Description)
	}
	lines, _ = pricing.ProrateChange(smart, basic, nov, at, rule(smart, basic))
	fmt.Println("downgrade:", rule(smart, basic), len(lines), "lines")
	// Output:
	// -6.67 EUR | Credit for unused basic_call, 11 Nov–30 Nov (20/30 of the month at 10.00 EUR)
	// 16.67 EUR | smart_call_plan, 11 Nov–30 Nov (20/30 of the month at 25.00 EUR)
	// downgrade: end_of_term 0 lines
}

func ExampleNewQuote() {
	cat, _ := catalog.Decode(catalogs.Telco)
	r := entitlement.NewResolver(cat)
	eur := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	month := pricing.BillingPeriod{Unit: pricing.PeriodMonth}
	book, err := pricing.NewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		{ID: "basic", Product: "basic_call", Kind: pricing.ChargeRecurring, Period: month,
			Price: pricing.Price{Model: pricing.ModelFlat, Currency: pricing.EUR, Amount: eur("10.00")}},
		{ID: "sms", Name: "Domestic SMS", Product: "basic_call", Kind: pricing.ChargeUsage, Meter: "SMS", Allowance: "sms_included",
			Price: pricing.Price{Model: pricing.ModelPerUnit, Currency: pricing.EUR, Amount: eur("0.05")}},
		{ID: "easy_sms", Product: "easy_sms", Kind: pricing.ChargeRecurring, Period: month,
			Price: pricing.Price{Model: pricing.ModelFlat, Currency: pricing.EUR, Amount: eur("3.00")}},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	nov := pricing.Period{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	acct := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{
		{AddOn: "easy_sms", Quantity: 2, From: time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)}}}
	usage := []pricing.UsageRecord{{ID: "r1", Meter: "SMS", Quantity: eur("410"), At: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}}
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range q.Lines {
		fmt.Println(l.Amount, "|", l.Description)
	}
	fmt.Println(q.Totals)
	// Output:
	// 10.00 EUR | Basic Call, 1 Nov–30 Nov
	// 5.60 EUR | Easy SMS ×2, 3 Nov–30 Nov (28/30 of the month at 6.00 EUR)
	// 4.00 EUR | Domestic SMS: 410 used, 330 included (50 from Basic Call, 280 from Easy SMS), 80 × 0.05 EUR
	// [19.60 EUR]
}
