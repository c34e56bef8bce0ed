package loyalty_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

// The model: a plain, slow ledger in integer cents, written from the rules
// in doc.go without sharing code with the package.

type mLot struct {
	id      int
	tx      string
	rem     int64
	pending bool
	availAt time.Time
	expAt   time.Time
}

type mRec struct {
	op       string
	content  string
	bonus    int64
	short    int64
	amount   int64 // accruals: transaction amount
	refunded int64
}

type mMember struct {
	lots    []mLot
	nextLot int
	recs    map[string]mRec
}

func (m mMember) clone() mMember {
	c := mMember{lots: slices.Clone(m.lots), nextLot: m.nextLot, recs: make(map[string]mRec, len(m.recs))}
	for k, v := range m.recs {
		c.recs[k] = v
	}
	return c
}

func (m *mMember) settle(at time.Time) {
	for i := range m.lots {
		l := &m.lots[i]
		if l.rem == 0 {
			continue
		}
		if l.pending && !at.Before(l.availAt) {
			l.pending = false
		}
		if !at.Before(l.expAt) {
			l.rem = 0
		}
	}
}

func (m *mMember) balances() (avail, pend int64) {
	for _, l := range m.lots {
		if l.pending {
			pend += l.rem
		} else {
			avail += l.rem
		}
	}
	return avail, pend
}

func (m *mMember) addLot(tx string, amt int64, at time.Time, lock time.Duration) {
	m.nextLot++
	m.lots = append(m.lots, mLot{id: m.nextLot, tx: tx, rem: amt, pending: lock > 0, availAt: at.Add(lock), expAt: at.Add(lock + smLifetime)})
}

// spendOrder returns the indices of the available lots with bonus left,
// in the order redemption spends them.
func (m *mMember) spendOrder() []int {
	order := make([]int, 0, len(m.lots))
	for i, l := range m.lots {
		if !l.pending && l.rem > 0 {
			order = append(order, i)
		}
	}
	// Earliest expiry first, then oldest lot (insertion sort: plain on purpose).
	for i := 1; i < len(order); i++ {
		for j := i; j > 0; j-- {
			a, b := m.lots[order[j-1]], m.lots[order[j]]
			if a.expAt.After(b.expAt) || (a.expAt.Equal(b.expAt) && a.id > b.id) {
				order[j-1], order[j] = order[j], order[j-1]
			}
		}
	}
	return order
}

func (m *mMember) spend(amt int64) {
	for _, i := range m.spendOrder() {
		take := min(amt, m.lots[i].rem)
		m.lots[i].rem -= take
		amt -= take
	}
}

const (
	smLock     = 48 * time.Hour
	smLifetime = 10 * 24 * time.Hour
)

func smSpec() loyalty.Spec {
	return loyalty.Spec{
		ID: "sm", Currency: pricing.EUR, LockPeriod: smLock, Lifetime: smLifetime,
		Rules: []loyalty.Rule{{ID: "pct", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(10),
			Min: pricing.FromMinor(100, pricing.EUR), Max: pricing.FromMinor(2000, pricing.EUR)}},
		Conversions: []loyalty.Conversion{{Unit: "MB", ToBonus: decimal.New(1, -2), FromBonus: decimal.NewFromInt(100)}},
	}
}

// request is an executed request, kept for replays.
type request struct {
	member string
	run    func(at time.Time) (loyalty.Result, error)
	result loyalty.Result
}

type machine struct {
	l       *loyalty.Ledger
	store   *memstore.Store
	now     time.Time
	members []string
	model   map[string]mMember
	done    []request
	seq     int
}

func cents(n int64) pricing.Money { return pricing.FromMinor(n, pricing.EUR) }

func (sm *machine) newID() string { sm.seq++; return fmt.Sprint("t", sm.seq) }

