package entitlement

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Sentinel errors. Every typed error below unwraps to one of them, so
// errors.Is(err, ErrConflict) and errors.As(err, &conflict) both work.
var (
	ErrUnknown         = errors.New("entitlement: unknown ID")
	ErrNotMain         = errors.New("entitlement: not a main product")
	ErrNotAddOn        = errors.New("entitlement: not an add-on")
	ErrNotAllowed      = errors.New("entitlement: add-on not allowed with main product")
	ErrRequires        = errors.New("entitlement: add-on requires another add-on")
	ErrExcludes        = errors.New("entitlement: add-ons exclude each other")
	ErrQuantity        = errors.New("entitlement: quantity out of range")
	ErrConflict        = errors.New("entitlement: equal-priority add-ons conflict")
	ErrMissingFact     = errors.New("entitlement: band rule needs a missing fact")
	ErrMissingRequired = errors.New("entitlement: enabled feature lacks a required attribute")
	ErrScope           = errors.New("entitlement: attribute scope forbids an account value")
	ErrInvalidValue    = errors.New("entitlement: invalid account value")
	ErrNotAssigned     = errors.New("entitlement: add-on not assigned")
)

// UnknownError reports an ID the catalog does not know. Kind is "product",
// "feature" or "attribute".
type UnknownError struct {
	Kind string
	ID   string
}

func (e *UnknownError) Error() string { return fmt.Sprintf("entitlement: unknown %s %q", e.Kind, e.ID) }

// Unwrap returns ErrUnknown.
func (e *UnknownError) Unwrap() error { return ErrUnknown }

// KindError reports a product of the wrong kind: an add-on named as the main
// product (ErrNotMain) or a main product assigned as an add-on (ErrNotAddOn).
type KindError struct {
	Product string
	Want    string // "main" or "addon"
}

func (e *KindError) Error() string {
	if e.Want == "main" {
		return fmt.Sprintf("entitlement: product %q is not a main product", e.Product)
	}
	return fmt.Sprintf("entitlement: product %q is not an add-on", e.Product)
}

// Unwrap returns ErrNotMain or ErrNotAddOn.
func (e *KindError) Unwrap() error {
	if e.Want == "main" {
		return ErrNotMain
	}
	return ErrNotAddOn
}

// NotAllowedError reports an add-on whose allowed list does not name the
// account's main product.
type NotAllowedError struct {
	AddOn string
	Main  string
}

func (e *NotAllowedError) Error() string {
	return fmt.Sprintf("entitlement: add-on %q is not allowed with main product %q", e.AddOn, e.Main)
}

// Unwrap returns ErrNotAllowed.
func (e *NotAllowedError) Unwrap() error { return ErrNotAllowed }

// RequiresError reports an add-on whose required add-on is not present.
type RequiresError struct {
	AddOn    string
	Requires string
}

func (e *RequiresError) Error() string {
	return fmt.Sprintf("entitlement: add-on %q requires add-on %q, which is not assigned", e.AddOn, e.Requires)
}

// Unwrap returns ErrRequires.
func (e *RequiresError) Unwrap() error { return ErrRequires }

// ExcludesError reports two add-ons that exclude each other. AddOns is
// sorted.
type ExcludesError struct {
	AddOns [2]string
}

func (e *ExcludesError) Error() string {
	return fmt.Sprintf("entitlement: add-ons %q and %q exclude each other", e.AddOns[0], e.AddOns[1])
}

// Unwrap returns ErrExcludes.
func (e *ExcludesError) Unwrap() error { return ErrExcludes }

// QuantityError reports an add-on quantity below 0 or above its maximum:
// an assignment's Quantity, or the total of the add-on's assignments
// active at the instant. When that total does not fit an int, Overflow is
// set and Quantity is 0; such a total exceeds every maximum.
type QuantityError struct {
	AddOn    string
	Quantity int
	Max      int
	Overflow bool
}

func (e *QuantityError) Error() string {
	if e.Overflow {
		return fmt.Sprintf("entitlement: add-on %q quantities add up beyond %d, outside 1..%d", e.AddOn, math.MaxInt, e.Max)
	}
	return fmt.Sprintf("entitlement: add-on %q quantity %d is outside 1..%d", e.AddOn, e.Quantity, e.Max)
}

