package memstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/loyalty/storetest"
)

func TestConformance(t *testing.T) {
	storetest.TestStore(t, func() loyalty.Store { return memstore.New() })
}

func TestZeroStoreConformance(t *testing.T) {
	storetest.TestStore(t, func() loyalty.Store { return new(memstore.Store) })
}

// TestNilStore: every method of a nil *Store returns ErrNoStore.
func TestNilStore(t *testing.T) {
	var s *memstore.Store
	ctx := context.Background()
	k := loyalty.Key{Program: "p", Member: "m"}
	calls := map[string]func() error{
		"Load":               func() error { _, _, err := s.Load(ctx, k, "tx"); return err },
		"Lots":               func() error { _, err := s.Lots(ctx, k, loyalty.LotQuery{Order: loyalty.ByID, Limit: 1}); return err },
		"Commit":             func() error { return s.Commit(ctx, loyalty.Commit{Key: k}) },
		"Entries":            func() error { _, err := s.Entries(ctx, k, 0, 1); return err },
		"PromoCount":         func() error { _, err := s.PromoCount(ctx, "p", "C"); return err },
		"AttributeToPartner": func() error { _, err := s.AttributeToPartner(ctx, "m", "partner"); return err },
		"Partner":            func() error { _, err := s.Partner(ctx, "m"); return err },
		"PromoUses":          func() error { _, err := s.PromoUses(ctx, k, "C"); return err },
		"CountPurchases":     func() error { _, err := s.CountPurchases(ctx, k, loyalty.PurchaseQuery{}); return err },
		"Traffic":            func() error { _, err := s.Traffic(ctx, "m", "MB"); return err },
		"CommitTraffic": func() error {
			return s.CommitTraffic(ctx, loyalty.Commit{Key: k}, loyalty.TrafficChange{Account: "m", Unit: "MB", Quantity: decimal.NewFromInt(1)})
		},
		"AddTraffic": func() error { _, err := s.AddTraffic("m", "MB", decimal.NewFromInt(1)); return err },
	}
	for name, call := range calls {
		t.Run(name+" on a nil Store returns ErrNoStore", func(t *testing.T) {
			if err := call(); !errors.Is(err, loyalty.ErrNoStore) {
				t.Errorf("error %v, want ErrNoStore", err)
			}
		})
	}
}
