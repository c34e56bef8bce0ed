package entitlement

import (
	"slices"
	"time"

	"github.com/tariffkit/tariff/catalog"
)

// Assign returns the account with the assignment added, and its
// configuration at asg.From, the instant the assignment takes effect.
//
// One instant governs: asg.From. at is the instant the order is placed and
// only fills a zero From (the stored assignment then starts at at, and is
// billed from there); a From before at backdates the assignment, a From
// after at schedules it. The rules are checked from From on, over the
// assignment's whole span: at From and at every later instant before Until
// where the account's configuration may change (a main product period or
// another assignment starting or ending), so an account that Assign returns
// resolves at every instant the new assignment is active.
//
// The add-on must be an add-on the catalog knows, sold to accounts with the
// account's facts (catalog.Product.Eligible), allowed with the account's
// main product, with every add-on it requires present, nothing it excludes
// (or that excludes it) present, its total quantity within its maximum, and
// no equal-priority conflict with the add-ons active then. Each refusal is a
// typed error (*UnknownError, *KindError, *PeriodError, *EligibilityError,
// *NotAllowedError, *RequiresError, *ExcludesError, *QuantityError,
// *ConflictError, *InactiveError for a From before the activation, ...),
// checked in that order: the assignment itself, then eligibility, then the
// rules from the first instant that fails. The account passed in is never
// modified, so a refused assignment leaves it exactly as it was.
//
// Eligibility is checked here, when the add-on is sold, against the
// account's facts as they are now; Resolve does not check it, so an account
// keeps an add-on it holds when its facts change.
//
// An add-on the catalog marks OneOff (catalog.Product.OneOff: a self-install
// kit, a setup visit) is a purchase, not a holding. It is checked at From
// as above, with the other add-ons active then, and stored with Until equal
// to From: it is active at no instant, so it blocks nothing it excludes and
// satisfies nothing that requires it afterwards, and can be bought again
// later. A quote bills its one-time charges in the period that holds From,
// and nothing else. A non-zero Until given for it is replaced.
//
// Cost: one resolution per instant checked, at most one plus twice the
// account's assignments plus its main product periods.
func (r *Resolver) Assign(a Account, asg Assignment, at time.Time) (Account, Config, error) {
	if err := r.ready(); err != nil {
		return a, Config{}, err
	}
	pi, err := r.product(asg.AddOn, catalog.KindAddOn)
	if err != nil {
		return a, Config{}, err
	}
	if asg.Quantity < 0 {
		return a, Config{}, &QuantityError{AddOn: asg.AddOn, Quantity: asg.Quantity, Max: r.products[pi].maxQty}
	}
	if asg.From.IsZero() {
		asg.From = at
	}
	oneOff := r.products[pi].oneOff
	if !oneOff && !asg.Until.IsZero() && !asg.Until.After(asg.From) {
		return a, Config{}, &PeriodError{AddOn: asg.AddOn, From: asg.From, Until: asg.Until}
	}
	if err := r.eligible(pi, a.Facts); err != nil {
		return a, Config{}, err
	}
	if oneOff {
		return r.assignOneOff(a, asg)
	}
	next := a.Clone()
	next.AddOns = append(next.AddOns, asg)
	cfg, err := checkSpan(next, asg, r.Resolve)
	if err != nil {
		return a, Config{}, err
	}
	return next, cfg, nil
}

// assignOneOff records the purchase of a one-off add-on (see Assign): the
// rules are checked with it held for the instant From only, and it is
// stored with Until equal to From, active at no instant. The configuration
// returned is the one at From with the purchase in it.
func (r *Resolver) assignOneOff(a Account, asg Assignment) (Account, Config, error) {
	held := asg
	held.Until = asg.From.Add(time.Nanosecond)
	probe := a.Clone()
	probe.AddOns = append(probe.AddOns, held)
	cfg, err := r.Resolve(probe, asg.From)
	if err != nil {
		return a, Config{}, err
	}
	next := a.Clone()
	asg.Until = asg.From
	next.AddOns = append(next.AddOns, asg)
	return next, cfg, nil
}

// checkSpan resolves next at asg.From and at every later instant before
// asg.Until where next's configuration may change, and returns the
// configuration at asg.From, or the first error. One-off purchases made at
// asg.From count as held then: what they exclude cannot be bought in the
// same instant.
func checkSpan(next Account, asg Assignment, resolve func(Account, time.Time) (Config, error)) (Config, error) {
	at, copied := next, false
	for i, x := range next.AddOns {
		if x.From.Equal(asg.From) && x.Until.Equal(x.From) {
			if !copied {
				at.AddOns, copied = slices.Clone(next.AddOns), true
			}
			at.AddOns[i].Until = x.From.Add(time.Nanosecond)
		}
	}
	cfg, err := resolve(at, asg.From)
	if err != nil {
		return Config{}, err
	}
	return cfg, checkLater(next, asg, resolve)
}

// checkLater resolves next at every instant after asg.From and before
// asg.Until where next's configuration may change, and returns the first
// error.
func checkLater(next Account, asg Assignment, resolve func(Account, time.Time) (Config, error)) error {
	for _, t := range changesWithin(&next, asg.From, asg.Until) {
		if _, err := resolve(next, t); err != nil {
			return err
		}
	}
	return nil
}

