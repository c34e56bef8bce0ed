package catalog_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
)

var allTypes = []catalog.Type{
	catalog.TypeBool, catalog.TypeInteger, catalog.TypeDecimal, catalog.TypeString,
	catalog.TypeEnum, catalog.TypeStringList, catalog.TypeQuantity,
}

// genDecimal generates decimals of any sign and scale, including ones with
// trailing zeros (1.50) and positive exponents (15e3).
var genDecimal = rapid.Custom(func(t *rapid.T) decimal.Decimal {
	return decimal.New(rapid.Int64().Draw(t, "coefficient"), rapid.Int32Range(-30, 30).Draw(t, "exponent"))
})

// genConstant returns a generator of constants of type typ.
func genConstant(typ catalog.Type) *rapid.Generator[catalog.Value] {
	return rapid.Custom(func(t *rapid.T) catalog.Value {
		switch typ {
		case catalog.TypeBool:
			return catalog.Bool(rapid.Bool().Draw(t, "bool"))
		case catalog.TypeInteger:
			return catalog.Int(rapid.Int64().Draw(t, "int"))
		case catalog.TypeDecimal:
			return catalog.Dec(genDecimal.Draw(t, "decimal"))
		case catalog.TypeQuantity:
			return catalog.Qty(genDecimal.Draw(t, "quantity"))
		case catalog.TypeString:
			return catalog.Str(rapid.String().Draw(t, "string"))
		case catalog.TypeEnum:
			return catalog.Enum(rapid.String().Draw(t, "enum"))
		case catalog.TypeStringList:
			return catalog.List(rapid.SliceOf(rapid.String()).Draw(t, "list")...)
		}
		panic("unknown type")
	})
}

// genValue returns a generator of values of type typ: constants and band
// rules whose bands hold constants of typ.
func genValue(typ catalog.Type) *rapid.Generator[catalog.Value] {
	constant := genConstant(typ)
	return rapid.Custom(func(t *rapid.T) catalog.Value {
		if !rapid.Bool().Draw(t, "banded") {
			return constant.Draw(t, "constant")
		}
		bands := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) catalog.Band {
			if rapid.Bool().Draw(t, "bounded") {
				return catalog.Below(genDecimal.Draw(t, "below"), constant.Draw(t, "value"))
			}
			return catalog.Otherwise(constant.Draw(t, "value"))
		}), 0, 4).Draw(t, "bands")
		return catalog.Banded(rapid.String().Draw(t, "fact"), bands...)
	})
}

// valueRoundTrip is the law DecodeValue(v.MarshalJSON(), t) == v.
func valueRoundTrip(t *rapid.T) {
	typ := rapid.SampledFrom(allTypes).Draw(t, "type")
	v := genValue(typ).Draw(t, "value")
	data, err := v.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON(%v): %v", v, err)
	}
	got, err := catalog.DecodeValue(data, typ)
	if err != nil {
		t.Fatalf("DecodeValue(%s, %v): %v", data, typ, err)
	}
	if !got.Equal(v) {
		t.Fatalf("DecodeValue(%s, %v) = %v, want %v", data, typ, got, v)
	}
}

func TestValueRoundTrip(t *testing.T) { rapid.Check(t, valueRoundTrip) }

func FuzzValueRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(valueRoundTrip)) }

// FuzzDecode checks that no input panics, that a failed Decode returns no
// catalog, and that whatever decodes encodes and decodes back to itself.
func FuzzDecode(f *testing.F) {
	f.Add(catalogs.Telco)
	f.Add([]byte(smartCallDoc))
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := catalog.Decode(data)
		if err != nil && c != nil {
			t.Fatalf("Decode returned a catalog and the error %v", err)
		}
		def, err := catalog.DecodeDefinition(data)
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("DecodeDefinition accepted invalid JSON %q", data)
		}
		out, err := def.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of a decoded definition: %v", err)
		}
		again, err := catalog.DecodeDefinition(out)
		if err != nil {
			t.Fatalf("DecodeDefinition of its own encoding: %v\n%s", err, out)
		}
		if diff := cmp.Diff(def, again, defOpts); diff != "" {
			t.Fatalf("decode(encode(d)) != d (-d +again):\n%s", diff)
		}
	})
}

// fuzzSeeds are inputs from the decode table and near misses of it.
var fuzzSeeds = []string{
	`{"format": "tariff.catalog.v1", "colour": 1}`,
	`{} {}`,
	`{"groups": [], "groups": []}`,
	`{"service_types": [{"id": 7}]}`,
	`null`,
	`{"products": [{"id": "p", "kind": "main", "features": [{"feature": "f", "attributes": {"i": 3.5, "d": 0.1, "zz": [1]}}]}]}`,
	`{"features": [{"id": "f", "attributes": [{"id": "a", "type": "integer", "min": "-0", "max": 1e3, "default": 1E+2}]}]}`,
	`{"products": [{"id": "p", "kind": "addon", "features": [{"feature": "f", "state": "enabled", "attributes": {"q": {"fact": "arpu", "bands": [{"below": "50", "value": 5}, {"value": 25}]}}}]}]}`,
	`{"groups": [{"id": "\ud83d\ude00\u0000", "name": "\"\\\/\b\f\n\r\t"}]}`,
	`{"groups": [{"id": "\ud800"}]}`,
	`{"products": [{"id": "p", "kind": "main", "features": [{"feature": "f", "attributes": {"x": 1.5, "y": 2, "z": 2.0, "w": "s", "v": [], "u": {"fact": "a", "bands": [{"value": 1e2}]}}}]}]}`,
	"{\"groups\": [{\"id\": \"g\xff\"}]}",
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
}
