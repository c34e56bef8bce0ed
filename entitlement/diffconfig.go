package entitlement

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// diffConfigs is Diff of two configurations of one Resolver, read from
// their blocks without decoding what did not change:
//
//   - a feature whose state differs is switched, and one switched on gets
//     its values;
//   - on a feature enabled in both, only the attributes that a layer of
//     either defines can differ, the others holding the catalog default in
//     both; of those, an attribute with the same constant, or number, in
//     both is passed over undecoded.
//
// The changes are found in index order, which is ID order for a catalog
// that lists its features and attributes by ID; otherwise they are sorted.
func diffConfigs(from, to *Config) []Change {
	r := from.r
	var chBuf [32]change
	var swBuf, isBuf [64]uint64 // up to 4,096 features
	ch := chBuf[:0]
	s := switches{sw: swBuf[:], is: isBuf[:], w: -1}
	if n := len(r.defaultOn); n > len(swBuf) {
		s.sw, s.is = make([]uint64, n), make([]uint64, n)
	} else {
		s.sw, s.is = s.sw[:n], s.is[:n]
	}
	from.enabledWords(s.sw)
	to.enabledWords(s.is)
	for w := range s.sw {
		s.sw[w] ^= s.is[w]
	}
	af, at := from.b.attrWords(), to.b.attrWords()
	for af.w != ^uint32(0) || at.w != ^uint32(0) {
		switch {
		case af.w == at.w:
			if af.seen != at.seen || !sameEntries(af.entries(), at.entries()) {
				ch = diffWord(ch, &s, from, to, &af, &at, af.seen, at.seen)
			}
			af.next()
			at.next()
		case af.w < at.w:
			ch = diffWord(ch, &s, from, to, &af, &at, af.seen, 0)
			af.next()
		default:
			ch = diffWord(ch, &s, from, to, &af, &at, 0, at.seen)
			at.next()
		}
	}
	ch = s.before(ch, to, math.MaxInt32)
	if len(ch) == 0 {
		return nil
	}
	for i := 1; i < len(ch); i++ {
		if r.byID(&ch[i-1], &ch[i]) > 0 {
			slices.SortFunc(ch, func(x, y change) int { return r.byID(&x, &y) })
			break
		}
	}
	out := make([]Change, len(ch))
	for i := range ch {
		ch[i].decode(&out[i], from, to)
	}
	return out
}

// switches are the features whose state differs between two
// configurations, from and to, which diffConfigs appends as it reaches
// them.
type switches struct {
	sw, is  []uint64 // the bitmaps of features whose state differs and of those to enables
	w       int      // the word of sw whose switches are pending
	pending uint64
}

// change is a Change found by diffConfigs, not yet decoded: feature f,
// attribute a (-1 for a switch), and the attribute's entries in the two
// configurations (eF and eT, when inF and inT; else the catalog default).
type change struct {
	kind     ChangeKind
	inF, inT bool
	f, a     int32
	eF, eT   int32
}

// before appends to ch the switches of the features before f not yet
// appended; switched on, a feature's values in to follow it.
func (s *switches) before(ch []change, to *Config, f int32) []change {
	for {
		for s.pending == 0 {
			if s.w+1 >= len(s.sw) || int32(s.w+1)<<6 >= f {
				return ch
			}
			s.w++
			s.pending = s.sw[s.w]
		}
		sf := int32(s.w<<6 + bits.TrailingZeros64(s.pending))
		if sf >= f {
			return ch
		}
		bit := s.pending & -s.pending
		s.pending &^= bit
		if s.is[s.w]&bit == 0 {
			ch = append(ch, change{kind: SwitchOff, f: sf, a: -1})
			continue
		}
		ch = append(ch, change{kind: SwitchOn, f: sf, a: -1})
		cf := &to.r.features[sf]
		for a := cf.attrLo; a < cf.attrHi; a++ {
			if e, ok := to.b.attrEntry(a); ok {
				ch = append(ch, change{kind: SetValue, f: sf, a: a, eT: e, inT: true})
			} else if to.r.attrs[a].hasDef {
				ch = append(ch, change{kind: SetValue, f: sf, a: a})
			}
		}
	}
}

