package pgstore

import (
	"errors"
	"fmt"
	"math/rand/v2"
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
	soakWorkers = 8   // goroutines
	soakOps     = 150 // operations each
	soakMembers = 6   // few, so that the goroutines collide
	soakShared  = 20  // accruals any goroutine may submit, under the same ID
)

var soakBase = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

func eurCents(n int64) pricing.Money { return pricing.FromMinor(n, pricing.EUR) }

// soakProgram earns 1 EUR plus 2 % per purchase, pending for an hour and
// spendable for six, and has two promo codes: one limited in total.
func soakProgram(t *testing.T) *loyalty.Program {
	p, err := loyalty.NewProgram(loyalty.Spec{ID: "soak", Currency: pricing.EUR, LockPeriod: time.Hour, Lifetime: 6 * time.Hour,
		Rules: []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: eurCents(100)},
			{ID: "pct", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(2)}},
		Promos: []loyalty.Promo{{Code: "WELCOME", TotalLimit: 12, PerMember: 2, Grant: eurCents(500)},
			{Code: "FREE", PerMember: 3, Grant: eurCents(50)}}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// soakOp is one ledger operation of the soak, with what it returned.
type soakOp struct {
	kind   string // accrue, shared, replay, refund, redeem, promo
	tx     string
	member string
	at     time.Time
	accrue loyalty.Transaction
	refund loyalty.Refund
	redeem loyalty.Redemption
	promo  loyalty.PromoRedemption
	res    loyalty.Result
	err    error
}

func (o *soakOp) run(l *loyalty.Ledger) (loyalty.Result, error) {
	switch {
	case o.accrue.ID != "":
		return l.Accrue(ctx, o.accrue, o.at)
	case o.refund.ID != "":
		return l.Refund(ctx, o.refund, o.at)
	case o.redeem.ID != "":
		return l.Redeem(ctx, o.redeem, o.at)
	}
	return l.RedeemPromo(ctx, o.promo, o.at)
}

// expected reports whether err is a refusal the operation may meet.
func (o *soakOp) expected(err error) bool {
	switch o.kind {
	case "redeem":
		return errors.Is(err, loyalty.ErrInsufficientBalance)
	case "promo":
		return errors.Is(err, loyalty.ErrPromoMemberLimit) || errors.Is(err, loyalty.ErrPromoExhausted)
	}
	return false
}

func sharedAccrual(j int) loyalty.Transaction {
	return loyalty.Transaction{ID: fmt.Sprint("s", j), Member: fmt.Sprint("m", j%soakMembers), Amount: eurCents(int64(1000 + 37*j))}
}

// soakWorker runs soakOps random operations and returns them.
func soakWorker(l *loyalty.Ledger, w int) []*soakOp {
	rng := rand.New(rand.NewPCG(uint64(w), 19))
	var ops []*soakOp
	type accrued struct {
		tx       loyalty.Transaction
		refunded int64
	}
	var mine []*accrued // this worker's accruals, for refunds
	var done []*soakOp  // this worker's successful operations, for replays
	refunds := 0
	for i := range soakOps {
		o := &soakOp{at: soakBase.Add(time.Duration(i)*5*time.Minute + time.Duration(w)*time.Second),
			member: fmt.Sprint("m", rng.IntN(soakMembers)), tx: fmt.Sprintf("w%d-%d", w, i)}
		switch r := rng.IntN(100); {
		case r < 30:
			o.kind, o.accrue = "accrue", loyalty.Transaction{ID: o.tx, Member: o.member, Amount: eurCents(rng.Int64N(50000) + 1)}
		case r < 40:
			o.kind, o.accrue = "shared", sharedAccrual(rng.IntN(soakShared))
			o.tx, o.member = o.accrue.ID, o.accrue.Member
		case r < 50 && len(done) > 0:
			first := done[rng.IntN(len(done))]
			*o = *first
			o.kind, o.at, o.err = "replay", o.at.Add(time.Hour), nil
		case r < 65 && len(mine) > 0:
			a := mine[rng.IntN(len(mine))]
			left := minorOf(a.tx.Amount) - a.refunded
			if left == 0 {
				o.kind, o.redeem = "redeem", loyalty.Redemption{ID: o.tx, Member: o.member, Amount: eurCents(1)}
				break
			}
			part := rng.Int64N(left) + 1
			a.refunded += part
			refunds++
			o.kind, o.member = "refund", a.tx.Member
			o.refund = loyalty.Refund{ID: o.tx, Member: o.member, Original: a.tx.ID, Amount: eurCents(part)}
		case r < 90:
			o.kind, o.redeem = "redeem", loyalty.Redemption{ID: o.tx, Member: o.member, Amount: eurCents(rng.Int64N(400) + 1)}
		default:
			o.kind = "promo"
			o.promo = loyalty.PromoRedemption{ID: o.tx, Member: o.member, Code: []string{"WELCOME", "FREE"}[rng.IntN(2)]}
		}
		o.res, o.err = o.run(l)
		ops = append(ops, o)
		if o.err != nil {
			continue
		}
		if o.kind == "accrue" {
			mine = append(mine, &accrued{tx: o.accrue})
		}
		if o.kind != "replay" {
			done = append(done, o)
		}
	}
	return ops
}

func minorOf(m pricing.Money) int64 {
	v, _ := m.MinorUnits()
	return v
}

func describeResult(r loyalty.Result) string {
	return fmt.Sprintf("%s %d bonus=%s shortfall=%s units=%s", r.Tx, r.Op, r.Bonus, r.Shortfall, r.Units)
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

// TestSoak runs soakWorkers goroutines of soakOps operations each
// (accruals, accruals several goroutines submit under one ID, replays,
// partial refunds, redemptions, promo codes) on few members, then checks
// the store against a sequential model: every operation that committed,
// member by member in the order the store committed them (each
// transaction record keeps the version that created it), is run again on
// a Ledger over memstore, and must return the same result; then every
// member's entries, open lots and balances and every code's promo count
// must be the model's. Nothing lost, nothing doubled, nothing invented.
func TestSoak(t *testing.T) {
	db := needDB(t)
	s := emptyStore(t, db)
	prog := soakProgram(t)
	l, err := loyalty.NewLedger(prog, s)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	results := make([][]*soakOp, soakWorkers)
	var wg sync.WaitGroup
	for w := range soakWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[w] = soakWorker(l, w)
		}()
	}
	wg.Wait()
	t.Logf("%s: %d operations by %d goroutines in %v", engine, soakWorkers*soakOps, soakWorkers, time.Since(start).Round(time.Millisecond))

	// Every operation succeeded or met a refusal it may meet; submissions
	// of one transaction all returned the first result.
	byTx := map[string]*soakOp{}
	kinds := map[string]int{}
	for _, ops := range results {
		for _, o := range ops {
			kinds[o.kind]++
			if o.err != nil {
				if !o.expected(o.err) {
					t.Errorf("%s %s: %v", o.kind, o.tx, o.err)
				}
				continue
			}
			if first, ok := byTx[o.tx]; ok {
				if describeResult(first.res) != describeResult(o.res) {
					t.Errorf("%s %s returned %s, the first submission %s", o.kind, o.tx, describeResult(o.res), describeResult(first.res))
				}
				continue
			}
			byTx[o.tx] = o
		}
	}
	t.Logf("operations: %v", kinds)

	model := memstore.New()
	ml, err := loyalty.NewLedger(prog, model)
	if err != nil {
		t.Fatal(err)
	}
	committed := 0
	for m := range soakMembers {
		member := fmt.Sprint("m", m)
		rows, _ := db.Query(ctx, `SELECT id FROM loyalty_records WHERE program = 'soak' AND member = $1 ORDER BY created_version`, member)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		// A shared accrual was committed by one of its submissions, at
		// that one's instant, which its entries carry.
		es, err := l.Statement(ctx, member)
		if err != nil {
			t.Fatal(err)
		}
		at := map[string]time.Time{}
		for _, e := range es {
			if _, ok := at[e.Tx]; !ok && e.Kind == loyalty.EntryAccrue {
				at[e.Tx] = e.At
			}
		}
		for _, id := range ids {
			o, ok := byTx[id]
			if !ok {
				t.Errorf("%s: the store recorded transaction %s, which no operation committed", member, id)
				continue
			}
			committed++
			if o.kind == "shared" {
				shared := *o
				shared.at = at[id]
				o = &shared
			}
			res, err := o.run(ml)
			if err != nil || describeResult(res) != describeResult(o.res) {
				t.Errorf("%s %s: the model returns %s, %v; the store returned %s", o.kind, id, describeResult(res), err, describeResult(o.res))
			}
		}
		compareMember(t, l, ml, s, model, member)
	}
	if committed != len(byTx) {
		t.Errorf("%d transactions succeeded, the store recorded %d of them", len(byTx), committed)
	}
	for _, code := range []string{"WELCOME", "FREE"} {
		got, err1 := s.PromoCount(ctx, "soak", code)
		want, err2 := model.PromoCount(ctx, "soak", code)
		if err := errors.Join(err1, err2); err != nil || got != want {
			t.Errorf("promo %s: counted %d, the model %d (%v)", code, got, want, err)
		}
	}
}

