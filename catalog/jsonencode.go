package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// This file holds the JSON encoder. It writes compact JSON by hand, in a
// fixed member order and with zero values left out, then indents it with
// encoding/json; the output therefore never depends on map order or on
// shopspring/decimal's package-level formatting switches.

// encoder appends JSON to buf. The first error sticks in err; later writes
// still happen but their output is discarded.
type encoder struct {
	buf  []byte
	segs []pathSeg // where the encoder is, for errors
	err  error

	// types holds the declared attribute types by ID, first declaration
	// winning, as the decoder sees them. A value of an attribute missing
	// from it is written in the shape the decoder infers it from (shaped).
	types  map[string]Type
	shaped bool
}

func (e *encoder) push(key string) { e.segs = append(e.segs, pathSeg{key: key}) }
func (e *encoder) pushIndex(i int) { e.segs = append(e.segs, pathSeg{index: i, isIndex: true}) }
func (e *encoder) pop()            { e.segs = e.segs[:len(e.segs)-1] }

func (e *encoder) fail(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf("%w: %s: %s", ErrUnencodable, formatPath(e.segs), fmt.Sprintf(format, args...))
	}
}

// indented returns the buffer indented by two spaces.
func (e *encoder) indented() ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	var out bytes.Buffer
	out.Grow(2 * len(e.buf))
	if err := json.Indent(&out, e.buf, "", "  "); err != nil {
		return nil, err // unreachable: the encoder writes valid JSON
	}
	return out.Bytes(), nil
}

// sep writes the comma before a member or element, unless it is the first
// in its object or array.
func (e *encoder) sep() {
	if n := len(e.buf); n > 0 && e.buf[n-1] != '{' && e.buf[n-1] != '[' {
		e.buf = append(e.buf, ',')
	}
}

// key writes the separator and key of the next object member; the member's
// value is written under key on the path, until the matching pop.
func (e *encoder) key(k string) {
	e.sep()
	e.str(k)
	e.buf = append(e.buf, ':')
	e.push(k)
}

func (e *encoder) open(c byte)  { e.buf = append(e.buf, c) }
func (e *encoder) close(c byte) { e.buf = append(e.buf, c) }

