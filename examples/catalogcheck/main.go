// Command catalogcheck loads a catalog JSON file and prints a readable
// summary (products, add-ons by group, the add-ons each main product
// allows) followed by its validation and lint report, conflicts grouped by
// what the add-ons set. Given a catalog set (tariff.catalogset.v1), it
// reports across versions: when each is in force, what it introduces,
// changes and retires, the validation across versions, then each version's
// own report. Without an argument it checks the shipped telco catalog and
// the shipped telco catalog set. It exits 1 when a catalog is invalid or
// cannot be read.
//
//	go run ./examples/catalogcheck [catalog.json | catalogset.json]
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
)

func main() {
	if len(os.Args) <= 1 {
		ok := check(os.Stdout, "examples/catalogs/telco.json (shipped)", catalogs.Telco)
		fmt.Println()
		if !checkVersions(os.Stdout, "examples/catalogs/telco-versions.json (shipped)", catalogs.TelcoVersions) || !ok {
			os.Exit(1)
		}
		return
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalogcheck:", err)
		os.Exit(1)
	}
	ok := false
	if isSet(data) {
		ok = checkVersions(os.Stdout, os.Args[1], data)
	} else {
		ok = check(os.Stdout, os.Args[1], data)
	}
	if !ok {
		os.Exit(1)
	}
}

// check prints the report for one catalog document and reports whether the
// catalog is valid.
func check(w io.Writer, name string, data []byte) bool {
	fmt.Fprintf(w, "Catalog %s\n", name)
	cat, err := catalog.Decode(data)
	if err != nil {
		failure(w, err, "INVALID", "NOT A CATALOG DOCUMENT")
		return false
	}
	report(w, cat)
	return true
}

// report prints the summary, validation and lint report of a valid catalog.
func report(w io.Writer, cat *catalog.Catalog) {
	mains, addOns := cat.MainProductIDs(), cat.AddOnIDs()
	fmt.Fprintf(w, "  %d service types, %d features, %d main products, %d add-ons, %d groups\n",
		len(cat.ServiceTypeIDs()), len(cat.FeatureIDs()), len(mains), len(addOns), len(cat.GroupIDs()))

	fmt.Fprintln(w, "\nMain products")
	for _, id := range mains {
		name, _ := cat.ProductName(id)
		allowed := cat.AddOnsFor(id)
		list := "no add-ons"
		if len(allowed) > 0 {
			list = "add-ons: " + strings.Join(allowed, ", ")
		}
		fmt.Fprintf(w, "  %-16s %-16s %s\n", id, name, list)
	}

	fmt.Fprintln(w, "\nAdd-ons by group")
	grouped := map[string]bool{}
	for _, g := range cat.GroupIDs() {
		group, _ := cat.Group(g)
		fmt.Fprintf(w, "  %s\n", group.Name)
		for _, id := range cat.GroupMembers(g) {
			grouped[id] = true
			fmt.Fprintf(w, "    %s\n", describe(cat, id))
		}
	}
	var loose []string
	for _, id := range addOns {
		if !grouped[id] {
			loose = append(loose, id)
		}
	}
	if len(loose) > 0 {
		fmt.Fprintln(w, "  (in no group)")
		for _, id := range loose {
			fmt.Fprintf(w, "    %s\n", describe(cat, id))
		}
	}

	fmt.Fprintln(w, "\nValidation: OK")
	warnings := cat.Lint()
	fmt.Fprintf(w, "Lint: %d warning(s)\n", len(warnings))
	for _, wn := range warnings {
		if wn.Code != catalog.WarnConflict {
			fmt.Fprintf(w, "  [%s] %s: %s\n", wn.Code, wn.Path, wn.Detail)
			continue
		}
		// A conflict is a group: the add-ons of one priority that the listed
		// main products allow, by what they set. Any two from different
		// classes conflict, unless they exclude each other.
		fname, _ := cat.FeatureName(wn.Feature)
		what := "feature " + labelled(wn.Feature, fname)
		if wn.Attribute != "" {
			aname, _ := cat.AttributeName(wn.Attribute)
			what = "attribute " + labelled(wn.Attribute, aname) + " of " + what
		}
		fmt.Fprintf(w, "  [%s] %s\n", wn.Code, wn.Path)
		fmt.Fprintf(w, "      %s at priority %d, with %s:\n", what, wn.Priority, strings.Join(wn.Mains, ", "))
		for _, cl := range wn.Classes {
			set := cl.State.String()
			if cl.Value.IsSet() {
				set = cat.FormatValue(wn.Attribute, cl.Value)
			}
			fmt.Fprintf(w, "        %-10s %s\n", set, strings.Join(cl.AddOns, ", "))
		}
		for _, p := range wn.Excluded {
			fmt.Fprintf(w, "        (%s and %s exclude each other: no conflict)\n", p[0], p[1])
		}
	}
}

// labelled returns "id (name)", or the ID alone when it has no name.
func labelled(id, name string) string {
	if name == "" {
		return id
	}
	return id + " (" + name + ")"
}

func describe(cat *catalog.Catalog, id string) string {
	p, _ := cat.Product(id)
	s := fmt.Sprintf("%-26s %-26s priority %-3d", id, p.Name, p.Priority)
	if p.MaxQty() > 1 {
		s += fmt.Sprintf(" up to ×%d", p.MaxQty())
	}
	return strings.TrimRight(s, " ")
}

// failure prints why a document was refused: every problem of an invalid
// definition (headed invalid), or where decoding stopped (headed
// notDocument).
func failure(w io.Writer, err error, invalid, notDocument string) {
	var ve *catalog.ValidationError
	var de *catalog.DecodeError
	switch {
	case errors.As(err, &ve):
		fmt.Fprintf(w, "\n%s: %d problem(s)\n", invalid, len(ve.Problems))
		for _, p := range ve.Problems {
			fmt.Fprintf(w, "  %s: %s [%s]\n", p.Path, p.Detail, p.Code)
		}
	case errors.As(err, &de):
		fmt.Fprintf(w, "\n%s: at %s (byte %d): %v\n", notDocument, de.Path, de.Offset, de.Err)
	default:
		fmt.Fprintf(w, "\nERROR: %v\n", err)
	}
}
