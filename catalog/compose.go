package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// Compose returns the catalog an account sees at version i (the version in
// force) when it holds products under other versions' terms: pins maps a
// product ID to the index of the version governing it (see Governing).
// Products not pinned take the definition of version i, or, for a product
// version i no longer defines, that of the newest earlier version defining
// it. Products only later versions define are left out unless pinned.
//
// The composed catalog follows the rules of Versions:
//
//   - a pinned product keeps its governing version's name, kind, priority
//     and features (its terms);
//   - service types, features, attributes and groups are version i's; those
//     version i does not define come from the other versions, newest earlier
//     first, and a feature gains the attributes only other versions give it.
//     What version i does not define binds nothing and gives nothing by
//     default: such a feature is disabled unless a product enables it, such
//     an attribute is not required and has no default;
//   - a product version i does not define (retired, or not yet introduced)
//     has no requirements or exclusions: it cannot be bought under version
//     i, and its holders keep it;
//   - where version i also defines a pinned product, its rules are the more
//     permissive of the two: allowed main products and the maximum quantity
//     of either, requirements and exclusions only where both agree; its
//     groups and eligibility conditions, which decide sales, are version
//     i's.
//
// Compose(i, nil) is View(i). It returns an error (a *ValidationError, or
// one naming the index) when i or a pin is out of range, a pin names a
// product its version does not define, or the composition does not
// validate. Cost: a catalog build of the union of all versions' products.
func (s *Versions) Compose(i int, pins map[string]int) (*Catalog, error) {
	if i < 0 || i >= s.Len() {
		return nil, fmt.Errorf("%w: version index %d out of range [0, %d)", ErrInvalid, i, s.Len())
	}
	if len(pins) == 0 && s.views != nil {
		return s.views[i], nil
	}
	return s.compose(i, pins)
}

func (s *Versions) compose(i int, pins map[string]int) (*Catalog, error) {
	for id, g := range pins {
		if g < 0 || g >= len(s.vs) || s.product(g, id) == nil {
			return nil, fmt.Errorf("%w: product %q is not defined by version index %d", ErrInvalid, id, g)
		}
	}
	if len(s.vs) == 1 && len(pins) == 0 {
		return s.vs[0].Catalog, nil
	}
	order := s.preference(i)
	var def Definition
	seen := make(map[string]bool)
	for _, k := range order {
		d := &s.vs[k].Catalog.def
		for _, st := range d.ServiceTypes {
			if !seen["s:"+st.ID] {
				seen["s:"+st.ID] = true
				def.ServiceTypes = append(def.ServiceTypes, st)
			}
		}
		for _, g := range d.Groups {
			if !seen["g:"+g.ID] {
				seen["g:"+g.ID] = true
				def.Groups = append(def.Groups, g)
			}
		}
	}
	featureAt := make(map[string]int)
	for _, k := range order {
		for _, f := range s.vs[k].Catalog.def.Features {
			if fi, ok := featureAt[f.ID]; ok {
				into := &def.Features[fi]
				for _, a := range f.Attributes {
					if !seen["a:"+a.ID] {
						seen["a:"+a.ID] = true
						into.Attributes = append(into.Attributes, inert(a))
					}
				}
				continue
			}
			f = f.clone()
			f.Attributes = slices.DeleteFunc(f.Attributes, func(a Attribute) bool { return seen["a:"+a.ID] })
			for j, a := range f.Attributes {
				seen["a:"+a.ID] = true
				if k != i {
					f.Attributes[j] = inert(a)
				}
			}
			if k != i {
				f.DefaultEnabled = false
			}
			featureAt[f.ID] = len(def.Features)
			def.Features = append(def.Features, f)
		}
	}
	for _, k := range order {
		for pi := range s.vs[k].Catalog.def.Products {
			id := s.vs[k].Catalog.def.Products[pi].ID
			if seen["p:"+id] {
				continue
			}
			if _, pinned := pins[id]; k > i && !pinned {
				continue // not introduced yet, and not held under later terms
			}
			seen["p:"+id] = true
			def.Products = append(def.Products, s.composedProduct(i, id, pins))
		}
	}
	// A product held under later terms may name products not introduced
	// yet, which the composition leaves out: those references go.
	gone := func(id string) bool { return !seen["p:"+id] }
	for pi := range def.Products {
		p := &def.Products[pi]
		p.AllowedMain = slices.DeleteFunc(p.AllowedMain, gone)
		p.Requires = slices.DeleteFunc(p.Requires, gone)
		p.Excludes = slices.DeleteFunc(p.Excludes, gone)
	}
	c, err := New(def)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// preference lists version indexes in the order their definitions win in
// a composition at version i: i, then older ones newest first, then newer
// ones oldest first.
func (s *Versions) preference(i int) []int {
	order := make([]int, 0, len(s.vs))
	order = append(order, i)
	for k := i - 1; k >= 0; k-- {
		order = append(order, k)
	}
	for k := i + 1; k < len(s.vs); k++ {
		order = append(order, k)
	}
	return order
}

// composedProduct returns the definition of product id in a composition at
// version i with the given pins.
func (s *Versions) composedProduct(i int, id string, pins map[string]int) Product {
	g, pinned := pins[id]
	if !pinned {
		g = int(s.products[id].governing(i))
	}
	p := s.product(g, id).clone()
	cur := s.product(i, id)
	if cur == nil {
		// Not sold under version i: nothing new is checked against it.
		p.Requires, p.Excludes = nil, nil
		return p
	}
	if g == i {
		return p
	}
	p.AllowedMain = unionOf(p.AllowedMain, cur.AllowedMain)
	p.Requires = slices.DeleteFunc(p.Requires, func(r string) bool { return !slices.Contains(cur.Requires, r) })
	p.Excludes = slices.DeleteFunc(p.Excludes, func(x string) bool { return !slices.Contains(cur.Excludes, x) })
	if p.Kind == KindAddOn {
		p.MaxQuantity = max(p.MaxQty(), cur.MaxQty())
	}
	p.Groups = slices.Clone(cur.Groups)
	p.Eligible = slices.Clone(cur.Eligible)
	return p
}

// inert returns a copy of an attribute that the version composed for does
// not define: it binds nothing (not required) and gives nothing by default.
func inert(a Attribute) Attribute {
	a = a.clone()
	a.Required, a.Default = false, Value{}
	return a
}

func unionOf(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// versionPath returns the path of version i: versions[id], or versions[#i]
// when the ID cannot name it.
func versionPath(i int, id string) string { return elem("versions", i, id) }

// prefixed returns err's problems with prefix before each path (one
// problem holding err's text when err is not a *ValidationError).
func prefixed(prefix string, err error) []Problem {
	ve, ok := err.(*ValidationError)
	if !ok {
		return []Problem{{Path: prefix, Code: CodeInvalidVersion, Detail: err.Error()}}
	}
	out := make([]Problem, len(ve.Problems))
	for k, p := range ve.Problems {
		p.Path = prefix + "." + strings.TrimPrefix(p.Path, ".")
		out[k] = p
	}
	return out
}
