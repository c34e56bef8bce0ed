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

// Aggregation says how a usage charge turns the records of its meter into
// units, as metering systems define it. The zero Aggregation is a sum.
type Aggregation uint8

// The aggregations. Sum and count consume allowances record by record; max
// and last read a level (a gauge such as GB stored), which the allowance
// in force at each record's instant lowers.
const (
	AggregateSum   Aggregation = iota // the records' quantities added up (SMS, minutes, MB)
	AggregateCount                    // one unit per record, whatever its quantity (transactions)
	AggregateMax                      // the highest quantity of any record (peak GB stored)
	AggregateLast                     // the quantity of the latest record (GB stored at the end)
)

var aggregationNames = [...]string{"sum", "count", "max", "last"}

// String returns the aggregation's name as written in price book JSON.
func (a Aggregation) String() string {
	if int(a) < len(aggregationNames) {
		return aggregationNames[a]
	}
	return "invalid"
}

// ParseAggregation returns the Aggregation named s.
func ParseAggregation(s string) (Aggregation, bool) {
	for i, n := range aggregationNames {
		if n == s {
			return Aggregation(i), true
		}
	}
	return 0, false
}

// IsLevel reports whether a reads a level (max, last) rather than
// consuming units (sum, count).
func (a Aggregation) IsLevel() bool { return a == AggregateMax || a == AggregateLast }

// AllowanceGrant says how much of its allowance a product gives a usage
// charge when it is active for part of the period. The zero AllowanceGrant
// prorates, as most telcos do.
type AllowanceGrant uint8

// The allowance grants.
const (
	// AllowanceProrated includes the allowance in proportion to the whole
	// days of the period the product gives it: 150 SMS from an add-on
	// bought on the 28th of a 30-day month are 15 (3/30).
	AllowanceProrated AllowanceGrant = iota
	// AllowanceFull includes the whole allowance from the first day the
	// product gives it.
	AllowanceFull
)

var allowanceGrantNames = [...]string{"prorated", "full"}

// String returns the grant's name as written in price book JSON.
func (g AllowanceGrant) String() string {
	if int(g) < len(allowanceGrantNames) {
		return allowanceGrantNames[g]
	}
	return "invalid"
}

// ParseAllowanceGrant returns the AllowanceGrant named s.
func ParseAllowanceGrant(s string) (AllowanceGrant, bool) {
	for i, n := range allowanceGrantNames {
		if n == s {
			return AllowanceGrant(i), true
		}
	}
	return 0, false
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
//
// Unit is what a usage charge's meter counts, for the customer: "SMS",
// "min", "GB". It is optional; a usage line writes it after its figures
// ("30 SMS used of 200 included"). When it is empty, a quote or Rate with a
// catalog uses the unit the catalog gives the Allowance attribute
// (catalog.Catalog.AttributeUnit), and writes none when that is empty too.
// It follows the rule of Name; only a usage charge has one.
type Charge struct {
	ID        string
	Name      string // optional, for the customer: any text without control characters
	Product   string // catalog product ID
	Kind      ChargeKind
	Period    BillingPeriod // recurring charges
	Meter     string        // usage charges: the meter of the usage records it rates
	Unit      string        // usage charges, optional, for the customer: what the meter counts ("SMS", "min")
	Allowance string        // usage charges: the attribute holding included units
	// Aggregate is how a usage charge counts its meter's records: sum (the
	// zero value), count, max or last.
	Aggregate Aggregation
	// Grant is how a usage charge with an Allowance includes the units of
	// a product active for part of the period: prorated (the zero value) or
	// in full. Level meters (max, last) compare each record with the
	// allowance in force at its instant, in full.
	Grant AllowanceGrant
	Price Price
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
