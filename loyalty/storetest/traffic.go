package storetest

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
)

// trafficStore returns s as a TrafficStore, skipping t if it is not one.
func trafficStore(t *testing.T, s loyalty.Store) loyalty.TrafficStore {
	t.Helper()
	ts, ok := s.(loyalty.TrafficStore)
	if !ok {
		t.Skip("the store is not a loyalty.TrafficStore")
	}
	return ts
}

func mb(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func move(account, q string) loyalty.TrafficChange {
	return loyalty.TrafficChange{Account: account, Unit: "MB", Quantity: mb(q), Program: "p", Tx: "move-" + q, At: base}
}

// traffic returns what the account holds of MB.
func traffic(t *testing.T, ts loyalty.TrafficStore, account string) string {
	t.Helper()
	q, err := ts.Traffic(ctx, account, "MB")
	if err != nil {
		t.Fatal(err)
	}
	return q.String()
}

// ledgerSnapshot is everything a commit may change on one member.
func ledgerSnapshot(t *testing.T, s loyalty.Store, k loyalty.Key) string {
	t.Helper()
	st, recs := load(t, s, k, "add", "refused")
	es, err := s.Entries(ctx, k, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.CountPurchases(ctx, k, loyalty.PurchaseQuery{Version: st.Version})
	if err != nil {
		t.Fatal(err)
	}
	uses, err := s.PromoUses(ctx, k, "C")
	if err != nil {
		t.Fatal(err)
	}
	count, err := s.PromoCount(ctx, "p", "C")
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("version %d, head %+v, %d records, %d entries, lots %s, %d purchases, promo %d/%d",
		st.Version, st.Head, len(recs), len(es), remaining(open(t, s, k)), n, uses, count)
}

// testTraffic checks that CommitTraffic applies a commit and a traffic
// change together or neither: a failure of the ledger side (a stale
// version, lots against the port's rules, a promo limit) leaves the
// traffic as it was, and a failure of the traffic side (taking more than
// the account holds, a malformed change) leaves the ledger as it was.
func testTraffic(t *testing.T, s loyalty.Store) {
	ts := trafficStore(t, s)
	k := key("m")
	if got := traffic(t, ts, "m"); got != "0" {
		t.Fatalf("Traffic(unknown account) = %s, want 0", got)
	}
	if err := ts.CommitTraffic(ctx, loyalty.Commit{Key: k, Version: 0, Append: []loyalty.Entry{entry("t0", 0)}}, move("m", "1000")); err != nil {
		t.Fatalf("CommitTraffic adding 1000 MB: %v", err)
	}
	if got := traffic(t, ts, "m"); got != "1000" {
		t.Fatalf("after adding 1000 MB: %s", got)
	}
	// Fill the promo code's total, from another member.
	commit(t, s, loyalty.Commit{Key: key("other"), Version: 0, Promo: &loyalty.PromoClaim{Program: "p", Code: "FULL", Limit: 1}})
	before := ledgerSnapshot(t, s, k)

	full := func(c loyalty.Commit) loyalty.Commit { // a commit that writes every part
		c.Key = k
		c.Head = loyalty.Head{NextLot: 1, Entries: 2, Purchases: 1, Available: cents(300)}
		c.AddLots = []loyalty.Lot{lot(1, 300)}
		c.Append = []loyalty.Entry{entry("refused", 300)}
		c.Records = []loyalty.TxRecord{{ID: "refused", Op: loyalty.OpConvertIn}}
		c.Purchase = &loyalty.Purchase{Tx: "refused", At: base}
		if c.Promo == nil {
			c.Promo = &loyalty.PromoClaim{Program: "p", Code: "C", PerMember: 5}
		}
		return c
	}
	for _, tc := range []struct {
		name    string
		c       loyalty.Commit
		t       loyalty.TrafficChange
		wantErr error
	}{
		{"traffic side fails: more than the account holds", full(loyalty.Commit{Version: 1}), move("m", "-1000.5"), loyalty.ErrInsufficientTraffic},
		{"traffic side fails: a zero quantity", full(loyalty.Commit{Version: 1}), move("m", "0"), loyalty.ErrInvalidRequest},
		{"traffic side fails: no account", full(loyalty.Commit{Version: 1}), move("", "5"), loyalty.ErrInvalidRequest},
		{"ledger side fails: a stale version", full(loyalty.Commit{Version: 0}), move("m", "-5"), loyalty.ErrVersionConflict},
		{"ledger side fails: an update of a lot that is not open", full(loyalty.Commit{Version: 1, UpdateLots: []loyalty.Lot{lot(7, 1)}}),
			move("m", "-5"), loyalty.ErrInvalidRequest},
		{"ledger side fails: the promo code's total is reached", full(loyalty.Commit{Version: 1,
			Promo: &loyalty.PromoClaim{Program: "p", Code: "FULL", Limit: 1}}), move("m", "-5"), loyalty.ErrPromoExhausted},
	} {
		err := ts.CommitTraffic(ctx, tc.c, tc.t)
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.wantErr)
		}
		if got := traffic(t, ts, "m"); got != "1000" {
			t.Errorf("%s: traffic %s, want 1000 (unchanged)", tc.name, got)
		}
		if got := ledgerSnapshot(t, s, k); got != before {
			t.Errorf("%s: the ledger changed:\n%s\nwant\n%s", tc.name, got, before)
		}
	}
	// Both sides succeed: the lot is added and the traffic taken, exactly.
	c := full(loyalty.Commit{Version: 1})
	if err := ts.CommitTraffic(ctx, c, move("m", "-999.75")); err != nil {
		t.Fatalf("CommitTraffic taking 999.75 of 1000 MB: %v", err)
	}
	if got := traffic(t, ts, "m"); got != "0.25" {
		t.Errorf("traffic %s, want 0.25", got)
	}
	if st, _ := load(t, s, k); st.Version != 2 || remaining(open(t, s, k)) != "[1:3.00 EUR]" {
		t.Errorf("after the conversion: version %d, lots %s; want 2 and [1:3.00 EUR]", st.Version, remaining(open(t, s, k)))
	}
	// Accounts and units are independent.
	if q, err := ts.Traffic(ctx, "m", "GEMS"); err != nil || !q.IsZero() {
		t.Errorf("Traffic(m, GEMS) = %s, %v; want 0", q, err)
	}
	if got := traffic(t, ts, "other"); got != "0" {
		t.Errorf("Traffic(other) = %s, want 0", got)
	}
}

