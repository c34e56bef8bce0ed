package strictjson

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// decodeTime reads s, written as a JSON string, with Decoder.Time. s must
// need no escaping.
func decodeTime(s string) (time.Time, error) { return decodeTimeJSON(`"` + s + `"`) }

// decodeTimeJSON reads the JSON value data with Decoder.Time.
func decodeTimeJSON(data string) (time.Time, error) {
	d := NewDecoder([]byte(data))
	var t time.Time
	err := d.Document(func() (err error) {
		t, err = d.Time()
		return err
	})
	return t, err
}

func TestTime(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	tests := []struct {
		name    string
		in      string
		want    time.Time // in the offset it is read in
		wantErr error
	}{
		{name: "Z: UTC", in: "2026-11-01T00:00:00Z", want: utc(2026, 11, 1, 0, 0, 0, 0)},
		{name: "+00:00: UTC", in: "2026-11-01T00:00:00+00:00", want: utc(2026, 11, 1, 0, 0, 0, 0)},
		{name: "-00:00: UTC", in: "2026-11-01T00:00:00-00:00", want: utc(2026, 11, 1, 0, 0, 0, 0)},
		{name: "nine fraction digits and an offset: a fixed zone", in: "2026-11-01T01:02:03.123456789+05:30",
			want: time.Date(2026, 11, 1, 1, 2, 3, 123456789, time.FixedZone("", 5*3600+1800))},
		{name: "one fraction digit", in: "2026-11-01T00:00:00.5Z", want: utc(2026, 11, 1, 0, 0, 0, 5e8)},
		{name: "trailing zeros in the fraction", in: "2026-11-01T00:00:00.500Z", want: utc(2026, 11, 1, 0, 0, 0, 5e8)},
		{name: "offset of 23:59 either way", in: "0000-01-01T00:00:00+23:59", want: time.Date(0, 1, 1, 0, 0, 0, 0, time.FixedZone("", 23*3600+59*60))},
		{name: "last instant of 9999", in: "9999-12-31T23:59:59.999999999-23:59",
			want: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -(23*3600+59*60)))},
		{name: "29 February of a leap year", in: "2024-02-29T00:00:00Z", want: utc(2024, 2, 29, 0, 0, 0, 0)},

		{name: "shape: date only", in: "2026-11-01", wantErr: ErrInvalidValue},
		{name: "shape: no offset", in: "2026-11-01T00:00:00", wantErr: ErrInvalidValue},
		{name: "shape: lower-case t", in: "2026-11-01t00:00:00Z", wantErr: ErrInvalidValue},
		{name: "shape: lower-case z", in: "2026-11-01T00:00:00z", wantErr: ErrInvalidValue},
		{name: "shape: space for T", in: "2026-11-01 00:00:00Z", wantErr: ErrInvalidValue},
		{name: "shape: one-digit hour", in: "2026-11-01T0:00:00Z", wantErr: ErrInvalidValue},
		{name: "shape: five-digit year", in: "12026-11-01T00:00:00Z", wantErr: ErrInvalidValue},
		{name: "shape: signed year", in: "+2026-11-01T00:00:00Z", wantErr: ErrInvalidValue},
		{name: "shape: comma before the fraction", in: "2026-11-01T00:00:00,5Z", wantErr: ErrInvalidValue},
		{name: "shape: point without digits", in: "2026-11-01T00:00:00.Z", wantErr: ErrInvalidValue},
		{name: "shape: ten fraction digits", in: "2026-11-01T00:00:00.1234567891Z", wantErr: ErrInvalidValue},
		{name: "shape: offset of 24 hours", in: "2026-11-01T00:00:00+24:00", wantErr: ErrInvalidValue},
		{name: "shape: offset of 60 minutes", in: "2026-11-01T00:00:00+01:60", wantErr: ErrInvalidValue},
		{name: "shape: offset without a colon", in: "2026-11-01T00:00:00+0100", wantErr: ErrInvalidValue},
		{name: "shape: offset with seconds", in: "2026-11-01T00:00:00+01:00:00", wantErr: ErrInvalidValue},
		{name: "shape: Z and an offset", in: "2026-11-01T00:00:00Z+01:00", wantErr: ErrInvalidValue},
		{name: "shape: space after", in: "2026-11-01T00:00:00Z ", wantErr: ErrInvalidValue},
		{name: "shape: empty", in: "", wantErr: ErrInvalidValue},
		{name: "range: month 13", in: "2026-13-01T00:00:00Z", wantErr: ErrInvalidValue},
		{name: "range: month 00", in: "2026-00-01T00:00:00Z", wantErr: ErrInvalidValue},
		{name: "range: 30 February", in: "2026-02-30T00:00:00Z", wantErr: ErrInvalidValue},
		{name: "range: 29 February of a common year", in: "2026-02-29T00:00:00Z", wantErr: ErrInvalidValue},
		{name: "range: hour 24", in: "2026-11-01T24:00:00Z", wantErr: ErrInvalidValue},
		{name: "range: leap second", in: "2026-12-31T23:59:60Z", wantErr: ErrInvalidValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeTime(tt.in)
			if tt.wantErr != nil {
				var e *Error
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &e) || e.Offset != 0 || e.Path != "$" {
					t.Fatalf("Time(%q) = %v, %v; want an *Error at the string matching %v", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Time(%q): %v", tt.in, err)
			}
			_, wantOff := tt.want.Zone()
			if _, off := got.Zone(); !got.Equal(tt.want) || off != wantOff || off == 0 && got.Location() != time.UTC {
				t.Errorf("Time(%q) = %v, want %v (UTC for a zero offset)", tt.in, got, tt.want)
			}
		})
	}
	if _, err := decodeTimeJSON(`20261101`); !errors.Is(err, ErrWrongType) {
		t.Errorf("Time of a number: %v, want ErrWrongType", err)
	}
}

