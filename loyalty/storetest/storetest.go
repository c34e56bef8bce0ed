// Package storetest is a conformance suite for implementations of
// loyalty.Store, in the spirit of testing/fstest: a host that keeps
// loyalty ledgers in its own database runs TestStore from its tests and
// learns whether its store keeps the promises the loyalty.Ledger relies on.
//
//	func TestMyStore(t *testing.T) {
//		storetest.TestStore(t, func() loyalty.Store { return mystore.New(testDB(t)) })
//	}
//
// The suite checks: a ledger never written loads as the zero State, with
// no lots and no entries; a commit bumps the version by one and a commit
// with a stale version fails with loyalty.ErrVersionConflict changing
// nothing; lots are added, replaced by ID, moved between orders and
// dropped when empty, and only the lots a commit names change; a commit
// updating a lot that is not open, or adding one whose ID is not above
// the open lots', fails with loyalty.ErrInvalidRequest; each
// loyalty.LotOrder hands out exactly the right lots in exactly its order,
// a page of at most the limit at a time, resuming after any lot; a page
// asked for at a stale version fails with loyalty.ErrVersionConflict and a
// malformed query with loyalty.ErrInvalidRequest; transaction records are
// found by ID; entries come back in order, a page at a time from any
// position; a Commit's slices are copied, not kept; keys are independent;
// a promo claim is counted atomically with its commit and refused at its
// total and per-member limits; attribution is first-write-wins; and, under
// concurrent use, no commit is lost, no promo limit is overrun, exactly one
// attribution wins, a page is always of the version it names, and a Ledger
// running accruals and redemptions from many goroutines ends with exactly
// the expected balances, reading and writing only the lots it spends.
//
// It checks the purchase history too: every count CountPurchases answers
// (by partner, by category, within a window) against a plain model, of
// the version it names, nothing recorded by a refused commit; PromoUses
// per member and program; and, through a Ledger and a PartnerLedger, that
// history rules, discounts and a partner's credits, reversals and payouts
// read back as written. For a store that is also a loyalty.TrafficStore
// (the others skip these), it checks that CommitTraffic applies a commit
// and its traffic change together or neither, whichever side fails (a
// stale version, lots against the rules, a promo limit; more traffic than
// the account holds, a malformed change), that concurrent removals stop
// at zero, and that a Ledger's traffic conversions move traffic and bonus
// together.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// TestStore runs the suite. newStore must return a new, empty store each
// time it is called; every subtest uses its own.
func TestStore(t *testing.T, newStore func() loyalty.Store) {
	t.Helper()
	if newStore == nil {
		t.Fatal("storetest: newStore is nil")
	}
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, loyalty.Store)
	}{
		{"unknown member loads the zero state", testUnknown},
		{"commit bumps the version", testVersion},
		{"stale version conflicts and changes nothing", testConflict},
		{"lots are added, updated by ID and closed when empty", testLots},
		{"each order hands out its lots in order, a page at a time", testOrders},
		{"an update moves a lot to its new place and leaves the others", testMoves},
		{"a page of a stale version conflicts", testStalePage},
		{"a malformed lot query is refused", testBadQuery},
		{"a commit updating a lot that is not open, or adding one out of order, is refused", testBadLots},
		{"random commits: every order matches a sorted model, from any lot", testOrdersModel},
		{"records are found by ID and replaced", testRecords},
		{"entries come back in order, a page at a time, and belong to the caller", testEntries},
		{"programs and members are independent", testKeys},
		{"a commit's slices are not retained", testNoRetain},
		{"promo limits are checked atomically with the commit", testPromo},
		{"attribution: first write wins", testAttribution},
		{"concurrent commits lose no update", testConcurrentCommits},
		{"concurrent promo claims stop at the limits", testConcurrentPromo},
		{"concurrent attribution: one partner wins", testConcurrentAttribution},
		{"concurrent pages are of the version they name", testConcurrentPages},
		{"ledger: concurrent accruals and redemptions balance", testLedgerConcurrency},
		{"ledger: a redemption reads and writes only the lots it spends", testLedgerLazy},
		{"purchases are counted by partner, category and window, as of a version", testPurchases},
		{"promo uses are counted per member and program", testPromoUses},
		{"traffic and its commit apply together or not at all", testTraffic},
		{"concurrent traffic removals stop at zero", testConcurrentTraffic},
		{"ledger: purchase-history rules count the store's purchases", testLedgerHistory},
		{"ledger: a traffic conversion moves traffic and bonus together", testLedgerTraffic},
		{"ledger: a partner's account credits, reverses and pays out", testLedgerPartner},
		{"ledger: a partner's discount is redeemed once, within its limit", testLedgerDiscount},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore()
			if s == nil {
				t.Fatal("storetest: newStore returned nil")
			}
			tc.fn(t, s)
		})
	}
}

