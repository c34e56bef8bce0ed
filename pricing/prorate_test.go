package pricing_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/pricing"
)

func TestFraction(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	oct := pricing.Period{Start: time.Date(2026, 10, 1, 0, 0, 0, 0, berlin), End: time.Date(2026, 11, 1, 0, 0, 0, 0, berlin)}
	tests := []struct {
		name        string
		p           pricing.Period
		from, until time.Time
		want        pricing.Ratio
		wantDec     string
	}{
		{"whole month: 30/30", nov, nov.Start, nov.End, pricing.Ratio{Days: 30, PeriodDays: 30}, "1"},
		{"from 09:00 on the 3rd: the 3rd counts, 28/30", nov, day(3), nov.End, pricing.Ratio{Days: 28, PeriodDays: 30}, "0.933333"},
		{"20 of 30 days left from the 11th", nov, day(11), nov.End, pricing.Ratio{Days: 20, PeriodDays: 30}, "0.666667"},
		{"until 09:00 on the 20th: the 20th does not count, 1st–19th = 19/30", nov, nov.Start, day(20), pricing.Ratio{Days: 19, PeriodDays: 30}, "0.633333"},
		{"same day: 0/30", nov, day(5), day(5).Add(3 * time.Hour), pricing.Ratio{Days: 0, PeriodDays: 30}, "0"},
		{"clamped to the period", nov, nov.Start.AddDate(0, -1, 0), nov.End.AddDate(0, 1, 0), pricing.Ratio{Days: 30, PeriodDays: 30}, "1"},
		{"until before from: 0", nov, day(20), day(10), pricing.Ratio{Days: 0, PeriodDays: 30}, "0"},
		{"October with the DST change still has 31 days", oct, oct.Start, oct.End, pricing.Ratio{Days: 31, PeriodDays: 31}, "1"},
		{"days after the DST change count whole: 25 Oct–31 Oct = 7/31", oct, time.Date(2026, 10, 25, 0, 0, 0, 0, berlin), oct.End, pricing.Ratio{Days: 7, PeriodDays: 31}, "0.225806"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pricing.Fraction(tt.p, tt.from, tt.until)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Fraction = %s, want %s", got, tt.want)
			}
			if !got.Decimal(6).Equal(d(tt.wantDec)) {
				t.Errorf("Decimal(6) = %s, want %s", got.Decimal(6), tt.wantDec)
			}
		})
	}
	if _, err := pricing.Fraction(pricing.Period{Start: day(1), End: day(1).Add(time.Hour)}, day(1), day(1)); !errors.Is(err, pricing.ErrInvalidPeriod) {
		t.Errorf("period within one day: err = %v, want ErrInvalidPeriod", err)
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name    string
		amount  pricing.Money
		cuts    []time.Time
		want    []string
		wantErr error
	}{
		{"no cut: the whole", money("10.00", pricing.EUR), nil, []string{"10.00"}, nil},
		{"thirds: 1000 cents = 333 r10 ×3, the first extra cent to the earliest", money("10.00", pricing.EUR), []time.Time{day(11), day(21)}, []string{"3.34", "3.33", "3.33"}, nil},
		{"10 and 20 days: 333 r10 and 666 r20, the extra cent to the larger remainder", money("10.00", pricing.EUR), []time.Time{day(11)}, []string{"3.33", "6.67"}, nil},
		{"JPY 1000 over 10/20 days: 333 and 667", money("1000", pricing.JPY), []time.Time{day(11)}, []string{"333", "667"}, nil},
		{"KWD 1.000 in thirds: 0.334 + 0.333 + 0.333", money("1", pricing.KWD), []time.Time{day(11), day(21)}, []string{"0.334", "0.333", "0.333"}, nil},
		{"credit -10.00 over 10/20 days mirrors the charge", money("-10.00", pricing.EUR), []time.Time{day(11)}, []string{"-3.33", "-6.67"}, nil},
		{"two cuts on one day: a part of zero days", money("9.00", pricing.EUR), []time.Time{day(11), day(11).Add(time.Hour)}, []string{"3.00", "0.00", "6.00"}, nil},
		{"cuts out of order refused", money("9.00", pricing.EUR), []time.Time{day(21), day(11)}, nil, pricing.ErrInvalidCut},
		{"cut after the period refused", money("9.00", pricing.EUR), []time.Time{nov.End.Add(time.Hour)}, nil, pricing.ErrInvalidCut},
		{"sub-cent amount refused", money("9.005", pricing.EUR), []time.Time{day(11)}, nil, pricing.ErrNotMinorUnits},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := pricing.Split(tt.amount, nov, tt.cuts...)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			var got []string
			for _, p := range parts {
				got = append(got, p.Amount().StringFixed(tt.amount.Currency().MinorUnit()))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestProrateChange(t *testing.T) {
	basic := recurringCharge("basic_call", "10.00", pricing.EUR)
	smart := recurringCharge("smart_call_plan", "25.00", pricing.EUR)
	isUpgrade := func(old, new pricing.Charge) bool { return new.Price.Amount.Cmp(old.Price.Amount) > 0 }
	rule := pricing.UpgradesNow(isUpgrade)
	tests := []struct {
		name     string
		old, new pricing.Charge
		at       time.Time
		want     []string // amounts
		wantFrac string
		wantErr  error
	}{
		// 20 of 30 days left (11 Nov–30 Nov). Old: 1000 cents × 20/30 = 666 r20, the
		// 10 days used 333 r10, the spare cent to the larger remainder: credit -6.67.
		// New: 2500 × 20/30 = 1666 r20, 2500 × 10/30 = 833 r10: charge 16.67.
		{"upgrade with 20 of 30 days left: credit -6.67 (10.00×20/30), charge 16.67 (25.00×20/30)", basic, smart, day(11), []string{"-6.67", "16.67"}, "0.666667", nil},
		// 29 of 30 days: 1000×29/30 = 966 r20, 1000×1/30 = 33 r10: credit -9.67;
		// 2500×29/30 = 2416 r20, 2500/30 = 83 r10: 24.17.
		{"upgrade on the 2nd, 29/30 left: credit -9.67, charge 24.17", basic, smart, day(2), []string{"-9.67", "24.17"}, "0.966667", nil},
		{"upgrade on the 1st: the whole period, credit -10.00, charge 25.00", basic, smart, nov.Start, []string{"-10.00", "25.00"}, "1", nil},
		{"downgrade: at end of term, no lines this period", smart, basic, day(11), nil, "", nil},
		{"change outside the period refused", basic, smart, nov.End, nil, "", pricing.ErrInvalidCut},
		{"one-time charge refused", basic, oneTime("smart_call_plan", "5", pricing.EUR), day(11), nil, "", pricing.ErrInvalidChange},
		{"currencies differ: refused", basic, recurringCharge("x", "1", pricing.USD), day(11), nil, "", pricing.ErrInvalidChange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := pricing.ProrateChange(tt.old, tt.new, nov, tt.at, rule(tt.old, tt.new))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			var got []string
			for _, l := range lines {
				got = append(got, l.Amount.Amount().StringFixed(2))
				if !l.Fraction.Equal(d(tt.wantFrac)) {
					t.Errorf("%s: fraction %s, want %s", l.Description, l.Fraction, tt.wantFrac)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("amounts (-want +got):\n%s", diff)
			}
		})
	}
	lines, _ := pricing.ProrateChange(basic, smart, nov, day(11), pricing.Immediate)
	for i, want := range []string{
		"Credit for unused basic_call, 11 Nov–30 Nov (20/30 of the month at 10.00 EUR)",
		"smart_call_plan, 11 Nov–30 Nov (20/30 of the month at 25.00 EUR)",
	} {
		if lines[i].Description != want {
			t.Errorf("line %d: %q, want %q", i, lines[i].Description, want)
		}
	}
	// Days are read in the period's location: in Auckland (UTC+13), 23:30
	// on 24 Oct UTC is 25 Oct, and October keeps 31 days over its DST change.
	if auckland, err := time.LoadLocation("Pacific/Auckland"); err == nil {
		oct := pricing.Period{Start: time.Date(2026, 10, 1, 0, 0, 0, 0, auckland), End: time.Date(2026, 11, 1, 0, 0, 0, 0, auckland)}
		basicOct := basic
		basicOct.Price.Amount = d("31.00")
		lines, _ := pricing.ProrateChange(basicOct, smart, oct, time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC), pricing.Immediate)
		if want := "Credit for unused basic_call, 25 Oct–31 Oct (7/31 of the month at 31.00 EUR)"; len(lines) == 0 || lines[0].Description != want {
			t.Errorf("Auckland: %v, want %q first", lines, want)
		}
	}
	// What was invoiced in advance (10.00), less the credit, plus the new
	// charge, is what the period costs: 10.00 - 6.67 + 16.67 = 20.00, the
	// quote of the same history (TestQuoteMainChangeMidPeriod).
	if got, _ := money("10.00", pricing.EUR).Add(lines[0].Amount); !got.Equal(money("3.33", pricing.EUR)) {
		t.Errorf("used part = %s, want 3.33", got)
	}
}

func TestBillingPeriodEnd(t *testing.T) {
	tests := []struct {
		name  string
		bp    pricing.BillingPeriod
		start time.Time
		want  time.Time
	}{
		{"a month from 1 Nov is 1 Dec", monthly, nov.Start, nov.End},
		{"a month from 31 Jan is 28 Feb (clamped, not 3 Mar)", monthly, time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)},
		{"a year from 29 Feb 2028 is 28 Feb 2029", pricing.BillingPeriod{Unit: pricing.PeriodYear}, time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2029, 2, 28, 0, 0, 0, 0, time.UTC)},
		{"3 months from 30 Nov is 28 Feb", pricing.BillingPeriod{Unit: pricing.PeriodMonth, Count: 3}, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC)},
		{"2 weeks", pricing.BillingPeriod{Unit: pricing.PeriodWeek, Count: 2}, nov.Start, time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := tt.bp.End(tt.start); !got.Equal(tt.want) {
			t.Errorf("%s: End = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// periodGen draws billing periods of 1 to 400 days starting within 2026.
var periodGen = rapid.Custom(func(t *rapid.T) pricing.Period {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rapid.IntRange(0, 364).Draw(t, "start day"))
	return pricing.Period{Start: start, End: start.AddDate(0, 0, rapid.IntRange(1, 400).Draw(t, "days"))}
})

// instantIn draws an instant within p, to the minute.
func instantIn(t *rapid.T, p pricing.Period, label string) time.Time {
	minutes := int(p.End.Sub(p.Start) / time.Minute)
	return p.Start.Add(time.Duration(rapid.IntRange(0, minutes).Draw(t, label)) * time.Minute)
}

var currencyGen = rapid.SampledFrom([]pricing.Currency{pricing.JPY, pricing.EUR, pricing.KWD})

// Law: the parts of a period split at any cuts sum exactly to the whole,
// each part is Prorate of its span, and every part is a whole number of
// minor units.
func propProrationConserves(t *rapid.T) {
	p := periodGen.Draw(t, "period")
	c := currencyGen.Draw(t, "currency")
	amount := pricing.FromMinor(rapid.Int64Range(-1_000_000_000, 1_000_000_000).Draw(t, "minor units"), c)
	cuts := make([]time.Time, rapid.IntRange(0, 5).Draw(t, "cuts"))
	for i := range cuts {
		cuts[i] = instantIn(t, p, "cut")
	}
	slices.SortFunc(cuts, time.Time.Compare)
	parts, err := pricing.Split(amount, p, cuts...)
	if err != nil {
		t.Fatal(err)
	}
	sum := pricing.Zero(c)
	bounds := append(append([]time.Time{p.Start}, cuts...), p.End)
	for i, part := range parts {
		sum, _ = sum.Add(part)
		if !part.IsRounded() {
			t.Fatalf("part %d = %s is not in minor units", i, part)
		}
		// Prorate of a span is the middle part of the three-way split
		// around it.
		pr, err := pricing.Prorate(amount, p, bounds[i], bounds[i+1])
		if err != nil {
			t.Fatal(err)
		}
		three, _ := pricing.Split(amount, p, bounds[i], bounds[i+1])
		if !pr.Equal(three[1]) {
			t.Fatalf("Prorate(%s) = %s, Split gives %s", amount, pr, three[1])
		}
	}
	if !sum.Equal(amount) {
		t.Fatalf("parts %v sum to %s, not %s", parts, sum, amount)
	}
}

func TestProrationConserves(t *testing.T) { rapid.Check(t, propProrationConserves) }

func FuzzProrationConserves(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propProrationConserves)) }

// Law: Prorate's integer fast path gives exactly Money.Allocate's figure.
func propProrateMatchesAllocate(t *rapid.T) {
	p := periodGen.Draw(t, "period")
	c := currencyGen.Draw(t, "currency")
	amount := pricing.FromMinor(rapid.Int64Range(-10_000_000, 10_000_000).Draw(t, "minor units"), c)
	from, until := instantIn(t, p, "from"), instantIn(t, p, "until")
	if until.Before(from) {
		from, until = until, from
	}
	got, err := pricing.Prorate(amount, p, from, until)
	if err != nil {
		t.Fatal(err)
	}
	want, err := amount.Allocate(int64(p.DaysBetween(p.Start, from)), int64(p.DaysBetween(from, until)), int64(p.DaysBetween(until, p.End)))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(want[1]) {
		t.Fatalf("Prorate = %s, Allocate = %s", got, want[1])
	}
}

func TestProrateMatchesAllocate(t *testing.T) { rapid.Check(t, propProrateMatchesAllocate) }

func FuzzProrateMatchesAllocate(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propProrateMatchesAllocate)) }
