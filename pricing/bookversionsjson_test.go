package pricing_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// setMinimal is the smallest valid set document: one version, in force
// since always; the cases below edit it.
const setMinimal = `{"format":"tariff.pricebookset.v1","versions":[{"id":"v1","book":` + minimal + `}]}`

// setBrief has two versions: the second from March 2026, pricing existing
// products from May in a zone two hours east.
const setBrief = `{"format":"tariff.pricebookset.v1","versions":[
 {"id":"2026-01","book":{"format":"tariff.pricebook.v1","currency":"EUR","charges":[
   {"id":"main_monthly","product":"main","kind":"recurring","period":{"unit":"month","count":1},"price":{"model":"flat","amount":"10.00"}}]}},
 {"id":"2026-03","from":"2026-03-01T00:00:00Z","existing":"2026-05-01T00:00:00.5+02:00","book":{"format":"tariff.pricebook.v1","currency":"EUR","charges":[
   {"id":"main_monthly","product":"main","kind":"recurring","period":{"unit":"month","count":1},"price":{"model":"flat","amount":"12.00"}}],
   "free":["gift"]}}]}`

func TestDecodeBookVersionsBrief(t *testing.T) {
	s, err := pricing.DecodeBookVersions([]byte(setBrief))
	if err != nil {
		t.Fatalf("DecodeBookVersions: %v", err)
	}
	existing := time.Date(2026, 5, 1, 0, 0, 0, 500_000_000, time.FixedZone("", 2*3600))
	want := []struct {
		id             string
		from, existing time.Time
		book           pricing.PriceBook
	}{
		{"2026-01", time.Time{}, time.Time{}, pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{recurringCharge("main", "10.00", pricing.EUR)}}},
		{"2026-03", month(3), existing, pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{recurringCharge("main", "12.00", pricing.EUR)}, Free: []string{"gift"}}},
	}
	if s.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", s.Len(), len(want))
	}
	for i, w := range want {
		v, _ := s.Version(i)
		if v.ID != w.id || !v.From.Equal(w.from) || !v.Existing.Equal(w.existing) {
			t.Errorf("version %d = %s from %v existing %v, want %s from %v existing %v", i, v.ID, v.From, v.Existing, w.id, w.from, w.existing)
		}
		if diff := cmp.Diff(w.book, v.Book.Definition(), bookOpts); diff != "" {
			t.Errorf("version %d's book (-want +got):\n%s", i, diff)
		}
	}
	if v, _ := s.Version(1); v.Existing.Location() == time.UTC {
		t.Errorf("existing %v lost its offset", v.Existing)
	}
	checkSetRoundTrip(t, s)
}

