package catalog_test

import (
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
)

func TestAffects(t *testing.T) {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		product, attr string
		want          bool
	}{
		{"a product that sets the attribute", "easy_sms", "sms_included", true},
		{"a main product that sets it", "basic_call", "minutes_us_ca", true},
		{"another attribute of a feature the product sets values of, but not its state", "carnival_200", "minutes_us_ca", false},
		{"a product that sets its feature's state", "unconditional_forwarding", "max_forwarded_calls", true},
		{"a product that sets neither", "conferencing_plus", "sms_included", false},
		{"an unknown product", "nowhere", "sms_included", false},
		{"an unknown attribute", "easy_sms", "nothing", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Affects(tt.product, tt.attr); got != tt.want {
				t.Errorf("Affects(%s, %s) = %v, want %v", tt.product, tt.attr, got, tt.want)
			}
		})
	}
}

func TestPrecedence(t *testing.T) {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		product  string
		kind     catalog.Kind
		priority int
		ok       bool
	}{
		{"basic_call", catalog.KindMain, 0, true},
		{"conferencing_plus", catalog.KindAddOn, 20, true},
		{"easy_sms", catalog.KindAddOn, 5, true},
		{"nowhere", 0, 0, false},
	}
	for _, tt := range tests {
		kind, priority, ok := c.Precedence(tt.product)
		if kind != tt.kind || priority != tt.priority || ok != tt.ok {
			t.Errorf("Precedence(%s) = %v, %d, %v; want %v, %d, %v", tt.product, kind, priority, ok, tt.kind, tt.priority, tt.ok)
		}
	}
}
