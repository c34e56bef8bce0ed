package entitlement

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// Account is what a customer has ordered: a main product over time, add-on
// assignments, its own feature and attribute settings, and the facts band
// rules read. It is a plain value with a JSON form (MarshalJSON,
// DecodeAccount); the host stores it however it likes. Functions that
// change an account return a new Account and leave their argument as it
// was.
//
// The main product has a history: Main is the latest, in force from
// MainFrom on, and PastMains lists the earlier ones, oldest first. Exactly
// one main product is in force at any instant from the account's
// activation on (see MainAt). An account that never changed its main
// product is just {ID, Main}; ChangeMain records each change.
type Account struct {
	ID string
	// Main is the latest main product: the one in force from MainFrom on,
	// which may still lie ahead when a change is scheduled. MainAt gives
	// the one in force at an instant.
	Main string
	// MainFrom is when Main took effect: the account's activation when
	// PastMains is empty, the instant of the last change otherwise. Zero
	// means since always (allowed only when PastMains is empty).
	MainFrom time.Time
	// MainTerms is the instant Main was sold, whose catalog and price-book
	// versions govern it (see Versioned); zero means MainFrom.
	MainTerms time.Time
	// PastMains are the main products in force before MainFrom, oldest
	// first: each from its From until the next one's From, the last until
	// MainFrom. The first one's From is the activation (zero: since
	// always); every other From is after the one before it.
	PastMains []MainPeriod
	AddOns    []Assignment             // in any order: resolution sorts them
	States    []StateSetting           // account-level feature states
	Values    []catalog.AttributeValue // account-level attribute values (constants only)
	Facts     map[string]decimal.Decimal
}

// MainPeriod is an earlier main product of an account: Product in force
// from From until the next period's From (or the account's MainFrom).
type MainPeriod struct {
	Product string
	From    time.Time
	Terms   time.Time // the sale instant whose catalog version governs it (see Versioned); zero: From
}

// MainAt returns the main product in force at t, and false before the
// account's activation (see Activated). It does not check the history;
// Resolve does (*HistoryError).
func (a Account) MainAt(t time.Time) (string, bool) {
	if a.MainFrom.IsZero() || !t.Before(a.MainFrom) {
		return a.Main, true
	}
	for i := len(a.PastMains) - 1; i >= 0; i-- {
		if p := &a.PastMains[i]; p.From.IsZero() || !t.Before(p.From) {
			return p.Product, true
		}
	}
	return "", false
}

// Activated returns the instant the account's first main product took
// effect; zero means since always.
func (a Account) Activated() time.Time {
	if len(a.PastMains) > 0 {
		return a.PastMains[0].From
	}
	return a.MainFrom
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
	// Terms is the instant it was sold: with versioned catalogs and price
	// books, the versions in force then govern its features and prices
	// (see Versioned). Zero means From. A single catalog ignores it.
	Terms time.Time
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
	a.PastMains = append([]MainPeriod(nil), a.PastMains...)
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
