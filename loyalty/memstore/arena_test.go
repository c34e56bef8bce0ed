package memstore

import (
	"context"
	"testing"
	"time"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// TestClosedLotsAreReused: a member who accrues and spends for years
// holds memory for the lots open at once, not for every lot ever created.
func TestClosedLotsAreReused(t *testing.T) {
	ctx := context.Background()
	s := New()
	k := loyalty.Key{Program: "p", Member: "m"}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	amt := pricing.FromMinor(100, pricing.EUR)
	var version, id uint64
	const open, rounds = 300, 20
	for range rounds {
		var add, closeAll []loyalty.Lot
		for range open {
			id++
			l := loyalty.Lot{ID: id, Tx: "t", Amount: amt, Remaining: amt, AvailableAt: at, ExpiresAt: at.Add(time.Duration(id) * time.Hour)}
			add = append(add, l)
			l.Remaining = pricing.Zero(pricing.EUR)
			closeAll = append(closeAll, l)
		}
		for _, c := range []loyalty.Commit{{Key: k, Version: version, AddLots: add}, {Key: k, Version: version + 1, UpdateLots: closeAll}} {
			if err := s.Commit(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		version += 2
	}
	a := &s.shard(k).arena
	if chunks := len(a.nodes); chunks > open/nodeChunk+1 {
		t.Errorf("%d lots created, at most %d open at once: %d node chunks of %d, want at most %d",
			rounds*open, open, chunks, nodeChunk, open/nodeChunk+1)
	}
	if len(a.towers) > 1 {
		t.Errorf("%d tower chunks, want 1", len(a.towers))
	}
}
