package entitlement_test

import (
	"errors"
	"testing"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// oneOffCatalog: a fibre plan; a self-install kit sold one-off that excludes
// the technician's visit, an add-on held as any other.
func oneOffCatalog() *catalog.Catalog {
	return catalog.MustNew(catalog.Definition{Products: []catalog.Product{
		{ID: "fibre", Kind: catalog.KindMain},
		{ID: "self_install_kit", Kind: catalog.KindAddOn, OneOff: true, AllowedMain: []string{"fibre"}, Excludes: []string{"technician_visit"}},
		{ID: "technician_visit", Kind: catalog.KindAddOn, AllowedMain: []string{"fibre"}},
		{ID: "needs_kit", Kind: catalog.KindAddOn, AllowedMain: []string{"fibre"}, Requires: []string{"self_install_kit"}},
	}})
}

// TestOneOffIsAPurchaseNotAHolding: a one-off add-on is checked when it is
// bought and then holds nothing, so what it excludes can be bought later
// and it can be bought again.
func TestOneOffIsAPurchaseNotAHolding(t *testing.T) {
	r := entitlement.NewResolver(oneOffCatalog())
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	acct := entitlement.Account{ID: "a", Main: "fibre"}

	acct, cfg, err := r.Assign(acct, entitlement.Assignment{AddOn: "self_install_kit", Until: day(30)}, day(1))
	if err != nil {
		t.Fatal(err)
	}
	if got := acct.AddOns[0]; !got.From.Equal(day(1)) || !got.Until.Equal(day(1)) {
		t.Errorf("stored %v–%v, want the purchase instant for both", got.From, got.Until)
	}
	if len(cfg.Layers()) != 2 {
		t.Errorf("the configuration at the purchase has %d layers, want the main product and the kit", len(cfg.Layers()))
	}
	if _, _, err := r.Assign(acct, entitlement.Assignment{AddOn: "technician_visit"}, day(1)); !errors.Is(err, entitlement.ErrExcludes) {
		t.Errorf("the visit at the instant of the purchase: %v, want ErrExcludes", err)
	}
	if _, _, err := r.Assign(acct, entitlement.Assignment{AddOn: "needs_kit"}, day(2)); !errors.Is(err, entitlement.ErrRequires) {
		t.Errorf("an add-on requiring the kit the day after: %v, want ErrRequires", err)
	}
	acct, _, err = r.Assign(acct, entitlement.Assignment{AddOn: "technician_visit"}, day(2))
	if err != nil {
		t.Fatalf("the visit the day after the purchase: %v", err)
	}
	if _, _, err := r.Assign(acct, entitlement.Assignment{AddOn: "self_install_kit"}, day(10)); !errors.Is(err, entitlement.ErrExcludes) {
		t.Errorf("a second kit while the visit is held: %v, want ErrExcludes", err)
	}
	acct, _, err = r.Unassign(acct, "technician_visit", day(5))
	if err != nil {
		t.Fatal(err)
	}
	acct, _, err = r.Assign(acct, entitlement.Assignment{AddOn: "self_install_kit"}, day(10))
	if err != nil {
		t.Fatalf("a second kit: %v", err)
	}
	cfg, err = r.Resolve(acct, day(20))
	if err != nil || len(cfg.Layers()) != 1 {
		t.Errorf("on the 20th: %v, layers %v; want the main product alone", err, cfg.Layers())
	}
}

func TestOneOffOnAMainProductIsRefused(t *testing.T) {
	_, err := catalog.New(catalog.Definition{Products: []catalog.Product{{ID: "fibre", Kind: catalog.KindMain, OneOff: true}}})
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) || !ve.HasAt("products[fibre].one_off", catalog.CodeAddOnField) {
		t.Fatalf("err = %v, want addon_field at products[fibre].one_off", err)
	}
}
