package pricing_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// benchVersions returns benchQuote's month across 12 monthly versions of
// its book and of the telco catalog, from December 2025 (since always) to
// November 2026: each version raises every recurring price by 1 %, the
// seventh includes 60 SMS in Basic Call instead of 50, and the eleventh
// (October) prices and governs existing holdings from 15 November. The
// account holds Basic Call and the add-ons it had since always under the
// first version (one add-on sold in March), those bought in November under
// the last: Basic Call and the old add-ons change price mid-month.
func benchVersions(tb testing.TB) (*pricing.BookVersions, *entitlement.Versioned, entitlement.Account, []pricing.UsageRecord) {
	book, _, acct, usage := benchQuote(tb)
	var bvs []pricing.BookVersion
	var cvs []catalog.Version
	for i := range 12 {
		def := book.Definition()
		for j := range def.Charges {
			if ch := &def.Charges[j]; ch.Kind == pricing.ChargeRecurring {
				ch.Price.Amount = ch.Price.Amount.Mul(decimal.New(int64(100+i), -2)).Round(2)
			}
		}
		cdef := mustDefinition(catalogs.Telco)
		if i >= 6 {
			for k := range cdef.Products {
				if p := &cdef.Products[k]; p.ID == "basic_call" {
					p.Features[1].Values[0].Value = catalog.Int(60)
				}
			}
		}
		var from, existing time.Time
		if i > 0 {
			from = nov.Start.AddDate(0, i-11, 0)
		}
		if i == 10 {
			existing = dayStart(14)
		}
		id := fmt.Sprint("v", i+1)
		bvs = append(bvs, pricing.BookVersion{ID: id, From: from, Existing: existing, Book: pricing.MustNewBook(def)})
		cvs = append(cvs, catalog.Version{ID: id, From: from, Existing: existing, Catalog: catalog.MustNew(cdef)})
	}
	acct.AddOns[0].Terms = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	return pricing.MustNewBookVersions(bvs...), entitlement.NewVersioned(catalog.MustNewVersions(cvs...)), acct, usage
}

func TestBenchVersionsSplitsAtExisting(t *testing.T) {
	books, v, acct, usage := benchVersions(t)
	q, err := pricing.NewVersionedQuote(books, v, acct, nov, usage)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range q.Lines {
		if l.Charge == "basic_call_monthly" {
			n++
		}
	}
	for _, l := range q.Lines {
		t.Log(l.Amount, l.Description)
	}
	if n != 2 {
		for _, l := range q.Lines {
			t.Log(l.Amount, l.Description)
		}
		t.Fatalf("%d Basic Call lines, want 2 (one per version)", n)
	}
}

// BenchmarkQuoteVersions_1Version quotes benchQuote's month through
// NewVersionedQuote with one version of the book and of the catalog: the
// cost of the versioned path itself, against BenchmarkQuote_20Lines.
func BenchmarkQuoteVersions_1Version(b *testing.B) {
	book, r, acct, usage := benchQuote(b)
	books := pricing.MustNewBookVersions(pricing.BookVersion{ID: "only", Book: book})
	v := entitlement.NewVersioned(catalog.MustNewVersions(catalog.Version{ID: "only", Catalog: r.Catalog()}))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pricing.NewVersionedQuote(books, v, acct, nov, usage); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuoteVersions_12Versions quotes benchVersions' month: 12
// versions, holdings under three of them, prices changing mid-month.
func BenchmarkQuoteVersions_12Versions(b *testing.B) {
	books, v, acct, usage := benchVersions(b)
	if _, err := pricing.NewVersionedQuote(books, v, acct, nov, usage); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pricing.NewVersionedQuote(books, v, acct, nov, usage); err != nil {
			b.Fatal(err)
		}
	}
}
