package catalogtest

import (
	"fmt"

	"github.com/tariffkit/tariff/catalog"
)

// SamePriority returns a catalog for measuring lint on add-ons that share a
// priority and features: n add-ons at priority 10 over 100 main products,
// each defining the state of the same 20 features and, for each, an
// override integer attribute.
//
// When conflicting is false, add-on i is allowed with main product i mod
// 100 only, and sets what every add-on of that main product sets; add-ons
// of different main products set different states and values but cannot
// be assigned together, so there is no conflict. When conflicting is true,
// every add-on is allowed with the same two main products, half enable and
// half disable each feature, and each sets its own attribute value: every
// pair conflicts on every feature state and every attribute.
//
// catalog.New accepts every definition SamePriority returns.
func SamePriority(n int, conflicting bool) catalog.Definition {
	const nmain, nfeat = 100, 20
	d := catalog.Definition{ServiceTypes: []catalog.ServiceType{{ID: "voice"}}}
	for f := range nfeat {
		d.Features = append(d.Features, catalog.Feature{ID: fmt.Sprintf("feat%02d", f), ServiceType: "voice",
			Attributes: []catalog.Attribute{{ID: fmt.Sprintf("attr%02d", f), Type: catalog.TypeInteger}}})
	}
	for m := range nmain {
		d.Products = append(d.Products, catalog.Product{ID: fmt.Sprintf("main%03d", m), Kind: catalog.KindMain})
	}
	for i := range n {
		p := catalog.Product{ID: fmt.Sprintf("addon%05d", i), Kind: catalog.KindAddOn, Priority: 10}
		class := i % nmain
		if conflicting {
			p.AllowedMain = []string{"main000", "main001"}
			class = i
		} else {
			p.AllowedMain = []string{fmt.Sprintf("main%03d", class)}
		}
		for f := range nfeat {
			p.Features = append(p.Features, catalog.FeatureSetting{
				Feature: d.Features[f].ID,
				State:   catalog.StateOf(class%2 == 0),
				Values:  []catalog.AttributeValue{{Attribute: d.Features[f].Attributes[0].ID, Value: catalog.Int(int64(class))}},
			})
		}
		d.Products = append(d.Products, p)
	}
	return d
}
