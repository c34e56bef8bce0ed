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
	// WarnConflict: two co-assignable add-ons set the same feature state or
	// override attribute to different values at the same priority.
	WarnConflict WarningCode = "conflict"
	// WarnEmptyGroup: a product group that no add-on belongs to.
	WarnEmptyGroup WarningCode = "empty_group"
	// WarnRequiredWithoutDefault: a default-enabled feature with a required
	// attribute that has no default; resolution fails for accounts whose
	// products do not set it.
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
	// products[a].allowed_main, groups[g] or features[f].attributes[x].
	Path string
	// AddOns names the add-ons involved, sorted: the two conflicting add-ons
	// for WarnConflict, the add-on for WarnUnassignable, nil otherwise.
	AddOns []string
	// Feature is the feature involved (for an attribute, the feature that
	// declares it), empty for warnings about products or groups alone.
	Feature string
	// Attribute is the attribute involved, empty when the warning concerns a
	// feature state or no attribute.
	Attribute string
	// Detail explains the warning for people. Its text is not stable.
	Detail string
}

// Lint reports warnings about a valid catalog, in this order:
//
//   - WarnConflict: an unordered pair of distinct add-ons A and B is
//     co-assignable when some main product appears in both allowed lists and
//     neither lists the other in Excludes. Two co-assignable add-ons conflict
//     on a feature when both define its state (not Undefined) at the same
//     Priority with different states, and on an attribute whose Combine is
//     override when both set it, at the same Priority, to values that are not
//     Equal (band rules are compared with Equal too). There is one warning
//     per (pair, feature) and per (pair, attribute); its AddOns are sorted and
//     its Path names the first of them, e.g.
//     products[advanced_forwarding].features[call_waiting]. Conflicts are
//     ordered by feature index, the feature state before the feature's
//     attributes (by attribute index), then by add-on IDs.
//   - WarnEmptyGroup: groups no add-on belongs to, in definition order.
//   - WarnRequiredWithoutDefault: required attributes without a default of
//     default-enabled features, by attribute index.
//   - WarnUnassignable: add-ons with an empty allowed list, by ID.
//
// Conflicts are found through a feature (and attribute) index: the add-ons
// that define a feature are grouped by priority and then by value, and only
// pairs drawn from different value classes at the same priority are
// examined, so the cost follows the number of candidate pairs rather than
// the square of the number of products. Lint returns nil when it finds
// nothing.
func (c *Catalog) Lint() []Warning {
	c = c.orEmpty()
	var out []Warning
	out = c.lintConflicts(out)
	for gi, m := range c.members {
		if len(m) == 0 {
			g := c.def.Groups[gi].ID
			out = append(out, Warning{Code: WarnEmptyGroup, Path: "groups[" + g + "]",
				Detail: fmt.Sprintf("group %q has no add-on", g)})
		}
	}
	for _, r := range c.attrRefs {
		f := &c.def.Features[r.feature]
		a := &f.Attributes[r.attr]
		if f.DefaultEnabled && a.Required && !a.Default.IsSet() {
			out = append(out, Warning{Code: WarnRequiredWithoutDefault,
				Path:    "features[" + f.ID + "].attributes[" + a.ID + "]",
				Feature: f.ID, Attribute: a.ID,
				Detail: fmt.Sprintf("feature %q is enabled by default but its required attribute %q has no default: accounts whose products do not set it cannot be resolved", f.ID, a.ID)})
		}
	}
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

// linter holds the indexes conflict detection runs on. Add-ons are numbered
// densely in (priority, ID) order, so that within one priority the dense
// order is the ID order.
type linter struct {
	c     *Catalog
	pi    []int   // dense add-on → product index
	prio  []int   // dense add-on → priority
	mOff  []int32 // CSR offsets into mains, len = add-ons+1
	mains []int32 // sorted product indexes of the allowed main products
	xOff  []int32 // CSR offsets into excl
	excl  []int32 // sorted dense indexes of the add-ons excluded either way

	// scratch, reused across runs
	cls    []int32
	reps   []int32
	count  []int32
	sorted []int32
	pairs  [][2]int32
}

type stateEntry struct {
	addOn int32
	state State
}

type valueEntry struct {
	addOn int32
	value *Value
}

func (c *Catalog) lintConflicts(out []Warning) []Warning {
	l := c.newLinter()
	n := len(l.pi)
	nf, na := len(c.def.Features), len(c.attrRefs)

	// Feature-state and override-attribute indexes, in CSR form, filled in
	// dense order so each feature's definers come sorted by (priority, ID).
	sOff := make([]int32, nf+1)
	vOff := make([]int32, na+1)
	override := make([]bool, na)
	for ai, r := range c.attrRefs {
		override[ai] = c.def.Features[r.feature].Attributes[r.attr].Combine == CombineOverride
	}
	for k := range n {
		ps := &c.settings[l.pi[k]]
		for _, s := range ps.states {
			sOff[s.Feature+1]++
		}
		for _, v := range ps.values {
			if override[v.Attribute] {
				vOff[v.Attribute+1]++
			}
		}
	}
	for i := range nf {
		sOff[i+1] += sOff[i]
	}
	for i := range na {
		vOff[i+1] += vOff[i]
	}
	states := make([]stateEntry, sOff[nf])
	values := make([]valueEntry, vOff[na])
	sFill := slices.Clone(sOff[:nf])
	vFill := slices.Clone(vOff[:na])
	for k := range n {
		ps := &c.settings[l.pi[k]]
		for _, s := range ps.states {
			states[sFill[s.Feature]] = stateEntry{int32(k), s.State}
			sFill[s.Feature]++
		}
		for vi := range ps.values {
			v := &ps.values[vi]
			if override[v.Attribute] {
				values[vFill[v.Attribute]] = valueEntry{int32(k), &v.Value}
				vFill[v.Attribute]++
			}
		}
	}

	for fi := range nf {
		f := &c.def.Features[fi]
		ent := states[sOff[fi]:sOff[fi+1]]
		l.pairs = l.pairs[:0]
		for lo := 0; lo < len(ent); {
			hi := l.run(len(ent), lo, func(i int) int32 { return ent[i].addOn })
			if hi-lo > 1 && slices.ContainsFunc(ent[lo+1:hi], func(e stateEntry) bool { return e.state != ent[lo].state }) {
				l.cls, l.reps = l.cls[:0], l.reps[:0]
				for _, e := range ent[lo:hi] {
					l.cls = append(l.cls, int32(e.state))
				}
				l.classPairs(lo, int(Disabled)+1, func(i int) int32 { return ent[i].addOn })
			}
			lo = hi
		}
		for _, p := range l.sortedPairs() {
			a, b := &c.def.Products[l.pi[p[0]]], &c.def.Products[l.pi[p[1]]]
			sa, sb := stateOf(c, l.pi[p[0]], fi), stateOf(c, l.pi[p[1]], fi)
			out = append(out, Warning{Code: WarnConflict,
				Path:    "products[" + a.ID + "].features[" + f.ID + "]",
				AddOns:  []string{a.ID, b.ID},
				Feature: f.ID,
				Detail:  conflictDetail(a.ID, b.ID, a.Priority, "feature", f.ID, sa.String(), sb.String())})
		}

		for ai := c.attrLo[fi]; ai < c.attrLo[fi+1]; ai++ {
			ent := values[vOff[ai]:vOff[ai+1]]
			l.pairs = l.pairs[:0]
			for lo := 0; lo < len(ent); {
				hi := l.run(len(ent), lo, func(i int) int32 { return ent[i].addOn })
				if hi-lo > 1 && slices.ContainsFunc(ent[lo+1:hi], func(e valueEntry) bool { return !e.value.Equal(*ent[lo].value) }) {
					// Partition into classes of Equal values: few classes in
					// practice, so a scan over their representatives is cheap.
					l.cls, l.reps = l.cls[:0], l.reps[:0]
					for i := lo; i < hi; i++ {
						cl := slices.IndexFunc(l.reps, func(r int32) bool { return ent[r].value.Equal(*ent[i].value) })
						if cl < 0 {
							cl = len(l.reps)
							l.reps = append(l.reps, int32(i))
						}
						l.cls = append(l.cls, int32(cl))
					}
					l.classPairs(lo, len(l.reps), func(i int) int32 { return ent[i].addOn })
				}
				lo = hi
			}
			if len(l.pairs) == 0 {
				continue
			}
			attr := &f.Attributes[ai-c.attrLo[fi]]
			for _, p := range l.sortedPairs() {
				a, b := &c.def.Products[l.pi[p[0]]], &c.def.Products[l.pi[p[1]]]
				va, vb := valueOf(c, l.pi[p[0]], ai), valueOf(c, l.pi[p[1]], ai)
				out = append(out, Warning{Code: WarnConflict,
					Path:      "products[" + a.ID + "].features[" + f.ID + "].attributes[" + attr.ID + "]",
					AddOns:    []string{a.ID, b.ID},
					Feature:   f.ID,
					Attribute: attr.ID,
					Detail:    conflictDetail(a.ID, b.ID, a.Priority, "attribute", attr.ID, va.String(), vb.String())})
			}
		}
	}
	return out
}

// ConflictDetail is the Detail text of a WarnConflict warning: add-ons a and
// b, at priority prio, set the feature or attribute (kind) id to va and vb.
// It is exported for the test oracle, which must produce the same warnings;
// hosts should not parse it.
func conflictDetail(a, b string, prio int, kind, id, va, vb string) string {
	return fmt.Sprintf("add-ons %q and %q can be assigned together and both set %s %q at priority %d: %s vs %s",
		a, b, kind, id, prio, va, vb)
}

func stateOf(c *Catalog, pi, fi int) State {
	st := c.settings[pi].states
	i, _ := slices.BinarySearchFunc(st, fi, func(s FeatureState, fi int) int { return cmp.Compare(s.Feature, fi) })
	return st[i].State
}

func valueOf(c *Catalog, pi, ai int) Value {
	vs := c.settings[pi].values
	i, _ := slices.BinarySearchFunc(vs, ai, func(s AttributeSetting, ai int) int { return cmp.Compare(s.Attribute, ai) })
	return vs[i].Value
}

// newLinter numbers the add-ons and builds their allowed-main and exclusion
// lists.
func (c *Catalog) newLinter() *linter {
	d := &c.def
	n := len(c.addOnIndex)
	l := &linter{c: c, pi: slices.Clone(c.addOnIndex), prio: make([]int, n)}
	slices.SortFunc(l.pi, func(a, b int) int {
		pa, pb := &d.Products[a], &d.Products[b]
		return cmp.Or(cmp.Compare(pa.Priority, pb.Priority), cmp.Compare(pa.ID, pb.ID))
	})
	dense := make([]int32, len(d.Products))
	l.mOff = make([]int32, n+1)
	l.xOff = make([]int32, n+1)
	for k, pi := range l.pi {
		dense[pi] = int32(k)
		p := &d.Products[pi]
		l.prio[k] = p.Priority
		l.mOff[k+1] = l.mOff[k] + int32(len(p.AllowedMain))
	}
	l.mains = make([]int32, l.mOff[n])
	for k, pi := range l.pi {
		ms := l.mains[l.mOff[k]:l.mOff[k+1]]
		for i, m := range d.Products[pi].AllowedMain {
			ms[i] = int32(c.products[m])
		}
		slices.Sort(ms)
	}
	// Exclusions, made symmetric: a lists b, so both a's and b's lists hold
	// the other.
	for _, pi := range l.pi {
		for _, e := range d.Products[pi].Excludes {
			l.xOff[dense[pi]+1]++
			l.xOff[dense[c.products[e]]+1]++
		}
	}
	for k := range n {
		l.xOff[k+1] += l.xOff[k]
	}
	l.excl = make([]int32, l.xOff[n])
	fill := slices.Clone(l.xOff[:n])
	for _, pi := range l.pi {
		a := dense[pi]
		for _, e := range d.Products[pi].Excludes {
			b := dense[c.products[e]]
			l.excl[fill[a]] = b
			fill[a]++
			l.excl[fill[b]] = a
			fill[b]++
		}
	}
	for k := range n {
		slices.Sort(l.excl[l.xOff[k]:l.xOff[k+1]])
	}
	return l
}

// run returns the end of the run of entries starting at lo whose add-ons
// have the same priority; addOn gives the dense add-on of entry i.
func (l *linter) run(n, lo int, addOn func(i int) int32) int {
	p := l.prio[addOn(lo)]
	hi := lo + 1
	for hi < n && l.prio[addOn(hi)] == p {
		hi++
	}
	return hi
}

// classPairs appends to l.pairs every co-assignable pair of entries of the
// run starting at lo whose classes (l.cls, relative to lo, in [0, nclass))
// differ. Entries are bucketed by class first so that only pairs across
// classes are enumerated.
func (l *linter) classPairs(lo, nclass int, addOn func(i int) int32) {
	l.count = slices.Grow(l.count[:0], nclass+1)[:nclass+1]
	clear(l.count)
	for _, cl := range l.cls {
		l.count[cl+1]++
	}
	for i := range nclass {
		l.count[i+1] += l.count[i]
	}
	l.sorted = slices.Grow(l.sorted[:0], len(l.cls))[:len(l.cls)]
	fill := l.count[:nclass] // consumed: count[i] ends as the end of class i
	for i, cl := range l.cls {
		l.sorted[fill[cl]] = addOn(lo + i)
		fill[cl]++
	}
	// Now count[i] is the end of class i and the start of class i+1.
	start := func(cl int) int32 {
		if cl == 0 {
			return 0
		}
		return l.count[cl-1]
	}
	for ca := range nclass {
		for cb := ca + 1; cb < nclass; cb++ {
			for _, a := range l.sorted[start(ca):l.count[ca]] {
				for _, b := range l.sorted[start(cb):l.count[cb]] {
					if l.coAssignable(a, b) {
						l.pairs = append(l.pairs, [2]int32{min(a, b), max(a, b)})
					}
				}
			}
		}
	}
}

// coAssignable reports whether the add-ons a and b (dense) share an allowed
// main product and neither excludes the other.
func (l *linter) coAssignable(a, b int32) bool {
	if _, ex := slices.BinarySearch(l.excl[l.xOff[a]:l.xOff[a+1]], b); ex {
		return false
	}
	ma, mb := l.mains[l.mOff[a]:l.mOff[a+1]], l.mains[l.mOff[b]:l.mOff[b+1]]
	for i, j := 0, 0; i < len(ma) && j < len(mb); {
		switch {
		case ma[i] == mb[j]:
			return true
		case ma[i] < mb[j]:
			i++
		default:
			j++
		}
	}
	return false
}

// sortedPairs returns l.pairs ordered by the IDs of their add-ons. Within a
// priority the dense order is the ID order; pairs of different priorities
// need the IDs compared.
func (l *linter) sortedPairs() [][2]int32 {
	d := &l.c.def
	slices.SortFunc(l.pairs, func(x, y [2]int32) int {
		return cmp.Or(
			cmp.Compare(d.Products[l.pi[x[0]]].ID, d.Products[l.pi[y[0]]].ID),
			cmp.Compare(d.Products[l.pi[x[1]]].ID, d.Products[l.pi[y[1]]].ID))
	})
	return l.pairs
}
