package pricing_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// ladderBook: the main product's plan discounts calls 5 % from 50 and 10 %
// from 200; add-on boost adds 12 % from 100 and 8 % from 200 (below the
// main plan's 10 %, to show the tie rule); add-on flat20 adds 20 % from 1000
// and 15 % from 100 (a higher percent at the same step as boost's 12 %).
func ladderBook() *pricing.Book {
	entry := func(min, pct string) pricing.DiscountEntry {
		return pricing.DiscountEntry{Charge: "calls", MinVolume: d(min), Percent: d(pct)}
	}
	return pricing.MustNewBook(pricing.PriceBook{
		Currency: pricing.EUR,
		Charges: []pricing.Charge{
			recurring("main_monthly", "main", "10"),
			usage("calls", "main", "minutes", "0.10"),
			usage("texts", "main", "sms", "0.05"),
			recurring("boost_monthly", "boost", "1"),
			recurring("flat20_monthly", "flat20", "1"),
		},
		Discounts: []pricing.DiscountPlan{
			{ID: "main_plan", Product: "main", Entries: []pricing.DiscountEntry{entry("50", "5"), entry("200", "10")}},
			{ID: "boost_plan", Product: "boost", Entries: []pricing.DiscountEntry{entry("100", "12"), entry("200", "8")}},
			{ID: "flat20_plan", Product: "flat20", Entries: []pricing.DiscountEntry{entry("1000", "20"), entry("100", "15")}},
		},
	})
}

func TestDiscountRule(t *testing.T) {
	b := ladderBook()
	tests := []struct {
		name      string
		charge    string
		volume    string
		products  []string
		wantPlan  string // "" for no discount
		wantPct   string
		wantStart string
	}{
		{"below every step: no discount", "calls", "49.99", []string{"main"}, "", "", ""},
		{"at a step: the step applies (inclusive)", "calls", "50", []string{"main"}, "main_plan", "5", "50"},
		{"between steps: the highest step not above the volume", "calls", "199", []string{"main"}, "main_plan", "5", "50"},
		{"add-on entries join the main product's ladder", "calls", "150", []string{"main", "boost"}, "boost_plan", "12", "100"},
		{"add-on not assigned: its entries do not apply", "calls", "150", []string{"main"}, "main_plan", "5", "50"},
		{"same step in two plans: the highest percent", "calls", "200", []string{"main", "boost"}, "main_plan", "10", "200"},
		{"same step, higher percent from the other add-on", "calls", "150", []string{"main", "boost", "flat20"}, "flat20_plan", "15", "100"},
		{"highest step wins even with a lower percent than a lower step", "calls", "250", []string{"main", "flat20"}, "main_plan", "10", "200"},
		{"entries of an add-on alone", "calls", "1000", []string{"flat20"}, "flat20_plan", "20", "1000"},
		{"another charge: no entries", "texts", "5000", []string{"main", "boost", "flat20"}, "", "", ""},
		{"unknown charge: no discount", "nope", "5000", []string{"main"}, "", "", ""},
		{"unknown products bring nothing", "calls", "5000", []string{"ghost"}, "", "", ""},
		{"no products: no discount", "calls", "5000", nil, "", "", ""},
		{"negative volume: no discount", "calls", "-1", []string{"main"}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := b.Discount(tt.charge, d(tt.volume), tt.products)
			if ok != (tt.wantPlan != "") {
				t.Fatalf("Discount found = %v (%+v), want %v", ok, got, tt.wantPlan != "")
			}
			if !ok {
				return
			}
			if got.Plan != tt.wantPlan || !got.Entry.Percent.Equal(d(tt.wantPct)) || !got.Entry.MinVolume.Equal(d(tt.wantStart)) || got.Entry.Charge != tt.charge {
				t.Errorf("Discount = %+v, want plan %s, %s %% from %s", got, tt.wantPlan, tt.wantPct, tt.wantStart)
			}
		})
	}
}

