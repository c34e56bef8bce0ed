package strictjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Encoder appends compact JSON to a buffer, by hand, in the order the
// caller writes it; Indented then indents it with encoding/json. The output
// therefore never depends on map order or on shopspring/decimal's
// package-level formatting switches.
//
// The first failure (Fail) sticks, wrapping Refusal with the path where it
// happened; later writes still happen but their output is discarded.
type Encoder struct {
	// Refusal is the sentinel every failure wraps: the caller's
	// ErrUnencodable.
	Refusal error

	buf    []byte
	segs   []Seg // where the encoder is, for errors
	counts []int // members or elements written so far, per open object or array
	err    error
}

// Push enters the member key; Key does it too.
func (e *Encoder) Push(key string) { e.segs = append(e.segs, Seg{Key: key}) }

// PushIndex enters element i.
func (e *Encoder) PushIndex(i int) { e.segs = append(e.segs, Seg{Index: i, IsIndex: true}) }

// Pop leaves the member or element entered last.
func (e *Encoder) Pop() { e.segs = e.segs[:len(e.segs)-1] }

// Fail records that the value at the current path cannot be encoded,
// unless an earlier failure was recorded.
func (e *Encoder) Fail(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf("%w: %s: %s", e.Refusal, FormatPath(e.segs), fmt.Sprintf(format, args...))
	}
}

// Bytes returns the compact output, or the first failure.
func (e *Encoder) Bytes() ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	return e.checkSize(e.buf)
}

// Indented returns the output indented by two spaces, or the first failure.
func (e *Encoder) Indented() ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	var out bytes.Buffer
	out.Grow(2 * len(e.buf))
	if err := json.Indent(&out, e.buf, "", "  "); err != nil {
		return nil, err // unreachable: the encoder writes valid JSON
	}
	return e.checkSize(out.Bytes())
}

// checkSize refuses an output longer than a decoder accepts.
func (e *Encoder) checkSize(out []byte) ([]byte, error) {
	if lim := DefaultLimits.Document; len(out) > lim {
		return nil, fmt.Errorf("%w: a document of %d bytes, more than %d", e.Refusal, len(out), lim)
	}
	return out, nil
}

// Sep writes the comma before a member or element, unless it is the first
// in its object or array, and fails when the object or array holds more
// than a decoder accepts.
func (e *Encoder) Sep() {
	if n := len(e.counts); n > 0 {
		e.counts[n-1]++
		if c := e.counts[n-1]; c > DefaultLimits.Members || c > DefaultLimits.Elements {
			e.Fail("more than %d members or elements", min(DefaultLimits.Members, DefaultLimits.Elements))
		}
	}
	if n := len(e.buf); n > 0 && e.buf[n-1] != '{' && e.buf[n-1] != '[' {
		e.buf = append(e.buf, ',')
	}
}

// Key writes the separator and key of the next object member; the member's
// value is written under key on the path, until the matching Pop.
func (e *Encoder) Key(k string) {
	e.Sep()
	e.Str(k)
	e.buf = append(e.buf, ':')
	e.Push(k)
}

// Open writes '{' or '[', failing beyond the depth a decoder accepts.
func (e *Encoder) Open(c byte) {
	e.counts = append(e.counts, 0)
	if len(e.counts) > DefaultLimits.Depth {
		e.Fail("nesting deeper than %d levels", DefaultLimits.Depth)
	}
	e.buf = append(e.buf, c)
}

// Close writes '}' or ']'.
func (e *Encoder) Close(c byte) {
	e.counts = e.counts[:len(e.counts)-1]
	e.buf = append(e.buf, c)
}

// Raw writes b, which must be one JSON value.
func (e *Encoder) Raw(b []byte) { e.buf = append(e.buf, b...) }

// Literal writes s, which must be a JSON literal (true, 12).
func (e *Encoder) Literal(s string) { e.buf = append(e.buf, s...) }

// Bool writes true or false.
func (e *Encoder) Bool(b bool) { e.buf = strconv.AppendBool(e.buf, b) }

// Int writes an integer.
func (e *Encoder) Int(i int64) { e.buf = strconv.AppendInt(e.buf, i, 10) }

// Str writes s as a JSON string, escaping only what JSON requires; a
// string that is not valid UTF-8, or longer once escaped than a decoder
// accepts, fails.
func (e *Encoder) Str(s string) {
	if !utf8.ValidString(s) {
		e.Fail("string %q is not valid UTF-8", s)
	}
	e.buf = append(e.buf, '"')
	open := len(e.buf)
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= ' ' && c != '"' && c != '\\' {
			continue
		}
		e.buf = append(e.buf, s[start:i]...)
		switch c {
		case '"', '\\':
			e.buf = append(e.buf, '\\', c)
		case '\n':
			e.buf = append(e.buf, '\\', 'n')
		case '\r':
			e.buf = append(e.buf, '\\', 'r')
		case '\t':
			e.buf = append(e.buf, '\\', 't')
		default:
			e.buf = append(e.buf, `\u00`...)
			e.buf = append(e.buf, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		}
		start = i + 1
	}
	e.buf = append(e.buf, s[start:]...)
	if n := len(e.buf) - open; n > DefaultLimits.String {
		e.Fail("a string of %d bytes, more than %d", n, DefaultLimits.String)
	}
	e.buf = append(e.buf, '"')
}

