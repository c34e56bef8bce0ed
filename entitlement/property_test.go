package entitlement_test

import (
	"cmp"
	"errors"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/entitlement/entitlementtest"
	"github.com/tariffkit/tariff/internal/catalogtest"
	"github.com/tariffkit/tariff/internal/resolveoracle"
)

// world is a random valid catalog with its resolver.
type world struct {
	c *catalog.Catalog
	r *entitlement.Resolver
}

func drawWorld(t *rapid.T) world {
	if rapid.IntRange(0, 7).Draw(t, "large") == 0 {
		return drawLargeWorld(t)
	}
	c, err := catalog.New(catalogtest.Definition(catalogtest.Config{}).Draw(t, "catalog"))
	if err != nil {
		t.Fatalf("generated catalog is invalid: %v", err)
	}
	return world{c, entitlement.NewResolver(c)}
}

var sentinels = []error{
	entitlement.ErrUnknown, entitlement.ErrNotMain, entitlement.ErrNotAddOn, entitlement.ErrNotAllowed,
	entitlement.ErrRequires, entitlement.ErrExcludes, entitlement.ErrQuantity, entitlement.ErrConflict,
	entitlement.ErrMissingFact, entitlement.ErrMissingRequired, entitlement.ErrScope, entitlement.ErrInvalidValue,
	entitlement.ErrInactive, entitlement.ErrInvalidHistory, entitlement.ErrOverflow,
}

func sentinel(err error) error {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return s
		}
	}
	return nil
}

// drawAccount draws either an orderable account (most of the time) or an
// arbitrary one — any products, quantities, periods — plus account settings
// and facts, so that both success and every refusal are exercised.
func drawAccount(t *rapid.T, w world) entitlement.Account {
	var a entitlement.Account
	if rapid.IntRange(0, 3).Draw(t, "orderable") > 0 {
		a = entitlementtest.Accounts(w.c, entitlementtest.Options{}).Draw(t, "account")
	} else {
		ids := w.c.ProductIDs()
		a.Main = rapid.SampledFrom(ids).Draw(t, "main")
		for _, id := range rapid.SliceOfN(rapid.SampledFrom(ids), 0, 5).Draw(t, "add-ons") {
			asg := entitlement.Assignment{AddOn: id, Quantity: rapid.IntRange(-1, 4).Draw(t, "qty")}
			switch rapid.IntRange(0, 3).Draw(t, "period") {
			case 1:
				asg.From = t0.Add(1)
			case 2:
				asg.Until = t0
			}
			a.AddOns = append(a.AddOns, asg)
		}
	}
	for _, f := range rapid.SliceOfNDistinct(rapid.SampledFrom(w.c.FeatureIDs()), 0, 2, rapid.ID[string]).Draw(t, "account states") {
		a.States = append(a.States, entitlement.StateSetting{Feature: f, State: catalog.StateOf(rapid.Bool().Draw(t, "on"))})
	}
	var settable []catalog.Attribute
	for i := range w.c.NumAttributes() {
		if attr, _ := w.c.AttributeAt(i); attr.Scope.AccountMaySet() || rapid.IntRange(0, 9).Draw(t, "scope breach") == 0 {
			settable = append(settable, attr)
		}
	}
	if len(settable) > 0 {
		for _, i := range rapid.SliceOfNDistinct(rapid.IntRange(0, len(settable)-1), 0, 2, rapid.ID[int]).Draw(t, "account values") {
			attr := settable[i]
			a.Values = append(a.Values, catalog.AttributeValue{Attribute: attr.ID, Value: catalogtest.Constant(attr).Draw(t, "value")})
		}
	}
	if rapid.IntRange(0, 4).Draw(t, "drop facts") == 0 {
		a.Facts = nil
	}
	if rapid.IntRange(0, 3).Draw(t, "history") == 0 {
		drawHistory(t, w, &a)
	}
	return a
}