// apply runs a request on the system and on a copy of the model member;
// the copy replaces the model only if the model says the request succeeds.
func (sm *machine) apply(t *rapid.T, member string, run func(at time.Time) (loyalty.Result, error),
	model func(m *mMember) (bonus, short int64, err error)) {
	m := sm.model[member].clone()
	wantBonus, wantShort, wantErr := model(&m)
	res, err := run(sm.now)
	if !errors.Is(err, wantErr) || (err == nil) != (wantErr == nil) {
		t.Fatalf("%s: error %v, model says %v", member, err, wantErr)
	}
	if err != nil {
		return
	}
	if !res.Bonus.Equal(cents(wantBonus)) || (wantShort != 0 && !res.Shortfall.Equal(cents(wantShort))) {
		t.Fatalf("%s: result %s shortfall %s, model says %d shortfall %d", member, res.Bonus, res.Shortfall, wantBonus, wantShort)
	}
	sm.model[member] = m
	sm.done = append(sm.done, request{member: member, run: run, result: res})
}

func (sm *machine) accrue(t *rapid.T) {
	member := rapid.SampledFrom(sm.members).Draw(t, "member")
	amount := rapid.Int64Range(0, 30000).Draw(t, "amount")
	id := sm.newID()
	run := func(at time.Time) (loyalty.Result, error) {
		return sm.l.Accrue(ctx, loyalty.Transaction{ID: id, Member: member, Amount: cents(amount)}, at)
	}
	sm.apply(t, member, run, func(m *mMember) (int64, int64, error) {
		m.settle(sm.now)
		var bonus int64
		if amount > 0 {
			bonus = min(max((amount+5)/10, 100), 2000)
			m.addLot(id, bonus, sm.now, smLock)
		}
		m.recs[id] = mRec{op: "accrue", content: fmt.Sprint(amount), bonus: bonus, amount: amount}
		return bonus, 0, nil
	})
}

func (sm *machine) spendAction(t *rapid.T, convert bool) {
	member := rapid.SampledFrom(sm.members).Draw(t, "member")
	m := sm.model[member]
	avail, pend := m.balances()
	// Aim near the balances, so that both success and the pending-is-not-
	// spendable refusal come up often.
	amt := rapid.OneOf(rapid.Int64Range(1, 3000), rapid.Int64Range(max(1, avail-5), avail+pend+5)).Draw(t, "cents")
	id := sm.newID()
	run := func(at time.Time) (loyalty.Result, error) {
		if convert {
			return sm.l.ConvertOut(ctx, loyalty.ConvertOut{ID: id, Member: member, Unit: "MB", Bonus: cents(amt)}, at)
		}
		return sm.l.Redeem(ctx, loyalty.Redemption{ID: id, Member: member, Amount: cents(amt)}, at)
	}
	sm.apply(t, member, run, func(m *mMember) (int64, int64, error) {
		m.settle(sm.now)
		if a, _ := m.balances(); a < amt {
			return 0, 0, loyalty.ErrInsufficientBalance
		}
		m.spend(amt)
		m.recs[id] = mRec{op: "spend", bonus: amt}
		return amt, 0, nil
	})
}

func (sm *machine) refund(t *rapid.T) {
	member := rapid.SampledFrom(sm.members).Draw(t, "member")
	var accruals []string
	for id, r := range sm.model[member].recs {
		if r.op == "accrue" {
			accruals = append(accruals, id)
		}
	}
	slices.Sort(accruals)
	orig := "unknown"
	if len(accruals) > 0 && rapid.IntRange(0, 9).Draw(t, "known") > 0 {
		orig = rapid.SampledFrom(accruals).Draw(t, "original")
	}
	r := sm.model[member].recs[orig]
	left := r.amount - r.refunded
	amt := rapid.OneOf(rapid.Int64Range(1, max(1, left)), rapid.Just(left), rapid.Just(left+1)).Draw(t, "cents")
	amt = max(amt, 1)
	id := sm.newID()
	run := func(at time.Time) (loyalty.Result, error) {
		return sm.l.Refund(ctx, loyalty.Refund{ID: id, Member: member, Original: orig, Amount: cents(amt)}, at)
	}
	sm.apply(t, member, run, func(m *mMember) (int64, int64, error) {
		o, ok := m.recs[orig]
		if !ok {
			return 0, 0, loyalty.ErrUnknownTransaction
		}
		after := o.refunded + amt
		if after > o.amount {
			return 0, 0, loyalty.ErrRefundExceedsTransaction
		}
		m.settle(sm.now)
		target := func(x int64) int64 { return (2*o.bonus*x + o.amount) / (2 * o.amount) }
		due := target(after) - target(o.refunded)
		left := due
		for i := range m.lots {
			if m.lots[i].tx == orig {
				take := min(left, m.lots[i].rem)
				m.lots[i].rem -= take
				left -= take
			}
		}
		o.refunded = after
		m.recs[orig] = o
		m.recs[id] = mRec{op: "refund", bonus: due - left, short: left}
		return due - left, left, nil
	})
}

