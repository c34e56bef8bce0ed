package entitlement_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

var t0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal { return decimal.NullDecimal{Decimal: dec(s), Valid: true} }

func set(feature string, state catalog.State, values ...catalog.AttributeValue) catalog.FeatureSetting {
	return catalog.FeatureSetting{Feature: feature, State: state, Values: values}
}

func val(attr string, v catalog.Value) catalog.AttributeValue {
	return catalog.AttributeValue{Attribute: attr, Value: v}
}

func addOn(id string, priority int, fs ...catalog.FeatureSetting) catalog.Product {
	return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: priority, AllowedMain: []string{"basic_call", "smart_call_plan"}, Features: fs}
}

// groupOf is an add-on of priority 25, allowed only with smart_call_plan.
func groupOf(id string, fs ...catalog.FeatureSetting) catalog.Product {
	return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: 25, AllowedMain: []string{"smart_call_plan"}, Features: fs}
}

// fixture is the seed's world plus one product per rule under test.
func fixture() catalog.Definition {
	return catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}, {ID: "sms"}, {ID: "email"}},
		Features: []catalog.Feature{
			{ID: "call_waiting", ServiceType: "voice", DefaultEnabled: true},
			{ID: "conferencing", ServiceType: "voice", Attributes: []catalog.Attribute{
				{ID: "max_participants", Type: catalog.TypeInteger, Default: catalog.Int(3)}}},
			{ID: "call_via_ivr", ServiceType: "voice", Attributes: []catalog.Attribute{
				{ID: "voice_application", Type: catalog.TypeEnum, Required: true, Allowed: []string{"ivr_main", "ivr_sales"}}}},
			{ID: "call_forwarding", ServiceType: "voice", Attributes: []catalog.Attribute{
				{ID: "max_forwarded_calls", Type: catalog.TypeInteger, Min: nd("0"), Max: nd("50"), Default: catalog.Int(3), Scope: catalog.ScopeBoth},
				{ID: "follow_me_numbers", Type: catalog.TypeStringList, Scope: catalog.ScopeAccount},
				{ID: "forward_codes", Type: catalog.TypeStringList, Combine: catalog.CombineUnion}}},
			{ID: "sms_bundle", ServiceType: "sms", DefaultEnabled: true, Attributes: []catalog.Attribute{
				{ID: "sms_included", Type: catalog.TypeInteger, Combine: catalog.CombineSum, Scope: catalog.ScopeBoth}}},
			{ID: "minutes_bundle", ServiceType: "voice", DefaultEnabled: true, Attributes: []catalog.Attribute{
				{ID: "minutes_us_ca", Type: catalog.TypeQuantity, Unit: "min", Combine: catalog.CombineSum},
				{ID: "minutes_brazil", Type: catalog.TypeQuantity, Unit: "min", Combine: catalog.CombineSum}}},
			{ID: "mailbox", ServiceType: "email", DefaultEnabled: true, Attributes: []catalog.Attribute{
				{ID: "storage_gb", Type: catalog.TypeQuantity, Unit: "GB", Combine: catalog.CombineMax, Default: catalog.Qty(dec("1"))},
				{ID: "attachment_mb", Type: catalog.TypeDecimal, Combine: catalog.CombineMin}}},
		},
		Groups: []catalog.Group{{ID: "sms_bundles"}, {ID: "voice_calls"}},
		Products: []catalog.Product{
			{ID: "basic_call", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{
				set("sms_bundle", catalog.Undefined, val("sms_included", catalog.Int(50))),
				set("minutes_bundle", catalog.Undefined, val("minutes_us_ca", catalog.Qty(dec("100")))),
				set("mailbox", catalog.Undefined, val("attachment_mb", catalog.Dec(dec("25.5")))),
			}},
			{ID: "easy_call", Kind: catalog.KindMain},
			{ID: "smart_call_plan", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{
				set("call_forwarding", catalog.Enabled, val("max_forwarded_calls", catalog.Int(10))),
			}},
			addOn("smart_call", 10, set("conferencing", catalog.Disabled)),
			addOn("conferencing_plus", 20, set("conferencing", catalog.Enabled, val("max_participants", catalog.Int(10)))),
			addOn("conferencing_lite", 20, set("conferencing", catalog.Enabled, val("max_participants", catalog.Int(5)))),
			addOn("conferencing_same", 20, set("conferencing", catalog.Enabled, val("max_participants", catalog.Int(10)))),
			addOn("unconditional_forwarding", 15, set("call_waiting", catalog.Disabled)),
			addOn("advanced_forwarding", 15, set("call_waiting", catalog.Enabled)),
			{ID: "easy_sms", Kind: catalog.KindAddOn, Priority: 5, MaxQuantity: 3, Groups: []string{"sms_bundles"},
				AllowedMain: []string{"basic_call", "smart_call_plan"},
				Features:    []catalog.FeatureSetting{set("sms_bundle", catalog.Undefined, val("sms_included", catalog.Int(150)))}},
			addOn("carnival_200", 5, set("minutes_bundle", catalog.Undefined, val("minutes_brazil", catalog.Qty(dec("200"))))),
			addOn("ivr_calling", 5, set("call_via_ivr", catalog.Enabled, val("voice_application", catalog.Enum("ivr_main")))),
			addOn("ivr_bare", 6, set("call_via_ivr", catalog.Enabled)),
			addOn("mailbox_plus", 5, set("mailbox", catalog.Undefined,
				val("storage_gb", catalog.Banded("arpu",
					catalog.Below(dec("50"), catalog.Qty(dec("5"))),
					catalog.Below(dec("100"), catalog.Qty(dec("10"))),
					catalog.Otherwise(catalog.Qty(dec("25"))))),
				val("attachment_mb", catalog.Dec(dec("10"))))),
			addOn("mailbox_max", 5, set("mailbox", catalog.Undefined, val("storage_gb", catalog.Qty(dec("50"))))),
			addOn("no_mail", 30, set("mailbox", catalog.Disabled)),
			addOn("forward_codes_a", 7, set("call_forwarding", catalog.Undefined, val("forward_codes", catalog.List("*21", "*61")))),
			addOn("forward_codes_dup", 9, set("call_forwarding", catalog.Undefined, val("forward_codes", catalog.List("*21", "*21")))),
			addOn("forward_codes_b", 8, set("call_forwarding", catalog.Undefined, val("forward_codes", catalog.List("*61", "*67")))),
			// An equal-priority group: only a and c, and only a and d, disagree;
			// b sets nothing they do.
			groupOf("group25_a", set("call_waiting", catalog.Enabled), set("conferencing", catalog.Enabled, val("max_participants", catalog.Int(7)))),
			groupOf("group25_b", set("call_forwarding", catalog.Undefined, val("forward_codes", catalog.List("*72")))),
			groupOf("group25_c", set("call_waiting", catalog.Disabled), set("conferencing", catalog.Disabled)),
			groupOf("group25_d", set("conferencing", catalog.Enabled, val("max_participants", catalog.Int(8)))),
			// A band rule in the group: it agrees with a below an arpu of 50.
			groupOf("group25_e", set("conferencing", catalog.Enabled, val("max_participants", catalog.Banded("arpu",
				catalog.Below(dec("50"), catalog.Int(7)),
				catalog.Otherwise(catalog.Int(8)))))),
			{ID: "roaming_pack", Kind: catalog.KindAddOn, Priority: 5, AllowedMain: []string{"basic_call"}, Requires: []string{"carnival_200"}},
			{ID: "budget_pack", Kind: catalog.KindAddOn, Priority: 5, AllowedMain: []string{"basic_call"}, Excludes: []string{"carnival_200"}},
		},
	}
}

var (
	fixtureCatalog  = catalog.MustNew(fixture())
	fixtureResolver = entitlement.NewResolver(fixtureCatalog)
)

func account(main string, addOns ...string) entitlement.Account {
	a := entitlement.Account{ID: "acct-1", Main: main}
	for _, id := range addOns {
		a.AddOns = append(a.AddOns, entitlement.Assignment{AddOn: id})
	}
	return a
}

func mustResolve(t *testing.T, a entitlement.Account) entitlement.Config {
	t.Helper()
	cfg, err := fixtureResolver.Resolve(a, t0)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return cfg
}

func mustQty(d decimal.Decimal) catalog.Value { return catalog.Qty(d) }
