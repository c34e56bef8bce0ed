package loyalty

import (
	"context"
	"strconv"
	"time"

	"github.com/tariffkit/tariff/pricing"
)

// Key identifies a member's ledger in one program.
type Key struct {
	Program string // the program's ID
	Member  string // the member (a SIM ID)
}

// Head is the small, fixed-size part of a member's state, rewritten whole
// by every commit. Everything that grows with the member's history (lots,
// entries, transaction records, promo redemptions) is kept beside it and
// read or written only where an operation touches it.
type Head struct {
	NextLot       uint64        // ID of the last lot created; the next is NextLot+1
	Entries       int64         // entries appended so far: the ledger's length
	Purchases     int64         // transactions accrued so far
	PeriodStart   time.Time     // start of the cap period PeriodAccrued counts
	PeriodAccrued pricing.Money // bonus earned by rules since PeriodStart
	Available     pricing.Money // sum of Remaining of available lots
	Pending       pricing.Money // sum of Remaining of pending lots
	// NextEvent is no later than the earliest AvailableAt of a pending lot
	// and ExpiresAt of an available lot; zero when there is none.
	NextEvent time.Time
}

// State is a member's head in one program as loaded from a Store, with
// the version a Commit must name.
type State struct {
	Version uint64 // 0 for a ledger never written
	Head
}

// LotOrder is an order in which a Store hands out a member's open lots
// (those whose Remaining is not zero), a page at a time; see
// LedgerStore.Lots.
type LotOrder uint8

const (
	// ByID is every open lot, in ascending ID.
	ByID LotOrder = iota + 1
	// AvailableByExpiry is the available (not Pending) open lots, the
	// earliest ExpiresAt first, lots that never expire (zero ExpiresAt)
	// last, ties by ID: the order in which redemption spends them and
	// expiry removes them.
	AvailableByExpiry
	// PendingByActivation is the Pending open lots, the earliest
	// AvailableAt first, ties by ID: the order in which their lock periods
	// end.
	PendingByActivation
)

// String returns the order's name.
func (o LotOrder) String() string {
	switch o {
	case ByID:
		return "by-id"
	case AvailableByExpiry:
		return "available-by-expiry"
	case PendingByActivation:
		return "pending-by-activation"
	}
	return "LotOrder(" + strconv.Itoa(int(o)) + ")"
}