// drawHistory gives a a main-product history around t0: any products,
// periods starting a few nanoseconds apart, well formed most of the time,
// the instant t0 before, in or after it.
func drawHistory(t *rapid.T, w world, a *entitlement.Account) {
	ids := append(w.c.ProductIDs(), "", "unknown")
	off := func(label string) time.Time { return t0.Add(time.Duration(rapid.IntRange(-3, 3).Draw(t, label))) }
	n := rapid.IntRange(0, 3).Draw(t, "past mains")
	for i := range n {
		p := entitlement.MainPeriod{Product: a.Main, From: off("from")}
		if i == 0 && rapid.Bool().Draw(t, "since always") {
			p.From = time.Time{}
		}
		if rapid.IntRange(0, 3).Draw(t, "any product") == 0 {
			p.Product = rapid.SampledFrom(ids).Draw(t, "product")
		}
		a.PastMains = append(a.PastMains, p)
	}
	a.MainFrom = off("main from")
	if n > 0 && rapid.IntRange(0, 9).Draw(t, "zero main from") == 0 {
		a.MainFrom = time.Time{}
	}
}

var cmpValues = gocmp.Comparer(catalog.Value.Equal)

// Law: the fast resolver agrees with the map-merge oracle — the same
// snapshot, or a refusal of a kind the oracle also finds.
func propOracle(t *rapid.T) {
	w := drawWorld(t)
	checkOracle(t, w, drawAccount(t, w))
}

// Law (the same) on catalogs large enough that the feature and attribute
// bitmaps span many words (drawWorld draws them too, now and then).
func propOracleLarge(t *rapid.T) {
	w := drawLargeWorld(t)
	checkOracle(t, w, drawAccount(t, w))
}

// drawLargeWorld draws a catalog from catalogtest.Large, whose products
// define up to 20 features each: at 5,000 features (7,000 or so
// attributes) the attribute bitmap has more than one index group. Its
// required attributes without a default are made optional, so that most
// accounts resolve rather than being refused.
func drawLargeWorld(t *rapid.T) world {
	def := catalogtest.Large(rapid.IntRange(10, 60).Draw(t, "products"),
		rapid.SampledFrom([]int{70, 300, 1500, 5000}).Draw(t, "features"), rapid.Uint64().Draw(t, "seed"))
	for i := range def.Features {
		for j := range def.Features[i].Attributes {
			if a := &def.Features[i].Attributes[j]; !a.Default.IsSet() {
				a.Required = false
			}
		}
	}
	c, err := catalog.New(def)
	if err != nil {
		t.Fatalf("large catalog is invalid: %v", err)
	}
	return world{c, entitlement.NewResolver(c)}
}

// checkOracle fails unless resolving a at t0 agrees with the oracle.
func checkOracle(t *rapid.T, w world, a entitlement.Account) { checkOracleAt(t, w, a, t0) }

// checkOracleAt fails unless resolving a at at agrees with the oracle.
func checkOracleAt(t *rapid.T, w world, a entitlement.Account, at time.Time) {
	want, wantErr := resolveoracle.Resolve(w.c, a, at)
	cfg, err := w.r.Resolve(a, at)
	switch {
	case wantErr != nil && err == nil:
		t.Fatalf("oracle refuses (%v), resolver accepts", wantErr)
	case wantErr == nil && err != nil:
		t.Fatalf("oracle accepts, resolver refuses: %v", err)
	case err != nil:
		if s := sentinel(err); s == nil || !errors.Is(wantErr, s) {
			t.Fatalf("resolver refuses with %v, which the oracle does not find (%v)", err, wantErr)
		}
	default:
		if diff := gocmp.Diff(want.Map(), cfg.Snapshot().Map(), cmpValues); diff != "" {
			t.Fatalf("snapshot (-oracle +resolver):\n%s", diff)
		}
	}
}

func TestResolverEqualsOracle(t *testing.T) { rapid.Check(t, propOracle) }

