package entitlement_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// namedFixture is fixture with names on some of its products, features and
// attributes; the others keep only their IDs.
func namedFixture() *catalog.Catalog {
	def := fixture()
	names := map[string]string{
		"conferencing": "Conferencing", "max_participants": "Participants",
		"sms_bundle": "Domestic SMS", "sms_included": "SMS included",
		"mailbox": "Mailbox", "storage_gb": "Mailbox storage",
		"minutes_brazil":  "Minutes to Brazil",
		"call_forwarding": "Call forwarding", "follow_me_numbers": "Follow-me numbers",
		"basic_call": "Basic Call", "easy_sms": "Easy SMS", "mailbox_plus": "Mailbox Plus",
		"conferencing_plus": "Conferencing+", "smart_call": "Smart Call",
	}
	for i := range def.Features {
		f := &def.Features[i]
		f.Name = names[f.ID]
		for j := range f.Attributes {
			f.Attributes[j].Name = names[f.Attributes[j].ID]
		}
	}
	for i := range def.Products {
		def.Products[i].Name = names[def.Products[i].ID]
	}
	return catalog.MustNew(def)
}

func TestExplainWithNames(t *testing.T) {
	named := namedFixture()
	a := account("basic_call", "smart_call", "conferencing_plus", "easy_sms", "carnival_200", "mailbox_plus")
	a.AddOns[2].Quantity = 2
	a.Facts = map[string]decimal.Decimal{"arpu": dec("75")}
	cfg, err := entitlement.NewResolver(named).Resolve(a, t0)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts []entitlement.FormatOption
		want string
	}{
		{"without names: IDs, as before", nil, `call_waiting: enabled (catalog default)
conferencing: enabled by conferencing_plus (priority 20), overriding smart_call (priority 10)
  max_participants: 10 from conferencing_plus (priority 20)
sms_bundle: enabled (catalog default)
  sms_included: 350 = 50 from basic_call (main product) + 150 × 2 from easy_sms (priority 5, ×2)
minutes_bundle: enabled (catalog default)
  minutes_us_ca: 100 from basic_call (main product)
  minutes_brazil: 200 from carnival_200 (priority 5)
mailbox: enabled (catalog default)
  storage_gb: 10 from mailbox_plus (priority 5)
  attachment_mb: 10 = min(25.5 from basic_call (main product), 10 from mailbox_plus (priority 5))
`},
		{"WithNames(nil): IDs", []entitlement.FormatOption{entitlement.WithNames(nil)}, ""},
		{"a nil option is ignored", []entitlement.FormatOption{nil}, ""},
		{"with names: names, units, IDs where there is no name", []entitlement.FormatOption{entitlement.WithNames(named)}, `call_waiting: enabled (catalog default)
Conferencing: enabled by Conferencing+ (priority 20), overriding Smart Call (priority 10)
  Participants: 10 from Conferencing+ (priority 20)
Domestic SMS: enabled (catalog default)
  SMS included: 350 = 50 from Basic Call (main product) + 150 × 2 from Easy SMS (priority 5, ×2)
minutes_bundle: enabled (catalog default)
  minutes_us_ca: 100 min from Basic Call (main product)
  Minutes to Brazil: 200 min from carnival_200 (priority 5)
Mailbox: enabled (catalog default)
  Mailbox storage: 10 GB from Mailbox Plus (priority 5)
  attachment_mb: 10 = min(25.5 from Basic Call (main product), 10 from Mailbox Plus (priority 5))
`},
		{"a catalog without the names: IDs, with units", []entitlement.FormatOption{entitlement.WithNames(fixtureCatalog)}, `call_waiting: enabled (catalog default)
conferencing: enabled by conferencing_plus (priority 20), overriding smart_call (priority 10)
  max_participants: 10 from conferencing_plus (priority 20)
sms_bundle: enabled (catalog default)
  sms_included: 350 = 50 from basic_call (main product) + 150 × 2 from easy_sms (priority 5, ×2)
minutes_bundle: enabled (catalog default)
  minutes_us_ca: 100 min from basic_call (main product)
  minutes_brazil: 200 min from carnival_200 (priority 5)
mailbox: enabled (catalog default)
  storage_gb: 10 GB from mailbox_plus (priority 5)
  attachment_mb: 10 = min(25.5 from basic_call (main product), 10 from mailbox_plus (priority 5))
`},
	}
	for i, tt := range tests {
		if tt.want == "" {
			tt.want = tests[0].want
		}
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, cfg.Explain(tt.opts...)); diff != "" {
				t.Errorf("test %d: Explain (-want +got):\n%s", i, diff)
			}
		})
	}
}

