package entitlement_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/internal/resolveoracle"
)

// benchDefinition is DESIGN.md's benchmark catalog: 2,000 features, each
// with one attribute (integers that sum, integers and enums that override),
// a main product and add-ons defining 20 features each at distinct
// priorities, so the ten assigned add-ons overlap without conflict.
func benchDefinition(addOns int) catalog.Definition {
	rng := rand.New(rand.NewPCG(1, 2))
	d := catalog.Definition{ServiceTypes: []catalog.ServiceType{{ID: "svc"}}}
	for i := range 2000 {
		f := catalog.Feature{ID: fmt.Sprintf("f%04d", i), ServiceType: "svc", DefaultEnabled: i%3 == 0}
		a := catalog.Attribute{ID: fmt.Sprintf("a%04d", i)}
		switch i % 3 {
		case 0:
			a.Type, a.Combine = catalog.TypeInteger, catalog.CombineSum
		case 1:
			a.Type = catalog.TypeInteger
		case 2:
			a.Type, a.Allowed = catalog.TypeEnum, []string{"x", "y", "z"}
		}
		f.Attributes = []catalog.Attribute{a}
		d.Features = append(d.Features, f)
	}
	settings := func() []catalog.FeatureSetting {
		var out []catalog.FeatureSetting
		for _, fi := range rng.Perm(2000)[:20] {
			fs := catalog.FeatureSetting{Feature: d.Features[fi].ID, State: catalog.StateOf(rng.IntN(4) != 0)}
			a := d.Features[fi].Attributes[0]
			var v catalog.Value
			switch a.Type {
			case catalog.TypeInteger:
				v = catalog.Int(int64(rng.IntN(500)))
			default:
				v = catalog.Enum(a.Allowed[rng.IntN(3)])
			}
			fs.Values = []catalog.AttributeValue{{Attribute: a.ID, Value: v}}
			out = append(out, fs)
		}
		return out
	}
	d.Products = append(d.Products, catalog.Product{ID: "main", Kind: catalog.KindMain, Features: settings()})
	for i := range addOns {
		d.Products = append(d.Products, catalog.Product{ID: fmt.Sprintf("addon%03d", i), Kind: catalog.KindAddOn,
			Priority: i, AllowedMain: []string{"main"}, MaxQuantity: 3, Features: settings()})
	}
	return d
}

func benchAccount(rng *rand.Rand, addOns int) entitlement.Account {
	a := entitlement.Account{ID: "bench", Main: "main"}
	for _, i := range rng.Perm(addOns)[:10] {
		a.AddOns = append(a.AddOns, entitlement.Assignment{AddOn: fmt.Sprintf("addon%03d", i), Quantity: 1 + rng.IntN(3)})
	}
	return a
}

// BenchmarkResolve_10AddOns: 1 main + 10 add-ons × 20 features from a
// 2,000-feature catalog (target ≤ 2 µs, ≤ 4 allocations).
func BenchmarkResolve_10AddOns(b *testing.B) {
	r := entitlement.NewResolver(catalog.MustNew(benchDefinition(10)))
	a := benchAccount(rand.New(rand.NewPCG(3, 4)), 10)
	if _, err := r.Resolve(a, t0); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Resolve(a, t0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOracle_10AddOns is the map-merge oracle on the same input: the
// fast resolver must be at least ten times faster.
func BenchmarkOracle_10AddOns(b *testing.B) {
	c := catalog.MustNew(benchDefinition(10))
	a := benchAccount(rand.New(rand.NewPCG(3, 4)), 10)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := resolveoracle.Resolve(c, a, t0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolve_1MAccounts resolves 1,000,000 accounts (drawn from 4,096
// different ones over 40 add-ons) on every core (target ≤ 3 s on 2 cores).
func BenchmarkResolve_1MAccounts(b *testing.B) {
	r := entitlement.NewResolver(catalog.MustNew(benchDefinition(40)))
	rng := rand.New(rand.NewPCG(5, 6))
	accounts := make([]entitlement.Account, 4096)
	for i := range accounts {
		accounts[i] = benchAccount(rng, 40)
		accounts[i].AddOns = accounts[i].AddOns[:rng.IntN(11)]
	}
	const total = 1_000_000
	workers := runtime.GOMAXPROCS(0)
	b.ReportAllocs()
	for b.Loop() {
		var wg sync.WaitGroup
		errs := make([]error, workers)
		for w := range workers {
			wg.Go(func() {
				for i := w; i < total; i += workers {
					if _, err := r.Resolve(accounts[i%len(accounts)], t0); err != nil {
						errs[w] = err
						return
					}
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkValue reads one attribute value of the benchmark's resolution,
// cycling through the 2,000 attributes (most of them undefined or of a
// disabled feature, so read through to the catalog).
func BenchmarkValue(b *testing.B) {
	r := entitlement.NewResolver(catalog.MustNew(benchDefinition(10)))
	cfg, err := r.Resolve(benchAccount(rand.New(rand.NewPCG(3, 4)), 10), t0)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = fmt.Sprintf("a%04d", i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		cfg.Value(ids[i])
		i = (i + 1) % len(ids)
	}
}
