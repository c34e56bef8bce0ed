package pricing_test

import (
	"errors"
	"testing"

	"github.com/tariffkit/tariff/pricing"
)

// TestProrateChangeUnknownPolicy: a policy other than Immediate and
// EndOfTerm is refused, never treated as Immediate.
func TestProrateChangeUnknownPolicy(t *testing.T) {
	basic := recurringCharge("basic_call", "10.00", pricing.EUR)
	smart := recurringCharge("smart_call_plan", "25.00", pricing.EUR)
	tests := []struct {
		name    string
		policy  pricing.Policy
		want    int // lines
		wantErr error
	}{
		{"immediate: two lines", pricing.Immediate, 2, nil},
		{"end of term: none", pricing.EndOfTerm, 0, nil},
		{"unknown policy: invalid change", pricing.Policy(7), 0, pricing.ErrInvalidChange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := pricing.ProrateChange(basic, smart, nov, day(11), tt.policy)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if len(lines) != tt.want {
				t.Errorf("%d lines, want %d", len(lines), tt.want)
			}
		})
	}
}

// TestUpgradesNowWithoutRule: UpgradesNow(nil) counts nothing as an
// upgrade: every change waits for the end of the term.
func TestUpgradesNowWithoutRule(t *testing.T) {
	rule := pricing.UpgradesNow(nil)
	var got pricing.Policy
	noPanic(t, "UpgradesNow(nil)", func() {
		got = rule(recurringCharge("basic_call", "10.00", pricing.EUR), recurringCharge("smart_call_plan", "25.00", pricing.EUR))
	})
	if got != pricing.EndOfTerm {
		t.Errorf("policy = %s, want end_of_term", got)
	}
}

// TestNilLineIsNoDiscount: a nil *Line is not a discount line.
func TestNilLineIsNoDiscount(t *testing.T) {
	var l *pricing.Line
	noPanic(t, "IsDiscount", func() {
		if l.IsDiscount() {
			t.Error("nil line: IsDiscount = true")
		}
	})
}
