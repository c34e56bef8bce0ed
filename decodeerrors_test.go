package tariff_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// decoder is one JSON decoder of the library, seen from outside: it
// decodes data and reports whether what it returned is the zero value (a
// nil pointer, a zero struct, a Money left as it was).
type decoder struct {
	name   string
	doc    string // the Document of its *catalog.DecodeError
	decode func(data []byte) (zero bool, err error)
}

var (
	decodeCatalog = decoder{"catalog.Decode", "catalog", func(data []byte) (bool, error) {
		c, err := catalog.Decode(data)
		return c == nil, err
	}}
	decodeDefinition = decoder{"catalog.DecodeDefinition", "catalog", func(data []byte) (bool, error) {
		def, err := catalog.DecodeDefinition(data)
		return reflect.DeepEqual(def, catalog.Definition{}), err
	}}
	decodeValue = decoder{"catalog.DecodeValue", "attribute value", func(data []byte) (bool, error) {
		v, err := catalog.DecodeValue(data, catalog.TypeInteger)
		return reflect.DeepEqual(v, catalog.Value{}), err
	}}
	decodeVersions = decoder{"catalog.DecodeVersions", "catalog set", func(data []byte) (bool, error) {
		s, err := catalog.DecodeVersions(data)
		return s == nil, err
	}}
	decodeAccount = decoder{"entitlement.DecodeAccount", "account", func(data []byte) (bool, error) {
		a, err := entitlement.DecodeAccount(data, nil)
		return reflect.DeepEqual(a, entitlement.Account{}), err
	}}
	decodeBook = decoder{"pricing.DecodeBook", "price book", func(data []byte) (bool, error) {
		b, err := pricing.DecodeBook(data)
		return b == nil, err
	}}
	decodeBookVersions = decoder{"pricing.DecodeBookVersions", "price book set", func(data []byte) (bool, error) {
		s, err := pricing.DecodeBookVersions(data)
		return s == nil, err
	}}
	unmarshalNotices = decoder{"entitlement.Notices.UnmarshalJSON", "notices", func(data []byte) (bool, error) {
		var n entitlement.Notices
		err := n.UnmarshalJSON(data)
		return reflect.DeepEqual(n, entitlement.Notices{}), err
	}}
	unmarshalMoney = decoder{"pricing.Money.UnmarshalJSON", "money", func(data []byte) (bool, error) {
		var m pricing.Money
		err := m.UnmarshalJSON(data)
		return reflect.DeepEqual(m, pricing.Money{}), err
	}}
)

// digits101 is a number one significant digit beyond the limit of 100.
var digits101 = "1" + strings.Repeat("0", 100)

// nestedBands returns a band rule whose band values are band rules, n
// deep, innermost an integer.
func nestedBands(n int) string {
	return strings.Repeat(`{"fact": "f", "bands": [{"value": `, n) + "1" + strings.Repeat("}]}", n)
}

