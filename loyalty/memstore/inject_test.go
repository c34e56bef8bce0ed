package memstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// TestCommitTrafficInjectedFailure fails CommitTraffic at each of its
// stages, after the ledger side was checked and after the traffic side
// was, with a commit that writes every part (a lot, an entry, a record, a
// purchase, a promo claim): the ledger, the traffic and the promo counts
// stay as they were, and the same commit applies whole once nothing fails.
func TestCommitTrafficInjectedFailure(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	eur := func(n int64) pricing.Money { return pricing.FromMinor(n, pricing.EUR) }
	k := loyalty.Key{Program: "p", Member: "sim"}
	s := New()
	if _, err := s.AddTraffic("sim", "MB", decimal.NewFromInt(1000)); err != nil {
		t.Fatal(err)
	}
	c := loyalty.Commit{Key: k, Head: loyalty.Head{NextLot: 1, Entries: 1, Purchases: 1, Available: eur(300)},
		AddLots:  []loyalty.Lot{{ID: 1, Tx: "in", Rule: "MB", Amount: eur(300), Remaining: eur(300), AvailableAt: at}},
		Append:   []loyalty.Entry{{Kind: loyalty.EntryConvertIn, Tx: "in", Lot: 1, Available: eur(300), Pending: eur(0), At: at}},
		Records:  []loyalty.TxRecord{{ID: "in", Op: loyalty.OpConvertIn}},
		Purchase: &loyalty.Purchase{Tx: "in", At: at},
		Promo:    &loyalty.PromoClaim{Program: "p", Code: "C", Limit: 1, PerMember: 1}}
	tc := loyalty.TrafficChange{Account: "sim", Unit: "MB", Quantity: decimal.NewFromInt(-300), Program: "p", Tx: "in", At: at}
	snapshot := func() string {
		st, recs, _ := s.Load(ctx, k, "in")
		es, _ := s.Entries(ctx, k, 0, 10)
		lots, _ := s.Lots(ctx, k, loyalty.LotQuery{Version: st.Version, Order: loyalty.ByID, Limit: 10})
		n, _ := s.CountPurchases(ctx, k, loyalty.PurchaseQuery{Version: st.Version})
		uses, _ := s.PromoUses(ctx, k, "C")
		count, _ := s.PromoCount(ctx, "p", "C")
		mb, _ := s.Traffic(ctx, "sim", "MB")
		return fmt.Sprintf("version %d, %d records, %d entries, %d lots, %d purchases, promo %d/%d, %s MB",
			st.Version, len(recs), len(es), len(lots), n, uses, count, mb)
	}
	before := snapshot()
	injected := errors.New("injected")
	for _, stage := range []string{"ledger checked", "traffic checked"} {
		s.inject = func(at string) error {
			if at == stage {
				return injected
			}
			return nil
		}
		if err := s.CommitTraffic(ctx, c, tc); !errors.Is(err, injected) {
			t.Fatalf("failure injected at %q: error %v", stage, err)
		}
		if got := snapshot(); got != before {
			t.Errorf("failure injected at %q changed the store:\n%s\nwant\n%s", stage, got, before)
		}
	}
	s.inject = nil
	if err := s.CommitTraffic(ctx, c, tc); err != nil {
		t.Fatal(err)
	}
	if got, want := snapshot(), "version 1, 1 records, 1 entries, 1 lots, 1 purchases, promo 1/1, 700 MB"; got != want {
		t.Errorf("after the commit: %s, want %s", got, want)
	}
}

func TestAddTraffic(t *testing.T) {
	s := New()
	for _, step := range []struct {
		q       string
		want    string
		wantErr error
	}{{"500", "500", nil}, {"-200.5", "299.5", nil}, {"-300", "299.5", loyalty.ErrInsufficientTraffic}, {"0", "299.5", loyalty.ErrInvalidRequest}} {
		_, err := s.AddTraffic("sim", "MB", decimal.RequireFromString(step.q))
		got, _ := s.Traffic(context.Background(), "sim", "MB")
		if !errors.Is(err, step.wantErr) || (err == nil) != (step.wantErr == nil) || got.String() != step.want {
			t.Errorf("AddTraffic(%s): %s MB, error %v; want %s MB, error %v", step.q, got, err, step.want, step.wantErr)
		}
	}
}
