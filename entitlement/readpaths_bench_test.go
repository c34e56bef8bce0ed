package entitlement_test

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// readPathsDefinition is BenchmarkResolve_10AddOns's catalog with a second
// main product, main2, that only the even-numbered add-ons allow, so that
// changing to it drops half the add-ons and changes what the others see.
func readPathsDefinition() catalog.Definition {
	d := benchDefinition(10)
	last := d.Products[len(d.Products)-1]
	d.Products = append(d.Products, catalog.Product{ID: "main2", Kind: catalog.KindMain, Features: last.Features})
	for i := range d.Products {
		if p := &d.Products[i]; p.Kind == catalog.KindAddOn && i%2 == 1 { // addon000 is products[1]
			p.AllowedMain = append(p.AllowedMain, "main2")
		}
	}
	return d
}

// BenchmarkReadPaths measures what each read of a configuration adds to
// the resolution it reads (DESIGN.md: resolve + Snapshot and resolve + Diff
// within 5× resolve alone). Every case resolves in its loop, so the ratios
// to resolve come from one run.
func BenchmarkReadPaths(b *testing.B) {
	r := entitlement.NewResolver(catalog.MustNew(readPathsDefinition()))
	a := benchAccount(rand.New(rand.NewPCG(3, 4)), 10)
	less := a.Clone() // the same account minus one add-on
	less.AddOns = less.AddOns[:len(less.AddOns)-1]
	cfg, err := r.Resolve(a, t0)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := r.Resolve(less, t0); err != nil {
		b.Fatal(err)
	}
	// The attribute with the most layers behind it, and a quota: the
	// first sum the configuration holds.
	attr, most, quota := "", -1, ""
	for av := range cfg.Values() {
		if n := len(av.By) + len(av.Shadowed); n > most {
			attr, most = av.Attribute, n
		}
		if quota == "" && av.Combine == catalog.CombineSum {
			quota = av.Attribute
		}
	}
	resolve := func(b *testing.B, a entitlement.Account) entitlement.Config {
		cfg, err := r.Resolve(a, t0)
		if err != nil {
			b.Fatal(err)
		}
		return cfg
	}
	b.Run("resolve", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resolve(b, a)
		}
	})
	b.Run("resolve+snapshot", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resolve(b, a).Snapshot()
		}
	})
	// What a host pays to read a snapshot through: every feature and value
	// in ID order; a comparison with a snapshot it stored (which lists the
	// configuration's); the old nested maps.
	stored := entitlement.SnapshotOf(cfg.Snapshot().Map())
	b.Run("resolve+snapshot+walk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s := resolve(b, a).Snapshot()
			for f := range s.Features() {
				for range s.Values(f) {
				}
			}
		}
	})
	b.Run("resolve+snapshot+equal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !resolve(b, a).Snapshot().Equal(stored) {
				b.Fatal("not equal")
			}
		}
	})
	b.Run("resolve+snapshot+map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resolve(b, a).Snapshot().Map()
		}
	})
	b.Run("resolve+diff", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if len(entitlement.Diff(resolve(b, a), resolve(b, less))) == 0 {
				b.Fatal("no changes")
			}
		}
	})
	b.Run("resolve+values", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for range resolve(b, a).Values() {
			}
		}
	})
	b.Run("resolve+explain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = resolve(b, a).Explain()
		}
	})
	b.Run("resolve+explain-names", func(b *testing.B) {
		names := entitlement.WithNames(r.Catalog())
		b.ReportAllocs()
		for b.Loop() {
			_ = resolve(b, a).Explain(names)
		}
	})
	b.Run("resolve+attribute", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := resolve(b, a).Attribute(attr); !ok {
				b.Fatal("no value")
			}
		}
	})
	b.Run("changemain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := r.ChangeMain(a, "main2", t0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("upgradecandidates", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if cands, err := r.UpgradeCandidates(a, t0, quota, decimal.Zero); err != nil || len(cands) == 0 {
				b.Fatal(cands, err)
			}
		}
	})
}