var (
	ctx  = context.Background()
	eur  = pricing.EUR
	base = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

// failer is what the helpers need of *testing.T and *rapid.T.
type failer interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func key(member string) loyalty.Key { return loyalty.Key{Program: "p", Member: member} }

func cents(n int64) pricing.Money { return pricing.FromMinor(n, eur) }

func lot(id uint64, remaining int64) loyalty.Lot {
	return loyalty.Lot{ID: id, Tx: fmt.Sprint("tx", id), Amount: cents(100), Remaining: cents(remaining), AvailableAt: base}
}

func entry(tx string, n int64) loyalty.Entry {
	return loyalty.Entry{Kind: loyalty.EntryAccrue, Tx: tx, Available: cents(n), Pending: cents(0), At: base}
}

// load loads k and checks that the records come back for the IDs asked.
func load(t *testing.T, s loyalty.Store, k loyalty.Key, ids ...string) (loyalty.State, []loyalty.TxRecord) {
	t.Helper()
	st, recs, err := s.Load(ctx, k, ids...)
	if err != nil {
		t.Fatalf("Load(%v): %v", k, err)
	}
	return st, recs
}

// lots returns every open lot of k at version v in order o, read a page
// of limit at a time, checking that no page is longer than asked.
func lots(t failer, s loyalty.Store, k loyalty.Key, v uint64, o loyalty.LotOrder, limit int) []loyalty.Lot {
	t.Helper()
	var all []loyalty.Lot
	q := loyalty.LotQuery{Version: v, Order: o, Limit: limit}
	for {
		page, err := s.Lots(ctx, k, q)
		if err != nil {
			t.Fatalf("Lots(%v, %+v): %v", k, q, err)
		}
		if len(page) > limit {
			t.Fatalf("Lots(%v, %s, limit %d) returned %d lots", k, o, limit, len(page))
		}
		all = append(all, page...)
		if len(page) < limit {
			return all
		}
		q.After = page[len(page)-1]
	}
}

// open returns every open lot of k at its current version, by ID.
func open(t *testing.T, s loyalty.Store, k loyalty.Key) []loyalty.Lot {
	t.Helper()
	st, _ := load(t, s, k)
	return lots(t, s, k, st.Version, loyalty.ByID, 100)
}

// remaining renders lots as "id:remaining" for comparisons.
func remaining(ls []loyalty.Lot) string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%d:%s", l.ID, l.Remaining))
	}
	return fmt.Sprint(out)
}

func commit(t failer, s loyalty.Store, c loyalty.Commit) {
	t.Helper()
	if err := s.Commit(ctx, c); err != nil {
		t.Fatalf("Commit(%v, version %d): %v", c.Key, c.Version, err)
	}
}

