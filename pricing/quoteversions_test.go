package pricing_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// The telco offer in two versions, catalog and price book alike:
//   - v1 (since always): the shipped telco catalog and telcoQuoteBook.
//   - v2 (from 1 October): Basic Call includes 100 SMS instead of 50 and
//     costs 12.00 instead of 10.00, its SMS 0.06 instead of 0.05; Carnival
//     200 costs 9.00 instead of 7.50; two products are new: the main
//     product basic_call_5g (200 SMS, 20.00 a month, 5.00 setup, SMS at
//     0.03) and the add-on sms_500 (500 SMS, 4.00 a month, 2.00 setup).
//     Everything else is priced as in v1.
//
// bookExisting and catExisting, when set, make v2 govern existing holdings
// from that instant on.
var (
	september1 = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	october1   = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
)

func telcoV2Definition() catalog.Definition {
	def := mustDefinition(catalogs.Telco)
	for i := range def.Products {
		p := &def.Products[i]
		if p.ID == "basic_call" {
			for j := range p.Features {
				for k := range p.Features[j].Values {
					if v := &p.Features[j].Values[k]; v.Attribute == "sms_included" {
						v.Value = catalog.Int(100)
					}
				}
			}
		}
		if p.Kind == catalog.KindAddOn && slices.Contains(p.AllowedMain, "basic_call") {
			p.AllowedMain = append(p.AllowedMain, "basic_call_5g")
		}
	}
	sms := func(n int64) []catalog.FeatureSetting {
		return []catalog.FeatureSetting{{Feature: "sms_bundle", Values: []catalog.AttributeValue{{Attribute: "sms_included", Value: catalog.Int(n)}}}}
	}
	def.Products = append(def.Products,
		catalog.Product{ID: "basic_call_5g", Name: "Basic Call 5G", Kind: catalog.KindMain, Features: sms(200)},
		catalog.Product{ID: "sms_500", Name: "SMS 500", Kind: catalog.KindAddOn, Priority: 5,
			AllowedMain: []string{"basic_call", "smart_call_plan", "basic_call_5g"}, Features: sms(500)})
	return def
}

func telcoV2Book() pricing.PriceBook {
	def := telcoQuoteDef()
	for i := range def.Charges {
		ch := &def.Charges[i]
		switch ch.ID {
		case "basic_call_monthly":
			ch.Price.Amount = d("12.00")
		case "basic_sms":
			ch.Price.Amount = d("0.06")
		case "carnival_200_monthly":
			ch.Price.Amount = d("9.00")
		}
	}
	def.Charges = append(def.Charges,
		recurringCharge("basic_call_5g", "20.00", pricing.EUR), oneTime("basic_call_5g", "5.00", pricing.EUR),
		usageCharge("5g_sms", "basic_call_5g", "SMS", "sms_included", "0.03", pricing.EUR),
		recurringCharge("sms_500", "4.00", pricing.EUR), oneTime("sms_500", "2.00", pricing.EUR))
	return def
}

// fataler is what telcoVersions needs of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
}

// telcoVersions returns the two versions; edit, when not nil, changes the
// books' definitions first.
func telcoVersions(t fataler, bookExisting, catExisting time.Time, edit func(v1, v2 *pricing.PriceBook)) (*pricing.BookVersions, *entitlement.Versioned) {
	t.Helper()
	b1, b2 := telcoQuoteDef(), telcoV2Book()
	if edit != nil {
		edit(&b1, &b2)
	}
	books, err := pricing.NewBookVersions(
		pricing.BookVersion{ID: "v1", Book: pricing.MustNewBook(b1)},
		pricing.BookVersion{ID: "v2", From: october1, Existing: bookExisting, Book: pricing.MustNewBook(b2)})
	if err != nil {
		t.Fatal(err)
	}
	set, err := catalog.NewVersions(
		catalog.Version{ID: "v1", Catalog: telcoCatalog},
		catalog.Version{ID: "v2", From: october1, Existing: catExisting, Catalog: catalog.MustNew(telcoV2Definition())})
	if err != nil {
		t.Fatal(err)
	}
	return books, entitlement.NewVersioned(set)
}

// vrow is what a table test checks of a line.
type vrow struct {
	Charge string
	Days   int
	Amount string
}

func vrowsOf(q pricing.Quote) []vrow {
	out := make([]vrow, len(q.Lines))
	for i, l := range q.Lines {
		out[i] = vrow{l.Charge, l.Days, l.Amount.Amount().StringFixed(2)}
	}
	return out
}

