package pricing_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// row is a line reduced to what a test checks.
type row struct {
	Charge      string
	Amount      string
	Description string
}

func rows(q pricing.Quote) []row {
	var out []row
	for _, l := range q.Lines {
		out = append(out, row{l.Charge, l.Amount.String(), l.Description})
	}
	return out
}

// TestQuoteTelcoMonth: John is on Basic Call all month with Carnival 200,
// buys Easy SMS twice on 3 Nov, and sends 400 SMS and calls Brazil for 230
// minutes.
func TestQuoteTelcoMonth(t *testing.T) {
	r := telco(t)
	john := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{
		{AddOn: "easy_sms", Quantity: 2, From: day(3)},
		{AddOn: "carnival_200"},
	}}
	usage := []pricing.UsageRecord{
		sms("s1", "150", day(2)), sms("s2", "250", day(20)),
		{ID: "b1", Meter: "minutes_brazil", Quantity: d("230"), At: day(25)},
		sms("late", "999", nov.End), // the next period's
	}
	q, err := pricing.NewQuote(telcoQuoteBook(), r, john, nov, usage)
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		{"basic_call_monthly", "10.00 EUR", "Basic Call, 1 Nov–30 Nov"},
		{"carnival_200_monthly", "7.50 EUR", "Carnival 200, 1 Nov–30 Nov"},
		// 2 × 3.00 = 6.00 a month; 3 Nov–30 Nov is 28 days: 600 × 28/30 = 560 cents exactly.
		{"easy_sms_monthly", "5.60 EUR", "Easy SMS ×2, 3 Nov–30 Nov (28/30 of the month at 6.00 EUR)"},
		{"easy_sms_setup", "2.00 EUR", "Easy SMS ×2: one-time charge, 3 Nov"},
		// Each record at its instant. s1 (2 Nov) meets Basic Call's 50 alone:
		// 100 billed. Easy SMS gives 2 × 150 = 300 prorated over 3–30 Nov,
		// 300 × 28/30 = 280; s2 (20 Nov) takes 250 of them. 100 × 0.05 = 5.00.
		{"basic_sms", "5.00 EUR", "SMS: 400 used, 300 included (50 from Basic Call, 250 from Easy SMS), 100 × 0.05 EUR"},
		// Carnival 200 includes 200 minutes; 30 × 0.20 = 6.00.
		{"basic_brazil", "6.00 EUR", "minutes_brazil: 230 min used, 200 included from Carnival 200, 30 × 0.20 EUR"},
	}
	if diff := cmp.Diff(want, rows(q)); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	// 10 + 7.50 + 5.60 + 2.00 + 5.00 + 6.00 = 36.10
	if diff := cmp.Diff([]string{"36.10 EUR"}, moneyStrings(q.Totals)); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
	sms := q.Lines[4]
	if !sms.Quantity.Equal(d("400")) || !sms.Included.Equal(d("300")) || sms.Kind != pricing.ChargeUsage || sms.Model != pricing.ModelPerUnit {
		t.Errorf("SMS line = %+v", sms)
	}
	if diff := cmp.Diff([]string{"s1", "s2"}, sms.Records); diff != "" {
		t.Errorf("SMS line records (-want +got):\n%s", diff)
	}
	easy := q.Lines[2]
	if easy.Days != 28 || easy.PeriodDays != 30 || !easy.Fraction.Equal(d("0.933333")) || !easy.Quantity.Equal(d("2")) {
		t.Errorf("Easy SMS line = %+v", easy)
	}
}

func moneyStrings(ms []pricing.Money) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.String())
	}
	return out
}

