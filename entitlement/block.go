package entitlement

import (
	"math/bits"
)

// block is the result of a resolution as one allocation of 16-bit units,
// free of pointers (the garbage collector never scans it). Wider integers
// take two or four units, low first; the offsets say where each part
// starts, in units. Provenance is not stored: reading it re-derives it
// from the layers' sorted definitions.
//
//   - d[:fi], the layers, lowest first, three units each: the product
//     index (accountLayer for the account) in two, and the quantity, or
//     bigQty for one beyond it;
//   - d[fi:fw], the feature index, six units for every 64 words of the
//     enabled-feature bitmap: which of them some layer touched (four
//     units) and how many touched words come before (two);
//   - d[fw:ai], the touched words of the enabled-feature bitmap, in
//     order, four units each; the other words equal the defaults;
//   - d[ai:aw], the attribute index, ten units for every 64 words of
//     the defined-attribute bitmap: which of them have a bit set (four),
//     how many such words come before (two), how many defined attributes
//     come before (two), and how many wide entries come before (two);
//   - d[aw:av], those words, four units each (a reader counts the
//     defined attributes before a word from its group's count and the
//     group's words before it);
//   - d[av:wv], the entries, one per defined attribute in index order
//     (so by rank): its value x<<2 | how, an int16; howWide sends the
//     reader to the x-th wide entry of its group of 64 words (a group
//     holds at most 4,096 attributes, so x fits);
//   - then the wide entries, two units each: x<<2 | how, an int32, for
//     the entries that do not fit 16 bits;
//   - and last, four units each, the quantities bigQty stands for, in
//     layer order.
//
// Resolution writes a block in a reused buffer (layout, then setLayer,
// writeAttrs, writeFeatures, widen and appendBigQty) and keeps a copy of
// it; everything else reads it through the reader methods below. The zero
// block has no layers and no entries.
type block struct {
	d                      []uint16
	fi, fw, ai, aw, av, wv uint32
}

// how an entry's value x is stored.
const (
	howConst   = iota // the attribute's distinct constant x, one layer's as written
	howNum            // x at the attribute's fixed-point scale
	howAccount        // values[x].Value, the account's own
	howExtra          // extra[x], in a wide entry only

	// howWide, in a 16-bit entry, says the entry is the wide entry x.
	howWide = howExtra
)

// A stage encoding (and a wide entry) holds x in 30 bits, signed for
// howNum; a number beyond ±maxSmall is kept in extra instead. Indexes fit:
// one attribute would need 2^29 distinct constants, some 50 GB of them, to
// overflow howConst.
const maxSmall = 1<<29 - 1

func packValue(how int, x int64) uint64 { return uint64(x)<<2 | uint64(how) }

// entry decodes a (wide) entry.
func entry(e int32) (how int, x int64) { return int(e & 3), int64(e >> 2) }

// narrow reports whether the entry e, the low half of a stage encoding, can
// be a 16-bit entry: it fits, and it is not howExtra, which a 16-bit entry
// reads as howWide.
func narrow(e uint32) bool { return e+0x8000 <= 0xffff && e&3 != howExtra }

// selfContained reports whether the 16-bit entry u stands for its value on
// its own: a constant or a number at the attribute's scale, not an account
// value or a wide entry (whose equal units may stand for different values
// in two blocks).
func selfContained(u uint16) bool { return u&2 == 0 }

// maxNarrow bounds the x of an encoding that resolution may write as a
// 16-bit entry without looking: beyond ±maxNarrow (and for every howExtra)
// it sets scratch.tooWide.
const maxNarrow = 1<<13 - 1

// accountLayer marks the account's layer where a product index is expected.
const accountLayer = ^uint32(0)

// The sizes in units of the block's layers and index records.
const (
	layerSize  = 3
	fIndexSize = 6
	aIndexSize = 10
)

// bigQty, as a layer's quantity, says the quantity is at the block's end.
const bigQty = 0xffff

// get32 and get64 read the block's integers of two and four units at unit
// i, little-endian.
func get32(d []uint16, i uint32) uint32 {
	u := d[i : i+2]
	return uint32(u[0]) | uint32(u[1])<<16
}

