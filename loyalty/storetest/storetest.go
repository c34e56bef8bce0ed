// Package storetest is a conformance suite for implementations of
// loyalty.Store, in the spirit of testing/fstest: a host that keeps
// loyalty ledgers in its own database runs TestStore from its tests and
// learns whether its store keeps the promises the loyalty.Ledger relies on.
//
//	func TestMyStore(t *testing.T) {
//		storetest.TestStore(t, func() loyalty.Store { return mystore.New(testDB(t)) })
//	}
//
// The suite checks: a ledger never written loads as the zero State; a
// state loaded without lots is the same but for the lots; a
// commit bumps the version by one and a commit with a stale version fails
// with loyalty.ErrVersionConflict changing nothing; lots are added,
// replaced by ID and dropped when empty; transaction records are found by
// ID; entries come back in order; a Commit's slices are copied, not kept; keys are independent; a promo claim is
// counted atomically with its commit and refused at its limit; attribution
// is first-write-wins; and, under concurrent use, no commit is lost, no
// promo limit is overrun, exactly one attribution wins, and a Ledger
// running accruals and redemptions from many goroutines ends with exactly
// the expected balances.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// TestStore runs the suite. newStore must return a new, empty store each
// time it is called; every subtest uses its own.
func TestStore(t *testing.T, newStore func() loyalty.Store) {
	t.Helper()
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, loyalty.Store)
	}{
		{"unknown member loads the zero state", testUnknown},
		{"commit bumps the version", testVersion},
		{"stale version conflicts and changes nothing", testConflict},
		{"lots are added, updated by ID and closed when empty", testLots},
		{"records are found by ID and replaced", testRecords},
		{"entries come back in order and belong to the caller", testEntries},
		{"programs and members are independent", testKeys},
		{"a commit's slices are not retained", testNoRetain},
		{"promo limit is checked atomically with the commit", testPromo},
		{"attribution: first write wins", testAttribution},
		{"concurrent commits lose no update", testConcurrentCommits},
		{"concurrent promo claims stop at the limit", testConcurrentPromo},
		{"concurrent attribution: one partner wins", testConcurrentAttribution},
		{"ledger: concurrent accruals and redemptions balance", testLedgerConcurrency},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore()) })
	}
}

