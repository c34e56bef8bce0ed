package entitlement

import (
	"maps"
	"math/bits"
	"slices"

	"github.com/tariffkit/tariff/catalog"
)

// ChangeKind says what provisioning must do for one Change.
type ChangeKind uint8

// The change kinds.
const (
	SwitchOn  ChangeKind = iota + 1 // enable a feature
	SwitchOff                       // disable a feature (its values go with it)
	SetValue                        // give an attribute of an enabled feature a value it did not have
	Modify                          // change an attribute's value
	Unset                           // remove an attribute's value while its feature stays enabled
)

var changeNames = [...]string{"", "switch on", "switch off", "set", "change", "unset"}

// String names the kind: "switch on", "switch off", "set", "change", "unset".
func (k ChangeKind) String() string {
	if int(k) < len(changeNames) && k > 0 {
		return changeNames[k]
	}
	return "invalid"
}

// Change is one step provisioning takes from one configuration to another.
// Attribute is empty for SwitchOn and SwitchOff. From is unset for SwitchOn,
// SetValue; To is unset for SwitchOff and Unset.
type Change struct {
	Kind      ChangeKind
	Feature   string
	Attribute string
	From, To  catalog.Value
}

// Snapshot is a configuration reduced to what provisioning sees: each
// enabled feature's ID mapped to its attribute values by attribute ID.
type Snapshot map[string]map[string]catalog.Value

// Snapshot returns the configuration's enabled features and their values.
// It reads states and values alone, without provenance; building a map per
// enabled feature is most of its cost.
func (c Config) Snapshot() Snapshot {
	if c.r == nil {
		return Snapshot{}
	}
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
	s := make(Snapshot, n)
	aw := c.attrWords()
	for w, word := range on {
		for ; word != 0; word &= word - 1 {
			cf := &c.r.features[w<<6+bits.TrailingZeros64(word)]
			vals := map[string]catalog.Value{}
			for a := cf.attrLo; a < cf.attrHi; a++ {
				if e, ok := aw.find(a); ok {
					vals[c.r.attrs[a].id] = c.entryValue(a, e)
				} else if ca := &c.r.attrs[a]; ca.hasDef {
					vals[ca.id] = ca.defVal
				}
			}
			s[cf.id] = vals
		}
	}
	return s
}

// Equal reports whether two snapshots hold the same features and values.
func (s Snapshot) Equal(o Snapshot) bool {
	return maps.EqualFunc(s, o, func(a, b map[string]catalog.Value) bool {
		return maps.EqualFunc(a, b, catalog.Value.Equal)
	})
}

// Diff lists what provisioning must do to go from one configuration to
// another: features to switch on (each followed by the values to set on
// it), features to switch off, and values to set, change or unset on
// features enabled in both. Changes come ordered by feature ID, then
// attribute ID. Diff(a, a) is empty, and applying Diff(a, b) to a's
// snapshot gives b's.
//
// Diff reads states and values alone, without provenance. Two
// configurations resolved by the same Resolver are compared where a layer
// of either defines something (elsewhere both hold the catalog's
// defaults), at about the cost of a resolution or two; configurations of
// different Resolvers (as across catalog versions) are compared as
// snapshots, at the cost of Snapshot.
func Diff(from, to Config) []Change {
	if from.r == nil || from.r != to.r {
		return DiffSnapshots(from.Snapshot(), to.Snapshot())
	}
	return diffConfigs(&from, &to)
}

// DiffSnapshots is Diff over snapshots.
func DiffSnapshots(from, to Snapshot) []Change {
	var out []Change
	for _, f := range sortedKeys(from, to) {
		a, inFrom := from[f]
		b, inTo := to[f]
		switch {
		case !inTo:
			out = append(out, Change{Kind: SwitchOff, Feature: f})
			continue
		case !inFrom:
			out = append(out, Change{Kind: SwitchOn, Feature: f})
		}
		for _, k := range sortedKeys(a, b) {
			va, okA := a[k]
			vb, okB := b[k]
			switch {
			case okA && okB && !va.Equal(vb):
				out = append(out, Change{Kind: Modify, Feature: f, Attribute: k, From: va, To: vb})
			case !okA && okB:
				out = append(out, Change{Kind: SetValue, Feature: f, Attribute: k, To: vb})
			case okA && !okB:
				out = append(out, Change{Kind: Unset, Feature: f, Attribute: k, From: va})
			}
		}
	}
	return out
}

// sortedKeys returns the keys of a and b, each once, sorted.
func sortedKeys[V any](a, b map[string]V) []string {
	keys := slices.Sorted(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// Apply returns a copy of s with the changes applied in order; s is not
// modified.
func (s Snapshot) Apply(changes []Change) Snapshot {
	out := make(Snapshot, len(s))
	for f, vals := range s {
		out[f] = maps.Clone(vals)
	}
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
	return out
}
