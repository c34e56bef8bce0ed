// Command travelsim tells the seed's story with the loyalty package: a
// traveller buys a SIM card through a hotel-booking partner, books a hotel
// and a flight, enters a promo code, gets the flight refunded, turns bonus
// into a traffic package that lands on the SIM, gets the partner's
// discount at its checkout by SIM ID, and a competitor's program is
// refused. The partner earns for the SIMs it sold and a share of their
// traffic revenue, quoted with pricing at the month's end. It ends with
// the traveller's statement, the latest entries read as one page, as a
// self-care app would show them, and the partner's statement for July.
//
//	go run ./examples/travelsim
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

const (
	sim      = "CW-SIM-0001" // the traveller's SIM ID: the member
	sim2     = "CW-SIM-0002" // another SIM the partner sells, returned
	partner  = "hotelhub"    // the partner that sold the SIM
	rival    = "tripmate"    // a competitor with its own program
	day      = 24 * time.Hour
	currency = "EUR"
)

func eur(s string) pricing.Money { return pricing.MustParseMoney(s, currency) }

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "travelsim:", err)
		os.Exit(1)
	}
}

// programs returns the operator's program, the partner's and the
// competitor's.
func programs(start time.Time) (operator, own, competitor *loyalty.Program, err error) {
	operator, err = loyalty.NewProgram(loyalty.Spec{
		ID: "comfortway", Currency: pricing.EUR,
		Rules: []loyalty.Rule{
			{ID: "sim-via-partner", Kind: loyalty.SIMBonus, Amount: eur("10"), Priority: 10},
			{ID: "travel-5pct", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(5),
				Min: eur("3"), Max: eur("8"), When: loyalty.Condition{Categories: []string{"hotel", "flight"}}},
		},
		LockPeriod: 14 * day, // the booking's return window
		Lifetime:   365 * day,
		Promos: []loyalty.Promo{{Code: "TRAVEL5", ValidFrom: start, ValidUntil: start.Add(30 * day),
			TotalLimit: 1000, Grant: eur("5")}},
		Conversions: []loyalty.Conversion{{Unit: "MB", ToBonus: decimal.New(4, -3), FromBonus: decimal.NewFromInt(100), Traffic: true}},
	})
	if err != nil {
		return nil, nil, nil, err
	}
	// The partner's own program: 10 % off a repeat booking at its checkout.
	own, err = loyalty.NewProgram(loyalty.Spec{
		ID: "hotelhub-club", Partner: partner, Currency: pricing.EUR,
		Discounts: []loyalty.Discount{{ID: "repeat-10pct", Percent: decimal.NewFromInt(10), Max: eur("20"),
			When: loyalty.Condition{Categories: []string{"hotel"}, History: loyalty.History{From: 2, SamePartner: true}}}},
	})
	if err != nil {
		return nil, nil, nil, err
	}
	competitor, err = loyalty.NewProgram(loyalty.Spec{
		ID: "tripmate-club", Partner: rival, Currency: pricing.EUR,
		Rules: []loyalty.Rule{{ID: "rival-10pct", Kind: loyalty.Percentage, Percent: decimal.NewFromInt(10)}},
	})
	return operator, own, competitor, err
}

