package catalog

import (
	"errors"
	"strconv"
	"strings"

	"github.com/tariffkit/tariff/internal/strictjson"
)

// FormatV1 is the value of the "format" member of a catalog JSON document in
// the format this package reads and writes (see the package documentation,
// section "JSON format").
const FormatV1 = "tariff.catalog.v1"

// The errors every JSON decoder of the library returns, always inside a
// *DecodeError: those of this package, of package entitlement (accounts)
// and of package pricing (price books, their sets and Money). Every
// DecodeError matches ErrSyntax; the others say which rule was broken.
var (
	// ErrSyntax is matched by every *DecodeError, and on its own names
	// malformed JSON: a bad token, invalid UTF-8, an unpaired surrogate,
	// the end of input inside a value.
	ErrSyntax = strictjson.ErrSyntax
	// ErrTrailingData: something other than white space follows the value.
	ErrTrailingData = strictjson.ErrTrailingData
	// ErrDuplicateKey: an object names the same key twice.
	ErrDuplicateKey = strictjson.ErrDuplicateKey
	// ErrUnknownField: an object has a member the format does not define.
	ErrUnknownField = strictjson.ErrUnknownField
	// ErrMissingField: an object lacks a member the format requires (in a
	// catalog: id, kind, type, feature, a band rule's fact and bands, a
	// band's value, a condition's fact, operator and value).
	ErrMissingField = strictjson.ErrMissingField
	// ErrWrongType: a JSON value of the wrong kind, null included (null is
	// never accepted: leave a member out instead).
	ErrWrongType = strictjson.ErrWrongType
	// ErrInvalidValue: a value of the right JSON kind that the format does
	// not accept: an unknown format or enum name (type, kind, scope,
	// combine, state, currency, ...); a non-integral or out-of-range
	// integer; a string that is not a decimal number or an RFC 3339 time; a
	// number beyond the number limits (which matches ErrLimit too).
	ErrInvalidValue = strictjson.ErrInvalidValue
	// ErrLimit: the document crosses one of the decoding limits (see "JSON
	// format" in the package documentation): its size, its nesting depth,
	// the length of a string, the members of an object or the elements of
	// an array, or the significant digits, exponent or length of a number.
	// The DecodeError's Path and Offset say where it was crossed, its text
	// which limit.
	ErrLimit = strictjson.ErrLimit
)

// DecodeError reports why a JSON document could not be decoded and where.
// It is the one decoding error of the library: Decode, DecodeDefinition,
// DecodeValue and DecodeVersions return it, and so do
// entitlement.DecodeAccount, entitlement.Notices' UnmarshalJSON,
// pricing.DecodeBook, pricing.DecodeBookVersions and pricing.Money's
// UnmarshalJSON.
//
// Document names what was being decoded: "catalog", "catalog set",
// "attribute value" (DecodeValue), "account", "notices", "price book",
// "price book set" or "money". Path locates the offending value by keys and indexes
// from the root, e.g. products[3].features[0].attributes.max_forwarded_calls
// ("$" is the root itself; a key with characters other than letters,
// digits, '_' and '-' is written ["quoted"]). For an unknown field or a
// duplicate key, Path names that key; for a missing field, the field that
// is missing. Offset is the byte offset in the input where the problem
// starts. Err is the cause: its text is the detail ("unknown field
// \"colour\""), and it matches the sentinel of the rule broken.
//
// errors.Is(err, ErrSyntax) holds for every DecodeError, and errors.Is
// with the sentinel of the rule broken (ErrTrailingData, ErrDuplicateKey,
// ErrUnknownField, ErrMissingField, ErrWrongType, ErrInvalidValue,
// ErrLimit) through Err. A number beyond the number limits matches both
// ErrLimit and ErrInvalidValue; a value a parser of another package
// refuses matches that parser's error too (pricing.ErrUnknownCurrency).
type DecodeError struct {
	Document string
	Path     string
	Offset   int64
	Err      error
}

// Error returns "<document> JSON <path> (offset <n>): <detail>", e.g.
// `catalog JSON products[0].colour (offset 51): unknown field "colour"`;
// without a Document it starts at "JSON".
func (e *DecodeError) Error() string {
	var sb strings.Builder
	if e.Document != "" {
		sb.WriteString(e.Document)
		sb.WriteByte(' ')
	}
	sb.WriteString("JSON ")
	sb.WriteString(e.Path)
	sb.WriteString(" (offset ")
	sb.WriteString(strconv.FormatInt(e.Offset, 10))
	sb.WriteString("): ")
	if e.Err != nil {
		sb.WriteString(e.Err.Error())
	} else {
		sb.WriteString("malformed JSON")
	}
	return sb.String()
}

// Unwrap returns ErrSyntax and the cause, Err.
func (e *DecodeError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrSyntax}
	}
	return []error{ErrSyntax, e.Err}
}

// decodeError returns err, an error from decoding the document named doc,
// as a *DecodeError when it is a *strictjson.Error, unchanged otherwise.
func decodeError(doc string, err error) error {
	if e, ok := err.(*strictjson.Error); ok {
		return &DecodeError{Document: doc, Path: e.Path, Offset: e.Offset, Err: e}
	}
	return err
}

