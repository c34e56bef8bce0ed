package entitlement

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"github.com/tariffkit/tariff/catalog"
)

// ErrNotForSale is matched by every *NotForSaleError.
var ErrNotForSale = errors.New("entitlement: product not for sale under that version")

// NotForSaleError reports products the catalog version of a sale does not
// define (not yet introduced, or retired), or a sale before the first
// version's From (Version empty).
type NotForSaleError struct {
	Products []string
	Version  string
	At       time.Time
}

func (e *NotForSaleError) Error() string {
	if e.Version == "" {
		return fmt.Sprintf("entitlement: %s not for sale at %s: no catalog version in force", strings.Join(e.Products, ", "), e.At.Format(time.RFC3339Nano))
	}
	return fmt.Sprintf("entitlement: %s not in catalog version %q", strings.Join(e.Products, ", "), e.Version)
}

// Unwrap returns ErrNotForSale.
func (e *NotForSaleError) Unwrap() error { return ErrNotForSale }

// Versioned resolves accounts against a set of catalog versions, each
// product under the terms it was sold on. The rules are those of
// catalog.Versions:
//
//   - What is sold at t is sold under the version in force at t: Assign,
//     ChangeMain and upgrade candidates offer only products that version
//     defines (a *NotForSaleError otherwise), so a product introduced by a
//     later version can be bought by an account sold long before it, and a
//     retired one cannot be bought again.
//   - A holding (the main product in force, an add-on assignment) keeps the
//     terms of its sale: the catalog version in force at its Terms instant
//     (zero Terms: its From) defines its features, values and priority,
//     until a later version whose Existing has come governs it, or the host
//     moves the account (Move). Assign stamps Terms with the sale instant.
//   - Features, attributes and their defaults are those of the version in
//     force at the instant resolved, for every account.
//   - A holding may stay with what its own terms allow or what the version
//     in force allows, whichever allows more: a main-product change to a
//     product of a newer version keeps every add-on either version allows
//     with it.
//
// Cost: an account whose holdings are all governed as the version in force
// would govern them (the common case: every account sold under the current
// version, or no definition changed since) resolves with that version's
// precompiled Resolver: one binary search per holding on top of
// Resolver.Resolve. An account holding products whose definitions differ
// between versions resolves with a catalog composed for that combination
// (catalog.Versions.Compose), built once and kept for later calls, up to
// 1,024 combinations.
//
// A Versioned is safe for concurrent use. A nil *Versioned, or one built
// from a nil or empty set, resolves nothing: every method returns
// ErrNoCatalog.
type Versioned struct {
	set   *catalog.Versions
	views []*Resolver // by version index: NewResolver(set.View(i))

	mu    sync.RWMutex
	mixed map[string]mixedEntry
}

type mixedEntry struct {
	r   *Resolver
	err error
}

// maxMixed bounds the composed catalogs a Versioned keeps.
const maxMixed = 1024

// NewVersioned compiles every version of set for resolution. It costs one
// NewResolver per version.
func NewVersioned(set *catalog.Versions) *Versioned {
	v := &Versioned{set: set}
	for i := range set.Len() {
		v.views = append(v.views, NewResolver(set.View(i)))
	}
	return v
}

// Versions returns the set v resolves against (nil for a nil v).
func (v *Versioned) Versions() *catalog.Versions {
	if v == nil {
		return nil
	}
	return v.set
}

func (v *Versioned) ready() error {
	if v == nil || len(v.views) == 0 {
		return ErrNoCatalog
	}
	return nil
}

// pin is a holding governed otherwise than the version in force governs
// its product.
type pin struct {
	product string
	version int
}

// ResolverAt returns the Resolver that resolves a at at: the version in
// force at at (the first version before it), composed with the versions
// governing the holdings active at at. Resolving a at at with it is what
// Resolve does. A composition that does not validate is returned as an
// error wrapping catalog.ErrInvalid.
func (v *Versioned) ResolverAt(a Account, at time.Time) (*Resolver, error) {
	if err := v.ready(); err != nil {
		return nil, err
	}
	c := max(v.set.IndexAt(at), 0)
	floor := v.set.Floor(at)
	var buf [8]pin
	pins := buf[:0]
	if main, terms, ok := mainHoldingAt(&a, at); ok {
		pins = v.pin(pins, main, terms, c, floor)
	}
	for i := range a.AddOns {
		if asg := &a.AddOns[i]; asg.ActiveAt(at) {
			pins = v.pin(pins, asg.AddOn, asg.termsInstant(), c, floor)
		}
	}
	if len(pins) == 0 {
		return v.views[c], nil
	}
	return v.composed(c, pins)
}

