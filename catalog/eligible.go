package catalog

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// Operator compares an account fact with the value of a FactCondition.
type Operator uint8

// The operators. The zero Operator is invalid: every condition names one.
const (
	OpInvalid  Operator = iota // no operator: New refuses it (invalid_operator)
	OpAtLeast                  // fact >= value
	OpAtMost                   // fact <= value
	OpAbove                    // fact > value
	OpBelow                    // fact < value
	OpEqual                    // fact = value, compared as numbers (50 and 50.0 are equal)
	OpNotEqual                 // fact ≠ value
)

var operatorNames = [...]string{"invalid", "at_least", "at_most", "above", "below", "equal", "not_equal"}

// operatorWords are the operators as people read them, for String.
var operatorWords = [...]string{"invalid", "at least", "at most", "above", "below", "equal to", "not equal to"}

// String returns the operator's name as written in catalog JSON
// ("at_least"), or "invalid".
func (o Operator) String() string {
	if int(o) < len(operatorNames) {
		return operatorNames[o]
	}
	return "invalid"
}

// ParseOperator returns the Operator named s ("at_least", "at_most",
// "above", "below", "equal", "not_equal"), and OpInvalid and false for any
// other string, "invalid" included.
func ParseOperator(s string) (Operator, bool) {
	i := slices.Index(operatorNames[:], s)
	return Operator(max(i, 0)), i > 0
}

// compare reports whether fact stands in relation o to value; false for
// an invalid operator.
func (o Operator) compare(fact, value decimal.Decimal) bool {
	c := fact.Cmp(value)
	switch o {
	case OpAtLeast:
		return c >= 0
	case OpAtMost:
		return c <= 0
	case OpAbove:
		return c > 0
	case OpBelow:
		return c < 0
	case OpEqual:
		return c == 0
	case OpNotEqual:
		return c != 0
	}
	return false
}

// FactCondition restricts the sale of an add-on to accounts whose fact
// Fact (a number from the account's facts, such as arpu or tenure_months)
// stands in relation Operator to Value: {arpu, OpAtLeast, 50} sells to
// accounts with an arpu of 50 or more.
//
// Facts are numbers. A yes-or-no fact, such as whether the account is a
// business, is written 1 or 0 and tested with OpEqual: {business,
// OpEqual, 1}. A list of segments is one number per segment the host
// defines (segment = 2 for business).
type FactCondition struct {
	Fact     string
	Operator Operator
	Value    decimal.Decimal
}

// Holds reports whether the facts satisfy the condition. A fact the map
// does not hold satisfies no condition, OpNotEqual included: an account
// whose fact is unknown is not eligible. A nil map holds no fact. It costs
// one map look-up and one comparison.
func (c FactCondition) Holds(facts map[string]decimal.Decimal) bool {
	v, ok := facts[c.Fact]
	return ok && c.Operator.compare(v, c.Value)
}

// String writes the condition for people: "arpu at least 50",
// "business equal to 1".
func (c FactCondition) String() string {
	w := "invalid"
	if int(c.Operator) < len(operatorWords) {
		w = operatorWords[c.Operator]
	}
	return c.Fact + " " + w + " " + c.Value.String()
}

// Unmet returns the first condition of conds, in their order, that the
// facts do not satisfy (see FactCondition.Holds), and false when they
// satisfy every one: an add-on with no conditions is sold to every
// account. It costs one map look-up per condition checked.
func Unmet(conds []FactCondition, facts map[string]decimal.Decimal) (FactCondition, bool) {
	for _, c := range conds {
		if !c.Holds(facts) {
			return c, true
		}
	}
	return FactCondition{}, false
}

// eligible checks the conditions of product pi: a valid fact name and a
// known operator each. The value may be any decimal.
func (v *validator) eligible(pi int) {
	p := &v.c.def.Products[pi]
	for i, c := range p.Eligible {
		path := func() string { return v.productPath(pi) + ".eligible[" + strconv.Itoa(i) + "]" }
		if !validID(c.Fact) {
			v.add(path()+".fact", CodeInvalidFact, "condition names no valid fact (%q)", c.Fact)
		}
		if c.Operator == OpInvalid || int(c.Operator) >= len(operatorNames) {
			v.add(path()+".operator", CodeInvalidOperator, "invalid operator %d", c.Operator)
		}
	}
}
