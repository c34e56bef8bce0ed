package pricing_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/pricing"
)

// month returns the first instant of the given month of 2026, UTC.
func month(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC) }

// bookOf builds a EUR book of the given charges and free products.
func bookOf(free []string, charges ...pricing.Charge) *pricing.Book {
	return pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: charges, Free: free})
}

// bv is a BookVersion from an instant, without Existing.
func bv(id string, from time.Time, b *pricing.Book) pricing.BookVersion {
	return pricing.BookVersion{ID: id, From: from, Book: b}
}

func TestNewBookVersionsRules(t *testing.T) {
	a := bookOf(nil, recurring("main_monthly", "main", "10"))
	b := bookOf(nil, recurring("main_monthly", "main", "12"), recurring("extra_monthly", "extra", "2"))
	tests := []struct {
		name string
		vs   []pricing.BookVersion
		want []problem // nil: valid
	}{
		{"two versions in order: valid", []pricing.BookVersion{bv("v1", time.Time{}, a), bv("v2", month(3), b)}, nil},
		{"same charge ID, same product and kind, another price: valid",
			[]pricing.BookVersion{bv("v1", month(1), a), bv("v2", month(3), b)}, nil},
		{"no version: invalid_version", nil, []problem{{"versions", catalog.CodeInvalidVersion}}},
		{"version without a book: invalid_version", []pricing.BookVersion{bv("v1", month(1), a), bv("v2", month(3), nil)},
			[]problem{{"versions[v2].book", catalog.CodeInvalidVersion}}},
		{"version with the zero Book: invalid_version", []pricing.BookVersion{bv("v1", month(1), &pricing.Book{})},
			[]problem{{"versions[v1].book", catalog.CodeInvalidVersion}}},
		{"empty version ID: invalid_id at its position", []pricing.BookVersion{bv("v1", month(1), a), bv("", month(3), b)},
			[]problem{{"versions[#1]", catalog.CodeInvalidID}}},
		{"version ID with a space: invalid_id", []pricing.BookVersion{bv("v 1", month(1), a)},
			[]problem{{"versions[#0]", catalog.CodeInvalidID}}},
		{"duplicate version ID: duplicate_id", []pricing.BookVersion{bv("v1", month(1), a), bv("v1", month(3), b)},
			[]problem{{"versions[v1]", catalog.CodeDuplicateID}}},
		{"zero from after the first: invalid_version", []pricing.BookVersion{bv("v1", month(1), a), bv("v2", time.Time{}, b)},
			[]problem{{"versions[v2].from", catalog.CodeInvalidVersion}}},
		{"from before the previous one's: version_order", []pricing.BookVersion{bv("v1", month(3), a), bv("v2", month(1), b)},
			[]problem{{"versions[v2].from", catalog.CodeVersionOrder}}},
		{"from equal to the previous one's: version_order", []pricing.BookVersion{bv("v1", month(3), a), bv("v2", month(3), b)},
			[]problem{{"versions[v2].from", catalog.CodeVersionOrder}}},
		{"existing before from: invalid_version", []pricing.BookVersion{bv("v1", month(1), a),
			{ID: "v2", From: month(3), Existing: month(2), Book: b}},
			[]problem{{"versions[v2].existing", catalog.CodeInvalidVersion}}},
		{"existing at from: valid", []pricing.BookVersion{bv("v1", month(1), a),
			{ID: "v2", From: month(3), Existing: month(3), Book: b}}, nil},
		{"another currency than the first version's: currency", []pricing.BookVersion{bv("v1", month(1), a),
			bv("v2", month(3), pricing.MustNewBook(pricing.PriceBook{Currency: pricing.USD, Charges: []pricing.Charge{recurring("main_monthly", "main", "12")}}))},
			[]problem{{"versions[v2].book.currency", catalog.CodeCurrency}}},
		{"charge ID reused for another product: id_reused", []pricing.BookVersion{bv("v1", month(1), a),
			bv("v2", month(3), bookOf(nil, recurring("main_monthly", "extra", "12")))},
			[]problem{{"versions[v2].book.charges[main_monthly]", catalog.CodeIDReused}}},
		{"charge ID reused for another kind: id_reused", []pricing.BookVersion{bv("v1", month(1), a),
			bv("v2", month(3), bookOf(nil, usage("main_monthly", "main", "sms", "0.05")))},
			[]problem{{"versions[v2].book.charges[main_monthly]", catalog.CodeIDReused}}},
		{"every problem at once", []pricing.BookVersion{bv("v1", month(3), a), bv("v1", month(1), nil), {ID: "v3", From: month(4), Existing: month(2), Book: b}},
			[]problem{{"versions[v1]", catalog.CodeDuplicateID}, {"versions[v1].from", catalog.CodeVersionOrder}, {"versions[v1].book", catalog.CodeInvalidVersion},
				{"versions[v3].existing", catalog.CodeInvalidVersion}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := pricing.NewBookVersions(tt.vs...)
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (s == nil) == (err == nil) {
				t.Errorf("NewBookVersions returned set %v with error %v", s, err)
			}
		})
	}
}