func TestVersionedQuoteRules(t *testing.T) {
	v1Account := entitlement.Account{ID: "a", Main: "basic_call"}
	tests := []struct {
		name                      string
		bookExisting, catExisting time.Time
		acct                      func(t *testing.T, v *entitlement.Versioned) entitlement.Account
		usage                     []pricing.UsageRecord
		want                      []vrow
		total                     string
	}{
		{
			name:  "grandfathered: sold under v1, quoted after v2, v1 prices and allowance",
			acct:  func(*testing.T, *entitlement.Versioned) entitlement.Account { return v1Account },
			usage: []pricing.UsageRecord{sms("s1", "130", day(5))},
			// 130 SMS, 50 included: 80 × 0.05.
			want:  []vrow{{"basic_call_monthly", 30, "10.00"}, {"basic_sms", 30, "4.00"}, {"basic_brazil", 30, "0.00"}},
			total: "14.00",
		},
		{
			name: "new customer after v2: v2 prices and allowance",
			acct: func(*testing.T, *entitlement.Versioned) entitlement.Account {
				return entitlement.Account{ID: "a", Main: "basic_call", MainFrom: time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)}
			},
			usage: []pricing.UsageRecord{sms("s1", "130", day(5))},
			// 130 SMS, 100 included: 30 × 0.06.
			want:  []vrow{{"basic_call_monthly", 30, "12.00"}, {"basic_sms", 30, "1.80"}, {"basic_brazil", 30, "0.00"}},
			total: "13.80",
		},
		{
			name:         "v2 for existing accounts from 11 Nov: two lines prorated by their days; an unchanged price keeps one line",
			bookExisting: dayStart(10),
			acct: func(*testing.T, *entitlement.Versioned) entitlement.Account {
				a := v1Account
				a.AddOns = []entitlement.Assignment{{AddOn: "easy_sms"}}
				return a
			},
			// 10.00 × 10/30 = 3.333… → 3.33 and 12.00 × 20/30 = 8.00 (the
			// split of each price around its span adds up to the price).
			want: []vrow{
				{"basic_call_monthly", 10, "3.33"}, {"basic_call_monthly", 20, "8.00"}, {"easy_sms_monthly", 30, "3.00"},
				{"basic_sms", 10, "0.00"}, {"basic_sms", 20, "0.00"}, {"basic_brazil", 30, "0.00"}},
			total: "14.33",
		},
		{
			name: "an add-on new in v2 bought by a v1 account: v2 price; the main product keeps its v1 price",
			acct: func(t *testing.T, v *entitlement.Versioned) entitlement.Account {
				a, _, err := v.Assign(v1Account, entitlement.Assignment{AddOn: "sms_500", From: day(11)}, day(11))
				if err != nil {
					t.Fatal(err)
				}
				return a
			},
			// 4.00 × 20/30 = 2.666… → 2.67, and its setup fee.
			want: []vrow{
				{"basic_call_monthly", 30, "10.00"}, {"sms_500_monthly", 20, "2.67"}, {"sms_500_setup", 0, "2.00"},
				{"basic_sms", 30, "0.00"}, {"basic_brazil", 30, "0.00"}},
			total: "14.67",
		},
		{
			name: "main change to a product only v2 sells, mid-month: old price until the change, v2 price and setup after",
			acct: func(t *testing.T, v *entitlement.Versioned) entitlement.Account {
				a, _, err := v.ChangeMain(v1Account, "basic_call_5g", day(16))
				if err != nil {
					t.Fatal(err)
				}
				return a
			},
			want: []vrow{
				{"basic_call_monthly", 15, "5.00"}, {"basic_call_5g_monthly", 15, "10.00"}, {"basic_call_5g_setup", 0, "5.00"},
				{"basic_sms", 15, "0.00"}, {"basic_brazil", 15, "0.00"}, {"5g_sms", 15, "0.00"}},
			total: "20.00",
		},
		{
			name: "moved on 11 Nov: old prices until the move, new after, no second setup fee",
			acct: func(t *testing.T, v *entitlement.Versioned) entitlement.Account {
				a := v1Account
				a.AddOns = []entitlement.Assignment{{AddOn: "easy_sms"}, {AddOn: "carnival_200"}}
				moved, err := v.Move(a, "v2", day(11))
				if err != nil {
					t.Fatal(err)
				}
				return moved
			},
			// Carnival 200: 7.50 × 10/30 = 2.50, 9.00 × 20/30 = 6.00. Easy
			// SMS is priced alike by both: one line, and its 1.00 setup fee
			// is not charged again for the moved assignment.
			want: []vrow{
				{"basic_call_monthly", 10, "3.33"}, {"basic_call_monthly", 20, "8.00"},
				{"carnival_200_monthly", 10, "2.50"}, {"easy_sms_monthly", 30, "3.00"}, {"carnival_200_monthly", 20, "6.00"},
				{"basic_sms", 10, "0.00"}, {"basic_sms", 20, "0.00"}, {"basic_brazil", 30, "0.00"}},
			total: "22.83",
		},
		{
			name:         "usage across the instant v2 takes over: each record rated by the version then, one allowance",
			bookExisting: dayStart(10),
			acct:         func(*testing.T, *entitlement.Versioned) entitlement.Account { return v1Account },
			// 50 SMS included all month (the catalog keeps v1's terms): the
			// first 40 are included, of the next 40 only 10, so 30 × 0.06.
			usage: []pricing.UsageRecord{sms("s1", "40", day(5)), sms("s2", "40", day(20))},
			want: []vrow{
				{"basic_call_monthly", 10, "3.33"}, {"basic_call_monthly", 20, "8.00"},
				{"basic_sms", 10, "0.00"}, {"basic_sms", 20, "1.80"}, {"basic_brazil", 30, "0.00"}},
			total: "13.13",
		},
		{
			name:        "catalog v2 for existing accounts from 11 Nov, books grandfathered: the allowance changes, prices do not",
			catExisting: dayStart(10),
			acct:        func(*testing.T, *entitlement.Versioned) entitlement.Account { return v1Account },
			// 50 × 10/30 + 100 × 20/30 = 83.33 → 83 included; 150 - 83 = 67 × 0.05.
			usage: []pricing.UsageRecord{sms("s1", "150", day(25))},
			want:  []vrow{{"basic_call_monthly", 30, "10.00"}, {"basic_sms", 30, "3.35"}, {"basic_brazil", 30, "0.00"}},
			total: "13.35",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			books, v := telcoVersions(t, tt.bookExisting, tt.catExisting, nil)
			q, err := pricing.NewVersionedQuote(books, v, tt.acct(t, v), nov, tt.usage)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tt.want, vrowsOf(q)); diff != "" {
				for _, l := range q.Lines {
					t.Log(l.Amount, l.Description)
				}
				t.Fatalf("lines (-want +got):\n%s", diff)
			}
			if got := q.Total(pricing.EUR); !got.Equal(money(tt.total, pricing.EUR)) {
				t.Fatalf("total %s, want %s", got, tt.total)
			}
		})
	}
}

