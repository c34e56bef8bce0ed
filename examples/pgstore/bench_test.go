package pgstore

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

var (
	benchAt = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	day     = 24 * time.Hour
)

// benchProgram is the seed's program: 5 % of the booking, between 3 and 8
// EUR, pending for 14 days, available for a year.
func benchProgram(tb testing.TB) *loyalty.Program {
	p, err := loyalty.NewProgram(loyalty.Spec{ID: "comfort", Currency: pricing.EUR, LockPeriod: 14 * day, Lifetime: 365 * day,
		Rules: []loyalty.Rule{{ID: "booking-5pct", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(5),
			Min: pricing.FromMinor(300, pricing.EUR), Max: pricing.FromMinor(800, pricing.EUR)}}})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkAccrue measures accruals per second through a Ledger, spread
// over 10,000 members, by 1 and by 8 clients (goroutines), on memstore and
// on the database of the run (PostgreSQL or Citus, named in the
// sub-benchmark), so that the ratios come from one run.
func BenchmarkAccrue(b *testing.B) {
	for _, clients := range []int{1, 8} {
		b.Run("memstore/clients="+strconv.Itoa(clients), func(b *testing.B) {
			benchAccrue(b, memstore.New(), clients)
		})
	}
	for _, clients := range []int{1, 8} {
		b.Run(engineName()+"/clients="+strconv.Itoa(clients), func(b *testing.B) {
			benchAccrue(b, emptyStore(b, needDB(b)), clients)
		})
	}
}

// engineName names the database of the run for benchmark names.
func engineName() string {
	if engine == "" {
		return "database"
	}
	return engine
}

// benchAccrue runs b.N accruals by clients goroutines, each a new
// transaction of 123.45 EUR for the next of 10,000 members.
func benchAccrue(b *testing.B, s loyalty.Store, clients int) {
	l, err := loyalty.NewLedger(benchProgram(b), s)
	if err != nil {
		b.Fatal(err)
	}
	const members = 10_000
	names := make([]string, members)
	for i := range names {
		names[i] = "sim" + strconv.Itoa(i)
	}
	amount := pricing.FromMinor(12345, pricing.EUR)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := next.Add(1)
				if n > int64(b.N) {
					return
				}
				tx := loyalty.Transaction{ID: strconv.FormatInt(n, 10), Member: names[n%members], Amount: amount, Category: "hotel"}
				if _, err := l.Accrue(ctx, tx, benchAt); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "accruals/s")
}