// run plays the story and writes it, then the statement, to w.
func run(w io.Writer) error {
	ctx := context.Background()
	start := time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
	operator, own, competitor, err := programs(start)
	if err != nil {
		return err
	}
	store := memstore.New()
	ledger, err := loyalty.NewLedger(operator, store)
	if err != nil {
		return err
	}
	ownLedger, err := loyalty.NewLedger(own, store)
	if err != nil {
		return err
	}
	rivalLedger, err := loyalty.NewLedger(competitor, store)
	if err != nil {
		return err
	}
	router, err := loyalty.NewRouter(store, ledger, ownLedger, rivalLedger)
	if err != nil {
		return err
	}
	partners, err := partnerLedger(store)
	if err != nil {
		return err
	}
	say := func(at time.Time, format string, args ...any) {
		fmt.Fprintf(w, "%s  %s\n", at.Format("Jan 02"), fmt.Sprintf(format, args...))
	}

	// Day 0: the SIM is sold through the partner, which now owns the member
	// and earns its reward for the sale.
	at := start
	if err := loyalty.AttributeToPartner(ctx, store, sim, partner); err != nil {
		return err
	}
	res, err := ledger.Accrue(ctx, loyalty.Transaction{ID: "sim-sale", Member: sim, Amount: eur("25"),
		Category: "sim", Partner: partner, SIM: true}, at)
	if err != nil {
		return err
	}
	say(at, "SIM %s bought through %s: earned %s (pending for 14 days)", sim, partner, res.Bonus)
	if res, err = partners.RewardSIM(ctx, loyalty.SIMSale{ID: "sim-sale", Partner: partner, SIM: sim, Amount: eur("25")}, at); err != nil {
		return err
	}
	say(at, "%s credited %s for selling SIM %s", partner, res.Bonus, sim)

	// Day 1 and 2: a hotel, accrued in every program that admits the
	// traveller (the operator's, then hotelhub's own), and a flight.
	at = start.Add(day)
	accruals, err := router.Accrue(ctx, loyalty.Transaction{ID: "hotel-7731", Member: sim, Amount: eur("100"),
		Category: "hotel", Partner: partner}, at)
	if err != nil {
		return err
	}
	say(at, "hotel booking of 100.00 EUR: earned %s (programs: %s)", accruals[0].Result.Bonus, programNames(accruals))
	at = start.Add(2 * day)
	if res, err = ledger.Accrue(ctx, loyalty.Transaction{ID: "flight-2204", Member: sim, Amount: eur("400"),
		Category: "flight"}, at); err != nil {
		return err
	}
	say(at, "flight booking of 400.00 EUR: earned %s (capped at 8.00 EUR)", res.Bonus)
	// The partner sells a second SIM the same day.
	if err := loyalty.AttributeToPartner(ctx, store, sim2, partner); err != nil {
		return err
	}
	if res, err = partners.RewardSIM(ctx, loyalty.SIMSale{ID: "sim-sale-2", Partner: partner, SIM: sim2, Amount: eur("25")}, at); err != nil {
		return err
	}
	say(at, "%s credited %s for selling SIM %s", partner, res.Bonus, sim2)

	// Day 3: a promo code, available at once; the same request twice counts once.
	at = start.Add(3 * day)
	for range 2 {
		if res, err = ledger.RedeemPromo(ctx, loyalty.PromoRedemption{ID: "promo-1", Member: sim, Code: "TRAVEL5"}, at); err != nil {
			return err
		}
	}
	say(at, "promo code TRAVEL5 (sent twice, granted once): %s", res.Bonus)

	// Day 5: the flight is cancelled and refunded in full.
	at = start.Add(5 * day)
	if res, err = ledger.Refund(ctx, loyalty.Refund{ID: "refund-2204", Member: sim, Original: "flight-2204",
		Amount: eur("400")}, at); err != nil {
		return err
	}
	say(at, "flight refunded: reversed %s", res.Bonus)

	// The second SIM is returned unused: the partner's reward is reversed.
	if res, err = partners.Reverse(ctx, loyalty.Reversal{ID: "sim-return-2", Partner: partner, Original: "sim-sale-2",
		Amount: eur("25")}, at); err != nil {
		return err
	}
	say(at, "SIM %s returned: %s's reward of %s reversed", sim2, partner, res.Bonus)

	// Day 10: a 1 GB package costs 10.00 EUR of bonus, but most is still pending.
	at = start.Add(10 * day)
	buy := loyalty.ConvertOut{ID: "pkg-1gb", Member: sim, Unit: "MB", Bonus: eur("10")}
	_, err = ledger.ConvertOut(ctx, buy, at)
	var be *loyalty.BalanceError
	if !errors.As(err, &be) {
		return fmt.Errorf("expected a refusal, got %v", err)
	}
	say(at, "1 GB traffic package refused: %s available, the rest is pending", be.Available)

	// Day 16: the return windows are over; the package is bought with bonus.
	at = start.Add(16 * day)
	if res, err = ledger.ConvertOut(ctx, buy, at); err != nil {
		return err
	}
	traffic, err := store.Traffic(ctx, sim, "MB")
	if err != nil {
		return err
	}
	say(at, "redeemed %s for a %s MB traffic package; the SIM now holds %s MB", res.Bonus, res.Units, traffic)

	// Day 17: the competitor's program refuses the partner's member.
	at = start.Add(17 * day)
	_, err = rivalLedger.Accrue(ctx, loyalty.Transaction{ID: "rival-991", Member: sim, Amount: eur("80")}, at)
	var me *loyalty.MembershipError
	if !errors.As(err, &me) {
		return fmt.Errorf("expected the competitor to be refused, got %v", err)
	}
	say(at, "%s's program refused: SIM %s belongs to %s", me.Partner, me.Member, me.Owner)

	// Re-attributing the SIM to the competitor fails too.
	if err := loyalty.AttributeToPartner(ctx, store, sim, rival); errors.Is(err, loyalty.ErrAlreadyAttributed) {
		say(at, "re-attribution of %s to %s refused", sim, rival)
	} else {
		return fmt.Errorf("expected re-attribution to fail, got %v", err)
	}

	// Day 20: a repeat booking at hotelhub's checkout, by SIM ID.
	at = start.Add(20 * day)
	offer, err := ownLedger.RedeemDiscount(ctx, loyalty.Transaction{ID: "checkout-9120", Member: sim, Amount: eur("120"),
		Category: "hotel", Partner: partner}, at)
	if err != nil {
		return err
	}
	say(at, "%s's checkout, SIM %s, repeat booking of 120.00 EUR: %s, %s off, pays %s", partner, sim, offer.Discount, offer.Off, offer.Pay)

	// The month's end: the SIM's July quote, and hotelhub's traffic share.
	if err := shareJulyTraffic(ctx, partners, say); err != nil {
		return err
	}
	at = start.Add(30*day + 14*time.Hour) // Jul 31, 23:00
	b, err := partners.Balance(ctx, partner)
	if err != nil {
		return err
	}
	if res, err = partners.Payout(ctx, loyalty.Payout{ID: "payout-2026-07", Partner: partner, Amount: b.Available}, at); err != nil {
		return err
	}
	say(at, "%s paid out %s; %s still pending", partner, res.Bonus, b.Pending)

	fmt.Fprintln(w)
	if err := statement(ctx, w, ledger, sim); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := latest(ctx, w, ledger, sim, 3); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return partnerStatement(ctx, w, partners, partner, pricing.Month(2026, time.July, time.UTC))
}

