package pricing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// mailboxTiers is the shipped telco catalog with Mailbox Max beside
// Mailbox Plus: 50 GB, excluding Mailbox Plus, a storage tier above it.
func mailboxTiers(t *testing.T) *entitlement.Resolver {
	t.Helper()
	def, err := catalog.DecodeDefinition(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	def.Products = append(def.Products, catalog.Product{ID: "mailbox_max", Name: "Mailbox Max", Kind: catalog.KindAddOn, Priority: 5,
		AllowedMain: []string{"basic_call", "smart_call_plan"}, Excludes: []string{"mailbox_plus"}, Groups: []string{"email_extras"},
		Features: []catalog.FeatureSetting{{Feature: "mailbox", Values: []catalog.AttributeValue{{Attribute: "storage_gb", Value: catalog.Qty(d("50"))}}}}})
	c, err := catalog.New(def)
	if err != nil {
		t.Fatal(err)
	}
	return entitlement.NewResolver(c)
}

// mailboxTiersBook is the fixture book with Mailbox Max at 4.50 a month
// and a 2.00 setup fee (Mailbox Plus is 1.99 a month).
func mailboxTiersBook() *pricing.Book {
	def := telcoQuoteDef()
	def.Charges = append(def.Charges, recurringCharge("mailbox_max", "4.50", pricing.EUR), oneTime("mailbox_max", "2.00", pricing.EUR))
	return pricing.MustNewBook(def)
}

// TestRankUpgradesPricesSwaps: John on Basic Call with an arpu of 60 has
// Mailbox Plus (10 GB) and is near its quota; the one upgrade is to swap
// it for Mailbox Max, which excludes it. The offer credits Mailbox Plus
// for the rest of the period and charges Mailbox Max from now.
func TestRankUpgradesPricesSwaps(t *testing.T) {
	r := mailboxTiers(t)
	book := mailboxTiersBook()
	john := func(mailboxPlus entitlement.Assignment) entitlement.Account {
		return entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{mailboxPlus},
			Facts: map[string]decimal.Decimal{"arpu": d("60")}}
	}
	// quoteDiff: the offer is exactly what the change adds to the period's
	// quote. That holds when the replaced add-on spans the whole period; a
	// holding that starts or ends within it has a shorter line in each
	// quote, each rounded on its own (Prorate), so the difference of the
	// two quotes may differ from the credit by a cent.
	tests := []struct {
		name      string
		acct      entitlement.Account
		now       time.Time
		want      []row
		total     string
		quoteDiff bool
	}{
		{"on 11 Nov: 20 of 30 days credited and charged", john(entitlement.Assignment{AddOn: "mailbox_plus"}), day(11), []row{
			// 1.99 split 10/20 days: 0.66 | 1.33.
			{"mailbox_plus_monthly", "-1.33 EUR", "Credit for unused Mailbox Plus, 11 Nov–30 Nov (20/30 of the month at 1.99 EUR)"},
			{"mailbox_max_monthly", "3.00 EUR", "Mailbox Max, 11 Nov–30 Nov (20/30 of the month at 4.50 EUR)"},
			{"mailbox_max_setup", "2.00 EUR", "Mailbox Max: one-time charge, 11 Nov"},
		}, "3.67 EUR", true},
		{"on the first day: the whole month", john(entitlement.Assignment{AddOn: "mailbox_plus"}), nov.Start, []row{
			{"mailbox_plus_monthly", "-1.99 EUR", "Credit for unused Mailbox Plus, 1 Nov–30 Nov"},
			{"mailbox_max_monthly", "4.50 EUR", "Mailbox Max, 1 Nov–30 Nov"},
			{"mailbox_max_setup", "2.00 EUR", "Mailbox Max: one-time charge, 1 Nov"},
		}, "4.51 EUR", true},
		{"bought on 5 Nov: only the days from now are credited", john(entitlement.Assignment{AddOn: "mailbox_plus", From: day(5)}), day(11), []row{
			{"mailbox_plus_monthly", "-1.33 EUR", "Credit for unused Mailbox Plus, 11 Nov–30 Nov (20/30 of the month at 1.99 EUR)"},
			{"mailbox_max_monthly", "3.00 EUR", "Mailbox Max, 11 Nov–30 Nov (20/30 of the month at 4.50 EUR)"},
			{"mailbox_max_setup", "2.00 EUR", "Mailbox Max: one-time charge, 11 Nov"},
		}, "3.67 EUR", false},
		{"ending on 21 Nov anyway: credited until then only", john(entitlement.Assignment{AddOn: "mailbox_plus", Until: day(21)}), day(11), []row{
			// 1.99 over 10 | 10 | 10 days: 0.66, 0.67, 0.66 (largest
			// remainders, the earlier first); 11–20 Nov is the middle part.
			{"mailbox_plus_monthly", "-0.66 EUR", "Credit for unused Mailbox Plus, 11 Nov–20 Nov (10/30 of the month at 1.99 EUR)"},
			{"mailbox_max_monthly", "3.00 EUR", "Mailbox Max, 11 Nov–30 Nov (20/30 of the month at 4.50 EUR)"},
			{"mailbox_max_setup", "2.00 EUR", "Mailbox Max: one-time charge, 11 Nov"},
		}, "4.34 EUR", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qc, err := r.CheckQuota(tt.acct, tt.now, "storage_gb", d("9.5"), d("90"))
			if err != nil {
				t.Fatal(err)
			}
			if len(qc.Candidates) != 1 || qc.Candidates[0].Kind != entitlement.SwapAddOn || qc.Candidates[0].Product != "mailbox_max" ||
				!cmp.Equal(qc.Candidates[0].Replaces, []string{"mailbox_plus"}) {
				t.Fatalf("candidates %+v, want the swap of Mailbox Plus for Mailbox Max", qc.Candidates)
			}
			offers, err := pricing.RankUpgrades(book, tt.acct, qc.Candidates, nov, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rowsOf(offers[0].Lines)); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if got := offers[0].Total.String(); got != tt.total {
				t.Errorf("total = %s, want %s", got, tt.total)
			}
			if !tt.quoteDiff {
				return
			}
			before, err := pricing.NewQuote(book, r, tt.acct, nov, nil)
			if err != nil {
				t.Fatal(err)
			}
			after, err := pricing.NewQuote(book, r, offers[0].Candidate.Account, nov, nil)
			if err != nil {
				t.Fatal(err)
			}
			diff, err := after.Total(pricing.EUR).Sub(before.Total(pricing.EUR))
			if err != nil || !diff.Equal(offers[0].Total) {
				t.Errorf("quote after - quote before = %s (%v), offer %s", diff, err, offers[0].Total)
			}
		})
	}
}

