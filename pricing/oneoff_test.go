package pricing_test

import (
	"testing"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// TestOneOffBillsEachPurchaseOnce: a one-off add-on bought twice in a
// month is billed its one-time charge twice, each at its purchase, and
// never a recurring charge; what it excluded is billed from the day it was
// bought after it.
func TestOneOffBillsEachPurchaseOnce(t *testing.T) {
	cat := catalog.MustNew(catalog.Definition{Products: []catalog.Product{
		{ID: "fibre", Kind: catalog.KindMain},
		{ID: "self_install_kit", Kind: catalog.KindAddOn, OneOff: true, AllowedMain: []string{"fibre"}, Excludes: []string{"technician_visit"}},
		{ID: "technician_visit", Kind: catalog.KindAddOn, AllowedMain: []string{"fibre"}},
	}})
	book := pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		{ID: "fibre_monthly", Product: "fibre", Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat("30.00")},
		{ID: "kit", Product: "self_install_kit", Kind: pricing.ChargeOneTime, Price: pricing.Flat("19.00")},
		{ID: "kit_monthly", Product: "self_install_kit", Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat("1.00")},
		{ID: "visit", Product: "technician_visit", Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat("3.00")},
	}})
	r := entitlement.NewResolver(cat)
	nov := pricing.Month(2026, time.November, nil)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	acct := entitlement.Account{ID: "a", Main: "fibre", MainFrom: nov.Start}
	var err error
	for _, step := range []struct {
		addOn string
		at    time.Time
	}{{"self_install_kit", day(1)}, {"self_install_kit", day(10)}, {"technician_visit", day(16)}} {
		if acct, _, err = r.Assign(acct, entitlement.Assignment{AddOn: step.addOn}, step.at); err != nil {
			t.Fatal(err)
		}
	}
	q, err := pricing.NewQuote(book, r, acct, nov, nil)
	if err != nil {
		t.Fatal(err)
	}
	byCharge := map[string][]string{}
	for _, l := range q.Lines {
		byCharge[l.Charge] = append(byCharge[l.Charge], l.Amount.String())
	}
	want := map[string][]string{
		"fibre_monthly": {"30.00 EUR"},
		"kit":           {"19.00 EUR", "19.00 EUR"},
		"visit":         {"1.50 EUR"},
	}
	if len(byCharge) != len(want) {
		t.Errorf("lines by charge %v, want %v", byCharge, want)
	}
	for ch, amounts := range want {
		if got := byCharge[ch]; len(got) != len(amounts) || got[0] != amounts[0] {
			t.Errorf("%s: %v, want %v", ch, got, amounts)
		}
	}
}
