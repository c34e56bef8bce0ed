package catalog

import (
	"strconv"

	"github.com/tariffkit/tariff/internal/strictjson"
)

// This file holds the second half of decoding: reading a document into a
// Definition field by field as strictjson.Decoder streams it, with the
// JSON path of every step kept for errors.

// decoder reads a catalog document.
type decoder struct {
	strictjson.Decoder
	// types holds the declared attribute types by ID, first declaration
	// winning: filled as features are read, or all at once by
	// declaredTypes when products come first.
	types map[string]Type
}

func newDecoder(data []byte) *decoder {
	return &decoder{Decoder: strictjson.NewDecoder(data)}
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

// definition reads a catalog object: the whole document, or one nested in
// another (a version of a set).
func (d *decoder) definition() (Definition, error) {
	var def Definition
	start := d.Offset()
	d.types = map[string]Type{}
	typesKnown := false // every declaration is in d.types
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "format":
			_, err = d.Format(FormatV1)
		case "service_types":
			def.ServiceTypes, err = strictjson.List(&d.Decoder, d.serviceType)
		case "features":
			def.Features, err = strictjson.List(&d.Decoder, d.feature)
			typesKnown = true
		case "groups":
			def.Groups, err = strictjson.List(&d.Decoder, d.group)
		case "products":
			if !typesKnown {
				d.types = declaredTypes(d.Data()[start:])
				typesKnown = true
			}
			def.Products, err = strictjson.List(&d.Decoder, d.product)
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

// declaredTypes reads the catalog object at the start of data once more
// for the type of every attribute it declares, so that product values can
// be typed when products come before features. It keeps nothing else and
// stops at the first problem, or at the end of the object: the main walk
// reports problems.
func declaredTypes(data []byte) map[string]Type {
	types := map[string]Type{}
	d := strictjson.NewDecoder(data)
	// within reads the objects of the array member named key of the next
	// value, if it is an object, with each, skipping everything else.
	within := func(key string, each func() error) error {
		return d.Object(func(k []byte) (bool, error) {
			if string(k) != key {
				return true, d.Skip()
			}
			return true, d.Array(func(int) error {
				if k, err := d.Kind(); err != nil || k != strictjson.Object {
					return d.Skip()
				}
				return each()
			})
		})
	}
	_ = d.Document(func() error {
		return within("features", func() error {
			return within("attributes", func() error {
				var id, typ string
				hasID := false
				err := d.Object(func(k []byte) (bool, error) {
					var err error
					switch kind, _ := d.Kind(); {
					case kind != strictjson.String:
						err = d.Skip()
					case string(k) == "id":
						id, err = d.Str()
						hasID = true
					case string(k) == "type":
						typ, err = d.Str()
					default:
						err = d.Skip()
					}
					return true, err
				})
				if t, ok := ParseType(typ); ok && hasID && err == nil {
					if _, dup := types[id]; !dup {
						types[id] = t
					}
				}
				return err
			})
		})
	})
	return types
}

func (d *decoder) serviceType() (ServiceType, error) {
	var s ServiceType
	hasID := false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			s.ID, err = d.Str()
			hasID = true
		case "name":
			s.Name, err = d.Str()
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasID {
		err = d.Missing(off, "id")
	}
	return s, err
}

func (d *decoder) group() (Group, error) {
	var g Group
	hasID := false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			g.ID, err = d.Str()
			hasID = true
		case "name":
			g.Name, err = d.Str()
		case "description":
			g.Description, err = d.Str()
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasID {
		err = d.Missing(off, "id")
	}
	return g, err
}

func (d *decoder) feature() (Feature, error) {
	var f Feature
	hasID := false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			f.ID, err = d.Str()
			hasID = true
		case "service_type":
			f.ServiceType, err = d.Str()
		case "name":
			f.Name, err = d.Str()
		case "default_enabled":
			f.DefaultEnabled, err = d.Bool()
		case "attributes":
			f.Attributes, err = strictjson.List(&d.Decoder, d.attribute)
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasID {
		err = d.Missing(off, "id")
	}
	return f, err
}

func (d *decoder) attribute() (Attribute, error) {
	var a Attribute
	hasID, hasType := false, false
	// The default is typed by the attribute's type, wherever it stands: a
	// default before the type is checked, then read again after it.
	var deferred *strictjson.Mark
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			a.ID, err = d.Str()
			hasID = true
		case "name":
			a.Name, err = d.Str()
		case "type":
			a.Type, err = strictjson.Name(&d.Decoder, "type", ParseType)
			hasType = true
		case "unit":
			a.Unit, err = d.Str()
		case "required":
			a.Required, err = d.Bool()
		case "min":
			a.Min, err = d.NullDecimal()
		case "max":
			a.Max, err = d.NullDecimal()
		case "allowed":
			a.Allowed, err = d.Strings()
		case "default":
			if hasType {
				a.Default, err = d.value(a.Type)
			} else {
				d.Offset()
				m := d.Mark()
				deferred = &m
				err = d.Skip()
			}
		case "scope":
			a.Scope, err = strictjson.Name(&d.Decoder, "scope", ParseScope)
		case "combine":
			a.Combine, err = strictjson.Name(&d.Decoder, "combine rule", ParseCombine)
		default:
			return false, nil
		}
		return true, err
	})
	switch {
	case err != nil:
	case !hasID:
		err = d.Missing(off, "id")
	case !hasType:
		err = d.Missing(off, "type")
	case deferred != nil:
		end := d.Mark()
		d.Reset(*deferred)
		d.Push("default")
		a.Default, err = d.value(a.Type)
		d.Pop()
		d.Reset(end)
	}
	if err == nil {
		if _, dup := d.types[a.ID]; !dup {
			d.types[a.ID] = a.Type
		}
	}
	return a, err
}

