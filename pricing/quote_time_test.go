package pricing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// startOfDay returns 00:00 on the given day of November 2026.
func startOfDay(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }

func brazilAt(id, n string, at time.Time) pricing.UsageRecord {
	return pricing.UsageRecord{ID: id, Meter: "minutes_brazil", Quantity: d(n), At: at}
}

// withCharges returns the telco quote book with extra charges.
func withCharges(t *testing.T, extra ...pricing.Charge) *pricing.Book {
	t.Helper()
	def := telcoQuoteDef()
	def.Charges = append(def.Charges, extra...)
	b, err := pricing.NewBook(def)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestQuoteUpgradeOn20th: activated on Basic Call on 1 Nov, upgraded to the
// Smart Call plan on 20 Nov with ChangeMain; the account it returns is all
// the quote needs. Each SMS is rated by the product in force when it was
// sent, against that product's allowance for its days.
func TestQuoteUpgradeOn20th(t *testing.T) {
	r := telco(t)
	acct := entitlement.Account{ID: "a", Main: "basic_call", MainFrom: startOfDay(1)}
	acct, _, err := r.ChangeMain(acct, "smart_call_plan", startOfDay(20))
	if err != nil {
		t.Fatal(err)
	}
	usage := []pricing.UsageRecord{sms("before", "100", day(5)), sms("after", "100", day(25))}
	q, err := pricing.NewQuote(telcoQuoteBook(), r, acct, nov, usage)
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		// 1000 × 19/30 = 633.33 → 633 cents, the spare cent to the 11 days after.
		{"basic_call_monthly", "6.33 EUR", "Basic Call, 1 Nov–19 Nov (19/30 of the month at 10.00 EUR)"},
		// 2500 × 11/30 = 916.67 → 917 cents.
		{"smart_call_plan_monthly", "9.17 EUR", "Smart Call, 20 Nov–30 Nov (11/30 of the month at 25.00 EUR)"},
		// Basic Call 50 × 19/30 = 31.67 and Smart Call 100 × 11/30 = 36.67:
		// 68.33 → 68, floors 31 + 36, the spare SMS to the earlier of the
		// equal remainders. 100 - 32 = 68 × 0.05 = 3.40; 100 - 36 = 64 × 0.04 = 2.56.
		{"basic_sms", "3.40 EUR", "SMS, 1 Nov–19 Nov: 100 used, 32 included from Basic Call, 68 × 0.05 EUR"},
		{"smart_sms", "2.56 EUR", "SMS, 20 Nov–30 Nov: 100 used, 36 included from Smart Call, 64 × 0.04 EUR"},
	}
	if diff := cmp.Diff(want, linesOf(q, "basic_call_monthly", "smart_call_plan_monthly", "basic_sms", "smart_sms")); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	for _, l := range q.Lines {
		switch l.Charge {
		case "basic_sms":
			if diff := cmp.Diff([]string{"before"}, l.Records); diff != "" {
				t.Errorf("Basic Call's SMS line rated (-want +got):\n%s", diff)
			}
		case "smart_sms":
			if diff := cmp.Diff([]string{"after"}, l.Records); diff != "" {
				t.Errorf("Smart Call's SMS line rated (-want +got):\n%s", diff)
			}
			if len(l.Allowances) != 1 || l.Allowances[0].Product != "smart_call_plan" || !l.Allowances[0].Units.Equal(d("36")) {
				t.Errorf("Smart Call's SMS line allowances = %+v", l.Allowances)
			}
		}
	}
}

