package entitlement_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

func TestAssignRules(t *testing.T) {
	tests := []struct {
		name    string
		acct    entitlement.Account
		asg     entitlement.Assignment
		wantErr error
	}{
		{"allowed add-on is assigned", account("basic_call"), entitlement.Assignment{AddOn: "easy_sms"}, nil},
		{"main product not in the allowed list: refused (EasyCall)", account("easy_call"), entitlement.Assignment{AddOn: "smart_call"}, entitlement.ErrNotAllowed},
		{"required add-on missing: refused", account("basic_call"), entitlement.Assignment{AddOn: "roaming_pack"}, entitlement.ErrRequires},
		{"required add-on present: assigned", account("basic_call", "carnival_200"), entitlement.Assignment{AddOn: "roaming_pack"}, nil},
		{"add-on it excludes present: refused", account("basic_call", "carnival_200"), entitlement.Assignment{AddOn: "budget_pack"}, entitlement.ErrExcludes},
		{"add-on that excludes it present: refused", account("basic_call", "budget_pack"), entitlement.Assignment{AddOn: "carnival_200"}, entitlement.ErrExcludes},
		{"quantity beyond the maximum across assignments: refused", account("basic_call", "easy_sms"), entitlement.Assignment{AddOn: "easy_sms", Quantity: 3}, entitlement.ErrQuantity},
		{"negative quantity: refused", account("basic_call"), entitlement.Assignment{AddOn: "easy_sms", Quantity: -1}, entitlement.ErrQuantity},
		{"would conflict at equal priority: refused", account("smart_call_plan", "unconditional_forwarding"), entitlement.Assignment{AddOn: "advanced_forwarding"}, entitlement.ErrConflict},
		{"unknown add-on: refused", account("basic_call"), entitlement.Assignment{AddOn: "gold"}, entitlement.ErrUnknown},
		{"empty period: refused", account("basic_call"), entitlement.Assignment{AddOn: "easy_sms", From: t0, Until: t0}, entitlement.ErrEmptyPeriod},
		{"period already over: refused", account("basic_call"), entitlement.Assignment{AddOn: "easy_sms", Until: t0}, entitlement.ErrEmptyPeriod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.acct.Clone()
			next, cfg, err := fixtureResolver.Assign(tt.acct, tt.asg, t0)
			if diff := cmp.Diff(before, tt.acct); diff != "" {
				t.Fatalf("Assign modified its argument (-before +after):\n%s", diff)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if diff := cmp.Diff(before, next); diff != "" {
					t.Errorf("refused assignment returned a changed account (-want +got):\n%s", diff)
				}
				return
			}
			if len(next.AddOns) != len(before.AddOns)+1 || cfg.At() != t0 {
				t.Errorf("next = %+v, cfg at %v", next, cfg.At())
			}
		})
	}
}

func TestUnassign(t *testing.T) {
	a := account("basic_call", "carnival_200", "roaming_pack")
	if _, _, err := fixtureResolver.Unassign(a, "carnival_200", t0); !errors.Is(err, entitlement.ErrRequires) {
		t.Errorf("unassigning a required add-on: err = %v, want ErrRequires", err)
	}
	if _, _, err := fixtureResolver.Unassign(a, "easy_sms", t0); !errors.Is(err, entitlement.ErrNotAssigned) {
		t.Errorf("unassigning an absent add-on: err = %v, want ErrNotAssigned", err)
	}
	a.AddOns[1].From = t0.AddDate(0, -1, 0)
	next, cfg, err := fixtureResolver.Unassign(a, "roaming_pack", t0)
	if err != nil {
		t.Fatal(err)
	}
	if !next.AddOns[1].Until.Equal(t0) || len(cfg.Layers()) != 2 {
		t.Errorf("roaming_pack should end at t0: %+v, layers %v", next.AddOns, cfg.Layers())
	}
}

func TestChangeMainDropsDisallowedAddOns(t *testing.T) {
	a := account("basic_call", "easy_sms", "carnival_200", "roaming_pack")
	next, ch, err := fixtureResolver.ChangeMain(a, "smart_call_plan", t0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"roaming_pack"}, ch.Dropped); diff != "" {
		t.Errorf("dropped (-want +got):\n%s", diff)
	}
	// roaming_pack ends at the change: the history before it keeps it.
	wantAddOns := []entitlement.Assignment{{AddOn: "easy_sms"}, {AddOn: "carnival_200"}, {AddOn: "roaming_pack", Until: t0}}
	if diff := cmp.Diff(wantAddOns, next.AddOns); diff != "" || next.Main != "smart_call_plan" {
		t.Errorf("next = %+v; add-ons (-want +got):\n%s", next, diff)
	}
	want := []entitlement.Change{
		{Kind: entitlement.SwitchOn, Feature: "call_forwarding"},
		{Kind: entitlement.SetValue, Feature: "call_forwarding", Attribute: "max_forwarded_calls", To: catalog.Int(10)},
		{Kind: entitlement.Unset, Feature: "mailbox", Attribute: "attachment_mb", From: catalog.Dec(dec("25.5"))},
		{Kind: entitlement.Unset, Feature: "minutes_bundle", Attribute: "minutes_us_ca", From: catalog.Qty(dec("100"))},
		{Kind: entitlement.Modify, Feature: "sms_bundle", Attribute: "sms_included", From: catalog.Int(200), To: catalog.Int(150)},
	}
	if diff := cmp.Diff(want, ch.Changes, cmp.Comparer(catalog.Value.Equal)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	// To easy_call every add-on is dropped.
	_, ch, err = fixtureResolver.ChangeMain(a, "easy_call", t0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"carnival_200", "easy_sms", "roaming_pack"}, ch.Dropped); diff != "" {
		t.Errorf("dropped to easy_call (-want +got):\n%s", diff)
	}
	if _, _, err := fixtureResolver.ChangeMain(a, "easy_sms", t0); !errors.Is(err, entitlement.ErrNotMain) {
		t.Errorf("change to an add-on: err = %v", err)
	}
}

func TestDiff(t *testing.T) {
	from := mustResolve(t, account("basic_call", "smart_call"))
	to := mustResolve(t, account("basic_call", "conferencing_plus", "easy_sms", "no_mail"))
	got := entitlement.Diff(from, to)
	want := []entitlement.Change{
		{Kind: entitlement.SwitchOn, Feature: "conferencing"},
		{Kind: entitlement.SetValue, Feature: "conferencing", Attribute: "max_participants", To: catalog.Int(10)},
		{Kind: entitlement.SwitchOff, Feature: "mailbox"},
		{Kind: entitlement.Modify, Feature: "sms_bundle", Attribute: "sms_included", From: catalog.Int(50), To: catalog.Int(200)},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(catalog.Value.Equal)); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
	if d := entitlement.Diff(from, from); len(d) != 0 {
		t.Errorf("Diff(a, a) = %v, want empty", d)
	}
	if !from.Snapshot().Apply(got).Equal(to.Snapshot()) {
		t.Error("applying Diff(a, b) to a does not give b")
	}
}
