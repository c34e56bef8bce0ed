package usageoracle_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/internal/usageoracle"
	"github.com/tariffkit/tariff/pricing"
)

var nov = pricing.Period{Start: date(1), End: date(31)}

// date is midnight UTC on the given day of November 2026 (31 is 1 Dec).
func date(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }

// dayOf is date's inverse.
func dayOf(t time.Time) int { return int(t.Sub(date(1))/(24*time.Hour)) + 1 }

func sms(id string, n int64, at time.Time) pricing.UsageRecord {
	return pricing.UsageRecord{ID: id, Meter: "SMS", Quantity: decimal.NewFromInt(n), At: at}
}

// book prices SMS beyond sms_included at 0.05 EUR on Basic Call and 0.04
// EUR on Smart Call; every other product is free.
func book(t *testing.T) *pricing.Book {
	t.Helper()
	usage := func(id, product, rate string) pricing.Charge {
		return pricing.Charge{ID: id, Product: product, Kind: pricing.ChargeUsage, Meter: "SMS", Allowance: "sms_included",
			Price: pricing.Price{Model: pricing.ModelPerUnit, Amount: decimal.RequireFromString(rate)}}
	}
	b, err := pricing.NewBook(pricing.PriceBook{Currency: pricing.EUR,
		Charges: []pricing.Charge{usage("basic_sms", "basic_call", "0.05"), usage("smart_sms", "smart_call_plan", "0.04")},
		Free:    []string{"easy_call", "easy_sms", "smart_call", "carnival_200"}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// row is a line with its figures as strings, so that cmp compares values.
type row struct {
	Charge                       string
	From, Until                  int // days of November, Until 31 for 1 Dec
	Used, Included, Billed, Cost string
	Records                      []string
}

func TestRate(t *testing.T) {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	r := entitlement.NewResolver(c)
	changed, _, err := r.ChangeMain(entitlement.Account{ID: "a", Main: "basic_call"}, "smart_call_plan", date(20))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		acct    entitlement.Account
		usage   []pricing.UsageRecord
		want    []row
		wantErr bool
	}{{
		// Basic Call gives 50 all month; Easy SMS bought on the 28th gives
		// 150 × 3/30 = 15, usable from the 28th only: b takes 10 + 15.
		name: "add-on bought on the 28th: 3/30 of its allowance, from the 28th",
		acct: entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms", From: date(28)}}},
		usage: []pricing.UsageRecord{
			sms("b", 30, date(29).Add(time.Hour)), sms("a", 40, date(10)), sms("late", 999, date(31))},
		want: []row{{"basic_sms", 1, 31, "70", "65", "5", "0.25 EUR", []string{"a", "b"}}},
	}, {
		// Basic Call 50 × 19/30 = 31.67, Smart Call 100 × 11/30 = 36.67:
		// 68.33 rounds to 68; floors 31 + 36, the last unit to the earlier
		// grant on equal remainders: 32 and 36. Each SMS at its own rate.
		name: "main change on the 20th: SMS before and after at their own rates",
		acct: changed,
		usage: []pricing.UsageRecord{
			sms("a", 40, date(5)), sms("b", 50, date(20)), sms("c", 0, date(20).Add(-time.Second))},
		want: []row{
			{"basic_sms", 1, 20, "40", "32", "8", "0.40 EUR", []string{"a", "c"}},
			{"smart_sms", 20, 31, "50", "36", "14", "0.56 EUR", []string{"b"}},
		},
	}, {
		name:    "SMS before the activation: no charge rates it",
		acct:    entitlement.Account{ID: "a", Main: "basic_call", MainFrom: date(10)},
		usage:   []pricing.UsageRecord{sms("a", 1, date(9))},
		wantErr: true,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines, err := usageoracle.Rate(book(t), r, tc.acct, nov, tc.usage)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			var got []row
			for _, l := range lines {
				got = append(got, row{l.Charge, dayOf(l.From), dayOf(l.Until), l.Used.String(), l.Included.String(), l.Billed.String(), l.Amount.String(), l.Records})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}
