package loyalty

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/pricing"
)

// Transaction is a purchase that may earn bonus.
type Transaction struct {
	ID       string        // unique per program and member; the idempotency key
	Member   string        // the member (a SIM ID)
	Amount   pricing.Money // in the program's bonus currency, not negative
	Category string        // "hotel", "flight", "sim", ...
	Partner  string        // the partner it was bought through; "" if direct
	SIM      bool          // the purchase is a SIM card
}

// Facts are what the rules may read about the member, besides the
// transaction. The Ledger fills them from the stored state.
type Facts struct {
	Partner       string        // the partner the member is attributed to, "" if none
	FirstPurchase bool          // no transaction accrued in this program yet
	PeriodAccrued pricing.Money // bonus earned by rules in the current cap period
}

// Evaluate applies the program's rules to tx and returns the proposed
// accrual entries, one per rule that earned a non-zero amount, in
// precedence order, after the per-transaction and period caps. It is a
// pure function: it reads nothing but its arguments and writes nothing.
//
// Errors: *MembershipError (ErrNotMember) if the program belongs to a
// partner and f.Partner is another; *RequestError (ErrInvalidRequest) for
// an amount that is negative or not in the bonus currency.
func (p *Program) Evaluate(tx Transaction, f Facts, at time.Time) ([]Entry, error) {
	if err := p.checkTransaction(tx); err != nil {
		return nil, err
	}
	if p.spec.Partner != "" && f.Partner != p.spec.Partner {
		return nil, &MembershipError{Program: p.spec.ID, Partner: p.spec.Partner, Member: tx.Member, Owner: f.Partner}
	}
	var out []Entry
	for i := range p.rules {
		r := &p.rules[i]
		if !r.matches(tx, f) {
			continue
		}
		amt := p.ruleAmount(r, tx)
		if amt.Sign() > 0 {
			out = append(out, Entry{Kind: EntryAccrue, Tx: tx.ID, Rule: r.ID, At: at})
			out[len(out)-1].setAmount(p.spec.Currency, amt, p.spec.LockPeriod > 0)
		}
		if r.Exclusive {
			break
		}
	}
	if limit := p.spec.MaxPerTransaction; !limit.Currency().IsZero() {
		out = trimTo(out, limit.Amount(), p.spec.Currency, p.spec.LockPeriod > 0)
	}
	if limit := p.spec.PeriodCap; !limit.Currency().IsZero() {
		room := limit.Amount().Sub(f.PeriodAccrued.Amount())
		if room.Sign() < 0 {
			room = decimal.Zero
		}
		out = trimTo(out, room, p.spec.Currency, p.spec.LockPeriod > 0)
	}
	return out, nil
}

func (p *Program) checkTransaction(tx Transaction) error {
	bad := func(field, reason string, err error) error {
		return &RequestError{Member: tx.Member, Tx: tx.ID, Field: field, Reason: reason, Err: err}
	}
	switch {
	case tx.ID == "":
		return bad("ID", "transaction ID is empty", nil)
	case tx.Member == "":
		return bad("Member", "member is empty", nil)
	case tx.Amount.Currency() != p.spec.Currency:
		_, err := tx.Amount.Cmp(pricing.Zero(p.spec.Currency))
		return bad("Amount", "not in the bonus currency", err)
	case tx.Amount.Sign() < 0:
		return bad("Amount", "negative", nil)
	}
	return nil
}

func (r *Rule) matches(tx Transaction, f Facts) bool {
	if r.Kind == SIMBonus && (!tx.SIM || tx.Partner == "") {
		return false
	}
	if len(r.When.Partners) > 0 && !slices.Contains(r.When.Partners, tx.Partner) {
		return false
	}
	if len(r.When.Categories) > 0 && !slices.Contains(r.When.Categories, tx.Category) {
		return false
	}
	if r.When.FirstPurchase && !f.FirstPurchase {
		return false
	}
	return true
}

var hundredth = decimal.New(1, -2)

// ruleAmount computes what one matching rule earns, before caps.
func (p *Program) ruleAmount(r *Rule, tx Transaction) decimal.Decimal {
	if r.Kind != Percentage {
		return r.Amount.Amount()
	}
	if tx.Amount.IsZero() {
		return decimal.Zero // a minimum does not turn nothing into bonus
	}
	amt := pricing.RoundAmount(tx.Amount.Amount().Mul(r.Percent).Mul(hundredth), p.spec.Currency.MinorUnit(), p.spec.Rounding)
	if !r.Min.Currency().IsZero() && amt.Cmp(r.Min.Amount()) < 0 {
		amt = r.Min.Amount()
	}
	if !r.Max.Currency().IsZero() && amt.Cmp(r.Max.Amount()) > 0 {
		amt = r.Max.Amount()
	}
	return amt
}

// trimTo lowers the proposed entries so they sum to at most limit, taking
// from the lowest-precedence entries (the last) first, and drops entries
// trimmed to zero.
func trimTo(es []Entry, limit decimal.Decimal, c pricing.Currency, pending bool) []Entry {
	var total decimal.Decimal
	for i := range es {
		total = total.Add(es[i].amount())
	}
	excess := total.Sub(limit)
	for i := len(es) - 1; i >= 0 && excess.Sign() > 0; i-- {
		a := es[i].amount()
		cut := decimal.Min(a, excess)
		es[i].setAmount(c, a.Sub(cut), pending)
		excess = excess.Sub(cut)
	}
	return slices.DeleteFunc(es, func(e Entry) bool { return e.amount().Sign() == 0 })
}
