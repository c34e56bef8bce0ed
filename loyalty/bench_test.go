package loyalty_test

import (
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tariffkit/tariff/loyalty"
)

// BenchmarkAccrue_Memstore measures accruals per second through a Ledger
// on memstore, in parallel across 10,000 members, with the seed's
// percentage rule, a lock period and a lifetime.
func BenchmarkAccrue_Memstore(b *testing.B) {
	l, _ := newLedger(b, loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}, LockPeriod: 14 * day, Lifetime: 365 * day})
	const members = 10_000
	names := make([]string, members)
	for i := range names {
		names[i] = "sim" + strconv.Itoa(i)
	}
	amount := eur("123.45")
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := next.Add(1)
			tx := loyalty.Transaction{ID: strconv.FormatInt(n, 10), Member: names[n%members], Amount: amount, Category: "hotel"}
			if _, err := l.Accrue(ctx, tx, t0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "accruals/s")
}

// BenchmarkEvaluate measures the pure rule evaluation alone.
func BenchmarkEvaluate(b *testing.B) {
	p := mustProgram(b, loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}})
	tx := loyalty.Transaction{ID: "t", Member: "sim", Amount: eur("123.45")}
	f := loyalty.Facts{FirstPurchase: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Evaluate(tx, f, t0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedeem_Memstore measures redemptions on members holding a
// handful of lots.
func BenchmarkRedeem_Memstore(b *testing.B) {
	l, _ := newLedger(b, loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}, Lifetime: 365 * day})
	const members = 1000
	for m := range members {
		for i := range 5 {
			tx := loyalty.Transaction{ID: strconv.Itoa(i), Member: "sim" + strconv.Itoa(m), Amount: eur("400")}
			if _, err := l.Accrue(ctx, tx, t0); err != nil {
				b.Fatal(err)
			}
		}
	}
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := next.Add(1)
			r := loyalty.Redemption{ID: "r" + strconv.FormatInt(n, 10), Member: "sim" + strconv.FormatInt(n%members, 10), Amount: eur("0.01")}
			if _, err := l.Redeem(ctx, r, t0); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchRedeem measures redeeming one cent from a member holding n
// available lots, each accrued a second after the last: a redemption's
// cost should follow the lots it spends (here one), not the lots held.
func benchRedeem(b *testing.B, n int) {
	l, _ := newLedger(b, loyalty.Spec{Lifetime: 365 * day,
		Rules: []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: eur("10000")}}})
	for i := range n {
		tx := loyalty.Transaction{ID: "a" + strconv.Itoa(i), Member: "sim", Amount: eur("1")}
		if _, err := l.Accrue(ctx, tx, t0.Add(time.Duration(i)*time.Second)); err != nil {
			b.Fatal(err)
		}
	}
	at := t0.Add(2 * day)
	cent := eur("0.01")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		r := loyalty.Redemption{ID: "r" + strconv.Itoa(i), Member: "sim", Amount: cent}
		if _, err := l.Redeem(ctx, r, at); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRedeem_10Lots(b *testing.B)     { benchRedeem(b, 10) }
func BenchmarkRedeem_100000Lots(b *testing.B) { benchRedeem(b, 100_000) }
