package entitlement

import (
	"iter"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/tariffkit/tariff/catalog"
)

// Provenance is not stored in a Config: the calls that return it derive
// it on reading from the layers' sorted definitions, for the features and
// attributes asked. A single Feature or Attribute searches each layer; the
// walks (Features, Values, Explain) keep a cursor per layer instead, so
// that a walk over the catalog costs one pass over every layer's
// definitions.

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
	var sb strings.Builder
	l.writeTo(&sb)
	return sb.String()
}

// writeTo writes l.String() to sb.
func (l Layer) writeTo(sb *strings.Builder) {
	switch l.Kind {
	case LayerMain:
		sb.WriteString(l.Product)
		sb.WriteString(" (main product)")
	case LayerAddOn:
		sb.WriteString(l.Product)
		sb.WriteString(" (priority ")
		sb.WriteString(itoa(l.Priority))
		if l.Quantity > 1 {
			sb.WriteString(", ×")
			sb.WriteString(itoa(l.Quantity))
		}
		sb.WriteString(")")
	case LayerAccount:
		sb.WriteString("the account")
	case LayerDefault:
		sb.WriteString("the catalog default")
	default:
		sb.WriteString("invalid layer kind ")
		sb.WriteString(itoa(int(l.Kind)))
	}
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

// ResolvedFeature is a feature's resolved state.
type ResolvedFeature struct {
	Feature string
	Enabled bool
	Provenance
}

// ResolvedValue is an attribute's resolved value, present only while its
// feature is enabled.
type ResolvedValue struct {
	Attribute string
	Feature   string
	Value     catalog.Value
	Combine   catalog.Combine
	Provenance
}

// Layers returns the layers that took part, lowest precedence first: the
// main product, the active add-ons by priority, and the account (when it has
// settings).
func (c Config) Layers() []Layer {
	if c.b.numLayers() == 0 {
		return nil
	}
	out := make([]Layer, c.b.numLayers())
	for l := range out {
		out[l] = c.layer(l)
	}
	return out
}

// Feature returns the resolved state of a feature with its provenance, and
// false if the catalog does not know it.
func (c Config) Feature(id string) (ResolvedFeature, bool) {
	if c.r == nil {
		return ResolvedFeature{}, false
	}
	fi, ok := c.r.cat.FeatureIndex(id)
	if !ok {
		return ResolvedFeature{}, false
	}
	f := int32(fi)
	var buf [8]Source
	srcs := buf[:0]
	for l := c.b.numLayers() - 1; l >= 0; l-- {
		var st catalog.State
		if p, _ := c.b.layerAt(l); p == accountLayer {
			st, ok = c.accountState(f)
		} else {
			st, ok = c.r.productState(int32(p), f)
		}
		if ok {
			srcs = append(srcs, Source{Layer: c.layer(l), State: st})
		}
	}
	return c.featureState(f, c.featureEnabled(f), srcs), true
}

// accountState returns the state the account's own settings give feature
// f. Resolution refused unknown features, so the IDs decide.
func (c Config) accountState(f int32) (catalog.State, bool) {
	id := c.r.features[f].id
	for _, st := range c.states {
		if st.Feature == id {
			return st.State, true
		}
	}
	return catalog.Undefined, false
}

// featureState returns feature f with a copy of srcs, the layers that
// define it, highest precedence first, as its provenance.
func (c Config) featureState(f int32, on bool, srcs []Source) ResolvedFeature {
	fs := ResolvedFeature{Feature: c.r.features[f].id, Enabled: on}
	if len(srcs) == 0 {
		return fs
	}
	srcs = slices.Clone(srcs)
	fs.By, fs.Shadowed = srcs[:1:1], srcs[1:]
	if len(fs.Shadowed) == 0 {
		fs.Shadowed = nil
	}
	return fs
}

// Attribute returns an attribute's resolved value with its provenance; see
// Value for when it is absent.
func (c Config) Attribute(id string) (ResolvedValue, bool) {
	if c.r == nil {
		return ResolvedValue{}, false
	}
	ai, ok := c.r.cat.AttributeIndex(id)
	if !ok {
		return ResolvedValue{}, false
	}
	a := int32(ai)
	if !c.featureEnabled(c.r.attrs[a].feature) {
		return ResolvedValue{}, false
	}
	e, defined := c.b.attrEntry(a)
	if !defined {
		return c.defaultValue(a)
	}
	var buf [8]Source
	srcs := buf[:0]
	for l := c.b.numLayers() - 1; l >= 0; l-- {
		if p, _ := c.b.layerAt(l); p != accountLayer {
			if pv := c.r.products[p].valueOf(a); pv != nil {
				srcs = c.appendSource(srcs, pv, c.layer(l))
			}
		} else if how, x := entry(e); how == howAccount {
			// The account's value, when it sets one, is what the entry
			// holds: it wins within scope, and a setting out of scope is
			// refused. So its source needs no search of the account.
			srcs = append(srcs, Source{Layer: c.layer(l), Value: c.values[x].Value})
		}
	}
	return c.attributeValue(a, e, srcs), true
}

// defaultValue returns attribute a, of an enabled feature, that no layer
// defines: its catalog default, without provenance.
func (c Config) defaultValue(a int32) (ResolvedValue, bool) {
	ca := &c.r.attrs[a]
	if !ca.hasDef {
		return ResolvedValue{}, false
	}
	return ResolvedValue{Attribute: ca.id, Feature: c.r.features[ca.feature].id, Value: ca.defVal, Combine: ca.a.Combine}, true
}

// appendSource appends the source of layer, a product's, whose definition
// of the attribute is pv: the constant, or a band rule evaluated against
// the facts.
func (c Config) appendSource(srcs []Source, pv *pvalue, layer Layer) []Source {
	cv := pv.cv
	if pv.band != nil {
		var err error
		if cv, err = c.r.pick(pv, c.facts, layer.Product); err != nil {
			return srcs
		}
	}
	return append(srcs, Source{Layer: layer, Value: c.r.vals[cv].val})
}

// attributeValue returns defined attribute a, whose entry is e, with a
// copy of srcs, the layers that define it, highest precedence first, as its
// provenance.
func (c Config) attributeValue(a, e int32, srcs []Source) ResolvedValue {
	ca := &c.r.attrs[a]
	av := ResolvedValue{Attribute: ca.id, Feature: c.r.features[ca.feature].id, Value: c.entryValue(a, e), Combine: ca.a.Combine}
	if len(srcs) == 0 {
		return av
	}
	srcs = slices.Clone(srcs)
	by := 1 // the winner of an override, or the account's value
	if srcs[0].Layer.Kind != LayerAccount && ca.a.Combine != catalog.CombineOverride {
		by = len(srcs) // every contributor to a combined value
	}
	av.By, av.Shadowed = srcs[:by:by], srcs[by:]
	if len(av.Shadowed) == 0 {
		av.Shadowed = nil
	}
	return av
}

// Features yields every feature of the catalog, in catalog order, with its
// resolved state and provenance.
func (c Config) Features() iter.Seq[ResolvedFeature] {
	return func(yield func(ResolvedFeature) bool) {
		if c.r == nil {
			return
		}
		w := c.walk()
		for f := range c.r.features {
			if !yield(w.feature(int32(f))) {
				return
			}
		}
	}
}

// Values yields every attribute value the configuration holds — the
// attributes of enabled features that a layer sets or that have a default —
// in catalog order, with provenance.
func (c Config) Values() iter.Seq[ResolvedValue] {
	return func(yield func(ResolvedValue) bool) {
		if c.r == nil {
			return
		}
		w := c.walk()
		for i, on := range w.on {
			for ; on != 0; on &= on - 1 {
				cf := &c.r.features[i<<6+bits.TrailingZeros64(on)]
				for a := cf.attrLo; a < cf.attrHi; a++ {
					e, defined := w.aw.find(a)
					if !defined && !c.r.attrs[a].hasDef {
						continue
					}
					var av ResolvedValue
					if defined {
						av = c.attributeValue(a, e, w.sources(a, e))
					} else {
						av, _ = c.defaultValue(a)
					}
					if !yield(av) {
						return
					}
				}
			}
		}
	}
}

// walker derives provenance for features, and for attributes of enabled
// features, asked in increasing index order: a cursor per layer into its
// sorted definitions, and one into the configuration's defined attributes,
// move forward only.
type walker struct {
	c      *Config
	layers []walkLayer // highest precedence first
	on     []uint64    // the enabled features
	aw     attrWords
	// nextF is the smallest feature a layer defines at or after its
	// cursor: features before it need no look at the layers.
	nextF int32
	srcs  []Source // scratch
}

type walkLayer struct {
	layer  Layer
	prod   *cproduct // nil for the account
	states []uint32  // feature<<2 | state, sorted: the product's, or the account's
	f, a   int       // the cursors into states and into prod.values
}

// walk returns a walker over c, which has a catalog.
func (c *Config) walk() *walker {
	w := &walker{c: c, layers: make([]walkLayer, c.b.numLayers()), on: make([]uint64, len(c.r.defaultOn)), aw: c.b.attrWords()}
	c.enabledWords(w.on)
	for i := range w.layers {
		l := c.b.numLayers() - 1 - i
		wl := &w.layers[i]
		wl.layer = c.layer(l)
		if p, _ := c.b.layerAt(l); p != accountLayer {
			wl.prod = &c.r.products[p]
			wl.states = wl.prod.states
			continue
		}
		wl.states = make([]uint32, len(c.states))
		for j, st := range c.states {
			fi, _ := c.r.cat.FeatureIndex(st.Feature)
			wl.states[j] = uint32(fi)<<2 | uint32(st.State)
		}
		slices.Sort(wl.states)
	}
	return w
}

// feature returns feature f with its provenance; f must exceed the
// feature asked before.
func (w *walker) feature(f int32) ResolvedFeature {
	on := w.on[f>>6]&(1<<(f&63)) != 0
	if f < w.nextF {
		return w.c.featureState(f, on, nil)
	}
	srcs := w.srcs[:0]
	next := int32(math.MaxInt32)
	for i := range w.layers {
		wl := &w.layers[i]
		j := wl.f
		for j < len(wl.states) && int32(wl.states[j]>>2) < f {
			j++
		}
		if j < len(wl.states) && int32(wl.states[j]>>2) == f {
			srcs = append(srcs, Source{Layer: wl.layer, State: catalog.State(wl.states[j] & 3)})
			j++
		}
		if wl.f = j; j < len(wl.states) {
			next = min(next, int32(wl.states[j]>>2))
		}
	}
	w.nextF, w.srcs = next, srcs
	return w.c.featureState(f, on, srcs)
}

// attribute returns attribute a of an enabled feature with its provenance,
// as Config.Attribute does; a must exceed the attribute asked before.
func (w *walker) attribute(a int32) (av ResolvedValue, ok bool) {
	e, defined := w.aw.find(a)
	switch {
	case defined:
		return w.c.attributeValue(a, e, w.sources(a, e)), true
	case w.c.r.attrs[a].hasDef:
		return w.c.defaultValue(a)
	}
	return av, false
}

// sources returns the layers that define attribute a, whose entry is e,
// highest precedence first, in scratch memory.
func (w *walker) sources(a, e int32) []Source {
	c := w.c
	srcs := w.srcs[:0]
	for i := range w.layers {
		wl := &w.layers[i]
		if wl.prod == nil {
			if how, x := entry(e); how == howAccount { // see Config.Attribute
				srcs = append(srcs, Source{Layer: wl.layer, Value: c.values[x].Value})
			}
			continue
		}
		vals := wl.prod.values
		j := wl.a
		for j < len(vals) && vals[j].attr < a {
			j++
		}
		wl.a = j
		if j < len(vals) && vals[j].attr == a {
			srcs = c.appendSource(srcs, &vals[j], wl.layer)
		}
	}
	w.srcs = srcs
	return srcs
}