func TestFormatTime(t *testing.T) {
	tests := []struct {
		name    string
		in      time.Time
		want    string
		wantErr bool
	}{
		{name: "UTC: Z", in: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), want: "2026-11-01T00:00:00Z"},
		{name: "a zero offset of another zone: Z", in: time.Date(2026, 11, 1, 0, 0, 0, 0, time.FixedZone("GMT", 0)), want: "2026-11-01T00:00:00Z"},
		{name: "own offset kept", in: time.Date(2026, 11, 1, 1, 2, 3, 0, time.FixedZone("CET", 3600)), want: "2026-11-01T01:02:03+01:00"},
		{name: "fraction without trailing zeros", in: time.Date(2026, 11, 1, 0, 0, 0, 120_000_000, time.UTC), want: "2026-11-01T00:00:00.12Z"},
		{name: "offset with seconds: UTC", in: time.Date(1900, 1, 1, 0, 0, 0, 0, time.FixedZone("LMT", 1172)), want: "1899-12-31T23:40:28Z"},
		{name: "offset of 24 hours: UTC", in: time.Date(2026, 11, 2, 0, 0, 0, 0, time.FixedZone("", 24*3600)), want: "2026-11-01T00:00:00Z"},
		{name: "year 10000 in its offset, 9999 in UTC: UTC", in: time.Date(9999, 12, 31, 23, 30, 0, 0, time.UTC).In(time.FixedZone("", 3600)),
			want: "9999-12-31T23:30:00Z"},
		{name: "year 0000 in its offset, -0001 in UTC: own offset", in: time.Date(0, 1, 1, 0, 0, 0, 0, time.FixedZone("", 60)),
			want: "0000-01-01T00:00:00+00:01"},
		{name: "the zero time", in: time.Time{}, want: "0001-01-01T00:00:00Z"},
		{name: "year 10000: refused", in: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), wantErr: true},
		{name: "year -1: refused", in: time.Date(-1, 12, 31, 0, 0, 0, 0, time.UTC), wantErr: true},
		{name: "year 10000 in UTC and in an offset with seconds: refused", in: time.Date(10000, 1, 1, 0, 0, 0, 0, time.FixedZone("", -7)), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FormatTime(tt.in)
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "outside 0000..9999") {
					t.Fatalf("FormatTime(%v) = %q, %v; want the year refused", tt.in, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("FormatTime(%v) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

var errTimeRefused = errors.New("refused")

// TimeField leaves the zero time out, and a refusal names the member.
func TestEncoderTime(t *testing.T) {
	e := Encoder{Refusal: errTimeRefused}
	e.Open('{')
	e.TimeField("zero", time.Time{})
	e.TimeField("at", time.Date(2026, 11, 1, 0, 0, 0, 0, time.FixedZone("", -(9*3600+1800))))
	e.Close('}')
	if out, err := e.Bytes(); err != nil || string(out) != `{"at":"2026-11-01T00:00:00-09:30"}` {
		t.Errorf("Bytes() = %s, %v", out, err)
	}
	e = Encoder{Refusal: errTimeRefused}
	e.Open('{')
	e.TimeField("until", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	e.Close('}')
	if _, err := e.Bytes(); !errors.Is(err, errTimeRefused) || !strings.Contains(err.Error(), ": until: year 10000 is outside 0000..9999") {
		t.Errorf("Bytes() error = %v, want the year refused at until", err)
	}
}

// genTimeText draws RFC 3339 texts of the shape Time reads with every field
// in range: with or without a fraction (trailing zeros included), an
// offset of Z, ±00:00 or any other up to 23:59.
var genTimeText = rapid.Custom(func(t *rapid.T) string {
	y := rapid.IntRange(0, 9999).Draw(t, "year")
	mo := rapid.IntRange(1, 12).Draw(t, "month")
	days := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	s := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d", y, mo, rapid.IntRange(1, days).Draw(t, "day"),
		rapid.IntRange(0, 23).Draw(t, "hour"), rapid.IntRange(0, 59).Draw(t, "minute"), rapid.IntRange(0, 59).Draw(t, "second"))
	if rapid.Bool().Draw(t, "fraction") {
		s += "." + rapid.StringMatching(`[0-9]{1,9}`).Draw(t, "digits")
	}
	switch rapid.IntRange(0, 3).Draw(t, "offset kind") {
	case 0:
		s += "Z"
	case 1:
		s += rapid.SampledFrom([]string{"+00:00", "-00:00"}).Draw(t, "zero offset")
	default:
		s += fmt.Sprintf("%s%02d:%02d", rapid.SampledFrom([]string{"+", "-"}).Draw(t, "sign"),
			rapid.IntRange(0, 23).Draw(t, "offset hours"), rapid.IntRange(0, 59).Draw(t, "offset minutes"))
	}
	return s
})

// canonicalTime is the model of what FormatTime writes for a text Time
// reads: the fraction without trailing zeros (nor its point when nothing
// is left), and Z for a zero offset.
func canonicalTime(s string) string {
	date, rest := s[:len("2006-01-02T15:04:05")], s[len("2006-01-02T15:04:05"):]
	frac, zone := "", rest
	if rest[0] == '.' {
		i := strings.IndexAny(rest, "Z+-")
		frac, zone = strings.TrimRight(rest[:i], "0"), rest[i:]
		if frac == "." {
			frac = ""
		}
	}
	if zone == "+00:00" || zone == "-00:00" {
		zone = "Z"
	}
	return date + frac + zone
}

// A text of the shape with every field in range is read, and written back
// as the model says, which reads as the same instant in the same offset.
func propTimeTextRoundTrip(t *rapid.T) {
	s := genTimeText.Draw(t, "text")
	if !rfc3339Shape(s) {
		t.Fatalf("generated %q, not of the shape", s)
	}
	got, err := decodeTime(s)
	if err != nil {
		t.Fatalf("Time(%q): %v", s, err)
	}
	out, err := FormatTime(got)
	if want := canonicalTime(s); err != nil || out != want {
		t.Fatalf("FormatTime(Time(%q)) = %q, %v; want %q", s, out, err, want)
	}
	back, err := decodeTime(out)
	_, off := got.Zone()
	if _, backOff := back.Zone(); err != nil || !back.Equal(got) || backOff != off {
		t.Fatalf("Time(%q) = %v, %v; want %v", out, back, err, got)
	}
}

func TestTimeTextRoundTrip(t *testing.T) { rapid.Check(t, propTimeTextRoundTrip) }

func FuzzTimeTextRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propTimeTextRoundTrip)) }

