package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// requiredUnset appends a WarnRequiredWithoutDefault warning for each
// required attribute without a default that some orderable configuration
// leaves unset while enabling its feature, by attribute index.
//
// An orderable configuration is a main product with a set of add-ons it
// allows that holds every add-on's requirements, excludes nothing it holds
// and has no conflict on the feature's state; the account's own settings
// are left out (an account may set nothing). The feature's state is the
// one of the highest-priority add-on that defines it, else the main
// product's, else the feature's default. A product that sets the attribute
// gives it a value in every configuration that holds it, so one
// configuration leaves it unset exactly when one of these does:
//
//   - a main product alone, when it enables the feature (or leaves its
//     default on) and does not set the attribute;
//   - a main product that does not set the attribute, with an add-on that
//     enables the feature and everything that add-on requires, when none of
//     them sets the attribute and they leave the feature enabled.
//
// Any larger configuration that enables the feature holds the add-on that
// decides its state and, with it, all that add-on requires; so it is
// enough to try each add-on with its requirements. The warning names the
// first such configuration found: Mains its main product, AddOns its
// add-ons (nil for a main product alone).
//
// Cost: for each required attribute without a default, one look at every
// main product plus, for each add-on enabling its feature, that add-on's
// requirement closure and allowed lists.
func (c *Catalog) requiredUnset(out []Warning) []Warning {
	var req [][]int // requires edges between add-ons, built on first need
	var w *walker
	for ai, r := range c.attrRefs {
		f := &c.def.Features[r.feature]
		a := &f.Attributes[r.attr]
		if !a.Required || a.Default.IsSet() {
			continue
		}
		mains, addOns := c.mainWithout(r.feature, ai)
		if mains == nil {
			if req == nil {
				req, w = c.requiresGraph(), newWalker(len(c.def.Products))
			}
			mains, addOns = c.addOnWithout(req, w, r.feature, ai)
		}
		if mains == nil {
			continue
		}
		how := fmt.Sprintf("main product %q", mains[0])
		if len(addOns) > 0 {
			how += fmt.Sprintf(" with add-on(s) %s", strings.Join(addOns, ", "))
		}
		out = append(out, Warning{Code: WarnRequiredWithoutDefault,
			Path:    "features[" + f.ID + "].attributes[" + a.ID + "]",
			Feature: f.ID, Attribute: a.ID, Mains: mains, AddOns: addOns,
			Detail: fmt.Sprintf("%s enables feature %q without a value for its required attribute %q, which has no default: such an account cannot be resolved", how, f.ID, a.ID)})
	}
	return out
}

// mainWithout returns the first main product that, alone, enables feature
// fi without setting attribute ai.
func (c *Catalog) mainWithout(fi, ai int) (mains, addOns []string) {
	for pi := range c.def.Products {
		p := &c.def.Products[pi]
		if p.Kind != KindMain || c.products[p.ID] != pi || c.sets(pi, ai) {
			continue
		}
		on := c.def.Features[fi].DefaultEnabled
		if s, ok := c.stateOf(pi, fi); ok {
			on = s == Enabled
		}
		if on {
			return []string{p.ID}, nil
		}
	}
	return nil, nil
}

// addOnWithout returns the first add-on, in definition order, that enables
// feature fi and that, with everything it requires and a main product
// allowing them all, leaves attribute ai unset while the feature stays
// enabled.
func (c *Catalog) addOnWithout(req [][]int, w *walker, fi, ai int) (mains, addOns []string) {
	for _, pi := range c.addOnIndex {
		if s, ok := c.stateOf(pi, fi); !ok || s != Enabled || c.sets(pi, ai) {
			continue
		}
		closure := w.reach(req, pi)
		if slices.ContainsFunc(closure, func(x int) bool { return c.sets(x, ai) }) || !c.enabledBy(closure, fi) {
			continue
		}
		if m, ok := c.commonMainWithout(closure, ai); ok {
			ids := make([]string, len(closure))
			for i, x := range closure {
				ids[i] = c.def.Products[x].ID
			}
			slices.Sort(ids)
			return []string{m}, ids
		}
	}
	return nil, nil
}

// enabledBy reports whether the add-ons of set leave feature fi enabled:
// the highest priority among those that define its state enables it, and no
// two of one priority define different states (a conflict, which no
// account can order).
func (c *Catalog) enabledBy(set []int, fi int) bool {
	seen := map[int]State{}
	top, on := 0, false
	for _, x := range set {
		s, ok := c.stateOf(x, fi)
		if !ok {
			continue
		}
		p := c.def.Products[x].Priority
		if prev, ok := seen[p]; ok && prev != s {
			return false
		}
		seen[p] = s
		if len(seen) == 1 || p > top {
			top, on = p, s == Enabled
		}
	}
	return on
}

// commonMainWithout returns a main product, in the first member's allowed
// order, that allows every add-on of set and does not set attribute ai.
func (c *Catalog) commonMainWithout(set []int, ai int) (string, bool) {
	for _, m := range c.allowedMains(set[0]) {
		mi := int(m)
		if c.sets(mi, ai) {
			continue
		}
		if !slices.ContainsFunc(set[1:], func(x int) bool { return !slices.Contains(c.allowedMains(x), m) }) {
			return c.def.Products[mi].ID, true
		}
	}
	return "", false
}

// requiresGraph returns, by product index, the product indexes of the
// add-ons each add-on requires.
func (c *Catalog) requiresGraph() [][]int {
	req := make([][]int, len(c.def.Products))
	for _, pi := range c.addOnIndex {
		for _, id := range c.def.Products[pi].Requires {
			if ri, ok := c.products[id]; ok && ri != pi {
				req[pi] = append(req[pi], ri)
			}
		}
	}
	return req
}

// stateOf returns the state product pi defines for feature fi, if any.
func (c *Catalog) stateOf(pi, fi int) (State, bool) {
	states := c.settings[pi].states
	i, ok := slices.BinarySearchFunc(states, fi, func(s IndexedState, fi int) int { return s.Feature - fi })
	if !ok {
		return 0, false
	}
	return states[i].State, true
}

// sets reports whether product pi sets attribute ai.
func (c *Catalog) sets(pi, ai int) bool {
	_, ok := slices.BinarySearchFunc(c.settings[pi].values, ai, func(v IndexedValue, ai int) int { return v.Attribute - ai })
	return ok
}
