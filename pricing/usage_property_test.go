package pricing_test

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/internal/usageoracle"
	"github.com/tariffkit/tariff/pricing"
)

// Properties of rating usage at each record's instant ("Billing in time"),
// checked against internal/usageoracle, which rates day by day. The
// generators keep to what the oracle handles: changes at midnight UTC,
// sum and count aggregations, per-unit, graduated, volume and package
// prices without commitments, and one allowance and grant per meter.

// usageMeters are the meters the generators draw, each with the attribute
// its charges may name as their allowance.
var usageMeters = []struct{ meter, allowance string }{
	{"SMS", "sms_included"}, {"minutes_brazil", "minutes_brazil"},
	{"minutes_us_ca", "minutes_us_ca"}, {"data_mb", "storage_gb"},
}

// dayStart returns midnight UTC n days after the start of November 2026.
func dayStart(n int) time.Time { return nov.Start.AddDate(0, 0, n) }

// usagePriceGen draws a usage price in c without commitments: per unit,
// graduated, volume or package, with rates finer than the minor unit.
func usagePriceGen(c pricing.Currency) *rapid.Generator[pricing.Price] {
	return rapid.Custom(func(t *rapid.T) pricing.Price {
		p := pricing.Price{Currency: c, Model: rapid.SampledFrom([]pricing.Model{
			pricing.ModelPerUnit, pricing.ModelGraduated, pricing.ModelVolume, pricing.ModelPackage}).Draw(t, "model")}
		switch p.Model {
		case pricing.ModelPerUnit:
			p.Amount = amountGen(c, 1000).Draw(t, "rate")
		case pricing.ModelGraduated, pricing.ModelVolume:
			n := rapid.IntRange(1, 3).Draw(t, "tiers")
			bound := int64(0)
			for i := range n {
				tier := pricing.Tier{Unit: amountGen(c, 1000).Draw(t, "unit")}
				if i < n-1 { // bounds rise; the last tier is open
					bound += int64(rapid.IntRange(1, 200).Draw(t, "step"))
					tier.UpTo = decimal.NullDecimal{Decimal: decimal.NewFromInt(bound), Valid: true}
				}
				if rapid.Bool().Draw(t, "flat?") {
					tier.Flat = amountGen(c, 10_000).Draw(t, "flat")
				}
				p.Tiers = append(p.Tiers, tier)
			}
			p.FlatAtZero = rapid.Bool().Draw(t, "flat at zero")
		case pricing.ModelPackage:
			p.Amount = amountGen(c, 10_000).Draw(t, "block price")
			p.BlockSize = decimal.NewFromInt(int64(rapid.IntRange(1, 100).Draw(t, "block")))
			p.FreeUnits = decimal.NewFromInt(int64(rapid.IntRange(0, 50).Draw(t, "free units")))
		}
		return p
	})
}

// usageBookGen draws a book over the telco catalog: a monthly charge per
// product and usage charges for the four meters, on most main products and
// some add-ons, summing or counting. Each meter names its allowance on all
// its charges or on none, with one grant drawn from grants. Now and then a
// main product lacks a meter's charge, so that some records go unrated.
func usageBookGen(grants ...pricing.AllowanceGrant) *rapid.Generator[*pricing.Book] {
	return rapid.Custom(func(t *rapid.T) *pricing.Book {
		c := currencyGen.Draw(t, "currency")
		def := pricing.PriceBook{Currency: c}
		for _, id := range telcoCatalog.ProductIDs() {
			def.Charges = append(def.Charges, pricing.Charge{ID: id + "_monthly", Product: id, Kind: pricing.ChargeRecurring, Period: monthly,
				Price: pricing.Price{Model: pricing.ModelFlat, Currency: c, Amount: amountGen(c, 100_000).Draw(t, "monthly")}})
		}
		gaps := rapid.IntRange(0, 4).Draw(t, "gaps") == 0
		for _, m := range usageMeters {
			var allowance string
			if rapid.IntRange(0, 3).Draw(t, "allowance?") > 0 {
				allowance = m.allowance
			}
			grant := rapid.SampledFrom(grants).Draw(t, "grant")
			for _, id := range telcoCatalog.ProductIDs() {
				p, _ := telcoCatalog.Product(id)
				charged := rapid.IntRange(0, 9).Draw(t, "charged "+id)
				if p.Kind == catalog.KindMain && gaps && charged == 0 || p.Kind != catalog.KindMain && charged > 0 {
					continue
				}
				ch := pricing.Charge{ID: id + "_" + m.meter, Product: id, Kind: pricing.ChargeUsage, Meter: m.meter,
					Allowance: allowance, Price: usagePriceGen(c).Draw(t, "price")}
				if rapid.IntRange(0, 3).Draw(t, "count?") == 0 {
					ch.Aggregate = pricing.AggregateCount
				}
				if allowance != "" {
					ch.Grant = grant
				}
				def.Charges = append(def.Charges, ch)
			}
		}
		b, err := pricing.NewBook(def)
		if err != nil {
			t.Fatalf("generated book is invalid: %v", err)
		}
		return b
	})
}

