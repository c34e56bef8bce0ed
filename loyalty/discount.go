package loyalty

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/pricing"
)

// Discount is a discount a partner grants the program's members on its
// own service: the member gives its SIM ID at the partner's checkout, the
// partner asks Ledger.Discount what the member is entitled to and records
// what it granted with Ledger.RedeemDiscount. The discount is the
// partner's money, not bonus: it changes no balance.
type Discount struct {
	// ID names the discount; unique among the program's discounts and
	// promo codes (their redemptions are counted alike, see PromoClaim).
	ID string
	// Percent is the part of the purchase amount taken off: 10 for 10 %,
	// above 0 and at most 100, rounded with the program's rounding mode.
	// Set Percent or Amount.
	Percent decimal.Decimal
	// Max bounds what Percent takes off; zero Money for no bound.
	Max pricing.Money
	// Amount is a fixed amount taken off, at most the purchase amount.
	Amount pricing.Money
	// When restricts the purchases it applies to: the partner (the one
	// asking), the category, the member's purchase history ("on a repeat
	// purchase": History{From: 2, SamePartner: true}).
	When Condition
	// PerMember limits one member's redemptions; 0 for no limit.
	PerMember int
	// TotalLimit limits all members' redemptions; 0 for no limit.
	TotalLimit int
}

// compiledDiscount is a validated Discount, ready for integer evaluation.
type compiledDiscount struct {
	Discount
	pct    compiledRule // Percentage: the percent and Max, as an earn rule computes them
	amount int64        // a fixed Amount in minor units
}

// compileDiscounts validates and compiles s.Discounts; promos are the
// program's promo codes, whose namespace discount IDs share.
func (v *validator) compileDiscounts(s *Spec, promos map[string]Promo) []compiledDiscount {
	out := make([]compiledDiscount, 0, len(s.Discounts))
	seen := map[string]bool{}
	for i, d := range s.Discounts {
		path := fmt.Sprintf("discounts[%d]", i)
		_, promo := promos[d.ID]
		switch {
		case d.ID == "":
			v.add(path+".id", catalog.CodeInvalidID, "discount ID is empty")
		case seen[d.ID] || promo:
			v.add(path+".id", catalog.CodeDuplicateID, fmt.Sprintf("discount ID %q names another discount or a promo code", d.ID))
		}
		seen[d.ID] = true
		c := compiledDiscount{Discount: d}
		switch {
		case d.Percent.IsZero() == d.Amount.Currency().IsZero():
			v.add(path, catalog.CodeRequired, "set percent or amount, not both")
		case !d.Percent.IsZero():
			if d.Percent.Sign() < 0 || d.Percent.GreaterThan(decimal.NewFromInt(100)) {
				v.add(path+".percent", catalog.CodePercentRange, "discount percent must be above 0 and at most 100")
			}
			v.optionalMoney(path+".max", d.Max, s.Currency)
			var ok bool
			if c.pct, ok = compileRule(Rule{Kind: Percentage, Percent: d.Percent, Max: d.Max}); !ok && d.Percent.Sign() > 0 {
				v.add(path+".percent", catalog.CodePrecision, "percent needs at most 9 significant digits and 9 decimal places")
			}
		default:
			v.requiredMoney(path+".amount", d.Amount, s.Currency)
			if !d.Max.Currency().IsZero() {
				v.add(path+".max", catalog.CodeUnusedField, "max applies only to a percent")
			}
			c.amount, _ = d.Amount.MinorUnits()
		}
		if d.PerMember < 0 || d.TotalLimit < 0 {
			v.add(path, catalog.CodeNegative, "limits must not be negative")
		}
		v.validateHistory(path+".when.history", d.When)
		out = append(out, c)
	}
	return out
}

// off returns what d takes off a purchase of amount minor units.
func (p *Program) off(d *compiledDiscount, amount int64) int64 {
	if d.Amount.Currency().IsZero() {
		v, _ := p.ruleAmount(&d.pct, amount) // at most 100 % of an amount checked below maxMinor
		return min(v, amount)
	}
	return min(d.amount, amount)
}

