package entitlement_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// benchVersions is a 12-version set over the benchmark catalog
// (benchDefinition(40)): each version from the second on, a month after
// the one before, changes a value of three add-ons the benchmark account
// does not hold; versions 5 and 9 also change two it holds, and versions 3
// and 4 govern existing holdings a day after they come into force. It
// returns the set, the held products, and an instant after the last
// version's From.
func benchVersions(b *testing.B, held []string) (*catalog.Versions, time.Time) {
	def := benchDefinition(40)
	var unheld []int
	var heldAddOns []int
	for pi, p := range def.Products {
		if p.Kind != catalog.KindAddOn {
			continue
		}
		if slices.Contains(held, p.ID) {
			heldAddOns = append(heldAddOns, pi)
		} else {
			unheld = append(unheld, pi)
		}
	}
	bump := func(d *catalog.Definition, pi, by int) {
		fs := &d.Products[pi].Features[0]
		attr := fs.Values[0]
		if n, ok := attr.Value.AsInt(); ok {
			fs.Values[0].Value = catalog.Int(n + int64(by))
		} else {
			fs.State = catalog.StateOf(fs.State != catalog.Enabled)
		}
	}
	vs := []catalog.Version{{ID: "v01", Catalog: catalog.MustNew(def)}}
	for k := 2; k <= 12; k++ {
		def = def.Clone()
		for j := range 3 {
			bump(&def, unheld[(3*k+j)%len(unheld)], k)
		}
		if k == 5 || k == 9 {
			bump(&def, heldAddOns[k%len(heldAddOns)], k)
			bump(&def, heldAddOns[(k+3)%len(heldAddOns)], k)
		}
		from := t0.AddDate(0, k-1, 0)
		ver := catalog.Version{ID: "v" + string(rune('0'+k/10)) + string(rune('0'+k%10)), From: from, Catalog: catalog.MustNew(def)}
		if k == 3 || k == 4 {
			ver.Existing = from.AddDate(0, 0, 1)
		}
		vs = append(vs, ver)
	}
	set, err := catalog.NewVersions(vs...)
	if err != nil {
		b.Fatal(err)
	}
	return set, vs[len(vs)-1].From.AddDate(0, 0, 10)
}

// benchSoldAt returns a with every holding sold at terms.
func benchSoldAt(a entitlement.Account, terms time.Time) entitlement.Account {
	a = a.Clone()
	a.MainTerms = terms
	for i := range a.AddOns {
		a.AddOns[i].Terms = terms
	}
	return a
}

// BenchmarkResolveVersions compares, in one run, resolving the benchmark
// account (1 main + 10 add-ons × 20 features, 2,000 features) with the
// plain Resolver of the latest catalog (single) and with a Versioned over
// 12 versions: sold under the latest version (12versions_current; target
// within 1.2× of single), and sold under the first, holding products later
// versions changed (12versions_grandfathered: a composed catalog, built on
// the first call and kept).
func BenchmarkResolveVersions(b *testing.B) {
	a := benchAccount(rand.New(rand.NewPCG(3, 4)), 40)
	held := []string{a.Main}
	for _, asg := range a.AddOns {
		held = append(held, asg.AddOn)
	}
	set, now := benchVersions(b, held)
	latest, _ := set.Version(set.Len() - 1)
	v := entitlement.NewVersioned(set)
	single := entitlement.NewResolver(latest.Catalog)
	current := benchSoldAt(a, latest.From)
	old := benchSoldAt(a, t0.AddDate(0, 0, -1))

	if r, err := v.ResolverAt(current, now); err != nil || r.Catalog() != set.View(set.Len()-1) {
		b.Fatalf("current account: not the latest view (%v)", err)
	}
	if r, err := v.ResolverAt(old, now); err != nil || r.Catalog() == set.View(set.Len()-1) {
		b.Fatalf("grandfathered account: not a composed catalog (%v)", err)
	}
	want, err := single.Resolve(a, now)
	if err != nil {
		b.Fatal(err)
	}
	if got, err := v.Resolve(current, now); err != nil || len(entitlement.Diff(want, got)) != 0 {
		b.Fatalf("current account resolves otherwise than the single catalog (%v)", err)
	}
	if got, err := v.Resolve(old, now); err != nil || len(entitlement.Diff(want, got)) == 0 {
		b.Fatalf("grandfathered account resolves as the latest catalog (%v)", err)
	}

	run := func(resolve func() (entitlement.Config, error)) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := resolve(); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("single", run(func() (entitlement.Config, error) { return single.Resolve(a, now) }))
	b.Run("12versions_current", run(func() (entitlement.Config, error) { return v.Resolve(current, now) }))
	b.Run("12versions_grandfathered", run(func() (entitlement.Config, error) { return v.Resolve(old, now) }))
}
