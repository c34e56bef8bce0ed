package pgstore

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/storetest"
	"github.com/tariffkit/tariff/pricing"
)

func TestStore(t *testing.T) {
	db := needDB(t)
	t.Logf("engine: %s", engine)
	storetest.TestStore(t, func() loyalty.Store { return emptyStore(t, db) })
}

// TestExactValues commits values that a timestamptz or a float would
// change (instants a nanosecond apart, amounts with their scale, three
// decimal places) and reads them back unchanged, lots sorted by the
// nanosecond.
func TestExactValues(t *testing.T) {
	s := emptyStore(t, needDB(t))
	k := loyalty.Key{Program: "p", Member: "m"}
	base := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	kwd := func(n int64) pricing.Money { return pricing.FromMinor(n, pricing.KWD) }
	head := loyalty.Head{NextLot: 2, Entries: 1, Purchases: 1, PeriodStart: base.Add(1), PeriodAccrued: kwd(1001),
		Available: kwd(3), Pending: kwd(0), NextEvent: base.Add(999)}
	lots := []loyalty.Lot{
		{ID: 1, Tx: "t", Rule: "r", Amount: kwd(1), Remaining: kwd(1), AvailableAt: base, ExpiresAt: base.Add(2)},
		{ID: 2, Tx: "t", Rule: "r", Amount: kwd(2), Remaining: kwd(2), AvailableAt: base, ExpiresAt: base.Add(1)},
	}
	e := loyalty.Entry{Kind: loyalty.EntryAccrue, Tx: "t", Lot: 1, Rule: "r", Available: kwd(3), Pending: kwd(0), At: base.Add(123456789)}
	rec := loyalty.TxRecord{ID: "t", Op: loyalty.OpConvertIn, Fingerprint: "f", Amount: kwd(1234), Refunded: kwd(0),
		Result: loyalty.Result{Tx: "t", Op: loyalty.OpConvertIn, Bonus: kwd(3), Units: decimal.RequireFromString("2.50")}, FirstLot: 1, LastLot: 2}
	if err := s.Commit(ctx, loyalty.Commit{Key: k, Head: head, AddLots: lots, Append: []loyalty.Entry{e}, Records: []loyalty.TxRecord{rec}}); err != nil {
		t.Fatal(err)
	}
	st, recs, err := s.Load(ctx, k, "t")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(st.Head, head) {
		t.Errorf("head %+v, want %+v", st.Head, head)
	}
	if len(recs) != 1 || !reflect.DeepEqual(recs[0], rec) {
		t.Errorf("records %+v, want %+v", recs, rec)
	}
	es, err := s.Entries(ctx, k, 0, 10)
	if err != nil || len(es) != 1 || !es[0].At.Equal(e.At) || !es[0].Available.Equal(e.Available) {
		t.Errorf("entries %+v, %v; want %+v", es, err, e)
	}
	got, err := s.Lots(ctx, k, loyalty.LotQuery{Version: 1, Order: loyalty.AvailableByExpiry, Limit: 10})
	if err != nil || len(got) != 2 || got[0].ID != 2 || !got[0].ExpiresAt.Equal(base.Add(1)) || !got[1].ExpiresAt.Equal(base.Add(2)) {
		t.Errorf("lots by expiry %+v, %v; want lot 2 (expiring a nanosecond earlier) first", got, err)
	}
}

// TestRefusedValues commits what the tables cannot hold: refused with
// loyalty.ErrInvalidRequest, after the version check, changing nothing.
func TestRefusedValues(t *testing.T) {
	s := emptyStore(t, needDB(t))
	k := loyalty.Key{Program: "p", Member: "m"}
	if err := s.Commit(ctx, loyalty.Commit{Key: k}); err != nil {
		t.Fatal(err)
	}
	far := time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	eur := pricing.FromMinor(1, pricing.EUR)
	for _, tt := range []struct {
		name string
		c    loyalty.Commit
	}{
		{"an instant after 2262", loyalty.Commit{Append: []loyalty.Entry{{Tx: "t", At: far}}}},
		{"an expiry after 2262", loyalty.Commit{AddLots: []loyalty.Lot{{ID: 1, Remaining: eur, ExpiresAt: far}}}},
		{"a lot ID above the largest bigint", loyalty.Commit{AddLots: []loyalty.Lot{{ID: math.MaxInt64 + 1, Remaining: eur}}}},
		{"two currencies in one row", loyalty.Commit{Head: loyalty.Head{Available: eur, Pending: pricing.FromMinor(1, pricing.USD)}}},
	} {
		tt.c.Key = k
		tt.c.Version = 0 // stale: the version check comes first
		if err := s.Commit(ctx, tt.c); !errors.Is(err, loyalty.ErrVersionConflict) {
			t.Errorf("%s at a stale version: error %v, want ErrVersionConflict", tt.name, err)
		}
		tt.c.Version = 1
		if err := s.Commit(ctx, tt.c); !errors.Is(err, loyalty.ErrInvalidRequest) {
			t.Errorf("%s: error %v, want ErrInvalidRequest", tt.name, err)
		}
	}
	if st, _, err := s.Load(ctx, k); err != nil || st.Version != 1 {
		t.Errorf("after refused commits: version %d, %v; want 1", st.Version, err)
	}
}
