package catalog

import "strconv"

// Names for people. ProductName, ProductDescription, GroupName,
// GroupDescription, FeatureName, AttributeName and AttributeUnit read one
// field of a definition by ID without copying it:
// one map look-up each, no allocation, safe for concurrent use, so a host
// can call them once per line it prints. A name or unit is whatever the
// definition gave, possibly empty; ok reports whether the catalog knows
// the ID. A nil *Catalog knows none.

// ProductName returns the Name of the product with the given ID, and
// whether the catalog has such a product. The name is "" when the
// definition gave none.
func (c *Catalog) ProductName(id string) (name string, ok bool) {
	c = c.orEmpty()
	i, ok := c.products[id]
	if !ok {
		return "", false
	}
	return c.def.Products[i].Name, true
}

// ProductDescription returns the Description of the product with the
// given ID, and whether the catalog has such a product. The description is
// "" when the definition gave none.
func (c *Catalog) ProductDescription(id string) (description string, ok bool) {
	c = c.orEmpty()
	i, ok := c.products[id]
	if !ok {
		return "", false
	}
	return c.def.Products[i].Description, true
}

// GroupName returns the Name of the product group with the given ID, and
// whether the catalog has such a group. The name is "" when the definition
// gave none.
func (c *Catalog) GroupName(id string) (name string, ok bool) {
	c = c.orEmpty()
	i, ok := c.groups[id]
	if !ok {
		return "", false
	}
	return c.def.Groups[i].Name, true
}

// GroupDescription returns the Description of the product group with the
// given ID, and whether the catalog has such a group. The description is
// "" when the definition gave none.
func (c *Catalog) GroupDescription(id string) (description string, ok bool) {
	c = c.orEmpty()
	i, ok := c.groups[id]
	if !ok {
		return "", false
	}
	return c.def.Groups[i].Description, true
}

// FeatureName returns the Name of the feature with the given ID, and
// whether the catalog has such a feature. The name is "" when the
// definition gave none.
func (c *Catalog) FeatureName(id string) (name string, ok bool) {
	c = c.orEmpty()
	i, ok := c.features[id]
	if !ok {
		return "", false
	}
	return c.def.Features[i].Name, true
}

// AttributeName returns the Name of the attribute with the given ID, and
// whether the catalog has such an attribute. The name is "" when the
// definition gave none.
func (c *Catalog) AttributeName(id string) (name string, ok bool) {
	a := c.orEmpty().attribute(id)
	if a == nil {
		return "", false
	}
	return a.Name, true
}

// AttributeUnit returns the Unit of the attribute with the given ID ("GB",
// "min"), and whether the catalog has such an attribute. Only quantities
// have a unit: the unit is "" for every other type.
func (c *Catalog) AttributeUnit(id string) (unit string, ok bool) {
	a := c.orEmpty().attribute(id)
	if a == nil {
		return "", false
	}
	return a.Unit, true
}

// attribute returns the attribute with the given ID in place, or nil.
func (c *Catalog) attribute(id string) *Attribute {
	i, ok := c.attrs[id]
	if !ok {
		return nil
	}
	r := c.attrRefs[i]
	return &c.def.Features[r.feature].Attributes[r.attr]
}

// FormatValue writes v, a value of the attribute with the given ID, for
// people: a number with the attribute's Unit ("50 GB", "100 Mbit/s") and
// without trailing zeros ("1.5", not "1.50"), a string list as its items
// separated by commas ("+15550100, +15550101", "(none)" when empty), a
// band rule as its bands ("by arpu: below 50 → 5 GB, otherwise → 10 GB"),
// the zero Value (no value) as "", anything else as Value.String writes
// it. Only numbers get a unit, and only when the catalog knows the
// attribute: an unknown ID, or a nil *Catalog, formats v without one. It
// costs the string it returns; a band rule, a copy of its bands too.
func (c *Catalog) FormatValue(attr string, v Value) string {
	var unit string
	if a := c.orEmpty().attribute(attr); a != nil {
		unit = a.Unit
	}
	if !v.IsSet() {
		return ""
	}
	r := v.Rule()
	if r == nil {
		return string(appendConstant(nil, v, unit))
	}
	b := append([]byte("by "), r.Fact...)
	b = append(b, ": "...)
	for i, band := range r.Bands {
		if i > 0 {
			b = append(b, ", "...)
		}
		if band.Below.Valid {
			b = append(b, "below "...)
			b = append(b, band.Below.Decimal.String()...)
		} else {
			b = append(b, "otherwise"...)
		}
		b = append(b, " → "...)
		b = appendConstant(b, band.Value, unit)
	}
	return string(b)
}

// appendConstant appends v, a constant or the zero Value, as FormatValue
// writes it, with unit after a number.
func appendConstant(b []byte, v Value, unit string) []byte {
	switch v.typ {
	case TypeInteger:
		b = strconv.AppendInt(b, v.i, 10)
	case TypeDecimal, TypeQuantity:
		b = append(b, v.d.String()...)
	case TypeStringList:
		if len(v.list) == 0 {
			return append(b, "(none)"...)
		}
		for i, s := range v.list {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, s...)
		}
		return b
	default:
		return append(b, v.String()...)
	}
	if unit != "" {
		b = append(b, ' ')
		b = append(b, unit...)
	}
	return b
}
