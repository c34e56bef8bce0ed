package pgstore

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// The benchmarks of this file measure the Citus layout's choices against
// their alternatives in one run: each runs the same work on the layout
// Migrate makes and on the alternative, made for the benchmark and undone
// after it. They skip on PostgreSQL.

// needCitus skips b unless the run's database is a Citus cluster.
func needCitus(b *testing.B) {
	needDB(b)
	if engine != "citus" {
		b.Skip("a Citus layout: only on Citus")
	}
}

// relayout turns table into a reference table for the length of b, or
// leaves it as Migrate made it for "distributed"; distribute is the call
// that puts it back.
func relayout(b *testing.B, layout, table, distribute string) {
	if layout == "distributed" {
		return
	}
	exec := func(q string) {
		if _, err := testDB.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	exec("SELECT undistribute_table('" + table + "')")
	exec("SELECT create_reference_table('" + table + "')")
	b.Cleanup(func() {
		exec("SELECT undistribute_table('" + table + "')")
		exec(distribute)
	})
}

// run8 runs op(n) for n from 1 to b.N on 8 goroutines and reports ops/s.
func run8(b *testing.B, unit string, op func(n int64) error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := next.Add(1); n <= int64(b.N); n = next.Add(1) {
				if err := op(n); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), unit)
}

// BenchmarkCitusPromoCounters redeems promo codes (16 codes, 10,000
// members, 8 clients) with the counters distributed by code, as Migrate
// lays them out, and as a reference table (a copy on every node).
func BenchmarkCitusPromoCounters(b *testing.B) {
	for _, layout := range []string{"distributed", "reference"} {
		b.Run(layout, func(b *testing.B) {
			needCitus(b)
			s := emptyStore(b, testDB)
			relayout(b, layout, "loyalty_promo_counts",
				"SELECT create_distributed_table('loyalty_promo_counts', 'code', colocate_with => 'none')")
			spec := loyalty.Spec{ID: "promo", Currency: pricing.EUR}
			for c := range 16 {
				spec.Promos = append(spec.Promos, loyalty.Promo{Code: "C" + strconv.Itoa(c), PerMember: 1 << 30,
					TotalLimit: 1 << 30, Grant: eurCents(100)})
			}
			p, err := loyalty.NewProgram(spec)
			if err != nil {
				b.Fatal(err)
			}
			l, err := loyalty.NewLedger(p, s)
			if err != nil {
				b.Fatal(err)
			}
			run8(b, "claims/s", func(n int64) error {
				_, err := l.RedeemPromo(ctx, loyalty.PromoRedemption{ID: strconv.FormatInt(n, 10),
					Member: "sim" + strconv.FormatInt(n%10_000, 10), Code: "C" + strconv.FormatInt(n%16, 10)}, benchAt)
				return err
			})
		})
	}
}

// BenchmarkCitusAttributions sells SIMs through a partner (8 clients): each
// sale attributes a new member to the partner and accrues in the
// partner's program, which reads the attribution; the attributions are
// distributed by member, as Migrate lays them out, or a reference table.
func BenchmarkCitusAttributions(b *testing.B) {
	for _, layout := range []string{"distributed", "reference"} {
		b.Run(layout, func(b *testing.B) {
			needCitus(b)
			s := emptyStore(b, testDB)
			relayout(b, layout, "loyalty_attributions",
				"SELECT create_distributed_table('loyalty_attributions', 'member', colocate_with => 'loyalty_heads')")
			p, err := loyalty.NewProgram(loyalty.Spec{ID: "partner", Partner: "travelco", Currency: pricing.EUR,
				Rules: []loyalty.Rule{{ID: "sim", Kind: loyalty.FixedBonus, Amount: eurCents(500)}}})
			if err != nil {
				b.Fatal(err)
			}
			l, err := loyalty.NewLedger(p, s)
			if err != nil {
				b.Fatal(err)
			}
			run8(b, "sales/s", func(n int64) error {
				member := "sim" + strconv.FormatInt(n, 10)
				if err := loyalty.AttributeToPartner(ctx, s, member, "travelco"); err != nil {
					return err
				}
				_, err := l.Accrue(ctx, loyalty.Transaction{ID: "sale", Member: member, Amount: eurCents(1000),
					Partner: "travelco", SIM: true}, benchAt)
				return err
			})
		})
	}
}

// BenchmarkCitusDelegation accrues (10,000 members, 8 clients) with
// loyalty_commit run by the coordinator, which routes each of its
// statements to the member's worker, as Migrate sets it up, and with the
// function distributed by member, so that Citus delegates the whole call
// to the member's worker, which runs the statements on its own shards.
// Delegation is set up for the benchmark and undone after it by creating
// the function afresh.
func BenchmarkCitusDelegation(b *testing.B) {
	for _, how := range []string{"coordinator", "delegated"} {
		b.Run(how, func(b *testing.B) {
			needCitus(b)
			s := emptyStore(b, testDB)
			if how == "delegated" {
				delegate(b)
			}
			l, err := loyalty.NewLedger(benchProgram(b), s)
			if err != nil {
				b.Fatal(err)
			}
			amount := pricing.FromMinor(12345, pricing.EUR)
			run8(b, "accruals/s", func(n int64) error {
				_, err := l.Accrue(ctx, loyalty.Transaction{ID: strconv.FormatInt(n, 10),
					Member: "sim" + strconv.FormatInt(n%10_000, 10), Amount: amount}, benchAt)
				return err
			})
		})
	}
}

// commitSignature names loyalty_commit for Citus's functions.
const commitSignature = "loyalty_commit(text, text, bigint, bigint, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb)"

// delegate distributes loyalty_commit by member for the length of b.
func delegate(b *testing.B) {
	exec := func(q string) {
		if _, err := testDB.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	exec("SELECT create_distributed_function('" + commitSignature + "', 'p_member', colocate_with => 'loyalty_heads')")
	b.Cleanup(func() {
		sql, err := migrations.ReadFile("migrations/003_commit.sql")
		if err != nil {
			b.Fatal(err)
		}
		exec("DROP FUNCTION " + commitSignature)
		exec(string(sql))
	})
}