// TestQuoteZeroAndThreeDecimalCurrencies rounds lines in JPY (no minor
// unit) and KWD (three places), half away from zero by default and half
// even on request.
func TestQuoteZeroAndThreeDecimalCurrencies(t *testing.T) {
	r := telco(t)
	acct := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms", From: day(3)}}}
	book := func(c pricing.Currency, main, easy, rate string) *pricing.Book {
		return pricing.MustNewBook(pricing.PriceBook{Currency: c, Charges: []pricing.Charge{
			recurringCharge("basic_call", main, c), recurringCharge("easy_sms", easy, c),
			usageCharge("basic_sms", "basic_call", "SMS", "sms_included", rate, c),
		}})
	}
	// 50 + 150 × 28/30 = 190 SMS included on 10 Nov; 243 sent: 53 billed.
	usage := []pricing.UsageRecord{sms("s", "243", day(10))}
	tests := []struct {
		name  string
		book  *pricing.Book
		mode  pricing.RoundingMode
		want  []string
		total string
	}{
		// 500 × 28/30: 466 r20 for 28 days, 33 r10 for the 2 before; the spare
		// yen to the larger remainder: 467. 53 × 0.5 = 26.5 → 27 half away.
		{"JPY half away from zero: 1000 + 467 + 27 = 1494", book(pricing.JPY, "1000", "500", "0.5"), pricing.HalfAwayFromZero,
			[]string{"1000 JPY", "467 JPY", "27 JPY"}, "1494 JPY"},
		{"JPY half even: 26.5 → 26, total 1493", book(pricing.JPY, "1000", "500", "0.5"), pricing.HalfEven,
			[]string{"1000 JPY", "467 JPY", "26 JPY"}, "1493 JPY"},
		// 1.100 × 28/30: 1100 fils × 28 = 30800 / 30 = 1026 r20; 2 days: 73 r10;
		// spare fils to the 28 days: 1.027. 53 × 0.0125 = 0.6625 → 0.663.
		{"KWD half away from zero: 3.250 + 1.027 + 0.663 = 4.940", book(pricing.KWD, "3.250", "1.100", "0.0125"), pricing.HalfAwayFromZero,
			[]string{"3.250 KWD", "1.027 KWD", "0.663 KWD"}, "4.940 KWD"},
		{"KWD half even: 0.6625 → 0.662, total 4.939", book(pricing.KWD, "3.250", "1.100", "0.0125"), pricing.HalfEven,
			[]string{"3.250 KWD", "1.027 KWD", "0.662 KWD"}, "4.939 KWD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := pricing.NewQuote(tt.book, r, acct, nov, usage, pricing.WithRounding(tt.mode))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range q.Lines {
				got = append(got, l.Amount.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{tt.total}, moneyStrings(q.Totals)); diff != "" {
				t.Errorf("totals (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQuoteMainChangeMidPeriod: activated on Basic Call at 09:00 on 1 Nov,
// upgraded to the Smart Call plan on 11 Nov; Easy SMS, bought on 5 Nov,
// stays through the change and is billed as one line.
func TestQuoteMainChangeMidPeriod(t *testing.T) {
	r := telco(t)
	basic := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms", From: day(5)}}}
	smart, _, err := r.ChangeMain(basic, "smart_call_plan", day(11))
	if err != nil {
		t.Fatal(err)
	}
	history := []pricing.Segment{{From: day(1), Account: basic}, {From: day(11), Account: smart}}
	q, err := pricing.QuoteHistory(telcoQuoteBook(), r, history, nov, []pricing.UsageRecord{sms("s", "300", day(20))})
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		// 1000 × 10/30 = 333 r10; the 20 days after get 666 r20 and the spare cent.
		{"basic_call_monthly", "3.33 EUR", "Basic Call, 1 Nov–10 Nov (10/30 of the month at 10.00 EUR)"},
		// 2500 × 20/30 = 1666 r20, the 10 days before 833 r10: 16.67.
		{"smart_call_plan_monthly", "16.67 EUR", "Smart Call, 11 Nov–30 Nov (20/30 of the month at 25.00 EUR)"},
		// 300 × 26/30 = 260 cents exactly.
		{"easy_sms_monthly", "2.60 EUR", "Easy SMS, 5 Nov–30 Nov (26/30 of the month at 3.00 EUR)"},
		{"basic_call_setup", "5.00 EUR", "Basic Call: one-time charge, 1 Nov"},
		{"easy_sms_setup", "1.00 EUR", "Easy SMS: one-time charge, 5 Nov"},
		// Each product's SMS allowance is prorated by its days: Basic Call
		// 50 × 10/30 = 16.67, Easy SMS 150 × 26/30 = 130, Smart Call
		// 100 × 20/30 = 66.67; together 213.33 → 213, the spare unit to the
		// larger remainder, Basic Call's (17). The record of 20 Nov is rated
		// by the Smart Call plan's charge and may use Easy SMS's 130 and
		// Smart Call's 66, not Basic Call's: 104 × 0.04 = 4.16.
		{"basic_sms", "0.00 EUR", "SMS, 1 Nov–10 Nov: 0 used of 147 included (17 from Basic Call, 130 from Easy SMS)"},
		{"basic_brazil", "0.00 EUR", "minutes_brazil, 1 Nov–10 Nov: 0 min used"},
		{"smart_sms", "4.16 EUR", "SMS, 11 Nov–30 Nov: 300 used, 196 included (130 from Easy SMS, 66 from Smart Call), 104 × 0.04 EUR"},
		{"smart_brazil", "0.00 EUR", "minutes_brazil, 11 Nov–30 Nov: 0 min used"},
	}
	if diff := cmp.Diff(want, rows(q)); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	// 3.33 + 16.67 = 20.00: what the invoice in advance (10.00), the credit
	// (-6.67) and the new charge (16.67) of ProrateChange add up to.
	if got := q.Total(pricing.EUR); !got.Equal(money("32.76", pricing.EUR)) {
		t.Errorf("total = %s, want 32.76 (3.33 + 16.67 + 2.60 + 5 + 1 + 4.16)", got)
	}
}

func TestQuoteCommitmentTrueUp(t *testing.T) {
	r := telco(t)
	def := telcoQuoteDef()
	for i := range def.Charges {
		if def.Charges[i].ID == "basic_sms" {
			def.Charges[i].Price.Minimum = upTo("5.00")
		}
	}
	book := pricing.MustNewBook(def)
	acct := entitlement.Account{ID: "a", Main: "basic_call"}
	tests := []struct {
		name string
		sent string
		want []row
	}{
		{"70 SMS: 20 × 0.05 = 1.00, true-up 4.00 to the 5.00 minimum", "70", []row{
			{"basic_sms", "1.00 EUR", "SMS: 70 used, 50 included from Basic Call, 20 × 0.05 EUR"},
			{"basic_sms", "4.00 EUR", "SMS: minimum commitment 5.00 EUR, usage charged 1.00 EUR, true-up"},
		}},
		{"no SMS at all: 0.00, true-up 5.00", "0", []row{
			{"basic_sms", "0.00 EUR", "SMS: 0 used of 50 included from Basic Call"},
			{"basic_sms", "5.00 EUR", "SMS: minimum commitment 5.00 EUR, usage charged 0.00 EUR, true-up"},
		}},
		{"250 SMS: 200 × 0.05 = 10.00 meets the minimum, no true-up", "250", []row{
			{"basic_sms", "10.00 EUR", "SMS: 250 used, 50 included from Basic Call, 200 × 0.05 EUR"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := pricing.NewQuote(book, r, acct, nov, []pricing.UsageRecord{sms("s", tt.sent, day(4))})
			if err != nil {
				t.Fatal(err)
			}
			var got []row
			for _, l := range q.Lines {
				if l.Charge == "basic_sms" {
					got = append(got, row{l.Charge, l.Amount.String(), l.Description})
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SMS lines (-want +got):\n%s", diff)
			}
			if tl := q.Lines[len(q.Lines)-1]; len(tt.want) == 2 && !q.Lines[len(q.Lines)-2].TrueUp && !tl.TrueUp {
				t.Error("no line is marked as the true-up")
			}
		})
	}
}

func TestRateAgainstAllowances(t *testing.T) {
	r := telco(t)
	graduated := pricing.Charge{ID: "sms_tiers", Product: "basic_call", Kind: pricing.ChargeUsage, Meter: "SMS", Allowance: "sms_included",
		Price: pricing.Price{Model: pricing.ModelGraduated, Currency: pricing.EUR, Tiers: []pricing.Tier{
			{UpTo: upTo("100"), Unit: d("0.10")}, {Unit: d("0.05")}}}}
	named := func(ch pricing.Charge, name string) pricing.Charge { ch.Name = name; return ch }
	tests := []struct {
		name     string
		acct     entitlement.Account
		ch       pricing.Charge
		sent     []string
		want     string
		wantIncl string
		wantDesc string
	}{
		{"under the allowance: 40 of 50 included, nothing billed", entitlement.Account{Main: "basic_call"},
			usageCharge("c", "basic_call", "SMS", "sms_included", "0.05", pricing.EUR), []string{"40"}, "0.00 EUR", "40", "SMS: 40 used of 50 included from Basic Call"},
		{"exactly the allowance: 50 included, nothing billed", entitlement.Account{Main: "basic_call"},
			usageCharge("c", "basic_call", "SMS", "sms_included", "0.05", pricing.EUR), []string{"20", "30"}, "0.00 EUR", "50", "SMS: 50 used of 50 included from Basic Call"},
		{"an add-on's allowance adds up: 50 + 3×150 = 500 included of 510, 10 × 0.05 = 0.50",
			entitlement.Account{Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms", Quantity: 3}}},
			usageCharge("c", "basic_call", "SMS", "sms_included", "0.05", pricing.EUR), []string{"510"}, "0.50 EUR", "500", "SMS: 510 used, 500 included (50 from Basic Call, 450 from Easy SMS), 10 × 0.05 EUR"},
		{"no allowance attribute: everything billed, 7 × 0.05 = 0.35", entitlement.Account{Main: "basic_call"},
			usageCharge("c", "basic_call", "SMS", "", "0.05", pricing.EUR), []string{"7"}, "0.35 EUR", "0", "SMS: 7 used, 7 × 0.05 EUR"},
		{"allowance attribute without a value counts 0: no Brazil minutes without Carnival", entitlement.Account{Main: "basic_call"},
			usageCharge("c", "basic_call", "SMS", "minutes_brazil", "0.20", pricing.EUR), []string{"10"}, "2.00 EUR", "0", "SMS: 10 min used, 10 × 0.20 EUR"},
		{"graduated after the allowance: 300 - 50 = 250 billed, 100 × 0.10 + 150 × 0.05 = 17.50", entitlement.Account{Main: "basic_call"},
			graduated, []string{"300"}, "17.50 EUR", "50", "SMS: 300 used, 50 included from Basic Call, 100 × 0.10 EUR (tier 1) + 150 × 0.05 EUR (tier 2)"},
		{"a named charge is described by its name", entitlement.Account{Main: "basic_call"},
			named(usageCharge("c", "basic_call", "SMS", "sms_included", "0.05", pricing.EUR), "Domestic SMS"), []string{"60"}, "0.50 EUR", "50",
			"Domestic SMS: 60 used, 50 included from Basic Call, 10 × 0.05 EUR"},
		{"a charge with neither name nor meter is described by its ID", entitlement.Account{Main: "basic_call"},
			usageCharge("sms_rate", "basic_call", "", "sms_included", "0.05", pricing.EUR), nil, "0.00 EUR", "0",
			"sms_rate: 0 used of 50 included from Basic Call"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := r.Resolve(tt.acct, day(15))
			if err != nil {
				t.Fatal(err)
			}
			var recs []pricing.UsageRecord
			for i, n := range tt.sent {
				recs = append(recs, sms(string(rune('a'+i)), n, day(10+i)))
			}
			lines, err := pricing.Rate(tt.ch, cfg, recs, nov)
			if err != nil {
				t.Fatal(err)
			}
			l := lines[0]
			if l.Amount.String() != tt.want || !l.Included.Equal(d(tt.wantIncl)) || l.Description != tt.wantDesc {
				t.Errorf("line = %s, included %s, %q; want %s, %s, %q", l.Amount, l.Included, l.Description, tt.want, tt.wantIncl, tt.wantDesc)
			}
		})
	}
}

func TestQuoteErrors(t *testing.T) {
	r := telco(t)
	basic := entitlement.Account{ID: "a", Main: "basic_call"}
	noMailboxDef := telcoQuoteDef()
	noMailboxDef.Charges = noMailboxDef.Charges[:len(noMailboxDef.Charges)-1]
	noMailbox := pricing.MustNewBook(noMailboxDef)
	yearlyDef := telcoQuoteDef()
	yearlyDef.Charges[0].Period = pricing.BillingPeriod{Unit: pricing.PeriodYear}
	yearly := pricing.MustNewBook(yearlyDef)
	withMailbox := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "mailbox_plus"}},
		Facts: map[string]decimal.Decimal{"arpu": d("40")}}
	tests := []struct {
		name    string
		book    *pricing.Book
		acct    entitlement.Account
		usage   []pricing.UsageRecord
		wantErr error
	}{
		{"assigned product without a charge: unpriced", noMailbox, withMailbox, nil, pricing.ErrUnpriced},
		{"a product declared free needs no charge", withFree(noMailboxDef, "mailbox_plus"), withMailbox, nil, nil},
		{"yearly charge in a monthly quote: period mismatch", yearly, basic, nil, pricing.ErrPeriodMismatch},
		{"usage of a meter nothing rates: unrated", telcoQuoteBook(), basic, []pricing.UsageRecord{{ID: "x", Meter: "MMS", Quantity: d("1"), At: day(3)}}, pricing.ErrUnratedUsage},
		{"negative usage: invalid", telcoQuoteBook(), basic, []pricing.UsageRecord{sms("x", "-1", day(3))}, pricing.ErrInvalidUsage},
		{"the same record twice: invalid", telcoQuoteBook(), basic, []pricing.UsageRecord{sms("x", "1", day(3)), sms("x", "1", day(3))}, pricing.ErrInvalidUsage},
		{"the same record ID among 100, far apart: invalid", telcoQuoteBook(), basic, manySMS(100, "r3", "r97"), pricing.ErrInvalidUsage},
		{"100 records with distinct IDs or none: valid", telcoQuoteBook(), basic, manySMS(100, "", "", "", ""), nil},
		{"no book: invalid request", nil, basic, nil, pricing.ErrInvalidQuote},
		{"conflicting add-ons: the resolver's error", telcoQuoteBook(), entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{
			{AddOn: "unconditional_forwarding"}, {AddOn: "advanced_forwarding"}}}, nil, entitlement.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pricing.NewQuote(tt.book, r, tt.acct, nov, tt.usage)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
	var ue *pricing.UnpricedError
	if _, err := pricing.NewQuote(noMailbox, r, withMailbox, nov, nil); !errors.As(err, &ue) || ue.Product != "mailbox_plus" {
		t.Errorf("err = %v, want *UnpricedError naming mailbox_plus", err)
	}
	_, err := pricing.QuoteHistory(telcoQuoteBook(), r, []pricing.Segment{{From: day(5), Account: basic}, {From: day(5), Account: basic}}, nov, nil)
	if !errors.Is(err, pricing.ErrInvalidQuote) {
		t.Errorf("history out of order: err = %v", err)
	}
}

// manySMS returns n one-SMS records with IDs r0, r1, ... of which the
// first len(ids) have the given IDs instead.
func manySMS(n int, ids ...string) []pricing.UsageRecord {
	out := make([]pricing.UsageRecord, n)
	for i := range out {
		id := fmt.Sprint("r", i)
		if i < len(ids) {
			id = ids[i]
		}
		out[i] = sms(id, "1", day(1+i%30))
	}
	return out
}

func withFree(def pricing.PriceBook, products ...string) *pricing.Book {
	def.Free = append(append([]string(nil), def.Free...), products...)
	return pricing.MustNewBook(def)
}

// TestQuoteIndependentOfAssignmentOrder: listing the same assignments in
// another order gives the same lines.
func TestQuoteIndependentOfAssignmentOrder(t *testing.T) {
	r := telco(t)
	asg := []entitlement.Assignment{
		{AddOn: "easy_sms", From: day(3)}, {AddOn: "carnival_200", From: day(8), Until: day(20)},
		{AddOn: "easy_sms", From: day(10)}, {AddOn: "smart_call"},
	}
	rev := []entitlement.Assignment{asg[3], asg[2], asg[1], asg[0]}
	a, err1 := pricing.NewQuote(telcoQuoteBook(), r, entitlement.Account{Main: "basic_call", AddOns: asg}, nov, nil)
	b, err2 := pricing.NewQuote(telcoQuoteBook(), r, entitlement.Account{Main: "basic_call", AddOns: rev}, nov, nil)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if diff := cmp.Diff(rows(a), rows(b)); diff != "" {
		t.Errorf("order matters (-asg +reversed):\n%s", diff)
	}
}
