package pgstore

import "errors"

// Errors of the store's own, besides the loyalty errors a loyalty.Store
// returns. Every error the store returns for a failed database call wraps
// the driver's error too, so errors.As finds a *pgconn.PgError.
var (
	// ErrNotApplied is wrapped by the error Commit returns when the
	// database failed the commit and it is certain that nothing changed:
	// it was never sent, or it failed and the member's head was found as
	// it was afterwards. Trying again is safe; a loyalty.Ledger returns
	// the error to its caller, who may repeat the operation with the same
	// transaction ID.
	ErrNotApplied = errors.New("pgstore: commit not applied")
	// ErrUnknownOutcome is wrapped by the error Commit returns when the
	// commit failed and whether it was applied could not be found out:
	// another commit moved the ledger on meanwhile (then the error wraps
	// loyalty.ErrVersionConflict too, so a loyalty.Ledger reloads the
	// member, finds its transaction recorded or not, and acts on that), or
	// the head could not be read. Repeating the operation with the same
	// transaction ID is exact: the ledger's idempotency returns the first
	// result if the commit was applied.
	ErrUnknownOutcome = errors.New("pgstore: commit outcome unknown")
	// ErrSchema is returned by New when the database lacks migrations
	// this package needs: call Migrate first.
	ErrSchema = errors.New("pgstore: schema not migrated")
)
