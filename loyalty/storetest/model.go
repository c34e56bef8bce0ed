package storetest

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/loyalty"
)

// testOrdersModel commits random changes to one member's lots (adds with
// tied and missing instants, partial spends, closings, activations, moved
// expiries) and after each commit checks every order against a plain
// model, the open lots sorted, read in pages of a random size and resumed
// after a random lot or ID.
func testOrdersModel(t *testing.T, s loyalty.Store) {
	checks := 0
	instants := []time.Time{{}, base, base.Add(time.Hour), base.Add(2 * time.Hour), base.Add(24 * time.Hour)}
	genInstant := rapid.SampledFrom(instants)
	rapid.Check(t, func(rt *rapid.T) {
		checks++
		k := key(fmt.Sprint("model-", checks))
		model := map[uint64]loyalty.Lot{}
		var version, lastID uint64
		for step := range rapid.IntRange(1, 12).Draw(rt, "steps") {
			c := loyalty.Commit{Key: k, Version: version}
			ids := slices.Sorted(maps.Keys(model))
			for _, id := range ids {
				if !rapid.Bool().Draw(rt, "change") {
					continue
				}
				l := model[id]
				switch rapid.IntRange(0, 3).Draw(rt, "how") {
				case 0:
					l.Remaining = cents(0)
				case 1:
					l.Remaining = cents(rapid.Int64Range(1, 99).Draw(rt, "remaining"))
				case 2:
					l.Pending = false
				case 3:
					l.ExpiresAt = genInstant.Draw(rt, "expires")
				}
				c.UpdateLots = append(c.UpdateLots, l)
			}
			for range rapid.IntRange(0, 4).Draw(rt, "adds") {
				lastID += rapid.Uint64Range(1, 3).Draw(rt, "gap")
				l := lot(lastID, rapid.Int64Range(1, 100).Draw(rt, "amount"))
				l.Pending = rapid.Bool().Draw(rt, "pending")
				l.AvailableAt = genInstant.Draw(rt, "available")
				l.ExpiresAt = genInstant.Draw(rt, "expires")
				c.AddLots = append(c.AddLots, l)
			}
			commit(rt, s, c)
			version++
			for _, l := range append(c.UpdateLots, c.AddLots...) {
				model[l.ID] = l
				if l.Remaining.IsZero() {
					delete(model, l.ID)
				}
			}
			want := slices.Collect(maps.Values(model))
			for _, o := range orders {
				ref := inOrder(want, o)
				limit := rapid.IntRange(1, 5).Draw(rt, "limit")
				if got := lots(rt, s, k, version, o, limit); describe(got) != describe(ref) {
					rt.Fatalf("step %d, %s in pages of %d:%s\nwant:%s", step, o, limit, describe(got), describe(ref))
				}
				if len(ref) == 0 {
					continue
				}
				after := ref[rapid.IntRange(0, len(ref)-1).Draw(rt, "after")]
				if o == loyalty.ByID && rapid.Bool().Draw(rt, "id only") {
					after = loyalty.Lot{ID: rapid.Uint64Range(0, lastID+1).Draw(rt, "after id")}
				}
				var rest []loyalty.Lot
				for _, l := range ref {
					if o.Compare(after, l) < 0 && len(rest) < limit {
						rest = append(rest, l)
					}
				}
				if after.ID == 0 {
					rest = ref[:min(limit, len(ref))]
				}
				page, err := s.Lots(ctx, k, loyalty.LotQuery{Version: version, Order: o, After: after, Limit: limit})
				if err != nil {
					rt.Fatal(err)
				}
				if describe(page) != describe(rest) {
					rt.Fatalf("step %d, %s after lot %d, limit %d:%s\nwant:%s", step, o, after.ID, limit, describe(page), describe(rest))
				}
			}
		}
	})
}
