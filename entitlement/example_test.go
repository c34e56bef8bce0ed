package entitlement_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// exampleCatalog is the add-on seed in miniature: a main product, a
// low-priority Smart Call add-on that disables conferencing and a
// high-priority Conferencing+ that enables it, and two forwarding add-ons
// that disagree on call waiting at the same priority.
func exampleCatalog() *catalog.Catalog {
	addOn := func(id string, prio int, feature string, state catalog.State) catalog.Product {
		return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: prio, AllowedMain: []string{"basic_call"},
			Features: []catalog.FeatureSetting{{Feature: feature, State: state}}}
	}
	return catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}},
		Features: []catalog.Feature{
			{ID: "call_waiting", ServiceType: "voice", DefaultEnabled: true},
			{ID: "conferencing", ServiceType: "voice"},
		},
		Products: []catalog.Product{
			{ID: "basic_call", Kind: catalog.KindMain},
			addOn("smart_call", 10, "conferencing", catalog.Disabled),
			addOn("conferencing_plus", 20, "conferencing", catalog.Enabled),
			addOn("unconditional_forwarding", 15, "call_waiting", catalog.Disabled),
			addOn("advanced_forwarding", 15, "call_waiting", catalog.Enabled),
		},
	})
}

func ExampleResolve() {
	c := exampleCatalog()
	acct := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{
		{AddOn: "smart_call"}, {AddOn: "conferencing_plus"},
	}}
	cfg, err := entitlement.Resolve(c, acct, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("conferencing enabled:", cfg.Enabled("conferencing"))

	acct.AddOns = append(acct.AddOns, entitlement.Assignment{AddOn: "unconditional_forwarding"}, entitlement.Assignment{AddOn: "advanced_forwarding"})
	_, err = entitlement.Resolve(c, acct, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	var conflict *entitlement.ConflictError
	if errors.As(err, &conflict) {
		fmt.Println("conflict on", conflict.Feature, "between", conflict.AddOns[0], "and", conflict.AddOns[1])
	}
	// Output:
	// conferencing enabled: true
	// conflict on call_waiting between advanced_forwarding and unconditional_forwarding
}

func ExampleConfig_Explain() {
	r := entitlement.NewResolver(exampleCatalog())
	acct := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{
		{AddOn: "conferencing_plus"}, {AddOn: "smart_call"},
	}}
	cfg, err := r.Resolve(acct, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(cfg.Explain())
	// Output:
	// call_waiting: enabled (catalog default)
	// conferencing: enabled by conferencing_plus (priority 20), overriding smart_call (priority 10)
}

func ExampleResolver_Assign() {
	r := entitlement.NewResolver(exampleCatalog())
	acct := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "unconditional_forwarding"}}}
	_, _, err := r.Assign(acct, entitlement.Assignment{AddOn: "advanced_forwarding"}, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(errors.Is(err, entitlement.ErrConflict), len(acct.AddOns))
	// Output:
	// true 1
}

func ExampleDiff() {
	r := entitlement.NewResolver(exampleCatalog())
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	before, _ := r.Resolve(entitlement.Account{Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "smart_call"}}}, at)
	after, _ := r.Resolve(entitlement.Account{Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "conferencing_plus"}, {AddOn: "unconditional_forwarding"}}}, at)
	for _, ch := range entitlement.Diff(before, after) {
		fmt.Println(ch.Kind, ch.Feature)
	}
	// Output:
	// switch off call_waiting
	// switch on conferencing
}
