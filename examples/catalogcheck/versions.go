package main

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tariffkit/tariff/catalog"
)

// isSet reports whether data is a catalog set document rather than one
// catalog: it names the set format.
func isSet(data []byte) bool {
	return bytes.Contains(data, []byte(`"`+catalog.FormatVersionsV1+`"`))
}

// checkVersions prints the report for a catalog set document: its
// versions, what each changes for sales, the validation across versions,
// and each version's own report. It reports whether the set is valid.
func checkVersions(w io.Writer, name string, data []byte) bool {
	fmt.Fprintf(w, "Catalog set %s\n", name)
	set, err := catalog.DecodeVersions(data)
	if err != nil {
		failure(w, err, "INVALID ACROSS VERSIONS", "NOT A CATALOG SET DOCUMENT")
		return false
	}
	fmt.Fprintf(w, "  %d versions\n", set.Len())
	for i := range set.Len() {
		v, _ := set.Version(i)
		when := "in force since always"
		if !v.From.IsZero() {
			when = "for sales from " + v.From.Format("2 Jan 2006 15:04 MST")
		}
		if !v.Existing.IsZero() {
			when += "; governs existing accounts from " + v.Existing.Format("2 Jan 2006 15:04 MST")
		} else if i > 0 {
			when += "; earlier sales keep their terms"
		}
		fmt.Fprintf(w, "  %-10s %s\n", v.ID, when)
		if i > 0 {
			for _, line := range changesFrom(set, i) {
				fmt.Fprintf(w, "             %s\n", line)
			}
		}
	}
	fmt.Fprintln(w, "\nValidation across versions: OK")
	for i := range set.Len() {
		v, _ := set.Version(i)
		fmt.Fprintf(w, "\nCatalog version %s\n", v.ID)
		report(w, v.Catalog)
	}
	return true
}

// changesFrom lists what version i changes from the version before it:
// products introduced, retired and redefined.
func changesFrom(set *catalog.Versions, i int) []string {
	prev, _ := set.Version(i - 1)
	cur, _ := set.Version(i)
	var added, retired, changed []string
	for _, id := range cur.Catalog.ProductIDs() {
		name, _ := cur.Catalog.ProductName(id)
		switch {
		case !set.Defines(i-1, id):
			added = append(added, labelled(id, name))
		case !set.Same(id, i-1, i):
			changed = append(changed, labelled(id, name))
		}
	}
	for _, id := range prev.Catalog.ProductIDs() {
		if !set.Defines(i, id) {
			name, _ := prev.Catalog.ProductName(id)
			retired = append(retired, labelled(id, name))
		}
	}
	var out []string
	for _, l := range []struct {
		what string
		ids  []string
	}{{"introduces", added}, {"changes", changed}, {"retires", retired}} {
		if len(l.ids) > 0 {
			slices.Sort(l.ids)
			out = append(out, l.what+" "+strings.Join(l.ids, ", "))
		}
	}
	if len(out) == 0 {
		out = append(out, "changes no product")
	}
	return out
}
