package entitlement_test

import (
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/internal/catalogtest"
	"github.com/tariffkit/tariff/internal/resolveoracle"
)

// The read paths that skip provenance (Snapshot, Diff, Enabled, Value) and
// the walks that compute it for every feature or value (Features, Values,
// Explain) each have a slower counterpart they are checked against here:
// the oracle's snapshot, and Feature and Attribute, which look each layer
// up one feature or attribute at a time.

// lookupSnapshot is the snapshot of cfg built from one Feature and one
// Attribute call per catalog ID.
func lookupSnapshot(c *catalog.Catalog, cfg entitlement.Config) entitlement.Snapshot {
	m := map[string]map[string]catalog.Value{}
	for _, f := range c.FeatureIDs() {
		if fs, _ := cfg.Feature(f); fs.Enabled {
			m[f] = map[string]catalog.Value{}
		}
	}
	for i := range c.NumAttributes() {
		attr, _ := c.AttributeAt(i)
		if av, ok := cfg.Attribute(attr.ID); ok {
			m[av.Feature][av.Attribute] = av.Value
		}
	}
	return entitlement.SnapshotOf(m)
}

// Law: Snapshot equals the oracle's snapshot and the one built from
// Feature and Attribute, for catalogs in and out of ID order; its reads
// (Enabled, Value, Features, Values, Len) agree with Feature and
// Attribute, and it survives the round trip through Map. Enabled and Value
// of the Config agree with Feature and Attribute.
func propSnapshotEqualsLookups(t *rapid.T) {
	w := drawShuffledWorld(t)
	a := drawAccount(t, w)
	cfg, err := w.r.Resolve(a, t0)
	if err != nil {
		t.Skip("refused")
	}
	want, err := resolveoracle.Resolve(w.c, a, t0)
	if err != nil {
		t.Fatalf("resolver accepts, oracle refuses: %v", err)
	}
	got := cfg.Snapshot()
	if !got.Equal(want) {
		t.Fatalf("Snapshot (-oracle +got):\n%s", gocmp.Diff(want.Map(), got.Map(), cmpValues))
	}
	if want := lookupSnapshot(w.c, cfg); !got.Equal(want) {
		t.Fatalf("Snapshot (-lookups +got):\n%s", gocmp.Diff(want.Map(), got.Map(), cmpValues))
	}
	if back := entitlement.SnapshotOf(got.Map()); !back.Equal(got) {
		t.Fatalf("SnapshotOf(s.Map()) (-s +back):\n%s", gocmp.Diff(got.Map(), back.Map(), cmpValues))
	}
	checkSnapshotReads(t, w.c, cfg, got)
	for _, f := range w.c.FeatureIDs() {
		if fs, _ := cfg.Feature(f); cfg.Enabled(f) != fs.Enabled {
			t.Fatalf("Enabled(%s) = %v, Feature says %v", f, cfg.Enabled(f), fs.Enabled)
		}
	}
	for i := range w.c.NumAttributes() {
		attr, _ := w.c.AttributeAt(i)
		v, ok := cfg.Value(attr.ID)
		av, okA := cfg.Attribute(attr.ID)
		if ok != okA || ok && !v.Equal(av.Value) {
			t.Fatalf("Value(%s) = %v, %v; Attribute says %v, %v", attr.ID, v, ok, av.Value, okA)
		}
	}
}