var (
	ctx  = context.Background()
	eur  = pricing.EUR
	base = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

func key(member string) loyalty.Key { return loyalty.Key{Program: "p", Member: member} }

func cents(n int64) pricing.Money { return pricing.FromMinor(n, eur) }

func lot(id uint64, remaining int64) loyalty.Lot {
	return loyalty.Lot{ID: id, Tx: fmt.Sprint("tx", id), Amount: cents(100), Remaining: cents(remaining), AvailableAt: base}
}

func entry(tx string, n int64) loyalty.Entry {
	return loyalty.Entry{Kind: loyalty.EntryAccrue, Tx: tx, Available: cents(n), Pending: cents(0), At: base}
}

// load loads k with its lots, and checks that loading it without them
// returns the same state but for the lots.
func load(t *testing.T, s loyalty.Store, k loyalty.Key, ids ...string) (loyalty.State, []loyalty.TxRecord) {
	t.Helper()
	st, recs, err := s.Load(ctx, k, true, ids...)
	if err != nil {
		t.Fatalf("Load(%v, lots): %v", k, err)
	}
	head, headRecs, err := s.Load(ctx, k, false, ids...)
	if err != nil {
		t.Fatalf("Load(%v, no lots): %v", k, err)
	}
	if head.Lots != nil || head.Version != st.Version || !reflect.DeepEqual(head.Head, st.Head) ||
		!reflect.DeepEqual(headRecs, recs) {
		t.Errorf("Load(%v) without lots = %+v, %+v; want %+v, %+v without lots", k, head, headRecs, st, recs)
	}
	return st, recs
}

func commit(t *testing.T, s loyalty.Store, c loyalty.Commit) {
	t.Helper()
	if err := s.Commit(ctx, c); err != nil {
		t.Fatalf("Commit(%v, version %d): %v", c.Key, c.Version, err)
	}
}

func testUnknown(t *testing.T, s loyalty.Store) {
	st, recs := load(t, s, key("nobody"), "tx1")
	if st.Version != 0 || len(st.Lots) != 0 || st.NextLot != 0 || len(recs) != 0 {
		t.Errorf("Load(unknown) = %+v, %v; want the zero State and no records", st, recs)
	}
	es, err := s.Entries(ctx, key("nobody"))
	if err != nil || len(es) != 0 {
		t.Errorf("Entries(unknown) = %v, %v; want none", es, err)
	}
	if p, err := s.Partner(ctx, "nobody"); err != nil || p != "" {
		t.Errorf("Partner(unknown) = %q, %v; want \"\"", p, err)
	}
	if n, err := s.PromoCount(ctx, "p", "CODE"); err != nil || n != 0 {
		t.Errorf("PromoCount(unused) = %d, %v; want 0", n, err)
	}
}

func testVersion(t *testing.T, s loyalty.Store) {
	k := key("m")
	for want := uint64(1); want <= 3; want++ {
		commit(t, s, loyalty.Commit{Key: k, Version: want - 1, Head: loyalty.Head{Purchases: int64(want)}})
		st, _ := load(t, s, k)
		if st.Version != want || st.Purchases != int64(want) {
			t.Fatalf("after commit %d: version %d, purchases %d", want, st.Version, st.Purchases)
		}
	}
}

func testConflict(t *testing.T, s loyalty.Store) {
	k := key("m")
	commit(t, s, loyalty.Commit{Key: k, Version: 0, Head: loyalty.Head{NextLot: 1}, AddLots: []loyalty.Lot{lot(1, 100)},
		Append: []loyalty.Entry{entry("tx1", 100)}, Records: []loyalty.TxRecord{{ID: "tx1", Op: loyalty.OpAccrue}}})
	for _, stale := range []uint64{0, 2} {
		err := s.Commit(ctx, loyalty.Commit{Key: k, Version: stale, Head: loyalty.Head{NextLot: 9},
			AddLots: []loyalty.Lot{lot(9, 5)}, UpdateLots: []loyalty.Lot{lot(1, 0)},
			Append: []loyalty.Entry{entry("tx9", 5)}, Records: []loyalty.TxRecord{{ID: "tx9", Op: loyalty.OpAccrue}},
			Promo: &loyalty.PromoClaim{Program: "p", Code: "C", Limit: 1}})
		if !errors.Is(err, loyalty.ErrVersionConflict) {
			t.Fatalf("Commit with version %d when stored is 1: error %v, want ErrVersionConflict", stale, err)
		}
	}
	st, recs := load(t, s, k, "tx1", "tx9")
	es, _ := s.Entries(ctx, k)
	n, _ := s.PromoCount(ctx, "p", "C")
	if st.Version != 1 || st.NextLot != 1 || len(st.Lots) != 1 || !st.Lots[0].Remaining.Equal(cents(100)) ||
		len(recs) != 1 || len(es) != 1 || n != 0 {
		t.Errorf("a refused commit changed the store: state %+v, records %v, %d entries, promo count %d", st, recs, len(es), n)
	}
}

func testLots(t *testing.T, s loyalty.Store) {
	k := key("m")
	commit(t, s, loyalty.Commit{Key: k, Version: 0, AddLots: []loyalty.Lot{lot(1, 100), lot(2, 100), lot(3, 100)}})
	before, _ := load(t, s, k)
	commit(t, s, loyalty.Commit{Key: k, Version: 1, UpdateLots: []loyalty.Lot{lot(1, 0), lot(3, 40)}, AddLots: []loyalty.Lot{lot(4, 7)}})
	st, _ := load(t, s, k)
	var got []string
	for _, l := range st.Lots {
		got = append(got, fmt.Sprintf("%d:%s", l.ID, l.Remaining))
	}
	want := "[2:1.00 EUR 3:0.40 EUR 4:0.07 EUR]"
	if fmt.Sprint(got) != want {
		t.Errorf("lots after update = %v, want %s", got, want)
	}
	if len(before.Lots) != 3 || !before.Lots[0].Remaining.Equal(cents(100)) || !before.Lots[2].Remaining.Equal(cents(100)) {
		t.Errorf("a State loaded earlier changed under a later commit: %+v", before.Lots)
	}
}

func testRecords(t *testing.T, s loyalty.Store) {
	k := key("m")
	r1 := loyalty.TxRecord{ID: "a", Op: loyalty.OpAccrue, Fingerprint: "f1", Amount: cents(1000), Refunded: cents(0)}
	commit(t, s, loyalty.Commit{Key: k, Version: 0, Records: []loyalty.TxRecord{r1, {ID: "b", Op: loyalty.OpRedeem}}})
	_, recs := load(t, s, k, "a", "missing")
	if len(recs) != 1 || recs[0].ID != "a" || recs[0].Fingerprint != "f1" || !recs[0].Amount.Equal(cents(1000)) {
		t.Fatalf("Load records = %+v, want only a", recs)
	}
	r1.Refunded = cents(300)
	commit(t, s, loyalty.Commit{Key: k, Version: 1, Records: []loyalty.TxRecord{r1}})
	_, recs = load(t, s, k, "a", "b")
	if len(recs) != 2 {
		t.Fatalf("Load records = %+v, want a and b", recs)
	}
	for _, r := range recs {
		if r.ID == "a" && !r.Refunded.Equal(cents(300)) {
			t.Errorf("record a not replaced: %+v", r)
		}
	}
}

func testEntries(t *testing.T, s loyalty.Store) {
	k := key("m")
	commit(t, s, loyalty.Commit{Key: k, Version: 0, Append: []loyalty.Entry{entry("t1", 1), entry("t2", 2)}})
	commit(t, s, loyalty.Commit{Key: k, Version: 1, Append: []loyalty.Entry{entry("t3", 3)}})
	es, err := s.Entries(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Tx)
	}
	if fmt.Sprint(got) != "[t1 t2 t3]" {
		t.Fatalf("Entries = %v, want [t1 t2 t3]", got)
	}
	es[0].Tx = "changed"
	es2, _ := s.Entries(ctx, k)
	if es2[0].Tx != "t1" {
		t.Errorf("changing a returned slice changed the store")
	}
}