func get64(d []uint16, i uint32) uint64 {
	u := d[i : i+4]
	return uint64(u[0]) | uint64(u[1])<<16 | uint64(u[2])<<32 | uint64(u[3])<<48
}

// put32 and put64 write them.
func put32(d []uint16, i int, v uint32) {
	u := d[i : i+2]
	u[0], u[1] = uint16(v), uint16(v>>16)
}

func put64(d []uint16, i int, v uint64) {
	u := d[i : i+4]
	u[0], u[1], u[2], u[3] = uint16(v), uint16(v>>16), uint16(v>>32), uint16(v>>48)
}

// Writing.

// layout sets the offsets of a block of nl layers, fGroups feature index
// records listing fWords words, and aGroups attribute index records
// listing aWords words, and returns the size of its parts up to the
// entries (av); the entries, wide entries and big quantities follow.
func (b *block) layout(nl, fGroups, fWords, aGroups, aWords int) int {
	b.fi = uint32(layerSize * nl)
	b.fw = b.fi + uint32(fIndexSize*fGroups)
	b.ai = b.fw + uint32(4*fWords)
	b.aw = b.ai + uint32(aIndexSize*aGroups)
	b.av = b.aw + uint32(4*aWords)
	return int(b.av)
}

// setLayer writes layer l, reporting whether its quantity is big: the
// writer appends those with appendBigQty, in layer order, last. Against
// four units for every quantity, the smaller block makes
// BenchmarkResolve_10AddOns 1.05× faster.
func (b *block) setLayer(l int, p uint32, qty int) (big bool) {
	e := b.d[layerSize*l : layerSize*l+layerSize]
	put32(e, 0, p)
	e[2] = uint16(min(qty, bigQty))
	return qty >= bigQty
}

// writeAttrs writes out the attribute index (from aTouch), the words of aw
// with a bit set, and the low 16 bits of their attributes' stage
// encodings, in index order, and ends the entries there (widen sees to
// those that do not fit 16 bits). d must have room for every entry. It
// leaves aTouch, aw and the entries' sums clear. Against 32-bit entries,
// the smaller block makes BenchmarkResolve_10AddOns 1.2× faster.
func (b *block) writeAttrs(aTouch []uint64, aw []aword, sw []*[64]stage) {
	idx, words, av := b.d[b.ai:b.aw], b.d[b.aw:b.av], b.d[b.av:]
	j, k := 0, 0 // the next word, the next attribute
	for t, tw := range aTouch {
		rec := idx[aIndexSize*t : aIndexSize*t+aIndexSize]
		put64(rec, 0, tw)
		put32(rec, 4, uint32(j))
		put32(rec, 6, uint32(k))
		put32(rec, 8, 0) // no wide entries, unless widen finds some
		for ; tw != 0; tw &= tw - 1 {
			w := t<<6 + bits.TrailingZeros64(tw)
			seen := aw[w].seen
			aw[w] = aword{}
			put64(words, 4*j, seen)
			j++
			ws := sw[w]
			_ = ws[0] // the nil check, out of the loop (TestCompilerClaims): 1.05× faster
			for ; seen != 0; seen &= seen - 1 {
				e := &ws[bits.TrailingZeros64(seen)&63]
				av[k] = uint16(e.enc)
				e.acc = 0
				k++
			}
		}
		aTouch[t] = 0
	}
	b.wv = b.av + uint32(k)
	b.d = b.d[:b.wv]
}

