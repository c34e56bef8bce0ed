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

func TestDecodeAccountHistory(t *testing.T) {
	v1 := func(members string) string {
		return `{"format": "tariff.account.v1", "id": "a", "main": "basic_call", ` + members + `}`
	}
	v2 := func(members string) string {
		return `{"format": "tariff.account.v2", "id": "a", "main": "basic_call", ` + members + `}`
	}
	d := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		name     string
		in       string
		want     *entitlement.Account // checked when no error is wanted
		wantErr  error
		wantPath string
	}{
		{name: "v1 still decodes, without history", in: issueDoc, want: ptr(issueAccount())},
		{name: "v1: main_from is an unknown field", in: v1(`"main_from": "2026-11-01T00:00:00Z"`), wantErr: catalog.ErrUnknownField, wantPath: "main_from"},
		{name: "v1: past_mains is an unknown field", in: v1(`"past_mains": []`), wantErr: catalog.ErrUnknownField, wantPath: "past_mains"},
		{name: "v1 after the history members: still unknown fields", in: `{"main_from": "2026-11-01T00:00:00Z", "format": "tariff.account.v1", "id": "a", "main": "m"}`,
			wantErr: catalog.ErrUnknownField, wantPath: "main_from"},
		{name: "v2 with a history", in: v2(`"main_from": "2026-11-11T00:00:00Z", "past_mains": [{"product": "easy_call"}, {"product": "smart_call_plan", "from": "2026-11-01T00:00:00Z"}]`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", MainFrom: d("2026-11-11T00:00:00Z"), PastMains: []entitlement.MainPeriod{
				{Product: "easy_call"}, {Product: "smart_call_plan", From: d("2026-11-01T00:00:00Z")}}}},
		{name: "v2: the first past main may give its from", in: v2(`"main_from": "2026-11-11T00:00:00Z", "past_mains": [{"product": "easy_call", "from": "2026-11-01T00:00:00Z"}]`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", MainFrom: d("2026-11-11T00:00:00Z"), PastMains: []entitlement.MainPeriod{
				{Product: "easy_call", From: d("2026-11-01T00:00:00Z")}}}},
		{name: "v2: main_from alone, the activation", in: v2(`"main_from": "2026-11-01T09:00:00+01:00"`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", MainFrom: d("2026-11-01T08:00:00Z")}},
		{name: "without a format: read as v2", in: `{"id": "a", "main": "basic_call", "main_from": "2026-11-01T00:00:00Z"}`,
			want: &entitlement.Account{ID: "a", Main: "basic_call", MainFrom: t0}},
		{name: "v2 without history: as v1", in: v2(`"add_ons": [{"add_on": "easy_sms"}]`), want: ptr(withAddOn(entitlement.Assignment{AddOn: "easy_sms"}))},
		{name: "empty past_mains decodes as nil", in: v2(`"past_mains": []`), want: &entitlement.Account{ID: "a", Main: "basic_call"}},
		{name: "v3 is not a format", in: `{"format": "tariff.account.v3", "id": "a", "main": "m"}`, wantErr: catalog.ErrInvalidValue, wantPath: "format"},
		{name: "past main without from other than the first: missing field", in: v2(`"main_from": "2026-11-11T00:00:00Z", "past_mains": [{"product": "easy_call"}, {"product": "smart_call_plan"}]`),
			wantErr: catalog.ErrMissingField, wantPath: "past_mains[1].from"},
		{name: "past main without product: missing field", in: v2(`"past_mains": [{"from": "2026-11-01T00:00:00Z"}]`), wantErr: catalog.ErrMissingField, wantPath: "past_mains[0].product"},
		{name: "unknown field in a past main", in: v2(`"past_mains": [{"product": "easy_call", "until": "2026-11-01T00:00:00Z"}]`), wantErr: catalog.ErrUnknownField, wantPath: "past_mains[0].until"},
		{name: "past_mains as an object: wrong type", in: v2(`"past_mains": {}`), wantErr: catalog.ErrWrongType, wantPath: "past_mains"},
		{name: "past main as a string: wrong type", in: v2(`"past_mains": ["easy_call"]`), wantErr: catalog.ErrWrongType, wantPath: "past_mains[0]"},
		{name: "main_from not a time", in: v2(`"main_from": "2026-11-01"`), wantErr: catalog.ErrInvalidValue, wantPath: "main_from"},
		{name: "main_from null", in: v2(`"main_from": null`), wantErr: catalog.ErrWrongType, wantPath: "main_from"},
		{name: "duplicate main_from", in: v2(`"main_from": "2026-11-01T00:00:00Z", "main_from": "2026-11-02T00:00:00Z"`), wantErr: catalog.ErrDuplicateKey, wantPath: "main_from"},
		{name: "malformed history decodes: Resolve reports it", in: v2(`"past_mains": [{"product": ""}]`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", PastMains: []entitlement.MainPeriod{{}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := entitlement.DecodeAccount([]byte(tt.in), fixtureCatalog)
			if tt.wantErr != nil {
				var de *catalog.DecodeError
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &de) {
					t.Fatalf("err = %v, want a *DecodeError matching %v", err, tt.wantErr)
				}
				if de.Path != tt.wantPath {
					t.Errorf("Path = %q, want %q", de.Path, tt.wantPath)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v, want none", err)
			}
			if diff := cmp.Diff(*tt.want, got, accountOpts); diff != "" {
				t.Errorf("DecodeAccount (-want +got):\n%s", diff)
			}
		})
	}
}

