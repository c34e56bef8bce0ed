package entitlement

import (
	"time"

	"github.com/tariffkit/tariff/catalog"
)

// The times of account JSON (main_from, main_terms, from, until, terms):
// RFC 3339 date-times, read and written exactly.

// timestamp decodes an RFC 3339 date-time: 2026-11-01T00:00:00Z, with up to
// nine fraction digits and an offset of Z or ±hh:mm. An offset of zero gives
// a UTC time, any other a fixed zone with that offset.
func (d *decoder) timestamp() (time.Time, error) {
	off := d.Offset()
	s, err := d.Str()
	if err != nil {
		return time.Time{}, err
	}
	if !rfc3339Shape(s) {
		return time.Time{}, d.Fail(off, catalog.ErrInvalidValue, "%q is not an RFC 3339 time (2006-01-02T15:04:05.999999999Z07:00)", s)
	}
	// With the shape checked, ParseInLocation takes its exact RFC 3339 path:
	// only out-of-range fields remain to refuse. In UTC as the location, a
	// zero offset gives UTC and any other a fixed zone.
	t, err := time.ParseInLocation(time.RFC3339Nano, s, time.UTC)
	if err != nil {
		return time.Time{}, d.Fail(off, catalog.ErrInvalidValue, "%q is not a valid time: %v", s, err)
	}
	return t, nil
}

// rfc3339Shape reports whether s has the shape of an RFC 3339 date-time as
// this format writes it: digits where digits go, upper-case T and Z, one to
// nine fraction digits, an offset of at most 23:59.
func rfc3339Shape(s string) bool {
	const date = "dddd-dd-ddTdd:dd:dd"
	if len(s) < len(date)+1 {
		return false
	}
	for i := range len(date) {
		if c := s[i]; date[i] == 'd' && !isDigit(c) || date[i] != 'd' && c != date[i] {
			return false
		}
	}
	rest := s[len(date):]
	if rest[0] == '.' {
		k := 1
		for k < len(rest) && isDigit(rest[k]) {
			k++
		}
		if k == 1 || k > 10 {
			return false
		}
		rest = rest[k:]
	}
	if rest == "Z" {
		return true
	}
	return len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && isDigit(rest[1]) && isDigit(rest[2]) &&
		rest[3] == ':' && isDigit(rest[4]) && isDigit(rest[5]) && rest[1:3] < "24" && rest[4] < '6'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// timestamp writes a time member, left out when t is zero (see timeField).
func (e *encoder) timestamp(k string, t time.Time) {
	if !t.IsZero() {
		e.timeField(k, t)
	}
}

// timeField writes a time member, zero included, in t's own offset when RFC 3339
// can express it (whole minutes, under 24 hours, a four-digit year) and in
// UTC otherwise.
func (e *encoder) timeField(k string, t time.Time) {
	e.Key(k)
	if _, off := t.Zone(); off%60 != 0 || off <= -24*3600 || off >= 24*3600 || t.Year() < 0 || t.Year() > 9999 {
		t = t.UTC()
	}
	if t.Year() < 0 || t.Year() > 9999 {
		e.Fail("year %d is outside 0000..9999", t.Year())
	}
	e.Str(t.Format(time.RFC3339Nano))
	e.Pop()
}
