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

// groups appends the warnings of one run of n positions, in ID order:
// position i holds add-on at(i) (a product index), of class l.cls[i] in
// [0, nclass); class(i) describes the class of position i. base carries
// the feature and attribute, tail the path below the product, kind and id
// name what is set, for the detail.
func (l *linter) groups(out []Warning, n, nclass int, at func(i int) int32, class func(i int) ConflictClass,
	base Warning, tail, kind, id string) []Warning {
	if l.mCount == nil {
		np := len(l.c.def.Products)
		l.mCount, l.mStart = make([]int32, np), make([]int32, np)
		l.mark, l.pos, l.want = make([]int, np), make([]int32, np), make([]int, np)
	}
	// Only a main product that allows an add-on outside the largest class
	// can have a bucket of two classes: mark those.
	l.seen = slices.Grow(l.seen[:0], nclass)[:nclass]
	l.size = slices.Grow(l.size[:0], nclass)[:nclass]
	for i := range n {
		l.size[l.cls[i]]++
	}
	major := int32(0)
	for cl, sz := range l.size {
		if sz > l.size[major] {
			major = int32(cl)
		}
	}
	clear(l.size)
	l.run++
	for i := range n {
		if l.cls[i] != major {
			for _, m := range l.c.allowedMains(int(at(i))) {
				l.want[m] = l.run
			}
		}
	}
	// Bucket the positions by those main products, in position order.
	l.touched = l.touched[:0]
	for i := range n {
		for _, m := range l.c.allowedMains(int(at(i))) {
			if l.want[m] != l.run {
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
	for i := range n {
		for _, m := range l.c.allowedMains(int(at(i))) {
			if l.want[m] == l.run {
				l.bucket[l.mCount[m]] = int32(i)
				l.mCount[m]++
			}
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
