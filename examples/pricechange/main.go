// Command pricechange plays out a price change with the shipped Telco
// catalog and price-book versions (examples/catalogs): from 1 July 2026
// Basic Call costs 11.99 EUR instead of 9.99 and includes 100 SMS instead of
// 50, for new customers only; customers sold earlier keep their terms. One
// old customer is then moved to the new terms with the migration report
// (what provisioning and billing would see); another, who holds a retired
// add-on, cannot be moved and stays grandfathered until the price version
// of November takes over for existing customers on the 16th, which his
// November bill shows as two spans.
//
//	go run ./examples/pricechange
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pricechange:", err)
		os.Exit(1)
	}
}

func date(t time.Time) string { return t.Format("2 Jan 2006") }

func day(month time.Month, d int) time.Time { return time.Date(2026, month, d, 0, 0, 0, 0, time.UTC) }

// month is the billing month m of 2026.
func month(m time.Month) pricing.Period { return pricing.Month(2026, m, time.UTC) }

func run(w io.Writer) error {
	cs, err := catalog.DecodeVersions(catalogs.TelcoVersions)
	if err != nil {
		return err
	}
	books, err := pricing.DecodeBookVersions(catalogs.TelcoPriceVersions)
	if err != nil {
		return err
	}
	if err := books.ValidateAgainst(cs); err != nil {
		return err
	}
	v := entitlement.NewVersioned(cs)
	printVersions(w, cs, books)

	anna := entitlement.Account{ID: "anna", Main: "basic_call", MainFrom: day(time.March, 1)}
	carl := entitlement.Account{ID: "carl", Main: "basic_call", MainFrom: day(time.April, 1),
		AddOns: []entitlement.Assignment{{AddOn: "carnival_200", From: day(time.April, 1)}}}
	// Ben signs up in August: sold under the versions in force then.
	ben, _, err := v.ChangeMain(entitlement.Account{ID: "ben", Main: "basic_call", MainFrom: day(time.August, 10)}, "basic_call", day(time.August, 10))
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "\nAugust 2026: the old customers keep their terms, the new one has the new ones")
	// Anna: 9.99 and 50 SMS (terms of 2026-01). Ben: 11.99 × 22/31 = 8.509… → 8.51 and 100 SMS.
	for _, a := range []entitlement.Account{anna, ben} {
		if err := printQuote(w, books, v, a, month(time.August)); err != nil {
			return err
		}
	}

	moveAt := day(time.September, 1)
	fmt.Fprintf(w, "\nMigration report: 2026-01 → 2026-07 on %s, for September\n", date(moveAt))
	ms, err := v.Migrate([]entitlement.Account{anna, carl, ben}, "2026-01", "2026-07", moveAt)
	ti, _ := cs.Index("2026-07")
	target, _ := cs.Version(ti)
	if err != nil {
		return err
	}
	prices, err := pricing.PriceMigrations(books, v, ms, month(time.September), nil)
	if err != nil {
		return err
	}
	for _, mp := range prices {
		m := mp.Migration
		if mp.Err != nil {
			fmt.Fprintf(w, "  %-5s cannot be moved: %s\n", m.Account.ID, why(cs, mp.Err))
			continue
		}
		fmt.Fprintf(w, "  %-5s provisioning: %s\n", m.Account.ID, changes(target.Catalog, m.Changes))
		fmt.Fprintf(w, "        billing: %s → %s (%s)\n", mp.BeforeTotal, mp.AfterTotal, signed(mp.Difference()))
	}
	fmt.Fprintln(w, "  (ben was sold under 2026-07 and is not on the report)")

	anna, err = v.Move(anna, "2026-07", moveAt)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nSeptember 2026: anna moved on %s\n", date(moveAt))
	// 11.99, 100 SMS: the move is not a new purchase, so no one-time charge.
	if err := printQuote(w, books, v, anna, month(time.September)); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nNovember 2026: price version 2026-11 governs existing customers from 16 Nov")
	// Carl, 30 days: Basic Call 9.99 split 15:15 days = 5.00 + 4.99, the first half 5.00;
	// 11.99 split 15:15 = 6.00 + 5.99, the second half 5.99 (the halves of a month add up
	// to its charge, the spare cent to the earlier one); Carnival 200 is priced by no
	// later version, so it stays at 5.00; total 15.99.
	return printQuote(w, books, v, carl, month(time.November))
}

func printVersions(w io.Writer, cs *catalog.Versions, books *pricing.BookVersions) {
	fmt.Fprintln(w, "Telco versions")
	for i := range cs.Len() {
		ver, _ := cs.Version(i)
		fmt.Fprintf(w, "  catalog %s  %s\n", ver.ID, inForce(ver.From, ver.Existing))
	}
	for i := range books.Len() {
		ver, _ := books.Version(i)
		fmt.Fprintf(w, "  prices  %s  %s\n", ver.ID, inForce(ver.From, ver.Existing))
	}
}

func inForce(from, existing time.Time) string {
	s := "since always"
	if !from.IsZero() {
		s = "for sales from " + date(from)
	}
	if !existing.IsZero() {
		s += ", for existing customers from " + date(existing)
	}
	return s
}

func printQuote(w io.Writer, books *pricing.BookVersions, v *entitlement.Versioned, a entitlement.Account, p pricing.Period) error {
	q, err := pricing.NewVersionedQuote(books, v, a, p, nil)
	if err != nil {
		return err
	}
	cfg, err := v.Resolve(a, p.End.Add(-time.Nanosecond))
	if err != nil {
		return err
	}
	sms, _ := cfg.Value("sms_included")
	fmt.Fprintf(w, "  %s (%s SMS a month included)\n", a.ID, sms)
	for _, l := range q.Lines {
		if l.Kind == pricing.ChargeUsage {
			continue // no usage in this story
		}
		fmt.Fprintf(w, "    %9s  %s\n", l.Amount, l.Description)
	}
	fmt.Fprintf(w, "    %9s  total\n", q.Total(pricing.EUR))
	return nil
}

// changes lists what provisioning must do, by the names of cat.
func changes(cat *catalog.Catalog, cs []entitlement.Change) string {
	if len(cs) == 0 {
		return "no change"
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Format(entitlement.WithNames(cat)))
	}
	return strings.Join(out, "; ")
}

// why says why an account cannot be moved: the products the target version
// no longer sells, by the names of the version that last defined them.
func why(cs *catalog.Versions, err error) string {
	var nfs *entitlement.NotForSaleError
	if !errors.As(err, &nfs) || nfs.Version == "" {
		return err.Error()
	}
	var names []string
	for _, id := range nfs.Products {
		names = append(names, productName(cs, id))
	}
	return fmt.Sprintf("%s is not sold under catalog version %s", strings.Join(names, ", "), nfs.Version)
}

// productName returns the product's name in the latest catalog version
// that defines it, or its ID.
func productName(cs *catalog.Versions, id string) string {
	for i := cs.Len() - 1; i >= 0; i-- {
		v, _ := cs.Version(i)
		if n, ok := v.Catalog.ProductName(id); ok && n != "" {
			return n
		}
	}
	return id
}

func signed(m pricing.Money) string {
	if m.Sign() < 0 {
		return m.String()
	}
	return "+" + m.String()
}
