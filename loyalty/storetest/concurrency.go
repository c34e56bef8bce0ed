package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tariffkit/tariff/loyalty"
)

func testConcurrentCommits(t *testing.T, s loyalty.Store) {
	const workers, each = 8, 50
	k := key("hot")
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
				h.Purchases++
				h.NextLot++
				err = s.Commit(ctx, loyalty.Commit{Key: k, Version: st.Version, Head: h, AddLots: []loyalty.Lot{lot(h.NextLot, 1)},
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
	es, _ := s.Entries(ctx, k, 0, 2*workers*each)
	const n = workers * each
	if st.Purchases != n || st.Version != n || len(es) != n || len(open(t, s, k)) != n {
		t.Errorf("after %d commits: purchases %d, version %d, %d entries, %d lots", n, st.Purchases, st.Version, len(es), len(open(t, s, k)))
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

	// One member, many goroutines, each retrying on version conflicts
	// until its claim is counted or refused for the member's limit.
	const perMember, tries = 3, 12
	ok.Store(0)
	for range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				st, _, err := s.Load(ctx, key("one"))
				if err != nil {
					t.Error(err)
					return
				}
				err = s.Commit(ctx, loyalty.Commit{Key: key("one"), Version: st.Version,
					Promo: &loyalty.PromoClaim{Program: "p", Code: "M", PerMember: perMember}})
				switch {
				case err == nil:
					ok.Add(1)
					return
				case errors.Is(err, loyalty.ErrPromoMemberLimit):
					return
				case !errors.Is(err, loyalty.ErrVersionConflict):
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n, _ := s.PromoCount(ctx, "p", "M"); ok.Load() != perMember || n != perMember {
		t.Errorf("one member: %d claims succeeded, count %d; want %d", ok.Load(), n, perMember)
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
			owner, err := s.AttributeToPartner(ctx, "sim", fmt.Sprint("partner", p))
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

// testConcurrentPages reads lots a page at a time while commits land: at
// version v the member holds lots max(1, v-9) to v, each expiring before
// the last (so each new lot goes to the front of AvailableByExpiry), and
// a reader either gets exactly those or ErrVersionConflict.
func testConcurrentPages(t *testing.T, s loyalty.Store) {
	const versions, readers = 300, 4
	k := key("m")
	lotAt := func(v uint64) loyalty.Lot {
		l := lot(v, 1)
		l.ExpiresAt = base.Add(time.Duration(versions-v) * time.Hour)
		return l
	}
	var done atomic.Bool
	var wg sync.WaitGroup
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				st, _, err := s.Load(ctx, k)
				if err != nil {
					t.Error(err)
					return
				}
				var got []uint64
				q := loyalty.LotQuery{Version: st.Version, Order: loyalty.AvailableByExpiry, Limit: 2}
				for {
					page, err := s.Lots(ctx, k, q)
					if errors.Is(err, loyalty.ErrVersionConflict) {
						got = nil
						break
					}
					if err != nil {
						t.Error(err)
						return
					}
					for _, l := range page {
						got = append(got, l.ID)
					}
					if len(page) < q.Limit {
						break
					}
					q.After = page[len(page)-1]
				}
				if got == nil {
					continue
				}
				var want []uint64
				for id := st.Version; id >= 1 && id+10 > st.Version; id-- {
					want = append(want, id)
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("version %d read without conflict: lots %v, want %v", st.Version, got, want)
					return
				}
			}
		}()
	}
	for v := uint64(1); v <= versions; v++ {
		c := loyalty.Commit{Key: k, Version: v - 1, AddLots: []loyalty.Lot{lotAt(v)}}
		if v > 10 {
			closed := lotAt(v - 10)
			closed.Remaining = cents(0)
			c.UpdateLots = []loyalty.Lot{closed}
		}
		if err := s.Commit(ctx, c); err != nil {
			t.Error(err)
			break
		}
	}
	done.Store(true)
	wg.Wait()
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
				at := base.Add(time.Duration(i) * time.Minute)
				if _, err := l.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprintf("a%d-%d", w, i), Member: member,
					Amount: cents(1000)}, at); err != nil {
					t.Error(err)
					return
				}
				_, err := l.Redeem(ctx, loyalty.Redemption{ID: fmt.Sprintf("r%d-%d", w, i), Member: member, Amount: cents(150)}, at)
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
		lotSum := cents(0)
		for _, lt := range open(t, s, loyalty.Key{Program: "p", Member: member}) {
			lotSum, _ = lotSum.Add(lt.Remaining)
		}
		if !sum.Equal(b.Available) || !lotSum.Equal(b.Available) {
			t.Errorf("%s: entries sum to %s and open lots to %s, balance is %s", member, sum, lotSum, b.Available)
		}
	}
}

// counting is a Store that counts the lots read and written through it.
type counting struct {
	loyalty.Store
	read, written atomic.Int64
}

func (c *counting) Lots(ctx context.Context, k loyalty.Key, q loyalty.LotQuery) ([]loyalty.Lot, error) {
	ls, err := c.Store.Lots(ctx, k, q)
	c.read.Add(int64(len(ls)))
	return ls, err
}

func (c *counting) Commit(ctx context.Context, cm loyalty.Commit) error {
	c.written.Add(int64(len(cm.UpdateLots)))
	return c.Store.Commit(ctx, cm)
}

// testLedgerLazy runs a Ledger over the store: with 500 lots held, a
// redemption reads a handful and writes only those it spends.
func testLedgerLazy(t *testing.T, s loyalty.Store) {
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "p", Currency: eur, Lifetime: 365 * 24 * time.Hour,
		Rules: []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: cents(100)}}})
	if err != nil {
		t.Fatal(err)
	}
	c := &counting{Store: s}
	l, err := loyalty.NewLedger(prog, c)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		tx := loyalty.Transaction{ID: fmt.Sprint("a", i), Member: "m", Amount: cents(1000)}
		if _, err := l.Accrue(ctx, tx, base.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	at := base.Add(24 * time.Hour)
	for _, r := range []struct {
		cents     int64
		maxRead   int64
		wantWrite int64
	}{{1, 8, 1}, {99, 8, 1}, {250, 8, 3}} {
		c.read.Store(0)
		c.written.Store(0)
		if _, err := l.Redeem(ctx, loyalty.Redemption{ID: fmt.Sprint("r", r.cents), Member: "m", Amount: cents(r.cents)}, at); err != nil {
			t.Fatal(err)
		}
		if c.read.Load() > r.maxRead || c.written.Load() != r.wantWrite {
			t.Errorf("redeeming %d cents of 500 lots read %d lots (want at most %d) and wrote %d (want %d)",
				r.cents, c.read.Load(), r.maxRead, c.written.Load(), r.wantWrite)
		}
	}
}
