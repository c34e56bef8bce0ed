package pgstore

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/tariffkit/tariff/loyalty"
)

func TestInstantRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name string
		t    time.Time
	}{
		{"the zero time", time.Time{}},
		{"a nanosecond after an instant", time.Date(2026, 3, 10, 12, 0, 0, 1, time.UTC)},
		{"another zone: the same instant comes back in UTC", time.Date(2026, 3, 10, 13, 0, 0, 999, time.FixedZone("CET", 3600))},
		{"before 1970", time.Date(1901, 12, 13, 20, 45, 52, 123456789, time.UTC)},
		{"the earliest instant kept", firstInstant},
		{"the latest instant kept", lastInstant},
	} {
		ns, err := instant(tt.t)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if back := fromInstant(ns); !back.Equal(tt.t) || (!back.IsZero() && back.Location() != time.UTC) {
			t.Errorf("%s: %v stored as %d comes back as %v", tt.name, tt.t, ns, back)
		}
		e, err := expiry(tt.t)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if back := fromExpiry(e); !back.Equal(tt.t) {
			t.Errorf("%s: expiry %v stored as %d comes back as %v", tt.name, tt.t, e, back)
		}
	}
}

func TestInstantOrder(t *testing.T) {
	base := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	// What the orders need: the zero time first among instants; an
	// expiry that never comes last; nanoseconds apart, apart.
	at := func(t time.Time) int64 { ns, _ := instant(t); return ns }
	exp := func(t time.Time) int64 { ns, _ := expiry(t); return ns }
	if !(at(time.Time{}) < at(firstInstant) && at(base) < at(base.Add(1))) {
		t.Error("instants do not sort as time does")
	}
	if !(exp(lastInstant) < exp(time.Time{}) && exp(time.Time{}) == math.MaxInt64) {
		t.Error("an expiry that never comes does not sort last")
	}
}

func TestInstantOutOfRange(t *testing.T) {
	for _, tt := range []time.Time{
		firstInstant.Add(-1),
		lastInstant.Add(1),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
	} {
		if _, err := instant(tt); !errors.Is(err, loyalty.ErrInvalidRequest) {
			t.Errorf("instant(%v): error %v, want ErrInvalidRequest", tt, err)
		}
		if _, err := expiry(tt); !errors.Is(err, loyalty.ErrInvalidRequest) {
			t.Errorf("expiry(%v): error %v, want ErrInvalidRequest", tt, err)
		}
	}
}