func (sm *machine) convertIn(t *rapid.T) {
	member := rapid.SampledFrom(sm.members).Draw(t, "member")
	mb := rapid.Int64Range(1, 2000).Draw(t, "mb")
	id := sm.newID()
	run := func(at time.Time) (loyalty.Result, error) {
		return sm.l.ConvertIn(ctx, loyalty.ConvertIn{ID: id, Member: member, Unit: "MB", Quantity: decimal.NewFromInt(mb)}, at)
	}
	sm.apply(t, member, run, func(m *mMember) (int64, int64, error) {
		m.settle(sm.now)
		m.addLot(id, mb, sm.now, 0)
		m.recs[id] = mRec{op: "convert-in", bonus: mb}
		return mb, 0, nil
	})
}

func (sm *machine) settleAction(t *rapid.T) {
	member := rapid.SampledFrom(sm.members).Draw(t, "member")
	if _, err := sm.l.Settle(ctx, member, sm.now); err != nil {
		t.Fatal(err)
	}
	m := sm.model[member]
	m.settle(sm.now)
	sm.model[member] = m
}

func (sm *machine) replayAction(t *rapid.T) {
	if len(sm.done) == 0 {
		t.Skip("nothing to replay")
	}
	r := rapid.SampledFrom(sm.done).Draw(t, "request")
	before, _ := sm.l.Statement(ctx, r.member)
	res, err := r.run(sm.now)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if res.Tx != r.result.Tx || !res.Bonus.Equal(r.result.Bonus) || !res.Shortfall.Equal(r.result.Shortfall) || !res.Units.Equal(r.result.Units) {
		t.Fatalf("replay returned %+v, first result was %+v", res, r.result)
	}
	if after, _ := sm.l.Statement(ctx, r.member); len(after) != len(before) {
		t.Fatalf("replay appended %d entries", len(after)-len(before))
	}
}

func (sm *machine) conflictAction(t *rapid.T) {
	if len(sm.done) == 0 {
		t.Skip("nothing to conflict with")
	}
	r := rapid.SampledFrom(sm.done).Draw(t, "request")
	_, err := sm.l.Redeem(ctx, loyalty.Redemption{ID: r.result.Tx, Member: r.member, Amount: cents(987654)}, sm.now)
	if !errors.Is(err, loyalty.ErrTransactionConflict) {
		t.Fatalf("reused ID %s with new content: error %v, want ErrTransactionConflict", r.result.Tx, err)
	}
}

func (sm *machine) advance(t *rapid.T) {
	sm.now = sm.now.Add(time.Duration(rapid.IntRange(0, 96).Draw(t, "hours")) * time.Hour)
}

