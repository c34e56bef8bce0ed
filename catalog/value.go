package catalog

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Type is the type of an attribute and of the values it takes. The zero Type
// is invalid: every attribute must name one.
type Type uint8

// The attribute types.
const (
	TypeInvalid    Type = iota
	TypeBool            // true or false
	TypeInteger         // a whole number (int64)
	TypeDecimal         // an exact decimal number
	TypeString          // free text
	TypeEnum            // one of the attribute's allowed values
	TypeStringList      // a list of strings, e.g. follow-me numbers
	TypeQuantity        // an exact decimal amount in the attribute's unit, e.g. 200 min
)

var typeNames = [...]string{
	TypeInvalid:    "invalid",
	TypeBool:       "bool",
	TypeInteger:    "integer",
	TypeDecimal:    "decimal",
	TypeString:     "string",
	TypeEnum:       "enum",
	TypeStringList: "string_list",
	TypeQuantity:   "quantity",
}

// String returns the type's name as written in catalog JSON ("integer").
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "invalid"
}

// ParseType returns the Type named s ("bool", "integer", ...).
func ParseType(s string) (Type, bool) {
	for i, n := range typeNames {
		if i != 0 && n == s {
			return Type(i), true
		}
	}
	return TypeInvalid, false
}

// Numeric reports whether values of t are numbers (integer, decimal,
// quantity).
func (t Type) Numeric() bool {
	return t == TypeInteger || t == TypeDecimal || t == TypeQuantity
}

// Value is an immutable attribute value: a constant of one of the attribute
// types, or a band rule that picks a constant from an account fact when the
// configuration is resolved. It is deeply immutable: its constructors copy
// what they are given (List its items, Banded its bands) and its accessors
// return copies (AsList, Rule), so copies of a Value — in a Definition, a
// Catalog, a Product returned by one — can share its contents safely.
//
// The zero Value is "no value": IsSet reports false. Values are compared with
// Equal, never with ==.
type Value struct {
	typ  Type
	b    bool
	i    int64
	d    decimal.Decimal
	s    string
	list []string
	rule *BandRule
}

// Bool returns a bool value.
func Bool(b bool) Value { return Value{typ: TypeBool, b: b} }

// Int returns an integer value.
func Int(i int64) Value { return Value{typ: TypeInteger, i: i} }

// Dec returns a decimal value.
func Dec(d decimal.Decimal) Value { return Value{typ: TypeDecimal, d: d} }

// Str returns a string value.
func Str(s string) Value { return Value{typ: TypeString, s: s} }

// Enum returns an enum value: one of its attribute's allowed values.
func Enum(s string) Value { return Value{typ: TypeEnum, s: s} }

// List returns a string-list value holding a copy of items.
func List(items ...string) Value {
	return Value{typ: TypeStringList, list: slices.Clone(items)}
}

// Qty returns a quantity value, expressed in its attribute's unit.
func Qty(d decimal.Decimal) Value { return Value{typ: TypeQuantity, d: d} }

// Banded returns a band rule value: at resolution the account fact named fact
// is read and the first band whose Below bound exceeds it gives the value; the
// last band must have no bound ("otherwise"). The bands are copied.
func Banded(fact string, bands ...Band) Value {
	return Value{rule: &BandRule{Fact: fact, Bands: slices.Clone(bands)}}
}

// Band is one band of a band rule: the value applies to fact values strictly
// below Below. A band with Below unset (Valid false) is the final "otherwise"
// band.
type Band struct {
	Below decimal.NullDecimal
	Value Value
}

// Below returns a band for fact values strictly below bound.
func Below(bound decimal.Decimal, v Value) Band {
	return Band{Below: decimal.NullDecimal{Decimal: bound, Valid: true}, Value: v}
}

// Otherwise returns the final, unbounded band of a band rule.
func Otherwise(v Value) Band { return Band{Value: v} }

// BandRule picks a value by the account fact Fact, e.g. storage_gb by arpu:
// below 50 → 5, below 100 → 10, otherwise 25.
type BandRule struct {
	Fact  string
	Bands []Band
}

// Pick returns the value of the band that fact falls in, and false when no
// band covers it (impossible in a validated catalog). A nil *BandRule
// covers nothing.
func (r *BandRule) Pick(fact decimal.Decimal) (Value, bool) {
	if r == nil {
		return Value{}, false
	}
	for _, b := range r.Bands {
		if !b.Below.Valid || fact.Cmp(b.Below.Decimal) < 0 {
			return b.Value, true
		}
	}
	return Value{}, false
}