// TestQuoteRatesRecordsByTheChargeInForce covers records whose product was
// not yet, or no longer, assigned.
func TestQuoteRatesRecordsByTheChargeInForce(t *testing.T) {
	r := telco(t)
	carnivalRate := usageCharge("carnival_brazil", "carnival_200", "minutes_brazil", "minutes_brazil", "0.10", pricing.EUR)
	roaming := usageCharge("carnival_roaming", "carnival_200", "roaming_mb", "", "0.01", pricing.EUR)
	with := func(from, until time.Time) entitlement.Account {
		return entitlement.Account{ID: "a", Main: "basic_call",
			AddOns: []entitlement.Assignment{{AddOn: "carnival_200", From: from, Until: until}}}
	}
	tests := []struct {
		name  string
		acct  entitlement.Account
		usage []pricing.UsageRecord
		want  []row
	}{
		{"a call before the add-on's assignment is rated by the main product at its rate: 60 × 0.20 = 12.00; after it, Carnival 200's 200 × 21/30 = 140 minutes cover 60",
			with(day(10), time.Time{}), []pricing.UsageRecord{brazilAt("b1", "60", day(5)), brazilAt("b2", "60", day(15))}, []row{
				{"basic_brazil", "12.00 EUR", "minutes_brazil, 1 Nov–9 Nov: 60 min used, 60 × 0.20 EUR"},
				{"carnival_brazil", "0.00 EUR", "minutes_brazil, 10 Nov–30 Nov: 60 min used of 140 included from Carnival 200"},
			}},
		{"a metered add-on cancelled on 20 Nov keeps the month quotable: its 200 × 19/30 = 127 minutes cover the call of 5 Nov; the call of 25 Nov, 30 × 0.20 = 6.00 at the main product's rate",
			with(time.Time{}, day(20)), []pricing.UsageRecord{brazilAt("b1", "30", day(5)), brazilAt("b2", "30", day(25))}, []row{
				{"basic_brazil", "6.00 EUR", "minutes_brazil, 20 Nov–30 Nov: 30 min used, 30 × 0.20 EUR"},
				{"carnival_brazil", "0.00 EUR", "minutes_brazil, 1 Nov–19 Nov: 30 min used of 127 included from Carnival 200"},
			}},
	}
	book := withCharges(t, carnivalRate, roaming)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := pricing.NewQuote(book, r, tt.acct, nov, tt.usage)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, linesOf(q, "basic_brazil", "carnival_brazil")); diff != "" {
				t.Errorf("Brazil lines (-want +got):\n%s", diff)
			}
		})
	}

	unrated := []struct {
		name   string
		acct   entitlement.Account
		record pricing.UsageRecord
	}{
		{"roaming before the only product that rates it was assigned", with(day(10), time.Time{}),
			pricing.UsageRecord{ID: "early", Meter: "roaming_mb", Quantity: d("5"), At: day(3)}},
		{"roaming after the only product that rates it ended", with(time.Time{}, day(10)),
			pricing.UsageRecord{ID: "late", Meter: "roaming_mb", Quantity: d("5"), At: day(12)}},
		{"usage before the account's activation", entitlement.Account{ID: "a", Main: "basic_call", MainFrom: startOfDay(10)},
			sms("unborn", "1", day(3))},
	}
	for _, tt := range unrated {
		t.Run(tt.name+": *UnratedError naming the record", func(t *testing.T) {
			_, err := pricing.NewQuote(book, r, tt.acct, nov, []pricing.UsageRecord{tt.record})
			var ue *pricing.UnratedError
			if !errors.As(err, &ue) || !errors.Is(err, pricing.ErrUnratedUsage) {
				t.Fatalf("err = %v, want *UnratedError", err)
			}
			if ue.Record != tt.record.ID || ue.Meter != tt.record.Meter || !ue.At.Equal(tt.record.At) {
				t.Errorf("UnratedError = %+v, want record %s", ue, tt.record.ID)
			}
		})
	}
}

