package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// migrations holds the schema as plain SQL files, applied in the order of
// their names. A file named *.citus.sql is applied only to a database
// with the citus extension.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Beginner opens transactions: *pgx.Conn and *pgxpool.Pool are Beginners.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// migration is one file of migrations.
type migration struct {
	name  string // the file name, recorded in loyalty_migrations once applied
	citus bool   // only for Citus
}

// migrationList returns the migrations in the order they apply.
func migrationList() []migration {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	slices.Sort(names)
	ms := make([]migration, len(names))
	for i, n := range names {
		n = strings.TrimPrefix(n, "migrations/")
		ms[i] = migration{name: n, citus: strings.HasSuffix(n, ".citus.sql")}
	}
	return ms
}

// migrationLock is the advisory lock Migrate holds while it works, so
// that hosts starting together apply each migration once.
const migrationLock = 0x6c6f79616c7479 // "loyalty"

const createMigrations = `CREATE TABLE IF NOT EXISTS loyalty_migrations (
	name       text        PRIMARY KEY,
	applied_at timestamptz NOT NULL DEFAULT now()
)`

// Migrate brings the loyalty tables up to date in the first schema of the
// connection's search_path, applying each migration not yet applied in
// its own transaction and recording it in the table loyalty_migrations.
// On a database with the citus extension it also distributes the tables
// (see the package documentation). It is safe to call at every start and
// from several hosts at once.
//
// Errors: the database's, wrapped with the migration that failed.
func Migrate(ctx context.Context, db Beginner) error {
	citus, err := hasCitus(ctx, db)
	if err != nil {
		return err
	}
	for _, m := range migrationList() {
		if m.citus && !citus {
			continue
		}
		if err := apply(ctx, db, m); err != nil {
			return fmt.Errorf("pgstore: migration %s: %w", m.name, err)
		}
	}
	return nil
}

// apply runs migration m in a transaction unless it was applied before.
func apply(ctx context.Context, db Beginner, m migration) error {
	sql, err := migrations.ReadFile("migrations/" + m.name)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, createMigrations); err != nil {
			return err
		}
		var done bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT FROM loyalty_migrations WHERE name = $1)", m.name).Scan(&done); err != nil || done {
			return err
		}
		if _, err := tx.Exec(ctx, string(sql)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO loyalty_migrations (name) VALUES ($1)", m.name)
		return err
	})
}

// hasCitus reports whether the database has the citus extension.
func hasCitus(ctx context.Context, db Beginner) (citus bool, err error) {
	err = pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')").Scan(&citus)
	})
	if err != nil {
		return false, fmt.Errorf("pgstore: looking for citus: %w", err)
	}
	return citus, nil
}

// checkSchema returns an error wrapping ErrSchema unless every migration
// that applies to the database was applied.
func checkSchema(ctx context.Context, db Beginner) error {
	citus, err := hasCitus(ctx, db)
	if err != nil {
		return err
	}
	var applied []string
	err = pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, "SELECT name FROM loyalty_migrations")
		applied, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P01" { // undefined_table: never migrated
		return fmt.Errorf("%w: no loyalty_migrations table; call Migrate", ErrSchema)
	}
	if err != nil {
		return fmt.Errorf("pgstore: reading loyalty_migrations: %w", err)
	}
	var missing []string
	for _, m := range migrationList() {
		if (!m.citus || citus) && !slices.Contains(applied, m.name) {
			missing = append(missing, m.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s not applied; call Migrate", ErrSchema, strings.Join(missing, ", "))
	}
	return nil
}
