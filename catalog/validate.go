package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// validator collects every problem of a definition in one pass.
type validator struct {
	c     *Catalog
	probs []Problem
}

func (v *validator) add(path string, code Code, format string, args ...any) {
	v.probs = append(v.probs, Problem{Path: path, Code: code, Detail: fmt.Sprintf(format, args...)})
}

// validate checks the whole definition and returns every problem found, in
// definition order (section by section: service types, features, groups,
// products, then the requires/excludes graph).
func (c *Catalog) validate() []Problem {
	v := &validator{c: c}
	d := &c.def
	seen := map[string]int{}
	for i, s := range d.ServiceTypes {
		v.id("service_types", i, s.ID, seen)
	}
	clear(seen)
	attrSeen := map[string]int{}
	for i := range d.Features {
		v.feature(i, seen, attrSeen)
	}
	clear(seen)
	for i, g := range d.Groups {
		v.id("groups", i, g.ID, seen)
	}
	clear(seen)
	for i := range d.Products {
		v.product(i, seen)
	}
	v.graph()
	return v.probs
}

// validID reports whether id can stand in a path: non-empty, no whitespace,
// no brackets, no quotes.
func validID(id string) bool {
	return id != "" && !strings.ContainsFunc(id, func(r rune) bool {
		return r <= ' ' || r == '[' || r == ']' || r == '"' || r == 0x7f
	})
}

// elem returns the path of a list element named by ID: section[id], or
// section[#n] (its position) when the ID cannot name it.
func elem(section string, i int, id string) string {
	if !validID(id) {
		return fmt.Sprintf("%s[#%d]", section, i)
	}
	return section + "[" + id + "]"
}

// id checks one ID of a section for validity and uniqueness.
func (v *validator) id(section string, i int, id string, seen map[string]int) {
	path := elem(section, i, id)
	if !validID(id) {
		v.add(path, CodeInvalidID, "invalid ID %q", id)
		return
	}
	if first, dup := seen[id]; dup {
		v.add(path, CodeDuplicateID, "duplicate ID %q (also at position %d)", id, first)
		return
	}
	seen[id] = i
}

func (v *validator) feature(fi int, seen, attrSeen map[string]int) {
	f := &v.c.def.Features[fi]
	v.id("features", fi, f.ID, seen)
	path := elem("features", fi, f.ID)
	if _, ok := v.c.serviceTypes[f.ServiceType]; !ok {
		v.add(path+".service_type", CodeUnknownReference, "unknown service type %q", f.ServiceType)
	}
	for ai := range f.Attributes {
		a := &f.Attributes[ai]
		apath := path + "." + elem("attributes", ai, a.ID)
		if !validID(a.ID) {
			v.add(apath, CodeInvalidID, "invalid ID %q", a.ID)
		} else if first, dup := attrSeen[a.ID]; dup {
			other := v.c.def.Features[v.c.attrRefs[first].feature].ID
			v.add(apath, CodeDuplicateID, "duplicate attribute ID %q (also declared by feature %q)", a.ID, other)
		} else {
			attrSeen[a.ID] = v.c.attrLo[fi] + ai
		}
		v.attribute(a, apath)
	}
}

