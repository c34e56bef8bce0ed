package loyalty

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"strconv"
	"strings"
	"time"

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
//
// A Ledger is made by NewLedger. Every method of a nil or zero Ledger
// returns ErrNoLedger (Program returns nil).
type Ledger struct {
	prog     *Program
	store    Store
	traffic  TrafficStore // s as a TrafficStore, nil if it is not one
	attempts int
}

// NewLedger returns a Ledger for program p over store s. Errors: a
// *RequestError (ErrInvalidRequest) wrapping ErrNoProgram if p is nil or
// was not made by NewProgram, ErrNoStore if s is nil, or
// ErrNoTrafficStore if p converts traffic (a Conversion with Traffic set)
// and s is not a TrafficStore.
func NewLedger(p *Program, s Store) (*Ledger, error) {
	if !p.valid() {
		return nil, &RequestError{Field: "Program", Reason: "nil or not made by NewProgram", Err: ErrNoProgram}
	}
	if s == nil {
		return nil, &RequestError{Field: "Store", Reason: "nil store", Err: ErrNoStore}
	}
	ts, _ := s.(TrafficStore)
	for _, c := range p.spec.Conversions {
		if c.Traffic && ts == nil {
			return nil, &RequestError{Field: "Store", Reason: fmt.Sprintf("program %q converts traffic (%s) and the store is not a TrafficStore", p.spec.ID, c.Unit), Err: ErrNoTrafficStore}
		}
	}
	return &Ledger{prog: p, store: s, traffic: ts, attempts: DefaultAttempts}, nil
}

// Program returns the ledger's program, nil for a nil or zero Ledger.
func (l *Ledger) Program() *Program {
	if l == nil {
		return nil
	}
	return l.prog
}

// ready returns ErrNoLedger unless l was made by NewLedger, and refuses a
// nil ctx.
func (l *Ledger) ready(ctx context.Context) error {
	if l == nil || l.prog == nil || l.store == nil {
		return ErrNoLedger
	}
	if ctx == nil {
		return &RequestError{Field: "ctx", Reason: "nil context"}
	}
	return nil
}

func (l *Ledger) key(member string) Key { return Key{Program: l.prog.spec.ID, Member: member} }