// One add-on held twice at once under different terms: the newer terms
// rate its usage.
func TestVersionedQuoteNewerTermsRateAnAddOnHeldTwice(t *testing.T) {
	books, v := telcoVersions(t, time.Time{}, time.Time{}, func(v1, v2 *pricing.PriceBook) {
		v1.Charges = append(v1.Charges, usageCharge("easy_sms_sms", "easy_sms", "SMS", "", "0.04", pricing.EUR))
		v2.Charges = append(v2.Charges, usageCharge("easy_sms_sms", "easy_sms", "SMS", "", "0.02", pricing.EUR))
	})
	acct := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{
		{AddOn: "easy_sms"}, {AddOn: "easy_sms", Terms: time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)}}}
	q, err := pricing.NewVersionedQuote(books, v, acct, nov, []pricing.UsageRecord{sms("s1", "10", day(5))})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(q.Lines, func(l pricing.Line) bool { return l.Charge == "easy_sms_sms" })
	if i < 0 || !q.Lines[i].Amount.Equal(money("0.20", pricing.EUR)) {
		for _, l := range q.Lines {
			t.Log(l.Amount, l.Description)
		}
		t.Fatal("want the SMS rated at v2's 0.02: 0.20")
	}
}

// With one version of each, a versioned quote is NewQuote's, line for line:
// here on the busy month of the benchmarks.
func TestVersionedQuoteOneVersionIsNewQuote(t *testing.T) {
	book, r, acct, usage := benchQuote(t)
	books := pricing.MustNewBookVersions(pricing.BookVersion{ID: "only", Book: book})
	v := entitlement.NewVersioned(catalog.MustNewVersions(catalog.Version{ID: "only", Catalog: r.Catalog()}))
	want, err := pricing.NewQuote(book, r, acct, nov, usage)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pricing.NewVersionedQuote(books, v, acct, nov, usage)
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(want, got, quoteOpts); diff != "" {
		t.Fatalf("(-NewQuote +NewVersionedQuote):\n%s", diff)
	}
}

