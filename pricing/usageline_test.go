package pricing_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// TestUsageLineWording: each form of a usage line's description, with the
// line's units used, included and allowance. Against the shipped telco
// catalog: Basic Call includes 50 domestic SMS and 100 minutes to US and
// Canada (a quantity in "min"), Easy SMS 150 SMS, Carnival 200 200 minutes
// to Brazil ("min"); mailbox storage is 1 GB by the catalog default. The
// figures: 100 - 50 = 50 × 0.05 = 2.50; 300 - 200 = 100 × 0.05 = 5.00;
// 12 × 0.12 = 1.44; 52 - 50 = 2 × 0.05 = 0.10; 4 - 1 = 3 × 1.00 = 3.00;
// 0.50 and 0.30 + 2.90 = 3.20, 3.70 in all.
func TestUsageLineWording(t *testing.T) {
	r := telco(t)
	basic := entitlement.Account{Main: "basic_call"}
	easySMS := entitlement.Account{Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms"}}}
	perUnit := func(rate string) pricing.Price {
		return pricing.Price{Model: pricing.ModelPerUnit, Currency: pricing.EUR, Amount: d(rate)}
	}
	charge := func(name, meter, unit, allowance string, agg pricing.Aggregation, p pricing.Price) pricing.Charge {
		return pricing.Charge{ID: "c", Name: name, Product: "basic_call", Kind: pricing.ChargeUsage,
			Meter: meter, Unit: unit, Allowance: allowance, Aggregate: agg, Price: p}
	}
	domestic := charge("Domestic SMS", "sms", "SMS", "sms_included", pricing.AggregateSum, perUnit("0.05"))
	plain := charge("Domestic SMS", "sms", "", "sms_included", pricing.AggregateSum, perUnit("0.05"))
	counted := charge("Domestic SMS", "sms", "SMS", "sms_included", pricing.AggregateCount, perUnit("0.05"))
	countedPlain := charge("Domestic SMS", "sms", "", "sms_included", pricing.AggregateCount, perUnit("0.05"))
	brazil := charge("Minutes to Brazil", "brazil", "min", "", pricing.AggregateSum, perUnit("0.12"))
	brazilAllowance := charge("Minutes to Brazil", "brazil", "", "minutes_brazil", pricing.AggregateSum, perUnit("0.12"))
	usCanada := charge("Minutes to US/Canada", "us_ca", "", "minutes_us_ca", pricing.AggregateSum, perUnit("0.10"))
	usCanadaOwn := charge("Minutes to US/Canada", "us_ca", "minutes", "minutes_us_ca", pricing.AggregateSum, perUnit("0.10"))
	peak := charge("Mailbox storage", "storage", "", "storage_gb", pricing.AggregateMax, perUnit("1.00"))
	last := charge("Mailbox storage", "storage", "", "storage_gb", pricing.AggregateLast, perUnit("1.00"))
	card := charge("Card payments", "card", "EUR", "", pricing.AggregateSum, pricing.Price{Model: pricing.ModelPercentage,
		Currency: pricing.EUR, Percent: d("2.9"), Fixed: d("0.30"), MinFee: decimal.NewNullDecimal(d("0.50"))})

	// recs returns a record of each quantity, a day apart from 2 Nov.
	recs := func(meter string, qty ...string) []pricing.UsageRecord {
		var out []pricing.UsageRecord
		for i, q := range qty {
			out = append(out, pricing.UsageRecord{ID: fmt.Sprint(meter, i), Meter: meter, Quantity: d(q), At: day(2 + i)})
		}
		return out
	}
	// many returns n records of 1 unit.
	many := func(meter string, n int) []pricing.UsageRecord {
		qty := make([]string, n)
		for i := range qty {
			qty[i] = "1"
		}
		out := recs(meter, qty...)
		for i := range out {
			out[i].At = day(2) // all on 2 Nov, rated in ID order
		}
		return out
	}
	type want struct {
		Description                 string
		Amount                      string
		Quantity, Included, Allowed string
	}
	tests := []struct {
		name   string
		acct   entitlement.Account
		ch     pricing.Charge
		usage  []pricing.UsageRecord
		expect want
	}{
		{"nothing used: the allowance and where it came from", basic, domestic, nil,
			want{"Domestic SMS: 0 SMS used of 50 included from Basic Call", "0.00 EUR", "0", "0", "50"}},
		{"within the allowance", basic, domestic, recs("sms", "30"),
			want{"Domestic SMS: 30 SMS used of 50 included from Basic Call", "0.00 EUR", "30", "30", "50"}},
		{"exactly the allowance", basic, domestic, recs("sms", "20", "30"),
			want{"Domestic SMS: 50 SMS used of 50 included from Basic Call", "0.00 EUR", "50", "50", "50"}},
		{"beyond the allowance: what it covered, then the price of the rest", basic, domestic, recs("sms", "100"),
			want{"Domestic SMS: 100 SMS used, 50 included from Basic Call, 50 × 0.05 EUR", "2.50 EUR", "100", "50", "50"}},
		{"several sources, nothing used", easySMS, domestic, nil,
			want{"Domestic SMS: 0 SMS used of 200 included (50 from Basic Call, 150 from Easy SMS)", "0.00 EUR", "0", "0", "200"}},
		{"several sources, within the allowance", easySMS, domestic, recs("sms", "80"),
			want{"Domestic SMS: 80 SMS used of 200 included (50 from Basic Call, 150 from Easy SMS)", "0.00 EUR", "80", "80", "200"}},
		{"several sources, beyond the allowance", easySMS, domestic, recs("sms", "300"),
			want{"Domestic SMS: 300 SMS used, 200 included (50 from Basic Call, 150 from Easy SMS), 100 × 0.05 EUR", "5.00 EUR", "300", "200", "200"}},
		{"no allowance attribute: no included at all", basic, brazil, recs("brazil", "12"),
			want{"Minutes to Brazil: 12 min used, 12 × 0.12 EUR", "1.44 EUR", "12", "0", "0"}},
		{"no allowance attribute, nothing used", basic, brazil, nil,
			want{"Minutes to Brazil: 0 min used", "0.00 EUR", "0", "0", "0"}},
		{"an allowance attribute the configuration gives no value: no included, the catalog's unit", basic, brazilAllowance, recs("brazil", "12"),
			want{"Minutes to Brazil: 12 min used, 12 × 0.12 EUR", "1.44 EUR", "12", "0", "0"}},
		{"the catalog's unit of the allowance when the charge has none", basic, usCanada, recs("us_ca", "30"),
			want{"Minutes to US/Canada: 30 min used of 100 included from Basic Call", "0.00 EUR", "30", "30", "100"}},
		{"the charge's unit over the catalog's", basic, usCanadaOwn, recs("us_ca", "30"),
			want{"Minutes to US/Canada: 30 minutes used of 100 included from Basic Call", "0.00 EUR", "30", "30", "100"}},
		{"no unit anywhere: the figures alone", basic, plain, recs("sms", "30"),
			want{"Domestic SMS: 30 used of 50 included from Basic Call", "0.00 EUR", "30", "30", "50"}},
		{"count without a unit: records", basic, countedPlain, recs("sms", "7", "9", "11"),
			want{"Domestic SMS: 3 records of 50 included from Basic Call", "0.00 EUR", "3", "3", "50"}},
		{"count with a unit: the unit names what is counted", basic, counted, recs("sms", "7", "9", "11"),
			want{"Domestic SMS: 3 SMS of 50 included from Basic Call", "0.00 EUR", "3", "3", "50"}},
		{"count beyond the allowance", basic, counted, many("sms", 52),
			want{"Domestic SMS: 52 SMS, 50 included from Basic Call, 2 × 0.05 EUR", "0.10 EUR", "52", "50", "50"}},
		{"max within the allowance: the allowance in force at the peak", basic, peak, recs("storage", "0.5", "0.25"),
			want{"Mailbox storage: peak 0.5 GB of 1 included from the catalog default", "0.00 EUR", "0.5", "0.5", "1"}},
		{"max beyond the allowance", basic, peak, recs("storage", "0.5", "4"),
			want{"Mailbox storage: peak 4 GB, 1 included from the catalog default, 3 × 1.00 EUR", "3.00 EUR", "4", "1", "1"}},
		{"max without a reading: the allowance at the start", basic, peak, nil,
			want{"Mailbox storage: peak 0 GB of 1 included from the catalog default", "0.00 EUR", "0", "0", "1"}},
		{"last reading within the allowance", basic, last, recs("storage", "4", "0.5"),
			want{"Mailbox storage: last reading 0.5 GB of 1 included from the catalog default", "0.00 EUR", "0.5", "0.5", "1"}},
		{"percentage: the unit of the amounts", basic, card, recs("card", "1", "100"),
			want{"Card payments: 101 EUR used, 2 × (2.9 % + 0.30 EUR, at least 0.50 EUR) on 101", "3.70 EUR", "101", "0", "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := r.Resolve(tt.acct, day(15))
			if err != nil {
				t.Fatal(err)
			}
			lines, err := pricing.Rate(tt.ch, cfg, tt.usage, nov)
			if err != nil {
				t.Fatal(err)
			}
			l := lines[0]
			got := want{l.Description, l.Amount.String(), l.Quantity.String(), l.Included.String(), l.Allowance.String()}
			if diff := cmp.Diff(tt.expect, got); diff != "" {
				t.Errorf("line (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQuoteUsageLineAllowance: the allowance of each usage line of a quote
// is what the allowance gave the line's span, records or not. Basic Call
// (50 SMS) until Smart Call (100 SMS) from 20 Nov, Easy SMS (150 SMS)
// from 3 Nov: Basic Call's 50 × 19/30 = 31.67, Easy SMS's 150 × 28/30 =
// 140, Smart Call's 100 × 11/30 = 36.67, rounded together to 208, the
// spare unit to Basic Call (32). The first line may use Basic Call's 32
// and Easy SMS's 140 (172), the second Easy SMS's 140 and Smart Call's 36
// (176): Easy SMS's grant counts in both, though the first line used 88 of
// it. The second line bills 150 - (52 + 36) = 62 × 0.04 = 2.48 and states
// what its allowance covered, not its size.
func TestQuoteUsageLineAllowance(t *testing.T) {
	r := telco(t)
	basic := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms", From: startOfDay(3)}}}
	smart, _, err := r.ChangeMain(basic, "smart_call_plan", startOfDay(20))
	if err != nil {
		t.Fatal(err)
	}
	history := []pricing.Segment{{From: startOfDay(1), Account: basic}, {From: startOfDay(20), Account: smart}}
	usage := []pricing.UsageRecord{sms("s1", "120", day(10)), sms("s2", "150", day(25))}
	q, err := pricing.QuoteHistory(telcoQuoteBook(), r, history, nov, usage)
	if err != nil {
		t.Fatal(err)
	}
	type usageRow struct {
		Charge, Description         string
		Quantity, Included, Allowed string
	}
	var got []usageRow
	for _, l := range q.Lines {
		if l.Kind == pricing.ChargeUsage && !l.IsDiscount() {
			got = append(got, usageRow{l.Charge, l.Description, l.Quantity.String(), l.Included.String(), l.Allowance.String()})
		}
	}
	want := []usageRow{
		{"basic_sms", "SMS, 1 Nov–19 Nov: 120 used of 172 included (32 from Basic Call, 140 from Easy SMS)", "120", "120", "172"},
		{"basic_brazil", "minutes_brazil, 1 Nov–19 Nov: 0 min used", "0", "0", "0"},
		{"smart_sms", "SMS, 20 Nov–30 Nov: 150 used, 88 included (52 from Easy SMS, 36 from Smart Call), 62 × 0.04 EUR", "150", "88", "176"},
		{"smart_brazil", "minutes_brazil, 20 Nov–30 Nov: 0 min used", "0", "0", "0"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("usage lines (-want +got):\n%s", diff)
	}
}
