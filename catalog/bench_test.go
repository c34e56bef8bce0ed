package catalog_test

import (
	"sync"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/internal/catalogtest"
)

// large10000 is the benchmark catalog: 10,000 products (100 main products,
// 9,900 add-ons of about 20 features each) over 2,000 features.
var large10000 = sync.OnceValue(func() catalog.Definition { return catalogtest.Large(10000, 2000, 1) })

func BenchmarkNew_10000Products(b *testing.B) {
	d := large10000()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := catalog.New(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLint_10000Products(b *testing.B) {
	c := catalog.MustNew(large10000())
	b.ReportAllocs()
	for b.Loop() {
		c.Lint()
	}
}

func BenchmarkBuildValidateLint_10000Products(b *testing.B) {
	d := large10000()
	b.ReportAllocs()
	for b.Loop() {
		c, err := catalog.New(d)
		if err != nil {
			b.Fatal(err)
		}
		c.Lint()
	}
}