// Compare orders two lots as o does: negative if a comes first, zero if
// they have the same place, positive otherwise; a lot that o does not
// hold (a pending lot in AvailableByExpiry) is placed as o would place it.
// It suits slices.SortFunc.
func (o LotOrder) Compare(a, b Lot) int {
	switch o {
	case AvailableByExpiry:
		switch ea, eb := a.ExpiresAt, b.ExpiresAt; {
		case ea.IsZero() != eb.IsZero():
			if ea.IsZero() {
				return 1
			}
			return -1
		case !ea.Equal(eb):
			return ea.Compare(eb)
		}
	case PendingByActivation:
		if c := a.AvailableAt.Compare(b.AvailableAt); c != 0 {
			return c
		}
	}
	switch {
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

// LotQuery asks a Store for one page of a member's open lots.
type LotQuery struct {
	// Version is the version the caller loaded. The page is of that
	// version or the query fails with ErrVersionConflict.
	Version uint64
	Order   LotOrder // which lots, in which order
	// After is the last lot of the previous page, as the store returned
	// it; the page starts with the first lot after it in Order. An After
	// with ID 0 (the zero Lot) starts at the beginning.
	After Lot
	Limit int // the most lots to return, at least 1
}

// PromoClaim asks a Store to count one redemption of a promo code by the
// commit's member, within the code's limits, atomically with the rest of
// a Commit. A partner discount's redemptions are counted the same way,
// with the discount's ID as the Code: a program's discount IDs and promo
// codes are one namespace.
type PromoClaim struct {
	Program   string // the program's ID
	Code      string // the promo code
	Limit     int    // total redemptions allowed, all members together; 0 for no limit
	PerMember int    // redemptions allowed to the commit's member; 0 for no limit
}

// Commit is one atomic change to a member's ledger. A store applies all of
// it or none of it. Like io.Writer's buffer, its slices are the caller's:
// the store copies what it keeps and does not retain them after Commit
// returns.
type Commit struct {
	Key     Key    // the ledger changed
	Version uint64 // the version loaded; the commit makes it Version+1
	Head    Head   // the new head, replacing the old one whole
	// AddLots are new lots, in ascending ID, each above every lot before
	// it; one whose Remaining is zero is not kept.
	AddLots []Lot
	// UpdateLots replace open lots with the same IDs; a lot whose
	// Remaining is zero is closed and no longer handed out. An update may
	// move a lot to another place or order (an activated lot is no longer
	// Pending).
	UpdateLots []Lot
	Append     []Entry     // entries appended to the ledger, in order
	Records    []TxRecord  // transaction records inserted or replaced by ID
	Promo      *PromoClaim // a promo redemption (or a discount's) to count, or nil
	// Purchase is added to the member's purchase history (see
	// LedgerStore.CountPurchases); nil for a commit that records no
	// purchase. Ledger.Accrue sets it.
	Purchase *Purchase
}

// LedgerStore keeps members' ledgers with optimistic concurrency.
// Implementations are safe for concurrent use.
//
// A member's history (lots, entries, records) grows without bound, so
// every method reads or writes only what it names: the cost of a call
// follows the lots, entries and records it returns or writes, not those
// the member holds. loyalty/storetest checks an implementation.
type LedgerStore interface {
	// Load returns the member's state and the records of those of txIDs
	// the member's ledger has (the others are left out). A ledger never
	// written has the zero State. Errors: only the store's own (I/O, ctx).
	Load(ctx context.Context, k Key, txIDs ...string) (State, []TxRecord, error)
	// Lots returns up to q.Limit of the member's open lots in q.Order,
	// starting after q.After, as of version q.Version, as a slice the
	// caller owns; fewer than q.Limit means there are no more. A ledger
	// never written has version 0 and no lots. Errors: ErrVersionConflict
	// if the ledger's version is not q.Version; ErrInvalidRequest for an
	// unknown order or a limit below 1; the store's own.
	Lots(ctx context.Context, k Key, q LotQuery) ([]Lot, error)
	// Commit applies c if the ledger's version is still c.Version and, when
	// c.Promo is set, the code's limits leave room (counting it then). It
	// writes only the lots c names. Errors: ErrVersionConflict if the
	// version moved; ErrInvalidRequest if c updates a lot that is not open
	// or adds one whose ID is not above every open lot's;
	// ErrPromoMemberLimit if the member used the code c.Promo.PerMember
	// times; ErrPromoExhausted if the code was used c.Promo.Limit times;
	// the store's own. On any error nothing changed.
	Commit(ctx context.Context, c Commit) error
	// Entries returns up to limit of the member's entries, in the order
	// appended, starting with the one at position from (0 is the first),
	// as a slice the caller owns. Errors: ErrInvalidRequest for a negative
	// from or limit; the store's own.
	Entries(ctx context.Context, k Key, from, limit int) ([]Entry, error)
	// PromoCount returns how often a program's promo code was redeemed, by
	// all members together. Errors: only the store's own.
	PromoCount(ctx context.Context, program, code string) (int, error)
	// PromoUses returns how often the member k.Member redeemed the code in
	// the program k.Program: the count Commit checks against
	// PromoClaim.PerMember. Errors: only the store's own.
	PromoUses(ctx context.Context, k Key, code string) (int, error)
	// CountPurchases returns how many of the member's recorded purchases
	// (the Commit.Purchase of every commit so far) q matches, as of version
	// q.Version. Its cost follows the purchases it counts, or less.
	// Errors: ErrVersionConflict if the ledger's version is not q.Version;
	// the store's own.
	CountPurchases(ctx context.Context, k Key, q PurchaseQuery) (int64, error)
}

// AttributionStore records which partner each member belongs to.
// Implementations are safe for concurrent use.
type AttributionStore interface {
	// AttributeToPartner attributes member to partner unless it already
	// belongs to a partner, atomically, and returns the partner it belongs
	// to afterwards: the first write wins for good. Errors: only the
	// store's own.
	AttributeToPartner(ctx context.Context, member, partner string) (owner string, err error)
	// Partner returns the partner the member belongs to, "" if none.
	// Errors: only the store's own.
	Partner(ctx context.Context, member string) (string, error)
}

// Store is everything the Ledger needs from a host. A Ledger whose
// program converts traffic (Conversion.Traffic) needs a Store that is a
// TrafficStore too.
type Store interface {
	LedgerStore
	AttributionStore
}
