package entitlement

import (
	"slices"
	"time"

	"github.com/tariffkit/tariff/catalog"
)

// Assign returns the account with the assignment added, and its
// configuration at the instant the assignment takes effect (asg.From, or at
// when From is zero or earlier).
//
// The add-on must be an add-on the catalog knows, allowed with the account's
// main product, with every add-on it requires present, nothing it excludes
// (or that excludes it) present, its total quantity within its maximum, and
// no equal-priority conflict with the add-ons active then. Each refusal is a
// typed error (*UnknownError, *KindError, *PeriodError, *NotAllowedError,
// *RequiresError, *ExcludesError, *QuantityError, *ConflictError, ...). The
// rules are checked at the instant the assignment takes effect. The account
// passed in is never modified, so a refused assignment leaves it exactly as
// it was.
func (r *Resolver) Assign(a Account, asg Assignment, at time.Time) (Account, Config, error) {
	pi, err := r.product(asg.AddOn, catalog.KindAddOn)
	if err != nil {
		return a, Config{}, err
	}
	if asg.Quantity < 0 {
		return a, Config{}, &QuantityError{AddOn: asg.AddOn, Quantity: asg.Quantity, Max: r.products[pi].maxQty}
	}
	if !asg.Until.IsZero() && !asg.Until.After(asg.From) {
		return a, Config{}, &PeriodError{AddOn: asg.AddOn, From: asg.From, Until: asg.Until}
	}
	when := at
	if asg.From.After(at) {
		when = asg.From
	}
	if !asg.ActiveAt(when) {
		return a, Config{}, &PeriodError{AddOn: asg.AddOn, From: asg.From, Until: asg.Until}
	}
	next := a.Clone()
	next.AddOns = append(next.AddOns, asg)
	cfg, err := r.Resolve(next, when)
	if err != nil {
		return a, Config{}, err
	}
	return next, cfg, nil
}

// Unassign returns the account with the add-on ended at at — assignments
// active at at end there (one that starts exactly at at is removed), and
// assignments that start later are removed — with its configuration at at.
// It fails with *NotAssignedError when the add-on is neither active at at
// nor scheduled after it, and with *RequiresError when another active add-on
// requires it. The account passed in is never modified.
func (r *Resolver) Unassign(a Account, addOn string, at time.Time) (Account, Config, error) {
	if _, err := r.product(addOn, catalog.KindAddOn); err != nil {
		return a, Config{}, err
	}
	next := a.Clone()
	found := false
	next.AddOns = slices.DeleteFunc(next.AddOns, func(asg Assignment) bool {
		if asg.AddOn != addOn || (!asg.ActiveAt(at) && !asg.From.After(at)) {
			return false
		}
		found = true
		return !asg.From.Before(at)
	})
	if !found {
		return a, Config{}, &NotAssignedError{AddOn: addOn}
	}
	for i := range next.AddOns {
		if next.AddOns[i].AddOn == addOn && next.AddOns[i].ActiveAt(at) {
			next.AddOns[i].Until = at
		}
	}
	cfg, err := r.Resolve(next, at)
	if err != nil {
		return a, Config{}, err
	}
	return next, cfg, nil
}

// MainChange is the outcome of changing an account's main product.
type MainChange struct {
	From, To string   // the old and new main products
	Dropped  []string // add-ons removed, sorted: not allowed with To, or requiring one that was
	Changes  []Change // what provisioning must do, as Diff(before, after) at the change
	Config   Config   // the configuration after the change
}

// ChangeMain returns the account with its main product changed to newMain
// at at. Add-ons the new main product does not allow are dropped, and so are
// add-ons that require a dropped one (repeatedly); the caller sees which in
// MainChange.Dropped, with the provisioning diff. The account describes the
// configuration from at on: dropped add-ons lose all their assignments.
// The account passed in is never modified; on error it is returned as it
// was.
func (r *Resolver) ChangeMain(a Account, newMain string, at time.Time) (Account, MainChange, error) {
	if _, err := r.product(newMain, catalog.KindMain); err != nil {
		return a, MainChange{}, err
	}
	before, err := r.Resolve(a, at)
	if err != nil {
		return a, MainChange{}, err
	}
	next := a.Clone()
	next.Main = newMain
	var dropped []string
	drop := func(id string) {
		if !slices.Contains(dropped, id) {
			dropped = append(dropped, id)
		}
	}
	for _, asg := range next.AddOns {
		if !r.cat.Allows(asg.AddOn, newMain) {
			drop(asg.AddOn)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, asg := range next.AddOns {
			if slices.Contains(dropped, asg.AddOn) {
				continue
			}
			p, _ := r.cat.Product(asg.AddOn)
			if slices.ContainsFunc(p.Requires, func(q string) bool { return slices.Contains(dropped, q) }) {
				drop(asg.AddOn)
				changed = true
			}
		}
	}
	next.AddOns = slices.DeleteFunc(next.AddOns, func(asg Assignment) bool { return slices.Contains(dropped, asg.AddOn) })
	after, err := r.Resolve(next, at)
	if err != nil {
		return a, MainChange{}, err
	}
	slices.Sort(dropped)
	return next, MainChange{From: a.Main, To: newMain, Dropped: dropped, Changes: Diff(before, after), Config: after}, nil
}
