package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tariffkit/tariff/loyalty"
)

const commitSQL = `SELECT loyalty_commit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`

// resolveTimeout bounds how long Commit waits, after the connection broke
// during a commit, to find out whether the commit was applied.
const resolveTimeout = 30 * time.Second

// Commit implements loyalty.LedgerStore: one statement (the function
// loyalty_commit), so the commit applies whole or not at all. It checks
// the version first, before any other refusal; then the lots; then it
// writes the head, the lots the commit names, the entries and the
// records; the promo counters last, each in one statement, the member's
// and then the code's. It costs the lots, entries and records c holds.
//
// Errors: loyalty.ErrNoStore for a nil Store; loyalty.ErrVersionConflict;
// loyalty.ErrInvalidRequest for lots against the port's rules and for
// values the tables cannot hold (see the package documentation);
// loyalty.ErrPromoMemberLimit; loyalty.ErrPromoExhausted; ErrNotApplied
// and ErrUnknownOutcome when the database failed the commit (each also
// wraps the database's error; see the package documentation). On every
// error but ErrUnknownOutcome nothing changed.
func (s *Store) Commit(ctx context.Context, c loyalty.Commit) error {
	if s == nil {
		return loyalty.ErrNoStore
	}
	return s.commit(live(ctx), &c, nil, rand.Int64())
}

// CommitTraffic implements loyalty.TrafficStore: c and t in one call of
// loyalty_commit, so one statement that applies both or neither; the
// traffic row is written after the records and before the promo counters,
// added to, or taken from only if the account holds enough. On Citus it
// is on the member's worker when t.Account is the member, as a
// loyalty.Ledger makes it. It costs what Commit costs, plus one row.
//
// Errors: loyalty.ErrNoStore for a nil Store; loyalty.ErrInvalidRequest
// for a t without account or unit or with a zero quantity; every error of
// Commit; loyalty.ErrInsufficientTraffic. On every error but
// ErrUnknownOutcome nothing changed, neither the ledger nor the traffic.
func (s *Store) CommitTraffic(ctx context.Context, c loyalty.Commit, t loyalty.TrafficChange) error {
	if s == nil {
		return loyalty.ErrNoStore
	}
	if err := loyalty.CheckTrafficChange(t); err != nil {
		return err
	}
	return s.commit(live(ctx), &c, &t, rand.Int64())
}

// commit is Commit, with the traffic change t (nil for none), with the
// token that the head written will carry.
func (s *Store) commit(ctx context.Context, c *loyalty.Commit, t *loyalty.TrafficChange, token int64) error {
	a, err := encodeCommit(c, t)
	if err != nil {
		// The version check comes before any other refusal.
		if v, verr := s.version(ctx, c.Key); verr == nil && v != c.Version {
			return loyalty.ErrVersionConflict
		}
		return err
	}
	_, err = s.db.Exec(ctx, commitSQL, c.Key.Member, c.Key.Program, int64(c.Version), token,
		a.head, a.add, a.upd, a.entries, a.records, a.promo, a.purchase, a.traffic)
	if err == nil {
		return nil
	}
	if pgErr := (*pgconn.PgError)(nil); errors.As(err, &pgErr) {
		if r := refusal(pgErr, err); r != nil {
			return r
		}
	}
	if pgconn.SafeToRetry(err) {
		return fmt.Errorf("%w: %s/%s at version %d, not sent: %w", ErrNotApplied, c.Key.Program, c.Key.Member, c.Version, err)
	}
	// Any other failure may have come after the commit was applied: the
	// connection broke or the server ended the session before the reply,
	// or (on Citus, which runs the call on the worker as a statement of
	// its own) the coordinator lost the worker after it committed.
	return s.resolve(ctx, c, token, err)
}

// refusal returns the error Commit returns for a refusal loyalty_commit
// raised, or for a failure that rolled the statement back for certain;
// nil for any other error.
func refusal(pgErr *pgconn.PgError, err error) error {
	switch pgErr.Code {
	case "LY001":
		return loyalty.ErrVersionConflict
	case "LY002":
		return fmt.Errorf("%w: pgstore: %s", loyalty.ErrInvalidRequest, pgErr.Message)
	case "LY003":
		return loyalty.ErrPromoMemberLimit
	case "LY004":
		return loyalty.ErrPromoExhausted
	case "LY005":
		return fmt.Errorf("%w: pgstore: %s", loyalty.ErrInsufficientTraffic, pgErr.Message)
	case "40001", "40P01":
		// A serialization failure or a deadlock (on Citus, a distributed
		// one): rolled back; the Ledger tries again.
		return fmt.Errorf("%w: %w: %w", loyalty.ErrVersionConflict, ErrNotApplied, err)
	}
	return nil
}

// resolve finds out, after c failed otherwise than by a refusal, whether
// c was applied: the head carries the token of the commit that wrote its
// version. The head is read FOR SHARE, which waits for a commit still
// running on the server (its first step locked the head), so what it
// reads is final.
func (s *Store) resolve(ctx context.Context, c *loyalty.Commit, token int64, cause error) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), resolveTimeout)
	defer cancel()
	var version, tok int64
	err := s.db.QueryRow(rctx, `SELECT version, commit_token FROM loyalty_heads
		WHERE member = $1 AND program = $2 FOR SHARE`, c.Key.Member, c.Key.Program).Scan(&version, &tok)
	if errors.Is(err, pgx.ErrNoRows) {
		err = nil
	}
	k := c.Key
	switch {
	case err != nil:
		return fmt.Errorf("%w: %s/%s at version %d: %w (and reading the head afterwards: %w)",
			ErrUnknownOutcome, k.Program, k.Member, c.Version, cause, err)
	case uint64(version) == c.Version+1 && tok == token:
		return nil // applied; only the reply was lost
	case uint64(version) <= c.Version+1:
		// Unchanged, or another commit wrote the version this one would
		// have: this one was not applied.
		return fmt.Errorf("%w: %s/%s at version %d: %w", ErrNotApplied, k.Program, k.Member, c.Version, cause)
	}
	return fmt.Errorf("%w: %w: %s/%s moved from version %d to %d meanwhile: %w",
		loyalty.ErrVersionConflict, ErrUnknownOutcome, k.Program, k.Member, c.Version, version, cause)
}

// version returns the ledger's version, 0 for a ledger never written.
func (s *Store) version(ctx context.Context, k loyalty.Key) (uint64, error) {
	var v int64
	err := s.db.QueryRow(ctx, `SELECT version FROM loyalty_heads WHERE member = $1 AND program = $2`,
		k.Member, k.Program).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return uint64(v), err
}