// pin appends the pin of a holding of product sold at terms, when its
// governing version defines it otherwise than version c's choice does. A
// product held twice under different terms takes the newer terms.
func (v *Versioned) pin(pins []pin, product string, terms time.Time, c, floor int) []pin {
	e := max(v.set.TermsIndex(terms), floor)
	if e == c {
		return pins
	}
	g, ok := v.set.Choice(product, e)
	if !ok {
		return pins // unknown: resolution reports it
	}
	if d, _ := v.set.Choice(product, c); v.set.Same(product, g, d) {
		return pins
	}
	for k := range pins {
		if pins[k].product == product {
			pins[k].version = max(pins[k].version, g)
			return pins
		}
	}
	return append(pins, pin{product, g})
}

// composed returns the resolver of version c composed with pins, building
// it the first time.
func (v *Versioned) composed(c int, pins []pin) (*Resolver, error) {
	slices.SortFunc(pins, func(x, y pin) int { return strings.Compare(x.product, y.product) })
	key := make([]byte, 0, 64)
	key = fmt.Appendf(key, "%d", c)
	for _, p := range pins {
		key = fmt.Appendf(key, "|%s=%d", p.product, p.version)
	}
	v.mu.RLock()
	e, ok := v.mixed[string(key)]
	v.mu.RUnlock()
	if ok {
		return e.r, e.err
	}
	m := make(map[string]int, len(pins))
	for _, p := range pins {
		m[p.product] = p.version
	}
	cat, err := v.set.Compose(c, m)
	if err == nil {
		e = mixedEntry{r: NewResolver(cat)}
	} else {
		e = mixedEntry{err: fmt.Errorf("entitlement: the terms held cannot be combined under catalog version %q: %w", v.versionID(c), err)}
	}
	v.mu.Lock()
	if v.mixed == nil || len(v.mixed) >= maxMixed {
		v.mixed = make(map[string]mixedEntry)
	}
	v.mixed[string(key)] = e
	v.mu.Unlock()
	return e.r, e.err
}

func (v *Versioned) versionID(i int) string {
	ver, _ := v.set.Version(i)
	return ver.ID
}

// termsInstant returns the instant whose versions govern the assignment:
// Terms, or From when Terms is zero.
func (a *Assignment) termsInstant() time.Time {
	if a.Terms.IsZero() {
		return a.From
	}
	return a.Terms
}

// mainHoldingAt returns the main product in force at at with its terms
// instant (its Terms, or its From when Terms is zero).
func mainHoldingAt(a *Account, at time.Time) (product string, terms time.Time, ok bool) {
	if a.MainFrom.IsZero() || !at.Before(a.MainFrom) {
		return a.Main, orFrom(a.MainTerms, a.MainFrom), a.Main != ""
	}
	for i := len(a.PastMains) - 1; i >= 0; i-- {
		p := &a.PastMains[i]
		if p.From.IsZero() || !at.Before(p.From) {
			return p.Product, orFrom(p.Terms, p.From), true
		}
	}
	return "", time.Time{}, false
}

func orFrom(terms, from time.Time) time.Time {
	if terms.IsZero() {
		return from
	}
	return terms
}

// Resolve returns the configuration of a at at, each holding under its
// terms (see Versioned). Errors are Resolver.Resolve's, and those of
// ResolverAt.
func (v *Versioned) Resolve(a Account, at time.Time) (Config, error) {
	r, err := v.ResolverAt(a, at)
	if err != nil {
		return Config{}, err
	}
	return r.Resolve(a, at)
}

// saleVersion returns the index of the version in force at at, or a
// *NotForSaleError for products when none is or it lacks one of them.
func (v *Versioned) saleVersion(at time.Time, products ...string) (int, error) {
	i := v.set.IndexAt(at)
	if i < 0 {
		return 0, &NotForSaleError{Products: products, At: at}
	}
	var missing []string
	for _, p := range products {
		if !v.set.Defines(i, p) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return 0, &NotForSaleError{Products: missing, Version: v.versionID(i), At: at}
	}
	return i, nil
}

