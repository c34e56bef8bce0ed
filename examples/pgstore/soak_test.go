package pgstore

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

const (
	soakWorkers  = 8   // goroutines
	soakOps      = 150 // steps each
	soakMembers  = 6   // few, so that the goroutines collide
	soakPartners = 3   // the partners the members (SIMs) are attributed to
	soakShared   = 20  // operations of each shared kind any goroutine may submit, under the same ID

	soakShop = "soak-shop"     // partner p0's program, with its discounts
	soakPlan = "soak-partners" // the partners' remuneration plan
)

var soakBase = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

func eurCents(n int64) pricing.Money { return pricing.FromMinor(n, pricing.EUR) }

// soakProgram earns 1 EUR plus 2 % per purchase, pending for an hour and
// spendable for six, has two promo codes, one limited in total, and
// converts traffic both ways: 0.4 cent per MB into bonus, 150 MB per EUR
// out of it.
func soakProgram(t *testing.T) *loyalty.Program {
	p, err := loyalty.NewProgram(loyalty.Spec{ID: "soak", Currency: pricing.EUR, LockPeriod: time.Hour, Lifetime: 6 * time.Hour,
		Rules: []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: eurCents(100)},
			{ID: "pct", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(2)}},
		Promos: []loyalty.Promo{{Code: "WELCOME", TotalLimit: 12, PerMember: 2, Grant: eurCents(500)},
			{Code: "FREE", PerMember: 3, Grant: eurCents(50)}},
		Conversions: []loyalty.Conversion{{Unit: "MB", ToBonus: decimal.New(4, -3), FromBonus: decimal.NewFromInt(150), Traffic: true}}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// shopProgram is partner p0's: its own SIMs and holders of its gold card
// earn 0.50 EUR per purchase, 1.20 more on a repeat purchase through it
// within three hours, and get 10 % off (at most 5 EUR) in its shop, three
// times each and 15 times in all, or 3 EUR off in its cafe on a repeat
// purchase; the first three to ask get 1 EUR off at its opening (RUSH).
// No two discounts apply to the same purchase, so which one a redemption
// gets does not depend on another's limits.
func shopProgram(t *testing.T) *loyalty.Program {
	p, err := loyalty.NewProgram(loyalty.Spec{ID: soakShop, Partner: "p0", Currency: pricing.EUR, LockPeriod: 30 * time.Minute,
		Rules: []loyalty.Rule{{ID: "buy", Kind: loyalty.FixedBonus, Amount: eurCents(50)},
			{ID: "repeat", Kind: loyalty.FixedBonus, Amount: eurCents(120),
				When: loyalty.Condition{History: loyalty.History{From: 2, SamePartner: true, Within: 3 * time.Hour}}}},
		Enrol: []loyalty.Enrolment{{ID: "gold", Fact: "card", Values: []string{"gold"}}},
		Discounts: []loyalty.Discount{
			{ID: "D10", Percent: decimal.NewFromInt(10), Max: eurCents(500), When: loyalty.Condition{Categories: []string{"shop"}},
				PerMember: 3, TotalLimit: 15},
			{ID: "DREPEAT", Amount: eurCents(300), When: loyalty.Condition{Categories: []string{"cafe"}, History: loyalty.History{From: 2}}},
			{ID: "RUSH", Amount: eurCents(100), When: loyalty.Condition{Categories: []string{"rush"}}, TotalLimit: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// soakRemuneration pays a partner 5 EUR per SIM and 12.5 % of its SIMs'
// traffic revenue, rounded half to even, payable after an hour.
func soakRemuneration(t *testing.T) *loyalty.RemunerationPlan {
	p, err := loyalty.NewRemunerationPlan(loyalty.RemunerationSpec{ID: soakPlan, Currency: pricing.EUR, Rounding: pricing.HalfEven,
		SIMReward: eurCents(500), TrafficShare: decimal.RequireFromString("12.5"), LockPeriod: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// soakLedgers are the soak's ledgers over one store: the database's, or
// the model's.
type soakLedgers struct {
	store      loyalty.Store
	traffic    loyalty.TrafficStore
	soak, shop *loyalty.Ledger
	partners   *loyalty.PartnerLedger
	plan       *loyalty.RemunerationPlan
}

func newSoakLedgers(t *testing.T, s interface {
	loyalty.Store
	loyalty.TrafficStore
}) *soakLedgers {
	ls := &soakLedgers{store: s, traffic: s, plan: soakRemuneration(t)}
	var err1, err2, err3 error
	ls.soak, err1 = loyalty.NewLedger(soakProgram(t), s)
	ls.shop, err2 = loyalty.NewLedger(shopProgram(t), s)
	ls.partners, err3 = loyalty.NewPartnerLedger(ls.plan, s)
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return ls
}

// soakTraffic is the traffic member m holds at the start: none for m0.
func soakTraffic(m int) decimal.Decimal { return decimal.NewFromInt(int64(m) * 2000) }

// soakKeys are every ledger of the soak: each member's in the two
// programs, each partner's account.
func soakKeys() []loyalty.Key {
	var ks []loyalty.Key
	for _, program := range []string{"soak", soakShop} {
		for m := range soakMembers {
			ks = append(ks, loyalty.Key{Program: program, Member: fmt.Sprint("m", m)})
		}
	}
	for p := range soakPartners {
		ks = append(ks, loyalty.Key{Program: soakPlan, Member: fmt.Sprint("p", p)})
	}
	return ks
}

// TestSoak runs soakWorkers goroutines of soakOps random steps each on
// few members and partners, over one store: a member's accruals
// (several goroutines submitting some under one ID), replays, partial
// refunds, redemptions, promo codes and conversions of traffic both ways;
// partners' SIM rewards and traffic shares (some submitted by several
// goroutines under one source ID), rewards claimed by a partner the SIM
// does not belong to, proportional reversals and payouts; a partner
// shop's discount checks by SIM ID, redemptions (some under one ID,
// discounts limited per member and in total) and the purchases after
// them. The goroutines first attribute the members to partners, all at
// once, then all rush for a discount limited to fewer than them.
//
// Then it checks the store against a sequential model: every operation
// that committed, ledger by ledger in the order the store committed them
// (each transaction record keeps the version that created it), is run
// again on ledgers over memstore, and must return the same result; then
// every ledger's head (balances, counters), entries and open lots, every
// member's traffic, purchases, promo and discount uses and discount offer,
// and every code's count must be the model's. Nothing lost, nothing
// doubled, nothing invented.
func TestSoak(t *testing.T) {
	db := needDB(t)
	s := emptyStore(t, db)
	model := memstore.New()
	for m := range soakMembers {
		if q := soakTraffic(m); q.Sign() > 0 {
			member := fmt.Sprint("m", m)
			if _, err := db.Exec(ctx, `INSERT INTO loyalty_traffic (account, unit, quantity) VALUES ($1, 'MB', $2::numeric)`,
				member, q.String()); err != nil {
				t.Fatal(err)
			}
			if _, err := model.AddTraffic(member, "MB", q); err != nil {
				t.Fatal(err)
			}
		}
	}
	ls := newSoakLedgers(t, s)
	start := time.Now()
	workers := make([]*soakWorker, soakWorkers)
	var wg, ready sync.WaitGroup
	ready.Add(soakWorkers)
	for w := range soakWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			workers[w] = runSoakWorker(t, ls, w, &ready)
		}()
	}
	wg.Wait()
	ops := 0
	for _, sw := range workers {
		ops += len(sw.ops)
	}
	t.Logf("%s: %d operations in %d steps by %d goroutines in %v", engine, ops, soakWorkers*soakOps, soakWorkers,
		time.Since(start).Round(time.Millisecond))

	byTx := checkSoakOps(t, workers)

	// Each member belongs to one partner, the one every goroutine was told.
	for m := range soakMembers {
		sim := fmt.Sprint("m", m)
		owner, err := s.Partner(ctx, sim)
		if err != nil || owner == "" {
			t.Fatalf("partner of %s: %q, %v", sim, owner, err)
		}
		for _, sw := range workers {
			if sw.owner[sim] != owner {
				t.Errorf("%s: goroutine %d was told it belongs to %s, the store says %s", sim, sw.w, sw.owner[sim], owner)
			}
		}
		if _, err := model.AttributeToPartner(ctx, sim, owner); err != nil {
			t.Fatal(err)
		}
	}

	mls := newSoakLedgers(t, model)
	committed := 0
	for _, k := range soakKeys() {
		rows, _ := db.Query(ctx, `SELECT id FROM loyalty_records WHERE program = $1 AND member = $2 ORDER BY created_version`,
			k.Program, k.Member)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			o, ok := byTx[k.Program+"/"+k.Member+"/"+id]
			if !ok {
				t.Errorf("%s/%s: the store recorded transaction %s, which no operation committed", k.Program, k.Member, id)
				continue
			}
			committed++
			if res, err := o.do(mls, o.at); err != nil || res != o.res {
				t.Errorf("%s %s: the model returns %s, %v; the store returned %s", o.kind, o.id(), res, err, o.res)
			}
		}
		compareLedger(t, s, model, k)
	}
	if committed != len(byTx) {
		t.Errorf("%d transactions succeeded, the store recorded %d of them", len(byTx), committed)
	}
	compareMembers(t, ls, mls)
}

// checkSoakOps requires every operation to have succeeded or met a
// refusal it may meet, every submission of one transaction to have
// returned the first result, and every discount redeemed to be the one
// the check before offered; it logs what ran and returns the first
// successful submission of each transaction by soakOp.id.
func checkSoakOps(t *testing.T, workers []*soakWorker) map[string]*soakOp {
	t.Helper()
	byTx := map[string]*soakOp{}
	kinds, refused := map[string]int{}, map[string]int{}
	for _, sw := range workers {
		for _, o := range sw.ops {
			kinds[o.kind]++
			if err := o.problem(); err != nil {
				t.Errorf("%s %s: %v", o.kind, o.id(), err)
			}
			if o.err != nil {
				refused[o.kind+": "+reason(o.err)]++
				continue
			}
			if o.offered != "" && o.res != o.offered {
				t.Errorf("%s %s: redeemed %s, the check before offered %s", o.kind, o.id(), o.res, o.offered)
			}
			if first, ok := byTx[o.id()]; ok {
				if first.res != o.res {
					t.Errorf("%s %s returned %s, the first submission %s", o.kind, o.id(), o.res, first.res)
				}
				continue
			}
			byTx[o.id()] = o
		}
	}
	t.Logf("operations: %v", kinds)
	t.Logf("refused: %v", refused)
	return byTx
}

// compareLedger requires the store's head, entries and open lots of k to
// be the model's.
func compareLedger(t *testing.T, s, model loyalty.Store, k loyalty.Key) {
	t.Helper()
	st, _, err1 := s.Load(ctx, k)
	mst, _, err2 := model.Load(ctx, k)
	es, err3 := s.Entries(ctx, k, 0, int(st.Entries)+1)
	mes, err4 := model.Entries(ctx, k, 0, int(mst.Entries)+1)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		t.Fatal(err)
	}
	name := k.Program + "/" + k.Member
	if got, want := describeHead(st), describeHead(mst); got != want {
		t.Errorf("%s: head %s\nthe model's %s", name, got, want)
	}
	if got, want := describeEntries(es), describeEntries(mes); got != want {
		i := 0 // the first entry that differs
		for i < min(len(es), len(mes)) && describeEntries(es[i:i+1]) == describeEntries(mes[i:i+1]) {
			i++
		}
		t.Errorf("%s: %d entries, the model %d; from position %d:%s\nthe model's:%s", name, len(es), len(mes), i,
			describeEntries(es[i:min(i+5, len(es))]), describeEntries(mes[i:min(i+5, len(mes))]))
	}
	if got, want := describeLots(allLots(t, s, k)), describeLots(allLots(t, model, k)); got != want {
		t.Errorf("%s: open lots%s\nthe model's:%s", name, got, want)
	}
}

// compareMembers requires every member's traffic, purchases, promo and
// discount uses and the discounts the shop offers it, and every code's
// count, to be the model's.
func compareMembers(t *testing.T, ls, mls *soakLedgers) {
	t.Helper()
	codes := map[string][]string{"soak": {"WELCOME", "FREE"}, soakShop: {"D10", "DREPEAT", "RUSH"}}
	end := soakBase.Add(soakOps * 5 * time.Minute)
	for m := range soakMembers {
		member := fmt.Sprint("m", m)
		q, err1 := ls.traffic.Traffic(ctx, member, "MB")
		mq, err2 := mls.traffic.Traffic(ctx, member, "MB")
		if err := errors.Join(err1, err2); err != nil || !q.Equal(mq) {
			t.Errorf("%s: traffic %s MB, the model's %s (%v)", member, q, mq, err)
		}
		for program, cs := range codes {
			k := loyalty.Key{Program: program, Member: member}
			for _, code := range cs {
				n, err1 := ls.store.PromoUses(ctx, k, code)
				mn, err2 := mls.store.PromoUses(ctx, k, code)
				if err := errors.Join(err1, err2); err != nil || n != mn {
					t.Errorf("%s: %s used %d times, in the model %d (%v)", member, code, n, mn, err)
				}
			}
			for _, pq := range []loyalty.PurchaseQuery{{}, {ByPartner: true, Partner: "p0", After: end.Add(-3 * time.Hour)},
				{ByCategory: true, Category: "cafe"}} {
				n, mn := countPurchases(t, ls.store, k, pq), countPurchases(t, mls.store, k, pq)
				if n != mn {
					t.Errorf("%s/%s: %d purchases match %+v, in the model %d", program, member, n, pq, mn)
				}
			}
		}
		for _, cat := range []string{"shop", "cafe"} {
			p := loyalty.Transaction{Member: member, Amount: eurCents(2000), Partner: "p0", Category: cat,
				MemberFacts: map[string]string{"card": "gold"}}
			o, err1 := ls.shop.Discount(ctx, p, end)
			mo, err2 := mls.shop.Discount(ctx, p, end)
			if err := errors.Join(err1, err2); err != nil || describeOffer(o) != describeOffer(mo) {
				t.Errorf("%s: offered %s in the %s, the model %s (%v)", member, describeOffer(o), cat, describeOffer(mo), err)
			}
		}
	}
	for program, cs := range codes {
		for _, code := range cs {
			got, err1 := ls.store.PromoCount(ctx, program, code)
			want, err2 := mls.store.PromoCount(ctx, program, code)
			if err := errors.Join(err1, err2); err != nil || got != want {
				t.Errorf("%s %s: counted %d, the model %d (%v)", program, code, got, want, err)
			}
			t.Logf("%s %s: redeemed %d times", program, code, got)
		}
	}
}

// countPurchases returns how many of k's purchases q matches, at the
// version loaded.
func countPurchases(t *testing.T, s loyalty.Store, k loyalty.Key, q loyalty.PurchaseQuery) int64 {
	t.Helper()
	st, _, err := s.Load(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	q.Version = st.Version
	n, err := s.CountPurchases(ctx, k, q)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// allLots returns k's open lots by ID.
func allLots(t *testing.T, s loyalty.Store, k loyalty.Key) []loyalty.Lot {
	t.Helper()
	st, _, err := s.Load(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := s.Lots(ctx, k, loyalty.LotQuery{Version: st.Version, Order: loyalty.ByID, Limit: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func minorOf(m pricing.Money) int64 {
	v, _ := m.MinorUnits()
	return v
}

func describeResult(r loyalty.Result) string {
	return fmt.Sprintf("%s %d bonus=%s shortfall=%s units=%s rule=%s", r.Tx, r.Op, r.Bonus, r.Shortfall, r.Units, r.Rule)
}

func describeHead(st loyalty.State) string {
	return fmt.Sprintf("version=%d next_lot=%d entries=%d purchases=%d period=%s accrued=%s available=%s pending=%s next_event=%s",
		st.Version, st.NextLot, st.Entries, st.Purchases, st.PeriodStart.UTC().Format(time.RFC3339Nano), st.PeriodAccrued,
		st.Available, st.Pending, st.NextEvent.UTC().Format(time.RFC3339Nano))
}

func describeEntries(es []loyalty.Entry) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "\n\t%s %s lot=%d rule=%s available=%s pending=%s at=%s", e.Kind, e.Tx, e.Lot, e.Rule,
			e.Available, e.Pending, e.At.UTC().Format(time.RFC3339Nano))
	}
	return b.String()
}

func describeLots(ls []loyalty.Lot) string {
	var b strings.Builder
	for _, l := range ls {
		fmt.Fprintf(&b, "\n\t%d %s %s amount=%s remaining=%s pending=%v available=%s expires=%s", l.ID, l.Tx, l.Rule,
			l.Amount, l.Remaining, l.Pending, l.AvailableAt.UTC().Format(time.RFC3339Nano), l.ExpiresAt.UTC().Format(time.RFC3339Nano))
	}
	return b.String()
}
