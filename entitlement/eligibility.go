package entitlement

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// ErrNotEligible is matched by every *EligibilityError.
var ErrNotEligible = errors.New("entitlement: account not eligible for add-on")

// EligibilityError reports an add-on whose eligibility conditions
// (catalog.Product.Eligible) the account's facts do not meet: Condition is
// the first one it fails, in the add-on's order, and Fact the account's
// value of Condition.Fact, invalid when the account has no such fact (a
// missing fact meets no condition).
type EligibilityError struct {
	AddOn     string
	Condition catalog.FactCondition
	Fact      decimal.NullDecimal
}

func (e *EligibilityError) Error() string {
	has := "has none"
	if e.Fact.Valid {
		has = "has " + e.Fact.Decimal.String()
	}
	return fmt.Sprintf("entitlement: add-on %q needs %s; the account %s", e.AddOn, e.Condition, has)
}

// Unwrap returns ErrNotEligible.
func (e *EligibilityError) Unwrap() error { return ErrNotEligible }

// eligible returns an *EligibilityError when the facts do not meet the
// conditions of add-on pi, nil when they do. It costs one map look-up per
// condition checked.
func (r *Resolver) eligible(pi int32, facts map[string]decimal.Decimal) error {
	p := &r.products[pi]
	c, unmet := catalog.Unmet(p.eligible, facts)
	if !unmet {
		return nil
	}
	v, ok := facts[c.Fact]
	return &EligibilityError{AddOn: p.id, Condition: c, Fact: decimal.NullDecimal{Decimal: v, Valid: ok}}
}
