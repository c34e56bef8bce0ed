package catalog

import (
	"cmp"
	"fmt"
	"slices"
)

// WarningCode is the stable identifier of a kind of lint warning. Tests and
// hosts match codes, never message text.
type WarningCode string

// The lint warning codes, in the order Lint reports them.
const (
	// WarnConflict: co-assignable add-ons set the same feature state or
	// override attribute to different values at the same priority. One
	// warning stands for a group of add-ons and every conflicting pair in it.
	WarnConflict WarningCode = "conflict"
	// WarnEmptyGroup: a product group that no add-on belongs to.
	WarnEmptyGroup WarningCode = "empty_group"
	// WarnRequiredWithoutDefault: a required attribute without a default
	// that some orderable configuration (a main product, alone or with an
	// add-on and what it requires) leaves unset while enabling its feature:
	// resolution fails for such an account.
	WarnRequiredWithoutDefault WarningCode = "required_without_default"
	// WarnUnassignable: an add-on that no main product allows.
	WarnUnassignable WarningCode = "unassignable_addon"
)

// Warning is one thing Lint found: not an error (the Catalog is valid), but
// something an administrator wants to see before a customer meets it.
type Warning struct {
	// Code says what kind of warning this is.
	Code WarningCode
	// Path locates the warning in the definition, in the form validation
	// problems use: products[a].features[f], products[a].features[f].attributes[x],
	// products[a].allowed_main, groups[g] or features[f].attributes[x]. A
	// conflict's path names its first add-on.
	Path string
	// AddOns names the add-ons involved, sorted by ID: every add-on of the
	// group for WarnConflict (at least two), the add-on for
	// WarnUnassignable, nil otherwise.
	AddOns []string
	// Feature is the feature involved (for an attribute, the feature that
	// declares it), empty for warnings about products or groups alone.
	Feature string
	// Attribute is the attribute involved, empty when the warning concerns a
	// feature state or no attribute.
	Attribute string
	// Priority is the override priority every add-on of a WarnConflict
	// group has; 0 for other warnings.
	Priority int
	// Mains names, for WarnConflict, the main products that allow every
	// add-on of the group, sorted by ID; nil for other warnings.
	Mains []string
	// Classes partitions AddOns, for WarnConflict, by what they set: the
	// add-ons of one class set the same state (or Equal values), those of
	// two classes never do. There are at least two, ordered by their first
	// add-on, so Classes[0] holds AddOns[0]. Nil for other warnings.
	Classes []ConflictClass
	// Excluded lists, for WarnConflict, the pairs of add-ons from different
	// classes that exclude one another (either lists the other in
	// Excludes): they cannot be assigned together, so they do not conflict.
	// Each pair and the list are sorted by ID.
	Excluded [][2]string
	// Detail explains the warning for people. Its text is not stable.
	Detail string
}

// ConflictClass is one class of a WarnConflict warning: add-ons that set the
// feature state or the attribute alike.
type ConflictClass struct {
	// State is the state the add-ons set, for a feature-state conflict;
	// Undefined for an attribute conflict.
	State State
	// Value is the value the add-ons set, for an attribute conflict (the
	// first add-on's, when Equal values are written differently); the zero
	// Value for a feature-state conflict.
	Value Value
	// AddOns names the add-ons of the class, sorted by ID.
	AddOns []string
}

// Pairs returns the pairs of add-ons a WarnConflict warning stands for:
// every two add-ons of different classes, except the Excluded pairs. Each
// pair and the list are sorted by ID. It returns nil for other warnings.
// The warning holds each add-on once; the pairs can number the square of
// that.
func (w Warning) Pairs() [][2]string {
	if w.Code != WarnConflict {
		return nil
	}
	excluded := make(map[[2]string]bool, len(w.Excluded))
	for _, p := range w.Excluded {
		excluded[[2]string{min(p[0], p[1]), max(p[0], p[1])}] = true
	}
	var out [][2]string
	for i, ca := range w.Classes {
		for _, cb := range w.Classes[i+1:] {
			for _, a := range ca.AddOns {
				for _, b := range cb.AddOns {
					if p := [2]string{min(a, b), max(a, b)}; !excluded[p] {
						out = append(out, p)
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y [2]string) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	return out
}

// Lint reports warnings about a valid catalog, in this order:
//
//   - WarnConflict. Two distinct add-ons are co-assignable when some main
//     product appears in both allowed lists and neither lists the other in
//     Excludes. Two co-assignable add-ons conflict on a feature when both
//     define its state (not Undefined) at the same Priority with different
//     states, and on an attribute whose Combine is override when both set
//     it, at the same Priority, to values that are not Equal (band rules are
//     compared with Equal too).
//
//     Conflicts are reported in groups, not pair by pair. For a feature
//     state (or an override attribute), a priority and a main product m,
//     the group of m is every add-on allowed with m that defines that state
//     (or sets that attribute) at that priority. Main products whose groups
//     hold the same add-ons share one warning, which names them in Mains.
//     A group is reported when its add-ons fall into at least two Classes
//     of values and at least one pair from different classes does not
//     exclude each other; such pairs are listed in Excluded. The pairs of a
//     warning (see Warning.Pairs) are exactly the conflicting pairs among
//     its add-ons, and every conflicting pair is a pair of some warning; a
//     pair allowed together with several main products whose groups differ
//     is a pair of each of their warnings. A warning of two add-ons reads
//     as the pairwise report did.
//
//     Conflicts are ordered by feature index, the feature state before the
//     feature's attributes (by attribute index), then by priority, AddOns
//     and Mains.
//
//   - WarnEmptyGroup: groups no add-on belongs to, in definition order.
//
//   - WarnRequiredWithoutDefault: required attributes without a default
//     that some orderable configuration leaves unset while enabling their
//     feature, by attribute index. Mains names the main product of one such
//     configuration and AddOns its add-ons (nil for the main product
//     alone). An attribute every main product sets, or every configuration
//     that enables its feature sets, is not reported.
//
//   - WarnUnassignable: add-ons with an empty allowed list, by ID.
//
// Cost: let S be the sum, over add-ons, of the number of feature states and
// override attributes each defines times the number of main products that
// allow it. The conflict warnings hold at most S add-on names plus their
// Excluded pairs, and Lint runs in O(S log S) time plus, for each reported
// group, the exclusion lists of its add-ons: linear in the catalog,
// however many add-ons share a priority, a feature and a main product.
// Lint returns nil when it finds nothing.
func (c *Catalog) Lint() []Warning {
	c = c.orEmpty()
	var out []Warning
	out = (&linter{c: c}).conflicts(out)
	for gi, m := range c.members {
		if len(m) == 0 {
			g := c.def.Groups[gi].ID
			out = append(out, Warning{Code: WarnEmptyGroup, Path: "groups[" + g + "]",
				Detail: fmt.Sprintf("group %q has no add-on", g)})
		}
	}
	out = c.requiredUnset(out)
	var unassignable []string
	for _, pi := range c.addOnIndex {
		if p := &c.def.Products[pi]; len(p.AllowedMain) == 0 {
			unassignable = append(unassignable, p.ID)
		}
	}
	slices.Sort(unassignable)
	for _, id := range unassignable {
		out = append(out, Warning{Code: WarnUnassignable, Path: "products[" + id + "].allowed_main",
			AddOns: []string{id}, Detail: fmt.Sprintf("no main product allows add-on %q", id)})
	}
	return out
}
