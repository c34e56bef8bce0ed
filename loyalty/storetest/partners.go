package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// testPromoUses checks that a member's redemptions of a code are counted
// per member and program, and that a refused claim is not counted.
func testPromoUses(t *testing.T, s loyalty.Store) {
	claim := &loyalty.PromoClaim{Program: "p", Code: "C", PerMember: 2}
	commit(t, s, loyalty.Commit{Key: key("a"), Version: 0, Promo: claim})
	commit(t, s, loyalty.Commit{Key: key("a"), Version: 1, Promo: claim})
	commit(t, s, loyalty.Commit{Key: key("b"), Version: 0, Promo: claim})
	if err := s.Commit(ctx, loyalty.Commit{Key: key("a"), Version: 2, Promo: claim}); !errors.Is(err, loyalty.ErrPromoMemberLimit) {
		t.Fatalf("a third claim of a code limited to 2 per member: error %v, want ErrPromoMemberLimit", err)
	}
	for _, c := range []struct {
		k    loyalty.Key
		code string
		want int
	}{{key("a"), "C", 2}, {key("b"), "C", 1}, {key("a"), "D", 0}, {key("nobody"), "C", 0}, {loyalty.Key{Program: "q", Member: "a"}, "C", 0}} {
		if n, err := s.PromoUses(ctx, c.k, c.code); err != nil || n != c.want {
			t.Errorf("PromoUses(%v, %s) = %d, %v; want %d", c.k, c.code, n, err, c.want)
		}
	}
}

