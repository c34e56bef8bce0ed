package catalog_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
)

// defOpts compares definitions: values and decimals by Equal, nil and empty
// lists alike.
var defOpts = cmp.Options{
	cmp.Comparer(func(a, b catalog.Value) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmpopts.EquateEmpty(),
}

// smartCallDoc is a small catalog with products before features, so values
// are typed by declarations that come later in the document.
const smartCallDoc = `{
  "format": "tariff.catalog.v1",
  "products": [
    {"id": "basic_call", "kind": "main"},
    {"id": "smart_call", "kind": "addon", "priority": 10, "allowed_main": ["basic_call"],
     "features": [{"feature": "call_forwarding", "state": "enabled",
       "attributes": {"max_forwarded_calls": 10, "follow_me_limit": "2.50",
         "storage_gb": {"fact": "arpu", "bands": [{"below": "50", "value": 5}, {"below": 100, "value": "10"}, {"value": 25}]}}}]}
  ],
  "features": [
    {"id": "call_forwarding", "service_type": "voice", "attributes": [
      {"id": "max_forwarded_calls", "type": "integer", "min": "0", "max": 50, "default": 3, "scope": "both"},
      {"id": "follow_me_limit", "type": "decimal"},
      {"id": "storage_gb", "type": "quantity", "unit": "GB", "combine": "max"}]}
  ],
  "service_types": [{"id": "voice", "name": "Voice calls"}]
}`

// doc wraps a products array (JSON text) in a minimal catalog document that
// declares one attribute of every type.
func doc(products string) string {
	return `{"service_types": [{"id": "voice"}], "features": [{"id": "f", "service_type": "voice", "attributes": [
  {"id": "b", "type": "bool"}, {"id": "i", "type": "integer"}, {"id": "d", "type": "decimal"},
  {"id": "s", "type": "string"}, {"id": "e", "type": "enum", "allowed": ["x"]},
  {"id": "l", "type": "string_list"}, {"id": "q", "type": "quantity", "unit": "min"}]}],
 "products": ` + products + `}`
}

// setting wraps an attributes object (JSON text) in a products array.
func setting(attrs string) string {
	return doc(`[{"id": "p", "kind": "main", "features": [{"feature": "f", "attributes": ` + attrs + `}]}]`)
}

// valueOf returns the first attribute value of the first product.
func valueOf(d catalog.Definition) catalog.Value { return d.Products[0].Features[0].Values[0].Value }

func TestDecodeDefinition(t *testing.T) {
	const vpath = "products[0].features[0].attributes"
	tests := []struct {
		name     string
		in       string
		wantErr  error  // nil: decodes
		wantPath string // when wantErr is set
		wantOff  int64  // when wantErr is set and wantOff >= 0
		want     catalog.Value
	}{
		// strictness
		{name: "unknown field at the root", in: `{"format": "tariff.catalog.v1", "colour": 1}`, wantErr: catalog.ErrUnknownField, wantPath: "colour", wantOff: 32},
		{name: "unknown field in a product", in: doc(`[{"id": "p", "kind": "main", "colour": "red"}]`), wantErr: catalog.ErrUnknownField, wantPath: "products[0].colour", wantOff: -1},
		{name: "unknown field in an attribute", in: `{"features": [{"id": "f", "attributes": [{"id": "a", "type": "bool", "units": "x"}]}]}`, wantErr: catalog.ErrUnknownField, wantPath: "features[0].attributes[0].units", wantOff: -1},
		{name: "unknown field in a band", in: setting(`{"q": {"fact": "arpu", "bands": [{"below": "1", "value": "1"}, {"above": "1", "value": "2"}]}}`), wantErr: catalog.ErrUnknownField, wantPath: vpath + ".q.bands[1].above", wantOff: -1},
		{name: "trailing value after the document", in: `{} {}`, wantErr: catalog.ErrTrailingData, wantPath: "$", wantOff: 3},
		{name: "trailing garbage after the document", in: "{}\n]", wantErr: catalog.ErrTrailingData, wantPath: "$", wantOff: 3},
		{name: "trailing white space is fine", in: "{}\n\t \r\n"},
		{name: "duplicate key at the root", in: `{"groups": [], "groups": []}`, wantErr: catalog.ErrDuplicateKey, wantPath: "groups", wantOff: 15},
		{name: "duplicate key in a product", in: doc(`[{"id": "p", "kind": "main", "id": "q"}]`), wantErr: catalog.ErrDuplicateKey, wantPath: "products[0].id", wantOff: -1},
		{name: "duplicate attribute in a setting", in: setting(`{"i": 1, "i": 2}`), wantErr: catalog.ErrDuplicateKey, wantPath: vpath + ".i", wantOff: -1},
		{name: "duplicate key in a large object", in: setting(`{` + manyKeys(20) + `, "k3": 1}`), wantErr: catalog.ErrDuplicateKey, wantPath: vpath + ".k3", wantOff: -1},
		{name: "format must be v1", in: `{"format": "tariff.catalog.v2"}`, wantErr: catalog.ErrInvalidValue, wantPath: "format", wantOff: 11},
		{name: "format may be left out", in: `{"groups": [{"id": "g"}]}`},

		// JSON types
		{name: "wrong type: ID as a number", in: `{"service_types": [{"id": 7}]}`, wantErr: catalog.ErrWrongType, wantPath: "service_types[0].id", wantOff: 26},
		{name: "wrong type: section not an array", in: `{"products": {}}`, wantErr: catalog.ErrWrongType, wantPath: "products", wantOff: -1},
		{name: "wrong type: document not an object", in: `[]`, wantErr: catalog.ErrWrongType, wantPath: "$", wantOff: 0},
		{name: "wrong type: bool as a string", in: `{"features": [{"id": "f", "default_enabled": "true"}]}`, wantErr: catalog.ErrWrongType, wantPath: "features[0].default_enabled", wantOff: -1},
		{name: "wrong type: integer value as a string", in: setting(`{"i": "10"}`), wantErr: catalog.ErrWrongType, wantPath: vpath + ".i", wantOff: -1},
		{name: "wrong type: list item as a number", in: setting(`{"l": ["a", 1]}`), wantErr: catalog.ErrWrongType, wantPath: vpath + ".l[1]", wantOff: -1},
		{name: "wrong type: enum value as a list", in: setting(`{"e": ["x"]}`), wantErr: catalog.ErrWrongType, wantPath: vpath + ".e", wantOff: -1},
		{name: "wrong type: decimal as a bool", in: setting(`{"d": true}`), wantErr: catalog.ErrWrongType, wantPath: vpath + ".d", wantOff: -1},
		{name: "wrong type: attributes as an array", in: doc(`[{"id": "p", "kind": "main", "features": [{"feature": "f", "attributes": []}]}]`), wantErr: catalog.ErrWrongType, wantPath: vpath, wantOff: -1},

		// null is never a value
		{name: "null document", in: `null`, wantErr: catalog.ErrWrongType, wantPath: "$", wantOff: 0},
		{name: "null name", in: `{"groups": [{"id": "g", "name": null}]}`, wantErr: catalog.ErrWrongType, wantPath: "groups[0].name", wantOff: -1},
		{name: "null section", in: `{"products": null}`, wantErr: catalog.ErrWrongType, wantPath: "products", wantOff: -1},
		{name: "null attribute value", in: setting(`{"i": null}`), wantErr: catalog.ErrWrongType, wantPath: vpath + ".i", wantOff: -1},
		{name: "null value of an undeclared attribute", in: setting(`{"zz": null}`), wantErr: catalog.ErrWrongType, wantPath: vpath + ".zz", wantOff: -1},
		{name: "null minimum", in: `{"features": [{"id": "f", "attributes": [{"id": "a", "type": "integer", "min": null}]}]}`, wantErr: catalog.ErrWrongType, wantPath: "features[0].attributes[0].min", wantOff: -1},

		// required fields
		{name: "missing ID", in: `{"service_types": [{"name": "Voice"}]}`, wantErr: catalog.ErrMissingField, wantPath: "service_types[0].id", wantOff: 19},
		{name: "missing product kind", in: doc(`[{"id": "p"}]`), wantErr: catalog.ErrMissingField, wantPath: "products[0].kind", wantOff: -1},
		{name: "missing attribute type", in: `{"features": [{"id": "f", "attributes": [{"id": "a"}]}]}`, wantErr: catalog.ErrMissingField, wantPath: "features[0].attributes[0].type", wantOff: -1},
		{name: "missing setting feature", in: doc(`[{"id": "p", "kind": "main", "features": [{"state": "enabled"}]}]`), wantErr: catalog.ErrMissingField, wantPath: "products[0].features[0].feature", wantOff: -1},
		{name: "missing band value", in: setting(`{"q": {"fact": "arpu", "bands": [{"below": "1"}]}}`), wantErr: catalog.ErrMissingField, wantPath: vpath + ".q.bands[0].value", wantOff: -1},
		{name: "missing band rule fact", in: setting(`{"q": {"bands": [{"value": "1"}]}}`), wantErr: catalog.ErrMissingField, wantPath: vpath + ".q.fact", wantOff: -1},

		// names
		{name: "unknown type name", in: `{"features": [{"id": "f", "attributes": [{"id": "a", "type": "int"}]}]}`, wantErr: catalog.ErrInvalidValue, wantPath: "features[0].attributes[0].type", wantOff: -1},
		{name: "type name invalid is not a type", in: `{"features": [{"id": "f", "attributes": [{"id": "a", "type": "invalid"}]}]}`, wantErr: catalog.ErrInvalidValue, wantPath: "features[0].attributes[0].type", wantOff: -1},
		{name: "unknown kind name", in: doc(`[{"id": "p", "kind": "plan"}]`), wantErr: catalog.ErrInvalidValue, wantPath: "products[0].kind", wantOff: -1},
		{name: "state undefined is written by leaving it out", in: doc(`[{"id": "p", "kind": "main", "features": [{"feature": "f", "state": "undefined"}]}]`), wantErr: catalog.ErrInvalidValue, wantPath: "products[0].features[0].state", wantOff: -1},
		{name: "unknown scope name", in: `{"features": [{"id": "f", "attributes": [{"id": "a", "type": "bool", "scope": "global"}]}]}`, wantErr: catalog.ErrInvalidValue, wantPath: "features[0].attributes[0].scope", wantOff: -1},
		{name: "unknown combine name", in: `{"features": [{"id": "f", "attributes": [{"id": "a", "type": "bool", "combine": "avg"}]}]}`, wantErr: catalog.ErrInvalidValue, wantPath: "features[0].attributes[0].combine", wantOff: -1},

		// integers
		{name: "integer: whole number", in: setting(`{"i": -42}`), want: catalog.Int(-42)},
		{name: "integer: integral fraction", in: setting(`{"i": 3.0}`), want: catalog.Int(3)},
		{name: "integer: integral exponent", in: setting(`{"i": 15e-1}`), wantErr: catalog.ErrInvalidValue, wantPath: vpath + ".i", wantOff: -1},
		{name: "integer: exponent form of a whole number", in: setting(`{"i": 1.5e1}`), want: catalog.Int(15)},
		{name: "integer: non-integral", in: setting(`{"i": 3.5}`), wantErr: catalog.ErrInvalidValue, wantPath: vpath + ".i", wantOff: -1},
		{name: "integer: above int64", in: setting(`{"i": 9223372036854775808}`), wantErr: catalog.ErrInvalidValue, wantPath: vpath + ".i", wantOff: -1},
		{name: "integer: int64 minimum", in: setting(`{"i": -9223372036854775808}`), want: catalog.Int(-9223372036854775808)},
		{name: "integer: huge exponent", in: setting(`{"i": 1e999999999}`), wantErr: catalog.ErrInvalidValue, wantPath: vpath + ".i", wantOff: -1},
		{name: "integer: priority non-integral", in: doc(`[{"id": "p", "kind": "addon", "priority": 0.5}]`), wantErr: catalog.ErrInvalidValue, wantPath: "products[0].priority", wantOff: -1},

		// decimals
		{name: "decimal from a number is exact", in: setting(`{"d": 0.1}`), want: catalog.Dec(dec("0.1"))},
		{name: "decimal from a string is exact", in: setting(`{"d": "0.30000000000000000001"}`), want: catalog.Dec(dec("0.30000000000000000001"))},
		{name: "decimal: many digits from a number", in: setting(`{"d": 12345678901234567890.123456789}`), want: catalog.Dec(dec("12345678901234567890.123456789"))},
		{name: "quantity from a string", in: setting(`{"q": "200"}`), want: catalog.Qty(dec("200"))},
		{name: "decimal string with exponent", in: setting(`{"d": "1.5e2"}`), want: catalog.Dec(dec("150"))},
		{name: "decimal string not a number", in: setting(`{"d": "abc"}`), wantErr: catalog.ErrInvalidValue, wantPath: vpath + ".d", wantOff: -1},
		{name: "decimal string with a plus sign", in: setting(`{"d": "+1"}`), wantErr: catalog.ErrInvalidValue, wantPath: vpath + ".d", wantOff: -1},
		{name: "decimal string with spaces", in: setting(`{"d": " 1"}`), wantErr: catalog.ErrInvalidValue, wantPath: vpath + ".d", wantOff: -1},
		{name: "decimal string hexadecimal", in: setting(`{"d": "0x10"}`), wantErr: catalog.ErrInvalidValue, wantPath: vpath + ".d", wantOff: -1},
		{name: "decimal exponent beyond the bound", in: setting(`{"d": 1e-1001}`), wantErr: catalog.ErrInvalidValue, wantPath: vpath + ".d", wantOff: -1},
		{name: "decimal minimum as a number", in: `{"features": [{"id": "f", "attributes": [{"id": "a", "type": "decimal", "min": 0.25}]}]}`},

		// other values
		{name: "bool value", in: setting(`{"b": false}`), want: catalog.Bool(false)},
		{name: "enum value", in: setting(`{"e": "x"}`), want: catalog.Enum("x")},
		{name: "string value with escapes", in: setting(`{"s": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`), want: catalog.Str("a\"\\/\b\f\n\r\té😀")},
		{name: "empty string list", in: setting(`{"l": []}`), want: catalog.List()},
		{name: "band rule typed by its attribute", in: setting(`{"q": {"fact": "arpu", "bands": [{"below": "50", "value": 5}, {"below": 100, "value": "10"}, {"value": 25}]}}`),
			want: catalog.Banded("arpu", catalog.Below(dec("50"), catalog.Qty(dec("5"))), catalog.Below(dec("100"), catalog.Qty(dec("10"))), catalog.Otherwise(catalog.Qty(dec("25"))))},
		{name: "band value of the wrong type", in: setting(`{"i": {"fact": "arpu", "bands": [{"value": "5"}]}}`), wantErr: catalog.ErrWrongType, wantPath: vpath + ".i.bands[0].value", wantOff: -1},
		{name: "band bound not a decimal", in: setting(`{"i": {"fact": "arpu", "bands": [{"below": true, "value": 5}]}}`), wantErr: catalog.ErrWrongType, wantPath: vpath + ".i.bands[0].below", wantOff: -1},
		{name: "undeclared attribute typed by its shape", in: setting(`{"zz": 2.5}`), want: catalog.Dec(dec("2.5"))},
		{name: "undeclared attribute, integral", in: setting(`{"zz": 2}`), want: catalog.Int(2)},
		{name: "undeclared attribute, integral fraction is a decimal", in: setting(`{"zz": 2.0}`), want: catalog.Dec(dec("2"))},
		{name: "undeclared attribute, beyond int64 is a decimal", in: setting(`{"zz": 9223372036854775808}`), want: catalog.Dec(dec("9223372036854775808"))},
		{name: "undeclared attribute, band rule", in: setting(`{"zz": {"fact": "arpu", "bands": [{"value": true}]}}`), want: catalog.Banded("arpu", catalog.Otherwise(catalog.Bool(true)))},
		{name: "odd key quoted in the path", in: setting(`{"a.b": null}`), wantErr: catalog.ErrWrongType, wantPath: vpath + `["a.b"]`, wantOff: -1},

		// malformed JSON
		{name: "empty input", in: ``, wantErr: catalog.ErrSyntax, wantPath: "$", wantOff: 0},
		{name: "truncated document", in: `{"groups": [{"id": "g"`, wantErr: catalog.ErrSyntax, wantPath: "groups[0].id", wantOff: 22},
		{name: "missing comma", in: `{"groups": [] "products": []}`, wantErr: catalog.ErrSyntax, wantPath: "groups", wantOff: 14},
		{name: "trailing comma", in: `{"groups": [{"id": "g"},]}`, wantErr: catalog.ErrSyntax, wantPath: "groups[1]", wantOff: 24},
		{name: "single quotes", in: `{'groups': []}`, wantErr: catalog.ErrSyntax, wantPath: "$", wantOff: 1},
		{name: "leading zero", in: setting(`{"i": 01}`), wantErr: catalog.ErrSyntax, wantPath: vpath + ".i", wantOff: -1},
		{name: "bare minus", in: setting(`{"i": -}`), wantErr: catalog.ErrSyntax, wantPath: vpath + ".i", wantOff: -1},
		{name: "invalid UTF-8 in a string", in: "{\"groups\": [{\"id\": \"g\xff\"}]}", wantErr: catalog.ErrSyntax, wantPath: "groups[0].id", wantOff: 21},
		{name: "invalid UTF-8 outside strings", in: "\xef\xbb\xbf{}", wantErr: catalog.ErrSyntax, wantPath: "$", wantOff: 0},
		{name: "unpaired surrogate", in: `{"groups": [{"id": "\ud800x"}]}`, wantErr: catalog.ErrSyntax, wantPath: "groups[0].id", wantOff: -1},
		{name: "control character in a string", in: "{\"groups\": [{\"id\": \"a\tb\"}]}", wantErr: catalog.ErrSyntax, wantPath: "groups[0].id", wantOff: -1},
		{name: "invalid escape", in: `{"groups": [{"id": "\x41"}]}`, wantErr: catalog.ErrSyntax, wantPath: "groups[0].id", wantOff: -1},
		{name: "nesting too deep", in: setting(`{"l": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`), wantErr: catalog.ErrSyntax, wantPath: "", wantOff: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def, err := catalog.DecodeDefinition([]byte(tt.in))
			if tt.wantErr != nil {
				var de *catalog.DecodeError
				if !errors.Is(err, tt.wantErr) || !errors.Is(err, catalog.ErrSyntax) || !errors.As(err, &de) {
					t.Fatalf("err = %v, want a *DecodeError matching %v", err, tt.wantErr)
				}
				if tt.wantPath != "" && de.Path != tt.wantPath {
					t.Errorf("Path = %q, want %q", de.Path, tt.wantPath)
				}
				if tt.wantOff >= 0 && de.Offset != tt.wantOff {
					t.Errorf("Offset = %d, want %d", de.Offset, tt.wantOff)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v, want none", err)
			}
			if tt.want.IsSet() {
				if got := valueOf(def); !got.Equal(tt.want) {
					t.Errorf("value = %v (%v), want %v (%v)", got, got.Type(), tt.want, tt.want.Type())
				}
			}
		})
	}
}

// manyKeys returns n distinct object members "k0": 0, ... as JSON text.
func manyKeys(n int) string {
	var parts []string
	for i := range n {
		parts = append(parts, `"k`+strconv.Itoa(i)+`": 0`)
	}
	return strings.Join(parts, ", ")
}

func TestDecodeTypesValuesByLaterDeclarations(t *testing.T) {
	c, err := catalog.Decode([]byte(smartCallDoc))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.Product("smart_call")
	want := []catalog.AttributeValue{
		{Attribute: "max_forwarded_calls", Value: catalog.Int(10)},
		{Attribute: "follow_me_limit", Value: catalog.Dec(dec("2.5"))},
		{Attribute: "storage_gb", Value: catalog.Banded("arpu",
			catalog.Below(dec("50"), catalog.Qty(dec("5"))), catalog.Below(dec("100"), catalog.Qty(dec("10"))), catalog.Otherwise(catalog.Qty(dec("25"))))},
	}
	if diff := cmp.Diff(want, p.Features[0].Values, defOpts); diff != "" {
		t.Errorf("values in document order (-want +got):\n%s", diff)
	}
}

func TestDecodeEmptyListsAreNil(t *testing.T) {
	def, err := catalog.DecodeDefinition([]byte(`{"service_types": [], "features": [{"id": "f", "attributes": []}],
		"products": [{"id": "p", "kind": "addon", "allowed_main": [], "groups": [], "features": [{"feature": "f", "attributes": {}}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	p := def.Products[0]
	if def.ServiceTypes != nil || def.Features[0].Attributes != nil || p.AllowedMain != nil || p.Groups != nil || p.Features[0].Values != nil {
		t.Errorf("empty lists decoded as non-nil: %#v", def)
	}
}

func TestDecodeValidates(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantPath string
		wantCode catalog.Code
	}{
		{"undeclared attribute: unknown reference", setting(`{"zz": 1}`), "products[p].features[f].attributes[zz]", catalog.CodeUnknownReference},
		{"integer above its maximum: constraint", `{"service_types": [{"id": "v"}], "features": [{"id": "f", "service_type": "v", "attributes": [{"id": "a", "type": "integer", "max": 5}]}],
			"products": [{"id": "p", "kind": "main", "features": [{"feature": "f", "attributes": {"a": 6}}]}]}`, "products[p].features[f].attributes[a]", catalog.CodeConstraint},
		{"main product with a priority: add-on field", doc(`[{"id": "p", "kind": "main", "priority": 3}]`), "products[p].priority", catalog.CodeAddOnField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := catalog.Decode([]byte(tt.in))
			var ve *catalog.ValidationError
			if c != nil || !errors.As(err, &ve) || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Decode = %v, %v; want nil and a *ValidationError", c, err)
			}
			if !ve.HasAt(tt.wantPath, tt.wantCode) {
				t.Errorf("problems = %v, want %s at %s", ve.Problems, tt.wantCode, tt.wantPath)
			}
		})
	}
}

func TestTelcoCatalogRoundTripsByteForByte(t *testing.T) {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if got = append(got, '\n'); !bytes.Equal(got, catalogs.Telco) {
		t.Errorf("re-encoded telco.json differs:\n%s", cmp.Diff(string(catalogs.Telco), string(got)))
	}
	if got := c.AddOnsFor("easy_call"); len(got) != 0 {
		t.Errorf("AddOnsFor(easy_call) = %v, want none", got)
	}
	if got, want := c.GroupMembers("sms_bundles"), []string{"easy_sms"}; !cmp.Equal(got, want) {
		t.Errorf("GroupMembers(sms_bundles) = %v, want %v", got, want)
	}
}

func TestSeedDefinitionRoundTrips(t *testing.T) {
	want := seedDefinition()
	data, err := want.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := catalog.DecodeDefinition(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, defOpts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if !json.Valid(data) {
		t.Errorf("encoding is not valid JSON:\n%s", data)
	}
}

// Undeclared attributes make a definition invalid, but a draft catalog
// holding them must still survive a round trip: their values are written in
// the JSON shape the decoder infers their type from.
func TestUndeclaredAttributeValuesRoundTrip(t *testing.T) {
	want := seedDefinition()
	want.Products[0].Features[0].Values = []catalog.AttributeValue{
		{Attribute: "zz_int", Value: catalog.Int(2)},
		{Attribute: "zz_dec", Value: catalog.Dec(dec("2"))},
		{Attribute: "zz_frac", Value: catalog.Dec(dec("-0.125"))},
		{Attribute: "zz_str", Value: catalog.Str("2.5")},
		{Attribute: "zz_band", Value: catalog.Banded("arpu", catalog.Below(dec("1"), catalog.Dec(dec("10"))), catalog.Otherwise(catalog.Int(3)))},
	}
	data, err := want.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := catalog.DecodeDefinition(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, defOpts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestEncodeRefusesWhatItCannotRepresent(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(d *catalog.Definition)
		wantPath string
	}{
		{"invalid UTF-8 in a name", func(d *catalog.Definition) { d.Groups[0].Name = "SMS \xff" }, "groups[0].name"},
		{"invalid kind", func(d *catalog.Definition) { d.Products[1].Kind = catalog.KindInvalid }, "products[1].kind"},
		{"invalid type", func(d *catalog.Definition) { d.Features[2].Attributes[0].Type = 99 }, "features[2].attributes[0].type"},
		{"invalid scope", func(d *catalog.Definition) { d.Features[2].Attributes[0].Scope = 9 }, "features[2].attributes[0].scope"},
		{"invalid combine rule", func(d *catalog.Definition) { d.Features[2].Attributes[0].Combine = 9 }, "features[2].attributes[0].combine"},
		{"invalid state", func(d *catalog.Definition) { d.Products[3].Features[0].State = 7 }, "products[3].features[0].state"},
		{"unset value", func(d *catalog.Definition) { d.Products[0].Features[0].Values[0].Value = catalog.Value{} }, "products[0].features[0].attributes.sms_included"},
		{"unset band value", func(d *catalog.Definition) {
			d.Products[0].Features[0].Values[0].Value = catalog.Banded("arpu", catalog.Otherwise(catalog.Value{}))
		}, "products[0].features[0].attributes.sms_included.bands[0].value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := seedDefinition()
			tt.edit(&d)
			out, err := d.MarshalJSON()
			if !errors.Is(err, catalog.ErrUnencodable) || out != nil {
				t.Fatalf("MarshalJSON = %q, %v; want nil and ErrUnencodable", out, err)
			}
			if !strings.Contains(err.Error(), ": "+tt.wantPath+": ") {
				t.Errorf("err = %v, want it to locate %s", err, tt.wantPath)
			}
		})
	}
}

func TestDecodeValue(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		typ      catalog.Type
		want     catalog.Value
		wantErr  error
		wantPath string
	}{
		{name: "quantity from a string", in: `"0.99"`, typ: catalog.TypeQuantity, want: catalog.Qty(dec("0.99"))},
		{name: "quantity from a number keeps its text", in: `0.1`, typ: catalog.TypeQuantity, want: catalog.Qty(dec("0.1"))},
		{name: "list", in: `["a","b"]`, typ: catalog.TypeStringList, want: catalog.List("a", "b")},
		{name: "inferred string", in: `"x"`, typ: catalog.TypeInvalid, want: catalog.Str("x")},
		{name: "band rule at the root", in: `{"fact":"arpu","bands":[{"below":1,"value":"a"},{"value":"b"}]}`, typ: catalog.TypeEnum,
			want: catalog.Banded("arpu", catalog.Below(dec("1"), catalog.Enum("a")), catalog.Otherwise(catalog.Enum("b")))},
		{name: "wrong type at the root", in: `1`, typ: catalog.TypeBool, wantErr: catalog.ErrWrongType, wantPath: "$"},
		{name: "list item path", in: `["a",null]`, typ: catalog.TypeStringList, wantErr: catalog.ErrWrongType, wantPath: "[1]"},
		{name: "trailing data", in: `true false`, typ: catalog.TypeBool, wantErr: catalog.ErrTrailingData, wantPath: "$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := catalog.DecodeValue([]byte(tt.in), tt.typ)
			if tt.wantErr != nil {
				var de *catalog.DecodeError
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &de) || de.Path != tt.wantPath {
					t.Fatalf("err = %v, want %v at %s", err, tt.wantErr, tt.wantPath)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Fatalf("DecodeValue = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func BenchmarkDecode_Telco(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(catalogs.Telco)))
	for b.Loop() {
		if _, err := catalog.Decode(catalogs.Telco); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode_Telco(b *testing.B) {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}

// MarshalShapedJSON is the inverse of DecodeValue(data, TypeInvalid): every
// constant comes back equal and of the same type without its attribute.
func TestMarshalShapedJSONRoundTripsWithoutTypes(t *testing.T) {
	for _, v := range []catalog.Value{
		catalog.Bool(true), catalog.Int(-7), catalog.Dec(dec("0.99")), catalog.Dec(dec("2")), catalog.Qty(dec("200")),
		catalog.Str("ivr_main"), catalog.List("*21", "*61"),
		catalog.Banded("arpu", catalog.Below(dec("50"), catalog.Int(5)), catalog.Otherwise(catalog.Int(25))),
	} {
		data, err := v.MarshalShapedJSON()
		if err != nil {
			t.Fatalf("%v: %v", v, err)
		}
		got, err := catalog.DecodeValue(data, catalog.TypeInvalid)
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		want := v
		if v.Type() == catalog.TypeQuantity { // a shape cannot tell a quantity from a decimal
			d, _ := v.AsDecimal()
			want = catalog.Dec(d)
		}
		if !got.Equal(want) {
			t.Errorf("%s decoded as %v (%s), want %v (%s)", data, got, got.Type(), want, want.Type())
		}
	}
}
