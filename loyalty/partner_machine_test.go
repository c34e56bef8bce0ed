package loyalty_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

// The partner-account model: a plain ledger in integer cents, written from
// the rules in doc.go without sharing code with the package. A partner
// earns 5 EUR per SIM and 12.5 % of a SIM's traffic revenue, pending for
// two days; earnings never expire; payouts take the oldest lot first.

const (
	pmReward = 500
	pmLock   = 48 * time.Hour
)

type pmLot struct {
	id      int
	src     string
	rem     int64
	pending bool
	availAt time.Time
}

type pmRec struct {
	op       string // "sim", "traffic", "reverse", "payout"
	earned   int64  // credits: what was earned; others: the result
	basis    int64  // credits: the sale's price or the revenue
	reversed int64  // credits: the part of basis reversed so far
}

type pmPartner struct {
	lots    []pmLot
	nextLot int
	recs    map[string]pmRec
	// Totals since the start, for the conservation check.
	credited, reversed, paid int64
}

func (m pmPartner) clone() pmPartner {
	c := m
	c.lots = slices.Clone(m.lots)
	c.recs = make(map[string]pmRec, len(m.recs))
	for k, v := range m.recs {
		c.recs[k] = v
	}
	return c
}

func (m *pmPartner) settle(at time.Time) {
	for i := range m.lots {
		if m.lots[i].pending && !at.Before(m.lots[i].availAt) {
			m.lots[i].pending = false
		}
	}
}

func (m *pmPartner) balances() (avail, pend int64) {
	for _, l := range m.lots {
		if l.pending {
			pend += l.rem
		} else {
			avail += l.rem
		}
	}
	return avail, pend
}

func (m *pmPartner) credit(src string, amt int64, at time.Time) {
	if amt == 0 {
		return
	}
	m.nextLot++
	m.lots = append(m.lots, pmLot{id: m.nextLot, src: src, rem: amt, pending: true, availAt: at.Add(pmLock)})
	m.credited += amt
}

type partnerMachine struct {
	pl       *loyalty.PartnerLedger
	store    *memstore.Store
	now      time.Time
	partners []string
	sims     map[string][]string // the SIMs attributed to each partner
	model    map[string]pmPartner
	done     []request
	seq      int
}

func (sm *partnerMachine) newID() string { sm.seq++; return fmt.Sprint("s", sm.seq) }

// apply runs a request on the ledger and on a copy of the model partner;
// the copy replaces the model only if the model says the request succeeds.
func (sm *partnerMachine) apply(t *rapid.T, partner string, run func(at time.Time) (loyalty.Result, error),
	model func(m *pmPartner) (bonus, short int64, err error)) {
	m := sm.model[partner].clone()
	wantBonus, wantShort, wantErr := model(&m)
	res, err := run(sm.now)
	if !errors.Is(err, wantErr) || (err == nil) != (wantErr == nil) {
		t.Fatalf("%s: error %v, model says %v", partner, err, wantErr)
	}
	if err != nil {
		return
	}
	if !res.Bonus.Equal(cents(wantBonus)) || !res.Shortfall.Equal(cents(wantShort)) && wantShort != 0 {
		t.Fatalf("%s: result %s shortfall %s, model says %d shortfall %d", partner, res.Bonus, res.Shortfall, wantBonus, wantShort)
	}
	sm.model[partner] = m
	sm.done = append(sm.done, request{member: partner, run: run, result: res})
}

// sim draws a SIM: mostly one of the partner's, sometimes another's.
func (sm *partnerMachine) sim(t *rapid.T, partner string) (string, bool) {
	if rapid.IntRange(0, 9).Draw(t, "own") > 0 {
		return rapid.SampledFrom(sm.sims[partner]).Draw(t, "sim"), true
	}
	return "sim-of-nobody", false
}

