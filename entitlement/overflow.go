package entitlement

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// ErrOverflow is matched by *OverflowError, and by a *QuantityError whose
// quantities add up beyond the int range.
var ErrOverflow = errors.New("entitlement: value out of range")

// OverflowError reports a combined value that its attribute's type cannot
// hold: an integer sum beyond the int64 range. Products are the products
// whose values were summed, lowest layer first (the main product, then the
// add-ons by priority).
type OverflowError struct {
	Attribute string
	Products  []string
}

func (e *OverflowError) Error() string {
	return fmt.Sprintf("entitlement: attribute %q: the sum of the values of %s does not fit an int64",
		e.Attribute, strings.Join(quoteAll(e.Products), ", "))
}

// Unwrap returns ErrOverflow.
func (e *OverflowError) Unwrap() error { return ErrOverflow }

func quoteAll(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = quote(id)
	}
	return out
}

// overQty, as an add-on's total quantity while activate runs, says its
// assignments' quantities add up beyond math.MaxInt. Compared as an
// unsigned number it exceeds every maximum quantity, so the quantity rule
// refuses it without a test of its own.
const overQty = -1

// addQty adds a quantity b of at least 1 to a total a (at least 1, or
// overQty): a total that does not fit an int is overQty, which stays so.
// It never saturates: a saturated total could pass a maximum of
// math.MaxInt.
func addQty(a, b int) int {
	if a < 0 || a > math.MaxInt-b {
		return overQty
	}
	return a + b
}

// quantityError reports the total quantity qty (or overQty) of add-on p
// outside 1..p.maxQty.
func quantityError(p *cproduct, qty int) *QuantityError {
	if qty == overQty {
		return &QuantityError{AddOn: p.id, Max: p.maxQty, Overflow: true}
	}
	return &QuantityError{AddOn: p.id, Quantity: qty, Max: p.maxQty}
}

// overflowError returns the *OverflowError of attribute at, naming the
// layers that define it: main product mi and the active add-ons.
func (r *Resolver) overflowError(mi int32, active []activeAddOn, at int32) error {
	e := &OverflowError{Attribute: r.attrs[at].id}
	for l := range 1 + len(active) {
		p := mi
		if l > 0 {
			p = active[l-1].p
		}
		if prod := &r.products[p]; prod.valueOf(at) != nil {
			e.Products = append(e.Products, prod.id)
		}
	}
	return e
}
