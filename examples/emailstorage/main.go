// Command emailstorage plays out the email storage seed: storage tiers
// whose free allocation follows the subscriber's ARPU, a subscriber who
// crosses 90 % of his mailbox, the notice offering the cheapest one-click
// upgrade with its prorated price, the upgrade applied, and the month's
// quote.
//
//	go run ./examples/emailstorage
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
	"github.com/tariffkit/tariff/pricing"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "emailstorage:", err)
		os.Exit(1)
	}
}

func num(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// storageCatalog is an ISP's email offer: the broadband plan's mailbox
// grows with ARPU (below $50 → 2 GB, below $100 → 5 GB, otherwise 10 GB,
// as the telco catalog's Mailbox Plus does), and three storage tiers
// replace it, one at a time.
func storageCatalog() (*catalog.Catalog, error) {
	tier := func(id, name string, gb int64, others ...string) catalog.Product {
		return catalog.Product{ID: id, Name: name, Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"broadband"},
			Excludes: others, Groups: []string{"storage"}, Features: []catalog.FeatureSetting{{Feature: "mailbox",
				Values: []catalog.AttributeValue{{Attribute: "storage_gb", Value: catalog.Qty(decimal.NewFromInt(gb))}}}}}
	}
	return catalog.New(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "email", Name: "Email"}},
		Features: []catalog.Feature{{ID: "mailbox", ServiceType: "email", Name: "Mailbox", DefaultEnabled: true,
			Attributes: []catalog.Attribute{{ID: "storage_gb", Name: "Mailbox storage", Type: catalog.TypeQuantity, Unit: "GB",
				Default: catalog.Qty(num("1")), Combine: catalog.CombineMax}}}},
		Groups: []catalog.Group{{ID: "storage", Name: "Mailbox storage"}},
		Products: []catalog.Product{
			{ID: "broadband", Name: "Broadband 100", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{{Feature: "mailbox",
				Values: []catalog.AttributeValue{{Attribute: "storage_gb", Value: catalog.Banded("arpu",
					catalog.Below(num("50"), catalog.Qty(num("2"))),
					catalog.Below(num("100"), catalog.Qty(num("5"))),
					catalog.Otherwise(catalog.Qty(num("10"))))}}}}},
			tier("storage_plus", "Storage Plus 10 GB", 10, "storage_max", "storage_heavy"),
			tier("storage_max", "Storage Max 25 GB", 25, "storage_heavy"),
			tier("storage_heavy", "Heavy Use 100 GB", 100),
		},
	})
}

// storageBook prices the offer in USD: the first paid tiers between $0.99
// and $1.99 a month, heavy use at $4.99.
func storageBook() (*pricing.Book, error) {
	monthly := func(product, amount string) pricing.Charge {
		return pricing.Charge{ID: product + "_monthly", Product: product, Kind: pricing.ChargeRecurring,
			Period: pricing.Monthly, Price: pricing.Flat(amount)}
	}
	return pricing.NewBook(pricing.PriceBook{Currency: pricing.USD, Charges: []pricing.Charge{
		monthly("broadband", "45.00"),
		monthly("storage_plus", "0.99"),
		monthly("storage_max", "1.99"),
		monthly("storage_heavy", "4.99"),
	}})
}

