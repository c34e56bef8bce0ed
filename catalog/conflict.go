package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

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

	// Scratch, reused across runs. A run is the add-ons of one priority
	// that define one feature state or override attribute; a position is
	// an index into the run.
	order   []int32     // positions, sorted by value
	cls     []int32     // by position: its class
	mCount  []int32     // by product index: bucket size, then fill cursor
	mStart  []int32     // by product index: where its bucket starts
	touched []int32     // main products with a bucket in this run
	bucket  []int32     // positions, bucketed by main product
	cands   []candidate // buckets that hold two classes
	mark    []int       // by dense add-on: the group that last marked it
	pos     []int32     // by dense add-on: its position, when marked
	group   int
	seen    []int32 // by class: 1 + its index in the warning being built
	size    []int32 // by class: its add-ons in the group being built
	xpairs  [][2]int32
}

// candidate is the bucket of one main product: the positions of the add-ons
// it allows, in ID order.
type candidate struct {
	main    int32
	members []int32
}

type stateEntry struct {
	addOn int32
	state State
}

type valueEntry struct {
	addOn int32
	value *Value
}

// conflicts appends the WarnConflict warnings (see Lint).
func (l *linter) conflicts(out []Warning) []Warning {
	c := l.c
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
		base := Warning{Code: WarnConflict, Feature: f.ID}
		ent := states[sOff[fi]:sOff[fi+1]]
		for lo := 0; lo < len(ent); {
			hi := l.runEnd(len(ent), lo, func(i int) int32 { return ent[i].addOn })
			run := ent[lo:hi]
			if slices.ContainsFunc(run, func(e stateEntry) bool { return e.state != run[0].state }) {
				l.cls = slices.Grow(l.cls[:0], len(run))
				for _, e := range run {
					l.cls = append(l.cls, int32(e.state))
				}
				out = l.groups(out, len(run), int(Disabled)+1,
					func(i int) int32 { return run[i].addOn },
					func(i int) ConflictClass { return ConflictClass{State: run[i].state} },
					base, "features["+f.ID+"]", "feature", f.ID)
			}
			lo = hi
		}

		for ai := c.attrLo[fi]; ai < c.attrLo[fi+1]; ai++ {
			ent := values[vOff[ai]:vOff[ai+1]]
			attr := &f.Attributes[ai-c.attrLo[fi]]
			base.Attribute = attr.ID
			for lo := 0; lo < len(ent); {
				hi := l.runEnd(len(ent), lo, func(i int) int32 { return ent[i].addOn })
				run := ent[lo:hi]
				if slices.ContainsFunc(run, func(e valueEntry) bool { return !e.value.Equal(*run[0].value) }) {
					nclass := l.valueClasses(len(run), func(i int) *Value { return run[i].value })
					out = l.groups(out, len(run), nclass,
						func(i int) int32 { return run[i].addOn },
						func(i int) ConflictClass { return ConflictClass{Value: *run[i].value} },
						base, "features["+f.ID+"].attributes["+attr.ID+"]", "attribute", attr.ID)
				}
				lo = hi
			}
		}
	}
	return out
}

// runEnd returns the end of the run of entries starting at lo whose add-ons
// have the same priority; addOn gives the dense add-on of entry i.
func (l *linter) runEnd(n, lo int, addOn func(i int) int32) int {
	p := l.prio[addOn(lo)]
	hi := lo + 1
	for hi < n && l.prio[addOn(hi)] == p {
		hi++
	}
	return hi
}

// valueClasses sets l.cls to the classes of Equal values of the n positions
// of a run, sorting them by value, and returns the number of classes.
func (l *linter) valueClasses(n int, value func(i int) *Value) int {
	l.order = slices.Grow(l.order[:0], n)
	for i := range n {
		l.order = append(l.order, int32(i))
	}
	slices.SortStableFunc(l.order, func(a, b int32) int { return compareValues(*value(int(a)), *value(int(b))) })
	l.cls = slices.Grow(l.cls[:0], n)[:n]
	class := int32(0)
	for k, i := range l.order {
		if k > 0 && compareValues(*value(int(l.order[k-1])), *value(int(i))) != 0 {
			class++
		}
		l.cls[i] = class
	}
	return int(class) + 1
}

