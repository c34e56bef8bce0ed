package loyalty_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

// hotelDiscounts is hotelhub's program: its members, and holders of the
// bank's card, get 5 EUR off their first booking and 10 % (at most 15
// EUR) off every repeat booking through hotelhub, the seed's "discounts on
// the partner's service when re-purchasing, by SIM ID".
func hotelDiscounts() loyalty.Spec {
	return loyalty.Spec{ID: "hotelhub-club", Partner: "hotelhub",
		Enrol: []loyalty.Enrolment{{ID: "cardholders", Fact: "card", Values: []string{"mts-bank-visa"}}},
		Discounts: []loyalty.Discount{
			{ID: "welcome-5", Amount: eur("5"), When: loyalty.Condition{FirstPurchase: true}},
			{ID: "repeat-10", Percent: dec("10"), Max: eur("15"),
				When: loyalty.Condition{Partners: []string{"hotelhub"}, History: loyalty.History{From: 2, SamePartner: true}}},
		}}
}

func TestDiscount(t *testing.T) {
	booking := func(amount string) loyalty.Transaction {
		return loyalty.Transaction{Member: "sim1", Amount: eur(amount), Partner: "hotelhub", Category: "hotel"}
	}
	tests := []struct {
		name     string
		spec     loyalty.Spec
		owner    string   // the partner sim1 is attributed to
		earlier  []string // amounts of bookings through hotelhub accrued before
		purchase loyalty.Transaction
		want     string // "discount off pay"
		wantErr  error
	}{
		{name: "the partner's member, first booking: 5 EUR off", spec: hotelDiscounts(), owner: "hotelhub",
			purchase: booking("100"), want: "welcome-5 5.00 EUR 95.00 EUR"},
		{name: "a repeat booking: 10 % off", spec: hotelDiscounts(), owner: "hotelhub", earlier: []string{"100"},
			purchase: booking("100"), want: "repeat-10 10.00 EUR 90.00 EUR"},
		{name: "a repeat booking of 300 EUR: 10 % capped at 15 EUR", spec: hotelDiscounts(), owner: "hotelhub", earlier: []string{"100"},
			purchase: booking("300"), want: "repeat-10 15.00 EUR 285.00 EUR"},
		{name: "a repeat booking rounds half away from zero: 10 % of 70.05 is 7.01", spec: hotelDiscounts(), owner: "hotelhub",
			earlier: []string{"100"}, purchase: booking("70.05"), want: "repeat-10 7.01 EUR 63.04 EUR"},
		{name: "a first booking of 3 EUR: the fixed 5 EUR is cut to the amount", spec: hotelDiscounts(), owner: "hotelhub",
			purchase: booking("3"), want: "welcome-5 3.00 EUR 0.00 EUR"},
		{name: "a zero amount: no discount", spec: hotelDiscounts(), owner: "hotelhub", purchase: booking("0"), want: " 0.00 EUR 0.00 EUR"},
		{name: "a repeat purchase through another partner: not hotelhub's discount", spec: hotelDiscounts(), owner: "hotelhub",
			earlier:  []string{"100"},
			purchase: loyalty.Transaction{Member: "sim1", Amount: eur("100"), Partner: "tripmate"}, want: " 0.00 EUR 100.00 EUR"},
		{name: "a holder of the bank's card, SIM not hotelhub's: enrolled", spec: hotelDiscounts(), owner: "tripmate",
			purchase: func() loyalty.Transaction {
				tx := booking("100")
				tx.MemberFacts = map[string]string{"card": "mts-bank-visa"}
				return tx
			}(), want: "welcome-5 5.00 EUR 95.00 EUR"},
		{name: "a competitor's SIM without the card: refused", spec: hotelDiscounts(), owner: "tripmate",
			purchase: booking("100"), wantErr: loyalty.ErrNotMember},
		{name: "equal discounts: the one listed first", owner: "hotelhub", purchase: booking("100"), want: "a 5.00 EUR 95.00 EUR",
			spec: loyalty.Spec{ID: "p", Partner: "hotelhub", Discounts: []loyalty.Discount{
				{ID: "a", Amount: eur("5")}, {ID: "b", Percent: dec("5")}}}},
		{name: "the larger discount wins over the one listed first", owner: "hotelhub", purchase: booking("200"), want: "b 10.00 EUR 190.00 EUR",
			spec: loyalty.Spec{ID: "p", Partner: "hotelhub", Discounts: []loyalty.Discount{
				{ID: "a", Amount: eur("5")}, {ID: "b", Percent: dec("5")}}}},
		{name: "an amount in another currency: refused", spec: hotelDiscounts(), owner: "hotelhub",
			purchase: loyalty.Transaction{Member: "sim1", Amount: pricing.MustParseMoney("100", "USD")}, wantErr: pricing.ErrCurrencyMismatch},
		{name: "no member: refused", spec: hotelDiscounts(), purchase: loyalty.Transaction{Amount: eur("100")}, wantErr: loyalty.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.Currency = pricing.EUR
			l, s := newLedger(t, tt.spec)
			if tt.owner != "" {
				if err := loyalty.AttributeToPartner(ctx, s, "sim1", tt.owner); err != nil {
					t.Fatal(err)
				}
			}
			for i, a := range tt.earlier {
				if _, err := l.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprint("e", i), Member: "sim1", Amount: eur(a), Partner: "hotelhub"}, t0); err != nil {
					t.Fatal(err)
				}
			}
			o, err := l.Discount(ctx, tt.purchase, t0.Add(day))
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("Discount error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got := fmt.Sprintf("%s %s %s", o.Discount, o.Off, o.Pay); got != tt.want {
				t.Errorf("Discount = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestRedeemDiscount: a redemption records the discount once, changes no
// balance, counts against the discount's limits, and a replay returns the
// offer recorded.
func TestRedeemDiscount(t *testing.T) {
	spec := hotelDiscounts()
	spec.Currency = pricing.EUR
	spec.Discounts[0].PerMember = 1 // the welcome discount once per member
	spec.Discounts[1].TotalLimit = 2
	l, s := newLedger(t, spec)
	for _, sim := range []string{"sim1", "sim2"} {
		if err := loyalty.AttributeToPartner(ctx, s, sim, "hotelhub"); err != nil {
			t.Fatal(err)
		}
	}
	buy := func(id, sim, amount string) loyalty.Transaction {
		return loyalty.Transaction{ID: id, Member: sim, Amount: eur(amount), Partner: "hotelhub", Category: "hotel"}
	}
	describe := func(o loyalty.DiscountOffer) string { return fmt.Sprintf("%s %s %s", o.Discount, o.Off, o.Pay) }
	steps := []struct {
		name    string
		do      func() (loyalty.DiscountOffer, error)
		want    string
		wantErr error
	}{
		{"welcome discount redeemed", func() (loyalty.DiscountOffer, error) {
			return l.RedeemDiscount(ctx, buy("r1", "sim1", "100"), t0)
		}, "welcome-5 5.00 EUR 95.00 EUR", nil},
		{"the same redemption again: the offer recorded, not a second use", func() (loyalty.DiscountOffer, error) {
			return l.RedeemDiscount(ctx, buy("r1", "sim1", "100"), t0.Add(day))
		}, "welcome-5 5.00 EUR 95.00 EUR", nil},
		{"its ID with another purchase: a conflict", func() (loyalty.DiscountOffer, error) {
			return l.RedeemDiscount(ctx, buy("r1", "sim1", "120"), t0)
		}, "", loyalty.ErrTransactionConflict},
		{"the member's one welcome discount is used: the check offers none", func() (loyalty.DiscountOffer, error) {
			return l.Discount(ctx, buy("", "sim1", "100"), t0)
		}, " 0.00 EUR 100.00 EUR", nil},
		{"so a redemption is refused", func() (loyalty.DiscountOffer, error) {
			return l.RedeemDiscount(ctx, buy("r2", "sim1", "100"), t0)
		}, "", loyalty.ErrNoDiscount},
		{"after the booking is accrued, a repeat booking: 10 %", func() (loyalty.DiscountOffer, error) {
			if _, err := l.Accrue(ctx, buy("b1", "sim1", "100"), t0); err != nil {
				return loyalty.DiscountOffer{}, err
			}
			return l.RedeemDiscount(ctx, buy("r3", "sim1", "80"), t0)
		}, "repeat-10 8.00 EUR 72.00 EUR", nil},
		{"a second repeat discount: the total limit of 2 reached", func() (loyalty.DiscountOffer, error) {
			return l.RedeemDiscount(ctx, buy("r4", "sim1", "50"), t0)
		}, "repeat-10 5.00 EUR 45.00 EUR", nil},
		{"another member's repeat booking: none left", func() (loyalty.DiscountOffer, error) {
			if _, err := l.Accrue(ctx, buy("b2", "sim2", "100"), t0); err != nil {
				return loyalty.DiscountOffer{}, err
			}
			return l.Discount(ctx, buy("", "sim2", "100"), t0)
		}, " 0.00 EUR 100.00 EUR", nil},
		{"a redemption without an ID", func() (loyalty.DiscountOffer, error) {
			return l.RedeemDiscount(ctx, buy("", "sim2", "100"), t0)
		}, "", loyalty.ErrInvalidRequest},
	}
	for _, st := range steps {
		o, err := st.do()
		if !errors.Is(err, st.wantErr) || (err == nil) != (st.wantErr == nil) {
			t.Fatalf("%s: error %v, want %v", st.name, err, st.wantErr)
		}
		if err == nil && describe(o) != st.want {
			t.Errorf("%s: %s, want %s", st.name, describe(o), st.want)
		}
	}
	var de *loyalty.DiscountError
	if _, err := l.RedeemDiscount(ctx, buy("r5", "sim1", "100"), t0); !errors.As(err, &de) || de.Member != "sim1" || de.Tx != "r5" {
		t.Errorf("error %v, want a *DiscountError naming sim1 and r5", err)
	}
	es, _ := l.Statement(ctx, "sim1")
	var got []string
	for _, e := range es {
		if e.Kind == loyalty.EntryDiscount {
			got = append(got, fmt.Sprintf("%s %s %s/%s", e.Tx, e.Rule, e.Available, e.Pending))
		}
	}
	want := []string{"r1 welcome-5 0.00 EUR/0.00 EUR", "r3 repeat-10 0.00 EUR/0.00 EUR", "r4 repeat-10 0.00 EUR/0.00 EUR"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("discount entries (-want +got):\n%s", diff)
	}
	if n, _ := s.PromoCount(ctx, "hotelhub-club", "repeat-10"); n != 2 {
		t.Errorf("repeat-10 counted %d times, want 2", n)
	}
	if b, _ := l.Balance(ctx, "sim1"); !b.Total().IsZero() {
		t.Errorf("discounts changed the bonus balance: %+v", b)
	}
}

// racingStore lets a rival redemption take the last use of a discount
// between the Ledger's check and its commit.
type racingStore struct {
	*memstore.Store
	rival func()
}

func (r *racingStore) Commit(ctx context.Context, c loyalty.Commit) error {
	if r.rival != nil {
		f := r.rival
		r.rival = nil
		f()
	}
	return r.Store.Commit(ctx, c)
}

func TestRedeemDiscountRace(t *testing.T) {
	spec := loyalty.Spec{ID: "p", Currency: pricing.EUR, Discounts: []loyalty.Discount{{ID: "once", Amount: eur("5"), TotalLimit: 1}}}
	inner := memstore.New()
	s := &racingStore{Store: inner}
	l, err := loyalty.NewLedger(mustProgram(t, spec), s)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := loyalty.NewLedger(mustProgram(t, spec), inner)
	s.rival = func() {
		if _, err := plain.RedeemDiscount(ctx, loyalty.Transaction{ID: "rival", Member: "other", Amount: eur("10")}, t0); err != nil {
			t.Fatal(err)
		}
	}
	_, err = l.RedeemDiscount(ctx, loyalty.Transaction{ID: "mine", Member: "sim1", Amount: eur("10")}, t0)
	var de *loyalty.DiscountError
	if !errors.Is(err, loyalty.ErrPromoExhausted) || !errors.As(err, &de) || de.Discount != "once" {
		t.Errorf("error %v, want a *DiscountError for discount once wrapping ErrPromoExhausted", err)
	}
	if es, _ := l.Statement(ctx, "sim1"); len(es) != 0 {
		t.Errorf("a refused redemption wrote %d entries", len(es))
	}
}

func TestDiscountValidation(t *testing.T) {
	spec := loyalty.Spec{ID: "p", Currency: pricing.EUR, Partner: "hotelhub",
		Promos: []loyalty.Promo{{Code: "SUMMER", Grant: eur("1")}},
		Discounts: []loyalty.Discount{
			{ID: "SUMMER", Amount: eur("1")},
			{ID: "both", Amount: eur("1"), Percent: dec("5")},
			{ID: "none"},
			{ID: "too-much", Percent: dec("101")},
			{ID: "max-on-fixed", Amount: eur("1"), Max: eur("2")},
			{ID: "dollars", Percent: dec("5"), Max: pricing.MustParseMoney("2", "USD"), PerMember: -1},
			{ID: "", Amount: eur("1"), When: loyalty.Condition{History: loyalty.History{From: 2, To: 1}}},
		}}
	want := []string{
		"discounts[0].id duplicate_id",
		"discounts[1] required",
		"discounts[2] required",
		"discounts[3].percent percent_range",
		"discounts[4].max unused_field",
		"discounts[5].max currency", "discounts[5] negative",
		"discounts[6].id invalid_id", "discounts[6].when.history.from bounds",
	}
	_, err := loyalty.NewProgram(spec)
	if diff := cmp.Diff(want, problems(t, err, loyalty.ErrInvalidProgram)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
