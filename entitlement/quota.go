package entitlement

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// ErrNotQuota is matched by *QuotaError.
var ErrNotQuota = errors.New("entitlement: attribute is not a quota in this configuration")

// QuotaError reports an attribute that cannot serve as a quota here: not
// numeric, without a value because its feature is disabled or nothing sets
// it, or with a negative value.
type QuotaError struct {
	Attribute string
	Reason    string
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("entitlement: attribute %q is not a quota: %s", e.Attribute, e.Reason)
}

// Unwrap returns ErrNotQuota.
func (e *QuotaError) Unwrap() error { return ErrNotQuota }

// QuotaReport says how much of a quota is used and which thresholds are
// crossed.
type QuotaReport struct {
	Attribute string
	Quota     decimal.Decimal     // the resolved value of the quota attribute
	Usage     decimal.Decimal     // the usage figure given
	Percent   decimal.NullDecimal // usage as a percentage of the quota, 2 places; invalid when the quota is 0
	Crossed   []decimal.Decimal   // the thresholds (percentages) reached, ascending
}

// Quota reports the use of the numeric attribute attr as a quota.
// thresholds are percentages of the quota (90, 100), in strictly ascending
// order; a threshold is crossed when usage >= quota × threshold / 100. With
// a zero quota, every threshold is crossed once usage is positive, and
// threshold 0 always is.
//
// A negative usage, a negative threshold, or one not above the threshold
// before it is a *QuotaInputError naming it (ErrInvalidQuota); an attribute
// that is not numeric, has no value, or resolved to a negative value is a
// *QuotaError (ErrNotQuota). On the zero Config, Quota returns
// ErrNoCatalog.
func (c Config) Quota(attr string, usage decimal.Decimal, thresholds ...decimal.Decimal) (QuotaReport, error) {
	if c.r == nil {
		return QuotaReport{}, ErrNoCatalog
	}
	if err := checkUsage(usage, thresholds); err != nil {
		return QuotaReport{}, err
	}
	ai, ok := c.r.cat.AttributeIndex(attr)
	if !ok {
		return QuotaReport{}, &UnknownError{Kind: "attribute", ID: attr}
	}
	if !c.r.attrs[ai].a.Type.Numeric() {
		return QuotaReport{}, &QuotaError{Attribute: attr, Reason: "not numeric"}
	}
	v, ok := c.Value(attr)
	if !ok {
		return QuotaReport{}, &QuotaError{Attribute: attr, Reason: "no value: its feature is disabled or nothing sets it"}
	}
	quota, _ := v.AsDecimal()
	if quota.Sign() < 0 {
		return QuotaReport{}, &QuotaError{Attribute: attr, Reason: "negative value " + quota.String()}
	}
	rep := QuotaReport{Attribute: attr, Quota: quota, Usage: usage}
	if !quota.IsZero() {
		rep.Percent = decimal.NullDecimal{Decimal: usage.Mul(hundred).DivRound(quota, 2), Valid: true}
	}
	for _, t := range thresholds { // ascending, so Crossed is too
		if usage.Mul(hundred).Cmp(quota.Mul(t)) >= 0 {
			rep.Crossed = append(rep.Crossed, t)
		}
	}
	return rep, nil
}

var hundred = decimal.NewFromInt(100)

// CandidateKind says what change an upgrade candidate makes.
type CandidateKind uint8

// The candidate kinds.
const (
	AddAddOn   CandidateKind = iota + 1 // assign one more of an add-on
	SwitchMain                          // change the main product
	SwapAddOn                           // end a held add-on and assign another in its place
)

