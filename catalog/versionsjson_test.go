package catalog_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/internal/strictjson/jsontest"
)

// setDoc returns a set document whose versions are the given JSON objects.
func setDoc(versions ...string) string {
	return `{"format": "tariff.catalogset.v1", "versions": [` + strings.Join(versions, ", ") + `]}`
}

// twoVersions is a valid set: smart_call repriced from March, for
// existing holdings too from June.
const twoVersions = `{
  "format": "tariff.catalogset.v1",
  "versions": [
    {"id": "2026-01", "catalog": {"products": [{"id": "basic", "kind": "main"},
      {"id": "smart_call", "kind": "addon", "priority": 10, "allowed_main": ["basic"]}]}},
    {"id": "2026-03", "from": "2026-03-01T00:00:00.5+01:00", "existing": "2026-06-01T00:00:00Z",
     "catalog": {"format": "tariff.catalog.v1", "products": [{"id": "basic", "kind": "main"},
      {"id": "smart_call", "kind": "addon", "priority": 20, "allowed_main": ["basic"]}]}}
  ]
}`

func TestDecodeVersions(t *testing.T) {
	s, err := catalog.DecodeVersions([]byte(twoVersions))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.Version(1)
	if got := v.From.Format(time.RFC3339Nano); got != "2026-03-01T00:00:00.5+01:00" {
		t.Errorf("from = %s, want 2026-03-01T00:00:00.5+01:00, offset kept", got)
	}
	if want := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC); !v.Existing.Equal(want) {
		t.Errorf("existing = %v, want %v", v.Existing, want)
	}
	if first, _ := s.Version(0); !first.From.IsZero() {
		t.Errorf("first from = %v, want zero (since always)", first.From)
	}
	if i, ok := s.Governing("smart_call", time.Time{}, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)); i != 1 || !ok {
		t.Errorf("Governing after existing = %d, %v; want 1", i, ok)
	}
}

func TestDecodeVersionsStrict(t *testing.T) {
	c := `"catalog": {}`
	v1 := `{"id": "v1", ` + c + `}`
	tests := []struct {
		name     string
		in       string
		wantErr  error
		wantPath string
	}{
		{"an unknown member at the root", `{"versions": [` + v1 + `], "colour": 1}`, catalog.ErrUnknownField, "colour"},
		{"an unknown member in a version", setDoc(`{"id": "v1", "until": "x", ` + c + `}`), catalog.ErrUnknownField, "versions[0].until"},
		{"a key twice in a version", setDoc(`{"id": "v1", "id": "v2", ` + c + `}`), catalog.ErrDuplicateKey, "versions[0].id"},
		{"data after the set", setDoc(v1) + ` {}`, catalog.ErrTrailingData, "$"},
		{"another format", `{"format": "tariff.catalog.v1", "versions": []}`, catalog.ErrInvalidValue, "format"},
		{"a catalog of another format", setDoc(`{"id": "v1", "catalog": {"format": "tariff.catalogset.v1"}}`), catalog.ErrInvalidValue, "versions[0].catalog.format"},
		{"no versions member", `{"format": "tariff.catalogset.v1"}`, catalog.ErrMissingField, "versions"},
		{"a version without id", setDoc(`{` + c + `}`), catalog.ErrMissingField, "versions[0].id"},
		{"a version without catalog", setDoc(`{"id": "v1"}`), catalog.ErrMissingField, "versions[0].catalog"},
		{"a later version without from", setDoc(v1, `{"id": "v2", `+c+`}`), catalog.ErrMissingField, "versions[1].from"},
		{"a null catalog", setDoc(`{"id": "v1", "catalog": null}`), catalog.ErrWrongType, "versions[0].catalog"},
		{"versions as an object", `{"versions": {}}`, catalog.ErrWrongType, "versions"},
		{"a from as a number", setDoc(`{"id": "v1", "from": 20260101, ` + c + `}`), catalog.ErrWrongType, "versions[0].from"},
		{"a from without time of day", setDoc(`{"id": "v1", "from": "2026-01-01", ` + c + `}`), catalog.ErrInvalidValue, "versions[0].from"},
		{"a from without offset", setDoc(`{"id": "v1", "from": "2026-01-01T00:00:00", ` + c + `}`), catalog.ErrInvalidValue, "versions[0].from"},
		{"a from beyond nanoseconds", setDoc(`{"id": "v1", "from": "2026-01-01T00:00:00.1234567891Z", ` + c + `}`), catalog.ErrInvalidValue, "versions[0].from"},
		{"a from with a one-digit hour", setDoc(`{"id": "v1", "from": "2026-01-01T1:00:00Z", ` + c + `}`), catalog.ErrInvalidValue, "versions[0].from"},
		{"a from with a lowercase z", setDoc(`{"id": "v1", "from": "2026-01-01T00:00:00z", ` + c + `}`), catalog.ErrInvalidValue, "versions[0].from"},
		{"an existing on February 30", setDoc(`{"id": "v1", "existing": "2026-02-30T00:00:00Z", ` + c + `}`), catalog.ErrInvalidValue, "versions[0].existing"},
		{"a problem deep in a catalog, at its path from the set's root",
			setDoc(v1, `{"id": "v2", "from": "2026-03-01T00:00:00Z", "catalog": {"products": [{"id": 7}]}}`), catalog.ErrWrongType, "versions[1].catalog.products[0].id"},
		{"from with an offset of +00:00 decodes", setDoc(`{"id": "v1", "from": "2026-01-01T00:00:00.000+00:00", ` + c + `}`), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := catalog.DecodeVersions([]byte(tt.in))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			var de *catalog.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, tt.wantErr) || !errors.Is(err, catalog.ErrSyntax) || s != nil {
				t.Fatalf("DecodeVersions = %v, %v; want a *DecodeError matching %v", s, err, tt.wantErr)
			}
			if de.Path != tt.wantPath {
				t.Errorf("path = %s, want %s", de.Path, tt.wantPath)
			}
		})
	}
}

