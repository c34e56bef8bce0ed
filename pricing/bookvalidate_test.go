package pricing_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/pricing"
)

var monthly = pricing.BillingPeriod{Unit: pricing.PeriodMonth, Count: 1}

func flat(amount string) pricing.Price {
	return pricing.Price{Model: pricing.ModelFlat, Amount: d(amount)}
}

func perUnit(amount string) pricing.Price {
	return pricing.Price{Model: pricing.ModelPerUnit, Amount: d(amount)}
}

func recurring(id, product, amount string) pricing.Charge {
	return pricing.Charge{ID: id, Product: product, Kind: pricing.ChargeRecurring, Period: monthly, Price: flat(amount)}
}

func usage(id, product, meter, amount string) pricing.Charge {
	return pricing.Charge{ID: id, Product: product, Kind: pricing.ChargeUsage, Meter: meter, Price: perUnit(amount)}
}

// baseBook is a small valid book: a main product with a monthly fee and SMS
// usage, an add-on with a monthly fee, a discount plan on the add-on.
func baseBook() pricing.PriceBook {
	return pricing.PriceBook{
		Currency: pricing.EUR,
		Charges: []pricing.Charge{
			recurring("main_monthly", "main", "9.99"),
			usage("main_sms", "main", "sms", "0.05"),
			recurring("extra_monthly", "extra", "2.00"),
		},
		Free: []string{"gift"},
		Discounts: []pricing.DiscountPlan{{ID: "extra_sms", Product: "extra", Entries: []pricing.DiscountEntry{
			{Charge: "main_sms", MinVolume: d("100"), Percent: d("10")},
		}}},
	}
}

// bookOpts compares price books: decimals by value (2.0 equals 2.00),
// null decimals as equal when both are null, currencies with ==.
var bookOpts = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b decimal.NullDecimal) bool {
		return a.Valid == b.Valid && (!a.Valid || a.Decimal.Equal(b.Decimal))
	}),
	cmp.Comparer(func(a, b pricing.Currency) bool { return a == b }),
}

type problem struct {
	Path string
	Code catalog.Code
}

// tb is what testing.T and rapid.T have in common.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// problemsOf returns the paths and codes of a *catalog.ValidationError, nil for nil.
func problemsOf(t tb, err error) []problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *catalog.ValidationError", err)
	}
	if !errors.Is(err, pricing.ErrInvalidPrice) {
		t.Errorf("errors.Is(err, ErrInvalidPrice) = false for %v", err)
	}
	out := make([]problem, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = problem{p.Path, p.Code}
	}
	return out
}

func TestNewBookRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(b *pricing.PriceBook)
		want   []problem // nil: valid
	}{
		{"the base book: valid", func(*pricing.PriceBook) {}, nil},
		{"book without currency: missing_currency", func(b *pricing.PriceBook) {
			b.Currency = pricing.Currency{}
		}, []problem{{"currency", catalog.CodeMissingCurrency}, {"charges[main_monthly].price.currency", catalog.CodeMissingCurrency},
			{"charges[main_sms].price.currency", catalog.CodeMissingCurrency}, {"charges[extra_monthly].price.currency", catalog.CodeMissingCurrency}}},
		{"charge without ID: invalid_id at its position", func(b *pricing.PriceBook) {
			b.Charges[1].ID = ""
			b.Discounts = nil
		}, []problem{{"charges[#1]", catalog.CodeInvalidID}}},
		{"charge ID with a space: invalid_id", func(b *pricing.PriceBook) {
			b.Charges[0].ID = "main monthly"
		}, []problem{{"charges[#0]", catalog.CodeInvalidID}}},
		{"duplicate charge ID: duplicate_id", func(b *pricing.PriceBook) {
			b.Charges[2].ID = "main_monthly"
		}, []problem{{"charges[main_monthly]", catalog.CodeDuplicateID}}},
		{"charge without product: invalid_id", func(b *pricing.PriceBook) {
			b.Charges[0].Product = ""
		}, []problem{{"charges[main_monthly].product", catalog.CodeInvalidID}}},
		{"unknown kind: invalid_kind", func(b *pricing.PriceBook) {
			b.Charges[0].Kind = pricing.ChargeKind(9)
		}, []problem{{"charges[main_monthly].kind", catalog.CodeInvalidKind}}},
		{"no kind: invalid_kind", func(b *pricing.PriceBook) {
			b.Charges[0].Kind = pricing.ChargeInvalid
		}, []problem{{"charges[main_monthly].kind", catalog.CodeInvalidKind}}},
		{"recurring without billing period: invalid_period", func(b *pricing.PriceBook) {
			b.Charges[0].Period = pricing.BillingPeriod{}
		}, []problem{{"charges[main_monthly].period.unit", catalog.CodeInvalidPeriod}}},
		{"recurring with unknown period unit: invalid_period", func(b *pricing.PriceBook) {
			b.Charges[0].Period.Unit = pricing.PeriodUnit(7)
		}, []problem{{"charges[main_monthly].period.unit", catalog.CodeInvalidPeriod}}},
		{"recurring with negative period count: invalid_period", func(b *pricing.PriceBook) {
			b.Charges[0].Period.Count = -1
		}, []problem{{"charges[main_monthly].period.count", catalog.CodeInvalidPeriod}}},
		{"recurring with period count 0 means 1: valid", func(b *pricing.PriceBook) {
			b.Charges[0].Period.Count = 0
		}, nil},
		{"one-time with a billing period: unused_field", func(b *pricing.PriceBook) {
			b.Charges[2].Kind = pricing.ChargeOneTime
		}, []problem{{"charges[extra_monthly].period", catalog.CodeUnusedField}}},
		{"charge names in any script, with inner spaces and punctuation: valid", func(b *pricing.PriceBook) {
			b.Charges[0].Name = "Basic Call — monthly fee"
			b.Charges[1].Name = "SMS nach Österreich (Inland/EU) 📱"
		}, nil},
		{"charge name with a line break: invalid_name", func(b *pricing.PriceBook) {
			b.Charges[1].Name = "Domestic\nSMS"
		}, []problem{{"charges[main_sms].name", catalog.CodeInvalidName}}},
		{"charge name with a tab or a C1 control: invalid_name", func(b *pricing.PriceBook) {
			b.Charges[0].Name = "Monthly\tfee"
			b.Charges[1].Name = "SMS\u0085"
		}, []problem{{"charges[main_monthly].name", catalog.CodeInvalidName}, {"charges[main_sms].name", catalog.CodeInvalidName}}},
		{"charge name with leading or trailing white space: invalid_name", func(b *pricing.PriceBook) {
			b.Charges[0].Name = " Monthly fee"
			b.Charges[1].Name = "SMS\u00a0"
		}, []problem{{"charges[main_monthly].name", catalog.CodeInvalidName}, {"charges[main_sms].name", catalog.CodeInvalidName}}},
		{"blank charge name: invalid_name", func(b *pricing.PriceBook) {
			b.Charges[1].Name = "   "
		}, []problem{{"charges[main_sms].name", catalog.CodeInvalidName}}},
		{"charge name that is not UTF-8: invalid_name", func(b *pricing.PriceBook) {
			b.Charges[1].Name = "SMS \xff"
		}, []problem{{"charges[main_sms].name", catalog.CodeInvalidName}}},
		{"usage charge units in any script: valid", func(b *pricing.PriceBook) {
			b.Charges[1].Unit = "Mbit/s"
		}, nil},
		{"usage charge unit with a line break or leading white space: invalid_name", func(b *pricing.PriceBook) {
			b.Charges[1].Unit = " SMS\n"
		}, []problem{{"charges[main_sms].unit", catalog.CodeInvalidName}}},
		{"recurring charge with a unit: unused_field", func(b *pricing.PriceBook) {
			b.Charges[0].Unit = "month"
		}, []problem{{"charges[main_monthly].unit", catalog.CodeUnusedField}}},
		{"usage charge without meter: required", func(b *pricing.PriceBook) {
			b.Charges[1].Meter = ""
		}, []problem{{"charges[main_sms].meter", catalog.CodeRequired}}},
		{"usage charge with a meter holding a space: invalid_id", func(b *pricing.PriceBook) {
			b.Charges[1].Meter = "sms domestic"
		}, []problem{{"charges[main_sms].meter", catalog.CodeInvalidID}}},
		{"recurring charge with a meter: unused_field", func(b *pricing.PriceBook) {
			b.Charges[0].Meter = "sms"
		}, []problem{{"charges[main_monthly].meter", catalog.CodeUnusedField}}},
		{"one-time charge with a meter and an allowance: unused_field", func(b *pricing.PriceBook) {
			b.Charges[2] = pricing.Charge{ID: "extra_setup", Product: "extra", Kind: pricing.ChargeOneTime, Meter: "m", Allowance: "a", Price: flat("5")}
		}, []problem{{"charges[extra_setup].meter", catalog.CodeUnusedField}, {"charges[extra_setup].allowance", catalog.CodeUnusedField}}},
		{"two usage charges of one product on the same meter: duplicate_id", func(b *pricing.PriceBook) {
			b.Charges = append(b.Charges, usage("main_sms_2", "main", "sms", "0.04"))
		}, []problem{{"charges[main_sms_2].meter", catalog.CodeDuplicateID}}},
		{"the same meter on two products: valid", func(b *pricing.PriceBook) {
			b.Charges = append(b.Charges, usage("extra_sms", "extra", "sms", "0.04"))
		}, nil},
		{"price problems under the charge's path", func(b *pricing.PriceBook) {
			b.Charges[1].Price = pricing.Price{Model: pricing.ModelGraduated, Tiers: []pricing.Tier{{UpTo: upTo("10"), Unit: d("-1")}}}
		}, []problem{{"charges[main_sms].price.tiers[0].up_to", catalog.CodeTierBound}, {"charges[main_sms].price.tiers[0].unit", catalog.CodeNegative}}},
		{"price in another currency than the book's: currency", func(b *pricing.PriceBook) {
			b.Charges[0].Price.Currency = pricing.USD
		}, []problem{{"charges[main_monthly].price.currency", catalog.CodeCurrency}}},
		{"price in the book's currency, given explicitly: valid", func(b *pricing.PriceBook) {
			b.Charges[0].Price.Currency = pricing.EUR
		}, nil},
		{"product listed free twice: duplicate_id", func(b *pricing.PriceBook) {
			b.Free = append(b.Free, "gift")
		}, []problem{{"free[gift]", catalog.CodeDuplicateID}}},
		{"free product that has a charge: free_and_charged", func(b *pricing.PriceBook) {
			b.Free = append(b.Free, "extra")
		}, []problem{{"free[extra]", catalog.CodeFreeAndCharged}}},
		{"empty free entry: invalid_id", func(b *pricing.PriceBook) {
			b.Free = append(b.Free, "")
		}, []problem{{"free[#1]", catalog.CodeInvalidID}}},
		{"discount plan without ID: invalid_id", func(b *pricing.PriceBook) {
			b.Discounts[0].ID = ""
		}, []problem{{"discounts[#0]", catalog.CodeInvalidID}}},
		{"duplicate discount plan ID: duplicate_id", func(b *pricing.PriceBook) {
			b.Discounts = append(b.Discounts, pricing.DiscountPlan{ID: "extra_sms", Product: "main"})
		}, []problem{{"discounts[extra_sms]", catalog.CodeDuplicateID}}},
		{"discount plan without product: invalid_id", func(b *pricing.PriceBook) {
			b.Discounts[0].Product = ""
		}, []problem{{"discounts[extra_sms].product", catalog.CodeInvalidID}}},
		{"discount entry naming an unknown charge: unknown_reference", func(b *pricing.PriceBook) {
			b.Discounts[0].Entries[0].Charge = "nope"
		}, []problem{{"discounts[extra_sms].entries[0].charge", catalog.CodeUnknownReference}}},
		{"negative discount percent: negative", func(b *pricing.PriceBook) {
			b.Discounts[0].Entries[0].Percent = d("-5")
		}, []problem{{"discounts[extra_sms].entries[0].percent", catalog.CodeNegative}}},
		{"discount percent over 100: percent_range", func(b *pricing.PriceBook) {
			b.Discounts[0].Entries[0].Percent = d("100.01")
		}, []problem{{"discounts[extra_sms].entries[0].percent", catalog.CodePercentRange}}},
		{"discount percent of exactly 100: valid", func(b *pricing.PriceBook) {
			b.Discounts[0].Entries[0].Percent = d("100")
		}, nil},
		{"negative min volume: negative", func(b *pricing.PriceBook) {
			b.Discounts[0].Entries[0].MinVolume = d("-1")
		}, []problem{{"discounts[extra_sms].entries[0].min_volume", catalog.CodeNegative}}},
		{"two entries of one plan for the same charge and volume: duplicate_id", func(b *pricing.PriceBook) {
			b.Discounts[0].Entries = append(b.Discounts[0].Entries, pricing.DiscountEntry{Charge: "main_sms", MinVolume: d("100.0"), Percent: d("12")})
		}, []problem{{"discounts[extra_sms].entries[1]", catalog.CodeDuplicateID}}},
		{"every problem reported at once", func(b *pricing.PriceBook) {
			b.Charges[0].Period = pricing.BillingPeriod{}
			b.Charges[1].Meter = ""
			b.Charges[2].Price.Currency = pricing.GBP
			b.Free = append(b.Free, "main")
			b.Discounts[0].Entries[0].Percent = d("101")
		}, []problem{
			{"charges[main_monthly].period.unit", catalog.CodeInvalidPeriod},
			{"charges[main_sms].meter", catalog.CodeRequired},
			{"charges[extra_monthly].price.currency", catalog.CodeCurrency},
			{"free[main]", catalog.CodeFreeAndCharged},
			{"discounts[extra_sms].entries[0].percent", catalog.CodePercentRange},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := baseBook()
			tt.change(&def)
			b, err := pricing.NewBook(def)
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (err != nil) != (b == nil) {
				t.Errorf("NewBook returned book %v with error %v", b != nil, err)
			}
		})
	}
}

