package pricing

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/internal/strictjson"
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
	// string that is not a decimal number; a number beyond the number
	// limits (which matches ErrLimit too).
	ErrInvalidValue = errors.New("pricing: invalid JSON value")
	// ErrLimit: the document crosses one of the decoding limits (see
	// "Price book JSON" in the package documentation): its size, its
	// nesting depth, the length of a string, the members of an object or
	// the elements of an array, or the significant digits, exponent or
	// length of a number. The DecodeError's Path and Offset say where it was
	// crossed, its text which limit.
	ErrLimit = errors.New("pricing: JSON limit exceeded")
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

// decimalInRange checks a decimal against the number limits every
// document is held to: at most 100 significant digits (those of its
// coefficient) and an exponent within ±1000.
func decimalInRange(x decimal.Decimal) error {
	lim := strictjson.DefaultLimits
	if e := x.Exponent(); e < -int32(lim.Exponent) || e > int32(lim.Exponent) {
		return fmt.Errorf("exponent %d beyond ±%d", e, lim.Exponent)
	}
	if n := x.NumDigits(); n > lim.Digits {
		return fmt.Errorf("%d significant digits, more than %d", n, lim.Digits)
	}
	return nil
}

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

// fault is the cause inside a DecodeError: the sentinels it matches and a
// detail.
type fault struct {
	kinds  []error
	detail string
}

func (f *fault) Error() string   { return f.detail }
func (f *fault) Unwrap() []error { return f.kinds }

// sentinels maps the kinds of strictjson's errors onto this package's.
var sentinels = map[error]error{
	strictjson.ErrSyntax:       ErrSyntax,
	strictjson.ErrTrailingData: ErrTrailingData,
	strictjson.ErrDuplicateKey: ErrDuplicateKey,
	strictjson.ErrUnknownField: ErrUnknownField,
	strictjson.ErrMissingField: ErrMissingField,
	strictjson.ErrWrongType:    ErrWrongType,
	strictjson.ErrInvalidValue: ErrInvalidValue,
	strictjson.ErrLimit:        ErrLimit,
}

// decodeError turns the *strictjson.Error err, if it is one, into a
// *DecodeError matching this package's sentinels; also says what else its
// cause matches.
func decodeError(err error, also ...error) error {
	e, ok := err.(*strictjson.Error)
	if !ok {
		return err
	}
	kinds := append([]error{sentinels[e.Kind]}, also...)
	if e.NumberLimit() {
		kinds = append(kinds, ErrInvalidValue)
	}
	return &DecodeError{Path: e.Path, Offset: e.Offset, Err: &fault{kinds: kinds, detail: e.Detail}}
}

// bookDecoder reads a price book as strictjson.Decoder streams it. An
// error between members or elements (a missing comma, the end of input) is
// placed at the enclosing object or array.
type bookDecoder struct {
	strictjson.Decoder
}

func decodeBook(data []byte) (PriceBook, error) {
	var book PriceBook
	err := decodeDocument(data, func(d *bookDecoder) (err error) {
		book, err = d.book()
		return err
	})
	if err != nil {
		return PriceBook{}, err
	}
	return book, nil
}

// decodeDocument reads data as one document whose value root reads (a
// price book, or a set of them), and turns a decoding error into a
// *DecodeError.
func decodeDocument(data []byte, root func(d *bookDecoder) error) error {
	d := &bookDecoder{Decoder: strictjson.NewDecoder(data)}
	d.SeparatorAtContainer = true
	err := d.Document(func() error { return root(d) })
	if err != nil {
		// Invalid UTF-8 is reported at the root, as this decoder always
		// has: the decoder stops at the first invalid byte it reads.
		if e, ok := err.(*strictjson.Error); ok && e.Kind == strictjson.ErrSyntax && e.Offset < int64(len(data)) {
			if r, n := utf8.DecodeRune(data[e.Offset:]); r == utf8.RuneError && n == 1 {
				e.Path = "$"
			}
		}
		return decodeError(err)
	}
	return nil
}

// object reads an object, calling field for each member with the path
// pointing at its key; field reads the member's value and reports whether
// the key is known. required lists keys that must be present; a missing
// one is reported where the object ends.
func (d *bookDecoder) object(field func(key []byte) (bool, error), required ...string) error {
	var seen uint
	err := d.Object(func(key []byte) (bool, error) {
		for i, k := range required {
			if string(key) == k {
				seen |= 1 << i
			}
		}
		return field(key)
	})
	if err != nil {
		return err
	}
	for i, k := range required {
		if seen&(1<<i) == 0 {
			return d.Missing(d.End()-1, k)
		}
	}
	return nil
}

