package strictjson

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// unbounded are the limits of the oracle: only its depth.
var unbounded = Limits{Document: math.MaxInt, Depth: oracleMaxDepth, String: math.MaxInt / 2, Members: math.MaxInt,
	Elements: math.MaxInt, Digits: math.MaxInt, Exponent: math.MaxInt / 2, NumberText: math.MaxInt / 2}

// walkStrict reads the next value with duplicate keys looked for.
func walkStrict(d *Decoder) error {
	k, err := d.Kind()
	if err != nil {
		return err
	}
	switch k {
	case Object:
		return d.Object(func([]byte) (bool, error) { return true, walkStrict(d) })
	case Array:
		return d.Array(func(int) error { return walkStrict(d) })
	}
	return d.Skip()
}

// read decodes data with read under the oracle's limits; the depth limit
// is reported as the oracle reports it, a syntax error.
func read(data []byte, read func(*Decoder) error) *Error {
	d := NewDecoder(data)
	d.Limits = unbounded
	err := d.Document(func() error { return read(&d) })
	if err == nil {
		return nil
	}
	e := err.(*Error)
	if e.Kind == ErrLimit && e.Limit == LimitDepth {
		return &Error{Path: e.Path, Offset: e.Offset, Kind: ErrSyntax}
	}
	return e
}

// checkAgainstOracle checks that Decoder accepts what the tree scanner
// accepts and refuses the rest with the same kind, path and offset; and
// that Skip, which does not look for duplicate keys, agrees but for them.
func checkAgainstOracle(t interface {
	Helper()
	Fatalf(format string, args ...any)
}, data []byte) {
	t.Helper()
	_, oerr := oracleScan(data)
	var want *Error
	if oerr != nil {
		want = oerr.(*Error)
	}
	same := func(what string, got *Error) {
		t.Helper()
		switch {
		case got == nil && want == nil:
		case got == nil || want == nil:
			t.Fatalf("%s of %q: %v; oracle: %v", what, data, got, want)
		case got.Kind != want.Kind || got.Path != want.Path || got.Offset != want.Offset:
			t.Fatalf("%s of %q: %v at %s, offset %d (%v); oracle: %v at %s, offset %d (%v)",
				what, data, got.Kind, got.Path, got.Offset, got, want.Kind, want.Path, want.Offset, want)
		}
	}
	same("strict walk", read(data, walkStrict))
	if want == nil || !errors.Is(want, ErrDuplicateKey) {
		same("Skip", read(data, (*Decoder).Skip))
	}
}

var oracleSeeds = []string{
	``, ` `, `{}`, `[]`, `null`, `nul`, `true`, `tru`, `false`, `0`, `-`, `-0.5e+3`, `01`, `1.`, `1e`, `.5`,
	`{"a": [1, "x"], "b": {"c": true}}`, `{"a": 1, "a": 2}`, `{"a" 1}`, `{"a": 1,}`, `[1,]`, `[1 2]`, `{} {}`, "{}\n]",
	`{'a': 1}`, `"\ud800x"`, `"\ud83d\ude00"`, `"\u00e9\n\t\"\\\/"`, `"\x41"`, "\"a\tb\"", "\"g\xff\"", "\xef\xbb\xbf{}",
	`{"k0":0,"k1":0,"k2":0,"k3":0,"k4":0,"k5":0,"k6":0,"k7":0,"k8":0,"k9":0,"k10":0,"k11":0,"k12":0,"k13":0,"k14":0,"k15":0,"k16":0,"k17":0,"k3":0}`,
	`{"a\u0062": 1, "ab": 2}`, `[{"a": {"b": [{"c": 1, "c": 2}]}}]`,
	strings.Repeat("[", 64) + strings.Repeat("]", 64), strings.Repeat("[", 65) + strings.Repeat("]", 65),
	strings.Repeat(`{"a":`, 70) + "1" + strings.Repeat("}", 70), `"unterminated`, `[1, 2`, `{"a": `,
}

func TestDecoderMatchesOracle(t *testing.T) {
	for _, s := range oracleSeeds {
		checkAgainstOracle(t, []byte(s))
	}
}

func FuzzDecoderMatchesOracle(f *testing.F) {
	for _, s := range oracleSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkAgainstOracle(t, data) })
}

