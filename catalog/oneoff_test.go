package catalog_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tariffkit/tariff/catalog"
)

func TestOneOffInJSON(t *testing.T) {
	c, err := catalog.Decode([]byte(`{"products": [{"id": "fibre", "kind": "main"},
		{"id": "kit", "kind": "addon", "allowed_main": ["fibre"], "one_off": true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.Product("kit")
	if !p.OneOff {
		t.Fatal("one_off not decoded")
	}
	out, err := c.Definition().MarshalJSON()
	if err != nil || !strings.Contains(string(out), `"one_off": true`) {
		t.Fatalf("encoded %s, %v; want one_off", out, err)
	}
	if _, err := catalog.Decode([]byte(`{"products": [{"id": "kit", "kind": "addon", "one_off": "yes"}]}`)); err == nil {
		t.Error("a string one_off decoded")
	}
}

// A product sold one-off in one version and held in the next is not the
// same product: moving a holding between them changes what it is.
func TestOneOffChangeIsAChangeBetweenVersions(t *testing.T) {
	def := func(oneOff bool) *catalog.Catalog {
		return catalog.MustNew(catalog.Definition{Products: []catalog.Product{
			{ID: "fibre", Kind: catalog.KindMain},
			{ID: "kit", Kind: catalog.KindAddOn, AllowedMain: []string{"fibre"}, OneOff: oneOff},
		}})
	}
	vs, err := catalog.NewVersions(
		catalog.Version{ID: "v1", Catalog: def(true)},
		catalog.Version{ID: "v2", From: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Catalog: def(false)},
	)
	if err != nil {
		t.Fatal(err)
	}
	if vs.Same("kit", 0, 1) {
		t.Error("Same reports a product whose OneOff changed as unchanged")
	}
	if !vs.Same("fibre", 0, 1) {
		t.Error("Same reports an unchanged product as changed")
	}
}