// Candidate is a change to an account that raises a quota enough, with the
// account and configuration it leads to. What the change removes is marked:
// a swap's Replaces, a main-product change's Dropped (Removed gives
// either); Main is the main product in force after it.
type Candidate struct {
	Kind    CandidateKind
	Product string          // the add-on assigned, or the new main product
	Quota   decimal.Decimal // the quota after the change
	Main    string          // the main product in force at the change, after it
	// Replaces lists, for SwapAddOn, the held add-on the change ends at
	// the instant of the change (Unassign: its assignments active then end
	// there, those scheduled later are removed); empty for other kinds.
	Replaces []string
	Dropped  []string // add-ons a main-product change drops (see ChangeMain)
	Account  Account
	Config   Config
}

// Removed returns the add-ons the change ends, sorted: Replaces for a
// swap, Dropped for a main-product change, none for an addition. The slice
// is new.
func (c Candidate) Removed() []string {
	out := append(slices.Clone(c.Replaces), c.Dropped...)
	slices.Sort(out)
	return slices.Compact(out)
}

// UpgradeCandidates lists the changes that raise the numeric attribute attr
// to at least need for the account at at, each made at at:
//
//   - AddAddOn: one more of each add-on that can be assigned now (eligible,
//     allowed with the main product in force at at, within its maximum
//     quantity, without conflict), as Assign does;
//   - SwapAddOn: an add-on that cannot be added as it is, because a held
//     add-on excludes it or conflicts with it, or that can be added but
//     does not raise attr enough while a held add-on that affects attr
//     stays, assigned in place of that held add-on: Unassign ends the held
//     one at at (Replaces names it), then Assign adds the new one, so
//     storage tiers that exclude each other give an upgrade from one tier
//     to the next;
//   - SwitchMain: each other main product, changed to at at as ChangeMain
//     does (dropping the add-ons it does not allow: Dropped).
//
// Every candidate's configuration at at (Config, of Account) meets need.
// Changes that are refused, or whose configuration does not resolve, are
// left out. Candidates come ordered by resulting quota, then kind, then
// product ID, then what they replace; ranking them by price is package
// pricing's job. A negative need is a *QuotaInputError (ErrInvalidQuota).
//
// Cost: one resolution per addition and main-product change considered,
// about two per swap (Unassign, then Assign).
func (r *Resolver) UpgradeCandidates(a Account, at time.Time, attr string, need decimal.Decimal) ([]Candidate, error) {
	if err := r.ready(); err != nil {
		return nil, err
	}
	return upgradeCandidates(r, a, at, attr, need)
}

// seller is what upgrade candidates are computed with: a Resolver, or a
// Versioned that resolves each account under its versions' terms.
type seller interface {
	Resolve(a Account, at time.Time) (Config, error)
	Assign(a Account, asg Assignment, at time.Time) (Account, Config, error)
	Unassign(a Account, addOn string, at time.Time) (Account, Config, error)
	ChangeMain(a Account, newMain string, at time.Time) (Account, MainChange, error)
	// forSale returns the resolver of a at at, with the add-ons it may
	// buy then and the main products it may change to.
	forSale(a Account, at time.Time) (r *Resolver, addOns, mains []string, err error)
}

func (r *Resolver) forSale(a Account, at time.Time) (*Resolver, []string, []string, error) {
	main, _ := a.MainAt(at)
	return r, r.cat.AddOnsFor(main), r.cat.MainProductIDs(), nil
}