// checkSnapshotReads fails unless the reads of s, cfg's snapshot, agree
// with cfg's Feature and Attribute: Enabled and Value for every catalog
// ID, Features the enabled ones in ID order, Len their number, Values
// each one's values in attribute ID order.
func checkSnapshotReads(t *rapid.T, c *catalog.Catalog, cfg entitlement.Config, s entitlement.Snapshot) {
	t.Helper()
	var enabled []string
	for _, f := range c.FeatureIDs() {
		fs, _ := cfg.Feature(f)
		if s.Enabled(f) != fs.Enabled {
			t.Fatalf("Snapshot.Enabled(%s) = %v, Feature says %v", f, s.Enabled(f), fs.Enabled)
		}
		if fs.Enabled {
			enabled = append(enabled, f)
		}
		var wantV, gotV []catalog.AttributeValue
		for _, attr := range c.FeatureAt(mustFeatureIndex(t, c, f)).Attributes {
			av, ok := cfg.Attribute(attr.ID)
			v, okS := s.Value(f, attr.ID)
			if ok != okS || ok && !v.Equal(av.Value) {
				t.Fatalf("Snapshot.Value(%s, %s) = %v, %v; Attribute says %v, %v", f, attr.ID, v, okS, av.Value, ok)
			}
			if _, ok := s.Value(f+"~", attr.ID); ok {
				t.Fatalf("Snapshot.Value(%s~, %s): a value of another feature", f, attr.ID)
			}
			if ok {
				wantV = append(wantV, catalog.AttributeValue{Attribute: attr.ID, Value: av.Value})
			}
		}
		slices.SortFunc(wantV, func(x, y catalog.AttributeValue) int { return strings.Compare(x.Attribute, y.Attribute) })
		for a, v := range s.Values(f) {
			gotV = append(gotV, catalog.AttributeValue{Attribute: a, Value: v})
		}
		if diff := gocmp.Diff(wantV, gotV, cmpValues); diff != "" {
			t.Fatalf("Snapshot.Values(%s) (-Attribute +Values):\n%s", f, diff)
		}
	}
	slices.Sort(enabled)
	if got := slices.Collect(s.Features()); !slices.Equal(enabled, got) || s.Len() != len(enabled) {
		t.Fatalf("Snapshot.Features() = %v, Len %d; Feature enables %v", got, s.Len(), enabled)
	}
}

func mustFeatureIndex(t *rapid.T, c *catalog.Catalog, f string) int {
	i, ok := c.FeatureIndex(f)
	if !ok {
		t.Fatalf("FeatureIndex(%s): unknown", f)
	}
	return i
}

func TestSnapshotEqualsLookups(t *testing.T) { rapid.Check(t, propSnapshotEqualsLookups) }

func FuzzSnapshotEqualsLookups(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propSnapshotEqualsLookups)) }

// Law: the walks give every feature and value what Feature and Attribute
// give it, provenance included, in catalog order.
func propWalksEqualLookups(t *rapid.T) {
	w := drawWorld(t)
	cfg, err := w.r.Resolve(drawAccount(t, w), t0)
	if err != nil {
		t.Skip("refused")
	}
	var wantF, gotF []entitlement.ResolvedFeature
	for _, f := range w.c.FeatureIDs() {
		fs, _ := cfg.Feature(f)
		wantF = append(wantF, fs)
	}
	for fs := range cfg.Features() {
		gotF = append(gotF, fs)
	}
	if diff := gocmp.Diff(wantF, gotF, cmpValues); diff != "" {
		t.Fatalf("Features (-Feature +Features):\n%s", diff)
	}
	var wantV, gotV []entitlement.ResolvedValue
	for i := range w.c.NumAttributes() {
		attr, _ := w.c.AttributeAt(i)
		if av, ok := cfg.Attribute(attr.ID); ok {
			wantV = append(wantV, av)
		}
	}
	for av := range cfg.Values() {
		gotV = append(gotV, av)
	}
	if diff := gocmp.Diff(wantV, gotV, cmpValues); diff != "" {
		t.Fatalf("Values (-Attribute +Values):\n%s", diff)
	}
}

func TestWalksEqualLookups(t *testing.T) { rapid.Check(t, propWalksEqualLookups) }

func FuzzWalksEqualLookups(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propWalksEqualLookups)) }