// groups appends the warnings of one run of n positions: position i holds
// dense add-on at(i), of class l.cls[i] in [0, nclass); class(i) describes
// the class of position i. base carries the feature and attribute, tail the
// path below the product, kind and id name what is set, for the detail.
func (l *linter) groups(out []Warning, n, nclass int, at func(i int) int32, class func(i int) ConflictClass,
	base Warning, tail, kind, id string) []Warning {
	// Bucket the positions by main product, in position (ID) order.
	l.touched = l.touched[:0]
	for i := range n {
		a := at(i)
		for _, m := range l.mains[l.mOff[a]:l.mOff[a+1]] {
			if l.mCount[m] == 0 {
				l.touched = append(l.touched, m)
			}
			l.mCount[m]++
		}
	}
	total := int32(0)
	for _, m := range l.touched {
		l.mStart[m] = total
		total += l.mCount[m]
		l.mCount[m] = l.mStart[m]
	}
	l.bucket = slices.Grow(l.bucket[:0], int(total))[:total]
	for i := range n {
		a := at(i)
		for _, m := range l.mains[l.mOff[a]:l.mOff[a+1]] {
			l.bucket[l.mCount[m]] = int32(i)
			l.mCount[m]++
		}
	}
	l.cands = l.cands[:0]
	for _, m := range l.touched {
		b := l.bucket[l.mStart[m]:l.mCount[m]]
		l.mCount[m] = 0
		if slices.ContainsFunc(b[1:], func(i int32) bool { return l.cls[i] != l.cls[b[0]] }) {
			l.cands = append(l.cands, candidate{m, b})
		}
	}
	// Main products with the same bucket share a warning.
	slices.SortFunc(l.cands, func(x, y candidate) int {
		return cmp.Or(slices.Compare(x.members, y.members), cmp.Compare(x.main, y.main))
	})
	l.seen = slices.Grow(l.seen[:0], nclass)[:nclass]
	l.size = slices.Grow(l.size[:0], nclass)[:nclass]
	for lo := 0; lo < len(l.cands); {
		hi := lo + 1
		for hi < len(l.cands) && slices.Equal(l.cands[hi].members, l.cands[lo].members) {
			hi++
		}
		if w, ok := l.warning(l.cands[lo:hi], at, class, base, tail, kind, id); ok {
			out = append(out, w)
		}
		lo = hi
	}
	return out
}

// warning builds the warning of a group: the add-ons of cands[0].members,
// allowed with the main products of cands. ok is false when every pair of
// add-ons of different classes excludes each other.
func (l *linter) warning(cands []candidate, at func(i int) int32, class func(i int) ConflictClass,
	base Warning, tail, kind, id string) (w Warning, ok bool) {
	d := &l.c.def
	members := cands[0].members
	l.group++
	for _, i := range members {
		a := at(int(i))
		l.mark[a], l.pos[a] = l.group, i
		l.size[l.cls[i]]++
	}
	cross := len(members) * len(members)
	for _, i := range members {
		cross -= int(l.size[l.cls[i]]) // each class counted size times: size²
	}
	for _, i := range members {
		l.size[l.cls[i]] = 0
	}
	cross /= 2
	l.xpairs = l.xpairs[:0]
	for _, i := range members {
		a := at(int(i))
		for _, x := range l.excl[l.xOff[a]:l.xOff[a+1]] {
			if x > a && l.mark[x] == l.group && l.cls[l.pos[x]] != l.cls[i] {
				l.xpairs = append(l.xpairs, [2]int32{i, l.pos[x]})
			}
		}
	}
	if cross == len(l.xpairs) {
		return Warning{}, false
	}

	w = base
	w.Priority = d.Products[l.pi[at(int(members[0]))]].Priority
	name := func(i int32) string { return d.Products[l.pi[at(int(i))]].ID }
	w.AddOns = make([]string, len(members))
	for k, i := range members {
		w.AddOns[k] = name(i)
		cl := l.cls[i]
		if l.seen[cl] == 0 {
			w.Classes = append(w.Classes, class(int(i)))
			l.seen[cl] = int32(len(w.Classes))
		}
		c := &w.Classes[l.seen[cl]-1]
		c.AddOns = append(c.AddOns, w.AddOns[k])
	}
	for _, i := range members {
		l.seen[l.cls[i]] = 0
	}
	w.Mains = make([]string, len(cands))
	for k, cd := range cands {
		w.Mains[k] = d.Products[cd.main].ID
	}
	slices.Sort(w.Mains)
	if len(l.xpairs) > 0 {
		slices.SortFunc(l.xpairs, func(x, y [2]int32) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
		w.Excluded = make([][2]string, len(l.xpairs))
		for k, p := range l.xpairs {
			w.Excluded[k] = [2]string{name(p[0]), name(p[1])}
		}
	}
	w.Path = "products[" + w.AddOns[0] + "]." + tail
	w.Detail = conflictDetail(&w, kind, id)
	return w, true
}

// conflictDetail is the Detail of a WarnConflict warning about the feature
// or attribute (kind) id. A warning of two add-ons reads as the pairwise
// lint's did.
func conflictDetail(w *Warning, kind, id string) string {
	if len(w.AddOns) == 2 {
		return fmt.Sprintf("add-ons %q and %q can be assigned together and both set %s %q at priority %d: %s vs %s",
			w.AddOns[0], w.AddOns[1], kind, id, w.Priority, w.Classes[0].text(), w.Classes[1].text())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d add-ons allowed with %s set %s %q at priority %d to %d different values:",
		len(w.AddOns), quoted("main product", w.Mains), kind, id, w.Priority, len(w.Classes))
	for i, cl := range w.Classes {
		if i > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, " %s by %s", cl.text(), quoted("", cl.AddOns))
	}
	if len(w.Excluded) > 0 {
		b.WriteString("; these pairs exclude each other and do not conflict:")
		for i, p := range w.Excluded {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, " %q and %q", p[0], p[1])
		}
	}
	return b.String()
}

