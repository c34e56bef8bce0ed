package entitlement

import (
	"math/bits"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// Config is an account's effective service configuration at an instant: for
// every feature its state, for every enabled feature its attribute values,
// and for each of them the layers that decided it.
//
// A Config is immutable and safe to share. It stores only what some layer
// defined; everything else reads through to the catalog defaults. It keeps
// copies of the account's settings (and of its facts when a band rule was
// evaluated), so later changes to the Account do not affect it.
//
// The zero Config has no catalog, so it has no features and no values:
// Feature, Attribute and Value report false, Enabled false, Features and
// Values yield nothing, Layers is nil, Catalog nil, Explain empty,
// Snapshot empty (so Diff of two zero Configs is empty), and Quota
// returns ErrNoCatalog.
type Config struct {
	r  *Resolver
	at time.Time

	// Resolution allocates one block of 16-bit units, free of pointers (the
	// garbage collector never scans it). Wider integers take two or four
	// units, low first; the offsets in the struct say where each part
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
	d                      []uint16
	fi, fw, ai, aw, av, wv uint32

	states []StateSetting           // the account's feature states, copied
	values []catalog.AttributeValue // the account's attribute values, copied
	extra  []catalog.Value          // unions and results beyond fixed point
	facts  map[string]decimal.Decimal
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

// get32 and get64 read the block's integers of two and four units at unit
// i (the compiler turns each into one load).
func get32(d []uint16, i uint32) uint32 {
	u := d[i : i+2]
	return uint32(u[0]) | uint32(u[1])<<16
}

func get64(d []uint16, i uint32) uint64 {
	u := d[i : i+4]
	return uint64(u[0]) | uint64(u[1])<<16 | uint64(u[2])<<32 | uint64(u[3])<<48
}

// put32 and put64 write them (in one store each).
func put32(d []uint16, i int, v uint32) {
	u := d[i : i+2]
	u[0], u[1] = uint16(v), uint16(v>>16)
}

func put64(d []uint16, i int, v uint64) {
	u := d[i : i+4]
	u[0], u[1], u[2], u[3] = uint16(v), uint16(v>>16), uint16(v>>32), uint16(v>>48)
}

// bigQty, as a layer's quantity, says the quantity is at the block's end.
const bigQty = 0xffff

// layerAt returns layer l: its product index (or accountLayer) and
// quantity.
func (c Config) layerAt(l int) (p uint32, qty int) {
	i := uint32(l) * layerSize
	p, q := get32(c.d, i), c.d[i+2]
	if q != bigQty {
		return p, int(q)
	}
	// The big quantities end the block in layer order: count those of the
	// layers after l.
	after := 0
	for j := i + layerSize; j < c.fi; j += layerSize {
		if c.d[j+2] == bigQty {
			after++
		}
	}
	return p, int(get64(c.d, uint32(len(c.d)-4*(after+1))))
}

// layer returns layer l in its public form.
func (c Config) layer(l int) Layer {
	p, qty := c.layerAt(l)
	switch {
	case p == accountLayer:
		return Layer{Kind: LayerAccount, Quantity: 1}
	case l == 0:
		return Layer{Kind: LayerMain, Product: c.r.products[p].id, Quantity: 1}
	}
	prod := &c.r.products[p]
	return Layer{Kind: LayerAddOn, Product: prod.id, Priority: prod.priority, Quantity: qty}
}

// numLayers returns how many layers took part.
func (c Config) numLayers() int { return int(c.fi) / layerSize }

// indexed finds bitmap word w through the index record of its group of 64
// words, at offset t (the records, size units each, run from offset lo to
// hi): it reports the word's position among the words the index lists, or
// false when the index does not list it.
func (c Config) indexed(w int32, lo, hi, size uint32) (t, pos uint32, ok bool) {
	t = lo + uint32(w>>6)*size
	if t >= hi {
		return 0, 0, false
	}
	listed, bit := get64(c.d, t), uint64(1)<<(w&63)
	if listed&bit == 0 {
		return 0, 0, false
	}
	return t, get32(c.d, t+4) + uint32(bits.OnesCount64(listed&(bit-1))), true
}

// attrEntry returns attribute a's entry in its wide form, and false when
// no layer defines it.
func (c Config) attrEntry(a int32) (int32, bool) {
	t, j, ok := c.indexed(a>>6, c.ai, c.aw, aIndexSize)
	if !ok {
		return 0, false
	}
	at := c.aw + 4*j
	seen, bit := get64(c.d, at), uint64(1)<<(a&63)
	if seen&bit == 0 {
		return 0, false
	}
	// The group's record counts the defined attributes before the group;
	// add those of its words before this one (at most 63 of them).
	k := get32(c.d, t+6) + uint32(bits.OnesCount64(seen&(bit-1)))
	for w := c.aw + 4*get32(c.d, t+4); w < at; w += 4 {
		k += uint32(bits.OnesCount64(get64(c.d, w)))
	}
	e := int32(int16(c.d[c.av+k]))
	if e&3 == howWide {
		e = int32(get32(c.d, c.wv+2*(get32(c.d, t+8)+uint32(e>>2))))
	}
	return e, true
}

// At returns the instant the configuration was resolved for.
func (c Config) At() time.Time { return c.at }

// Catalog returns the catalog the configuration was resolved against.
func (c Config) Catalog() *catalog.Catalog {
	if c.r == nil {
		return nil
	}
	return c.r.cat
}

// Enabled reports whether the feature is enabled; false for an unknown one.
// It reads the state alone, without provenance.
func (c Config) Enabled(feature string) bool {
	if c.r == nil {
		return false
	}
	fi, ok := c.r.cat.FeatureIndex(feature)
	return ok && c.featureEnabled(int32(fi))
}

// Value returns an attribute's resolved value, and false when it has none:
// its feature is disabled, no layer sets it and it has no default, or the
// catalog does not know it. It reads the value alone, without provenance.
func (c Config) Value(attr string) (catalog.Value, bool) {
	if c.r == nil {
		return catalog.Value{}, false
	}
	ai, ok := c.r.cat.AttributeIndex(attr)
	if !ok {
		return catalog.Value{}, false
	}
	return c.valueAt(int32(ai))
}

func (c Config) featureEnabled(f int32) bool {
	return c.enabledWord(f>>6)&(1<<(f&63)) != 0
}

// enabledWord returns word w of the enabled-feature bitmap.
func (c Config) enabledWord(w int32) uint64 {
	if _, i, ok := c.indexed(w, c.fi, c.fw, fIndexSize); ok {
		return get64(c.d, c.fw+4*i)
	}
	return c.r.defaultOn[w]
}

// valueAt returns the value of attribute a without provenance.
func (c Config) valueAt(a int32) (catalog.Value, bool) {
	if !c.featureEnabled(c.r.attrs[a].feature) {
		return catalog.Value{}, false
	}
	e, ok := c.attrEntry(a)
	if !ok {
		return c.r.attrs[a].defVal, c.r.attrs[a].hasDef
	}
	return c.entryValue(a, e), true
}

// entryValue decodes attribute a's entry e (in its wide form).
func (c Config) entryValue(a, e int32) catalog.Value {
	ca := &c.r.attrs[a]
	switch how, x := entry(e); how {
	case howConst:
		return ca.consts[x]
	case howNum:
		return fromFixed(ca.a.Type, x, ca.scale)
	case howAccount:
		return c.values[x].Value
	default:
		return c.extra[x]
	}
}

// enabledWords writes the enabled-feature bitmap to dst, of the bitmap's
// length: the defaults, overwritten by the words the index lists.
func (c *Config) enabledWords(dst []uint64) {
	copy(dst, c.r.defaultOn)
	at := c.fw
	for rec, g := c.fi, 0; rec < c.fw; rec, g = rec+fIndexSize, g+64 {
		for listed := get64(c.d, rec); listed != 0; listed &= listed - 1 {
			dst[g+bits.TrailingZeros64(listed)] = get64(c.d, at)
			at += 4
		}
	}
}

// attrWords walks the words of the defined-attribute bitmap that have a
// bit set, in order, with their entries: a sequential read of the
// attribute part of the block.
type attrWords struct {
	c      *Config
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
func (c *Config) attrWords() attrWords {
	cur := attrWords{c: c, rec: c.ai, at: c.aw, k: c.av}
	cur.next()
	return cur
}

// next moves to the next word, and reports false (setting w to ^0) when
// there is none.
func (cur *attrWords) next() bool {
	c := cur.c
	for cur.listed == 0 {
		if cur.rec >= c.aw {
			cur.w, cur.seen = ^uint32(0), 0
			return false
		}
		cur.g = (cur.rec - c.ai) / aIndexSize
		cur.listed = get64(c.d, cur.rec)
		cur.wide = c.wv + 2*get32(c.d, cur.rec+8)
		cur.rec += aIndexSize
	}
	cur.w = cur.g<<6 + uint32(bits.TrailingZeros64(cur.listed))
	cur.listed &= cur.listed - 1
	cur.seen = get64(c.d, cur.at)
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
	return cur.widen(cur.c.d[cur.first+uint32(bits.OnesCount64(cur.seen&(bit-1)))]), true
}

// entries returns the current word's entries in their 16-bit form.
func (cur *attrWords) entries() []uint16 { return cur.c.d[cur.first:cur.k] }

// widen returns the current word's entry u, in its 16-bit form, in its wide
// form.
func (cur *attrWords) widen(u uint16) int32 {
	e := int32(int16(u))
	if e&3 == howWide {
		e = int32(get32(cur.c.d, cur.wide+2*uint32(e>>2)))
	}
	return e
}

func itoa(i int) string { return strconv.Itoa(i) }
