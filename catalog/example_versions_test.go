package catalog_test

import (
	"fmt"
	"time"

	"github.com/tariffkit/tariff/catalog"
)

// A new version of the catalog raises smart_call's priority from March.
// Holdings sold before keep their terms until June, when the new version
// takes existing holdings over too.
func ExampleNewVersions() {
	basic := catalog.Product{ID: "basic_call", Kind: catalog.KindMain}
	smartCall := func(priority int) catalog.Product {
		return catalog.Product{ID: "smart_call", Kind: catalog.KindAddOn, Priority: priority, AllowedMain: []string{"basic_call"}}
	}
	day := func(month time.Month, d int) time.Time { return time.Date(2026, month, d, 0, 0, 0, 0, time.UTC) }
	s, err := catalog.NewVersions(
		catalog.Version{ID: "2026-01", Catalog: catalog.MustNew(catalog.Definition{Products: []catalog.Product{basic, smartCall(10)}})},
		catalog.Version{ID: "2026-03", From: day(time.March, 1), Existing: day(time.June, 1),
			Catalog: catalog.MustNew(catalog.Definition{Products: []catalog.Product{basic, smartCall(20)}})},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	sold := day(time.February, 10)
	for _, at := range []time.Time{day(time.April, 1), day(time.July, 1)} {
		g, _ := s.Governing("smart_call", sold, at)
		c, _ := s.Compose(s.IndexAt(at), map[string]int{"smart_call": g})
		_, priority, _ := c.Precedence("smart_call")
		v, _ := s.Version(g)
		fmt.Printf("%s: smart_call sold %s is governed by %s, priority %d\n",
			at.Format(time.DateOnly), sold.Format(time.DateOnly), v.ID, priority)
	}

	_, err = catalog.NewVersions(
		catalog.Version{ID: "2026-01", Catalog: catalog.MustNew(catalog.Definition{Products: []catalog.Product{basic}})},
		catalog.Version{ID: "2026-03", From: day(time.March, 1),
			Catalog: catalog.MustNew(catalog.Definition{Products: []catalog.Product{{ID: "basic_call", Kind: catalog.KindAddOn}}})},
	)
	fmt.Println(err)
	// Output:
	// 2026-04-01: smart_call sold 2026-02-10 is governed by 2026-01, priority 10
	// 2026-07-01: smart_call sold 2026-02-10 is governed by 2026-03, priority 20
	// catalog: invalid definition: versions[2026-03].products[basic_call].kind: product "basic_call" is addon here but main in version "2026-01" (kind_changed)
}

// DecodeVersions reads a catalog set document: each version's catalog is a
// catalog document, checked as strictly as on its own.
func ExampleDecodeVersions() {
	s, err := catalog.DecodeVersions([]byte(`{
	  "format": "tariff.catalogset.v1",
	  "versions": [
	    {"id": "2026-01", "catalog": {"products": [{"id": "basic_call", "kind": "main"}]}},
	    {"id": "2026-03", "from": "2026-03-01T00:00:00+01:00",
	     "catalog": {"products": [{"id": "basic_call", "kind": "main"}, {"id": "easy_call", "kind": "main"}]}}
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, at := range []string{"2026-02-28T22:59:59Z", "2026-02-28T23:00:00Z"} {
		t, _ := time.Parse(time.RFC3339, at)
		v, _ := s.At(t)
		fmt.Println(at, "sells", v.ID, v.Catalog.MainProductIDs())
	}

	_, err = catalog.DecodeVersions([]byte(`{"versions": [{"id": "2026-01", "catalog": {"products": [{"id": "basic_call", "kind": "main", "colour": "red"}]}}]}`))
	fmt.Println(err)
	// Output:
	// 2026-02-28T22:59:59Z sells 2026-01 [basic_call]
	// 2026-02-28T23:00:00Z sells 2026-03 [basic_call easy_call]
	// catalog set JSON versions[0].catalog.products[0].colour (offset 94): unknown field "colour"
}
