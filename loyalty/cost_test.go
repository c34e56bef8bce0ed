package loyalty_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
)

// countingStore counts what a Ledger reads and writes: the cost of an
// operation, independent of the machine.
type countingStore struct {
	loyalty.Store
	lotsRead, lotsWritten, entriesRead int
}

func (c *countingStore) Lots(ctx context.Context, k loyalty.Key, q loyalty.LotQuery) ([]loyalty.Lot, error) {
	ls, err := c.Store.Lots(ctx, k, q)
	c.lotsRead += len(ls)
	return ls, err
}

func (c *countingStore) Commit(ctx context.Context, cm loyalty.Commit) error {
	c.lotsWritten += len(cm.UpdateLots)
	return c.Store.Commit(ctx, cm)
}

func (c *countingStore) Entries(ctx context.Context, k loyalty.Key, from, limit int) ([]loyalty.Entry, error) {
	es, err := c.Store.Entries(ctx, k, from, limit)
	c.entriesRead += len(es)
	return es, err
}

func (c *countingStore) reset() { c.lotsRead, c.lotsWritten, c.entriesRead = 0, 0, 0 }

// holding returns a ledger whose member "m" holds n lots of 1 EUR, one
// accrued every minute from t0, with the spec's lock and lifetime.
func holding(t *testing.T, spec loyalty.Spec, n int) (*loyalty.Ledger, *countingStore) {
	t.Helper()
	spec.Rules = []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: eur("1")}}
	c := &countingStore{Store: memstore.New()}
	l, err := loyalty.NewLedger(mustProgram(t, spec), c)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		tx := loyalty.Transaction{ID: fmt.Sprint("a", i), Member: "m", Amount: eur("10")}
		if _, err := l.Accrue(ctx, tx, t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	c.reset()
	return l, c
}

// TestCostFollowsTheWork checks, by counting the lots and entries a
// Ledger reads and writes, that an operation's cost follows the lots it
// spends, activates, expires or reverses and the entries it shows, not
// what the member holds: the same figures with 10 lots held and with
// 3,000.
func TestCostFollowsTheWork(t *testing.T) {
	const lock, life = 14 * 24 * time.Hour, 365 * 24 * time.Hour
	tests := []struct {
		name      string
		spec      loyalty.Spec
		do        func(l *loyalty.Ledger) error
		maxRead   int // lots read
		wantWrite int // lots written
	}{
		{name: "a redemption of one cent reads a page and writes one lot", spec: loyalty.Spec{Lifetime: life},
			do: func(l *loyalty.Ledger) error {
				_, err := l.Redeem(ctx, loyalty.Redemption{ID: "r", Member: "m", Amount: eur("0.01")}, t0.Add(24*time.Hour))
				return err
			}, maxRead: 4, wantWrite: 1},
		{name: "a redemption spanning lots writes just those", spec: loyalty.Spec{Lifetime: life},
			do: func(l *loyalty.Ledger) error {
				_, err := l.Redeem(ctx, loyalty.Redemption{ID: "r", Member: "m", Amount: eur("5.50")}, t0.Add(24*time.Hour))
				return err
			}, maxRead: 12, wantWrite: 6},
		{name: "a conversion out spends like a redemption", spec: loyalty.Spec{Lifetime: life,
			Conversions: []loyalty.Conversion{{Unit: "MB", FromBonus: dec("100")}}},
			do: func(l *loyalty.Ledger) error {
				_, err := l.ConvertOut(ctx, loyalty.ConvertOut{ID: "o", Member: "m", Unit: "MB", Bonus: eur("1.50")}, t0.Add(24*time.Hour))
				return err
			}, maxRead: 4, wantWrite: 2},
		{name: "settling after two lock periods ended reads those lots and a page more", spec: loyalty.Spec{LockPeriod: lock, Lifetime: life},
			do: func(l *loyalty.Ledger) error {
				s, err := l.Settle(ctx, "m", t0.Add(lock+time.Minute))
				if err == nil && !s.Activated.Equal(eur("2")) {
					err = fmt.Errorf("activated %s, want 2 EUR", s.Activated)
				}
				return err
			}, maxRead: 4, wantWrite: 2},
		{name: "an accrual after a lock period ended activates only that lot", spec: loyalty.Spec{LockPeriod: lock, Lifetime: life},
			do: func(l *loyalty.Ledger) error {
				_, err := l.Accrue(ctx, loyalty.Transaction{ID: "late", Member: "m", Amount: eur("10")}, t0.Add(lock))
				return err
			}, maxRead: 4, wantWrite: 1},
		{name: "expiry reads the expired lots and a page more", spec: loyalty.Spec{Lifetime: life},
			do: func(l *loyalty.Ledger) error {
				s, err := l.Settle(ctx, "m", t0.Add(life+2*time.Minute))
				if err == nil && !s.Expired.Equal(eur("3")) {
					err = fmt.Errorf("expired %s, want 3 EUR", s.Expired)
				}
				return err
			}, maxRead: 8, wantWrite: 3},
		{name: "a refund reads only its transaction's lot", spec: loyalty.Spec{LockPeriod: lock, Lifetime: life},
			do: func(l *loyalty.Ledger) error {
				_, err := l.Refund(ctx, loyalty.Refund{ID: "f", Member: "m", Original: "a5", Amount: eur("10")}, t0.Add(time.Hour))
				return err
			}, maxRead: 1, wantWrite: 1},
		{name: "a refund of a spent transaction reads nothing more", spec: loyalty.Spec{Lifetime: life},
			do: func(l *loyalty.Ledger) error {
				if _, err := l.Redeem(ctx, loyalty.Redemption{ID: "r", Member: "m", Amount: eur("1")}, t0.Add(24*time.Hour)); err != nil {
					return err
				}
				res, err := l.Refund(ctx, loyalty.Refund{ID: "f", Member: "m", Original: "a0", Amount: eur("10")}, t0.Add(24*time.Hour))
				if err == nil && !res.Shortfall.Equal(eur("1")) {
					err = fmt.Errorf("shortfall %s, want 1 EUR", res.Shortfall)
				}
				return err
			}, maxRead: 5, wantWrite: 1},
	}
	for _, tt := range tests {
		for _, n := range []int{10, 3000} {
			t.Run(fmt.Sprintf("%s/%d lots held", tt.name, n), func(t *testing.T) {
				l, c := holding(t, tt.spec, n)
				if err := tt.do(l); err != nil {
					t.Fatal(err)
				}
				if c.lotsRead > tt.maxRead || c.lotsWritten != tt.wantWrite {
					t.Errorf("read %d lots (want at most %d), wrote %d (want %d)", c.lotsRead, tt.maxRead, c.lotsWritten, tt.wantWrite)
				}
				checkSums(t, l, "m")
			})
		}
	}
}

