package pgstore

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// soakOp is one ledger operation of the soak, with what it returned.
type soakOp struct {
	kind string      // accrue, shared, replay, refund, redeem, promo, convert-in, convert-out, reward, ...
	key  loyalty.Key // the ledger it changes: a member's in a program, or a partner's account
	tx   string      // its transaction (source) ID
	at   time.Time
	// do runs the operation on ls at an instant and describes its result;
	// the same function runs it on the store and on the model.
	do       func(ls *soakLedgers, at time.Time) (string, error)
	refusals []error // errors it may meet
	refused  error   // the error it must meet, or nil
	offered  string  // a discount redemption: the offer the check before it made, "" for none
	credit   *soakCredit
	res      string
	err      error
}

func (o *soakOp) id() string { return o.key.Program + "/" + o.key.Member + "/" + o.tx }

// problem returns what is wrong with how the operation ended, or nil.
func (o *soakOp) problem() error {
	if o.refused != nil {
		if !errors.Is(o.err, o.refused) {
			return fmt.Errorf("returned %s, %v; want an error wrapping %v", o.res, o.err, o.refused)
		}
		return nil
	}
	if o.err == nil || slices.ContainsFunc(o.refusals, func(r error) bool { return errors.Is(o.err, r) }) {
		return nil
	}
	return o.err
}

// soakCredit is an accrual or a partner's credit a worker made, for the
// refunds and reversals it may submit: they never exceed its amount.
type soakCredit struct {
	key      loyalty.Key
	tx       string
	amount   int64 // minor units
	refunded int64
}

func result(r loyalty.Result, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return describeResult(r), nil
}

func offer(o loyalty.DiscountOffer, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return describeOffer(o), nil
}

func describeOffer(o loyalty.DiscountOffer) string {
	return fmt.Sprintf("discount=%s off=%s pay=%s", o.Discount, o.Off, o.Pay)
}

// sharedAt is the instant of the jth operation of a kind several
// goroutines submit under one ID: every submission has the same content
// and instant, so that whichever commits, the model can run it.
func sharedAt(j int) time.Time {
	return soakBase.Add(time.Duration(j) * soakOps * 5 * time.Minute / soakShared)
}

func sharedAccrual(j int) loyalty.Transaction {
	return loyalty.Transaction{ID: fmt.Sprint("s", j), Member: fmt.Sprint("m", j%soakMembers), Amount: eurCents(int64(1000 + 37*j))}
}

// soakQuote is a SIM's quote for a month: a fee, which is not traffic
// revenue, and up to three usage lines, some of them credits.
func soakQuote(rng *rand.Rand, month int) pricing.Quote {
	q := pricing.Quote{Period: pricing.Month(2026, time.Month(1+month%12), time.UTC),
		Lines: []pricing.Line{{Kind: pricing.ChargeRecurring, Amount: eurCents(rng.Int64N(2000) + 1)}}}
	for range rng.IntN(4) {
		q.Lines = append(q.Lines, pricing.Line{Kind: pricing.ChargeUsage, Amount: eurCents(rng.Int64N(5500) - 500)})
	}
	return q
}

// soakWorker is one goroutine of the soak.
type soakWorker struct {
	t      *testing.T
	ls     *soakLedgers
	w      int
	rng    *rand.Rand
	owner  map[string]string // the partner each SIM belongs to, as AttributeToPartner returned it
	bought []*soakCredit     // this worker's accruals, for refunds
	earned []*soakCredit     // this worker's partner credits, for reversals
	done   []*soakOp         // this worker's operations that succeeded, for replays
	ops    []*soakOp
}