func (sm *partnerMachine) rewardSIM(t *rapid.T) {
	partner := rapid.SampledFrom(sm.partners).Draw(t, "partner")
	sim, own := sm.sim(t, partner)
	price := rapid.Int64Range(1, 5000).Draw(t, "price")
	id := sm.newID()
	run := func(at time.Time) (loyalty.Result, error) {
		return sm.pl.RewardSIM(ctx, loyalty.SIMSale{ID: id, Partner: partner, SIM: sim, Amount: cents(price)}, at)
	}
	sm.apply(t, partner, run, func(m *pmPartner) (int64, int64, error) {
		if !own {
			return 0, 0, loyalty.ErrNotMember
		}
		m.settle(sm.now)
		m.credit(id, pmReward, sm.now)
		m.recs[id] = pmRec{op: "sim", earned: pmReward, basis: price}
		return pmReward, 0, nil
	})
}

func (sm *partnerMachine) shareTraffic(t *rapid.T) {
	partner := rapid.SampledFrom(sm.partners).Draw(t, "partner")
	sim, own := sm.sim(t, partner)
	q := pricing.Quote{Period: pricing.Month(2026, time.March, time.UTC),
		Lines: []pricing.Line{{Kind: pricing.ChargeRecurring, Amount: cents(rapid.Int64Range(0, 1000).Draw(t, "fee"))}}}
	var revenue int64
	for range rapid.IntRange(0, 3).Draw(t, "lines") {
		a := rapid.Int64Range(-500, 5000).Draw(t, "usage")
		revenue += a
		q.Lines = append(q.Lines, pricing.Line{Kind: pricing.ChargeUsage, Amount: cents(a)})
	}
	id := sm.newID()
	run := func(at time.Time) (loyalty.Result, error) {
		return sm.pl.ShareTraffic(ctx, loyalty.RevenueShare{ID: id, Partner: partner, SIM: sim, Quote: q}, at)
	}
	sm.apply(t, partner, run, func(m *pmPartner) (int64, int64, error) {
		if !own {
			return 0, 0, loyalty.ErrNotMember
		}
		m.settle(sm.now)
		var earned int64
		if revenue > 0 {
			earned = (revenue*125 + 500) / 1000 // 12.5 %, half away from zero
		}
		m.credit(id, earned, sm.now)
		m.recs[id] = pmRec{op: "traffic", earned: earned, basis: max(revenue, 0)}
		return earned, 0, nil
	})
}

func (sm *partnerMachine) reverse(t *rapid.T) {
	partner := rapid.SampledFrom(sm.partners).Draw(t, "partner")
	var credits []string
	for id, r := range sm.model[partner].recs {
		if r.op == "sim" || r.op == "traffic" {
			credits = append(credits, id)
		}
	}
	slices.Sort(credits)
	orig := "unknown"
	if len(credits) > 0 && rapid.IntRange(0, 9).Draw(t, "known") > 0 {
		orig = rapid.SampledFrom(credits).Draw(t, "original")
	}
	r := sm.model[partner].recs[orig]
	left := r.basis - r.reversed
	amt := max(rapid.OneOf(rapid.Int64Range(1, max(1, left)), rapid.Just(left), rapid.Just(left+1)).Draw(t, "cents"), 1)
	id := sm.newID()
	run := func(at time.Time) (loyalty.Result, error) {
		return sm.pl.Reverse(ctx, loyalty.Reversal{ID: id, Partner: partner, Original: orig, Amount: cents(amt)}, at)
	}
	sm.apply(t, partner, run, func(m *pmPartner) (int64, int64, error) {
		o, ok := m.recs[orig]
		if !ok || (o.op != "sim" && o.op != "traffic") {
			return 0, 0, loyalty.ErrUnknownTransaction
		}
		after := o.reversed + amt
		if after > o.basis {
			return 0, 0, loyalty.ErrRefundExceedsTransaction
		}
		m.settle(sm.now)
		target := func(x int64) int64 { return (2*o.earned*x + o.basis) / (2 * o.basis) }
		due := target(after) - target(o.reversed)
		left := due
		for i := range m.lots {
			if m.lots[i].src == orig {
				take := min(left, m.lots[i].rem)
				m.lots[i].rem -= take
				left -= take
			}
		}
		o.reversed = after
		m.recs[orig] = o
		m.recs[id] = pmRec{op: "reverse", earned: due - left}
		m.reversed += due - left
		return due - left, left, nil
	})
}

