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
			Period: pricing.BillingPeriod{Unit: pricing.PeriodMonth, Count: 1},
			Price:  pricing.Price{Model: pricing.ModelFlat, Currency: pricing.USD, Amount: num(amount)}}
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
	nov := pricing.BillingPeriod{Unit: pricing.PeriodMonth}.Period(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	now := time.Date(2026, 11, 11, 14, 30, 0, 0, time.UTC)

	fmt.Fprintln(w, "Free mailbox storage follows ARPU:")
	for _, arpu := range []string{"45", "80", "120"} {
		cfg, err := r.Resolve(entitlement.Account{Main: "broadband", Facts: map[string]decimal.Decimal{"arpu": num(arpu)}}, now)
		if err != nil {
			return err
		}
		v, _ := cfg.Value("storage_gb")
		fmt.Fprintf(w, "  ARPU $%s → %s GB\n", arpu, v)
	}

	fred := entitlement.Account{ID: "fearless-fred", Main: "broadband", Facts: map[string]decimal.Decimal{"arpu": num("45")}}
	used := num("1.85")
	check, err := r.CheckQuota(fred, now, "storage_gb", used, num("90"), num("100"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFearless Fred uses %s of %s GB (%s %%); thresholds crossed: %v\n", used, check.Quota, check.Percent.Decimal, check.Crossed)
	if len(check.Candidates) == 0 {
		return fmt.Errorf("no upgrade offered")
	}
	offers, err := pricing.RankUpgrades(book, fred, check.Candidates, nov, now)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Upgrades that leave him below 90 %, cheapest first:")
	for _, o := range offers {
		fmt.Fprintf(w, "  %-14s %4s GB  %s for the rest of November\n", o.Candidate.Product, o.Candidate.Quota, o.Total)
	}
	best := offers[0]
	p, _ := cat.Product(best.Candidate.Product)
	fmt.Fprintf(w, "\nNotice in webmail:\n  Your mailbox is %s %% full. Upgrade to %s for %s a month — one click, %s today:\n",
		check.Percent.Decimal, p.Name, monthlyPrice(book, best.Candidate.Product), best.Total)
	for _, l := range best.Lines {
		fmt.Fprintf(w, "    %-10s %s\n", l.Amount, l.Description)
	}

	fred, cfg, err := r.Assign(fred, entitlement.Assignment{AddOn: best.Candidate.Product, From: now}, now)
	if err != nil {
		return err
	}
	v, _ := cfg.Value("storage_gb")
	rep, err := cfg.Quota("storage_gb", used, num("90"), num("100"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFred clicks. Mailbox storage is now %s GB (%s %% used); provisioning:\n", v, rep.Percent.Decimal)
	before, err := r.Resolve(entitlement.Account{ID: fred.ID, Main: fred.Main, Facts: fred.Facts}, now)
	if err != nil {
		return err
	}
	for _, ch := range entitlement.Diff(before, cfg) {
		fmt.Fprintf(w, "  %s %s.%s: %s → %s\n", ch.Kind, ch.Feature, ch.Attribute, ch.From, ch.To)
	}

	q, err := pricing.NewQuote(book, r, fred, nov, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nNovember quote:")
	for _, l := range q.Lines {
		fmt.Fprintf(w, "  %-10s %s\n", l.Amount, l.Description)
	}
	fmt.Fprintf(w, "  %-10s total\n", q.Total(pricing.USD))
	return nil
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
