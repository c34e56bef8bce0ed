package entitlement_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// withAddOns returns a with the assignments asgs.
func withAddOns(a entitlement.Account, asgs ...entitlement.Assignment) entitlement.Account {
	a.AddOns = asgs
	return a
}

// historyOpts compares accounts: times by Equal, nil and empty alike.
var historyOpts = cmp.Options{cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }), cmpopts.EquateEmpty()}

func TestChangeMainRules(t *testing.T) {
	var zero time.Time
	asg := func(id string, from, until time.Time) entitlement.Assignment {
		return entitlement.Assignment{AddOn: id, From: from, Until: until}
	}
	tests := []struct {
		name        string
		acct        entitlement.Account
		newMain     string
		at          time.Time
		want        entitlement.Account // when no error is wanted
		wantFrom    string
		wantDropped []string
		wantErr     error
	}{
		{name: "change after the activation: old product before it, new one from it",
			acct: history("basic_call", zero), newMain: "smart_call_plan", at: t0,
			want: history("basic_call", zero, "smart_call_plan", t0), wantFrom: "basic_call"},
		{name: "change on an account with an activation instant: the past period keeps it",
			acct: history("basic_call", days(-10)), newMain: "smart_call_plan", at: t0,
			want: history("basic_call", days(-10), "smart_call_plan", t0), wantFrom: "basic_call"},
		{name: "change at exactly the activation: product replaced, no history entry",
			acct: history("basic_call", t0), newMain: "smart_call_plan", at: t0,
			want: history("smart_call_plan", t0), wantFrom: "basic_call"},
		{name: "change at a zero instant on an account since always: product replaced, no history entry",
			acct: history("basic_call", zero), newMain: "smart_call_plan", at: zero,
			want: history("smart_call_plan", zero), wantFrom: "basic_call"},
		{name: "change at exactly the start of the period in force: its product replaced",
			acct: history("basic_call", zero, "smart_call_plan", t0), newMain: "easy_call", at: t0,
			want: history("basic_call", zero, "easy_call", t0), wantFrom: "smart_call_plan"},
		{name: "change at a period's start back to the product before: periods merged",
			acct: history("basic_call", zero, "smart_call_plan", t0), newMain: "basic_call", at: t0,
			want: history("basic_call", zero), wantFrom: "smart_call_plan"},
		{name: "a change then a second change: both recorded",
			acct: history("basic_call", zero, "smart_call_plan", t0), newMain: "easy_call", at: days(10),
			want: history("basic_call", zero, "smart_call_plan", t0, "easy_call", days(10)), wantFrom: "smart_call_plan"},
		{name: "scheduled change after the change: replaced",
			acct: history("basic_call", zero, "easy_call", days(10)), newMain: "smart_call_plan", at: t0,
			want: history("basic_call", zero, "smart_call_plan", t0), wantFrom: "basic_call"},
		{name: "several scheduled changes: all replaced",
			acct: history("basic_call", zero, "easy_call", days(10), "smart_call_plan", days(20)), newMain: "smart_call_plan", at: t0,
			want: history("basic_call", zero, "smart_call_plan", t0), wantFrom: "basic_call"},
		{name: "change to the product in force: only the scheduled change is removed",
			acct: history("basic_call", zero, "easy_call", days(10)), newMain: "basic_call", at: t0,
			want: history("basic_call", zero), wantFrom: "basic_call"},
		{name: "change to the product in force: a no-op",
			acct: withAddOns(history("basic_call", zero), asg("easy_sms", zero, zero)), newMain: "basic_call", at: t0,
			want: withAddOns(history("basic_call", zero), asg("easy_sms", zero, zero)), wantFrom: "basic_call"},
		{name: "change before the activation: inactive",
			acct: history("basic_call", t0), newMain: "smart_call_plan", at: days(-1), wantErr: entitlement.ErrInactive},
		{name: "malformed history: refused",
			acct: history("basic_call", zero, "smart_call_plan", zero), newMain: "easy_call", at: t0, wantErr: entitlement.ErrInvalidHistory},
		{name: "change to an add-on: refused",
			acct: history("basic_call", zero), newMain: "easy_sms", at: t0, wantErr: entitlement.ErrNotMain},
		{name: "change to an unknown product: refused",
			acct: history("basic_call", zero), newMain: "gold", at: t0, wantErr: entitlement.ErrUnknown},

		// Dropped add-ons: roaming_pack is allowed with basic_call only, and
		// requires carnival_200; easy_call allows no add-on.
		{name: "dropped add-on keeps its assignment until the change",
			acct:    withAddOns(history("basic_call", zero), asg("carnival_200", zero, zero), asg("roaming_pack", days(-5), zero)),
			newMain: "smart_call_plan", at: t0,
			want:     withAddOns(history("basic_call", zero, "smart_call_plan", t0), asg("carnival_200", zero, zero), asg("roaming_pack", days(-5), t0)),
			wantFrom: "basic_call", wantDropped: []string{"roaming_pack"}},
		{name: "dropped add-on ending after the change: ends at the change",
			acct:    withAddOns(history("basic_call", zero), asg("carnival_200", zero, zero), asg("roaming_pack", zero, days(5))),
			newMain: "smart_call_plan", at: t0,
			want:     withAddOns(history("basic_call", zero, "smart_call_plan", t0), asg("carnival_200", zero, zero), asg("roaming_pack", zero, t0)),
			wantFrom: "basic_call", wantDropped: []string{"roaming_pack"}},
		{name: "dropped add-on starting at the change: removed",
			acct:    withAddOns(history("basic_call", zero), asg("carnival_200", zero, zero), asg("roaming_pack", t0, zero)),
			newMain: "smart_call_plan", at: t0,
			want:     withAddOns(history("basic_call", zero, "smart_call_plan", t0), asg("carnival_200", zero, zero)),
			wantFrom: "basic_call", wantDropped: []string{"roaming_pack"}},
		{name: "dropped add-on scheduled after the change: removed",
			acct:    withAddOns(history("basic_call", zero), asg("carnival_200", zero, zero), asg("roaming_pack", days(5), zero)),
			newMain: "smart_call_plan", at: t0,
			want:     withAddOns(history("basic_call", zero, "smart_call_plan", t0), asg("carnival_200", zero, zero)),
			wantFrom: "basic_call", wantDropped: []string{"roaming_pack"}},
		{name: "add-on ended before the change: not dropped, kept as it was",
			acct:    withAddOns(history("basic_call", zero), asg("carnival_200", zero, zero), asg("roaming_pack", days(-9), days(-5))),
			newMain: "smart_call_plan", at: t0,
			want:     withAddOns(history("basic_call", zero, "smart_call_plan", t0), asg("carnival_200", zero, zero), asg("roaming_pack", days(-9), days(-5))),
			wantFrom: "basic_call"},
		{name: "every add-on not allowed: all dropped, each ending at the change",
			acct:    withAddOns(history("basic_call", zero), asg("easy_sms", zero, zero), asg("carnival_200", days(-1), zero)),
			newMain: "easy_call", at: t0,
			want:     withAddOns(history("basic_call", zero, "easy_call", t0), asg("easy_sms", zero, t0), asg("carnival_200", days(-1), t0)),
			wantFrom: "basic_call", wantDropped: []string{"carnival_200", "easy_sms"}},
		{name: "scheduled change replaced: add-ons scheduled for it and not allowed now are dropped",
			acct:    withAddOns(history("basic_call", zero, "smart_call_plan", days(10)), asg("group25_b", days(10), zero)),
			newMain: "basic_call", at: t0,
			want:     history("basic_call", zero),
			wantFrom: "basic_call", wantDropped: []string{"group25_b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.acct.Clone()
			next, ch, err := fixtureResolver.ChangeMain(tt.acct, tt.newMain, tt.at)
			if diff := cmp.Diff(before, tt.acct); diff != "" {
				t.Fatalf("ChangeMain modified its argument (-before +after):\n%s", diff)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if diff := cmp.Diff(before, next); diff != "" {
					t.Errorf("refused change returned a changed account (-want +got):\n%s", diff)
				}
				return
			}
			if diff := cmp.Diff(tt.want, next, historyOpts); diff != "" {
				t.Errorf("account (-want +got):\n%s", diff)
			}
			if ch.From != tt.wantFrom || ch.To != tt.newMain {
				t.Errorf("From, To = %q, %q; want %q, %q", ch.From, ch.To, tt.wantFrom, tt.newMain)
			}
			if diff := cmp.Diff(tt.wantDropped, ch.Dropped, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("dropped (-want +got):\n%s", diff)
			}
			if got, _ := next.MainAt(tt.at); got != tt.newMain || mainLayer(ch.Config) != tt.newMain || !ch.Config.At().Equal(tt.at) {
				t.Errorf("MainAt(at) = %q, config's main %q at %v; want %q at %v", got, mainLayer(ch.Config), ch.Config.At(), tt.newMain, tt.at)
			}
			// Before the change, the account resolves as it did.
			if !tt.at.IsZero() {
				checkSameConfig(t, tt.acct, next, tt.at.Add(-time.Nanosecond))
			}
			// The diff is the one between the configurations at the change.
			old, err := fixtureResolver.Resolve(tt.acct, tt.at)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(entitlement.Diff(old, ch.Config), ch.Changes, cmp.Comparer(catalog.Value.Equal), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
		})
	}
}

// checkSameConfig fails unless a and b resolve alike at at: the same
// explanation, or the same error.
func checkSameConfig(t *testing.T, a, b entitlement.Account, at time.Time) {
	t.Helper()
	ca, errA := fixtureResolver.Resolve(a, at)
	cb, errB := fixtureResolver.Resolve(b, at)
	switch {
	case (errA == nil) != (errB == nil):
		t.Errorf("at %v: %v vs %v", at, errA, errB)
	case errA != nil:
		if errA.Error() != errB.Error() {
			t.Errorf("at %v: %v vs %v", at, errA, errB)
		}
	case ca.Explain() != cb.Explain():
		t.Errorf("at %v: configurations differ:\n%s\nvs\n%s", at, ca.Explain(), cb.Explain())
	}
}

// TestChangeMainDropsAddOnsRequiringADroppedOne: dep is allowed with both
// main products but requires base, which m2 does not allow.
func TestChangeMainDropsAddOnsRequiringADroppedOne(t *testing.T) {
	c := catalog.MustNew(catalog.Definition{Products: []catalog.Product{
		{ID: "m1", Kind: catalog.KindMain},
		{ID: "m2", Kind: catalog.KindMain},
		{ID: "base", Kind: catalog.KindAddOn, AllowedMain: []string{"m1"}},
		{ID: "dep", Kind: catalog.KindAddOn, AllowedMain: []string{"m1", "m2"}, Requires: []string{"base"}},
		{ID: "free", Kind: catalog.KindAddOn, AllowedMain: []string{"m1", "m2"}},
	}})
	r := entitlement.NewResolver(c)
	a := entitlement.Account{ID: "a", Main: "m1", AddOns: []entitlement.Assignment{{AddOn: "base"}, {AddOn: "dep", From: days(-3)}, {AddOn: "free"}}}
	next, ch, err := r.ChangeMain(a, "m2", t0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"base", "dep"}, ch.Dropped); diff != "" {
		t.Errorf("dropped (-want +got):\n%s", diff)
	}
	want := []entitlement.Assignment{{AddOn: "base", Until: t0}, {AddOn: "dep", From: days(-3), Until: t0}, {AddOn: "free"}}
	if diff := cmp.Diff(want, next.AddOns, historyOpts); diff != "" {
		t.Errorf("add-ons (-want +got):\n%s", diff)
	}
	// Before the change base and dep are still there.
	cfg, err := r.Resolve(next, t0.Add(-time.Nanosecond))
	if err != nil || len(cfg.Layers()) != 4 {
		t.Errorf("before the change: %v, layers %v", err, cfg.Layers())
	}
}

