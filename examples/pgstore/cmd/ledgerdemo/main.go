// Command ledgerdemo runs the seed's loyalty program on the PostgreSQL (or
// Citus) database that DATABASE_URL names: it migrates the schema, then
// accrues, replays, refunds, settles and redeems for one SIM and prints
// the statement. Every operation carries a transaction ID, so running it
// again replays each one and changes nothing.
//
//	cd examples/pgstore && ../../../shared/db/start-postgres.sh go run ./cmd/ledgerdemo
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/examples/pgstore"
	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

func main() {
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		fmt.Fprintln(os.Stderr, "ledgerdemo: set DATABASE_URL, or run it under ../../../shared/db/start-postgres.sh")
		os.Exit(2)
	}
	ctx := context.Background()
	db, err := pgxpool.New(ctx, url)
	if err == nil {
		err = run(ctx, db, os.Stdout)
		db.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ledgerdemo:", err)
		os.Exit(1)
	}
}

func eur(s string) pricing.Money { return pricing.MustParseMoney(s, "EUR") }

// run migrates db, runs the scenario on it and writes what happened to out.
func run(ctx context.Context, db *pgxpool.Pool, out io.Writer) error {
	if err := pgstore.Migrate(ctx, db); err != nil {
		return err
	}
	store, err := pgstore.New(ctx, db)
	if err != nil {
		return err
	}
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "comfort", Currency: pricing.EUR,
		Rules: []loyalty.Rule{{ID: "booking", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(5),
			Min: eur("3"), Max: eur("8")}},
		Promos:     []loyalty.Promo{{Code: "WELCOME", Grant: eur("5"), TotalLimit: 1000}},
		LockPeriod: 14 * 24 * time.Hour, Lifetime: 365 * 24 * time.Hour})
	if err != nil {
		return err
	}
	l, err := loyalty.NewLedger(prog, store)
	if err != nil {
		return err
	}
	const sim = "sim-4711"
	day := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
	if err := loyalty.AttributeToPartner(ctx, store, sim, "travelco"); err != nil {
		return err
	}
	partner, err := store.Partner(ctx, sim)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s belongs to partner %s\n", sim, partner)

	steps := []struct {
		what string
		at   time.Time
		do   func(at time.Time) (loyalty.Result, error)
	}{
		{"accrue booking-1, hotel 123.45 EUR", day, func(at time.Time) (loyalty.Result, error) {
			return l.Accrue(ctx, loyalty.Transaction{ID: "booking-1", Member: sim, Amount: eur("123.45"), Category: "hotel"}, at)
		}},
		{"accrue booking-1 again (a retry)", day.Add(time.Minute), func(at time.Time) (loyalty.Result, error) {
			return l.Accrue(ctx, loyalty.Transaction{ID: "booking-1", Member: sim, Amount: eur("123.45"), Category: "hotel"}, at)
		}},
		{"accrue booking-2, flight 240.00 EUR", day.Add(time.Hour), func(at time.Time) (loyalty.Result, error) {
			return l.Accrue(ctx, loyalty.Transaction{ID: "booking-2", Member: sim, Amount: eur("240"), Category: "flight"}, at)
		}},
		{"refund 120.00 EUR of booking-2", day.Add(48 * time.Hour), func(at time.Time) (loyalty.Result, error) {
			return l.Refund(ctx, loyalty.Refund{ID: "refund-1", Member: sim, Original: "booking-2", Amount: eur("120")}, at)
		}},
		{"promo code WELCOME", day.Add(15 * 24 * time.Hour), func(at time.Time) (loyalty.Result, error) {
			return l.RedeemPromo(ctx, loyalty.PromoRedemption{ID: "promo-1", Member: sim, Code: "WELCOME"}, at)
		}},
		{"redeem 10.00 EUR", day.Add(15 * 24 * time.Hour), func(at time.Time) (loyalty.Result, error) {
			return l.Redeem(ctx, loyalty.Redemption{ID: "redeem-1", Member: sim, Amount: eur("10")}, at)
		}},
	}
	for _, st := range steps {
		res, err := st.do(st.at)
		if err != nil {
			return fmt.Errorf("%s: %w", st.what, err)
		}
		fmt.Fprintf(out, "%s  %-38s %s\n", st.at.Format("2006-01-02"), st.what, res.Bonus)
	}
	b, err := l.Balance(ctx, sim)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "balance: %s available, %s pending\n", b.Available, b.Pending)
	es, err := l.Statement(ctx, sim)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "statement:")
	for _, e := range es {
		fmt.Fprintf(out, "  %s  %-8s %-10s lot %d  available %10s  pending %10s\n",
			e.At.Format("2006-01-02 15:04"), e.Kind, e.Tx, e.Lot, e.Available, e.Pending)
	}
	return nil
}