// TestDecodeVersionsTypesValuesByTheirOwnCatalog: a catalog that lists
// products before features has its values typed by its own declarations.
func TestDecodeVersionsTypesValuesByTheirOwnCatalog(t *testing.T) {
	features := `"service_types": [{"id": "voice"}], "features": [{"id": "f", "service_type": "voice", "attributes": [{"id": "a", "type": "%s"}]}]`
	catalogOf := func(typ, value string) string {
		return `{"products": [{"id": "p", "kind": "main", "features": [{"feature": "f", "attributes": {"a": ` + value + `}}]}], ` +
			strings.Replace(features, "%s", typ, 1) + `}`
	}
	s, err := catalog.DecodeVersions([]byte(setDoc(
		`{"id": "v1", "catalog": `+catalogOf("decimal", `"0.5"`)+`}`,
		`{"id": "v2", "from": "2026-03-01T00:00:00Z", "catalog": `+catalogOf("decimal", `"2.5"`)+`}`)))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.Version(1)
	p, _ := v.Catalog.Product("p")
	if got := p.Features[0].Values[0].Value; !got.Equal(catalog.Dec(dec("2.5"))) {
		t.Errorf("v2's value = %v, want the decimal 2.5", got)
	}
}

func TestDecodeVersionsValidates(t *testing.T) {
	bad := `{"products": [{"id": "basic", "kind": "main"}, {"id": "x", "kind": "addon", "allowed_main": ["nowhere"]}]}`
	mainX := `{"products": [{"id": "x", "kind": "main"}]}`
	tests := []struct {
		name string
		in   string
		want []problem
	}{
		{"an invalid set", setDoc(`{"id": "v1", "catalog": {"products": [{"id": "x", "kind": "addon"}]}}`,
			`{"id": "v2", "from": "2026-03-01T00:00:00Z", "catalog": `+mainX+`}`),
			[]problem{{"versions[v2].products[x].kind", catalog.CodeKindChanged}}},
		{"an invalid catalog and an invalid set, reported together", setDoc(`{"id": "v1", "catalog": `+bad+`}`,
			`{"id": "v1", "from": "2026-03-01T00:00:00Z", "existing": "2026-01-01T00:00:00Z", "catalog": `+mainX+`}`),
			[]problem{{"versions[v1].products[x].allowed_main[nowhere]", catalog.CodeUnknownReference},
				{"versions[v1]", catalog.CodeDuplicateID}, {"versions[v1].existing", catalog.CodeInvalidVersion}}},
		{"no version at all", setDoc(), []problem{{"versions", catalog.CodeInvalidVersion}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := catalog.DecodeVersions([]byte(tt.in))
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) || errors.Is(err, catalog.ErrSyntax) || s != nil {
				t.Fatalf("DecodeVersions = %v, %v; want a *ValidationError alone", s, err)
			}
			var got []problem
			for _, p := range ve.Problems {
				got = append(got, problem{p.Path, p.Code})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s\n%v", diff, ve.Problems)
			}
		})
	}
}