// quoteOpts compares quotes exactly: amounts and quantities as written.
var quoteOpts = gocmp.Options{
	gocmp.Comparer(func(a, b pricing.Money) bool { return a.String() == b.String() && a.Currency() == b.Currency() }),
	gocmp.Comparer(func(a, b decimal.Decimal) bool { return a.String() == b.String() }),
}

// An assignment that continues an identical one is the same purchase
// across versions (no second setup fee, one line); NewQuote still bills
// it as a new purchase.
func TestVersionedQuoteContinuationIsNoNewPurchase(t *testing.T) {
	books, v := telcoVersions(t, time.Time{}, time.Time{}, nil)
	acct := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{
		{AddOn: "easy_sms", From: day(3), Until: day(11)}, {AddOn: "easy_sms", From: day(11)}}}
	q, err := pricing.NewVersionedQuote(books, v, acct, nov, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []vrow
	for _, r := range vrowsOf(q) {
		if strings.HasPrefix(r.Charge, "easy_sms") {
			got = append(got, r)
		}
	}
	want := []vrow{{"easy_sms_monthly", 28, "2.80"}, {"easy_sms_setup", 0, "1.00"}}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Fatalf("versioned (-want +got):\n%s", diff)
	}
	single, err := pricing.NewQuote(books.Book(0), entitlement.NewResolver(telcoCatalog), acct, nov, nil)
	if err != nil {
		t.Fatal(err)
	}
	setups := 0
	for _, l := range single.Lines {
		if l.Charge == "easy_sms_setup" {
			setups++
		}
	}
	if setups != 2 {
		t.Fatalf("NewQuote bills %d setup fees, want 2 (its rule is unchanged)", setups)
	}
}

func TestVersionedQuoteRefusesMissingVersions(t *testing.T) {
	books, v := telcoVersions(t, time.Time{}, time.Time{}, nil)
	acct := entitlement.Account{ID: "a", Main: "basic_call"}
	tests := []struct {
		name  string
		books *pricing.BookVersions
		v     *entitlement.Versioned
		want  error
	}{
		{"nil books: no book", nil, v, pricing.ErrNoBook},
		{"zero books: no book", &pricing.BookVersions{}, v, pricing.ErrNoBook},
		{"nil versioned: no catalog", books, nil, entitlement.ErrNoCatalog},
		{"versioned of no versions: no catalog", books, entitlement.NewVersioned(nil), entitlement.ErrNoCatalog},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pricing.NewVersionedQuote(tt.books, tt.v, acct, nov, nil)
			if !errors.Is(err, pricing.ErrInvalidQuote) || !errors.Is(err, tt.want) {
				t.Fatalf("quote: %v, want ErrInvalidQuote and %v", err, tt.want)
			}
			_, err = pricing.PriceMigrations(tt.books, tt.v, nil, nov, nil)
			if !errors.Is(err, pricing.ErrInvalidQuote) || !errors.Is(err, tt.want) {
				t.Fatalf("migrations: %v, want ErrInvalidQuote and %v", err, tt.want)
			}
		})
	}
	if _, err := pricing.RankVersionedUpgrades(nil, acct, nil, nov, day(5)); !errors.Is(err, pricing.ErrInvalidQuote) || !errors.Is(err, pricing.ErrNoBook) {
		t.Fatalf("rank: %v, want ErrInvalidQuote and ErrNoBook", err)
	}
}

// A history cut into two versions of the account keeps the lines of one:
// each holding is still split only where its price changes.
func TestVersionedQuoteHistoryCutKeepsTheLines(t *testing.T) {
	books, v := telcoVersions(t, dayStart(10), time.Time{}, nil)
	acct := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms"}, {AddOn: "carnival_200"}}}
	whole, err := pricing.NewVersionedQuote(books, v, acct, nov, nil)
	if err != nil {
		t.Fatal(err)
	}
	cut, err := pricing.VersionedQuoteHistory(books, v, []pricing.Segment{{Account: acct}, {From: day(20), Account: acct}}, nov, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []vrow{
		{"basic_call_monthly", 10, "3.33"}, {"basic_call_monthly", 20, "8.00"},
		{"carnival_200_monthly", 10, "2.50"}, {"easy_sms_monthly", 30, "3.00"}, {"carnival_200_monthly", 20, "6.00"},
		{"basic_sms", 10, "0.00"}, {"basic_sms", 20, "0.00"}, {"basic_brazil", 30, "0.00"}}
	if diff := gocmp.Diff(want, vrowsOf(whole)); diff != "" {
		t.Fatalf("one version (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(whole, cut, quoteOpts); diff != "" {
		t.Fatalf("(-one version +cut on 20 Nov):\n%s", diff)
	}
}