// run loads, settles, applies fn and commits, retrying on
// ErrVersionConflict. A transaction ID tx already recorded is a replay:
// the first result is returned (same op and fingerprint) or a conflict,
// before anything else is read. orig is a second record to load. fn
// returns done=true when the result needs no commit.
func (l *Ledger) run(ctx context.Context, member string, at time.Time, tx, orig string, op Op, fp string,
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
		st, recs, err := l.store.Load(ctx, k, ids...)
		if err != nil {
			return Result{}, err
		}
		if tx != "" {
			if res, done, err := replay(recs, member, tx, op, fp); done {
				return res, err
			}
		}
		w.init(ctx, l, k, st, at)
		res, done, err := Result{}, false, w.settle()
		if err == nil {
			res, done, err = fn(w, recs)
		}
		if err == nil && done {
			return res, nil
		}
		if err == nil {
			var c Commit
			if c, err = w.commit(); err == nil {
				if w.traffic != nil {
					err = l.traffic.CommitTraffic(ctx, c, *w.traffic)
				} else {
					err = l.store.Commit(ctx, c)
				}
				if err == nil {
					return res, nil
				}
			}
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
// The transaction counts as a purchase (the head's count, which
// FirstPurchase reads) and, in a program that keeps its purchase history
// (Spec.RecordHistory, or a History condition), joins that history
// (Commit.Purchase), which History conditions count: a rule with one costs
// a CountPurchases call per distinct condition, unless it counts the whole
// history (the head's count of purchases).
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest);
// *MembershipError (ErrNotMember) when a partner's program is asked to
// accrue for a member of another partner or none that no Enrolment rule
// admits; *TransactionError
// (ErrTransactionConflict) for a reused ID with different content;
// ErrVersionConflict after DefaultAttempts conflicts;
// ErrInconsistentStore; the store's errors.
func (l *Ledger) Accrue(ctx context.Context, tx Transaction, at time.Time) (Result, error) {
	if err := l.ready(ctx); err != nil {
		return Result{}, err
	}
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
	return l.run(ctx, tx.Member, at, tx.ID, "", OpAccrue, fp, func(w *work, _ []TxRecord) (Result, bool, error) {
		period := p.spec.Cadence.start(at)
		var accrued int64
		if p.spec.Cadence != NoCadence && w.head.PeriodStart.Equal(period) {
			accrued = minor(w.head.PeriodAccrued)
		}
		var buf [8]share
		w.hist.reset(w.ctx, w.store, w.key, &w.st, &tx, at)
		shares, err := p.evaluate(&tx, Facts{Partner: owner, FirstPurchase: w.head.Purchases == 0}, amount, accrued, buf[:0], &w.hist)
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
		rec := TxRecord{ID: tx.ID, Op: OpAccrue, Fingerprint: fp, Amount: tx.Amount, Refunded: pricing.Zero(p.spec.Currency)}
		for i, s := range shares {
			bonus = w.money(s.amt)
			w.addLot(EntryAccrue, tx.ID, s.rule.ID, bonus, p.spec.LockPeriod, p.spec.Lifetime)
			if i == 0 {
				rec.FirstLot = w.head.NextLot
			}
			rec.LastLot = w.head.NextLot
		}
		if len(shares) != 1 {
			bonus = w.money(total)
		}
		w.head.Purchases++
		if p.history {
			w.purchaseBuf = Purchase{Tx: tx.ID, Partner: tx.Partner, Category: tx.Category, At: at}
			w.purchase = &w.purchaseBuf
		}
		if p.spec.Cadence != NoCadence {
			w.head.PeriodStart = period
			w.head.PeriodAccrued = w.money(accrued + total)
		}
		rec.Result = Result{Tx: tx.ID, Op: OpAccrue, Bonus: bonus}
		w.records = append(w.records, rec)
		return rec.Result, false, nil
	})
}

// Redemption asks to spend bonus.
type Redemption struct {
	ID     string        // the redemption's transaction ID
	Member string        // the member
	Amount pricing.Money // bonus to spend, positive, in minor units
}

// Redeem spends r.Amount of the member's available bonus, taking the
// earliest-expiring lots first. Pending bonus is never spent. Its cost
// follows the lots it spends, not the lots the member holds.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest); *BalanceError
// (ErrInsufficientBalance); *TransactionError (ErrTransactionConflict);
// ErrVersionConflict after DefaultAttempts conflicts;
// ErrInconsistentStore; the store's errors.
func (l *Ledger) Redeem(ctx context.Context, r Redemption, at time.Time) (Result, error) {
	if err := l.ready(ctx); err != nil {
		return Result{}, err
	}
	amt, err := l.checkBonus(r.Member, r.ID, r.Amount)
	if err != nil {
		return Result{}, err
	}
	fp := fingerprint(OpRedeem, nil, amt)
	return l.run(ctx, r.Member, at, r.ID, "", OpRedeem, fp, func(w *work, _ []TxRecord) (Result, bool, error) {
		if err := w.canSpend(r.Member, r.ID, r.Amount, amt); err != nil {
			return Result{}, true, err
		}
		if err := w.spend(EntryRedeem, r.ID, "", amt); err != nil {
			return Result{}, true, err
		}
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
// and not taken from other bonus: the balance never goes negative. It
// reads only the transaction's own lots.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest);
// *TransactionError wrapping ErrUnknownTransaction (r.Original was not
// accrued), ErrRefundExceedsTransaction (refunds would exceed its amount)
// or ErrTransactionConflict; ErrVersionConflict after DefaultAttempts
// conflicts; ErrInconsistentStore; the store's errors.
func (l *Ledger) Refund(ctx context.Context, r Refund, at time.Time) (Result, error) {
	if err := l.ready(ctx); err != nil {
		return Result{}, err
	}
	if r.ID == "" || r.Original == "" || r.ID == r.Original {
		return Result{}, l.badRequest(r.Member, r.ID, "ID", "refund and original IDs must be set and differ", nil)
	}
	amt, err := l.checkBonus(r.Member, r.ID, r.Amount)
	if err != nil {
		return Result{}, err
	}
	fp := fingerprint(OpRefund, []string{r.Original}, amt)
	return l.run(ctx, r.Member, at, r.ID, r.Original, OpRefund, fp, func(w *work, recs []TxRecord) (Result, bool, error) {
		return w.reverseShare(recs, OpRefund, fp, r.ID, r.Member, r.Original, amt, func(op Op) bool { return op == OpAccrue })
	})
}

// reverseShare is the body of a Refund and of a PartnerLedger.Reverse:
// it reverses, in proportion to amt, the bonus earned by the record
// original (found in recs, of an op that accepts allows), as the
// transaction id of op with fingerprint fp.
func (w *work) reverseShare(recs []TxRecord, op Op, fp, id, member, original string, amt int64, accepts func(Op) bool) (Result, bool, error) {
	orig, ok := findRecord(recs, original)
	if !ok || !accepts(orig.Op) {
		return Result{}, true, &TransactionError{Err: ErrUnknownTransaction, Member: member, Tx: original}
	}
	txAmount, before := minor(orig.Amount), minor(orig.Refunded)
	after := before + amt
	if after > txAmount {
		return Result{}, true, &TransactionError{Err: ErrRefundExceedsTransaction, Member: member, Tx: original}
	}
	earned := minor(orig.Result.Bonus)
	due := share128(earned, after, txAmount) - share128(earned, before, txAmount)
	taken, err := w.reverse(id, &orig, due)
	if err != nil {
		return Result{}, true, err
	}
	res := Result{Tx: id, Op: op, Bonus: w.money(taken), Shortfall: w.money(due - taken)}
	orig.Refunded = w.money(after)
	w.records = append(w.records, TxRecord{ID: id, Op: op, Fingerprint: fp, Result: res}, orig)
	return res, false, nil
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

// Settlement is what Settle did.
type Settlement struct {
	Activated pricing.Money // moved from pending to available
	Expired   pricing.Money // unspent remainder removed at expiry
}

// Settle activates the member's lots whose lock period ended by `at` and
// expires the unspent remainder of those whose lifetime ended. Every other
// operation does the same first; Settle is for a nightly run or before
// showing a balance. Running it twice at the same instant changes nothing
// the second time. Its cost follows the lots it activates or expires.
//
// Errors: ErrNoLedger; ErrInvalidRequest for an empty member;
// ErrVersionConflict after DefaultAttempts conflicts;
// ErrInconsistentStore; the store's errors.
func (l *Ledger) Settle(ctx context.Context, member string, at time.Time) (Settlement, error) {
	if err := l.ready(ctx); err != nil {
		return Settlement{}, err
	}
	if member == "" {
		return Settlement{}, l.badRequest(member, "", "Member", "member is empty", nil)
	}
	var s Settlement
	_, err := l.run(ctx, member, at, "", "", 0, "", func(w *work, _ []TxRecord) (Result, bool, error) {
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
		// Nothing due after all (an early NextEvent): commit only to
		// record the next event, so that later operations need not look.
		return Result{}, len(w.entries) == 0 && w.head.NextEvent.Equal(w.st.NextEvent), nil
	})
	if err != nil {
		return Settlement{}, err
	}
	return s, nil
}
