// Package lintoracle is the slow, obviously correct form of catalog.Lint,
// through the public API of catalog.Catalog only: Conflicts is the pairwise
// conflict check (every pair of add-ons against every feature and
// attribute), Groups builds the grouped conflict warnings from their
// definition main product by main product, and Others gives the remaining
// warnings. Tests check the indexed Lint against them on random catalogs.
package lintoracle

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tariffkit/tariff/catalog"
)

// Pair is one conflict as the pairwise lint reports it: two co-assignable
// add-ons (sorted by ID) that set the state of Feature, or its override
// Attribute, to different values at Priority.
type Pair struct {
	Feature, Attribute string
	Priority           int
	AddOns             [2]string
}

// Lint returns every warning of c, in the form and order of catalog.Lint,
// Details of conflicts left empty.
func Lint(c *catalog.Catalog) []catalog.Warning {
	return append(Groups(c), Others(c)...)
}

// Others returns the warnings of c other than conflicts, in the form and
// order of catalog.Lint: empty groups, required attributes without a
// default, and unassignable add-ons.
func Others(c *catalog.Catalog) []catalog.Warning {
	var out []catalog.Warning
	for _, g := range c.GroupIDs() {
		if len(c.GroupMembers(g)) == 0 {
			out = append(out, catalog.Warning{Code: catalog.WarnEmptyGroup, Path: "groups[" + g + "]",
				Detail: fmt.Sprintf("group %q has no add-on", g)})
		}
	}
	out = append(out, RequiredUnset(c)...)
	for _, id := range sortedAddOns(c) {
		p, _ := c.Product(id)
		if len(p.AllowedMain) == 0 {
			out = append(out, catalog.Warning{Code: catalog.WarnUnassignable, Path: "products[" + id + "].allowed_main",
				AddOns: []string{id}, Detail: fmt.Sprintf("no main product allows add-on %q", id)})
		}
	}
	return out
}

// key is what a conflict is about: a feature's state (attr empty) or one of
// its override attributes.
type key struct {
	feature, attr int // attr is -1 for the feature state
	fid, aid      string
}

// keys returns every feature state and override attribute of c, in the
// order Lint reports them.
func keys(c *catalog.Catalog) []key {
	var out []key
	for fi := range c.NumFeatures() {
		f := c.FeatureAt(fi)
		out = append(out, key{fi, -1, f.ID, ""})
		for _, a := range f.Attributes {
			if a.Combine == catalog.CombineOverride {
				ai, _ := c.AttributeIndex(a.ID)
				out = append(out, key{fi, ai, f.ID, a.ID})
			}
		}
	}
	return out
}

// setting returns what p sets for k as a class of a conflict, and whether
// it sets it.
func setting(p catalog.Product, k key) (catalog.ConflictClass, bool) {
	for _, fs := range p.Features {
		if fs.Feature != k.fid {
			continue
		}
		if k.attr < 0 {
			return catalog.ConflictClass{State: fs.State}, fs.State != catalog.Undefined
		}
		for _, av := range fs.Values {
			if av.Attribute == k.aid {
				return catalog.ConflictClass{Value: av.Value}, true
			}
		}
	}
	return catalog.ConflictClass{}, false
}

// settings returns what each product sets for k, and whether it sets it.
func settings(products []catalog.Product, k key) ([]catalog.ConflictClass, []bool) {
	sets, ok := make([]catalog.ConflictClass, len(products)), make([]bool, len(products))
	for i, p := range products {
		sets[i], ok[i] = setting(p, k)
	}
	return sets, ok
}

func same(a, b catalog.ConflictClass) bool { return a.State == b.State && a.Value.Equal(b.Value) }

// Conflicts returns every conflicting pair of c, ordered by feature index,
// the feature state before its attributes (by attribute index), then by the
// IDs of the add-ons.
func Conflicts(c *catalog.Catalog) []Pair {
	ids := sortedAddOns(c)
	products := make([]catalog.Product, len(ids))
	for i, id := range ids {
		products[i], _ = c.Product(id)
	}
	var out []Pair
	for _, k := range keys(c) {
		sets, ok := settings(products, k)
		for i, a := range ids {
			for j := i + 1; j < len(ids); j++ {
				b, pa, pb := ids[j], products[i], products[j]
				if ok[i] && ok[j] && pa.Priority == pb.Priority && !same(sets[i], sets[j]) && coAssignable(c, a, b) {
					out = append(out, Pair{k.fid, k.aid, pa.Priority, [2]string{a, b}})
				}
			}
		}
	}
	return out
}

