package entitlement

import (
	"iter"
	"sort"
	"strconv"
	"time"

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
	r      *Resolver
	at     time.Time
	layers []Layer
	feats  []featOut // features some layer defines, by feature index
	attrs  []attrOut // defined values of enabled features, by attribute index
	srcs   []source
	extra  []catalog.Value // account values, unions, decimal results
}

type featOut struct {
	f          int32
	src0, src1 int32 // sources, deciding layer first: its state is the feature's
}

// how an attrOut's value is stored.
const (
	howConst = iota // cv.val, a product's constant
	howNum          // num at the attribute's scale
	howExtra        // extra[ext]
)

// attrOut and source hold no pointers, so a Config's slices are never
// scanned by the garbage collector.
type attrOut struct {
	a          int32
	src0, src1 int32 // sources, highest precedence first
	how        uint8
	x          int64 // howConst: index into Resolver.vals; howNum: the number; howExtra: index into extra
}

// source is one layer's definition. For attributes, cv >= 0 indexes
// Resolver.vals and cv <= -2 is the account's value extra[-2-cv]; features
// have cv == -1 and a state.
type source struct {
	layer int32
	cv    int32
	state catalog.State
}

func accountRef(ext int32) int32 { return -2 - ext }

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
func (c Config) Layers() []Layer { return append([]Layer(nil), c.layers...) }

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

func (c Config) findFeature(f int32) (*featOut, bool) {
	i := sort.Search(len(c.feats), func(i int) bool { return c.feats[i].f >= f })
	if i < len(c.feats) && c.feats[i].f == f {
		return &c.feats[i], true
	}
	return nil, false
}

func (c Config) featureAt(f int32) FeatureState {
	cf := &c.r.features[f]
	out, ok := c.findFeature(f)
	if !ok {
		return FeatureState{Feature: cf.id, Enabled: cf.defaultOn}
	}
	fs := FeatureState{Feature: cf.id, Enabled: c.srcs[out.src0].state == catalog.Enabled}
	srcs := c.srcs[out.src0:out.src1]
	fs.By = []Source{c.sourceOf(srcs[0], false)}
	for _, s := range srcs[1:] {
		fs.Shadowed = append(fs.Shadowed, c.sourceOf(s, false))
	}
	return fs
}

func (c Config) sourceOf(s source, attr bool) Source {
	src := Source{Layer: c.layers[s.layer], State: s.state}
	if attr {
		src.State = catalog.Undefined
		if s.cv >= 0 {
			src.Value = c.r.vals[s.cv].val
		} else {
			src.Value = c.extra[-2-s.cv]
		}
	}
	return src
}

// Value returns an attribute's resolved value, and false when it has none:
// its feature is disabled, no layer sets it and it has no default, or the
// catalog does not know it.
func (c Config) Value(attr string) (catalog.Value, bool) {
	av, ok := c.Attribute(attr)
	return av.Value, ok
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
	if out, ok := c.findFeature(f); ok {
		return c.srcs[out.src0].state == catalog.Enabled
	}
	return c.r.features[f].defaultOn
}

func (c Config) attributeAt(a int32) (AttributeValue, bool) {
	ca := &c.r.attrs[a]
	if !c.featureEnabled(ca.feature) {
		return AttributeValue{}, false
	}
	av := AttributeValue{Attribute: ca.id, Feature: c.r.features[ca.feature].id, Combine: ca.a.Combine}
	i := sort.Search(len(c.attrs), func(i int) bool { return c.attrs[i].a >= a })
	if i == len(c.attrs) || c.attrs[i].a != a {
		if !ca.hasDef {
			return AttributeValue{}, false
		}
		av.Value = ca.defVal
		return av, true
	}
	out := &c.attrs[i]
	switch out.how {
	case howConst:
		av.Value = c.r.vals[out.x].val
	case howNum:
		av.Value = fromFixed(ca.a.Type, out.x, ca.scale)
	default:
		av.Value = c.extra[out.x]
	}
	srcs := c.srcs[out.src0:out.src1]
	by := 1 // the winner of an override or the account's value
	if srcs[0].cv >= 0 && ca.a.Combine != catalog.CombineOverride {
		by = len(srcs) // every contributor to a combined value
	}
	for i, s := range srcs {
		if i < by {
			av.By = append(av.By, c.sourceOf(s, true))
		} else {
			av.Shadowed = append(av.Shadowed, c.sourceOf(s, true))
		}
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