// testLedgerPartner runs a PartnerLedger over the store: a SIM reward, a
// traffic share computed from a quote, a reversal in proportion, a payout
// and the month's statement, every kind of entry and record a partner's
// account writes, read back as written.
func testLedgerPartner(t *testing.T, s loyalty.Store) {
	plan, err := loyalty.NewRemunerationPlan(loyalty.RemunerationSpec{ID: "plan", Currency: eur,
		SIMReward: cents(500), TrafficShare: decimal.NewFromInt(10), LockPeriod: 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := loyalty.NewPartnerLedger(plan, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AttributeToPartner(ctx, "sim1", "hotels"); err != nil {
		t.Fatal(err)
	}
	month := pricing.Period{Start: base, End: base.AddDate(0, 1, 0)}
	quote := pricing.Quote{Period: month, Lines: []pricing.Line{
		{Kind: pricing.ChargeRecurring, Amount: cents(1000)},
		{Kind: pricing.ChargeUsage, Amount: cents(2345)},
	}}
	steps := []struct {
		name string
		do   func() (loyalty.Result, error)
		want int64
	}{
		{"SIM reward", func() (loyalty.Result, error) {
			return pl.RewardSIM(ctx, loyalty.SIMSale{ID: "sale", Partner: "hotels", SIM: "sim1", Amount: cents(2500)}, base)
		}, 500},
		{"traffic share: 10 % of 23.45 EUR", func() (loyalty.Result, error) {
			return pl.ShareTraffic(ctx, loyalty.RevenueShare{ID: "inv", Partner: "hotels", SIM: "sim1", Quote: quote}, base.Add(time.Hour))
		}, 235},
		{"payout, after the lock period", func() (loyalty.Result, error) {
			return pl.Payout(ctx, loyalty.Payout{ID: "pay", Partner: "hotels", Amount: cents(600)}, base.Add(48*time.Hour))
		}, 600},
		{"a third of the SIM's price refunded", func() (loyalty.Result, error) {
			return pl.Reverse(ctx, loyalty.Reversal{ID: "rev", Partner: "hotels", Original: "sale", Amount: cents(833)}, base.Add(49*time.Hour))
		}, 0}, // the sale's lot was paid out: all shortfall
		{"half the revenue credited back", func() (loyalty.Result, error) {
			return pl.Reverse(ctx, loyalty.Reversal{ID: "rev2", Partner: "hotels", Original: "inv", Amount: cents(1172)}, base.Add(50*time.Hour))
		}, 117},
	}
	for _, st := range steps {
		for range 2 { // the second is a replay
			res, err := st.do()
			if err != nil || !res.Bonus.Equal(cents(st.want)) {
				t.Fatalf("%s: %+v, %v; want %s", st.name, res, err, cents(st.want))
			}
		}
	}
	b, err := pl.Balance(ctx, "hotels")
	if err != nil || !b.Available.Equal(cents(18)) || !b.Pending.IsZero() {
		t.Errorf("balance %+v, %v; want 0.18 EUR available", b, err)
	}
	stmt, err := pl.Statement(ctx, "hotels", month)
	if err != nil {
		t.Fatal(err)
	}
	if stmt.SIMs != 1 || !stmt.SIMRewards.Equal(cents(500)) || !stmt.TrafficShares.Equal(cents(235)) ||
		!stmt.Reversed.Equal(cents(117)) || !stmt.PaidOut.Equal(cents(600)) || !stmt.Closing.Available.Equal(cents(18)) {
		t.Errorf("statement %+v", stmt)
	}
	kinds := map[loyalty.EntryKind]int{}
	for _, e := range stmt.Entries {
		kinds[e.Kind]++
	}
	if kinds[loyalty.EntrySIMReward] != 1 || kinds[loyalty.EntryTrafficShare] != 1 || kinds[loyalty.EntryActivate] != 2 ||
		kinds[loyalty.EntryPayout] != 2 || kinds[loyalty.EntryReverse] != 1 {
		t.Errorf("entries by kind %v", kinds)
	}
	// A SIM of another partner earns this one nothing.
	if _, err := s.AttributeToPartner(ctx, "sim2", "flights"); err != nil {
		t.Fatal(err)
	}
	_, err = pl.RewardSIM(ctx, loyalty.SIMSale{ID: "sale2", Partner: "hotels", SIM: "sim2", Amount: cents(2500)}, base)
	if !errors.Is(err, loyalty.ErrNotMember) {
		t.Errorf("a reward for another partner's SIM: error %v, want ErrNotMember", err)
	}
}

// testLedgerDiscount runs a partner's discount over the store: checked,
// redeemed once (a replay records nothing), then used up for the member.
func testLedgerDiscount(t *testing.T, s loyalty.Store) {
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "p", Partner: "hotels", Currency: eur,
		Discounts: []loyalty.Discount{{ID: "repeat-10", Percent: decimal.NewFromInt(10), PerMember: 1,
			When: loyalty.Condition{History: loyalty.History{From: 2}}}}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := loyalty.NewLedger(prog, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AttributeToPartner(ctx, "sim1", "hotels"); err != nil {
		t.Fatal(err)
	}
	buy := func(id string) loyalty.Transaction {
		return loyalty.Transaction{ID: id, Member: "sim1", Amount: cents(12000), Partner: "hotels", Category: "hotel"}
	}
	if o, err := l.Discount(ctx, buy(""), base); err != nil || o.Discount != "" || !o.Pay.Equal(cents(12000)) {
		t.Fatalf("Discount before any purchase = %+v, %v; want none", o, err)
	}
	if _, err := l.Accrue(ctx, buy("first"), base); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second is a replay
		o, err := l.RedeemDiscount(ctx, buy("redeem"), base.Add(time.Hour))
		if err != nil || o.Discount != "repeat-10" || !o.Off.Equal(cents(1200)) || !o.Pay.Equal(cents(10800)) {
			t.Fatalf("RedeemDiscount on a repeat purchase = %+v, %v; want 12.00 EUR off", o, err)
		}
	}
	if n, err := s.PromoUses(ctx, loyalty.Key{Program: "p", Member: "sim1"}, "repeat-10"); err != nil || n != 1 {
		t.Errorf("PromoUses after a redemption and its replay = %d, %v; want 1", n, err)
	}
	if o, err := l.Discount(ctx, buy(""), base.Add(2*time.Hour)); err != nil || o.Discount != "" {
		t.Errorf("Discount after the member's one use = %+v, %v; want none", o, err)
	}
	if _, err := l.RedeemDiscount(ctx, buy("again"), base.Add(2*time.Hour)); !errors.Is(err, loyalty.ErrNoDiscount) {
		t.Errorf("RedeemDiscount after the member's one use: error %v, want ErrNoDiscount", err)
	}
}