func TestDecodeBookVersionsStrict(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(setMinimal, old) {
			panic("no " + old)
		}
		return strings.Replace(setMinimal, old, new, 1)
	}
	tests := []struct {
		name     string
		in       string
		wantErr  error
		wantPath string
	}{
		{"minimal set: valid", setMinimal, nil, ""},
		{"from with nanoseconds and an offset: valid", edit(`"id":"v1"`, `"id":"v1","from":"2026-01-01T00:00:00.123456789-05:30"`), nil, ""},
		{"existing in UTC written +00:00: valid", edit(`"id":"v1"`, `"id":"v1","from":"2026-01-01T00:00:00Z","existing":"2026-02-01T00:00:00+00:00"`), nil, ""},
		{"empty input: syntax", "", catalog.ErrSyntax, "$"},
		{"truncated in the nested book: syntax", setMinimal[:strings.Index(setMinimal, "flat")+2], catalog.ErrSyntax, "versions[0].book.charges[0].price.model"},
		{"trailing data: trailing data", setMinimal + "[]", catalog.ErrTrailingData, "$"},
		{"root an array: wrong type", `[]`, catalog.ErrWrongType, "$"},
		{"no format: read as the newest, valid", strings.Replace(setMinimal, `"format":"tariff.pricebookset.v1",`, "", 1), nil, ""},
		{"missing versions: missing field", `{"format":"tariff.pricebookset.v1"}`, catalog.ErrMissingField, "versions"},
		{"a price book instead of a set: invalid value at its format", minimal, catalog.ErrInvalidValue, "format"},
		{"the price book format at the root: invalid value", edit(`pricebookset.v1`, `pricebook.v1`), catalog.ErrInvalidValue, "format"},
		{"the set format in the nested book: invalid value", edit(`"format":"tariff.pricebook.v1"`, `"format":"tariff.pricebookset.v1"`), catalog.ErrInvalidValue, "versions[0].book.format"},
		{"nested book without format: read as the newest, valid", edit(`"format":"tariff.pricebook.v1",`, ``), nil, ""},
		{"version without id: missing field", edit(`"id":"v1",`, ``), catalog.ErrMissingField, "versions[0].id"},
		{"version without book: missing field", `{"format":"tariff.pricebookset.v1","versions":[{"id":"v1"}]}`, catalog.ErrMissingField, "versions[0].book"},
		{"unknown version field: unknown field", edit(`"id":"v1"`, `"id":"v1","until":"2027-01-01T00:00:00Z"`), catalog.ErrUnknownField, "versions[0].until"},
		{"unknown field in the nested book: unknown field", edit(`"model":"flat"`, `"modle":"flat","model":"flat"`), catalog.ErrUnknownField, "versions[0].book.charges[0].price.modle"},
		{"duplicate version key: duplicate key", edit(`"id":"v1"`, `"id":"v1","id":"v2"`), catalog.ErrDuplicateKey, "versions[0].id"},
		{"null versions: wrong type", edit(`"versions":[`, `"versions":null,"x":[`), catalog.ErrWrongType, "versions"},
		{"null from: wrong type", edit(`"id":"v1"`, `"id":"v1","from":null`), catalog.ErrWrongType, "versions[0].from"},
		{"number for an id: wrong type", edit(`"id":"v1"`, `"id":1`), catalog.ErrWrongType, "versions[0].id"},
		{"date without time: invalid value", edit(`"id":"v1"`, `"id":"v1","from":"2026-01-01"`), catalog.ErrInvalidValue, "versions[0].from"},
		{"time without offset: invalid value", edit(`"id":"v1"`, `"id":"v1","from":"2026-01-01T00:00:00"`), catalog.ErrInvalidValue, "versions[0].from"},
		{"lower-case t and z: invalid value", edit(`"id":"v1"`, `"id":"v1","from":"2026-01-01t00:00:00z"`), catalog.ErrInvalidValue, "versions[0].from"},
		{"ten fraction digits: invalid value", edit(`"id":"v1"`, `"id":"v1","from":"2026-01-01T00:00:00.1234567891Z"`), catalog.ErrInvalidValue, "versions[0].from"},
		{"offset of 24 hours: invalid value", edit(`"id":"v1"`, `"id":"v1","existing":"2026-01-01T00:00:00+24:00"`), catalog.ErrInvalidValue, "versions[0].existing"},
		{"30 February: invalid value", edit(`"id":"v1"`, `"id":"v1","from":"2026-02-30T00:00:00Z"`), catalog.ErrInvalidValue, "versions[0].from"},
		{"invalid UTF-8: syntax where it is", edit(`"p"`, "\"p\xff\""), catalog.ErrSyntax, "versions[0].book.charges[0].product"},
		{"number beyond the limits in a nested book: limit", edit(`"amount":"1"`, `"amount":`+strings.Repeat("9", 200)), catalog.ErrLimit, "versions[0].book.charges[0].price.amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := pricing.DecodeBookVersions([]byte(tt.in))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("DecodeBookVersions: %v", err)
				}
				checkSetRoundTrip(t, s)
				return
			}
			if s != nil {
				t.Error("DecodeBookVersions returned a set with an error")
			}
			var de *catalog.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			if !errors.Is(err, tt.wantErr) || !errors.Is(err, catalog.ErrSyntax) {
				t.Errorf("error %v does not match %v and ErrSyntax", err, tt.wantErr)
			}
			if de.Path != tt.wantPath {
				t.Errorf("path = %q, want %q (%v)", de.Path, tt.wantPath, err)
			}
			if de.Offset < 0 || de.Offset > int64(len(tt.in)) {
				t.Errorf("offset %d outside the input", de.Offset)
			}
		})
	}
}

