package loyalty

import (
	"context"
	"errors"
	"time"
)

// PromoRedemption asks to redeem a promo code.
type PromoRedemption struct {
	ID     string // the redemption's transaction ID
	Member string // the member
	Code   string // the promo code entered
}

// RedeemPromo grants the code's bonus to the member, available at once and
// expiring after the program's lifetime. The code must be valid at `at`
// (ValidFrom <= at < ValidUntil); the per-member and total limits are
// counted by the store in the same atomic commit that grants the bonus
// (see PromoClaim).
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest); *PromoError
// wrapping ErrUnknownPromo, ErrPromoNotValid, ErrPromoMemberLimit or
// ErrPromoExhausted; *TransactionError (ErrTransactionConflict);
// ErrVersionConflict after DefaultAttempts conflicts;
// ErrInconsistentStore; the store's errors.
func (l *Ledger) RedeemPromo(ctx context.Context, r PromoRedemption, at time.Time) (Result, error) {
	if err := l.ready(ctx); err != nil {
		return Result{}, err
	}
	if r.ID == "" || r.Member == "" {
		return Result{}, l.badRequest(r.Member, r.ID, "ID", "transaction ID and member must be set", nil)
	}
	promo, ok := l.prog.promos[r.Code]
	if !ok {
		return Result{}, &PromoError{Err: ErrUnknownPromo, Code: r.Code, Member: r.Member}
	}
	if at.Before(promo.ValidFrom) || (!promo.ValidUntil.IsZero() && !at.Before(promo.ValidUntil)) {
		return Result{}, &PromoError{Err: ErrPromoNotValid, Code: r.Code, Member: r.Member}
	}
	fp := fingerprint(OpPromo, []string{r.Code})
	res, err := l.run(ctx, r.Member, at, r.ID, "", OpPromo, fp, func(w *work, _ []TxRecord) (Result, bool, error) {
		if w.overflows(minor(promo.Grant)) {
			return Result{}, true, l.badRequest(r.Member, r.ID, "Code", "balance would overflow", nil)
		}
		w.addLot(EntryPromo, r.ID, r.Code, promo.Grant, 0, l.prog.spec.Lifetime)
		w.promo = &PromoClaim{Program: l.prog.spec.ID, Code: r.Code, Limit: promo.TotalLimit, PerMember: promo.PerMember}
		res := Result{Tx: r.ID, Op: OpPromo, Bonus: promo.Grant}
		w.records = append(w.records, TxRecord{ID: r.ID, Op: OpPromo, Fingerprint: fp, Result: res})
		return res, false, nil
	})
	if (errors.Is(err, ErrPromoExhausted) || errors.Is(err, ErrPromoMemberLimit)) && !errors.As(err, new(*PromoError)) {
		err = &PromoError{Err: err, Code: r.Code, Member: r.Member}
	}
	return res, err
}
