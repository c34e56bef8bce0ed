package entitlement_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/internal/catalogtest"
)

// nearT0 returns t0 moved by n nanoseconds: the instants of these
// properties lie a few nanoseconds apart around t0, where drawAccount puts
// its histories, so that versions, holdings and resolution interleave.
func nearT0(n int) time.Time { return t0.Add(time.Duration(n)) }

// drawNear draws an instant a few nanoseconds around t0.
func drawNear(t *rapid.T, label string) time.Time {
	return nearT0(rapid.IntRange(-4, 4).Draw(t, label))
}

// drawAnyTerms gives some of a's holdings a terms instant around t0 (a
// single catalog version governs them whatever it is).
func drawAnyTerms(t *rapid.T, a *entitlement.Account) {
	terms := func(label string) time.Time {
		if rapid.Bool().Draw(t, label+" zero") {
			return time.Time{}
		}
		return drawNear(t, label)
	}
	a.MainTerms = terms("main terms")
	for i := range a.PastMains {
		a.PastMains[i].Terms = terms("past terms")
	}
	for i := range a.AddOns {
		a.AddOns[i].Terms = terms("add-on terms")
	}
}

// sameResolution fails unless two resolutions agree: both refused with the
// same message, or the same configuration.
func sameResolution(t *rapid.T, what string, want entitlement.Config, wantErr error, got entitlement.Config, err error) {
	t.Helper()
	switch {
	case (wantErr == nil) != (err == nil):
		t.Fatalf("%s: want err %v, versioned err %v", what, wantErr, err)
	case err != nil:
		if wantErr.Error() != err.Error() {
			t.Fatalf("%s: errors differ (-want +versioned):\n%s", what, gocmp.Diff(wantErr.Error(), err.Error()))
		}
	default:
		if diff := gocmp.Diff(want.Snapshot().Map(), got.Snapshot().Map(), cmpValues); diff != "" {
			t.Fatalf("%s: configuration (-want +versioned):\n%s", what, diff)
		}
	}
}

// Law: a set of one version resolves, sells and changes main products as
// the plain Resolver of its catalog does, whatever terms the holdings
// carry (Assign only stamps a zero Terms with the sale instant).
func propSingleVersion(t *rapid.T) {
	w := drawWorld(t)
	ver := catalog.Version{ID: "v1", Catalog: w.c}
	if rapid.Bool().Draw(t, "from set") {
		ver.From = t0.Add(-time.Hour)
	}
	if rapid.Bool().Draw(t, "existing set") {
		ver.Existing = t0
	}
	set, err := catalog.NewVersions(ver)
	if err != nil {
		t.Fatalf("a valid catalog makes an invalid version set: %v", err)
	}
	v := entitlement.NewVersioned(set)
	a := drawAccount(t, w)
	drawAnyTerms(t, &a)
	at := drawNear(t, "at")

	want, wantErr := w.r.Resolve(a, at)
	got, err := v.Resolve(a, at)
	sameResolution(t, "Resolve", want, wantErr, got, err)
	resolveErr := err

	asg := entitlement.Assignment{
		AddOn:    rapid.SampledFrom(w.c.ProductIDs()).Draw(t, "add-on"),
		Quantity: rapid.IntRange(-1, 3).Draw(t, "quantity"),
		From:     rapid.SampledFrom([]time.Time{{}, at, at.Add(1)}).Draw(t, "from"),
		Until:    rapid.SampledFrom([]time.Time{{}, at.Add(-1), at.Add(2)}).Draw(t, "until"),
	}
	if rapid.Bool().Draw(t, "terms set") {
		asg.Terms = drawNear(t, "terms")
	}
	wantAcct, want, wantErr := w.r.Assign(a, asg, at)
	gotAcct, got, err := v.Assign(a, asg, at)
	sameResolution(t, "Assign", want, wantErr, got, err)
	if err == nil && asg.Terms.IsZero() {
		wantAcct.AddOns[len(wantAcct.AddOns)-1].Terms = at
	}
	if diff := gocmp.Diff(wantAcct, gotAcct, accountOpts); diff != "" {
		t.Fatalf("Assign: account (-single +versioned):\n%s", diff)
	}

	main := rapid.SampledFrom(w.c.ProductIDs()).Draw(t, "new main")
	wantAcct, wantChange, wantErr := w.r.ChangeMain(a, main, at)
	gotAcct, gotChange, err := v.ChangeMain(a, main, at)
	if errors.Is(wantErr, entitlement.ErrNotMain) && resolveErr != nil && err != nil && err.Error() == resolveErr.Error() {
		// A known divergence: for an account that does not resolve at at
		// and a newMain that is an add-on, Versioned.ChangeMain reports the
		// resolution error (it resolves the account first), and
		// Resolver.ChangeMain the *KindError (it checks newMain first).
		return
	}
	sameResolution(t, "ChangeMain", wantChange.Config, wantErr, gotChange.Config, err)
	if diff := gocmp.Diff(wantAcct, gotAcct, accountOpts); diff != "" {
		t.Fatalf("ChangeMain: account (-single +versioned):\n%s", diff)
	}
	if diff := gocmp.Diff(wantChange, gotChange, cmpValues, cmpopts.IgnoreFields(entitlement.MainChange{}, "Config")); diff != "" {
		t.Fatalf("ChangeMain: change (-single +versioned):\n%s", diff)
	}
}