func (v *validator) attribute(a *Attribute, path string) {
	typeOK := a.Type > TypeInvalid && a.Type <= TypeQuantity
	if !typeOK {
		v.add(path+".type", CodeInvalidType, "invalid type %d", a.Type)
	}
	if a.Scope > ScopeBoth {
		v.add(path+".scope", CodeInvalidScope, "invalid scope %d", a.Scope)
	}
	if a.Combine > CombineUnion {
		v.add(path+".combine", CodeInvalidCombine, "invalid combine rule %d", a.Combine)
	} else if typeOK && !a.Combine.allows(a.Type) {
		v.add(path+".combine", CodeInvalidCombine, "combine rule %s does not apply to type %s", a.Combine, a.Type)
	}
	if !typeOK {
		return
	}
	switch {
	case a.Type == TypeQuantity && a.Unit == "":
		v.add(path+".unit", CodeInvalidConstraint, "a quantity needs a unit")
	case a.Type != TypeQuantity && a.Unit != "":
		v.add(path+".unit", CodeInvalidConstraint, "only a quantity has a unit, not a %s", a.Type)
	}
	if a.Min.Valid || a.Max.Valid {
		switch {
		case !a.Type.Numeric():
			v.add(path, CodeInvalidConstraint, "min and max apply to numbers, not to a %s", a.Type)
		case a.Min.Valid && a.Max.Valid && a.Min.Decimal.Cmp(a.Max.Decimal) > 0:
			v.add(path, CodeInvalidConstraint, "min %s is above max %s", a.Min.Decimal, a.Max.Decimal)
		}
	}
	switch {
	case a.Type == TypeEnum && len(a.Allowed) == 0:
		v.add(path+".allowed", CodeInvalidConstraint, "an enum needs allowed values")
	case len(a.Allowed) > 0 && a.Type != TypeEnum && a.Type != TypeStringList:
		v.add(path+".allowed", CodeInvalidConstraint, "allowed values apply to enums and string lists, not to a %s", a.Type)
	}
	for i, s := range a.Allowed {
		if slices.Index(a.Allowed, s) < i {
			v.add(path+".allowed", CodeDuplicateID, "allowed value %q listed twice", s)
		}
	}
	if a.Default.IsSet() {
		v.value(a, a.Default, path+".default", false)
	}
}

// value checks a value against its attribute: type, constraints, and, where
// band rules are allowed, the rule's shape and coverage.
func (v *validator) value(a *Attribute, val Value, path string, bandOK bool) {
	if r := val.Rule(); r != nil {
		if !bandOK {
			v.add(path, CodeBandNotAllowed, "a band rule cannot stand here: only constants")
			return
		}
		if !validID(r.Fact) {
			v.add(path, CodeInvalidBand, "band rule names no valid fact (%q)", r.Fact)
		}
		if len(r.Bands) == 0 {
			v.add(path, CodeInvalidBand, "band rule has no bands")
			return
		}
		for i, b := range r.Bands {
			bpath := fmt.Sprintf("%s.bands[%d]", path, i)
			last := i == len(r.Bands)-1
			switch {
			case !b.Below.Valid && !last:
				v.add(bpath, CodeInvalidBand, "only the last band may be unbounded")
			case b.Below.Valid && last:
				v.add(bpath, CodeBandCoverage, "last band is bounded by %s: fact values from %s up get no value", b.Below.Decimal, b.Below.Decimal)
			case b.Below.Valid && i > 0 && r.Bands[i-1].Below.Valid && b.Below.Decimal.Cmp(r.Bands[i-1].Below.Decimal) <= 0:
				v.add(bpath, CodeInvalidBand, "bound %s does not increase on %s", b.Below.Decimal, r.Bands[i-1].Below.Decimal)
			}
			if !b.Value.IsSet() {
				v.add(bpath, CodeTypeMismatch, "band has no value")
				continue
			}
			v.value(a, b.Value, bpath, false)
		}
		return
	}
	if err := a.Check(val); err != nil {
		var ve *ValueError
		if errors.As(err, &ve) {
			v.add(path, ve.Code, "%s", ve.Detail)
		}
	}
}

