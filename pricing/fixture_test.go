package pricing_test

import (
	"testing"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// nov is the November 2026 billing period: 30 days.
var nov = pricing.Period{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}

// day returns 09:00 on the given day of November 2026: a change made
// during the day counts from the start of that day.
func day(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }

func money(amount string, c pricing.Currency) pricing.Money {
	return pricing.MustParseMoney(amount, c.Code())
}

func telco(t testing.TB) *entitlement.Resolver {
	t.Helper()
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	return entitlement.NewResolver(c)
}

func recurringCharge(product, amount string, c pricing.Currency) pricing.Charge {
	return pricing.Charge{ID: product + "_monthly", Product: product, Kind: pricing.ChargeRecurring, Period: monthly,
		Price: pricing.Price{Model: pricing.ModelFlat, Currency: c, Amount: d(amount)}}
}

func oneTime(product, amount string, c pricing.Currency) pricing.Charge {
	return pricing.Charge{ID: product + "_setup", Product: product, Kind: pricing.ChargeOneTime,
		Price: pricing.Price{Model: pricing.ModelFlat, Currency: c, Amount: d(amount)}}
}

func usageCharge(id, product, meter, allowance, rate string, c pricing.Currency) pricing.Charge {
	return pricing.Charge{ID: id, Product: product, Kind: pricing.ChargeUsage, Meter: meter, Allowance: allowance,
		Price: pricing.Price{Model: pricing.ModelPerUnit, Currency: c, Amount: d(rate)}}
}

// telcoQuoteBook prices every product of the shipped telco catalog in EUR.
func telcoQuoteBook() *pricing.Book { return pricing.MustNewBook(telcoQuoteDef()) }

// telcoQuoteDef is telcoQuoteBook's definition, for tests that change it.
func telcoQuoteDef() pricing.PriceBook {
	return pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		recurringCharge("basic_call", "10.00", pricing.EUR),
		oneTime("basic_call", "5.00", pricing.EUR),
		usageCharge("basic_sms", "basic_call", "SMS", "sms_included", "0.05", pricing.EUR),
		usageCharge("basic_brazil", "basic_call", "minutes_brazil", "minutes_brazil", "0.20", pricing.EUR),
		recurringCharge("easy_call", "5.00", pricing.EUR),
		recurringCharge("smart_call_plan", "25.00", pricing.EUR),
		usageCharge("smart_sms", "smart_call_plan", "SMS", "sms_included", "0.04", pricing.EUR),
		usageCharge("smart_brazil", "smart_call_plan", "minutes_brazil", "minutes_brazil", "0.15", pricing.EUR),
		recurringCharge("smart_call", "3.00", pricing.EUR),
		recurringCharge("conferencing_plus", "4.50", pricing.EUR),
		recurringCharge("unconditional_forwarding", "2.00", pricing.EUR),
		recurringCharge("advanced_forwarding", "2.00", pricing.EUR),
		recurringCharge("easy_sms", "3.00", pricing.EUR),
		oneTime("easy_sms", "1.00", pricing.EUR),
		recurringCharge("carnival_200", "7.50", pricing.EUR),
		recurringCharge("ivr_calling", "6.00", pricing.EUR),
		recurringCharge("mailbox_plus", "1.99", pricing.EUR),
	}}
}

func sms(id string, n string, at time.Time) pricing.UsageRecord {
	return pricing.UsageRecord{ID: id, Meter: "SMS", Quantity: d(n), At: at}
}