func TestStatementPage(t *testing.T) {
	l, c := holding(t, loyalty.Spec{}, 500)
	tests := []struct {
		name        string
		from, limit int
		wantFirst   string // Tx of the first entry returned, "" for none
		wantLen     int
	}{
		{"first page", 0, 10, "a0", 10},
		{"a page in the middle", 250, 10, "a250", 10},
		{"the latest page", 495, 10, "a495", 5},
		{"from the end: nothing", 500, 10, "", 0},
		{"limit zero: nothing", 7, 0, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name+": costs the page, counts the ledger", func(t *testing.T) {
			c.reset()
			es, n, err := l.StatementPage(ctx, "m", tt.from, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if n != 500 || len(es) != tt.wantLen || (tt.wantLen > 0 && es[0].Tx != tt.wantFirst) {
				t.Errorf("StatementPage(%d, %d) = %d entries from %v, n %d; want %d from %s, n 500", tt.from, tt.limit, len(es), es, n, tt.wantLen, tt.wantFirst)
			}
			if c.entriesRead != tt.wantLen {
				t.Errorf("read %d entries for a page of %d", c.entriesRead, tt.wantLen)
			}
		})
	}
	t.Run("pages add up to the statement", func(t *testing.T) {
		all, err := l.Statement(ctx, "m")
		if err != nil {
			t.Fatal(err)
		}
		var paged []loyalty.Entry
		for from := 0; ; from += 7 {
			es, _, err := l.StatementPage(ctx, "m", from, 7)
			if err != nil {
				t.Fatal(err)
			}
			if len(es) == 0 {
				break
			}
			paged = append(paged, es...)
		}
		if fmt.Sprint(paged) != fmt.Sprint(all) {
			t.Errorf("pages of 7 differ from the statement")
		}
	})
	t.Run("negative position or limit: refused", func(t *testing.T) {
		for _, p := range [][2]int{{-1, 5}, {0, -5}} {
			if _, _, err := l.StatementPage(ctx, "m", p[0], p[1]); err == nil {
				t.Errorf("StatementPage(%d, %d): no error", p[0], p[1])
			}
		}
	})
}
