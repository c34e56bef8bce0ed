package catalog_test

import (
	"runtime"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/internal/catalogtest"
)

// large10000 is the benchmark catalog: 10,000 products (100 main products,
// 9,900 add-ons of about 20 features each) over 2,000 features, and
// large100000 the same with 100,000 products. Its features have ten times
// as many definers, so the catalog has about a hundred times as many
// conflicting pairs (about 42,000, against 400). wide100000 grows the
// features with the products (20,000): its features have as many definers
// as large10000's, and its conflicts grow tenfold.
//
// Each benchmark makes its own definition and drops it when done, so that
// no other benchmark's catalog stays in the heap and changes when the
// garbage collector runs.
func large10000() catalog.Definition  { return catalogtest.Large(10000, 2000, 1) }
func large100000() catalog.Definition { return catalogtest.Large(100000, 2000, 1) }
func wide100000() catalog.Definition  { return catalogtest.Large(100000, 20000, 1) }

func BenchmarkNew_10000Products(b *testing.B) { benchNew(b, large10000()) }

func BenchmarkNew_100000Products(b *testing.B) { benchNew(b, large100000()) }

// benchNew and benchBuildValidateLint start each build from a collected
// heap, outside the timer: a build allocates about as much as the catalog
// it makes, so over the few iterations a 100,000-product build allows,
// whether a collection lands inside the timer would otherwise decide the
// figure. Every build then pays for the collection it triggers itself.
func benchNew(b *testing.B, d catalog.Definition) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		if _, err := catalog.New(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLint_10000Products(b *testing.B) { benchLint(b, large10000()) }

func BenchmarkLint_100000Products(b *testing.B) { benchLint(b, large100000()) }

func BenchmarkLint_100000Products20000Features(b *testing.B) { benchLint(b, wide100000()) }

func BenchmarkBuildValidateLint_10000Products(b *testing.B) { benchBuildValidateLint(b, large10000()) }

func BenchmarkBuildValidateLint_100000Products(b *testing.B) {
	benchBuildValidateLint(b, large100000())
}

func BenchmarkBuildValidateLint_100000Products20000Features(b *testing.B) {
	benchBuildValidateLint(b, wide100000())
}

func benchBuildValidateLint(b *testing.B, d catalog.Definition) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		c, err := catalog.New(d)
		if err != nil {
			b.Fatal(err)
		}
		c.Lint()
	}
}

// Lint over n add-ons of one priority that define the same 20 features and
// attributes: agreeing (they differ only where no main product allows two
// of them together, so nothing is reported) or all conflicting (every pair
// conflicts on every feature state and attribute). The metric names/op is
// the number of add-on names in the report.
func BenchmarkLint_200SamePriorityAgreeing(b *testing.B) {
	benchLint(b, catalogtest.SamePriority(200, false))
}
func BenchmarkLint_2000SamePriorityAgreeing(b *testing.B) {
	benchLint(b, catalogtest.SamePriority(2000, false))
}
func BenchmarkLint_200SamePriorityConflicting(b *testing.B) {
	benchLint(b, catalogtest.SamePriority(200, true))
}
func BenchmarkLint_2000SamePriorityConflicting(b *testing.B) {
	benchLint(b, catalogtest.SamePriority(2000, true))
}

func benchLint(b *testing.B, d catalog.Definition) {
	c := catalog.MustNew(d)
	b.ReportAllocs()
	var ws []catalog.Warning
	for b.Loop() {
		ws = c.Lint()
	}
	names := 0
	for _, w := range ws {
		names += len(w.AddOns)
	}
	b.ReportMetric(float64(names), "names/op")
}