func (v *validator) product(pi int, seen map[string]int) {
	c := v.c
	p := &c.def.Products[pi]
	v.id("products", pi, p.ID, seen)
	path := elem("products", pi, p.ID)
	switch p.Kind {
	case KindMain:
		for _, f := range []struct {
			name string
			set  bool
		}{
			{"priority", p.Priority != 0},
			{"allowed_main", len(p.AllowedMain) > 0},
			{"requires", len(p.Requires) > 0},
			{"excludes", len(p.Excludes) > 0},
			{"max_quantity", p.MaxQuantity != 0},
			{"groups", len(p.Groups) > 0},
		} {
			if f.set {
				v.add(path+"."+f.name, CodeAddOnField, "main product %q cannot have %s: it belongs to add-ons", p.ID, f.name)
			}
		}
	case KindAddOn:
		if p.MaxQuantity < 0 {
			v.add(path+".max_quantity", CodeInvalidQuantity, "maximum quantity %d is negative", p.MaxQuantity)
		}
		v.refs(path+".allowed_main", p.AllowedMain, func(id string, at string) {
			if i, ok := c.products[id]; !ok {
				v.add(at, CodeUnknownReference, "unknown product %q", id)
			} else if c.def.Products[i].Kind == KindAddOn {
				v.add(at, CodeNotMainProduct, "%q is an add-on, not a main product", id)
			}
		})
		for _, list := range []struct {
			name string
			ids  []string
		}{{"requires", p.Requires}, {"excludes", p.Excludes}} {
			v.refs(path+"."+list.name, list.ids, func(id string, at string) {
				i, ok := c.products[id]
				switch {
				case !ok:
					v.add(at, CodeUnknownReference, "unknown product %q", id)
				case id == p.ID:
					v.add(at, CodeSelfReference, "add-on %q %s itself", p.ID, list.name)
				case c.def.Products[i].Kind == KindMain:
					v.add(at, CodeNotAddOn, "%q is a main product, not an add-on", id)
				}
			})
		}
		v.refs(path+".groups", p.Groups, func(id string, at string) {
			if _, ok := c.groups[id]; !ok {
				v.add(at, CodeUnknownReference, "unknown group %q", id)
			}
		})
	default:
		v.add(path+".kind", CodeInvalidKind, "kind must be main or addon")
	}
	featSeen := map[string]bool{}
	for si := range p.Features {
		v.setting(p, si, path, featSeen)
	}
}

// refs checks a list of references: each entry once, each checked by check.
func (v *validator) refs(path string, list []string, check func(id, at string)) {
	for i, id := range list {
		at := elem(path, i, id)
		if slices.Index(list, id) < i {
			v.add(at, CodeDuplicateID, "%q listed twice", id)
			continue
		}
		check(id, at)
	}
}

func (v *validator) setting(p *Product, si int, ppath string, featSeen map[string]bool) {
	c := v.c
	fs := &p.Features[si]
	path := ppath + "." + elem("features", si, fs.Feature)
	fi, ok := c.features[fs.Feature]
	if !ok {
		v.add(path, CodeUnknownReference, "unknown feature %q", fs.Feature)
	} else if featSeen[fs.Feature] {
		v.add(path, CodeDuplicateID, "feature %q defined twice by product %q", fs.Feature, p.ID)
	}
	featSeen[fs.Feature] = true
	if fs.State > Disabled {
		v.add(path+".state", CodeInvalidState, "invalid state %d", fs.State)
	}
	for vi, av := range fs.Values {
		apath := path + "." + elem("attributes", vi, av.Attribute)
		if slices.IndexFunc(fs.Values, func(o AttributeValue) bool { return o.Attribute == av.Attribute }) < vi {
			v.add(apath, CodeDuplicateID, "attribute %q set twice", av.Attribute)
			continue
		}
		ai, known := c.attrs[av.Attribute]
		if !known {
			v.add(apath, CodeUnknownReference, "unknown attribute %q", av.Attribute)
			continue
		}
		ref := c.attrRefs[ai]
		owner := &c.def.Features[ref.feature]
		if ok && ref.feature != fi {
			v.add(apath, CodeWrongFeature, "attribute %q belongs to feature %q, not %q", av.Attribute, owner.ID, fs.Feature)
			continue
		}
		a := &owner.Attributes[ref.attr]
		if !a.Scope.ProductMaySet() {
			v.add(apath, CodeScope, "attribute %q is account-scoped: product %q cannot set it", a.ID, p.ID)
			continue
		}
		if !av.Value.IsSet() {
			v.add(apath, CodeTypeMismatch, "no value for attribute %q", a.ID)
			continue
		}
		v.value(a, av.Value, apath, true)
	}
}
