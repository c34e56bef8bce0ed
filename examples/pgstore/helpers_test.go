package pgstore

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The tests run against the database DATABASE_URL names, in a schema of
// their own (dropped and created afresh), and skip without one:
//
//	../../../shared/db/start-postgres.sh go test ./...
//	../../../shared/db/start-citus.sh go test ./...
const testSchema = "pgstore_test"

var (
	ctx    = context.Background()
	testDB *pgxpool.Pool // nil without DATABASE_URL
	engine string        // "postgres" or "citus"
)

func TestMain(m *testing.M) {
	if err := setUp(); err != nil {
		fmt.Fprintln(os.Stderr, "pgstore tests:", err)
		os.Exit(1)
	}
	code := m.Run()
	if testDB != nil {
		testDB.Close()
	}
	os.Exit(code)
}

// setUp connects to DATABASE_URL, if set, and migrates a fresh schema.
func setUp() error {
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		return nil
	}
	boot, err := pgxpool.New(ctx, url)
	if err != nil {
		return err
	}
	defer boot.Close()
	if _, err := boot.Exec(ctx, "DROP SCHEMA IF EXISTS "+testSchema+" CASCADE"); err != nil {
		return err
	}
	if _, err := boot.Exec(ctx, "CREATE SCHEMA "+testSchema); err != nil {
		return err
	}
	testDB, err = openPool(url, "pgstore-test", 32)
	if err != nil {
		return err
	}
	if err := Migrate(ctx, testDB); err != nil {
		return err
	}
	if err := Migrate(ctx, testDB); err != nil { // a second run changes nothing
		return fmt.Errorf("second Migrate: %w", err)
	}
	citus, err := hasCitus(ctx, testDB)
	engine = map[bool]string{false: "postgres", true: "citus"}[citus]
	return err
}

// openPool opens a pool on the test schema whose connections carry name
// as their application_name.
func openPool(url, name string, conns int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = testSchema
	cfg.ConnConfig.RuntimeParams["application_name"] = name
	cfg.MaxConns = conns
	return pgxpool.NewWithConfig(ctx, cfg)
}

// needDB skips t without a database.
func needDB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	if testDB == nil {
		t.Skip("DATABASE_URL not set: run under ../../../shared/db/start-postgres.sh or start-citus.sh")
	}
	return testDB
}

// tables lists every loyalty table.
const tables = `loyalty_heads, loyalty_lots, loyalty_entries, loyalty_records, loyalty_promo_uses,
	loyalty_promo_counts, loyalty_attributions, loyalty_purchases, loyalty_traffic`

// emptyStore empties the tables and returns a Store over db.
func emptyStore(t testing.TB, db *pgxpool.Pool) *Store {
	t.Helper()
	if _, err := db.Exec(ctx, "TRUNCATE "+tables); err != nil {
		t.Fatal(err)
	}
	s, err := New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