func TestBookLookups(t *testing.T) {
	def := baseBook()
	b := pricing.MustNewBook(def)
	if got := b.Currency(); got != pricing.EUR {
		t.Errorf("Currency() = %v, want EUR", got)
	}
	c, ok := b.Charge("main_sms")
	if !ok || c.Product != "main" || c.Price.Currency != pricing.EUR {
		t.Errorf("Charge(main_sms) = %+v, %v; want main's usage charge in EUR", c, ok)
	}
	if _, ok := b.Charge("nope"); ok {
		t.Error("Charge(nope) found a charge")
	}
	var ids []string
	for _, c := range b.ChargesFor("main") {
		ids = append(ids, c.ID)
	}
	if diff := cmp.Diff([]string{"main_monthly", "main_sms"}, ids); diff != "" {
		t.Errorf("ChargesFor(main) (-want +got):\n%s", diff)
	}
	if got := b.ChargesFor("gift"); got != nil {
		t.Errorf("ChargesFor(gift) = %v, want nil", got)
	}
	if !b.IsFree("gift") || b.IsFree("main") {
		t.Error("IsFree: want gift free and main not")
	}
}

func TestBookIsImmutable(t *testing.T) {
	def := baseBook()
	def.Charges[1].Price = pricing.Price{Model: pricing.ModelGraduated, Tiers: []pricing.Tier{{UpTo: upTo("10"), Unit: d("1")}, {Unit: d("0.5")}}}
	b := pricing.MustNewBook(def)
	want := b.Definition()

	def.Charges[1].Price.Tiers[0].Unit = d("99")
	def.Free[0] = "changed"
	def.Discounts[0].Entries[0].Percent = d("50")
	c, _ := b.Charge("main_sms")
	c.Price.Tiers[1].Unit = d("99")
	b.ChargesFor("main")[1].Price.Tiers[0].Unit = d("99")
	got := b.Definition()
	got.Discounts[0].Entries[0].Percent = d("77")

	if diff := cmp.Diff(want, b.Definition(), bookOpts); diff != "" {
		t.Errorf("the book changed through a copy (-want +got):\n%s", diff)
	}
}

