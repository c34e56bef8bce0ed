package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// FormatBookV1 is the value of the "format" member of a price book JSON
// document in the format this package reads and writes (see the package
// documentation, section "Price book JSON").
const FormatBookV1 = "tariff.pricebook.v1"

// The errors DecodeBook returns inside a *DecodeError. Every DecodeError
// matches ErrSyntax; the others say which rule was broken.
var (
	// ErrSyntax is matched by every *DecodeError, and on its own names
	// malformed JSON: a bad token, invalid UTF-8, the end of input inside a
	// value.
	ErrSyntax = errors.New("pricing: malformed price book JSON")
	// ErrTrailingData: something other than white space follows the value.
	ErrTrailingData = errors.New("pricing: data after the JSON value")
	// ErrDuplicateKey: an object names the same key twice.
	ErrDuplicateKey = errors.New("pricing: duplicate JSON key")
	// ErrUnknownField: an object has a member the format does not define.
	ErrUnknownField = errors.New("pricing: unknown JSON field")
	// ErrMissingField: an object lacks a member the format requires.
	ErrMissingField = errors.New("pricing: missing JSON field")
	// ErrWrongType: a JSON value of the wrong kind, null included (null is
	// never accepted: leave a member out instead).
	ErrWrongType = errors.New("pricing: wrong JSON type")
	// ErrInvalidValue: a value of the right JSON kind that the format does
	// not accept: an unknown format, currency, model, kind, period unit,
	// aggregation or allowance grant; a count that is not an integer; a
	// string that is not a decimal number; a decimal with more than 100
	// significant digits or an exponent beyond ±1000.
	ErrInvalidValue = errors.New("pricing: invalid JSON value")
)

// DecodeError reports why a price book JSON document could not be decoded
// and where.
//
// Path locates the offending value by keys and indexes from the root, e.g.
// charges[1].price.tiers[0].up_to ("$" is the root itself; a key other than
// letters, digits, '_' and '-' is written ["quoted"]). For an unknown field
// or a duplicate key, Path names that key; for a missing field, the field
// that is missing. Offset is the byte offset in the input where the
// offending token starts (for a missing field, where its object ends).
//
// errors.Is(err, ErrSyntax) holds for every DecodeError, and errors.Is with
// the more specific sentinel (ErrUnknownField, ...) through Err.
type DecodeError struct {
	Path   string
	Offset int64
	Err    error
}

// Error returns "pricing: JSON <path> (offset <n>): <detail>".
func (e *DecodeError) Error() string {
	return "pricing: JSON " + e.Path + " (offset " + strconv.FormatInt(e.Offset, 10) + "): " + e.Err.Error()
}

// Unwrap returns ErrSyntax and the cause, Err.
func (e *DecodeError) Unwrap() []error { return []error{ErrSyntax, e.Err} }

// Bounds on decoded decimals, so that input such as 1e-999999999 or a
// number of a million digits cannot make parsing, later arithmetic or
// formatting take unbounded time and memory: at most maxDecimalDigits
// significant digits, an exponent within ±maxDecimalExponent, and a text of
// at most maxDecimalText bytes (more than any decimal within the first two
// bounds takes when MarshalJSON writes it).
const (
	maxDecimalDigits   = 100
	maxDecimalExponent = 1000
	maxDecimalText     = maxDecimalDigits + maxDecimalExponent + 8
)

// DecodeBook decodes a price book JSON document (see "Price book JSON" in
// the package documentation) and builds the Book with NewBook.
//
// A document that is not well-formed, strict price book JSON gives a
// *DecodeError; a well-formed document describing an invalid book gives
// NewBook's *ValidationError, listing every problem. On error the Book is
// nil.
func DecodeBook(data []byte) (*Book, error) {
	def, err := decodeBook(data)
	if err != nil {
		return nil, err
	}
	return NewBook(def)
}

// fault is the cause inside a DecodeError: a sentinel and a detail.
type fault struct {
	kind   error
	detail string
}

func (f *fault) Error() string { return f.detail }
func (f *fault) Unwrap() error { return f.kind }

// seg is one step of a JSON path: a key, or an index when key is "".
type seg struct {
	key   string
	index int
}

// bookDecoder walks the token stream of encoding/json's Decoder by the
// shape of the format, so that no value is decoded without knowing its path.
type bookDecoder struct {
	data []byte
	dec  *json.Decoder
	segs []seg
	off  int64 // where the last token read starts
}

