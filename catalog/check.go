package catalog

import (
	"errors"
	"fmt"
	"slices"
)

// ErrValue is matched by every *ValueError.
var ErrValue = errors.New("catalog: value breaks its attribute's rules")

// ValueError reports a constant value that does not fit its attribute: the
// wrong type (CodeTypeMismatch), or outside min/max or the allowed values
// (CodeConstraint).
type ValueError struct {
	Attribute string
	Code      Code
	Detail    string
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("catalog: attribute %q: %s", e.Attribute, e.Detail)
}

// Unwrap returns ErrValue.
func (e *ValueError) Unwrap() error { return ErrValue }

// Check reports whether the constant v fits attribute a: its type, its
// min/max bounds and its allowed values. A band rule or the zero Value is a
// type mismatch: Check is for constants.
func (a *Attribute) Check(v Value) error {
	fail := func(code Code, format string, args ...any) error {
		return &ValueError{Attribute: a.ID, Code: code, Detail: fmt.Sprintf(format, args...)}
	}
	if v.Rule() != nil {
		return fail(CodeTypeMismatch, "a band rule, not a %s constant", a.Type)
	}
	if v.Type() != a.Type {
		return fail(CodeTypeMismatch, "%s value for a %s attribute", v.Type(), a.Type)
	}
	if d, ok := v.AsDecimal(); ok {
		if a.Min.Valid && d.Cmp(a.Min.Decimal) < 0 {
			return fail(CodeConstraint, "%s is below the minimum %s", d, a.Min.Decimal)
		}
		if a.Max.Valid && d.Cmp(a.Max.Decimal) > 0 {
			return fail(CodeConstraint, "%s is above the maximum %s", d, a.Max.Decimal)
		}
	}
	if a.Type == TypeEnum && !slices.Contains(a.Allowed, v.s) {
		return fail(CodeConstraint, "%q is not one of the allowed values %v", v.s, a.Allowed)
	}
	if a.Type == TypeStringList && len(a.Allowed) > 0 {
		for _, s := range v.list {
			if !slices.Contains(a.Allowed, s) {
				return fail(CodeConstraint, "item %q is not one of the allowed values %v", s, a.Allowed)
			}
		}
	}
	return nil
}
