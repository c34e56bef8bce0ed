package entitlement_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

var noticeOpts = gocmp.Options{
	gocmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	gocmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmpopts.EquateEmpty(),
}

// TestAnnounce runs sequences of checks of a 10 GB mailbox with thresholds
// 80 and 90 % through Announce, the state of each step kept for the next.
func TestAnnounce(t *testing.T) {
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	thresholds := decs("80", "90")
	type check struct {
		usage  string
		period time.Time
		want   []decimal.Decimal // announced by this check
	}
	tests := []struct {
		name   string
		checks []check
		final  entitlement.Notices
	}{
		{"crossing 80 % then 90 % announces each once", []check{
			{"5", nov, nil},
			{"8.2", nov, decs("80")},
			{"8.5", nov, nil},
			{"9.1", nov, decs("90")},
		}, entitlement.Notices{Period: nov, Announced: decs("80", "90")}},
		{"a repeated check announces nothing", []check{
			{"9.5", nov, decs("80", "90")},
			{"9.5", nov, nil},
			{"9.9", nov, nil},
		}, entitlement.Notices{Period: nov, Announced: decs("80", "90")}},
		{"a new period announces again", []check{
			{"9.5", nov, decs("80", "90")},
			{"8.1", dec1, decs("80")},
			{"9.2", dec1, decs("90")},
		}, entitlement.Notices{Period: dec1, Announced: decs("80", "90")}},
		{"usage going down then up in the same period does not re-announce", []check{
			{"8.5", nov, decs("80")},
			{"3", nov, nil},
			{"8.8", nov, nil},
			{"9", nov, decs("90")},
		}, entitlement.Notices{Period: nov, Announced: decs("80", "90")}},
		{"a new period below every threshold starts empty", []check{
			{"9.5", nov, decs("80", "90")},
			{"1", dec1, nil},
		}, entitlement.Notices{Period: dec1}},
		{"a late check of the last period announces nothing and changes nothing", []check{
			{"8.5", dec1, decs("80")},
			{"9.9", nov, nil},
		}, entitlement.Notices{Period: dec1, Announced: decs("80")}},
	}
	r := shopResolver(t)
	// Mailbox Plus gives 10 GB to an arpu between 50 and 100.
	mailbox := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "mailbox_plus"}},
		Facts: map[string]decimal.Decimal{"arpu": dec("60")}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n entitlement.Notices
			for i, c := range tt.checks {
				cfg, err := r.Resolve(mailbox, t0)
				if err != nil {
					t.Fatal(err)
				}
				rep, err := cfg.Quota("storage_gb", dec(c.usage), thresholds...)
				if err != nil {
					t.Fatal(err)
				}
				before := entitlement.Notices{Period: n.Period, Announced: append([]decimal.Decimal(nil), n.Announced...)}
				got, n2 := n.Announce(rep, c.period)
				if diff := gocmp.Diff(before, n, noticeOpts); diff != "" {
					t.Fatalf("check %d: Announce changed its receiver:\n%s", i, diff)
				}
				if diff := gocmp.Diff(c.want, got, noticeOpts); diff != "" {
					t.Fatalf("check %d (usage %s): announced (-want +got):\n%s", i, c.usage, diff)
				}
				n = n2
			}
			if diff := gocmp.Diff(tt.final, n, noticeOpts); diff != "" {
				t.Errorf("final state (-want +got):\n%s", diff)
			}
		})
	}
}

// Thresholds are numbers: 90 and 90.0 are one; unsorted input is sorted.
func TestAnnounceComparesNumbers(t *testing.T) {
	n := entitlement.Notices{Announced: decs("90.0", "80")}
	got, next := n.Announce(entitlement.QuotaReport{Crossed: decs("100", "90", "80.00", "95", "100.0")}, time.Time{})
	if diff := gocmp.Diff(decs("95", "100"), got, noticeOpts); diff != "" {
		t.Errorf("announced (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(decs("80", "90", "95", "100"), next.Announced, noticeOpts); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
}

func TestNoticesJSON(t *testing.T) {
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.FixedZone("", 3600))
	for _, tt := range []struct {
		name string
		n    entitlement.Notices
		want string
	}{
		{"zero", entitlement.Notices{}, `{}`},
		{"a period and thresholds", entitlement.Notices{Period: nov, Announced: decs("80", "90.50")}, `{"period":"2026-11-01T00:00:00+01:00","announced":["80","90.5"]}`},
		{"thresholds only", entitlement.Notices{Announced: decs("100")}, `{"announced":["100"]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := json.Marshal(tt.n)
			if err != nil || string(out) != tt.want {
				t.Fatalf("Marshal = %s, %v; want %s", out, err, tt.want)
			}
			var back entitlement.Notices
			if err := json.Unmarshal(out, &back); err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tt.n, back, noticeOpts); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
	for _, bad := range []entitlement.Notices{
		{Announced: decs("90", "80")},
		{Announced: decs("80", "80.0")},
		{Announced: decs("-1")},
		{Period: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if out, err := bad.MarshalJSON(); !errors.Is(err, entitlement.ErrUnencodable) || out != nil {
			t.Errorf("MarshalJSON(%v) = %s, %v; want ErrUnencodable", bad, out, err)
		}
	}
}

func TestNoticesJSONErrors(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     error
		path     string
	}{
		{"unknown member", `{"period": "2026-11-01T00:00:00Z", "attribute": "storage_gb"}`, catalog.ErrUnknownField, "attribute"},
		{"a value has no format", `{"format": "tariff.notices.v1"}`, catalog.ErrUnknownField, "format"},
		{"duplicate key", `{"announced": [], "announced": []}`, catalog.ErrDuplicateKey, "announced"},
		{"a date without a time", `{"period": "2026-11-01"}`, catalog.ErrInvalidValue, "period"},
		{"null period", `{"period": null}`, catalog.ErrWrongType, "period"},
		{"thresholds not rising", `{"announced": ["90", "80"]}`, catalog.ErrInvalidValue, "announced[1]"},
		{"a threshold twice", `{"announced": ["80", 80.0]}`, catalog.ErrInvalidValue, "announced[1]"},
		{"a negative threshold", `{"announced": ["-5"]}`, catalog.ErrInvalidValue, "announced[0]"},
		{"a threshold not a number", `{"announced": ["ninety"]}`, catalog.ErrInvalidValue, "announced[0]"},
		{"trailing data", `{} {}`, catalog.ErrTrailingData, "$"},
		{"not an object", `[]`, catalog.ErrWrongType, "$"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := entitlement.Notices{Announced: decs("1")}
			err := n.UnmarshalJSON([]byte(tt.in))
			var de *catalog.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, catalog.ErrSyntax) || !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want a *catalog.DecodeError matching %v", err, tt.want)
			}
			if de.Document != "notices" || de.Path != tt.path {
				t.Errorf("at %s %s, want notices %s", de.Document, de.Path, tt.path)
			}
			if !strings.HasPrefix(err.Error(), "notices JSON "+tt.path) {
				t.Errorf("text %q", err.Error())
			}
			if len(n.Announced) != 1 {
				t.Errorf("a failed decoding changed the value: %v", n)
			}
		})
	}
	n := entitlement.Notices{Announced: decs("1")}
	if err := n.UnmarshalJSON([]byte(`null`)); err != nil || len(n.Announced) != 1 {
		t.Errorf("null: %v, %v; want no error and the value unchanged", err, n)
	}
}
