package entitlement_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/internal/catalogtest"
)

// accountOpts compares accounts: values, decimals and times by Equal, nil
// and empty lists and maps alike.
var accountOpts = cmp.Options{
	cmp.Comparer(func(a, b catalog.Value) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmpopts.EquateEmpty(),
}

// issueDoc is the example document of the account JSON format.
const issueDoc = `{
  "format": "tariff.account.v1",
  "id": "john-doe",
  "main": "basic_call",
  "add_ons": [{"add_on": "easy_sms", "quantity": 2, "from": "2026-11-01T00:00:00Z", "until": "2026-12-01T00:00:00Z"}],
  "states": {"call_waiting": "disabled"},
  "values": {"max_forwarded_calls": 12, "follow_me_numbers": ["+15550100"]},
  "facts": {"arpu": "75.50"}
}`

func issueAccount() entitlement.Account {
	return entitlement.Account{
		ID: "john-doe", Main: "basic_call",
		AddOns: []entitlement.Assignment{{AddOn: "easy_sms", Quantity: 2, From: t0, Until: t0.AddDate(0, 1, 0)}},
		States: []entitlement.StateSetting{{Feature: "call_waiting", State: catalog.Disabled}},
		Values: []catalog.AttributeValue{
			val("max_forwarded_calls", catalog.Int(12)),
			val("follow_me_numbers", catalog.List("+15550100")),
		},
		Facts: map[string]decimal.Decimal{"arpu": dec("75.50")},
	}
}

// acct wraps members (JSON text) in a minimal account document.
func acct(members string) string {
	return `{"id": "a", "main": "basic_call", ` + members + `}`
}

// assigned wraps an assignment's extra members in a minimal account document.
func assigned(members string) string {
	return acct(`"add_ons": [{"add_on": "easy_sms", ` + members + `}]`)
}

func TestDecodeAccount(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     *entitlement.Account // checked when set and no error is wanted
		wantErr  error                // nil: decodes
		wantPath string               // when wantErr is set
		wantOff  int64                // when wantErr is set and wantOff >= 0
	}{
		// the format
		{name: "the documented example decodes", in: issueDoc, want: ptr(issueAccount())},
		{name: "format may be left out", in: `{"id": "a", "main": "m"}`, want: &entitlement.Account{ID: "a", Main: "m"}},
		{name: "format must be v1 or v2", in: `{"format": "tariff.catalog.v1", "id": "a", "main": "m"}`, wantErr: catalog.ErrInvalidValue, wantPath: "format", wantOff: 11},
		{name: "empty sections decode as nil", in: acct(`"add_ons": [], "states": {}, "values": {}, "facts": {}`), want: &entitlement.Account{ID: "a", Main: "basic_call"}},
		{name: "states keep document order", in: acct(`"states": {"mailbox": "enabled", "call_waiting": "disabled", "conferencing": "enabled"}`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", States: []entitlement.StateSetting{
				{Feature: "mailbox", State: catalog.Enabled}, {Feature: "call_waiting", State: catalog.Disabled}, {Feature: "conferencing", State: catalog.Enabled}}}},

		// strictness
		{name: "unknown field at the root", in: `{"id": "a", "main": "m", "colour": 1}`, wantErr: catalog.ErrUnknownField, wantPath: "colour", wantOff: 25},
		{name: "unknown field in an assignment", in: assigned(`"qty": 2`), wantErr: catalog.ErrUnknownField, wantPath: "add_ons[0].qty", wantOff: -1},
		{name: "trailing data", in: `{"id": "a", "main": "m"} {}`, wantErr: catalog.ErrTrailingData, wantPath: "$", wantOff: 25},
		{name: "duplicate key at the root", in: `{"id": "a", "main": "m", "id": "b"}`, wantErr: catalog.ErrDuplicateKey, wantPath: "id", wantOff: 25},
		{name: "duplicate feature in states", in: acct(`"states": {"call_waiting": "enabled", "call_waiting": "disabled"}`), wantErr: catalog.ErrDuplicateKey, wantPath: "states.call_waiting", wantOff: -1},
		{name: "duplicate attribute in values", in: acct(`"values": {"max_forwarded_calls": 1, "max_forwarded_calls": 2}`), wantErr: catalog.ErrDuplicateKey, wantPath: "values.max_forwarded_calls", wantOff: -1},
		{name: "duplicate fact", in: acct(`"facts": {"arpu": 1, "arpu": 2}`), wantErr: catalog.ErrDuplicateKey, wantPath: "facts.arpu", wantOff: -1},
		{name: "malformed JSON", in: `{"id": "a",}`, wantErr: catalog.ErrSyntax, wantPath: "$", wantOff: 11},
		{name: "invalid UTF-8", in: "{\"id\": \"a\xff\", \"main\": \"m\"}", wantErr: catalog.ErrSyntax, wantPath: "id", wantOff: 9},
		{name: "nesting too deep", in: acct(`"values": {"x": ` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`), wantErr: catalog.ErrSyntax, wantOff: -1},

		// required fields
		{name: "missing id", in: `{"main": "m"}`, wantErr: catalog.ErrMissingField, wantPath: "id", wantOff: 0},
		{name: "missing main", in: `{"id": "a"}`, wantErr: catalog.ErrMissingField, wantPath: "main", wantOff: 0},
		{name: "missing add_on", in: acct(`"add_ons": [{"quantity": 2}]`), wantErr: catalog.ErrMissingField, wantPath: "add_ons[0].add_on", wantOff: -1},

		// JSON types
		{name: "wrong type: document not an object", in: `[]`, wantErr: catalog.ErrWrongType, wantPath: "$", wantOff: 0},
		{name: "wrong type: id as a number", in: `{"id": 7, "main": "m"}`, wantErr: catalog.ErrWrongType, wantPath: "id", wantOff: 7},
		{name: "wrong type: null main", in: `{"id": "a", "main": null}`, wantErr: catalog.ErrWrongType, wantPath: "main", wantOff: -1},
		{name: "wrong type: add_ons as an object", in: acct(`"add_ons": {}`), wantErr: catalog.ErrWrongType, wantPath: "add_ons", wantOff: -1},
		{name: "wrong type: assignment as a string", in: acct(`"add_ons": ["easy_sms"]`), wantErr: catalog.ErrWrongType, wantPath: "add_ons[0]", wantOff: -1},
		{name: "wrong type: quantity as a string", in: assigned(`"quantity": "2"`), wantErr: catalog.ErrWrongType, wantPath: "add_ons[0].quantity", wantOff: -1},
		{name: "wrong type: states as an array", in: acct(`"states": ["call_waiting"]`), wantErr: catalog.ErrWrongType, wantPath: "states", wantOff: -1},
		{name: "wrong type: state as a bool", in: acct(`"states": {"call_waiting": true}`), wantErr: catalog.ErrWrongType, wantPath: "states.call_waiting", wantOff: -1},
		{name: "wrong type: values as an array", in: acct(`"values": []`), wantErr: catalog.ErrWrongType, wantPath: "values", wantOff: -1},
		{name: "wrong type: integer value as a string", in: acct(`"values": {"max_forwarded_calls": "12"}`), wantErr: catalog.ErrWrongType, wantPath: "values.max_forwarded_calls", wantOff: 68},
		{name: "wrong type: list item as a number", in: acct(`"values": {"follow_me_numbers": ["+1555", 1]}`), wantErr: catalog.ErrWrongType, wantPath: "values.follow_me_numbers[1]", wantOff: 76},
		{name: "wrong type: band value", in: acct(`"values": {"max_participants": {"fact": "arpu", "bands": [{"value": "5"}]}}`), wantErr: catalog.ErrWrongType, wantPath: "values.max_participants.bands[0].value", wantOff: -1},
		{name: "wrong type: null value", in: acct(`"values": {"max_forwarded_calls": null}`), wantErr: catalog.ErrWrongType, wantPath: "values.max_forwarded_calls", wantOff: -1},
		{name: "wrong type: null value of an unknown attribute", in: acct(`"values": {"colour": null}`), wantErr: catalog.ErrWrongType, wantPath: "values.colour", wantOff: -1},
		{name: "wrong type: fact as a bool", in: acct(`"facts": {"arpu": true}`), wantErr: catalog.ErrWrongType, wantPath: "facts.arpu", wantOff: -1},
		{name: "wrong type: facts as null", in: acct(`"facts": null`), wantErr: catalog.ErrWrongType, wantPath: "facts", wantOff: -1},
		{name: "wrong type: time as a number", in: assigned(`"from": 1764547200`), wantErr: catalog.ErrWrongType, wantPath: "add_ons[0].from", wantOff: -1},

		// numbers
		{name: "quantity: integral fraction", in: assigned(`"quantity": 2.0`), want: ptr(withAddOn(entitlement.Assignment{AddOn: "easy_sms", Quantity: 2}))},
		{name: "quantity: non-integral", in: assigned(`"quantity": 1.5`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].quantity", wantOff: -1},
		{name: "quantity: negative decodes, Resolve refuses it", in: assigned(`"quantity": -3`), want: ptr(withAddOn(entitlement.Assignment{AddOn: "easy_sms", Quantity: -3}))},
		{name: "quantity: beyond int64", in: assigned(`"quantity": 9223372036854775808`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].quantity", wantOff: -1},
		{name: "fact from a number is exact", in: acct(`"facts": {"arpu": 0.1}`), want: &entitlement.Account{ID: "a", Main: "basic_call", Facts: map[string]decimal.Decimal{"arpu": dec("0.1")}}},
		{name: "fact from a string is exact", in: acct(`"facts": {"arpu": "0.30000000000000000001"}`), want: &entitlement.Account{ID: "a", Main: "basic_call", Facts: map[string]decimal.Decimal{"arpu": dec("0.30000000000000000001")}}},
		{name: "fact not a decimal", in: acct(`"facts": {"arpu": "lots"}`), wantErr: catalog.ErrInvalidValue, wantPath: "facts.arpu", wantOff: -1},
		{name: "fact exponent beyond the bound", in: acct(`"facts": {"arpu": 1e-1001}`), wantErr: catalog.ErrInvalidValue, wantPath: "facts.arpu", wantOff: -1},
		{name: "decimal value exponent beyond the bound", in: acct(`"values": {"attachment_mb": "1e2000"}`), wantErr: catalog.ErrInvalidValue, wantPath: "values.attachment_mb", wantOff: -1},
		{name: "integer value non-integral", in: acct(`"values": {"max_forwarded_calls": 12.5}`), wantErr: catalog.ErrInvalidValue, wantPath: "values.max_forwarded_calls", wantOff: -1},

		// values typed by the catalog
		{name: "value typed by its attribute", in: acct(`"values": {"attachment_mb": "2.50", "storage_gb": 3, "max_forwarded_calls": 1e1}`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", Values: []catalog.AttributeValue{
				val("attachment_mb", catalog.Dec(dec("2.5"))), val("storage_gb", catalog.Qty(dec("3"))), val("max_forwarded_calls", catalog.Int(10))}}},
		{name: "unknown attribute typed by its shape", in: acct(`"values": {"colour": "red", "size": 2, "weight": 2.0}`),
			want: &entitlement.Account{ID: "a", Main: "basic_call", Values: []catalog.AttributeValue{
				val("colour", catalog.Str("red")), val("size", catalog.Int(2)), val("weight", catalog.Dec(dec("2")))}}},
		{name: "odd key quoted in the path", in: acct(`"values": {"a.b": null}`), wantErr: catalog.ErrWrongType, wantPath: `values["a.b"]`, wantOff: -1},

		// states
		{name: "state undefined is not a state", in: acct(`"states": {"call_waiting": "undefined"}`), wantErr: catalog.ErrInvalidValue, wantPath: "states.call_waiting", wantOff: -1},
		{name: "state on is not a state", in: acct(`"states": {"call_waiting": "on"}`), wantErr: catalog.ErrInvalidValue, wantPath: "states.call_waiting", wantOff: -1},
		{name: "state names are case-sensitive", in: acct(`"states": {"call_waiting": "Enabled"}`), wantErr: catalog.ErrInvalidValue, wantPath: "states.call_waiting", wantOff: -1},

		// times
		{name: "time with nanoseconds and an offset", in: assigned(`"from": "2026-11-01T01:02:03.123456789+05:30"`),
			want: ptr(withAddOn(entitlement.Assignment{AddOn: "easy_sms", From: time.Date(2026, 11, 1, 1, 2, 3, 123456789, time.FixedZone("", 5*3600+1800))}))},
		{name: "time with a negative offset", in: assigned(`"until": "2026-11-01T00:00:00-08:00"`),
			want: ptr(withAddOn(entitlement.Assignment{AddOn: "easy_sms", Until: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)}))},
		{name: "time: date only", in: assigned(`"from": "2026-11-01"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: no offset", in: assigned(`"from": "2026-11-01T00:00:00"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: lower-case t", in: assigned(`"from": "2026-11-01t00:00:00Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: space for T", in: assigned(`"from": "2026-11-01 00:00:00Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: one-digit hour", in: assigned(`"from": "2026-11-01T0:00:00Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: comma before the fraction", in: assigned(`"from": "2026-11-01T00:00:00,5Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: ten fraction digits", in: assigned(`"from": "2026-11-01T00:00:00.1234567891Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: month 13", in: assigned(`"from": "2026-13-01T00:00:00Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: 30 February", in: assigned(`"from": "2026-02-30T00:00:00Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: leap second", in: assigned(`"from": "2026-12-31T23:59:60Z"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: offset of 24 hours", in: assigned(`"from": "2026-11-01T00:00:00+24:00"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
		{name: "time: offset without a colon", in: assigned(`"from": "2026-11-01T00:00:00+0100"`), wantErr: catalog.ErrInvalidValue, wantPath: "add_ons[0].from", wantOff: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := entitlement.DecodeAccount([]byte(tt.in), fixtureCatalog)
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
				if diff := cmp.Diff(entitlement.Account{}, got, accountOpts); diff != "" {
					t.Errorf("failed decode returned an account (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v, want none", err)
			}
			if tt.want != nil {
				if diff := cmp.Diff(*tt.want, got, accountOpts); diff != "" {
					t.Errorf("DecodeAccount (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func withAddOn(asg entitlement.Assignment) entitlement.Account {
	return entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{asg}}
}

func TestDecodedTimesKeepTheirOffset(t *testing.T) {
	a, err := entitlement.DecodeAccount([]byte(assigned(`"from": "2026-11-01T01:00:00+01:00", "until": "2026-12-01T00:00:00-00:00"`)), fixtureCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if _, off := a.AddOns[0].From.Zone(); off != 3600 {
		t.Errorf("from offset = %d s, want 3600", off)
	}
	if loc := a.AddOns[0].Until.Location(); loc != time.UTC {
		t.Errorf("until location = %v, want UTC for a zero offset", loc)
	}
}

// Decoding checks the form; Resolve checks the content, with its typed
// errors, whatever the catalog does not know.
func TestDecodedAccountIsValidatedByResolve(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr error
		wantAs  any
	}{
		{"unknown attribute: ErrUnknown", acct(`"values": {"colour": "red"}`), entitlement.ErrUnknown, &entitlement.UnknownError{Kind: "attribute", ID: "colour"}},
		{"unknown feature state: ErrUnknown", acct(`"states": {"telepathy": "enabled"}`), entitlement.ErrUnknown, &entitlement.UnknownError{Kind: "feature", ID: "telepathy"}},
		{"unknown main product: ErrUnknown", `{"id": "a", "main": "gold"}`, entitlement.ErrUnknown, &entitlement.UnknownError{Kind: "product", ID: "gold"}},
		{"negative quantity: ErrQuantity", assigned(`"quantity": -3`), entitlement.ErrQuantity, &entitlement.QuantityError{AddOn: "easy_sms", Quantity: -3, Max: 3}},
		{"value out of its bounds: ErrInvalidValue", acct(`"values": {"max_forwarded_calls": 51}`), entitlement.ErrInvalidValue, nil},
		{"product-scoped value: ErrScope", acct(`"values": {"minutes_us_ca": 10}`), entitlement.ErrScope, &entitlement.ScopeError{Attribute: "minutes_us_ca"}},
		{"band rule without its fact: ErrMissingFact", acct(`"add_ons": [{"add_on": "mailbox_plus"}]`), entitlement.ErrMissingFact, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := entitlement.DecodeAccount([]byte(tt.in), fixtureCatalog)
			if err != nil {
				t.Fatalf("DecodeAccount: %v", err)
			}
			_, err = fixtureResolver.Resolve(a, t0)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Resolve err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantAs != nil {
				if diff := cmp.Diff(tt.wantAs, errorOfType(err, tt.wantAs)); diff != "" {
					t.Errorf("typed error (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// errorOfType returns the error in err's chain of the same type as like.
func errorOfType(err error, like any) any {
	switch like.(type) {
	case *entitlement.UnknownError:
		var e *entitlement.UnknownError
		errors.As(err, &e)
		return e
	case *entitlement.QuantityError:
		var e *entitlement.QuantityError
		errors.As(err, &e)
		return e
	case *entitlement.ScopeError:
		var e *entitlement.ScopeError
		errors.As(err, &e)
		return e
	}
	return nil
}

// richAccount exercises every member of the format against the fixture
// catalog: repeated and timed add-ons, offsets and nanoseconds, both
// states, values of every kind and facts.
func richAccount() entitlement.Account {
	berlin := time.FixedZone("CET", 3600)
	return entitlement.Account{
		ID: "john-doe", Main: "basic_call",
		AddOns: []entitlement.Assignment{
			{AddOn: "easy_sms", Quantity: 2, From: t0, Until: t0.AddDate(0, 1, 0)},
			{AddOn: "easy_sms", From: t0.AddDate(0, 1, 0)},
			{AddOn: "mailbox_plus", From: time.Date(2026, 10, 15, 9, 30, 0, 500, berlin)},
			{AddOn: "conferencing_plus", Until: time.Date(2027, 1, 1, 0, 0, 0, 123000000, time.FixedZone("", -(9*3600+30*60)))},
			{AddOn: "carnival_200"},
		},
		States: []entitlement.StateSetting{{Feature: "call_waiting", State: catalog.Disabled}, {Feature: "call_forwarding", State: catalog.Enabled}},
		Values: []catalog.AttributeValue{
			val("max_forwarded_calls", catalog.Int(12)),
			val("follow_me_numbers", catalog.List("+15550100", "+15550101")),
			val("sms_included", catalog.Int(500)),
			val("attachment_mb", catalog.Dec(dec("12.75"))),
			val("storage_gb", catalog.Qty(dec("40"))),
			val("voice_application", catalog.Enum("ivr_sales")),
		},
		Facts: map[string]decimal.Decimal{"arpu": dec("75.50"), "tenure_months": dec("14"), "churn_risk": dec("-0.0025")},
	}
}

const richJSON = `{
  "format": "tariff.account.v2",
  "id": "john-doe",
  "main": "basic_call",
  "add_ons": [
    {
      "add_on": "easy_sms",
      "quantity": 2,
      "from": "2026-11-01T00:00:00Z",
      "until": "2026-12-01T00:00:00Z"
    },
    {
      "add_on": "easy_sms",
      "from": "2026-12-01T00:00:00Z"
    },
    {
      "add_on": "mailbox_plus",
      "from": "2026-10-15T09:30:00.0000005+01:00"
    },
    {
      "add_on": "conferencing_plus",
      "until": "2027-01-01T00:00:00.123-09:30"
    },
    {
      "add_on": "carnival_200"
    }
  ],
  "states": {
    "call_waiting": "disabled",
    "call_forwarding": "enabled"
  },
  "values": {
    "max_forwarded_calls": 12,
    "follow_me_numbers": [
      "+15550100",
      "+15550101"
    ],
    "sms_included": 500,
    "attachment_mb": 12.75,
    "storage_gb": 40.0,
    "voice_application": "ivr_sales"
  },
  "facts": {
    "arpu": "75.5",
    "churn_risk": "-0.0025",
    "tenure_months": "14"
  }
}`

func TestRichAccountRoundTripsExactly(t *testing.T) {
	want := richAccount()
	data, err := want.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(richJSON, string(data)); diff != "" {
		t.Errorf("MarshalJSON (-want +got):\n%s", diff)
	}
	got, err := entitlement.DecodeAccount(data, fixtureCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, accountOpts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for i, asg := range got.AddOns {
		for _, pair := range [][2]time.Time{{want.AddOns[i].From, asg.From}, {want.AddOns[i].Until, asg.Until}} {
			_, wantOff := pair[0].Zone()
			if _, gotOff := pair[1].Zone(); gotOff != wantOff {
				t.Errorf("add_ons[%d]: offset %d, want %d", i, gotOff, wantOff)
			}
		}
	}
	again, err := got.MarshalJSON()
	if err != nil || string(again) != string(data) {
		t.Errorf("re-encoding differs (err %v):\n%s", err, cmp.Diff(string(data), string(again)))
	}
	if _, err := fixtureResolver.Resolve(got, t0); !errors.Is(err, entitlement.ErrScope) {
		t.Errorf("Resolve: %v, want ErrScope for attachment_mb (the content is Resolve's to check)", err)
	}
}

func TestMarshalNormalisesWhatRFC3339CannotExpress(t *testing.T) {
	lmt := time.FixedZone("LMT", 1172) // Amsterdam's mean time, +00:19:32
	in := withAddOn(entitlement.Assignment{AddOn: "easy_sms", From: time.Date(1900, 1, 1, 0, 0, 0, 0, lmt),
		Until: time.Date(9999, 12, 31, 23, 30, 0, 0, time.UTC).In(time.FixedZone("", 3600))})
	data, err := in.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"from": "1899-12-31T23:40:28Z"`, `"until": "9999-12-31T23:30:00Z"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("encoding lacks %s:\n%s", want, data)
		}
	}
	got, err := entitlement.DecodeAccount(data, fixtureCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, got, accountOpts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestMarshalRefusesWhatTheFormatCannotHold(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(a *entitlement.Account)
		wantPath string
	}{
		{"undefined state", func(a *entitlement.Account) { a.States[0].State = catalog.Undefined }, "states.call_waiting"},
		{"out-of-range state", func(a *entitlement.Account) { a.States[0].State = 9 }, "states.call_waiting"},
		{"feature state set twice", func(a *entitlement.Account) {
			a.States = append(a.States, entitlement.StateSetting{Feature: "call_waiting", State: catalog.Enabled})
		}, "states.call_waiting"},
		{"attribute set twice", func(a *entitlement.Account) { a.Values = append(a.Values, val("sms_included", catalog.Int(1))) }, "values.sms_included"},
		{"unset value", func(a *entitlement.Account) { a.Values[0].Value = catalog.Value{} }, "values.max_forwarded_calls"},
		{"invalid UTF-8 in an ID", func(a *entitlement.Account) { a.AddOns[1].AddOn = "easy\xff" }, "add_ons[1].add_on"},
		{"invalid UTF-8 in a fact name", func(a *entitlement.Account) { a.Facts["\xff"] = dec("1") }, "facts"},
		{"year beyond 9999", func(a *entitlement.Account) { a.AddOns[0].Until = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "add_ons[0].until"},
		{"year before 0", func(a *entitlement.Account) { a.AddOns[0].From = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) }, "add_ons[0].from"},
		{"fact with more than 1000 decimal places", func(a *entitlement.Account) { a.Facts["arpu"] = decimal.New(1, -1001) }, "facts.arpu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := richAccount()
			tt.edit(&a)
			out, err := a.MarshalJSON()
			if !errors.Is(err, entitlement.ErrUnencodable) || out != nil {
				t.Fatalf("MarshalJSON = %q, %v; want nil and ErrUnencodable", out, err)
			}
			if !strings.Contains(err.Error(), ": "+tt.wantPath+": ") {
				t.Errorf("err = %v, want it to locate %s", err, tt.wantPath)
			}
		})
	}
}

func TestAccountMarshalsThroughEncodingJSON(t *testing.T) {
	a := issueAccount()
	viaStd, err := json.Marshal(struct{ Account entitlement.Account }{a})
	if err != nil {
		t.Fatal(err)
	}
	var back struct{ Account json.RawMessage }
	if err := json.Unmarshal(viaStd, &back); err != nil {
		t.Fatal(err)
	}
	got, err := entitlement.DecodeAccount(back.Account, fixtureCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got, accountOpts); diff != "" {
		t.Errorf("round trip through encoding/json (-want +got):\n%s", diff)
	}
}

// The generators below draw accounts whose values have the types of the
// fixture catalog's attributes (or, for attributes it does not know, types
// their JSON shape gives back), with any IDs, quantities and periods:
// encoding and decoding is about form, not about what Resolve accepts.

var fixtureAttrTypes = func() map[string]catalog.Type {
	m := map[string]catalog.Type{}
	for _, f := range fixture().Features {
		for _, a := range f.Attributes {
			m[a.ID] = a.Type
		}
	}
	return m
}()

// genID draws a known ID from ids or, sometimes, any string.
func genID(ids ...string) *rapid.Generator[string] {
	return rapid.OneOf(rapid.SampledFrom(ids), rapid.String())
}

// genTime draws zero times and times from year 1 to 9999 with any
// nanoseconds, in UTC, whole-minute offsets, named fixed zones and offsets
// RFC 3339 cannot write (seconds), which the encoder writes in UTC.
var genTime = rapid.Custom(func(t *rapid.T) time.Time {
	if rapid.Bool().Draw(t, "zero") {
		return time.Time{}
	}
	sec := rapid.Int64Range(time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC).Unix(), time.Date(9999, 12, 30, 0, 0, 0, 0, time.UTC).Unix()).Draw(t, "unix")
	nsec := rapid.OneOf(rapid.Just(int64(0)), rapid.Int64Range(0, 999), rapid.Int64Range(0, 999_999_999)).Draw(t, "nsec")
	zones := []*time.Location{
		time.UTC,
		time.FixedZone("", 0),
		time.FixedZone("", rapid.IntRange(-1439, 1439).Draw(t, "offset minutes")*60),
		time.FixedZone("CET", 3600),
		time.FixedZone("LMT", rapid.IntRange(-86399, 86399).Draw(t, "offset seconds")),
	}
	return time.Unix(sec, nsec).In(rapid.SampledFrom(zones).Draw(t, "zone"))
})

var genAssignment = rapid.Custom(func(t *rapid.T) entitlement.Assignment {
	return entitlement.Assignment{
		AddOn:    genID("easy_sms", "smart_call", "mailbox_plus", "conferencing_plus", "roaming_pack").Draw(t, "add-on"),
		Quantity: rapid.OneOf(rapid.Just(0), rapid.IntRange(-3, 5), rapid.Int()).Draw(t, "quantity"),
		From:     genTime.Draw(t, "from"),
		Until:    genTime.Draw(t, "until"),
		Terms:    genTime.Draw(t, "terms"),
	}
})

// genMainPeriod draws a past main product, well formed in a history or not:
// the round trip holds for any.
var genMainPeriod = rapid.Custom(func(t *rapid.T) entitlement.MainPeriod {
	return entitlement.MainPeriod{
		Product: genID("basic_call", "smart_call_plan", "easy_call", "").Draw(t, "product"),
		From:    genTime.Draw(t, "from"),
		Terms:   genTime.Draw(t, "terms"),
	}
})

var genAccount = rapid.Custom(func(t *rapid.T) entitlement.Account {
	a := entitlement.Account{
		ID:        rapid.String().Draw(t, "id"),
		Main:      genID("basic_call", "smart_call_plan", "easy_call").Draw(t, "main"),
		MainFrom:  genTime.Draw(t, "main from"),
		MainTerms: genTime.Draw(t, "main terms"),
		PastMains: rapid.SliceOfN(genMainPeriod, 0, 3).Draw(t, "past mains"),
		AddOns:    rapid.SliceOfN(genAssignment, 0, 4).Draw(t, "add-ons"),
	}
	features := rapid.SliceOfNDistinct(genID("call_waiting", "conferencing", "call_forwarding", "mailbox"), 0, 4, rapid.ID).Draw(t, "features")
	for _, f := range features {
		st := rapid.SampledFrom([]catalog.State{catalog.Enabled, catalog.Disabled}).Draw(t, "state")
		a.States = append(a.States, entitlement.StateSetting{Feature: f, State: st})
	}
	attrIDs := []string{"colour", "size"} // unknown to the fixture catalog
	for id := range fixtureAttrTypes {
		attrIDs = append(attrIDs, id)
	}
	slices.Sort(attrIDs)
	attrs := rapid.SliceOfNDistinct(rapid.SampledFrom(attrIDs), 0, 5, rapid.ID).Draw(t, "attributes")
	for _, id := range attrs {
		a.Values = append(a.Values, val(id, catalogtest.AnyValue(fixtureAttrTypes[id]).Draw(t, id)))
	}
	a.Facts = rapid.MapOfN(rapid.String(), catalogtest.AnyDecimal, 0, 3).Draw(t, "facts")
	return a
})

// accountRoundTrip is the law DecodeAccount(a.MarshalJSON()) == a, and the
// encoding of the result is the same bytes.
func accountRoundTrip(t *rapid.T) {
	a := genAccount.Draw(t, "account")
	data, err := a.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	got, err := entitlement.DecodeAccount(data, fixtureCatalog)
	if err != nil {
		t.Fatalf("DecodeAccount: %v\n%s", err, data)
	}
	if diff := cmp.Diff(a, got, accountOpts); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s\n%s", diff, data)
	}
	again, err := got.MarshalJSON()
	if err != nil || string(again) != string(data) {
		t.Fatalf("re-encoding differs (err %v):\n%s", err, cmp.Diff(string(data), string(again)))
	}
}

func TestAccountRoundTrip(t *testing.T) { rapid.Check(t, accountRoundTrip) }

func FuzzAccountRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(accountRoundTrip)) }

// FuzzDecodeAccount checks that no input panics, that a failed decode is a
// *DecodeError and returns no account, and that whatever decodes encodes
// and decodes back to itself, times in the same offsets.
func FuzzDecodeAccount(f *testing.F) {
	f.Add([]byte(issueDoc))
	f.Add([]byte(richJSON))
	for _, s := range accountFuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := entitlement.DecodeAccount(data, fixtureCatalog)
		if err != nil {
			var de *catalog.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, catalog.ErrSyntax) {
				t.Fatalf("DecodeAccount error %v (%T) is not a *DecodeError matching ErrSyntax", err, err)
			}
			if diff := cmp.Diff(entitlement.Account{}, a, accountOpts); diff != "" {
				t.Fatalf("failed decode returned an account:\n%s", diff)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("DecodeAccount accepted invalid JSON %q", data)
		}
		out, err := a.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of a decoded account: %v", err)
		}
		again, err := entitlement.DecodeAccount(out, fixtureCatalog)
		if err != nil {
			t.Fatalf("DecodeAccount of its own encoding: %v\n%s", err, out)
		}
		if diff := cmp.Diff(a, again, accountOpts); diff != "" {
			t.Fatalf("decode(encode(a)) != a (-a +again):\n%s\n%s", diff, out)
		}
		pairs := [][2]time.Time{{a.MainFrom, again.MainFrom}, {a.MainTerms, again.MainTerms}}
		for i := range a.PastMains {
			pairs = append(pairs, [2]time.Time{a.PastMains[i].From, again.PastMains[i].From}, [2]time.Time{a.PastMains[i].Terms, again.PastMains[i].Terms})
		}
		for i := range a.AddOns {
			pairs = append(pairs, [2]time.Time{a.AddOns[i].From, again.AddOns[i].From}, [2]time.Time{a.AddOns[i].Until, again.AddOns[i].Until},
				[2]time.Time{a.AddOns[i].Terms, again.AddOns[i].Terms})
		}
		for i, pair := range pairs {
			if _, o1 := pair[0].Zone(); !pair[0].IsZero() {
				if _, o2 := pair[1].Zone(); o1 != o2 {
					t.Fatalf("time %d (main_from, main_terms, past mains, add-ons): offset %d became %d", i, o1, o2)
				}
			}
		}
	})
}

// accountFuzzSeeds are inputs from the decode table and near misses of it.
var accountFuzzSeeds = []string{
	`{"id": "a", "main": "m"}`,
	`{"id": "a", "main": "m", "colour": 1}`,
	`{"id": "a", "main": "m"} {}`,
	`{"id": "a", "main": "m", "id": "b"}`,
	acct(`"add_ons": [{"add_on": "easy_sms", "quantity": -9223372036854775808, "from": "0000-01-01T00:00:00+23:59", "until": "9999-12-31T23:59:59.999999999-23:59"}]`),
	acct(`"states": {"call_waiting": "enabled", "x": "disabled"}`),
	acct(`"values": {"max_forwarded_calls": 1e1, "attachment_mb": "1e-1000", "storage_gb": 1e1000, "colour": [], "size": 9223372036854775808, "band": {"fact": "a", "bands": [{"below": 1, "value": 2.5}, {"value": 1}]}}`),
	acct(`"values": {"voice_application": {"fact": "arpu", "bands": []}, "follow_me_numbers": ["\ud83d\ude00", "\u0000"]}`),
	acct(`"facts": {"arpu": "-0", "b": 1E+2, "": 0.000}`),
	assigned(`"from": "2026-11-01T00:00:00.5+00:00"`),
	`{"format": "tariff.account.v2", "id": "a", "main": "m", "main_from": "2026-11-11T00:00:00+01:00", "past_mains": [{"product": "p"}, {"product": "q", "from": "0001-01-01T00:00:00Z"}]}`,
	`{"format": "tariff.account.v1", "id": "a", "main": "m", "main_from": "2026-11-11T00:00:00Z"}`,
	`{"id": "a", "main": "m", "past_mains": [{"product": "p", "from": "2026-11-01T00:00:00Z"}, {"product": ""}]}`,
	`{"id": "a", "main": "m", "main_terms": "2026-10-31T23:59:59.999999999-01:00", "past_mains": [{"product": "p", "terms": "0001-01-01T00:00:00Z"}], "add_ons": [{"add_on": "x", "terms": "2026-11-01T00:00:00.000000001Z"}]}`,
	`{"add_ons": [{"add_on": "x", "terms": "2026-11-01T00:00:00Z"}], "format": "tariff.account.v1", "id": "a", "main": "m"}`,
}

func TestDecodeWithoutACatalogTypesValuesByShape(t *testing.T) {
	got, err := entitlement.DecodeAccount([]byte(acct(`"values": {"max_forwarded_calls": 12, "attachment_mb": "2.5", "storage_gb": 2.5}`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.AttributeValue{
		val("max_forwarded_calls", catalog.Int(12)), val("attachment_mb", catalog.Str("2.5")), val("storage_gb", catalog.Dec(dec("2.5"))),
	}
	if diff := cmp.Diff(want, got.Values, accountOpts); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}