// TestQuoteAllowanceOfALatePurchase: Easy SMS bought on 28 Nov gives 3 of
// its 30 days' allowance, unless the charge grants it in full.
func TestQuoteAllowanceOfALatePurchase(t *testing.T) {
	r := telco(t)
	acct := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms", From: startOfDay(28)}}}
	usage := []pricing.UsageRecord{sms("s1", "50", day(10)), sms("s2", "30", day(29))}
	full := telcoQuoteDef()
	for i := range full.Charges {
		if full.Charges[i].ID == "basic_sms" {
			full.Charges[i].Grant = pricing.AllowanceFull
		}
	}
	tests := []struct {
		name string
		book *pricing.Book
		want row
	}{
		{"prorated: 150 × 3/30 = 15 SMS; s1 uses Basic Call's 50, s2 Easy SMS's 15, 15 × 0.05 = 0.75", telcoQuoteBook(),
			row{"basic_sms", "0.75 EUR", "SMS: 80 used, 65 included (50 from Basic Call, 15 from Easy SMS), 15 × 0.05 EUR"}},
		{"in full: Easy SMS's 150 cover s2's 30, nothing billed", pricing.MustNewBook(full),
			row{"basic_sms", "0.00 EUR", "SMS: 80 used of 200 included (50 from Basic Call, 150 from Easy SMS)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := pricing.NewQuote(tt.book, r, acct, nov, usage)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]row{tt.want}, linesOf(q, "basic_sms")); diff != "" {
				t.Errorf("SMS line (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQuotePercentagePerRecord: a percentage price's fixed fee and
// per-transaction bounds apply to each record, not to the period's sum.
func TestQuotePercentagePerRecord(t *testing.T) {
	r := telco(t)
	card := pricing.Charge{ID: "card_fees", Name: "Card payments", Product: "basic_call", Kind: pricing.ChargeUsage, Meter: "card_eur",
		Price: pricing.Price{Model: pricing.ModelPercentage, Currency: pricing.EUR, Percent: d("2.9"), Fixed: d("0.30"), MinFee: upTo("0.50")}}
	book := withCharges(t, card)
	pay := func(id, amount string, dd int) pricing.UsageRecord {
		return pricing.UsageRecord{ID: id, Meter: "card_eur", Quantity: d(amount), At: day(dd)}
	}
	var ten []pricing.UsageRecord
	for i := range 10 {
		ten = append(ten, pay(string(rune('a'+i)), "1", 1+i))
	}
	tests := []struct {
		name  string
		usage []pricing.UsageRecord
		want  row
	}{
		{"10 payments of 1 EUR: each 0.029 + 0.30 = 0.329, raised to 0.50; 10 × 0.50 = 5.00, not 0.59", ten,
			row{"card_fees", "5.00 EUR", "Card payments: 10 used, 10 × (2.9 % + 0.30 EUR, at least 0.50 EUR) on 10"}},
		{"1 EUR and 100 EUR: 0.50 + (2.90 + 0.30) = 3.70", []pricing.UsageRecord{pay("p1", "1", 3), pay("p2", "100", 4)},
			row{"card_fees", "3.70 EUR", "Card payments: 101 used, 2 × (2.9 % + 0.30 EUR, at least 0.50 EUR) on 101"}},
		{"no payment: nothing", nil, row{"card_fees", "0.00 EUR", "Card payments: 0 used"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := entitlement.Account{ID: "a", Main: "basic_call"}
			q, err := pricing.NewQuote(book, r, acct, nov, tt.usage)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]row{tt.want}, linesOf(q, "card_fees")); diff != "" {
				t.Errorf("card line (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQuoteAggregations: count, max and last, as metering systems define
// them.
func TestQuoteAggregations(t *testing.T) {
	r := telco(t)
	charge := func(id, product string, agg pricing.Aggregation, rate string) pricing.Charge {
		ch := usageCharge(id, product, id, "", rate, pricing.EUR)
		ch.Aggregate = agg
		return ch
	}
	book := withCharges(t,
		charge("api_calls", "basic_call", pricing.AggregateCount, "0.01"),
		charge("peak_gb", "basic_call", pricing.AggregateMax, "1.00"),
		charge("end_gb", "basic_call", pricing.AggregateLast, "1.00"),
		charge("carnival_gb", "carnival_200", pricing.AggregateMax, "1.00"),
	)
	rec := func(id, meter, n string, dd int) pricing.UsageRecord {
		return pricing.UsageRecord{ID: id, Meter: meter, Quantity: d(n), At: day(dd)}
	}
	acct := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "carnival_200", From: startOfDay(16)}}}
	usage := []pricing.UsageRecord{
		rec("c1", "api_calls", "5", 2), rec("c2", "api_calls", "7", 3),
		rec("m1", "peak_gb", "3", 2), rec("m2", "peak_gb", "7", 9), rec("m3", "peak_gb", "5", 20),
		rec("l1", "end_gb", "3", 2), rec("l2", "end_gb", "7", 9), rec("l3", "end_gb", "5", 20),
		rec("g1", "carnival_gb", "6", 20),
	}
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		// Two records, whatever their quantities: 2 × 0.01.
		{"api_calls", "0.02 EUR", "api_calls: 2 records, 2 × 0.01 EUR"},
		// The highest reading: 7 × 1.00.
		{"peak_gb", "7.00 EUR", "peak_gb: peak 7, 7 × 1.00 EUR"},
		// The latest reading: 5 × 1.00.
		{"end_gb", "5.00 EUR", "end_gb: last reading 5, 5 × 1.00 EUR"},
		// A level over 16–30 Nov is 15 of 30 days of its rate: 6.00 × 15/30 = 3.00.
		{"carnival_gb", "3.00 EUR", "carnival_gb, 16 Nov–30 Nov: peak 6, 6 × 1.00 EUR (15/30 of the period at 6.00 EUR)"},
	}
	if diff := cmp.Diff(want, linesOf(q, "api_calls", "peak_gb", "end_gb", "carnival_gb")); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

// TestPeriodReversedOrEmpty: a period whose end is not after its start is
// refused wherever a period is accepted.
func TestPeriodReversedOrEmpty(t *testing.T) {
	r := telco(t)
	book := telcoQuoteBook()
	acct := entitlement.Account{ID: "a", Main: "basic_call"}
	cfg, err := r.Resolve(acct, day(5))
	if err != nil {
		t.Fatal(err)
	}
	ten := pricing.MustParseMoney("10.00", "EUR")
	monthly, _ := book.Charge("basic_call_monthly")
	periods := []struct {
		name string
		p    pricing.Period
	}{
		{"reversed: 1 Dec to 1 Nov", pricing.Period{Start: nov.End, End: nov.Start}},
		{"empty: 1 Nov to 1 Nov", pricing.Period{Start: nov.Start, End: nov.Start}},
		{"within one day: 1 Nov 00:00 to 09:00", pricing.Period{Start: nov.Start, End: day(1)}},
		{"zero", pricing.Period{}},
	}
	for _, pp := range periods {
		t.Run(pp.name, func(t *testing.T) {
			if n := pp.p.Days(); n != 0 {
				t.Errorf("Days() = %d, want 0", n)
			}
			calls := map[string]error{
				"Validate": pp.p.Validate(),
			}
			_, calls["NewQuote"] = pricing.NewQuote(book, r, acct, pp.p, nil)
			_, calls["Rate"] = pricing.Rate(usageCharge("c", "basic_call", "SMS", "", "0.05", pricing.EUR), cfg, nil, pp.p)
			_, calls["Split"] = pricing.Split(ten, pp.p)
			_, calls["Prorate"] = pricing.Prorate(ten, pp.p, pp.p.Start, pp.p.End)
			_, calls["Fraction"] = pricing.Fraction(pp.p, pp.p.Start, pp.p.End)
			_, calls["ProrateChange"] = pricing.ProrateChange(monthly, monthly, pp.p, pp.p.Start, pricing.Immediate)
			_, calls["RankUpgrades"] = pricing.RankUpgrades(book, acct, nil, pp.p, pp.p.Start)
			for call, err := range calls {
				if !errors.Is(err, pricing.ErrInvalidPeriod) {
					t.Errorf("%s: err = %v, want ErrInvalidPeriod", call, err)
				}
			}
		})
	}
}

// TestQuoteRefusesWhatItCannotPrice: a book not built by NewBook and a
// charge Rate cannot rate are refused, not quoted as nothing.
func TestQuoteRefusesWhatItCannotPrice(t *testing.T) {
	r := telco(t)
	acct := entitlement.Account{ID: "a", Main: "basic_call"}
	if _, err := pricing.NewQuote(&pricing.Book{}, r, acct, nov, nil); !errors.Is(err, pricing.ErrInvalidQuote) || !errors.Is(err, pricing.ErrNoBook) {
		t.Errorf("zero book: err = %v, want ErrInvalidQuote and ErrNoBook", err)
	}
	cfg, err := r.Resolve(acct, day(5))
	if err != nil {
		t.Fatal(err)
	}
	bad := []pricing.Charge{
		recurringCharge("basic_call", "10.00", pricing.EUR),
		func() pricing.Charge {
			c := usageCharge("c", "basic_call", "SMS", "", "0.05", pricing.EUR)
			c.Aggregate = pricing.Aggregation(9)
			return c
		}(),
		func() pricing.Charge {
			c := usageCharge("c", "basic_call", "SMS", "sms_included", "0.05", pricing.EUR)
			c.Grant = pricing.AllowanceGrant(9)
			return c
		}(),
	}
	for _, ch := range bad {
		if _, err := pricing.Rate(ch, cfg, []pricing.UsageRecord{sms("s", "1", day(3))}, nov); !errors.Is(err, pricing.ErrInvalidQuote) {
			t.Errorf("Rate(%s, aggregate %d, grant %d): err = %v, want ErrInvalidQuote", ch.ID, ch.Aggregate, ch.Grant, err)
		}
	}
}
