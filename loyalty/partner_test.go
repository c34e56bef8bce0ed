package loyalty_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

// travelQuote quotes a travel SIM for July 2026 with pricing: a monthly
// fee of 2.00 EUR (not traffic) and roaming data at 0.02 EUR per MB, 10 %
// off from 1,000 MB on (a discount line, which is traffic too).
func travelQuote(t tb, mb int64) pricing.Quote {
	t.Helper()
	cat := catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "mobile", Name: "Mobile"}},
		Features:     []catalog.Feature{{ID: "roaming_data", ServiceType: "mobile", Name: "Roaming data"}},
		Products: []catalog.Product{{ID: "travel_sim", Name: "Travel SIM", Kind: catalog.KindMain,
			Features: []catalog.FeatureSetting{{Feature: "roaming_data", State: catalog.Enabled}}}},
	})
	book, err := pricing.NewBook(pricing.PriceBook{Currency: pricing.EUR,
		Charges: []pricing.Charge{
			{ID: "travel_sim_monthly", Product: "travel_sim", Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat("2.00")},
			{ID: "roaming_data", Name: "Roaming data", Product: "travel_sim", Kind: pricing.ChargeUsage, Meter: "data_mb", Unit: "MB",
				Price: pricing.PerUnit("0.02")},
		},
		Discounts: []pricing.DiscountPlan{{ID: "heavy-use", Product: "travel_sim",
			Entries: []pricing.DiscountEntry{{Charge: "roaming_data", MinVolume: decimal.NewFromInt(1000), Percent: decimal.NewFromInt(10)}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	jul := pricing.Month(2026, time.July, time.UTC)
	acct := entitlement.Account{ID: "CW-SIM-0001", Main: "travel_sim", MainFrom: jul.Start}
	usage := []pricing.UsageRecord{{ID: "u1", Meter: "data_mb", Quantity: decimal.NewFromInt(mb), At: jul.Start.Add(48 * time.Hour)}}
	q, err := pricing.NewQuote(book, entitlement.NewResolver(cat), acct, jul, usage)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// remunerationSpec is the plan the tests use: 5 EUR per SIM sold, 10 % of
// its traffic revenue, earnings pending for a 14-day return window.
func remunerationSpec() loyalty.RemunerationSpec {
	return loyalty.RemunerationSpec{ID: "resellers", Currency: pricing.EUR, SIMReward: eur("5"),
		TrafficShare: dec("10"), LockPeriod: 14 * day}
}

func mustPlan(t tb, s loyalty.RemunerationSpec) *loyalty.RemunerationPlan {
	t.Helper()
	p, err := loyalty.NewRemunerationPlan(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRevenue(t *testing.T) {
	plan := mustPlan(t, remunerationSpec())
	line := func(k pricing.ChargeKind, product, charge, amount string) pricing.Line {
		return pricing.Line{Kind: k, Product: product, Charge: charge, Amount: eur(amount)}
	}
	for _, tt := range []struct {
		name    string
		spec    loyalty.TrafficLines
		quote   pricing.Quote
		want    string
		wantErr error
	}{
		{name: "a quote from pricing: 800 MB of data, the monthly fee left out", quote: travelQuote(t, 800), want: "16.00 EUR"},
		{name: "1,500 MB: 30.00 EUR of data less its 10 % discount line", quote: travelQuote(t, 1500), want: "27.00 EUR"},
		{name: "no usage: no traffic revenue", quote: travelQuote(t, 0), want: "0.00 EUR"},
		{name: "a credit larger than the usage: negative revenue", quote: pricing.Quote{Lines: []pricing.Line{
			line(pricing.ChargeUsage, "sim", "data", "1.00"), line(pricing.ChargeUsage, "sim", "data", "-3.50")}}, want: "-2.50 EUR"},
		{name: "only the products and charges selected", spec: loyalty.TrafficLines{Products: []string{"sim"}, Charges: []string{"data"}},
			quote: pricing.Quote{Lines: []pricing.Line{line(pricing.ChargeUsage, "sim", "data", "1.00"), line(pricing.ChargeUsage, "sim", "sms", "2.00"),
				line(pricing.ChargeUsage, "esim", "data", "4.00")}}, want: "1.00 EUR"},
		{name: "recurring fees counted when the kinds say so", spec: loyalty.TrafficLines{Kinds: []pricing.ChargeKind{pricing.ChargeRecurring, pricing.ChargeUsage}},
			quote: travelQuote(t, 800), want: "18.00 EUR"},
		{name: "a traffic line in another currency: refused", quote: pricing.Quote{Lines: []pricing.Line{
			{Kind: pricing.ChargeUsage, Amount: pricing.MustParseMoney("1", "USD")}}}, wantErr: pricing.ErrCurrencyMismatch},
		{name: "a traffic line in fractions of a cent: refused", quote: pricing.Quote{Lines: []pricing.Line{
			{Kind: pricing.ChargeUsage, Amount: eur("0.001")}}}, wantErr: loyalty.ErrInvalidRequest},
		{name: "a line in another currency that is not traffic: ignored", quote: pricing.Quote{Lines: []pricing.Line{
			{Kind: pricing.ChargeRecurring, Amount: pricing.MustParseMoney("1", "USD")}}}, want: "0.00 EUR"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := plan
			if tt.spec.Kinds != nil || tt.spec.Products != nil {
				s := remunerationSpec()
				s.Traffic = tt.spec
				p = mustPlan(t, s)
			}
			got, err := p.Revenue(tt.quote)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if err == nil && got.String() != tt.want {
				t.Errorf("Revenue = %s, want %s", got, tt.want)
			}
		})
	}
}

// pstep is one call on a partner's account.
type pstep struct {
	at      time.Duration // after t0
	do      func(pl *loyalty.PartnerLedger, at time.Time) (loyalty.Result, error)
	want    string // Bonus, or Bonus/Shortfall when a shortfall is expected
	wantErr error
}

func sale(id, sim, amount string) func(*loyalty.PartnerLedger, time.Time) (loyalty.Result, error) {
	return func(pl *loyalty.PartnerLedger, at time.Time) (loyalty.Result, error) {
		return pl.RewardSIM(ctx, loyalty.SIMSale{ID: id, Partner: "hotelhub", SIM: sim, Amount: eur(amount)}, at)
	}
}

func share(id, sim string, q pricing.Quote) func(*loyalty.PartnerLedger, time.Time) (loyalty.Result, error) {
	return func(pl *loyalty.PartnerLedger, at time.Time) (loyalty.Result, error) {
		return pl.ShareTraffic(ctx, loyalty.RevenueShare{ID: id, Partner: "hotelhub", SIM: sim, Quote: q}, at)
	}
}

func reverse(id, orig, amount string) func(*loyalty.PartnerLedger, time.Time) (loyalty.Result, error) {
	return func(pl *loyalty.PartnerLedger, at time.Time) (loyalty.Result, error) {
		return pl.Reverse(ctx, loyalty.Reversal{ID: id, Partner: "hotelhub", Original: orig, Amount: eur(amount)}, at)
	}
}

func payout(id, amount string) func(*loyalty.PartnerLedger, time.Time) (loyalty.Result, error) {
	return func(pl *loyalty.PartnerLedger, at time.Time) (loyalty.Result, error) {
		return pl.Payout(ctx, loyalty.Payout{ID: id, Partner: "hotelhub", Amount: eur(amount)}, at)
	}
}

// TestPartnerLedger plays a partner's account, step by step, with the
// plan's figures: 5 EUR per SIM (a 25 EUR travel SIM), 10 % of the
// traffic revenue, 14 days pending.
func TestPartnerLedger(t *testing.T) {
	jul800, jul1500 := travelQuote(t, 800), travelQuote(t, 1500)
	tests := []struct {
		name     string
		steps    []pstep
		want     string // "available/pending" at the end
		moreSpec func(*loyalty.RemunerationSpec)
	}{
		{name: "a SIM sold: 5 EUR, pending for 14 days, then payable", steps: []pstep{
			{do: sale("s1", "sim1", "25"), want: "5.00 EUR"},
			{at: 13 * day, do: payout("p1", "5"), wantErr: loyalty.ErrInsufficientBalance},
			{at: 14 * day, do: payout("p1", "5"), want: "5.00 EUR"},
		}, want: "0.00 EUR/0.00 EUR"},
		{name: "the same sale twice: credited once", steps: []pstep{
			{do: sale("s1", "sim1", "25"), want: "5.00 EUR"},
			{at: day, do: sale("s1", "sim1", "25"), want: "5.00 EUR"},
			{do: sale("s1", "sim1", "30"), wantErr: loyalty.ErrTransactionConflict},
		}, want: "0.00 EUR/5.00 EUR"},
		{name: "a month of traffic: 10 % of 16.00 EUR of data (the fee is not traffic)", steps: []pstep{
			{do: share("jul-sim1", "sim1", jul800), want: "1.60 EUR"},
		}, want: "0.00 EUR/1.60 EUR"},
		{name: "a heavy month: 10 % of 27.00 EUR, the volume discount taken off", steps: []pstep{
			{do: share("jul-sim1", "sim1", jul1500), want: "2.70 EUR"},
		}, want: "0.00 EUR/2.70 EUR"},
		{name: "a share rounds half away from zero: 10 % of 1.25 EUR is 0.13", steps: []pstep{
			{do: share("q", "sim1", pricing.Quote{Period: pricing.Month(2026, time.July, time.UTC),
				Lines: []pricing.Line{{Kind: pricing.ChargeUsage, Amount: eur("1.25")}}}), want: "0.13 EUR"},
		}, want: "0.00 EUR/0.13 EUR"},
		{name: "half-even rounding on request: 0.12", moreSpec: func(s *loyalty.RemunerationSpec) { s.Rounding = pricing.HalfEven }, steps: []pstep{
			{do: share("q", "sim1", pricing.Quote{Period: pricing.Month(2026, time.July, time.UTC),
				Lines: []pricing.Line{{Kind: pricing.ChargeUsage, Amount: eur("1.25")}}}), want: "0.12 EUR"},
		}, want: "0.00 EUR/0.12 EUR"},
		{name: "a month of credits: nothing, never negative", steps: []pstep{
			{do: share("q", "sim1", pricing.Quote{Period: pricing.Month(2026, time.July, time.UTC),
				Lines: []pricing.Line{{Kind: pricing.ChargeUsage, Amount: eur("-4")}}}), want: "0.00 EUR"},
			{do: reverse("r", "q", "1"), wantErr: loyalty.ErrRefundExceedsTransaction},
		}, want: "0.00 EUR/0.00 EUR"},
		{name: "the SIM returned in full: the reward taken back", steps: []pstep{
			{do: sale("s1", "sim1", "25"), want: "5.00 EUR"},
			{at: day, do: reverse("r1", "s1", "25"), want: "5.00 EUR"},
		}, want: "0.00 EUR/0.00 EUR"},
		{name: "reversals in thirds add up to exactly the reward", steps: []pstep{
			{do: sale("s1", "sim1", "25"), want: "5.00 EUR"},
			{do: reverse("r1", "s1", "8.33"), want: "1.67 EUR"}, // 5 × 8.33/25 = 1.666
			{do: reverse("r2", "s1", "8.33"), want: "1.66 EUR"}, // 3.332 - 1.67
			{do: reverse("r3", "s1", "8.34"), want: "1.67 EUR"},
			{do: reverse("r4", "s1", "0.01"), wantErr: loyalty.ErrRefundExceedsTransaction},
		}, want: "0.00 EUR/0.00 EUR"},
		{name: "half the revenue credited back: half the share", steps: []pstep{
			{do: share("jul", "sim1", jul800), want: "1.60 EUR"},
			{do: reverse("cr", "jul", "8"), want: "0.80 EUR"},
			{do: reverse("cr", "jul", "8"), want: "0.80 EUR"}, // a replay
		}, want: "0.00 EUR/0.80 EUR"},
		{name: "a reversal after the payout: a shortfall, never a negative balance", steps: []pstep{
			{do: sale("s1", "sim1", "25"), want: "5.00 EUR"},
			{do: sale("s2", "sim2", "25"), want: "5.00 EUR"},
			{at: 15 * day, do: payout("p1", "7"), want: "7.00 EUR"}, // s1's lot, then 2 of s2's
			{at: 16 * day, do: reverse("r1", "s1", "25"), want: "0.00 EUR/5.00 EUR"},
			{at: 16 * day, do: reverse("r2", "s2", "12.50"), want: "2.50 EUR"},
		}, want: "0.50 EUR/0.00 EUR"},
		{name: "a reversal of a payout or of nothing: unknown", steps: []pstep{
			{do: sale("s1", "sim1", "25"), want: "5.00 EUR"},
			{at: 15 * day, do: payout("p1", "1"), want: "1.00 EUR"},
			{do: reverse("r1", "p1", "1"), wantErr: loyalty.ErrUnknownTransaction},
			{do: reverse("r2", "nothing", "1"), wantErr: loyalty.ErrUnknownTransaction},
		}, want: "4.00 EUR/0.00 EUR"},
		{name: "another partner's SIM, or one sold directly: not this partner's", steps: []pstep{
			{do: sale("s1", "sim-tripmate", "25"), wantErr: loyalty.ErrNotMember},
			{do: sale("s2", "sim-direct", "25"), wantErr: loyalty.ErrNotMember},
			{do: share("q", "sim-tripmate", jul800), wantErr: loyalty.ErrNotMember},
		}, want: "0.00 EUR/0.00 EUR"},
		{name: "bad requests: refused", steps: []pstep{
			{do: sale("", "sim1", "25"), wantErr: loyalty.ErrInvalidRequest},
			{do: sale("s1", "sim1", "0"), wantErr: loyalty.ErrInvalidRequest},
			{do: sale("s1", "sim1", "25.001"), wantErr: loyalty.ErrInvalidRequest},
			{do: share("q", "sim1", pricing.Quote{}), wantErr: loyalty.ErrInvalidRequest}, // no period
			{do: reverse("r", "r", "1"), wantErr: loyalty.ErrInvalidRequest},
			{do: payout("p", "-1"), wantErr: loyalty.ErrInvalidRequest},
		}, want: "0.00 EUR/0.00 EUR"},
		{name: "a plan without a SIM reward records the sale, earning nothing", moreSpec: func(s *loyalty.RemunerationSpec) { s.SIMReward = pricing.Money{} },
			steps: []pstep{{do: sale("s1", "sim1", "25"), want: "0.00 EUR"}, {do: reverse("r", "s1", "25"), want: "0.00 EUR"}},
			want:  "0.00 EUR/0.00 EUR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := remunerationSpec()
			if tt.moreSpec != nil {
				tt.moreSpec(&spec)
			}
			s := memstore.New()
			pl, err := loyalty.NewPartnerLedger(mustPlan(t, spec), s)
			if err != nil {
				t.Fatal(err)
			}
			for sim, p := range map[string]string{"sim1": "hotelhub", "sim2": "hotelhub", "sim-tripmate": "tripmate"} {
				if err := loyalty.AttributeToPartner(ctx, s, sim, p); err != nil {
					t.Fatal(err)
				}
			}
			for i, st := range tt.steps {
				res, err := st.do(pl, t0.Add(st.at))
				if !errors.Is(err, st.wantErr) || (err == nil) != (st.wantErr == nil) {
					t.Fatalf("step %d: error %v, want %v", i+1, err, st.wantErr)
				}
				if err != nil {
					continue
				}
				got := res.Bonus.String()
				if !res.Shortfall.IsZero() {
					got += "/" + res.Shortfall.String()
				}
				if got != st.want {
					t.Errorf("step %d: %s, want %s", i+1, got, st.want)
				}
			}
			b, err := pl.Balance(ctx, "hotelhub")
			if err != nil {
				t.Fatal(err)
			}
			if got := b.Available.String() + "/" + b.Pending.String(); got != tt.want {
				t.Errorf("balance %s, want %s", got, tt.want)
			}
		})
	}
}

// TestPartnerStatement: the month's statement of a partner's account, its
// balances at both ends and its totals by kind.
func TestPartnerStatement(t *testing.T) {
	s := memstore.New()
	pl, err := loyalty.NewPartnerLedger(mustPlan(t, remunerationSpec()), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, sim := range []string{"sim1", "sim2", "sim3"} {
		if err := loyalty.AttributeToPartner(ctx, s, sim, "hotelhub"); err != nil {
			t.Fatal(err)
		}
	}
	jun, jul := pricing.Month(2026, time.June, time.UTC), pricing.Month(2026, time.July, time.UTC)
	at := func(d int) time.Time { return jul.Start.Add(time.Duration(d-1) * day) }
	for _, st := range []struct {
		at time.Time
		do func(*loyalty.PartnerLedger, time.Time) (loyalty.Result, error)
	}{
		{jun.Start.Add(20 * day), sale("s1", "sim1", "25")},      // June: 5.00, active 5 July
		{at(2), sale("s2", "sim2", "25")},                        // July
		{at(3), sale("s3", "sim3", "25")},                        // July
		{at(10), payout("p1", "5")},                              // s1's 5.00, payable since 5 July
		{at(12), reverse("r1", "s3", "25")},                      // sim3 returned
		{at(31), share("jul-sim1", "sim1", travelQuote(t, 800))}, // 1.60 for July's traffic, on its last day; s2 activates
		{jul.End.Add(day), sale("s4", "sim1", "25")},             // August: not in the statement
	} {
		if _, err := st.do(pl, st.at); err != nil {
			t.Fatal(err)
		}
	}
	got, err := pl.Statement(ctx, "hotelhub", jul)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range got.Entries {
		kinds = append(kinds, fmt.Sprintf("%s %s %s", e.At.Format("Jan 02"), e.Kind, e.Tx))
	}
	want := []string{"Jul 02 sim-reward s2", "Jul 03 sim-reward s3", "Jul 10 activate s1", "Jul 10 payout p1",
		"Jul 12 reverse r1", "Jul 31 activate s2", "Jul 31 traffic-share jul-sim1"}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	sum := fmt.Sprintf("opening %s/%s, %d SIMs %s, traffic %s, reversed %s, paid %s, closing %s/%s",
		got.Opening.Available, got.Opening.Pending, got.SIMs, got.SIMRewards, got.TrafficShares, got.Reversed, got.PaidOut,
		got.Closing.Available, got.Closing.Pending)
	if want := "opening 0.00 EUR/5.00 EUR, 2 SIMs 10.00 EUR, traffic 1.60 EUR, reversed 5.00 EUR, paid 5.00 EUR, closing 5.00 EUR/1.60 EUR"; sum != want {
		t.Errorf("statement: %s\nwant %s", sum, want)
	}
	if got.Plan != "resellers" || got.Partner != "hotelhub" || got.Period != jul {
		t.Errorf("statement names %q, %q, %v", got.Plan, got.Partner, got.Period)
	}
	for _, bad := range []struct {
		partner string
		p       pricing.Period
	}{{"", jul}, {"hotelhub", pricing.Period{Start: jul.End, End: jul.Start}}} {
		if _, err := pl.Statement(ctx, bad.partner, bad.p); !errors.Is(err, loyalty.ErrInvalidRequest) {
			t.Errorf("Statement(%q, %v): error %v, want ErrInvalidRequest", bad.partner, bad.p, err)
		}
	}
}

func TestRemunerationPlanValidation(t *testing.T) {
	for _, tt := range []struct {
		name string
		spec loyalty.RemunerationSpec
		want []string
	}{
		{"the zero spec", loyalty.RemunerationSpec{}, []string{"id invalid_id", "currency missing_currency", "sim_reward required"}},
		{"bad figures", loyalty.RemunerationSpec{ID: "p", Currency: pricing.EUR, Rounding: 9, LockPeriod: -1,
			SIMReward: pricing.MustParseMoney("5", "USD"), TrafficShare: dec("101")},
			[]string{"rounding invalid_rounding", "lock_period negative", "sim_reward currency", "traffic_share percent_range"}},
		{"traffic lines without a share, bad lists", loyalty.RemunerationSpec{ID: "p", Currency: pricing.EUR, SIMReward: eur("5"),
			Traffic: loyalty.TrafficLines{Kinds: []pricing.ChargeKind{pricing.ChargeUsage, 7, pricing.ChargeUsage},
				Products: []string{"sim", ""}, Charges: []string{"data", "data"}}},
			[]string{"traffic unused_field", "traffic.kinds[1] invalid_kind", "traffic.kinds[2] duplicate_id",
				"traffic.products[1] invalid_id", "traffic.charges[1] duplicate_id"}},
		{"a share with too many digits", loyalty.RemunerationSpec{ID: "p", Currency: pricing.EUR, TrafficShare: dec("10.0000000001")},
			[]string{"traffic_share precision"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loyalty.NewRemunerationPlan(tt.spec)
			if diff := cmp.Diff(tt.want, problems(t, err, loyalty.ErrInvalidPlan)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
	// The plan keeps no slice of the caller's.
	spec := remunerationSpec()
	spec.Traffic.Products = []string{"travel_sim"}
	p := mustPlan(t, spec)
	spec.Traffic.Products[0] = "changed"
	if got := p.Spec().Traffic.Products[0]; got != "travel_sim" {
		t.Errorf("the plan's products changed with the caller's slice: %q", got)
	}
}

func TestPartnerLedgerZeroValues(t *testing.T) {
	if _, err := loyalty.NewPartnerLedger(nil, memstore.New()); !errors.Is(err, loyalty.ErrNoProgram) {
		t.Errorf("NewPartnerLedger(nil plan): error %v, want ErrNoProgram", err)
	}
	if _, err := loyalty.NewPartnerLedger(&loyalty.RemunerationPlan{}, memstore.New()); !errors.Is(err, loyalty.ErrNoProgram) {
		t.Errorf("NewPartnerLedger(zero plan): error %v, want ErrNoProgram", err)
	}
	if _, err := loyalty.NewPartnerLedger(mustPlan(t, remunerationSpec()), nil); !errors.Is(err, loyalty.ErrNoStore) {
		t.Errorf("NewPartnerLedger(nil store): error %v, want ErrNoStore", err)
	}
	var nilPlan *loyalty.RemunerationPlan
	if nilPlan.ID() != "" || nilPlan.Spec().ID != "" {
		t.Error("a nil plan has an ID")
	}
	if _, err := nilPlan.Revenue(pricing.Quote{}); !errors.Is(err, loyalty.ErrNoProgram) {
		t.Errorf("Revenue on a nil plan: error %v", err)
	}
	for name, pl := range map[string]*loyalty.PartnerLedger{"nil": nil, "zero": {}} {
		if pl.Plan() != nil {
			t.Errorf("%s PartnerLedger has a plan", name)
		}
		for call, err := range map[string]error{
			"RewardSIM":    func() error { _, err := pl.RewardSIM(ctx, loyalty.SIMSale{}, t0); return err }(),
			"ShareTraffic": func() error { _, err := pl.ShareTraffic(ctx, loyalty.RevenueShare{}, t0); return err }(),
			"Reverse":      func() error { _, err := pl.Reverse(ctx, loyalty.Reversal{}, t0); return err }(),
			"Payout":       func() error { _, err := pl.Payout(ctx, loyalty.Payout{}, t0); return err }(),
			"Settle":       func() error { _, err := pl.Settle(ctx, "p", t0); return err }(),
			"Balance":      func() error { _, err := pl.Balance(ctx, "p"); return err }(),
			"Statement":    func() error { _, err := pl.Statement(ctx, "p", pricing.Period{}); return err }(),
		} {
			if !errors.Is(err, loyalty.ErrNoLedger) {
				t.Errorf("%s PartnerLedger: %s error %v, want ErrNoLedger", name, call, err)
			}
		}
	}
}