func (d *decoder) setting() (FeatureSetting, error) {
	var fs FeatureSetting
	hasFeature := false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "feature":
			fs.Feature, err = d.Str()
			hasFeature = true
		case "state":
			fs.State, err = strictjson.Name(&d.Decoder, "state", parseState)
		case "attributes":
			fs.Values, err = d.attributeValues()
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasFeature {
		err = d.Missing(off, "feature")
	}
	return fs, err
}

// attributeValues reads the attributes object of a feature setting:
// attribute ID → value, in document order, each typed by its attribute.
func (d *decoder) attributeValues() ([]AttributeValue, error) {
	var out strictjson.Builder[AttributeValue]
	err := d.Object(func(key []byte) (bool, error) {
		id := string(key)
		v, err := d.value(d.types[id])
		out.Add(AttributeValue{Attribute: id, Value: v})
		return true, err
	})
	if err != nil {
		return nil, err
	}
	return out.Slice(), nil
}

// value reads an attribute value of type t: a constant, or a band rule
// (an object). TypeInvalid, or any unlisted Type, types it by its shape.
func (d *decoder) value(t Type) (Value, error) {
	k, err := d.Kind()
	if err != nil {
		return Value{}, err
	}
	if k == strictjson.Object {
		return d.bandRule(t)
	}
	v := Value{typ: t}
	switch t {
	case TypeBool:
		v.b, err = d.Bool()
	case TypeInteger:
		v.i, err = d.Integer(64)
	case TypeDecimal, TypeQuantity:
		v.d, err = d.Decimal()
	case TypeString, TypeEnum:
		v.s, err = d.Str()
	case TypeStringList:
		v.list, err = d.Strings()
	default:
		return d.inferred(k)
	}
	if err != nil {
		return Value{}, err
	}
	return v, nil
}

// inferred types a value of kind k by its JSON shape, for attributes the
// document does not declare: a number written as an integer literal that
// fits int64 (2, -7) is an integer, any other number (2.0, 1e3, 1.5) a
// decimal.
func (d *decoder) inferred(k strictjson.Kind) (Value, error) {
	switch k {
	case strictjson.Bool:
		b, err := d.Bool()
		return Bool(b), err
	case strictjson.Number:
		m := d.Mark()
		text, err := d.Number()
		if err != nil {
			return Value{}, err
		}
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			return Int(i), nil
		}
		d.Reset(m)
		x, err := d.Decimal()
		return Dec(x), err
	case strictjson.String:
		s, err := d.Str()
		return Str(s), err
	case strictjson.Array:
		items, err := d.Strings()
		return Value{typ: TypeStringList, list: items}, err
	case strictjson.Object:
		return d.bandRule(TypeInvalid)
	}
	return Value{}, d.WrongType(k, "a value")
}

// bandRule reads {"fact": ..., "bands": [{"below": ..., "value": ...}, ...]}
// with band values of type t.
func (d *decoder) bandRule(t Type) (Value, error) {
	r := &BandRule{}
	hasFact, hasBands := false, false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "fact":
			r.Fact, err = d.Str()
			hasFact = true
		case "bands":
			r.Bands, err = strictjson.List(&d.Decoder, func() (Band, error) { return d.band(t) })
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
		return Value{}, d.Missing(off, "fact")
	case !hasBands:
		return Value{}, d.Missing(off, "bands")
	}
	return Value{rule: r}, nil
}

func (d *decoder) band(t Type) (Band, error) {
	var b Band
	hasValue := false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "below":
			b.Below, err = d.NullDecimal()
		case "value":
			b.Value, err = d.value(t)
			hasValue = true
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasValue {
		err = d.Missing(off, "value")
	}
	return b, err
}
