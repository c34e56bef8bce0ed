package catalog_test

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
)

func namesCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	return catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "email", Name: "Email"}},
		Features: []catalog.Feature{
			{ID: "mailbox", ServiceType: "email", Name: "Mailbox", Attributes: []catalog.Attribute{
				{ID: "storage_gb", Name: "Mailbox storage", Type: catalog.TypeQuantity, Unit: "GB"},
				{ID: "aliases", Type: catalog.TypeStringList},
			}},
			{ID: "spam_filter", ServiceType: "email"},
		},
		Groups: []catalog.Group{
			{ID: "extras", Name: "Email extras", Description: "More room and fewer spam mails."},
			{ID: "bare"},
		},
		Products: []catalog.Product{
			{ID: "broadband", Name: "Broadband 100", Description: "100 Mbit/s.\nNo contract.", Kind: catalog.KindMain},
			{ID: "storage_plus", Kind: catalog.KindAddOn, AllowedMain: []string{"broadband"}, Groups: []string{"extras"}},
		},
	})
}

func TestNames(t *testing.T) {
	c := namesCatalog(t)
	var nilCat *catalog.Catalog
	type lookup func(*catalog.Catalog, string) (string, bool)
	product, feature := (*catalog.Catalog).ProductName, (*catalog.Catalog).FeatureName
	attr, unit := (*catalog.Catalog).AttributeName, (*catalog.Catalog).AttributeUnit
	productDesc := (*catalog.Catalog).ProductDescription
	group, groupDesc := (*catalog.Catalog).GroupName, (*catalog.Catalog).GroupDescription
	for _, tt := range []struct {
		name   string
		c      *catalog.Catalog
		get    lookup
		id     string
		want   string
		wantOK bool
	}{
		{"product with a name", c, product, "broadband", "Broadband 100", true},
		{"product without a name", c, product, "storage_plus", "", true},
		{"unknown product", c, product, "fibre", "", false},
		{"a feature ID is no product", c, product, "mailbox", "", false},
		{"feature with a name", c, feature, "mailbox", "Mailbox", true},
		{"feature without a name", c, feature, "spam_filter", "", true},
		{"unknown feature", c, feature, "", "", false},
		{"attribute with a name", c, attr, "storage_gb", "Mailbox storage", true},
		{"attribute without a name", c, attr, "aliases", "", true},
		{"unknown attribute", c, attr, "mailbox", "", false},
		{"unit of a quantity", c, unit, "storage_gb", "GB", true},
		{"no unit on a list", c, unit, "aliases", "", true},
		{"unit of an unknown attribute", c, unit, "quota", "", false},
		{"nil catalog: product", nilCat, product, "broadband", "", false},
		{"nil catalog: feature", nilCat, feature, "mailbox", "", false},
		{"nil catalog: attribute", nilCat, attr, "storage_gb", "", false},
		{"nil catalog: unit", nilCat, unit, "storage_gb", "", false},
		{"zero catalog: product", &catalog.Catalog{}, product, "broadband", "", false},
		{"product with a description", c, productDesc, "broadband", "100 Mbit/s.\nNo contract.", true},
		{"product without a description", c, productDesc, "storage_plus", "", true},
		{"description of an unknown product", c, productDesc, "extras", "", false},
		{"group with a name", c, group, "extras", "Email extras", true},
		{"group without a name", c, group, "bare", "", true},
		{"a product ID is no group", c, group, "broadband", "", false},
		{"group with a description", c, groupDesc, "extras", "More room and fewer spam mails.", true},
		{"group without a description", c, groupDesc, "bare", "", true},
		{"description of an unknown group", c, groupDesc, "storage_plus", "", false},
		{"nil catalog: product description", nilCat, productDesc, "broadband", "", false},
		{"nil catalog: group", nilCat, group, "extras", "", false},
		{"nil catalog: group description", nilCat, groupDesc, "extras", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.get(tt.c, tt.id)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("got (%q, %v), want (%q, %v)", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestNamesAgreeWithDefinitions checks every name and unit of the shipped
// catalog against the copies Product, Feature and Attribute return.
func TestNamesAgreeWithDefinitions(t *testing.T) {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range c.ProductIDs() {
		p, _ := c.Product(id)
		if got, ok := c.ProductName(id); got != p.Name || !ok {
			t.Errorf("ProductName(%q) = %q, %v; want %q", id, got, ok, p.Name)
		}
		if got, ok := c.ProductDescription(id); got != p.Description || !ok {
			t.Errorf("ProductDescription(%q) = %q, %v; want %q", id, got, ok, p.Description)
		}
	}
	for _, id := range c.GroupIDs() {
		g, _ := c.Group(id)
		if got, ok := c.GroupName(id); got != g.Name || !ok {
			t.Errorf("GroupName(%q) = %q, %v; want %q", id, got, ok, g.Name)
		}
		if got, ok := c.GroupDescription(id); got != g.Description || !ok {
			t.Errorf("GroupDescription(%q) = %q, %v; want %q", id, got, ok, g.Description)
		}
	}
	for _, id := range c.FeatureIDs() {
		f, _ := c.Feature(id)
		if got, ok := c.FeatureName(id); got != f.Name || !ok {
			t.Errorf("FeatureName(%q) = %q, %v; want %q", id, got, ok, f.Name)
		}
		for _, a := range f.Attributes {
			if got, ok := c.AttributeName(a.ID); got != a.Name || !ok {
				t.Errorf("AttributeName(%q) = %q, %v; want %q", a.ID, got, ok, a.Name)
			}
			if got, ok := c.AttributeUnit(a.ID); got != a.Unit || !ok {
				t.Errorf("AttributeUnit(%q) = %q, %v; want %q", a.ID, got, ok, a.Unit)
			}
		}
	}
}

func TestFormatValue(t *testing.T) {
	c := namesCatalog(t)
	d := decimal.RequireFromString
	band := catalog.Banded("arpu", catalog.Below(d("50"), catalog.Qty(d("5.0"))), catalog.Otherwise(catalog.Qty(d("10"))))
	for _, tt := range []struct {
		name string
		c    *catalog.Catalog
		attr string
		v    catalog.Value
		want string
	}{
		{"a quantity with its unit", c, "storage_gb", catalog.Qty(d("50")), "50 GB"},
		{"no trailing zeros", c, "storage_gb", catalog.Qty(d("10.50")), "10.5 GB"},
		{"a negative quantity", c, "storage_gb", catalog.Qty(d("-0.25")), "-0.25 GB"},
		{"an integer of a quantity attribute gets the unit", c, "storage_gb", catalog.Int(7), "7 GB"},
		{"a decimal", c, "aliases", catalog.Dec(d("1.500")), "1.5"},
		{"a string gets no unit", c, "storage_gb", catalog.Str("unlimited"), "unlimited"},
		{"a bool gets no unit", c, "storage_gb", catalog.Bool(true), "true"},
		{"an enum", c, "aliases", catalog.Enum("ivr_main"), "ivr_main"},
		{"a string list", c, "aliases", catalog.List("info", "sales"), "info, sales"},
		{"an empty string list", c, "aliases", catalog.List(), "(none)"},
		{"a band rule, its values with the unit", c, "storage_gb", band, "by arpu: below 50 → 5 GB, otherwise → 10 GB"},
		{"the zero Value: nothing", c, "storage_gb", catalog.Value{}, ""},
		{"an unknown attribute: no unit", c, "quota_gb", catalog.Qty(d("50")), "50"},
		{"a nil catalog: no unit", nil, "storage_gb", catalog.Qty(d("50")), "50"},
		{"a nil catalog: a list as a list", nil, "aliases", catalog.List("a", "b"), "a, b"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.FormatValue(tt.attr, tt.v); got != tt.want {
				t.Errorf("FormatValue(%q, %s) = %q, want %q", tt.attr, tt.v, got, tt.want)
			}
		})
	}
}

func TestNamesDoNotAllocate(t *testing.T) {
	c := namesCatalog(t)
	n := testing.AllocsPerRun(100, func() {
		c.ProductName("broadband")
		c.FeatureName("mailbox")
		c.AttributeName("storage_gb")
		c.AttributeUnit("storage_gb")
		c.ProductName("unknown")
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

func BenchmarkProductName(b *testing.B) {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.ProductName("carnival_200")
	}
}

func ExampleCatalog_ProductName() {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range []string{"easy_sms", "no_such_product"} {
		if name, ok := c.ProductName(id); ok {
			fmt.Printf("%s is called %q\n", id, name)
		} else {
			fmt.Printf("%s is not in the catalog\n", id)
		}
	}
	// Output:
	// easy_sms is called "Easy SMS"
	// no_such_product is not in the catalog
}

func ExampleCatalog_AttributeUnit() {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		fmt.Println(err)
		return
	}
	name, _ := c.AttributeName("storage_gb")
	unit, _ := c.AttributeUnit("storage_gb")
	fmt.Printf("%s: 25 %s\n", name, unit)
	// Output: Mailbox storage: 25 GB
}

func ExampleCatalog_FormatValue() {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.FormatValue("storage_gb", catalog.Qty(decimal.RequireFromString("10.0"))))
	fmt.Println(c.FormatValue("sms_included", catalog.Int(150)))
	fmt.Println(c.FormatValue("follow_me_numbers", catalog.List("+15550100", "+15550101")))
	p, _ := c.Product("mailbox_plus")
	fmt.Println(c.FormatValue("storage_gb", p.Features[0].Values[0].Value))
	// Output:
	// 10 GB
	// 150
	// +15550100, +15550101
	// by arpu: below 50 → 5 GB, below 100 → 10 GB, otherwise → 25 GB
}
