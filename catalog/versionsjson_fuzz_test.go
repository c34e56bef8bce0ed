package catalog_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/tariffkit/tariff/catalog"
)

// FuzzDecodeVersions checks that no input panics, that a failed decode
// returns no set and a *DecodeError placed within the input or a
// *ValidationError, and that whatever decodes encodes, decodes again and
// encodes to the same bytes.
func FuzzDecodeVersions(f *testing.F) {
	f.Add([]byte(twoVersions))
	for _, s := range versionsFuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := catalog.DecodeVersions(data)
		if err != nil {
			var de *catalog.DecodeError
			var ve *catalog.ValidationError
			switch {
			case s != nil:
				t.Fatalf("DecodeVersions returned a set and the error %v", err)
			case errors.As(err, &de):
				if !errors.Is(err, catalog.ErrSyntax) || de.Offset < 0 || de.Offset > int64(len(data)) {
					t.Fatalf("DecodeError %v is not placed within the input", err)
				}
			case !errors.As(err, &ve) || len(ve.Problems) == 0:
				t.Fatalf("error %v (%T) is neither a *DecodeError nor a *ValidationError", err, err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("DecodeVersions accepted invalid JSON %q", data)
		}
		out, err := s.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of a decoded set: %v", err)
		}
		again, err := catalog.DecodeVersions(out)
		if err != nil {
			t.Fatalf("DecodeVersions of its own encoding: %v\n%s", err, out)
		}
		out2, err := again.MarshalJSON()
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("encode(decode(encode(s))) != encode(s): %v\n%s\n%s", err, out, out2)
		}
	})
}

// versionsFuzzSeeds are near misses of a valid set.
var versionsFuzzSeeds = []string{
	`{"versions": [{"id": "v1", "catalog": {}}]}`,
	`{"versions": [{"id": "v1", "catalog": {}}, {"id": "v2", "from": "2026-01-01T00:00:00Z", "catalog": {}}]}`,
	`{"versions": [{"id": "v1", "from": "0000-01-01T00:00:00.000000001-23:59", "existing": "9999-12-31T23:59:59.999999999+14:00", "catalog": {}}]}`,
	`{"versions": [{"id": "v1", "catalog": {}}, {"id": "v2", "catalog": {}}]}`,
	`{"versions": [{"id": "v1", "catalog": {}}, {"id": "v1", "from": "2026-01-01T00:00:00Z", "existing": "2025-01-01T00:00:00Z", "catalog": null}]}`,
	`{"versions": [{"id": "v1", "catalog": {"products": [{"id": "x", "kind": "addon"}]}}, {"id": "v2", "from": "2026-01-01T00:00:00Z", "catalog": {"products": [{"id": "x", "kind": "main"}]}}]}`,
	`{"versions": [{"id": "v1", "catalog": {"products": [{"id": "p", "kind": "main", "features": [{"feature": "f", "attributes": {"a": "1.5"}}]}],` +
		`"service_types": [{"id": "s"}], "features": [{"id": "f", "service_type": "s", "attributes": [{"id": "a", "type": "decimal", "max": 2}]}]}},` +
		`{"id": "v2", "from": "2026-01-01T00:00:00+05:30", "catalog": {"service_types": [{"id": "s"}], "features": [{"id": "f", "service_type": "s", "attributes": [{"id": "a", "type": "decimal", "max": 1}]}]}}]}`,
	`{"format": "tariff.catalogset.v1", "versions": [], "versions": []}`,
	`{"versions": [{"id": "v1", "from": "2026-01-01T00:00:00.1234567891Z", "catalog": {}}]} []`,
	`{"versions": [{"id": "v 1", "catalog": {"format": "tariff.catalog.v2"}}]}`,
}

// TestVersionsKeepInstantsAtTheEndsOfRFC3339: the first and last
// nanoseconds RFC 3339 can write, in the farthest offsets, are written back
// as they were read.
func TestVersionsKeepInstantsAtTheEndsOfRFC3339(t *testing.T) {
	s, err := catalog.DecodeVersions([]byte(versionsFuzzSeeds[2]))
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`"0000-01-01T00:00:00.000000001-23:59"`)) || !bytes.Contains(out, []byte(`"9999-12-31T23:59:59.999999999+14:00"`)) {
		t.Errorf("instants at the ends of RFC 3339 not kept:\n%s", out)
	}
}
