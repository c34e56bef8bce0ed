package entitlement_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
)

// Explain names features, attributes and products by their catalog names,
// and writes quantities with their units, given WithNames.
func ExampleWithNames() {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		fmt.Println(err)
		return
	}
	acct := entitlement.Account{ID: "john-doe", Main: "basic_call",
		AddOns: []entitlement.Assignment{{AddOn: "easy_sms", Quantity: 2}, {AddOn: "carnival_200"}, {AddOn: "mailbox_plus"}},
		Values: []catalog.AttributeValue{{Attribute: "follow_me_numbers", Value: catalog.List("+15550100", "+15550101")}},
		States: []entitlement.StateSetting{{Feature: "call_forwarding", State: catalog.Enabled}},
		Facts:  map[string]decimal.Decimal{"arpu": decimal.NewFromInt(75)}}
	cfg, err := entitlement.NewResolver(c).Resolve(acct, time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(cfg.Explain(entitlement.WithNames(cfg.Catalog())))
	// Output:
	// Call waiting: enabled (catalog default)
	// Call forwarding: enabled by the account
	//   Max forwarded calls: 3 (catalog default)
	//   Follow-me numbers: +15550100, +15550101 set by the account
	// Included minutes: enabled (catalog default)
	//   Minutes to US and Canada: 100 min from Basic Call (main product)
	//   Minutes to Brazil: 200 min from Carnival 200 (priority 5)
	// Domestic SMS: enabled (catalog default)
	//   Domestic SMS included: 350 = 50 from Basic Call (main product) + 150 × 2 from Easy SMS (priority 5, ×2)
	// Mailbox: enabled (catalog default)
	//   Mailbox storage: 10 GB from Mailbox Plus (priority 5)
}

// Format writes what provisioning must do for a person, with WithNames; String
// writes it by IDs, for a log.
func ExampleChange_Format() {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := entitlement.NewResolver(c)
	at := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	facts := map[string]decimal.Decimal{"arpu": decimal.NewFromInt(75)}
	before, err := r.Resolve(entitlement.Account{ID: "john-doe", Main: "basic_call", Facts: facts}, at)
	if err != nil {
		fmt.Println(err)
		return
	}
	after, err := r.Resolve(entitlement.Account{ID: "john-doe", Main: "basic_call", Facts: facts,
		AddOns: []entitlement.Assignment{{AddOn: "conferencing_plus"}, {AddOn: "mailbox_plus"}}}, at)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ch := range entitlement.Diff(before, after) {
		fmt.Printf("%-42s %s\n", ch.Format(entitlement.WithNames(c)), ch)
	}
	// Output:
	// switch on Conferencing                     switch on conferencing
	// change Mailbox storage from 1 GB to 10 GB  change mailbox.storage_gb from 1 to 10
}
