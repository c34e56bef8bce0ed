package entitlement

import (
	"iter"
	"math/bits"
	"slices"
	"strings"

	"github.com/tariffkit/tariff/catalog"
)

// Snapshot is a configuration reduced to what provisioning sees: its
// enabled features, and their attribute values, by ID.
//
// A Snapshot is immutable and safe to share. The zero Snapshot has nothing
// enabled. Config.Snapshot returns one that reads through its
// configuration; SnapshotOf one that holds the features and values it was
// given. Enabled, Value and Len cost about what the Config's reads do,
// without allocating; Features and Values walk a snapshot in ID order;
// Equal and DiffSnapshots compare two, cheaply when both are snapshots of
// configurations of one Resolver (see each call); Map returns one as
// nested maps.
type Snapshot struct {
	// A snapshot is the configuration c, when c has a Resolver; otherwise
	// the list l, which SnapshotOf builds (and which c's is turned into
	// for comparing it with a snapshot of another Resolver).
	c Config
	l snapList
}

// Snapshot returns the configuration's enabled features and their values.
// It costs nothing: the snapshot reads states and values through the
// configuration, without provenance, when asked.
func (c Config) Snapshot() Snapshot {
	if c.r == nil {
		return Snapshot{}
	}
	return Snapshot{c: c}
}

// SnapshotOf returns the snapshot that m describes: each key of m an
// enabled feature, mapped to its attribute values by attribute ID (a nil
// map for a feature without values). It copies what it needs, so later
// changes to m do not affect the snapshot; it sorts the IDs and allocates
// twice. SnapshotOf(s.Map()) equals s.
func SnapshotOf(m map[string]map[string]catalog.Value) Snapshot {
	return Snapshot{l: listOf(m)}
}

// list returns s as a list: for a configuration's snapshot, built from it.
func (s *Snapshot) list() snapList {
	if s.c.r != nil {
		return s.c.snapList()
	}
	return s.l
}

// sameResolver reports whether s and o are snapshots of configurations of
// one Resolver.
func (s *Snapshot) sameResolver(o *Snapshot) bool { return s.c.r != nil && s.c.r == o.c.r }

// Len returns how many features are enabled. It does not allocate.
func (s Snapshot) Len() int {
	if s.c.r == nil {
		return len(s.l.features)
	}
	n := 0
	for w := range s.c.r.defaultOn {
		n += bits.OnesCount64(s.c.enabledWord(int32(w)))
	}
	return n
}

// Enabled reports whether the feature is enabled. It does not allocate.
func (s Snapshot) Enabled(feature string) bool {
	if s.c.r == nil {
		return s.l.enabled(feature)
	}
	return s.c.Enabled(feature)
}

// Value returns an attribute's value on a feature, and false when the
// feature is not enabled or has no value for it. It allocates only what
// decoding a decimal computed by resolution does.
func (s Snapshot) Value(feature, attr string) (catalog.Value, bool) {
	if s.c.r == nil {
		return s.l.value(feature, attr)
	}
	r := s.c.r
	a, ok := r.cat.AttributeIndex(attr)
	if !ok || r.features[r.attrs[a].feature].id != feature {
		return catalog.Value{}, false
	}
	return s.c.valueAt(int32(a))
}

// Features yields the enabled features' IDs in ID order. For a
// configuration's snapshot, it lists them first (one allocation), checking
// their order; a catalog that does not list its features by ID costs a
// sort besides.
func (s Snapshot) Features() iter.Seq[string] {
	return func(yield func(string) bool) {
		if s.c.r == nil {
			for _, f := range s.l.features {
				if !yield(f) {
					return
				}
			}
			return
		}
		fs := s.c.enabledIndexes()
		if !slices.IsSortedFunc(fs, s.c.r.byFeatureID) {
			slices.SortFunc(fs, s.c.r.byFeatureID)
		}
		for _, f := range fs {
			if !yield(s.c.r.features[f].id) {
				return
			}
		}
	}
}

// Values yields a feature's attribute values, by attribute ID in ID order;
// nothing for a feature that is not enabled or has no values.
func (s Snapshot) Values(feature string) iter.Seq2[string, catalog.Value] {
	return func(yield func(string, catalog.Value) bool) {
		if s.c.r == nil {
			for _, sv := range s.l.valuesOf(feature) {
				if !yield(sv.attr, sv.v) {
					return
				}
			}
			return
		}
		s.c.featureValues(feature, yield)
	}
}

