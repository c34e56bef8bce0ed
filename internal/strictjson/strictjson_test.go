package strictjson_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/internal/strictjson"
)

// walk reads the next value strictly (duplicate keys included), whatever
// its shape, keeping nothing.
func walk(d *strictjson.Decoder) error {
	k, err := d.Kind()
	if err != nil {
		return err
	}
	switch k {
	case strictjson.Object:
		return d.Object(func([]byte) (bool, error) { return true, walk(d) })
	case strictjson.Array:
		return d.Array(func(int) error { return walk(d) })
	}
	return d.Skip()
}

// small are limits small enough to cross in a line of JSON.
var small = strictjson.Limits{Document: 64, Depth: 3, String: 5, Members: 3, Elements: 3, Digits: 4, Exponent: 10, NumberText: 12}

func TestLimits(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		read      func(d *strictjson.Decoder) error // walk when nil
		big       bool                              // a document beyond small.Document
		wantLimit string                            // "": no error
		wantPath  string
		wantOff   int64
	}{
		{name: "document: one byte over, refused before reading", in: strings.Repeat(" ", 63) + "{}", wantLimit: strictjson.LimitDocument, wantPath: "$", wantOff: 64},
		{name: "document: at the limit", in: strings.Repeat(" ", 62) + "{}"},
		{name: "depth: at the limit", in: `[[[1]]]`},
		{name: "depth: one level deeper, at its bracket", in: `[[[[1]]]]`, wantLimit: strictjson.LimitDepth, wantPath: "[0][0][0]", wantOff: 3},
		{name: "depth: objects count too", in: `{"a": [{"b": {}}]}`, wantLimit: strictjson.LimitDepth, wantPath: "a[0].b", wantOff: 13},
		{name: "string: at the limit", in: `["abcde"]`},
		{name: "string: one byte over, at that byte", in: `["abcdefghij"]`, wantLimit: strictjson.LimitString, wantPath: "[0]", wantOff: 7},
		{name: "string: escapes count as written", in: `["\n\n\n"]`, wantLimit: strictjson.LimitString, wantPath: "[0]", wantOff: 7},
		{name: "string: a key too, at its object", in: `{"abcdef": 1}`, wantLimit: strictjson.LimitString, wantPath: "$", wantOff: 7},
		{name: "members: at the limit", in: `{"a": 1, "b": 2, "c": 3}`},
		{name: "members: one more, at its key", in: `{"a": 1, "b": 2, "c": 3, "d": 4}`, wantLimit: strictjson.LimitMembers, wantPath: "$", wantOff: 25},
		{name: "elements: at the limit", in: `[1, 2, 3]`},
		{name: "elements: one more, at it", in: `[1, 2, 3, 4]`, wantLimit: strictjson.LimitElements, wantPath: "$", wantOff: 10},
		{name: "elements: skipped values are held to it", in: `{"a": [1, 2, 3, 4]}`, read: skipAll, wantLimit: strictjson.LimitElements, wantPath: "a", wantOff: 16},
		{name: "digits: at the limit", in: `[-1234]`},
		{name: "digits: one more, at it", in: `[12345]`, wantLimit: strictjson.LimitDigits, wantPath: "[0]", wantOff: 5},
		{name: "digits: leading zeros do not count", in: `[0.0001234]`},
		{name: "digits: trailing zeros count", in: `[1.0000]`, wantLimit: strictjson.LimitDigits, wantPath: "[0]", wantOff: 6},
		{name: "digits: a million of them cost five", in: `[` + strings.Repeat("9", 1_000_000) + `]`, big: true, wantLimit: strictjson.LimitDigits, wantPath: "[0]", wantOff: 5},
		{name: "exponent: at the limit", in: `[1e10, 1.5e11, 1e-10]`},
		{name: "exponent: beyond, at the number", in: `[1, 1e11]`, wantLimit: strictjson.LimitExponent, wantPath: "[1]", wantOff: 4},
		{name: "exponent: less the digits after the point", in: `[0.1e-10]`, wantLimit: strictjson.LimitExponent, wantPath: "[0]", wantOff: 1},
		{name: "exponent: of zero too", in: `[0e99999]`, wantLimit: strictjson.LimitExponent, wantPath: "[0]", wantOff: 1},
		{name: "number text: at the limit", in: `[0.00001e+5]`},
		{name: "number text: one byte over, at that byte", in: `[0.00000001e+5]`, wantLimit: strictjson.LimitNumberText, wantPath: "[0]", wantOff: 13},
		{name: "number text: zeros without end", in: `[0.` + strings.Repeat("0", 1_000_000), big: true, wantLimit: strictjson.LimitNumberText, wantPath: "[0]", wantOff: 13},
		{name: "decimal string: digits", in: `"12345"`, read: decimalOnly, wantLimit: strictjson.LimitDigits, wantPath: "$", wantOff: 0},
		{name: "decimal string: exponent", in: `"1e11"`, read: decimalOnly, wantLimit: strictjson.LimitExponent, wantPath: "$", wantOff: 0},
		{name: "decimal string: at the limits", in: `"1.234"`, read: decimalOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := strictjson.NewDecoder([]byte(tt.in))
			d.Limits = small
			if tt.big {
				d.Limits.Document = len(tt.in)
			}
			read := tt.read
			if read == nil {
				read = walk
			}
			err := d.Document(func() error { return read(&d) })
			if tt.wantLimit == "" {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			var e *strictjson.Error
			if !errors.As(err, &e) || !errors.Is(err, strictjson.ErrLimit) {
				t.Fatalf("err = %v, want an *Error matching ErrLimit", err)
			}
			if e.Limit != tt.wantLimit || e.Path != tt.wantPath || e.Offset != tt.wantOff {
				t.Errorf("limit %s at %s, offset %d; want %s at %s, offset %d", e.Limit, e.Path, e.Offset, tt.wantLimit, tt.wantPath, tt.wantOff)
			}
			if number := e.Limit == strictjson.LimitDigits || e.Limit == strictjson.LimitExponent || e.Limit == strictjson.LimitNumberText; errors.Is(err, strictjson.ErrInvalidValue) != number {
				t.Errorf("matches ErrInvalidValue: %v, want %v (only number limits do)", !number, number)
			}
		})
	}
}

