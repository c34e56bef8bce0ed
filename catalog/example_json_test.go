package catalog_test

import (
	"fmt"

	"github.com/tariffkit/tariff/catalog"
)

// Decode reads a catalog JSON document, checks it strictly and validates the
// catalog it describes.
func ExampleDecode() {
	c, err := catalog.Decode([]byte(`{
	  "format": "tariff.catalog.v1",
	  "service_types": [{"id": "voice", "name": "Voice calls"}],
	  "features": [{"id": "conferencing", "service_type": "voice", "name": "Conferencing"}],
	  "products": [
	    {"id": "basic_call", "name": "Basic Call", "kind": "main"},
	    {"id": "easy_call", "name": "EasyCall", "kind": "main"},
	    {"id": "conferencing_plus", "name": "Conferencing+", "kind": "addon", "priority": 20,
	     "allowed_main": ["basic_call"], "features": [{"feature": "conferencing", "state": "enabled"}]},
	    {"id": "smart_call", "name": "Smart Call", "kind": "addon", "priority": 10,
	     "allowed_main": ["basic_call"], "features": [{"feature": "conferencing", "state": "disabled"}]}
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, main := range c.MainProductIDs() {
		fmt.Println(main, "add-ons:", c.AddOnsFor(main))
	}

	_, err = catalog.Decode([]byte(`{"products": [{"id": "basic_call", "kind": "main", "colour": "red"}]}`))
	fmt.Println(err)
	// Output:
	// basic_call add-ons: [smart_call conferencing_plus]
	// easy_call add-ons: []
	// catalog JSON products[0].colour (offset 51): unknown field "colour"
}