// str writes s as a JSON string, escaping only what JSON requires.
func (e *encoder) str(s string) {
	if !utf8.ValidString(s) {
		e.fail("string %q is not valid UTF-8", s)
	}
	e.buf = append(e.buf, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= ' ' && c != '"' && c != '\\' {
			continue
		}
		e.buf = append(e.buf, s[start:i]...)
		switch c {
		case '"', '\\':
			e.buf = append(e.buf, '\\', c)
		case '\n':
			e.buf = append(e.buf, '\\', 'n')
		case '\r':
			e.buf = append(e.buf, '\\', 'r')
		case '\t':
			e.buf = append(e.buf, '\\', 't')
		default:
			e.buf = append(e.buf, `\u00`...)
			e.buf = append(e.buf, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		}
		start = i + 1
	}
	e.buf = append(e.buf, s[start:]...)
	e.buf = append(e.buf, '"')
}

// strField writes a string member, left out when empty.
func (e *encoder) strField(k, v string) {
	if v != "" {
		e.key(k)
		e.str(v)
		e.pop()
	}
}

// idField writes a required string member.
func (e *encoder) idField(k, v string) {
	e.key(k)
	e.str(v)
	e.pop()
}

func (e *encoder) intField(k string, v int) {
	if v != 0 {
		e.key(k)
		e.buf = strconv.AppendInt(e.buf, int64(v), 10)
		e.pop()
	}
}

func (e *encoder) boolField(k string, v bool) {
	if v {
		e.key(k)
		e.buf = append(e.buf, "true"...)
		e.pop()
	}
}

// nameField writes an enum-like member by name; ok false means v is out of
// range. It is left out when v is the zero value of its type.
func (e *encoder) nameField(k, name string, ok, zero bool) {
	if zero && ok {
		return
	}
	e.key(k)
	if !ok {
		e.fail("invalid %s", k)
	}
	e.str(name)
	e.pop()
}

func (e *encoder) strList(k string, list []string) {
	if len(list) == 0 {
		return
	}
	e.key(k)
	e.open('[')
	for i, s := range list {
		e.sep()
		e.pushIndex(i)
		e.str(s)
		e.pop()
	}
	e.close(']')
	e.pop()
}

// list writes a member holding a list of objects, left out when empty.
func encodeList[T any](e *encoder, k string, list []T, elem func(*T)) {
	if len(list) == 0 {
		return
	}
	e.key(k)
	e.open('[')
	for i := range list {
		e.sep()
		e.pushIndex(i)
		e.open('{')
		elem(&list[i])
		e.close('}')
		e.pop()
	}
	e.close(']')
	e.pop()
}

// decimal writes x as a string in plain notation, trailing zeros trimmed:
// the same text whatever shopspring/decimal's package variables say.
func (e *encoder) decimal(x decimal.Decimal) {
	e.buf = append(e.buf, '"')
	e.buf = append(e.buf, e.formatDecimal(x)...)
	e.buf = append(e.buf, '"')
}

// shapedDecimal writes x as a JSON number that has a fraction (2.0, 1.5):
// the shape the decoder reads as a decimal when the attribute is undeclared.
func (e *encoder) shapedDecimal(x decimal.Decimal) {
	s := e.formatDecimal(x)
	e.buf = append(e.buf, s...)
	if !strings.Contains(s, ".") {
		e.buf = append(e.buf, ".0"...)
	}
}

func (e *encoder) formatDecimal(x decimal.Decimal) string {
	s := formatDecimal(x)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > maxDecimalExponent {
		e.fail("decimal with more than %d digits after the point", maxDecimalExponent)
	}
	return s
}

// formatDecimal returns x in plain notation (no exponent), without trailing
// zeros after the point: 1.5, 1500, 0.001, -2.
func formatDecimal(x decimal.Decimal) string {
	coef, exp := x.Coefficient(), int(x.Exponent())
	digits := coef.String()
	sign := ""
	if digits[0] == '-' {
		sign, digits = "-", digits[1:]
	}
	if digits == "0" {
		return "0"
	}
	if exp >= 0 {
		return sign + digits + strings.Repeat("0", exp)
	}
	frac := -exp
	if len(digits) <= frac {
		digits = strings.Repeat("0", frac-len(digits)+1) + digits
	}
	point := len(digits) - frac
	intPart, fracPart := digits[:point], digits[point:]
	for len(fracPart) > 0 && fracPart[len(fracPart)-1] == '0' {
		fracPart = fracPart[:len(fracPart)-1]
	}
	if fracPart == "" {
		return sign + intPart
	}
	return sign + intPart + "." + fracPart
}

func (e *encoder) definition(d *Definition) {
	e.types = map[string]Type{}
	for _, f := range d.Features {
		for _, a := range f.Attributes {
			if _, dup := e.types[a.ID]; !dup && a.Type > TypeInvalid && a.Type <= TypeQuantity {
				e.types[a.ID] = a.Type
			}
		}
	}
	e.open('{')
	e.idField("format", FormatV1)
	encodeList(e, "service_types", d.ServiceTypes, func(s *ServiceType) {
		e.idField("id", s.ID)
		e.strField("name", s.Name)
	})
	encodeList(e, "features", d.Features, e.feature)
	encodeList(e, "groups", d.Groups, func(g *Group) {
		e.idField("id", g.ID)
		e.strField("name", g.Name)
	})
	encodeList(e, "products", d.Products, e.product)
	e.close('}')
}

func (e *encoder) feature(f *Feature) {
	e.idField("id", f.ID)
	e.strField("service_type", f.ServiceType)
	e.strField("name", f.Name)
	e.boolField("default_enabled", f.DefaultEnabled)
	encodeList(e, "attributes", f.Attributes, e.attribute)
}

func (e *encoder) attribute(a *Attribute) {
	e.idField("id", a.ID)
	e.strField("name", a.Name)
	e.nameField("type", a.Type.String(), a.Type > TypeInvalid && a.Type <= TypeQuantity, false)
	e.strField("unit", a.Unit)
	e.boolField("required", a.Required)
	for _, b := range []struct {
		k string
		v decimal.NullDecimal
	}{{"min", a.Min}, {"max", a.Max}} {
		if b.v.Valid {
			e.key(b.k)
			e.decimal(b.v.Decimal)
			e.pop()
		}
	}
	e.strList("allowed", a.Allowed)
	if a.Default.IsSet() {
		e.key("default")
		e.value(a.Default)
		e.pop()
	}
	e.nameField("scope", a.Scope.String(), a.Scope <= ScopeBoth, a.Scope == ScopeProduct)
	e.nameField("combine", a.Combine.String(), a.Combine <= CombineUnion, a.Combine == CombineOverride)
}

func (e *encoder) product(p *Product) {
	e.idField("id", p.ID)
	e.strField("name", p.Name)
	e.nameField("kind", p.Kind.String(), p.Kind == KindMain || p.Kind == KindAddOn, false)
	e.intField("priority", p.Priority)
	e.strList("allowed_main", p.AllowedMain)
	e.strList("requires", p.Requires)
	e.strList("excludes", p.Excludes)
	e.intField("max_quantity", p.MaxQuantity)
	e.strList("groups", p.Groups)
	encodeList(e, "features", p.Features, e.setting)
}

func (e *encoder) setting(fs *FeatureSetting) {
	e.idField("feature", fs.Feature)
	e.nameField("state", fs.State.String(), fs.State <= Disabled, fs.State == Undefined)
	if len(fs.Values) == 0 {
		return
	}
	e.key("attributes")
	e.open('{')
	for _, av := range fs.Values {
		e.key(av.Attribute)
		_, declared := e.types[av.Attribute]
		e.shaped = !declared
		e.value(av.Value)
		e.shaped = false
		e.pop()
	}
	e.close('}')
	e.pop()
}

// value writes a constant or a band rule.
func (e *encoder) value(v Value) {
	if r := v.rule; r != nil {
		e.open('{')
		e.idField("fact", r.Fact)
		e.key("bands")
		e.open('[')
		for i, b := range r.Bands {
			e.sep()
			e.pushIndex(i)
			e.open('{')
			if b.Below.Valid {
				e.key("below")
				e.decimal(b.Below.Decimal)
				e.pop()
			}
			e.key("value")
			e.value(b.Value)
			e.pop()
			e.close('}')
			e.pop()
		}
		e.close(']')
		e.pop()
		e.close('}')
		return
	}
	switch v.typ {
	case TypeBool:
		e.buf = strconv.AppendBool(e.buf, v.b)
	case TypeInteger:
		e.buf = strconv.AppendInt(e.buf, v.i, 10)
	case TypeDecimal, TypeQuantity:
		if e.shaped {
			e.shapedDecimal(v.d)
		} else {
			e.decimal(v.d)
		}
	case TypeString, TypeEnum:
		e.str(v.s)
	case TypeStringList:
		e.open('[')
		for i, s := range v.list {
			e.sep()
			e.pushIndex(i)
			e.str(s)
			e.pop()
		}
		e.close(']')
	default:
		e.fail("no value")
		e.buf = append(e.buf, "null"...)
	}
}
