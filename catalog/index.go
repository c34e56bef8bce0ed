package catalog

// The index API: positions in definition order, read without copying, for
// code that compiles a Catalog into its own tables. Package entitlement's
// resolver is built on it, and so is entitlementtest; a host may use it too,
// for example to keep per-feature provisioning switches or usage counters in
// arrays indexed like the catalog, or to export a catalog column by column.
// It is part of the stable API: an index is fixed for the life of a Catalog
// (equal definitions give equal indexes), and the slices it hands out are
// shared and must not be modified. Code that looks things up by ID should
// use Feature, Attribute and Product instead.
//
// Valid indexes run from 0 up to (not including) NumFeatures, NumAttributes
// or NumProducts. An accessor given an index outside its range does not
// panic: it returns the zero value its documentation names, which no index
// in range returns (an empty ID, a feature index of -1) or which is empty (a
// range or a list with nothing in it).

// NumFeatures returns the number of features.
func (c *Catalog) NumFeatures() int { return len(c.orEmpty().def.Features) }

// NumAttributes returns the number of attributes across all features.
func (c *Catalog) NumAttributes() int { return len(c.orEmpty().attrRefs) }

// NumProducts returns the number of products.
func (c *Catalog) NumProducts() int { return len(c.orEmpty().def.Products) }

// FeatureIndex returns the index of the feature with the given ID.
func (c *Catalog) FeatureIndex(id string) (int, bool) {
	i, ok := c.orEmpty().features[id]
	return i, ok
}

// AttributeIndex returns the global index of the attribute with the given ID.
// The attributes of feature f have the indexes FeatureAttributes(f).
func (c *Catalog) AttributeIndex(id string) (int, bool) {
	i, ok := c.orEmpty().attrs[id]
	return i, ok
}

// ProductIndex returns the index of the product with the given ID.
func (c *Catalog) ProductIndex(id string) (int, bool) {
	i, ok := c.orEmpty().products[id]
	return i, ok
}

// FeatureAt returns a copy of the feature at index i, or the zero Feature
// (whose ID is empty) when i is not in [0, NumFeatures()).
func (c *Catalog) FeatureAt(i int) Feature {
	c = c.orEmpty()
	if uint(i) >= uint(len(c.def.Features)) {
		return Feature{}
	}
	return c.def.Features[i].clone()
}

// FeatureAttributes returns the half-open range [lo, hi) of the global
// indexes of the attributes of the feature at index i, or the empty range
// [0, 0) when i is not in [0, NumFeatures()).
func (c *Catalog) FeatureAttributes(i int) (lo, hi int) {
	c = c.orEmpty()
	if uint(i) >= uint(len(c.def.Features)) {
		return 0, 0
	}
	return c.attrLo[i], c.attrLo[i+1]
}

// AttributeAt returns a copy of the attribute at global index i and the index
// of its feature, or the zero Attribute and feature -1 when i is not in
// [0, NumAttributes()).
func (c *Catalog) AttributeAt(i int) (attr Attribute, feature int) {
	c = c.orEmpty()
	if uint(i) >= uint(len(c.attrRefs)) {
		return Attribute{}, -1
	}
	r := c.attrRefs[i]
	return c.def.Features[r.feature].Attributes[r.attr].clone(), r.feature
}

// ProductAt returns a copy of the product at index i, or the zero Product
// (whose ID is empty) when i is not in [0, NumProducts()).
func (c *Catalog) ProductAt(i int) Product {
	c = c.orEmpty()
	if uint(i) >= uint(len(c.def.Products)) {
		return Product{}
	}
	return c.def.Products[i].clone()
}

// ProductStates returns the feature states the product at index i defines,
// sorted by feature index, or nil when i is not in [0, NumProducts()). The
// slice is shared and must not be modified.
func (c *Catalog) ProductStates(i int) []IndexedState {
	c = c.orEmpty()
	if uint(i) >= uint(len(c.settings)) {
		return nil
	}
	return c.settings[i].states
}

// ProductValues returns the attribute values the product at index i
// defines, sorted by attribute index, or nil when i is not in
// [0, NumProducts()). The slice is shared and must not be modified.
func (c *Catalog) ProductValues(i int) []IndexedValue {
	c = c.orEmpty()
	if uint(i) >= uint(len(c.settings)) {
		return nil
	}
	return c.settings[i].values
}