// numberWithinLimits is the model of the number limits: parse the whole
// text with shopspring/decimal and look at what it kept.
func numberWithinLimits(text string, lim *Limits) bool {
	x, err := decimal.NewFromString(text)
	if err != nil || len(text) > lim.NumberText {
		return false
	}
	if x.IsZero() { // shopspring counts one digit for zero
		return math.Abs(float64(x.Exponent())) <= float64(lim.Exponent)
	}
	e := int(x.Exponent())
	return x.NumDigits() <= lim.Digits && e >= -lim.Exponent && e <= lim.Exponent
}

// genNumber draws JSON numbers near the small limits: few or many digits,
// leading and trailing zeros, exponents around the bound.
var genNumber = rapid.Custom(func(t *rapid.T) string {
	digits := rapid.StringMatching(`(0|[1-9][0-9]{0,6})`).Draw(t, "integer")
	if rapid.Bool().Draw(t, "negative") {
		digits = "-" + digits
	}
	if rapid.Bool().Draw(t, "fraction") {
		digits += "." + rapid.StringMatching(`0{0,4}[0-9]{1,5}0{0,3}`).Draw(t, "fraction")
	}
	if rapid.Bool().Draw(t, "exponent") {
		digits += rapid.SampledFrom([]string{"e", "E", "e+", "e-", "E-"}).Draw(t, "e") + rapid.StringMatching(`0{0,2}[0-9]{1,2}`).Draw(t, "exp")
	}
	return digits
})

// scanNumber accepts exactly the numbers whose parsed value keeps within
// the limits, and counts digits and exponent as shopspring/decimal does.
func propNumberLimitsMatchDecimal(t *rapid.T) {
	lim := Limits{Digits: rapid.IntRange(1, 8).Draw(t, "digits"), Exponent: rapid.IntRange(0, 20).Draw(t, "exponent"),
		NumberText: rapid.IntRange(1, 20).Draw(t, "text")}
	text := genNumber.Draw(t, "number")
	n, p := scanNumber(text, &lim)
	got := p == numOK && n == len(text)
	if want := numberWithinLimits(text, &lim); got != want {
		t.Fatalf("scanNumber(%q, %+v) = %d, %d: accepted %v, want %v", text, lim, n, p, got, want)
	}
}

func TestNumberLimitsMatchDecimal(t *testing.T) { rapid.Check(t, propNumberLimitsMatchDecimal) }

func FuzzNumberLimitsMatchDecimal(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propNumberLimitsMatchDecimal)) }

// genObject draws an object of up to 60 members whose keys come from a
// small set, some written with escapes, so that large objects with and
// without duplicates are both common.
var genObject = rapid.Custom(func(t *rapid.T) string {
	n := rapid.IntRange(0, 60).Draw(t, "members")
	keys := rapid.SliceOfNDistinct(rapid.StringMatching(`[a-z]{1,3}`), n, n, rapid.ID[string]).Draw(t, "keys")
	if n > 0 && rapid.Bool().Draw(t, "duplicate") {
		keys[rapid.IntRange(0, n-1).Draw(t, "at")] = keys[rapid.IntRange(0, n-1).Draw(t, "of")]
	}
	var sb strings.Builder
	sb.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			sb.WriteString(", ")
		}
		if rapid.IntRange(0, 4).Draw(t, "escaped") == 0 {
			k = `\u00` + strconv.FormatInt(int64(k[0]), 16) + k[1:]
		}
		sb.WriteString(`"` + k + `": ` + strconv.Itoa(i))
	}
	sb.WriteByte('}')
	return sb.String()
})

func TestLargeObjectsMatchOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { checkAgainstOracle(t, []byte(genObject.Draw(t, "object"))) })
}

// Builder gives back what was added, in order, with no room to spare once
// it took more than one chunk.
func TestBuilder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := rapid.SliceOf(rapid.Int()).Draw(t, "values")
		var b Builder[int]
		for _, v := range want {
			b.Add(v)
		}
		got := b.Slice()
		if len(want) == 0 && got != nil || !slices.Equal(got, want) || len(got) != cap(got) {
			t.Fatalf("Slice() = %v (cap %d), want %v", got, cap(got), want)
		}
	})
}
