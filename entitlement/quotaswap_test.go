package entitlement_test

import (
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// candidateRow is a candidate as the tables below write it.
type candidateRow struct {
	Kind     entitlement.CandidateKind
	Product  string
	Quota    string
	Main     string
	Replaces []string
	Dropped  []string
}

func candidateRows(cands []entitlement.Candidate) []candidateRow {
	var out []candidateRow
	for _, c := range cands {
		out = append(out, candidateRow{c.Kind, c.Product, c.Quota.String(), c.Main, c.Replaces, c.Dropped})
	}
	return out
}

// tierDefinition is a catalog of storage tiers for one main product:
// Storage 10, 50 and 200 exclude each other; Storage Cap (priority 20)
// holds storage_cap at 5 over Storage Boost's 100 (priority 10, override);
// Backup requires Storage 50.
func tierDefinition() catalog.Definition {
	storage := func(attr, gb string) []catalog.FeatureSetting {
		return []catalog.FeatureSetting{{Feature: "mailbox", Values: []catalog.AttributeValue{{Attribute: attr, Value: catalog.Qty(dec(gb))}}}}
	}
	tier := func(id, gb string, excludes ...string) catalog.Product {
		return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: 5, AllowedMain: []string{"mail", "mail_pro"},
			Excludes: excludes, Features: storage("storage_gb", gb)}
	}
	return catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "email"}},
		Features: []catalog.Feature{{ID: "mailbox", ServiceType: "email", DefaultEnabled: true, Attributes: []catalog.Attribute{
			{ID: "storage_gb", Type: catalog.TypeQuantity, Unit: "GB", Default: catalog.Qty(dec("1")), Combine: catalog.CombineMax},
			{ID: "storage_cap", Type: catalog.TypeQuantity, Unit: "GB", Default: catalog.Qty(dec("1"))},
		}}},
		Products: []catalog.Product{
			{ID: "mail", Kind: catalog.KindMain},
			{ID: "mail_pro", Kind: catalog.KindMain, Features: storage("storage_gb", "20")},
			tier("storage_10", "10", "storage_50", "storage_200"),
			tier("storage_50", "50", "storage_200"),
			tier("storage_200", "200"),
			{ID: "backup", Kind: catalog.KindAddOn, Priority: 5, AllowedMain: []string{"mail"}, Requires: []string{"storage_50"}},
			{ID: "storage_cap", Kind: catalog.KindAddOn, Priority: 20, AllowedMain: []string{"mail"}, Features: storage("storage_cap", "5")},
			{ID: "storage_boost", Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"mail"}, Features: storage("storage_cap", "100")},
		},
	}
}

func TestUpgradeCandidatesSwapAddOns(t *testing.T) {
	r := entitlement.NewResolver(catalog.MustNew(tierDefinition()))
	held := func(main string, ids ...string) entitlement.Account {
		a := entitlement.Account{ID: "a", Main: main}
		for _, id := range ids {
			a.AddOns = append(a.AddOns, entitlement.Assignment{AddOn: id})
		}
		return a
	}
	const swap, add, main = entitlement.SwapAddOn, entitlement.AddAddOn, entitlement.SwitchMain
	tests := []struct {
		name string
		a    entitlement.Account
		attr string
		need string
		want []candidateRow
	}{
		{"tiers exclude each other: the next tiers replace the one held", held("mail", "storage_10"), "storage_gb", "40", []candidateRow{
			{swap, "storage_50", "50", "mail", []string{"storage_10"}, nil},
			{swap, "storage_200", "200", "mail", []string{"storage_10"}, nil},
		}},
		{"a tier held that another requires cannot be swapped", held("mail", "storage_50", "backup"), "storage_gb", "100", nil},
		{"with nothing held, tiers are added", held("mail"), "storage_gb", "40", []candidateRow{
			{add, "storage_50", "50", "mail", nil, nil},
			{add, "storage_200", "200", "mail", nil, nil},
		}},
		{"an override held at a higher priority: replaced, not added beside", held("mail", "storage_cap"), "storage_cap", "50", []candidateRow{
			{swap, "storage_boost", "100", "mail", []string{"storage_cap"}, nil},
		}},
		{"a main-product change keeps what the new one allows, and says what it drops", held("mail", "storage_10", "storage_cap"), "storage_gb", "15", []candidateRow{
			{main, "mail_pro", "20", "mail_pro", nil, []string{"storage_cap"}},
			{swap, "storage_50", "50", "mail", []string{"storage_10"}, nil},
			{swap, "storage_200", "200", "mail", []string{"storage_10"}, nil},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands, err := r.UpgradeCandidates(tt.a, t0, tt.attr, dec(tt.need))
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tt.want, candidateRows(cands)); diff != "" {
				t.Fatalf("candidates (-want +got):\n%s", diff)
			}
			for _, c := range cands {
				cfg, err := r.Resolve(c.Account, t0)
				if err != nil {
					t.Fatalf("%s: the candidate's account does not resolve: %v", c.Product, err)
				}
				v, _ := cfg.Value(tt.attr)
				if q, _ := v.AsDecimal(); !q.Equal(c.Quota) || q.LessThan(dec(tt.need)) {
					t.Errorf("%s: resolves to %v, candidate says %v, need %s", c.Product, v, c.Quota, tt.need)
				}
				for _, id := range c.Removed() {
					if heldAtT0(c.Account, id) {
						t.Errorf("%s: %s is removed but still held", c.Product, id)
					}
				}
			}
		})
	}
}

