package catalog

import (
	"cmp"
	"slices"
	"strconv"
)

// candidate is the bucket of one main product: the positions of the add-ons
// of a run that it allows, in ID order.
type candidate struct {
	main    int32
	members []int32
}

// run is one run of add-ons, for groups: the n add-ons of one priority
// that define one feature state or override attribute, by position in ID
// order.
type run struct {
	n  int
	at func(i int) int32 // the add-on (product index) at position i
	// key(i) is a cheap stand-in for the class of position i: positions
	// of different keys differ. When exact, positions of one key agree;
	// otherwise only those of key 0 are known to.
	key   func(i int) int32
	exact bool
	same  func(i, j int) bool // positions i and j set the same state or Equal values
	// classify sets l.cls for the given positions and returns the number
	// of classes.
	classify func(l *linter, positions []int32) int
	class    func(i int) ConflictClass // what position i sets
	tail     string                    // the path below the product
	kind, id string                    // what is set, for the detail
}

// disagrees reports whether two add-ons of r set different values.
func (r *run) disagrees() bool {
	for i := 1; i < r.n; i++ {
		if !r.same(0, i) {
			return true
		}
	}
	return false
}

// groups appends the warnings of run r: the buckets of the main products
// that hold two classes, main products with the same bucket merged. base
// carries the feature and attribute.
func (l *linter) groups(out []Warning, r *run, base Warning) []Warning {
	if l.mCount == nil {
		np := len(l.c.def.Products)
		l.mCount, l.mStart = make([]int32, np), make([]int32, np)
		l.mark, l.pos, l.want = make([]int, np), make([]int32, np), make([]int, np)
	}
	// The add-ons and keys of the positions, read once.
	l.addOns = slices.Grow(l.addOns[:0], r.n)[:r.n]
	l.key = slices.Grow(l.key[:0], r.n)[:r.n]
	l.keys = l.keys[:0]
	for i := range r.n {
		l.addOns[i], l.key[i] = r.at(i), r.key(i)
		for int(l.key[i]) >= len(l.keys) {
			l.keys = append(l.keys, 0)
		}
		l.keys[l.key[i]]++
	}
	// A bucket of two classes holds an add-on outside the largest
	// agreeing key: when the keys tell, bucket only the main products of
	// such add-ons.
	major := int32(0)
	for k, cnt := range l.keys {
		if cnt > l.keys[major] {
			major = int32(k)
		}
	}
	l.run++
	all := !r.exact && major != 0
	if !all {
		for i, a := range l.addOns {
			if l.key[i] != major {
				for _, m := range l.c.allowedMains(int(a)) {
					l.want[m] = l.run
				}
			}
		}
	}
	// Bucket the positions by those main products, in position order.
	l.touched = l.touched[:0]
	for _, a := range l.addOns {
		for _, m := range l.c.allowedMains(int(a)) {
			if !all && l.want[m] != l.run {
				continue
			}
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
	for i, a := range l.addOns {
		for _, m := range l.c.allowedMains(int(a)) {
			if all || l.want[m] == l.run {
				l.bucket[l.mCount[m]] = int32(i)
				l.mCount[m]++
			}
		}
	}
	l.cands = l.cands[:0]
	for _, m := range l.touched {
		b := l.bucket[l.mStart[m]:l.mCount[m]]
		l.mCount[m] = 0
		if slices.ContainsFunc(b[1:], func(i int32) bool { return !r.same(int(b[0]), int(i)) }) {
			l.cands = append(l.cands, candidate{m, b})
		}
	}
	if len(l.cands) == 0 {
		return out
	}
	// Class the add-ons of the candidate buckets.
	l.in = slices.Grow(l.in[:0], r.n)[:r.n]
	clear(l.in)
	for _, cd := range l.cands {
		for _, i := range cd.members {
			l.in[i] = true
		}
	}
	l.members = l.members[:0]
	for i, in := range l.in {
		if in {
			l.members = append(l.members, int32(i))
		}
	}
	l.cls = slices.Grow(l.cls[:0], r.n)[:r.n]
	nclass := r.classify(l, l.members)
	l.seen = slices.Grow(l.seen[:0], nclass)[:nclass]
	l.size = slices.Grow(l.size[:0], nclass)[:nclass]
	// Main products with the same bucket share a warning.
	slices.SortFunc(l.cands, func(x, y candidate) int {
		return cmp.Or(slices.Compare(x.members, y.members), cmp.Compare(x.main, y.main))
	})
	for lo := 0; lo < len(l.cands); {
		hi := lo + 1
		for hi < len(l.cands) && slices.Equal(l.cands[hi].members, l.cands[lo].members) {
			hi++
		}
		if w, ok := l.warning(l.cands[lo:hi], r, base); ok {
			out = append(out, w)
		}
		lo = hi
	}
	return out
}

// warning builds the warning of a group: the add-ons of cands[0].members,
// allowed with the main products of cands. ok is false when every pair of
// add-ons of different classes excludes each other.
func (l *linter) warning(cands []candidate, r *run, base Warning) (w Warning, ok bool) {
	d := &l.c.def
	at := func(i int) int32 { return l.addOns[i] }
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
	// Pairs of different classes that exclude each other, found from the
	// side that lists the other (twice when both do).
	l.xpairs = l.xpairs[:0]
	for _, i := range members {
		for _, e := range d.Products[at(int(i))].Excludes {
			if x := l.c.products[e]; l.mark[x] == l.group && l.cls[l.pos[x]] != l.cls[i] {
				l.xpairs = append(l.xpairs, [2]int32{min(i, l.pos[x]), max(i, l.pos[x])})
			}
		}
	}
	slices.SortFunc(l.xpairs, func(x, y [2]int32) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	l.xpairs = slices.Compact(l.xpairs)
	if cross == len(l.xpairs) {
		return Warning{}, false
	}

	w = base
	w.Priority = d.Products[at(int(members[0]))].Priority
	name := func(i int32) string { return d.Products[at(int(i))].ID }
	w.AddOns = make([]string, len(members))
	for k, i := range members {
		w.AddOns[k] = name(i)
		cl := l.cls[i]
		if l.seen[cl] == 0 {
			w.Classes = append(w.Classes, r.class(int(i)))
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
		w.Excluded = make([][2]string, len(l.xpairs))
		for k, p := range l.xpairs {
			w.Excluded[k] = [2]string{name(p[0]), name(p[1])}
		}
	}
	w.Path = "products[" + w.AddOns[0] + "]." + r.tail
	w.Detail = conflictDetail(&w, r.kind, r.id)
	return w, true
}

// conflictDetail is the Detail of a WarnConflict warning about the feature
// or attribute (kind) id. A warning of two add-ons reads as the pairwise
// lint's did. Lint builds one per group, so it writes with strconv rather
// than fmt.
func conflictDetail(w *Warning, kind, id string) string {
	b := make([]byte, 0, 128+16*len(w.AddOns))
	if len(w.AddOns) == 2 {
		b = append(b, "add-ons "...)
		b = appendQuote(b, w.AddOns[0])
		b = append(b, " and "...)
		b = appendQuote(b, w.AddOns[1])
		b = append(b, " can be assigned together and both set "...)
	} else {
		b = strconv.AppendInt(b, int64(len(w.AddOns)), 10)
		b = append(b, " add-ons allowed with main product"...)
		if len(w.Mains) > 1 {
			b = append(b, 's')
		}
		b = appendQuoted(append(b, ' '), w.Mains)
		b = append(b, " set "...)
	}
	b = append(append(b, kind...), ' ')
	b = appendQuote(b, id)
	b = strconv.AppendInt(append(b, " at priority "...), int64(w.Priority), 10)
	if len(w.AddOns) == 2 {
		b = append(append(append(append(b, ": "...), w.Classes[0].text()...), " vs "...), w.Classes[1].text()...)
		return string(b)
	}
	b = strconv.AppendInt(append(b, " to "...), int64(len(w.Classes)), 10)
	b = append(b, " different values:"...)
	for i, cl := range w.Classes {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(append(append(b, ' '), cl.text()...), " by "...)
		b = appendQuoted(b, cl.AddOns)
	}
	if len(w.Excluded) > 0 {
		b = append(b, "; these pairs exclude each other and do not conflict:"...)
		for i, p := range w.Excluded {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendQuote(append(b, ' '), p[0])
			b = appendQuote(append(b, " and "...), p[1])
		}
	}
	return string(b)
}

// appendQuoted appends ids, quoted and separated by commas.
func appendQuoted(b []byte, ids []string) []byte {
	for i, id := range ids {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendQuote(b, id)
	}
	return b
}

func (cl ConflictClass) text() string {
	if cl.Value.IsSet() {
		return cl.Value.String()
	}
	return cl.State.String()
}

// appendQuote appends s quoted as strconv.AppendQuote does, copying it
// directly when it needs no escape: printable ASCII without quote or
// backslash, which most IDs are.
func appendQuote(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return strconv.AppendQuote(b, s)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}
