package entitlement

import (
	"maps"
	"slices"
	"strings"

	"github.com/tariffkit/tariff/catalog"
)

// snapList is a snapshot as a list: the enabled features' IDs in order,
// and the attribute values of those features, ordered by feature ID, then
// attribute ID. Every value's feature is in features.
type snapList struct {
	features []string
	values   []snapValue
}

// snapValue is one attribute value of an enabled feature.
type snapValue struct {
	feature, attr string
	v             catalog.Value
}

func compareValues(x, y snapValue) int {
	if c := strings.Compare(x.feature, y.feature); c != 0 {
		return c
	}
	return strings.Compare(x.attr, y.attr)
}

// snapList lists the configuration's enabled features and their values,
// reading states and values alone, in two passes over the enabled
// features' attributes in index order (the first counts the values); it
// sorts what a catalog out of ID order leaves out of order.
func (c *Config) snapList() snapList {
	fs := c.enabledIndexes()
	if len(fs) == 0 {
		return snapList{}
	}
	l := snapList{features: make([]string, len(fs))}
	nv := 0
	aw := c.b.attrWords()
	for i, f := range fs {
		cf := &c.r.features[f]
		l.features[i] = cf.id
		for a := cf.attrLo; a < cf.attrHi; a++ {
			if _, ok := aw.find(a); ok || c.r.attrs[a].hasDef {
				nv++
			}
		}
	}
	if !slices.IsSorted(l.features) {
		slices.Sort(l.features)
	}
	if nv == 0 {
		return l
	}
	l.values = make([]snapValue, 0, nv)
	aw = c.b.attrWords()
	for _, f := range fs {
		cf := &c.r.features[f]
		for a := cf.attrLo; a < cf.attrHi; a++ {
			ca := &c.r.attrs[a]
			if e, ok := aw.find(a); ok {
				l.values = append(l.values, snapValue{cf.id, ca.id, c.entryValue(a, e)})
			} else if ca.hasDef {
				l.values = append(l.values, snapValue{cf.id, ca.id, ca.defVal})
			}
		}
	}
	if !slices.IsSortedFunc(l.values, compareValues) {
		slices.SortFunc(l.values, compareValues)
	}
	return l
}

// listOf lists the snapshot that m describes (see SnapshotOf).
func listOf(m map[string]map[string]catalog.Value) snapList {
	if len(m) == 0 {
		return snapList{}
	}
	l := snapList{features: slices.Sorted(maps.Keys(m))}
	nv := 0
	for _, vals := range m {
		nv += len(vals)
	}
	if nv == 0 {
		return l
	}
	l.values = make([]snapValue, 0, nv)
	for _, f := range l.features {
		for a, v := range m[f] {
			l.values = append(l.values, snapValue{f, a, v})
		}
	}
	slices.SortFunc(l.values, compareValues)
	return l
}

func (l snapList) enabled(feature string) bool {
	_, ok := slices.BinarySearch(l.features, feature)
	return ok
}

func (l snapList) value(feature, attr string) (catalog.Value, bool) {
	i, ok := slices.BinarySearchFunc(l.values, snapValue{feature: feature, attr: attr}, compareValues)
	if !ok {
		return catalog.Value{}, false
	}
	return l.values[i].v, true
}

// valuesOf returns the values of a feature.
func (l snapList) valuesOf(feature string) []snapValue {
	lo, _ := slices.BinarySearchFunc(l.values, feature, func(x snapValue, f string) int {
		return strings.Compare(x.feature, f)
	})
	of, _ := splitFeature(l.values[lo:], feature)
	return of
}

func (l snapList) equal(o snapList) bool {
	return slices.Equal(l.features, o.features) &&
		slices.EqualFunc(l.values, o.values, func(x, y snapValue) bool {
			return x.feature == y.feature && x.attr == y.attr && x.v.Equal(y.v)
		})
}

func (l snapList) toMap() map[string]map[string]catalog.Value {
	m := make(map[string]map[string]catalog.Value, len(l.features))
	vals := l.values
	for _, f := range l.features {
		var of []snapValue
		of, vals = splitFeature(vals, f)
		fm := make(map[string]catalog.Value, len(of))
		for _, sv := range of {
			fm[sv.attr] = sv.v
		}
		m[f] = fm
	}
	return m
}

// diff is DiffSnapshots of two lists: it walks both in step.
func (l snapList) diff(to snapList) []Change {
	var out []Change
	ff, tf := l.features, to.features
	fv, tv := l.values, to.values
	for len(ff) > 0 || len(tf) > 0 {
		var c int // where the next feature is: in from only (-1), in to only (+1), in both (0)
		switch {
		case len(tf) == 0:
			c = -1
		case len(ff) == 0:
			c = 1
		default:
			c = strings.Compare(ff[0], tf[0])
		}
		var f string
		var a, b []snapValue
		if c <= 0 {
			f, ff = ff[0], ff[1:]
			a, fv = splitFeature(fv, f)
		}
		if c >= 0 {
			f, tf = tf[0], tf[1:]
			b, tv = splitFeature(tv, f)
		}
		switch c {
		case -1:
			out = append(out, Change{Kind: SwitchOff, Feature: f})
			continue
		case 1:
			out = append(out, Change{Kind: SwitchOn, Feature: f})
		}
		out = diffValues(out, f, a, b)
	}
	return out
}

// splitFeature splits off the values of feature f at the start of vals.
func splitFeature(vals []snapValue, f string) (of, rest []snapValue) {
	n := 0
	for n < len(vals) && vals[n].feature == f {
		n++
	}
	return vals[:n], vals[n:]
}

// diffValues appends the changes from values a to values b of feature f,
// both in attribute ID order.
func diffValues(out []Change, f string, a, b []snapValue) []Change {
	for len(a) > 0 || len(b) > 0 {
		var c int
		switch {
		case len(b) == 0:
			c = -1
		case len(a) == 0:
			c = 1
		default:
			c = strings.Compare(a[0].attr, b[0].attr)
		}
		switch {
		case c < 0:
			out = append(out, Change{Kind: Unset, Feature: f, Attribute: a[0].attr, From: a[0].v})
			a = a[1:]
		case c > 0:
			out = append(out, Change{Kind: SetValue, Feature: f, Attribute: b[0].attr, To: b[0].v})
			b = b[1:]
		default:
			if !a[0].v.Equal(b[0].v) {
				out = append(out, Change{Kind: Modify, Feature: f, Attribute: a[0].attr, From: a[0].v, To: b[0].v})
			}
			a, b = a[1:], b[1:]
		}
	}
	return out
}
