package entitlement

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// Account is what a customer has ordered: one main product, add-on
// assignments, its own feature and attribute settings, and the facts band
// rules read. It is a plain value with a JSON form (see MarshalJSON); the
// host stores it however it likes. Functions that change an account return a
// new Account and leave their argument as it was.
type Account struct {
	ID     string
	Main   string                   // the main product's ID
	AddOns []Assignment             // in any order: resolution sorts them
	States []StateSetting           // account-level feature states
	Values []catalog.AttributeValue // account-level attribute values (constants only)
	Facts  map[string]decimal.Decimal
}

// Assignment is an add-on assigned to an account for a period.
//
// The assignment is active at t when From <= t < Until; a zero From means
// "since always", a zero Until "until further notice". Quantity 0 means 1.
// Several assignments of the same add-on active at once add their
// quantities.
type Assignment struct {
	AddOn    string
	Quantity int
	From     time.Time
	Until    time.Time
}

// ActiveAt reports whether the assignment is active at t.
func (a Assignment) ActiveAt(t time.Time) bool {
	return (a.From.IsZero() || !t.Before(a.From)) && (a.Until.IsZero() || t.Before(a.Until))
}

// Qty returns the assignment's effective quantity (Quantity, or 1 when it
// is 0).
func (a Assignment) Qty() int {
	if a.Quantity == 0 {
		return 1
	}
	return a.Quantity
}

// StateSetting is an account-level feature state: it overrides every
// product.
type StateSetting struct {
	Feature string
	State   catalog.State
}

// Clone returns a deep copy of a.
func (a Account) Clone() Account {
	a.AddOns = append([]Assignment(nil), a.AddOns...)
	a.States = append([]StateSetting(nil), a.States...)
	a.Values = append([]catalog.AttributeValue(nil), a.Values...)
	if a.Facts != nil {
		f := make(map[string]decimal.Decimal, len(a.Facts))
		for k, v := range a.Facts {
			f[k] = v
		}
		a.Facts = f
	}
	return a
}
