package pricing

import (
	"errors"
	"testing"
	"time"
)

// TestCheckPeriodRefusesInvalid: a recurring line of a charge whose
// billing period is invalid is refused with ErrInvalidPeriod, the zero
// BillingPeriod included (it used to be let through unchecked), also
// after a valid period was matched.
func TestCheckPeriodRefusesInvalid(t *testing.T) {
	p := Period{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	q := newQuoter(quoteOptions{}, nil, p)
	ch := Charge{ID: "c", Product: "x", Kind: ChargeRecurring, Period: BillingPeriod{Unit: PeriodMonth}}
	if err := q.checkPeriod(&ch); err != nil {
		t.Fatalf("monthly: %v", err)
	}
	for _, bp := range []BillingPeriod{{}, {Unit: PeriodUnit(9)}, {Unit: PeriodMonth, Count: -1}} {
		ch.Period = bp
		if err := q.checkPeriod(&ch); !errors.Is(err, ErrInvalidPeriod) {
			t.Errorf("%+v: err = %v, want ErrInvalidPeriod", bp, err)
		}
	}
}
