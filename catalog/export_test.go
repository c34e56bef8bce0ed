package catalog

// CompareValues exposes the value order Lint groups by, for the property
// that it agrees with Value.Equal.
var CompareValues = compareValues

// AppendQuote exposes the quoting of IDs in conflict details, for the
// property that it quotes as strconv.Quote does.
var AppendQuote = appendQuote