func TestSingleVersionIsTheCatalog(t *testing.T) { rapid.Check(t, propSingleVersion) }

func FuzzSingleVersionIsTheCatalog(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propSingleVersion)) }

// drawRevision returns def with some products revised, as a later catalog
// version might: an add-on's priority, a feature's state, an attribute's
// value (a constant that fits the attribute) changed, a feature set that
// was not. Kinds, attributes and rules stay, so the set stays valid.
func drawRevision(t *rapid.T, c *catalog.Catalog, def catalog.Definition) catalog.Definition {
	def = def.Clone()
	states := []catalog.State{catalog.Undefined, catalog.Enabled, catalog.Disabled}
	for pi := range def.Products {
		p := &def.Products[pi]
		if !rapid.Bool().Draw(t, "revise "+p.ID) {
			continue
		}
		if p.Kind == catalog.KindAddOn {
			p.Priority = rapid.SampledFrom([]int{5, 10, 20}).Draw(t, "priority")
		}
		for si := range p.Features {
			fs := &p.Features[si]
			if rapid.IntRange(0, 3).Draw(t, "revise state") == 0 {
				fs.State = rapid.SampledFrom(states).Draw(t, "state")
			}
			for vi := range fs.Values {
				if rapid.Bool().Draw(t, "revise value") {
					attr, _, _ := c.Attribute(fs.Values[vi].Attribute)
					fs.Values[vi].Value = catalogtest.Constant(attr).Draw(t, "value")
				}
			}
		}
		f := rapid.SampledFrom(c.FeatureIDs()).Draw(t, "feature to set")
		if !slices.ContainsFunc(p.Features, func(fs catalog.FeatureSetting) bool { return fs.Feature == f }) {
			p.Features = append(p.Features, catalog.FeatureSetting{Feature: f, State: rapid.SampledFrom(states[1:]).Draw(t, "new state")})
		}
	}
	return def
}

// revisedWorld is a set of two or three versions: the drawn catalog, then
// revisions of it, each in force a few nanoseconds after the one before,
// sometimes governing existing holdings.
type revisedWorld struct {
	world
	vs  []catalog.Version
	set *entitlement.Versioned
}

func drawRevisedWorld(t *rapid.T) revisedWorld {
	// Small catalogs only: every combination of terms composes a catalog.
	c, err := catalog.New(catalogtest.Definition(catalogtest.Config{}).Draw(t, "catalog"))
	if err != nil {
		t.Fatalf("generated catalog is invalid: %v", err)
	}
	w := world{c, entitlement.NewResolver(c)}
	vs := []catalog.Version{{ID: "v1", Catalog: w.c}}
	from := drawNear(t, "v2 from")
	for i := range rapid.IntRange(1, 2).Draw(t, "revisions") {
		c, err := catalog.New(drawRevision(t, w.c, w.c.Definition()))
		if err != nil {
			t.Fatalf("revision %d is invalid: %v", i+1, err)
		}
		ver := catalog.Version{ID: "v" + string(rune('2'+i)), From: from, Catalog: c}
		if rapid.IntRange(0, 2).Draw(t, "existing set") == 0 {
			ver.Existing = from.Add(time.Duration(rapid.IntRange(0, 3).Draw(t, "existing after from")))
		}
		vs = append(vs, ver)
		from = from.Add(time.Duration(rapid.IntRange(1, 3).Draw(t, "next from")))
	}
	set, err := catalog.NewVersions(vs...)
	if err != nil {
		t.Fatalf("revisions make an invalid version set: %v", err)
	}
	return revisedWorld{w, vs, entitlement.NewVersioned(set)}
}

// allSoldUnder gives every holding of a the terms of version i: its From, or
// for the first version an instant long before the second's.
func allSoldUnder(a *entitlement.Account, vs []catalog.Version, i int) {
	terms := vs[i].From
	if i == 0 {
		terms = t0.Add(-time.Hour)
	}
	a.MainTerms = terms
	for k := range a.PastMains {
		a.PastMains[k].Terms = terms
	}
	for k := range a.AddOns {
		a.AddOns[k].Terms = terms
	}
}

