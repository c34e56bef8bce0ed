package entitlement

import (
	"slices"
	"time"
)

// Move returns the account moved at at to the terms of catalog version to
// (its ID): from at on, every holding in force at at or starting later is
// governed by that version. A holding already under that version's terms
// is left as it is; one in force since before at is split at at, the
// old terms until at and the new ones from at (an assignment ends at at
// and an identical one starts there; the main product gets a history
// entry of the same product at at), so the days before at keep their
// terms when a period is quoted; a holding that starts later has its
// Terms set. A moved holding's Terms is the version's From (for a first
// version in force since always, an instant before the second version's
// From).
//
// Errors: an unknown version, *UnknownError; a holding whose product the
// version does not define (retired there, or not yet introduced),
// *NotForSaleError listing them all; a moved account that does not
// resolve at at, the resolution error. The account passed in is never
// modified.
func (v *Versioned) Move(a Account, to string, at time.Time) (Account, error) {
	if err := v.ready(); err != nil {
		return a, err
	}
	ti, ok := v.set.Index(to)
	if !ok {
		return a, &UnknownError{Kind: "catalog version", ID: to}
	}
	if err := checkHistory(&a); err != nil {
		return a, err
	}
	terms := v.termsOf(ti)
	floor := v.set.Floor(at)
	governs := func(t time.Time) int { return max(v.set.TermsIndex(t), floor) }
	target := max(ti, floor)
	moves := func(t time.Time) bool { return governs(t) != target }
	var missing []string
	need := func(p string) {
		if !v.set.Defines(ti, p) && !slices.Contains(missing, p) {
			missing = append(missing, p)
		}
	}
	next := a.Clone()
	ps := periods(&next)
	k := 0
	if !at.Before(next.Activated()) {
		k = inForce(ps, at)
	}
	for j := k; j < len(ps); j++ {
		if moves(orFrom(ps[j].Terms, ps[j].From)) {
			need(ps[j].Product)
		}
	}
	for _, asg := range next.AddOns {
		if (asg.ActiveAt(at) || asg.From.After(at)) && moves(asg.termsInstant()) {
			need(asg.AddOn)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return a, &NotForSaleError{Products: missing, Version: to, At: at}
	}
	for j := k + 1; j < len(ps); j++ {
		if moves(orFrom(ps[j].Terms, ps[j].From)) {
			ps[j].Terms = terms
		}
	}
	if cur := &ps[k]; moves(orFrom(cur.Terms, cur.From)) {
		switch {
		case at.Before(next.Activated()) || cur.From.Equal(at):
			cur.Terms = terms
		default:
			ps = slices.Insert(ps, k+1, MainPeriod{Product: cur.Product, From: at, Terms: terms})
		}
	}
	// A period that starts at at and continues the one before it on the
	// same terms (a move there and back) is merged into it.
	for j := len(ps) - 1; j > 0; j-- {
		if p, q := ps[j-1], ps[j]; q.From.Equal(at) && q.Product == p.Product && governs(orFrom(q.Terms, q.From)) == governs(orFrom(p.Terms, p.From)) {
			ps = slices.Delete(ps, j, j+1)
		}
	}
	setPeriods(&next, ps)
	var asgs []Assignment
	for _, asg := range next.AddOns {
		switch {
		case !moves(asg.termsInstant()) || !(asg.ActiveAt(at) || asg.From.After(at)):
			asgs = append(asgs, asg)
		case asg.From.Before(at):
			old, moved := asg, asg
			old.Until, moved.From, moved.Terms = at, at, terms
			asgs = append(asgs, old, moved)
		default:
			asg.Terms = terms
			asgs = append(asgs, asg)
		}
	}
	next.AddOns = mergeAt(asgs, at, func(x, y *Assignment) bool {
		return governs(x.termsInstant()) == governs(y.termsInstant())
	})
	if _, active := next.MainAt(at); active {
		if _, err := v.Resolve(next, at); err != nil {
			return a, err
		}
	}
	return next, nil
}

// termsOf returns the terms instant of version i: its From, or for a
// first version in force since always an instant before the second
// version (any instant when it is the only one).
func (v *Versioned) termsOf(i int) time.Time {
	ver, _ := v.set.Version(i)
	if !ver.From.IsZero() {
		return ver.From
	}
	if next, ok := v.set.Version(i + 1); ok {
		return next.From.Add(-time.Nanosecond)
	}
	return time.Unix(0, 0).UTC()
}

// Migration is what moving one account to another catalog version would
// change at an instant: what provisioning would see. Package pricing adds
// what billing would see.
type Migration struct {
	Account Account  // the account as it is
	Moved   Account  // the account as Move returns it
	Before  Config   // its configuration at the instant, under its terms
	After   Config   // its configuration at the instant, moved
	Changes []Change // Diff(Before, After): empty when the move changes nothing provisioning sees
	Err     error    // why it cannot move (a *NotForSaleError for a retired product, a resolution error); Moved, After and Changes are then zero
}

// Changed reports whether the move changes the account's configuration.
func (m Migration) Changed() bool { return len(m.Changes) > 0 }

// Migrate reports, for each account holding at at a product sold under
// catalog version from (its terms, or a version governing existing
// accounts then; from "" takes every account), what moving it to version
// to at at would change (see Move and Migration), in the order given.
// Accounts under other versions' terms are left out. An account that
// cannot be moved, or does not resolve at at, is reported with Err set;
// only unknown version IDs (*UnknownError) fail the whole report. Cost:
// two resolutions and a Diff per account reported.
func (v *Versioned) Migrate(accounts []Account, from, to string, at time.Time) ([]Migration, error) {
	if err := v.ready(); err != nil {
		return nil, err
	}
	fi := -1
	if from != "" {
		i, ok := v.set.Index(from)
		if !ok {
			return nil, &UnknownError{Kind: "catalog version", ID: from}
		}
		fi = i
	}
	if _, ok := v.set.Index(to); !ok {
		return nil, &UnknownError{Kind: "catalog version", ID: to}
	}
	var out []Migration
	for _, a := range accounts {
		if fi >= 0 && !v.holdsUnder(&a, fi, at) {
			continue
		}
		m := Migration{Account: a}
		m.Before, m.Err = v.Resolve(a, at)
		if m.Err == nil {
			m.Moved, m.Err = v.Move(a, to, at)
		}
		if m.Err == nil {
			m.After, m.Err = v.Resolve(m.Moved, at)
		}
		if m.Err != nil {
			m.Moved, m.After = Account{}, Config{}
		} else {
			m.Changes = Diff(m.Before, m.After)
		}
		out = append(out, m)
	}
	return out, nil
}

// holdsUnder reports whether a holds at at a product under the terms of
// version i.
func (v *Versioned) holdsUnder(a *Account, i int, at time.Time) bool {
	floor := v.set.Floor(at)
	under := func(terms time.Time) bool { return max(v.set.TermsIndex(terms), floor) == i }
	if _, terms, ok := mainHoldingAt(a, at); ok && under(terms) {
		return true
	}
	for k := range a.AddOns {
		if asg := &a.AddOns[k]; asg.ActiveAt(at) && under(asg.termsInstant()) {
			return true
		}
	}
	return false
}

// mergeAt joins each assignment that ends at at with one of the same
// add-on and quantity that starts there, when same says their terms agree:
// the split an earlier move made, undone by a move back.
func mergeAt(asgs []Assignment, at time.Time, same func(x, y *Assignment) bool) []Assignment {
	for i := 0; i < len(asgs); i++ {
		x := &asgs[i]
		if !x.Until.Equal(at) {
			continue
		}
		for j := range asgs {
			if y := &asgs[j]; j != i && y.From.Equal(at) && y.AddOn == x.AddOn && y.Qty() == x.Qty() && same(x, y) {
				x.Until = y.Until
				asgs = slices.Delete(asgs, j, j+1)
				if j < i {
					i--
				}
				break
			}
		}
	}
	return asgs
}