func testUnknown(t *testing.T, s loyalty.Store) {
	st, recs := load(t, s, key("nobody"), "tx1")
	if !reflect.DeepEqual(st, loyalty.State{}) || len(recs) != 0 {
		t.Errorf("Load(unknown) = %+v, %v; want the zero State and no records", st, recs)
	}
	for _, o := range []loyalty.LotOrder{loyalty.ByID, loyalty.AvailableByExpiry, loyalty.PendingByActivation} {
		if ls, err := s.Lots(ctx, key("nobody"), loyalty.LotQuery{Order: o, Limit: 10}); err != nil || len(ls) != 0 {
			t.Errorf("Lots(unknown, %s) = %v, %v; want none", o, ls, err)
		}
	}
	if _, err := s.Lots(ctx, key("nobody"), loyalty.LotQuery{Version: 1, Order: loyalty.ByID, Limit: 10}); !errors.Is(err, loyalty.ErrVersionConflict) {
		t.Errorf("Lots(unknown) at version 1: error %v, want ErrVersionConflict", err)
	}
	es, err := s.Entries(ctx, key("nobody"), 0, 10)
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
		commit(t, s, loyalty.Commit{Key: k, Version: want - 1, Head: loyalty.Head{Purchases: int64(want), Entries: int64(want)}})
		st, _ := load(t, s, k)
		if st.Version != want || st.Purchases != int64(want) || st.Entries != int64(want) {
			t.Fatalf("after commit %d: version %d, head %+v", want, st.Version, st.Head)
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
			Promo: &loyalty.PromoClaim{Program: "p", Code: "C", Limit: 1, PerMember: 1}})
		if !errors.Is(err, loyalty.ErrVersionConflict) {
			t.Fatalf("Commit with version %d when stored is 1: error %v, want ErrVersionConflict", stale, err)
		}
	}
	st, recs := load(t, s, k, "tx1", "tx9")
	es, _ := s.Entries(ctx, k, 0, 10)
	n, _ := s.PromoCount(ctx, "p", "C")
	if st.Version != 1 || st.NextLot != 1 || remaining(open(t, s, k)) != "[1:1.00 EUR]" || len(recs) != 1 || len(es) != 1 || n != 0 {
		t.Errorf("a refused commit changed the store: state %+v, records %v, %d entries, promo count %d", st, recs, len(es), n)
	}
	// The refused claim was not counted for the member either.
	commit(t, s, loyalty.Commit{Key: k, Version: 1, Promo: &loyalty.PromoClaim{Program: "p", Code: "C", Limit: 1, PerMember: 1}})
}

func testLots(t *testing.T, s loyalty.Store) {
	k := key("m")
	commit(t, s, loyalty.Commit{Key: k, Version: 0, AddLots: []loyalty.Lot{lot(1, 100), lot(2, 100), lot(3, 100), lot(4, 0)}})
	before := open(t, s, k)
	commit(t, s, loyalty.Commit{Key: k, Version: 1, UpdateLots: []loyalty.Lot{lot(1, 0), lot(3, 40)}, AddLots: []loyalty.Lot{lot(5, 7)}})
	if got, want := remaining(open(t, s, k)), "[2:1.00 EUR 3:0.40 EUR 5:0.07 EUR]"; got != want {
		t.Errorf("lots after update = %v, want %s (a lot added empty is not open)", got, want)
	}
	if got, want := remaining(before), "[1:1.00 EUR 2:1.00 EUR 3:1.00 EUR]"; got != want {
		t.Errorf("lots read earlier changed under a later commit: %s, want %s", got, want)
	}
}

