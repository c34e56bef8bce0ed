// Package pgstore is a loyalty.Store on PostgreSQL, through pgx, that
// also runs on a Citus cluster: the store a host keeps its members'
// bonus ledgers, promo counters and partner attributions in. It passes
// loyalty/storetest on PostgreSQL and on Citus.
//
// # Entry points
//
//   - Migrate creates or updates the tables (plain SQL files, embedded,
//     applied in order and recorded in loyalty_migrations); on a database
//     with the citus extension it also distributes them.
//   - New returns a Store over a *pgxpool.Pool, checking that Migrate ran.
//   - The Store's methods are loyalty.Store's and loyalty.TrafficStore's;
//     hand the Store to loyalty.NewLedger (and loyalty.NewPartnerLedger,
//     whose partner accounts are ledgers in the same tables, keyed by the
//     plan and the partner).
//
// # Rules
//
// Statements. Every method is one SQL statement (a failed Commit may read
// the head once more: see Failures), so each read comes from one snapshot
// (Load reads the head and the records asked for together; Lots reads the
// version and the page together) and Commit, the call of the function
// loyalty_commit, applies whole or not at all. Commit checks the version
// before anything else; a promo claim counts the member's redemptions and
// then the code's, each in one INSERT ... ON CONFLICT DO UPDATE ... WHERE
// under the limit; Attribute is first-write-wins in one INSERT ... ON
// CONFLICT DO UPDATE that keeps the partner already there. The same call
// of loyalty_commit records an accrual's purchase and, for CommitTraffic,
// moves the account's traffic (added, or taken only if the account holds
// enough: loyalty.ErrInsufficientTraffic otherwise), so a conversion's
// bonus and traffic change together or not at all; CountPurchases reads
// the version and the count in one statement.
//
// Exact values. Money is numeric plus the row's ISO 4217 code, kept with
// its scale and passed as text, never as a float; the zero Money is NULL.
// Instants are bigint nanoseconds since the Unix epoch, because
// timestamptz keeps only microseconds and the ledger's instants, and the
// order of lots they decide, have nanoseconds; they come back in UTC. The
// zero time is the smallest bigint and a lot that never expires has the
// largest as its expiry. Instants outside 1677-09-21 to 2262-04-11, lot
// IDs above the largest bigint and rows mixing currencies are refused
// with loyalty.ErrInvalidRequest (after the version check).
//
// Failures. A refusal (a version conflict, lots against the port's rules,
// a promo limit) changes nothing and is the loyalty error it stands for.
// Any other failure of a commit may have come after it was applied (a
// backend terminated, a connection cut before the reply, a Citus
// coordinator losing a worker), so the store then reads the member's head
// on another connection, FOR SHARE, which waits for a commit still
// running. The head carries a token naming the commit that wrote it: the
// store returns nil if that is this commit, an error wrapping
// ErrNotApplied if the head is as it was (nothing changed), and one
// wrapping ErrUnknownOutcome and loyalty.ErrVersionConflict only if
// another commit moved the ledger on meanwhile or the head cannot be read.
// Repeating a ledger operation with the same transaction ID is exact in
// every case.
//
// Citus. Every table of a member's ledger (heads, lots, entries,
// records, promo uses, purchases), the traffic (by account, which is the
// member) and the attributions are distributed by member and colocated
// (a partner's account, kept in the member tables, by partner), so
// every statement but the promo counter's is routed whole to the one
// worker holding the member, and a commit is a transaction on that
// worker alone; the promo counters are distributed by code, so a
// claim adds the code's worker. No statement joins across shards. The
// README gives the measurements behind these choices.
//
// Schema. The tables are created in the first schema of the connection's
// search_path; a host that wants them elsewhere sets search_path on its
// pool's connections.
package pgstore