func TestExplainWithNamesListsAndAccount(t *testing.T) {
	named := namedFixture()
	a := account("smart_call_plan", "forward_codes_a", "forward_codes_b")
	a.Values = []catalog.AttributeValue{val("follow_me_numbers", catalog.List("+15550100", "+15550101")), val("sms_included", catalog.Int(0))}
	cfg, err := entitlement.NewResolver(named).Resolve(a, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := `call_waiting: enabled (catalog default)
Call forwarding: enabled by smart_call_plan (main product)
  max_forwarded_calls: 10 from smart_call_plan (main product)
  Follow-me numbers: +15550100, +15550101 set by the account
  forward_codes: *21, *61, *67 = union(*21, *61 from forward_codes_a (priority 7); *61, *67 from forward_codes_b (priority 8))
Domestic SMS: enabled (catalog default)
  SMS included: 0 set by the account
minutes_bundle: enabled (catalog default)
Mailbox: enabled (catalog default)
  Mailbox storage: 1 GB (catalog default)
`
	if diff := cmp.Diff(want, cfg.Explain(entitlement.WithNames(named))); diff != "" {
		t.Errorf("Explain (-want +got):\n%s", diff)
	}
	if got := (entitlement.Config{}).Explain(entitlement.WithNames(named)); got != "" {
		t.Errorf("the zero Config explains %q, want nothing", got)
	}
}

func TestChangeFormat(t *testing.T) {
	named := namedFixture()
	gb := func(s string) catalog.Value { return catalog.Qty(dec(s)) }
	band := catalog.Banded("arpu", catalog.Below(dec("50"), gb("5")), catalog.Otherwise(gb("10.0")))
	tests := []struct {
		name       string
		c          entitlement.Change
		ids, names string
	}{
		{"switch on a named feature",
			entitlement.Change{Kind: entitlement.SwitchOn, Feature: "conferencing"},
			"switch on conferencing", "switch on Conferencing"},
		{"switch off a feature without a name: its ID",
			entitlement.Change{Kind: entitlement.SwitchOff, Feature: "call_waiting"},
			"switch off call_waiting", "switch off call_waiting"},
		{"switch on a feature the catalog does not know: its ID",
			entitlement.Change{Kind: entitlement.SwitchOn, Feature: "teleport"},
			"switch on teleport", "switch on teleport"},
		{"set an integer: no unit",
			entitlement.Change{Kind: entitlement.SetValue, Feature: "conferencing", Attribute: "max_participants", To: catalog.Int(10)},
			"set conferencing.max_participants to 10", "set Participants to 10"},
		{"change a quantity: its unit, no trailing zeros",
			entitlement.Change{Kind: entitlement.Modify, Feature: "mailbox", Attribute: "storage_gb", From: gb("2.00"), To: gb("10.50")},
			"change mailbox.storage_gb from 2 to 10.5", "change Mailbox storage from 2 GB to 10.5 GB"},
		{"a quantity of an attribute without a name: its ID, with the unit",
			entitlement.Change{Kind: entitlement.Modify, Feature: "minutes_bundle", Attribute: "minutes_us_ca", From: gb("100"), To: gb("300")},
			"change minutes_bundle.minutes_us_ca from 100 to 300", "change minutes_us_ca from 100 min to 300 min"},
		{"a value that is not a number gets no unit",
			entitlement.Change{Kind: entitlement.SetValue, Feature: "mailbox", Attribute: "storage_gb", To: catalog.Str("unlimited")},
			"set mailbox.storage_gb to unlimited", "set Mailbox storage to unlimited"},
		{"a string list: its items",
			entitlement.Change{Kind: entitlement.SetValue, Feature: "call_forwarding", Attribute: "follow_me_numbers", To: catalog.List("+15550100", "+15550101")},
			"set call_forwarding.follow_me_numbers to [+15550100, +15550101]", "set Follow-me numbers to +15550100, +15550101"},
		{"an empty string list",
			entitlement.Change{Kind: entitlement.Unset, Feature: "call_forwarding", Attribute: "follow_me_numbers", From: catalog.List()},
			"unset call_forwarding.follow_me_numbers (was [])", "unset Follow-me numbers (was (none))"},
		{"a band rule: its bands, with units",
			entitlement.Change{Kind: entitlement.SetValue, Feature: "mailbox", Attribute: "storage_gb", To: band},
			"set mailbox.storage_gb to arpu<50:5|otherwise:10", "set Mailbox storage to by arpu: below 50 → 5 GB, otherwise → 10 GB"},
		{"an unknown attribute: its ID, no unit",
			entitlement.Change{Kind: entitlement.Unset, Feature: "mailbox", Attribute: "quota_mb", From: catalog.Dec(dec("1.250"))},
			"unset mailbox.quota_mb (was 1.25)", "unset quota_mb (was 1.25)"},
		{"an invalid kind",
			entitlement.Change{Feature: "conferencing"},
			"invalid change of conferencing", "invalid change of Conferencing"},
		{"the zero Change",
			entitlement.Change{},
			"invalid change of ", "invalid change of "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.String(); got != tt.ids {
				t.Errorf("String() = %q, want %q", got, tt.ids)
			}
			if got := tt.c.Format(); got != tt.ids {
				t.Errorf("Format() = %q, want %q", got, tt.ids)
			}
			if got := tt.c.Format(entitlement.WithNames(nil)); got != tt.ids {
				t.Errorf("Format(WithNames(nil)) = %q, want %q", got, tt.ids)
			}
			if got := tt.c.Format(entitlement.WithNames(named)); got != tt.names {
				t.Errorf("Format(WithNames) = %q, want %q", got, tt.names)
			}
		})
	}
}

// TestDiffFormat formats what Diff finds, as provisioning would log it for
// a person.
func TestDiffFormat(t *testing.T) {
	named := namedFixture()
	r := entitlement.NewResolver(named)
	from, err := r.Resolve(account("basic_call"), t0)
	if err != nil {
		t.Fatal(err)
	}
	to, err := r.Resolve(account("basic_call", "conferencing_plus", "mailbox_max"), t0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range entitlement.Diff(from, to) {
		got = append(got, c.Format(entitlement.WithNames(named)))
	}
	want := []string{"switch on Conferencing", "set Participants to 10", "change Mailbox storage from 1 GB to 50 GB"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff formatted (-want +got):\n%s", diff)
	}
}
