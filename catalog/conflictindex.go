package catalog

import (
	"slices"
)

// linter finds the WarnConflict warnings of a catalog (see Lint).
//
// It indexes, for every feature state and override attribute, the add-ons
// that define it, reading the add-ons' settings once, in the order they lie
// in memory. A feature or attribute whose definers all agree, as nearly all
// do in a real catalog, costs nothing more. The definers of one that does
// not are sorted by precedence and split into runs of one priority; a run
// whose add-ons set at least two different values is bucketed by main
// product, and each bucket that still holds two classes is a group.
type linter struct {
	c *Catalog

	// Scratch for the runs that disagree; a position is an index into the
	// run, whose add-ons are in (priority, ID) order.
	want       []int       // by product index: the run in which a bucket of two classes may form
	run        int         // the run being grouped
	mCount     []int32     // by product index: bucket size, then fill cursor
	mStart     []int32     // by product index: where its bucket starts
	mark       []int       // by product index: the group that last marked it
	pos        []int32     // by product index: its position in the run, when marked
	group      int         // the group being built
	order, cls []int32     // by position: sorted by value; its class
	touched    []int32     // main products with a bucket in this run
	bucket     []int32     // positions, bucketed by main product
	cands      []candidate // buckets that hold two classes
	seen, size []int32     // by class: 1 + its index in the warning being built; its add-ons in the group
	xpairs     [][2]int32

	// Scratch for finding the runs that disagree. A priority's rank is its
	// position among the distinct priorities of the add-ons.
	prank  []int32 // by precedence rank: the add-on's priority rank
	pSeen  []int   // by priority rank: the segment that last saw it
	pMark  []int   // by priority rank: the segment in which it may disagree
	pFirst []entry // by priority rank: its first entry in the segment
	seg    int     // the segment being scanned
	sel    []entry // the entries of the priorities that may disagree
}

// entry is one add-on's setting in the conflict index, packed into 64 bits
// so that the index of a large catalog is small, holds no pointer for the
// garbage collector to scan, and sorts by precedence with the ordered sort:
// the add-on's rank in (priority, ID) order in the high 32 bits; below it,
// for a feature state, the state; for an override attribute, the index of
// the value among the add-on's values (shifted by one) and whether it
// differs from the first value indexed for the attribute (the low bit).
type entry uint64

func stateEntry(rank int32, s State) entry { return entry(uint64(rank)<<32 | uint64(s)) }

func valueEntry(rank int32, at int, other bool) entry {
	e := entry(uint64(rank)<<32 | uint64(at)<<1)
	if other {
		e |= 1
	}
	return e
}

func (e entry) rank() int32  { return int32(e >> 32) }
func (e entry) state() State { return State(e & 0xff) }
func (e entry) at() int      { return int(uint32(e) >> 1) }
func (e entry) other() bool  { return e&1 != 0 }