func heldAtT0(a entitlement.Account, id string) bool {
	for _, asg := range a.AddOns {
		if asg.AddOn == id && asg.ActiveAt(t0) {
			return true
		}
	}
	return false
}

// A subscriber near the quota of the tier held gets the swap offered by
// CheckQuota, the tier held ended at the instant and the one bought from
// it.
func TestCheckQuotaOffersSwaps(t *testing.T) {
	r := shopResolver(t)
	john := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "mailbox_plus"}},
		Facts: map[string]decimal.Decimal{"arpu": dec("60")}} // Mailbox Plus: 10 GB
	qc, err := r.CheckQuota(john, t0, "storage_gb", dec("9.2"), dec("90"))
	if err != nil {
		t.Fatal(err)
	}
	want := []candidateRow{{entitlement.SwapAddOn, "mailbox_max", "50", "basic_call", []string{"mailbox_plus"}, nil}}
	if diff := gocmp.Diff(want, candidateRows(qc.Candidates)); diff != "" {
		t.Fatalf("candidates (-want +got):\n%s", diff)
	}
	got := qc.Candidates[0].Account.AddOns
	wantAddOns := []entitlement.Assignment{{AddOn: "mailbox_plus", Until: t0}, {AddOn: "mailbox_max", Quantity: 1, From: t0}}
	if diff := gocmp.Diff(wantAddOns, got, errOpts); diff != "" {
		t.Errorf("account after the swap (-want +got):\n%s", diff)
	}
	// Not eligible for Mailbox Max: no swap either.
	john.Facts["arpu"] = dec("45") // Mailbox Plus: 5 GB
	qc, err = r.CheckQuota(john, t0, "storage_gb", dec("4.9"), dec("90"))
	if err != nil || len(qc.Candidates) != 0 {
		t.Errorf("candidates %v, %v; want none", candidateRows(qc.Candidates), err)
	}
}

func TestCandidateRemoved(t *testing.T) {
	for _, tt := range []struct {
		c    entitlement.Candidate
		want []string
	}{
		{entitlement.Candidate{Kind: entitlement.AddAddOn}, []string{}},
		{entitlement.Candidate{Kind: entitlement.SwapAddOn, Replaces: []string{"b"}}, []string{"b"}},
		{entitlement.Candidate{Kind: entitlement.SwitchMain, Dropped: []string{"c", "a"}}, []string{"a", "c"}},
	} {
		got := tt.c.Removed()
		if len(got) != len(tt.want) || (len(got) > 0 && gocmp.Diff(tt.want, got) != "") {
			t.Errorf("%v Removed() = %v, want %v", tt.c.Kind, got, tt.want)
		}
	}
}
