package entitlementtest_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/entitlement/entitlementtest"
)

func addOn(id string, priority int, feature string, state catalog.State) catalog.Product {
	return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: priority, AllowedMain: []string{"plan"},
		Features: []catalog.FeatureSetting{{Feature: feature, State: state}}}
}

func definition(extra ...catalog.Product) catalog.Definition {
	d := catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}},
		Features:     []catalog.Feature{{ID: "call_waiting", ServiceType: "voice"}, {ID: "conferencing", ServiceType: "voice"}},
		Products: []catalog.Product{
			{ID: "plan", Kind: catalog.KindMain},
			addOn("a", 1, "conferencing", catalog.Enabled),
			addOn("b", 2, "conferencing", catalog.Disabled),
			addOn("c", 3, "call_waiting", catalog.Enabled),
			addOn("d", 3, "conferencing", catalog.Enabled),
			{ID: "e", Kind: catalog.KindAddOn, AllowedMain: []string{"plan"}, Requires: []string{"a"}, Excludes: []string{"c"}, MaxQuantity: 4},
		},
	}
	d.Products = append(d.Products, extra...)
	return d
}

func TestAccountsAreOrderable(t *testing.T) {
	c := catalog.MustNew(definition())
	r := entitlement.NewResolver(c)
	rapid.Check(t, func(rt *rapid.T) {
		a := entitlementtest.Accounts(c, entitlementtest.Options{}).Draw(rt, "account")
		if _, err := r.Resolve(a, entitlementtest.Options{}.At); err != nil {
			rt.Fatalf("generated account %+v does not resolve: %v", a, err)
		}
	})
}

func TestCheckPassesOnAConflictFreeCatalog(t *testing.T) {
	entitlementtest.Check(t, catalog.MustNew(definition()), entitlementtest.Options{})
}

// recorder is a rapid.TB that records failure instead of failing the test,
// so a test can assert what Check finds.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Error(...any)          { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }
func (r *recorder) Fail()                 { r.failed = true }
func (r *recorder) FailNow()              { r.failed = true }
func (r *recorder) Failed() bool          { return r.failed }
func (r *recorder) Logf(string, ...any)   {}
func (r *recorder) Log(...any)            {}

func TestCheckFindsTheSmallestConflictingOrder(t *testing.T) {
	noFailFiles(t)
	// x and y conflict at priority 9; everything else is noise to shrink away.
	c := catalog.MustNew(definition(addOn("x", 9, "call_waiting", catalog.Enabled), addOn("y", 9, "call_waiting", catalog.Disabled)))
	var last entitlement.Account
	var lastErr error
	rec := &recorder{TB: t}
	entitlementtest.Check(rec, c, entitlementtest.Options{Report: func(a entitlement.Account, err error) { last, lastErr = a, err }})
	if !rec.failed {
		t.Fatal("Check passed on a catalog with an orderable conflict")
	}
	var ce *entitlement.ConflictError
	if !errors.As(lastErr, &ce) || ce.AddOns != [2]string{"x", "y"} || ce.Feature != "call_waiting" {
		t.Fatalf("counterexample error = %v, want the x/y conflict on call_waiting", lastErr)
	}
	var ids []string
	for _, asg := range last.AddOns {
		ids = append(ids, fmt.Sprintf("%s×%d", asg.AddOn, asg.Qty()))
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"x×1", "y×1"}) {
		t.Errorf("counterexample add-ons = %v, want the shrunk [x×1 y×1]", ids)
	}
}