// quoted lists ids, quoted and separated by commas, after noun (made plural
// for more than one) unless noun is empty.
func quoted(noun string, ids []string) string {
	var b strings.Builder
	if noun != "" {
		b.WriteString(noun)
		if len(ids) > 1 {
			b.WriteByte('s')
		}
		b.WriteByte(' ')
	}
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", id)
	}
	return b.String()
}

func (cl ConflictClass) text() string {
	if cl.Value.IsSet() {
		return cl.Value.String()
	}
	return cl.State.String()
}

// compareValues orders values so that those that are Equal, and only those,
// compare 0: constants before band rules, constants by type and then
// content (numbers by value), band rules by fact and then band by band.
func compareValues(a, b Value) int {
	if (a.rule == nil) != (b.rule == nil) {
		if a.rule == nil {
			return -1
		}
		return 1
	}
	if a.rule != nil {
		x, y := a.rule, b.rule
		if c := cmp.Or(cmp.Compare(x.Fact, y.Fact), cmp.Compare(len(x.Bands), len(y.Bands))); c != 0 {
			return c
		}
		for i := range x.Bands {
			bx, by := x.Bands[i], y.Bands[i]
			if bx.Below.Valid != by.Below.Valid {
				if !bx.Below.Valid {
					return -1
				}
				return 1
			}
			if bx.Below.Valid {
				if c := bx.Below.Decimal.Cmp(by.Below.Decimal); c != 0 {
					return c
				}
			}
			if c := compareValues(bx.Value, by.Value); c != 0 {
				return c
			}
		}
		return 0
	}
	if c := cmp.Compare(a.typ, b.typ); c != 0 {
		return c
	}
	switch a.typ {
	case TypeBool:
		return cmp.Compare(boolInt(a.b), boolInt(b.b))
	case TypeInteger:
		return cmp.Compare(a.i, b.i)
	case TypeDecimal, TypeQuantity:
		return a.d.Cmp(b.d)
	case TypeString, TypeEnum:
		return cmp.Compare(a.s, b.s)
	case TypeStringList:
		return slices.Compare(a.list, b.list)
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// newLinter numbers the add-ons and builds their allowed-main and exclusion
// lists.
func (c *Catalog) newLinter() *linter {
	d := &c.def
	n := len(c.addOnIndex)
	l := &linter{c: c, pi: slices.Clone(c.addOnIndex), prio: make([]int, n),
		mCount: make([]int32, len(d.Products)), mStart: make([]int32, len(d.Products)),
		mark: make([]int, n), pos: make([]int32, n)}
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
	// Sorted, without the repeats of pairs that list each other.
	w := int32(0)
	for k := range n {
		x := l.excl[l.xOff[k]:l.xOff[k+1]]
		slices.Sort(x)
		x = slices.Compact(x)
		l.xOff[k] = w
		w += int32(copy(l.excl[w:], x))
	}
	l.xOff[n] = w
	return l
}
