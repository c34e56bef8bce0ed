package loyalty_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/tariffkit/tariff/loyalty"
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
