package pricing_test

import (
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// A v1 account offered more SMS on 11 Nov: what is sold then is priced by
// v2, and what the account holds keeps its v1 price (the credit for Basic
// Call is at 10.00).
func TestRankVersionedUpgradesPricesSalesByTheVersionInForce(t *testing.T) {
	books, v := telcoVersions(t, time.Time{}, time.Time{}, nil)
	acct := entitlement.Account{ID: "a", Main: "basic_call"}
	cands, err := v.UpgradeCandidates(acct, day(11), "sms_included", decimal.NewFromInt(200))
	if err != nil {
		t.Fatal(err)
	}
	offers, err := pricing.RankVersionedUpgrades(books, acct, cands, nov, day(11))
	if err != nil {
		t.Fatal(err)
	}
	type offer struct {
		Product string
		Total   string
		Lines   []string
	}
	var got []offer
	for _, o := range offers {
		of := offer{Product: o.Candidate.Product, Total: o.Total.Amount().StringFixed(2)}
		for _, l := range o.Lines {
			of.Lines = append(of.Lines, l.Charge+" "+l.Amount.Amount().StringFixed(2))
		}
		got = append(got, of)
	}
	// Over the 20 days from 11 Nov: Easy SMS 3.00 × 20/30 and its setup
	// fee; SMS 500 4.00 × 20/30 = 2.67 and 2.00; Basic Call 5G 20.00 ×
	// 20/30 = 13.33 and 5.00, less 10.00 × 20/30 = 6.67 for Basic Call.
	want := []offer{
		{"easy_sms", "3.00", []string{"easy_sms_monthly 2.00", "easy_sms_setup 1.00"}},
		{"sms_500", "4.67", []string{"sms_500_monthly 2.67", "sms_500_setup 2.00"}},
		{"basic_call_5g", "11.66", []string{"basic_call_monthly -6.67", "basic_call_5g_monthly 13.33", "basic_call_5g_setup 5.00"}},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Fatalf("offers (-want +got):\n%s", diff)
	}
}

// With v2 pricing existing holdings from 21 Nov, the credit for Basic Call
// is at v1's price until then and v2's after.
func TestRankVersionedUpgradesCreditsEachVersionsPrice(t *testing.T) {
	books, v := telcoVersions(t, dayStart(20), time.Time{}, nil)
	acct := entitlement.Account{ID: "a", Main: "basic_call"}
	cands, err := v.UpgradeCandidates(acct, day(11), "sms_included", decimal.NewFromInt(200))
	if err != nil {
		t.Fatal(err)
	}
	offers, err := pricing.RankVersionedUpgrades(books, acct, cands, nov, day(11))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range offers {
		if o.Candidate.Product != "basic_call_5g" {
			continue
		}
		var got []string
		for _, l := range o.Lines {
			got = append(got, l.Charge+" "+l.Amount.Amount().StringFixed(2))
		}
		// 10.00 × 10/30 (11–20 Nov) and 12.00 × 10/30 (21–30 Nov).
		want := []string{"basic_call_monthly -3.33", "basic_call_monthly -4.00", "basic_call_5g_monthly 13.33", "basic_call_5g_setup 5.00"}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("lines (-want +got):\n%s", diff)
		}
		return
	}
	t.Fatal("no basic_call_5g offer")
}