func TestNewBookFillsPriceCurrency(t *testing.T) {
	b := pricing.MustNewBook(baseBook())
	for _, c := range b.Definition().Charges {
		if c.Price.Currency != pricing.EUR {
			t.Errorf("charge %s: price currency %v, want the book's EUR", c.ID, c.Price.Currency)
		}
	}
}

// TestNewBookAggregationRules: a usage charge's aggregation and allowance
// grant. baseBook's main_sms is a per-unit usage charge without an
// allowance; its other charges are recurring.
func TestNewBookAggregationRules(t *testing.T) {
	const sms = 1 // main_sms
	percentage := pricing.Price{Model: pricing.ModelPercentage, Percent: d("2.9")}
	tests := []struct {
		name   string
		change func(b *pricing.PriceBook)
		want   []problem // nil: valid
	}{
		{"usage charge that counts, takes a maximum or the last record: valid", func(b *pricing.PriceBook) {
			b.Charges[sms].Aggregate = pricing.AggregateCount
			b.Charges = append(b.Charges, usage("main_gb", "main", "gb_stored", "0.10"), usage("main_seats", "main", "seats", "1.00"))
			b.Charges[3].Aggregate, b.Charges[4].Aggregate = pricing.AggregateMax, pricing.AggregateLast
		}, nil},

		// Aggregation and grant belong to usage charges.
		{"recurring charge with an aggregation: unused_field at aggregate", func(b *pricing.PriceBook) {
			b.Charges[0].Aggregate = pricing.AggregateMax
		}, []problem{{"charges[main_monthly].aggregate", catalog.CodeUnusedField}}},
		{"recurring charge with a full grant: unused_field at allowance_grant", func(b *pricing.PriceBook) {
			b.Charges[0].Grant = pricing.AllowanceFull
		}, []problem{{"charges[main_monthly].allowance_grant", catalog.CodeUnusedField}}},
		{"one-time charge with an aggregation and a grant: unused_field at both", func(b *pricing.PriceBook) {
			b.Charges[2] = pricing.Charge{ID: "extra_setup", Product: "extra", Kind: pricing.ChargeOneTime, Price: flat("5"),
				Aggregate: pricing.AggregateCount, Grant: pricing.AllowanceFull}
		}, []problem{{"charges[extra_setup].aggregate", catalog.CodeUnusedField}, {"charges[extra_setup].allowance_grant", catalog.CodeUnusedField}}},
		{"recurring charge with an unknown aggregation and grant: unused_field, not invalid", func(b *pricing.PriceBook) {
			b.Charges[0].Aggregate, b.Charges[0].Grant = pricing.Aggregation(9), pricing.AllowanceGrant(9)
		}, []problem{{"charges[main_monthly].aggregate", catalog.CodeUnusedField}, {"charges[main_monthly].allowance_grant", catalog.CodeUnusedField}}},

		// Only the defined aggregations and grants.
		{"usage charge with an unknown aggregation: invalid_aggregate", func(b *pricing.PriceBook) {
			b.Charges[sms].Aggregate = pricing.AggregateLast + 1
		}, []problem{{"charges[main_sms].aggregate", catalog.CodeInvalidAggregate}}},
		{"usage charge with an unknown grant: invalid_grant", func(b *pricing.PriceBook) {
			b.Charges[sms].Allowance = "sms_included"
			b.Charges[sms].Grant = pricing.AllowanceFull + 1
		}, []problem{{"charges[main_sms].allowance_grant", catalog.CodeInvalidGrant}}},
		{"usage charge with an unknown grant and no allowance: invalid_grant", func(b *pricing.PriceBook) {
			b.Charges[sms].Grant = pricing.AllowanceGrant(200)
		}, []problem{{"charges[main_sms].allowance_grant", catalog.CodeInvalidGrant}}},

		// A full grant needs an allowance that is consumed.
		{"summed allowance granted in full: valid", func(b *pricing.PriceBook) {
			b.Charges[sms].Allowance = "sms_included"
			b.Charges[sms].Grant = pricing.AllowanceFull
		}, nil},
		{"counted allowance granted in full: valid", func(b *pricing.PriceBook) {
			b.Charges[sms].Allowance = "sms_included"
			b.Charges[sms].Aggregate, b.Charges[sms].Grant = pricing.AggregateCount, pricing.AllowanceFull
		}, nil},
		{"full grant without an allowance: unused_field at allowance_grant", func(b *pricing.PriceBook) {
			b.Charges[sms].Grant = pricing.AllowanceFull
		}, []problem{{"charges[main_sms].allowance_grant", catalog.CodeUnusedField}}},
		{"level (max) with a prorated allowance: valid", func(b *pricing.PriceBook) {
			b.Charges[sms].Allowance = "gb_included"
			b.Charges[sms].Aggregate = pricing.AggregateMax
		}, nil},
		{"level (max) with an allowance granted in full: unused_field at allowance_grant", func(b *pricing.PriceBook) {
			b.Charges[sms].Allowance = "gb_included"
			b.Charges[sms].Aggregate, b.Charges[sms].Grant = pricing.AggregateMax, pricing.AllowanceFull
		}, []problem{{"charges[main_sms].allowance_grant", catalog.CodeUnusedField}}},
		{"level (last) with an allowance granted in full: unused_field at allowance_grant", func(b *pricing.PriceBook) {
			b.Charges[sms].Allowance = "gb_included"
			b.Charges[sms].Aggregate, b.Charges[sms].Grant = pricing.AggregateLast, pricing.AllowanceFull
		}, []problem{{"charges[main_sms].allowance_grant", catalog.CodeUnusedField}}},

		// A percentage fee is taken on each record's amount.
		{"percentage usage charge that sums: valid", func(b *pricing.PriceBook) {
			b.Charges[sms].Price = percentage
		}, nil},
		{"percentage usage charge that counts: invalid_aggregate", func(b *pricing.PriceBook) {
			b.Charges[sms].Price = percentage
			b.Charges[sms].Aggregate = pricing.AggregateCount
		}, []problem{{"charges[main_sms].aggregate", catalog.CodeInvalidAggregate}}},
		{"percentage usage charge on a level (max): invalid_aggregate", func(b *pricing.PriceBook) {
			b.Charges[sms].Price = percentage
			b.Charges[sms].Aggregate = pricing.AggregateMax
		}, []problem{{"charges[main_sms].aggregate", catalog.CodeInvalidAggregate}}},
		{"percentage usage charge on a level (last): invalid_aggregate", func(b *pricing.PriceBook) {
			b.Charges[sms].Price = percentage
			b.Charges[sms].Aggregate = pricing.AggregateLast
		}, []problem{{"charges[main_sms].aggregate", catalog.CodeInvalidAggregate}}},
		{"percentage usage charge with an unknown aggregation: one invalid_aggregate", func(b *pricing.PriceBook) {
			b.Charges[sms].Price = percentage
			b.Charges[sms].Aggregate = pricing.Aggregation(7)
		}, []problem{{"charges[main_sms].aggregate", catalog.CodeInvalidAggregate}}},

		{"every problem reported at once, before the price's own", func(b *pricing.PriceBook) {
			b.Charges[0].Aggregate = pricing.AggregateCount
			b.Charges[sms].Price = pricing.Price{Model: pricing.ModelPercentage, Percent: d("-1")}
			b.Charges[sms].Aggregate, b.Charges[sms].Grant = pricing.AggregateLast, pricing.AllowanceFull
			b.Charges[2].Grant = pricing.AllowanceGrant(5)
		}, []problem{
			{"charges[main_monthly].aggregate", catalog.CodeUnusedField},
			{"charges[main_sms].aggregate", catalog.CodeInvalidAggregate},
			{"charges[main_sms].allowance_grant", catalog.CodeUnusedField},
			{"charges[main_sms].price.percent", catalog.CodeNegative},
			{"charges[extra_monthly].allowance_grant", catalog.CodeUnusedField},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := baseBook()
			tt.change(&def)
			b, err := pricing.NewBook(def)
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (err != nil) != (b == nil) {
				t.Errorf("NewBook returned book %v with error %v", b != nil, err)
			}
		})
	}
}