// Laws: moving an account sold under one version to another, at an
// instant, changes nothing before that instant; moving it back, at the
// same instant, changes nothing from that instant on either. Each instant
// resolves as before: the same configuration, or the same refusal.
func propMoveRoundTrip(t *rapid.T) {
	w := drawRevisedWorld(t)
	a := drawAccount(t, w.world)
	orig := rapid.IntRange(0, len(w.vs)-1).Draw(t, "sold under")
	allSoldUnder(&a, w.vs, orig)
	to := (orig + rapid.IntRange(1, len(w.vs)-1).Draw(t, "moved to, after")) % len(w.vs)
	at := drawNear(t, "at")
	moved, err := w.set.Move(a, w.vs[to].ID, at)
	if err != nil {
		t.Skip("cannot move there: ", err)
	}
	back, err := w.set.Move(moved, w.vs[orig].ID, at)
	if err != nil {
		if _, e := w.set.Resolve(a, at); e == nil {
			t.Fatalf("moving back fails (%v), though the account resolved at %v before", err, at)
		}
		return
	}
	check := func(what string, b entitlement.Account, s time.Time) {
		before, errBefore := w.set.Resolve(a, s)
		after, errAfter := w.set.Resolve(b, s)
		switch {
		case (errBefore == nil) != (errAfter == nil):
			t.Fatalf("%s, at %v: err %v before, %v after\naccount: %+v", what, s, errBefore, errAfter, b)
		case errBefore != nil:
			if errBefore.Error() != errAfter.Error() {
				t.Fatalf("%s, at %v: refusal changed (-before +after):\n%s", what, s, gocmp.Diff(errBefore.Error(), errAfter.Error()))
			}
		default:
			if d := entitlement.Diff(before, after); len(d) != 0 {
				t.Fatalf("%s, at %v: configuration changed %v\naccount: %+v", what, s, d, b)
			}
		}
	}
	for n := 1; n <= 8; n++ {
		check("moved to "+w.vs[to].ID+", before the move", moved, at.Add(-time.Duration(n)))
		check("moved to "+w.vs[to].ID+" and back, from the move on", back, at.Add(time.Duration(n-1)))
	}
	check("moved, long before", moved, t0.Add(-time.Hour))
	check("moved and back, long after", back, t0.Add(time.Hour))
}

func TestMoveRoundTrip(t *testing.T) { rapid.Check(t, propMoveRoundTrip) }

func FuzzMoveRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propMoveRoundTrip)) }

// The revised worlds are valid version sets: drawRevisedWorld fails the
// test otherwise.
func TestRevisedWorldsAreValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { drawRevisedWorld(t) })
}

// Law: the resolver ResolverAt picks resolves as the obvious one does: the
// version in force at the instant composed with every product held pinned
// to the version governing it (Versions.Governing; for a product held more
// than once, the newest), skipping nothing.
func propResolverAtOracle(t *rapid.T) {
	w := drawRevisedWorld(t)
	a := drawAccount(t, w.world)
	drawAnyTerms(t, &a)
	if len(a.AddOns) > 0 && rapid.Bool().Draw(t, "held twice") {
		again := rapid.SampledFrom(a.AddOns).Draw(t, "add-on held again")
		again.Terms = drawNear(t, "its other terms")
		a.AddOns = append(a.AddOns, again)
	}
	at := drawNear(t, "at")
	set := w.set.Versions()
	pins := map[string]int{}
	hold := func(product string, terms time.Time) {
		if g, ok := set.Governing(product, terms, at); ok {
			if old, held := pins[product]; !held || g > old {
				pins[product] = g
			}
		}
	}
	if p, ok := a.MainAt(at); ok {
		terms := a.MainTerms
		if !a.MainFrom.IsZero() && at.Before(a.MainFrom) {
			for i := len(a.PastMains) - 1; i >= 0; i-- {
				if pm := a.PastMains[i]; pm.From.IsZero() || !at.Before(pm.From) {
					terms = cmpOr(pm.Terms, pm.From)
					break
				}
			}
		} else {
			terms = cmpOr(terms, a.MainFrom)
		}
		hold(p, terms)
	}
	for _, asg := range a.AddOns {
		if asg.ActiveAt(at) {
			hold(asg.AddOn, cmpOr(asg.Terms, asg.From))
		}
	}
	cat, err := set.Compose(max(set.IndexAt(at), 0), pins)
	if err != nil {
		t.Fatalf("the oracle's composition is invalid: %v", err)
	}
	want, wantErr := entitlement.NewResolver(cat).Resolve(a, at)
	got, err := w.set.Resolve(a, at)
	sameResolution(t, "Resolve against the obvious composition", want, wantErr, got, err)
}

// cmpOr returns terms, or from when terms is zero.
func cmpOr(terms, from time.Time) time.Time {
	if terms.IsZero() {
		return from
	}
	return terms
}

func TestResolverAtEqualsOracle(t *testing.T) { rapid.Check(t, propResolverAtOracle) }

func FuzzResolverAtEqualsOracle(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propResolverAtOracle)) }
