package loyalty

import (
	"context"
	"strconv"
	"time"

	"github.com/tariffkit/tariff/pricing"
)

// PartnerLedger keeps partners' accounts under one RemunerationPlan: what
// each partner earned for the SIMs sold with its participation and for
// their traffic, on the same ledger as a member's bonus, through the same
// Store. Each partner has one account per plan, the ledger
// Key{Program: plan ID, Member: partner}, with the member ledger's
// guarantees: every credit is a lot, idempotent by its source ID (the
// sale's, the invoice's); reversals are in proportion to the part of the
// sale or revenue reversed and taken only from that credit's lots; the
// balance is the sum of the open lots and never negative; a failed
// operation changes nothing. Earnings are pending for the plan's
// LockPeriod and never expire. It is safe for concurrent use.
//
// A PartnerLedger is made by NewPartnerLedger; every method of a nil or
// zero one returns ErrNoLedger (Plan returns nil).
type PartnerLedger struct {
	plan *RemunerationPlan
	l    *Ledger
}

// NewPartnerLedger returns the ledger of plan p's partner accounts over
// store s. Errors: a *RequestError (ErrInvalidRequest) wrapping
// ErrNoProgram if p is nil or was not made by NewRemunerationPlan, or
// ErrNoStore if s is nil.
func NewPartnerLedger(p *RemunerationPlan, s Store) (*PartnerLedger, error) {
	if !p.valid() {
		return nil, &RequestError{Field: "Plan", Reason: "nil or not made by NewRemunerationPlan", Err: ErrNoProgram}
	}
	l, err := NewLedger(p.prog, s)
	if err != nil {
		return nil, err
	}
	return &PartnerLedger{plan: p, l: l}, nil
}

// Plan returns the ledger's plan, nil for a nil or zero PartnerLedger.
func (pl *PartnerLedger) Plan() *RemunerationPlan {
	if pl == nil {
		return nil
	}
	return pl.plan
}

func (pl *PartnerLedger) ready(ctx context.Context) error {
	if pl == nil || pl.l == nil {
		return ErrNoLedger
	}
	return pl.l.ready(ctx)
}

// attributed returns a *MembershipError unless the SIM is attributed to
// the partner: a partner earns only for its own SIMs.
func (pl *PartnerLedger) attributed(ctx context.Context, sim, partner string) error {
	owner, err := pl.l.store.Partner(ctx, sim)
	if err != nil {
		return err
	}
	if owner != partner {
		return &MembershipError{Program: pl.plan.spec.ID, Partner: partner, Member: sim, Owner: owner}
	}
	return nil
}

// SIMSale is a SIM sold with a partner's participation.
type SIMSale struct {
	ID      string        // the sale's ID: the credit's source ID
	Partner string        // the partner that took part
	SIM     string        // the SIM sold (the member it is attributed to)
	Amount  pricing.Money // the SIM's price, positive: the amount a reversal is in proportion to
}

// RewardSIM credits the partner with the plan's SIMReward for the sale,
// as one lot, pending for the plan's LockPeriod. The SIM must be
// attributed to the partner (AttributeToPartner, called when the sale was
// recorded). A plan without a SIM reward records the sale, earning
// nothing. Submitting s.ID again returns the first Result and changes
// nothing.
//
// It costs the SIM's attribution read, the partner's load and one commit.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest) for a missing ID,
// partner or SIM, or an amount that is not positive, not whole minor
// units or not in the plan's currency; *MembershipError (ErrNotMember)
// naming the SIM and the partner it belongs to when that is not
// s.Partner; *TransactionError (ErrTransactionConflict) for a reused ID
// with other content; ErrVersionConflict after DefaultAttempts conflicts;
// ErrInconsistentStore; the store's errors.
func (pl *PartnerLedger) RewardSIM(ctx context.Context, s SIMSale, at time.Time) (Result, error) {
	if err := pl.ready(ctx); err != nil {
		return Result{}, err
	}
	if s.ID == "" || s.Partner == "" || s.SIM == "" {
		return Result{}, &RequestError{Member: s.Partner, Tx: s.ID, Field: "SIMSale", Reason: "ID, partner and SIM must be set"}
	}
	amount, err := checkAmount(s.Partner, s.ID, "Amount", s.Amount, pl.plan.spec.Currency, false)
	if err != nil {
		return Result{}, err
	}
	if err := pl.attributed(ctx, s.SIM, s.Partner); err != nil {
		return Result{}, err
	}
	fp := fingerprint(OpSIMReward, []string{s.SIM}, amount)
	return pl.l.run(ctx, s.Partner, at, s.ID, "", OpSIMReward, fp, func(w *work, _ []TxRecord) (Result, bool, error) {
		return pl.credit(w, EntrySIMReward, OpSIMReward, s.ID, s.SIM, fp, s.Amount, pl.plan.reward)
	})
}

