package loyalty

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/pricing"
)

// DefaultAttempts is how many times a Ledger tries an operation whose
// commit meets ErrVersionConflict before giving up.
const DefaultAttempts = 100

// Ledger runs one program's ledger operations against a Store. It holds
// no member state of its own and is safe for concurrent use.
//
// Every operation loads the member's state, computes the change as a pure
// function of that state, the request and the instant at, and commits it
// only if the state has not changed meanwhile, retrying otherwise. Before
// the requested change, every operation settles the member at `at`:
// pending lots whose lock period is over become available and lots whose
// lifetime is over expire, as entries of the same commit.
type Ledger struct {
	prog     *Program
	store    Store
	attempts int
}

// NewLedger returns a Ledger for program p over store s. Errors:
// ErrInvalidRequest if either is nil.
func NewLedger(p *Program, s Store) (*Ledger, error) {
	if p == nil || s == nil {
		return nil, &RequestError{Field: "NewLedger", Reason: "nil program or store"}
	}
	return &Ledger{prog: p, store: s, attempts: DefaultAttempts}, nil
}

// Program returns the ledger's program.
func (l *Ledger) Program() *Program { return l.prog }

func (l *Ledger) key(member string) Key { return Key{Program: l.prog.spec.ID, Member: member} }

// run loads, applies fn and commits, retrying on ErrVersionConflict. fn
// returns done=true when the result needs no commit (a replay). lots says
// whether fn reads the member's lots (to spend or reverse them); they are
// loaded anyway when settling is due at `at`.
func (l *Ledger) run(ctx context.Context, member string, at time.Time, tx, orig string, lots bool,
	fn func(w *work, recs []TxRecord) (res Result, done bool, err error)) (Result, error) {
	k := l.key(member)
	w := workPool.Get().(*work)
	defer w.release()
	// The IDs to load live in w, so that passing them allocates nothing.
	w.ids = [2]string{tx, orig}
	ids := w.ids[:0]
	switch {
	case orig != "":
		ids = w.ids[:2]
	case tx != "":
		ids = w.ids[:1]
	}
	for attempt := 0; attempt < l.attempts; attempt++ {
		st, recs, err := l.store.Load(ctx, k, lots, ids...)
		if err == nil && !lots && settleDue(&st.Head, at) {
			lots = true // settling reads the lots: load again with them
			st, recs, err = l.store.Load(ctx, k, lots, ids...)
		}
		if err != nil {
			return Result{}, err
		}
		w.init(l.prog, k, st, lots, at)
		w.settle()
		res, done, err := fn(w, recs)
		if err != nil || done {
			return res, err
		}
		err = l.store.Commit(ctx, w.commit())
		if err == nil {
			return res, nil
		}
		if !errors.Is(err, ErrVersionConflict) {
			return Result{}, err
		}
		runtime.Gosched()
	}
	return Result{}, fmt.Errorf("%w: member %q: gave up after %d attempts", ErrVersionConflict, member, l.attempts)
}

// replay looks for an earlier record of id. It returns done=true with the
// first result for the same content, and a *TransactionError wrapping
// ErrTransactionConflict for different content.
func replay(recs []TxRecord, member, id string, op Op, fp string) (Result, bool, error) {
	for i := range recs {
		if recs[i].ID != id {
			continue
		}
		if recs[i].Op == op && recs[i].Fingerprint == fp {
			return recs[i].Result, true, nil
		}
		return Result{}, true, &TransactionError{Err: ErrTransactionConflict, Member: member, Tx: id}
	}
	return Result{}, false, nil
}

func findRecord(recs []TxRecord, id string) (TxRecord, bool) {
	for _, r := range recs {
		if r.ID == id {
			return r, true
		}
	}
	return TxRecord{}, false
}

// fingerprint joins an operation's content into one comparable string:
// the op, the strings, then the integers. The member is not part of it:
// records are kept per member.
func fingerprint(op Op, strs []string, ints ...int64) string {
	var b strings.Builder
	n := 2 + 21*len(ints)
	for _, s := range strs {
		n += len(s) + 1
	}
	b.Grow(n)
	var num [24]byte
	b.Write(strconv.AppendUint(num[:0], uint64(op), 10))
	for _, s := range strs {
		b.WriteByte('|')
		b.WriteString(s)
	}
	for _, v := range ints {
		b.WriteByte('|')
		b.Write(strconv.AppendInt(num[:0], v, 10))
	}
	return b.String()
}