func skipAll(d *strictjson.Decoder) error { return d.Skip() }

func decimalOnly(d *strictjson.Decoder) error {
	_, err := d.Decimal()
	return err
}

func TestDefaultLimits(t *testing.T) {
	want := strictjson.Limits{Document: 256 << 20, Depth: 64, String: 1 << 20, Members: 1_000_000, Elements: 1_000_000, Digits: 100, Exponent: 1000, NumberText: 1108}
	if strictjson.DefaultLimits != want {
		t.Errorf("DefaultLimits = %+v, want %+v (the package docs state them)", strictjson.DefaultLimits, want)
	}
}

func TestDuplicateKeys(t *testing.T) {
	for _, tt := range []struct {
		name, in, wantPath string
	}{
		{"small object", `{"a": 1, "b": 2, "a": 3}`, "a"},
		{"escaped spelling of the same key", `{"a": 1, "\u0061": 2}`, "a"},
		{"large object, after the switch to a set", `{"k0":0,"k1":0,"k2":0,"k3":0,"k4":0,"k5":0,"k6":0,"k7":0,"k8":0,"k9":0,"k10":0,"k11":0,"k12":0,"k13":0,"k14":0,"k15":0,"k16":0,"k17":0,"k3":0}`, "k3"},
		{"nested objects keep their own keys", `{"a": {"a": 1, "b": {"a": 2}}, "b": 1, "b": 2}`, "b"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := strictjson.NewDecoder([]byte(tt.in))
			err := d.Document(func() error { return walk(&d) })
			wantOff := int64(strings.LastIndexByte(tt.in, ',') + 1)
			for tt.in[wantOff] == ' ' {
				wantOff++
			}
			var e *strictjson.Error
			if !errors.As(err, &e) || !errors.Is(err, strictjson.ErrDuplicateKey) || e.Path != tt.wantPath || e.Offset != wantOff {
				t.Errorf("err = %#v, want ErrDuplicateKey at %s, offset %d (the last key)", err, tt.wantPath, wantOff)
			}
		})
	}
}

func TestMarkReadsAValueAgain(t *testing.T) {
	d := strictjson.NewDecoder([]byte(`{"later": [1, "x"], "first": true}`))
	var again []string
	err := d.Document(func() error {
		var mark *strictjson.Mark
		err := d.Object(func(key []byte) (bool, error) {
			if string(key) == "later" {
				d.Offset()
				m := d.Mark()
				mark = &m
				return true, d.Skip()
			}
			_, err := d.Bool()
			return true, err
		})
		if err != nil {
			return err
		}
		end := d.Mark()
		d.Reset(*mark)
		d.Push("later")
		again, err = d.Strings()
		d.Pop()
		d.Reset(end)
		return err
	})
	var e *strictjson.Error
	if !errors.As(err, &e) || !errors.Is(err, strictjson.ErrWrongType) || e.Path != "later[0]" || e.Offset != 11 {
		t.Errorf("reading again: %v, %#v; want ErrWrongType at later[0], offset 11", again, err)
	}
}

