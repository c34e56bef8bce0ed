package entitlement

import (
	"iter"
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
// defined; everything else reads through to the catalog defaults.
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

// LayerKind says what a configuration layer is.
type LayerKind uint8

// The layer kinds, lowest precedence first.
const (
	LayerDefault LayerKind = iota // the catalog's default
	LayerMain                     // the account's main product
	LayerAddOn                    // an add-on
	LayerAccount                  // the account's own settings
)

// Layer is one layer of a resolution.
type Layer struct {
	Kind     LayerKind
	Product  string // the product's ID, for main and add-on layers
	Priority int    // the add-on's override priority
	Quantity int    // how many of the add-on are active; 1 for other layers
}

// String names the layer for people: "conferencing_plus (priority 20)",
// "smart_call_plan (main product)", "the account", "the catalog default";
// a Kind beyond LayerAccount is "invalid layer kind N".
func (l Layer) String() string {
	switch l.Kind {
	case LayerMain:
		return l.Product + " (main product)"
	case LayerAddOn:
		s := l.Product + " (priority " + itoa(l.Priority)
		if l.Quantity > 1 {
			s += ", ×" + itoa(l.Quantity)
		}
		return s + ")"
	case LayerAccount:
		return "the account"
	case LayerDefault:
		return "the catalog default"
	}
	return "invalid layer kind " + itoa(int(l.Kind))
}

// Source is what one layer contributed to a feature or value.
type Source struct {
	Layer Layer
	State catalog.State // for a feature: the state this layer set
	Value catalog.Value // for an attribute: the value this layer set (before quantity)
}

// Provenance records who decided a feature state or value. By holds the
// deciding layer for an override (or the account's setting), or every
// contributing layer for a combined value (sum, max, min, union), highest
// precedence first. Shadowed holds the layers that defined it but lost,
// highest precedence first. Both are empty for a catalog default.
type Provenance struct {
	By       []Source
	Shadowed []Source
}

// FeatureState is a feature's resolved state.
type FeatureState struct {
	Feature string
	Enabled bool
	Provenance
}

// AttributeValue is an attribute's resolved value, present only while its
// feature is enabled.
type AttributeValue struct {
	Attribute string
	Feature   string
	Value     catalog.Value
	Combine   catalog.Combine
	Provenance
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

// Layers returns the layers that took part, lowest precedence first: the
// main product, the active add-ons by priority, and the account (when it has
// settings).
func (c Config) Layers() []Layer {
	if c.numLayers() == 0 {
		return nil
	}
	out := make([]Layer, c.numLayers())
	for l := range out {
		out[l] = c.layer(l)
	}
	return out
}

// Enabled reports whether the feature is enabled; false for an unknown one.
func (c Config) Enabled(feature string) bool {
	fs, ok := c.Feature(feature)
	return ok && fs.Enabled
}

// Feature returns the resolved state of a feature, and false if the catalog
// does not know it.
func (c Config) Feature(id string) (FeatureState, bool) {
	if c.r == nil {
		return FeatureState{}, false
	}
	fi, ok := c.r.cat.FeatureIndex(id)
	if !ok {
		return FeatureState{}, false
	}
	return c.featureAt(int32(fi)), true
}

func (c Config) featureAt(f int32) FeatureState {
	fs := FeatureState{Feature: c.r.features[f].id, Enabled: c.featureEnabled(f)}
	for l := c.numLayers() - 1; l >= 0; l-- {
		if st, ok := c.r.layerState(&c, l, f); ok {
			src := Source{Layer: c.layer(l), State: st}
			if fs.By == nil {
				fs.By = []Source{src}
			} else {
				fs.Shadowed = append(fs.Shadowed, src)
			}
		}
	}
	return fs
}

// Value returns an attribute's resolved value, and false when it has none:
// its feature is disabled, no layer sets it and it has no default, or the
// catalog does not know it.
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

// Attribute returns an attribute's resolved value with its provenance; see
// Value for when it is absent.
func (c Config) Attribute(id string) (AttributeValue, bool) {
	if c.r == nil {
		return AttributeValue{}, false
	}
	ai, ok := c.r.cat.AttributeIndex(id)
	if !ok {
		return AttributeValue{}, false
	}
	return c.attributeAt(int32(ai))
}

func (c Config) featureEnabled(f int32) bool {
	w := f >> 6
	on := c.r.defaultOn[w]
	if _, i, ok := c.indexed(w, c.fi, c.fw, fIndexSize); ok {
		on = get64(c.d, c.fw+4*i)
	}
	return on&(1<<(f&63)) != 0
}

// valueAt returns the value of attribute a without provenance.
func (c Config) valueAt(a int32) (catalog.Value, bool) {
	ca := &c.r.attrs[a]
	if !c.featureEnabled(ca.feature) {
		return catalog.Value{}, false
	}
	e, ok := c.attrEntry(a)
	if !ok {
		return ca.defVal, ca.hasDef
	}
	switch how, x := entry(e); how {
	case howConst:
		return ca.consts[x], true
	case howNum:
		return fromFixed(ca.a.Type, x, ca.scale), true
	case howAccount:
		return c.values[x].Value, true
	default:
		return c.extra[x], true
	}
}

func (c Config) attributeAt(a int32) (AttributeValue, bool) {
	v, ok := c.valueAt(a)
	if !ok {
		return AttributeValue{}, false
	}
	ca := &c.r.attrs[a]
	av := AttributeValue{Attribute: ca.id, Feature: c.r.features[ca.feature].id, Value: v, Combine: ca.a.Combine}
	var srcs []Source
	for l := c.numLayers() - 1; l >= 0; l-- {
		p, _ := c.layerAt(l)
		if p == accountLayer {
			// The account's value, when it sets one, is what the entry
			// holds: it wins within scope, and a setting out of scope is
			// refused. So its source needs no search of the account.
			if e, ok := c.attrEntry(a); ok {
				if how, x := entry(e); how == howAccount {
					srcs = append(srcs, Source{Layer: c.layer(l), Value: c.values[x].Value})
				}
			}
			continue
		}
		cv, ok, err := c.r.layerValue(p, a, c.facts)
		if !ok || err != nil {
			continue
		}
		srcs = append(srcs, Source{Layer: c.layer(l), Value: c.r.vals[cv].val})
	}
	if len(srcs) == 0 {
		return av, true // the catalog default
	}
	by := 1 // the winner of an override, or the account's value
	if srcs[0].Layer.Kind != LayerAccount && ca.a.Combine != catalog.CombineOverride {
		by = len(srcs) // every contributor to a combined value
	}
	av.By, av.Shadowed = srcs[:by:by], srcs[by:]
	if len(av.Shadowed) == 0 {
		av.Shadowed = nil
	}
	return av, true
}

// Features yields every feature of the catalog, in catalog order, with its
// resolved state.
func (c Config) Features() iter.Seq[FeatureState] {
	return func(yield func(FeatureState) bool) {
		if c.r == nil {
			return
		}
		for f := range c.r.features {
			if !yield(c.featureAt(int32(f))) {
				return
			}
		}
	}
}

// Values yields every attribute value the configuration holds — the
// attributes of enabled features that a layer sets or that have a default —
// in catalog order.
func (c Config) Values() iter.Seq[AttributeValue] {
	return func(yield func(AttributeValue) bool) {
		if c.r == nil {
			return
		}
		for f := range c.r.features {
			if !c.featureEnabled(int32(f)) {
				continue
			}
			cf := &c.r.features[f]
			for a := cf.attrLo; a < cf.attrHi; a++ {
				if av, ok := c.attributeAt(a); ok && !yield(av) {
					return
				}
			}
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