func TestBookVersionsIndexAt(t *testing.T) {
	s := pricing.MustNewBookVersions(
		bv("v1", month(1), bookOf(nil, recurring("main_monthly", "main", "10"))),
		bv("v2", month(3), bookOf(nil, recurring("main_monthly", "main", "12"))),
	)
	tests := []struct {
		name string
		at   time.Time
		want int // -1: none
	}{
		{"before the first version: none", month(1).Add(-time.Nanosecond), -1},
		{"the zero time, before the first version: none", time.Time{}, -1},
		{"at the first version's from: the first", month(1), 0},
		{"between two versions: the earlier", month(2), 0},
		{"a nanosecond before the second: the first", month(3).Add(-time.Nanosecond), 0},
		{"at the second version's from: the second", month(3), 1},
		{"at the second version's from in another zone: the second", month(3).In(time.FixedZone("", 3600)), 1},
		{"after the last: the last", month(12), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.IndexAt(tt.at); got != tt.want {
				t.Errorf("IndexAt = %d, want %d", got, tt.want)
			}
			v, ok := s.At(tt.at)
			switch {
			case ok != (tt.want >= 0):
				t.Errorf("At reports %v", ok)
			case ok && v.ID != fmt.Sprintf("v%d", tt.want+1):
				t.Errorf("At = %s, want v%d", v.ID, tt.want+1)
			}
		})
	}
	since := pricing.MustNewBookVersions(bv("v1", time.Time{}, bookOf(nil, recurring("main_monthly", "main", "10"))))
	for _, at := range []time.Time{{}, month(1)} {
		if got := since.IndexAt(at); got != 0 {
			t.Errorf("a first version in force since always: IndexAt(%v) = %d, want 0", at, got)
		}
	}
	var none *pricing.BookVersions
	if got, ok := none.At(month(1)); ok || none.IndexAt(month(1)) != -1 || none.Len() != 0 || none.Book(0) != nil {
		t.Errorf("a nil set finds version %v", got)
	}
}

// governed is a set of three versions over Jan, Mar and Jun 2026: main is
// priced by all three; legacy by v1 and v2 only; new_prod from v2 on; gift
// charged by v1 and free from v3 on. v2 prices existing products from May.
func governed() *pricing.BookVersions {
	return pricing.MustNewBookVersions(
		bv("v1", month(1), bookOf(nil, recurring("main_monthly", "main", "10"), recurring("legacy_monthly", "legacy", "1"),
			recurring("gift_monthly", "gift", "3"))),
		pricing.BookVersion{ID: "v2", From: month(3), Existing: month(5), Book: bookOf(nil, recurring("main_monthly", "main", "12"),
			recurring("legacy_monthly", "legacy", "2"), recurring("new_monthly", "new_prod", "5"))},
		bv("v3", month(6), bookOf([]string{"gift"}, recurring("main_monthly", "main", "15"), recurring("new_monthly", "new_prod", "6"))),
	)
}