func TestAssignWithAHistoryChecksTheMainProductInForceAtItsInstant(t *testing.T) {
	// basic_call until t0, smart_call_plan from t0; group25_a is allowed
	// with smart_call_plan only, budget_pack with basic_call only.
	a := history("basic_call", time.Time{}, "smart_call_plan", t0)
	tests := []struct {
		name    string
		asg     entitlement.Assignment
		at      time.Time
		wantErr error
	}{
		{"from before the change, not allowed with the product then: refused", entitlement.Assignment{AddOn: "group25_a", From: days(-5)}, days(-5), entitlement.ErrNotAllowed},
		{"from the change, allowed with the new product: assigned", entitlement.Assignment{AddOn: "group25_a", From: t0}, days(-5), nil},
		{"from after the change, allowed with the new product: assigned", entitlement.Assignment{AddOn: "group25_a"}, days(5), nil},
		{"from before the change until it, allowed with the product then: assigned", entitlement.Assignment{AddOn: "budget_pack", From: days(-5), Until: t0}, days(-5), nil},
		{"from before the change on, not allowed with the product after it: refused", entitlement.Assignment{AddOn: "budget_pack", From: days(-5)}, days(-5), entitlement.ErrNotAllowed},
		{"from the change, not allowed with the new product: refused", entitlement.Assignment{AddOn: "budget_pack", From: t0}, days(-5), entitlement.ErrNotAllowed},
		{"long before the change, on an account active since always: assigned", entitlement.Assignment{AddOn: "easy_sms"}, days(-500), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, cfg, err := fixtureResolver.Assign(a, tt.asg, tt.at)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (len(next.AddOns) != 1 || len(next.PastMains) != 1) {
				t.Errorf("next = %+v, config %v", next, cfg.Layers())
			}
		})
	}
	activated := history("basic_call", t0)
	if _, _, err := fixtureResolver.Assign(activated, entitlement.Assignment{AddOn: "easy_sms"}, days(-1)); !errors.Is(err, entitlement.ErrInactive) {
		t.Errorf("assigning before the activation: err = %v, want ErrInactive", err)
	}
}

