package entitlement

import "github.com/tariffkit/tariff/catalog"

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
// DiffSnapshots compares their snapshots.
func Diff(from, to Config) []Change {
	if from.r == nil || from.r != to.r {
		return DiffSnapshots(from.Snapshot(), to.Snapshot())
	}
	return diffConfigs(&from, &to)
}