// nestedArrays returns n arrays, each inside the one before.
func nestedArrays(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

// TestDecodeErrors feeds every JSON decoder of the library a bad input of
// each kind it can refuse, and checks that each refusal is the one
// decoding error of the library: a *catalog.DecodeError naming the
// document, matching catalog.ErrSyntax and the sentinel of the rule
// broken, at the expected path and at an offset within the input, with
// nothing decoded.
func TestDecodeErrors(t *testing.T) {
	const acct = `{"id": "a", "main": "m", `
	const book = `{"currency": "EUR", "charges": [{"id": "c", "product": "p", "kind": "one_time", "price": {"model": "flat", "amount": `
	catalogCases := []struct {
		kind, in string
		want     error
		path     string
	}{
		{"syntax", `{"products": [}`, catalog.ErrSyntax, "products[0]"},
		{"trailing data", `{} x`, catalog.ErrTrailingData, "$"},
		{"duplicate key", `{"format": "tariff.catalog.v1", "format": "tariff.catalog.v1"}`, catalog.ErrDuplicateKey, "format"},
		{"unknown field", `{"colour": "red"}`, catalog.ErrUnknownField, "colour"},
		{"missing field", `{"products": [{"kind": "main"}]}`, catalog.ErrMissingField, "products[0].id"},
		{"wrong type", `{"format": 1}`, catalog.ErrWrongType, "format"},
		{"invalid value: unknown format", `{"format": "tariff.catalog.v9"}`, catalog.ErrInvalidValue, "format"},
		{"invalid value: unknown kind", `{"products": [{"id": "p", "kind": "mainn"}]}`, catalog.ErrInvalidValue, "products[0].kind"},
		{"limit: 101 digits", `{"products": [{"id": "p", "kind": "main", "priority": ` + digits101 + `}]}`, catalog.ErrLimit, "products[0].priority"},
	}
	type tcase struct {
		dec      decoder
		kind, in string
		want     error
		path     string
	}
	var tests []tcase
	for _, dec := range []decoder{decodeCatalog, decodeDefinition} {
		for _, c := range catalogCases {
			tests = append(tests, tcase{dec, c.kind, c.in, c.want, c.path})
		}
	}
	tests = append(tests, []tcase{
		{decodeValue, "syntax", `tru`, catalog.ErrSyntax, "$"},
		{decodeValue, "trailing data", `1 x`, catalog.ErrTrailingData, "$"},
		{decodeValue, "duplicate key", `{"fact": "a", "fact": "b", "bands": []}`, catalog.ErrDuplicateKey, "fact"},
		{decodeValue, "unknown field", `{"fact": "a", "x": 1}`, catalog.ErrUnknownField, "x"},
		{decodeValue, "missing field", `{"fact": "a"}`, catalog.ErrMissingField, "bands"},
		{decodeValue, "wrong type", `"3"`, catalog.ErrWrongType, "$"},
		{decodeValue, "invalid value", `1.5`, catalog.ErrInvalidValue, "$"},
		{decodeValue, "limit: 101 digits", digits101, catalog.ErrLimit, "$"},
		{decodeValue, "limit: nested 65 deep", nestedBands(22), catalog.ErrLimit, strings.Repeat("bands[0].value.", 21) + "bands"},

		{decodeVersions, "syntax", `{"versions": [`, catalog.ErrSyntax, "versions[0]"},
		{decodeVersions, "trailing data", `{"versions": []} x`, catalog.ErrTrailingData, "$"},
		{decodeVersions, "duplicate key", `{"versions": [], "versions": []}`, catalog.ErrDuplicateKey, "versions"},
		{decodeVersions, "unknown field", `{"versions": [{"id": "v1", "catalog": {}, "until": "x"}]}`, catalog.ErrUnknownField, "versions[0].until"},
		{decodeVersions, "missing field", `{"versions": [{"id": "v1"}]}`, catalog.ErrMissingField, "versions[0].catalog"},
		{decodeVersions, "wrong type", `{"format": 1}`, catalog.ErrWrongType, "format"},
		{decodeVersions, "invalid value: unknown format", `{"format": "tariff.catalogset.v9"}`, catalog.ErrInvalidValue, "format"},
		{decodeVersions, "invalid value: unknown format of a catalog", `{"versions": [{"id": "v1", "catalog": {"format": "tariff.catalogset.v1"}}]}`, catalog.ErrInvalidValue, "versions[0].catalog.format"},
		{decodeVersions, "invalid value: a date without a time", `{"versions": [{"id": "v1", "from": "2026-01-01", "catalog": {}}]}`, catalog.ErrInvalidValue, "versions[0].from"},
		{decodeVersions, "limit: 101 digits", `{"versions": [{"id": "v1", "catalog": {"products": [{"id": "p", "kind": "main", "priority": ` + digits101 + `}]}}]}`, catalog.ErrLimit, "versions[0].catalog.products[0].priority"},

		{decodeAccount, "syntax", `{"id": "a",}`, catalog.ErrSyntax, "$"},
		{decodeAccount, "trailing data", acct + `"facts": {}} x`, catalog.ErrTrailingData, "$"},
		{decodeAccount, "duplicate key", acct + `"id": "b"}`, catalog.ErrDuplicateKey, "id"},
		{decodeAccount, "unknown field", acct + `"colour": 1}`, catalog.ErrUnknownField, "colour"},
		{decodeAccount, "missing field", `{"id": "a"}`, catalog.ErrMissingField, "main"},
		{decodeAccount, "wrong type", acct + `"format": 1}`, catalog.ErrWrongType, "format"},
		{decodeAccount, "invalid value: unknown format", acct + `"format": "tariff.account.v3"}`, catalog.ErrInvalidValue, "format"},
		{decodeAccount, "invalid value: unknown state", acct + `"states": {"f": "on"}}`, catalog.ErrInvalidValue, "states.f"},
		{decodeAccount, "limit: 101 digits", acct + `"facts": {"arpu": ` + digits101 + `}}`, catalog.ErrLimit, "facts.arpu"},
		{decodeAccount, "limit: nested 65 deep", acct + `"values": {"x": ` + nestedArrays(63) + `}}`, catalog.ErrLimit, "values.x" + strings.Repeat("[0]", 62)},

		{decodeBook, "syntax", `{"currency": "EUR",`, catalog.ErrSyntax, "$"},
		{decodeBook, "trailing data", `{"currency": "EUR"} x`, catalog.ErrTrailingData, "$"},
		{decodeBook, "duplicate key", `{"currency": "EUR", "currency": "USD"}`, catalog.ErrDuplicateKey, "currency"},
		{decodeBook, "unknown field", `{"currency": "EUR", "colour": 1}`, catalog.ErrUnknownField, "colour"},
		{decodeBook, "missing field", `{}`, catalog.ErrMissingField, "currency"},
		{decodeBook, "wrong type", `{"format": 1, "currency": "EUR"}`, catalog.ErrWrongType, "format"},
		{decodeBook, "invalid value: unknown format", `{"format": "tariff.pricebook.v9", "currency": "EUR"}`, catalog.ErrInvalidValue, "format"},
		{decodeBook, "invalid value: unknown currency", `{"currency": "EUX"}`, catalog.ErrInvalidValue, "currency"},
		{decodeBook, "limit: 101 digits", book + digits101 + `}}]}`, catalog.ErrLimit, "charges[0].price.amount"},

		{decodeBookVersions, "syntax", `{"versions": [`, catalog.ErrSyntax, "versions[0]"},
		{decodeBookVersions, "trailing data", `{"versions": []} x`, catalog.ErrTrailingData, "$"},
		{decodeBookVersions, "duplicate key", `{"versions": [], "versions": []}`, catalog.ErrDuplicateKey, "versions"},
		{decodeBookVersions, "unknown field", `{"versions": [{"id": "v1", "book": {"currency": "EUR"}, "until": "x"}]}`, catalog.ErrUnknownField, "versions[0].until"},
		{decodeBookVersions, "missing field", `{"versions": [{"id": "v1"}]}`, catalog.ErrMissingField, "versions[0].book"},
		{decodeBookVersions, "wrong type", `{"format": 1}`, catalog.ErrWrongType, "format"},
		{decodeBookVersions, "invalid value: unknown format", `{"format": "tariff.pricebookset.v9"}`, catalog.ErrInvalidValue, "format"},
		{decodeBookVersions, "invalid value: unknown format of a book", `{"versions": [{"id": "v1", "book": {"format": "tariff.pricebookset.v1", "currency": "EUR"}}]}`, catalog.ErrInvalidValue, "versions[0].book.format"},
		{decodeBookVersions, "invalid value: a date without a time", `{"versions": [{"id": "v1", "from": "2026-01-01", "book": {"currency": "EUR"}}]}`, catalog.ErrInvalidValue, "versions[0].from"},
		{decodeBookVersions, "limit: 101 digits", `{"versions": [{"id": "v1", "book": ` + book + digits101 + `}}]}}]}`, catalog.ErrLimit, "versions[0].book.charges[0].price.amount"},

		{unmarshalNotices, "syntax", `{"announced": [`, catalog.ErrSyntax, "announced[0]"},
		{unmarshalNotices, "trailing data", `{} x`, catalog.ErrTrailingData, "$"},
		{unmarshalNotices, "duplicate key", `{"period": "2026-11-01T00:00:00Z", "period": "2026-12-01T00:00:00Z"}`, catalog.ErrDuplicateKey, "period"},
		{unmarshalNotices, "unknown field: a value has no format", `{"format": "tariff.notices.v1"}`, catalog.ErrUnknownField, "format"},
		{unmarshalNotices, "wrong type", `{"announced": "80"}`, catalog.ErrWrongType, "announced"},
		{unmarshalNotices, "invalid value: a date without a time", `{"period": "2026-11-01"}`, catalog.ErrInvalidValue, "period"},
		{unmarshalNotices, "invalid value: thresholds not rising", `{"announced": ["90", "80"]}`, catalog.ErrInvalidValue, "announced[1]"},
		{unmarshalNotices, "limit: 101 digits", `{"announced": [` + digits101 + `]}`, catalog.ErrLimit, "announced[0]"},

		{unmarshalMoney, "syntax", `{"amount": "1",`, catalog.ErrSyntax, "$"},
		{unmarshalMoney, "trailing data", `{"amount": "1", "currency": "EUR"} x`, catalog.ErrTrailingData, "$"},
		{unmarshalMoney, "duplicate key", `{"amount": "1", "amount": "2", "currency": "EUR"}`, catalog.ErrDuplicateKey, "amount"},
		{unmarshalMoney, "unknown field: a value has no format", `{"format": "tariff.money.v1", "amount": "1", "currency": "EUR"}`, catalog.ErrUnknownField, "format"},
		{unmarshalMoney, "missing field", `{"amount": "1"}`, catalog.ErrMissingField, "currency"},
		{unmarshalMoney, "wrong type", `{"amount": 1, "currency": "EUR"}`, catalog.ErrWrongType, "amount"},
		{unmarshalMoney, "invalid value: unknown currency", `{"amount": "1", "currency": "EUX"}`, pricing.ErrUnknownCurrency, "currency"},
		{unmarshalMoney, "invalid value: amount with an exponent", `{"amount": "1e2", "currency": "EUR"}`, pricing.ErrInvalidAmount, "amount"},
		{unmarshalMoney, "limit: a string of 1 MiB and a byte", `{"amount": "` + strings.Repeat("1", 1<<20+1) + `", "currency": "EUR"}`, catalog.ErrLimit, "amount"},
	}...)

	for _, tt := range tests {
		t.Run(tt.dec.name+"/"+tt.kind, func(t *testing.T) {
			zero, err := tt.dec.decode([]byte(tt.in))
			var de *catalog.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %.200v (%T), want a *catalog.DecodeError", err, err)
			}
			if !errors.Is(err, catalog.ErrSyntax) || !errors.Is(err, tt.want) {
				t.Errorf("error %.200v does not match catalog.ErrSyntax and %v", err, tt.want)
			}
			// A parser's refusal is an invalid value, and so is a number
			// beyond the number limits.
			alsoInvalid := tt.want == pricing.ErrUnknownCurrency || tt.want == pricing.ErrInvalidAmount || strings.Contains(tt.kind, "digits")
			if alsoInvalid && !errors.Is(err, catalog.ErrInvalidValue) {
				t.Errorf("error %.200v does not match catalog.ErrInvalidValue", err)
			}
			if de.Document != tt.dec.doc {
				t.Errorf("Document = %q, want %q", de.Document, tt.dec.doc)
			}
			if de.Path == "" || de.Path != tt.path {
				t.Errorf("Path = %q, want %q (%.200v)", de.Path, tt.path, err)
			}
			if de.Offset < 0 || de.Offset > int64(len(tt.in)) {
				t.Errorf("Offset = %d, outside the input of %d bytes", de.Offset, len(tt.in))
			}
			if prefix := tt.dec.doc + " JSON " + de.Path + " (offset "; !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("error text %.200q does not start with %q", err.Error(), prefix)
			}
			if !zero {
				t.Error("a value was returned with the error")
			}
		})
	}
}

