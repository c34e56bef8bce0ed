package loyalty_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

// A partner that sells travel SIMs earns 5 EUR per SIM and 10 % of each
// SIM's traffic revenue, month by month, from the SIM's quote.
func ExamplePartnerLedger_ShareTraffic() {
	ctx := context.Background()
	plan, err := loyalty.NewRemunerationPlan(loyalty.RemunerationSpec{ID: "resellers", Currency: pricing.EUR,
		SIMReward: pricing.MustParseMoney("5", "EUR"), TrafficShare: decimal.NewFromInt(10)})
	if err != nil {
		fmt.Println(err)
		return
	}
	store := memstore.New()
	partners, err := loyalty.NewPartnerLedger(plan, store)
	if err != nil {
		fmt.Println(err)
		return
	}
	jul := pricing.Month(2026, time.July, time.UTC)
	// The SIM is sold with hotelhub's participation: it belongs to hotelhub.
	if err := loyalty.AttributeToPartner(ctx, store, "sim-1", "hotelhub"); err != nil {
		fmt.Println(err)
		return
	}
	res, err := partners.RewardSIM(ctx, loyalty.SIMSale{ID: "sale-1", Partner: "hotelhub", SIM: "sim-1",
		Amount: pricing.MustParseMoney("25", "EUR")}, jul.Start)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("SIM reward:", res.Bonus)
	// July's quote of the SIM (from pricing.NewQuote): a fee, and data used.
	quote := pricing.Quote{Period: jul, Lines: []pricing.Line{
		{Kind: pricing.ChargeRecurring, Amount: pricing.MustParseMoney("2.00", "EUR")},
		{Kind: pricing.ChargeUsage, Amount: pricing.MustParseMoney("16.00", "EUR")},
	}}
	res, err = partners.ShareTraffic(ctx, loyalty.RevenueShare{ID: "invoice-2026-07-sim-1", Partner: "hotelhub", SIM: "sim-1",
		Quote: quote}, jul.End)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("July's traffic share:", res.Bonus)
	b, err := partners.Balance(ctx, "hotelhub")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("hotelhub's earnings:", b.Total())
	// Output:
	// SIM reward: 5.00 EUR
	// July's traffic share: 1.60 EUR
	// hotelhub's earnings: 6.60 EUR
}

