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
// add-ons at priority 15 that disagree on call waiting. Check must find it.
func TestCheckFindsTheShippedForwardingConflict(t *testing.T) {
	noFailFiles(t)
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	var lastErr error
	rec := &recorder{TB: t}
	entitlementtest.Check(rec, c, entitlementtest.Options{Report: func(_ entitlement.Account, err error) { lastErr = err }})
	var ce *entitlement.ConflictError
	if !rec.failed || !errors.As(lastErr, &ce) || ce.AddOns != [2]string{"advanced_forwarding", "unconditional_forwarding"} {
		t.Fatalf("Check on the shipped catalog: failed=%v, last error %v; want the forwarding conflict", rec.failed, lastErr)
	}
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
