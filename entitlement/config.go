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
// defined; everything else reads through to the catalog defaults. The zero
// Config has no catalog: every feature reads as unknown.
type Config struct {
	r  *Resolver
	at time.Time

	// Resolution allocates one pointer-free block, which the garbage
	// collector never scans, in 32-bit entries; d[:fi] are the layers and
	// the offsets say where the other parts start. Provenance is not stored:
	// reading it re-derives it from the layers' sorted definitions.
	//
	//   - layers: three entries per layer, lowest first: the product index
	//     (accountLayer for the account), and the quantity's low and high
	//     halves;
	//   - d[fi:fw], the feature index: three per word of the bitmap of
	//     touched feature words (its halves, and how many touched words
	//     precede it);
	//   - d[fw:ai]: the touched words of the enabled-feature bitmap, in
	//     order, two halves each; other words equal the defaults;
	//   - d[ai:aw], the attribute index, likewise for the words of the
	//     defined-attribute bitmap with a bit set;
	//   - d[aw:av]: those words, three entries each: the halves, and the rank
	//     of the first attribute;
	//   - d[av:]: per defined attribute, in index order (so by rank), its
	//     value x<<2 | how.
	d                  []uint32
	fi, fw, ai, aw, av uint32

	states []StateSetting           // the account's feature states, copied
	values []catalog.AttributeValue // the account's attribute values, copied
	extra  []catalog.Value          // unions and results beyond fixed point
	facts  map[string]decimal.Decimal
}

// how an av entry's value x is stored.
const (
	howConst   = iota // Resolver.vals[x], one layer's constant as written
	howNum            // x at the attribute's fixed-point scale
	howAccount        // values[x].Value, the account's own
	howExtra          // extra[x]
)

// An av entry holds x in 30 bits, signed for howNum; a number beyond
// ±maxSmall is kept in extra instead. Indexes fit: a catalog would need
// 2^29 compiled constants, some 50 GB of them, to overflow howConst.
const maxSmall = 1<<29 - 1

func packValue(how int, x int64) uint64 { return uint64(x)<<2 | uint64(how) }

// entry decodes an av entry.
func entry(e uint32) (how int, x int64) { return int(e & 3), int64(int32(e) >> 2) }

// accountLayer marks the account's layer where a product index is expected.
const accountLayer = ^uint32(0)

// layer returns layer l in its public form.
func (c Config) layer(l int) Layer {
	p := c.layerProduct(l)
	switch {
	case p == accountLayer:
		return Layer{Kind: LayerAccount, Quantity: 1}
	case l == 0:
		return Layer{Kind: LayerMain, Product: c.r.products[p].id, Quantity: 1}
	}
	prod := &c.r.products[p]
	return Layer{Kind: LayerAddOn, Product: prod.id, Priority: prod.priority, Quantity: c.layerQty(l)}
}

// layerProduct returns the product index of layer l, or accountLayer.
func (c Config) layerProduct(l int) uint32 { return c.d[3*l] }

// layerQty returns the quantity of layer l.
func (c Config) layerQty(l int) int { return int(uint64(c.d[3*l+1]) | uint64(c.d[3*l+2])<<32) }

// numLayers returns how many layers took part.
func (c Config) numLayers() int { return int(c.fi) / 3 }

// word returns the position of bitmap word w among the touched words that
// index idx (three entries per word of the bitmap of touched words), or
// false.
func word(idx []uint32, w int32) (int, bool) {
	t := 3 * int(w>>6)
	if t >= len(idx) {
		return 0, false
	}
	touched, bit := uint64(idx[t])|uint64(idx[t+1])<<32, uint64(1)<<(w&63)
	if touched&bit == 0 {
		return 0, false
	}
	return int(idx[t+2]) + bits.OnesCount64(touched&(bit-1)), true
}

// accountRef encodes the account's value i where a value index is expected.
func accountRef(i int32) int32 { return -2 - i }

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
// "smart_call_plan (main product)", "the account", "the catalog default".
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
	}
	return "the catalog default"
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
	if i, ok := word(c.d[c.fi:c.fw], w); ok {
		fw := c.d[c.fw:c.ai]
		on = uint64(fw[2*i]) | uint64(fw[2*i+1])<<32
	}
	return on&(1<<(f&63)) != 0
}

// valueAt returns the value of attribute a without provenance.
func (c Config) valueAt(a int32) (catalog.Value, bool) {
	ca := &c.r.attrs[a]
	if !c.featureEnabled(ca.feature) {
		return catalog.Value{}, false
	}
	i, ok := word(c.d[c.ai:c.aw], a>>6)
	if !ok {
		return ca.defVal, ca.hasDef
	}
	aw, bit := c.d[c.aw:c.av][3*i:], uint64(1)<<(a&63)
	seen := uint64(aw[0]) | uint64(aw[1])<<32
	if seen&bit == 0 {
		return ca.defVal, ca.hasDef
	}
	how, x := entry(c.d[c.av+aw[2]+uint32(bits.OnesCount64(seen&(bit-1)))])
	switch how {
	case howConst:
		return c.r.vals[x].val, true
	case howNum:
		return fromFixed(ca.a.Type, x, ca.scale), true
	case howAccount:
		return c.values[x].Value, true
	}
	return c.extra[x], true
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
		cv, ok, err := c.r.layerValue(&c, l, a, c.facts)
		if !ok || err != nil {
			continue
		}
		src := Source{Layer: c.layer(l)}
		if cv >= 0 {
			src.Value = c.r.vals[cv].val
		} else {
			src.Value = c.values[-2-cv].Value
		}
		srcs = append(srcs, src)
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