func TestDecodeBookVersionsInvalid(t *testing.T) {
	const valid = `{"format":"tariff.pricebook.v1","currency":"EUR","charges":[]}`
	const negative = `{"format":"tariff.pricebook.v1","currency":"EUR","charges":[{"id":"c","product":"p","kind":"one_time","price":{"model":"flat","amount":"-1"}}]}`
	set := func(versions ...string) string {
		return `{"format":"tariff.pricebookset.v1","versions":[` + strings.Join(versions, ",") + `]}`
	}
	tests := []struct {
		name string
		in   string
		want []problem
	}{
		{"no version: invalid_version", set(), []problem{{"versions", catalog.CodeInvalidVersion}}},
		{"second version without from: invalid_version", set(`{"id":"v1","book":`+valid+`}`, `{"id":"v2","book":`+valid+`}`),
			[]problem{{"versions[v2].from", catalog.CodeInvalidVersion}}},
		{"invalid book: its problems under versions[ID].book", set(`{"id":"v1","book":` + negative + `}`),
			[]problem{{"versions[v1].book.charges[c].price.amount", catalog.CodeNegative}}},
		{"invalid book and invalid set: every problem, no missing book", set(
			`{"id":"v1","from":"2026-03-01T00:00:00Z","book":`+negative+`}`,
			`{"id":"v2","from":"2026-01-01T00:00:00Z","existing":"2025-01-01T00:00:00Z","book":`+valid+`}`,
			`{"id":"v2","from":"2026-04-01T00:00:00Z","book":`+strings.Replace(valid, "EUR", "USD", 1)+`}`),
			[]problem{{"versions[v1].book.charges[c].price.amount", catalog.CodeNegative},
				{"versions[v2].from", catalog.CodeVersionOrder}, {"versions[v2].existing", catalog.CodeInvalidVersion},
				{"versions[v2]", catalog.CodeDuplicateID}}},
		{"charge ID reused for another product: id_reused", set(
			`{"id":"v1","book":`+minimal+`}`,
			`{"id":"v2","from":"2026-01-01T00:00:00Z","book":`+strings.Replace(minimal, `"product":"p"`, `"product":"q"`, 1)+`}`),
			[]problem{{"versions[v2].book.charges[c]", catalog.CodeIDReused}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := pricing.DecodeBookVersions([]byte(tt.in))
			if s != nil {
				t.Error("DecodeBookVersions returned a set with an error")
			}
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBookVersionsMarshalJSON(t *testing.T) {
	s := pricing.MustNewBookVersions(
		bv("v1", time.Time{}, bookOf(nil, recurring("main_monthly", "main", "10.00"))),
		pricing.BookVersion{ID: "v2", From: month(3).In(time.FixedZone("", 5*3600+1800)), Existing: month(5).Add(time.Millisecond).In(time.FixedZone("LMT", 3208)),
			Book: bookOf([]string{"gift"}, recurring("main_monthly", "main", "12.00"))},
	)
	got, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "format": "tariff.pricebookset.v1",
  "versions": [
    {
      "id": "v1",
      "book": {
        "format": "tariff.pricebook.v1",
        "currency": "EUR",
        "charges": [
          {
            "id": "main_monthly",
            "product": "main",
            "kind": "recurring",
            "period": {
              "unit": "month",
              "count": 1
            },
            "price": {
              "model": "flat",
              "amount": "10.00"
            }
          }
        ]
      }
    },
    {
      "id": "v2",
      "from": "2026-03-01T05:30:00+05:30",
      "existing": "2026-05-01T00:00:00.001Z",
      "book": {
        "format": "tariff.pricebook.v1",
        "currency": "EUR",
        "charges": [
          {
            "id": "main_monthly",
            "product": "main",
            "kind": "recurring",
            "period": {
              "unit": "month",
              "count": 1
            },
            "price": {
              "model": "flat",
              "amount": "12.00"
            }
          }
        ],
        "free": [
          "gift"
        ]
      }
    }
  ]
}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("MarshalJSON (-want +got):\n%s", diff)
	}
	checkSetRoundTrip(t, s)
}

// TestBookVersionsNestedBook: each version's book is written exactly as
// Book.MarshalJSON writes it, and DecodeBook reads it.
func TestBookVersionsNestedBook(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genBookVersions.Draw(t, "set")
		enc, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Versions []struct{ Book json.RawMessage }
		}
		if err := json.Unmarshal(enc, &doc); err != nil {
			t.Fatal(err)
		}
		for i, v := range doc.Versions {
			want, err := s.Book(i).MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			var a, b bytes.Buffer
			if err := errors.Join(json.Compact(&a, want), json.Compact(&b, v.Book)); err != nil {
				t.Fatal(err)
			}
			if a.String() != b.String() {
				t.Fatalf("version %d's book:\n%s\nBook.MarshalJSON:\n%s", i, b.String(), a.String())
			}
			if _, err := pricing.DecodeBook(v.Book); err != nil {
				t.Fatalf("DecodeBook of version %d's book: %v", i, err)
			}
		}
	})
}

