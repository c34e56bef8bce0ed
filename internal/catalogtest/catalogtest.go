// Package catalogtest generates catalog definitions for tests: rapid
// generators of valid definitions (Definition), of definitions with exactly
// one known fault (Faulty), and a deterministic large, realistic catalog for
// benchmarks (Large).
//
// Generated IDs follow fixed patterns: service types st0…, features f0…,
// attributes a0… (unique across features), groups g0…, main products m0…,
// add-ons x0… (numbered in a random order, so that ID order and definition
// order differ). Faulty's fixtures use IDs that start with "fault_".
package catalogtest

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
)

// Config bounds the size of generated definitions. The zero Config gives
// small catalogs with much overlap, which is what most properties want.
type Config struct {
	MaxServiceTypes       int      // at least 1 is generated; default 2
	MaxFeatures           int      // at least 1 is generated; default 5
	MaxAttributes         int      // per feature; default 3
	MaxMainProducts       int      // at least 1 is generated; default 3, at most 64
	MinAddOns             int      // default 0
	MaxAddOns             int      // default 6, at least MinAddOns
	MaxGroups             int      // default 2
	MaxFeaturesPerProduct int      // default MaxFeatures
	Priorities            []int    // add-on priorities are drawn from these; default 5, 10, 20
	Facts                 []string // band rules read these facts; default arpu, tenure
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxServiceTypes, 2)
	def(&c.MaxFeatures, 5)
	def(&c.MaxAttributes, 3)
	def(&c.MaxMainProducts, 3)
	def(&c.MaxAddOns, 6)
	def(&c.MaxGroups, 2)
	def(&c.MaxFeaturesPerProduct, c.MaxFeatures)
	c.MinAddOns = max(c.MinAddOns, 0)
	c.MaxAddOns = max(c.MaxAddOns, c.MinAddOns)
	c.MaxMainProducts = min(c.MaxMainProducts, 64)
	if len(c.Priorities) == 0 {
		c.Priorities = []int{5, 10, 20}
	}
	if len(c.Facts) == 0 {
		c.Facts = []string{"arpu", "tenure"}
	}
	return c
}

// Definition returns a generator of valid catalog definitions: catalog.New
// accepts every one. They cover the whole model:
//
//   - every attribute type, with constraints that fit it (min/max on numbers,
//     allowed values on enums and sometimes on string lists, a unit on
//     quantities), every scope, a combine rule that fits the type, required
//     attributes, and constant defaults within the constraints;
//   - default-enabled features;
//   - one or more main products, and add-ons whose priorities come from
//     Config.Priorities (so equal priorities are common), with allowed-main
//     lists (sometimes empty), maximum quantities, groups, requires lists
//     that are acyclic and satisfiable (no exclusion inside a requires
//     closure, a common allowed main product whenever the add-on has any)
//     and excludes lists;
//   - feature settings with every state and attribute values that respect
//     the attribute's scope and constraints; values are drawn from small
//     ranges so products often agree (unconstrained numbers are sometimes
//     scaled by 2^12, so sums cross ±2^13), and numbers are sometimes written
//     with different exponents (1.5 and 1.50) to exercise Equal;
//   - band rules over Config.Facts with increasing bounds and a final
//     otherwise band;
//   - eligibility conditions on some add-ons, over Config.Facts with every
//     operator, and descriptions on some products and groups, line feeds
//     included.
//
// Products often define the same features and attributes, so equal-priority
// conflicts between add-ons are frequent.
func Definition(cfg Config) *rapid.Generator[catalog.Definition] {
	cfg = cfg.withDefaults()
	return rapid.Custom(func(t *rapid.T) catalog.Definition {
		g := &gen{t: t, cfg: cfg}
		return g.definition()
	})
}

// gen draws one definition.
type gen struct {
	t   *rapid.T
	cfg Config
}

func (g *gen) intn(lo, hi int, label string) int { return rapid.IntRange(lo, hi).Draw(g.t, label) }

func (g *gen) chance(oneIn int, label string) bool { return g.intn(0, oneIn-1, label) == 0 }

