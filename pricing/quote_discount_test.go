package pricing_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// telcoPrices is the shipped telco price book: Brazil minutes at 0.12
// after the allowance, Carnival 200 (200 minutes included) discounting them
// 10 % from 100 billed and 20 % from 500, the Smart Call plan 5 % from 50.
func telcoPrices(t testing.TB) *pricing.Book {
	t.Helper()
	b, err := pricing.DecodeBook(catalogs.TelcoPrices)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func brazil(id, n string) pricing.UsageRecord {
	return pricing.UsageRecord{ID: id, Meter: "minutes_brazil", Quantity: d(n), At: day(14)}
}

// linesOf returns the rows of q's lines for the charges named.
func linesOf(q pricing.Quote, charges ...string) []row {
	var out []row
	for _, l := range q.Lines {
		for _, c := range charges {
			if l.Charge == c {
				out = append(out, row{l.Charge, l.Amount.String(), l.Description})
			}
		}
	}
	return out
}

func TestQuoteVolumeDiscount(t *testing.T) {
	r := telco(t)
	book := telcoPrices(t)
	carnival := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "carnival_200"}}}
	smart := entitlement.Account{ID: "a", Main: "smart_call_plan"}
	smartCarnival := entitlement.Account{ID: "a", Main: "smart_call_plan", AddOns: []entitlement.Assignment{{AddOn: "carnival_200"}}}
	withCarnival := func(from, until int) entitlement.Account {
		asg := entitlement.Assignment{AddOn: "carnival_200"}
		if from > 0 {
			asg.From = day(from)
		}
		if until > 0 {
			asg.Until = day(until)
		}
		return entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{asg}}
	}
	basic := entitlement.Account{ID: "a", Main: "basic_call"}
	upgraded, _, err := r.ChangeMain(basic, "smart_call_plan", day(11))
	if err != nil {
		t.Fatal(err)
	}
	const (
		basicBR = "basic_call_minutes_brazil"
		smartBR = "smart_call_plan_minutes_brazil"
	)
	tests := []struct {
		name    string
		history []pricing.Segment
		used    string
		want    []row
	}{
		{"Carnival 200: 350 used - 200 included = 150 billed × 0.12 = 18.00; 10 % from 100: -1.80",
			[]pricing.Segment{{Account: carnival}}, "350", []row{
				{basicBR, "18.00 EUR", "Minutes to Brazil: 350 min used, 200 included from Carnival 200, 150 × 0.12 EUR"},
				{basicBR, "-1.80 EUR", "Carnival 200 volume discount: 10 % off Minutes to Brazil (150 billed ≥ 100)"},
			}},
		{"step is inclusive: 300 - 200 = 100 billed × 0.12 = 12.00; 10 %: -1.20",
			[]pricing.Segment{{Account: carnival}}, "300", []row{
				{basicBR, "12.00 EUR", "Minutes to Brazil: 300 min used, 200 included from Carnival 200, 100 × 0.12 EUR"},
				{basicBR, "-1.20 EUR", "Carnival 200 volume discount: 10 % off Minutes to Brazil (100 billed ≥ 100)"},
			}},
		{"below min volume: 299 - 200 = 99 billed × 0.12 = 11.88, no discount",
			[]pricing.Segment{{Account: carnival}}, "299", []row{
				{basicBR, "11.88 EUR", "Minutes to Brazil: 299 min used, 200 included from Carnival 200, 99 × 0.12 EUR"},
			}},
		{"the volume is what is billed, not used: 250 used, 50 billed (> 0 but < 100), no discount",
			[]pricing.Segment{{Account: carnival}}, "250", []row{
				{basicBR, "6.00 EUR", "Minutes to Brazil: 250 min used, 200 included from Carnival 200, 50 × 0.12 EUR"},
			}},
		{"second step: 800 - 200 = 600 billed × 0.12 = 72.00; 20 % from 500: -14.40",
			[]pricing.Segment{{Account: carnival}}, "800", []row{
				{basicBR, "72.00 EUR", "Minutes to Brazil: 800 min used, 200 included from Carnival 200, 600 × 0.12 EUR"},
				{basicBR, "-14.40 EUR", "Carnival 200 volume discount: 20 % off Minutes to Brazil (600 billed ≥ 500)"},
			}},
		{"Carnival 200 removed on 20 Nov: 200 × 19/30 = 126.67 → 127 minutes for the call of 14 Nov, 23 × 0.12 = 2.76; not assigned at the end, no discount",
			[]pricing.Segment{{Account: withCarnival(0, 20)}}, "150", []row{
				{basicBR, "2.76 EUR", "Minutes to Brazil: 150 min used, 127 included from Carnival 200, 23 × 0.12 EUR"},
			}},
		{"Carnival 200 bought on 20 Nov: the call of 14 Nov comes before it, 350 × 0.12 = 42.00; assigned at the end, 10 % from 100: -4.20",
			[]pricing.Segment{{Account: withCarnival(20, 0)}}, "350", []row{
				{basicBR, "42.00 EUR", "Minutes to Brazil: 350 min used, 0 included, 350 × 0.12 EUR"},
				{basicBR, "-4.20 EUR", "Carnival 200 volume discount: 10 % off Minutes to Brazil (350 billed ≥ 100)"},
			}},
		{"main product's plan: Smart Call, 60 billed × 0.12 = 7.20; 5 % from 50: -0.36",
			[]pricing.Segment{{Account: smart}}, "60", []row{
				{smartBR, "7.20 EUR", "Minutes to Brazil: 60 min used, 60 × 0.12 EUR"},
				{smartBR, "-0.36 EUR", "Smart Call volume discount: 5 % off Minutes to Brazil (60 billed ≥ 50)"},
			}},
		{"add-on entries join the main plan's ladder: 350 - 200 = 150 billed = 18.00; Carnival's 10 % from 100 over Smart Call's 5 % from 50: -1.80",
			[]pricing.Segment{{Account: smartCarnival}}, "350", []row{
				{smartBR, "18.00 EUR", "Minutes to Brazil: 350 min used, 200 included from Carnival 200, 150 × 0.12 EUR"},
				{smartBR, "-1.80 EUR", "Carnival 200 volume discount: 10 % off Minutes to Brazil (150 billed ≥ 100)"},
			}},
		{"main change on 11 Nov: the call of 14 Nov at the Smart Call plan's rate, 60 × 0.12 = 7.20; the plan of the main product at the end, 5 %: -0.36",
			[]pricing.Segment{{From: day(1), Account: basic}, {From: day(11), Account: upgraded}}, "60", []row{
				{basicBR, "0.00 EUR", "Minutes to Brazil, 1 Nov–10 Nov: 0 min used"},
				{smartBR, "7.20 EUR", "Minutes to Brazil, 11 Nov–30 Nov: 60 min used, 60 × 0.12 EUR"},
				{smartBR, "-0.36 EUR", "Smart Call volume discount: 5 % off Minutes to Brazil (60 billed ≥ 50)"},
			}},
		{"no usage: a 0.00 line and no discount line",
			[]pricing.Segment{{Account: smartCarnival}}, "0", []row{
				{smartBR, "0.00 EUR", "Minutes to Brazil: 0 min used of 200 included from Carnival 200"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := pricing.QuoteHistory(book, r, tt.history, nov, []pricing.UsageRecord{brazil("b", tt.used)})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, linesOf(q, basicBR, smartBR)); diff != "" {
				t.Errorf("Brazil lines (-want +got):\n%s", diff)
			}
			sum := pricing.Zero(pricing.EUR)
			for _, l := range q.Lines {
				sum, _ = sum.Add(l.Amount)
			}
			if !q.Total(pricing.EUR).Equal(sum) {
				t.Errorf("total %s, lines sum to %s", q.Total(pricing.EUR), sum)
			}
		})
	}
}