// conflicts appends the WarnConflict warnings (see Lint).
func (l *linter) conflicts(out []Warning) []Warning {
	c := l.c
	if len(c.addOnIndex) == 0 {
		return out
	}
	nf, na := len(c.def.Features), len(c.attrRefs)

	// Feature-state and override-attribute indexes, in CSR form, filled in
	// product index order. Compile counted the entries; the values of other
	// attributes are left out, so vFill ends each attribute's entries.
	sOff, vOff := c.stateOff, c.valueOff
	override := make([]bool, na)
	for ai, r := range c.attrRefs {
		override[ai] = c.def.Features[r.feature].Attributes[r.attr].Combine == CombineOverride
	}
	states := make([]entry, sOff[nf])
	values := make([]entry, vOff[na])
	sFill := slices.Clone(sOff[:nf])
	vFill := slices.Clone(vOff[:na])
	first := make([]*Value, na) // by attribute: the first value indexed
	for _, pi := range c.addOnIndex {
		ps, rank := &c.settings[pi], c.rank[pi]
		for _, s := range ps.states {
			states[sFill[s.Feature]] = stateEntry(rank, s.State)
			sFill[s.Feature]++
		}
		for vi := range ps.values {
			v := &ps.values[vi]
			if !override[v.Attribute] {
				continue
			}
			if first[v.Attribute] == nil {
				first[v.Attribute] = &v.Value
			}
			values[vFill[v.Attribute]] = valueEntry(rank, vi, !v.Value.Equal(*first[v.Attribute]))
			vFill[v.Attribute]++
		}
	}
	addOn := func(e entry) int32 { return int32(c.byPrecedence[e.rank()]) }
	valueOf := func(e entry) *Value { return &c.settings[addOn(e)].values[e.at()].Value }

	for fi := range nf {
		f := &c.def.Features[fi]
		base := Warning{Code: WarnConflict, Feature: f.ID}
		if ent := states[sOff[fi]:sOff[fi+1]]; slices.ContainsFunc(ent, func(e entry) bool { return e.state() != ent[0].state() }) {
			sel := l.suspects(ent, func(first, e entry) bool { return e.state() != first.state() })
			for lo := 0; lo < len(sel); {
				hi := l.runEnd(sel, lo)
				run := sel[lo:hi]
				if slices.ContainsFunc(run, func(e entry) bool { return e.state() != run[0].state() }) {
					l.cls = slices.Grow(l.cls[:0], len(run))
					for _, e := range run {
						l.cls = append(l.cls, int32(e.state()))
					}
					out = l.groups(out, len(run), int(Disabled)+1,
						func(i int) int32 { return addOn(run[i]) },
						func(i int) ConflictClass { return ConflictClass{State: run[i].state()} },
						base, "features["+f.ID+"]", "feature", f.ID)
				}
				lo = hi
			}
		}

		for ai := c.attrLo[fi]; ai < c.attrLo[fi+1]; ai++ {
			// The first entry holds the attribute's first value: when no
			// entry differs from it, all agree.
			ent := values[vOff[ai]:vFill[ai]]
			if !slices.ContainsFunc(ent, entry.other) {
				continue
			}
			attr := &f.Attributes[ai-c.attrLo[fi]]
			base.Attribute = attr.ID
			// Two values of which one is Equal to the attribute's first
			// value and the other not differ; two that are both Equal to it
			// agree; only two that both are not need comparing.
			sel := l.suspects(ent, func(first, e entry) bool { return first.other() || e.other() })
			for lo := 0; lo < len(sel); {
				hi := l.runEnd(sel, lo)
				run := sel[lo:hi]
				if slices.ContainsFunc(run[1:], func(e entry) bool {
					return e.other() != run[0].other() || e.other() && !valueOf(e).Equal(*valueOf(run[0]))
				}) {
					nclass := l.valueClasses(len(run), func(i int) *Value { return valueOf(run[i]) }, func(i int) bool { return run[i].other() })
					out = l.groups(out, len(run), nclass,
						func(i int) int32 { return addOn(run[i]) },
						func(i int) ConflictClass { return ConflictClass{Value: *valueOf(run[i])} },
						base, "features["+f.ID+"].attributes["+attr.ID+"]", "attribute", attr.ID)
				}
				lo = hi
			}
		}
	}
	return out
}

// suspects returns, sorted by precedence, the entries of ent (those of one
// feature state or attribute, in any order) whose priority holds two
// entries that may differ: differs(first, e) reports whether e may differ
// from the first entry of its priority. The slice is reused by the next
// call.
func (l *linter) suspects(ent []entry, differs func(first, e entry) bool) []entry {
	if l.prank == nil {
		rp := l.c.rankPriority
		l.prank = make([]int32, len(rp))
		for r := 1; r < len(rp); r++ {
			l.prank[r] = l.prank[r-1]
			if rp[r] != rp[r-1] {
				l.prank[r]++
			}
		}
		np := 1
		if len(rp) > 0 {
			np += int(l.prank[len(rp)-1])
		}
		l.pSeen, l.pMark, l.pFirst = make([]int, np), make([]int, np), make([]entry, np)
	}
	l.seg++
	for _, e := range ent {
		switch p := l.prank[e.rank()]; {
		case l.pSeen[p] != l.seg:
			l.pSeen[p], l.pFirst[p] = l.seg, e
		case l.pMark[p] != l.seg && differs(l.pFirst[p], e):
			l.pMark[p] = l.seg
		}
	}
	l.sel = l.sel[:0]
	for _, e := range ent {
		if l.pMark[l.prank[e.rank()]] == l.seg {
			l.sel = append(l.sel, e)
		}
	}
	slices.Sort(l.sel)
	return l.sel
}

// runEnd returns the end of the run of entries starting at lo whose add-ons
// have the same priority. The entries are sorted.
func (l *linter) runEnd(ent []entry, lo int) int {
	p := l.prank[ent[lo].rank()]
	hi := lo + 1
	for hi < len(ent) && l.prank[ent[hi].rank()] == p {
		hi++
	}
	return hi
}

// valueClasses sets l.cls to the classes of Equal values of the n positions
// of a run and returns the number of classes. Class 0 holds the values
// Equal to the attribute's first value (other(i) false); the rest are
// sorted by value to be classed.
func (l *linter) valueClasses(n int, value func(i int) *Value, other func(i int) bool) int {
	l.cls = slices.Grow(l.cls[:0], n)[:n]
	l.order = l.order[:0]
	for i := range n {
		l.cls[i] = 0
		if other(i) {
			l.order = append(l.order, int32(i))
		}
	}
	slices.SortStableFunc(l.order, func(a, b int32) int { return compareValues(*value(int(a)), *value(int(b))) })
	class := int32(0)
	for k, i := range l.order {
		if k == 0 || compareValues(*value(int(l.order[k-1])), *value(int(i))) != 0 {
			class++
		}
		l.cls[i] = class
	}
	return int(class) + 1
}
