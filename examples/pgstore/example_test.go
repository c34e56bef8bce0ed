package pgstore_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tariffkit/tariff/examples/pgstore"
	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// A host opens a pool, migrates at start, and hands the store to its
// ledgers. (The example needs a database, so it is compiled, not run;
// cmd/ledgerdemo runs the same calls.)
func Example() {
	ctx := context.Background()
	db, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	if err := pgstore.Migrate(ctx, db); err != nil {
		fmt.Println(err)
		return
	}
	store, err := pgstore.New(ctx, db)
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "comfort", Currency: pricing.EUR,
		Rules: []loyalty.Rule{{ID: "welcome", Kind: loyalty.FixedBonus, Amount: pricing.MustParseMoney("5", "EUR")}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ledger, err := loyalty.NewLedger(prog, store)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := ledger.Accrue(ctx, loyalty.Transaction{ID: "booking-1", Member: "sim-4711",
		Amount: pricing.MustParseMoney("100", "EUR")}, time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("earned", res.Bonus)
}
