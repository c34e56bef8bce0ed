package pricing_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// TestRankUpgradesCheapestFirst: John on Basic Call (50 SMS) needs 100 SMS
// on 11 Nov, with 20 of 30 days left. The candidates come by quota: the
// Smart Call plan (100 SMS) before Easy SMS (200 SMS).
func TestRankUpgradesCheapestFirst(t *testing.T) {
	r := telco(t)
	john := entitlement.Account{ID: "john", Main: "basic_call"}
	cands, err := r.UpgradeCandidates(john, day(11), "sms_included", d("100"))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range cands {
		order = append(order, c.Product)
	}
	if diff := cmp.Diff([]string{"smart_call_plan", "easy_sms"}, order); diff != "" {
		t.Fatalf("candidates (-want +got):\n%s", diff)
	}
	offers, err := pricing.RankUpgrades(telcoQuoteBook(), john, cands, nov, day(11))
	if err != nil {
		t.Fatal(err)
	}
	type offer struct {
		Product string
		Total   string
		Lines   []row
	}
	var got []offer
	for _, o := range offers {
		got = append(got, offer{o.Candidate.Product, o.Total.String(), rowsOf(o.Lines)})
	}
	want := []offer{
		// 3.00 × 20/30 = 2.00, plus the 1.00 setup fee = 3.00.
		{"easy_sms", "3.00 EUR", []row{
			{"easy_sms_monthly", "2.00 EUR", "Easy SMS, 11 Nov–30 Nov (20/30 of the month at 3.00 EUR)"},
			{"easy_sms_setup", "1.00 EUR", "Easy SMS: one-time charge, 11 Nov"},
		}},
		// Credit 10.00 × 20/30 = -6.67, charge 25.00 × 20/30 = 16.67: 10.00
		// (ProrateChange's lines for the same change).
		{"smart_call_plan", "10.00 EUR", []row{
			{"basic_call_monthly", "-6.67 EUR", "Credit for unused Basic Call, 11 Nov–30 Nov (20/30 of the month at 10.00 EUR)"},
			{"smart_call_plan_monthly", "16.67 EUR", "Smart Call, 11 Nov–30 Nov (20/30 of the month at 25.00 EUR)"},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("offers (-want +got):\n%s", diff)
	}
}

func rowsOf(lines []pricing.Line) []row {
	return rows(pricing.Quote{Lines: lines})
}

func TestRankUpgradesRules(t *testing.T) {
	r := telco(t)
	john := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "carnival_200"}}}
	assign := func(id string) entitlement.Candidate {
		next, cfg, err := r.Assign(john, entitlement.Assignment{AddOn: id, From: day(11)}, day(11))
		if err != nil {
			t.Fatal(err)
		}
		return entitlement.Candidate{Kind: entitlement.AddAddOn, Product: id, Account: next, Config: cfg}
	}
	t.Run("equal prices keep candidate order", func(t *testing.T) {
		def := telcoQuoteDef() // smart_call 3.00, conferencing_plus set to 3.00
		for i := range def.Charges {
			if def.Charges[i].Product == "conferencing_plus" {
				def.Charges[i].Price.Amount = d("3.00")
			}
		}
		book := pricing.MustNewBook(def)
		for _, order := range [][]string{{"smart_call", "conferencing_plus"}, {"conferencing_plus", "smart_call"}} {
			offers, err := pricing.RankUpgrades(book, john, []entitlement.Candidate{assign(order[0]), assign(order[1])}, nov, day(11))
			if err != nil {
				t.Fatal(err)
			}
			if offers[0].Candidate.Product != order[0] || !offers[0].Total.Equal(offers[1].Total) {
				t.Errorf("order %v: got %s (%s) first", order, offers[0].Candidate.Product, offers[0].Total)
			}
		}
	})
	t.Run("main change credits the add-ons it drops", func(t *testing.T) {
		next, ch, err := r.ChangeMain(john, "easy_call", day(11))
		if err != nil {
			t.Fatal(err)
		}
		cand := entitlement.Candidate{Kind: entitlement.SwitchMain, Product: "easy_call", Dropped: ch.Dropped, Account: next, Config: ch.Config}
		offers, err := pricing.RankUpgrades(telcoQuoteBook(), john, []entitlement.Candidate{cand}, nov, day(11))
		if err != nil {
			t.Fatal(err)
		}
		// Basic -6.67, Carnival 7.50 × 20/30 = -5.00, EasyCall 5.00 × 20/30: 500×20/30 = 333 r10, 10 days 166 r20 → 3.33.
		want := []string{"-6.67 EUR", "-5.00 EUR", "3.33 EUR"}
		var got []string
		for _, l := range offers[0].Lines {
			got = append(got, l.Amount.String())
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("lines (-want +got):\n%s", diff)
		}
		if !offers[0].Total.Equal(money("-8.34", pricing.EUR)) {
			t.Errorf("total = %s, want -8.34", offers[0].Total)
		}
	})
	t.Run("an unpriced candidate is refused", func(t *testing.T) {
		def := telcoQuoteDef()
		def.Charges = def.Charges[:len(def.Charges)-1] // no mailbox_plus
		book := pricing.MustNewBook(def)
		john := john
		john.Facts = map[string]decimal.Decimal{"arpu": d("60")}
		next, cfg, err := r.Assign(john, entitlement.Assignment{AddOn: "mailbox_plus", From: day(11)}, day(11))
		if err != nil {
			t.Fatal(err)
		}
		_, err = pricing.RankUpgrades(book, john, []entitlement.Candidate{{Kind: entitlement.AddAddOn, Product: "mailbox_plus", Account: next, Config: cfg}}, nov, day(11))
		if !errors.Is(err, pricing.ErrUnpriced) {
			t.Errorf("err = %v, want ErrUnpriced", err)
		}
	})
	t.Run("now outside the period is refused", func(t *testing.T) {
		if _, err := pricing.RankUpgrades(telcoQuoteBook(), john, nil, nov, nov.End); !errors.Is(err, pricing.ErrInvalidCut) {
			t.Errorf("err = %v, want ErrInvalidCut", err)
		}
	})
}