func (g *gen) definition() catalog.Definition {
	var d catalog.Definition
	for i := range g.intn(1, g.cfg.MaxServiceTypes, "service_types") {
		d.ServiceTypes = append(d.ServiceTypes, catalog.ServiceType{ID: fmt.Sprintf("st%d", i), Name: fmt.Sprintf("Service %d", i)})
	}
	nattr := 0
	for i := range g.intn(1, g.cfg.MaxFeatures, "features") {
		f := catalog.Feature{
			ID:             fmt.Sprintf("f%d", i),
			Name:           fmt.Sprintf("Feature %d", i),
			ServiceType:    d.ServiceTypes[g.intn(0, len(d.ServiceTypes)-1, "service_type")].ID,
			DefaultEnabled: rapid.Bool().Draw(g.t, "default_enabled"),
		}
		for range g.intn(0, g.cfg.MaxAttributes, "attributes") {
			f.Attributes = append(f.Attributes, g.attribute(fmt.Sprintf("a%d", nattr)))
			nattr++
		}
		d.Features = append(d.Features, f)
	}
	for i := range g.intn(0, g.cfg.MaxGroups, "groups") {
		d.Groups = append(d.Groups, catalog.Group{ID: fmt.Sprintf("g%d", i), Name: fmt.Sprintf("Group %d", i), Description: g.description()})
	}

	var mains, addOns []catalog.Product
	for i := range g.intn(1, g.cfg.MaxMainProducts, "main_products") {
		p := catalog.Product{ID: fmt.Sprintf("m%d", i), Kind: catalog.KindMain}
		p.Features = g.settings(d.Features)
		mains = append(mains, p)
	}
	na := g.intn(g.cfg.MinAddOns, g.cfg.MaxAddOns, "addons")
	names := rapid.Permutation(seq(na)).Draw(g.t, "addon_names")
	allowed := make([]uint64, na) // bit i: main product i
	for k := range na {
		p := catalog.Product{
			ID:          fmt.Sprintf("x%d", names[k]),
			Kind:        catalog.KindAddOn,
			Priority:    rapid.SampledFrom(g.cfg.Priorities).Draw(g.t, "priority"),
			MaxQuantity: g.intn(0, 3, "max_quantity"),
		}
		for mi, m := range mains {
			if !g.chance(4, "not_allowed") {
				p.AllowedMain = append(p.AllowedMain, m.ID)
				allowed[k] |= 1 << mi
			}
		}
		for _, gr := range d.Groups {
			if g.chance(2, "in_group") {
				p.Groups = append(p.Groups, gr.ID)
			}
		}
		p.Features = g.settings(d.Features)
		p.Eligible = g.conditions()
		p.Description = g.description()
		addOns = append(addOns, p)
	}
	g.relations(addOns, allowed)

	products := append(mains, addOns...)
	d.Products = rapid.Permutation(products).Draw(g.t, "product_order")
	return d
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// relations draws requires (only towards add-ons created earlier, so the
// graph is acyclic) and excludes, keeping every add-on satisfiable.
func (g *gen) relations(addOns []catalog.Product, allowed []uint64) {
	n := len(addOns)
	closure := make([][]bool, n) // closure[k][j]: k requires j, directly or not (k itself included)
	common := make([]uint64, n)  // main products allowing every add-on of the closure
	for k := range n {
		closure[k] = make([]bool, n)
		closure[k][k] = true
		common[k] = allowed[k]
		for j := range k {
			if !g.chance(4, "requires") {
				continue
			}
			// An add-on with allowed mains must share one with all it
			// requires; one without is unassignable and checked no further.
			if allowed[k] != 0 && common[k]&common[j] == 0 {
				continue
			}
			addOns[k].Requires = append(addOns[k].Requires, addOns[j].ID)
			common[k] &= common[j]
			for x := range n {
				closure[k][x] = closure[k][x] || closure[j][x]
			}
		}
	}
	for a := range n {
		for b := range n {
			if a == b || !g.chance(10, "excludes") {
				continue
			}
			ok := true
			for x := range n {
				if closure[x][a] && closure[x][b] {
					ok = false // some add-on requires both: a contradiction
					break
				}
			}
			if ok {
				addOns[a].Excludes = append(addOns[a].Excludes, addOns[b].ID)
			}
		}
	}
}

// settings draws a product's feature settings: distinct features, any state,
// values for some of the attributes a product may set.
func (g *gen) settings(features []catalog.Feature) []catalog.FeatureSetting {
	var out []catalog.FeatureSetting
	for fi := range features {
		if len(out) == g.cfg.MaxFeaturesPerProduct || !rapid.Bool().Draw(g.t, "defines_feature") {
			continue
		}
		f := &features[fi]
		fs := catalog.FeatureSetting{
			Feature: f.ID,
			State:   rapid.SampledFrom([]catalog.State{catalog.Undefined, catalog.Enabled, catalog.Disabled}).Draw(g.t, "state"),
		}
		for ai := range f.Attributes {
			a := &f.Attributes[ai]
			if a.Scope.ProductMaySet() && rapid.Bool().Draw(g.t, "sets_attribute") {
				fs.Values = append(fs.Values, catalog.AttributeValue{Attribute: a.ID, Value: g.productValue(a)})
			}
		}
		out = append(out, fs)
	}
	return out
}

var (
	enumPool = []string{"gold", "silver", "bronze", "basic"}
	textPool = []string{"alpha", "beta", "gamma"}
	unitPool = []string{"min", "GB", "sms"}
)

// attribute draws an attribute definition whose constraints fit its type.
func (g *gen) attribute(id string) catalog.Attribute {
	a := catalog.Attribute{ID: id, Name: "Attribute " + id}
	a.Type = catalog.Type(g.intn(int(catalog.TypeBool), int(catalog.TypeQuantity), "type"))
	switch a.Type {
	case catalog.TypeInteger, catalog.TypeDecimal, catalog.TypeQuantity:
		lo := 0
		if rapid.Bool().Draw(g.t, "has_min") {
			lo = g.intn(0, 3, "min")
			a.Min = nullDec(int64(lo))
		}
		if rapid.Bool().Draw(g.t, "has_max") {
			a.Max = nullDec(int64(lo + g.intn(0, 6, "max_above_min")))
		}
		a.Combine = rapid.SampledFrom([]catalog.Combine{catalog.CombineOverride, catalog.CombineSum, catalog.CombineMax, catalog.CombineMin}).Draw(g.t, "combine")
		if a.Type == catalog.TypeQuantity {
			a.Unit = rapid.SampledFrom(unitPool).Draw(g.t, "unit")
		}
	case catalog.TypeEnum:
		a.Allowed = g.subset(enumPool, 1, "allowed")
	case catalog.TypeStringList:
		if rapid.Bool().Draw(g.t, "restricted") {
			a.Allowed = g.subset(textPool, 1, "allowed")
		}
		a.Combine = rapid.SampledFrom([]catalog.Combine{catalog.CombineOverride, catalog.CombineUnion}).Draw(g.t, "combine")
	}
	switch g.intn(0, 7, "scope") {
	case 0:
		a.Scope = catalog.ScopeAccount
	case 1, 2:
		a.Scope = catalog.ScopeBoth
	default:
		a.Scope = catalog.ScopeProduct
	}
	a.Required = g.chance(3, "required")
	if rapid.Bool().Draw(g.t, "has_default") {
		a.Default = g.constant(&a)
	}
	return a
}

// subset draws at least minLen distinct items of pool, in pool order.
func (g *gen) subset(pool []string, minLen int, label string) []string {
	idx := rapid.SliceOfNDistinct(rapid.IntRange(0, len(pool)-1), minLen, len(pool), rapid.ID[int]).Draw(g.t, label)
	slices.Sort(idx)
	out := make([]string, len(idx))
	for i, x := range idx {
		out[i] = pool[x]
	}
	return out
}

func nullDec(i int64) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: decimal.NewFromInt(i), Valid: true}
}

