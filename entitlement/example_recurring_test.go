package entitlement_test

import (
	"fmt"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// An add-on active on a schedule — unlimited data every weekend — is one
// assignment per window: the account says exactly when the customer held
// it, so resolution, quotes (each window prorated by its days) and
// provisioning diffs need no schedule rules of their own. A host expands
// the schedule when the customer subscribes, for the windows it wants
// recorded ahead (here, one month), and appends the next month's windows
// when it bills.
func Example_recurringWindow() {
	r := entitlement.NewResolver(catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "data"}},
		Features:     []catalog.Feature{{ID: "unlimited_data", ServiceType: "data"}},
		Products: []catalog.Product{
			{ID: "mobile_m", Kind: catalog.KindMain},
			{ID: "weekend_unlimited", Kind: catalog.KindAddOn, AllowedMain: []string{"mobile_m"}, MaxQuantity: 1,
				Features: []catalog.FeatureSetting{{Feature: "unlimited_data", State: catalog.Enabled}}},
		},
	}))
	// weekends returns one assignment per weekend (Saturday 00:00 until
	// Monday 00:00) that starts in [from, until).
	weekends := func(addOn string, from, until time.Time) []entitlement.Assignment {
		var out []entitlement.Assignment
		for d := from; d.Before(until); d = d.AddDate(0, 0, 1) {
			if d.Weekday() == time.Saturday {
				out = append(out, entitlement.Assignment{AddOn: addOn, From: d, Until: d.AddDate(0, 0, 2)})
			}
		}
		return out
	}
	nov := func(day int) time.Time { return time.Date(2026, 11, day, 0, 0, 0, 0, time.UTC) }

	acct := entitlement.Account{ID: "ana", Main: "mobile_m"}
	for _, w := range weekends("weekend_unlimited", nov(1), nov(1).AddDate(0, 1, 0)) {
		var err error
		if acct, _, err = r.Assign(acct, w, w.From); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(len(acct.AddOns), "weekends recorded")
	for _, day := range []int{6, 7, 8, 9} {
		cfg, _ := r.Resolve(acct, nov(day).Add(12*time.Hour))
		fmt.Printf("%s %d Nov: unlimited data %v\n", nov(day).Weekday(), day, cfg.Enabled("unlimited_data"))
	}
	// Output:
	// 4 weekends recorded
	// Friday 6 Nov: unlimited data false
	// Saturday 7 Nov: unlimited data true
	// Sunday 8 Nov: unlimited data true
	// Monday 9 Nov: unlimited data false
}