func TestBookVersionsMarshalJSONErrors(t *testing.T) {
	if _, err := (*pricing.BookVersions)(nil).MarshalJSON(); !errors.Is(err, pricing.ErrUnencodable) || !errors.Is(err, pricing.ErrNoBook) {
		t.Errorf("nil set: %v, want ErrUnencodable and ErrNoBook", err)
	}
	if _, err := (&pricing.BookVersions{}).MarshalJSON(); !errors.Is(err, pricing.ErrUnencodable) || !errors.Is(err, pricing.ErrNoBook) {
		t.Errorf("zero set: %v, want ErrUnencodable and ErrNoBook", err)
	}
	b := bookOf(nil, recurring("main_monthly", "main", "10"))
	far := pricing.MustNewBookVersions(bv("v1", time.Time{}, b), bv("v2", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), b))
	if _, err := far.MarshalJSON(); !errors.Is(err, pricing.ErrUnencodable) {
		t.Errorf("year 10000: %v, want ErrUnencodable", err)
	}
	huge := bookOf(nil, pricing.Charge{ID: "c", Product: "p", Kind: pricing.ChargeOneTime, Price: flat(strings.Repeat("9", 101))})
	if _, err := pricing.MustNewBookVersions(bv("v1", time.Time{}, huge)).MarshalJSON(); !errors.Is(err, pricing.ErrUnencodable) {
		t.Errorf("a book Book.MarshalJSON refuses: %v, want ErrUnencodable", err)
	}
}

// checkSetRoundTrip: the set encodes, decodes to an equal set and encodes
// again to the same bytes.
func checkSetRoundTrip(t tb, s *pricing.BookVersions) {
	t.Helper()
	enc, err := s.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	back, err := pricing.DecodeBookVersions(enc)
	if err != nil {
		t.Fatalf("DecodeBookVersions of the encoded set: %v\n%s", err, enc)
	}
	if back.Len() != s.Len() {
		t.Fatalf("round trip gave %d versions, want %d", back.Len(), s.Len())
	}
	for i := range s.Len() {
		v, _ := s.Version(i)
		w, _ := back.Version(i)
		if v.ID != w.ID || !v.From.Equal(w.From) || !v.Existing.Equal(w.Existing) {
			t.Fatalf("version %d: %s from %v existing %v came back as %s from %v existing %v", i, v.ID, v.From, v.Existing, w.ID, w.From, w.Existing)
		}
		if diff := cmp.Diff(v.Book.Definition(), w.Book.Definition(), bookOpts); diff != "" {
			t.Fatalf("round trip changed version %d's book (-want +got):\n%s", i, diff)
		}
	}
	again, err := back.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON again: %v", err)
	}
	if !bytes.Equal(enc, again) {
		t.Fatalf("second encoding differs:\n%s\n---\n%s", enc, again)
	}
}

func bookVersionsRoundTrip(t *rapid.T) { checkSetRoundTrip(t, genBookVersions.Draw(t, "set")) }

func TestBookVersionsJSONRoundTrip(t *testing.T) { rapid.Check(t, bookVersionsRoundTrip) }

func FuzzBookVersionsJSONRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(bookVersionsRoundTrip)) }

// TestTelcoPriceVersionsFileIsCanonical: the shipped set is exactly what
// MarshalJSON writes for it, followed by a newline, and it validates
// against the shipped catalog set.
func TestTelcoPriceVersionsFileIsCanonical(t *testing.T) {
	s, err := pricing.DecodeBookVersions(catalogs.TelcoPriceVersions)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if want := catalogs.TelcoPriceVersions; !bytes.Equal(append(got, '\n'), want) {
		t.Errorf("telco-price-versions.json is not canonical (-file +encoded):\n%s", cmp.Diff(string(want), string(got)+"\n"))
	}
	cs, err := catalog.DecodeVersions(catalogs.TelcoVersions)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ValidateAgainst(cs); err != nil {
		t.Errorf("telco-price-versions.json against telco-versions.json: %v", err)
	}
}
