package pricing

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Constructors for price books written in Go, so that the Go form reads like
// the JSON form:
//
//	pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
//		{ID: "fibre_monthly", Product: "fibre_500", Kind: pricing.ChargeRecurring,
//			Period: pricing.Monthly, Price: pricing.Flat("39.90")},
//		{ID: "mobile_data", Product: "mobile_sim", Kind: pricing.ChargeUsage, Meter: "data_gb",
//			Allowance: "data_included_gb", Price: pricing.Graduated(
//				pricing.UpTo("10", "2.00"), pricing.Above("1.00"))},
//	}}
//
// Amounts and bounds are decimal literals ("39.90", "0.0125"), read exactly.
// The constructors are for literals written in code, as regexp.MustCompile
// is: each panics when a literal is not a decimal number, naming it. Figures
// that come from input are parsed with decimal.NewFromString (or decoded as
// price book JSON) and set on the fields, where a mistake is an error.
//
// A price built here has no currency: NewBook gives every price without
// one the book's, as the JSON form does.

// Monthly, Quarterly and Yearly are the usual billing periods of recurring
// charges.
var (
	Monthly   = BillingPeriod{Unit: PeriodMonth, Count: 1}
	Quarterly = BillingPeriod{Unit: PeriodMonth, Count: 3}
	Yearly    = BillingPeriod{Unit: PeriodYear, Count: 1}
)

// Month returns the calendar month of year and month, from its first day at
// 00:00 to the first of the next month, in loc (UTC when loc is nil): the
// period a monthly bill covers.
func Month(year int, month time.Month, loc *time.Location) Period {
	if loc == nil {
		loc = time.UTC
	}
	start := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	return Period{Start: start, End: start.AddDate(0, 1, 0)}
}

// MonthOf returns the calendar month that contains t, in t's location.
func MonthOf(t time.Time) Period { return Month(t.Year(), t.Month(), t.Location()) }

// Flat returns a flat price of amount: the same amount whatever the
// quantity (a monthly fee, a setup fee).
func Flat(amount string) Price {
	return Price{Model: ModelFlat, Amount: literal("Flat", amount)}
}

// PerUnit returns a price of amount per unit.
func PerUnit(amount string) Price {
	return Price{Model: ModelPerUnit, Amount: literal("PerUnit", amount)}
}

// Graduated returns a graduated price over tiers: each unit priced by the
// tier it falls in. Write the tiers with UpTo and end with Above.
func Graduated(tiers ...Tier) Price { return Price{Model: ModelGraduated, Tiers: tiers} }

// Volume returns a volume price over tiers: every unit priced by the tier
// the total falls in. Write the tiers with UpTo and end with Above.
func Volume(tiers ...Tier) Price { return Price{Model: ModelVolume, Tiers: tiers} }

// Package returns a package price: amount per started block of blockSize
// units.
func Package(blockSize, amount string) Price {
	return Price{Model: ModelPackage, BlockSize: literal("Package", blockSize), Amount: literal("Package", amount)}
}

// UpTo returns a tier that holds the units up to and including bound, at
// unit per unit.
func UpTo(bound, unit string) Tier {
	return Tier{UpTo: decimal.NewNullDecimal(literal("UpTo", bound)), Unit: literal("UpTo", unit)}
}

// Above returns the last tier, without a bound, at unit per unit.
func Above(unit string) Tier { return Tier{Unit: literal("Above", unit)} }

// WithFlat returns t with a flat fee, charged once when the tier is entered
// (graduated) or chosen (volume).
func (t Tier) WithFlat(fee string) Tier {
	t.Flat = literal("WithFlat", fee)
	return t
}

// literal reads a decimal literal of constructor fn, panicking with fn and
// the literal when it is not one.
func literal(fn, s string) decimal.Decimal {
	d, err := decimal.NewFromString(s)
	if err != nil {
		panic(fmt.Sprintf("pricing.%s: %q is not a decimal number", fn, s))
	}
	return d
}
