package entitlement_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

func ExampleResolver_ChangeMain() {
	r := entitlement.NewResolver(catalog.MustNew(catalog.Definition{Products: []catalog.Product{
		{ID: "basic_call", Kind: catalog.KindMain},
		{ID: "smart_call_plan", Kind: catalog.KindMain},
		{ID: "roaming_pack", Kind: catalog.KindAddOn, AllowedMain: []string{"basic_call"}},
	}}))
	nov := func(day int) time.Time { return time.Date(2026, 11, day, 0, 0, 0, 0, time.UTC) }
	// Activated on 1 Nov on Basic Call with the roaming pack.
	acct := entitlement.Account{ID: "john", Main: "basic_call", MainFrom: nov(1),
		AddOns: []entitlement.Assignment{{AddOn: "roaming_pack", From: nov(1)}}}

	acct, change, err := r.ChangeMain(acct, "smart_call_plan", nov(11))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("from", change.From, "to", change.To, "dropped", change.Dropped)
	for _, day := range []int{5, 20} {
		main, _ := acct.MainAt(nov(day))
		cfg, _ := r.Resolve(acct, nov(day))
		fmt.Printf("%d Nov: %s, %d layers\n", day, main, len(cfg.Layers()))
	}
	fmt.Println("roaming pack until", acct.AddOns[0].Until.Format(time.DateOnly))
	_, err = r.Resolve(acct, nov(1).Add(-time.Second))
	fmt.Println(errors.Is(err, entitlement.ErrInactive))
	// Output:
	// from basic_call to smart_call_plan dropped [roaming_pack]
	// 5 Nov: basic_call, 2 layers
	// 20 Nov: smart_call_plan, 1 layers
	// roaming pack until 2026-11-11
	// true
}
