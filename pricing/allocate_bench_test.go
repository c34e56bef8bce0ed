package pricing_test

import (
	"math/big"
	"testing"

	"github.com/tariffkit/tariff/internal/allocoracle"
	"github.com/tariffkit/tariff/pricing"
)

// allocWeights returns n weights 1, 2, 3, ... that leave about n/2 minor
// units over after the floors of an amount not divisible by their sum: the
// case the largest-remainder step does the most work in.
func allocWeights(n int) []int64 {
	w := make([]int64, n)
	for i := range w {
		w[i] = int64(i%97 + 1)
	}
	return w
}

// allocAmount is 10,000,000.01 EUR: a large leftover for any weights.
var allocAmount = pricing.FromMinor(1_000_000_001, pricing.EUR)

func benchmarkAllocate(b *testing.B, n int) {
	w := allocWeights(n)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := allocAmount.Allocate(w...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAllocate_10Parts and BenchmarkAllocate_10000Parts run together
// show the growth: linear in the parts, about 1,000× for 1,000× as many.
func BenchmarkAllocate_10Parts(b *testing.B)    { benchmarkAllocate(b, 10) }
func BenchmarkAllocate_10000Parts(b *testing.B) { benchmarkAllocate(b, 10_000) }

func BenchmarkSplit_10Parts(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := allocAmount.Split(10); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplit_10000Parts(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := allocAmount.Split(10_000); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAllocateOracle_10000Parts is the obviously correct allocation
// the fast one is checked against, which hands out each leftover unit by a
// scan of every remainder: the quadratic cost the fast path removes.
func BenchmarkAllocateOracle_10000Parts(b *testing.B) {
	w := allocWeights(10_000)
	units := big.NewInt(1_000_000_001)
	b.ReportAllocs()
	for b.Loop() {
		allocoracle.Allocate(units, w)
	}
}
