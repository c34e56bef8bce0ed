package entitlement_test

import (
	"maps"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// snapshotMap draws a snapshot in its map form over few IDs, so that two
// draws share features and attributes: a nil map now and then for a
// feature without values, and "" among the IDs.
var snapshotMap = rapid.Custom(func(t *rapid.T) map[string]map[string]catalog.Value {
	ids := rapid.SampledFrom([]string{"", "a", "b", "c", "d"})
	values := rapid.SampledFrom([]catalog.Value{catalog.Int(1), catalog.Int(2), catalog.Bool(true), catalog.Enum("x")})
	m := map[string]map[string]catalog.Value{}
	for range rapid.IntRange(0, 5).Draw(t, "features") {
		f := ids.Draw(t, "feature")
		if rapid.IntRange(0, 4).Draw(t, "nil") == 0 {
			m[f] = nil
			continue
		}
		vals := map[string]catalog.Value{}
		for range rapid.IntRange(0, 4).Draw(t, "values") {
			vals[ids.Draw(t, "attribute")] = values.Draw(t, "value")
		}
		m[f] = vals
	}
	return m
})

// normal returns m as Snapshot.Map returns it: an empty map where m has
// nil.
func normal(m map[string]map[string]catalog.Value) map[string]map[string]catalog.Value {
	out := map[string]map[string]catalog.Value{}
	for f, vals := range m {
		out[f] = maps.Clone(vals)
		if out[f] == nil {
			out[f] = map[string]catalog.Value{}
		}
	}
	return out
}

// modelDiff is DiffSnapshots over maps, written for clarity: the model the
// linear walk is checked against.
func modelDiff(from, to map[string]map[string]catalog.Value) []entitlement.Change {
	var out []entitlement.Change
	for _, f := range unionKeys(from, to) {
		a, inFrom := from[f]
		b, inTo := to[f]
		switch {
		case !inTo:
			out = append(out, entitlement.Change{Kind: entitlement.SwitchOff, Feature: f})
			continue
		case !inFrom:
			out = append(out, entitlement.Change{Kind: entitlement.SwitchOn, Feature: f})
		}
		for _, k := range unionKeys(a, b) {
			va, okA := a[k]
			vb, okB := b[k]
			switch {
			case okA && okB && !va.Equal(vb):
				out = append(out, entitlement.Change{Kind: entitlement.Modify, Feature: f, Attribute: k, From: va, To: vb})
			case !okA && okB:
				out = append(out, entitlement.Change{Kind: entitlement.SetValue, Feature: f, Attribute: k, To: vb})
			case okA && !okB:
				out = append(out, entitlement.Change{Kind: entitlement.Unset, Feature: f, Attribute: k, From: va})
			}
		}
	}
	return out
}

func unionKeys[V any](a, b map[string]V) []string {
	keys := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// Law: a snapshot reads as the map it was made of — Map, Enabled, Value,
// Features, Values, Len — and SnapshotOf(s.Map()) equals s; two snapshots
// are Equal exactly when their maps are.
func propSnapshotOfMap(t *rapid.T) {
	m, o := snapshotMap.Draw(t, "m"), snapshotMap.Draw(t, "o")
	s := entitlement.SnapshotOf(m)
	if diff := gocmp.Diff(normal(m), s.Map(), cmpValues); diff != "" {
		t.Fatalf("SnapshotOf(m).Map() (-m +Map):\n%s", diff)
	}
	if back := entitlement.SnapshotOf(s.Map()); !back.Equal(s) {
		t.Fatalf("SnapshotOf(s.Map()) (-s +back):\n%s", gocmp.Diff(s.Map(), back.Map(), cmpValues))
	}
	if got, want := slices.Collect(s.Features()), slices.Sorted(maps.Keys(m)); !slices.Equal(got, want) || s.Len() != len(want) {
		t.Fatalf("Features() = %q, Len %d; want %q", got, s.Len(), want)
	}
	for _, f := range []string{"", "a", "b", "c", "d", "e"} {
		vals, on := m[f]
		if s.Enabled(f) != on {
			t.Fatalf("Enabled(%q) = %v, want %v", f, s.Enabled(f), on)
		}
		var attrs []string
		for a, v := range s.Values(f) {
			attrs = append(attrs, a)
			if w, ok := vals[a]; !ok || !w.Equal(v) {
				t.Fatalf("Values(%q) yields %q = %v; the map has %v, %v", f, a, v, w, ok)
			}
		}
		if want := slices.Sorted(maps.Keys(vals)); !slices.Equal(attrs, want) {
			t.Fatalf("Values(%q) yields %q, want %q", f, attrs, want)
		}
		for _, a := range []string{"", "a", "b", "c", "d", "e"} {
			w, okW := vals[a]
			if v, ok := s.Value(f, a); ok != okW || ok && !v.Equal(w) {
				t.Fatalf("Value(%q, %q) = %v, %v; want %v, %v", f, a, v, ok, w, okW)
			}
		}
	}
	equal := gocmp.Equal(normal(m), normal(o), cmpValues)
	if got := s.Equal(entitlement.SnapshotOf(o)); got != equal {
		t.Fatalf("Equal = %v, the maps' equality %v", got, equal)
	}
}

func TestSnapshotOfMap(t *testing.T) { rapid.Check(t, propSnapshotOfMap) }

func FuzzSnapshotOfMap(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propSnapshotOfMap)) }

// Law: DiffSnapshots equals the map model's diff, and applying it to from
// gives to.
func propDiffSnapshotsEqualsModel(t *rapid.T) {
	m, o := snapshotMap.Draw(t, "from"), snapshotMap.Draw(t, "to")
	from, to := entitlement.SnapshotOf(m), entitlement.SnapshotOf(o)
	got := entitlement.DiffSnapshots(from, to)
	if diff := gocmp.Diff(modelDiff(m, o), got, cmpValues); diff != "" {
		t.Fatalf("DiffSnapshots (-model +got):\n%s", diff)
	}
	if applied := from.Apply(got); !applied.Equal(to) {
		t.Fatalf("from + DiffSnapshots(from, to) (-to +applied):\n%s", gocmp.Diff(to.Map(), applied.Map(), cmpValues))
	}
}

func TestDiffSnapshotsEqualsModel(t *testing.T) { rapid.Check(t, propDiffSnapshotsEqualsModel) }

func FuzzDiffSnapshotsEqualsModel(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propDiffSnapshotsEqualsModel)) }