func (sm *partnerMachine) payout(t *rapid.T) {
	partner := rapid.SampledFrom(sm.partners).Draw(t, "partner")
	m := sm.model[partner]
	avail, pend := m.balances()
	amt := rapid.OneOf(rapid.Int64Range(1, 1500), rapid.Int64Range(max(1, avail-5), avail+pend+5)).Draw(t, "cents")
	id := sm.newID()
	run := func(at time.Time) (loyalty.Result, error) {
		return sm.pl.Payout(ctx, loyalty.Payout{ID: id, Partner: partner, Amount: cents(amt)}, at)
	}
	sm.apply(t, partner, run, func(m *pmPartner) (int64, int64, error) {
		m.settle(sm.now)
		if a, _ := m.balances(); a < amt {
			return 0, 0, loyalty.ErrInsufficientBalance
		}
		left := amt
		for i := range m.lots { // the oldest first: earnings never expire
			if !m.lots[i].pending {
				take := min(left, m.lots[i].rem)
				m.lots[i].rem -= take
				left -= take
			}
		}
		m.recs[id] = pmRec{op: "payout", earned: amt}
		m.paid += amt
		return amt, 0, nil
	})
}

func (sm *partnerMachine) settleAction(t *rapid.T) {
	partner := rapid.SampledFrom(sm.partners).Draw(t, "partner")
	if _, err := sm.pl.Settle(ctx, partner, sm.now); err != nil {
		t.Fatal(err)
	}
	m := sm.model[partner]
	m.settle(sm.now)
	sm.model[partner] = m
}

func (sm *partnerMachine) replay(t *rapid.T) {
	if len(sm.done) == 0 {
		t.Skip("nothing to replay")
	}
	r := rapid.SampledFrom(sm.done).Draw(t, "request")
	before, _ := sm.pl.Statement(ctx, r.member, pricing.Period{Start: t0.Add(-day), End: sm.now.Add(day)})
	res, err := r.run(sm.now)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if res.Tx != r.result.Tx || !res.Bonus.Equal(r.result.Bonus) || !res.Shortfall.Equal(r.result.Shortfall) {
		t.Fatalf("replay returned %+v, first result was %+v", res, r.result)
	}
	if after, _ := sm.pl.Statement(ctx, r.member, pricing.Period{Start: t0.Add(-day), End: sm.now.Add(day)}); len(after.Entries) != len(before.Entries) {
		t.Fatalf("replay appended %d entries", len(after.Entries)-len(before.Entries))
	}
}

func (sm *partnerMachine) conflict(t *rapid.T) {
	if len(sm.done) == 0 {
		t.Skip("nothing to conflict with")
	}
	r := rapid.SampledFrom(sm.done).Draw(t, "request")
	_, err := sm.pl.Payout(ctx, loyalty.Payout{ID: r.result.Tx, Partner: r.member, Amount: cents(987654)}, sm.now)
	if !errors.Is(err, loyalty.ErrTransactionConflict) {
		t.Fatalf("reused ID %s with new content: error %v, want ErrTransactionConflict", r.result.Tx, err)
	}
}

