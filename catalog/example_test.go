package catalog_test

import (
	"errors"
	"fmt"

	"github.com/tariffkit/tariff/catalog"
)

func ExampleNew() {
	c, err := catalog.New(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "sms", Name: "SMS"}},
		Features: []catalog.Feature{{ID: "sms_bundle", ServiceType: "sms", DefaultEnabled: true, Attributes: []catalog.Attribute{
			{ID: "sms_included", Type: catalog.TypeInteger, Combine: catalog.CombineSum, Default: catalog.Int(0)},
		}}},
		Products: []catalog.Product{
			{ID: "basic", Kind: catalog.KindMain},
			{ID: "sms_500", Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"basic"}, Features: []catalog.FeatureSetting{
				{Feature: "sms_bundle", Values: []catalog.AttributeValue{{Attribute: "sms_included", Value: catalog.Int(500)}}}}},
			{ID: "sms_100", Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"basic"}, MaxQuantity: 3, Features: []catalog.FeatureSetting{
				{Feature: "sms_bundle", Values: []catalog.AttributeValue{{Attribute: "sms_included", Value: catalog.Int(100)}}}}},
			{ID: "roaming", Kind: catalog.KindAddOn, Priority: 5, AllowedMain: []string{"basic"}},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.AddOnsFor("basic"))
	// Output: [roaming sms_100 sms_500]
}

func ExampleCatalog_Lint() {
	c := catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}},
		Features:     []catalog.Feature{{ID: "call_waiting", ServiceType: "voice"}},
		Products: []catalog.Product{
			{ID: "smart_call_main", Kind: catalog.KindMain},
			{ID: "unconditional_forwarding", Kind: catalog.KindAddOn, Priority: 15, AllowedMain: []string{"smart_call_main"},
				Features: []catalog.FeatureSetting{{Feature: "call_waiting", State: catalog.Disabled}}},
			{ID: "advanced_forwarding", Kind: catalog.KindAddOn, Priority: 15, AllowedMain: []string{"smart_call_main"},
				Features: []catalog.FeatureSetting{{Feature: "call_waiting", State: catalog.Enabled}}},
		},
	})
	for _, w := range c.Lint() {
		fmt.Println(w.Code, w.Path, w.AddOns)
		fmt.Println(w.Detail)
	}
	// Output:
	// conflict products[advanced_forwarding].features[call_waiting] [advanced_forwarding unconditional_forwarding]
	// add-ons "advanced_forwarding" and "unconditional_forwarding" can be assigned together and both set feature "call_waiting" at priority 15: enabled vs disabled
}

func ExampleValidationError() {
	_, err := catalog.New(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}},
		Features: []catalog.Feature{{ID: "call_via_ivr", ServiceType: "voice", Attributes: []catalog.Attribute{
			{ID: "voice_application", Type: catalog.TypeEnum, Allowed: []string{"ivr_main", "ivr_sales"}},
		}}},
		Products: []catalog.Product{
			{ID: "smart_call", Kind: catalog.KindAddOn, AllowedMain: []string{"basic_call"}, Features: []catalog.FeatureSetting{
				{Feature: "call_via_ivr", State: catalog.Enabled, Values: []catalog.AttributeValue{
					{Attribute: "voice_application", Value: catalog.Enum("ivr_support")}}}}},
			{ID: "smart_call", Kind: catalog.KindMain},
		},
	})
	var ve *catalog.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p.Path, p.Code)
		}
	}
	// Output:
	// products[smart_call].allowed_main[basic_call] unknown_reference
	// products[smart_call].features[call_via_ivr].attributes[voice_application] constraint
	// products[smart_call] duplicate_id
}
