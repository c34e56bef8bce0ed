package entitlement

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

type cfeature struct {
	id        string
	defaultOn bool
	attrLo    int32
	attrHi    int32
	required  []int32 // required attributes without a default
}

type cattr struct {
	id      string
	feature int32
	a       catalog.Attribute
	hasDef  bool
	defVal  catalog.Value
	fixed   bool            // every catalog value is num at scale without overflow risk at compile time
	scale   int32           // decimal places of num
	consts  []catalog.Value // its distinct constants, by cval.id
}

// The four ways resolution combines an attribute's definitions.
const (
	kindOvr  uint8 = iota // override: the highest definer's constant
	kindSum               // sum in fixed point
	kindMax               // max in fixed point; min as the max of negated numbers
	kindSlow              // unions and numbers beyond fixed point, combined on collection
)

type attrHot struct {
	feature int32
	kind    uint8
	sum     bool // the combine rule is sum
	neg     bool // the combine rule is min: numbers are negated
}

// cval is a compiled constant value.
type cval struct {
	val      catalog.Value
	id       int32 // its index among its attribute's distinct constants (cattr.consts)
	num      int64 // the value times 10^scale of its attribute (negated for min), when the attribute is fixed
	distinct bool  // not a list holding an item twice: a union of it alone is itself
}

type cband struct {
	rule   *catalog.BandRule
	bounds []decimal.Decimal // len(vals)-1 bounds; the last band is "otherwise"
	vals   []int32           // indexes into Resolver.vals
}

// compileFeatures compiles the catalog's features and their attributes'
// declarations, and the bitmaps of the features enabled by default and of
// those with a required attribute without a default.
func (r *Resolver) compileFeatures() {
	c := r.cat
	r.features = make([]cfeature, c.NumFeatures())
	r.attrs = make([]cattr, c.NumAttributes())
	for fi := range r.features {
		f := c.FeatureAt(fi)
		lo, hi := c.FeatureAttributes(fi)
		cf := cfeature{id: f.ID, defaultOn: f.DefaultEnabled, attrLo: int32(lo), attrHi: int32(hi)}
		for ai := lo; ai < hi; ai++ {
			a, _ := c.AttributeAt(ai)
			r.attrs[ai] = cattr{id: a.ID, feature: int32(fi), a: a, hasDef: a.Default.IsSet(), defVal: a.Default}
			if a.Required && !a.Default.IsSet() {
				cf.required = append(cf.required, int32(ai))
			}
		}
		r.features[fi] = cf
	}
	r.required = make([]uint64, (len(r.features)+63)/64)
	r.defaultOn = make([]uint64, (len(r.features)+63)/64)
	for fi, cf := range r.features {
		if len(cf.required) > 0 {
			mark(r.required, int32(fi))
			r.anyRequired = true
		}
		if cf.defaultOn {
			mark(r.defaultOn, int32(fi))
			if len(cf.required) > 0 {
				r.needy = append(r.needy, int32(fi))
			}
		}
	}
}

// compileAttrs chooses each attribute's fixed-point scale, from every
// value the catalog can give it, and so how resolution combines it.
func (r *Resolver) compileAttrs() {
	c := r.cat
	perAttr := make([][]catalog.Value, len(r.attrs))
	for ai := range r.attrs {
		if r.attrs[ai].hasDef {
			perAttr[ai] = append(perAttr[ai], r.attrs[ai].defVal)
		}
	}
	for pi := range c.NumProducts() {
		for _, s := range c.ProductValues(pi) {
			if rule := s.Value.Rule(); rule != nil {
				for _, b := range rule.Bands {
					perAttr[s.Attribute] = append(perAttr[s.Attribute], b.Value)
				}
			} else {
				perAttr[s.Attribute] = append(perAttr[s.Attribute], s.Value)
			}
		}
	}
	r.attrHot = make([]attrHot, len(r.attrs))
	for ai := range r.attrs {
		ca := &r.attrs[ai]
		ca.fixed, ca.scale = fixedScale(ca.a.Type, perAttr[ai])
		ah := attrHot{feature: ca.feature, kind: kindSlow, sum: ca.a.Combine == catalog.CombineSum, neg: ca.a.Combine == catalog.CombineMin}
		switch {
		case ca.a.Combine == catalog.CombineOverride:
			ah.kind = kindOvr
		case !ca.fixed || ca.a.Combine == catalog.CombineUnion:
		case ah.sum:
			ah.kind = kindSum
		default:
			ah.kind = kindMax
		}
		r.attrHot[ai] = ah
	}
}

// constTable finds an attribute's distinct constants by key while
// compiling: a scan would make compiling quadratic in an attribute's
// constants.
type constTable map[constKey]int

// constKey identifies a distinct constant of attribute ai.
type constKey struct {
	ai  int32
	val string // see canonical
}

// compileConst compiles v, a constant of attribute ai, and returns its
// index in r.vals.
func (r *Resolver) compileConst(ids constTable, ai int32, v catalog.Value) int32 {
	ca := &r.attrs[ai]
	key := constKey{ai, canonical(v)}
	id, ok := ids[key]
	if !ok {
		id = len(ca.consts)
		ca.consts = append(ca.consts, v)
		ids[key] = id
	}
	cv := cval{val: v, id: int32(id), distinct: distinctItems(v)}
	if ca.fixed {
		cv.num, _ = toFixed(v, ca.scale)
		if r.attrHot[ai].neg {
			cv.num = -cv.num
		}
	}
	r.vals = append(r.vals, cv)
	return int32(len(r.vals) - 1)
}

// canonical returns a string that two constants of one attribute share
// exactly when they are Equal: their type and value, a number in its
// shortest decimal form (1.50 and 1.5 are one constant), a list's items
// each after its length.
func canonical(v catalog.Value) string {
	b := []byte{byte(v.Type())}
	switch v.Type() {
	case catalog.TypeBool:
		if x, _ := v.AsBool(); x {
			b = append(b, 1)
		}
	case catalog.TypeInteger:
		x, _ := v.AsInt()
		b = strconv.AppendInt(b, x, 10)
	case catalog.TypeDecimal, catalog.TypeQuantity:
		x, _ := v.AsDecimal()
		b = append(b, x.String()...)
	case catalog.TypeString, catalog.TypeEnum:
		x, _ := v.AsString()
		b = append(b, x...)
	case catalog.TypeStringList:
		for i := range v.Len() {
			b = strconv.AppendInt(b, int64(len(v.Item(i))), 10)
			b = append(b, ':')
			b = append(b, v.Item(i)...)
		}
	}
	return string(b)
}

func distinctItems(v catalog.Value) bool {
	for i := range v.Len() {
		for j := range i {
			if v.Item(i) == v.Item(j) {
				return false
			}
		}
	}
	return true
}
