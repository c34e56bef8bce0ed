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
	addOns     []int32     // by position: the add-on (product index)
	key        []int32     // by position: its key (see run)
	keys       []int32     // by key: the positions with it
	in         []bool      // by position: in a bucket of two classes
	members    []int32     // the positions in a bucket of two classes
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
	// product index order. Compile counted the entries.
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

	for fi := range nf {
		f := &c.def.Features[fi]
		base := Warning{Code: WarnConflict, Feature: f.ID}
		if ent := states[sOff[fi]:sOff[fi+1]]; slices.ContainsFunc(ent, func(e entry) bool { return e.state() != ent[0].state() }) {
			sel := l.suspects(ent, func(first, e entry) bool { return e.state() != first.state() })
			for lo := 0; lo < len(sel); {
				hi := l.runEnd(sel, lo)
				if r := l.stateRun(sel[lo:hi], f); r.disagrees() {
					out = l.groups(out, r, base)
				}
				lo = hi
			}
		}

		for ai := c.attrLo[fi]; ai < c.attrLo[fi+1]; ai++ {
			// The first entry holds the attribute's first value: when no
			// entry differs from it, all agree.
			ent := values[vOff[ai]:vOff[ai+1]]
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
				if r := l.valueRun(sel[lo:hi], f, attr); r.disagrees() {
					out = l.groups(out, r, base)
				}
				lo = hi
			}
		}
	}
	return out
}

// stateRun describes a run of entries of the state of feature f.
func (l *linter) stateRun(ent []entry, f *Feature) *run {
	return &run{
		n:     len(ent),
		at:    func(i int) int32 { return int32(l.c.byPrecedence[ent[i].rank()]) },
		exact: true,
		key:   func(i int) int32 { return int32(ent[i].state()) },
		same:  func(i, j int) bool { return ent[i].state() == ent[j].state() },
		classify: func(l *linter, positions []int32) int {
			for _, i := range positions {
				l.cls[i] = int32(ent[i].state())
			}
			return int(Disabled) + 1
		},
		class: func(i int) ConflictClass { return ConflictClass{State: ent[i].state()} },
		tail:  "features[" + f.ID + "]", kind: "feature", id: f.ID,
	}
}

// valueRun describes a run of entries of attribute attr of feature f.
func (l *linter) valueRun(ent []entry, f *Feature, attr *Attribute) *run {
	at := func(i int) int32 { return int32(l.c.byPrecedence[ent[i].rank()]) }
	value := func(i int) *Value { return &l.c.settings[at(i)].values[ent[i].at()].Value }
	return &run{
		n:  len(ent),
		at: at,
		key: func(i int) int32 {
			if ent[i].other() {
				return 1
			}
			return 0
		},
		same: func(i, j int) bool {
			return ent[i].other() == ent[j].other() && (!ent[i].other() || value(i).Equal(*value(j)))
		},
		classify: func(l *linter, positions []int32) int {
			return l.valueClasses(positions, value, func(i int) bool { return ent[i].other() })
		},
		class: func(i int) ConflictClass { return ConflictClass{Value: *value(i)} },
		tail:  "features[" + f.ID + "].attributes[" + attr.ID + "]", kind: "attribute", id: attr.ID,
	}
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

// valueClasses sets l.cls for the given positions of a run to their
// classes of Equal values and returns the number of classes. Class 0 holds
// the values Equal to the attribute's first value (other(i) false); the
// rest are sorted by value to be classed.
func (l *linter) valueClasses(positions []int32, value func(i int) *Value, other func(i int) bool) int {
	l.order = l.order[:0]
	for _, i := range positions {
		l.cls[i] = 0
		if other(int(i)) {
			l.order = append(l.order, i)
		}
	}
	slices.SortFunc(l.order, func(a, b int32) int { return compareValuesAt(value(int(a)), value(int(b))) })
	class := int32(0)
	for k, i := range l.order {
		if k == 0 || compareValuesAt(value(int(l.order[k-1])), value(int(i))) != 0 {
			class++
		}
		l.cls[i] = class
	}
	return int(class) + 1
}
