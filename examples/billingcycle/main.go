// Command billingcycle plays out the billing lifecycle seed with the
// shipped telco catalog: an account activated on Basic Call with Carnival
// 200, its usage rated against the allowances of its configuration, a
// mid-cycle upgrade to the Smart Call plan with 20 of 30 days left, and the
// period's quote, every line of which says what it charges and why,
// including the volume discount Carnival 200 gives on Brazil minutes.
//
//	go run ./examples/billingcycle
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "billingcycle:", err)
		os.Exit(1)
	}
}

func num(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// telcoBook prices the telco catalog's products the account uses, in EUR,
// its usage charges named for the customer ("Minutes to Brazil"; meters
// are IDs without spaces), with Carnival 200's volume discount on Brazil minutes beyond its 200
// included: 10 % from 100 billed, 20 % from 500.
func telcoBook() (*pricing.Book, error) {
	monthly := pricing.BillingPeriod{Unit: pricing.PeriodMonth, Count: 1}
	charge := func(id, product string, kind pricing.ChargeKind, amount string) pricing.Charge {
		ch := pricing.Charge{ID: id, Product: product, Kind: kind,
			Price: pricing.Price{Model: pricing.ModelFlat, Currency: pricing.EUR, Amount: num(amount)}}
		if kind == pricing.ChargeRecurring {
			ch.Period = monthly
		}
		return ch
	}
	usage := func(id, name, product, meter, allowance string, price pricing.Price) pricing.Charge {
		return pricing.Charge{ID: id, Name: name, Product: product, Kind: pricing.ChargeUsage, Meter: meter, Allowance: allowance, Price: price}
	}
	perUnit := func(rate string) pricing.Price {
		return pricing.Price{Model: pricing.ModelPerUnit, Currency: pricing.EUR, Amount: num(rate)}
	}
	bound := func(s string) decimal.NullDecimal { return decimal.NullDecimal{Decimal: num(s), Valid: true} }
	brazil := pricing.Price{Model: pricing.ModelGraduated, Currency: pricing.EUR, Tiers: []pricing.Tier{
		{UpTo: bound("60"), Unit: num("0.25")}, {Unit: num("0.15")}}}
	return pricing.NewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		charge("basic_monthly", "basic_call", pricing.ChargeRecurring, "10.00"),
		charge("basic_activation", "basic_call", pricing.ChargeOneTime, "5.00"),
		usage("basic_sms", "Domestic SMS", "basic_call", "SMS", "sms_included", perUnit("0.05")),
		usage("basic_brazil", "Minutes to Brazil", "basic_call", "minutes_brazil", "minutes_brazil", brazil),
		charge("smart_plan_monthly", "smart_call_plan", pricing.ChargeRecurring, "25.00"),
		usage("smart_sms", "Domestic SMS", "smart_call_plan", "SMS", "sms_included", perUnit("0.04")),
		usage("smart_brazil", "Minutes to Brazil", "smart_call_plan", "minutes_brazil", "minutes_brazil", brazil),
		charge("easy_sms_monthly", "easy_sms", pricing.ChargeRecurring, "3.00"),
		charge("easy_sms_setup", "easy_sms", pricing.ChargeOneTime, "1.00"),
		charge("carnival_monthly", "carnival_200", pricing.ChargeRecurring, "7.50"),
	}, Discounts: []pricing.DiscountPlan{{ID: "carnival_brazil", Product: "carnival_200", Entries: []pricing.DiscountEntry{
		{Charge: "basic_brazil", MinVolume: num("100"), Percent: num("10")},
		{Charge: "basic_brazil", MinVolume: num("500"), Percent: num("20")},
		{Charge: "smart_brazil", MinVolume: num("100"), Percent: num("10")},
		{Charge: "smart_brazil", MinVolume: num("500"), Percent: num("20")},
	}}}})
}

