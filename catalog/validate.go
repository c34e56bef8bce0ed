package catalog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// validator collects every problem of a definition in one pass.
type validator struct {
	c     *Catalog
	probs []Problem

	featSeen []int // by feature index: 1 + the last product index that defined it
	attrDup  bool  // two attributes share an ID
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
	for i, s := range d.ServiceTypes {
		v.id("service_types", i, s.ID, c.serviceTypes)
	}
	for i := range d.Features {
		v.feature(i)
	}
	for i, g := range d.Groups {
		v.id("groups", i, g.ID, c.groups)
		v.description(func() string { return elem("groups", i, g.ID) }, g.Description)
	}
	v.featSeen = make([]int, len(d.Features))
	c.allocSettings()
	for i := range d.Products {
		v.product(i)
	}
	v.graph()
	return v.probs
}

// validID reports whether id can stand in a path: non-empty, no whitespace
// (Unicode spaces such as U+00A0 included), no control characters, no
// brackets, no quotes.
func validID(id string) bool {
	return id != "" && !strings.ContainsFunc(id, func(r rune) bool {
		return r <= ' ' || r == '[' || r == ']' || r == '"' || r == 0x7f || unicode.IsSpace(r)
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

// id checks ID i of a section for validity and uniqueness; first is the
// section's index, which maps each ID to its first position.
func (v *validator) id(section string, i int, id string, first map[string]int) {
	if !validID(id) {
		v.add(elem(section, i, id), CodeInvalidID, "invalid ID %q", id)
		return
	}
	if f := first[id]; f != i {
		v.add(elem(section, i, id), CodeDuplicateID, "duplicate ID %q (also at position %d)", id, f)
	}
}

func (v *validator) feature(fi int) {
	f := &v.c.def.Features[fi]
	v.id("features", fi, f.ID, v.c.features)
	path := elem("features", fi, f.ID)
	if _, ok := v.c.serviceTypes[f.ServiceType]; !ok {
		v.add(path+".service_type", CodeUnknownReference, "unknown service type %q", f.ServiceType)
	}
	for ai := range f.Attributes {
		a := &f.Attributes[ai]
		apath := path + "." + elem("attributes", ai, a.ID)
		first := v.c.attrs[a.ID]
		v.attrDup = v.attrDup || first != v.c.attrLo[fi]+ai
		if !validID(a.ID) {
			v.add(apath, CodeInvalidID, "invalid ID %q", a.ID)
		} else if first != v.c.attrLo[fi]+ai {
			other := v.c.def.Features[v.c.attrRefs[first].feature].ID
			v.add(apath, CodeDuplicateID, "duplicate attribute ID %q (also declared by feature %q)", a.ID, other)
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
	first := firstIndexes(a.Allowed, itself)
	for i, s := range a.Allowed {
		if repeats(a.Allowed, i, itself, first) {
			v.add(path+".allowed", CodeDuplicateID, "allowed value %q listed twice", s)
		}
	}
	if a.Default.IsSet() {
		v.value(a, a.Default, loc{fixed: path + ".default", pi: -1, band: -1}, false)
	}
}

// loc locates a value without building its path: the path is built only
// when a problem is reported, so validating a large, valid catalog costs no
// string building.
type loc struct {
	fixed      string // the path, when pi < 0
	pi, si, vi int    // else product pi, its feature setting si, its attribute value vi
	band       int    // a band of the value's rule, or -1
}

func (v *validator) path(l loc) string {
	p := l.fixed
	if l.pi >= 0 {
		p = v.valuePath(l.pi, l.si, l.vi)
	}
	if l.band >= 0 {
		p += ".bands[" + strconv.Itoa(l.band) + "]"
	}
	return p
}

func (v *validator) productPath(pi int) string {
	return elem("products", pi, v.c.def.Products[pi].ID)
}

func (v *validator) settingPath(pi, si int) string {
	return v.productPath(pi) + "." + elem("features", si, v.c.def.Products[pi].Features[si].Feature)
}

func (v *validator) valuePath(pi, si, vi int) string {
	return v.settingPath(pi, si) + "." + elem("attributes", vi, v.c.def.Products[pi].Features[si].Values[vi].Attribute)
}

// value checks a value against its attribute: type, constraints, and, where
// band rules are allowed, the rule's shape and coverage.
func (v *validator) value(a *Attribute, val Value, at loc, bandOK bool) {
	if r := val.Rule(); r != nil {
		if !bandOK {
			v.add(v.path(at), CodeBandNotAllowed, "a band rule cannot stand here: only constants")
			return
		}
		if !validID(r.Fact) {
			v.add(v.path(at), CodeInvalidBand, "band rule names no valid fact (%q)", r.Fact)
		}
		if len(r.Bands) == 0 {
			v.add(v.path(at), CodeInvalidBand, "band rule has no bands")
			return
		}
		for i, b := range r.Bands {
			bat := at
			bat.band = i
			last := i == len(r.Bands)-1
			switch {
			case !b.Below.Valid && !last:
				v.add(v.path(bat), CodeInvalidBand, "only the last band may be unbounded")
			case b.Below.Valid && last:
				v.add(v.path(bat), CodeBandCoverage, "last band is bounded by %s: fact values from %s up get no value", b.Below.Decimal, b.Below.Decimal)
			case b.Below.Valid && i > 0 && r.Bands[i-1].Below.Valid && b.Below.Decimal.Cmp(r.Bands[i-1].Below.Decimal) <= 0:
				v.add(v.path(bat), CodeInvalidBand, "bound %s does not increase on %s", b.Below.Decimal, r.Bands[i-1].Below.Decimal)
			}
			if !b.Value.IsSet() {
				v.add(v.path(bat), CodeTypeMismatch, "band has no value")
				continue
			}
			v.value(a, b.Value, bat, false)
		}
		return
	}
	if err := a.Check(val); err != nil {
		var ve *ValueError
		if errors.As(err, &ve) {
			v.add(v.path(at), ve.Code, "%s", ve.Detail)
		}
	}
}

func (v *validator) product(pi int) {
	c := v.c
	p := &c.def.Products[pi]
	v.id("products", pi, p.ID, c.products)
	path := func() string { return v.productPath(pi) }
	v.description(path, p.Description)
	switch p.Kind {
	case KindMain:
		for _, f := range [...]struct {
			name string
			set  bool
		}{
			{"priority", p.Priority != 0},
			{"allowed_main", len(p.AllowedMain) > 0},
			{"requires", len(p.Requires) > 0},
			{"excludes", len(p.Excludes) > 0},
			{"max_quantity", p.MaxQuantity != 0},
			{"one_off", p.OneOff},
			{"eligible", len(p.Eligible) > 0},
			{"groups", len(p.Groups) > 0},
		} {
			if f.set {
				v.add(path()+"."+f.name, CodeAddOnField, "main product %q cannot have %s: it belongs to add-ons", p.ID, f.name)
			}
		}
	case KindAddOn:
		if p.MaxQuantity < 0 {
			v.add(path()+".max_quantity", CodeInvalidQuantity, "maximum quantity %d is negative", p.MaxQuantity)
		}
		v.eligible(pi)
		v.refs(pi, "allowed_main", p.AllowedMain, func(id string) (Code, string) {
			if i, ok := c.products[id]; !ok {
				return CodeUnknownReference, fmt.Sprintf("unknown product %q", id)
			} else if c.def.Products[i].Kind == KindAddOn {
				return CodeNotMainProduct, fmt.Sprintf("%q is an add-on, not a main product", id)
			} else {
				c.allowed = append(c.allowed, int32(i))
			}
			return "", ""
		})
		for _, list := range [...]struct {
			name string
			ids  []string
		}{{"requires", p.Requires}, {"excludes", p.Excludes}} {
			v.refs(pi, list.name, list.ids, func(id string) (Code, string) {
				i, ok := c.products[id]
				switch {
				case !ok:
					return CodeUnknownReference, fmt.Sprintf("unknown product %q", id)
				case id == p.ID:
					return CodeSelfReference, fmt.Sprintf("add-on %q %s itself", p.ID, list.name)
				case c.def.Products[i].Kind == KindMain:
					return CodeNotAddOn, fmt.Sprintf("%q is a main product, not an add-on", id)
				}
				return "", ""
			})
		}
		v.refs(pi, "groups", p.Groups, func(id string) (Code, string) {
			if _, ok := c.groups[id]; !ok {
				return CodeUnknownReference, fmt.Sprintf("unknown group %q", id)
			}
			return "", ""
		})
	default:
		v.add(path()+".kind", CodeInvalidKind, "kind must be main or addon")
	}
	for si := range p.Features {
		v.setting(pi, si)
	}
	c.allowedOff = append(c.allowedOff, int32(len(c.allowed)))
}

// refs checks a list of references, the field name of product pi: each
// entry once, each checked by check, which returns the code and detail of
// a problem, or an empty code.
func (v *validator) refs(pi int, name string, list []string, check func(id string) (Code, string)) {
	first := firstIndexes(list, itself)
	for i, id := range list {
		code, detail := CodeDuplicateID, ""
		if !repeats(list, i, itself, first) {
			code, detail = check(id)
		} else {
			detail = fmt.Sprintf("%q listed twice", id)
		}
		if code != "" {
			v.probs = append(v.probs, Problem{Path: elem(v.productPath(pi)+"."+name, i, id), Code: code, Detail: detail})
		}
	}
}

// setting checks feature setting si of product pi and records, in
// c.settings[pi], what it defines with its references interned (compile
// sorts them once the whole definition is known to be valid).
func (v *validator) setting(pi, si int) {
	c := v.c
	p := &c.def.Products[pi]
	fs := &p.Features[si]
	sets := &c.settings[pi]
	path := func() string { return v.settingPath(pi, si) }
	fi, ok := c.features[fs.Feature]
	if !ok {
		v.add(path(), CodeUnknownReference, "unknown feature %q", fs.Feature)
	} else if v.featSeen[fi] == pi+1 {
		v.add(path(), CodeDuplicateID, "feature %q defined twice by product %q", fs.Feature, p.ID)
	} else {
		v.featSeen[fi] = pi + 1
	}
	if fs.State > Disabled {
		v.add(path()+".state", CodeInvalidState, "invalid state %d", fs.State)
	} else if ok && fs.State != Undefined {
		sets.states = append(sets.states, IndexedState{fi, fs.State})
	}
	first := firstIndexes(fs.Values, attributeOf)
	for vi, av := range fs.Values {
		apath := func() string { return v.valuePath(pi, si, vi) }
		if repeats(fs.Values, vi, attributeOf, first) {
			v.add(apath(), CodeDuplicateID, "attribute %q set twice", av.Attribute)
			continue
		}
		ai, known := v.attributeIndex(fi, ok, av.Attribute)
		if !known {
			v.add(apath(), CodeUnknownReference, "unknown attribute %q", av.Attribute)
			continue
		}
		ref := c.attrRefs[ai]
		owner := &c.def.Features[ref.feature]
		if ok && ref.feature != fi {
			v.add(apath(), CodeWrongFeature, "attribute %q belongs to feature %q, not %q", av.Attribute, owner.ID, fs.Feature)
			continue
		}
		a := &owner.Attributes[ref.attr]
		if !a.Scope.ProductMaySet() {
			v.add(apath(), CodeScope, "attribute %q is account-scoped: product %q cannot set it", a.ID, p.ID)
			continue
		}
		if !av.Value.IsSet() {
			v.add(apath(), CodeTypeMismatch, "no value for attribute %q", a.ID)
			continue
		}
		v.value(a, av.Value, loc{pi: pi, si: si, vi: vi, band: -1}, true)
		sets.values = append(sets.values, IndexedValue{ai, av.Value})
	}
}

// attributeIndex returns the global index of the attribute id, looked up
// first among the attributes of the feature at index fi (when known): a
// short scan of what validation reads next anyway, cheaper than the
// catalog-wide map. The scan finds what the map would only while no two
// attributes share an ID.
func (v *validator) attributeIndex(fi int, known bool, id string) (int, bool) {
	if known && !v.attrDup {
		if attrs := v.c.def.Features[fi].Attributes; len(attrs) <= shortList {
			for k := range attrs {
				if attrs[k].ID == id {
					return v.c.attrLo[fi] + k, true
				}
			}
		}
	}
	ai, ok := v.c.attrs[id]
	return ai, ok
}

// A list is checked for repeated keys by a scan while it is short and
// through a map of first positions once it is long, so that a list of n
// costs O(n), not O(n²). firstIndexes returns that map, nil for a short
// list; repeats reports whether element i repeats the key of an earlier
// one.
const shortList = 16

func firstIndexes[T any](list []T, key func(T) string) map[string]int {
	if len(list) <= shortList {
		return nil
	}
	first := make(map[string]int, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		first[key(list[i])] = i
	}
	return first
}

func repeats[T any](list []T, i int, key func(T) string, first map[string]int) bool {
	if first != nil {
		return first[key(list[i])] < i
	}
	k := key(list[i])
	for _, o := range list[:i] {
		if key(o) == k {
			return true
		}
	}
	return false
}

func itself(s string) string { return s }

func attributeOf(av AttributeValue) string { return av.Attribute }