func decodeBook(data []byte) (PriceBook, error) {
	d := &bookDecoder{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	d.dec.UseNumber()
	if !utf8.Valid(data) {
		d.off = int64(invalidUTF8At(data))
		return PriceBook{}, d.fail(ErrSyntax, "invalid UTF-8")
	}
	book, err := d.book()
	if err != nil {
		return PriceBook{}, err
	}
	d.segs = d.segs[:0]
	if _, err := d.token(); err != io.EOF {
		return PriceBook{}, d.fail(ErrTrailingData, "data after the price book")
	}
	return book, nil
}

func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

func (d *bookDecoder) path() string {
	if len(d.segs) == 0 {
		return "$"
	}
	var sb strings.Builder
	for i, s := range d.segs {
		switch {
		case s.key == "":
			fmt.Fprintf(&sb, "[%d]", s.index)
		case plainKey(s.key):
			if i > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(s.key)
		default:
			fmt.Fprintf(&sb, "[%s]", strconv.Quote(s.key))
		}
	}
	return sb.String()
}

func plainKey(k string) bool {
	return k != "" && !strings.ContainsFunc(k, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	})
}

func (d *bookDecoder) fail(kind error, format string, args ...any) error {
	return &DecodeError{Path: d.path(), Offset: d.off, Err: &fault{kind, fmt.Sprintf(format, args...)}}
}

// token reads the next token, recording where it starts. It returns io.EOF
// at the end of the input and a DecodeError for malformed JSON.
func (d *bookDecoder) token() (json.Token, error) {
	off := d.dec.InputOffset()
	for off < int64(len(d.data)) && strings.IndexByte(" \t\r\n,:", d.data[off]) >= 0 {
		off++
	}
	d.off = off
	t, err := d.dec.Token()
	switch {
	case err == io.EOF:
		return nil, io.EOF
	case err != nil:
		var se *json.SyntaxError
		if errors.As(err, &se) {
			d.off = se.Offset
		} else if errors.Is(err, io.ErrUnexpectedEOF) {
			d.off = int64(len(d.data))
		}
		return nil, d.fail(ErrSyntax, "%v", err)
	}
	return t, nil
}

// value reads the token of a value; the end of the input is a syntax error.
func (d *bookDecoder) value() (json.Token, error) {
	t, err := d.token()
	if err == io.EOF {
		return nil, d.fail(ErrSyntax, "unexpected end of input")
	}
	return t, err
}

func describe(t json.Token) string {
	switch v := t.(type) {
	case nil:
		return "null"
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", t)
}

func (d *bookDecoder) wrongType(t json.Token, want string) error {
	return d.fail(ErrWrongType, "want %s, got %s", want, describe(t))
}

// object reads an object, calling field for each member with the path
// pointing at its key; field reads the member's value and reports whether
// the key is known. required lists keys that must be present.
func (d *bookDecoder) object(field func(key string) (bool, error), required ...string) error {
	t, err := d.value()
	if err != nil {
		return err
	}
	if t != json.Delim('{') {
		return d.wrongType(t, "an object")
	}
	seen := make(map[string]bool)
	for {
		t, err := d.value()
		if err != nil {
			return err
		}
		if t == json.Delim('}') {
			break
		}
		key := t.(string) // the Decoder yields only strings as keys
		d.segs = append(d.segs, seg{key: key})
		if seen[key] {
			return d.fail(ErrDuplicateKey, "duplicate key %q", key)
		}
		seen[key] = true
		keyOff := d.off
		known, err := field(key)
		if err != nil {
			return err
		}
		if !known {
			d.off = keyOff
			return d.fail(ErrUnknownField, "unknown field %q", key)
		}
		d.segs = d.segs[:len(d.segs)-1]
	}
	for _, k := range required {
		if !seen[k] {
			d.segs = append(d.segs, seg{key: k})
			return d.fail(ErrMissingField, "missing field %q", k)
		}
	}
	return nil
}

// list reads an array, calling elem for each element with the path
// pointing at its index.
func (d *bookDecoder) list(elem func() error) error {
	t, err := d.value()
	if err != nil {
		return err
	}
	if t != json.Delim('[') {
		return d.wrongType(t, "an array")
	}
	for i := 0; d.dec.More(); i++ {
		d.segs = append(d.segs, seg{index: i})
		if err := elem(); err != nil {
			return err
		}
		d.segs = d.segs[:len(d.segs)-1]
	}
	_, err = d.value() // the closing bracket
	return err
}

func (d *bookDecoder) str() (string, error) {
	t, err := d.value()
	if err != nil {
		return "", err
	}
	s, ok := t.(string)
	if !ok {
		return "", d.wrongType(t, "a string")
	}
	return s, nil
}

func (d *bookDecoder) strings() ([]string, error) {
	var out []string
	err := d.list(func() error {
		s, err := d.str()
		out = append(out, s)
		return err
	})
	return out, err
}

func (d *bookDecoder) boolean() (bool, error) {
	t, err := d.value()
	if err != nil {
		return false, err
	}
	b, ok := t.(bool)
	if !ok {
		return false, d.wrongType(t, "a boolean")
	}
	return b, nil
}

// integer reads a JSON number that is an integer in int32's range.
func (d *bookDecoder) integer() (int, error) {
	t, err := d.value()
	if err != nil {
		return 0, err
	}
	n, ok := t.(json.Number)
	if !ok {
		return 0, d.wrongType(t, "an integer")
	}
	i, err := strconv.ParseInt(string(n), 10, 32)
	if err != nil {
		return 0, d.fail(ErrInvalidValue, "%s is not an integer in range", n)
	}
	return int(i), nil
}

// decimal reads a decimal written as a string ("0.99") or a number (0.99),
// exactly, from its text: never through float64. A string must hold a JSON
// number.
func (d *bookDecoder) decimal() (decimal.Decimal, error) {
	t, err := d.value()
	if err != nil {
		return decimal.Decimal{}, err
	}
	var text string
	switch v := t.(type) {
	case json.Number:
		text = string(v)
	case string:
		if !isJSONNumber(v) {
			return decimal.Decimal{}, d.fail(ErrInvalidValue, "%q is not a decimal number", v)
		}
		text = v
	default:
		return decimal.Decimal{}, d.wrongType(t, "a decimal string or number")
	}
	if len(text) > maxDecimalText {
		return decimal.Decimal{}, d.fail(ErrInvalidValue, "a decimal of %d bytes is longer than %d", len(text), maxDecimalText)
	}
	x, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, d.fail(ErrInvalidValue, "%s is out of range", text)
	}
	if err := decimalInRange(x); err != nil {
		return decimal.Decimal{}, d.fail(ErrInvalidValue, "%s: %v", text, err)
	}
	return x, nil
}