// Equal reports whether two snapshots hold the same features and values
// (values compared with catalog.Value.Equal). Two snapshots of
// configurations of one Resolver are compared as Diff compares them, at
// about the cost of a resolution; other snapshots in one pass over both,
// a configuration's snapshot being listed first: a pass over its enabled
// features' attributes and three allocations (and a sort, for a catalog
// that does not list its features and attributes by ID).
func (s Snapshot) Equal(o Snapshot) bool {
	if s.sameResolver(&o) {
		return diffConfigs(&s.c, &o.c) == nil
	}
	return s.list().equal(o.list())
}

// Map returns s as nested maps: each enabled feature's ID mapped to its
// attribute values by attribute ID (an empty map for a feature without
// values). It builds a map per enabled feature, which costs many times
// what any other read of s does; the maps are the caller's to modify.
func (s Snapshot) Map() map[string]map[string]catalog.Value {
	return s.list().toMap()
}

// Apply returns s with the changes applied in order, as a snapshot that
// holds its features and values; s is not modified. SwitchOn enables a
// feature without values, SwitchOff disables one with its values, SetValue
// and Modify set a value (enabling its feature), and Unset removes one. It
// goes through Map, and costs what Map does.
func (s Snapshot) Apply(changes []Change) Snapshot {
	out := s.Map()
	for _, ch := range changes {
		switch ch.Kind {
		case SwitchOn:
			out[ch.Feature] = map[string]catalog.Value{}
		case SwitchOff:
			delete(out, ch.Feature)
		case SetValue, Modify:
			if out[ch.Feature] == nil {
				out[ch.Feature] = map[string]catalog.Value{}
			}
			out[ch.Feature][ch.Attribute] = ch.To
		case Unset:
			delete(out[ch.Feature], ch.Attribute)
		}
	}
	return SnapshotOf(out)
}

// DiffSnapshots is Diff over snapshots. Two snapshots of configurations
// of one Resolver are compared as Diff compares the configurations; other
// snapshots in one pass over both, in time linear in their sizes, a
// configuration's being listed first (as for Equal).
func DiffSnapshots(from, to Snapshot) []Change {
	if from.sameResolver(&to) {
		return diffConfigs(&from.c, &to.c)
	}
	return from.list().diff(to.list())
}

// enabledIndexes returns the indexes of the enabled features, in order.
func (c *Config) enabledIndexes() []int32 {
	var buf [64]uint64 // up to 4,096 features
	on := buf[:]
	if n := len(c.r.defaultOn); n > len(buf) {
		on = make([]uint64, n)
	} else {
		on = on[:n]
	}
	c.enabledWords(on)
	n := 0
	for _, word := range on {
		n += bits.OnesCount64(word)
	}
	fs := make([]int32, 0, n)
	for w, word := range on {
		for ; word != 0; word &= word - 1 {
			fs = append(fs, int32(w<<6+bits.TrailingZeros64(word)))
		}
	}
	return fs
}

// featureValues yields the values of a feature, if enabled, by attribute
// ID.
func (c *Config) featureValues(feature string, yield func(string, catalog.Value) bool) {
	f, ok := c.r.cat.FeatureIndex(feature)
	if !ok || !c.featureEnabled(int32(f)) {
		return
	}
	cf := &c.r.features[f]
	attrs := c.r.attrs[cf.attrLo:cf.attrHi]
	for i := 1; i < len(attrs); i++ {
		if attrs[i-1].id > attrs[i].id { // out of ID order: sort a copy
			byID := make([]int32, len(attrs))
			for i := range byID {
				byID[i] = cf.attrLo + int32(i)
			}
			slices.SortFunc(byID, c.r.byAttrID)
			for _, a := range byID {
				if !c.yieldValue(a, yield) {
					return
				}
			}
			return
		}
	}
	for a := cf.attrLo; a < cf.attrHi; a++ {
		if !c.yieldValue(a, yield) {
			return
		}
	}
}

// yieldValue yields the value of attribute a, of an enabled feature, if
// it has one, and reports whether to go on.
func (c *Config) yieldValue(a int32, yield func(string, catalog.Value) bool) bool {
	ca := &c.r.attrs[a]
	if e, ok := c.b.attrEntry(a); ok {
		return yield(ca.id, c.entryValue(a, e))
	}
	return !ca.hasDef || yield(ca.id, ca.defVal)
}

// byFeatureID and byAttrID order feature and attribute indexes by ID.
func (r *Resolver) byFeatureID(x, y int32) int {
	return strings.Compare(r.features[x].id, r.features[y].id)
}

func (r *Resolver) byAttrID(x, y int32) int { return strings.Compare(r.attrs[x].id, r.attrs[y].id) }