// runSoakWorker attributes every SIM to a partner of its choice (the
// first attribution wins); then, when every worker is there (ready), it
// rushes for the shop's RUSH discount, which is for fewer than all of
// them; then it runs soakOps random steps. It returns the operations.
func runSoakWorker(t *testing.T, ls *soakLedgers, w int, ready *sync.WaitGroup) *soakWorker {
	sw := &soakWorker{t: t, ls: ls, w: w, rng: rand.New(rand.NewPCG(uint64(w), 19)), owner: map[string]string{}}
	for _, m := range sw.rng.Perm(soakMembers) {
		sim := fmt.Sprint("m", m)
		owner, err := ls.store.AttributeToPartner(ctx, sim, fmt.Sprint("p", (w+m)%soakPartners))
		if err != nil {
			t.Errorf("attribute %s: %v", sim, err)
		}
		sw.owner[sim] = owner
	}
	ready.Done()
	ready.Wait()
	sw.run(sw.discount("rush", loyalty.Transaction{ID: fmt.Sprintf("w%d-rush", w), Member: fmt.Sprint("m", w%soakMembers),
		Amount: eurCents(1000), Partner: "p0", Category: "rush", MemberFacts: map[string]string{"card": "gold"}}, soakBase))
	for i := range soakOps {
		at := soakBase.Add(time.Duration(i)*5*time.Minute + time.Duration(w)*time.Second)
		sw.run(sw.next(fmt.Sprintf("w%d-%d", w, i), fmt.Sprint("m", sw.rng.IntN(soakMembers)), at))
	}
	return sw
}

// run runs ops on the store, in order, and keeps what they returned.
func (sw *soakWorker) run(ops []*soakOp) {
	for _, o := range ops {
		o.res, o.err = o.do(sw.ls, o.at)
		sw.ops = append(sw.ops, o)
		if o.err != nil {
			continue
		}
		if c := o.credit; c != nil && c.key.Program == soakPlan {
			sw.earned = append(sw.earned, c)
		} else if c != nil {
			sw.bought = append(sw.bought, c)
		}
		if o.kind != "replay" {
			sw.done = append(sw.done, o)
		}
	}
}