// compareMember requires the store's entries, open lots and balance of
// member to be the model's.
func compareMember(t *testing.T, l, ml *loyalty.Ledger, s, model loyalty.Store, member string) {
	t.Helper()
	es, err1 := l.Statement(ctx, member)
	mes, err2 := ml.Statement(ctx, member)
	b, err3 := l.Balance(ctx, member)
	mb, err4 := ml.Balance(ctx, member)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		t.Fatal(err)
	}
	if got, want := describeEntries(es), describeEntries(mes); got != want {
		i := 0 // the first entry that differs
		for i < min(len(es), len(mes)) && describeEntries(es[i:i+1]) == describeEntries(mes[i:i+1]) {
			i++
		}
		t.Errorf("%s: %d entries, the model %d; from position %d:%s\nthe model's:%s", member, len(es), len(mes), i,
			describeEntries(es[i:min(i+5, len(es))]), describeEntries(mes[i:min(i+5, len(mes))]))
	}
	if !b.Available.Equal(mb.Available) || !b.Pending.Equal(mb.Pending) {
		t.Errorf("%s: balance %s + %s pending, the model's %s + %s", member, b.Available, b.Pending, mb.Available, mb.Pending)
	}
	k := loyalty.Key{Program: "soak", Member: member}
	if got, want := describeLots(allLots(t, s, k)), describeLots(allLots(t, model, k)); got != want {
		t.Errorf("%s: open lots%s\nthe model's:%s", member, got, want)
	}
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