// widen finds the entries whose stage encoding (in st, which outlasts
// writeAttrs) does not fit 16 bits, appends the encodings as wide entries
// (listing them in wide first, which has room for every entry) and points
// their entries there, counting from their group's first (whose count it
// records in the group's index record). It follows writeAttrs, before any
// appendBigQty.
func (b *block) widen(st []stage, wide []uint32) {
	d := b.d
	nw, k := 0, b.av
	at := b.aw // the next word's record
	for g := uint32(0); b.ai+g*aIndexSize < b.aw; g++ {
		rec := b.ai + g*aIndexSize
		put32(d, int(rec+8), uint32(nw))
		base := nw
		for words := get64(d, rec); words != 0; words &= words - 1 {
			w := g<<6 + uint32(bits.TrailingZeros64(words))
			for seen := get64(d, at); seen != 0; seen &= seen - 1 {
				if v := uint32(st[w<<6+uint32(bits.TrailingZeros64(seen))].enc); !narrow(v) {
					wide[nw] = v
					d[k] = uint16((nw-base)<<2 | howWide)
					nw++
				}
				k++
			}
			at += 4
		}
	}
	for _, e := range wide[:nw] {
		d = append(d, uint16(e), uint16(e>>16))
	}
	b.d = d
}

// appendBigQty appends a big quantity; the writer appends one for every
// layer setLayer reported big, in layer order, last.
func (b *block) appendBigQty(qty int) {
	q := uint64(qty)
	b.d = append(b.d, uint16(q), uint16(q>>16), uint16(q>>32), uint16(q>>48))
}

// writeFeatures writes out the feature index (from fTouch) and the words of
// en it lists, and restores those to the defaults. It leaves fTouch clear.
func (b *block) writeFeatures(fTouch, en, defaultOn []uint64) {
	idx, words := b.d[b.fi:b.fw], b.d[b.fw:b.ai]
	defaultOn = defaultOn[:len(en)]
	i := 0
	for t, tw := range fTouch {
		rec := idx[fIndexSize*t : fIndexSize*t+fIndexSize]
		put64(rec, 0, tw)
		put32(rec, 4, uint32(i))
		for ; tw != 0; tw &= tw - 1 {
			w := t<<6 + bits.TrailingZeros64(tw)
			put64(words, 4*i, en[w])
			en[w] = defaultOn[w]
			i++
		}
		fTouch[t] = 0
	}
}

// clone returns a copy of b in its own allocation, of its length.
func (b *block) clone() block {
	c := *b
	c.d = append([]uint16(nil), b.d...)
	return c
}

// Reading.

// numLayers returns how many layers the block holds.
func (b *block) numLayers() int { return int(b.fi) / layerSize }

// layerAt returns layer l: its product index (or accountLayer) and
// quantity.
func (b *block) layerAt(l int) (p uint32, qty int) {
	i := uint32(l) * layerSize
	p, q := get32(b.d, i), b.d[i+2]
	if q != bigQty {
		return p, int(q)
	}
	// The big quantities end the block in layer order: count those of the
	// layers after l.
	after := 0
	for j := i + layerSize; j < b.fi; j += layerSize {
		if b.d[j+2] == bigQty {
			after++
		}
	}
	return p, int(get64(b.d, uint32(len(b.d)-4*(after+1))))
}

// indexed finds bitmap word w through the index record of its group of 64
// words, at offset t (the records, size units each, run from offset lo to
// hi): it reports the word's position among the words the index lists, or
// false when the index does not list it.
func (b *block) indexed(w int32, lo, hi, size uint32) (t, pos uint32, ok bool) {
	t = lo + uint32(w>>6)*size
	if t >= hi {
		return 0, 0, false
	}
	listed, bit := get64(b.d, t), uint64(1)<<(w&63)
	if listed&bit == 0 {
		return 0, 0, false
	}
	return t, get32(b.d, t+4) + uint32(bits.OnesCount64(listed&(bit-1))), true
}

// enabledWord returns word w of the enabled-feature bitmap: the word some
// layer touched, or else defaultOn's.
func (b *block) enabledWord(w int32, defaultOn []uint64) uint64 {
	if _, i, ok := b.indexed(w, b.fi, b.fw, fIndexSize); ok {
		return get64(b.d, b.fw+4*i)
	}
	return defaultOn[w]
}

// enabledWords overwrites, in dst (the enabled-feature bitmap, holding the
// defaults), the words some layer touched.
func (b *block) enabledWords(dst []uint64) {
	at := b.fw
	for rec, g := b.fi, 0; rec < b.fw; rec, g = rec+fIndexSize, g+64 {
		for listed := get64(b.d, rec); listed != 0; listed &= listed - 1 {
			dst[g+bits.TrailingZeros64(listed)] = get64(b.d, at)
			at += 4
		}
	}
}

