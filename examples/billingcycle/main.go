// Command billingcycle plays out one month of an account with the shipped
// telco catalog, November 2026 (UTC): activation on Basic Call with Carnival
// 200, Carnival 200 cancelled mid-month, an upgrade to the Smart Call plan on
// the 20th, Easy SMS bought on the 28th, and usage throughout. One quote over
// the final account bills the whole month: every usage record at its own
// instant, by the charge and allowance in force then, and each line names
// the records it rated and where its included units came from.
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
// are IDs without spaces). Carnival 200 rates Brazil minutes itself, at
// 0.10 EUR, while it is assigned. Its volume discount on the main products'
// Brazil minutes (10 % from 100 billed, 20 % from 500) applies only to an
// account that still has Carnival 200 at the end of the period.
func telcoBook() (*pricing.Book, error) {
	recurring := func(id, product, amount string) pricing.Charge {
		return pricing.Charge{ID: id, Product: product, Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat(amount)}
	}
	oneTime := func(id, product, amount string) pricing.Charge {
		return pricing.Charge{ID: id, Product: product, Kind: pricing.ChargeOneTime, Price: pricing.Flat(amount)}
	}
	sms := func(id, product, rate string) pricing.Charge {
		return pricing.Charge{ID: id, Name: "Domestic SMS", Product: product, Kind: pricing.ChargeUsage,
			Meter: "SMS", Unit: "SMS", Allowance: "sms_included", Price: pricing.PerUnit(rate)}
	}
	brazil := func(id, product string, price pricing.Price) pricing.Charge {
		return pricing.Charge{ID: id, Name: "Minutes to Brazil", Product: product, Kind: pricing.ChargeUsage,
			Meter: "minutes_brazil", Unit: "min", Allowance: "minutes_brazil", Price: price}
	}
	graduated := pricing.Graduated(pricing.UpTo("60", "0.25"), pricing.Above("0.15"))
	return pricing.NewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		recurring("basic_monthly", "basic_call", "10.00"),
		oneTime("basic_activation", "basic_call", "5.00"),
		sms("basic_sms", "basic_call", "0.05"),
		brazil("basic_brazil", "basic_call", graduated),
		recurring("smart_plan_monthly", "smart_call_plan", "25.00"),
		sms("smart_sms", "smart_call_plan", "0.04"),
		brazil("smart_brazil", "smart_call_plan", graduated),
		recurring("easy_sms_monthly", "easy_sms", "3.00"),
		oneTime("easy_sms_setup", "easy_sms", "1.00"),
		recurring("carnival_monthly", "carnival_200", "7.50"),
		brazil("carnival_minutes", "carnival_200", pricing.PerUnit("0.10")),
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
	date := func(t time.Time) string { return t.Format("2 Jan") }
	nov := pricing.Month(2026, time.November, time.UTC)

	// The month's usage, in the order it happened.
	usage := []pricing.UsageRecord{
		{ID: "cdr-1", Meter: "minutes_brazil", Quantity: num("60"), At: day(4)},
		{ID: "sms-1", Meter: "SMS", Quantity: num("40"), At: day(8)},
		{ID: "cdr-2", Meter: "minutes_brazil", Quantity: num("70"), At: day(9)},
		{ID: "sms-2", Meter: "SMS", Quantity: num("30"), At: day(14)},
		{ID: "cdr-3", Meter: "minutes_brazil", Quantity: num("40"), At: day(17)},
		{ID: "sms-3", Meter: "SMS", Quantity: num("30"), At: day(22)},
		{ID: "cdr-4", Meter: "minutes_brazil", Quantity: num("80"), At: day(24)},
		{ID: "sms-4", Meter: "SMS", Quantity: num("20"), At: day(26)},
		{ID: "sms-5", Meter: "SMS", Quantity: num("30"), At: day(29)},
	}
	units := map[string]string{"SMS": "SMS", "minutes_brazil": "minutes to Brazil"}
	next := 0
	usedBefore := func(t time.Time) { // prints the records before t not printed yet
		for ; next < len(usage) && usage[next].At.Before(t); next++ {
			u := usage[next]
			fmt.Fprintf(w, "  %-7s %s %s used (%s)\n", date(u.At), u.Quantity, units[u.Meter], u.ID)
		}
	}

	fmt.Fprintln(w, "Account acme-0042, November 2026 (UTC)")
	// 1 Nov: activation on Basic Call (MainFrom is the activation), with Carnival 200.
	acct := entitlement.Account{ID: "acme-0042", Main: "basic_call", MainFrom: day(1)}
	acct, cfg, err := r.Assign(acct, entitlement.Assignment{AddOn: "carnival_200", From: day(1)}, day(1))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  %-7s activated on %s (%s SMS a month included), activation fee %s\n",
		date(acct.MainFrom), name(cat, acct.Main), value(cfg, "sms_included"), price(book, "basic_activation"))
	fmt.Fprintf(w, "  %-7s bought %s: Brazil minutes at %s, %s a month included\n",
		date(day(1)), name(cat, "carnival_200"), price(book, "carnival_minutes"), value(cfg, "minutes_brazil"))

	usedBefore(day(16))
	acct, cfg, err = r.Unassign(acct, "carnival_200", day(16))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  %-7s cancelled %s: Brazil minutes back at %s's rate, %s included\n",
		date(day(16)), name(cat, "carnival_200"), name(cat, acct.Main), value(cfg, "minutes_brazil"))

	usedBefore(day(20))
	// ChangeMain records the change in the account: Basic Call stays in
	// force before 20 Nov, Smart Call from then on. acct is the only account.
	acct, change, err := r.ChangeMain(acct, "smart_call_plan", day(20))
	if err != nil {
		return err
	}
	dropped := "none"
	if len(change.Dropped) > 0 {
		var names []string
		for _, id := range change.Dropped {
			names = append(names, name(cat, id))
		}
		dropped = strings.Join(names, ", ")
	}
	fmt.Fprintf(w, "  %-7s upgraded to the %s plan (%s SMS a month included); add-ons dropped: %s\n",
		date(acct.MainFrom), name(cat, acct.Main), value(change.Config, "sms_included"), dropped)
	var history []string
	for _, p := range acct.PastMains {
		history = append(history, name(cat, p.Product)+" from "+date(p.From))
	}
	history = append(history, name(cat, acct.Main)+" from "+date(acct.MainFrom))
	fmt.Fprintf(w, "          the account records its main products: %s\n", strings.Join(history, ", "))

	usedBefore(day(28))
	acct, cfg, err = r.Assign(acct, entitlement.Assignment{AddOn: "easy_sms", From: day(28)}, day(28))
	if err != nil {
		return err
	}
	// 150 × 3/30 = 15 SMS from Easy SMS for 28–30 Nov.
	fmt.Fprintf(w, "  %-7s bought %s (150 SMS a month, prorated to the 3 days left); now %s SMS a month included\n",
		date(day(28)), name(cat, "easy_sms"), value(cfg, "sms_included"))
	usedBefore(nov.End)

	// A host billing in advance invoiced Basic Call's 10.00 EUR on 1 Nov and
	// bills the upgrade with ProrateChange.
	rule := pricing.UpgradesNow(func(old, new pricing.Charge) bool { return new.Price.Amount.Cmp(old.Price.Amount) > 0 })
	oldCh, _ := book.Charge("basic_monthly")
	newCh, _ := book.Charge("smart_plan_monthly")
	adjust, err := pricing.ProrateChange(oldCh, newCh, nov, day(20), rule(oldCh, newCh), pricing.WithCatalog(cat))
	if err != nil {
		return err
	}

	// One quote over the final account bills the month, 30 days (checked by hand):
	//   Basic Call 1–19 Nov: 10.00 split 19:11 days = 6.33 + 3.67 → 6.33
	//   Smart Call 20–30 Nov: 25.00 split 19:11 days = 15.83 + 9.17 → 9.17
	//   Carnival 200 1–15 Nov: 7.50 × 15/30 = 3.75; Easy SMS 28–30 Nov: 3.00 × 3/30 = 0.30
	//   one-time: Basic Call activation 5.00, Easy SMS setup 1.00
	//   SMS grants: 50 × 19/30 = 31.67 (Basic), 100 × 11/30 = 36.67 (Smart), 150 × 3/30 = 15 (Easy SMS);
	//     together 83.33 → 83, floors 31 + 36 + 15 = 82, the spare unit to the earlier of the tied remainders: Basic 32
	//   SMS on Basic Call: 40 + 30 = 70 used, 32 included, 38 × 0.05 = 1.90
	//   SMS on Smart Call: sms-3 30 of Smart's 36; sms-4 20: the other 6, 14 billed (Easy SMS not bought yet);
	//     sms-5 30: 15 from Easy SMS, 15 billed: 80 used, 36 + 15 = 51 included, 29 × 0.04 = 1.16
	//   Brazil on Carnival 200: 60 + 70 = 130 used, 200 × 15/30 = 100 included, 30 × 0.10 = 3.00
	//   Brazil on Basic Call 16–19 Nov: 40 × 0.25 = 10.00 (tier 1: the first 60 minutes)
	//   Brazil on Smart Call: 60 × 0.25 + 20 × 0.15 = 15.00 + 3.00 = 18.00; no discount (no Carnival 200 on 30 Nov)
	//   total: 6.33 + 9.17 + 3.75 + 0.30 + 5.00 + 1.00 + 1.90 + 10.00 + 1.16 + 18.00 + 3.00 = 59.61
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "\nHow it is billed")
	fmt.Fprintln(w, "  Recurring charges: the quote states what the month costs, each product for the days it was held.")
	advance := pricing.NewMoney(oldCh.Price.Amount, oldCh.Price.Currency)
	fmt.Fprintf(w, "  A host billing in advance invoiced %s's %s on 1 Nov; at the upgrade, pricing.ProrateChange adds:\n",
		name(cat, oldCh.Product), advance)
	// 10.00 × 11/30 = 3.666… → 3.67 (the 11-day part of 10.00 split 19:11 days: 6.33 + 3.67)
	// 25.00 × 11/30 = 9.166… → 9.17 (15.83 + 9.17)
	for _, l := range adjust {
		fmt.Fprintf(w, "    %9s  %s\n", l.Amount, l.Description)
		if advance, err = advance.Add(l.Amount); err != nil {
			return err
		}
	}
	// In advance: 10.00 − 3.67 + 9.17 = 15.50; the quote: 6.33 + 9.17 = 15.50.
	mains := pricing.Zero(pricing.EUR)
	for _, l := range q.Lines {
		if l.Kind == pricing.ChargeRecurring && (l.Product == "basic_call" || l.Product == "smart_call_plan") {
			if mains, err = mains.Add(l.Amount); err != nil {
				return err
			}
		}
	}
	verdict := "they agree"
	if !advance.Equal(mains) {
		verdict = "they DISAGREE"
	}
	fmt.Fprintf(w, "  Billed in advance, the plans cost %s; on the quote, %s and %s cost %s: %s.\n",
		advance, name(cat, oldCh.Product), name(cat, newCh.Product), mains, verdict)
	fmt.Fprintln(w, "  Usage: in arrears, each record rated at its instant by the charge and allowance in force then.")
	fmt.Fprintf(w, "  %s's volume discount does not apply: the account no longer has it at the end of the month.\n", name(cat, "carnival_200"))

	fmt.Fprintln(w, "\nQuote for November 2026")
	for _, l := range q.Lines {
		fmt.Fprintf(w, "  %9s  %s\n", l.Amount, l.Description)
		if l.Kind == pricing.ChargeUsage {
			rated := "no records"
			if len(l.Records) > 0 {
				rated = strings.Join(l.Records, ", ")
			}
			fmt.Fprintf(w, "  %9s  rated: %s\n", "", rated)
		}
	}
	fmt.Fprintf(w, "  %9s  total\n", q.Total(pricing.EUR))
	return nil
}

// value formats the value of attr in cfg with its unit ("200 min"), or
// 0 when cfg has none.
func value(cfg entitlement.Config, attr string) string {
	v, ok := cfg.Value(attr)
	if !ok {
		v = catalog.Int(0)
	}
	return cfg.Catalog().FormatValue(attr, v)
}

// name returns the product's name, or its ID when it has none.
func name(cat *catalog.Catalog, id string) string {
	if n, _ := cat.ProductName(id); n != "" {
		return n
	}
	return id
}

// price returns the flat or per-unit amount of the book's charge.
func price(book *pricing.Book, charge string) pricing.Money {
	ch, _ := book.Charge(charge)
	return pricing.NewMoney(ch.Price.Amount, ch.Price.Currency)
}