// DiscountOffer is the discount a member is entitled to on a purchase.
type DiscountOffer struct {
	Discount string        // the discount's ID; "" when none applies
	Off      pricing.Money // taken off the purchase amount; zero when none applies
	Pay      pricing.Money // what the member pays: the purchase amount less Off
}

// bestDiscount returns the offer for purchase: of the program's discounts
// whose conditions hold, whose limits leave room (room reports that) and
// which take something off, the one taking the most; ties go to the one
// listed first.
func (p *Program) bestDiscount(tx *Transaction, amount int64, first bool, hist counter,
	room func(d *compiledDiscount) (bool, error)) (*compiledDiscount, int64, error) {
	var best *compiledDiscount
	var bestOff int64
	for i := range p.discounts {
		d := &p.discounts[i]
		ok, err := d.When.matches(tx, first, hist)
		if err != nil {
			return nil, 0, err
		}
		off := p.off(d, amount)
		if !ok || off <= bestOff {
			continue
		}
		if ok, err := room(d); err != nil || !ok {
			if err != nil {
				return nil, 0, err
			}
			continue
		}
		best, bestOff = d, off
	}
	return best, bestOff, nil
}

// offer returns the DiscountOffer for d taking off `off` of amount.
func (l *Ledger) offer(d *compiledDiscount, off int64, amount pricing.Money) DiscountOffer {
	cur := l.prog.spec.Currency
	o := DiscountOffer{Off: pricing.Zero(cur), Pay: amount}
	if d != nil {
		o.Discount, o.Off = d.ID, pricing.FromMinor(off, cur)
		o.Pay, _ = amount.Sub(o.Off)
	}
	return o
}

// admit returns the partner the member is attributed to, and an error
// unless the program admits the member.
func (l *Ledger) admit(ctx context.Context, tx *Transaction) error {
	var owner string
	if l.prog.spec.Partner != "" {
		var err error
		if owner, err = l.store.Partner(ctx, tx.Member); err != nil {
			return err
		}
	}
	if !l.prog.Admits(owner, tx.MemberFacts) {
		return &MembershipError{Program: l.prog.spec.ID, Partner: l.prog.spec.Partner, Member: tx.Member, Owner: owner}
	}
	return nil
}

// Discount answers a partner's check at its checkout: given the member's
// SIM ID (purchase.Member) and the purchase (its Amount, Category,
// Partner and the host's MemberFacts; its ID is not read), which discount
// is the member entitled to? Of the program's discounts whose conditions
// hold and whose limits leave room, the one taking the most off the
// purchase; ties go to the one listed first. A member entitled to none
// gets the zero offer (no discount, Pay the whole amount), not an error.
// It writes nothing: RedeemDiscount records the discount granted.
//
// It costs a load of the member's head, one CountPurchases per distinct
// History condition read and one PromoUses or PromoCount per limit read.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest) for a missing
// member or an amount as Accrue refuses it; *MembershipError
// (ErrNotMember) when the program does not admit the member;
// ErrVersionConflict after DefaultAttempts conflicts;
// ErrInconsistentStore; the store's errors.
func (l *Ledger) Discount(ctx context.Context, purchase Transaction, at time.Time) (DiscountOffer, error) {
	if err := l.ready(ctx); err != nil {
		return DiscountOffer{}, err
	}
	if purchase.ID == "" {
		purchase.ID = "-" // the check names no redemption
	}
	amount, err := l.prog.checkTransaction(purchase)
	if err != nil {
		return DiscountOffer{}, err
	}
	if err := l.admit(ctx, &purchase); err != nil {
		return DiscountOffer{}, err
	}
	k := l.key(purchase.Member)
	var hist historyCounter
	for attempt := 0; attempt < l.attempts; attempt++ {
		st, _, err := l.store.Load(ctx, k)
		if err != nil {
			return DiscountOffer{}, err
		}
		hist.reset(ctx, l.store, k, &st, &purchase, at)
		d, off, err := l.prog.bestDiscount(&purchase, amount, st.Purchases == 0, &hist, func(d *compiledDiscount) (bool, error) {
			return l.room(ctx, k, d)
		})
		if errors.Is(err, ErrVersionConflict) {
			continue
		}
		if err != nil {
			return DiscountOffer{}, err
		}
		return l.offer(d, off, purchase.Amount), nil
	}
	return DiscountOffer{}, fmt.Errorf("%w: member %q: gave up after %d attempts", ErrVersionConflict, purchase.Member, l.attempts)
}

