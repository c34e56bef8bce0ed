package entitlement

import (
	"encoding/binary"
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
//     A product held twice at once under different terms resolves under
//     the newer ones.
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

// pin is a product held at the instant resolved: terms is the version
// whose terms govern it and, once pin has kept it, version the version
// whose definition of it those terms choose.
type pin struct {
	product string
	terms   int
	version int
}

// termsSpan tells, for the holdings resolved at one instant, the version
// whose terms govern a holding sold at a given instant: with c the version
// in force, a holding sold while c was in force, or earlier when c also
// governs existing holdings, is under c's terms, which two comparisons
// tell; any other takes a binary search, and the newest version governing
// existing holdings (Floor), looked up once, when first needed. Holdings
// sold together share their answer.
type termsSpan struct {
	set         *catalog.Versions
	at          time.Time
	c           int
	lo, hi      time.Time // c's From and the next version's
	first, last bool      // c is the first version (no lo) or the last (no hi)
	floor       int       // Floor(at), once floorKnown
	floorKnown  bool
	prev        time.Time // the last instant searched, once prevKnown
	prevIndex   int
	prevKnown   bool
}

// index returns max(TermsIndex(terms), Floor(at)).
func (s *termsSpan) index(terms time.Time) int {
	if s.last || terms.Before(s.hi) {
		if s.first || !terms.Before(s.lo) || s.floorAt() == s.c {
			return s.c
		}
	}
	if !s.prevKnown || !terms.Equal(s.prev) {
		s.prev, s.prevIndex, s.prevKnown = terms, max(s.set.TermsIndex(terms), s.floorAt()), true
	}
	return s.prevIndex
}

func (s *termsSpan) floorAt() int {
	if !s.floorKnown {
		s.floor, s.floorKnown = s.set.Floor(s.at), true
	}
	return s.floor
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
	// The version in force: most often the latest, which one comparison
	// finds.
	n := v.set.Len()
	span := termsSpan{set: v.set, at: at, c: n - 1, last: true}
	if cur, _ := v.set.Version(n - 1); !cur.From.After(at) {
		span.lo = cur.From
	} else {
		span.c = max(v.set.IndexAt(at), 0)
		cur, _ := v.set.Version(span.c)
		next, more := v.set.Version(span.c + 1)
		span.lo, span.hi, span.last = cur.From, next.From, !more
	}
	c := span.c
	span.first = c == 0
	// Most accounts hold everything under c's terms: find out before
	// listing the holdings.
	main, mainTerms, hasMain := mainHoldingAt(&a, at)
	stale := hasMain && span.index(mainTerms) != c // some holding is not under c's terms
	for i := 0; i < len(a.AddOns) && !stale; i++ {
		asg := &a.AddOns[i]
		stale = activeAt(asg, at) && span.index(asg.termsInstant()) != c
	}
	if !stale {
		return v.views[c], nil
	}
	var buf [16]pin
	held := buf[:0]
	if hasMain {
		held = append(held, pin{product: main, terms: span.index(mainTerms)})
	}
	for i := range a.AddOns {
		if asg := &a.AddOns[i]; activeAt(asg, at) {
			held = append(held, pin{product: asg.AddOn, terms: span.index(asg.termsInstant())})
		}
	}
	pins := v.pin(held, c)
	if len(pins) == 0 {
		return v.views[c], nil
	}
	return v.composed(c, pins)
}

// pin returns, sorted by product and reusing held, the pins of a
// composition at version c for the holdings held: one per product, under
// the newest terms it is held on (a product held twice under different
// terms takes the newer terms), kept when the version those terms choose
// defines it otherwise than version c's choice does.
func (v *Versioned) pin(held []pin, c int) []pin {
	slices.SortFunc(held, func(x, y pin) int {
		if n := strings.Compare(x.product, y.product); n != 0 {
			return n
		}
		return y.terms - x.terms // the newest terms first
	})
	pins := held[:0]
	prev := ""
	for i, h := range held {
		if i > 0 && h.product == prev {
			continue
		}
		prev = h.product
		if h.terms == c {
			continue
		}
		g, ok := v.set.Choice(h.product, h.terms)
		if !ok {
			continue // unknown: resolution reports it
		}
		if d, _ := v.set.Choice(h.product, c); d <= c && v.set.Same(h.product, g, d) {
			continue // as version c's composition has it (a later product is not there)
		}
		h.version = g
		pins = append(pins, h)
	}
	return pins
}

// composed returns the resolver of version c composed with pins (sorted
// by product), building it the first time.
func (v *Versioned) composed(c int, pins []pin) (*Resolver, error) {
	// The key spells the lengths out, so that no two sets of pins share
	// it, whatever their product IDs hold.
	key := make([]byte, 0, 128)
	key = binary.AppendUvarint(key, uint64(c))
	for _, p := range pins {
		key = binary.AppendUvarint(key, uint64(len(p.product)))
		key = append(key, p.product...)
		key = binary.AppendUvarint(key, uint64(p.version))
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

// activeAt is Assignment.ActiveAt without copying the assignment.
func activeAt(a *Assignment, t time.Time) bool {
	return (a.From.IsZero() || !t.Before(a.From)) && (a.Until.IsZero() || t.Before(a.Until))
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
// version in force at at, the sale (else *NotForSaleError), and the
// assignment is checked as Resolver.Assign checks it — from asg.From (at
// when zero) over its whole span — against the configuration composed for
// the account with the new holding at each instant checked. A zero
// asg.Terms is set to at; a host honouring an older offer may set Terms
// itself, but what can be sold is still what the version in force at at
// sells. The result is the configuration at asg.From. The account passed
// in is never modified.
func (v *Versioned) Assign(a Account, asg Assignment, at time.Time) (Account, Config, error) {
	if err := v.ready(); err != nil {
		return a, Config{}, err
	}
	if _, err := v.saleVersion(at, asg.AddOn); err != nil {
		return a, Config{}, err
	}
	if asg.Terms.IsZero() {
		asg.Terms = at
	}
	if asg.From.IsZero() {
		asg.From = at
	}
	probe := a
	probe.AddOns = append(slices.Clip(a.AddOns), asg)
	r, err := v.ResolverAt(probe, asg.From)
	if err != nil {
		return a, Config{}, err
	}
	// The composed resolver checks the assignment itself and the instant
	// From (all of it when the assignment is refused anyway, so that the
	// refusal is the one Resolver.Assign gives), and gives the
	// configuration at From; the later instants of the span are checked
	// version by version below.
	first := asg
	if asg.Until.IsZero() || asg.Until.After(asg.From) {
		first.Until = asg.From.Add(time.Nanosecond)
	}
	held, cfg, err := r.Assign(a, first, at)
	if err != nil {
		return a, Config{}, err
	}
	if last := held.AddOns[len(held.AddOns)-1]; last.Until.Equal(last.From) {
		return held, cfg, nil // a one-off purchase: checked at From, holds nothing
	}
	next := a.Clone()
	next.AddOns = append(next.AddOns, asg)
	if err := checkLater(next, asg, v.Resolve); err != nil {
		return a, Config{}, err
	}
	return next, cfg, nil
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
	c, err := v.saleVersion(at, newMain)
	if err != nil {
		return a, MainChange{}, err
	}
	if _, err := v.views[c].product(newMain, catalog.KindMain); err != nil {
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
