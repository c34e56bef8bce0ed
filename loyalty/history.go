package loyalty

import (
	"context"
	"fmt"
	"time"

	"github.com/tariffkit/tariff/catalog"
)

// History is a purchase-history condition: it places the transaction among
// the member's purchases in the program and matches when that place is
// between From and To. The purchases counted are the member's earlier
// accruals in the program (see Purchase), narrowed by the fields below;
// the transaction itself is the next one, so a member with two counted
// purchases makes its third.
//
//	History{From: 1, To: 1}                          // the first purchase (as Condition.FirstPurchase)
//	History{From: 2}                                 // a repeat purchase: the second or any later one
//	History{From: 2, SamePartner: true}              // a repeat purchase through the same partner
//	History{From: 3, To: 3, Within: 30 * 24 * time.Hour,
//		SameCategory: true}                          // the third hotel booking within 30 days
//
// The zero History is no condition.
type History struct {
	// From is the lowest place that matches: 1 for any purchase, 2 for a
	// repeat purchase. Zero means 1.
	From int
	// To is the highest place that matches; zero for no upper bound.
	To int
	// Within counts only purchases made less than Within before the
	// transaction's instant (those whose instant is after at − Within);
	// zero counts the member's whole history in the program.
	Within time.Duration
	// SamePartner counts only purchases through the transaction's partner
	// (direct purchases, Partner "", for a direct transaction).
	SamePartner bool
	// SameCategory counts only purchases in the transaction's category.
	SameCategory bool
}

// IsZero reports whether h is the zero History, which is no condition.
func (h History) IsZero() bool { return h == History{} }

// matches reports whether a transaction preceded by n counted purchases
// stands at a place h accepts.
func (h *History) matches(n int64) bool {
	place := n + 1
	return place >= int64(max(h.From, 1)) && (h.To == 0 || place <= int64(h.To))
}

// query returns the PurchaseQuery that counts the purchases h places tx
// among, at the instant at, as of version v.
func (h *History) query(tx *Transaction, at time.Time, v uint64) PurchaseQuery {
	q := PurchaseQuery{Version: v, ByPartner: h.SamePartner, ByCategory: h.SameCategory}
	if h.SamePartner {
		q.Partner = tx.Partner
	}
	if h.SameCategory {
		q.Category = tx.Category
	}
	if h.Within > 0 {
		q.After = at.Add(-h.Within)
	}
	return q
}

// whole reports whether h counts every purchase of the member in the
// program, which the head's Purchases counts without asking the store.
func (h *History) whole() bool { return !h.SamePartner && !h.SameCategory && h.Within == 0 }

// validateHistory checks one condition's History.
func (v *validator) validateHistory(path string, c Condition) {
	h := c.History
	if h.IsZero() {
		return
	}
	if c.FirstPurchase {
		v.add(path, catalog.CodeUnusedField, "first_purchase and history both set: first_purchase is history from 1 to 1")
	}
	if h.From < 0 || h.To < 0 || h.Within < 0 {
		v.add(path, catalog.CodeNegative, "from, to and within must not be negative")
	}
	if h.To > 0 && h.From > h.To {
		v.add(path+".from", catalog.CodeBounds, fmt.Sprintf("from %d above to %d", h.From, h.To))
	}
	if h.From <= 1 && h.To == 0 {
		v.add(path, catalog.CodeRequired, "history matches every purchase: set from above 1 or a to")
	}
}

// Purchase is one purchase in a member's purchase history in a program:
// every transaction Ledger.Accrue records, whether or not it earned
// anything, is one (Commit.Purchase), in a program that keeps the history
// (Spec.RecordHistory, or one with a History condition). History
// conditions count them.
type Purchase struct {
	Tx       string    // the accrued transaction's ID
	Partner  string    // its partner, "" if direct
	Category string    // its category
	At       time.Time // the instant it was accrued at
}

// PurchaseQuery asks a Store how many of a member's purchases match (see
// LedgerStore.CountPurchases): every condition set must hold.
type PurchaseQuery struct {
	// Version is the version the caller loaded. The count is of that
	// version or the query fails with ErrVersionConflict.
	Version    uint64
	ByPartner  bool      // count only purchases whose Partner is Partner
	Partner    string    // the partner, when ByPartner ("" counts direct purchases)
	ByCategory bool      // count only purchases whose Category is Category
	Category   string    // the category, when ByCategory
	After      time.Time // count only purchases whose At is after After; the zero time counts all
}

// Matches reports whether q counts p: the rule every Store's
// CountPurchases follows. It reads nothing else and costs a few
// comparisons.
func (q PurchaseQuery) Matches(p Purchase) bool {
	return (!q.ByPartner || p.Partner == q.Partner) && (!q.ByCategory || p.Category == q.Category) &&
		(q.After.IsZero() || p.At.After(q.After))
}

// historyCounter counts, for the Ledger, the purchases a History condition
// places a transaction among, as of one version of the member's ledger,
// asking the store at most once per distinct query.
type historyCounter struct {
	ctx       context.Context
	store     LedgerStore
	key       Key
	at        time.Time
	version   uint64
	purchases int64       // Head.Purchases of that version
	tx        Transaction // a copy, so that the caller's need not move to the heap
	seen      []seenCount
}

type seenCount struct {
	q PurchaseQuery
	n int64
}

// reset readies c for tx at version st of the ledger k, keeping the
// memory of its cache.
func (c *historyCounter) reset(ctx context.Context, s LedgerStore, k Key, st *State, tx *Transaction, at time.Time) {
	*c = historyCounter{ctx: ctx, store: s, key: k, at: at, version: st.Version, purchases: st.Purchases, tx: *tx, seen: c.seen[:0]}
}

func (c *historyCounter) count(h *History) (int64, error) {
	if h.whole() {
		return c.purchases, nil
	}
	q := h.query(&c.tx, c.at, c.version)
	for _, s := range c.seen {
		if s.q == q {
			return s.n, nil
		}
	}
	var n int64
	if c.version != 0 {
		var err error
		if n, err = c.store.CountPurchases(c.ctx, c.key, q); err != nil {
			return 0, err
		}
		if n < 0 || n > c.purchases {
			return 0, fmt.Errorf("%w: member %q of program %q: %d purchases counted of %d recorded",
				ErrInconsistentStore, c.key.Member, c.key.Program, n, c.purchases)
		}
	}
	c.seen = append(c.seen, seenCount{q, n})
	return n, nil
}

// listCounter counts the purchases of Facts.History, for Evaluate.
type listCounter struct {
	list []Purchase
	tx   *Transaction
	at   time.Time
}

func (c *listCounter) count(h *History) (int64, error) {
	q := h.query(c.tx, c.at, 0)
	var n int64
	for _, p := range c.list {
		if q.Matches(p) {
			n++
		}
	}
	return n, nil
}

// counter counts the purchases a History condition places a transaction
// among.
type counter interface {
	count(h *History) (int64, error)
}