// room reports whether d's limits leave room for one more redemption by
// the member of k.
func (l *Ledger) room(ctx context.Context, k Key, d *compiledDiscount) (bool, error) {
	if d.PerMember > 0 {
		n, err := l.store.PromoUses(ctx, k, d.ID)
		if err != nil || n >= d.PerMember {
			return false, err
		}
	}
	if d.TotalLimit > 0 {
		n, err := l.store.PromoCount(ctx, l.prog.spec.ID, d.ID)
		if err != nil || n >= d.TotalLimit {
			return false, err
		}
	}
	return true, nil
}

// RedeemDiscount records the discount the member is entitled to on
// purchase (as Discount finds it, at the moment of the redemption) as
// granted: once per purchase.ID, which is the redemption's transaction ID,
// counting it against the discount's limits in the same atomic commit
// (see PromoClaim). It appends an entry of kind EntryDiscount that changes
// no balance and returns the offer recorded; a replay of purchase.ID
// returns it again and records nothing. The purchase itself is not
// accrued: the host accrues it as usual (Accrue), after the redemption,
// so that the purchase does not count as its own history.
//
// It costs what Discount costs, plus the commit.
//
// Errors: those of Discount; *RequestError (ErrInvalidRequest) for a
// missing ID; *DiscountError wrapping ErrNoDiscount when no discount
// applies, or ErrPromoMemberLimit or ErrPromoExhausted when a rival
// redemption took the last of a limit; *TransactionError
// (ErrTransactionConflict) for a reused ID with another purchase.
func (l *Ledger) RedeemDiscount(ctx context.Context, purchase Transaction, at time.Time) (DiscountOffer, error) {
	if err := l.ready(ctx); err != nil {
		return DiscountOffer{}, err
	}
	amount, err := l.prog.checkTransaction(purchase)
	if err != nil {
		return DiscountOffer{}, err
	}
	if err := l.admit(ctx, &purchase); err != nil {
		return DiscountOffer{}, err
	}
	k := l.key(purchase.Member)
	fp := fingerprint(OpDiscount, []string{purchase.Category, purchase.Partner}, amount)
	var chosen string
	res, err := l.run(ctx, purchase.Member, at, purchase.ID, "", OpDiscount, fp, func(w *work, _ []TxRecord) (Result, bool, error) {
		w.hist.reset(w.ctx, w.store, w.key, &w.st, &purchase, at)
		d, off, err := l.prog.bestDiscount(&purchase, amount, w.st.Purchases == 0, &w.hist, func(d *compiledDiscount) (bool, error) {
			return l.room(ctx, k, d)
		})
		if err != nil {
			return Result{}, true, err
		}
		if d == nil {
			return Result{}, true, &DiscountError{Err: ErrNoDiscount, Member: purchase.Member, Tx: purchase.ID}
		}
		chosen = d.ID
		res := Result{Tx: purchase.ID, Op: OpDiscount, Bonus: w.money(off), Rule: d.ID}
		w.entries = append(w.entries, Entry{Kind: EntryDiscount, Tx: purchase.ID, Rule: d.ID,
			Available: pricing.Zero(w.cur), Pending: pricing.Zero(w.cur), At: at})
		w.promo = &PromoClaim{Program: l.prog.spec.ID, Code: d.ID, Limit: d.TotalLimit, PerMember: d.PerMember}
		w.records = append(w.records, TxRecord{ID: purchase.ID, Op: OpDiscount, Fingerprint: fp, Result: res, Amount: purchase.Amount})
		return res, false, nil
	})
	if (errors.Is(err, ErrPromoExhausted) || errors.Is(err, ErrPromoMemberLimit)) && !errors.As(err, new(*DiscountError)) {
		err = &DiscountError{Err: err, Member: purchase.Member, Tx: purchase.ID, Discount: chosen}
	}
	if err != nil {
		return DiscountOffer{}, err
	}
	o := DiscountOffer{Discount: res.Rule, Off: res.Bonus}
	o.Pay, _ = purchase.Amount.Sub(res.Bonus)
	return o, nil
}
