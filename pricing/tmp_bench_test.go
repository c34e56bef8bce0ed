package pricing_test

import (
	"testing"

	"github.com/tariffkit/tariff/pricing"
)

func BenchmarkTmpNoUsage(b *testing.B) {
	book, r, acct, _ := benchQuote(b)
	for b.Loop() {
		if _, err := pricing.NewQuote(book, r, acct, nov, nil); err != nil {
			b.Fatal(err)
		}
	}
}