func TestBookVersionsGoverning(t *testing.T) {
	s := governed()
	tests := []struct {
		name      string
		product   string
		terms, at time.Time
		want      int // -1: no version prices it
	}{
		{"sold and billed under v1: v1", "main", month(2), month(2), 0},
		{"grandfathered: sold under v1, billed under v2 before its existing: v1", "main", month(2), month(4), 0},
		{"sold under v1, billed at v2's existing: v2", "main", month(2), month(5), 1},
		{"sold under v1, billed after v2's existing: v2", "main", month(2), month(7), 1},
		{"sold under v1, billed the instant before v2's existing: v1", "main", month(2), month(5).Add(-time.Nanosecond), 0},
		{"sold under v3: v3", "main", month(6), month(6), 2},
		{"terms before the first version: the first", "main", time.Time{}, month(2), 0},
		{"a product v3 stops pricing, sold under v3: the last version pricing it", "legacy", month(7), month(7), 1},
		{"a product v3 stops pricing, sold under v1 after v2's existing: v2", "legacy", month(2), month(8), 1},
		{"a product priced only from v2, terms before v2: v2", "new_prod", month(2), month(2), 1},
		{"a product priced only from v2, sold under v3: v3", "new_prod", month(6), month(6), 2},
		{"a free entry counts as pricing: v3", "gift", month(7), month(7), 2},
		{"a product priced only by a charge of v1, sold under v2: v1", "gift", month(4), month(4), 0},
		{"a product no version prices: none", "ghost", month(2), month(2), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.Governing(tt.product, tt.terms, tt.at)
			if !ok {
				got = -1
			}
			if got != tt.want {
				t.Errorf("Governing(%s, %s, %s) = %d, want %d", tt.product, tt.terms.Format(time.DateOnly), tt.at.Format(time.DateOnly), got, tt.want)
			}
			if want := governingModel(s, tt.product, tt.terms, tt.at); got != want {
				t.Errorf("the model gives %d", want)
			}
		})
	}
	if got := s.Floor(month(4)); got != -1 {
		t.Errorf("Floor before any existing = %d, want -1", got)
	}
	if got := s.Floor(month(5)); got != 1 {
		t.Errorf("Floor at v2's existing = %d, want 1", got)
	}
	if _, ok := (*pricing.BookVersions)(nil).Governing("main", month(1), month(1)); ok {
		t.Error("a nil set governs a product")
	}
}

// governingModel is Governing written out: the version whose terms apply
// is the one in force at terms (the first before it) or the newest with
// existing at or before at, whichever is newer; the product is priced by
// the newest version up to it that prices it, else the oldest that does.
func governingModel(s *pricing.BookVersions, product string, terms, at time.Time) int {
	prices := func(i int) bool {
		b := s.Book(i)
		return len(b.ChargesFor(product)) > 0 || b.IsFree(product)
	}
	e := 0
	for i := range s.Len() {
		v, _ := s.Version(i)
		if !v.From.After(terms) {
			e = max(e, i)
		}
		if !v.Existing.IsZero() && !v.Existing.After(at) {
			e = max(e, i)
		}
	}
	for i := e; i >= 0; i-- {
		if prices(i) {
			return i
		}
	}
	for i := e + 1; i < s.Len(); i++ {
		if prices(i) {
			return i
		}
	}
	return -1
}

