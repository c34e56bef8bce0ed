package pricing_test

import (
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/entitlement/entitlementtest"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

var telcoCatalog = catalog.MustNew(mustDefinition(catalogs.Telco))

func mustDefinition(data []byte) catalog.Definition {
	def, err := catalog.DecodeDefinition(data)
	if err != nil {
		panic(err)
	}
	return def
}

// amountGen draws a non-negative amount with two more places than c's
// minor unit, so that rounding has work to do.
func amountGen(c pricing.Currency, max int64) *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(rapid.Int64Range(0, max).Draw(t, "amount"), -c.MinorUnit()-2)
	})
}

// bookDefGen draws a price book definition over the telco catalog in one
// currency: a monthly recurring charge per product, a one-time charge for
// some, SMS rated by every main product against sms_included on graduated
// tiers with sub-minor rates, and discount plans for some products whose
// entries reduce random charges (SMS and subscriptions, often the plan's
// own product's) by 0 to 100 % from a volume of 0 to 500 (often 0 to 3,
// which subscription quantities reach).
var bookDefGen = rapid.Custom(func(t *rapid.T) pricing.PriceBook {
	c := currencyGen.Draw(t, "currency")
	b := pricing.PriceBook{Currency: c}
	for _, id := range telcoCatalog.ProductIDs() {
		b.Charges = append(b.Charges, pricing.Charge{ID: id + "_monthly", Product: id, Kind: pricing.ChargeRecurring, Period: monthly,
			Price: pricing.Price{Model: pricing.ModelFlat, Currency: c, Amount: amountGen(c, 1_000_000).Draw(t, "monthly "+id)}})
		if rapid.Bool().Draw(t, "setup "+id) {
			b.Charges = append(b.Charges, pricing.Charge{ID: id + "_setup", Product: id, Kind: pricing.ChargeOneTime,
				Price: pricing.Price{Model: pricing.ModelFlat, Currency: c, Amount: amountGen(c, 100_000).Draw(t, "setup "+id)}})
		}
	}
	for _, id := range telcoCatalog.MainProductIDs() {
		b.Charges = append(b.Charges, pricing.Charge{ID: id + "_sms", Product: id, Kind: pricing.ChargeUsage, Meter: "SMS", Allowance: "sms_included",
			Price: pricing.Price{Model: pricing.ModelGraduated, Currency: c, Tiers: []pricing.Tier{
				{UpTo: decimal.NullDecimal{Decimal: decimal.NewFromInt(100), Valid: true}, Unit: amountGen(c, 1000).Draw(t, "tier 1")},
				{Unit: amountGen(c, 1000).Draw(t, "tier 2")},
			}}})
	}
	chargeIDs := make([]string, len(b.Charges))
	for i, ch := range b.Charges {
		chargeIDs[i] = ch.ID
	}
	for _, id := range telcoCatalog.ProductIDs() {
		if !rapid.Bool().Draw(t, "plan "+id) {
			continue
		}
		plan := pricing.DiscountPlan{ID: id + "_plan", Product: id}
		seen := map[[2]string]bool{}
		for range rapid.IntRange(1, 4).Draw(t, "entries") {
			charge := rapid.SampledFrom(chargeIDs).Draw(t, "charge")
			if rapid.Bool().Draw(t, "own charge") { // on the quote whenever the plan applies
				charge = rapid.SampledFrom([]string{id + "_monthly", id + "_sms"}).Draw(t, "own")
				if !slices.Contains(chargeIDs, charge) {
					charge = id + "_monthly"
				}
			}
			e := pricing.DiscountEntry{Charge: charge,
				MinVolume: decimal.NewFromInt(int64(rapid.OneOf(rapid.IntRange(0, 3), rapid.IntRange(0, 500)).Draw(t, "min volume"))),
				Percent:   decimal.New(int64(rapid.IntRange(0, 1000).Draw(t, "percent")), -1)}
			if k := [2]string{e.Charge, e.MinVolume.String()}; !seen[k] {
				seen[k] = true
				plan.Entries = append(plan.Entries, e)
			}
		}
		b.Discounts = append(b.Discounts, plan)
	}
	return b
})

