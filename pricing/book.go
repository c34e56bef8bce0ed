package pricing

import (
	"github.com/shopspring/decimal"
)

// ChargeKind says when a charge is billed.
type ChargeKind uint8

// The charge kinds. The zero ChargeKind is invalid.
const (
	ChargeInvalid   ChargeKind = iota
	ChargeRecurring            // every billing period while the product is assigned (a subscription)
	ChargeOneTime              // once, when the product is first assigned (a setup fee)
	ChargeUsage                // per metered usage, after the configuration's allowance
)

var chargeKindNames = [...]string{"invalid", "recurring", "one_time", "usage"}

// String returns the kind's name as written in price book JSON.
func (k ChargeKind) String() string {
	if int(k) < len(chargeKindNames) {
		return chargeKindNames[k]
	}
	return "invalid"
}

// ParseChargeKind returns the ChargeKind named s.
func ParseChargeKind(s string) (ChargeKind, bool) {
	for i, n := range chargeKindNames {
		if i > 0 && n == s {
			return ChargeKind(i), true
		}
	}
	return ChargeInvalid, false
}

// PeriodUnit is the unit of a billing period.
type PeriodUnit uint8

// The period units. The zero PeriodUnit is invalid.
const (
	PeriodInvalid PeriodUnit = iota
	PeriodDay
	PeriodWeek
	PeriodMonth
	PeriodYear
)

var periodUnitNames = [...]string{"invalid", "day", "week", "month", "year"}

// String returns the unit's name as written in price book JSON.
func (u PeriodUnit) String() string {
	if int(u) < len(periodUnitNames) {
		return periodUnitNames[u]
	}
	return "invalid"
}

// ParsePeriodUnit returns the PeriodUnit named s.
func ParsePeriodUnit(s string) (PeriodUnit, bool) {
	for i, n := range periodUnitNames {
		if i > 0 && n == s {
			return PeriodUnit(i), true
		}
	}
	return PeriodInvalid, false
}

// BillingPeriod is how often a recurring charge is billed: Count Units
// (1 month, 3 months, 1 year). Count 0 means 1.
type BillingPeriod struct {
	Unit  PeriodUnit
	Count int
}

// Charge is one thing a product costs.
//
// A recurring charge is billed every Period while its product is assigned;
// a one-time charge once, when the product is first assigned; a usage charge
// rates the usage records whose Meter matches, after the units the resolved
// configuration includes in the attribute Allowance (e.g. sms_included; empty
// for none).
//
// Name is what a customer reads for the charge: "Domestic SMS", "Minutes to
// Brazil". It is optional; usage lines and their true-up and discount lines
// show it, falling back to the Meter, then the ID, when it is empty.
// Recurring and one-time lines name the product instead.
type Charge struct {
	ID        string
	Name      string // optional, for the customer: any text without control characters
	Product   string // catalog product ID
	Kind      ChargeKind
	Period    BillingPeriod // recurring charges
	Meter     string        // usage charges: the meter of the usage records it rates
	Allowance string        // usage charges: the attribute holding included units
	Price     Price
}

// DiscountPlan is a volume discount attached to a product: while the
// product is assigned to an account, its entries apply. A plan on an add-on
// contributes extra entries on top of the main product's.
type DiscountPlan struct {
	ID      string
	Product string // catalog product ID whose assignment brings the entries
	Entries []DiscountEntry
}

// DiscountEntry discounts one charge by Percent once its volume in the
// period (the quantity the charge is computed on) reaches MinVolume.
type DiscountEntry struct {
	Charge    string // the charge ID it discounts
	MinVolume decimal.Decimal
	Percent   decimal.Decimal // 10 for 10 %
}

// PriceBook maps catalog products to their charges, in one currency. Free
// lists products that are free by design: validation against a catalog
// reports every assignable product that has no charge and is not listed
// there (revenue leakage).
type PriceBook struct {
	Currency  Currency
	Charges   []Charge
	Free      []string
	Discounts []DiscountPlan
}