// bounds returns the integer range values of the numeric attribute a are
// drawn from: within min/max, and small so that values often repeat.
func bounds(a *catalog.Attribute) (lo, hi int64) {
	switch {
	case a.Min.Valid:
		lo = a.Min.Decimal.IntPart()
	case a.Max.Valid:
		lo = a.Max.Decimal.IntPart() - 4
	default:
		lo = -2
	}
	hi = lo + 6
	if a.Max.Valid {
		hi = a.Max.Decimal.IntPart()
	}
	return lo, hi
}

// scale sometimes multiplies an unconstrained number by 2^12, so that sums
// of a few cross ±2^13, where compact encodings of a number tend to end.
func (g *gen) scale(a *catalog.Attribute) int64 {
	if a.Min.Valid || a.Max.Valid || rapid.IntRange(0, 3).Draw(g.t, "scaled") > 0 {
		return 1
	}
	return 1 << 12
}

// constant draws a constant value of a's type within its constraints.
func (g *gen) constant(a *catalog.Attribute) catalog.Value {
	switch a.Type {
	case catalog.TypeBool:
		return catalog.Bool(rapid.Bool().Draw(g.t, "bool"))
	case catalog.TypeInteger:
		lo, hi := bounds(a)
		return catalog.Int(rapid.Int64Range(lo, hi).Draw(g.t, "int") * g.scale(a))
	case catalog.TypeDecimal, catalog.TypeQuantity:
		lo, hi := bounds(a)
		halves := rapid.Int64Range(2*lo, 2*hi).Draw(g.t, "halves") * g.scale(a)
		d := decimal.New(halves*5, -1)
		if rapid.Bool().Draw(g.t, "wide_exponent") {
			d = decimal.New(halves*50, -2) // the same number written differently
		}
		return number(a.Type, d)
	case catalog.TypeString:
		return catalog.Str(rapid.SampledFrom(textPool).Draw(g.t, "string"))
	case catalog.TypeEnum:
		return catalog.Enum(rapid.SampledFrom(a.Allowed).Draw(g.t, "enum"))
	case catalog.TypeStringList:
		pool := a.Allowed
		if len(pool) == 0 {
			pool = textPool
		}
		return catalog.List(rapid.SliceOfN(rapid.SampledFrom(pool), 0, 2).Draw(g.t, "list")...)
	}
	panic("catalogtest: no constant of type " + a.Type.String())
}