// TestQuoteDiscountLineFields: a discount line names its plan and entry,
// repeats its charge line's product, charge, kind and model, and carries
// the billed volume as its quantity.
func TestQuoteDiscountLineFields(t *testing.T) {
	acct := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "carnival_200"}}}
	q, err := pricing.NewQuote(telcoPrices(t), telco(t), acct, nov, []pricing.UsageRecord{brazil("b", "350")})
	if err != nil {
		t.Fatal(err)
	}
	var got []pricing.Line
	for _, l := range q.Lines {
		if l.IsDiscount() {
			got = append(got, l)
		}
	}
	if len(got) != 1 {
		t.Fatalf("%d discount lines, want 1", len(got))
	}
	l := got[0]
	if l.Discount.Plan != "carnival_200_brazil" || l.Discount.Product != "carnival_200" || !l.Discount.Entry.Percent.Equal(d("10")) ||
		l.Product != "basic_call" || l.Charge != "basic_call_minutes_brazil" || l.Kind != pricing.ChargeUsage ||
		l.Model != pricing.ModelPerUnit || !l.Quantity.Equal(d("150")) || !l.Included.IsZero() || l.TrueUp {
		t.Errorf("discount line = %+v", l)
	}
}

// TestQuoteDiscountOnRecurringCharge: an entry may name a recurring charge;
// its volume is the quantity on the line, and the discount is taken off
// the prorated, rounded line.
func TestQuoteDiscountOnRecurringCharge(t *testing.T) {
	def := telcoPrices(t).Definition()
	def.Discounts = append(def.Discounts, pricing.DiscountPlan{ID: "sms_bundles", Product: "basic_call", Entries: []pricing.DiscountEntry{
		{Charge: "easy_sms_monthly", MinVolume: d("2"), Percent: d("5")}}})
	book := pricing.MustNewBook(def)
	tests := []struct {
		name string
		qty  int
		want []row
	}{
		{"Easy SMS ×2 from 3 Nov: 2 × 2.00 × 28/30 = 3.7333 → 3.73; 5 % = 0.1865 → -0.19", 2, []row{
			{"easy_sms_monthly", "3.73 EUR", "Easy SMS ×2, 3 Nov–30 Nov (28/30 of the month at 4.00 EUR)"},
			{"easy_sms_monthly", "-0.19 EUR", "Basic Call volume discount: 5 % off Easy SMS ×2, 3 Nov–30 Nov (quantity 2 ≥ 2)"},
		}},
		{"Easy SMS ×1: quantity 1 below 2, 2.00 × 28/30 = 1.8667 → 1.87, no discount", 1, []row{
			{"easy_sms_monthly", "1.87 EUR", "Easy SMS, 3 Nov–30 Nov (28/30 of the month at 2.00 EUR)"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms", Quantity: tt.qty, From: day(3)}}}
			q, err := pricing.NewQuote(book, telco(t), acct, nov, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, linesOf(q, "easy_sms_monthly")); diff != "" {
				t.Errorf("Easy SMS lines (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQuoteDiscountRounding rounds a discount line once, with the quote's
// rounding mode, in JPY (no minor unit) and KWD (three places).
func TestQuoteDiscountRounding(t *testing.T) {
	r := telco(t)
	book := func(c pricing.Currency, rate string) *pricing.Book {
		return pricing.MustNewBook(pricing.PriceBook{Currency: c, Charges: []pricing.Charge{
			recurringCharge("basic_call", "1", c), recurringCharge("carnival_200", "1", c),
			usageCharge("br", "basic_call", "minutes_brazil", "minutes_brazil", rate, c),
		}, Discounts: []pricing.DiscountPlan{{ID: "carnival", Product: "carnival_200", Entries: []pricing.DiscountEntry{
			{Charge: "br", MinVolume: d("100"), Percent: d("10")}}}}})
	}
	acct := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "carnival_200"}}}
	tests := []struct {
		name      string
		book      *pricing.Book
		used      string
		mode      pricing.RoundingMode
		wantLine  string
		wantMinus string
	}{
		{"JPY half away: 355 - 200 = 155 × 3 = 465; 10 % = 46.5 → -47", book(pricing.JPY, "3"), "355", pricing.HalfAwayFromZero, "465 JPY", "-47 JPY"},
		{"JPY half even: 46.5 → -46", book(pricing.JPY, "3"), "355", pricing.HalfEven, "465 JPY", "-46 JPY"},
		{"KWD half away: 350 - 200 = 150 × 0.0083 = 1.245; 10 % = 0.1245 → -0.125", book(pricing.KWD, "0.0083"), "350", pricing.HalfAwayFromZero, "1.245 KWD", "-0.125 KWD"},
		{"KWD half even: 0.1245 → -0.124", book(pricing.KWD, "0.0083"), "350", pricing.HalfEven, "1.245 KWD", "-0.124 KWD"},
		{"KWD: the reduction of the rounded line, 350 - 200 = 150 × 0.00833 = 1.2495 → 1.250 (half away); 10 % = -0.125", book(pricing.KWD, "0.00833"), "350", pricing.HalfAwayFromZero, "1.250 KWD", "-0.125 KWD"},
		{"JPY: a reduction that rounds to zero adds no line, 101 billed × 0.04 = 4.04 → 4; 10 % = 0.4 → 0", book(pricing.JPY, "0.04"), "301", pricing.HalfAwayFromZero, "4 JPY", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := pricing.NewQuote(tt.book, r, acct, nov, []pricing.UsageRecord{brazil("b", tt.used)}, pricing.WithRounding(tt.mode))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range q.Lines {
				if l.Charge == "br" {
					got = append(got, l.Amount.String())
				}
			}
			want := []string{tt.wantLine}
			if tt.wantMinus != "" {
				want = append(want, tt.wantMinus)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}