// coAssignable reports whether some main product allows both add-ons and
// neither excludes the other.
func coAssignable(c *catalog.Catalog, a, b string) bool {
	if c.Excluded(a, b) {
		return false
	}
	for _, m := range c.MainProductIDs() {
		if c.Allows(a, m) && c.Allows(b, m) {
			return true
		}
	}
	return false
}

// Groups returns the WarnConflict warnings of c as catalog.Lint documents
// them, Details left empty: for each feature state or override attribute,
// priority and main product, the add-ons allowed with the main product that
// define it at that priority, when they hold two classes and a pair of
// different classes that does not exclude each other; main products with
// the same add-ons merged.
func Groups(c *catalog.Catalog) []catalog.Warning {
	ids := sortedAddOns(c)
	products := make([]catalog.Product, len(ids))
	var prios []int
	for i, id := range ids {
		products[i], _ = c.Product(id)
		prios = append(prios, products[i].Priority)
	}
	slices.Sort(prios)
	prios = slices.Compact(prios)
	var out []catalog.Warning
	for _, k := range keys(c) {
		sets, ok := settings(products, k)
		for _, prio := range prios {
			byMembers := map[string]*catalog.Warning{}
			var found []*catalog.Warning
			for _, m := range c.MainProductIDs() {
				w := group(c, k, prio, m, ids, products, sets, ok)
				if w == nil {
					continue
				}
				if prev := byMembers[strings.Join(w.AddOns, " ")]; prev != nil {
					prev.Mains = append(prev.Mains, m)
					continue
				}
				byMembers[strings.Join(w.AddOns, " ")] = w
				found = append(found, w)
			}
			slices.SortFunc(found, func(x, y *catalog.Warning) int { return slices.Compare(x.AddOns, y.AddOns) })
			for _, w := range found {
				slices.Sort(w.Mains)
				out = append(out, *w)
			}
		}
	}
	return out
}

// group returns the warning of the add-ons (ids, sorted, their products and
// what they set for k) allowed with main product m that set k at priority
// prio, or nil.
func group(c *catalog.Catalog, k key, prio int, m string, ids []string, products []catalog.Product, sets []catalog.ConflictClass, ok []bool) *catalog.Warning {
	w := &catalog.Warning{Code: catalog.WarnConflict, Feature: k.fid, Attribute: k.aid, Priority: prio, Mains: []string{m}}
	for i, id := range ids {
		s := sets[i]
		if !ok[i] || products[i].Priority != prio || !c.Allows(id, m) {
			continue
		}
		w.AddOns = append(w.AddOns, id)
		i := slices.IndexFunc(w.Classes, func(cl catalog.ConflictClass) bool { return same(cl, s) })
		if i < 0 {
			i = len(w.Classes)
			w.Classes = append(w.Classes, s)
		}
		w.Classes[i].AddOns = append(w.Classes[i].AddOns, id)
	}
	if len(w.Classes) < 2 {
		return nil
	}
	pairs := 0
	for i, ca := range w.Classes {
		for _, cb := range w.Classes[i+1:] {
			for _, a := range ca.AddOns {
				for _, b := range cb.AddOns {
					if !c.Excluded(a, b) {
						pairs++
					} else {
						w.Excluded = append(w.Excluded, [2]string{min(a, b), max(a, b)})
					}
				}
			}
		}
	}
	if pairs == 0 {
		return nil
	}
	slices.SortFunc(w.Excluded, func(x, y [2]string) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	w.Path = "products[" + w.AddOns[0] + "].features[" + k.fid + "]"
	if k.aid != "" {
		w.Path += ".attributes[" + k.aid + "]"
	}
	return w
}

// Expand returns the pairs of the WarnConflict warnings among ws, each once,
// in the order of Conflicts.
func Expand(c *catalog.Catalog, ws []catalog.Warning) []Pair {
	rank := map[[2]string]int{}
	for i, k := range keys(c) {
		rank[[2]string{k.fid, k.aid}] = i
	}
	var out []Pair
	for _, w := range ws {
		for _, p := range w.Pairs() {
			out = append(out, Pair{w.Feature, w.Attribute, w.Priority, p})
		}
	}
	order := func(x, y Pair) int {
		return cmp.Or(cmp.Compare(rank[[2]string{x.Feature, x.Attribute}], rank[[2]string{y.Feature, y.Attribute}]),
			cmp.Compare(x.AddOns[0], y.AddOns[0]), cmp.Compare(x.AddOns[1], y.AddOns[1]), cmp.Compare(x.Priority, y.Priority))
	}
	slices.SortFunc(out, order)
	return slices.CompactFunc(out, func(x, y Pair) bool { return order(x, y) == 0 })
}

func sortedAddOns(c *catalog.Catalog) []string {
	ids := c.AddOnIDs()
	slices.Sort(ids)
	return ids
}
