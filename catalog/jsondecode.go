package catalog

import (
	"math"
	"strconv"

	"github.com/shopspring/decimal"
)

// This file holds the second half of decoding: walking the scanned tree
// (jsonscan.go) into a Definition, field by field, with the JSON path of
// every step kept for errors.

// maxDecimalExponent bounds the exponent of decoded decimals, so that
// hostile input such as 1e-999999999 cannot make later arithmetic or
// formatting take unbounded time and memory.
const maxDecimalExponent = 1000

// decoder walks a scanned document. segs is the path of the value being
// decoded; it is pushed and popped as the walk goes, and read only to build
// an error.
type decoder struct {
	segs  []pathSeg
	types map[string]Type // declared attribute types by ID, first declaration wins
}

func (d *decoder) push(key string) { d.segs = append(d.segs, pathSeg{key: key}) }
func (d *decoder) pushIndex(i int) { d.segs = append(d.segs, pathSeg{index: i, isIndex: true}) }
func (d *decoder) pop()            { d.segs = d.segs[:len(d.segs)-1] }

func (d *decoder) fail(off int64, kind error, format string, args ...any) error {
	return decodeError(d.segs, off, kind, format, args...)
}

func (d *decoder) wrongType(n *jsonNode, want string) error {
	return d.fail(n.off, ErrWrongType, "got %s, want %s", n.kind, want)
}

// missing reports the absence of the required member key of object n.
func (d *decoder) missing(n *jsonNode, key string) error {
	d.push(key)
	return d.fail(n.off, ErrMissingField, "missing required field %q", key)
}

// object calls field for every member of object n, in document order, with
// the member's key on the path. field reports false for a key it does not
// know: an unknown field.
func (d *decoder) object(n *jsonNode, field func(m *jsonMember) (known bool, err error)) error {
	if n.kind != jsonObject {
		return d.wrongType(n, "an object")
	}
	for i := range n.members {
		m := &n.members[i]
		d.push(m.key)
		known, err := field(m)
		if err != nil {
			return err
		}
		if !known {
			return d.fail(m.off, ErrUnknownField, "unknown field %q", m.key)
		}
		d.pop()
	}
	return nil
}

// list decodes array n element by element; an empty array gives nil.
func list[T any](d *decoder, n *jsonNode, elem func(*jsonNode) (T, error)) ([]T, error) {
	if n.kind != jsonArray {
		return nil, d.wrongType(n, "an array")
	}
	if len(n.elems) == 0 {
		return nil, nil
	}
	out := make([]T, len(n.elems))
	for i := range n.elems {
		d.pushIndex(i)
		var err error
		if out[i], err = elem(&n.elems[i]); err != nil {
			return nil, err
		}
		d.pop()
	}
	return out, nil
}

func (d *decoder) str(n *jsonNode) (string, error) {
	if n.kind != jsonString {
		return "", d.wrongType(n, "a string")
	}
	return n.text, nil
}

func (d *decoder) strings(n *jsonNode) ([]string, error) { return list(d, n, d.str) }

func (d *decoder) boolean(n *jsonNode) (bool, error) {
	if n.kind != jsonBool {
		return false, d.wrongType(n, "a bool")
	}
	return n.b, nil
}