// ErrUnencodable is returned (wrapped, with the path of the culprit) by the
// JSON encoders for a definition the format cannot represent faithfully: an
// out-of-range Type, Kind, Scope, Combine or State, an unset Value where a
// value must stand, a string that is not valid UTF-8, or anything beyond the
// limits a decoder holds a document to (a decimal with more than 100
// significant digits or an exponent beyond ±1000, trailing zeros dropped; a
// string longer than 1 MiB, more than 1,000,000 products; see "JSON
// format"). New refuses all but the last two, so a Catalog built from such
// a definition can hold them only in names and values.
var ErrUnencodable = errors.New("catalog: cannot encode as catalog JSON")

// Decode decodes a catalog JSON document (see "JSON format" in the package
// documentation) and builds the Catalog with New.
//
// A document that is not well-formed, strict catalog JSON gives a
// *DecodeError; a well-formed document describing an invalid catalog gives
// New's *ValidationError, listing every problem. On error the Catalog is
// nil.
func Decode(data []byte) (*Catalog, error) {
	def, err := DecodeDefinition(data)
	if err != nil {
		return nil, err
	}
	return New(def)
}

// DecodeDefinition decodes a catalog JSON document into a Definition without
// validating it: the Definition may still name unknown products, hold values
// outside their bounds, and so on (New reports those).
//
// Decoding is strict. Unknown fields, duplicate keys, trailing data, null,
// values of the wrong JSON kind, invalid UTF-8, unknown enum names and a
// document beyond the decoding limits (ErrLimit) are each a *DecodeError
// naming the JSON path. Numbers are read from their text,
// never through float64, so "0.1" is exactly 0.1. Attribute values are typed
// by their attribute's declared type wherever in the document it is
// declared; the value of an attribute the document does not declare is typed
// by its JSON shape, so that New can report the unknown reference.
//
// Empty lists decode as nil slices.
func DecodeDefinition(data []byte) (Definition, error) {
	d := newDecoder(data)
	var def Definition
	err := d.Document(func() (err error) {
		def, err = d.definition()
		return err
	})
	if err != nil {
		return Definition{}, decodeError("catalog", err)
	}
	return def, nil
}

// DecodeValue decodes one attribute value of type t as the catalog JSON
// format writes it (see Value.MarshalJSON): a bool, an integral number, a
// decimal as a string or number, a string, an array of strings, or a band
// rule object whose band values are of type t. With t TypeInvalid (or any
// Type not listed in the package) the value is typed by its JSON shape: bool;
// a number written as an integer literal that fits int64 → integer; any
// other number → decimal; string; array → string list; object → band rule.
//
// Errors are *DecodeError values with paths relative to data ("$",
// "bands[1].value").
func DecodeValue(data []byte, t Type) (Value, error) {
	d := newDecoder(data)
	var v Value
	err := d.Document(func() (err error) {
		v, err = d.value(t)
		return err
	})
	if err != nil {
		return Value{}, decodeError("attribute value", err)
	}
	return v, nil
}

// MarshalJSON encodes v compactly in the catalog JSON format: bool → true or
// false, integer → number, decimal and quantity → string ("0.99"), string
// and enum → string, string list → array of strings, band rule →
// {"fact": ..., "bands": [{"below": "50", "value": ...}, ..., {"value": ...}]}.
// An unset Value cannot be encoded: the error matches ErrUnencodable.
func (v Value) MarshalJSON() ([]byte, error) {
	e := newEncoder()
	e.value(v)
	return e.Bytes()
}

// MarshalShapedJSON encodes v in the JSON shape that types it without a
// catalog — the inverse of DecodeValue(data, TypeInvalid): like
// MarshalJSON, except that a decimal or quantity is written as a number
// with a fraction (2.0, 0.99) rather than a string. Documents that carry
// values without declaring their attributes (accounts) use it.
func (v Value) MarshalShapedJSON() ([]byte, error) {
	e := newEncoder()
	e.shaped = true
	e.value(v)
	return e.Bytes()
}

// MarshalJSON encodes d as a catalog JSON document, indented by two spaces,
// members in the order the package documentation lists them, zero-valued
// optional members and empty lists left out. The output is stable:
// equal definitions give equal bytes. DecodeDefinition gives d back (with nil
// for empty lists) for every Definition New accepts, and for every
// Definition DecodeDefinition returns, invalid drafts included: the value of
// an attribute the definition does not declare is written in the JSON shape
// DecodeDefinition infers its type from (a decimal as a number with a
// fraction, 2.0). Errors match ErrUnencodable.
func (d Definition) MarshalJSON() ([]byte, error) {
	e := newEncoder()
	e.definition(&d)
	return e.Indented()
}

// MarshalJSON encodes the catalog's definition as Definition.MarshalJSON
// does. A nil Catalog encodes as null.
func (c *Catalog) MarshalJSON() ([]byte, error) {
	if c == nil {
		return []byte("null"), nil
	}
	return c.def.MarshalJSON()
}