func (l *Ledger) badRequest(member, tx, field, reason string, err error) error {
	return &RequestError{Member: member, Tx: tx, Field: field, Reason: reason, Err: err}
}

// checkBonus validates a request spending bonus and returns the amount in
// minor units.
func (l *Ledger) checkBonus(member, tx string, m pricing.Money) (int64, error) {
	if tx == "" {
		return 0, l.badRequest(member, tx, "ID", "transaction ID is empty", nil)
	}
	if member == "" {
		return 0, l.badRequest(member, tx, "Member", "member is empty", nil)
	}
	return checkAmount(member, tx, "Amount", m, l.prog.spec.Currency, false)
}

// Accrue evaluates the program's rules for tx (see Program.Evaluate) and
// adds the bonus earned as one lot per rule, pending for the program's
// lock period. A transaction that earns nothing is still recorded: it
// counts as a purchase and its ID as used.
//
// Errors: *RequestError (ErrInvalidRequest); *MembershipError
// (ErrNotMember) when a partner's program is asked to accrue for a member
// of another partner or none; *TransactionError (ErrTransactionConflict)
// for a reused ID with different content; ErrVersionConflict after
// DefaultAttempts conflicts; the store's errors.
func (l *Ledger) Accrue(ctx context.Context, tx Transaction, at time.Time) (Result, error) {
	p := l.prog
	amount, err := p.checkTransaction(tx)
	if err != nil {
		return Result{}, err
	}
	var owner string
	if p.spec.Partner != "" {
		if owner, err = l.store.Partner(ctx, tx.Member); err != nil {
			return Result{}, err
		}
	}
	sim := int64(0)
	if tx.SIM {
		sim = 1
	}
	fp := fingerprint(OpAccrue, []string{tx.Category, tx.Partner}, amount, sim)
	return l.run(ctx, tx.Member, at, tx.ID, "", false, func(w *work, recs []TxRecord) (Result, bool, error) {
		if res, done, err := replay(recs, tx.Member, tx.ID, OpAccrue, fp); done {
			return res, true, err
		}
		period := p.spec.Period.start(at)
		var accrued int64
		if p.spec.Period != NoPeriod && w.head.PeriodStart.Equal(period) {
			accrued = minor(w.head.PeriodAccrued)
		}
		var buf [8]share
		shares, err := p.evaluate(tx, Facts{Partner: owner, FirstPurchase: w.head.Purchases == 0}, amount, accrued, buf[:0])
		if err != nil {
			return Result{}, true, err
		}
		var total int64
		var bonus pricing.Money
		for _, s := range shares {
			total += s.amt
		}
		if w.overflows(total) {
			return Result{}, true, l.badRequest(tx.Member, tx.ID, "Amount", "balance would overflow", nil)
		}
		for _, s := range shares {
			bonus = w.money(s.amt)
			w.addLot(EntryAccrue, tx.ID, s.rule.ID, bonus, p.spec.LockPeriod, p.spec.Lifetime)
		}
		if len(shares) != 1 {
			bonus = w.money(total)
		}
		w.head.Purchases++
		if p.spec.Period != NoPeriod {
			w.head.PeriodStart = period
			w.head.PeriodAccrued = w.money(accrued + total)
		}
		res := Result{Tx: tx.ID, Op: OpAccrue, Bonus: bonus}
		w.records = append(w.records, TxRecord{ID: tx.ID, Op: OpAccrue, Fingerprint: fp, Result: res,
			Amount: tx.Amount, Refunded: pricing.Zero(p.spec.Currency)})
		return res, false, nil
	})
}

// Redemption asks to spend bonus.
type Redemption struct {
	ID     string        // the redemption's transaction ID
	Member string        // the member
	Amount pricing.Money // bonus to spend, positive, in minor units
}

// Redeem spends r.Amount of the member's available bonus, taking the
// earliest-expiring lots first. Pending bonus is never spent.
//
// Errors: *RequestError (ErrInvalidRequest); *BalanceError
// (ErrInsufficientBalance); *TransactionError (ErrTransactionConflict);
// ErrVersionConflict after DefaultAttempts conflicts; the store's errors.
func (l *Ledger) Redeem(ctx context.Context, r Redemption, at time.Time) (Result, error) {
	amt, err := l.checkBonus(r.Member, r.ID, r.Amount)
	if err != nil {
		return Result{}, err
	}
	fp := fingerprint(OpRedeem, nil, amt)
	return l.run(ctx, r.Member, at, r.ID, "", true, func(w *work, recs []TxRecord) (Result, bool, error) {
		if res, done, err := replay(recs, r.Member, r.ID, OpRedeem, fp); done {
			return res, true, err
		}
		if err := w.canSpend(r.Member, r.ID, r.Amount, amt); err != nil {
			return Result{}, true, err
		}
		w.spend(EntryRedeem, r.ID, "", amt)
		res := Result{Tx: r.ID, Op: OpRedeem, Bonus: r.Amount}
		w.records = append(w.records, TxRecord{ID: r.ID, Op: OpRedeem, Fingerprint: fp, Result: res})
		return res, false, nil
	})
}

