package pricing_test

import (
	"errors"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// Moving the v1 accounts to v2 on 11 Nov, as billing sees it: an account
// under v1 pays v1's prices until the move and v2's after; an account that
// does not resolve is passed through with its error.
func TestPriceMigrationsReportsTotalsAndLinesThatDiffer(t *testing.T) {
	books, v := telcoVersions(t, time.Time{}, time.Time{}, nil)
	accounts := []entitlement.Account{
		{ID: "old", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "carnival_200"}, {AddOn: "easy_sms"}}},
		{ID: "new", Main: "basic_call", MainFrom: time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)}, // under v2 already: left out
		{ID: "broken", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "no_such_add_on"}}},
	}
	ms, err := v.Migrate(accounts, "v1", "v2", day(11))
	if err != nil {
		t.Fatal(err)
	}
	got, err := pricing.PriceMigrations(books, v, ms, nov, map[string][]pricing.UsageRecord{"old": {sms("s1", "130", day(20))}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Migration.Account.ID != "old" || got[1].Migration.Account.ID != "broken" {
		t.Fatalf("got %d reports, want old and broken", len(got))
	}
	old := got[0]
	if old.Err != nil {
		t.Fatal(old.Err)
	}
	// Before: 10.00 + 7.50 + 3.00, and 130 SMS with 200 included (50 + 150).
	// After: 3.33 + 8.00 + 2.50 + 6.00 + 3.00; v2 gives Basic Call 100 SMS
	// from the move: 50 × 10/30 + 100 × 20/30 + 150 = 233 included.
	if !old.BeforeTotal.Equal(money("20.50", pricing.EUR)) || !old.AfterTotal.Equal(money("22.83", pricing.EUR)) ||
		!old.Difference().Equal(money("2.33", pricing.EUR)) {
		t.Fatalf("totals %s → %s (%s), want 20.50 → 22.83 (2.33)", old.BeforeTotal, old.AfterTotal, old.Difference())
	}
	if !old.Changed() {
		t.Fatal("Changed() is false")
	}
	type line struct {
		Charge   string
		Days     int
		Included string
		Amount   string
	}
	lines := func(ls []pricing.Line) []line {
		var out []line
		for _, l := range ls {
			out = append(out, line{l.Charge, l.Days, l.Included.String(), l.Amount.Amount().StringFixed(2)})
		}
		return out
	}
	wantRemoved := []line{
		{"basic_call_monthly", 30, "0", "10.00"}, {"carnival_200_monthly", 30, "0", "7.50"}, {"basic_sms", 30, "130", "0.00"}}
	wantAdded := []line{
		{"basic_call_monthly", 10, "0", "3.33"}, {"basic_call_monthly", 20, "0", "8.00"},
		{"carnival_200_monthly", 10, "0", "2.50"}, {"carnival_200_monthly", 20, "0", "6.00"},
		{"basic_sms", 10, "0", "0.00"}, {"basic_sms", 20, "130", "0.00"}}
	if diff := gocmp.Diff(wantRemoved, lines(old.Removed)); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(wantAdded, lines(old.Added)); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
	broken := got[1]
	var unknown *entitlement.UnknownError
	if !errors.As(broken.Err, &unknown) || !errors.Is(broken.Err, ms[1].Err) || len(broken.Before.Lines) != 0 {
		t.Fatalf("broken: %v, want the migration's *UnknownError passed through", broken.Err)
	}
	if d := broken.Difference(); !d.Amount().Equal(decimal.Zero) {
		t.Fatalf("broken: difference %s, want zero", d)
	}
}

// A move that changes no price shows no line.
func TestPriceMigrationsUnchangedBillHasNoLines(t *testing.T) {
	books, v := telcoVersions(t, time.Time{}, time.Time{}, nil)
	ms, err := v.Migrate([]entitlement.Account{{ID: "a", Main: "smart_call_plan", AddOns: []entitlement.Assignment{{AddOn: "easy_sms"}}}}, "v1", "v2", day(11))
	if err != nil {
		t.Fatal(err)
	}
	got, err := pricing.PriceMigrations(books, v, ms, nov, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Err != nil || got[0].Changed() || !got[0].Difference().IsZero() {
		t.Fatalf("got %+v, want one report without changes", got)
	}
}