// shopVersions is a catalog set: c1 from January sells main, extra (an
// add-on of main) and legacy; c2 from April retires legacy and adds
// new_prod. c1 defines the numeric attribute legacy_minutes, c2 does not.
func shopVersions(c2From time.Time) *catalog.Versions {
	c1 := catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}},
		Features: []catalog.Feature{{ID: "minutes", ServiceType: "voice", Attributes: []catalog.Attribute{
			{ID: "legacy_minutes", Type: catalog.TypeInteger, Combine: catalog.CombineSum},
		}}},
		Products: []catalog.Product{
			{ID: "main", Kind: catalog.KindMain},
			{ID: "extra", Kind: catalog.KindAddOn, AllowedMain: []string{"main"}},
			{ID: "legacy", Kind: catalog.KindMain},
		},
	})
	c2 := catalog.MustNew(catalog.Definition{
		Products: []catalog.Product{
			{ID: "main", Kind: catalog.KindMain},
			{ID: "extra", Kind: catalog.KindAddOn, AllowedMain: []string{"main"}},
			{ID: "new_prod", Kind: catalog.KindMain},
		},
	})
	return catalog.MustNewVersions(
		catalog.Version{ID: "c1", From: month(1), Catalog: c1},
		catalog.Version{ID: "c2", From: c2From, Catalog: c2},
	)
}

