package strictjson

import (
	"fmt"
	"time"
)

// This file holds the instants of the tariff formats: RFC 3339 date-times,
// read by Time and written by FormatTime, so that what one writes the other
// reads back exactly.

// Time reads an RFC 3339 date-time, 2026-11-01T00:00:00Z: digits where
// digits go, upper-case T and Z, a fraction of one to nine digits or none,
// an offset of Z or ±hh:mm of at most 23:59, and every field in range (no
// 30 February, no leap second). A zero offset gives a time in UTC, any
// other a fixed zone of that offset without a name. A string of another
// form is ErrInvalidValue; a value that is not a string, ErrWrongType.
func (d *Decoder) Time() (time.Time, error) {
	off := d.Offset()
	s, err := d.Str()
	if err != nil {
		return time.Time{}, err
	}
	if !rfc3339Shape(s) {
		return time.Time{}, d.Fail(off, ErrInvalidValue,
			"%q is not an RFC 3339 time (2026-01-01T00:00:00Z, at most nine fraction digits, Z or ±hh:mm)", s)
	}
	// With the shape checked, ParseInLocation takes its exact RFC 3339
	// path: only out-of-range fields remain to refuse. In UTC as the
	// location, a zero offset gives UTC and any other a fixed zone.
	t, err := time.ParseInLocation(time.RFC3339Nano, s, time.UTC)
	if err != nil {
		return time.Time{}, d.Fail(off, ErrInvalidValue, "%q is not a valid time: %v", s, err)
	}
	return t, nil
}

// rfc3339Shape reports whether s has the shape of an RFC 3339 date-time as
// the tariff formats write it: digits where digits go, upper-case T and Z,
// one to nine fraction digits, an offset of at most 23:59.
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

// KeepsOffset reports whether RFC 3339 can write t in its own offset: a
// whole number of minutes, less than 24 hours either way, and a year from
// 0000 to 9999 in that offset. FormatTime writes t in UTC otherwise.
func KeepsOffset(t time.Time) bool {
	_, off := t.Zone()
	y := t.Year()
	return off%60 == 0 && -24*3600 < off && off < 24*3600 && 0 <= y && y <= 9999
}

// FormatTime returns t in RFC 3339 with as many fraction digits as it needs
// (none for a whole second) and Z for a zero offset: in t's own offset when
// KeepsOffset(t), else in UTC. Time reads the text back as the same instant,
// in the same offset when KeepsOffset(t). A t whose year in UTC is outside
// 0000–9999 too has no RFC 3339 form: the error says so
// ("year 10000 is outside 0000..9999"), for the caller to wrap in its own.
func FormatTime(t time.Time) (string, error) {
	if !KeepsOffset(t) {
		t = t.UTC()
	}
	if y := t.Year(); y < 0 || y > 9999 {
		return "", fmt.Errorf("year %d is outside 0000..9999", y)
	}
	return t.Format(time.RFC3339Nano), nil
}

// Time writes t as a string, as FormatTime writes it, and fails where
// FormatTime does.
func (e *Encoder) Time(t time.Time) {
	s, err := FormatTime(t)
	if err != nil {
		e.Fail("%v", err)
	}
	e.Str(s)
}

// TimeField writes a time member (Time), left out when t is the zero time.
func (e *Encoder) TimeField(k string, t time.Time) {
	if !t.IsZero() {
		e.Key(k)
		e.Time(t)
		e.Pop()
	}
}