// resolvesEveryDay reports whether acct resolves at the start of every day
// of November, or is not active yet.
func resolvesEveryDay(r *entitlement.Resolver, acct entitlement.Account) bool {
	for n := range nov.Days() {
		if _, err := r.Resolve(acct, dayStart(n)); err != nil && !errors.Is(err, entitlement.ErrInactive) {
			return false
		}
	}
	return true
}

// historyGen draws a telco account whose changes fall at midnight. A
// steady one has the same main product and add-ons all through November;
// otherwise its activation (rarely within November), main-product changes
// (ChangeMain) and add-on assignments (Assign, kept only when the account
// still resolves every day) fall on random days around November.
func historyGen(r *entitlement.Resolver, steady bool) *rapid.Generator[entitlement.Account] {
	return rapid.Custom(func(t *rapid.T) entitlement.Account {
		mains := telcoCatalog.MainProductIDs()
		acct := entitlement.Account{ID: "acct", Main: rapid.SampledFrom(mains).Draw(t, "main"),
			Facts: map[string]decimal.Decimal{"arpu": decimal.NewFromInt(int64(rapid.IntRange(0, 150).Draw(t, "arpu")))}}
		if !steady {
			switch rapid.IntRange(0, 9).Draw(t, "activation") {
			case 0:
				acct.MainFrom = dayStart(rapid.IntRange(1, 29).Draw(t, "activated in November"))
			case 1, 2, 3:
				acct.MainFrom = dayStart(-rapid.IntRange(0, 40).Draw(t, "activated before"))
			}
			var at []int
			for range rapid.IntRange(0, 3).Draw(t, "changes") {
				at = append(at, rapid.IntRange(-10, 29).Draw(t, "change day"))
			}
			slices.Sort(at)
			for _, n := range at {
				if next, _, err := r.ChangeMain(acct, rapid.SampledFrom(mains).Draw(t, "new main"), dayStart(n)); err == nil {
					acct = next
				}
			}
		}
		for range rapid.IntRange(0, 5).Draw(t, "add-ons") {
			asg := entitlement.Assignment{AddOn: rapid.SampledFrom(telcoCatalog.AddOnIDs()).Draw(t, "add-on"),
				Quantity: rapid.IntRange(0, 3).Draw(t, "quantity")}
			if rapid.Bool().Draw(t, "from?") {
				if steady {
					asg.From = dayStart(-rapid.IntRange(0, 20).Draw(t, "from"))
				} else {
					asg.From = dayStart(rapid.IntRange(-5, 34).Draw(t, "from"))
				}
			}
			if rapid.Bool().Draw(t, "until?") {
				if steady {
					asg.Until = dayStart(rapid.IntRange(30, 50).Draw(t, "until"))
				} else {
					base := asg.From
					if base.IsZero() {
						base = dayStart(-5)
					}
					asg.Until = base.AddDate(0, 0, rapid.IntRange(1, 40).Draw(t, "days"))
				}
			}
			next, _, err := r.Assign(acct, asg, nov.Start)
			if err == nil && resolvesEveryDay(r, next) {
				acct = next
			}
		}
		return acct
	})
}

