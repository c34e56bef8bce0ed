package pricing_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// A small ISP offer written in Go — a fibre plan, a static IP, a Wi-Fi
// extender with a one-time setup fee, a mobile SIM whose data beyond the
// allowance is priced in graduated tiers — quoted for a month in which the
// customer adds the SIM on the 16th.
func Example_offerInGo() {
	cat := catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "internet", Name: "Internet"}, {ID: "mobile", Name: "Mobile"}},
		Features: []catalog.Feature{
			{ID: "fibre", ServiceType: "internet", Name: "Fibre", Attributes: []catalog.Attribute{
				{ID: "speed_mbit", Name: "Speed", Type: catalog.TypeQuantity, Unit: "Mbit/s", Combine: catalog.CombineMax}}},
			{ID: "static_ip", ServiceType: "internet", Name: "Static IP"},
			{ID: "wifi_extender", ServiceType: "internet", Name: "Wi-Fi extender"},
			{ID: "mobile_data", ServiceType: "mobile", Name: "Mobile data", Attributes: []catalog.Attribute{
				{ID: "data_included_gb", Name: "Data included", Type: catalog.TypeQuantity, Unit: "GB", Combine: catalog.CombineSum}}},
		},
		Products: []catalog.Product{
			{ID: "fibre_500", Name: "Fibre 500", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{
				{Feature: "fibre", State: catalog.Enabled, Values: []catalog.AttributeValue{
					{Attribute: "speed_mbit", Value: catalog.Qty(decimal.NewFromInt(500))}}}}},
			{ID: "static_ip", Name: "Static IP", Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"fibre_500"},
				Features: []catalog.FeatureSetting{{Feature: "static_ip", State: catalog.Enabled}}},
			{ID: "wifi_extender", Name: "Wi-Fi extender", Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"fibre_500"},
				Features: []catalog.FeatureSetting{{Feature: "wifi_extender", State: catalog.Enabled}}},
			{ID: "mobile_sim", Name: "Mobile SIM", Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"fibre_500"},
				Features: []catalog.FeatureSetting{{Feature: "mobile_data", State: catalog.Enabled, Values: []catalog.AttributeValue{
					{Attribute: "data_included_gb", Value: catalog.Qty(decimal.NewFromInt(10))}}}}},
		},
	})
	book, err := pricing.NewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		{ID: "fibre_500_monthly", Product: "fibre_500", Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat("39.90")},
		{ID: "static_ip_monthly", Product: "static_ip", Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat("5.00")},
		{ID: "wifi_extender_monthly", Product: "wifi_extender", Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat("3.00")},
		{ID: "wifi_extender_setup", Product: "wifi_extender", Kind: pricing.ChargeOneTime, Price: pricing.Flat("49.00")},
		{ID: "mobile_sim_monthly", Product: "mobile_sim", Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat("10.00")},
		{ID: "mobile_sim_data", Name: "Mobile data", Product: "mobile_sim", Kind: pricing.ChargeUsage,
			Meter: "data_gb", Allowance: "data_included_gb", Grant: pricing.AllowanceFull,
			Price: pricing.Graduated(pricing.UpTo("5", "2.00"), pricing.Above("1.00"))},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := book.ValidateAgainst(cat); err != nil {
		fmt.Println(err)
		return
	}

	nov := pricing.Month(2026, time.November, time.UTC)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }
	r := entitlement.NewResolver(cat)
	acct := entitlement.Account{ID: "flat-12b", Main: "fibre_500", MainFrom: nov.Start, AddOns: []entitlement.Assignment{
		{AddOn: "static_ip", From: nov.Start},
		{AddOn: "wifi_extender", From: nov.Start},
	}}
	acct, _, err = r.Assign(acct, entitlement.Assignment{AddOn: "mobile_sim"}, day(16))
	if err != nil {
		fmt.Println(err)
		return
	}
	usage := []pricing.UsageRecord{
		{ID: "d1", Meter: "data_gb", Quantity: decimal.NewFromInt(9), At: day(20)},
		{ID: "d2", Meter: "data_gb", Quantity: decimal.NewFromInt(8), At: day(27)},
	}
	q, err := pricing.NewQuote(book, r, acct, nov, usage, pricing.WithCatalog(cat))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range q.Lines {
		fmt.Printf("%10s  %s\n", l.Amount, l.Description)
	}
	total := q.Total(pricing.EUR)
	fmt.Printf("%10s  total\n", total)
	// Output:
	//  39.90 EUR  Fibre 500, 1 Nov–30 Nov
	//   5.00 EUR  Static IP, 1 Nov–30 Nov
	//   3.00 EUR  Wi-Fi extender, 1 Nov–30 Nov
	//   5.00 EUR  Mobile SIM, 16 Nov–30 Nov (15/30 of the month at 10.00 EUR)
	//  49.00 EUR  Wi-Fi extender: one-time charge, 1 Nov
	//  12.00 EUR  Mobile data, 16 Nov–30 Nov: 17 GB used, 10 included from Mobile SIM, 5 × 2.00 EUR (tier 1) + 2 × 1.00 EUR (tier 2)
	// 113.90 EUR  total
}