// TestVersionsRoundTrip: encoding then decoding gives the same versions and
// catalogs back, and the encoding is stable.
func TestVersionsRoundTrip(t *testing.T) {
	paris := time.FixedZone("", 2*3600)
	s := catalog.MustNewVersions(
		catalog.Version{ID: "v1", Catalog: seedWith()},
		catalog.Version{ID: "v2", From: time.Date(2026, 3, 1, 0, 0, 0, 123456789, paris), Catalog: seedWith(withPriority("smart_call", 30))},
		catalog.Version{ID: "v3", From: jun, Existing: time.Date(2026, 9, 1, 12, 30, 0, 0, time.FixedZone("", -(3*3600+30*60))),
			Catalog: seedWith(without("smart_call"), withProduct(newbie))},
	)
	data, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := catalog.DecodeVersions(data)
	if err != nil {
		t.Fatalf("DecodeVersions of its own encoding: %v\n%s", err, data)
	}
	if back.Len() != s.Len() {
		t.Fatalf("%d versions back, want %d", back.Len(), s.Len())
	}
	for i := range s.Len() {
		want, _ := s.Version(i)
		got, _ := back.Version(i)
		if diff := cmp.Diff(want, got, cmp.Transformer("definition", (*catalog.Catalog).Definition), defOpts); diff != "" {
			t.Errorf("version %d (-want +got):\n%s", i, diff)
		}
		if _, wo := want.From.Zone(); wo != offsetOf(got.From) {
			t.Errorf("version %d: from offset %d, want %d", i, offsetOf(got.From), wo)
		}
	}
	again, err := back.MarshalJSON()
	if err != nil || !bytes.Equal(again, data) {
		t.Errorf("encoding the decoded set: %v, same bytes %v", err, bytes.Equal(again, data))
	}
	if twice, _ := s.MarshalJSON(); !bytes.Equal(twice, data) {
		t.Errorf("two encodings of one set differ")
	}
}

func offsetOf(t time.Time) int { _, o := t.Zone(); return o }

func TestVersionsEncodeRefuses(t *testing.T) {
	for _, tt := range []struct {
		name string
		from time.Time
	}{
		{"a year after 9999", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"a year after 9999 in UTC too", time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("", -3600-7))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := catalog.MustNewVersions(catalog.Version{ID: "v1", From: tt.from, Catalog: seedWith()})
			if _, err := s.MarshalJSON(); !errors.Is(err, catalog.ErrUnencodable) {
				t.Errorf("MarshalJSON: %v, want ErrUnencodable", err)
			}
		})
	}
	// An offset RFC 3339 cannot write (seconds) is written in UTC, the same
	// instant, as every encoder of the library writes it.
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600+7))
	s := catalog.MustNewVersions(catalog.Version{ID: "v1", From: from, Catalog: seedWith()})
	data, err := s.MarshalJSON()
	if err != nil || !bytes.Contains(data, []byte(`"from": "2025-12-31T22:59:53Z"`)) {
		t.Fatalf("MarshalJSON of an offset with seconds: %v\n%s", err, data)
	}
	back, err := catalog.DecodeVersions(data)
	if err != nil || !first(back).From.Equal(from) {
		t.Errorf("decoding it: %v, want the same instant", err)
	}
	if data, err := (*catalog.Versions)(nil).MarshalJSON(); string(data) != "null" || err != nil {
		t.Errorf("nil set: %s, %v; want null", data, err)
	}
}