func (w *work) canSpend(member, tx string, m pricing.Money, amt int64) error {
	if w.avail < amt {
		return &BalanceError{Member: member, Tx: tx, Requested: m, Available: w.money(w.avail)}
	}
	return nil
}

// Refund is a refund of (part of) an accrued transaction.
type Refund struct {
	ID       string        // the refund's own transaction ID
	Member   string        // the member
	Original string        // the ID of the accrued transaction refunded
	Amount   pricing.Money // the part of the original amount refunded, positive
}

// Refund reverses the bonus earned by r.Original in proportion to the part
// of its amount refunded. The reversal due after all refunds so far is
// Earned × Refunded / Amount, rounded to the minor unit half away from
// zero, minus what earlier refunds were due; so partial refunds adding up
// to the whole amount reverse exactly what was earned. The reversal is
// taken from the transaction's own lots, pending or available; what those
// lots no longer hold (spent or expired) is reported as Result.Shortfall
// and not taken from other bonus: the balance never goes negative.
//
// Errors: *RequestError (ErrInvalidRequest); *TransactionError wrapping
// ErrUnknownTransaction (r.Original was not accrued),
// ErrRefundExceedsTransaction (refunds would exceed its amount) or
// ErrTransactionConflict; ErrVersionConflict after DefaultAttempts
// conflicts; the store's errors.
func (l *Ledger) Refund(ctx context.Context, r Refund, at time.Time) (Result, error) {
	if r.ID == "" || r.Original == "" || r.ID == r.Original {
		return Result{}, l.badRequest(r.Member, r.ID, "ID", "refund and original IDs must be set and differ", nil)
	}
	amt, err := l.checkBonus(r.Member, r.ID, r.Amount)
	if err != nil {
		return Result{}, err
	}
	fp := fingerprint(OpRefund, []string{r.Original}, amt)
	return l.run(ctx, r.Member, at, r.ID, r.Original, true, func(w *work, recs []TxRecord) (Result, bool, error) {
		if res, done, err := replay(recs, r.Member, r.ID, OpRefund, fp); done {
			return res, true, err
		}
		orig, ok := findRecord(recs, r.Original)
		if !ok || orig.Op != OpAccrue {
			return Result{}, true, &TransactionError{Err: ErrUnknownTransaction, Member: r.Member, Tx: r.Original}
		}
		txAmount, before := minor(orig.Amount), minor(orig.Refunded)
		after := before + amt
		if after > txAmount {
			return Result{}, true, &TransactionError{Err: ErrRefundExceedsTransaction, Member: r.Member, Tx: r.Original}
		}
		earned := minor(orig.Result.Bonus)
		due := share128(earned, after, txAmount) - share128(earned, before, txAmount)
		taken := w.reverse(r.ID, r.Original, due)
		res := Result{Tx: r.ID, Op: OpRefund, Bonus: w.money(taken), Shortfall: w.money(due - taken)}
		orig.Refunded = w.money(after)
		w.records = append(w.records, TxRecord{ID: r.ID, Op: OpRefund, Fingerprint: fp, Result: res}, orig)
		return res, false, nil
	})
}

// share128 returns earned × part / whole rounded half away from zero, for
// 0 <= part <= whole, 0 < whole and 0 <= earned, without overflow.
func share128(earned, part, whole int64) int64 {
	hi, lo := bits.Mul64(uint64(earned), uint64(part))
	q, rem := bits.Div64(hi, lo, uint64(whole)) // q <= earned, so hi < whole
	if rem >= uint64(whole)-rem {
		q++
	}
	return int64(q)
}

// PromoRedemption asks to redeem a promo code.
type PromoRedemption struct {
	ID     string // the redemption's transaction ID
	Member string // the member
	Code   string // the promo code entered
}