// credit adds earned (minor units; nothing for zero) as one lot of kind
// k, naming the SIM, and records the source id with the amount it was
// earned on.
func (pl *PartnerLedger) credit(w *work, k EntryKind, op Op, id, sim, fp string, basis pricing.Money, earned int64) (Result, bool, error) {
	if w.overflows(earned) {
		return Result{}, true, &RequestError{Member: w.key.Member, Tx: id, Field: "Amount", Reason: "balance would overflow"}
	}
	rec := TxRecord{ID: id, Op: op, Fingerprint: fp, Amount: basis, Refunded: pricing.Zero(w.cur)}
	if earned > 0 {
		w.addLot(k, id, sim, w.money(earned), pl.plan.spec.LockPeriod, 0)
		rec.FirstLot, rec.LastLot = w.head.NextLot, w.head.NextLot
	}
	rec.Result = Result{Tx: id, Op: op, Bonus: w.money(earned)}
	w.records = append(w.records, rec)
	return rec.Result, false, nil
}

// RevenueShare asks to credit a partner with its share of one SIM's
// traffic revenue for one billing period.
type RevenueShare struct {
	// ID is the credit's source ID: one per SIM and period, such as the
	// invoice's ID. A second ID for the same SIM and period would credit
	// the partner twice.
	ID      string
	Partner string        // the partner the SIM is attributed to
	SIM     string        // the SIM whose traffic was billed
	Quote   pricing.Quote // the SIM's quote for the period, as pricing made it
}

// ShareTraffic credits the partner with the plan's TrafficShare of the
// traffic revenue in r.Quote (see RemunerationPlan.Revenue), rounded to
// the minor unit with the plan's rounding mode, as one lot pending for the
// plan's LockPeriod. Revenue that is not positive earns nothing (the
// share is never negative) but is recorded. The record keeps the revenue,
// so that Reverse takes back in proportion to the part of it credited
// back to the customer. The SIM must be attributed to the partner.
// Submitting r.ID again returns the first Result and changes nothing.
//
// It costs the quote's lines, the SIM's attribution read, the partner's
// load and one commit.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest) for a missing ID,
// partner or SIM, a quote whose period does not end after it starts, and
// the errors of Revenue; *MembershipError (ErrNotMember) when the SIM is
// not attributed to r.Partner; *TransactionError (ErrTransactionConflict)
// for a reused ID with another SIM, period or revenue; ErrVersionConflict
// after DefaultAttempts conflicts; ErrInconsistentStore; the store's
// errors.
func (pl *PartnerLedger) ShareTraffic(ctx context.Context, r RevenueShare, at time.Time) (Result, error) {
	if err := pl.ready(ctx); err != nil {
		return Result{}, err
	}
	if r.ID == "" || r.Partner == "" || r.SIM == "" {
		return Result{}, &RequestError{Member: r.Partner, Tx: r.ID, Field: "RevenueShare", Reason: "ID, partner and SIM must be set"}
	}
	if p := r.Quote.Period; !p.End.After(p.Start) {
		return Result{}, &RequestError{Member: r.Partner, Tx: r.ID, Field: "Quote.Period", Reason: "the period does not end after it starts"}
	}
	revenue, err := pl.plan.revenue(&r.Quote, r.Partner, r.ID)
	if err != nil {
		return Result{}, err
	}
	if err := pl.attributed(ctx, r.SIM, r.Partner); err != nil {
		return Result{}, err
	}
	p := r.Quote.Period
	fp := fingerprint(OpTrafficShare, []string{r.SIM, strconv.FormatInt(p.Start.UnixNano(), 10), strconv.FormatInt(p.End.UnixNano(), 10)}, revenue)
	basis := pricing.FromMinor(max(revenue, 0), pl.plan.spec.Currency)
	return pl.l.run(ctx, r.Partner, at, r.ID, "", OpTrafficShare, fp, func(w *work, _ []TxRecord) (Result, bool, error) {
		return pl.credit(w, EntryTrafficShare, OpTrafficShare, r.ID, r.SIM, fp, basis, pl.plan.shareOf(revenue))
	})
}