// TestDecodeVersionsLimits: a set is one document, held to the decoding
// limits from its root: a catalog inside it nests three levels deeper than
// on its own.
func TestDecodeVersionsLimits(t *testing.T) {
	inSet := func(catalogDoc string) []byte { return []byte(setDoc(`{"id": "v1", "catalog": ` + catalogDoc + `}`)) }
	deep := func(rules int) []byte { return inSet(setting(`{"i": ` + string(bandRules(rules)) + `}`)) }
	const attrs = "versions[0].catalog." + vpath
	allowed := func(n int) []byte {
		return inSet(doc(string(jsontest.Join(`[{"id": "p", "kind": "addon", "allowed_main": [`, jsontest.Elements(n, `"a"`), `]}]`))))
	}
	longID := []byte(setDoc(`{"id": "` + strings.Repeat("v", mib+1) + `"}`))
	tests := []struct {
		name     string
		in       []byte
		wantPath string // "": no DecodeError
		wantOff  int64
	}{
		{name: "document: one byte beyond 256 MiB, refused unread", in: make([]byte, 256*mib+1), wantPath: "$", wantOff: 256 * mib},
		{name: "depth: 18 band rules nested in a version's catalog decode", in: deep(18)},
		{name: "depth: 19, at the bracket of level 65", in: deep(19), wantPath: attrs + ".i." + ruleBands(18), wantOff: int64(jsontest.OpeningAt(deep(19), 65))},
		{name: "elements: 1,000,001 allowed main products in a version, at the last", in: allowed(1_000_001), wantPath: "versions[0].catalog.products[0].allowed_main",
			wantOff: at(allowed(1), `"a"`) + 4*1_000_000},
		{name: "string: a version ID beyond 1 MiB, at the byte beyond", in: longID,
			wantPath: "versions[0].id", wantOff: at(longID, `"vvv`) + 1 + mib},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := catalog.DecodeVersions(tt.in)
			var de *catalog.DecodeError
			if tt.wantPath == "" {
				if errors.As(err, &de) {
					t.Fatalf("err = %.300v, want no DecodeError", err)
				}
				return
			}
			if !errors.Is(err, catalog.ErrLimit) || !errors.As(err, &de) {
				t.Fatalf("err = %.300v, want a *DecodeError matching ErrLimit", err)
			}
			if de.Path != tt.wantPath || de.Offset != tt.wantOff {
				t.Errorf("at %s, offset %d; want %s, offset %d", de.Path, de.Offset, tt.wantPath, tt.wantOff)
			}
		})
	}
}

// TestTelcoVersionsFileIsCanonical: the shipped set is exactly what
// MarshalJSON writes for it, followed by a newline.
func TestTelcoVersionsFileIsCanonical(t *testing.T) {
	s, err := catalog.DecodeVersions(catalogs.TelcoVersions)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if got = append(got, '\n'); !bytes.Equal(got, catalogs.TelcoVersions) {
		t.Errorf("telco-versions.json is not canonical:\n%s", cmp.Diff(string(catalogs.TelcoVersions), string(got)))
	}
	if s.Len() != 2 || s.Defines(1, "carnival_200") || !s.Defines(1, "carnival_300") {
		t.Errorf("telco-versions.json: %d versions; want 2026-07 to retire carnival_200 for carnival_300", s.Len())
	}
}

func first(s *catalog.Versions) catalog.Version { v, _ := s.Version(0); return v }