// programNames lists the programs a transaction accrued in, in order.
func programNames(as []loyalty.Accrual) string {
	s := ""
	for i, a := range as {
		if i > 0 {
			s += ", "
		}
		s += a.Program
	}
	return s
}

// latest prints the member's n latest entries, as a self-care app would:
// one page read, whatever the length of the ledger.
func latest(ctx context.Context, w io.Writer, l *loyalty.Ledger, member string, n int) error {
	_, total, err := l.StatementPage(ctx, member, 0, 0)
	if err != nil {
		return err
	}
	page, _, err := l.StatementPage(ctx, member, max(0, total-n), n)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Latest %d of %d entries:\n", len(page), total)
	for _, e := range page {
		fmt.Fprintf(w, "  %s  %-11s  %-11s  %10s\n", e.At.Format("Jan 02"), e.Kind, e.Tx, signed(e.Available))
	}
	return nil
}

// statement prints the member's ledger with running balances.
func statement(ctx context.Context, w io.Writer, l *loyalty.Ledger, member string) error {
	entries, err := l.Statement(ctx, member)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Statement for %s, program %s\n", member, l.Program().ID())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "date\tentry\ttransaction\trule\tavailable\tpending\tbalance available\tbalance pending\t")
	avail, pend := pricing.Zero(pricing.EUR), pricing.Zero(pricing.EUR)
	for _, e := range entries {
		if avail, err = avail.Add(e.Available); err != nil {
			return err
		}
		if pend, err = pend.Add(e.Pending); err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", e.At.Format("Jan 02"), e.Kind, e.Tx, dash(e.Rule),
			signed(e.Available), signed(e.Pending), avail, pend)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b, err := l.Balance(ctx, member)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Closing balance: %s available, %s pending\n", b.Available, b.Pending)
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// signed formats a movement of bonus with its sign ("+5.00 EUR",
// "-8.00 EUR"), or "-" for none.
func signed(m pricing.Money) string {
	switch {
	case m.IsZero():
		return "-"
	case m.Sign() > 0:
		return "+" + m.String()
	}
	return m.String()
}