// Assign sells asg at at: the add-on must be defined by the catalog
// version in force at at (else *NotForSaleError), and the assignment is
// checked as Resolver.Assign checks it, against the configuration
// composed for the account with the new holding. A zero asg.Terms is set
// to at, the sale. The account passed in is never modified.
func (v *Versioned) Assign(a Account, asg Assignment, at time.Time) (Account, Config, error) {
	if err := v.ready(); err != nil {
		return a, Config{}, err
	}
	if asg.Terms.IsZero() {
		asg.Terms = at
	}
	if _, err := v.saleVersion(asg.Terms, asg.AddOn); err != nil {
		return a, Config{}, err
	}
	when := at
	if asg.From.After(at) {
		when = asg.From
	}
	probe := a
	probe.AddOns = append(slices.Clip(a.AddOns), asg)
	r, err := v.ResolverAt(probe, when)
	if err != nil {
		return a, Config{}, err
	}
	return r.Assign(a, asg, at)
}

// Unassign ends the add-on at at as Resolver.Unassign does, and returns
// the account with its configuration at at under its terms.
func (v *Versioned) Unassign(a Account, addOn string, at time.Time) (Account, Config, error) {
	r, err := v.ResolverAt(a, at)
	if err != nil {
		return a, Config{}, err
	}
	next, _, err := r.Unassign(a, addOn, at)
	if err != nil {
		return a, Config{}, err
	}
	cfg, err := v.Resolve(next, at)
	if err != nil {
		return a, Config{}, err
	}
	return next, cfg, nil
}

// ChangeMain changes the main product at at as Resolver.ChangeMain does,
// selling newMain under the catalog version in force at at (a
// *NotForSaleError when that version does not define it). The add-ons kept
// are those allowed with newMain by their own terms or by the version in
// force; MainChange.Changes is the diff between the configurations before
// (under the account's terms) and after.
func (v *Versioned) ChangeMain(a Account, newMain string, at time.Time) (Account, MainChange, error) {
	if err := v.ready(); err != nil {
		return a, MainChange{}, err
	}
	if _, err := v.saleVersion(at, newMain); err != nil {
		return a, MainChange{}, err
	}
	before, err := v.Resolve(a, at)
	if err != nil {
		return a, MainChange{}, err
	}
	probe := a.Clone()
	ps, _, _ := changeHistory(&probe, newMain, at)
	setPeriods(&probe, ps)
	r, err := v.ResolverAt(probe, at)
	if err != nil {
		return a, MainChange{}, err
	}
	if _, err := r.product(newMain, catalog.KindMain); err != nil {
		return a, MainChange{}, err
	}
	return r.changeMain(a, newMain, at, before)
}

func (v *Versioned) forSale(a Account, at time.Time) (*Resolver, []string, []string, error) {
	r, err := v.ResolverAt(a, at)
	if err != nil {
		return nil, nil, nil, err
	}
	i := v.set.IndexAt(at)
	if i < 0 {
		return r, nil, nil, nil
	}
	main, _ := a.MainAt(at)
	sold := func(ids []string) []string {
		return slices.DeleteFunc(ids, func(id string) bool { return !v.set.Defines(i, id) })
	}
	return r, sold(r.cat.AddOnsFor(main)), sold(r.cat.MainProductIDs()), nil
}

// UpgradeCandidates is Resolver.UpgradeCandidates across versions: the
// candidates are the add-ons and main products for sale at at (defined by
// the version in force), each sold at at, and the account's holdings keep
// their terms.
func (v *Versioned) UpgradeCandidates(a Account, at time.Time, attr string, need decimal.Decimal) ([]Candidate, error) {
	if err := v.ready(); err != nil {
		return nil, err
	}
	return upgradeCandidates(v, a, at, attr, need)
}

// CheckQuota is Resolver.CheckQuota across versions, with the candidates
// of UpgradeCandidates.
func (v *Versioned) CheckQuota(a Account, at time.Time, attr string, usage decimal.Decimal, thresholds ...decimal.Decimal) (QuotaCheck, error) {
	if err := v.ready(); err != nil {
		return QuotaCheck{}, err
	}
	return checkQuota(v, a, at, attr, usage, thresholds)
}