func testNoRetain(t *testing.T, s loyalty.Store) {
	k := key("m")
	c := loyalty.Commit{Key: k, Version: 0, AddLots: []loyalty.Lot{lot(1, 100)},
		Append: []loyalty.Entry{entry("t1", 100)}, Records: []loyalty.TxRecord{{ID: "t1", Fingerprint: "f"}}}
	commit(t, s, c)
	c.AddLots[0].Remaining = cents(1)
	c.Append[0].Tx = "changed"
	c.Records[0].Fingerprint = "changed"
	st, recs := load(t, s, k, "t1")
	es, _ := s.Entries(ctx, k)
	if len(st.Lots) != 1 || !st.Lots[0].Remaining.Equal(cents(100)) || len(es) != 1 || es[0].Tx != "t1" ||
		len(recs) != 1 || recs[0].Fingerprint != "f" {
		t.Errorf("the store kept the caller's slices: lots %+v, entries %+v, records %+v", st.Lots, es, recs)
	}
}

func testKeys(t *testing.T, s loyalty.Store) {
	a, b := loyalty.Key{Program: "p1", Member: "m"}, loyalty.Key{Program: "p2", Member: "m"}
	commit(t, s, loyalty.Commit{Key: a, Version: 0, Head: loyalty.Head{Purchases: 5}, Records: []loyalty.TxRecord{{ID: "x"}}})
	st, recs := load(t, s, b, "x")
	if st.Version != 0 || st.Purchases != 0 || len(recs) != 0 {
		t.Errorf("program p2 sees program p1's ledger: %+v %v", st, recs)
	}
	st, _ = load(t, s, loyalty.Key{Program: "p1", Member: "other"})
	if st.Version != 0 {
		t.Errorf("member other sees member m's ledger: %+v", st)
	}
}

func testPromo(t *testing.T, s loyalty.Store) {
	claim := &loyalty.PromoClaim{Program: "p", Code: "C", Limit: 2}
	commit(t, s, loyalty.Commit{Key: key("a"), Version: 0, Promo: claim})
	commit(t, s, loyalty.Commit{Key: key("b"), Version: 0, Promo: claim})
	err := s.Commit(ctx, loyalty.Commit{Key: key("c"), Version: 0, Promo: claim, Append: []loyalty.Entry{entry("t", 1)}})
	if !errors.Is(err, loyalty.ErrPromoExhausted) {
		t.Fatalf("third claim of a code limited to 2: error %v, want ErrPromoExhausted", err)
	}
	if st, _ := load(t, s, key("c")); st.Version != 0 {
		t.Errorf("a commit refused for its promo claim was applied: %+v", st)
	}
	if n, _ := s.PromoCount(ctx, "p", "C"); n != 2 {
		t.Errorf("PromoCount = %d, want 2", n)
	}
	commit(t, s, loyalty.Commit{Key: key("c"), Version: 0, Promo: &loyalty.PromoClaim{Program: "p", Code: "FREE"}})
	if n, _ := s.PromoCount(ctx, "p", "FREE"); n != 1 {
		t.Errorf("PromoCount(unlimited code) = %d, want 1", n)
	}
}

