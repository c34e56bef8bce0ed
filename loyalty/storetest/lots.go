package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tariffkit/tariff/loyalty"
)

var orders = []loyalty.LotOrder{loyalty.ByID, loyalty.AvailableByExpiry, loyalty.PendingByActivation}

// describe renders lots with every field an order depends on, times in
// UTC, so that a store may hand back equal instants in another zone.
func describe(ls []loyalty.Lot) string {
	var b strings.Builder
	at := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	for _, l := range ls {
		fmt.Fprintf(&b, "\n\t%d %s tx=%s rule=%s amount=%s pending=%v available=%s expires=%s",
			l.ID, l.Remaining, l.Tx, l.Rule, l.Amount, l.Pending, at(l.AvailableAt), at(l.ExpiresAt))
	}
	return b.String()
}

// inOrder returns the open lots of ls that order o holds, in o's order.
func inOrder(ls []loyalty.Lot, o loyalty.LotOrder) []loyalty.Lot {
	var out []loyalty.Lot
	for _, l := range ls {
		if l.Remaining.Sign() != 0 && (o == loyalty.ByID || l.Pending == (o == loyalty.PendingByActivation)) {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, o.Compare)
	return out
}

// mixedLots returns n lots, pending and available, with instants that
// tie and lots that never expire.
func mixedLots(n int) []loyalty.Lot {
	var ls []loyalty.Lot
	for i := 1; i <= n; i++ {
		l := lot(uint64(i), int64(i))
		l.Rule = fmt.Sprint("r", i%3)
		l.Pending = i%3 == 0
		l.AvailableAt = base.Add(time.Duration((i*7)%5) * time.Hour)
		if i%4 != 0 {
			l.ExpiresAt = base.Add(time.Duration((i*11)%6) * 24 * time.Hour)
		}
		ls = append(ls, l)
	}
	return ls
}

// checkOrders checks every order of k at version v against want, the
// member's open lots, read with pages of several sizes and resumed after
// each lot.
func checkOrders(t *testing.T, s loyalty.Store, k loyalty.Key, v uint64, want []loyalty.Lot) {
	t.Helper()
	for _, o := range orders {
		ref := describe(inOrder(want, o))
		for _, limit := range []int{1, 2, 3, 7, 1000} {
			if got := describe(lots(t, s, k, v, o, limit)); got != ref {
				t.Fatalf("%s, pages of %d:%s\nwant:%s", o, limit, got, ref)
			}
		}
		all := inOrder(want, o)
		for j := range all {
			page, err := s.Lots(ctx, k, loyalty.LotQuery{Version: v, Order: o, After: all[j], Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := describe(page), describe(all[j+1:min(j+4, len(all))]); got != want {
				t.Fatalf("%s after lot %d, limit 3:%s\nwant:%s", o, all[j].ID, got, want)
			}
		}
	}
}

func testOrders(t *testing.T, s loyalty.Store) {
	k := key("m")
	all := mixedLots(40)
	commit(t, s, loyalty.Commit{Key: k, Version: 0, AddLots: all[:25]})
	commit(t, s, loyalty.Commit{Key: k, Version: 1, AddLots: all[25:]})
	checkOrders(t, s, k, 2, all)
	// Close a run of lots: ByID resumes after a closed or unknown ID.
	var closed []loyalty.Lot
	for i := 9; i < 14; i++ {
		l := all[i]
		l.Remaining = cents(0)
		closed = append(closed, l)
		all[i] = l
	}
	commit(t, s, loyalty.Commit{Key: k, Version: 2, UpdateLots: closed})
	checkOrders(t, s, k, 3, all)
	for _, after := range []uint64{10, 12, 14, 40, 99} {
		page, err := s.Lots(ctx, k, loyalty.LotQuery{Version: 3, Order: loyalty.ByID, After: loyalty.Lot{ID: after}, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		var want []loyalty.Lot
		for _, l := range inOrder(all, loyalty.ByID) {
			if l.ID > after && len(want) < 2 {
				want = append(want, l)
			}
		}
		if describe(page) != describe(want) {
			t.Errorf("ByID after lot %d (not open):%s\nwant:%s", after, describe(page), describe(want))
		}
	}
}

func testMoves(t *testing.T, s loyalty.Store) {
	k := key("m")
	at := func(d time.Duration) time.Time { return base.Add(d) }
	l1, l2, l3, l4 := lot(1, 10), lot(2, 20), lot(3, 30), lot(4, 40)
	l1.Pending, l1.AvailableAt, l1.ExpiresAt = true, at(time.Hour), at(240*time.Hour)
	l2.ExpiresAt, l3.ExpiresAt = at(120*time.Hour), at(480*time.Hour)
	commit(t, s, loyalty.Commit{Key: k, Version: 0, AddLots: []loyalty.Lot{l1, l2, l3, l4}})
	steps := []struct {
		name   string
		update []loyalty.Lot
	}{
		{"activated: from pending to available, between lots 2 and 3", func() []loyalty.Lot { l1.Pending = false; return []loyalty.Lot{l1} }()},
		{"expiry moved earlier: to the front", func() []loyalty.Lot { l3.ExpiresAt = at(24 * time.Hour); return []loyalty.Lot{l3} }()},
		{"partly spent: stays in place", func() []loyalty.Lot { l2.Remaining = cents(5); return []loyalty.Lot{l2} }()},
		{"closed: gone from every order", func() []loyalty.Lot { l3.Remaining = cents(0); return []loyalty.Lot{l3} }()},
		{"a lot that never expires gets an expiry", func() []loyalty.Lot { l4.ExpiresAt = at(time.Hour); return []loyalty.Lot{l4} }()},
	}
	want := []loyalty.Lot{lot(1, 10), lot(2, 20), lot(3, 30), lot(4, 40)}
	want[0] = loyalty.Lot{ID: 1, Tx: "tx1", Amount: cents(100), Remaining: cents(10), Pending: true, AvailableAt: at(time.Hour), ExpiresAt: at(240 * time.Hour)}
	want[1].ExpiresAt, want[2].ExpiresAt = at(120*time.Hour), at(480*time.Hour)
	for i, st := range steps {
		commit(t, s, loyalty.Commit{Key: k, Version: uint64(i + 1), UpdateLots: st.update})
		for _, u := range st.update {
			want[u.ID-1] = u
		}
		t.Run(st.name, func(t *testing.T) { checkOrders(t, s, k, uint64(i+2), want) })
	}
}

func testStalePage(t *testing.T, s loyalty.Store) {
	k := key("m")
	commit(t, s, loyalty.Commit{Key: k, Version: 0, AddLots: mixedLots(5)})
	commit(t, s, loyalty.Commit{Key: k, Version: 1, UpdateLots: []loyalty.Lot{lot(1, 0)}})
	for _, v := range []uint64{0, 1, 3} {
		for _, o := range orders {
			_, err := s.Lots(ctx, k, loyalty.LotQuery{Version: v, Order: o, Limit: 10})
			if !errors.Is(err, loyalty.ErrVersionConflict) {
				t.Errorf("Lots(%s) at version %d when stored is 2: error %v, want ErrVersionConflict", o, v, err)
			}
		}
	}
}

func testBadQuery(t *testing.T, s loyalty.Store) {
	k := key("m")
	commit(t, s, loyalty.Commit{Key: k, Version: 0, AddLots: mixedLots(3)})
	for _, q := range []loyalty.LotQuery{
		{Version: 1, Order: loyalty.ByID, Limit: 0},
		{Version: 1, Order: loyalty.AvailableByExpiry, Limit: -1},
		{Version: 1, Order: 0, Limit: 1},
		{Version: 1, Order: 99, Limit: 1},
	} {
		if _, err := s.Lots(ctx, k, q); !errors.Is(err, loyalty.ErrInvalidRequest) {
			t.Errorf("Lots(%+v): error %v, want ErrInvalidRequest", q, err)
		}
	}
}

func testBadLots(t *testing.T, s loyalty.Store) {
	k := key("m")
	commit(t, s, loyalty.Commit{Key: k, Version: 0, AddLots: []loyalty.Lot{lot(1, 10), lot(2, 20), lot(3, 30)}})
	commit(t, s, loyalty.Commit{Key: k, Version: 1, UpdateLots: []loyalty.Lot{lot(2, 0)}})
	for _, tt := range []struct {
		name string
		c    loyalty.Commit
	}{
		{"update of a closed lot", loyalty.Commit{UpdateLots: []loyalty.Lot{lot(1, 5), lot(2, 5)}}},
		{"update of an unknown lot", loyalty.Commit{UpdateLots: []loyalty.Lot{lot(9, 5)}}},
		{"added lot below an open one", loyalty.Commit{AddLots: []loyalty.Lot{lot(4, 5), lot(3, 5)}}},
		{"added lot with the ID of an open one", loyalty.Commit{AddLots: []loyalty.Lot{lot(3, 5)}}},
	} {
		tt.c.Key, tt.c.Version = k, 2
		tt.c.Append = []loyalty.Entry{entry("bad", 1)}
		if err := s.Commit(ctx, tt.c); !errors.Is(err, loyalty.ErrInvalidRequest) {
			t.Errorf("%s: error %v, want ErrInvalidRequest", tt.name, err)
		}
	}
	st, _ := load(t, s, k)
	es, _ := s.Entries(ctx, k, 0, 10)
	if got := remaining(open(t, s, k)); st.Version != 2 || got != "[1:0.10 EUR 3:0.30 EUR]" || len(es) != 0 {
		t.Errorf("a refused commit changed the store: version %d, lots %s, %d entries", st.Version, got, len(es))
	}
}