// bookGen builds the Book of a bookDefGen definition.
var bookGen = rapid.Custom(func(t *rapid.T) *pricing.Book {
	b, err := pricing.NewBook(bookDefGen.Draw(t, "book"))
	if err != nil {
		t.Fatal(err)
	}
	return b
})

// datedAccountGen draws orderable telco accounts (without the conflicting
// pair of forwarding add-ons) whose assignments start and end on random
// days around November.
var datedAccountGen = rapid.Custom(func(t *rapid.T) entitlement.Account {
	a := entitlementtest.Accounts(telcoCatalog, entitlementtest.Options{}).Draw(t, "account")
	if slices.ContainsFunc(a.AddOns, func(x entitlement.Assignment) bool { return x.AddOn == "advanced_forwarding" }) {
		a.AddOns = slices.DeleteFunc(a.AddOns, func(x entitlement.Assignment) bool { return x.AddOn == "unconditional_forwarding" })
	}
	around := nov.Start.AddDate(0, 0, -10)
	for i := range a.AddOns {
		asg := &a.AddOns[i]
		if rapid.Bool().Draw(t, "dated") {
			asg.From = around.Add(time.Duration(rapid.IntRange(0, 50*24).Draw(t, "from hour")) * time.Hour)
		}
		if rapid.Bool().Draw(t, "ends") {
			base := asg.From
			if base.IsZero() {
				base = around
			}
			asg.Until = base.Add(time.Duration(rapid.IntRange(1, 40*24).Draw(t, "hours")) * time.Hour)
		}
	}
	return a
})

var usageGen = rapid.Custom(func(t *rapid.T) []pricing.UsageRecord {
	n := rapid.IntRange(0, 5).Draw(t, "records")
	out := make([]pricing.UsageRecord, n)
	for i := range out {
		out[i] = pricing.UsageRecord{ID: string(rune('a' + i)), Meter: "SMS",
			Quantity: decimal.NewFromInt(int64(rapid.IntRange(0, 400).Draw(t, "sms"))),
			At:       nov.Start.Add(time.Duration(rapid.IntRange(0, 30*24-1).Draw(t, "hour")) * time.Hour)}
	}
	return out
})

// Generators produce valid books.
func propBookGenValid(t *rapid.T) {
	if _, err := pricing.NewBook(bookDefGen.Draw(t, "book")); err != nil {
		t.Fatal(err)
	}
}

func TestBookGenValid(t *testing.T) { rapid.Check(t, propBookGenValid) }

func FuzzBookGenValid(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propBookGenValid)) }

// Law: every line is rounded to its currency's minor unit, and each total
// is exactly the sum of the lines in its currency.
func propQuoteRoundedLinesSum(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	book := bookGen.Draw(t, "book")
	acct := datedAccountGen.Draw(t, "account")
	mode := rapid.SampledFrom([]pricing.RoundingMode{pricing.HalfAwayFromZero, pricing.HalfEven}).Draw(t, "mode")
	q, err := pricing.NewQuote(book, r, acct, nov, usageGen.Draw(t, "usage"), pricing.WithRounding(mode))
	if err != nil {
		t.Fatal(err)
	}
	sum := pricing.Zero(book.Currency())
	for _, l := range q.Lines {
		if !l.Amount.IsRounded() {
			t.Fatalf("line %q: %s is not rounded to the minor unit", l.Description, l.Amount)
		}
		if sum, err = sum.Add(l.Amount); err != nil {
			t.Fatal(err)
		}
	}
	if len(q.Totals) != 1 || !q.Totals[0].Equal(sum) {
		t.Fatalf("totals %v, lines sum to %s", q.Totals, sum)
	}
}