// check verifies the invariants for every member.
func (sm *machine) check(t *rapid.T) {
	for _, member := range sm.members {
		m := sm.model[member]
		wantAvail, wantPend := m.balances()
		b, err := sm.l.Balance(ctx, member)
		if err != nil {
			t.Fatal(err)
		}
		if !b.Available.Equal(cents(wantAvail)) || !b.Pending.Equal(cents(wantPend)) {
			t.Fatalf("%s: balance %s/%s pending, model %d/%d", member, b.Available, b.Pending, wantAvail, wantPend)
		}
		if b.Available.Sign() < 0 || b.Pending.Sign() < 0 {
			t.Fatalf("%s: negative balance %s/%s", member, b.Available, b.Pending)
		}
		es, _ := sm.l.Statement(ctx, member)
		avail, pend := cents(0), cents(0)
		earned := map[uint64]int64{}   // by lot
		reversed := map[uint64]int64{} // by lot
		for _, e := range es {
			avail, _ = avail.Add(e.Available)
			pend, _ = pend.Add(e.Pending)
			amt := e.Available.Amount().Add(e.Pending.Amount()).Shift(2).IntPart()
			switch e.Kind {
			case loyalty.EntryAccrue:
				earned[e.Lot] += amt
			case loyalty.EntryReverse:
				reversed[e.Lot] -= amt
			}
		}
		if !avail.Equal(b.Available) || !pend.Equal(b.Pending) {
			t.Fatalf("%s: entries sum to %s/%s, balance %s/%s", member, avail, pend, b.Available, b.Pending)
		}
		for lot, r := range reversed {
			if r > earned[lot] {
				t.Fatalf("%s: lot %d reversed %d cents, earned %d", member, lot, r, earned[lot])
			}
		}
		k := loyalty.Key{Program: "sm", Member: member}
		st, _, _ := sm.store.Load(ctx, k)
		if int(st.Entries) != len(es) {
			t.Fatalf("%s: head counts %d entries, the statement has %d", member, st.Entries, len(es))
		}
		avails := storedLots(t, sm.store, k, st.Version, loyalty.AvailableByExpiry)
		pends := storedLots(t, sm.store, k, st.Version, loyalty.PendingByActivation)
		lotsAvail, lotsPend := cents(0), cents(0)
		for _, l := range avails {
			lotsAvail, _ = lotsAvail.Add(l.Remaining)
		}
		for _, l := range pends {
			lotsPend, _ = lotsPend.Add(l.Remaining)
		}
		if !lotsAvail.Equal(b.Available) || !lotsPend.Equal(b.Pending) {
			t.Fatalf("%s: open lots sum to %s/%s, balance %s/%s", member, lotsAvail, lotsPend, b.Available, b.Pending)
		}
		// The stored lots are the model's open lots, in the model's order.
		var want []int
		for _, i := range m.spendOrder() {
			want = append(want, m.lots[i].id)
		}
		var got []int
		for _, l := range avails {
			got = append(got, int(l.ID))
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: available lots in expiry order %v, model %v", member, got, want)
		}
	}
}

// storedLots reads every lot of one order, a few at a time.
func storedLots(t *rapid.T, s loyalty.LedgerStore, k loyalty.Key, v uint64, o loyalty.LotOrder) []loyalty.Lot {
	var out []loyalty.Lot
	q := loyalty.LotQuery{Version: v, Order: o, Limit: 3}
	for {
		page, err := s.Lots(ctx, k, q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(page) < q.Limit {
			return out
		}
		q.After = page[len(page)-1]
	}
}

func propLedgerMachine(t *rapid.T) {
	store := memstore.New()
	prog, err := loyalty.NewProgram(smSpec())
	if err != nil {
		t.Fatal(err)
	}
	l, err := loyalty.NewLedger(prog, store)
	if err != nil {
		t.Fatal(err)
	}
	sm := &machine{l: l, store: store, now: t0, members: []string{"a", "b"}, model: map[string]mMember{}}
	for _, m := range sm.members {
		sm.model[m] = mMember{recs: map[string]mRec{}}
	}
	t.Repeat(map[string]func(*rapid.T){
		"accrue":      sm.accrue,
		"redeem":      func(t *rapid.T) { sm.spendAction(t, false) },
		"convert-out": func(t *rapid.T) { sm.spendAction(t, true) },
		"convert-in":  sm.convertIn,
		"refund":      sm.refund,
		"activate": func(t *rapid.T) { // the lock period passes
			sm.now = sm.now.Add(smLock)
			sm.settleAction(t)
		},
		"expire": func(t *rapid.T) { // sometimes the lifetime passes
			if rapid.Bool().Draw(t, "lifetime") {
				sm.now = sm.now.Add(smLifetime)
			}
			sm.settleAction(t)
		},
		"replay":   sm.replayAction,
		"conflict": sm.conflictAction,
		"advance":  sm.advance,
		"":         sm.check,
	})
}

func TestLedgerMachine(t *testing.T) { rapid.Check(t, propLedgerMachine) }

func FuzzLedgerMachine(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propLedgerMachine)) }
