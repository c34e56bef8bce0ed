package loyalty_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
)

// lyingStore hands out pages that contradict the head: it changes each
// page with lie before returning it.
type lyingStore struct {
	loyalty.Store
	lie func(q loyalty.LotQuery, page []loyalty.Lot) []loyalty.Lot
}

func (s *lyingStore) Lots(ctx context.Context, k loyalty.Key, q loyalty.LotQuery) ([]loyalty.Lot, error) {
	page, err := s.Store.Lots(ctx, k, q)
	if err != nil {
		return nil, err
	}
	return s.lie(q, page), nil
}

// TestInconsistentStoreRefused: lots that contradict the balance a store
// recorded are refused with ErrInconsistentStore, not spent, and nothing
// is written.
func TestInconsistentStoreRefused(t *testing.T) {
	tests := []struct {
		name string
		lie  func(q loyalty.LotQuery, page []loyalty.Lot) []loyalty.Lot
	}{
		{"lots missing: they hold less than the balance", func(q loyalty.LotQuery, page []loyalty.Lot) []loyalty.Lot {
			return nil
		}},
		{"a page longer than asked for", func(q loyalty.LotQuery, page []loyalty.Lot) []loyalty.Lot {
			return append(page, page...)
		}},
		{"lots out of order", func(q loyalty.LotQuery, page []loyalty.Lot) []loyalty.Lot {
			if len(page) > 1 {
				page[0], page[1] = page[1], page[0]
			}
			return page
		}},
		{"a pending lot among the available ones", func(q loyalty.LotQuery, page []loyalty.Lot) []loyalty.Lot {
			if len(page) > 0 {
				page[0].Pending = true
			}
			return page
		}},
		{"an empty lot handed out", func(q loyalty.LotQuery, page []loyalty.Lot) []loyalty.Lot {
			if len(page) > 0 {
				page[0].Remaining = cents(0)
			}
			return page
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inner := memstore.New()
			spec := loyalty.Spec{Rules: []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: eur("1")}}, Lifetime: 30 * day}
			plain, err := loyalty.NewLedger(mustProgram(t, spec), inner)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 6 {
				if _, err := plain.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprint("a", i), Member: "m", Amount: eur("1")}, t0.Add(time.Duration(i)*time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			l, err := loyalty.NewLedger(mustProgram(t, spec), &lyingStore{Store: inner, lie: tt.lie})
			if err != nil {
				t.Fatal(err)
			}
			before, _ := plain.Statement(ctx, "m")
			_, err = l.Redeem(ctx, loyalty.Redemption{ID: "r", Member: "m", Amount: eur("5.50")}, t0.Add(day))
			if !errors.Is(err, loyalty.ErrInconsistentStore) {
				t.Fatalf("error %v, want ErrInconsistentStore", err)
			}
			if after, _ := plain.Statement(ctx, "m"); len(after) != len(before) {
				t.Errorf("a refused redemption wrote %d entries", len(after)-len(before))
			}
		})
	}
}
