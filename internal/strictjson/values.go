package strictjson

import (
	"math"
	"strconv"

	"github.com/shopspring/decimal"
)

// This file holds what the schema code calls to read a value of a given
// kind, and to build errors at the current path.

// Push enters the member key of the current object; the schema code pushes
// only keys that are not read from the document (Missing does), or to
// read a value again at its place (Mark).
func (d *Decoder) Push(key string) { d.steps = append(d.steps, step{key: key}) }

// PushIndex enters element i of the current array.
func (d *Decoder) PushIndex(i int) { d.steps = append(d.steps, step{index: i, isIndex: true}) }

// Pop leaves the member or element entered last.
func (d *Decoder) Pop() { d.steps = d.steps[:len(d.steps)-1] }

// Path returns the current path, as FormatPath writes it.
func (d *Decoder) Path() string { return d.path() }

// KeyOffset returns the offset of the key of the member being read.
func (d *Decoder) KeyOffset() int64 { return int64(d.steps[len(d.steps)-1].keyOff - 1) }

// Fail returns an *Error of the given kind at the current path and offset
// off.
func (d *Decoder) Fail(off int64, kind error, format string, args ...any) error {
	return newError(d.path(), off, kind, "", format, args...)
}

// fail is Fail at the current position.
func (d *Decoder) fail(kind error, format string, args ...any) error {
	return d.Fail(int64(d.pos), kind, format, args...)
}

// limit returns an ErrLimit error for the limit name, crossed at off.
func (d *Decoder) limit(off int, name, format string, args ...any) error {
	return newError(d.path(), int64(off), ErrLimit, name, format, args...)
}

// Within returns e, an error found decoding on its own a value that starts
// at off in the document (e's path relative to the value, its offset from
// the value's first byte), placed at the value's place: the current path
// and off.
func (d *Decoder) Within(off int64, e *Error) error {
	return &Error{Path: JoinPath(d.path(), e.Path), Offset: off + e.Offset, Kind: e.Kind, Limit: e.Limit, Detail: e.Detail, Cause: e.Cause}
}

// Invalid returns an *Error of kind ErrInvalidValue at the current path and
// offset off that matches cause too: the error of the parser that refused
// the value (nil for none).
func (d *Decoder) Invalid(off int64, cause error, format string, args ...any) error {
	e := newError(d.path(), off, ErrInvalidValue, "", format, args...)
	e.Cause = cause
	return e
}

// WrongType reports the next value, of kind got, as a value of the wrong
// kind; want says what was wanted ("a string").
func (d *Decoder) WrongType(got Kind, want string) error {
	return d.Fail(d.Offset(), ErrWrongType, "got %s, want %s", got, want)
}

// Missing reports the absence of the required member key of the object
// at off.
func (d *Decoder) Missing(off int64, key string) error {
	d.Push(key)
	return d.Fail(off, ErrMissingField, "missing required field %q", key)
}

// List reads an array element by element with elem, each with its index
// on the path; an empty array gives nil.
func List[T any](d *Decoder, elem func() (T, error)) ([]T, error) {
	var out Builder[T]
	err := d.Array(func(int) error {
		v, err := elem()
		out.Add(v)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out.Slice(), nil
}

// Str reads a string.
func (d *Decoder) Str() (string, error) {
	if err := d.expect(String, "a string"); err != nil {
		return "", err
	}
	b, _, err := d.str()
	return string(b), err
}

// Strings reads an array of strings; an empty array gives nil.
func (d *Decoder) Strings() ([]string, error) { return List(d, d.Str) }

// Bool reads true or false.
func (d *Decoder) Bool() (bool, error) {
	if err := d.expect(Bool, "a bool"); err != nil {
		return false, err
	}
	if d.data[d.pos] == 't' {
		d.pos += len("true")
		return true, nil
	}
	d.pos += len("false")
	return false, nil
}

// Null reads null.
func (d *Decoder) Null() error {
	if err := d.expect(Null, "null"); err != nil {
		return err
	}
	d.pos += len("null")
	return nil
}

// Number reads a number and returns its text as written.
func (d *Decoder) Number() (string, error) {
	if err := d.expect(Number, "a number"); err != nil {
		return "", err
	}
	b, err := d.number()
	return string(b), err
}

// Integer reads an integral number that fits in bits bits (32 or 64). 3,
// 3.0 and 3e0 are the same integer; 3.5 is not one.
func (d *Decoder) Integer(bits int) (int64, error) {
	if err := d.expect(Number, "an integer"); err != nil {
		return 0, err
	}
	off := d.pos
	b, err := d.number()
	if err != nil {
		return 0, err
	}
	if i, err := strconv.ParseInt(string(b), 10, bits); err == nil {
		return i, nil
	}
	x, err := d.parseDecimal(off, b)
	if err != nil {
		return 0, err
	}
	if !x.IsInteger() {
		return 0, d.Fail(int64(off), ErrInvalidValue, "%s is not an integer", b)
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if bits == 32 {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	if x.Cmp(decimal.NewFromInt(lo)) < 0 || x.Cmp(decimal.NewFromInt(hi)) > 0 {
		return 0, d.Fail(int64(off), ErrInvalidValue, "%s is out of range for a %d-bit integer", b, bits)
	}
	return x.IntPart(), nil
}

// Int reads an integer into a Go int.
func (d *Decoder) Int() (int, error) {
	i, err := d.Integer(strconv.IntSize)
	return int(i), err
}

// Decimal reads a decimal written as a string ("0.99") or a number (0.99),
// exactly, from its text. A string must hold a JSON number; both are held
// to the number limits (Limits.Digits, Exponent and NumberText).
func (d *Decoder) Decimal() (decimal.Decimal, error) {
	k, err := d.Kind()
	if err != nil {
		return decimal.Decimal{}, err
	}
	off := d.pos
	switch k {
	case Number:
		b, err := d.number()
		if err != nil {
			return decimal.Decimal{}, err
		}
		return d.parseDecimal(off, b)
	case String:
		b, _, err := d.str()
		if err != nil {
			return decimal.Decimal{}, err
		}
		switch n, p := scanNumber(b, &d.Limits); {
		case p == numSyntax || p == numOK && n != len(b):
			return decimal.Decimal{}, d.Fail(int64(off), ErrInvalidValue, "%q is not a decimal number", b)
		case p != numOK:
			return decimal.Decimal{}, d.numberLimit(off, p)
		}
		return d.parseDecimal(off, b)
	}
	return decimal.Decimal{}, d.WrongType(k, "a decimal string or number")
}

// parseDecimal parses text, a number within the limits, found at off.
func (d *Decoder) parseDecimal(off int, text []byte) (decimal.Decimal, error) {
	x, err := decimal.NewFromString(string(text))
	if err != nil {
		return decimal.Decimal{}, d.Fail(int64(off), ErrInvalidValue, "%s is out of range", text)
	}
	return x, nil
}

// NullDecimal reads a decimal as Decimal does, Valid on success.
func (d *Decoder) NullDecimal() (decimal.NullDecimal, error) {
	x, err := d.Decimal()
	return decimal.NullDecimal{Decimal: x, Valid: err == nil}, err
}

// Name reads an enum-like string with parse ("integer" → TypeInteger);
// what names the enum in the error ("type").
func Name[T any](d *Decoder, what string, parse func(string) (T, bool)) (T, error) {
	var zero T
	off := d.Offset()
	s, err := d.Str()
	if err != nil {
		return zero, err
	}
	v, ok := parse(s)
	if !ok {
		return zero, d.Fail(off, ErrInvalidValue, "unknown %s %q", what, s)
	}
	return v, nil
}
