package catalog

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// check returns every problem of the set, each with a path under
// versions[id]:
//
//   - CodeInvalidVersion: no version at all, more than 32,767 versions, a
//     version without a catalog, a zero From on any version but the first,
//     an Existing before From;
//   - CodeInvalidID, CodeDuplicateID: a version ID empty, malformed or
//     repeated;
//   - CodeVersionOrder: a From not after the previous version's (the same
//     instant twice, or out of order);
//   - CodeKindChanged: a product main in one version and an add-on in
//     another;
//   - CodeIDReused: a feature under another service type, or an attribute
//     under another feature, than in an earlier version;
//   - CodeTypeChanged: an attribute whose type, unit, scope or combine rule
//     differs from an earlier version's;
//   - CodeTypeMismatch, CodeConstraint, CodeScope: a product's value that a
//     later version's definition of its attribute refuses, though accounts
//     keep that product under its old terms after the later version takes
//     over;
//
// and, from NewVersions, the problems of composing each version with the
// products and definitions only other versions hold (see Compose).
func (s *Versions) check() []Problem {
	var probs []Problem
	add := func(path string, code Code, format string, args ...any) {
		probs = append(probs, Problem{Path: path, Code: code, Detail: fmt.Sprintf(format, args...)})
	}
	if len(s.vs) == 0 {
		add("versions", CodeInvalidVersion, "a set needs at least one version")
		return probs
	}
	if len(s.vs) > maxVersions {
		add("versions", CodeInvalidVersion, "a set of %d versions, more than %d", len(s.vs), maxVersions)
		return probs // versions are indexed by int16
	}
	for i, v := range s.vs {
		path := versionPath(i, v.ID)
		if !validID(v.ID) {
			add(path, CodeInvalidID, "invalid version ID %q", v.ID)
		} else if f := s.byID[v.ID]; f != i {
			add(path, CodeDuplicateID, "duplicate version ID %q (also at position %d)", v.ID, f)
		}
		if v.Catalog == nil {
			add(path+".catalog", CodeInvalidVersion, "no catalog")
		}
		switch {
		case i > 0 && v.From.IsZero():
			add(path+".from", CodeInvalidVersion, "only the first version may be in force since always (zero from)")
		case i > 0 && !v.From.After(s.vs[i-1].From):
			add(path+".from", CodeVersionOrder, "from %s is not after version %q's from %s",
				v.From.Format(timeLayout), s.vs[i-1].ID, s.vs[i-1].From.Format(timeLayout))
		}
		if !v.Existing.IsZero() && v.Existing.Before(v.From) {
			add(path+".existing", CodeInvalidVersion, "existing %s is before from %s",
				v.Existing.Format(timeLayout), v.From.Format(timeLayout))
		}
	}
	// The checks below compare the catalogs there are, by position.
	probs = append(probs, s.checkMeanings()...)
	probs = append(probs, s.checkHeldValues()...)
	return probs
}

// maxVersions is the most versions a set holds: productVersions indexes
// them by int16.
const maxVersions = math.MaxInt16

const timeLayout = "2006-01-02T15:04:05.999999999Z07:00"

// checkMeanings reports IDs whose meaning changes between versions: a
// product's kind, a feature's service type, an attribute's feature, type,
// unit, scope or combine rule. Each is reported once, at the first version
// that departs from the earliest definition.
func (s *Versions) checkMeanings() []Problem {
	var probs []Problem
	reported := map[string]bool{} // "kind:" + ID, ...: each change once
	add := func(key, path string, code Code, format string, args ...any) {
		if !reported[key] {
			reported[key] = true
			probs = append(probs, Problem{Path: path, Code: code, Detail: fmt.Sprintf(format, args...)})
		}
	}
	type first struct {
		version int
		kind    Kind
		svc     string
		feature string
		attr    Attribute
	}
	products := map[string]first{}
	features := map[string]first{}
	attrs := map[string]first{}
	for i, v := range s.vs {
		if v.Catalog == nil {
			continue // reported by check
		}
		vp := versionPath(i, v.ID)
		d := &v.Catalog.def
		for _, p := range d.Products {
			f, ok := products[p.ID]
			if !ok {
				products[p.ID] = first{version: i, kind: p.Kind}
				continue
			}
			if f.kind != p.Kind {
				add("kind:"+p.ID, vp+".products["+p.ID+"].kind", CodeKindChanged, "product %q is %s here but %s in version %q",
					p.ID, p.Kind, f.kind, s.vs[f.version].ID)
			}
		}
		for _, fe := range d.Features {
			fpath := vp + ".features[" + fe.ID + "]"
			f, ok := features[fe.ID]
			if !ok {
				features[fe.ID] = first{version: i, svc: fe.ServiceType}
			} else if f.svc != fe.ServiceType {
				add("service_type:"+fe.ID, fpath+".service_type", CodeIDReused, "feature %q belongs to service type %q here but to %q in version %q",
					fe.ID, fe.ServiceType, f.svc, s.vs[f.version].ID)
			}
			for _, a := range fe.Attributes {
				apath := fpath + ".attributes[" + a.ID + "]"
				f, ok := attrs[a.ID]
				if !ok {
					attrs[a.ID] = first{version: i, feature: fe.ID, attr: a}
					continue
				}
				was := s.vs[f.version].ID
				if f.feature != fe.ID {
					add("feature:"+a.ID, apath, CodeIDReused, "attribute %q belongs to feature %q here but to %q in version %q", a.ID, fe.ID, f.feature, was)
					continue
				}
				if a.Type != f.attr.Type {
					add("type:"+a.ID, apath+".type", CodeTypeChanged, "attribute %q is a %s here but a %s in version %q", a.ID, a.Type, f.attr.Type, was)
				}
				if a.Unit != f.attr.Unit {
					add("unit:"+a.ID, apath+".unit", CodeTypeChanged, "attribute %q counts in %q here but in %q in version %q", a.ID, a.Unit, f.attr.Unit, was)
				}
				if a.Scope != f.attr.Scope {
					add("scope:"+a.ID, apath+".scope", CodeTypeChanged, "attribute %q has scope %s here but %s in version %q", a.ID, a.Scope, f.attr.Scope, was)
				}
				if a.Combine != f.attr.Combine {
					add("combine:"+a.ID, apath+".combine", CodeTypeChanged, "attribute %q combines by %s here but by %s in version %q", a.ID, a.Combine, f.attr.Combine, was)
				}
			}
		}
	}
	return probs
}

