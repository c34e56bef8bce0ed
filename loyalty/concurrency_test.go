package loyalty_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
)

// TestConcurrentAccrueRedeem runs many goroutines accruing, replaying and
// redeeming on the same few members through memstore, then checks every
// balance against a model built from the outcomes each goroutine saw.
func TestConcurrentAccrueRedeem(t *testing.T) {
	l, _ := newLedger(t, loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}, Lifetime: 365 * day})
	const workers, each = 16, 60
	members := []string{"m0", "m1", "m2", "m3"}
	var mu sync.Mutex
	model := map[string]int64{} // cents per member
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				member := members[(w*7+i)%len(members)]
				id := fmt.Sprintf("w%d-%d", w, i)
				// 100 EUR earns 5 EUR; sent twice, earned once.
				for range 2 {
					if _, err := l.Accrue(ctx, loyalty.Transaction{ID: "a" + id, Member: member, Amount: eur("100")}, t0); err != nil {
						t.Error(err)
						return
					}
				}
				mu.Lock()
				model[member] += 500
				mu.Unlock()
				_, err := l.Redeem(ctx, loyalty.Redemption{ID: "r" + id, Member: member, Amount: eur("7.5")}, t0)
				switch {
				case err == nil:
					mu.Lock()
					model[member] -= 750
					mu.Unlock()
				case !errors.Is(err, loyalty.ErrInsufficientBalance):
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, m := range members {
		b, err := l.Balance(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if want := cents(model[m]); !b.Available.Equal(want) || !b.Pending.IsZero() {
			t.Errorf("%s: balance %s (+%s pending), model %s", m, b.Available, b.Pending, want)
		}
		checkSums(t, l, m)
	}
}

// interloper is a Store whose first Commit lets another ledger spend
// first and then reports the version conflict that caused.
type interloper struct {
	loyalty.Store
	other func() error
	done  bool
}

func (s *interloper) Commit(ctx context.Context, c loyalty.Commit) error {
	if !s.done {
		s.done = true
		if err := s.other(); err != nil {
			return err
		}
	}
	return s.Store.Commit(ctx, c)
}

// TestRetryReadsAfresh: an attempt that meets a version conflict is
// retried from a fresh load; nothing read in the failed attempt is used.
func TestRetryReadsAfresh(t *testing.T) {
	spec := loyalty.Spec{Rules: []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: eur("1")}}, Lifetime: 30 * day}
	store := memstore.New()
	plain, err := loyalty.NewLedger(mustProgram(t, spec), store)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		if _, err := plain.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprint("a", i), Member: "m", Amount: eur("1")}, t0.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	s := &interloper{Store: store, other: func() error {
		_, err := plain.Redeem(ctx, loyalty.Redemption{ID: "first", Member: "m", Amount: eur("2.50")}, t0.Add(day))
		return err
	}}
	l, err := loyalty.NewLedger(mustProgram(t, spec), s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Redeem(ctx, loyalty.Redemption{ID: "second", Member: "m", Amount: eur("0.50")}, t0.Add(day)); err != nil {
		t.Fatal(err)
	}
	b, _ := plain.Balance(ctx, "m")
	if !b.Available.Equal(eur("3")) {
		t.Errorf("balance %s, want 3 EUR", b.Available)
	}
	es, _ := plain.Statement(ctx, "m")
	spent := map[uint64]int64{}
	for _, e := range es {
		if e.Kind == loyalty.EntryRedeem {
			spent[e.Lot] -= e.Available.Amount().Shift(2).IntPart()
		}
	}
	for lot, c := range spent {
		if c > 100 {
			t.Errorf("lot %d spent %d cents of 100", lot, c)
		}
	}
	checkSums(t, plain, "m")
}