// genInstant draws any instant from the year -100 to 10100 in UTC or in a
// fixed offset of whole minutes or seconds, up to 26 hours either way.
var genInstant = rapid.Custom(func(t *rapid.T) time.Time {
	lo, hi := time.Date(-100, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(10100, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	u := time.Unix(rapid.Int64Range(lo, hi).Draw(t, "unix"), rapid.Int64Range(0, 999_999_999).Draw(t, "nsec"))
	const limit = 26 * 3600
	zone := rapid.SampledFrom([]*time.Location{
		time.UTC,
		time.FixedZone("", rapid.IntRange(-limit/60, limit/60).Draw(t, "offset minutes")*60),
		time.FixedZone("LMT", rapid.IntRange(-limit, limit).Draw(t, "offset seconds")),
	}).Draw(t, "zone")
	return u.In(zone)
})

// FormatTime writes every instant it can as Time reads it back: the same
// instant, in its own offset when KeepsOffset, else in UTC; it refuses
// only a year outside 0000–9999 in UTC where the offset cannot keep it.
func propFormatTimeReadsBack(t *rapid.T) {
	x := genInstant.Draw(t, "instant")
	s, err := FormatTime(x)
	if y := x.UTC().Year(); !KeepsOffset(x) && (y < 0 || y > 9999) {
		if err == nil {
			t.Fatalf("FormatTime(%v) = %q, want the year refused", x, s)
		}
		return
	}
	if err != nil {
		t.Fatalf("FormatTime(%v): %v", x, err)
	}
	back, err := decodeTime(s)
	if err != nil || !back.Equal(x) {
		t.Fatalf("Time(FormatTime(%v)) = Time(%q) = %v, %v", x, s, back, err)
	}
	_, off := x.Zone()
	if !KeepsOffset(x) {
		off = 0
	}
	if _, backOff := back.Zone(); backOff != off {
		t.Fatalf("Time(%q) has offset %d, want %d", s, backOff, off)
	}
}

func TestFormatTimeReadsBack(t *testing.T) { rapid.Check(t, propFormatTimeReadsBack) }

func FuzzFormatTimeReadsBack(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propFormatTimeReadsBack)) }

