package pricing_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// A price book that forgot two add-ons: validation against the catalog
// reports both, before a customer can order them unbilled.
func ExampleBook_ValidateAgainst() {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		panic(err)
	}
	full, err := pricing.DecodeBook(catalogs.TelcoPrices)
	if err != nil {
		panic(err)
	}
	def := full.Definition()
	var kept []pricing.Charge
	for _, ch := range def.Charges {
		if ch.Product != "ivr_calling" && ch.Product != "mailbox_plus" {
			kept = append(kept, ch)
		}
	}
	def.Charges = kept
	book, err := pricing.NewBook(def)
	if err != nil {
		panic(err)
	}

	err = book.ValidateAgainst(c)
	var ve *catalog.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// products[ivr_calling]: assignable add-on "ivr_calling" has no charge and is not declared free (revenue_leakage)
	// products[mailbox_plus]: assignable add-on "mailbox_plus" has no charge and is not declared free (revenue_leakage)
}

// The volume discount on Brazil minutes for a Smart Call plan with the
// Carnival 200 add-on: the main product's plan and the add-on's extra
// entries form one ladder, and the highest step reached applies.
func ExampleBook_Discount() {
	book, err := pricing.DecodeBook(catalogs.TelcoPrices)
	if err != nil {
		panic(err)
	}
	products := []string{"smart_call_plan", "carnival_200"}
	for _, minutes := range []string{"30", "60", "120", "600"} {
		dis, ok := book.Discount("smart_call_plan_minutes_brazil", decimal.RequireFromString(minutes), products)
		if !ok {
			fmt.Printf("%4s min: no discount\n", minutes)
			continue
		}
		fmt.Printf("%4s min: %s %% from %s min (plan %s)\n", minutes, dis.Entry.Percent, dis.Entry.MinVolume, dis.Plan)
	}
	// Output:
	//   30 min: no discount
	//   60 min: 5 % from 50 min (plan smart_call_plan_brazil)
	//  120 min: 10 % from 100 min (plan carnival_200_brazil)
	//  600 min: 20 % from 500 min (plan carnival_200_brazil)
}

// Decoding is strict: an unknown field is an error naming its JSON path.
func ExampleDecodeBook() {
	_, err := pricing.DecodeBook([]byte(`{"format":"tariff.pricebook.v1","currency":"EUR",
		"charges":[{"id":"fee","product":"p","kind":"one_time","price":{"model":"flat","amount":"15.00","amout":"1"}}]}`))
	var de *catalog.DecodeError
	if errors.As(err, &de) {
		fmt.Println(de.Path, errors.Is(err, catalog.ErrUnknownField))
	}
	// Output:
	// charges[0].price.amout true
}
