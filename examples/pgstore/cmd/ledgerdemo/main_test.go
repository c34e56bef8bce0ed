package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// TestDemo runs the scenario twice in a schema of its own on the database
// DATABASE_URL names (it skips without one): the second run replays every
// transaction and prints the same.
func TestDemo(t *testing.T) {
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		t.Skip("DATABASE_URL not set: run the module's tests under ../../../shared/db/start-postgres.sh or start-citus.sh (see the README)")
	}
	ctx := context.Background()
	boot, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer boot.Close()
	for _, q := range []string{"DROP SCHEMA IF EXISTS ledgerdemo_test CASCADE", "CREATE SCHEMA ledgerdemo_test"} {
		if _, err := boot.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = "ledgerdemo_test"
	db, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var first, second bytes.Buffer
	if err := run(ctx, db, &first); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"sim-4711 belongs to partner travelco",
		"2026-03-10  accrue booking-1, hotel 123.45 EUR     6.17 EUR",
		"2026-03-10  accrue booking-1 again (a retry)       6.17 EUR",
		"2026-03-10  accrue booking-2, flight 240.00 EUR    8.00 EUR",
		"2026-03-12  refund 120.00 EUR of booking-2         4.00 EUR",
		"2026-03-25  promo code WELCOME                     5.00 EUR",
		"2026-03-25  redeem 10.00 EUR                       10.00 EUR",
		"balance: 5.17 EUR available, 0.00 EUR pending",
		"2026-03-25 09:30  activate booking-2  lot 2  available   4.00 EUR  pending  -4.00 EUR",
		"2026-03-25 09:30  redeem   redeem-1   lot 2  available  -3.83 EUR  pending   0.00 EUR",
	} {
		if !strings.Contains(first.String(), want) {
			t.Errorf("output lacks %q; got:\n%s", want, first.String())
		}
	}
	if err := run(ctx, db, &second); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Errorf("a second run changed the output:\n%s\nthen:\n%s", first.String(), second.String())
	}
}