// testConcurrentTraffic takes traffic from one account in many
// goroutines, each retrying on version conflicts: exactly as many
// removals succeed as the traffic covers, each with its commit, and the
// traffic ends at zero, never below.
func testConcurrentTraffic(t *testing.T, s loyalty.Store) {
	ts := trafficStore(t, s)
	const workers, each, step, start = 8, 6, 10, 250
	k := key("hot")
	if err := ts.CommitTraffic(ctx, loyalty.Commit{Key: k}, move("hot", fmt.Sprint(start))); err != nil {
		t.Fatal(err)
	}
	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; {
				st, _, err := s.Load(ctx, k)
				if err != nil {
					t.Error(err)
					return
				}
				h := st.Head
				h.Entries++
				c := loyalty.Commit{Key: k, Version: st.Version, Head: h, Append: []loyalty.Entry{entry(fmt.Sprintf("w%d-%d", w, i), 0)}}
				err = ts.CommitTraffic(ctx, c, move("hot", fmt.Sprint(-step)))
				switch {
				case err == nil:
					ok.Add(1)
					i++
				case errors.Is(err, loyalty.ErrInsufficientTraffic):
					refused.Add(1)
					i++
				case !errors.Is(err, loyalty.ErrVersionConflict):
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	st, _ := load(t, s, k)
	es, _ := s.Entries(ctx, k, 0, 1000)
	if ok.Load() != start/step || refused.Load() != workers*each-start/step || traffic(t, ts, "hot") != "0" ||
		st.Version != uint64(1+start/step) || len(es) != start/step {
		t.Errorf("%d removals of %d MB from %d MB: %d succeeded, %d refused, traffic %s, version %d, %d entries",
			workers*each, step, start, ok.Load(), refused.Load(), traffic(t, ts, "hot"), st.Version, len(es))
	}
}

// testLedgerTraffic runs a Ledger whose program converts traffic over the
// store: bonus into traffic adds it, traffic into bonus removes it, a
// conversion beyond the traffic held changes nothing, and a replay moves
// nothing again.
func testLedgerTraffic(t *testing.T, s loyalty.Store) {
	ts := trafficStore(t, s)
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "p", Currency: eur,
		Rules:       []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: cents(1000)}},
		Conversions: []loyalty.Conversion{{Unit: "MB", ToBonus: mb("0.01"), FromBonus: mb("100"), Traffic: true}}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := loyalty.NewLedger(prog, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Accrue(ctx, loyalty.Transaction{ID: "a", Member: "m", Amount: cents(5000)}, base); err != nil {
		t.Fatal(err)
	}
	if res, err := l.ConvertOut(ctx, loyalty.ConvertOut{ID: "out", Member: "m", Unit: "MB", Bonus: cents(500)}, base); err != nil || res.Units.String() != "500" {
		t.Fatalf("ConvertOut 5 EUR = %+v, %v; want 500 MB", res, err)
	}
	in := loyalty.ConvertIn{ID: "in", Member: "m", Unit: "MB", Quantity: mb("300")}
	for range 2 { // the second is a replay
		if res, err := l.ConvertIn(ctx, in, base); err != nil || !res.Bonus.Equal(cents(300)) {
			t.Fatalf("ConvertIn 300 MB = %+v, %v; want 3 EUR", res, err)
		}
	}
	b, _ := l.Balance(ctx, "m")
	if got := traffic(t, ts, "m"); got != "200" || !b.Available.Equal(cents(800)) {
		t.Errorf("after converting 5 EUR out and 300 MB in: traffic %s MB, bonus %s; want 200 MB, 8.00 EUR", got, b.Available)
	}
	before := ledgerSnapshot(t, s, loyalty.Key{Program: "p", Member: "m"})
	_, err = l.ConvertIn(ctx, loyalty.ConvertIn{ID: "too-much", Member: "m", Unit: "MB", Quantity: mb("201")}, base)
	var te *loyalty.TrafficError
	if !errors.As(err, &te) || te.Held.String() != "200" {
		t.Fatalf("ConvertIn of 201 MB with 200 held: error %v, want a *TrafficError holding 200", err)
	}
	if got := ledgerSnapshot(t, s, loyalty.Key{Program: "p", Member: "m"}); got != before || traffic(t, ts, "m") != "200" {
		t.Errorf("a refused conversion changed the store:\n%s\nwant\n%s", got, before)
	}
}