// Law: a discount line follows the line of the charge it reduces: the line
// just before it is a positive, non-true-up line of the same charge, which
// it reduces without turning it negative; and the plan that brought it
// belongs to a product assigned at the end of the period.
func propQuoteDiscountFollowsCharge(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	book := bookGen.Draw(t, "book")
	acct := datedAccountGen.Draw(t, "account")
	q, err := pricing.NewQuote(book, r, acct, nov, usageGen.Draw(t, "usage"))
	if err != nil {
		t.Fatal(err)
	}
	end, err := r.Resolve(acct, nov.End.Add(-time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range q.Lines {
		if !l.IsDiscount() {
			continue
		}
		if i == 0 {
			t.Fatalf("discount line %q comes first", l.Description)
		}
		c := q.Lines[i-1]
		if c.IsDiscount() || c.TrueUp || c.Charge != l.Charge || c.Product != l.Product || c.Kind != l.Kind {
			t.Fatalf("discount line %q follows %q, not its charge's line", l.Description, c.Description)
		}
		if l.Amount.Sign() >= 0 || l.Amount.Abs().Amount().Cmp(c.Amount.Amount()) > 0 {
			t.Fatalf("discount %s on a %s line %q", l.Amount, c.Amount, c.Description)
		}
		if !slices.ContainsFunc(end.Layers(), func(x entitlement.Layer) bool { return x.Product == l.Discount.Product }) {
			t.Fatalf("discount line %q: %s is not assigned at the end of the period", l.Description, l.Discount.Product)
		}
	}
}

func TestQuoteDiscountFollowsCharge(t *testing.T) { rapid.Check(t, propQuoteDiscountFollowsCharge) }

func FuzzQuoteDiscountFollowsCharge(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propQuoteDiscountFollowsCharge))
}

func TestQuoteRoundedLinesSum(t *testing.T) { rapid.Check(t, propQuoteRoundedLinesSum) }

func FuzzQuoteRoundedLinesSum(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propQuoteRoundedLinesSum)) }

// Law: billing and provisioning derive from the same assignments. Every
// product whose layer is in the configuration resolved at any instant of
// the period has a recurring line on the quote, and every line belongs to
// the main product or to an add-on assigned during the period.
func propQuoteMatchesProvisioning(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	book := bookGen.Draw(t, "book")
	acct := datedAccountGen.Draw(t, "account")
	q, err := pricing.NewQuote(book, r, acct, nov, nil)
	if err != nil {
		t.Fatal(err)
	}
	billed := map[string]bool{}
	for _, l := range q.Lines {
		if l.Kind == pricing.ChargeRecurring {
			billed[l.Product] = true
		}
		if l.Product == acct.Main {
			continue
		}
		if !slices.ContainsFunc(acct.AddOns, func(a entitlement.Assignment) bool {
			return a.AddOn == l.Product && (a.From.IsZero() || a.From.Before(nov.End)) && (a.Until.IsZero() || a.Until.After(nov.Start))
		}) {
			t.Fatalf("line %q bills %s, which is not assigned in the period", l.Description, l.Product)
		}
	}
	at := nov.Start.Add(time.Duration(rapid.IntRange(0, 30*24*60-1).Draw(t, "minute")) * time.Minute)
	cfg, err := r.Resolve(acct, at)
	if err != nil {
		t.Fatal(err)
	}
	for _, layer := range cfg.Layers() {
		if layer.Kind == entitlement.LayerMain || layer.Kind == entitlement.LayerAddOn {
			if !billed[layer.Product] {
				t.Fatalf("%s is provisioned at %s but has no recurring line", layer.Product, at)
			}
		}
	}
}

func TestQuoteMatchesProvisioning(t *testing.T) { rapid.Check(t, propQuoteMatchesProvisioning) }

func FuzzQuoteMatchesProvisioning(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propQuoteMatchesProvisioning)) }