// recordsGen draws up to 12 usage records of the four meters with whole
// quantities and unique IDs: most at a random second of November, some at
// midnight (the instant of a change), at the instant of another record or
// just outside November.
var recordsGen = rapid.Custom(func(t *rapid.T) []pricing.UsageRecord {
	n := rapid.IntRange(0, 12).Draw(t, "records")
	ids := make([]int, n)
	for i := range ids {
		ids[i] = i
	}
	ids = rapid.Permutation(ids).Draw(t, "ids")
	out := make([]pricing.UsageRecord, n)
	for i := range out {
		at := nov.Start.Add(time.Duration(rapid.IntRange(0, 30*86400-1).Draw(t, "second")) * time.Second)
		switch rapid.IntRange(0, 9).Draw(t, "when") {
		case 0:
			at = dayStart(rapid.IntRange(0, 30).Draw(t, "midnight"))
		case 1:
			if i > 0 {
				at = out[rapid.IntRange(0, i-1).Draw(t, "same as")].At
			}
		case 2:
			at = rapid.SampledFrom([]time.Time{nov.Start, nov.End}).Draw(t, "edge").
				Add(time.Duration(rapid.IntRange(-2*86400, 2*86400).Draw(t, "around edge")) * time.Second)
		}
		out[i] = pricing.UsageRecord{ID: fmt.Sprintf("u%d", ids[i]),
			Meter:    rapid.SampledFrom(usageMeters).Draw(t, "meter").meter,
			Quantity: decimal.NewFromInt(int64(rapid.IntRange(0, 300).Draw(t, "quantity"))), At: at}
	}
	return out
})

// usageRow is a usage line reduced to what the oracle computes.
type usageRow struct {
	From, Until    time.Time
	Used, Included decimal.Decimal
	Allowance      decimal.Decimal
	Amount         pricing.Money
	Records        []string
}

// usageRows groups a quote's usage lines (without true-up and discount
// lines) by charge, in quote order.
func usageRows(q pricing.Quote) map[string][]usageRow {
	out := map[string][]usageRow{}
	for _, l := range q.Lines {
		if l.Kind == pricing.ChargeUsage && !l.TrueUp && !l.IsDiscount() {
			out[l.Charge] = append(out[l.Charge], usageRow{l.From, l.Until, l.Quantity, l.Included, l.Allowance, l.Amount, l.Records})
		}
	}
	return out
}

// Generators produce valid values: books that validate against the telco
// catalog, accounts that resolve every day, records with unique IDs.
func propUsageGeneratorsValid(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	if err := usageBookGen(pricing.AllowanceProrated, pricing.AllowanceFull).Draw(t, "book").ValidateAgainst(telcoCatalog); err != nil {
		t.Fatal(err)
	}
	if acct := historyGen(r, rapid.Bool().Draw(t, "steady")).Draw(t, "account"); !resolvesEveryDay(r, acct) {
		t.Fatalf("account %+v does not resolve every day", acct)
	}
	ids := map[string]bool{}
	for _, rec := range recordsGen.Draw(t, "usage") {
		if ids[rec.ID] {
			t.Fatalf("repeated ID %q", rec.ID)
		}
		ids[rec.ID] = true
	}
}

func TestUsageGeneratorsValid(t *testing.T) { rapid.Check(t, propUsageGeneratorsValid) }

func FuzzUsageGeneratorsValid(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propUsageGeneratorsValid)) }

// Law: every usage line of a quote is what the day-by-day oracle computes:
// the same charge, span, units used and included, allowance, amount and
// records, in the same order per charge; and a quote fails exactly when
// the oracle does.
func propQuoteUsageEqualsOracle(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	book := usageBookGen(pricing.AllowanceProrated, pricing.AllowanceFull).Draw(t, "book")
	acct := historyGen(r, false).Draw(t, "account")
	usage := recordsGen.Draw(t, "usage")
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	lines, oerr := usageoracle.Rate(book, r, acct, nov, usage)
	if (err != nil) != (oerr != nil) {
		t.Fatalf("quote error %v, oracle error %v", err, oerr)
	}
	if err != nil {
		return
	}
	want := map[string][]usageRow{}
	for _, l := range lines {
		want[l.Charge] = append(want[l.Charge], usageRow{l.From, l.Until, l.Used, l.Included, l.Allowance, l.Amount, l.Records})
	}
	if diff := gocmp.Diff(want, usageRows(q), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("usage lines (-oracle +quote):\n%s", diff)
	}
}