// next returns the operations of the worker's next step, tx its
// transaction ID, member a random member. Of 100 steps about 16 are
// accruals, 6 shared accruals, 8 replays of an operation the worker did,
// 8 partial refunds, 10 redemptions, 5 promo codes, 7 conversions each
// way; 5 SIM rewards, 3 shared ones, 1 claimed by the wrong partner, 4
// traffic shares, 3 shared ones, 4 reversals, 4 payouts; 6 checkouts at
// the shop and 3 shared ones. A replay, refund or reversal with nothing
// to work on yet falls to the kind after it.
func (sw *soakWorker) next(tx, member string, at time.Time) []*soakOp {
	rng := sw.rng
	op := func(kind, program, who string) *soakOp {
		return &soakOp{kind: kind, key: loyalty.Key{Program: program, Member: who}, tx: tx, at: at}
	}
	switch r := rng.IntN(100); {
	case r < 16:
		o := op("accrue", "soak", member)
		a := loyalty.Transaction{ID: tx, Member: member, Amount: eurCents(rng.Int64N(50000) + 1)}
		o.credit = &soakCredit{key: o.key, tx: tx, amount: minorOf(a.Amount)}
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.soak.Accrue(ctx, a, at)) }
		return []*soakOp{o}
	case r < 22:
		j := rng.IntN(soakShared)
		a := sharedAccrual(j)
		o := op("shared", "soak", a.Member)
		o.tx, o.at = a.ID, sharedAt(j)
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.soak.Accrue(ctx, a, at)) }
		return []*soakOp{o}
	case r < 30 && len(sw.done) > 0:
		o := *sw.done[rng.IntN(len(sw.done))]
		o.kind, o.at, o.refusals, o.credit, o.offered = "replay", at.Add(time.Hour), nil, nil, ""
		return []*soakOp{&o}
	case r < 38 && len(sw.bought) > 0:
		a := sw.bought[rng.IntN(len(sw.bought))]
		if a.refunded == a.amount {
			break
		}
		part := rng.Int64N(a.amount-a.refunded) + 1
		a.refunded += part
		o := op("refund", "soak", a.key.Member)
		f := loyalty.Refund{ID: tx, Member: a.key.Member, Original: a.tx, Amount: eurCents(part)}
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.soak.Refund(ctx, f, at)) }
		return []*soakOp{o}
	case r < 48:
		// a redemption, after the switch
	case r < 53:
		o := op("promo", "soak", member)
		p := loyalty.PromoRedemption{ID: tx, Member: member, Code: []string{"WELCOME", "FREE"}[rng.IntN(2)]}
		o.refusals = []error{loyalty.ErrPromoMemberLimit, loyalty.ErrPromoExhausted}
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.soak.RedeemPromo(ctx, p, at)) }
		return []*soakOp{o}
	case r < 60:
		o := op("convert-in", "soak", member)
		c := loyalty.ConvertIn{ID: tx, Member: member, Unit: "MB", Quantity: decimal.NewFromInt(rng.Int64N(1100) + 100),
			Package: []string{"", "mb-500", "mb-1000"}[rng.IntN(3)]}
		o.refusals = []error{loyalty.ErrInsufficientTraffic}
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.soak.ConvertIn(ctx, c, at)) }
		return []*soakOp{o}
	case r < 67:
		o := op("convert-out", "soak", member)
		c := loyalty.ConvertOut{ID: tx, Member: member, Unit: "MB", Bonus: eurCents(rng.Int64N(400) + 1),
			Package: []string{"", "mb-500"}[rng.IntN(2)]}
		o.refusals = []error{loyalty.ErrInsufficientBalance}
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.soak.ConvertOut(ctx, c, at)) }
		return []*soakOp{o}
	case r < 72:
		s := loyalty.SIMSale{ID: tx, Partner: sw.owner[member], SIM: member, Amount: eurCents(rng.Int64N(9000) + 1000)}
		o := op("reward", soakPlan, s.Partner)
		o.credit = &soakCredit{key: o.key, tx: tx, amount: minorOf(s.Amount)}
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.partners.RewardSIM(ctx, s, at)) }
		return []*soakOp{o}
	case r < 75:
		j := rng.IntN(soakShared)
		sim := fmt.Sprint("m", j%soakMembers)
		s := loyalty.SIMSale{ID: fmt.Sprint("sale", j), Partner: sw.owner[sim], SIM: sim, Amount: eurCents(int64(2000 + 13*j))}
		o := op("shared-reward", soakPlan, s.Partner)
		o.tx, o.at = s.ID, sharedAt(j)
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.partners.RewardSIM(ctx, s, at)) }
		return []*soakOp{o}
	case r < 76:
		// A sale claimed by a partner the SIM does not belong to.
		var other string
		for other == "" || other == sw.owner[member] {
			other = fmt.Sprint("p", rng.IntN(soakPartners))
		}
		s := loyalty.SIMSale{ID: tx, Partner: other, SIM: member, Amount: eurCents(1000)}
		o := op("foreign-reward", soakPlan, other)
		o.refused = loyalty.ErrNotMember
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.partners.RewardSIM(ctx, s, at)) }
		return []*soakOp{o}
	case r < 80:
		q := soakQuote(rng, rng.IntN(12))
		s := loyalty.RevenueShare{ID: tx, Partner: sw.owner[member], SIM: member, Quote: q}
		o := op("share", soakPlan, s.Partner)
		if rev, err := sw.ls.plan.Revenue(q); err != nil {
			sw.t.Error(err)
		} else if v := minorOf(rev); v > 0 {
			o.credit = &soakCredit{key: o.key, tx: tx, amount: v}
		}
		o.do = func(ls *soakLedgers, at time.Time) (string, error) {
			return result(ls.partners.ShareTraffic(ctx, s, at))
		}
		return []*soakOp{o}
	case r < 83:
		j := rng.IntN(soakShared)
		sim := fmt.Sprint("m", j%soakMembers)
		s := loyalty.RevenueShare{ID: fmt.Sprint("inv", j), Partner: sw.owner[sim], SIM: sim,
			Quote: soakQuote(rand.New(rand.NewPCG(uint64(j), 7)), j)}
		o := op("shared-share", soakPlan, s.Partner)
		o.tx, o.at = s.ID, sharedAt(j)
		o.do = func(ls *soakLedgers, at time.Time) (string, error) {
			return result(ls.partners.ShareTraffic(ctx, s, at))
		}
		return []*soakOp{o}
	case r < 87 && len(sw.earned) > 0:
		c := sw.earned[rng.IntN(len(sw.earned))]
		if c.refunded == c.amount {
			break
		}
		part := rng.Int64N(c.amount-c.refunded) + 1
		c.refunded += part
		o := op("reverse", soakPlan, c.key.Member)
		v := loyalty.Reversal{ID: tx, Partner: c.key.Member, Original: c.tx, Amount: eurCents(part)}
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.partners.Reverse(ctx, v, at)) }
		return []*soakOp{o}
	case r < 91:
		p := loyalty.Payout{ID: tx, Partner: fmt.Sprint("p", rng.IntN(soakPartners)), Amount: eurCents(rng.Int64N(2000) + 1)}
		o := op("payout", soakPlan, p.Partner)
		o.refusals = []error{loyalty.ErrInsufficientBalance}
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.partners.Payout(ctx, p, at)) }
		return []*soakOp{o}
	case r < 97:
		var facts map[string]string
		if rng.IntN(4) > 0 {
			facts = map[string]string{"card": "gold"}
		}
		return sw.discount("discount", loyalty.Transaction{ID: tx, Member: member, Amount: eurCents(rng.Int64N(9500) + 500),
			Partner: "p0", Category: []string{"shop", "cafe"}[rng.IntN(2)], MemberFacts: facts}, at)
	default:
		j := rng.IntN(soakShared)
		return sw.discount("shared-discount", loyalty.Transaction{ID: fmt.Sprint("ds", j), Member: fmt.Sprint("m", j%soakMembers),
			Amount: eurCents(int64(3000 + 71*j)), Partner: "p0", Category: "shop", MemberFacts: map[string]string{"card": "gold"}}, sharedAt(j))
	}
	o := op("redeem", "soak", member)
	d := loyalty.Redemption{ID: tx, Member: member, Amount: eurCents(rng.Int64N(400) + 1)}
	o.refusals = []error{loyalty.ErrInsufficientBalance}
	o.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.soak.Redeem(ctx, d, at)) }
	return []*soakOp{o}
}

