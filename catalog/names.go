package catalog

// Names for people. These accessors read one field of a definition by ID
// without copying it: one map look-up each, no allocation, safe for
// concurrent use, so a host can call them once per line it prints. A name
// or unit is whatever the definition gave, possibly empty; ok reports
// whether the catalog knows the ID. A nil *Catalog knows none.

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
