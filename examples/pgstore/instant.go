package pgstore

import (
	"fmt"
	"math"
	"time"

	"github.com/tariffkit/tariff/loyalty"
)

// Instants are stored as bigint nanoseconds since 1970-01-01 UTC: the
// ledger's clock has nanoseconds and timestamptz keeps microseconds, so a
// timestamptz would round lot expiries and activations, and with them the
// order lots are spent in. An integer keeps every instant exactly, compares
// as the instants do, and makes each order one index. The zero time.Time
// is stored as the smallest bigint (it sorts before every instant, as it
// does in Go) and a lot that never expires (zero ExpiresAt) has the
// largest as its expiry (it sorts after every instant, as the order
// AvailableByExpiry wants). The instants a bigint holds run from
// 1677-09-21 to 2262-04-11; others are refused with
// loyalty.ErrInvalidRequest. Instants come back in UTC. In SQL,
// loyalty_instant(ns) shows one as a timestamptz.
const (
	zeroInstant  = math.MinInt64 // the zero time.Time
	neverInstant = math.MaxInt64 // the expiry of a lot that never expires
)

var (
	firstInstant = time.Unix(0, zeroInstant+1)  // the earliest instant kept
	lastInstant  = time.Unix(0, neverInstant-1) // the latest instant kept
)

// instant returns t as stored, zeroInstant for the zero time.
func instant(t time.Time) (int64, error) {
	if t.IsZero() {
		return zeroInstant, nil
	}
	if t.Before(firstInstant) || t.After(lastInstant) {
		return 0, fmt.Errorf("%w: pgstore: instant %s outside %s to %s", loyalty.ErrInvalidRequest,
			t.UTC().Format(time.RFC3339Nano), firstInstant.UTC().Format(time.RFC3339Nano), lastInstant.UTC().Format(time.RFC3339Nano))
	}
	return t.UnixNano(), nil
}

// expiry returns a lot's ExpiresAt as stored, neverInstant for the zero
// time (never expires).
func expiry(t time.Time) (int64, error) {
	if t.IsZero() {
		return neverInstant, nil
	}
	return instant(t)
}

// fromInstant returns the instant ns stores, in UTC.
func fromInstant(ns int64) time.Time {
	if ns == zeroInstant {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

// fromExpiry returns the expiry ns stores, the zero time for never.
func fromExpiry(ns int64) time.Time {
	if ns == neverInstant {
		return time.Time{}
	}
	return fromInstant(ns)
}
