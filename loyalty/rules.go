package loyalty

import (
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/tariffkit/tariff/pricing"
)

// Transaction is a purchase that may earn bonus.
type Transaction struct {
	ID       string        // unique per program and member; the idempotency key
	Member   string        // the member (a SIM ID)
	Amount   pricing.Money // in the bonus currency, not negative, whole minor units
	Category string        // "hotel", "flight", "sim", ...
	Partner  string        // the partner it was bought through; "" if direct
	SIM      bool          // the purchase is a SIM card
	// MemberFacts are what the host knows about the member that a
	// partner's program may enrol it by (see Enrolment): "card" →
	// "mts-bank-visa", "employer" → "acme". They are circumstances, not
	// content: a replay with other facts returns the first result.
	MemberFacts map[string]string
}

// Facts are what the rules may read about the member, besides the
// transaction. The Ledger fills them from the stored state.
type Facts struct {
	Partner       string        // the partner the member is attributed to, "" if none
	FirstPurchase bool          // no transaction accrued in this program yet
	PeriodAccrued pricing.Money // bonus earned by rules in the current cap period
	// History is the member's earlier purchases in the program, which
	// History conditions count; the Ledger counts them in its store
	// instead. Only purchases recorded before the transaction belong here.
	History []Purchase
}

// Evaluate applies the program's rules to tx and returns the proposed
// accrual entries, one per rule that earned a non-zero amount, in
// precedence order, after the per-transaction and period caps. It is a
// pure function: it reads nothing but its arguments and writes nothing.
// The entries have no Lot yet; a Ledger assigns lots when it records them.
//
// Errors: ErrNoProgram for a nil or zero Program; *MembershipError
// (ErrNotMember) if the program belongs to a partner and neither is
// f.Partner that partner nor does an Enrolment rule admit the member by
// tx.MemberFacts; *RequestError (ErrInvalidRequest) for
// a missing ID or member, or an amount that is negative, not in whole
// minor units, too large, or not in the bonus currency (then also wrapping
// pricing.ErrCurrencyMismatch); the same for f.PeriodAccrued, which may
// also be the zero Money (nothing earned yet).
func (p *Program) Evaluate(tx Transaction, f Facts, at time.Time) ([]Entry, error) {
	if !p.valid() {
		return nil, ErrNoProgram
	}
	amount, err := p.checkTransaction(tx)
	if err != nil {
		return nil, err
	}
	var accrued int64
	if !f.PeriodAccrued.Currency().IsZero() {
		if accrued, err = checkAmount(tx.Member, tx.ID, "Facts.PeriodAccrued", f.PeriodAccrued, p.spec.Currency, true); err != nil {
			return nil, err
		}
	}
	var buf [8]share
	shares, err := p.evaluate(&tx, f, amount, accrued, buf[:0], &listCounter{list: f.History, tx: &tx, at: at})
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(shares))
	for i, s := range shares {
		out[i] = Entry{Kind: EntryAccrue, Tx: tx.ID, Rule: s.rule.ID, At: at}
		out[i].setAmount(p.spec.Currency, pricing.FromMinor(s.amt, p.spec.Currency), p.spec.LockPeriod > 0)
	}
	return out, nil
}

// share is what one rule earns for a transaction, in minor units.
type share struct {
	rule *compiledRule
	amt  int64
}

// evaluate is Evaluate on a checked transaction, in minor units, appending
// to dst; hist counts the purchases History conditions read.
func (p *Program) evaluate(tx *Transaction, f Facts, amount, periodAccrued int64, dst []share, hist counter) ([]share, error) {
	if _, ok := p.admission(f.Partner, tx.MemberFacts); !ok {
		return nil, &MembershipError{Program: p.spec.ID, Partner: p.spec.Partner, Member: tx.Member, Owner: f.Partner}
	}
	for i := range p.rules {
		r := &p.rules[i]
		if r.Kind == SIMBonus && (!tx.SIM || tx.Partner == "") {
			continue
		}
		ok, err := r.When.matches(tx, f.FirstPurchase, hist)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		amt, ok := p.ruleAmount(r, amount)
		if !ok {
			return nil, &RequestError{Member: tx.Member, Tx: tx.ID, Field: "Amount", Reason: "too large"}
		}
		if amt > 0 {
			dst = append(dst, share{rule: r, amt: amt})
		}
		if r.Exclusive {
			break
		}
	}
	if p.maxPerTx >= 0 {
		dst = trimTo(dst, p.maxPerTx)
	}
	if p.periodCap >= 0 {
		dst = trimTo(dst, max(0, p.periodCap-periodAccrued))
	}
	return dst, nil
}