// number returns d as a value of the numeric type t (integer, decimal or
// quantity); an integer drops d's fraction.
func number(t catalog.Type, d decimal.Decimal) catalog.Value {
	switch t {
	case catalog.TypeInteger:
		return catalog.Int(d.IntPart())
	case catalog.TypeQuantity:
		return catalog.Qty(d)
	}
	return catalog.Dec(d)
}

var bandBounds = []int64{10, 50, 100}

// productValue draws a value a product may set for a: usually a constant,
// sometimes a band rule.
func (g *gen) productValue(a *catalog.Attribute) catalog.Value {
	if !g.chance(4, "band_rule") {
		return g.constant(a)
	}
	fact := rapid.SampledFrom(g.cfg.Facts).Draw(g.t, "fact")
	var bands []catalog.Band
	for _, b := range bandBounds {
		if rapid.Bool().Draw(g.t, "band") {
			bands = append(bands, catalog.Below(decimal.NewFromInt(b), g.constant(a)))
		}
	}
	bands = append(bands, catalog.Otherwise(g.constant(a)))
	return catalog.Banded(fact, bands...)
}

var descriptionPool = []string{"", "", "More of everything.", "Line one.\nLine two.", "Für Geschäftskunden: 50 GB"}

// description draws a product's or group's description, often none.
func (g *gen) description() string {
	return rapid.SampledFrom(descriptionPool).Draw(g.t, "description")
}

var operators = []catalog.Operator{catalog.OpAtLeast, catalog.OpAtMost, catalog.OpAbove, catalog.OpBelow, catalog.OpEqual, catalog.OpNotEqual}

// conditions draws an add-on's eligibility conditions: none most of the
// time, else one or two over Config.Facts, compared with the band bounds
// (10, 50, 100) so that drawn facts fall on both sides and on the bound.
func (g *gen) conditions() []catalog.FactCondition {
	if !g.chance(3, "eligible") {
		return nil
	}
	out := make([]catalog.FactCondition, g.intn(1, 2, "conditions"))
	for i := range out {
		out[i] = catalog.FactCondition{
			Fact:     rapid.SampledFrom(g.cfg.Facts).Draw(g.t, "condition fact"),
			Operator: rapid.SampledFrom(operators).Draw(g.t, "operator"),
			Value:    decimal.NewFromInt(rapid.SampledFrom(bandBounds).Draw(g.t, "condition value")),
		}
	}
	return out
}

// Constant returns a generator of constants that fit attribute a: its type,
// bounds and allowed values. Accounts draw their own values from it.
func Constant(a catalog.Attribute) *rapid.Generator[catalog.Value] {
	return rapid.Custom(func(t *rapid.T) catalog.Value {
		g := &gen{t: t, cfg: Config{}.withDefaults()}
		return g.constant(&a)
	})
}
