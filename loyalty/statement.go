package loyalty

import (
	"context"
	"math"

	"github.com/tariffkit/tariff/pricing"
)

// Balance returns the member's balances as stored (as of the last
// operation or Settle). Errors: ErrNoLedger; ErrInvalidRequest for an
// empty member; the store's errors.
func (l *Ledger) Balance(ctx context.Context, member string) (Balance, error) {
	if err := l.ready(ctx); err != nil {
		return Balance{}, err
	}
	if member == "" {
		return Balance{}, l.badRequest(member, "", "Member", "member is empty", nil)
	}
	st, _, err := l.store.Load(ctx, l.key(member))
	if err != nil {
		return Balance{}, err
	}
	cur := l.prog.spec.Currency
	return Balance{Available: pricing.NewMoney(st.Available.Amount(), cur), Pending: pricing.NewMoney(st.Pending.Amount(), cur)}, nil
}

// Statement returns all the member's ledger entries in order: its cost
// follows the length of the ledger. StatementPage reads part of it.
// Errors: ErrNoLedger; ErrInvalidRequest for an empty member; the store's
// errors.
func (l *Ledger) Statement(ctx context.Context, member string) ([]Entry, error) {
	if err := l.ready(ctx); err != nil {
		return nil, err
	}
	if member == "" {
		return nil, l.badRequest(member, "", "Member", "member is empty", nil)
	}
	return l.store.Entries(ctx, l.key(member), 0, math.MaxInt)
}

// StatementPage returns up to limit of the member's ledger entries in
// order, starting with the one at position from (0 is the first), and the
// number of entries in the ledger, so that the latest page starts at
// max(0, n-limit). Its cost follows limit, not the ledger's length.
// Entries are only ever appended, so a position always names the same
// entry.
//
// Errors: ErrNoLedger; ErrInvalidRequest for an empty member or a
// negative from or limit; the store's errors.
func (l *Ledger) StatementPage(ctx context.Context, member string, from, limit int) ([]Entry, int, error) {
	if err := l.ready(ctx); err != nil {
		return nil, 0, err
	}
	if member == "" {
		return nil, 0, l.badRequest(member, "", "Member", "member is empty", nil)
	}
	if from < 0 || limit < 0 {
		return nil, 0, l.badRequest(member, "", "from", "negative position or limit", nil)
	}
	k := l.key(member)
	st, _, err := l.store.Load(ctx, k)
	if err != nil {
		return nil, 0, err
	}
	n := int(st.Entries)
	if from >= n || limit == 0 {
		return nil, n, nil
	}
	es, err := l.store.Entries(ctx, k, from, min(limit, n-from))
	if err != nil {
		return nil, 0, err
	}
	return es, n, nil
}