// TestDecodeFormat: every document decoder reads a document without
// "format" as its newest format, and refuses a format it does not read
// with the same error, worded the same way: ErrInvalidValue at the format
// member, `unknown format "x", want "y"`.
func TestDecodeFormat(t *testing.T) {
	const (
		acct     = `"id": "a", "main": "m"`
		bookBody = `"currency": "EUR", "charges": [{"id": "c", "product": "p", "kind": "one_time", "price": {"model": "flat", "amount": "1"}}]`
		catBody  = `"products": [{"id": "p", "kind": "main"}]`
	)
	tests := []struct {
		dec      decoder
		without  string // a valid document without "format"
		unknown  string // the same with an unknown format
		wantPath string
		want     string // the formats the error says it reads
	}{
		{decodeCatalog, `{` + catBody + `}`, `{"format": "x", ` + catBody + `}`, "format", `"tariff.catalog.v1"`},
		{decodeDefinition, `{` + catBody + `}`, `{"format": "x", ` + catBody + `}`, "format", `"tariff.catalog.v1"`},
		{decodeVersions, `{"versions": [{"id": "v1", "catalog": {` + catBody + `}}]}`,
			`{"format": "x", "versions": [{"id": "v1", "catalog": {` + catBody + `}}]}`, "format", `"tariff.catalogset.v1"`},
		{decodeVersions, `{"format": "tariff.catalogset.v1", "versions": [{"id": "v1", "catalog": {` + catBody + `}}]}`,
			`{"versions": [{"id": "v1", "catalog": {"format": "x", ` + catBody + `}}]}`, "versions[0].catalog.format", `"tariff.catalog.v1"`},
		{decodeAccount, `{` + acct + `}`, `{"format": "x", ` + acct + `}`, "format", `"tariff.account.v2" or "tariff.account.v1"`},
		{decodeBook, `{` + bookBody + `}`, `{"format": "x", ` + bookBody + `}`, "format", `"tariff.pricebook.v1"`},
		{decodeBookVersions, `{"versions": [{"id": "v1", "book": {` + bookBody + `}}]}`,
			`{"format": "x", "versions": [{"id": "v1", "book": {` + bookBody + `}}]}`, "format", `"tariff.pricebookset.v1"`},
		{decodeBookVersions, `{"format": "tariff.pricebookset.v1", "versions": [{"id": "v1", "book": {` + bookBody + `}}]}`,
			`{"versions": [{"id": "v1", "book": {"format": "x", ` + bookBody + `}}]}`, "versions[0].book.format", `"tariff.pricebook.v1"`},
	}
	for _, tt := range tests {
		t.Run(tt.dec.name+"/"+tt.wantPath, func(t *testing.T) {
			if zero, err := tt.dec.decode([]byte(tt.without)); err != nil || zero {
				t.Fatalf("without format: %v (nothing decoded: %v), want the document read as the newest format", err, zero)
			}
			zero, err := tt.dec.decode([]byte(tt.unknown))
			var de *catalog.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, catalog.ErrSyntax) || !errors.Is(err, catalog.ErrInvalidValue) || !zero {
				t.Fatalf("unknown format: %v (%T), want a *catalog.DecodeError matching ErrInvalidValue and nothing decoded", err, err)
			}
			at := int64(strings.Index(tt.unknown, `"x"`))
			if de.Document != tt.dec.doc || de.Path != tt.wantPath || de.Offset != at {
				t.Errorf("at %s %s offset %d, want %s %s offset %d", de.Document, de.Path, de.Offset, tt.dec.doc, tt.wantPath, at)
			}
			if got, want := de.Err.Error(), `unknown format "x", want `+tt.want; got != want {
				t.Errorf("detail %q, want %q", got, want)
			}
		})
	}
}
