package entitlement

import (
	"slices"
	"time"

	"github.com/tariffkit/tariff/catalog"
)

// AddOnOffer is an add-on as a self-care portal lists it: what customers
// read, and whether the account can order it now.
type AddOnOffer struct {
	AddOn       string
	Name        string // the catalog's Name, "" when it gives none
	Description string // the catalog's Description, "" when it gives none
	// Err is nil when the account can order the add-on at the instant
	// asked: Assign accepts Assignment{AddOn, Quantity: 1, From: at}.
	// Otherwise it is the error Assign returns for it, of the same type
	// and naming the same IDs, so errors.As works on it: an
	// *EligibilityError, *NotAllowedError, *RequiresError, *ExcludesError,
	// *QuantityError, *ConflictError, *MissingRequiredError, or, across
	// versions, a *NotForSaleError.
	Err error
}

// Orderable reports whether the account can order the add-on: Err is nil.
func (o AddOnOffer) Orderable() bool { return o.Err == nil }

// GroupOffer is a product group of Orderable's list with the add-ons for
// sale in it. Group is the group's ID, "" for the add-ons in no group;
// Name and Description are the catalog's ("" for no group).
type GroupOffer struct {
	Group       string
	Name        string
	Description string
	AddOns      []AddOnOffer
}

// Orderable lists what account a can order at at, for browsing by product
// group: each group of the catalog that has an add-on for sale, in
// definition order, with its add-ons for sale in definition order, then
// the add-ons for sale in no group (Group ""). An add-on is for sale when
// some main product allows it; one in several groups is listed in each.
// Each says whether Assign would accept one unit of it from at
// (Assignment{AddOn, Quantity: 1, From: at}) and, when not, Assign's error
// (see AddOnOffer.Err): not eligible, not allowed with the main product in
// force at at, requiring or excluded by another add-on, already held the
// most times allowed, conflicting, or refused at a later instant its
// assignment would span (a scheduled change).
//
// The account must resolve at at: when it does not, Orderable returns
// Resolve's error and no list. A catalog with no add-on for sale gives an
// empty list; a Resolver without a catalog, ErrNoCatalog. The account is
// never modified.
//
// Cost: one resolution of the account; then for each add-on for sale, one
// map look-up per eligibility condition, and for one the main product in
// force does not allow, a scan of its exclusions: no resolution. Every
// other add-on costs what Assign costs: one resolution, plus one per later
// instant at which the account changes while the add-on would be held. An
// add-on listed in several groups is checked once.
func (r *Resolver) Orderable(a Account, at time.Time) ([]GroupOffer, error) {
	if err := r.ready(); err != nil {
		return nil, err
	}
	if _, err := r.Resolve(a, at); err != nil {
		return nil, err
	}
	mi, _ := r.mainProduct(&a, at) // resolved: in force
	sc := r.newShortcut(&a, at)
	return listOffers(r.cat, func(id string) bool {
		pi, ok := r.cat.ProductIndex(id)
		return ok && len(r.products[pi].allowed) > 0
	}, func(id string) error {
		pi, _ := r.cat.ProductIndex(id)
		if err := r.eligible(int32(pi), a.Facts); err != nil {
			return err
		}
		if err := sc.notAllowed(r, int32(pi), mi); err != nil {
			return err
		}
		_, _, err := r.Assign(a, Assignment{AddOn: id, Quantity: 1, From: at}, at)
		return err
	}), nil
}

// shortcut decides, without a resolution, the refusal of an add-on the
// main product in force does not allow: Assign's first resolution finds it
// unless an add-on of higher precedence it exclude is active, which fails
// first (see checkActive). on holds the products active at the instant; a
// shortcut with on nil decides nothing.
type shortcut struct {
	on []bool // by product index
}

// newShortcut notes the add-ons of a active at at. A one-off purchase at
// exactly at counts as held for some of Assign's checks and not for
// others, so such an account gets no shortcut.
func (r *Resolver) newShortcut(a *Account, at time.Time) shortcut {
	on := make([]bool, len(r.products))
	for i := range a.AddOns {
		asg := &a.AddOns[i]
		if asg.Until.Equal(asg.From) && asg.From.Equal(at) {
			return shortcut{}
		}
		if asg.ActiveAt(at) {
			if pi, ok := r.cat.ProductIndex(asg.AddOn); ok {
				on[pi] = true
			}
		}
	}
	return shortcut{on: on}
}

// notAllowed returns the *NotAllowedError Assign returns for add-on pi on
// an account whose main product in force is mi, when the shortcut decides
// it; nil otherwise.
func (sc shortcut) notAllowed(r *Resolver, pi, mi int32) error {
	p := &r.products[pi]
	if sc.on == nil || slices.Contains(p.allowed, mi) {
		return nil
	}
	for _, x := range p.excludes {
		if sc.on[x] && r.products[x].rank < p.rank {
			return nil
		}
	}
	return &NotAllowedError{AddOn: p.id, Main: r.products[mi].id}
}

// listOffers builds Orderable's list over catalog c: the add-ons forSale
// reports, by group, each checked once by check.
func listOffers(c *catalog.Catalog, forSale func(id string) bool, check func(id string) error) []GroupOffer {
	checked := map[string]AddOnOffer{}
	offer := func(id string) AddOnOffer {
		if o, ok := checked[id]; ok {
			return o
		}
		name, _ := c.ProductName(id)
		desc, _ := c.ProductDescription(id)
		o := AddOnOffer{AddOn: id, Name: name, Description: desc, Err: check(id)}
		checked[id] = o
		return o
	}
	var out []GroupOffer
	grouped := map[string]bool{}
	add := func(g GroupOffer, members []string) {
		for _, id := range members {
			grouped[id] = true
			if forSale(id) {
				g.AddOns = append(g.AddOns, offer(id))
			}
		}
		if len(g.AddOns) > 0 {
			out = append(out, g)
		}
	}
	for _, gid := range c.GroupIDs() {
		g, _ := c.Group(gid)
		add(GroupOffer{Group: g.ID, Name: g.Name, Description: g.Description}, c.GroupMembers(gid))
	}
	loose := slices.DeleteFunc(c.AddOnIDs(), func(id string) bool { return grouped[id] })
	add(GroupOffer{}, loose)
	return out
}
