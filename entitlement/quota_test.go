package entitlement_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
)

func TestQuotaThresholds(t *testing.T) {
	a := account("basic_call", "mailbox_plus")
	a.Facts = map[string]decimal.Decimal{"arpu": dec("75")} // storage_gb: 10
	cfg := mustResolve(t, a)
	tests := []struct {
		name        string
		usage       string
		wantCrossed []string
		wantPercent string
	}{
		{"below every threshold: none crossed", "8.99", nil, "89.9"},
		{"at exactly 90 %: crossed", "9", []string{"90"}, "90"},
		{"above 90 %: crossed", "9.2", []string{"90"}, "92"},
		{"at 100 %: both crossed", "10", []string{"90", "100"}, "100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := cfg.Quota("storage_gb", dec(tt.usage), dec("90"), dec("100"))
			if err != nil {
				t.Fatal(err)
			}
			var crossed []string
			for _, c := range rep.Crossed {
				crossed = append(crossed, c.String())
			}
			if diff := cmp.Diff(tt.wantCrossed, crossed); diff != "" {
				t.Errorf("crossed (-want +got):\n%s", diff)
			}
			if !rep.Percent.Valid || !rep.Percent.Decimal.Equal(dec(tt.wantPercent)) || !rep.Quota.Equal(dec("10")) {
				t.Errorf("percent = %v, quota %v", rep.Percent, rep.Quota)
			}
		})
	}
	if _, err := cfg.Quota("voice_application", dec("1")); !errors.Is(err, entitlement.ErrNotQuota) {
		t.Errorf("non-numeric quota: err = %v", err)
	}
	if _, err := cfg.Quota("nope", dec("1")); !errors.Is(err, entitlement.ErrUnknown) {
		t.Errorf("unknown quota: err = %v", err)
	}
}

func TestCheckQuotaOffersUpgradesThatRaiseItEnough(t *testing.T) {
	a := account("basic_call", "mailbox_plus")
	a.Facts = map[string]decimal.Decimal{"arpu": dec("75")}
	qc, err := fixtureResolver.CheckQuota(a, t0, "storage_gb", dec("9.2"), dec("90"), dec("100"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range qc.Candidates {
		got = append(got, c.Product+"="+c.Quota.String())
		if v, _ := c.Config.Value("storage_gb"); !v.Equal(mustQty(c.Quota)) {
			t.Errorf("candidate %s: config quota %v, candidate quota %v", c.Product, v, c.Quota)
		}
	}
	if diff := cmp.Diff([]string{"mailbox_max=50"}, got); diff != "" {
		t.Errorf("candidates (-want +got):\n%s", diff)
	}
	qc, err = fixtureResolver.CheckQuota(a, t0, "storage_gb", dec("5"), dec("90"))
	if err != nil || len(qc.Crossed) != 0 || len(qc.Candidates) != 0 {
		t.Errorf("no threshold crossed: %+v, %v", qc, err)
	}

	// Without mailbox_plus, storage is the 1 GB default and both the band
	// add-on (arpu 75: 10 GB) and mailbox_max qualify, smallest first.
	b := account("basic_call")
	b.Facts = a.Facts
	cands, err := fixtureResolver.UpgradeCandidates(b, t0, "storage_gb", dec("2"))
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, c := range cands {
		got = append(got, c.Product+"="+c.Quota.String())
	}
	if diff := cmp.Diff([]string{"mailbox_plus=10", "mailbox_max=50"}, got); diff != "" {
		t.Errorf("candidates (-want +got):\n%s", diff)
	}
}