// Unwrap returns ErrQuantity.
func (e *QuantityError) Unwrap() error { return ErrQuantity }

// Is reports whether target is ErrOverflow and the quantities overflowed,
// so an overflowing total matches both ErrQuantity and ErrOverflow.
func (e *QuantityError) Is(target error) bool { return target == ErrOverflow && e.Overflow }

// ConflictError reports two add-ons of equal priority that define the same
// feature state, or the same override attribute, with different values.
// Attribute is empty for a feature-state conflict. AddOns is sorted, and
// Values holds each add-on's value in the same order.
type ConflictError struct {
	Feature   string
	Attribute string
	AddOns    [2]string
	Priority  int
	Values    [2]string
}

func (e *ConflictError) Error() string {
	what := "feature " + quote(e.Feature)
	if e.Attribute != "" {
		what = "attribute " + quote(e.Attribute) + " of " + what
	}
	return fmt.Sprintf("entitlement: add-ons %q (%s) and %q (%s) both set %s at priority %d",
		e.AddOns[0], e.Values[0], e.AddOns[1], e.Values[1], what, e.Priority)
}

// Unwrap returns ErrConflict.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// MissingFactError reports a band rule whose fact the account does not have.
type MissingFactError struct {
	Fact      string
	Attribute string
	Product   string
}

func (e *MissingFactError) Error() string {
	return fmt.Sprintf("entitlement: attribute %q of product %q is banded by fact %q, which the account lacks", e.Attribute, e.Product, e.Fact)
}

// Unwrap returns ErrMissingFact.
func (e *MissingFactError) Unwrap() error { return ErrMissingFact }

// MissingRequiredError reports an enabled feature whose required attribute
// has no value after resolution.
type MissingRequiredError struct {
	Feature   string
	Attribute string
}

func (e *MissingRequiredError) Error() string {
	return fmt.Sprintf("entitlement: feature %q is enabled but its required attribute %q has no value", e.Feature, e.Attribute)
}

// Unwrap returns ErrMissingRequired.
func (e *MissingRequiredError) Unwrap() error { return ErrMissingRequired }

// ScopeError reports an account value for an attribute only products may set.
type ScopeError struct {
	Attribute string
}

func (e *ScopeError) Error() string {
	return fmt.Sprintf("entitlement: attribute %q is product-scoped: an account cannot set it", e.Attribute)
}

// Unwrap returns ErrScope.
func (e *ScopeError) Unwrap() error { return ErrScope }

// ValueError reports an account value of the wrong type, outside its
// attribute's constraints, a band rule, or set twice.
type ValueError struct {
	Attribute string
	Reason    string
	Err       error // the catalog's *catalog.ValueError, when the value broke a catalog rule
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("entitlement: account value for attribute %q: %s", e.Attribute, e.Reason)
}

// Unwrap returns ErrInvalidValue and, when set, the catalog's error.
func (e *ValueError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidValue}
	}
	return []error{ErrInvalidValue, e.Err}
}

// NotAssignedError reports an add-on that is not assigned to the account.
type NotAssignedError struct {
	AddOn string
}

func (e *NotAssignedError) Error() string {
	return fmt.Sprintf("entitlement: add-on %q is not assigned", e.AddOn)
}

// Unwrap returns ErrNotAssigned.
func (e *NotAssignedError) Unwrap() error { return ErrNotAssigned }

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// ErrEmptyPeriod is matched by *PeriodError.
var ErrEmptyPeriod = errors.New("entitlement: assignment period is empty or already over")

// PeriodError reports an assignment whose Until is not after its From, or
// that is over before it would take effect.
type PeriodError struct {
	AddOn       string
	From, Until time.Time
}

func (e *PeriodError) Error() string {
	return fmt.Sprintf("entitlement: assignment of add-on %q from %s until %s is empty or over", e.AddOn, e.From.Format(time.RFC3339), e.Until.Format(time.RFC3339))
}

// Unwrap returns ErrEmptyPeriod.
func (e *PeriodError) Unwrap() error { return ErrEmptyPeriod }
