package pricing_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/internal/catalogtest"
	"github.com/tariffkit/tariff/pricing"
)

// shop is a small catalog: main products main and gift, add-on extra
// (allowed with main), add-on orphan (allowed with no main product), and a
// numeric attribute sms_included beside a string attribute greeting.
var shop = catalog.MustNew(catalog.Definition{
	ServiceTypes: []catalog.ServiceType{{ID: "sms"}},
	Features: []catalog.Feature{{ID: "sms_bundle", ServiceType: "sms", Attributes: []catalog.Attribute{
		{ID: "sms_included", Type: catalog.TypeInteger, Combine: catalog.CombineSum},
		{ID: "greeting", Type: catalog.TypeString},
	}}},
	Products: []catalog.Product{
		{ID: "main", Kind: catalog.KindMain},
		{ID: "gift", Kind: catalog.KindMain},
		{ID: "extra", Kind: catalog.KindAddOn, AllowedMain: []string{"main"}},
		{ID: "orphan", Kind: catalog.KindAddOn},
	},
})

func TestValidateAgainstRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(b *pricing.PriceBook)
		want   []problem
	}{
		{"every assignable product charged or free: valid", func(*pricing.PriceBook) {}, nil},
		{"main product without charge: revenue_leakage", func(b *pricing.PriceBook) {
			b.Free = nil
		}, []problem{{"products[gift]", catalog.CodeRevenueLeakage}}},
		{"assignable add-on without charge: revenue_leakage", func(b *pricing.PriceBook) {
			b.Charges = b.Charges[:2]
			b.Discounts = nil
		}, []problem{{"products[extra]", catalog.CodeRevenueLeakage}}},
		{"assignable add-on declared free: not leakage", func(b *pricing.PriceBook) {
			b.Charges = b.Charges[:2]
			b.Discounts = nil
			b.Free = append(b.Free, "extra")
		}, nil},
		{"add-on no main allows: not leakage", func(b *pricing.PriceBook) {
			// orphan has no charge in the base book either.
		}, nil},
		{"a product with only a usage charge: not leakage", func(b *pricing.PriceBook) {
			b.Charges[0] = usage("main_calls", "main", "minutes", "0.02")
		}, nil},
		{"every leaking product reported at once, in catalog order", func(b *pricing.PriceBook) {
			b.Charges = nil
			b.Discounts = nil
			b.Free = nil
		}, []problem{{"products[main]", catalog.CodeRevenueLeakage}, {"products[gift]", catalog.CodeRevenueLeakage}, {"products[extra]", catalog.CodeRevenueLeakage}}},
		{"charge for an unknown product: unknown_reference", func(b *pricing.PriceBook) {
			b.Charges = append(b.Charges, recurring("ghost_monthly", "ghost", "1"))
		}, []problem{{"charges[ghost_monthly].product", catalog.CodeUnknownReference}}},
		{"unknown product declared free: unknown_reference", func(b *pricing.PriceBook) {
			b.Free = append(b.Free, "ghost")
		}, []problem{{"free[ghost]", catalog.CodeUnknownReference}}},
		{"discount plan of an unknown product: unknown_reference", func(b *pricing.PriceBook) {
			b.Discounts[0].Product = "ghost"
		}, []problem{{"discounts[extra_sms].product", catalog.CodeUnknownReference}}},
		{"allowance naming an unknown attribute: unknown_reference", func(b *pricing.PriceBook) {
			b.Charges[1].Allowance = "sms_free"
		}, []problem{{"charges[main_sms].allowance", catalog.CodeUnknownReference}}},
		{"allowance naming a numeric attribute: valid", func(b *pricing.PriceBook) {
			b.Charges[1].Allowance = "sms_included"
		}, nil},
		{"allowance naming a string attribute: not_numeric", func(b *pricing.PriceBook) {
			b.Charges[1].Allowance = "greeting"
		}, []problem{{"charges[main_sms].allowance", catalog.CodeNotNumeric}}},
		{"references and leakage reported together", func(b *pricing.PriceBook) {
			b.Free = []string{"ghost"}
		}, []problem{{"free[ghost]", catalog.CodeUnknownReference}, {"products[gift]", catalog.CodeRevenueLeakage}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := baseBook()
			tt.change(&def)
			b, err := pricing.NewBook(def)
			if err != nil {
				t.Fatalf("NewBook: %v", err)
			}
			if diff := cmp.Diff(tt.want, problemsOf(t, b.ValidateAgainst(shop))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func telcoBook(t *testing.T) (*pricing.Book, *catalog.Catalog) {
	t.Helper()
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		t.Fatalf("decode telco catalog: %v", err)
	}
	b, err := pricing.DecodeBook(catalogs.TelcoPrices)
	if err != nil {
		t.Fatalf("decode telco prices: %v", err)
	}
	return b, c
}

func TestTelcoPricesValidate(t *testing.T) {
	b, c := telcoBook(t)
	if err := b.ValidateAgainst(c); err != nil {
		t.Fatalf("telco prices against telco catalog: %v", err)
	}
	for _, tc := range []struct {
		product, charge, amount string
	}{
		{"basic_call", "basic_call_monthly", "9.99"},
		{"smart_call_plan", "smart_call_plan_monthly", "24.99"},
		{"smart_call_plan", "smart_call_plan_setup", "15.00"},
		{"easy_call", "easy_call_monthly", "4.99"},
		{"easy_sms", "easy_sms_monthly", "2.00"},
		{"carnival_200", "carnival_200_monthly", "5.00"},
		{"conferencing_plus", "conferencing_plus_monthly", "3.50"},
		{"smart_call", "smart_call_monthly", "1.50"},
		{"unconditional_forwarding", "unconditional_forwarding_monthly", "1.00"},
		{"advanced_forwarding", "advanced_forwarding_monthly", "1.00"},
		{"ivr_calling", "ivr_calling_monthly", "2.50"},
		{"mailbox_plus", "mailbox_plus_monthly", "1.99"},
	} {
		ch, ok := b.Charge(tc.charge)
		if !ok || ch.Product != tc.product || !ch.Price.Amount.Equal(d(tc.amount)) || ch.Price.Currency != pricing.EUR {
			t.Errorf("charge %s = %+v, want %s EUR for %s", tc.charge, ch, tc.amount, tc.product)
		}
	}
}

// TestTelcoPricesLeakagePerProduct removes all charges of one product at a
// time (and the discount entries naming them): exactly that product leaks.
func TestTelcoPricesLeakagePerProduct(t *testing.T) {
	b, c := telcoBook(t)
	for _, product := range c.ProductIDs() {
		t.Run(product, func(t *testing.T) {
			def := b.Definition()
			removed := map[string]bool{}
			var kept []pricing.Charge
			for _, ch := range def.Charges {
				if ch.Product == product {
					removed[ch.ID] = true
				} else {
					kept = append(kept, ch)
				}
			}
			def.Charges = kept
			for i := range def.Discounts {
				var entries []pricing.DiscountEntry
				for _, e := range def.Discounts[i].Entries {
					if !removed[e.Charge] {
						entries = append(entries, e)
					}
				}
				def.Discounts[i].Entries = entries
			}
			nb, err := pricing.NewBook(def)
			if err != nil {
				t.Fatalf("NewBook: %v", err)
			}
			want := []problem{{"products[" + product + "]", catalog.CodeRevenueLeakage}}
			if diff := cmp.Diff(want, problemsOf(t, nb.ValidateAgainst(c))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLeakageProperty: on any valid catalog, a book with one charge per
// product leaks nothing; without the charges of one product, exactly that
// product leaks if it is assignable (a main product, or an add-on with an
// allowed main product) and nothing leaks otherwise.
func TestLeakageProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := catalog.MustNew(catalogtest.Definition(catalogtest.Config{}).Draw(t, "catalog"))
		ids := c.ProductIDs()
		drop := rapid.SampledFrom(ids).Draw(t, "drop")
		full := pricing.PriceBook{Currency: pricing.EUR}
		for _, id := range ids {
			full.Charges = append(full.Charges, recurring(id+"_monthly", id, "1"))
		}
		if err := pricing.MustNewBook(full).ValidateAgainst(c); err != nil {
			t.Fatalf("fully charged book: %v", err)
		}
		var without pricing.PriceBook
		without.Currency = pricing.EUR
		for _, ch := range full.Charges {
			if ch.Product != drop {
				without.Charges = append(without.Charges, ch)
			}
		}
		p, _ := c.Product(drop)
		var want []problem
		if p.Kind == catalog.KindMain || len(p.AllowedMain) > 0 {
			want = []problem{{"products[" + drop + "]", catalog.CodeRevenueLeakage}}
		}
		got := problemsOf(t, pricing.MustNewBook(without).ValidateAgainst(c))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("without %s (-want +got):\n%s", drop, diff)
		}
	})
}