// integer decodes an integral number that fits in bits bits. 3, 3.0 and
// 3e0 are the same integer; 3.5 is not one.
func (d *decoder) integer(n *jsonNode, bits int) (int64, error) {
	if n.kind != jsonNumber {
		return 0, d.wrongType(n, "an integer")
	}
	if i, err := strconv.ParseInt(n.text, 10, bits); err == nil {
		return i, nil
	}
	x, err := d.parseDecimal(n, n.text)
	if err != nil {
		return 0, err
	}
	if !x.IsInteger() {
		return 0, d.fail(n.off, ErrInvalidValue, "%s is not an integer", n.text)
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if bits == 32 {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	if x.Cmp(decimal.NewFromInt(lo)) < 0 || x.Cmp(decimal.NewFromInt(hi)) > 0 {
		return 0, d.fail(n.off, ErrInvalidValue, "%s is out of range for a %d-bit integer", n.text, bits)
	}
	return x.IntPart(), nil
}

// goInt decodes an integer into a Go int.
func (d *decoder) goInt(n *jsonNode) (int, error) {
	i, err := d.integer(n, strconv.IntSize)
	return int(i), err
}

// decimal decodes a decimal written as a string ("0.99") or a number (0.99),
// exactly, from its text. A string must hold a JSON number.
func (d *decoder) decimal(n *jsonNode) (decimal.Decimal, error) {
	switch n.kind {
	case jsonNumber:
		return d.parseDecimal(n, n.text)
	case jsonString:
		if l, ok := scanNumber(n.text); !ok || l != len(n.text) {
			return decimal.Decimal{}, d.fail(n.off, ErrInvalidValue, "%q is not a decimal number", n.text)
		}
		return d.parseDecimal(n, n.text)
	}
	return decimal.Decimal{}, d.wrongType(n, "a decimal string or number")
}

// parseDecimal parses text, which has the JSON number grammar.
func (d *decoder) parseDecimal(n *jsonNode, text string) (decimal.Decimal, error) {
	x, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, d.fail(n.off, ErrInvalidValue, "%s is out of range", text)
	}
	if e := x.Exponent(); e < -maxDecimalExponent || e > maxDecimalExponent {
		return decimal.Decimal{}, d.fail(n.off, ErrInvalidValue, "%s has an exponent beyond ±%d", text, maxDecimalExponent)
	}
	return x, nil
}

func (d *decoder) nullDecimal(n *jsonNode) (decimal.NullDecimal, error) {
	x, err := d.decimal(n)
	return decimal.NullDecimal{Decimal: x, Valid: err == nil}, err
}

// name decodes an enum-like string with parse ("integer" → TypeInteger).
func name[T any](d *decoder, n *jsonNode, what string, parse func(string) (T, bool)) (T, error) {
	var zero T
	s, err := d.str(n)
	if err != nil {
		return zero, err
	}
	v, ok := parse(s)
	if !ok {
		return zero, d.fail(n.off, ErrInvalidValue, "unknown %s %q", what, s)
	}
	return v, nil
}

func parseState(s string) (State, bool) {
	switch s {
	case "enabled":
		return Enabled, true
	case "disabled":
		return Disabled, true
	}
	return Undefined, false
}

func (d *decoder) definition(root *jsonNode) (Definition, error) {
	var def Definition
	d.declareTypes(root)
	err := d.object(root, func(m *jsonMember) (bool, error) {
		var err error
		switch m.key {
		case "format":
			var f string
			if f, err = d.str(&m.val); err == nil && f != FormatV1 {
				err = d.fail(m.val.off, ErrInvalidValue, "format %q, want %q", f, FormatV1)
			}
		case "service_types":
			def.ServiceTypes, err = list(d, &m.val, d.serviceType)
		case "features":
			def.Features, err = list(d, &m.val, d.feature)
		case "groups":
			def.Groups, err = list(d, &m.val, d.group)
		case "products":
			def.Products, err = list(d, &m.val, d.product)
		default:
			return false, nil
		}
		return true, err
	})
	if err != nil {
		return Definition{}, err
	}
	return def, nil
}

// declareTypes records the type of every attribute the document declares,
// so that product values can be typed even when products come first. It
// skips anything malformed: the main walk reports it.
func (d *decoder) declareTypes(root *jsonNode) {
	d.types = map[string]Type{}
	features := root.member("features")
	if root.kind != jsonObject || features == nil {
		return
	}
	for i := range features.elems {
		attrs := features.elems[i].member("attributes")
		if attrs == nil {
			continue
		}
		for j := range attrs.elems {
			id, typ := attrs.elems[j].member("id"), attrs.elems[j].member("type")
			if id == nil || typ == nil || id.kind != jsonString || typ.kind != jsonString {
				continue
			}
			if t, ok := ParseType(typ.text); ok {
				if _, dup := d.types[id.text]; !dup {
					d.types[id.text] = t
				}
			}
		}
	}
}

func (d *decoder) serviceType(n *jsonNode) (ServiceType, error) {
	var s ServiceType
	hasID := false
	err := d.object(n, func(m *jsonMember) (bool, error) {
		var err error
		switch m.key {
		case "id":
			s.ID, err = d.str(&m.val)
			hasID = true
		case "name":
			s.Name, err = d.str(&m.val)
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasID {
		err = d.missing(n, "id")
	}
	return s, err
}

func (d *decoder) group(n *jsonNode) (Group, error) {
	s, err := d.serviceType(n) // a group has the same two fields
	return Group(s), err
}

func (d *decoder) feature(n *jsonNode) (Feature, error) {
	var f Feature
	hasID := false
	err := d.object(n, func(m *jsonMember) (bool, error) {
		var err error
		switch m.key {
		case "id":
			f.ID, err = d.str(&m.val)
			hasID = true
		case "service_type":
			f.ServiceType, err = d.str(&m.val)
		case "name":
			f.Name, err = d.str(&m.val)
		case "default_enabled":
			f.DefaultEnabled, err = d.boolean(&m.val)
		case "attributes":
			f.Attributes, err = list(d, &m.val, d.attribute)
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasID {
		err = d.missing(n, "id")
	}
	return f, err
}

func (d *decoder) attribute(n *jsonNode) (Attribute, error) {
	var a Attribute
	hasID, hasType := false, false
	// The default is typed by the attribute's type, wherever it stands.
	var declared Type
	if t := n.member("type"); t != nil && t.kind == jsonString {
		declared, _ = ParseType(t.text)
	}
	err := d.object(n, func(m *jsonMember) (bool, error) {
		var err error
		switch m.key {
		case "id":
			a.ID, err = d.str(&m.val)
			hasID = true
		case "name":
			a.Name, err = d.str(&m.val)
		case "type":
			a.Type, err = name(d, &m.val, "type", ParseType)
			hasType = true
		case "unit":
			a.Unit, err = d.str(&m.val)
		case "required":
			a.Required, err = d.boolean(&m.val)
		case "min":
			a.Min, err = d.nullDecimal(&m.val)
		case "max":
			a.Max, err = d.nullDecimal(&m.val)
		case "allowed":
			a.Allowed, err = d.strings(&m.val)
		case "default":
			a.Default, err = d.value(&m.val, declared)
		case "scope":
			a.Scope, err = name(d, &m.val, "scope", ParseScope)
		case "combine":
			a.Combine, err = name(d, &m.val, "combine rule", ParseCombine)
		default:
			return false, nil
		}
		return true, err
	})
	switch {
	case err != nil:
	case !hasID:
		err = d.missing(n, "id")
	case !hasType:
		err = d.missing(n, "type")
	}
	return a, err
}

func (d *decoder) product(n *jsonNode) (Product, error) {
	var p Product
	hasID, hasKind := false, false
	err := d.object(n, func(m *jsonMember) (bool, error) {
		var err error
		switch m.key {
		case "id":
			p.ID, err = d.str(&m.val)
			hasID = true
		case "name":
			p.Name, err = d.str(&m.val)
		case "kind":
			p.Kind, err = name(d, &m.val, "kind", ParseKind)
			hasKind = true
		case "priority":
			p.Priority, err = d.goInt(&m.val)
		case "allowed_main":
			p.AllowedMain, err = d.strings(&m.val)
		case "requires":
			p.Requires, err = d.strings(&m.val)
		case "excludes":
			p.Excludes, err = d.strings(&m.val)
		case "max_quantity":
			p.MaxQuantity, err = d.goInt(&m.val)
		case "groups":
			p.Groups, err = d.strings(&m.val)
		case "features":
			p.Features, err = list(d, &m.val, d.setting)
		default:
			return false, nil
		}
		return true, err
	})
	switch {
	case err != nil:
	case !hasID:
		err = d.missing(n, "id")
	case !hasKind:
		err = d.missing(n, "kind")
	}
	return p, err
}

func (d *decoder) setting(n *jsonNode) (FeatureSetting, error) {
	var fs FeatureSetting
	hasFeature := false
	err := d.object(n, func(m *jsonMember) (bool, error) {
		var err error
		switch m.key {
		case "feature":
			fs.Feature, err = d.str(&m.val)
			hasFeature = true
		case "state":
			fs.State, err = name(d, &m.val, "state", parseState)
		case "attributes":
			fs.Values, err = d.attributeValues(&m.val)
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasFeature {
		err = d.missing(n, "feature")
	}
	return fs, err
}

// attributeValues decodes the attributes object of a feature setting:
// attribute ID → value, in document order, each typed by its attribute.
func (d *decoder) attributeValues(n *jsonNode) ([]AttributeValue, error) {
	if n.kind != jsonObject {
		return nil, d.wrongType(n, "an object")
	}
	if len(n.members) == 0 {
		return nil, nil
	}
	out := make([]AttributeValue, len(n.members))
	for i := range n.members {
		m := &n.members[i]
		d.push(m.key)
		v, err := d.value(&m.val, d.types[m.key])
		if err != nil {
			return nil, err
		}
		out[i] = AttributeValue{Attribute: m.key, Value: v}
		d.pop()
	}
	return out, nil
}

// value decodes an attribute value of type t: a constant, or a band rule
// (an object). TypeInvalid, or any unlisted Type, types it by its shape.
func (d *decoder) value(n *jsonNode, t Type) (Value, error) {
	if n.kind == jsonObject {
		return d.bandRule(n, t)
	}
	var err error
	v := Value{typ: t}
	switch t {
	case TypeBool:
		v.b, err = d.boolean(n)
	case TypeInteger:
		v.i, err = d.integer(n, 64)
	case TypeDecimal, TypeQuantity:
		v.d, err = d.decimal(n)
	case TypeString, TypeEnum:
		v.s, err = d.str(n)
	case TypeStringList:
		v.list, err = d.strings(n)
	default:
		return d.inferred(n)
	}
	if err != nil {
		return Value{}, err
	}
	return v, nil
}

// inferred types a value by its JSON shape, for attributes the document
// does not declare: a number written as an integer literal that fits int64
// (2, -7) is an integer, any other number (2.0, 1e3, 1.5) a decimal.
func (d *decoder) inferred(n *jsonNode) (Value, error) {
	switch n.kind {
	case jsonBool:
		return Bool(n.b), nil
	case jsonNumber:
		if i, err := strconv.ParseInt(n.text, 10, 64); err == nil {
			return Int(i), nil
		}
		x, err := d.parseDecimal(n, n.text)
		return Dec(x), err
	case jsonString:
		return Str(n.text), nil
	case jsonArray:
		items, err := d.strings(n)
		return Value{typ: TypeStringList, list: items}, err
	case jsonObject:
		return d.bandRule(n, TypeInvalid)
	}
	return Value{}, d.wrongType(n, "a value")
}

// bandRule decodes {"fact": ..., "bands": [{"below": ..., "value": ...}, ...]}
// with band values of type t.
func (d *decoder) bandRule(n *jsonNode, t Type) (Value, error) {
	r := &BandRule{}
	hasFact, hasBands := false, false
	err := d.object(n, func(m *jsonMember) (bool, error) {
		var err error
		switch m.key {
		case "fact":
			r.Fact, err = d.str(&m.val)
			hasFact = true
		case "bands":
			r.Bands, err = list(d, &m.val, func(b *jsonNode) (Band, error) { return d.band(b, t) })
			hasBands = true
		default:
			return false, nil
		}
		return true, err
	})
	switch {
	case err != nil:
		return Value{}, err
	case !hasFact:
		return Value{}, d.missing(n, "fact")
	case !hasBands:
		return Value{}, d.missing(n, "bands")
	}
	return Value{rule: r}, nil
}

func (d *decoder) band(n *jsonNode, t Type) (Band, error) {
	var b Band
	hasValue := false
	err := d.object(n, func(m *jsonMember) (bool, error) {
		var err error
		switch m.key {
		case "below":
			b.Below, err = d.nullDecimal(&m.val)
		case "value":
			b.Value, err = d.value(&m.val, t)
			hasValue = true
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasValue {
		err = d.missing(n, "value")
	}
	return b, err
}