// check verifies the ledger's invariants for every partner: the balances
// are the model's, never negative, the sums of the entries and of the open
// lots; no lot gave back more than it earned; and nothing was lost or
// doubled: credited − reversed − paid out is the balance.
func (sm *partnerMachine) check(t *rapid.T) {
	for _, partner := range sm.partners {
		m := sm.model[partner]
		wantAvail, wantPend := m.balances()
		b, err := sm.pl.Balance(ctx, partner)
		if err != nil {
			t.Fatal(err)
		}
		if !b.Available.Equal(cents(wantAvail)) || !b.Pending.Equal(cents(wantPend)) {
			t.Fatalf("%s: balance %s/%s pending, model %d/%d", partner, b.Available, b.Pending, wantAvail, wantPend)
		}
		if b.Available.Sign() < 0 || b.Pending.Sign() < 0 {
			t.Fatalf("%s: negative balance %s/%s", partner, b.Available, b.Pending)
		}
		if m.credited-m.reversed-m.paid != wantAvail+wantPend {
			t.Fatalf("%s: credited %d − reversed %d − paid %d ≠ balance %d", partner, m.credited, m.reversed, m.paid, wantAvail+wantPend)
		}
		st, err := sm.pl.Statement(ctx, partner, pricing.Period{Start: t0.Add(-day), End: sm.now.Add(day)})
		if err != nil {
			t.Fatal(err)
		}
		avail, pend := cents(0), cents(0)
		earned, back := map[uint64]int64{}, map[uint64]int64{}
		for _, e := range st.Entries {
			avail, _ = avail.Add(e.Available)
			pend, _ = pend.Add(e.Pending)
			amt := e.Available.Amount().Add(e.Pending.Amount()).Shift(2).IntPart()
			switch e.Kind {
			case loyalty.EntrySIMReward, loyalty.EntryTrafficShare:
				earned[e.Lot] += amt
			case loyalty.EntryReverse, loyalty.EntryPayout:
				back[e.Lot] -= amt
			}
		}
		if !avail.Equal(b.Available) || !pend.Equal(b.Pending) || !st.Closing.Available.Equal(b.Available) || !st.Closing.Pending.Equal(b.Pending) {
			t.Fatalf("%s: entries sum to %s/%s, closing %+v, balance %s/%s", partner, avail, pend, st.Closing, b.Available, b.Pending)
		}
		credited, _ := st.SIMRewards.Add(st.TrafficShares)
		if !credited.Equal(cents(m.credited)) || !st.Reversed.Equal(cents(m.reversed)) || !st.PaidOut.Equal(cents(m.paid)) {
			t.Fatalf("%s: statement credited %s, reversed %s, paid %s; model %d, %d, %d", partner, credited, st.Reversed, st.PaidOut,
				m.credited, m.reversed, m.paid)
		}
		for lot, v := range back {
			if v > earned[lot] {
				t.Fatalf("%s: lot %d gave back %d cents, earned %d", partner, lot, v, earned[lot])
			}
		}
		k := loyalty.Key{Program: "resellers", Member: partner}
		s, _, _ := sm.store.Load(ctx, k)
		lots := storedLots(t, sm.store, k, s.Version, loyalty.ByID)
		sum := int64(0)
		var ids []int
		for _, l := range lots {
			sum += l.Remaining.Amount().Shift(2).IntPart()
			ids = append(ids, int(l.ID))
		}
		var want []int
		for _, l := range m.lots {
			if l.rem > 0 {
				want = append(want, l.id)
			}
		}
		if sum != wantAvail+wantPend || fmt.Sprint(ids) != fmt.Sprint(want) {
			t.Fatalf("%s: open lots %v sum to %d, model lots %v, balance %d", partner, ids, sum, want, wantAvail+wantPend)
		}
	}
}

func propPartnerMachine(t *rapid.T) {
	store := memstore.New()
	plan, err := loyalty.NewRemunerationPlan(loyalty.RemunerationSpec{ID: "resellers", Currency: pricing.EUR,
		SIMReward: cents(pmReward), TrafficShare: dec("12.5"), LockPeriod: pmLock})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := loyalty.NewPartnerLedger(plan, store)
	if err != nil {
		t.Fatal(err)
	}
	sm := &partnerMachine{pl: pl, store: store, now: t0, partners: []string{"hotelhub", "tripmate"},
		sims: map[string][]string{"hotelhub": {"h1", "h2"}, "tripmate": {"t1"}}, model: map[string]pmPartner{}}
	for _, p := range sm.partners {
		sm.model[p] = pmPartner{recs: map[string]pmRec{}}
		for _, sim := range sm.sims[p] {
			if err := loyalty.AttributeToPartner(ctx, store, sim, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Repeat(map[string]func(*rapid.T){
		"reward-sim":    sm.rewardSIM,
		"share-traffic": sm.shareTraffic,
		"reverse":       sm.reverse,
		"payout":        sm.payout,
		"activate": func(t *rapid.T) { // the lock period passes
			sm.now = sm.now.Add(pmLock)
			sm.settleAction(t)
		},
		"settle":   sm.settleAction,
		"replay":   sm.replay,
		"conflict": sm.conflict,
		"advance": func(t *rapid.T) {
			sm.now = sm.now.Add(time.Duration(rapid.IntRange(0, 72).Draw(t, "hours")) * time.Hour)
		},
		"": sm.check,
	})
}

func TestPartnerMachine(t *testing.T) { rapid.Check(t, propPartnerMachine) }

func FuzzPartnerMachine(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propPartnerMachine)) }