func TestQuoteUsageEqualsOracle(t *testing.T) { rapid.Check(t, propQuoteUsageEqualsOracle) }

func FuzzQuoteUsageEqualsOracle(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propQuoteUsageEqualsOracle)) }

// Law: the order usage records are listed in does not matter.
func propQuoteInvariantUnderRecordOrder(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	book := usageBookGen(pricing.AllowanceProrated, pricing.AllowanceFull).Draw(t, "book")
	acct := historyGen(r, false).Draw(t, "account")
	usage := recordsGen.Draw(t, "usage")
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	shuffled, serr := pricing.NewQuote(book, r, acct, nov, rapid.Permutation(usage).Draw(t, "shuffled"))
	var u, su *pricing.UnratedError
	if (err != nil) != (serr != nil) || errors.As(err, &u) != errors.As(serr, &su) || u != nil && u.Record != su.Record {
		t.Fatalf("error %v, shuffled %v", err, serr)
	}
	if diff := gocmp.Diff(q.Lines, shuffled.Lines); diff != "" {
		t.Fatalf("lines (-in order +shuffled):\n%s", diff)
	}
}

func TestQuoteInvariantUnderRecordOrder(t *testing.T) {
	rapid.Check(t, propQuoteInvariantUnderRecordOrder)
}

func FuzzQuoteInvariantUnderRecordOrder(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propQuoteInvariantUnderRecordOrder))
}

// Law: the usage lines rate every record inside the period once, and no
// record outside it.
func propQuoteRatesEachRecordOnce(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	book := usageBookGen(pricing.AllowanceProrated, pricing.AllowanceFull).Draw(t, "book")
	acct := historyGen(r, false).Draw(t, "account")
	usage := recordsGen.Draw(t, "usage")
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	if _, unrated := errors.AsType[*pricing.UnratedError](err); unrated {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, rec := range usage {
		if nov.Contains(rec.At) {
			want = append(want, rec.ID)
		}
	}
	for _, l := range q.Lines {
		if l.Kind == pricing.ChargeUsage && !l.TrueUp && !l.IsDiscount() {
			got = append(got, l.Records...)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := gocmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("records rated (-inside the period +on usage lines):\n%s", diff)
	}
}

func TestQuoteRatesEachRecordOnce(t *testing.T) { rapid.Check(t, propQuoteRatesEachRecordOnce) }

func FuzzQuoteRatesEachRecordOnce(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propQuoteRatesEachRecordOnce)) }

// Law: with nothing changing during the period and allowances granted in
// full (or none), cutting the account's history into two identical
// versions at any instant changes no line.
func propQuoteSplitAtAnyInstant(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	book := usageBookGen(pricing.AllowanceFull).Draw(t, "book")
	acct := historyGen(r, true).Draw(t, "account")
	usage := recordsGen.Draw(t, "usage")
	cut := nov.Start.Add(time.Duration(rapid.IntRange(1, 30*86400-1).Draw(t, "cut second")) * time.Second)
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	split, serr := pricing.QuoteHistory(book, r, []pricing.Segment{{Account: acct}, {From: cut, Account: acct}}, nov, usage)
	if (err != nil) != (serr != nil) {
		t.Fatalf("error %v, split at %s: %v", err, cut, serr)
	}
	if diff := gocmp.Diff(q.Lines, split.Lines); diff != "" {
		t.Fatalf("lines (-one version +split at %s):\n%s", cut, diff)
	}
}

func TestQuoteSplitAtAnyInstant(t *testing.T) { rapid.Check(t, propQuoteSplitAtAnyInstant) }

func FuzzQuoteSplitAtAnyInstant(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propQuoteSplitAtAnyInstant)) }