// FuzzTimeMatchesTimeParse checks Time against time.Parse on the strings of
// the shape: both accept the same ones, as the same instant in the same
// offset, UTC for a zero offset.
func FuzzTimeMatchesTimeParse(f *testing.F) {
	for _, s := range []string{"2026-11-01T00:00:00Z", "2026-11-01T01:02:03.123456789+05:30", "0000-01-01T00:00:00-00:00",
		"9999-12-31T23:59:59.999999999-23:59", "2026-02-29T00:00:00Z", "2026-12-31T23:59:60Z", "2026-11-01T24:00:00+01:00",
		"2026-00-01T00:00:00Z", "2026-11-01T00:60:00Z", "2026-11-00T00:00:00.000Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !rfc3339Shape(s) {
			return
		}
		got, err := decodeTime(s)
		want, werr := time.Parse(time.RFC3339Nano, s)
		if (err == nil) != (werr == nil) {
			t.Fatalf("Time(%q): %v; time.Parse: %v", s, err, werr)
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidValue) {
				t.Fatalf("Time(%q): %v, want ErrInvalidValue", s, err)
			}
			return
		}
		_, off := got.Zone()
		if _, wantOff := want.Zone(); !got.Equal(want) || off != wantOff || off == 0 && got.Location() != time.UTC {
			t.Fatalf("Time(%q) = %v, time.Parse = %v", s, got, want)
		}
	})
}

func BenchmarkTime(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeTime("2026-11-01T01:02:03.123456789+05:30"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormatTime(b *testing.B) {
	x := time.Date(2026, 11, 1, 1, 2, 3, 123456789, time.FixedZone("", 5*3600+1800))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FormatTime(x); err != nil {
			b.Fatal(err)
		}
	}
}
