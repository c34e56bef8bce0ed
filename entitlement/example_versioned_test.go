package entitlement_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// broadband is a catalog version: the fiber main product at the given
// download speed and, when withStaticIP is set, a static IP add-on.
func broadband(mbps int64, withStaticIP bool) *catalog.Catalog {
	def := catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "internet"}},
		Features: []catalog.Feature{{ID: "bandwidth", ServiceType: "internet", Attributes: []catalog.Attribute{
			{ID: "down_mbps", Type: catalog.TypeInteger}}}},
		Products: []catalog.Product{{ID: "fiber", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{{
			Feature: "bandwidth", State: catalog.Enabled,
			Values: []catalog.AttributeValue{{Attribute: "down_mbps", Value: catalog.Int(mbps)}}}}}},
	}
	if withStaticIP {
		def.Features = append(def.Features, catalog.Feature{ID: "static_ip", ServiceType: "internet"})
		def.Products = append(def.Products, catalog.Product{ID: "static_ip", Kind: catalog.KindAddOn, Priority: 10,
			AllowedMain: []string{"fiber"}, Features: []catalog.FeatureSetting{{Feature: "static_ip", State: catalog.Enabled}}})
	}
	return catalog.MustNew(def)
}

// In July the operator raises fiber from 100 to 250 Mbit/s for new
// customers and starts selling a static IP. Alice, who signed up in
// January, keeps her 100 Mbit/s; Bob, who signed up in August, gets 250;
// Alice can buy the static IP, which only the July version sells, and
// keeps her speed.
func ExampleVersioned() {
	day := func(month time.Month, d int) time.Time { return time.Date(2026, month, d, 0, 0, 0, 0, time.UTC) }
	set := catalog.MustNewVersions(
		catalog.Version{ID: "2026-01", Catalog: broadband(100, false)},
		catalog.Version{ID: "2026-07", From: day(time.July, 1), Catalog: broadband(250, true)},
	)
	v := entitlement.NewVersioned(set)

	alice := entitlement.Account{ID: "alice", Main: "fiber", MainFrom: day(time.January, 10)}
	bob := entitlement.Account{ID: "bob", Main: "fiber", MainFrom: day(time.August, 3)}
	september := day(time.September, 1)
	for _, a := range []entitlement.Account{alice, bob} {
		cfg, err := v.Resolve(a, september)
		if err != nil {
			fmt.Println(err)
			return
		}
		mbps, _ := cfg.Value("down_mbps")
		fmt.Printf("%s: %v Mbit/s\n", a.ID, mbps)
	}

	_, _, err := v.Assign(alice, entitlement.Assignment{AddOn: "static_ip"}, day(time.June, 1))
	fmt.Println("static IP in June, not for sale:", errors.Is(err, entitlement.ErrNotForSale))

	alice, cfg, err := v.Assign(alice, entitlement.Assignment{AddOn: "static_ip", From: september}, september)
	if err != nil {
		fmt.Println(err)
		return
	}
	mbps, _ := cfg.Value("down_mbps")
	fmt.Printf("alice with a static IP: %v Mbit/s, static IP %v, sold %s\n",
		mbps, cfg.Enabled("static_ip"), alice.AddOns[0].Terms.Format(time.DateOnly))
	// Output:
	// alice: 100 Mbit/s
	// bob: 250 Mbit/s
	// static IP in June, not for sale: true
	// alice with a static IP: 100 Mbit/s, static IP true, sold 2026-09-01
}