// changesWithin returns, sorted and each once, the instants after from and
// before until (zero: no end) at which one of a's main product periods or
// assignments starts or ends.
func changesWithin(a *Account, from, until time.Time) []time.Time {
	var out []time.Time
	add := func(t time.Time) {
		if t.After(from) && (until.IsZero() || t.Before(until)) {
			out = append(out, t)
		}
	}
	for _, p := range a.PastMains {
		add(p.From)
	}
	add(a.MainFrom)
	for _, x := range a.AddOns {
		add(x.From)
		add(x.Until)
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.CompactFunc(out, time.Time.Equal)
}

// Unassign returns the account with the add-on ended at at — assignments
// active at at end there (one that starts exactly at at is removed), and
// assignments that start later are removed — with its configuration at at.
// It fails with *NotAssignedError when the add-on is neither active at at
// nor scheduled after it, and with *RequiresError when another active add-on
// requires it. The account passed in is never modified.
func (r *Resolver) Unassign(a Account, addOn string, at time.Time) (Account, Config, error) {
	if err := r.ready(); err != nil {
		return a, Config{}, err
	}
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
	From    string   // the main product in force at the change on the account given (the one replaced)
	To      string   // the new main product
	Dropped []string // add-ons ended at the change, sorted: not allowed with To, or requiring one that was
	Changes []Change // what provisioning must do, as Diff(before, after) at the change
	Config  Config   // the configuration at the change, after it
}

// ChangeMain returns the account with newMain as its main product from at
// on, recording the change in the account's main-product history (Main,
// MainFrom, PastMains): the result's MainAt gives the old main product
// before at and newMain from at on. The rules:
//
//   - Main-product periods that start after at (scheduled changes) are
//     removed: the new change replaces them. Removing one does not restore
//     the assignments it ended.
//   - A change at exactly the start of the period in force at at replaces
//     that period's product, so no zero-length period is kept (and a
//     period that comes to repeat the product before it is merged into
//     that one). In particular a change at the activation (or at a zero at
//     on an account without history or activation instant) replaces the
//     product from the activation, with no history entry.
//   - A change to the product already in force at at changes nothing but
//     the removal of scheduled periods (and of the add-ons assigned from a
//     later instant that the product does not allow, as below): with no
//     scheduled period, the account comes back unchanged and Dropped is
//     empty.
//   - A change before the activation is an *InactiveError; a malformed
//     history, a *HistoryError.
//   - Add-ons the new main product does not allow are dropped, and so are
//     add-ons that require a dropped one (repeatedly); only add-ons active
//     at at or assigned from a later instant count. A dropped add-on's
//     assignments active at at end at at (Until = at; one that starts
//     exactly at at is removed), and those that start later are removed,
//     so the account keeps them before the change. The caller sees which
//     in MainChange.Dropped.
//
// MainChange.From is the product in force at at on the account given,
// To is newMain, Changes the provisioning diff of the configurations at at
// before and after the change, and Config the one after. The account
// passed in is never modified; on error it is returned as it was.
func (r *Resolver) ChangeMain(a Account, newMain string, at time.Time) (Account, MainChange, error) {
	if err := r.ready(); err != nil {
		return a, MainChange{}, err
	}
	if _, err := r.product(newMain, catalog.KindMain); err != nil {
		return a, MainChange{}, err
	}
	before, err := r.Resolve(a, at)
	if err != nil {
		return a, MainChange{}, err
	}
	return r.changeMain(a, newMain, at, before)
}

// changeMain is ChangeMain given the account's configuration at at before
// the change (resolved, so the history is well-formed and a main product
// in force).
func (r *Resolver) changeMain(a Account, newMain string, at time.Time, before Config) (Account, MainChange, error) {
	old, _ := a.MainAt(at)
	ps, changed, trimmed := changeHistory(&a, newMain, at)
	if !changed && !trimmed {
		return a.Clone(), MainChange{From: old, To: newMain, Config: before}, nil
	}
	next := a.Clone()
	setPeriods(&next, ps)
	dropped := r.dropFor(next.AddOns, newMain, at)
	next.AddOns = slices.DeleteFunc(next.AddOns, func(asg Assignment) bool {
		return slices.Contains(dropped, asg.AddOn) && !asg.From.Before(at)
	})
	for i := range next.AddOns {
		if asg := &next.AddOns[i]; slices.Contains(dropped, asg.AddOn) && asg.ActiveAt(at) {
			asg.Until = at
		}
	}
	after, err := r.Resolve(next, at)
	if err != nil {
		return a, MainChange{}, err
	}
	return next, MainChange{From: old, To: newMain, Dropped: dropped, Changes: Diff(before, after), Config: after}, nil
}

// dropFor returns, sorted, the add-ons of asgs active at at or assigned
// from a later instant that main does not allow, and those that require a
// dropped one, repeatedly.
func (r *Resolver) dropFor(asgs []Assignment, main string, at time.Time) []string {
	var dropped []string
	drop := func(id string) {
		if !slices.Contains(dropped, id) {
			dropped = append(dropped, id)
		}
	}
	counts := func(asg Assignment) bool { return asg.ActiveAt(at) || asg.From.After(at) }
	for _, asg := range asgs {
		if counts(asg) && !r.cat.Allows(asg.AddOn, main) {
			drop(asg.AddOn)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, asg := range asgs {
			if !counts(asg) || slices.Contains(dropped, asg.AddOn) {
				continue
			}
			pi, ok := r.cat.ProductIndex(asg.AddOn)
			if ok && slices.ContainsFunc(r.products[pi].requires, func(q int32) bool { return slices.Contains(dropped, r.products[q].id) }) {
				drop(asg.AddOn)
				changed = true
			}
		}
	}
	slices.Sort(dropped)
	return dropped
}
