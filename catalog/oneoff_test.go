package catalog_test

import (
	"strings"
	"testing"

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
