package pricing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/tariffkit/tariff/pricing"
)

// TestBillingPeriodValidate: a billing period is valid with a known unit
// and a count that is not negative; anything else is ErrInvalidPeriod.
func TestBillingPeriodValidate(t *testing.T) {
	tests := []struct {
		name    string
		bp      pricing.BillingPeriod
		wantErr error
	}{
		{"1 month", monthly, nil},
		{"count 0 means 1: valid", pricing.BillingPeriod{Unit: pricing.PeriodDay}, nil},
		{"2 weeks", pricing.BillingPeriod{Unit: pricing.PeriodWeek, Count: 2}, nil},
		{"1 year", pricing.BillingPeriod{Unit: pricing.PeriodYear, Count: 1}, nil},
		{"unknown unit: invalid", pricing.BillingPeriod{Unit: pricing.PeriodUnit(9), Count: 1}, pricing.ErrInvalidPeriod},
		{"no unit: invalid", pricing.BillingPeriod{Count: 3}, pricing.ErrInvalidPeriod},
		{"zero BillingPeriod: invalid", pricing.BillingPeriod{}, pricing.ErrInvalidPeriod},
		{"negative count: invalid", pricing.BillingPeriod{Unit: pricing.PeriodMonth, Count: -1}, pricing.ErrInvalidPeriod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.bp.Validate(); !errors.Is(err, tt.wantErr) {
				t.Errorf("Validate() = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// TestInvalidBillingPeriodIsEmpty: a billing period Validate refuses ends
// where it starts — its Period is empty and refused — except the zero
// BillingPeriod, documented as one month.
func TestInvalidBillingPeriodIsEmpty(t *testing.T) {
	tests := []struct {
		name    string
		bp      pricing.BillingPeriod
		wantEnd time.Time
		wantErr error // of Period(nov.Start).Validate()
	}{
		{"zero BillingPeriod: one month, as documented", pricing.BillingPeriod{}, nov.End, nil},
		{"unknown unit: not a month, an empty period", pricing.BillingPeriod{Unit: pricing.PeriodUnit(9), Count: 1}, nov.Start, pricing.ErrInvalidPeriod},
		{"no unit with a count: empty", pricing.BillingPeriod{Count: 2}, nov.Start, pricing.ErrInvalidPeriod},
		{"negative count: empty", pricing.BillingPeriod{Unit: pricing.PeriodMonth, Count: -2}, nov.Start, pricing.ErrInvalidPeriod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.bp.End(nov.Start); !got.Equal(tt.wantEnd) {
				t.Errorf("End = %s, want %s", got, tt.wantEnd)
			}
			p := tt.bp.Period(nov.Start)
			if !p.Start.Equal(nov.Start) || !p.End.Equal(tt.wantEnd) {
				t.Errorf("Period = %s to %s, want %s to %s", p.Start, p.End, nov.Start, tt.wantEnd)
			}
			if err := p.Validate(); !errors.Is(err, tt.wantErr) {
				t.Errorf("Period(...).Validate() = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// TestProrateChangeBillingPeriod: a change between charges with an invalid
// billing period is refused under either policy, never prorated as if
// monthly; a period other than the quoted one is a mismatch.
func TestProrateChangeBillingPeriod(t *testing.T) {
	basic := recurringCharge("basic_call", "10.00", pricing.EUR)
	with := func(bp pricing.BillingPeriod) pricing.Charge {
		c := recurringCharge("smart_call_plan", "25.00", pricing.EUR)
		c.Period = bp
		return c
	}
	tests := []struct {
		name     string
		old, new pricing.Charge
		policy   pricing.Policy
		wantErr  error
	}{
		{"unknown unit, immediate: invalid period", basic, with(pricing.BillingPeriod{Unit: pricing.PeriodUnit(9), Count: 1}), pricing.Immediate, pricing.ErrInvalidPeriod},
		{"unknown unit, end of term: invalid period", basic, with(pricing.BillingPeriod{Unit: pricing.PeriodUnit(9), Count: 1}), pricing.EndOfTerm, pricing.ErrInvalidPeriod},
		{"old charge without a billing period: invalid period", with(pricing.BillingPeriod{}), basic, pricing.Immediate, pricing.ErrInvalidPeriod},
		{"negative count: invalid period", basic, with(pricing.BillingPeriod{Unit: pricing.PeriodMonth, Count: -1}), pricing.Immediate, pricing.ErrInvalidPeriod},
		{"yearly charge in a monthly period: mismatch", basic, with(pricing.BillingPeriod{Unit: pricing.PeriodYear, Count: 1}), pricing.Immediate, pricing.ErrPeriodMismatch},
		{"monthly to monthly: fine", basic, with(monthly), pricing.Immediate, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := pricing.ProrateChange(tt.old, tt.new, nov, day(11), tt.policy)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil && lines != nil {
				t.Errorf("lines %v beside an error", lines)
			}
		})
	}
}