// decimalInRange checks the bounds on significant digits and exponent.
func decimalInRange(x decimal.Decimal) error {
	if e := x.Exponent(); e < -maxDecimalExponent || e > maxDecimalExponent {
		return fmt.Errorf("exponent %d beyond ±%d", e, maxDecimalExponent)
	}
	if n := x.NumDigits(); n > maxDecimalDigits {
		return fmt.Errorf("%d significant digits, more than %d", n, maxDecimalDigits)
	}
	return nil
}

func (d *bookDecoder) nullDecimal() (decimal.NullDecimal, error) {
	x, err := d.decimal()
	return decimal.NullDecimal{Decimal: x, Valid: err == nil}, err
}

// isJSONNumber reports whether s is exactly one JSON number: it starts with
// a minus or a digit, ends with a digit, and is valid JSON.
func isJSONNumber(s string) bool {
	if s == "" || !(s[0] == '-' || isDigit(s[0])) || !isDigit(s[len(s)-1]) {
		return false
	}
	return json.Valid([]byte(s))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// name reads a string and parses it with parse; what names the kind of
// value for the error.
func name[T any](d *bookDecoder, what string, parse func(string) (T, bool)) (T, error) {
	s, err := d.str()
	if err != nil {
		var zero T
		return zero, err
	}
	v, ok := parse(s)
	if !ok {
		return v, d.fail(ErrInvalidValue, "unknown %s %q", what, s)
	}
	return v, nil
}

func (d *bookDecoder) book() (PriceBook, error) {
	var b PriceBook
	err := d.object(func(key string) (bool, error) {
		var err error
		switch key {
		case "format":
			var f string
			if f, err = d.str(); err == nil && f != FormatBookV1 {
				err = d.fail(ErrInvalidValue, "unknown format %q, want %q", f, FormatBookV1)
			}
		case "currency":
			b.Currency, err = name(d, "currency", func(s string) (Currency, bool) {
				c, err := ParseCurrency(s)
				return c, err == nil
			})
		case "charges":
			err = d.list(func() error {
				c, err := d.charge()
				b.Charges = append(b.Charges, c)
				return err
			})
		case "free":
			b.Free, err = d.strings()
		case "discounts":
			err = d.list(func() error {
				p, err := d.plan()
				b.Discounts = append(b.Discounts, p)
				return err
			})
		default:
			return false, nil
		}
		return true, err
	}, "format", "currency")
	if err != nil {
		return PriceBook{}, err
	}
	// A price carries its book's currency.
	for i := range b.Charges {
		b.Charges[i].Price.Currency = b.Currency
	}
	return b, nil
}

func (d *bookDecoder) charge() (Charge, error) {
	var c Charge
	err := d.object(func(key string) (bool, error) {
		var err error
		switch key {
		case "id":
			c.ID, err = d.str()
		case "name":
			c.Name, err = d.str()
		case "product":
			c.Product, err = d.str()
		case "kind":
			c.Kind, err = name(d, "charge kind", ParseChargeKind)
		case "period":
			err = d.object(func(key string) (bool, error) {
				var err error
				switch key {
				case "unit":
					c.Period.Unit, err = name(d, "period unit", ParsePeriodUnit)
				case "count":
					c.Period.Count, err = d.integer()
				default:
					return false, nil
				}
				return true, err
			}, "unit")
		case "meter":
			c.Meter, err = d.str()
		case "allowance":
			c.Allowance, err = d.str()
		case "aggregate":
			c.Aggregate, err = name(d, "aggregation", ParseAggregation)
		case "allowance_grant":
			c.Grant, err = name(d, "allowance grant", ParseAllowanceGrant)
		case "price":
			c.Price, err = d.price()
		default:
			return false, nil
		}
		return true, err
	}, "id", "product", "kind", "price")
	return c, err
}

func (d *bookDecoder) price() (Price, error) {
	var p Price
	set := make(map[string]bool)
	err := d.object(func(key string) (bool, error) {
		set[key] = true
		var err error
		switch key {
		case "model":
			p.Model, err = name(d, "price model", ParseModel)
		case "amount":
			p.Amount, err = d.decimal()
		case "tiers":
			err = d.list(func() error {
				t, err := d.tier()
				p.Tiers = append(p.Tiers, t)
				return err
			})
		case "flat_at_zero":
			p.FlatAtZero, err = d.boolean()
		case "block_size":
			p.BlockSize, err = d.decimal()
		case "free_units":
			p.FreeUnits, err = d.decimal()
		case "percent":
			p.Percent, err = d.decimal()
		case "fixed":
			p.Fixed, err = d.decimal()
		case "min_fee":
			p.MinFee, err = d.nullDecimal()
		case "max_fee":
			p.MaxFee, err = d.nullDecimal()
		case "minimum":
			p.Minimum, err = d.nullDecimal()
		case "maximum":
			p.Maximum, err = d.nullDecimal()
		default:
			return false, nil
		}
		return true, err
	}, "model")
	if err != nil {
		return Price{}, err
	}
	// The figure that defines each model must be written out: a missing
	// one would otherwise price at a silent zero.
	var need string
	switch p.Model {
	case ModelFlat, ModelPerUnit, ModelPackage:
		need = "amount"
	case ModelGraduated, ModelVolume:
		need = "tiers"
	case ModelPercentage:
		need = "percent"
	}
	if !set[need] {
		d.segs = append(d.segs, seg{key: need})
		return Price{}, d.fail(ErrMissingField, "a %s price needs %q", p.Model, need)
	}
	return p, nil
}

func (d *bookDecoder) tier() (Tier, error) {
	var t Tier
	err := d.object(func(key string) (bool, error) {
		var err error
		switch key {
		case "up_to":
			t.UpTo, err = d.nullDecimal()
		case "unit":
			t.Unit, err = d.decimal()
		case "flat":
			t.Flat, err = d.decimal()
		default:
			return false, nil
		}
		return true, err
	})
	return t, err
}

func (d *bookDecoder) plan() (DiscountPlan, error) {
	var p DiscountPlan
	err := d.object(func(key string) (bool, error) {
		var err error
		switch key {
		case "id":
			p.ID, err = d.str()
		case "product":
			p.Product, err = d.str()
		case "entries":
			err = d.list(func() error {
				e, err := d.entry()
				p.Entries = append(p.Entries, e)
				return err
			})
		default:
			return false, nil
		}
		return true, err
	}, "id", "product", "entries")
	return p, err
}

func (d *bookDecoder) entry() (DiscountEntry, error) {
	var e DiscountEntry
	err := d.object(func(key string) (bool, error) {
		var err error
		switch key {
		case "charge":
			e.Charge, err = d.str()
		case "min_volume":
			e.MinVolume, err = d.decimal()
		case "percent":
			e.Percent, err = d.decimal()
		default:
			return false, nil
		}
		return true, err
	}, "charge", "min_volume", "percent")
	return e, err
}