func testAttribution(t *testing.T, s loyalty.Store) {
	for _, try := range []struct{ partner, want string }{{"a", "a"}, {"b", "a"}, {"a", "a"}} {
		got, err := s.Attribute(ctx, "sim1", try.partner)
		if err != nil || got != try.want {
			t.Fatalf("Attribute(sim1, %s) = %q, %v; want %q", try.partner, got, err, try.want)
		}
	}
	if p, _ := s.Partner(ctx, "sim1"); p != "a" {
		t.Errorf("Partner(sim1) = %q, want a", p)
	}
}

func testConcurrentCommits(t *testing.T, s loyalty.Store) {
	const workers, each = 8, 50
	k := key("hot")
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; {
				st, _, err := s.Load(ctx, k, false)
				if err != nil {
					t.Error(err)
					return
				}
				h := st.Head
				h.Purchases++
				err = s.Commit(ctx, loyalty.Commit{Key: k, Version: st.Version, Head: h,
					Append: []loyalty.Entry{entry(fmt.Sprintf("w%d-%d", w, i), 1)}})
				switch {
				case err == nil:
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
	es, _ := s.Entries(ctx, k)
	if st.Purchases != workers*each || st.Version != workers*each || len(es) != workers*each {
		t.Errorf("after %d commits: purchases %d, version %d, %d entries", workers*each, st.Purchases, st.Version, len(es))
	}
}

func testConcurrentPromo(t *testing.T, s loyalty.Store) {
	const members, limit = 40, 7
	var ok atomic.Int64
	var wg sync.WaitGroup
	for m := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Commit(ctx, loyalty.Commit{Key: key(fmt.Sprint("m", m)), Version: 0,
				Promo: &loyalty.PromoClaim{Program: "p", Code: "C", Limit: limit}})
			switch {
			case err == nil:
				ok.Add(1)
			case !errors.Is(err, loyalty.ErrPromoExhausted):
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n, _ := s.PromoCount(ctx, "p", "C"); ok.Load() != limit || n != limit {
		t.Errorf("%d claims succeeded, count %d; want %d", ok.Load(), n, limit)
	}
}

func testConcurrentAttribution(t *testing.T, s loyalty.Store) {
	const partners = 16
	owners := make([]string, partners)
	var wg sync.WaitGroup
	for p := range partners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner, err := s.Attribute(ctx, "sim", fmt.Sprint("partner", p))
			if err != nil {
				t.Error(err)
			}
			owners[p] = owner
		}()
	}
	wg.Wait()
	final, _ := s.Partner(ctx, "sim")
	for p, o := range owners {
		if o != final {
			t.Errorf("partner%d was told the owner is %q, but it is %q", p, o, final)
		}
	}
}

func testLedgerConcurrency(t *testing.T, s loyalty.Store) {
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "p", Currency: eur, Lifetime: 365 * 24 * time.Hour,
		Rules: []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: cents(100)}}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := loyalty.NewLedger(prog, s)
	if err != nil {
		t.Fatal(err)
	}
	const workers, each, members = 6, 40, 3
	redeemed := make([]atomic.Int64, members)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				m := (w + i) % members
				member := fmt.Sprint("m", m)
				if _, err := l.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprintf("a%d-%d", w, i), Member: member,
					Amount: cents(1000)}, base); err != nil {
					t.Error(err)
					return
				}
				_, err := l.Redeem(ctx, loyalty.Redemption{ID: fmt.Sprintf("r%d-%d", w, i), Member: member, Amount: cents(150)}, base)
				switch {
				case err == nil:
					redeemed[m].Add(150)
				case !errors.Is(err, loyalty.ErrInsufficientBalance):
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for m := range members {
		member := fmt.Sprint("m", m)
		b, err := l.Balance(ctx, member)
		if err != nil {
			t.Fatal(err)
		}
		accrued := int64(workers*each/members) * 100
		if want := cents(accrued - redeemed[m].Load()); !b.Available.Equal(want) || !b.Pending.IsZero() {
			t.Errorf("%s: balance %s + %s pending, want %s", member, b.Available, b.Pending, want)
		}
		es, _ := l.Statement(ctx, member)
		sum := cents(0)
		for _, e := range es {
			sum, _ = sum.Add(e.Available)
		}
		if !sum.Equal(b.Available) {
			t.Errorf("%s: entries sum to %s, balance is %s", member, sum, b.Available)
		}
	}
}
