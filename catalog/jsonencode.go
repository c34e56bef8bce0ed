package catalog

import (
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/internal/strictjson"
)

// This file holds the JSON encoder. It writes compact JSON by hand with a
// strictjson.Encoder, in a fixed member order and with zero values left out,
// then indents it; the output therefore never depends on map order or on
// shopspring/decimal's package-level formatting switches.

// encoder writes catalog JSON. The first error sticks (see
// strictjson.Encoder).
type encoder struct {
	strictjson.Encoder

	// types holds the declared attribute types by ID, first declaration
	// winning, as the decoder sees them. A value of an attribute missing
	// from it is written in the shape the decoder infers it from (shaped).
	types  map[string]Type
	shaped bool
}

func newEncoder() *encoder { return &encoder{Encoder: strictjson.Encoder{Refusal: ErrUnencodable}} }

func (e *encoder) definition(d *Definition) {
	e.types = map[string]Type{}
	for _, f := range d.Features {
		for _, a := range f.Attributes {
			if _, dup := e.types[a.ID]; !dup && a.Type > TypeInvalid && a.Type <= TypeQuantity {
				e.types[a.ID] = a.Type
			}
		}
	}
	e.Open('{')
	e.IDField("format", FormatV1)
	strictjson.ObjectList(&e.Encoder, "service_types", d.ServiceTypes, func(s *ServiceType) {
		e.IDField("id", s.ID)
		e.StrField("name", s.Name)
	})
	strictjson.ObjectList(&e.Encoder, "features", d.Features, e.feature)
	strictjson.ObjectList(&e.Encoder, "groups", d.Groups, func(g *Group) {
		e.IDField("id", g.ID)
		e.StrField("name", g.Name)
		e.StrField("description", g.Description)
	})
	strictjson.ObjectList(&e.Encoder, "products", d.Products, e.product)
	e.Close('}')
}

func (e *encoder) feature(f *Feature) {
	e.IDField("id", f.ID)
	e.StrField("service_type", f.ServiceType)
	e.StrField("name", f.Name)
	e.BoolField("default_enabled", f.DefaultEnabled)
	strictjson.ObjectList(&e.Encoder, "attributes", f.Attributes, e.attribute)
}

func (e *encoder) attribute(a *Attribute) {
	e.IDField("id", a.ID)
	e.StrField("name", a.Name)
	e.NameField("type", a.Type.String(), a.Type > TypeInvalid && a.Type <= TypeQuantity, false)
	e.StrField("unit", a.Unit)
	e.BoolField("required", a.Required)
	for _, b := range []struct {
		k string
		v decimal.NullDecimal
	}{{"min", a.Min}, {"max", a.Max}} {
		if b.v.Valid {
			e.Key(b.k)
			e.Decimal(b.v.Decimal)
			e.Pop()
		}
	}
	e.StrList("allowed", a.Allowed)
	if a.Default.IsSet() {
		e.Key("default")
		e.value(a.Default)
		e.Pop()
	}
	e.NameField("scope", a.Scope.String(), a.Scope <= ScopeBoth, a.Scope == ScopeProduct)
	e.NameField("combine", a.Combine.String(), a.Combine <= CombineUnion, a.Combine == CombineOverride)
}

func (e *encoder) product(p *Product) {
	e.IDField("id", p.ID)
	e.StrField("name", p.Name)
	e.StrField("description", p.Description)
	e.NameField("kind", p.Kind.String(), p.Kind == KindMain || p.Kind == KindAddOn, false)
	e.IntField("priority", p.Priority)
	e.StrList("allowed_main", p.AllowedMain)
	e.StrList("requires", p.Requires)
	e.StrList("excludes", p.Excludes)
	e.IntField("max_quantity", p.MaxQuantity)
	e.BoolField("one_off", p.OneOff)
	strictjson.ObjectList(&e.Encoder, "eligible", p.Eligible, func(c *FactCondition) {
		e.IDField("fact", c.Fact)
		e.NameField("operator", c.Operator.String(), c.Operator > OpInvalid && int(c.Operator) < len(operatorNames), false)
		e.Key("value")
		e.Decimal(c.Value)
		e.Pop()
	})
	e.StrList("groups", p.Groups)
	strictjson.ObjectList(&e.Encoder, "features", p.Features, e.setting)
}

func (e *encoder) setting(fs *FeatureSetting) {
	e.IDField("feature", fs.Feature)
	e.NameField("state", fs.State.String(), fs.State <= Disabled, fs.State == Undefined)
	if len(fs.Values) == 0 {
		return
	}
	e.Key("attributes")
	e.Open('{')
	for _, av := range fs.Values {
		e.Key(av.Attribute)
		_, declared := e.types[av.Attribute]
		e.shaped = !declared
		e.value(av.Value)
		e.shaped = false
		e.Pop()
	}
	e.Close('}')
	e.Pop()
}

// value writes a constant or a band rule.
func (e *encoder) value(v Value) {
	if r := v.rule; r != nil {
		e.Open('{')
		e.IDField("fact", r.Fact)
		e.Key("bands")
		e.Open('[')
		for i, b := range r.Bands {
			e.Sep()
			e.PushIndex(i)
			e.Open('{')
			if b.Below.Valid {
				e.Key("below")
				e.Decimal(b.Below.Decimal)
				e.Pop()
			}
			e.Key("value")
			e.value(b.Value)
			e.Pop()
			e.Close('}')
			e.Pop()
		}
		e.Close(']')
		e.Pop()
		e.Close('}')
		return
	}
	switch v.typ {
	case TypeBool:
		e.Bool(v.b)
	case TypeInteger:
		e.Int(v.i)
	case TypeDecimal, TypeQuantity:
		if e.shaped {
			e.ShapedDecimal(v.d)
		} else {
			e.Decimal(v.d)
		}
	case TypeString, TypeEnum:
		e.Str(v.s)
	case TypeStringList:
		e.Strings(v.list)
	default:
		e.Fail("no value")
		e.Literal("null")
	}
}