func TestBookVersionsValidateAgainst(t *testing.T) {
	// b1 prices what c1 sells; b2, from June, what c2 sells and legacy still.
	b1 := func() pricing.PriceBook {
		return pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
			recurring("main_monthly", "main", "10"), recurring("extra_monthly", "extra", "2"), recurring("legacy_monthly", "legacy", "1")}}
	}
	b2 := func() pricing.PriceBook {
		return pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
			recurring("main_monthly", "main", "12"), recurring("extra_monthly", "extra", "2"), recurring("legacy_monthly", "legacy", "1"),
			recurring("new_monthly", "new_prod", "5")}}
	}
	tests := []struct {
		name   string
		c2From time.Time // c2's from; b1's is January, b2's June
		change func(b1, b2 *pricing.PriceBook)
		want   []problem
	}{
		{"b1 over c2's span lacks its new product: revenue_leakage with the pair's path", month(4), func(_, _ *pricing.PriceBook) {},
			[]problem{{"versions[b1].catalog[c2].products[new_prod]", catalog.CodeRevenueLeakage}}},
		{"b1 prices c2's new product: valid", month(4), func(b1, _ *pricing.PriceBook) {
			b1.Charges = append(b1.Charges, recurring("new_monthly", "new_prod", "5"))
		}, nil},
		{"c2 begins with b2: b1 is not paired with it, valid", month(6), func(_, _ *pricing.PriceBook) {}, nil},
		{"new product declared free by b1: valid", month(4), func(b1, _ *pricing.PriceBook) {
			b1.Free = []string{"new_prod"}
		}, nil},
		{"a product retired by c2 still priced by b2: valid", month(6), func(_, _ *pricing.PriceBook) {}, nil},
		{"a retired product declared free, with a discount plan, in b2: valid", month(6), func(_, b2 *pricing.PriceBook) {
			b2.Charges = b2.Charges[:2]
			b2.Charges = append(b2.Charges, recurring("new_monthly", "new_prod", "5"))
			b2.Free = []string{"legacy"}
			b2.Discounts = []pricing.DiscountPlan{{ID: "legacy_plan", Product: "legacy", Entries: []pricing.DiscountEntry{
				{Charge: "main_monthly", MinVolume: d("1"), Percent: d("5")}}}}
		}, nil},
		{"a product b1 prices before c2 sells it: valid", month(6), func(b1, _ *pricing.PriceBook) {
			b1.Charges = append(b1.Charges, recurring("new_monthly", "new_prod", "5"))
		}, nil},
		{"a product c2 sells that b2 does not price: revenue_leakage though b1 does", month(6), func(b1, b2 *pricing.PriceBook) {
			b1.Charges = append(b1.Charges, recurring("new_monthly", "new_prod", "5"))
			b2.Charges = b2.Charges[:3]
		}, []problem{{"versions[b2].catalog[c2].products[new_prod]", catalog.CodeRevenueLeakage}}},
		{"a product no catalog version defines: unknown_reference in every pair", month(4), func(b1, _ *pricing.PriceBook) {
			b1.Charges = append(b1.Charges, recurring("new_monthly", "new_prod", "5"), recurring("ghost_monthly", "ghost", "1"))
			b1.Free = []string{"phantom"}
		}, []problem{
			{"versions[b1].catalog[c1].charges[ghost_monthly].product", catalog.CodeUnknownReference},
			{"versions[b1].catalog[c1].free[phantom]", catalog.CodeUnknownReference},
			{"versions[b1].catalog[c2].charges[ghost_monthly].product", catalog.CodeUnknownReference},
			{"versions[b1].catalog[c2].free[phantom]", catalog.CodeUnknownReference}}},
		{"allowance of a retired product that only its catalog version defines: valid", month(6), func(b1, b2 *pricing.PriceBook) {
			b1.Charges = append(b1.Charges, usageAllowance("legacy_calls", "legacy", "legacy_minutes"))
			b2.Charges = append(b2.Charges, usageAllowance("legacy_calls", "legacy", "legacy_minutes"))
		}, nil},
		{"allowance the catalog version lacks, for a product it sells: unknown_reference", month(6), func(_, b2 *pricing.PriceBook) {
			b2.Charges = append(b2.Charges, usageAllowance("main_calls", "main", "legacy_minutes"))
		}, []problem{{"versions[b2].catalog[c2].charges[main_calls].allowance", catalog.CodeUnknownReference}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d1, d2 := b1(), b2()
			tt.change(&d1, &d2)
			s := pricing.MustNewBookVersions(bv("b1", month(1), pricing.MustNewBook(d1)), bv("b2", month(6), pricing.MustNewBook(d2)))
			err := s.ValidateAgainst(shopVersions(tt.c2From))
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// A book version whose span ends before the first catalog version begins
// prices holdings sold before it, which take the first catalog version's
// terms: it is checked against that version.
func TestBookVersionsValidateAgainstBeforeCatalog(t *testing.T) {
	early := bookOf(nil, recurring("main_monthly", "main", "10"), recurring("extra_monthly", "extra", "2"))
	full := bookOf(nil, recurring("main_monthly", "main", "10"), recurring("extra_monthly", "extra", "2"), recurring("legacy_monthly", "legacy", "1"),
		recurring("new_monthly", "new_prod", "5"))
	s := pricing.MustNewBookVersions(bv("b0", time.Time{}, early), bv("b1", month(1).AddDate(0, -1, 0), full))
	want := []problem{{"versions[b0].catalog[c1].products[legacy]", catalog.CodeRevenueLeakage}}
	if diff := cmp.Diff(want, problemsOf(t, s.ValidateAgainst(shopVersions(month(4))))); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func usageAllowance(id, product, allowance string) pricing.Charge {
	c := usage(id, product, "minutes", "0.02")
	c.Allowance = allowance
	return c
}

func TestBookVersionsValidateAgainstNothing(t *testing.T) {
	s := governed()
	if err := (*pricing.BookVersions)(nil).ValidateAgainst(shopVersions(month(4))); !errors.Is(err, pricing.ErrNoBook) {
		t.Errorf("nil set: %v, want ErrNoBook", err)
	}
	if err := (&pricing.BookVersions{}).ValidateAgainst(shopVersions(month(4))); !errors.Is(err, pricing.ErrNoBook) {
		t.Errorf("zero set: %v, want ErrNoBook", err)
	}
	if err := s.ValidateAgainst(nil); !errors.Is(err, pricing.ErrNoCatalog) {
		t.Errorf("nil catalog set: %v, want ErrNoCatalog", err)
	}
	if err := s.ValidateAgainst(&catalog.Versions{}); !errors.Is(err, pricing.ErrNoCatalog) {
		t.Errorf("zero catalog set: %v, want ErrNoCatalog", err)
	}
}

// genInstant draws an instant of 2026 at a whole second or nanosecond, in
// UTC or in a zone RFC 3339 can or cannot write.
var genInstant = rapid.Custom(func(t *rapid.T) time.Time {
	at := month(1).Add(time.Duration(rapid.Int64Range(0, 365*24*3600).Draw(t, "seconds")) * time.Second)
	if rapid.Bool().Draw(t, "nanoseconds?") {
		at = at.Add(time.Duration(rapid.Int64Range(1, 999_999_999).Draw(t, "nanoseconds")))
	}
	zone := rapid.SampledFrom([]*time.Location{time.UTC, time.FixedZone("", 5*3600+1800), time.FixedZone("", -3600), time.FixedZone("LMT", 3208)}).Draw(t, "zone")
	return at.In(zone)
})

// genBookVersions draws a valid set of one to four versions over products
// p0…p5: a first version in force since always or from an instant, later
// ones in ascending order, some with Existing, each book a genBook draw in
// the first version's currency with its charge IDs made its own.
var genBookVersions = rapid.Custom(func(t *rapid.T) *pricing.BookVersions {
	n := rapid.IntRange(1, 4).Draw(t, "versions")
	times := rapid.SliceOfNDistinct(genInstant, n, n, func(x time.Time) int64 { return x.UnixNano() }).Draw(t, "froms")
	slices.SortFunc(times, time.Time.Compare)
	if rapid.Bool().Draw(t, "since always?") {
		times[0] = time.Time{}
	}
	var cur pricing.Currency
	vs := make([]pricing.BookVersion, n)
	for i := range vs {
		def := genBook.Draw(t, "book")
		if i == 0 {
			cur = def.Currency
		}
		def.Currency = cur
		rename := map[string]string{}
		for k := range def.Charges {
			c := &def.Charges[k]
			if !c.Price.Currency.IsZero() {
				c.Price.Currency = cur
			}
			rename[c.ID] = fmt.Sprintf("v%d_%s", i, c.ID)
			c.ID = rename[c.ID]
		}
		for k := range def.Discounts {
			for j := range def.Discounts[k].Entries {
				e := &def.Discounts[k].Entries[j]
				e.Charge = rename[e.Charge]
			}
		}
		vs[i] = pricing.BookVersion{ID: fmt.Sprintf("v%d", i), From: times[i], Book: pricing.MustNewBook(def)}
		if i > 0 && rapid.Bool().Draw(t, "existing?") {
			vs[i].Existing = times[i].Add(time.Duration(rapid.Int64Range(0, 90*24).Draw(t, "hours")) * time.Hour)
		}
	}
	return pricing.MustNewBookVersions(vs...)
})

// bookVersionsLaws: IndexAt is monotone in t; Governing is non-decreasing
// in the instant billed for fixed terms, and agrees with the model.
func bookVersionsLaws(t *rapid.T) {
	s := genBookVersions.Draw(t, "set")
	t1, t2 := genInstant.Draw(t, "t1"), genInstant.Draw(t, "t2")
	if t2.Before(t1) {
		t1, t2 = t2, t1
	}
	if a, b := s.IndexAt(t1), s.IndexAt(t2); a > b {
		t.Fatalf("IndexAt(%v) = %d > IndexAt(%v) = %d", t1, a, t2, b)
	}
	terms := genInstant.Draw(t, "terms")
	product := rapid.SampledFrom([]string{"p0", "p1", "p2", "p3", "p4", "p5"}).Draw(t, "product")
	g1, ok1 := s.Governing(product, terms, t1)
	g2, ok2 := s.Governing(product, terms, t2)
	if ok1 != ok2 || g1 > g2 {
		t.Fatalf("Governing(%s, %v) at %v = %d %v, at %v = %d %v", product, terms, t1, g1, ok1, t2, g2, ok2)
	}
	want := governingModel(s, product, terms, t1)
	if !ok1 {
		g1 = -1
	}
	if g1 != want {
		t.Fatalf("Governing(%s, %v, %v) = %d, the model %d", product, terms, t1, g1, want)
	}
}

func TestBookVersionsLaws(t *testing.T) { rapid.Check(t, bookVersionsLaws) }

func FuzzBookVersionsLaws(f *testing.F) { f.Fuzz(rapid.MakeFuzz(bookVersionsLaws)) }