// IsSet reports whether v holds a value (a constant or a band rule).
func (v Value) IsSet() bool { return v.typ != TypeInvalid || v.rule != nil }

// Type returns the type of a constant value; TypeInvalid for a band rule or
// the zero Value.
func (v Value) Type() Type { return v.typ }

// Rule returns a copy of the band rule of a band-rule value, or nil for a
// constant. The copy is the caller's to change: v, and every catalog that
// holds v, keep the rule they had. A constant costs nothing; a rule costs
// a copy of its bands.
func (v Value) Rule() *BandRule {
	if v.rule == nil {
		return nil
	}
	return &BandRule{Fact: v.rule.Fact, Bands: slices.Clone(v.rule.Bands)}
}

// AsBool returns the value of a bool Value.
func (v Value) AsBool() (bool, bool) { return v.b, v.typ == TypeBool }

// AsInt returns the value of an integer Value.
func (v Value) AsInt() (int64, bool) { return v.i, v.typ == TypeInteger }

// AsDecimal returns the number held by an integer, decimal or quantity Value.
func (v Value) AsDecimal() (decimal.Decimal, bool) {
	switch v.typ {
	case TypeInteger:
		return decimal.NewFromInt(v.i), true
	case TypeDecimal, TypeQuantity:
		return v.d, true
	}
	return decimal.Decimal{}, false
}

// AsString returns the text of a string or enum Value.
func (v Value) AsString() (string, bool) {
	return v.s, v.typ == TypeString || v.typ == TypeEnum
}

// AsList returns a copy of the items of a string-list Value.
func (v Value) AsList() ([]string, bool) {
	return slices.Clone(v.list), v.typ == TypeStringList
}

// Len returns the number of items of a string-list Value, 0 otherwise.
func (v Value) Len() int { return len(v.list) }

// Item returns item i of a string-list Value, or "" for an index outside
// [0, Len()) (every index, for a Value that is not a list).
func (v Value) Item(i int) string {
	if uint(i) >= uint(len(v.list)) {
		return ""
	}
	return v.list[i]
}

// Equal reports whether v and o are the same value: same type and same
// content. Numbers compare by value (1.50 equals 1.5); band rules compare
// band by band.
func (v Value) Equal(o Value) bool {
	if (v.rule == nil) != (o.rule == nil) {
		return false
	}
	if v.rule != nil {
		a, b := v.rule, o.rule
		if a.Fact != b.Fact || len(a.Bands) != len(b.Bands) {
			return false
		}
		for i := range a.Bands {
			x, y := a.Bands[i], b.Bands[i]
			if x.Below.Valid != y.Below.Valid || (x.Below.Valid && !x.Below.Decimal.Equal(y.Below.Decimal)) || !x.Value.Equal(y.Value) {
				return false
			}
		}
		return true
	}
	if v.typ != o.typ {
		return false
	}
	switch v.typ {
	case TypeBool:
		return v.b == o.b
	case TypeInteger:
		return v.i == o.i
	case TypeDecimal, TypeQuantity:
		return v.d.Equal(o.d)
	case TypeString, TypeEnum:
		return v.s == o.s
	case TypeStringList:
		return slices.Equal(v.list, o.list)
	}
	return true
}

// String formats v for people: 10, 1.5, "text", [a b], arpu<50:5|<100:10|25.
func (v Value) String() string {
	if v.rule != nil {
		var sb strings.Builder
		sb.WriteString(v.rule.Fact)
		for i, b := range v.rule.Bands {
			if i > 0 {
				sb.WriteByte('|')
			}
			if b.Below.Valid {
				sb.WriteString("<" + b.Below.Decimal.String() + ":")
			} else {
				sb.WriteString("otherwise:")
			}
			sb.WriteString(b.Value.String())
		}
		return sb.String()
	}
	switch v.typ {
	case TypeBool:
		if v.b {
			return "true"
		}
		return "false"
	case TypeInteger:
		return decimal.NewFromInt(v.i).String()
	case TypeDecimal, TypeQuantity:
		return v.d.String()
	case TypeString, TypeEnum:
		return v.s
	case TypeStringList:
		return "[" + strings.Join(v.list, ", ") + "]"
	}
	return "<unset>"
}
