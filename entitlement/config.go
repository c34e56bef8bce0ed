package entitlement

import (
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

	b block // the resolution's result; see block

	states []StateSetting           // the account's feature states, copied
	values []catalog.AttributeValue // the account's attribute values, copied
	extra  []catalog.Value          // unions and results beyond fixed point
	facts  map[string]decimal.Decimal
}

// layer returns layer l in its public form.
func (c Config) layer(l int) Layer {
	p, qty := c.b.layerAt(l)
	switch {
	case p == accountLayer:
		return Layer{Kind: LayerAccount, Quantity: 1}
	case l == 0:
		return Layer{Kind: LayerMain, Product: c.r.products[p].id, Quantity: 1}
	}
	prod := &c.r.products[p]
	return Layer{Kind: LayerAddOn, Product: prod.id, Priority: prod.priority, Quantity: qty}
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
func (c Config) enabledWord(w int32) uint64 { return c.b.enabledWord(w, c.r.defaultOn) }

// valueAt returns the value of attribute a without provenance.
func (c Config) valueAt(a int32) (catalog.Value, bool) {
	if !c.featureEnabled(c.r.attrs[a].feature) {
		return catalog.Value{}, false
	}
	e, ok := c.b.attrEntry(a)
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
// length: the defaults, overwritten by the words some layer touched.
func (c *Config) enabledWords(dst []uint64) {
	copy(dst, c.r.defaultOn)
	c.b.enabledWords(dst)
}

func itoa(i int) string { return strconv.Itoa(i) }