func TestResolverEqualsOracleLarge(t *testing.T) { rapid.Check(t, propOracleLarge) }

func FuzzResolverEqualsOracle(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propOracle)) }

// Law: the result does not depend on the order of assignments, and an
// equal-priority conflict is reported the same way whichever add-on comes
// first.
func propOrderIndependence(t *rapid.T) {
	w := drawWorld(t)
	a := drawAccount(t, w)
	b := a.Clone()
	b.AddOns = rapid.Permutation(b.AddOns).Draw(t, "permuted")
	ca, errA := w.r.Resolve(a, t0)
	cb, errB := w.r.Resolve(b, t0)
	if (errA == nil) != (errB == nil) {
		t.Fatalf("order changed the outcome: %v vs %v", errA, errB)
	}
	if errA != nil {
		if diff := gocmp.Diff(errA.Error(), errB.Error()); diff != "" {
			t.Fatalf("order changed the error (-a +b):\n%s", diff)
		}
		return
	}
	if diff := gocmp.Diff(ca.Snapshot().Map(), cb.Snapshot().Map(), cmpValues); diff != "" {
		t.Fatalf("order changed the configuration:\n%s", diff)
	}
	if ca.Explain() != cb.Explain() {
		t.Fatalf("order changed the explanation:\n%s\nvs\n%s", ca.Explain(), cb.Explain())
	}
}

func TestOrderIndependence(t *testing.T) { rapid.Check(t, propOrderIndependence) }

func FuzzOrderIndependence(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propOrderIndependence)) }

// outranks compares two layers by precedence: kind first (main < add-on <
// account), then priority.
func outranks(a, b entitlement.Layer) int {
	return cmp.Compare(a.Kind, b.Kind)*2 + cmp.Compare(a.Priority, b.Priority)
}

// Law: the highest layer that defines a feature or override attribute
// decides it; every shadowed layer ranks below (or, at equal priority,
// agrees); the account's value wins within its scope.
func propPriorityDominance(t *rapid.T) {
	w := drawWorld(t)
	a := drawAccount(t, w)
	cfg, err := w.r.Resolve(a, t0)
	if err != nil {
		t.Skip("refused")
	}
	for fs := range cfg.Features() {
		for _, s := range fs.Shadowed {
			if outranks(s.Layer, fs.By[0].Layer) > 0 {
				t.Fatalf("%s: decided by %v while %v ranks higher", fs.Feature, fs.By[0].Layer, s.Layer)
			}
			if outranks(s.Layer, fs.By[0].Layer) == 0 && s.State != fs.By[0].State {
				t.Fatalf("%s: equal-priority layers disagree yet resolved", fs.Feature)
			}
		}
	}
	for av := range cfg.Values() {
		for _, s := range av.Shadowed {
			if outranks(s.Layer, av.By[0].Layer) > 0 {
				t.Fatalf("%s: decided by %v while %v ranks higher", av.Attribute, av.By[0].Layer, s.Layer)
			}
		}
	}
	for _, v := range a.Values {
		attr, feature, _ := w.c.Attribute(v.Attribute)
		if !cfg.Enabled(feature) {
			continue
		}
		got, ok := cfg.Value(attr.ID)
		if !ok || !got.Equal(v.Value) {
			t.Fatalf("account value %s = %v lost: got %v", attr.ID, v.Value, got)
		}
	}
}

func TestPriorityDominance(t *testing.T) { rapid.Check(t, propPriorityDominance) }

func FuzzPriorityDominance(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propPriorityDominance)) }