// checkHeldValues reports product values of a version that a later
// version's attribute definitions refuse: an account holding the product
// under the old terms would not resolve once the later version is in
// force.
func (s *Versions) checkHeldValues() []Problem {
	var probs []Problem
	for v := range s.vs {
		if s.vs[v].Catalog == nil {
			continue // reported by check
		}
		vp := versionPath(v, s.vs[v].ID)
		for _, p := range s.vs[v].Catalog.def.Products {
			for _, fs := range p.Features {
				for _, av := range fs.Values {
					path := vp + ".products[" + p.ID + "].features[" + fs.Feature + "].attributes[" + av.Attribute + "]"
					for w := v + 1; w < len(s.vs); w++ {
						if pr, ok := s.heldValueProblem(w, av); !ok {
							pr.Path = path
							probs = append(probs, pr)
							break
						}
					}
				}
			}
		}
	}
	return probs
}

// heldValueProblem checks av against version w's definition of its
// attribute (nothing to check when w does not define it).
func (s *Versions) heldValueProblem(w int, av AttributeValue) (Problem, bool) {
	c := s.vs[w].Catalog.orEmpty() // nil: reported by check
	ai, ok := c.attrs[av.Attribute]
	if !ok {
		return Problem{}, true
	}
	ref := c.attrRefs[ai]
	a := &c.def.Features[ref.feature].Attributes[ref.attr]
	wid := s.vs[w].ID
	if !a.Scope.ProductMaySet() {
		return Problem{Code: CodeScope, Detail: fmt.Sprintf("version %q makes attribute %q %s-scoped: products may no longer set it", wid, a.ID, a.Scope)}, false
	}
	vals := []Value{av.Value}
	if r := av.Value.Rule(); r != nil {
		vals = vals[:0]
		for _, b := range r.Bands {
			vals = append(vals, b.Value)
		}
	}
	for _, val := range vals {
		if err := a.Check(val); err != nil {
			code, detail := CodeConstraint, err.Error()
			if ve := (*ValueError)(nil); errors.As(err, &ve) {
				code, detail = ve.Code, ve.Detail
			}
			return Problem{Code: code, Detail: fmt.Sprintf("version %q refuses this value: %s", wid, detail)}, false
		}
	}
	return Problem{}, true
}

// productEqual reports whether two definitions of a product are the same
// in every field.
func productEqual(a, b *Product) bool {
	if a.ID != b.ID || a.Name != b.Name || a.Description != b.Description || a.Kind != b.Kind || a.Priority != b.Priority || a.MaxQty() != b.MaxQty() || a.OneOff != b.OneOff ||
		!slices.Equal(a.AllowedMain, b.AllowedMain) || !slices.Equal(a.Requires, b.Requires) ||
		!slices.Equal(a.Excludes, b.Excludes) || !slices.Equal(a.Groups, b.Groups) || len(a.Features) != len(b.Features) ||
		!slices.EqualFunc(a.Eligible, b.Eligible, func(x, y FactCondition) bool {
			return x.Fact == y.Fact && x.Operator == y.Operator && x.Value.Equal(y.Value)
		}) {
		return false
	}
	for i := range a.Features {
		x, y := &a.Features[i], &b.Features[i]
		if x.Feature != y.Feature || x.State != y.State || len(x.Values) != len(y.Values) {
			return false
		}
		for j := range x.Values {
			if x.Values[j].Attribute != y.Values[j].Attribute || !x.Values[j].Value.Equal(y.Values[j].Value) {
				return false
			}
		}
	}
	return true
}
