package lintoracle

import (
	"slices"

	"github.com/tariffkit/tariff/catalog"
)

// exhaustiveLimit is the most add-ons allowed with one main product for
// which RequiredUnset tries every set of them; beyond it, it tries each
// add-on with its requirements only.
const exhaustiveLimit = 12

// RequiredUnset returns the WarnRequiredWithoutDefault warnings of c, in
// the form and order of catalog.Lint (Details left empty): for each
// required attribute without a default, by attribute index, whether some
// orderable configuration leaves it unset while enabling its feature.
//
// Where a main product allows at most exhaustiveLimit add-ons, every set
// of them is tried: it is orderable when it holds what its members require,
// no member excludes another, and no two members of one priority define
// different states for the feature. The example a warning names is found
// the way catalog.Lint documents (a main product alone, else the first
// add-on with its requirements), so that the two can be compared; when the
// exhaustive search finds a configuration and that way does not, the
// warning names none.
func RequiredUnset(c *catalog.Catalog) []catalog.Warning {
	var out []catalog.Warning
	for _, fid := range c.FeatureIDs() {
		f, _ := c.Feature(fid)
		for _, a := range f.Attributes {
			if !a.Required || a.Default.IsSet() {
				continue
			}
			exists, mains, addOns := requiredUnset(c, f, a.ID)
			if !exists {
				continue
			}
			out = append(out, catalog.Warning{Code: catalog.WarnRequiredWithoutDefault,
				Path:    "features[" + f.ID + "].attributes[" + a.ID + "]",
				Feature: f.ID, Attribute: a.ID, Mains: mains, AddOns: addOns})
		}
	}
	return out
}

func requiredUnset(c *catalog.Catalog, f catalog.Feature, attr string) (exists bool, mains, addOns []string) {
	// The example, as catalog.Lint finds it.
	for _, m := range c.MainProductIDs() {
		p, _ := c.Product(m)
		if !sets(p, attr) && enabled(c, f, p, nil) {
			return true, []string{m}, nil
		}
	}
	for _, id := range c.AddOnIDs() {
		p, _ := c.Product(id)
		if state(p, f.ID) != catalog.Enabled || sets(p, attr) {
			continue
		}
		set := closure(c, id)
		if slices.ContainsFunc(set, func(q catalog.Product) bool { return sets(q, attr) }) {
			continue
		}
		for _, m := range p.AllowedMain {
			mp, _ := c.Product(m)
			if sets(mp, attr) || !allAllow(set, m) || !orderable(set) {
				continue
			}
			if enabled(c, f, mp, set) {
				ids := make([]string, len(set))
				for i, q := range set {
					ids[i] = q.ID
				}
				slices.Sort(ids)
				return true, []string{m}, ids
			}
		}
	}
	// No example that way: is there any configuration at all?
	for _, m := range c.MainProductIDs() {
		mp, _ := c.Product(m)
		if sets(mp, attr) {
			continue
		}
		var allowed []catalog.Product
		for _, id := range c.AddOnsFor(m) {
			p, _ := c.Product(id)
			if !sets(p, attr) {
				allowed = append(allowed, p)
			}
		}
		if len(allowed) > exhaustiveLimit {
			continue
		}
		for bits := 1; bits < 1<<len(allowed); bits++ {
			var set []catalog.Product
			for i, p := range allowed {
				if bits&(1<<i) != 0 {
					set = append(set, p)
				}
			}
			if closed(set) && orderable(set) && enabled(c, f, mp, set) {
				return true, nil, nil
			}
		}
	}
	return false, nil, nil
}

// enabled reports whether main product m with the add-ons of set enables
// f: the state of the highest-priority add-on defining it, else m's, else
// f's default. A set with two add-ons of one priority defining different
// states is not enabled (it cannot be ordered).
func enabled(c *catalog.Catalog, f catalog.Feature, m catalog.Product, set []catalog.Product) bool {
	byPrio := map[int]catalog.State{}
	top, found := 0, false
	for _, p := range set {
		s := state(p, f.ID)
		if s == catalog.Undefined {
			continue
		}
		if prev, ok := byPrio[p.Priority]; ok && prev != s {
			return false
		}
		byPrio[p.Priority] = s
		if !found || p.Priority > top {
			top, found = p.Priority, true
		}
	}
	if found {
		return byPrio[top] == catalog.Enabled
	}
	if s := state(m, f.ID); s != catalog.Undefined {
		return s == catalog.Enabled
	}
	return f.DefaultEnabled
}

// closure returns the add-on id and every add-on it requires,
// transitively, id first.
func closure(c *catalog.Catalog, id string) []catalog.Product {
	seen := map[string]bool{id: true}
	queue := []string{id}
	var out []catalog.Product
	for len(queue) > 0 {
		p, _ := c.Product(queue[0])
		queue = queue[1:]
		out = append(out, p)
		for _, r := range p.Requires {
			if !seen[r] {
				seen[r] = true
				queue = append(queue, r)
			}
		}
	}
	return out
}

// closed reports whether set holds everything its members require.
func closed(set []catalog.Product) bool {
	for _, p := range set {
		for _, r := range p.Requires {
			if !slices.ContainsFunc(set, func(q catalog.Product) bool { return q.ID == r }) {
				return false
			}
		}
	}
	return true
}

// orderable reports whether no member of set excludes another.
func orderable(set []catalog.Product) bool {
	for _, p := range set {
		for _, q := range set {
			if slices.Contains(p.Excludes, q.ID) {
				return false
			}
		}
	}
	return true
}

func allAllow(set []catalog.Product, m string) bool {
	for _, p := range set {
		if !slices.Contains(p.AllowedMain, m) {
			return false
		}
	}
	return true
}

func state(p catalog.Product, feature string) catalog.State {
	for _, s := range p.Features {
		if s.Feature == feature {
			return s.State
		}
	}
	return catalog.Undefined
}

func sets(p catalog.Product, attr string) bool {
	for _, s := range p.Features {
		for _, v := range s.Values {
			if v.Attribute == attr {
				return true
			}
		}
	}
	return false
}
