package strictjson

import (
	"math"
	"strconv"

	"github.com/shopspring/decimal"
)

// MaxDecimalExponent bounds the exponent of decoded decimals, so that
// hostile input such as 1e-999999999 cannot make later arithmetic or
// formatting take unbounded time and memory.
const MaxDecimalExponent = 1000

// Decoder walks a scanned document. It keeps the path of the value being
// decoded, pushed and popped as the walk goes and read only to build an
// error. The zero Decoder is at the root.
type Decoder struct {
	segs []Seg
}

// Push enters the member key of the current object.
func (d *Decoder) Push(key string) { d.segs = append(d.segs, Seg{Key: key}) }

// PushIndex enters element i of the current array.
func (d *Decoder) PushIndex(i int) { d.segs = append(d.segs, Seg{Index: i, IsIndex: true}) }

// Pop leaves the member or element entered last.
func (d *Decoder) Pop() { d.segs = d.segs[:len(d.segs)-1] }

// Path returns the current path, as FormatPath writes it.
func (d *Decoder) Path() string { return FormatPath(d.segs) }

// Fail returns an *Error of the given kind at the current path and offset
// off.
func (d *Decoder) Fail(off int64, kind error, format string, args ...any) error {
	return newError(d.segs, off, kind, format, args...)
}

// Within returns e, an error found decoding the value n on its own (e's path
// relative to n, its offset from n's first byte), placed at n's place in the
// document: the current path and n's offset.
func (d *Decoder) Within(n *Node, e *Error) error {
	return &Error{Path: JoinPath(d.Path(), e.Path), Offset: n.Off + e.Offset, Kind: e.Kind, Detail: e.Detail}
}

// WrongType reports n as a value of the wrong kind; want says what was
// wanted ("a string").
func (d *Decoder) WrongType(n *Node, want string) error {
	return d.Fail(n.Off, ErrWrongType, "got %s, want %s", n.Kind, want)
}

// Missing reports the absence of the required member key of object n.
func (d *Decoder) Missing(n *Node, key string) error {
	d.Push(key)
	return d.Fail(n.Off, ErrMissingField, "missing required field %q", key)
}

// Object calls field for every member of object n, in document order, with
// the member's key on the path. field reports false for a key it does not
// know: an unknown field.
func (d *Decoder) Object(n *Node, field func(m *Member) (known bool, err error)) error {
	if n.Kind != Object {
		return d.WrongType(n, "an object")
	}
	for i := range n.Members {
		m := &n.Members[i]
		d.Push(m.Key)
		known, err := field(m)
		if err != nil {
			return err
		}
		if !known {
			return d.Fail(m.Off, ErrUnknownField, "unknown field %q", m.Key)
		}
		d.Pop()
	}
	return nil
}

// List decodes array n element by element, each with its index on the
// path; an empty array gives nil.
func List[T any](d *Decoder, n *Node, elem func(*Node) (T, error)) ([]T, error) {
	if n.Kind != Array {
		return nil, d.WrongType(n, "an array")
	}
	if len(n.Elems) == 0 {
		return nil, nil
	}
	out := make([]T, len(n.Elems))
	for i := range n.Elems {
		d.PushIndex(i)
		var err error
		if out[i], err = elem(&n.Elems[i]); err != nil {
			return nil, err
		}
		d.Pop()
	}
	return out, nil
}

// Str decodes a string.
func (d *Decoder) Str(n *Node) (string, error) {
	if n.Kind != String {
		return "", d.WrongType(n, "a string")
	}
	return n.Text, nil
}

// Strings decodes an array of strings; an empty array gives nil.
func (d *Decoder) Strings(n *Node) ([]string, error) { return List(d, n, d.Str) }

// Bool decodes true or false.
func (d *Decoder) Bool(n *Node) (bool, error) {
	if n.Kind != Bool {
		return false, d.WrongType(n, "a bool")
	}
	return n.Bool, nil
}

// Integer decodes an integral number that fits in bits bits (32 or 64). 3,
// 3.0 and 3e0 are the same integer; 3.5 is not one.
func (d *Decoder) Integer(n *Node, bits int) (int64, error) {
	if n.Kind != Number {
		return 0, d.WrongType(n, "an integer")
	}
	if i, err := strconv.ParseInt(n.Text, 10, bits); err == nil {
		return i, nil
	}
	x, err := d.ParseDecimal(n, n.Text)
	if err != nil {
		return 0, err
	}
	if !x.IsInteger() {
		return 0, d.Fail(n.Off, ErrInvalidValue, "%s is not an integer", n.Text)
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if bits == 32 {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	if x.Cmp(decimal.NewFromInt(lo)) < 0 || x.Cmp(decimal.NewFromInt(hi)) > 0 {
		return 0, d.Fail(n.Off, ErrInvalidValue, "%s is out of range for a %d-bit integer", n.Text, bits)
	}
	return x.IntPart(), nil
}

// Int decodes an integer into a Go int.
func (d *Decoder) Int(n *Node) (int, error) {
	i, err := d.Integer(n, strconv.IntSize)
	return int(i), err
}

// Decimal decodes a decimal written as a string ("0.99") or a number (0.99),
// exactly, from its text. A string must hold a JSON number.
func (d *Decoder) Decimal(n *Node) (decimal.Decimal, error) {
	switch n.Kind {
	case Number:
		return d.ParseDecimal(n, n.Text)
	case String:
		if l, ok := scanNumber(n.Text); !ok || l != len(n.Text) {
			return decimal.Decimal{}, d.Fail(n.Off, ErrInvalidValue, "%q is not a decimal number", n.Text)
		}
		return d.ParseDecimal(n, n.Text)
	}
	return decimal.Decimal{}, d.WrongType(n, "a decimal string or number")
}

// ParseDecimal parses text, which has the JSON number grammar, refusing an
// exponent beyond ±MaxDecimalExponent; errors are reported at n.
func (d *Decoder) ParseDecimal(n *Node, text string) (decimal.Decimal, error) {
	x, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, d.Fail(n.Off, ErrInvalidValue, "%s is out of range", text)
	}
	if e := x.Exponent(); e < -MaxDecimalExponent || e > MaxDecimalExponent {
		return decimal.Decimal{}, d.Fail(n.Off, ErrInvalidValue, "%s has an exponent beyond ±%d", text, MaxDecimalExponent)
	}
	return x, nil
}

// NullDecimal decodes a decimal as Decimal does, Valid on success.
func (d *Decoder) NullDecimal(n *Node) (decimal.NullDecimal, error) {
	x, err := d.Decimal(n)
	return decimal.NullDecimal{Decimal: x, Valid: err == nil}, err
}

// Name decodes an enum-like string with parse ("integer" → TypeInteger);
// what names the enum in the error ("type").
func Name[T any](d *Decoder, n *Node, what string, parse func(string) (T, bool)) (T, error) {
	var zero T
	s, err := d.Str(n)
	if err != nil {
		return zero, err
	}
	v, ok := parse(s)
	if !ok {
		return zero, d.Fail(n.Off, ErrInvalidValue, "unknown %s %q", what, s)
	}
	return v, nil
}
