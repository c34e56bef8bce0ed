package entitlement

import (
	"maps"
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
func (c Config) Snapshot() Snapshot {
	s := Snapshot{}
	for fs := range c.Features() {
		if fs.Enabled {
			s[fs.Feature] = map[string]catalog.Value{}
		}
	}
	for av := range c.Values() {
		s[av.Feature][av.Attribute] = av.Value
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
func Diff(from, to Config) []Change { return DiffSnapshots(from.Snapshot(), to.Snapshot()) }

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
