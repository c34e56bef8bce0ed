package entitlement_test

import (
	"fmt"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// A provisioning host keeps what it last pushed to the network, here as
// the map it stored, and pushes only the difference to the account's
// configuration now.
func ExampleDiffSnapshots() {
	pushed := entitlement.SnapshotOf(map[string]map[string]catalog.Value{
		"call_waiting": nil, // enabled, without values
	})
	acct := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{
		{AddOn: "conferencing_plus"}, {AddOn: "unconditional_forwarding"},
	}}
	cfg, err := entitlement.Resolve(exampleCatalog(), acct, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	now := cfg.Snapshot()
	for _, ch := range entitlement.DiffSnapshots(pushed, now) {
		fmt.Println(ch.Kind, ch.Feature)
	}
	for f := range now.Features() {
		fmt.Println("enabled:", f)
	}
	// Output:
	// switch off call_waiting
	// switch on conferencing
	// enabled: conferencing
}