// RedeemPromo grants the code's bonus to the member, available at once and
// expiring after the program's lifetime. The code must be valid at `at`
// (ValidFrom <= at < ValidUntil); the per-member and total limits are
// checked in the same atomic commit that grants the bonus.
//
// Errors: *RequestError (ErrInvalidRequest); *PromoError wrapping
// ErrUnknownPromo, ErrPromoNotValid, ErrPromoMemberLimit or
// ErrPromoExhausted; *TransactionError (ErrTransactionConflict);
// ErrVersionConflict after DefaultAttempts conflicts; the store's errors.
func (l *Ledger) RedeemPromo(ctx context.Context, r PromoRedemption, at time.Time) (Result, error) {
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
	res, err := l.run(ctx, r.Member, at, r.ID, "", false, func(w *work, recs []TxRecord) (Result, bool, error) {
		if res, done, err := replay(recs, r.Member, r.ID, OpPromo, fp); done {
			return res, true, err
		}
		uses := slices.Clone(w.head.PromoUses)
		i := slices.IndexFunc(uses, func(u PromoUse) bool { return u.Code == r.Code })
		if i < 0 {
			uses = append(uses, PromoUse{Code: r.Code})
			i = len(uses) - 1
		}
		if uses[i].Count >= promo.PerMember {
			return Result{}, true, &PromoError{Err: ErrPromoMemberLimit, Code: r.Code, Member: r.Member}
		}
		if w.overflows(minor(promo.Grant)) {
			return Result{}, true, l.badRequest(r.Member, r.ID, "Code", "balance would overflow", nil)
		}
		uses[i].Count++
		w.head.PromoUses = uses
		w.addLot(EntryPromo, r.ID, r.Code, promo.Grant, 0, l.prog.spec.Lifetime)
		w.promo = &PromoClaim{Program: l.prog.spec.ID, Code: r.Code, Limit: promo.TotalLimit}
		res := Result{Tx: r.ID, Op: OpPromo, Bonus: promo.Grant}
		w.records = append(w.records, TxRecord{ID: r.ID, Op: OpPromo, Fingerprint: fp, Result: res})
		return res, false, nil
	})
	if errors.Is(err, ErrPromoExhausted) && !errors.As(err, new(*PromoError)) {
		err = &PromoError{Err: err, Code: r.Code, Member: r.Member}
	}
	return res, err
}

// ConvertIn asks to convert a quantity of another unit (traffic) into bonus.
type ConvertIn struct {
	ID       string          // the conversion's transaction ID
	Member   string          // the member
	Unit     string          // a Conversion.Unit of the program
	Quantity decimal.Decimal // positive
}

// ConvertIn converts r.Quantity units into bonus at the program's ToBonus
// rate, truncated to the minor unit (the program never grants a fraction
// it was not paid for). The bonus is available at once and expires after
// the program's lifetime.
//
// Errors: *RequestError (ErrInvalidRequest), also when the quantity is
// worth less than one minor unit; *ConversionError
// (ErrConversionNotAllowed); *TransactionError (ErrTransactionConflict);
// ErrVersionConflict after DefaultAttempts conflicts; the store's errors.
func (l *Ledger) ConvertIn(ctx context.Context, r ConvertIn, at time.Time) (Result, error) {
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
	fp := fingerprint(OpConvertIn, []string{r.Unit, r.Quantity.StringFixed(max(0, -r.Quantity.Normalize().Exponent()))})
	return l.run(ctx, r.Member, at, r.ID, "", false, func(w *work, recs []TxRecord) (Result, bool, error) {
		if res, done, err := replay(recs, r.Member, r.ID, OpConvertIn, fp); done {
			return res, true, err
		}
		if w.overflows(amt) {
			return Result{}, true, l.badRequest(r.Member, r.ID, "Quantity", "balance would overflow", nil)
		}
		w.addLot(EntryConvertIn, r.ID, r.Unit, bonus, 0, l.prog.spec.Lifetime)
		res := Result{Tx: r.ID, Op: OpConvertIn, Bonus: bonus, Units: r.Quantity}
		w.records = append(w.records, TxRecord{ID: r.ID, Op: OpConvertIn, Fingerprint: fp, Result: res})
		return res, false, nil
	})
}

// ConvertOut asks to convert bonus into another unit (traffic, a partner's
// currency).
type ConvertOut struct {
	ID     string        // the conversion's transaction ID
	Member string        // the member
	Unit   string        // a Conversion.Unit of the program
	Bonus  pricing.Money // bonus to spend, positive, in minor units
}