// periodTotals is how usage was rated before rating at instants, right
// when nothing changes during the period: per meter, every record of the
// period summed (or counted), less the allowance of the configuration at
// the end of the period, priced by the charge of the highest-precedence
// product.
func periodTotals(t *rapid.T, book *pricing.Book, cfg entitlement.Config, usage []pricing.UsageRecord) map[string][]usageRow {
	recs := slices.Clone(usage)
	slices.SortFunc(recs, func(a, b pricing.UsageRecord) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID), a.Quantity.Cmp(b.Quantity))
	})
	layers := cfg.Layers()
	slices.Reverse(layers)
	out := map[string][]usageRow{}
	for _, m := range usageMeters {
		var ch *pricing.Charge
		for _, l := range layers {
			for _, c := range book.ChargesFor(l.Product) {
				if c.Kind == pricing.ChargeUsage && c.Meter == m.meter && ch == nil {
					ch = &c
				}
			}
		}
		if ch == nil {
			continue
		}
		row := usageRow{From: nov.Start, Until: nov.End}
		for _, rec := range recs {
			if rec.Meter != m.meter || !nov.Contains(rec.At) {
				continue
			}
			if ch.Aggregate == pricing.AggregateCount {
				row.Used = row.Used.Add(decimal.NewFromInt(1))
			} else {
				row.Used = row.Used.Add(rec.Quantity)
			}
			row.Records = append(row.Records, rec.ID)
		}
		if v, ok := cfg.Value(ch.Allowance); ok && ch.Allowance != "" {
			allowance, _ := v.AsDecimal()
			row.Included, row.Allowance = decimal.Min(row.Used, allowance), allowance
		}
		res, err := ch.Price.Compute(row.Used.Sub(row.Included))
		if err != nil {
			t.Fatal(err)
		}
		row.Amount = pricing.NewMoney(res.Amount, book.Currency()).Round(pricing.HalfAwayFromZero)
		out[ch.ID] = []usageRow{row}
	}
	return out
}

// Law: for an account with no change during the period, rating at each
// instant gives what summing the period and pricing the total gives.
func propQuoteOneSpanMatchesPeriodTotals(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	book := usageBookGen(pricing.AllowanceProrated, pricing.AllowanceFull).Draw(t, "book")
	acct := historyGen(r, true).Draw(t, "account")
	usage := recordsGen.Draw(t, "usage")
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	if _, unrated := errors.AsType[*pricing.UnratedError](err); unrated {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	end, err := r.Resolve(acct, nov.End.Add(-time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(periodTotals(t, book, end, usage), usageRows(q), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("usage lines (-period totals +quote):\n%s", diff)
	}
}

func TestQuoteOneSpanMatchesPeriodTotals(t *testing.T) {
	rapid.Check(t, propQuoteOneSpanMatchesPeriodTotals)
}

func FuzzQuoteOneSpanMatchesPeriodTotals(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propQuoteOneSpanMatchesPeriodTotals))
}

// Counterexamples the properties found, as named cases: an add-on bought
// twice over the same span (two equal assignments, as a host that records
// each purchase stores them).
func TestQuoteEqualAssignments(t *testing.T) {
	r := telco(t)
	twice := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms"}, {AddOn: "easy_sms"}}}
	t.Run("full grant: each assignment is one grant", func(t *testing.T) {
		def := telcoQuoteDef()
		for i := range def.Charges {
			if def.Charges[i].ID == "basic_sms" {
				def.Charges[i].Grant = pricing.AllowanceFull
			}
		}
		q, err := pricing.NewQuote(pricing.MustNewBook(def), r, twice, nov, []pricing.UsageRecord{sms("u0", "400", day(20))})
		if err != nil {
			t.Fatal(err)
		}
		// 50 from Basic Call and 150 from each Easy SMS: 350 included, 50 × 0.05.
		for _, l := range q.Lines {
			if l.Charge == "basic_sms" && (!l.Included.Equal(d("350")) || !l.Amount.Equal(money("2.50", pricing.EUR))) {
				t.Errorf("%s: %s", l.Amount, l.Description)
			}
		}
	})
	t.Run("history split at an instant: each assignment stays one line", func(t *testing.T) {
		book := telcoQuoteBook()
		q, err := pricing.NewQuote(book, r, twice, nov, nil)
		if err != nil {
			t.Fatal(err)
		}
		split, err := pricing.QuoteHistory(book, r, []pricing.Segment{{Account: twice}, {From: day(15), Account: twice}}, nov, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(rows(q), rows(split)); diff != "" {
			t.Errorf("lines (-one version +split on 15 Nov):\n%s", diff)
		}
	})
}
