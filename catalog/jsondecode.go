package catalog

import (
	"strconv"

	"github.com/tariffkit/tariff/internal/strictjson"
)

// This file holds the second half of decoding: walking the tree that
// strictjson.Scan builds into a Definition, field by field, with the JSON
// path of every step kept for errors (by strictjson.Decoder).

// decoder walks a scanned catalog document.
type decoder struct {
	strictjson.Decoder
	types map[string]Type // declared attribute types by ID, first declaration wins
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

func (d *decoder) definition(root *strictjson.Node) (Definition, error) {
	var def Definition
	d.declareTypes(root)
	err := d.Object(root, func(m *strictjson.Member) (bool, error) {
		var err error
		switch m.Key {
		case "format":
			var f string
			if f, err = d.Str(&m.Val); err == nil && f != FormatV1 {
				err = d.Fail(m.Val.Off, ErrInvalidValue, "format %q, want %q", f, FormatV1)
			}
		case "service_types":
			def.ServiceTypes, err = strictjson.List(&d.Decoder, &m.Val, d.serviceType)
		case "features":
			def.Features, err = strictjson.List(&d.Decoder, &m.Val, d.feature)
		case "groups":
			def.Groups, err = strictjson.List(&d.Decoder, &m.Val, d.group)
		case "products":
			def.Products, err = strictjson.List(&d.Decoder, &m.Val, d.product)
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
func (d *decoder) declareTypes(root *strictjson.Node) {
	d.types = map[string]Type{}
	features := root.Member("features")
	if root.Kind != strictjson.Object || features == nil {
		return
	}
	for i := range features.Elems {
		attrs := features.Elems[i].Member("attributes")
		if attrs == nil {
			continue
		}
		for j := range attrs.Elems {
			id, typ := attrs.Elems[j].Member("id"), attrs.Elems[j].Member("type")
			if id == nil || typ == nil || id.Kind != strictjson.String || typ.Kind != strictjson.String {
				continue
			}
			if t, ok := ParseType(typ.Text); ok {
				if _, dup := d.types[id.Text]; !dup {
					d.types[id.Text] = t
				}
			}
		}
	}
}

func (d *decoder) serviceType(n *strictjson.Node) (ServiceType, error) {
	var s ServiceType
	hasID := false
	err := d.Object(n, func(m *strictjson.Member) (bool, error) {
		var err error
		switch m.Key {
		case "id":
			s.ID, err = d.Str(&m.Val)
			hasID = true
		case "name":
			s.Name, err = d.Str(&m.Val)
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasID {
		err = d.Missing(n, "id")
	}
	return s, err
}

func (d *decoder) group(n *strictjson.Node) (Group, error) {
	s, err := d.serviceType(n) // a group has the same two fields
	return Group(s), err
}

func (d *decoder) feature(n *strictjson.Node) (Feature, error) {
	var f Feature
	hasID := false
	err := d.Object(n, func(m *strictjson.Member) (bool, error) {
		var err error
		switch m.Key {
		case "id":
			f.ID, err = d.Str(&m.Val)
			hasID = true
		case "service_type":
			f.ServiceType, err = d.Str(&m.Val)
		case "name":
			f.Name, err = d.Str(&m.Val)
		case "default_enabled":
			f.DefaultEnabled, err = d.Bool(&m.Val)
		case "attributes":
			f.Attributes, err = strictjson.List(&d.Decoder, &m.Val, d.attribute)
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasID {
		err = d.Missing(n, "id")
	}
	return f, err
}

func (d *decoder) attribute(n *strictjson.Node) (Attribute, error) {
	var a Attribute
	hasID, hasType := false, false
	// The default is typed by the attribute's type, wherever it stands.
	var declared Type
	if t := n.Member("type"); t != nil && t.Kind == strictjson.String {
		declared, _ = ParseType(t.Text)
	}
	err := d.Object(n, func(m *strictjson.Member) (bool, error) {
		var err error
		switch m.Key {
		case "id":
			a.ID, err = d.Str(&m.Val)
			hasID = true
		case "name":
			a.Name, err = d.Str(&m.Val)
		case "type":
			a.Type, err = strictjson.Name(&d.Decoder, &m.Val, "type", ParseType)
			hasType = true
		case "unit":
			a.Unit, err = d.Str(&m.Val)
		case "required":
			a.Required, err = d.Bool(&m.Val)
		case "min":
			a.Min, err = d.NullDecimal(&m.Val)
		case "max":
			a.Max, err = d.NullDecimal(&m.Val)
		case "allowed":
			a.Allowed, err = d.Strings(&m.Val)
		case "default":
			a.Default, err = d.value(&m.Val, declared)
		case "scope":
			a.Scope, err = strictjson.Name(&d.Decoder, &m.Val, "scope", ParseScope)
		case "combine":
			a.Combine, err = strictjson.Name(&d.Decoder, &m.Val, "combine rule", ParseCombine)
		default:
			return false, nil
		}
		return true, err
	})
	switch {
	case err != nil:
	case !hasID:
		err = d.Missing(n, "id")
	case !hasType:
		err = d.Missing(n, "type")
	}
	return a, err
}

func (d *decoder) product(n *strictjson.Node) (Product, error) {
	var p Product
	hasID, hasKind := false, false
	err := d.Object(n, func(m *strictjson.Member) (bool, error) {
		var err error
		switch m.Key {
		case "id":
			p.ID, err = d.Str(&m.Val)
			hasID = true
		case "name":
			p.Name, err = d.Str(&m.Val)
		case "kind":
			p.Kind, err = strictjson.Name(&d.Decoder, &m.Val, "kind", ParseKind)
			hasKind = true
		case "priority":
			p.Priority, err = d.Int(&m.Val)
		case "allowed_main":
			p.AllowedMain, err = d.Strings(&m.Val)
		case "requires":
			p.Requires, err = d.Strings(&m.Val)
		case "excludes":
			p.Excludes, err = d.Strings(&m.Val)
		case "max_quantity":
			p.MaxQuantity, err = d.Int(&m.Val)
		case "groups":
			p.Groups, err = d.Strings(&m.Val)
		case "features":
			p.Features, err = strictjson.List(&d.Decoder, &m.Val, d.setting)
		default:
			return false, nil
		}
		return true, err
	})
	switch {
	case err != nil:
	case !hasID:
		err = d.Missing(n, "id")
	case !hasKind:
		err = d.Missing(n, "kind")
	}
	return p, err
}

func (d *decoder) setting(n *strictjson.Node) (FeatureSetting, error) {
	var fs FeatureSetting
	hasFeature := false
	err := d.Object(n, func(m *strictjson.Member) (bool, error) {
		var err error
		switch m.Key {
		case "feature":
			fs.Feature, err = d.Str(&m.Val)
			hasFeature = true
		case "state":
			fs.State, err = strictjson.Name(&d.Decoder, &m.Val, "state", parseState)
		case "attributes":
			fs.Values, err = d.attributeValues(&m.Val)
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasFeature {
		err = d.Missing(n, "feature")
	}
	return fs, err
}

// attributeValues decodes the attributes object of a feature setting:
// attribute ID → value, in document order, each typed by its attribute.
func (d *decoder) attributeValues(n *strictjson.Node) ([]AttributeValue, error) {
	if n.Kind != strictjson.Object {
		return nil, d.WrongType(n, "an object")
	}
	if len(n.Members) == 0 {
		return nil, nil
	}
	out := make([]AttributeValue, len(n.Members))
	for i := range n.Members {
		m := &n.Members[i]
		d.Push(m.Key)
		v, err := d.value(&m.Val, d.types[m.Key])
		if err != nil {
			return nil, err
		}
		out[i] = AttributeValue{Attribute: m.Key, Value: v}
		d.Pop()
	}
	return out, nil
}

// value decodes an attribute value of type t: a constant, or a band rule
// (an object). TypeInvalid, or any unlisted Type, types it by its shape.
func (d *decoder) value(n *strictjson.Node, t Type) (Value, error) {
	if n.Kind == strictjson.Object {
		return d.bandRule(n, t)
	}
	var err error
	v := Value{typ: t}
	switch t {
	case TypeBool:
		v.b, err = d.Bool(n)
	case TypeInteger:
		v.i, err = d.Integer(n, 64)
	case TypeDecimal, TypeQuantity:
		v.d, err = d.Decimal(n)
	case TypeString, TypeEnum:
		v.s, err = d.Str(n)
	case TypeStringList:
		v.list, err = d.Strings(n)
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
func (d *decoder) inferred(n *strictjson.Node) (Value, error) {
	switch n.Kind {
	case strictjson.Bool:
		return Bool(n.Bool), nil
	case strictjson.Number:
		if i, err := strconv.ParseInt(n.Text, 10, 64); err == nil {
			return Int(i), nil
		}
		x, err := d.ParseDecimal(n, n.Text)
		return Dec(x), err
	case strictjson.String:
		return Str(n.Text), nil
	case strictjson.Array:
		items, err := d.Strings(n)
		return Value{typ: TypeStringList, list: items}, err
	case strictjson.Object:
		return d.bandRule(n, TypeInvalid)
	}
	return Value{}, d.WrongType(n, "a value")
}

// bandRule decodes {"fact": ..., "bands": [{"below": ..., "value": ...}, ...]}
// with band values of type t.
func (d *decoder) bandRule(n *strictjson.Node, t Type) (Value, error) {
	r := &BandRule{}
	hasFact, hasBands := false, false
	err := d.Object(n, func(m *strictjson.Member) (bool, error) {
		var err error
		switch m.Key {
		case "fact":
			r.Fact, err = d.Str(&m.Val)
			hasFact = true
		case "bands":
			r.Bands, err = strictjson.List(&d.Decoder, &m.Val, func(b *strictjson.Node) (Band, error) { return d.band(b, t) })
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
		return Value{}, d.Missing(n, "fact")
	case !hasBands:
		return Value{}, d.Missing(n, "bands")
	}
	return Value{rule: r}, nil
}

func (d *decoder) band(n *strictjson.Node, t Type) (Band, error) {
	var b Band
	hasValue := false
	err := d.Object(n, func(m *strictjson.Member) (bool, error) {
		var err error
		switch m.Key {
		case "below":
			b.Below, err = d.NullDecimal(&m.Val)
		case "value":
			b.Value, err = d.value(&m.Val, t)
			hasValue = true
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasValue {
		err = d.Missing(n, "value")
	}
	return b, err
}