// checkTransaction validates tx and returns its amount in minor units.
func (p *Program) checkTransaction(tx Transaction) (int64, error) {
	bad := func(field, reason string, err error) (int64, error) {
		return 0, &RequestError{Member: tx.Member, Tx: tx.ID, Field: field, Reason: reason, Err: err}
	}
	if tx.ID == "" {
		return bad("ID", "transaction ID is empty", nil)
	}
	if tx.Member == "" {
		return bad("Member", "member is empty", nil)
	}
	return checkAmount(tx.Member, tx.ID, "Amount", tx.Amount, p.spec.Currency, true)
}

// checkAmount validates an amount of money a request carries and returns
// it in minor units.
func checkAmount(member, tx, field string, m pricing.Money, c pricing.Currency, zeroOK bool) (int64, error) {
	bad := func(reason string, err error) (int64, error) {
		return 0, &RequestError{Member: member, Tx: tx, Field: field, Reason: reason, Err: err}
	}
	if m.Currency() != c {
		_, err := m.Cmp(pricing.Zero(c))
		return bad("not in the bonus currency", err)
	}
	v, ok := m.MinorUnits()
	switch {
	case !ok:
		return bad("not a whole number of minor units, or too large", nil)
	case v < 0 || (v == 0 && !zeroOK):
		return bad("not positive", nil)
	case v > maxMinor:
		return bad("too large", nil)
	}
	return v, nil
}

// maxMinor bounds every amount the ledger accepts (in minor units), so
// that sums of many of them stay far from overflowing int64.
const maxMinor = 1e15

// matches reports whether tx meets c; first says whether tx is the
// member's first purchase in the program and hist counts the purchases a
// History condition reads (only when the other conditions hold).
func (c *Condition) matches(tx *Transaction, first bool, hist counter) (bool, error) {
	if len(c.Partners) > 0 && !slices.Contains(c.Partners, tx.Partner) {
		return false, nil
	}
	if len(c.Categories) > 0 && !slices.Contains(c.Categories, tx.Category) {
		return false, nil
	}
	if c.FirstPurchase && !first {
		return false, nil
	}
	if c.History.IsZero() {
		return true, nil
	}
	n, err := hist.count(&c.History)
	if err != nil {
		return false, err
	}
	return c.History.matches(n), nil
}

// ruleAmount computes what one matching rule earns, before caps, in minor
// units; false if the result would not fit.
func (p *Program) ruleAmount(r *compiledRule, amount int64) (int64, bool) {
	if r.Kind != Percentage {
		return r.amount, true
	}
	if amount == 0 {
		return 0, true // a minimum does not turn nothing into bonus
	}
	hi, lo := bits.Mul64(uint64(amount), r.num)
	if hi >= r.den {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, r.den)
	if half := r.den - rem; rem > half || (rem == half && (p.spec.Rounding != pricing.HalfEven || q%2 == 1)) {
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	amt := int64(q)
	if r.min >= 0 && amt < r.min {
		amt = r.min
	}
	if r.max >= 0 && amt > r.max {
		amt = r.max
	}
	return amt, true
}

// trimTo lowers the shares so they sum to at most limit, taking from the
// lowest-precedence shares (the last) first, and drops shares trimmed to
// zero.
func trimTo(ss []share, limit int64) []share {
	var total int64
	for _, s := range ss {
		total += s.amt
	}
	excess := total - limit
	for i := len(ss) - 1; i >= 0 && excess > 0; i-- {
		cut := min(ss[i].amt, excess)
		ss[i].amt -= cut
		excess -= cut
	}
	return slices.DeleteFunc(ss, func(s share) bool { return s.amt == 0 })
}
