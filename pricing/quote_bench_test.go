package pricing_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// benchQuote is a busy month on Basic Call: add-ons prorated, bought
// twice, ended and bought again, their setup fees, and four meters on
// graduated tiers with minimum commitments (one true-up): 20 lines.
func benchQuote(tb testing.TB) (*pricing.Book, *entitlement.Resolver, entitlement.Account, []pricing.UsageRecord) {
	r := telco(tb)
	book := telcoQuoteDef()
	tiers := func(id, meter, allowance string) pricing.Charge {
		return pricing.Charge{ID: id, Product: "basic_call", Kind: pricing.ChargeUsage, Meter: meter, Allowance: allowance,
			Price: pricing.Price{Model: pricing.ModelGraduated, Currency: pricing.EUR, Minimum: upTo("3.00"), Tiers: []pricing.Tier{
				{UpTo: upTo("100"), Unit: d("0.10")}, {UpTo: upTo("500"), Unit: d("0.05")},
				{UpTo: upTo("1000"), Unit: d("0.025"), Flat: d("1.00")}, {Unit: d("0.0125")}}}}
	}
	book.Charges = append(book.Charges[:2:2],
		tiers("sms_tiers", "SMS", "sms_included"), tiers("brazil_tiers", "minutes_brazil", "minutes_brazil"),
		tiers("us_tiers", "minutes_us_ca", "minutes_us_ca"), tiers("data_tiers", "data_mb", ""))
	book.Charges = append(book.Charges, telcoQuoteDef().Charges[4:]...)
	for _, id := range []string{"smart_call", "conferencing_plus", "carnival_200", "mailbox_plus"} {
		book.Charges = append(book.Charges, oneTime(id, "2.50", pricing.EUR))
	}
	acct := entitlement.Account{ID: "bench", Main: "basic_call", Facts: map[string]decimal.Decimal{"arpu": d("75")},
		AddOns: []entitlement.Assignment{
			{AddOn: "easy_sms", Quantity: 2, From: day(3)},
			{AddOn: "easy_sms", From: day(20)},
			{AddOn: "carnival_200", From: day(7)},
			{AddOn: "smart_call"},
			{AddOn: "conferencing_plus", From: day(12), Until: day(18)},
			{AddOn: "conferencing_plus", From: day(22)},
			{AddOn: "mailbox_plus", From: day(15), Until: day(25)},
			{AddOn: "unconditional_forwarding"},
		}}
	var usage []pricing.UsageRecord
	meters := []struct {
		meter string
		each  int64
	}{{"SMS", 97}, {"minutes_brazil", 1}, {"minutes_us_ca", 13}, {"data_mb", 31}}
	for i := range 32 {
		m := meters[i%4]
		usage = append(usage, pricing.UsageRecord{ID: fmt.Sprint("r", i), Meter: m.meter, Quantity: decimal.NewFromInt(m.each * int64(i)), At: day(1 + i%30)})
	}
	return pricing.MustNewBook(book), r, acct, usage
}

func TestBenchQuoteHas20Lines(t *testing.T) {
	book, r, acct, usage := benchQuote(t)
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Lines) != 20 {
		for _, l := range q.Lines {
			t.Log(l.Amount, l.Description)
		}
		t.Fatalf("%d lines, want 20", len(q.Lines))
	}
}

// BenchmarkQuote_20Lines quotes a month of 20 lines: prorated add-ons,
// one-time fees, usage on graduated tiers and a true-up.
func BenchmarkQuote_20Lines(b *testing.B) {
	book, r, acct, usage := benchQuote(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pricing.NewQuote(book, r, acct, nov, usage); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuote_20LinesDiscounted is BenchmarkQuote_20Lines with volume
// discount plans on Basic Call and Carnival 200 that reduce the SMS and
// US minutes lines: 22 lines.
func BenchmarkQuote_20LinesDiscounted(b *testing.B) {
	book, r, acct, usage := benchQuote(b)
	def := book.Definition()
	entry := func(charge, min, pct string) pricing.DiscountEntry {
		return pricing.DiscountEntry{Charge: charge, MinVolume: d(min), Percent: d(pct)}
	}
	def.Discounts = []pricing.DiscountPlan{
		{ID: "basic_volume", Product: "basic_call", Entries: []pricing.DiscountEntry{entry("sms_tiers", "1000", "5"), entry("sms_tiers", "5000", "10")}},
		{ID: "carnival_volume", Product: "carnival_200", Entries: []pricing.DiscountEntry{entry("us_tiers", "1000", "10"), entry("sms_tiers", "10000", "12")}},
	}
	book = pricing.MustNewBook(def)
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	if err != nil {
		b.Fatal(err)
	}
	if len(q.Lines) != 22 {
		b.Fatalf("%d lines, want 22", len(q.Lines))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pricing.NewQuote(book, r, acct, nov, usage); err != nil {
			b.Fatal(err)
		}
	}
}

// benchRecords returns n usage records of benchQuote's four meters, spread
// over November in time order, as a usage feed delivers them.
func benchRecords(n int) []pricing.UsageRecord {
	meters := []string{"SMS", "minutes_brazil", "minutes_us_ca", "data_mb"}
	out := make([]pricing.UsageRecord, n)
	span := nov.End.Sub(nov.Start)
	for i := range out {
		out[i] = pricing.UsageRecord{ID: fmt.Sprint("r", i), Meter: meters[i%4], Quantity: decimal.NewFromInt(int64(1 + i%7)),
			At: nov.Start.Add(span / time.Duration(n) * time.Duration(i))}
	}
	return out
}

// BenchmarkQuote_100Records and BenchmarkQuote_10000Records quote
// benchQuote's month with 100 and 10,000 usage records: rating grows with
// the records, each rated at its instant.
func BenchmarkQuote_100Records(b *testing.B)   { benchmarkRecords(b, 100) }
func BenchmarkQuote_10000Records(b *testing.B) { benchmarkRecords(b, 10000) }

func benchmarkRecords(b *testing.B, n int) {
	book, r, acct, _ := benchQuote(b)
	usage := benchRecords(n)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pricing.NewQuote(book, r, acct, nov, usage); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuote_1000Lines is BenchmarkQuote_20Lines's month with Easy SMS
// bought and ended again 490 more times, an hour each: 1,000 lines, for the
// growth from 20 lines (linear, so about 50×).
func BenchmarkQuote_1000Lines(b *testing.B) {
	book, r, acct, usage := benchQuote(b)
	for i := range 490 {
		from := nov.Start.Add(time.Duration(i)*time.Hour + 30*time.Minute)
		acct.AddOns = append(acct.AddOns, entitlement.Assignment{AddOn: "conferencing_plus", From: from, Until: from.Add(time.Hour / 2)})
	}
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	if err != nil {
		b.Fatal(err)
	}
	if len(q.Lines) != 1000 {
		b.Fatalf("%d lines, want 1000", len(q.Lines))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pricing.NewQuote(book, r, acct, nov, usage); err != nil {
			b.Fatal(err)
		}
	}
}