func TestUnassignWithAHistory(t *testing.T) {
	a := withAddOns(history("basic_call", time.Time{}, "smart_call_plan", t0), entitlement.Assignment{AddOn: "easy_sms", From: days(-5)})
	next, cfg, err := fixtureResolver.Unassign(a, "easy_sms", days(5))
	if err != nil {
		t.Fatal(err)
	}
	if !next.AddOns[0].Until.Equal(days(5)) || mainLayer(cfg) != "smart_call_plan" || len(next.PastMains) != 1 {
		t.Errorf("next = %+v, main layer %q", next, mainLayer(cfg))
	}
}

func TestUpgradeCandidatesUseTheMainProductInForce(t *testing.T) {
	// sms_included: basic_call 50, smart_call_plan none, easy_sms 150.
	a := history("basic_call", time.Time{}, "smart_call_plan", t0)
	tests := []struct {
		name string
		at   time.Time
		need string
		want []string
	}{
		{"before the change: easy_sms on top of basic_call's 50", days(-1), "100", []string{"easy_sms=200"}},
		{"after the change: easy_sms on top of smart_call_plan's nothing", days(1), "100", []string{"easy_sms=150"}},
		{"after the change: basic_call back, or easy_sms", days(1), "40", []string{"basic_call=50", "easy_sms=150"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands, err := fixtureResolver.UpgradeCandidates(a, tt.at, "sms_included", dec(tt.need))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cands {
				got = append(got, c.Product+"="+c.Quota.String())
				if c.Kind == entitlement.SwitchMain {
					// A main-product change at the instant, under ChangeMain's rules.
					want, _, err := fixtureResolver.ChangeMain(a, c.Product, tt.at)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, c.Account, historyOpts); diff != "" {
						t.Errorf("candidate %s account (-want +got):\n%s", c.Product, diff)
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("candidates (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := fixtureResolver.UpgradeCandidates(history("basic_call", t0), days(-1), "sms_included", dec("40")); !errors.Is(err, entitlement.ErrInactive) {
		t.Errorf("before the activation: err = %v, want ErrInactive", err)
	}
}
