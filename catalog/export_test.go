package catalog

// CompareValues exposes the value order Lint groups by, for the property
// that it agrees with Value.Equal.
var CompareValues = compareValues