func TestWithinPlacesANestedError(t *testing.T) {
	outer := []byte(`{"values": {"x": [1, 2]}}`)
	const off = 17 // where [1, 2] starts
	inner := strictjson.NewDecoder(outer[off:23])
	ierr := inner.Document(func() error { _, err := inner.Strings(); return err })
	var e *strictjson.Error
	if !errors.As(ierr, &e) {
		t.Fatalf("Strings: %v, want an *Error", ierr)
	}
	d := strictjson.NewDecoder(outer)
	d.Push("values")
	d.Push("x")
	got := d.Within(off, e)
	if !errors.As(got, &e) || e.Path != "values.x[0]" || e.Offset != 18 || !errors.Is(got, strictjson.ErrWrongType) {
		t.Errorf("Within = %#v, want values.x[0] at offset 18, ErrWrongType", e)
	}
}

func TestJoinPath(t *testing.T) {
	for _, tt := range []struct{ base, rel, want string }{
		{"values.x", "$", "values.x"},
		{"values.x", "bands[1].value", "values.x.bands[1].value"},
		{"values.x", "[2]", "values.x[2]"},
		{"values.x", `["a.b"]`, `values.x["a.b"]`},
		{"$", "bands", "bands"},
		{"$", "$", "$"},
	} {
		if got := strictjson.JoinPath(tt.base, tt.rel); got != tt.want {
			t.Errorf("JoinPath(%q, %q) = %q, want %q", tt.base, tt.rel, got, tt.want)
		}
	}
}

func TestFormatDecimal(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"1.50", "1.5"}, {"1500", "1500"}, {"15e2", "1500"}, {"0.001", "0.001"}, {"-2.000", "-2"}, {"-0.0", "0"}, {"-0.05", "-0.05"},
		{"1e99", "1" + strings.Repeat("0", 99)}, {"1e100", "1e100"}, {"-25e1000", "-25e1000"}, {"1e-1000", "0." + strings.Repeat("0", 999) + "1"},
	} {
		if got := strictjson.FormatDecimal(decimal.RequireFromString(tt.in)); got != tt.want {
			t.Errorf("FormatDecimal(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

var errRefused = errors.New("refused")

// The encoder refuses what a decoder under DefaultLimits would refuse, and
// writes everything else so that it decodes.
func TestEncoderKeepsToTheLimits(t *testing.T) {
	tests := []struct {
		name    string
		write   func(e *strictjson.Encoder)
		refused bool
	}{
		{"100 significant digits", func(e *strictjson.Encoder) { e.Decimal(decimal.RequireFromString(strings.Repeat("9", 100))) }, false},
		{"101 significant digits", func(e *strictjson.Encoder) { e.Decimal(decimal.RequireFromString(strings.Repeat("9", 101))) }, true},
		{"trailing zeros dropped first", func(e *strictjson.Encoder) { e.Decimal(decimal.RequireFromString("1." + strings.Repeat("0", 200))) }, false},
		{"a large exponent, written with it", func(e *strictjson.Encoder) { e.ShapedDecimal(decimal.New(7, 1000)) }, false},
		{"an integral decimal of 100 digits, shaped", func(e *strictjson.Encoder) { e.ShapedDecimal(decimal.New(1, 99)) }, false},
		{"an integral decimal of 99 digits, shaped", func(e *strictjson.Encoder) { e.ShapedDecimal(decimal.New(1, 98)) }, false},
		{"an exponent beyond 1000", func(e *strictjson.Encoder) { e.Decimal(decimal.New(7, 1001)) }, true},
		{"1000 digits after the point", func(e *strictjson.Encoder) { e.Decimal(decimal.New(7, -1000)) }, false},
		{"1001 digits after the point", func(e *strictjson.Encoder) { e.Decimal(decimal.New(7, -1001)) }, true},
		{"a string of 1 MiB", func(e *strictjson.Encoder) { e.Str(strings.Repeat("a", 1<<20)) }, false},
		{"a string of 1 MiB once escaped", func(e *strictjson.Encoder) { e.Str(strings.Repeat("\n", 1<<19+1)) }, true},
		{"64 levels", func(e *strictjson.Encoder) { nest(e, 64) }, false},
		{"65 levels", func(e *strictjson.Encoder) { nest(e, 65) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := strictjson.Encoder{Refusal: errRefused}
			e.Open('[')
			tt.write(&e)
			e.Close(']')
			out, err := e.Bytes()
			if refused := errors.Is(err, errRefused); refused != tt.refused {
				t.Fatalf("err = %v, want refused: %v", err, tt.refused)
			}
			if tt.refused {
				return
			}
			d := strictjson.NewDecoder(out)
			if err := d.Document(func() error { return walk(&d) }); err != nil {
				t.Errorf("the output does not decode: %v", err)
			}
		})
	}
}

// nest writes n-1 arrays inside the one already open.
func nest(e *strictjson.Encoder, n int) {
	for range n - 1 {
		e.Open('[')
	}
	for range n - 1 {
		e.Close(']')
	}
}