func testRecords(t *testing.T, s loyalty.Store) {
	k := key("m")
	r1 := loyalty.TxRecord{ID: "a", Op: loyalty.OpAccrue, Fingerprint: "f1", Amount: cents(1000), Refunded: cents(0), FirstLot: 3, LastLot: 4}
	commit(t, s, loyalty.Commit{Key: k, Version: 0, Records: []loyalty.TxRecord{r1, {ID: "b", Op: loyalty.OpRedeem}}})
	_, recs := load(t, s, k, "a", "missing")
	if len(recs) != 1 || !reflect.DeepEqual(recs[0], r1) {
		t.Fatalf("Load records = %+v, want only %+v", recs, r1)
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
	const n = 300 // several hundred, so that a store keeping marks or blocks crosses them
	var want []string
	for v := 0; len(want) < n; v++ {
		var c []loyalty.Entry
		for range v%7 + 1 {
			tx := fmt.Sprint("t", len(want)+len(c))
			c = append(c, entry(tx, 1))
		}
		for _, e := range c {
			want = append(want, e.Tx)
		}
		commit(t, s, loyalty.Commit{Key: k, Version: uint64(v), Append: c})
	}
	txs := func(es []loyalty.Entry) []string {
		out := []string{}
		for _, e := range es {
			out = append(out, e.Tx)
		}
		return out
	}
	for _, p := range []struct{ from, limit int }{{0, len(want) + 10}, {0, 1}, {63, 2}, {64, 64}, {127, 129}, {len(want) - 1, 5},
		{len(want), 5}, {len(want) + 7, 5}, {5, 0}, {200, 1 << 62}} {
		es, err := s.Entries(ctx, k, p.from, p.limit)
		if err != nil {
			t.Fatalf("Entries(from %d, limit %d): %v", p.from, p.limit, err)
		}
		lo, hi := min(p.from, len(want)), min(len(want), p.from+min(p.limit, len(want)))
		if got := txs(es); !reflect.DeepEqual(got, append([]string{}, want[lo:hi]...)) {
			t.Errorf("Entries(from %d, limit %d) = %v, want %v", p.from, p.limit, got, want[lo:hi])
		}
	}
	es, _ := s.Entries(ctx, k, 0, 1)
	es[0].Tx = "changed"
	if es2, _ := s.Entries(ctx, k, 0, 1); es2[0].Tx != "t0" {
		t.Errorf("changing a returned slice changed the store")
	}
	for _, p := range [][2]int{{-1, 1}, {0, -1}} {
		if _, err := s.Entries(ctx, k, p[0], p[1]); !errors.Is(err, loyalty.ErrInvalidRequest) {
			t.Errorf("Entries(from %d, limit %d): error %v, want ErrInvalidRequest", p[0], p[1], err)
		}
	}
}

func testNoRetain(t *testing.T, s loyalty.Store) {
	k := key("m")
	c := loyalty.Commit{Key: k, Version: 0, AddLots: []loyalty.Lot{lot(1, 100), lot(2, 100)},
		Append: []loyalty.Entry{entry("t1", 100)}, Records: []loyalty.TxRecord{{ID: "t1", Fingerprint: "f"}}}
	commit(t, s, c)
	c.AddLots[0].Remaining = cents(1)
	c.Append[0].Tx = "changed"
	c.Records[0].Fingerprint = "changed"
	u := loyalty.Commit{Key: k, Version: 1, UpdateLots: []loyalty.Lot{lot(2, 50)}}
	commit(t, s, u)
	u.UpdateLots[0].Remaining = cents(2)
	_, recs := load(t, s, k, "t1")
	es, _ := s.Entries(ctx, k, 0, 10)
	if got := remaining(open(t, s, k)); got != "[1:1.00 EUR 2:0.50 EUR]" || len(es) != 1 || es[0].Tx != "t1" ||
		len(recs) != 1 || recs[0].Fingerprint != "f" {
		t.Errorf("the store kept the caller's slices: lots %s, entries %+v, records %+v", got, es, recs)
	}
}

func testKeys(t *testing.T, s loyalty.Store) {
	a, b := loyalty.Key{Program: "p1", Member: "m"}, loyalty.Key{Program: "p2", Member: "m"}
	commit(t, s, loyalty.Commit{Key: a, Version: 0, Head: loyalty.Head{Purchases: 5}, AddLots: []loyalty.Lot{lot(1, 5)},
		Records: []loyalty.TxRecord{{ID: "x"}}, Promo: &loyalty.PromoClaim{Program: "p1", Code: "C", PerMember: 1}})
	st, recs := load(t, s, b, "x")
	if st.Version != 0 || st.Purchases != 0 || len(recs) != 0 {
		t.Errorf("program p2 sees program p1's ledger: %+v %v", st, recs)
	}
	if ls := lots(t, s, b, 0, loyalty.ByID, 10); len(ls) != 0 {
		t.Errorf("program p2 sees program p1's lots: %v", ls)
	}
	st, _ = load(t, s, loyalty.Key{Program: "p1", Member: "other"})
	if st.Version != 0 {
		t.Errorf("member other sees member m's ledger: %+v", st)
	}
	// Per-member promo counts are the member's in the program.
	commit(t, s, loyalty.Commit{Key: loyalty.Key{Program: "p1", Member: "other"}, Promo: &loyalty.PromoClaim{Program: "p1", Code: "C", PerMember: 1}})
	commit(t, s, loyalty.Commit{Key: b, Promo: &loyalty.PromoClaim{Program: "p2", Code: "C", PerMember: 1}})
}

func testPromo(t *testing.T, s loyalty.Store) {
	claim := &loyalty.PromoClaim{Program: "p", Code: "C", Limit: 3, PerMember: 2}
	commit(t, s, loyalty.Commit{Key: key("a"), Version: 0, Promo: claim})
	commit(t, s, loyalty.Commit{Key: key("a"), Version: 1, Promo: claim})
	err := s.Commit(ctx, loyalty.Commit{Key: key("a"), Version: 2, Promo: claim, Append: []loyalty.Entry{entry("t", 1)}})
	if !errors.Is(err, loyalty.ErrPromoMemberLimit) {
		t.Fatalf("a member's third claim of a code limited to 2 per member: error %v, want ErrPromoMemberLimit", err)
	}
	if st, _ := load(t, s, key("a")); st.Version != 2 {
		t.Errorf("a commit refused for the member's promo limit was applied: %+v", st)
	}
	commit(t, s, loyalty.Commit{Key: key("b"), Version: 0, Promo: claim})
	err = s.Commit(ctx, loyalty.Commit{Key: key("c"), Version: 0, Promo: claim, Append: []loyalty.Entry{entry("t", 1)}})
	if !errors.Is(err, loyalty.ErrPromoExhausted) {
		t.Fatalf("fourth claim of a code limited to 3: error %v, want ErrPromoExhausted", err)
	}
	if st, _ := load(t, s, key("c")); st.Version != 0 {
		t.Errorf("a commit refused for its promo claim was applied: %+v", st)
	}
	if n, _ := s.PromoCount(ctx, "p", "C"); n != 3 {
		t.Errorf("PromoCount = %d, want 3 (refused claims are not counted)", n)
	}
	commit(t, s, loyalty.Commit{Key: key("c"), Version: 0, Promo: &loyalty.PromoClaim{Program: "p", Code: "FREE"}})
	commit(t, s, loyalty.Commit{Key: key("c"), Version: 1, Promo: &loyalty.PromoClaim{Program: "p", Code: "FREE"}})
	if n, _ := s.PromoCount(ctx, "p", "FREE"); n != 2 {
		t.Errorf("PromoCount(code without limits) = %d, want 2", n)
	}
}

func testAttribution(t *testing.T, s loyalty.Store) {
	for _, try := range []struct{ partner, want string }{{"a", "a"}, {"b", "a"}, {"a", "a"}} {
		got, err := s.AttributeToPartner(ctx, "sim1", try.partner)
		if err != nil || got != try.want {
			t.Fatalf("Attribute(sim1, %s) = %q, %v; want %q", try.partner, got, err, try.want)
		}
	}
	if p, _ := s.Partner(ctx, "sim1"); p != "a" {
		t.Errorf("Partner(sim1) = %q, want a", p)
	}
}
