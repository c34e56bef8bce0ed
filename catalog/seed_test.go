package catalog_test

import (
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal { return decimal.NullDecimal{Decimal: dec(s), Valid: true} }

// seedDefinition is the add-on seed document's catalog, written in Go: the
// base for the validation table, each case breaking one rule.
func seedDefinition() catalog.Definition {
	return catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice", Name: "Voice calls"}, {ID: "sms", Name: "SMS"}},
		Features: []catalog.Feature{
			{ID: "call_waiting", ServiceType: "voice", Name: "Call waiting"},
			{ID: "conferencing", ServiceType: "voice", Name: "Conferencing"},
			{ID: "call_via_ivr", ServiceType: "voice", Name: "Call via IVR", Attributes: []catalog.Attribute{
				{ID: "voice_application", Type: catalog.TypeEnum, Required: true, Allowed: []string{"ivr_main", "ivr_sales"}},
			}},
			{ID: "call_forwarding", ServiceType: "voice", Name: "Call forwarding", Attributes: []catalog.Attribute{
				{ID: "max_forwarded_calls", Type: catalog.TypeInteger, Min: nd("0"), Max: nd("50"), Default: catalog.Int(3), Scope: catalog.ScopeBoth},
				{ID: "follow_me_numbers", Type: catalog.TypeStringList, Scope: catalog.ScopeAccount, Combine: catalog.CombineUnion},
			}},
			{ID: "sms_bundle", ServiceType: "sms", Name: "Domestic SMS", DefaultEnabled: true, Attributes: []catalog.Attribute{
				{ID: "sms_included", Type: catalog.TypeInteger, Min: nd("0"), Combine: catalog.CombineSum, Default: catalog.Int(0)},
			}},
			{ID: "minutes_bundle", ServiceType: "voice", Name: "Included minutes", DefaultEnabled: true, Attributes: []catalog.Attribute{
				{ID: "minutes_us_ca", Type: catalog.TypeQuantity, Unit: "min", Combine: catalog.CombineSum},
				{ID: "minutes_brazil", Type: catalog.TypeQuantity, Unit: "min", Combine: catalog.CombineSum},
			}},
		},
		Groups: []catalog.Group{{ID: "sms_bundles", Name: "SMS Bundles"}, {ID: "voice_calls", Name: "Voice calls"}},
		Products: []catalog.Product{
			{ID: "basic_call", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{
				{Feature: "sms_bundle", Values: []catalog.AttributeValue{{Attribute: "sms_included", Value: catalog.Int(50)}}},
				{Feature: "minutes_bundle", Values: []catalog.AttributeValue{{Attribute: "minutes_us_ca", Value: catalog.Qty(dec("100"))}}},
			}},
			{ID: "easy_call", Kind: catalog.KindMain},
			{ID: "smart_call_main", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{
				{Feature: "call_forwarding", State: catalog.Enabled, Values: []catalog.AttributeValue{{Attribute: "max_forwarded_calls", Value: catalog.Int(10)}}},
			}},
			{ID: "smart_call", Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"basic_call", "smart_call_main"},
				Features: []catalog.FeatureSetting{{Feature: "conferencing", State: catalog.Disabled}}},
			{ID: "conferencing_plus", Kind: catalog.KindAddOn, Priority: 20, AllowedMain: []string{"basic_call", "smart_call_main"},
				Features: []catalog.FeatureSetting{{Feature: "conferencing", State: catalog.Enabled}}},
			{ID: "unconditional_forwarding", Kind: catalog.KindAddOn, Priority: 15, AllowedMain: []string{"smart_call_main"},
				Features: []catalog.FeatureSetting{{Feature: "call_waiting", State: catalog.Disabled}}},
			{ID: "advanced_forwarding", Kind: catalog.KindAddOn, Priority: 15, AllowedMain: []string{"smart_call_main"},
				Features: []catalog.FeatureSetting{{Feature: "call_waiting", State: catalog.Enabled}}},
			{ID: "easy_sms", Kind: catalog.KindAddOn, Priority: 5, AllowedMain: []string{"basic_call", "smart_call_main"}, MaxQuantity: 3, Groups: []string{"sms_bundles"},
				Features: []catalog.FeatureSetting{{Feature: "sms_bundle", Values: []catalog.AttributeValue{{Attribute: "sms_included", Value: catalog.Int(150)}}}}},
			{ID: "carnival_200", Kind: catalog.KindAddOn, Priority: 5, AllowedMain: []string{"basic_call", "smart_call_main"}, Groups: []string{"voice_calls"},
				Features: []catalog.FeatureSetting{{Feature: "minutes_bundle", Values: []catalog.AttributeValue{{Attribute: "minutes_brazil", Value: catalog.Qty(dec("200"))}}}}},
			{ID: "ivr_calling", Kind: catalog.KindAddOn, Priority: 5, AllowedMain: []string{"smart_call_main"}, Groups: []string{"voice_calls"},
				Features: []catalog.FeatureSetting{{Feature: "call_via_ivr", State: catalog.Enabled, Values: []catalog.AttributeValue{
					{Attribute: "voice_application", Value: catalog.Enum("ivr_main")}}}}},
		},
	}
}