// diffWord appends to ch the changes of the attributes of the current
// word of af and at, the walks of from's and to's blocks, which from
// defines in seenF and to in seenT, on the features enabled in both (and
// the switches s holds before them).
func diffWord(ch []change, s *switches, from, to *Config, af, at *attrWords, seenF, seenT uint64) []change {
	var entF, entT []uint16
	w := at.w
	if seenF != 0 {
		w, entF = af.w, af.entries()
	}
	if seenT != 0 {
		entT = at.entries()
	}
	hot := from.r.attrHot
	var iF, iT int
	for u := seenF | seenT; u != 0; u &= u - 1 {
		bit := u & -u
		inF, inT := seenF&bit != 0, seenT&bit != 0
		var uF, uT uint16
		if inF {
			uF = entF[iF]
			iF++
		}
		if inT {
			uT = entT[iT]
			iT++
		}
		if inF && inT && uF == uT && selfContained(uF) {
			continue // the same constant, or number at the attribute's scale
		}
		a := int32(w<<6) + int32(bits.TrailingZeros64(u))
		f := hot[a].feature
		if s.is[f>>6]&^s.sw[f>>6]&(1<<(f&63)) == 0 {
			continue // a feature not enabled in both
		}
		c := change{f: f, a: a, inF: inF, inT: inT}
		if inF {
			c.eF = af.widen(uF)
		}
		if inT {
			c.eT = at.widen(uT)
		}
		if c.kind = c.valueKind(from, to); c.kind != 0 {
			ch = append(s.before(ch, to, f), c)
		}
	}
	return ch
}

// valueKind returns what changes for c's attribute, defined in from or to
// (or both) on a feature enabled in both, and 0 when nothing does.
func (c *change) valueKind(from, to *Config) ChangeKind {
	ca := &from.r.attrs[c.a]
	if c.inF && c.inT {
		switch hF, hT := c.eF&3, c.eT&3; {
		case c.eF == c.eT && (hF == howConst || hF == howNum):
			return 0 // the same constant, or number at the attribute's scale
		case hF == hT && (hF == howConst || hF == howNum):
			return Modify // distinct constants are not Equal; nor are distinct numbers at one scale
		case from.entryValue(c.a, c.eF).Equal(to.entryValue(c.a, c.eT)):
			return 0
		}
		return Modify
	}
	switch {
	case !ca.hasDef && c.inT:
		return SetValue
	case !ca.hasDef:
		return Unset
	case c.inF && from.entryValue(c.a, c.eF).Equal(ca.defVal),
		c.inT && to.entryValue(c.a, c.eT).Equal(ca.defVal):
		return 0
	}
	return Modify
}

// decode writes c to out, which is zero.
func (c *change) decode(out *Change, from, to *Config) {
	r := from.r
	out.Kind, out.Feature = c.kind, r.features[c.f].id
	if c.a < 0 {
		return
	}
	ca := &r.attrs[c.a]
	out.Attribute = ca.id
	switch {
	case c.kind != Modify && c.kind != Unset:
	case c.inF:
		out.From = from.entryValue(c.a, c.eF)
	default:
		out.From = ca.defVal
	}
	switch {
	case c.kind == Unset:
	case c.inT:
		out.To = to.entryValue(c.a, c.eT)
	default:
		out.To = ca.defVal
	}
}

// byID orders changes by feature ID, then attribute ID: a switch, which
// has none, first.
func (r *Resolver) byID(x, y *change) int {
	if x.f != y.f {
		return strings.Compare(r.features[x.f].id, r.features[y.f].id)
	}
	if x.a < 0 || y.a < 0 {
		return cmp.Compare(x.a, y.a)
	}
	return strings.Compare(r.attrs[x.a].id, r.attrs[y.a].id)
}