// StrField writes a string member, left out when empty.
func (e *Encoder) StrField(k, v string) {
	if v != "" {
		e.IDField(k, v)
	}
}

// IDField writes a string member, even when empty.
func (e *Encoder) IDField(k, v string) {
	e.Key(k)
	e.Str(v)
	e.Pop()
}

// IntField writes an integer member, left out when 0.
func (e *Encoder) IntField(k string, v int) {
	if v != 0 {
		e.Key(k)
		e.Int(int64(v))
		e.Pop()
	}
}

// BoolField writes a bool member, left out when false.
func (e *Encoder) BoolField(k string, v bool) {
	if v {
		e.Key(k)
		e.Literal("true")
		e.Pop()
	}
}

// NameField writes an enum-like member by name; ok false means the value is
// out of range, which fails. It is left out when the value is its type's
// zero value (zero) and in range.
func (e *Encoder) NameField(k, name string, ok, zero bool) {
	if zero && ok {
		return
	}
	e.Key(k)
	if !ok {
		e.Fail("invalid %s", k)
	}
	e.Str(name)
	e.Pop()
}

// StrList writes a member holding a list of strings, left out when empty.
func (e *Encoder) StrList(k string, list []string) {
	if len(list) == 0 {
		return
	}
	e.Key(k)
	e.Strings(list)
	e.Pop()
}

// Strings writes an array of strings.
func (e *Encoder) Strings(list []string) {
	e.Open('[')
	for i, s := range list {
		e.Sep()
		e.PushIndex(i)
		e.Str(s)
		e.Pop()
	}
	e.Close(']')
}

// ObjectList writes a member holding a list of objects, left out when
// empty; elem writes the members of each.
func ObjectList[T any](e *Encoder, k string, list []T, elem func(*T)) {
	if len(list) == 0 {
		return
	}
	e.Key(k)
	e.Open('[')
	for i := range list {
		e.Sep()
		e.PushIndex(i)
		e.Open('{')
		elem(&list[i])
		e.Close('}')
		e.Pop()
	}
	e.Close(']')
	e.Pop()
}

// Decimal writes x as a string (FormatDecimal).
func (e *Encoder) Decimal(x decimal.Decimal) {
	e.buf = append(e.buf, '"')
	e.buf = append(e.buf, e.formatDecimal(x)...)
	e.buf = append(e.buf, '"')
}

// ShapedDecimal writes x as a JSON number that is not an integer literal
// (2.0, 1.5, 1e99): the shape a decoder that types values by their JSON
// shape reads as a decimal rather than an integer. An integral x is written
// with ".0", or with an exponent when ".0" would take it past the digit
// limit.
func (e *Encoder) ShapedDecimal(x decimal.Decimal) {
	s := e.formatDecimal(x)
	if !strings.ContainsAny(s, ".e") {
		if digits, exp := normalize(x); len(digits)+exp < DefaultLimits.Digits {
			s += ".0"
		} else {
			s = strings.TrimSuffix(s, strings.Repeat("0", exp)) + "e" + strconv.Itoa(exp)
		}
	}
	e.buf = append(e.buf, s...)
}

// formatDecimal formats x, failing when a decoder would refuse it: more
// significant digits or an exponent beyond what DefaultLimits allow, once
// trailing zeros are dropped.
func (e *Encoder) formatDecimal(x decimal.Decimal) string {
	digits, exp := normalize(x)
	lim := DefaultLimits
	if len(digits) > lim.Digits || exp < -lim.Exponent || exp > lim.Exponent {
		e.Fail("decimal %s has more than %d significant digits or an exponent beyond ±%d", x.String(), lim.Digits, lim.Exponent)
	}
	return FormatDecimal(x)
}

// normalize returns the digits of x's coefficient without trailing zeros
// (no sign; "0" for zero) and the exponent that goes with them.
func normalize(x decimal.Decimal) (digits string, exp int) {
	digits, exp = x.Coefficient().String(), int(x.Exponent())
	digits = strings.TrimPrefix(digits, "-")
	if digits == "0" {
		return digits, 0
	}
	for digits[len(digits)-1] == '0' {
		digits, exp = digits[:len(digits)-1], exp+1
	}
	return digits, exp
}

// FormatDecimal returns x without trailing zeros after the point, in plain
// notation (1.5, 1500, 0.001, -2) unless that would write more digits than
// DefaultLimits.Digits: then with an exponent (1e200).
func FormatDecimal(x decimal.Decimal) string {
	digits, exp := normalize(x)
	sign := ""
	if x.Sign() < 0 {
		sign = "-"
	}
	switch {
	case digits == "0":
		return "0"
	case exp >= 0 && len(digits)+exp > DefaultLimits.Digits:
		return sign + digits + "e" + strconv.Itoa(exp)
	case exp >= 0:
		return sign + digits + strings.Repeat("0", exp)
	}
	frac := -exp
	if len(digits) <= frac {
		digits = strings.Repeat("0", frac-len(digits)+1) + digits
	}
	point := len(digits) - frac
	return sign + digits[:point] + "." + digits[point:]
}