// ConvertOut spends r.Bonus like Redeem and returns in Result.Units the
// quantity of r.Unit it buys at the program's FromBonus rate, truncated to
// the unit's places.
//
// Errors: *RequestError (ErrInvalidRequest), also when the bonus buys less
// than one unit step; *ConversionError (ErrConversionNotAllowed);
// *BalanceError (ErrInsufficientBalance); *TransactionError
// (ErrTransactionConflict); ErrVersionConflict after DefaultAttempts
// conflicts; the store's errors.
func (l *Ledger) ConvertOut(ctx context.Context, r ConvertOut, at time.Time) (Result, error) {
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
	fp := fingerprint(OpConvertOut, []string{r.Unit}, amt)
	return l.run(ctx, r.Member, at, r.ID, "", true, func(w *work, recs []TxRecord) (Result, bool, error) {
		if res, done, err := replay(recs, r.Member, r.ID, OpConvertOut, fp); done {
			return res, true, err
		}
		if err := w.canSpend(r.Member, r.ID, r.Bonus, amt); err != nil {
			return Result{}, true, err
		}
		w.spend(EntryConvertOut, r.ID, r.Unit, amt)
		res := Result{Tx: r.ID, Op: OpConvertOut, Bonus: r.Bonus, Units: units}
		w.records = append(w.records, TxRecord{ID: r.ID, Op: OpConvertOut, Fingerprint: fp, Result: res})
		return res, false, nil
	})
}

// Settlement is what Settle did.
type Settlement struct {
	Activated pricing.Money // moved from pending to available
	Expired   pricing.Money // unspent remainder removed at expiry
}

// Settle activates the member's lots whose lock period ended by `at` and
// expires the unspent remainder of those whose lifetime ended. Every other
// operation does the same first; Settle is for a nightly run or before
// showing a balance. Running it twice at the same instant changes nothing
// the second time.
//
// Errors: ErrInvalidRequest for an empty member; ErrVersionConflict after
// DefaultAttempts conflicts; the store's errors.
func (l *Ledger) Settle(ctx context.Context, member string, at time.Time) (Settlement, error) {
	if member == "" {
		return Settlement{}, l.badRequest(member, "", "Member", "member is empty", nil)
	}
	var s Settlement
	_, err := l.run(ctx, member, at, "", "", false, func(w *work, _ []TxRecord) (Result, bool, error) {
		var act, exp int64
		for _, e := range w.entries {
			switch e.Kind {
			case EntryActivate:
				act += minor(e.Available)
			case EntryExpire:
				exp -= minor(e.Available) + minor(e.Pending)
			}
		}
		s = Settlement{Activated: w.money(act), Expired: w.money(exp)}
		return Result{}, len(w.entries) == 0, nil
	})
	if err != nil {
		return Settlement{}, err
	}
	return s, nil
}

// Balance returns the member's balances as stored (as of the last
// operation or Settle). Errors: ErrInvalidRequest for an empty member; the
// store's errors.
func (l *Ledger) Balance(ctx context.Context, member string) (Balance, error) {
	if member == "" {
		return Balance{}, l.badRequest(member, "", "Member", "member is empty", nil)
	}
	st, _, err := l.store.Load(ctx, l.key(member), false)
	if err != nil {
		return Balance{}, err
	}
	cur := l.prog.spec.Currency
	return Balance{Available: pricing.NewMoney(st.Available.Amount(), cur), Pending: pricing.NewMoney(st.Pending.Amount(), cur)}, nil
}

// Statement returns the member's ledger entries in order. Errors:
// ErrInvalidRequest for an empty member; the store's errors.
func (l *Ledger) Statement(ctx context.Context, member string) ([]Entry, error) {
	if member == "" {
		return nil, l.badRequest(member, "", "Member", "member is empty", nil)
	}
	return l.store.Entries(ctx, l.key(member))
}

// Attribute attributes member to partner, for good: the first attribution
// wins, repeating it is a no-op, and attributing the member to another
// partner afterwards fails. Call it when a SIM is sold with a partner's
// participation, before accruing for that sale.
//
// Errors: ErrInvalidRequest for an empty member or partner;
// *AttributionError (ErrAlreadyAttributed); the store's errors.
func Attribute(ctx context.Context, s AttributionStore, member, partner string) error {
	if member == "" || partner == "" {
		return &RequestError{Member: member, Field: "Attribute", Reason: "member and partner must be set"}
	}
	owner, err := s.Attribute(ctx, member, partner)
	if err != nil {
		return err
	}
	if owner != partner {
		return &AttributionError{Member: member, Partner: partner, Owner: owner}
	}
	return nil
}
