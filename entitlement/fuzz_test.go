package entitlement_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
)

// resolveErrs are the sentinels a Resolve error may match; quotaErrs those
// of Quota and CheckQuota besides.
var (
	resolveErrs = []error{
		entitlement.ErrUnknown, entitlement.ErrNotMain, entitlement.ErrNotAddOn, entitlement.ErrNotAllowed,
		entitlement.ErrRequires, entitlement.ErrExcludes, entitlement.ErrQuantity, entitlement.ErrConflict,
		entitlement.ErrMissingFact, entitlement.ErrMissingRequired, entitlement.ErrScope, entitlement.ErrInvalidValue,
		entitlement.ErrInactive, entitlement.ErrInvalidHistory, entitlement.ErrOverflow,
	}
	quotaErrs = append([]error{entitlement.ErrNotQuota}, resolveErrs...)
)

func matchesOne(err error, sentinels []error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// fuzzAt is the instant the fuzz targets resolve at, besides the bounds of
// the account's assignments.
var fuzzAt = time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)

// telcoAccounts are account documents for the telco catalog: valid ones,
// conflicting ones, unknown IDs, band rules without facts, huge and
// negative quantities, timed assignments.
var telcoAccounts = []string{
	`{"id": "a", "main": "basic_call"}`,
	`{"format": "tariff.account.v1", "id": "john-doe", "main": "basic_call",
	  "add_ons": [{"add_on": "easy_sms", "quantity": 2, "from": "2026-11-01T00:00:00Z", "until": "2026-12-01T00:00:00Z"}, {"add_on": "mailbox_plus"}],
	  "states": {"call_waiting": "disabled", "call_forwarding": "enabled"},
	  "values": {"max_forwarded_calls": 12, "follow_me_numbers": ["+15550100"]},
	  "facts": {"arpu": "75.50"}}`,
	`{"id": "a", "main": "smart_call_plan", "add_ons": [{"add_on": "ivr_calling"}, {"add_on": "smart_call"}, {"add_on": "conferencing_plus"}, {"add_on": "carnival_200"}], "facts": {"arpu": 120}}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "unconditional_forwarding"}, {"add_on": "advanced_forwarding"}]}`,
	`{"id": "a", "main": "gold", "add_ons": [{"add_on": "nope"}], "states": {"telepathy": "enabled"}, "values": {"colour": "red"}}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "nope"}]}`,
	`{"id": "a", "main": "basic_call", "states": {"telepathy": "enabled"}}`,
	`{"id": "a", "main": "basic_call", "values": {"colour": {"fact": "arpu", "bands": [{"value": 2.5}]}}}`,
	`{"id": "a", "main": "easy_sms"}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "basic_call"}]}`,
	`{"id": "a", "main": "easy_call", "add_ons": [{"add_on": "easy_sms"}]}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "ivr_calling"}]}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "mailbox_plus"}]}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "mailbox_plus"}], "facts": {"arpu": "-1e1000"}}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "easy_sms", "quantity": 9223372036854775807}]}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "easy_sms", "quantity": 9223372036854775807}, {"add_on": "easy_sms", "quantity": 9223372036854775807}]}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "easy_sms", "quantity": 2}, {"add_on": "easy_sms", "quantity": -1}]}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "easy_sms", "quantity": -1}]}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "easy_sms", "quantity": 3, "until": "2026-11-15T00:00:00Z"}, {"add_on": "easy_sms", "from": "2026-11-15T00:00:00Z"}]}`,
	`{"id": "a", "main": "basic_call", "add_ons": [{"add_on": "carnival_200", "from": "2026-12-01T00:00:00+01:00", "until": "2026-11-01T00:00:00Z"}]}`,
	`{"id": "a", "main": "basic_call", "values": {"max_forwarded_calls": 51, "sms_included": 10}}`,
	`{"id": "a", "main": "basic_call", "values": {"max_forwarded_calls": {"fact": "arpu", "bands": [{"below": 1, "value": 3}, {"value": 4}]}}, "facts": {"arpu": 0}}`,
	`{"id": "a", "main": "basic_call", "values": {"max_forwarded_calls": 9223372036854775807, "follow_me_numbers": []}, "states": {"call_forwarding": "enabled", "sms_bundle": "disabled", "mailbox": "disabled"}}`,
	`{"id": "a", "main": "smart_call_plan", "add_ons": [{"add_on": "ivr_calling"}], "states": {"call_via_ivr": "enabled"}}`,
	`{"id": "a", "main": "basic_call", "states": {"call_via_ivr": "enabled"}}`,
	`{"format": "tariff.account.v2", "id": "a", "main": "smart_call_plan", "main_from": "2026-11-11T00:00:00Z",
	  "past_mains": [{"product": "basic_call", "from": "2026-11-01T00:00:00Z"}],
	  "add_ons": [{"add_on": "roaming_pack", "until": "2026-11-11T00:00:00Z"}, {"add_on": "carnival_200"}, {"add_on": "easy_sms", "from": "2026-11-05T00:00:00Z"}]}`,
	`{"id": "a", "main": "easy_call", "main_from": "2026-11-20T00:00:00Z", "past_mains": [{"product": "gold"}, {"product": "easy_sms", "from": "2026-11-10T00:00:00Z"}]}`,
	`{"id": "a", "main": "basic_call", "main_from": "2026-11-15T00:00:00Z", "past_mains": [{"product": "smart_call_plan", "from": "2026-11-15T00:00:00Z"}]}`,
	`{"id": "a", "main": "basic_call", "main_from": "2026-12-01T00:00:00Z"}`,
}

