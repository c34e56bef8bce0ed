package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

// partnerLedger returns the partners' accounts under the operator's
// remuneration plan: 5 EUR per SIM sold with a partner's participation,
// 10 % of the traffic revenue of its SIMs, pending for the SIM's 14-day
// return window.
func partnerLedger(store *memstore.Store) (*loyalty.PartnerLedger, error) {
	plan, err := loyalty.NewRemunerationPlan(loyalty.RemunerationSpec{ID: "resellers", Currency: pricing.EUR,
		SIMReward: eur("5"), TrafficShare: decimal.NewFromInt(10), LockPeriod: 14 * day})
	if err != nil {
		return nil, err
	}
	return loyalty.NewPartnerLedger(plan, store)
}

// julyQuote quotes the traveller's SIM for July 2026: a monthly fee of
// 2.00 EUR and roaming data at 0.02 EUR per MB, 800 MB used abroad.
func julyQuote() (pricing.Quote, error) {
	cat, err := catalog.New(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "mobile", Name: "Mobile"}},
		Features:     []catalog.Feature{{ID: "roaming_data", ServiceType: "mobile", Name: "Roaming data"}},
		Products: []catalog.Product{{ID: "travel_sim", Name: "Travel SIM", Kind: catalog.KindMain,
			Features: []catalog.FeatureSetting{{Feature: "roaming_data", State: catalog.Enabled}}}},
	})
	if err != nil {
		return pricing.Quote{}, err
	}
	book, err := pricing.NewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		{ID: "travel_sim_monthly", Product: "travel_sim", Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat("2.00")},
		{ID: "roaming_data", Name: "Roaming data", Product: "travel_sim", Kind: pricing.ChargeUsage, Meter: "data_mb", Unit: "MB",
			Price: pricing.PerUnit("0.02")},
	}})
	if err != nil {
		return pricing.Quote{}, err
	}
	jul := pricing.Month(2026, time.July, time.UTC)
	acct := entitlement.Account{ID: sim, Main: "travel_sim", MainFrom: jul.Start}
	usage := []pricing.UsageRecord{
		{ID: "roam-1", Meter: "data_mb", Quantity: decimal.NewFromInt(300), At: jul.Start.Add(4 * day)},
		{ID: "roam-2", Meter: "data_mb", Quantity: decimal.NewFromInt(500), At: jul.Start.Add(12 * day)},
	}
	return pricing.NewQuote(book, entitlement.NewResolver(cat), acct, jul, usage, pricing.WithCatalog(cat))
}

// shareJulyTraffic credits the partner with its share of the traveller's
// July traffic, on the month's last day.
func shareJulyTraffic(ctx context.Context, partners *loyalty.PartnerLedger, say func(time.Time, string, ...any)) error {
	q, err := julyQuote()
	if err != nil {
		return err
	}
	revenue, err := partners.Plan().Revenue(q)
	if err != nil {
		return err
	}
	at := q.Period.End.Add(-2 * time.Hour) // Jul 31, 22:00
	res, err := partners.ShareTraffic(ctx, loyalty.RevenueShare{ID: "invoice-2026-07-" + sim, Partner: partner, SIM: sim, Quote: q}, at)
	if err != nil {
		return err
	}
	say(at, "SIM %s quoted %s for July, %s of it traffic: %s's share %s", sim, q.Total(pricing.EUR), revenue, partner, res.Bonus)
	return nil
}

// partnerStatement prints the partner's account for period p: its
// entries, its totals and its balances at both ends.
func partnerStatement(ctx context.Context, w io.Writer, partners *loyalty.PartnerLedger, who string, p pricing.Period) error {
	st, err := partners.Statement(ctx, who, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Statement of partner %s, plan %s, %s\n", st.Partner, st.Plan, p.Start.Format("January 2006"))
	fmt.Fprintf(w, "Opening balance: %s available, %s pending\n", st.Opening.Available, st.Opening.Pending)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "date\tentry\tsource\tSIM\tavailable\tpending\t")
	for _, e := range st.Entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", e.At.Format("Jan 02"), e.Kind, e.Tx, dash(e.Rule), signed(e.Available), signed(e.Pending))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "SIM rewards: %d for %s; traffic shares %s; reversed %s; paid out %s\n",
		st.SIMs, st.SIMRewards, st.TrafficShares, st.Reversed, st.PaidOut)
	fmt.Fprintf(w, "Closing balance: %s available, %s pending\n", st.Closing.Available, st.Closing.Pending)
	return nil
}
