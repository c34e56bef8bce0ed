package loyalty

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/pricing"
)

// ConvertIn asks to convert a quantity of another unit (traffic) into bonus.
type ConvertIn struct {
	ID       string          // the conversion's transaction ID
	Member   string          // the member
	Unit     string          // a Conversion.Unit of the program
	Quantity decimal.Decimal // positive
	// Package names the traffic package converted (a catalog product ID),
	// passed to the store in TrafficChange.Package; "" for none. Part of
	// the request's content.
	Package string
}

// ConvertIn converts r.Quantity units into bonus at the program's ToBonus
// rate, truncated to the minor unit (the program never grants a fraction
// it was not paid for). The bonus is available at once and expires after
// the program's lifetime.
//
// For a Traffic unit the quantity leaves the account's traffic in the
// same atomic operation (TrafficStore.CommitTraffic): the bonus is
// granted and the traffic removed, or neither. That costs one read of the
// account's traffic besides the ledger's load and commit.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest), also when the
// quantity is worth less than one minor unit; *ConversionError
// (ErrConversionNotAllowed); *TrafficError (ErrInsufficientTraffic) when
// the account holds less traffic than r.Quantity; *TransactionError
// (ErrTransactionConflict); ErrVersionConflict after DefaultAttempts
// conflicts; ErrInconsistentStore; the store's errors.
func (l *Ledger) ConvertIn(ctx context.Context, r ConvertIn, at time.Time) (Result, error) {
	if err := l.ready(ctx); err != nil {
		return Result{}, err
	}
	if r.ID == "" || r.Member == "" {
		return Result{}, l.badRequest(r.Member, r.ID, "ID", "transaction ID and member must be set", nil)
	}
	conv, ok := l.prog.conversions[r.Unit]
	if !ok || conv.ToBonus.Sign() <= 0 {
		return Result{}, &ConversionError{Program: l.prog.spec.ID, Unit: r.Unit, Into: true}
	}
	if r.Quantity.Sign() <= 0 {
		return Result{}, l.badRequest(r.Member, r.ID, "Quantity", "not positive", nil)
	}
	cur := l.prog.spec.Currency
	bonus := pricing.NewMoney(r.Quantity.Mul(conv.ToBonus).Truncate(cur.MinorUnit()), cur)
	amt, err := checkAmount(r.Member, r.ID, "Quantity", bonus, cur, false)
	if err != nil {
		return Result{}, err
	}
	strs := []string{r.Unit, r.Quantity.StringFixed(max(0, -r.Quantity.Normalize().Exponent()))}
	if r.Package != "" {
		strs = append(strs, r.Package)
	}
	fp := fingerprint(OpConvertIn, strs)
	res, err := l.run(ctx, r.Member, at, r.ID, "", OpConvertIn, fp, func(w *work, _ []TxRecord) (Result, bool, error) {
		if w.overflows(amt) {
			return Result{}, true, l.badRequest(r.Member, r.ID, "Quantity", "balance would overflow", nil)
		}
		if conv.Traffic {
			if err := l.moveTraffic(w, r.Member, r.ID, r.Unit, r.Package, r.Quantity.Neg()); err != nil {
				return Result{}, true, err
			}
		}
		w.addLot(EntryConvertIn, r.ID, r.Unit, bonus, 0, l.prog.spec.Lifetime)
		res := Result{Tx: r.ID, Op: OpConvertIn, Bonus: bonus, Units: r.Quantity}
		w.records = append(w.records, TxRecord{ID: r.ID, Op: OpConvertIn, Fingerprint: fp, Result: res})
		return res, false, nil
	})
	if err != nil && conv.Traffic {
		err = l.trafficRefused(ctx, err, r.Member, r.ID, r.Unit, r.Quantity)
	}
	return res, err
}

// ConvertOut asks to convert bonus into another unit (traffic, a partner's
// currency).
type ConvertOut struct {
	ID     string        // the conversion's transaction ID
	Member string        // the member
	Unit   string        // a Conversion.Unit of the program
	Bonus  pricing.Money // bonus to spend, positive, in minor units
	// Package names the traffic package bought (a catalog product ID),
	// passed to the store in TrafficChange.Package; "" for none. Part of
	// the request's content.
	Package string
}

// ConvertOut spends r.Bonus like Redeem and returns in Result.Units the
// quantity of r.Unit it buys at the program's FromBonus rate, truncated to
// the unit's places. For a Traffic unit that quantity is added to the
// account's traffic in the same atomic operation
// (TrafficStore.CommitTraffic): the bonus is spent and the traffic added,
// or neither.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest), also when the
// bonus buys less than one unit step; *ConversionError
// (ErrConversionNotAllowed);
// *BalanceError (ErrInsufficientBalance); *TransactionError
// (ErrTransactionConflict); ErrVersionConflict after DefaultAttempts
// conflicts; ErrInconsistentStore; the store's errors.
func (l *Ledger) ConvertOut(ctx context.Context, r ConvertOut, at time.Time) (Result, error) {
	if err := l.ready(ctx); err != nil {
		return Result{}, err
	}
	amt, err := l.checkBonus(r.Member, r.ID, r.Bonus)
	if err != nil {
		return Result{}, err
	}
	conv, ok := l.prog.conversions[r.Unit]
	if !ok || conv.FromBonus.Sign() <= 0 {
		return Result{}, &ConversionError{Program: l.prog.spec.ID, Unit: r.Unit}
	}
	units := r.Bonus.Amount().Mul(conv.FromBonus).Truncate(conv.Places)
	if units.Sign() <= 0 {
		return Result{}, l.badRequest(r.Member, r.ID, "Bonus", "buys less than one unit", nil)
	}
	strs := []string{r.Unit}
	if r.Package != "" {
		strs = append(strs, r.Package)
	}
	fp := fingerprint(OpConvertOut, strs, amt)
	return l.run(ctx, r.Member, at, r.ID, "", OpConvertOut, fp, func(w *work, _ []TxRecord) (Result, bool, error) {
		if err := w.canSpend(r.Member, r.ID, r.Bonus, amt); err != nil {
			return Result{}, true, err
		}
		if conv.Traffic {
			if err := l.moveTraffic(w, r.Member, r.ID, r.Unit, r.Package, units); err != nil {
				return Result{}, true, err
			}
		}
		if err := w.spend(EntryConvertOut, r.ID, r.Unit, amt); err != nil {
			return Result{}, true, err
		}
		res := Result{Tx: r.ID, Op: OpConvertOut, Bonus: r.Bonus, Units: units}
		w.records = append(w.records, TxRecord{ID: r.ID, Op: OpConvertOut, Fingerprint: fp, Result: res})
		return res, false, nil
	})
}
