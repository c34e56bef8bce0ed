package loyalty_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/loyalty"
)

// purchase is one purchase of a history scenario.
type purchase struct {
	partner, category string
	at                time.Duration // after t0
}

// returnRule is the seed's "return to the balance when making repeated
// purchases from a partner": 5 % between 3 and 8 EUR, on a repeat
// purchase through the same partner.
func returnRule(h loyalty.History) loyalty.Rule {
	r := bookingRule()
	r.ID = "repeat-return"
	r.When.History = h
	return r
}

// TestHistoryConditions plays a member's purchases (each of 100 EUR, so a
// matching rule earns 5 EUR) under one History condition, through a
// Ledger (the store counts) and through Program.Evaluate (Facts.History
// counts), and wants the same bonus from both at every purchase.
func TestHistoryConditions(t *testing.T) {
	repeatVia := func(p, c string, at time.Duration) purchase { return purchase{p, c, at} }
	tests := []struct {
		name      string
		history   loyalty.History
		purchases []purchase
		want      []string // bonus earned by each purchase
	}{
		{"the first purchase: History{From: 1, To: 1}", loyalty.History{From: 1, To: 1},
			[]purchase{{"hotelhub", "hotel", 0}, {"hotelhub", "hotel", day}},
			[]string{"5.00 EUR", "0.00 EUR"}},
		{"a repeat purchase: the second and every later one", loyalty.History{From: 2},
			[]purchase{{"hotelhub", "hotel", 0}, {"tripmate", "flight", day}, {"", "sim", 2 * day}},
			[]string{"0.00 EUR", "5.00 EUR", "5.00 EUR"}},
		{"exactly the third purchase", loyalty.History{From: 3, To: 3},
			[]purchase{{"a", "hotel", 0}, {"b", "hotel", day}, {"c", "hotel", 2 * day}, {"d", "hotel", 3 * day}},
			[]string{"0.00 EUR", "0.00 EUR", "5.00 EUR", "0.00 EUR"}},
		{"up to the second purchase: To without From", loyalty.History{To: 2},
			[]purchase{{"a", "hotel", 0}, {"a", "hotel", day}, {"a", "hotel", 2 * day}},
			[]string{"5.00 EUR", "5.00 EUR", "0.00 EUR"}},
		{"a repeat purchase through the same partner (the seed's return to the balance)", loyalty.History{From: 2, SamePartner: true},
			[]purchase{repeatVia("hotelhub", "hotel", 0), repeatVia("tripmate", "hotel", day), repeatVia("hotelhub", "flight", 2*day),
				repeatVia("tripmate", "hotel", 3*day), repeatVia("", "hotel", 4*day), repeatVia("", "sim", 5*day)},
			[]string{"0.00 EUR", "0.00 EUR", "5.00 EUR", "5.00 EUR", "0.00 EUR", "5.00 EUR"}},
		{"a repeat purchase in the same category", loyalty.History{From: 2, SameCategory: true},
			[]purchase{{"a", "hotel", 0}, {"a", "flight", day}, {"b", "hotel", 2 * day}, {"b", "flight", 3 * day}},
			[]string{"0.00 EUR", "0.00 EUR", "5.00 EUR", "5.00 EUR"}},
		{"the second purchase through one partner in one category", loyalty.History{From: 2, To: 2, SamePartner: true, SameCategory: true},
			[]purchase{{"a", "hotel", 0}, {"a", "flight", day}, {"b", "hotel", 2 * day}, {"a", "hotel", 3 * day}, {"a", "hotel", 4 * day}},
			[]string{"0.00 EUR", "0.00 EUR", "0.00 EUR", "5.00 EUR", "0.00 EUR"}},
		{"a repeat purchase within 30 days: older purchases do not count", loyalty.History{From: 2, Within: 30 * day},
			[]purchase{{"a", "hotel", 0}, {"a", "hotel", 10 * day}, {"a", "hotel", 45 * day}, {"a", "hotel", 70 * day},
				{"a", "hotel", 100 * day}, {"a", "hotel", 130 * day}},
			// day 130 is exactly 30 days after day 100: that purchase is not within the window
			[]string{"0.00 EUR", "5.00 EUR", "0.00 EUR", "5.00 EUR", "0.00 EUR", "0.00 EUR"}},
		{"the third booking within 30 days in the same category", loyalty.History{From: 3, To: 3, Within: 30 * day, SameCategory: true},
			[]purchase{{"a", "hotel", 0}, {"a", "flight", day}, {"b", "hotel", 2 * day}, {"a", "hotel", 3 * day}, {"a", "hotel", 40 * day}},
			[]string{"0.00 EUR", "0.00 EUR", "0.00 EUR", "5.00 EUR", "0.00 EUR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := loyalty.Spec{Rules: []loyalty.Rule{returnRule(tt.history)}}
			l, _ := newLedger(t, spec)
			prog := l.Program()
			var earlier []loyalty.Purchase
			var got, pure []string
			for i, p := range tt.purchases {
				tx := loyalty.Transaction{ID: fmt.Sprint("b", i), Member: "sim1", Amount: eur("100"), Partner: p.partner, Category: p.category}
				at := t0.Add(p.at)
				es, err := prog.Evaluate(tx, loyalty.Facts{FirstPurchase: len(earlier) == 0, History: earlier}, at)
				if err != nil {
					t.Fatal(err)
				}
				sum := eur("0")
				for _, e := range es {
					sum, _ = sum.Add(e.Available)
				}
				pure = append(pure, sum.String())
				res, err := l.Accrue(ctx, tx, at)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, res.Bonus.String())
				earlier = append(earlier, loyalty.Purchase{Tx: tx.ID, Partner: p.partner, Category: p.category, At: at})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Ledger.Accrue (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, pure); diff != "" {
				t.Errorf("Program.Evaluate with Facts.History (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHistoryCountsEveryAccrual: a transaction that earns nothing, or
// whose bonus is refunded, is still a purchase of the history.
func TestHistoryCountsEveryAccrual(t *testing.T) {
	l, _ := newLedger(t, loyalty.Spec{Rules: []loyalty.Rule{
		{ID: "third", Kind: loyalty.FixedBonus, Amount: eur("2"), When: loyalty.Condition{Categories: []string{"hotel"},
			History: loyalty.History{From: 3, To: 3}}}}})
	for i, c := range []string{"sim", "flight", "hotel"} { // the first two earn nothing
		res, err := l.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprint("b", i), Member: "m", Amount: eur("10"), Category: c}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]string{true: "2.00 EUR", false: "0.00 EUR"}[i == 2]; res.Bonus.String() != want {
			t.Errorf("purchase %d (%s): earned %s, want %s", i+1, c, res.Bonus, want)
		}
	}
}

func TestHistoryValidation(t *testing.T) {
	for _, tt := range []struct {
		name string
		when loyalty.Condition
		want []string
	}{
		{"from above to", loyalty.Condition{History: loyalty.History{From: 3, To: 2}}, []string{"rules[0].when.history.from bounds"}},
		{"negative fields", loyalty.Condition{History: loyalty.History{From: -1, Within: -day, To: 2}}, []string{"rules[0].when.history negative"}},
		{"a history every purchase meets", loyalty.Condition{History: loyalty.History{From: 1, SamePartner: true}},
			[]string{"rules[0].when.history required"}},
		{"first purchase and a history both", loyalty.Condition{FirstPurchase: true, History: loyalty.History{From: 2}},
			[]string{"rules[0].when.history unused_field"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := bookingRule()
			r.When = tt.when
			_, err := loyalty.NewProgram(loyalty.Spec{ID: "p", Currency: eur("1").Currency(), Rules: []loyalty.Rule{r}})
			if diff := cmp.Diff(tt.want, problems(t, err, loyalty.ErrInvalidProgram)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRecordHistory: a program keeps its purchase history when a condition
// reads it or RecordHistory asks; otherwise only the head counts
// purchases, which FirstPurchase and a whole-history condition read.
func TestRecordHistory(t *testing.T) {
	for _, tt := range []struct {
		name string
		spec loyalty.Spec
		want int64 // purchases kept in the store
	}{
		{"no History condition: none kept", loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}}, 0},
		{"RecordHistory: kept ahead of a condition", loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}, RecordHistory: true}, 2},
		{"a discount's History condition: kept", loyalty.Spec{Discounts: []loyalty.Discount{{ID: "d", Amount: eur("1"),
			When: loyalty.Condition{History: loyalty.History{From: 2}}}}}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, s := newLedger(t, tt.spec)
			for i := range 2 {
				if _, err := l.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprint("b", i), Member: "m", Amount: eur("10")}, t0); err != nil {
					t.Fatal(err)
				}
			}
			k := loyalty.Key{Program: "comfort", Member: "m"}
			st, _, _ := s.Load(ctx, k)
			n, err := s.CountPurchases(ctx, k, loyalty.PurchaseQuery{Version: st.Version})
			if err != nil || n != tt.want || st.Purchases != 2 {
				t.Errorf("%d purchases kept, %v, head counts %d; want %d kept, 2 counted", n, err, st.Purchases, tt.want)
			}
		})
	}
}
