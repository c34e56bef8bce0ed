package entitlement

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
)

// idProducts makes products with the given IDs, every other one an add-on
// ranked by its index.
func idProducts(ids []string) []cproduct {
	ps := make([]cproduct, len(ids))
	for i, id := range ids {
		ps[i] = cproduct{id: id, kind: catalog.KindMain, rank: int32(i)}
		if i%2 == 1 {
			ps[i].kind = catalog.KindAddOn
		}
	}
	return ps
}

// checkFind checks that t finds each of ids at its index, with its rank
// for an add-on, and finds none of absent.
func checkFind(t interface{ Fatalf(string, ...any) }, ids, absent []string) {
	tab := newIDTable(idProducts(ids))
	for i, id := range ids {
		s := tab.find(id)
		if s == nil || s.p-1 != int32(i) {
			t.Fatalf("find(%q) = %+v, want product %d", id, s, i)
		}
		want := int32(invalidRank)
		if i%2 == 1 {
			want = int32(i)
		}
		if s.rank != want {
			t.Fatalf("find(%q).rank = %d, want %d", id, s.rank, want)
		}
	}
	for _, id := range absent {
		if s := tab.find(id); s != nil {
			t.Fatalf("find(%q) = product %d (%q), want none", id, s.p-1, ids[s.p-1])
		}
	}
}

// checkDrawn draws a set of distinct IDs from id, and probes from it too,
// and checks find on them (see checkFind).
func checkDrawn(t *rapid.T, id *rapid.Generator[string]) {
	ids := rapid.SliceOfNDistinct(id, 1, 200, rapid.ID).Draw(t, "ids")
	known := map[string]bool{}
	for _, s := range ids {
		known[s] = true
	}
	var absent []string
	for _, s := range rapid.SliceOfN(id, 0, 50).Draw(t, "probes") {
		if !known[s] {
			absent = append(absent, s)
		}
	}
	checkFind(t, ids, absent)
}

// TestIDTable covers each way find reads an ID: shorter than 8 bytes, 8 to
// 16 (the ends are the whole ID), and longer (the ends agree, the middle
// differs), and IDs that are prefixes of others.
func TestIDTable(t *testing.T) {
	ids := []string{
		"a", "ab", "main", "basic_7", // under 8 bytes
		"addon000", "addon001", "smart_call_plan", "conferencing_16b", // 8 to 16
		"international_minutes_pack_v2", "international_Minutes_pack_v2", // longer, same ends
		"international_minutes_pack_v2x",
	}
	absent := []string{
		"", "b", "mai", "main ", "addon00", "addon002", "addon0000",
		"smart_call_plam", "international_minuteS_pack_v2", "international_minutes_pack_v3",
		"\x00main", "main\x00",
	}
	checkFind(t, ids, absent)
}

// TestIDTableEmpty: a catalog without products finds nothing.
func TestIDTableEmpty(t *testing.T) {
	checkFind(t, nil, []string{"", "main", "smart_call_plan", "international_minutes_pack_v2"})
}

// TestIDTableProperty: for any set of distinct IDs, find returns each one's
// product and no product for any other string.
func TestIDTableProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// A small alphabet, so IDs share heads, tails and lengths.
		id := rapid.StringOfN(rapid.RuneFrom([]rune("ab_\x00é")), 0, 24, -1)
		checkDrawn(t, id)
	})
}

// TestIDTableSameEnds: IDs longer than 16 bytes that agree in length and in
// their first and last eight bytes are told apart by their middle, even
// where their probes meet.
func TestIDTableSameEnds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		id := rapid.Custom(func(t *rapid.T) string {
			return "premium_" + rapid.StringOfN(rapid.RuneFrom([]rune("ab")), 8, 8, -1).Draw(t, "middle") + "_monthly"
		})
		checkDrawn(t, id)
	})
}
