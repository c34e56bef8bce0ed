package entitlement_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// The terms members: main_terms on the account, terms on a past main and
// on an assignment. Each is optional, an exact RFC 3339 time, and unknown
// in a version 1 document.
func TestDecodeAccountTerms(t *testing.T) {
	v1 := func(members string) string {
		return `{"format": "tariff.account.v1", "id": "a", "main": "basic_call", ` + members + `}`
	}
	v2 := func(members string) string {
		return `{"format": "tariff.account.v2", "id": "a", "main": "basic_call", ` + members + `}`
	}
	past := func(members string) string {
		return v2(`"main_from": "2026-11-11T00:00:00Z", "past_mains": [{"product": "easy_call", ` + members + `}]`)
	}
	exact := time.Date(2026, 10, 31, 23, 59, 59, 123456789, time.FixedZone("", -(3*3600+30*60)))
	sold := time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		in       string
		want     *entitlement.Account // checked when no error is wanted
		wantErr  error
		wantPath string
		wantOff  int64 // checked when > 0
	}{
		// main_terms
		{name: "main_terms: present, kept to the nanosecond and its offset", in: v2(`"main_terms": "2026-10-31T23:59:59.123456789-03:30"`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", MainTerms: exact}},
		{name: "main_terms: absent, zero", in: v2(`"main_from": "2026-11-01T00:00:00Z"`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", MainFrom: t0}},
		{name: "main_terms: without a format, read as v2", in: `{"id": "a", "main": "basic_call", "main_terms": "2026-10-20T12:00:00Z"}`,
			want: &entitlement.Account{ID: "a", Main: "basic_call", MainTerms: sold}},
		{name: "main_terms: malformed time", in: v2(`"main_terms": "2026-10-20 12:00:00Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "main_terms"},
		{name: "main_terms: not a date", in: v2(`"main_terms": "2026-02-30T00:00:00Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "main_terms"},
		{name: "main_terms: null", in: v2(`"main_terms": null`), wantErr: catalog.ErrWrongType, wantPath: "main_terms"},
		{name: "main_terms: a number", in: v2(`"main_terms": 1761000000`), wantErr: catalog.ErrWrongType, wantPath: "main_terms"},
		{name: "main_terms: twice", in: v2(`"main_terms": "2026-10-20T12:00:00Z", "main_terms": "2026-10-20T12:00:00Z"`), wantErr: catalog.ErrDuplicateKey, wantPath: "main_terms"},
		{name: "main_terms: unknown in v1", in: v1(`"main_terms": "2026-10-20T12:00:00Z"`), wantErr: catalog.ErrUnknownField, wantPath: "main_terms", wantOff: 65},
		{name: "main_terms: unknown in v1 given after it", in: `{"main_terms": "2026-10-20T12:00:00Z", "format": "tariff.account.v1", "id": "a", "main": "m"}`,
			wantErr: catalog.ErrUnknownField, wantPath: "main_terms", wantOff: 1},

		// a past main's terms
		{name: "past main terms: present", in: past(`"terms": "2026-10-31T23:59:59.123456789-03:30"`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", MainFrom: time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC),
				PastMains: []entitlement.MainPeriod{{Product: "easy_call", Terms: exact}}}},
		{name: "past main terms: absent, zero", in: past(`"from": "2026-10-20T12:00:00Z"`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", MainFrom: time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC),
				PastMains: []entitlement.MainPeriod{{Product: "easy_call", From: sold}}}},
		{name: "past main terms: does not stand for a later main's from", in: v2(`"main_from": "2026-11-11T00:00:00Z", "past_mains": [{"product": "easy_call"}, {"product": "smart_call_plan", "terms": "2026-10-20T12:00:00Z"}]`),
			wantErr: catalog.ErrMissingField, wantPath: "past_mains[1].from"},
		{name: "past main terms: malformed time", in: past(`"terms": "2026-10-20T12:00:00"`), wantErr: catalog.ErrInvalidValue, wantPath: "past_mains[0].terms"},
		{name: "past main terms: null", in: past(`"terms": null`), wantErr: catalog.ErrWrongType, wantPath: "past_mains[0].terms"},
		{name: "past main terms: twice", in: past(`"terms": "2026-10-20T12:00:00Z", "terms": "2026-10-21T12:00:00Z"`), wantErr: catalog.ErrDuplicateKey, wantPath: "past_mains[0].terms"},

		// an assignment's terms
		{name: "add-on terms: present", in: assigned(`"from": "2026-11-01T00:00:00Z", "terms": "2026-10-31T23:59:59.123456789-03:30"`),
			want: ptr(withAddOn(entitlement.Assignment{AddOn: "easy_sms", From: t0, Terms: exact}))},
		{name: "add-on terms: absent, zero", in: assigned(`"from": "2026-11-01T00:00:00Z"`),
			want: ptr(withAddOn(entitlement.Assignment{AddOn: "easy_sms", From: t0}))},
		{name: "add-on terms: malformed time", in: assigned(`"terms": "2026-10-20T12:00:00.Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].terms"},
		{name: "add-on terms: offset beyond 23:59", in: assigned(`"terms": "2026-10-20T12:00:00+24:00"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].terms"},
		{name: "add-on terms: a number", in: assigned(`"terms": 0`), wantErr: catalog.ErrWrongType, wantPath: "add_ons[0].terms"},
		{name: "add-on terms: null", in: assigned(`"terms": null`), wantErr: catalog.ErrWrongType, wantPath: "add_ons[0].terms"},
		{name: "add-on terms: unknown in v1", in: v1(`"add_ons": [{"add_on": "easy_sms"}, {"add_on": "easy_sms", "terms": "2026-10-20T12:00:00Z"}]`),
			wantErr: catalog.ErrUnknownField, wantPath: "add_ons[1].terms"},
		{name: "add-on terms: unknown in v1 given after it", in: `{"id": "a", "add_ons": [{"add_on": "easy_sms", "terms": "2026-10-20T12:00:00Z"}], "format": "tariff.account.v1", "main": "m"}`,
			wantErr: catalog.ErrUnknownField, wantPath: "add_ons[0].terms", wantOff: 47},
		{name: "v1 after several v2 members: the first is reported", in: `{"id": "a", "add_ons": [{"add_on": "x", "terms": "2026-10-20T12:00:00Z"}], "main_from": "2026-11-01T00:00:00Z", "format": "tariff.account.v1", "main": "m"}`,
			wantErr: catalog.ErrUnknownField, wantPath: "add_ons[0].terms"},
		{name: "v1 without terms decodes as before", in: v1(`"add_ons": [{"add_on": "easy_sms", "from": "2026-11-01T00:00:00Z"}]`),
			want: ptr(withAddOn(entitlement.Assignment{AddOn: "easy_sms", From: t0}))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := entitlement.DecodeAccount([]byte(tt.in), fixtureCatalog)
			if tt.wantErr != nil {
				var de *catalog.DecodeError
				if !errors.Is(err, tt.wantErr) || !errors.Is(err, catalog.ErrSyntax) || !errors.As(err, &de) {
					t.Fatalf("err = %v, want a *DecodeError matching %v", err, tt.wantErr)
				}
				if de.Path != tt.wantPath {
					t.Errorf("Path = %q, want %q", de.Path, tt.wantPath)
				}
				if tt.wantOff > 0 && de.Offset != tt.wantOff {
					t.Errorf("Offset = %d, want %d", de.Offset, tt.wantOff)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v, want none", err)
			}
			if diff := cmp.Diff(*tt.want, got, accountOpts); diff != "" {
				t.Errorf("DecodeAccount (-want +got):\n%s", diff)
			}
			checkSameOffsets(t, *tt.want, got)
		})
	}
}

// checkSameOffsets checks that got's terms instants have want's offsets.
func checkSameOffsets(t *testing.T, want, got entitlement.Account) {
	t.Helper()
	pairs := [][2]time.Time{{want.MainTerms, got.MainTerms}}
	for i := range min(len(want.PastMains), len(got.PastMains)) {
		pairs = append(pairs, [2]time.Time{want.PastMains[i].Terms, got.PastMains[i].Terms})
	}
	for i := range min(len(want.AddOns), len(got.AddOns)) {
		pairs = append(pairs, [2]time.Time{want.AddOns[i].Terms, got.AddOns[i].Terms})
	}
	for i, p := range pairs {
		_, wo := p[0].Zone()
		if _, g := p[1].Zone(); g != wo {
			t.Errorf("terms %d (main_terms, past mains, add-ons): offset %d, want %d", i, g, wo)
		}
	}
}

// termsJSON is the encoding of an account with every terms member: each
// after the member it belongs with, a zero one left out.
const termsJSON = `{
  "format": "tariff.account.v2",
  "id": "acct-1",
  "main": "easy_call",
  "main_from": "2026-11-11T00:00:00Z",
  "main_terms": "2026-11-10T15:30:00.000000001+01:00",
  "past_mains": [
    {
      "product": "basic_call",
      "terms": "2026-10-01T00:00:00Z"
    },
    {
      "product": "smart_call_plan",
      "from": "2026-11-01T00:00:00Z"
    }
  ],
  "add_ons": [
    {
      "add_on": "easy_sms",
      "from": "2026-11-01T00:00:00Z",
      "terms": "2026-10-20T12:00:00.5Z"
    },
    {
      "add_on": "roaming_pack"
    }
  ]
}`

func TestTermsAccountRoundTripsExactly(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	want := entitlement.Account{ID: "acct-1", Main: "easy_call",
		MainFrom:  time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC),
		MainTerms: time.Date(2026, 11, 10, 15, 30, 0, 1, cet),
		PastMains: []entitlement.MainPeriod{
			{Product: "basic_call", Terms: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)},
			{Product: "smart_call_plan", From: t0},
		},
		AddOns: []entitlement.Assignment{
			{AddOn: "easy_sms", From: t0, Terms: time.Date(2026, 10, 20, 12, 0, 0, 500_000_000, time.UTC)},
			{AddOn: "roaming_pack"},
		}}
	data, err := want.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(termsJSON, string(data)); diff != "" {
		t.Errorf("MarshalJSON (-want +got):\n%s", diff)
	}
	got, err := entitlement.DecodeAccount(data, fixtureCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, accountOpts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	checkSameOffsets(t, want, got)
}

func TestMarshalRefusesTermsTheFormatCannotHold(t *testing.T) {
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		acct     entitlement.Account
		wantPath string
	}{
		{"main_terms beyond 9999", entitlement.Account{ID: "a", Main: "m", MainTerms: far}, "main_terms"},
		{"past main terms beyond 9999", entitlement.Account{ID: "a", Main: "m", MainFrom: t0,
			PastMains: []entitlement.MainPeriod{{Product: "p", Terms: far}}}, "past_mains[0].terms"},
		{"add-on terms beyond 9999", withAddOn(entitlement.Assignment{AddOn: "easy_sms", Terms: far}), "add_ons[0].terms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := tt.acct.MarshalJSON()
			if !errors.Is(err, entitlement.ErrUnencodable) || out != nil {
				t.Fatalf("MarshalJSON = %q, %v; want nil and ErrUnencodable", out, err)
			}
			if want := ": " + tt.wantPath + ": "; !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want it to locate %s", err, tt.wantPath)
			}
		})
	}
}
