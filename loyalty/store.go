package loyalty

import (
	"context"
	"time"

	"github.com/tariffkit/tariff/pricing"
)

// Key identifies a member's ledger in one program.
type Key struct {
	Program string // the program's ID
	Member  string // the member (a SIM ID)
}

// Head is the small, scalar part of a member's state, rewritten whole by
// every commit.
type Head struct {
	NextLot       uint64        // ID of the next lot
	Purchases     int64         // transactions accrued so far
	PeriodStart   time.Time     // start of the cap period PeriodAccrued counts
	PeriodAccrued pricing.Money // bonus earned by rules since PeriodStart
	Available     pricing.Money // sum of Remaining of available lots
	Pending       pricing.Money // sum of Remaining of pending lots
	// NextEvent is no later than the earliest AvailableAt of a pending lot
	// and ExpiresAt of an open lot; zero when there is none.
	NextEvent time.Time
	PromoUses []PromoUse // per-member promo redemption counts
}

// PromoUse counts one member's redemptions of one promo code.
type PromoUse struct {
	Code  string // the promo code
	Count int    // redemptions by this member
}

// State is a member's state in one program as loaded from a Store. Its
// slices are read-only: a store may share them with other readers.
type State struct {
	Version uint64 // 0 for a ledger never written
	Head
	Lots []Lot // the open lots (Remaining not zero), in ID order, if asked for
}

// PromoClaim asks a Store to count one redemption of a promo code, within
// its total limit, atomically with the rest of a Commit.
type PromoClaim struct {
	Program string // the program's ID
	Code    string // the promo code
	Limit   int    // total redemptions allowed; 0 for no limit
}

// Commit is one atomic change to a member's ledger. A store applies all of
// it or none of it. Like io.Writer's buffer, its slices are the caller's:
// the store copies what it keeps and does not retain them after Commit
// returns.
type Commit struct {
	Key     Key    // the ledger changed
	Version uint64 // the version loaded; the commit makes it Version+1
	Head    Head   // the new head, replacing the old one whole
	// AddLots are new lots, with IDs above every existing lot's.
	AddLots []Lot
	// UpdateLots replace the open lots with the same IDs; a lot whose
	// Remaining is zero is closed and no longer loaded.
	UpdateLots []Lot
	Append     []Entry     // entries appended to the ledger, in order
	Records    []TxRecord  // transaction records inserted or replaced by ID
	Promo      *PromoClaim // a promo redemption to count, or nil
}

// LedgerStore keeps members' ledgers with optimistic concurrency.
// Implementations are safe for concurrent use.
type LedgerStore interface {
	// Load returns the member's state and the records of those of txIDs the
	// member's ledger has (the others are left out). State.Lots holds the
	// open lots if lots is true and is nil otherwise: most accruals only
	// add lots and never read them, so a store need not fetch them. A
	// ledger never written has the zero State. Errors: only the store's own
	// (I/O, ctx).
	Load(ctx context.Context, k Key, lots bool, txIDs ...string) (State, []TxRecord, error)
	// Commit applies c if the ledger's version is still c.Version and, when
	// c.Promo is set, the code has fewer than c.Promo.Limit redemptions
	// (counting it then). Errors: ErrVersionConflict if the version moved;
	// ErrPromoExhausted if the promo limit is reached; the store's own. On
	// any error nothing changed.
	Commit(ctx context.Context, c Commit) error
	// Entries returns the member's ledger entries in the order appended,
	// as a slice the caller owns. Errors: only the store's own.
	Entries(ctx context.Context, k Key) ([]Entry, error)
	// PromoCount returns how often a program's promo code was redeemed.
	// Errors: only the store's own.
	PromoCount(ctx context.Context, program, code string) (int, error)
}

// AttributionStore records which partner each member belongs to.
// Implementations are safe for concurrent use.
type AttributionStore interface {
	// Attribute attributes member to partner unless it already belongs to a
	// partner, atomically, and returns the partner it belongs to afterwards:
	// the first write wins for good. Errors: only the store's own.
	Attribute(ctx context.Context, member, partner string) (owner string, err error)
	// Partner returns the partner the member belongs to, "" if none.
	// Errors: only the store's own.
	Partner(ctx context.Context, member string) (string, error)
}

// Store is everything the Ledger needs from a host.
type Store interface {
	LedgerStore
	AttributionStore
}