// Reversal asks to take back a partner's credit, in proportion: the SIM
// was returned, the invoice credited.
type Reversal struct {
	ID       string        // the reversal's own ID
	Partner  string        // the partner
	Original string        // the source ID of the SIM reward or traffic share reversed
	Amount   pricing.Money // the part of the SIM's price or of the revenue reversed, positive
}

// Reverse takes back the credit r.Original earned in proportion to the
// part of its amount reversed, by the rule Refund follows for a member:
// the reversal due after all reversals so far is Earned × Reversed ÷
// Amount, rounded half away from zero, minus what earlier reversals were
// due, so reversals adding up to the whole amount take back exactly what
// was earned. It is taken from that credit's own lot, pending or
// available; what the lot no longer holds because it was paid out is
// Result.Shortfall, for the host to settle with the partner, and never
// taken from other earnings: the balance never goes negative. It reads
// only that credit's lot.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest); *TransactionError
// wrapping ErrUnknownTransaction (r.Original is no SIM reward or traffic
// share of the partner's), ErrRefundExceedsTransaction (reversals would
// exceed its amount) or ErrTransactionConflict; ErrVersionConflict after
// DefaultAttempts conflicts; ErrInconsistentStore; the store's errors.
func (pl *PartnerLedger) Reverse(ctx context.Context, r Reversal, at time.Time) (Result, error) {
	if err := pl.ready(ctx); err != nil {
		return Result{}, err
	}
	if r.ID == "" || r.Original == "" || r.ID == r.Original {
		return Result{}, &RequestError{Member: r.Partner, Tx: r.ID, Field: "ID", Reason: "reversal and original IDs must be set and differ"}
	}
	amt, err := pl.l.checkBonus(r.Partner, r.ID, r.Amount)
	if err != nil {
		return Result{}, err
	}
	fp := fingerprint(OpReverse, []string{r.Original}, amt)
	return pl.l.run(ctx, r.Partner, at, r.ID, r.Original, OpReverse, fp, func(w *work, recs []TxRecord) (Result, bool, error) {
		return w.reverseShare(recs, OpReverse, fp, r.ID, r.Partner, r.Original, amt,
			func(op Op) bool { return op == OpSIMReward || op == OpTrafficShare })
	})
}

// Payout asks to pay a partner out of its available earnings.
type Payout struct {
	ID      string        // the payout's ID (the bank transfer's)
	Partner string        // the partner
	Amount  pricing.Money // positive, whole minor units
}

// Payout spends r.Amount of the partner's available earnings, the oldest
// first (earnings never expire); pending earnings are never paid out. Its
// cost follows the lots it spends.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest); *BalanceError
// (ErrInsufficientBalance); *TransactionError (ErrTransactionConflict);
// ErrVersionConflict after DefaultAttempts conflicts;
// ErrInconsistentStore; the store's errors.
func (pl *PartnerLedger) Payout(ctx context.Context, r Payout, at time.Time) (Result, error) {
	if err := pl.ready(ctx); err != nil {
		return Result{}, err
	}
	amt, err := pl.l.checkBonus(r.Partner, r.ID, r.Amount)
	if err != nil {
		return Result{}, err
	}
	fp := fingerprint(OpPayout, nil, amt)
	return pl.l.run(ctx, r.Partner, at, r.ID, "", OpPayout, fp, func(w *work, _ []TxRecord) (Result, bool, error) {
		if err := w.canSpend(r.Partner, r.ID, r.Amount, amt); err != nil {
			return Result{}, true, err
		}
		if err := w.spend(EntryPayout, r.ID, "", amt); err != nil {
			return Result{}, true, err
		}
		res := Result{Tx: r.ID, Op: OpPayout, Bonus: r.Amount}
		w.records = append(w.records, TxRecord{ID: r.ID, Op: OpPayout, Fingerprint: fp, Result: res})
		return res, false, nil
	})
}

// Settle makes the partner's earnings whose lock period ended by `at`
// payable, as Ledger.Settle does for a member. Errors: those of
// Ledger.Settle.
func (pl *PartnerLedger) Settle(ctx context.Context, partner string, at time.Time) (Settlement, error) {
	if err := pl.ready(ctx); err != nil {
		return Settlement{}, err
	}
	return pl.l.Settle(ctx, partner, at)
}

// Balance returns the partner's earnings as stored: Available is payable,
// Pending still in its lock period. Errors: those of Ledger.Balance.
func (pl *PartnerLedger) Balance(ctx context.Context, partner string) (Balance, error) {
	if err := pl.ready(ctx); err != nil {
		return Balance{}, err
	}
	return pl.l.Balance(ctx, partner)
}
