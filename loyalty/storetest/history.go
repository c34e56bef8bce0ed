package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/loyalty"
)

// testPurchases commits random purchases (some out of the order of their
// instants, some commits without one) and checks every count a query can
// ask against a plain model, the list filtered by PurchaseQuery.Matches;
// and that a count names its version.
func testPurchases(t *testing.T, s loyalty.Store) {
	runs := 0
	partners := []string{"", "hotels", "flights"}
	categories := []string{"hotel", "flight", "sim"}
	rapid.Check(t, func(rt *rapid.T) {
		runs++
		k := key(fmt.Sprint("history-", runs))
		var model []loyalty.Purchase
		var version uint64
		for i := range rapid.IntRange(0, 25).Draw(rt, "commits") {
			c := loyalty.Commit{Key: k, Version: version, Head: loyalty.Head{Purchases: int64(len(model))}}
			if rapid.IntRange(0, 4).Draw(rt, "with purchase") > 0 {
				p := loyalty.Purchase{Tx: fmt.Sprint("t", i), Partner: rapid.SampledFrom(partners).Draw(rt, "partner"),
					Category: rapid.SampledFrom(categories).Draw(rt, "category"),
					At:       base.Add(time.Duration(rapid.IntRange(0, 40).Draw(rt, "hour")) * time.Hour)}
				c.Purchase = &p
				c.Head.Purchases++
				model = append(model, p)
			}
			commit(rt, s, c)
			version++
		}
		for range 12 {
			q := loyalty.PurchaseQuery{Version: version,
				ByPartner: rapid.Bool().Draw(rt, "by partner"), Partner: rapid.SampledFrom(partners).Draw(rt, "q partner"),
				ByCategory: rapid.Bool().Draw(rt, "by category"), Category: rapid.SampledFrom(categories).Draw(rt, "q category")}
			if rapid.Bool().Draw(rt, "window") {
				q.After = base.Add(time.Duration(rapid.IntRange(-1, 41).Draw(rt, "after")) * time.Hour)
			}
			var want int64
			for _, p := range model {
				if q.Matches(p) {
					want++
				}
			}
			got, err := s.CountPurchases(ctx, k, q)
			if err != nil || got != want {
				rt.Fatalf("CountPurchases(%+v) = %d, %v; want %d of %d purchases", q, got, err, want, len(model))
			}
		}
		if _, err := s.CountPurchases(ctx, k, loyalty.PurchaseQuery{Version: version + 1}); !errors.Is(err, loyalty.ErrVersionConflict) {
			rt.Fatalf("CountPurchases at version %d when the ledger is at %d: error %v, want ErrVersionConflict", version+1, version, err)
		}
	})
	// A ledger never written counts nothing at version 0; another program
	// or member sees none of a member's purchases.
	k := key("m")
	p := loyalty.Purchase{Tx: "t", Category: "hotel", At: base}
	commit(t, s, loyalty.Commit{Key: k, Version: 0, Purchase: &p})
	for _, other := range []loyalty.Key{{Program: "other", Member: "m"}, key("other")} {
		if n, err := s.CountPurchases(ctx, other, loyalty.PurchaseQuery{}); err != nil || n != 0 {
			t.Errorf("CountPurchases(%v) = %d, %v; want 0 (the purchase is %v's)", other, n, err, k)
		}
	}
	// A refused commit records no purchase.
	q := loyalty.Purchase{Tx: "refused", At: base}
	if err := s.Commit(ctx, loyalty.Commit{Key: k, Version: 0, Purchase: &q}); !errors.Is(err, loyalty.ErrVersionConflict) {
		t.Fatalf("stale commit: error %v, want ErrVersionConflict", err)
	}
	if n, err := s.CountPurchases(ctx, k, loyalty.PurchaseQuery{Version: 1}); err != nil || n != 1 {
		t.Errorf("after a refused commit: %d purchases, %v; want 1", n, err)
	}
}

// testLedgerHistory runs a Ledger with purchase-history rules over the
// store: the nth purchase, a repeat purchase through the same partner and
// one within a window, counted by the store.
func testLedgerHistory(t *testing.T, s loyalty.Store) {
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "p", Currency: eur, Rules: []loyalty.Rule{
		{ID: "third-hotel", Kind: loyalty.FixedBonus, Amount: cents(300),
			When: loyalty.Condition{History: loyalty.History{From: 3, To: 3, SameCategory: true}}},
		{ID: "repeat-partner", Kind: loyalty.FixedBonus, Amount: cents(100),
			When: loyalty.Condition{Partners: []string{"hotels"}, History: loyalty.History{From: 2, SamePartner: true}}},
		{ID: "again-within-a-week", Kind: loyalty.FixedBonus, Amount: cents(50),
			When: loyalty.Condition{History: loyalty.History{From: 2, Within: 7 * 24 * time.Hour}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := loyalty.NewLedger(prog, s)
	if err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	for i, step := range []struct {
		partner, category string
		at                time.Duration
		want              int64
	}{
		{"hotels", "hotel", 0, 0},                // first purchase
		{"hotels", "hotel", day, 100 + 50},       // repeat through hotels, within a week
		{"flights", "flight", 2 * day, 50},       // another partner, within a week
		{"hotels", "hotel", 20 * day, 300 + 100}, // third hotel; nothing within the week before
		{"hotels", "flight", 21 * day, 100 + 50},
	} {
		res, err := l.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprint("a", i), Member: "m", Amount: cents(1000),
			Partner: step.partner, Category: step.category}, base.Add(step.at))
		if err != nil {
			t.Fatal(err)
		}
		if !res.Bonus.Equal(cents(step.want)) {
			t.Errorf("purchase %d (%s, %s, day %d): earned %s, want %s", i+1, step.partner, step.category, step.at/day, res.Bonus, cents(step.want))
		}
	}
}
