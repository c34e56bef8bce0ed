package entitlementtest_test

import (
	"errors"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/entitlement/entitlementtest"
	"github.com/tariffkit/tariff/examples/catalogs"
)

// The shipped catalog keeps the seed's deliberate mistake: two forwarding
// add-ons at priority 15 that disagree on call waiting. CheckFails finds it,
// shrunk to the two of them.
func TestCheckFailsFindsTheShippedForwardingConflict(t *testing.T) {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	a, err := entitlementtest.CheckFails(t, c, entitlementtest.Options{})
	var ce *entitlement.ConflictError
	if !errors.As(err, &ce) || ce.AddOns != [2]string{"advanced_forwarding", "unconditional_forwarding"} || len(a.AddOns) != 2 {
		t.Fatalf("CheckFails on the shipped catalog: %+v, %v; want the forwarding conflict alone", a.AddOns, err)
	}
}

// Declared as a known conflict, the forwarding pair is left out and every
// other order a customer can place resolves.
func TestShippedCatalogPassesWithItsKnownConflict(t *testing.T) {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	entitlementtest.Check(t, c, entitlementtest.Options{KnownConflicts: [][2]string{{"advanced_forwarding", "unconditional_forwarding"}}})
}

// With the conflict settled by priorities, every order a customer can place
// resolves: band rules get their arpu fact, IVR its voice application.
func TestShippedCatalogResolvesOnceTheConflictIsSettled(t *testing.T) {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	d := c.Definition()
	for i := range d.Products {
		if d.Products[i].ID == "advanced_forwarding" {
			d.Products[i].Priority = 16
		}
	}
	entitlementtest.Check(t, catalog.MustNew(d), entitlementtest.Options{})
}