// drawNearAccount draws an account close to a, so that the two configurations
// share most of what their layers define: a without one assignment, or with
// its own settings redrawn (the same attributes, other values), or else
// any account.
func drawNearAccount(t *rapid.T, w world, a entitlement.Account) entitlement.Account {
	b := a.Clone()
	switch rapid.IntRange(0, 2).Draw(t, "near") {
	case 0:
		if len(b.AddOns) > 0 {
			i := rapid.IntRange(0, len(b.AddOns)-1).Draw(t, "dropped")
			b.AddOns = append(b.AddOns[:i], b.AddOns[i+1:]...)
		}
	case 1:
		for i := range b.States {
			b.States[i].State = catalog.StateOf(rapid.Bool().Draw(t, "on"))
		}
		for i := range b.Values {
			attr, _, _ := w.c.Attribute(b.Values[i].Attribute)
			b.Values[i].Value = catalogtest.Constant(attr).Draw(t, "value")
		}
	default:
		return drawAccount(t, w)
	}
	return b
}

// drawShuffledWorld draws a world, half the time with its features, and
// each feature's attributes, out of ID order: Diff then sorts its changes.
func drawShuffledWorld(t *rapid.T) world {
	if rapid.Bool().Draw(t, "in order") {
		return drawWorld(t)
	}
	def := catalogtest.Definition(catalogtest.Config{}).Draw(t, "catalog")
	def.Features = rapid.Permutation(def.Features).Draw(t, "features")
	for i := range def.Features {
		def.Features[i].Attributes = rapid.Permutation(def.Features[i].Attributes).Draw(t, "attributes")
	}
	c, err := catalog.New(def)
	if err != nil {
		t.Fatalf("shuffled catalog is invalid: %v", err)
	}
	return world{c, entitlement.NewResolver(c)}
}

// Law: Diff of two configurations of one Resolver, which compares their
// blocks, equals DiffSnapshots of the oracle's snapshots, and so do
// DiffSnapshots and Equal of the configurations' snapshots; Diff(a, a) is
// empty.
func propDiffEqualsSnapshotDiff(t *rapid.T) {
	w := drawShuffledWorld(t)
	a := drawAccount(t, w)
	b := drawNearAccount(t, w, a)
	ca, errA := w.r.Resolve(a, t0)
	cb, errB := w.r.Resolve(b, t0)
	if errA != nil || errB != nil {
		t.Skip("refused")
	}
	sa, errA := resolveoracle.Resolve(w.c, a, t0)
	sb, errB := resolveoracle.Resolve(w.c, b, t0)
	if errA != nil || errB != nil {
		t.Fatalf("resolver accepts, oracle refuses: %v, %v", errA, errB)
	}
	want := entitlement.DiffSnapshots(sa, sb)
	if diff := gocmp.Diff(want, entitlement.Diff(ca, cb), cmpValues); diff != "" {
		t.Fatalf("Diff (-DiffSnapshots +Diff):\n%s", diff)
	}
	// The configurations' snapshots compare as Diff compares them; against
	// the oracle's, they are listed first.
	if diff := gocmp.Diff(want, entitlement.DiffSnapshots(ca.Snapshot(), cb.Snapshot()), cmpValues); diff != "" {
		t.Fatalf("DiffSnapshots of the configurations' snapshots (-oracle's +got):\n%s", diff)
	}
	if diff := gocmp.Diff(want, entitlement.DiffSnapshots(ca.Snapshot(), sb), cmpValues); diff != "" {
		t.Fatalf("DiffSnapshots of a configuration's snapshot and the oracle's (-oracle's +got):\n%s", diff)
	}
	if got := ca.Snapshot().Equal(cb.Snapshot()); got != (want == nil) || got != sa.Equal(sb) {
		t.Fatalf("Equal of the configurations' snapshots = %v; the oracle's differ in %v", got, want)
	}
	if d := entitlement.Diff(cb, cb); d != nil {
		t.Fatalf("Diff(b, b) = %v", d)
	}
}

func TestDiffEqualsSnapshotDiff(t *testing.T) { rapid.Check(t, propDiffEqualsSnapshotDiff) }

func FuzzDiffEqualsSnapshotDiff(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propDiffEqualsSnapshotDiff)) }