func upgradeCandidates(s seller, a Account, at time.Time, attr string, need decimal.Decimal) ([]Candidate, error) {
	if err := checkNeed(need); err != nil {
		return nil, err
	}
	if _, err := s.Resolve(a, at); err != nil {
		return nil, err
	}
	main, _ := a.MainAt(at) // in force: Resolve checked
	r, addOns, mains, err := s.forSale(a, at)
	if err != nil {
		return nil, err
	}
	ai, ok := r.cat.AttributeIndex(attr)
	if !ok {
		return nil, &UnknownError{Kind: "attribute", ID: attr}
	}
	if !r.attrs[ai].a.Type.Numeric() {
		return nil, &QuotaError{Attribute: attr, Reason: "not numeric"}
	}
	var out []Candidate
	consider := func(c Candidate) bool {
		v, ok := c.Config.Value(attr)
		if !ok {
			return false
		}
		q, _ := v.AsDecimal()
		if q.Cmp(need) < 0 {
			return false
		}
		c.Quota = q
		out = append(out, c)
		return true
	}
	held := heldAt(&a, at)
	for _, id := range addOns {
		next, cfg, err := s.Assign(a, Assignment{AddOn: id, Quantity: 1, From: at}, at)
		if err == nil && consider(Candidate{Kind: AddAddOn, Product: id, Main: main, Account: next, Config: cfg}) {
			continue
		}
		for _, h := range swapsFor(r.cat, id, attr, held, err) {
			if next, cfg, ok := swap(s, a, h, id, at); ok {
				consider(Candidate{Kind: SwapAddOn, Product: id, Main: main, Replaces: []string{h}, Account: next, Config: cfg})
			}
		}
	}
	for _, id := range mains {
		if id == main {
			continue
		}
		next, ch, err := s.ChangeMain(a, id, at)
		if err == nil {
			consider(Candidate{Kind: SwitchMain, Product: id, Main: id, Dropped: ch.Dropped, Account: next, Config: ch.Config})
		}
	}
	slices.SortFunc(out, func(x, y Candidate) int {
		return cmp.Or(x.Quota.Cmp(y.Quota), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Product, y.Product),
			slices.Compare(x.Replaces, y.Replaces))
	})
	return out, nil
}

// QuotaCheck is a quota report with the upgrade candidates to offer.
type QuotaCheck struct {
	QuotaReport
	Candidates []Candidate
}

// CheckQuota reports the account's use of the quota attr at at and, when a
// threshold is crossed, the upgrade candidates that would leave usage below
// every threshold: whose quota q satisfies usage < q × lowest / 100 (with no
// thresholds given: usage < q). Usage and thresholds follow Config.Quota's
// rules, checked before the account is resolved.
func (r *Resolver) CheckQuota(a Account, at time.Time, attr string, usage decimal.Decimal, thresholds ...decimal.Decimal) (QuotaCheck, error) {
	if err := r.ready(); err != nil {
		return QuotaCheck{}, err
	}
	return checkQuota(r, a, at, attr, usage, thresholds)
}

func checkQuota(s seller, a Account, at time.Time, attr string, usage decimal.Decimal, thresholds []decimal.Decimal) (QuotaCheck, error) {
	if err := checkUsage(usage, thresholds); err != nil {
		return QuotaCheck{}, err
	}
	cfg, err := s.Resolve(a, at)
	if err != nil {
		return QuotaCheck{}, err
	}
	rep, err := cfg.Quota(attr, usage, thresholds...)
	if err != nil {
		return QuotaCheck{}, err
	}
	qc := QuotaCheck{QuotaReport: rep}
	if len(rep.Crossed) == 0 && len(thresholds) > 0 {
		return qc, nil
	}
	lowest := hundred
	if len(thresholds) > 0 {
		lowest = thresholds[0] // ascending
	}
	if lowest.Sign() <= 0 {
		return qc, nil // no quota leaves usage below a threshold of 0 %
	}
	// usage < q × lowest / 100  ⇔  q > usage × 100 / lowest. The candidates
	// asked for need at least that quotient truncated to 12 places, never
	// more than it (rounding it up would lose a quota just above it); the
	// exact test below then keeps those above it.
	bound, _ := usage.Mul(hundred).QuoRem(lowest, 12)
	cands, err := upgradeCandidates(s, a, at, attr, bound)
	if err != nil {
		return QuotaCheck{}, err
	}
	for _, c := range cands {
		if usage.Mul(hundred).Cmp(c.Quota.Mul(lowest)) < 0 {
			qc.Candidates = append(qc.Candidates, c)
		}
	}
	return qc, nil
}
