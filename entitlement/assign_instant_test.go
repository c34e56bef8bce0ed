package entitlement_test

import (
	"errors"
	"testing"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
)

// TestAssignOneInstantGoverns: asg.From governs Assign — the checks, the
// configuration returned — and at only fills a zero From. One case per way
// the two instants can stand to each other, and per later change inside the
// assignment's span.
func TestAssignOneInstantGoverns(t *testing.T) {
	cat, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	r := entitlement.NewResolver(cat)
	day := func(n int) time.Time { return time.Date(2026, 11, n, 0, 0, 0, 0, time.UTC) }
	// advanced_forwarding held from the 1st until the 10th, and
	// unconditional_forwarding scheduled from the 20th: each conflicts with
	// the other (call waiting, same priority).
	base := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{
		{AddOn: "advanced_forwarding", From: day(1), Until: day(10)},
		{AddOn: "easy_sms", From: day(20)},
	}}
	withLater := base
	withLater.AddOns = append(withLater.AddOns[:2:2], entitlement.Assignment{AddOn: "unconditional_forwarding", From: day(25)})
	tests := []struct {
		name     string
		acct     entitlement.Account
		asg      entitlement.Assignment
		at       time.Time
		wantFrom time.Time // the stored assignment's From
		wantErr  error
	}{
		{"zero From: takes effect at at", base, entitlement.Assignment{AddOn: "unconditional_forwarding"}, day(12), day(12), nil},
		{"zero From inside a conflicting holding: refused at at", base, entitlement.Assignment{AddOn: "unconditional_forwarding"}, day(5), time.Time{}, entitlement.ErrConflict},
		{"scheduled after at: checked at From, not at at", base, entitlement.Assignment{AddOn: "unconditional_forwarding", From: day(12)}, day(5), day(12), nil},
		{"backdated before at: checked from From, not at at", base, entitlement.Assignment{AddOn: "unconditional_forwarding", From: day(5)}, day(12), time.Time{}, entitlement.ErrConflict},
		{"a conflict starting later in the span: refused", withLater, entitlement.Assignment{AddOn: "advanced_forwarding", From: day(12)}, day(12), time.Time{}, entitlement.ErrConflict},
		{"the span ends before that conflict: assigned", withLater, entitlement.Assignment{AddOn: "advanced_forwarding", From: day(12), Until: day(25)}, day(12), day(12), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, cfg, err := r.Assign(tt.acct, tt.asg, tt.at)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if len(next.AddOns) != len(tt.acct.AddOns) {
					t.Errorf("a refused assignment changed the account: %+v", next.AddOns)
				}
				return
			}
			got := next.AddOns[len(next.AddOns)-1]
			if !got.From.Equal(tt.wantFrom) {
				t.Errorf("stored From = %v, want %v", got.From, tt.wantFrom)
			}
			want, err := r.Resolve(next, tt.wantFrom)
			if err != nil {
				t.Fatal(err)
			}
			if !cfg.Snapshot().Equal(want.Snapshot()) {
				t.Errorf("the configuration returned is not the one at From")
			}
		})
	}
}