func run(w io.Writer) error {
	cat, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		return err
	}
	r := entitlement.NewResolver(cat)
	book, err := telcoBook()
	if err != nil {
		return err
	}
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	nov := pricing.BillingPeriod{Unit: pricing.PeriodMonth}.Period(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))

	// Activation on 1 Nov with Carnival 200; Easy SMS bought on 5 Nov.
	acct := entitlement.Account{ID: "acme-0042", Main: "basic_call"}
	acct, _, err = r.Assign(acct, entitlement.Assignment{AddOn: "carnival_200", From: day(1)}, day(1))
	if err != nil {
		return err
	}
	acct, cfg, err := r.Assign(acct, entitlement.Assignment{AddOn: "easy_sms", From: day(5)}, day(5))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Account %s activated on Basic Call with Carnival 200 on 1 Nov (%s Brazil minutes included); Easy SMS from 5 Nov: %s SMS included\n",
		acct.ID, value(cfg, "minutes_brazil"), value(cfg, "sms_included"))

	usage := []pricing.UsageRecord{
		{ID: "cdr-1", Meter: "SMS", Quantity: num("120"), At: day(4)},
		{ID: "cdr-2", Meter: "SMS", Quantity: num("140"), At: day(9)},
		{ID: "cdr-3", Meter: "SMS", Quantity: num("150"), At: day(22)},
		{ID: "cdr-4", Meter: "minutes_brazil", Quantity: num("75"), At: day(8)},
		{ID: "cdr-5", Meter: "minutes_brazil", Quantity: num("275"), At: day(14)},
	}
	fmt.Fprintln(w, "\nUsage to 10 Nov, rated against Basic Call's allowances:")
	for _, ch := range book.ChargesFor("basic_call") {
		if ch.Kind != pricing.ChargeUsage {
			continue
		}
		lines, err := pricing.Rate(ch, cfg, usage, pricing.Period{Start: nov.Start, End: day(11)})
		if err != nil {
			return err
		}
		for _, l := range lines {
			fmt.Fprintf(w, "  %-10s %s\n", l.Amount, l.Description)
		}
	}

	// 11 Nov: the customer upgrades. The host's rule: a dearer plan is an
	// upgrade, applied at once; anything else waits for the end of term.
	rule := pricing.UpgradesNow(func(old, new pricing.Charge) bool { return new.Price.Amount.Cmp(old.Price.Amount) > 0 })
	oldCh, _ := book.Charge("basic_monthly")
	newCh, _ := book.Charge("smart_plan_monthly")
	policy := rule(oldCh, newCh)
	adjust, err := pricing.ProrateChange(oldCh, newCh, nov, day(11), policy, pricing.WithCatalog(cat))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n11 Nov: upgrade to the Smart Call plan (%s), 20 of 30 days left; adjustment to the invoice paid in advance:\n", policy)
	for _, l := range adjust {
		fmt.Fprintf(w, "  %-10s %s\n", l.Amount, l.Description)
	}
	upgraded, change, err := r.ChangeMain(acct, "smart_call_plan", day(11))
	if err != nil {
		return err
	}
	dropped := "none"
	if len(change.Dropped) > 0 {
		dropped = strings.Join(change.Dropped, ", ")
	}
	fmt.Fprintf(w, "  provisioning: %d change(s), add-ons dropped: %s; now %s SMS included\n",
		len(change.Changes), dropped, value(change.Config, "sms_included"))

	history := []pricing.Segment{{From: day(1), Account: acct}, {From: day(11), Account: upgraded}}
	q, err := pricing.QuoteHistory(book, r, history, nov, usage)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nNovember 2026, acme-0042:")
	for _, l := range q.Lines {
		fmt.Fprintf(w, "  %-10s %s\n", l.Amount, l.Description)
	}
	fmt.Fprintf(w, "  %-10s total\n", q.Total(pricing.EUR))
	return nil
}

func value(cfg entitlement.Config, attr string) string {
	if v, ok := cfg.Value(attr); ok {
		return v.String()
	}
	return "0"
}