func TestDiscountEntries(t *testing.T) {
	b := ladderBook()
	got := b.DiscountEntries([]string{"boost", "main", "boost"}, "calls")
	var plans []string
	for _, e := range got {
		plans = append(plans, e.Plan+"@"+e.Entry.MinVolume.String())
	}
	want := []string{"main_plan@50", "main_plan@200", "boost_plan@100", "boost_plan@200"}
	if diff := cmp.Diff(want, plans); diff != "" {
		t.Errorf("DiscountEntries: book order, each plan once (-want +got):\n%s", diff)
	}
	if got := b.DiscountEntries([]string{"main"}, "texts"); got != nil {
		t.Errorf("DiscountEntries for a charge without entries = %v, want nil", got)
	}
}

func TestDiscountReduction(t *testing.T) {
	for _, tt := range []struct{ name, amount, percent, want string }{
		{"15 % of 24.00 = 3.6", "24.00", "15", "3.6"},
		{"exact, unrounded: 12.5 % of 0.13 = 0.01625", "0.13", "12.5", "0.01625"},
		{"0 % = 0", "99", "0", "0"},
		{"100 % = the amount", "7.77", "100", "7.77"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := pricing.DiscountEntry{Percent: d(tt.percent)}.Reduction(d(tt.amount))
			if !got.Equal(d(tt.want)) {
				t.Errorf("Reduction = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestDiscountLaws: the discount does not depend on the order or
// repetition of the products, and it is the candidate entry the rule names,
// checked against a plain scan of DiscountEntries.
func TestDiscountLaws(t *testing.T) {
	b := ladderBook()
	pool := []string{"main", "boost", "flat20", "ghost"}
	rapid.Check(t, func(t *rapid.T) {
		products := rapid.SliceOfN(rapid.SampledFrom(pool), 0, 6).Draw(t, "products")
		volume := d(rapid.SampledFrom([]string{"0", "49", "50", "99.5", "100", "150", "200", "999", "1000", "5000"}).Draw(t, "volume"))
		got, ok := b.Discount("calls", volume, products)

		shuffled := slices.Clone(products)
		slices.Reverse(shuffled)
		shuffled = append(shuffled, products...)
		got2, ok2 := b.Discount("calls", volume, shuffled)
		if ok != ok2 || got.Plan != got2.Plan || !got.Entry.MinVolume.Equal(got2.Entry.MinVolume) || !got.Entry.Percent.Equal(got2.Entry.Percent) {
			t.Fatalf("order or repetition changed the discount: %+v vs %+v", got, got2)
		}

		// Model: the candidates at or below volume; the best by step, then percent.
		var best *pricing.Discount
		for _, c := range b.DiscountEntries(products, "calls") {
			if c.Entry.MinVolume.Cmp(volume) > 0 {
				continue
			}
			if best == nil || c.Entry.MinVolume.Cmp(best.Entry.MinVolume) > 0 ||
				c.Entry.MinVolume.Equal(best.Entry.MinVolume) && c.Entry.Percent.Cmp(best.Entry.Percent) > 0 {
				best = &c
			}
		}
		if (best != nil) != ok {
			t.Fatalf("Discount found = %v, model found = %v", ok, best != nil)
		}
		if ok && (best.Plan != got.Plan || !best.Entry.MinVolume.Equal(got.Entry.MinVolume)) {
			t.Fatalf("Discount = %+v, model = %+v", got, *best)
		}
	})
}

func TestDiscountDoesNotAllocate(t *testing.T) {
	b := ladderBook()
	products := []string{"main", "boost", "flat20"}
	v := d("150")
	if n := testing.AllocsPerRun(100, func() { b.Discount("calls", v, products) }); n != 0 {
		t.Errorf("Discount allocates %v times per call, want 0", n)
	}
}

func BenchmarkDiscount_TelcoThreeProducts(b *testing.B) {
	book, err := pricing.DecodeBook(catalogs.TelcoPrices)
	if err != nil {
		b.Fatal(err)
	}
	products := []string{"smart_call_plan", "carnival_200", "easy_sms"}
	v := d("600")
	b.ReportAllocs()
	for b.Loop() {
		book.Discount("smart_call_plan_minutes_brazil", v, products)
	}
}