// A bank's program enrols holders of its card, whoever sold their SIM; the
// Router accrues a purchase in the operator's program first, then in the
// programs of partners, in the documented order.
func ExampleRouter_Accrue() {
	ctx := context.Background()
	store := memstore.New()
	operator, _ := loyalty.NewProgram(loyalty.Spec{ID: "comfortway", Currency: pricing.EUR,
		Rules: []loyalty.Rule{{ID: "booking", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(5),
			Min: pricing.MustParseMoney("3", "EUR"), Max: pricing.MustParseMoney("8", "EUR")}}})
	bank, _ := loyalty.NewProgram(loyalty.Spec{ID: "bank-card", Partner: "bank", Currency: pricing.EUR,
		Rules: []loyalty.Rule{{ID: "cashback", Kind: loyalty.FixedBonus, Amount: pricing.MustParseMoney("2", "EUR")}},
		Enrol: []loyalty.Enrolment{{ID: "cardholders", Fact: "card", Values: []string{"bank-visa"}}}})
	var ledgers []*loyalty.Ledger
	for _, p := range []*loyalty.Program{bank, operator} {
		l, err := loyalty.NewLedger(p, store)
		if err != nil {
			fmt.Println(err)
			return
		}
		ledgers = append(ledgers, l)
	}
	router, err := loyalty.NewRouter(store, ledgers...)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := loyalty.AttributeToPartner(ctx, store, "sim-1", "hotelhub"); err != nil {
		fmt.Println(err)
		return
	}
	accruals, err := router.Accrue(ctx, loyalty.Transaction{ID: "booking-1", Member: "sim-1",
		Amount: pricing.MustParseMoney("100", "EUR"), MemberFacts: map[string]string{"card": "bank-visa"}},
		time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range accruals {
		fmt.Printf("%s (%s): %s\n", a.Program, a.Admission, a.Result.Bonus)
	}
	owner, _ := store.Partner(ctx, "sim-1")
	fmt.Println("the SIM still belongs to", owner)
	// Output:
	// comfortway (open): 5.00 EUR
	// bank-card (enrolled): 2.00 EUR
	// the SIM still belongs to hotelhub
}

// A partner's checkout asks, with the SIM ID the customer gives, what
// discount the member is entitled to, and records the one it grants.
func ExampleLedger_RedeemDiscount() {
	ctx := context.Background()
	store := memstore.New()
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "hotelhub-club", Partner: "hotelhub", Currency: pricing.EUR,
		Discounts: []loyalty.Discount{{ID: "repeat-10", Percent: decimal.NewFromInt(10),
			When: loyalty.Condition{History: loyalty.History{From: 2, SamePartner: true}}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	l, err := loyalty.NewLedger(prog, store)
	if err != nil {
		fmt.Println(err)
		return
	}
	at := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	_ = loyalty.AttributeToPartner(ctx, store, "sim-1", "hotelhub")
	booking := func(id string) loyalty.Transaction {
		return loyalty.Transaction{ID: id, Member: "sim-1", Partner: "hotelhub", Amount: pricing.MustParseMoney("120", "EUR")}
	}
	offer, _ := l.Discount(ctx, booking(""), at)
	fmt.Printf("first booking: %q, pays %s\n", offer.Discount, offer.Pay)
	_, _ = l.Accrue(ctx, booking("booking-1"), at)
	offer, err = l.RedeemDiscount(ctx, booking("checkout-2"), at.Add(24*time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("repeat booking: %s, %s off, pays %s\n", offer.Discount, offer.Off, offer.Pay)
	// Output:
	// first booking: "", pays 120.00 EUR
	// repeat booking: repeat-10, 12.00 EUR off, pays 108.00 EUR
}

// Converting a traffic package into bonus takes the traffic off the
// account in the same atomic operation that grants the bonus.
func ExampleLedger_ConvertIn_traffic() {
	ctx := context.Background()
	store := memstore.New()
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "comfortway", Currency: pricing.EUR,
		Conversions: []loyalty.Conversion{{Unit: "MB", ToBonus: decimal.RequireFromString("0.006"),
			FromBonus: decimal.NewFromInt(125), Traffic: true}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	l, err := loyalty.NewLedger(prog, store)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = store.AddTraffic("sim-1", "MB", decimal.NewFromInt(1000)) // the host provisions a 1 GB package
	res, err := l.ConvertIn(ctx, loyalty.ConvertIn{ID: "convert-1", Member: "sim-1", Unit: "MB",
		Quantity: decimal.NewFromInt(500), Package: "data-1gb"}, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	left, _ := store.Traffic(ctx, "sim-1", "MB")
	fmt.Printf("%s MB into %s of bonus; %s MB left\n", res.Units, res.Bonus, left)
	// Output:
	// 500 MB into 3.00 EUR of bonus; 500 MB left
}

// A rule that earns on a repeat purchase through the same partner within
// 30 days: the seed's return to the balance on repeated purchases.
func ExampleHistory() {
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "comfortway", Currency: pricing.EUR,
		Rules: []loyalty.Rule{{ID: "repeat", Kind: loyalty.FixedBonus, Amount: pricing.MustParseMoney("3", "EUR"),
			When: loyalty.Condition{History: loyalty.History{From: 2, SamePartner: true, Within: 30 * 24 * time.Hour}}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	jul := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	earlier := []loyalty.Purchase{{Tx: "b1", Partner: "hotelhub", At: jul}}
	for _, tx := range []loyalty.Transaction{
		{ID: "b2", Member: "sim-1", Partner: "hotelhub", Amount: pricing.MustParseMoney("80", "EUR")},
		{ID: "b3", Member: "sim-1", Partner: "tripmate", Amount: pricing.MustParseMoney("80", "EUR")},
	} {
		es, _ := prog.Evaluate(tx, loyalty.Facts{History: earlier}, jul.Add(10*24*time.Hour))
		fmt.Printf("%s through %s: %d entries\n", tx.ID, tx.Partner, len(es))
	}
	// Output:
	// b2 through hotelhub: 1 entries
	// b3 through tripmate: 0 entries
}

// A partner's statement for a month: what it earned for the SIMs it sold,
// what was reversed when one came back, and its balances.
func ExamplePartnerLedger_Statement() {
	ctx := context.Background()
	plan, err := loyalty.NewRemunerationPlan(loyalty.RemunerationSpec{ID: "resellers", Currency: pricing.EUR,
		SIMReward: pricing.MustParseMoney("5", "EUR"), LockPeriod: 14 * 24 * time.Hour})
	if err != nil {
		fmt.Println(err)
		return
	}
	store := memstore.New()
	partners, _ := loyalty.NewPartnerLedger(plan, store)
	jul := pricing.Month(2026, time.July, time.UTC)
	for i, sim := range []string{"sim-1", "sim-2"} {
		_ = loyalty.AttributeToPartner(ctx, store, sim, "hotelhub")
		_, _ = partners.RewardSIM(ctx, loyalty.SIMSale{ID: "sale-" + sim, Partner: "hotelhub", SIM: sim,
			Amount: pricing.MustParseMoney("25", "EUR")}, jul.Start.Add(time.Duration(i)*24*time.Hour))
	}
	// sim-2 comes back: the whole price refunded, the whole reward reversed.
	_, _ = partners.Reverse(ctx, loyalty.Reversal{ID: "return-sim-2", Partner: "hotelhub", Original: "sale-sim-2",
		Amount: pricing.MustParseMoney("25", "EUR")}, jul.Start.Add(3*24*time.Hour))
	_, _ = partners.Settle(ctx, "hotelhub", jul.End.Add(-time.Hour))
	st, err := partners.Statement(ctx, "hotelhub", jul)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range st.Entries {
		fmt.Printf("%s %-10s %-12s %s\n", e.At.Format("Jan 02"), e.Kind, e.Tx, e.Rule)
	}
	fmt.Printf("%d SIMs, %s rewarded, %s reversed; closing %s available, %s pending\n",
		st.SIMs, st.SIMRewards, st.Reversed, st.Closing.Available, st.Closing.Pending)
	// Output:
	// Jul 01 sim-reward sale-sim-1   sim-1
	// Jul 02 sim-reward sale-sim-2   sim-2
	// Jul 04 reverse    return-sim-2 sim-2
	// Jul 31 activate   sale-sim-1   sim-1
	// 2 SIMs, 10.00 EUR rewarded, 5.00 EUR reversed; closing 5.00 EUR available, 0.00 EUR pending
}
