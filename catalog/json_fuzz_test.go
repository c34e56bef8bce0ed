package catalog_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/internal/catalogtest"
)

var allTypes = []catalog.Type{
	catalog.TypeBool, catalog.TypeInteger, catalog.TypeDecimal, catalog.TypeString,
	catalog.TypeEnum, catalog.TypeStringList, catalog.TypeQuantity,
}

// valueRoundTrip is the law DecodeValue(v.MarshalJSON(), t) == v.
func valueRoundTrip(t *rapid.T) {
	typ := rapid.SampledFrom(allTypes).Draw(t, "type")
	v := catalogtest.AnyValue(typ).Draw(t, "value")
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
// catalog, that a failed DecodeDefinition is a *DecodeError placed within
// the input, and that whatever decodes encodes and decodes back to itself.
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
			var de *catalog.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, catalog.ErrSyntax) || de.Offset < 0 || de.Offset > int64(len(data)) {
				t.Fatalf("DecodeDefinition error %v (%T) is not a *DecodeError within the input", err, err)
			}
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
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	`{"features": [{"id": "f", "attributes": [{"id": "a", "default": {"fact": "x", "bands": [{"value": 2}]}, "type": "decimal"}]}]}`,
	`{"products": [{"id": "p", "kind": "main", "features": [{"feature": "f", "attributes": {"d": 1e100, "e": 1e1000, "f": 0.1e-999}}]}], "features": [{"id": "f", "attributes": [{"id": "d", "type": "decimal"}]}]}`,
	`{"features": [{"id": "f", "attributes": [{"id": "a", "type": "decimal", "min": 99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999990}]}]}`,
}
