package catalog_test

import (
	"fmt"

	"github.com/tariffkit/tariff/catalog"
)

// A conflict warning stands for a group of add-ons: here three add-ons of
// priority 10 that the main product basic allows set call_waiting two ways.
// Pairs lists the pairs a customer could not order together; sms_pack and
// quiet_hours exclude each other, so they are not one of them.
func ExampleWarning_Pairs() {
	addOn := func(id string, s catalog.State, excludes ...string) catalog.Product {
		return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"basic"}, Excludes: excludes,
			Features: []catalog.FeatureSetting{{Feature: "call_waiting", State: s}}}
	}
	c := catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}},
		Features:     []catalog.Feature{{ID: "call_waiting", ServiceType: "voice"}},
		Products: []catalog.Product{
			{ID: "basic", Kind: catalog.KindMain},
			addOn("call_pack", catalog.Enabled),
			addOn("sms_pack", catalog.Enabled, "quiet_hours"),
			addOn("quiet_hours", catalog.Disabled),
		},
	})
	for _, w := range c.Lint() {
		fmt.Println(w.Code, w.Feature, "priority", w.Priority, "with", w.Mains)
		for _, cl := range w.Classes {
			fmt.Println(" ", cl.State, cl.AddOns)
		}
		fmt.Println("  excluded:", w.Excluded)
		fmt.Println("  pairs:", w.Pairs())
		fmt.Println(w.Detail)
	}
	// Output:
	// conflict call_waiting priority 10 with [basic]
	//   enabled [call_pack sms_pack]
	//   disabled [quiet_hours]
	//   excluded: [[quiet_hours sms_pack]]
	//   pairs: [[call_pack quiet_hours]]
	// 3 add-ons allowed with main product "basic" set feature "call_waiting" at priority 10 to 2 different values: enabled by "call_pack", "sms_pack"; disabled by "quiet_hours"; these pairs exclude each other and do not conflict: "quiet_hours" and "sms_pack"
}