// discount is a purchase at the shop's checkout by SIM ID: the check
// (Discount), the redemption (RedeemDiscount, which may find that a rival
// took what the check offered, or a discount the check did not offer)
// and the purchase's accrual in the shop's program. A member neither
// attributed to the shop's partner nor holding its card is refused.
func (sw *soakWorker) discount(kind string, p loyalty.Transaction, at time.Time) []*soakOp {
	k := loyalty.Key{Program: soakShop, Member: p.Member}
	if sw.owner[p.Member] != "p0" && p.MemberFacts["card"] != "gold" {
		if o, err := sw.ls.shop.Discount(ctx, p, at); !errors.Is(err, loyalty.ErrNotMember) {
			sw.t.Errorf("discount check %s for %s, who is not a member: %s, %v", p.ID, p.Member, describeOffer(o), err)
		}
		o := &soakOp{kind: kind, key: k, tx: p.ID, at: at, refused: loyalty.ErrNotMember}
		o.do = func(ls *soakLedgers, at time.Time) (string, error) { return offer(ls.shop.RedeemDiscount(ctx, p, at)) }
		return []*soakOp{o}
	}
	check, err := sw.ls.shop.Discount(ctx, p, at)
	if err != nil {
		sw.t.Errorf("discount check %s: %v", p.ID, err)
	}
	o := &soakOp{kind: kind, key: k, tx: p.ID, at: at,
		refusals: []error{loyalty.ErrNoDiscount, loyalty.ErrPromoExhausted, loyalty.ErrPromoMemberLimit}}
	if check.Discount != "" {
		o.offered = describeOffer(check)
	}
	o.do = func(ls *soakLedgers, at time.Time) (string, error) { return offer(ls.shop.RedeemDiscount(ctx, p, at)) }
	buy := p
	buy.ID = "buy-" + p.ID
	b := &soakOp{kind: "buy", key: k, tx: buy.ID, at: at}
	b.do = func(ls *soakLedgers, at time.Time) (string, error) { return result(ls.shop.Accrue(ctx, buy, at)) }
	return []*soakOp{o, b}
}

// soakRefusals are the refusals the soak counts by reason.
var soakRefusals = []error{loyalty.ErrInsufficientBalance, loyalty.ErrInsufficientTraffic, loyalty.ErrPromoMemberLimit,
	loyalty.ErrPromoExhausted, loyalty.ErrNoDiscount, loyalty.ErrNotMember}

// reason names the refusal err is: the message of the first of
// soakRefusals it wraps, or err's own.
func reason(err error) string {
	for _, r := range soakRefusals {
		if errors.Is(err, r) {
			return strings.TrimPrefix(r.Error(), "loyalty: ")
		}
	}
	return err.Error()
}