// integer reads a JSON number that is an integer literal in int32's range.
func (d *bookDecoder) integer() (int, error) {
	off := d.Offset()
	text, err := d.Number()
	if err != nil {
		return 0, err
	}
	i, err := strconv.ParseInt(text, 10, 32)
	if err != nil {
		return 0, d.Fail(off, strictjson.ErrInvalidValue, "%s is not an integer in range", text)
	}
	return int(i), nil
}

// name reads a string and parses it with parse; what names the kind of
// value for the error.
func name[T any](d *bookDecoder, what string, parse func(string) (T, bool)) (T, error) {
	return strictjson.Name(&d.Decoder, what, parse)
}

func (d *bookDecoder) book() (PriceBook, error) {
	var b PriceBook
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "format":
			off := d.Offset()
			var f string
			if f, err = d.Str(); err == nil && f != FormatBookV1 {
				err = d.Fail(off, strictjson.ErrInvalidValue, "unknown format %q, want %q", f, FormatBookV1)
			}
		case "currency":
			b.Currency, err = name(d, "currency", func(s string) (Currency, bool) {
				c, err := ParseCurrency(s)
				return c, err == nil
			})
		case "charges":
			b.Charges, err = strictjson.List(&d.Decoder, d.charge)
		case "free":
			b.Free, err = d.Strings()
		case "discounts":
			b.Discounts, err = strictjson.List(&d.Decoder, d.plan)
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
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			c.ID, err = d.Str()
		case "name":
			c.Name, err = d.Str()
		case "product":
			c.Product, err = d.Str()
		case "kind":
			c.Kind, err = name(d, "charge kind", ParseChargeKind)
		case "period":
			err = d.object(func(key []byte) (bool, error) {
				var err error
				switch string(key) {
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
			c.Meter, err = d.Str()
		case "allowance":
			c.Allowance, err = d.Str()
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
	var has struct{ amount, tiers, percent bool }
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "model":
			p.Model, err = name(d, "price model", ParseModel)
		case "amount":
			p.Amount, err = d.Decimal()
			has.amount = true
		case "tiers":
			p.Tiers, err = strictjson.List(&d.Decoder, d.tier)
			has.tiers = true
		case "flat_at_zero":
			p.FlatAtZero, err = d.Bool()
		case "block_size":
			p.BlockSize, err = d.Decimal()
		case "free_units":
			p.FreeUnits, err = d.Decimal()
		case "percent":
			p.Percent, err = d.Decimal()
			has.percent = true
		case "fixed":
			p.Fixed, err = d.Decimal()
		case "min_fee":
			p.MinFee, err = d.NullDecimal()
		case "max_fee":
			p.MaxFee, err = d.NullDecimal()
		case "minimum":
			p.Minimum, err = d.NullDecimal()
		case "maximum":
			p.Maximum, err = d.NullDecimal()
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
	need, ok := "", true
	switch p.Model {
	case ModelFlat, ModelPerUnit, ModelPackage:
		need, ok = "amount", has.amount
	case ModelGraduated, ModelVolume:
		need, ok = "tiers", has.tiers
	case ModelPercentage:
		need, ok = "percent", has.percent
	}
	if !ok {
		d.Push(need)
		return Price{}, d.Fail(d.End()-1, strictjson.ErrMissingField, "a %s price needs %q", p.Model, need)
	}
	return p, nil
}

func (d *bookDecoder) tier() (Tier, error) {
	var t Tier
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "up_to":
			t.UpTo, err = d.NullDecimal()
		case "unit":
			t.Unit, err = d.Decimal()
		case "flat":
			t.Flat, err = d.Decimal()
		default:
			return false, nil
		}
		return true, err
	})
	return t, err
}

func (d *bookDecoder) plan() (DiscountPlan, error) {
	var p DiscountPlan
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			p.ID, err = d.Str()
		case "product":
			p.Product, err = d.Str()
		case "entries":
			p.Entries, err = strictjson.List(&d.Decoder, d.entry)
		default:
			return false, nil
		}
		return true, err
	}, "id", "product", "entries")
	return p, err
}

func (d *bookDecoder) entry() (DiscountEntry, error) {
	var e DiscountEntry
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "charge":
			e.Charge, err = d.Str()
		case "min_volume":
			e.MinVolume, err = d.Decimal()
		case "percent":
			e.Percent, err = d.Decimal()
		default:
			return false, nil
		}
		return true, err
	}, "charge", "min_volume", "percent")
	return e, err
}
