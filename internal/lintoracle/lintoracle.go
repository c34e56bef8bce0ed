// Package lintoracle is the slow, obviously correct form of the conflict
// check of catalog.Lint: every pair of add-ons against every feature and
// attribute, through the public API of catalog.Catalog only. Tests check the
// indexed Lint against it on random catalogs.
package lintoracle

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/tariffkit/tariff/catalog"
)

// Lint returns every warning of c, in the form and order of catalog.Lint:
// the conflicts, then empty groups, required attributes without a default,
// and unassignable add-ons.
func Lint(c *catalog.Catalog) []catalog.Warning {
	out := Conflicts(c)
	for _, g := range c.GroupIDs() {
		if len(c.GroupMembers(g)) == 0 {
			out = append(out, catalog.Warning{Code: catalog.WarnEmptyGroup, Path: "groups[" + g + "]",
				Detail: fmt.Sprintf("group %q has no add-on", g)})
		}
	}
	for _, fid := range c.FeatureIDs() {
		f, _ := c.Feature(fid)
		for _, a := range f.Attributes {
			if f.DefaultEnabled && a.Required && !a.Default.IsSet() {
				out = append(out, catalog.Warning{Code: catalog.WarnRequiredWithoutDefault,
					Path:    "features[" + f.ID + "].attributes[" + a.ID + "]",
					Feature: f.ID, Attribute: a.ID,
					Detail: fmt.Sprintf("feature %q is enabled by default but its required attribute %q has no default: accounts whose products do not set it cannot be resolved", f.ID, a.ID)})
			}
		}
	}
	ids := c.AddOnIDs()
	slices.Sort(ids)
	for _, id := range ids {
		p, _ := c.Product(id)
		if len(p.AllowedMain) == 0 {
			out = append(out, catalog.Warning{Code: catalog.WarnUnassignable, Path: "products[" + id + "].allowed_main",
				AddOns: []string{id}, Detail: fmt.Sprintf("no main product allows add-on %q", id)})
		}
	}
	return out
}

// Conflicts returns the WarnConflict warnings of c, in the form and order of
// catalog.Lint.
func Conflicts(c *catalog.Catalog) []catalog.Warning {
	features := make([]catalog.Feature, c.NumFeatures())
	for fi := range features {
		features[fi] = c.FeatureAt(fi)
	}
	ids := c.AddOnIDs()
	slices.Sort(ids)
	products := map[string]catalog.Product{}
	for _, id := range ids {
		products[id], _ = c.Product(id)
	}
	type keyed struct {
		feature, attr int // attr is -1 for the feature state
		w             catalog.Warning
	}
	var found []keyed
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			if !coAssignable(c, a, b) {
				continue
			}
			pa, pb := products[a], products[b]
			if pa.Priority != pb.Priority {
				continue
			}
			for fi, f := range features {
				fid := f.ID
				sa, sb := setting(pa, fid), setting(pb, fid)
				if sa.State != catalog.Undefined && sb.State != catalog.Undefined && sa.State != sb.State {
					found = append(found, keyed{fi, -1, catalog.Warning{
						Code:    catalog.WarnConflict,
						Path:    "products[" + a + "].features[" + fid + "]",
						AddOns:  []string{a, b},
						Feature: fid,
						Detail:  detail(a, b, pa.Priority, "feature", fid, sa.State.String(), sb.State.String()),
					}})
				}
				for _, attr := range f.Attributes {
					if attr.Combine != catalog.CombineOverride {
						continue
					}
					va, oka := value(sa, attr.ID)
					vb, okb := value(sb, attr.ID)
					if oka && okb && !va.Equal(vb) {
						ai, _ := c.AttributeIndex(attr.ID)
						found = append(found, keyed{fi, ai, catalog.Warning{
							Code:      catalog.WarnConflict,
							Path:      "products[" + a + "].features[" + fid + "].attributes[" + attr.ID + "]",
							AddOns:    []string{a, b},
							Feature:   fid,
							Attribute: attr.ID,
							Detail:    detail(a, b, pa.Priority, "attribute", attr.ID, va.String(), vb.String()),
						}})
					}
				}
			}
		}
	}
	slices.SortFunc(found, func(x, y keyed) int {
		return cmp.Or(cmp.Compare(x.feature, y.feature), cmp.Compare(x.attr, y.attr),
			slices.Compare(x.w.AddOns, y.w.AddOns))
	})
	var out []catalog.Warning
	for _, k := range found {
		out = append(out, k.w)
	}
	return out
}

// coAssignable reports whether some main product allows both add-ons and
// neither excludes the other.
func coAssignable(c *catalog.Catalog, a, b string) bool {
	if c.Excluded(a, b) {
		return false
	}
	for _, m := range c.MainProductIDs() {
		if c.Allows(a, m) && c.Allows(b, m) {
			return true
		}
	}
	return false
}

// setting returns what p defines for the feature, or the zero setting.
func setting(p catalog.Product, feature string) catalog.FeatureSetting {
	for _, fs := range p.Features {
		if fs.Feature == feature {
			return fs
		}
	}
	return catalog.FeatureSetting{}
}

// value returns the value fs sets for the attribute.
func value(fs catalog.FeatureSetting, attr string) (catalog.Value, bool) {
	for _, av := range fs.Values {
		if av.Attribute == attr {
			return av.Value, true
		}
	}
	return catalog.Value{}, false
}

func detail(a, b string, prio int, kind, id, va, vb string) string {
	return fmt.Sprintf("add-ons %q and %q can be assigned together and both set %s %q at priority %d: %s vs %s",
		a, b, kind, id, prio, va, vb)
}