// attrEntry returns attribute a's entry in its wide form, and false when
// no layer defines it.
func (b *block) attrEntry(a int32) (int32, bool) {
	t, j, ok := b.indexed(a>>6, b.ai, b.aw, aIndexSize)
	if !ok {
		return 0, false
	}
	at := b.aw + 4*j
	seen, bit := get64(b.d, at), uint64(1)<<(a&63)
	if seen&bit == 0 {
		return 0, false
	}
	// The group's record counts the defined attributes before the group;
	// add those of its words before this one (at most 63 of them).
	k := get32(b.d, t+6) + uint32(bits.OnesCount64(seen&(bit-1)))
	for w := b.aw + 4*get32(b.d, t+4); w < at; w += 4 {
		k += uint32(bits.OnesCount64(get64(b.d, w)))
	}
	e := int32(int16(b.d[b.av+k]))
	if e&3 == howWide {
		e = int32(get32(b.d, b.wv+2*(get32(b.d, t+8)+uint32(e>>2))))
	}
	return e, true
}

// attrWords walks the words of the defined-attribute bitmap that have a
// bit set, in order, with their entries: a sequential read of the
// attribute part of the block.
type attrWords struct {
	b      *block
	rec    uint32 // the next group's index record
	listed uint64 // the current group's listed words not yet walked
	at, k  uint32 // the next word's offset, and its first entry's
	wide   uint32 // the offset of the current group's first wide entry
	g      uint32 // the current group

	w     uint32 // the current word; ^0 once the walk is over
	seen  uint64 // its bits: the attributes some layer defines
	first uint32 // the offset of its first entry
}

// attrWords returns a walk at the first word.
func (b *block) attrWords() attrWords {
	cur := attrWords{b: b, rec: b.ai, at: b.aw, k: b.av}
	cur.next()
	return cur
}

// next moves to the next word, and reports false (setting w to ^0) when
// there is none.
func (cur *attrWords) next() bool {
	b := cur.b
	for cur.listed == 0 {
		if cur.rec >= b.aw {
			cur.w, cur.seen = ^uint32(0), 0
			return false
		}
		cur.g = (cur.rec - b.ai) / aIndexSize
		cur.listed = get64(b.d, cur.rec)
		cur.wide = b.wv + 2*get32(b.d, cur.rec+8)
		cur.rec += aIndexSize
	}
	cur.w = cur.g<<6 + uint32(bits.TrailingZeros64(cur.listed))
	cur.listed &= cur.listed - 1
	cur.seen = get64(b.d, cur.at)
	cur.at += 4
	cur.first = cur.k
	cur.k += uint32(bits.OnesCount64(cur.seen))
	return true
}

// find returns attribute a's entry in its wide form, and false when no
// layer defines it, moving forward to a's word: a must not be below the
// attribute found before.
func (cur *attrWords) find(a int32) (int32, bool) {
	w := uint32(a >> 6)
	for cur.w < w {
		cur.next()
	}
	bit := uint64(1) << (a & 63)
	if cur.w != w || cur.seen&bit == 0 {
		return 0, false
	}
	return cur.widen(cur.b.d[cur.first+uint32(bits.OnesCount64(cur.seen&(bit-1)))]), true
}

// entries returns the current word's entries in their 16-bit form.
func (cur *attrWords) entries() []uint16 { return cur.b.d[cur.first:cur.k] }

// widen returns the current word's entry u, in its 16-bit form, in its wide
// form.
func (cur *attrWords) widen(u uint16) int32 {
	e := int32(int16(u))
	if e&3 == howWide {
		e = int32(get32(cur.b.d, cur.wide+2*uint32(e>>2)))
	}
	return e
}

// sameEntries reports whether two words' entries hold the same values
// without decoding them: the same self-contained units.
func sameEntries(x, y []uint16) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] || !selfContained(x[i]) {
			return false
		}
	}
	return true
}