// historyJSON is the encoding of a history account: members in the
// documented order, the first past main's zero from left out, a later one's
// zero from written.
const historyJSON = `{
  "format": "tariff.account.v2",
  "id": "acct-1",
  "main": "easy_call",
  "main_from": "2026-11-11T00:00:00+01:00",
  "past_mains": [
    {
      "product": "basic_call"
    },
    {
      "product": "smart_call_plan",
      "from": "2026-11-01T00:00:00Z"
    },
    {
      "product": "basic_call",
      "from": "0001-01-01T00:00:00Z"
    }
  ],
  "add_ons": [
    {
      "add_on": "easy_sms",
      "until": "2026-11-01T00:00:00Z"
    }
  ]
}`

func TestHistoryAccountRoundTripsExactly(t *testing.T) {
	want := entitlement.Account{ID: "acct-1", Main: "easy_call", MainFrom: time.Date(2026, 11, 11, 0, 0, 0, 0, time.FixedZone("CET", 3600)),
		PastMains: []entitlement.MainPeriod{{Product: "basic_call"}, {Product: "smart_call_plan", From: t0}, {Product: "basic_call"}},
		AddOns:    []entitlement.Assignment{{AddOn: "easy_sms", Until: t0}}}
	data, err := want.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(historyJSON, string(data)); diff != "" {
		t.Errorf("MarshalJSON (-want +got):\n%s", diff)
	}
	got, err := entitlement.DecodeAccount(data, fixtureCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, accountOpts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if _, off := got.MainFrom.Zone(); off != 3600 {
		t.Errorf("main_from offset = %d, want 3600", off)
	}
	// The third period's zero from makes the history malformed: decoding
	// keeps it, Resolve refuses it.
	if _, err := fixtureResolver.Resolve(got, t0); !errors.Is(err, entitlement.ErrInvalidHistory) {
		t.Errorf("Resolve: %v, want ErrInvalidHistory", err)
	}
}

func TestChangeMainResultRoundTrips(t *testing.T) {
	a := account("basic_call", "carnival_200", "roaming_pack")
	a, _, err := fixtureResolver.ChangeMain(a, "smart_call_plan", t0)
	if err != nil {
		t.Fatal(err)
	}
	a, _, err = fixtureResolver.ChangeMain(a, "easy_call", days(10))
	if err != nil {
		t.Fatal(err)
	}
	data, err := a.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := entitlement.DecodeAccount(data, fixtureCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got, accountOpts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s\n%s", diff, data)
	}
	for _, at := range []time.Time{days(-1), t0, days(10)} {
		checkSameConfig(t, a, got, at)
	}
}

func TestMarshalRefusesAHistoryTheFormatCannotHold(t *testing.T) {
	tests := []struct {
		name     string
		acct     entitlement.Account
		wantPath string
	}{
		{"main_from beyond 9999", entitlement.Account{ID: "a", Main: "m", MainFrom: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, "main_from"},
		{"past from before year 0", entitlement.Account{ID: "a", Main: "m", MainFrom: t0,
			PastMains: []entitlement.MainPeriod{{Product: "p", From: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}}}, "past_mains[0].from"},
		{"past product not UTF-8", entitlement.Account{ID: "a", Main: "m", MainFrom: t0, PastMains: []entitlement.MainPeriod{{Product: "\xff"}}}, "past_mains[0].product"},
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
