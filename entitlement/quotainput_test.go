package entitlement_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

func decs(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = dec(s)
	}
	return out
}

// checkInputErr fails unless err is a *QuotaInputError naming input with
// value want (or, when input is "", err is nil).
func checkInputErr(t *testing.T, err error, input, want string) {
	t.Helper()
	if input == "" {
		if err != nil {
			t.Fatalf("err = %v, want none", err)
		}
		return
	}
	var qe *entitlement.QuotaInputError
	if !errors.As(err, &qe) || !errors.Is(err, entitlement.ErrInvalidQuota) {
		t.Fatalf("err = %v, want a *QuotaInputError matching ErrInvalidQuota", err)
	}
	if qe.Input != input || !qe.Value.Equal(dec(want)) {
		t.Errorf("refused %s = %s, want %s = %s", qe.Input, qe.Value, input, want)
	}
}

// TestQuotaInputRules: usage is not negative, thresholds are not negative
// and rise strictly; Quota and CheckQuota refuse anything else with a
// *QuotaInputError naming the input, CheckQuota before it resolves the
// account.
func TestQuotaInputRules(t *testing.T) {
	a := account("basic_call", "mailbox_plus")
	a.Facts = map[string]decimal.Decimal{"arpu": dec("75")} // storage_gb: 10
	cfg := mustResolve(t, a)
	unknown := account("gold_plan") // CheckQuota must refuse the input before resolving this
	tests := []struct {
		name       string
		usage      string
		thresholds []decimal.Decimal
		wantInput  string // "" for no error
		wantValue  string
	}{
		{"negative usage: refused", "-0.01", decs("90", "100"), "usage", "-0.01"},
		{"negative threshold: refused", "5", decs("-10", "90"), "thresholds[0]", "-10"},
		{"negative threshold after valid ones: refused", "5", decs("50", "90", "-1"), "thresholds[2]", "-1"},
		{"thresholds out of order: the first not above the one before is named", "5", decs("100", "90"), "thresholds[1]", "90"},
		{"a repeated threshold: refused like one out of order", "5", decs("90", "90"), "thresholds[1]", "90"},
		{"equal thresholds written differently: refused", "5", decs("90", "90.0"), "thresholds[1]", "90"},
		{"negative usage and thresholds out of order: usage first", "-1", decs("100", "90"), "usage", "-1"},
		{"zero usage, threshold 0: accepted", "0", decs("0", "90"), "", ""},
		{"thresholds above 100 %: accepted", "5", decs("90", "100", "150"), "", ""},
		{"no thresholds: accepted", "5", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run("Quota: "+tt.name, func(t *testing.T) {
			_, err := cfg.Quota("storage_gb", dec(tt.usage), tt.thresholds...)
			checkInputErr(t, err, tt.wantInput, tt.wantValue)
		})
		t.Run("CheckQuota: "+tt.name, func(t *testing.T) {
			_, err := fixtureResolver.CheckQuota(a, t0, "storage_gb", dec(tt.usage), tt.thresholds...)
			checkInputErr(t, err, tt.wantInput, tt.wantValue)
			if tt.wantInput != "" {
				_, err := fixtureResolver.CheckQuota(unknown, t0, "storage_gb", dec(tt.usage), tt.thresholds...)
				checkInputErr(t, err, tt.wantInput, tt.wantValue)
			}
		})
	}
}

// TestUpgradeCandidatesNeed: a negative need is refused; a need of 0 is
// met by every candidate that gives the attribute a value.
func TestUpgradeCandidatesNeed(t *testing.T) {
	a := account("basic_call")
	a.Facts = map[string]decimal.Decimal{"arpu": dec("75")}
	t.Run("negative need: refused", func(t *testing.T) {
		cands, err := fixtureResolver.UpgradeCandidates(a, t0, "storage_gb", dec("-1"))
		checkInputErr(t, err, "need", "-1")
		if cands != nil {
			t.Errorf("candidates = %v, want none", cands)
		}
	})
	t.Run("need 0: every candidate with a value (here, the same as need 1)", func(t *testing.T) {
		ids := func(need string) []string {
			cands, err := fixtureResolver.UpgradeCandidates(a, t0, "storage_gb", dec(need))
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, c := range cands {
				out = append(out, c.Product+"="+c.Quota.String())
			}
			return out
		}
		zero, one := ids("0"), ids("1")
		if len(zero) == 0 {
			t.Fatal("no candidates")
		}
		if diff := cmp.Diff(one, zero); diff != "" {
			t.Errorf("need 0 (-need 1 +need 0):\n%s", diff)
		}
	})
}

// A quota that resolved to a negative value is no quota: Quota refuses it
// with a *QuotaError rather than report every threshold crossed.
func TestNegativeQuotaIsNotAQuota(t *testing.T) {
	a := account("basic_call")
	a.Values = []catalog.AttributeValue{val("sms_included", catalog.Int(-5))}
	cfg := mustResolve(t, a)
	_, err := cfg.Quota("sms_included", dec("0"), dec("90"))
	var qe *entitlement.QuotaError
	if !errors.As(err, &qe) || qe.Attribute != "sms_included" || !errors.Is(err, entitlement.ErrNotQuota) {
		t.Errorf("err = %v, want a *QuotaError for sms_included", err)
	}
	a.Values = []catalog.AttributeValue{val("sms_included", catalog.Int(0))}
	if rep, err := mustResolve(t, a).Quota("sms_included", dec("0"), dec("90")); err != nil || len(rep.Crossed) != 1 {
		t.Errorf("a zero quota: %+v, %v; want threshold 90 crossed at usage 0... of a zero quota", rep, err)
	}
}

// CheckQuota keeps a candidate whose quota lies just above
// usage × 100 / lowest threshold, even when that quotient, rounded to 12
// places, would lie above the candidate's quota.
func TestCheckQuotaKeepsACandidateJustAboveTheBound(t *testing.T) {
	d := catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "svc"}},
		Features: []catalog.Feature{{ID: "store", ServiceType: "svc", DefaultEnabled: true, Attributes: []catalog.Attribute{
			{ID: "cap", Type: catalog.TypeDecimal, Combine: catalog.CombineMax}}}},
		Products: []catalog.Product{
			{ID: "plan", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{set("store", catalog.Undefined, val("cap", catalog.Dec(dec("1"))))}},
			// 600 / 90 = 6.666…, which rounds to 6.666666666667 at 12 places:
			// above this quota, which still leaves usage 6 below 90 %.
			{ID: "just_enough", Kind: catalog.KindAddOn, AllowedMain: []string{"plan"},
				Features: []catalog.FeatureSetting{set("store", catalog.Undefined, val("cap", catalog.Dec(dec("6.6666666666668"))))}},
			{ID: "too_little", Kind: catalog.KindAddOn, AllowedMain: []string{"plan"},
				Features: []catalog.FeatureSetting{set("store", catalog.Undefined, val("cap", catalog.Dec(dec("6.6666666666666"))))}},
		},
	}
	r := entitlement.NewResolver(catalog.MustNew(d))
	qc, err := r.CheckQuota(entitlement.Account{ID: "a", Main: "plan"}, t0, "cap", dec("6"), dec("90"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range qc.Candidates {
		got = append(got, c.Product)
	}
	if diff := cmp.Diff([]string{"just_enough"}, got); diff != "" {
		t.Errorf("candidates (-want +got):\n%s", diff)
	}
}