// Law: a sum equals the sum of its contributions, each times its layer's
// quantity.
func propSumAdditivity(t *rapid.T) {
	w := drawWorld(t)
	a := drawAccount(t, w)
	cfg, err := w.r.Resolve(a, t0)
	if err != nil {
		t.Skip("refused")
	}
	for av := range cfg.Values() {
		if av.Combine != catalog.CombineSum || len(av.By) == 0 || av.By[0].Layer.Kind == entitlement.LayerAccount {
			continue
		}
		var sum decimal.Decimal
		for _, s := range av.By {
			d, _ := s.Value.AsDecimal()
			sum = sum.Add(d.Mul(decimal.NewFromInt(int64(s.Layer.Quantity))))
		}
		got, _ := av.Value.AsDecimal()
		if !got.Equal(sum) {
			t.Fatalf("%s = %s, contributions sum to %s", av.Attribute, got, sum)
		}
	}
}

func TestSumAdditivity(t *testing.T) { rapid.Check(t, propSumAdditivity) }

func FuzzSumAdditivity(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propSumAdditivity)) }

// Law: equal-priority conflict is symmetric: two conflicting add-ons are
// refused in either order, with the same error naming both.
func propConflictSymmetry(t *rapid.T) {
	w := drawWorld(t)
	addOns := w.c.AddOnIDs()
	if len(addOns) < 2 {
		t.Skip("fewer than two add-ons")
	}
	x := rapid.SampledFrom(addOns).Draw(t, "x")
	y := rapid.SampledFrom(addOns).Draw(t, "y")
	mains := w.c.MainProductIDs()
	main := rapid.SampledFrom(mains).Draw(t, "main")
	facts := map[string]decimal.Decimal{"arpu": dec("60"), "tenure": dec("3")}
	xy := entitlement.Account{Main: main, AddOns: []entitlement.Assignment{{AddOn: x}, {AddOn: y}}, Facts: facts}
	yx := entitlement.Account{Main: main, AddOns: []entitlement.Assignment{{AddOn: y}, {AddOn: x}}, Facts: facts}
	_, e1 := w.r.Resolve(xy, t0)
	_, e2 := w.r.Resolve(yx, t0)
	var c1, c2 *entitlement.ConflictError
	if errors.As(e1, &c1) != errors.As(e2, &c2) {
		t.Fatalf("conflict in one order only: %v / %v", e1, e2)
	}
	if c1 != nil {
		if diff := gocmp.Diff(c1, c2); diff != "" {
			t.Fatalf("conflict differs by order (-xy +yx):\n%s", diff)
		}
		if !slices.Contains(c1.AddOns[:], x) || !slices.Contains(c1.AddOns[:], y) {
			t.Fatalf("conflict %v does not name both %s and %s", c1, x, y)
		}
	}
}

func TestConflictSymmetry(t *testing.T) { rapid.Check(t, propConflictSymmetry) }

func FuzzConflictSymmetry(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propConflictSymmetry)) }

// Laws: resolving twice gives the same result; Diff(a, a) is empty; applying
// Diff(a, b) to a gives b.
func propIdempotenceAndDiff(t *rapid.T) {
	w := drawWorld(t)
	a := drawAccount(t, w)
	b := drawAccount(t, w)
	ca, err := w.r.Resolve(a, t0)
	if err != nil {
		t.Skip("refused")
	}
	again, err := w.r.Resolve(a, t0)
	if err != nil || ca.Explain() != again.Explain() {
		t.Fatalf("resolving twice differs: %v", err)
	}
	if d := entitlement.Diff(ca, again); len(d) != 0 {
		t.Fatalf("Diff(a, a) = %v", d)
	}
	cb, err := w.r.Resolve(b, t0)
	if err != nil {
		return
	}
	if got := ca.Snapshot().Apply(entitlement.Diff(ca, cb)); !got.Equal(cb.Snapshot()) {
		t.Fatalf("a + Diff(a, b) != b:\n%s", gocmp.Diff(cb.Snapshot().Map(), got.Map(), cmpValues))
	}
}

func TestIdempotenceAndDiff(t *testing.T) { rapid.Check(t, propIdempotenceAndDiff) }

func FuzzIdempotenceAndDiff(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propIdempotenceAndDiff)) }