func run(w io.Writer) error {
	cat, err := storageCatalog()
	if err != nil {
		return err
	}
	r := entitlement.NewResolver(cat)
	book, err := storageBook()
	if err != nil {
		return err
	}
	nov := pricing.Month(2026, time.November, time.UTC)
	now := time.Date(2026, 11, 11, 14, 30, 0, 0, time.UTC)

	fmt.Fprintln(w, "Free mailbox storage follows ARPU:")
	for _, arpu := range []string{"45", "80", "120"} {
		cfg, err := r.Resolve(entitlement.Account{Main: "broadband", Facts: map[string]decimal.Decimal{"arpu": num(arpu)}}, now)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  ARPU %s → %s\n", pricing.NewMoney(num(arpu), pricing.USD), value(cfg, "storage_gb"))
	}

	fred := entitlement.Account{ID: "fearless-fred", Main: "broadband", Facts: map[string]decimal.Decimal{"arpu": num("45")}}
	used := num("1.85")
	check, err := r.CheckQuota(fred, now, "storage_gb", used, num("90"), num("100"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFearless Fred uses %s of %s (%s %%); thresholds crossed: %s\n",
		gb(cat, used), gb(cat, check.Quota), check.Percent.Decimal, percents(check.Crossed))
	if len(check.Candidates) == 0 {
		return fmt.Errorf("no upgrade offered")
	}
	offers, err := pricing.RankUpgrades(book, fred, check.Candidates, nov, now)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Upgrades that leave him below 90 %, cheapest first:")
	for _, o := range offers {
		fmt.Fprintf(w, "  %-20s %6s  %s for the rest of November\n", name(cat, o.Candidate.Product), gb(cat, o.Candidate.Quota), o.Total)
	}
	best := offers[0]
	fmt.Fprintf(w, "\nNotice in webmail:\n  Your mailbox is %s %% full. Upgrade to %s for %s a month — one click, %s today:\n",
		check.Percent.Decimal, name(cat, best.Candidate.Product), monthlyPrice(book, best.Candidate.Product), best.Total)
	for _, l := range best.Lines {
		fmt.Fprintf(w, "    %9s  %s\n", l.Amount, l.Description)
	}

	fred, cfg, err := r.Assign(fred, entitlement.Assignment{AddOn: best.Candidate.Product, From: now}, now)
	if err != nil {
		return err
	}
	rep, err := cfg.Quota("storage_gb", used, num("90"), num("100"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFred clicks. Mailbox storage is now %s (%s %% used); provisioning:\n", value(cfg, "storage_gb"), rep.Percent.Decimal)
	before, err := r.Resolve(entitlement.Account{ID: fred.ID, Main: fred.Main, Facts: fred.Facts}, now)
	if err != nil {
		return err
	}
	for _, ch := range entitlement.Diff(before, cfg) {
		fmt.Fprintf(w, "  %s\n", ch.Format(entitlement.WithNames(cat)))
	}

	q, err := pricing.NewQuote(book, r, fred, nov, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nNovember quote:")
	for _, l := range q.Lines {
		fmt.Fprintf(w, "  %9s  %s\n", l.Amount, l.Description)
	}
	fmt.Fprintf(w, "  %9s  total\n", q.Total(pricing.USD))
	return nil
}

// value formats the value of attr in cfg with its unit ("10 GB").
func value(cfg entitlement.Config, attr string) string {
	v, _ := cfg.Value(attr)
	return cfg.Catalog().FormatValue(attr, v)
}

// gb formats an amount of mailbox storage with its unit ("1.85 GB").
func gb(cat *catalog.Catalog, d decimal.Decimal) string {
	return cat.FormatValue("storage_gb", catalog.Qty(d))
}

// percents formats thresholds as "90 %, 100 %", or "none".
func percents(ds []decimal.Decimal) string {
	if len(ds) == 0 {
		return "none"
	}
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String() + " %"
	}
	return strings.Join(out, ", ")
}

// name returns the product's name, or its ID when it has none.
func name(cat *catalog.Catalog, id string) string {
	if n, _ := cat.ProductName(id); n != "" {
		return n
	}
	return id
}

// monthlyPrice returns the product's monthly charge from the book.
func monthlyPrice(book *pricing.Book, product string) pricing.Money {
	for _, ch := range book.ChargesFor(product) {
		if ch.Kind == pricing.ChargeRecurring {
			return pricing.NewMoney(ch.Price.Amount, ch.Price.Currency)
		}
	}
	return pricing.Zero(book.Currency())
}