// A swap ranks among additions and main-product changes by its price,
// credits included.
func TestRankUpgradesOrdersSwapsByPrice(t *testing.T) {
	r := mailboxTiers(t)
	john := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "mailbox_plus"}},
		Facts: map[string]decimal.Decimal{"arpu": d("60")}}
	swap, err := r.UpgradeCandidates(john, day(11), "storage_gb", d("40"))
	if err != nil || len(swap) != 1 {
		t.Fatalf("candidates %v, %v; want the swap", swap, err)
	}
	more, err := r.UpgradeCandidates(john, day(11), "sms_included", d("100"))
	if err != nil {
		t.Fatal(err)
	}
	offers, err := pricing.RankUpgrades(mailboxTiersBook(), john, append(more, swap...), nov, day(11))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range offers {
		got = append(got, o.Candidate.Product+" "+o.Total.String())
	}
	// Easy SMS 2.00 + 1.00; the swap 3.67; Smart Call 16.67 - 6.67.
	want := []string{"easy_sms 3.00 EUR", "mailbox_max 3.67 EUR", "smart_call_plan 10.00 EUR"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("offers (-want +got):\n%s", diff)
	}
}

func TestRankUpgradesRefusesASwapWithoutWhatItReplaces(t *testing.T) {
	r := mailboxTiers(t)
	john := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "mailbox_plus"}},
		Facts: map[string]decimal.Decimal{"arpu": d("60")}}
	cands, err := r.UpgradeCandidates(john, day(11), "storage_gb", d("40"))
	if err != nil || len(cands) != 1 {
		t.Fatalf("candidates %v, %v", cands, err)
	}
	cands[0].Replaces = nil
	if _, err := pricing.RankUpgrades(mailboxTiersBook(), john, cands, nov, day(11)); !errors.Is(err, pricing.ErrInvalidQuote) {
		t.Errorf("err = %v, want ErrInvalidQuote", err)
	}
}

// Across versions, a swap is priced as with one book: with one version of
// each, RankVersionedUpgrades gives RankUpgrades' offer.
func TestRankVersionedUpgradesPricesSwaps(t *testing.T) {
	r := mailboxTiers(t)
	set, err := catalog.NewVersions(catalog.Version{ID: "v1", Catalog: r.Catalog()})
	if err != nil {
		t.Fatal(err)
	}
	books, err := pricing.NewBookVersions(pricing.BookVersion{ID: "b1", Book: mailboxTiersBook()})
	if err != nil {
		t.Fatal(err)
	}
	john := entitlement.Account{ID: "john", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "mailbox_plus"}},
		Facts: map[string]decimal.Decimal{"arpu": d("60")}}
	cands, err := entitlement.NewVersioned(set).UpgradeCandidates(john, day(11), "storage_gb", d("40"))
	if err != nil || len(cands) != 1 || cands[0].Kind != entitlement.SwapAddOn {
		t.Fatalf("candidates %v, %v; want the swap", cands, err)
	}
	got, err := pricing.RankVersionedUpgrades(books, john, cands, nov, day(11))
	if err != nil {
		t.Fatal(err)
	}
	want, err := pricing.RankUpgrades(mailboxTiersBook(), john, cands, nov, day(11))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rowsOf(want[0].Lines), rowsOf(got[0].Lines)); diff != "" || !got[0].Total.Equal(want[0].Total) {
		t.Errorf("versioned offer %s (-single +versioned):\n%s", got[0].Total, diff)
	}
}