// checkResolve resolves a against c at fuzzAt, at the starts of its main
// products and at the bounds of its assignments, and reads the result every way Config offers: nothing may
// panic, and every error must match one of the package's sentinels.
func checkResolve(t *testing.T, c *catalog.Catalog, a entitlement.Account) {
	t.Helper()
	r := entitlement.NewResolver(c)
	instants := []time.Time{fuzzAt, a.MainFrom}
	for _, p := range a.PastMains {
		if len(instants) < 4 {
			instants = append(instants, p.From)
		}
	}
	for _, asg := range a.AddOns {
		if len(instants) < 5 {
			instants = append(instants, asg.From, asg.Until)
		}
	}
	var numeric []string
	for i := range c.NumAttributes() {
		if attr, _ := c.AttributeAt(i); attr.Type.Numeric() {
			numeric = append(numeric, attr.ID)
		}
	}
	usage := decimal.NewFromInt(42)
	thresholds := []decimal.Decimal{decimal.Zero, decimal.NewFromInt(90), decimal.NewFromInt(100)} // ascending, as Quota requires
	for _, at := range instants {
		cfg, err := r.Resolve(a, at)
		if err != nil {
			if !matchesOne(err, resolveErrs) {
				t.Fatalf("Resolve at %v: error %v (%T) matches no entitlement sentinel", at, err, err)
			}
			continue
		}
		checkLayers(t, c, cfg)
		_ = cfg.Explain()
		snap := cfg.Snapshot()
		for fs := range cfg.Features() {
			cfg.Enabled(fs.Feature)
		}
		for av := range cfg.Values() {
			if _, ok := snap.Value(av.Feature, av.Attribute); !ok {
				t.Fatalf("Values yields %s of %s, which Snapshot lacks", av.Attribute, av.Feature)
			}
			cfg.Value(av.Attribute)
		}
		if d := entitlement.Diff(cfg, cfg); len(d) != 0 {
			t.Fatalf("Diff of a configuration with itself = %v, want none", d)
		}
		for _, attr := range numeric {
			if _, err := cfg.Quota(attr, usage, thresholds...); err != nil && !matchesOne(err, quotaErrs) {
				t.Fatalf("Quota(%s): error %v (%T) matches no entitlement sentinel", attr, err, err)
			}
		}
		if len(numeric) > 0 {
			if _, err := r.CheckQuota(a, at, numeric[0], usage, thresholds...); err != nil && !matchesOne(err, quotaErrs) {
				t.Fatalf("CheckQuota(%s): error %v (%T) matches no entitlement sentinel", numeric[0], err, err)
			}
		}
	}
}

// checkLayers asserts the assignment rule on quantities for a
// configuration that resolved: every add-on layer's quantity is within 1
// and the add-on's maximum.
func checkLayers(t *testing.T, c *catalog.Catalog, cfg entitlement.Config) {
	t.Helper()
	for _, l := range cfg.Layers() {
		if l.Kind != entitlement.LayerAddOn {
			continue
		}
		p, _ := c.Product(l.Product)
		if l.Quantity < 1 || l.Quantity > p.MaxQty() {
			t.Fatalf("add-on %s resolved with quantity %d, outside 1..%d", l.Product, l.Quantity, p.MaxQty())
		}
	}
}

// FuzzResolve checks that resolving and reading any account the decoder
// accepts, against any catalog the decoder accepts, never panics and fails
// only with the package's errors.
func FuzzResolve(f *testing.F) {
	for _, acct := range telcoAccounts {
		f.Add(catalogs.Telco, []byte(acct))
	}
	fixtureJSON, err := fixtureCatalog.MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fixtureJSON, []byte(richJSON))
	f.Add(fixtureJSON, []byte(issueDoc))
	f.Fuzz(func(t *testing.T, catalogJSON, accountJSON []byte) {
		c, err := catalog.Decode(catalogJSON)
		if err != nil {
			t.Skip()
		}
		a, err := entitlement.DecodeAccount(accountJSON, c)
		if err != nil {
			t.Skip()
		}
		checkResolve(t, c, a)
	})
}

// FuzzResolveTelco is FuzzResolve with the catalog fixed to the shipped
// telco catalog, so that the fuzzer spends its time on accounts.
func FuzzResolveTelco(f *testing.F) {
	telco, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		f.Fatal(err)
	}
	for _, acct := range telcoAccounts {
		f.Add([]byte(acct))
	}
	f.Fuzz(func(t *testing.T, accountJSON []byte) {
		a, err := entitlement.DecodeAccount(accountJSON, telco)
		if err != nil {
			t.Skip()
		}
		checkResolve(t, telco, a)
	})
}
