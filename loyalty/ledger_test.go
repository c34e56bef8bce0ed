package loyalty_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// step is one call in a ledger scenario.
type step struct {
	at      time.Duration // after t0
	do      func(l *loyalty.Ledger, at time.Time) (loyalty.Result, error)
	want    string // Result.Bonus (and Shortfall when set), "" to skip
	wantErr error
}

func accrue(id, amount string) func(*loyalty.Ledger, time.Time) (loyalty.Result, error) {
	return func(l *loyalty.Ledger, at time.Time) (loyalty.Result, error) {
		return l.Accrue(ctx, loyalty.Transaction{ID: id, Member: "sim1", Amount: eur(amount), Category: "hotel"}, at)
	}
}

func redeem(id, amount string) func(*loyalty.Ledger, time.Time) (loyalty.Result, error) {
	return func(l *loyalty.Ledger, at time.Time) (loyalty.Result, error) {
		return l.Redeem(ctx, loyalty.Redemption{ID: id, Member: "sim1", Amount: eur(amount)}, at)
	}
}

func refund(id, orig, amount string) func(*loyalty.Ledger, time.Time) (loyalty.Result, error) {
	return func(l *loyalty.Ledger, at time.Time) (loyalty.Result, error) {
		return l.Refund(ctx, loyalty.Refund{ID: id, Member: "sim1", Original: orig, Amount: eur(amount)}, at)
	}
}

func promo(id, code string) func(*loyalty.Ledger, time.Time) (loyalty.Result, error) {
	return func(l *loyalty.Ledger, at time.Time) (loyalty.Result, error) {
		return l.RedeemPromo(ctx, loyalty.PromoRedemption{ID: id, Member: "sim1", Code: code}, at)
	}
}

func settle(l *loyalty.Ledger, at time.Time) (loyalty.Result, error) {
	s, err := l.Settle(ctx, "sim1", at)
	return loyalty.Result{Bonus: s.Expired}, err
}

func TestLedgerRules(t *testing.T) {
	base := loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}, Lifetime: 30 * day}
	locked := base
	locked.LockPeriod = 14 * day
	withPromo := base
	withPromo.Promos = []loyalty.Promo{{Code: "SUMMER", ValidFrom: t0, ValidUntil: t0.Add(10 * day), TotalLimit: 5, PerMember: 2, Grant: eur("2")}}
	tests := []struct {
		name  string
		spec  loyalty.Spec
		steps []step
		// wantBalance is "available/pending" after the last step.
		wantBalance string
	}{
		{name: "pending bonus is not spendable during the lock period", spec: locked, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{at: 13 * day, do: redeem("r1", "1"), wantErr: loyalty.ErrInsufficientBalance},
		}, wantBalance: "0.00 EUR/5.00 EUR"},
		{name: "lock period over: bonus becomes available and spendable", spec: locked, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{at: 14 * day, do: redeem("r1", "2"), want: "2.00 EUR"},
		}, wantBalance: "3.00 EUR/0.00 EUR"},
		{name: "an accrual after a lock period ended activates the earlier lot", spec: locked, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{at: 14 * day, do: accrue("b2", "400"), want: "8.00 EUR"},
		}, wantBalance: "5.00 EUR/8.00 EUR"},
		{name: "an accrual after a lifetime ended expires the earlier lot", spec: base, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{at: 30 * day, do: accrue("b2", "400"), want: "8.00 EUR"},
		}, wantBalance: "8.00 EUR/0.00 EUR"},
		{name: "redemption consumes the oldest-expiring bonus first", spec: base, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{at: day, do: accrue("b2", "400"), want: "8.00 EUR"},
			{at: 2 * day, do: redeem("r1", "6"), want: "6.00 EUR"},
			// b1's lot is used up, b2's lot (8 EUR) had 1 EUR taken; b1's expiry removes nothing.
			{at: 30 * day, do: settle, want: "0.00 EUR"},
		}, wantBalance: "7.00 EUR/0.00 EUR"},
		{name: "expiry removes only the unspent remainder, and twice changes nothing", spec: base, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{at: day, do: redeem("r1", "2"), want: "2.00 EUR"},
			{at: 30 * day, do: settle, want: "3.00 EUR"},
			{at: 30 * day, do: settle, want: "0.00 EUR"},
		}, wantBalance: "0.00 EUR/0.00 EUR"},
		{name: "expired bonus is not spendable", spec: base, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{at: 31 * day, do: redeem("r1", "1"), wantErr: loyalty.ErrInsufficientBalance},
		}, wantBalance: "5.00 EUR/0.00 EUR"},
		{name: "full refund reverses all the bonus", spec: locked, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{at: day, do: refund("f1", "b1", "100"), want: "5.00 EUR"},
		}, wantBalance: "0.00 EUR/0.00 EUR"},
		{name: "partial refunds summing to the whole reverse exactly what was earned", spec: base, steps: []step{
			{do: accrue("b1", "70.10"), want: "3.51 EUR"},
			{do: refund("f1", "b1", "23.37"), want: "1.17 EUR"},
			{do: refund("f2", "b1", "23.37"), want: "1.17 EUR"},
			{do: refund("f3", "b1", "23.36"), want: "1.17 EUR"},
		}, wantBalance: "0.00 EUR/0.00 EUR"},
		{name: "refund of spent bonus: what remains is reversed, the rest is a shortfall", spec: base, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{do: redeem("r1", "4"), want: "4.00 EUR"},
			{do: refund("f1", "b1", "100"), want: "1.00 EUR shortfall 4.00 EUR"},
		}, wantBalance: "0.00 EUR/0.00 EUR"},
		{name: "refunds beyond the transaction amount: refused", spec: base, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{do: refund("f1", "b1", "60"), want: "3.00 EUR"},
			{do: refund("f2", "b1", "41"), wantErr: loyalty.ErrRefundExceedsTransaction},
		}, wantBalance: "2.00 EUR/0.00 EUR"},
		{name: "refund of an unknown transaction: refused", spec: base, steps: []step{
			{do: refund("f1", "nope", "1"), wantErr: loyalty.ErrUnknownTransaction},
		}, wantBalance: "0/0"},
		{name: "same transaction twice: accrued once, first result returned", spec: base, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{at: day, do: accrue("b1", "100.00"), want: "5.00 EUR"},
		}, wantBalance: "5.00 EUR/0.00 EUR"},
		{name: "same transaction ID, different content: refused", spec: base, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{do: accrue("b1", "200"), wantErr: loyalty.ErrTransactionConflict},
			{do: redeem("b1", "1"), wantErr: loyalty.ErrTransactionConflict},
		}, wantBalance: "5.00 EUR/0.00 EUR"},
		{name: "redemption replayed: spent once", spec: base, steps: []step{
			{do: accrue("b1", "100"), want: "5.00 EUR"},
			{do: redeem("r1", "2"), want: "2.00 EUR"},
			{do: redeem("r1", "2"), want: "2.00 EUR"},
		}, wantBalance: "3.00 EUR/0.00 EUR"},
		{name: "promo code within its window: grants at once", spec: withPromo, steps: []step{
			{do: promo("p1", "SUMMER"), want: "2.00 EUR"},
			{do: promo("p2", "SUMMER"), want: "2.00 EUR"},
		}, wantBalance: "4.00 EUR/0.00 EUR"},
		{name: "promo code beyond the per-member limit: refused", spec: withPromo, steps: []step{
			{do: promo("p1", "SUMMER"), want: "2.00 EUR"},
			{do: promo("p2", "SUMMER"), want: "2.00 EUR"},
			{do: promo("p3", "SUMMER"), wantErr: loyalty.ErrPromoMemberLimit},
		}, wantBalance: "4.00 EUR/0.00 EUR"},
		{name: "promo code outside its window: refused", spec: withPromo, steps: []step{
			{at: 10 * day, do: promo("p1", "SUMMER"), wantErr: loyalty.ErrPromoNotValid},
			{at: -time.Second, do: promo("p1", "SUMMER"), wantErr: loyalty.ErrPromoNotValid},
		}, wantBalance: "0/0"},
		{name: "unknown promo code: refused", spec: withPromo, steps: []step{
			{do: promo("p1", "WINTER"), wantErr: loyalty.ErrUnknownPromo},
		}, wantBalance: "0/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newLedger(t, tt.spec)
			for i, s := range tt.steps {
				res, err := s.do(l, t0.Add(s.at))
				if !errors.Is(err, s.wantErr) {
					t.Fatalf("step %d: error = %v, want %v", i, err, s.wantErr)
				}
				if err != nil {
					continue
				}
				got := res.Bonus.String()
				if !res.Shortfall.IsZero() {
					got += " shortfall " + res.Shortfall.String()
				}
				if s.want != "" && got != s.want {
					t.Errorf("step %d: result %s, want %s", i, got, s.want)
				}
			}
			b, err := l.Balance(ctx, "sim1")
			if err != nil {
				t.Fatal(err)
			}
			got := b.Available.String() + "/" + b.Pending.String()
			if tt.wantBalance == "0/0" {
				tt.wantBalance = "0.00 EUR/0.00 EUR"
			}
			if got != tt.wantBalance {
				t.Errorf("balance %s, want %s", got, tt.wantBalance)
			}
			checkSums(t, l, "sim1")
		})
	}
}

// checkSums checks that the member's balances equal the sums of its
// entries.
func checkSums(t *testing.T, l *loyalty.Ledger, member string) {
	t.Helper()
	b, err := l.Balance(ctx, member)
	if err != nil {
		t.Fatal(err)
	}
	es, err := l.Statement(ctx, member)
	if err != nil {
		t.Fatal(err)
	}
	avail, pend := pricing.Zero(pricing.EUR), pricing.Zero(pricing.EUR)
	for _, e := range es {
		avail, _ = avail.Add(e.Available)
		pend, _ = pend.Add(e.Pending)
	}
	if !avail.Equal(b.Available) || !pend.Equal(b.Pending) {
		t.Errorf("entries sum to %s/%s, balance is %s/%s", avail, pend, b.Available, b.Pending)
	}
}

func TestPromoTotalLimit(t *testing.T) {
	l, store := newLedger(t, loyalty.Spec{Promos: []loyalty.Promo{{Code: "FIRST3", ValidFrom: t0, TotalLimit: 3, Grant: eur("1")}}})
	var errs []error
	for i := range 5 {
		_, err := l.RedeemPromo(ctx, loyalty.PromoRedemption{ID: "p", Member: fmt.Sprint("m", i), Code: "FIRST3"}, t0)
		errs = append(errs, err)
	}
	for i, err := range errs {
		if wantOK := i < 3; (err == nil) != wantOK || (!wantOK && !errors.Is(err, loyalty.ErrPromoExhausted)) {
			t.Errorf("redemption %d: error %v", i, err)
		}
	}
	var pe *loyalty.PromoError
	if !errors.As(errs[4], &pe) || pe.Code != "FIRST3" || pe.Member != "m4" {
		t.Errorf("error %v: want a *PromoError naming FIRST3 and m4", errs[4])
	}
	if b, _ := l.Balance(ctx, "m4"); !b.Available.IsZero() {
		t.Errorf("refused promo changed the balance: %s", b.Available)
	}
	if n, _ := store.PromoCount(ctx, "comfort", "FIRST3"); n != 3 {
		t.Errorf("PromoCount = %d, want 3", n)
	}
}

func TestConversions(t *testing.T) {
	spec := loyalty.Spec{Lifetime: 30 * day, Conversions: []loyalty.Conversion{
		{Unit: "MB", ToBonus: dec("0.004"), FromBonus: dec("100")}, // 1 GB = 4 EUR in, 1 EUR buys 100 MB out
		{Unit: "GEMS", FromBonus: dec("12.5"), Places: 1},
	}}
	tests := []struct {
		name      string
		do        func(l *loyalty.Ledger) (loyalty.Result, error)
		wantBonus string
		wantUnits string
		wantErr   error
	}{
		{name: "traffic into bonus at the program rate",
			do: func(l *loyalty.Ledger) (loyalty.Result, error) {
				return l.ConvertIn(ctx, loyalty.ConvertIn{ID: "c1", Member: "sim1", Unit: "MB", Quantity: dec("1000")}, t0)
			}, wantBonus: "4.00 EUR", wantUnits: "1000"},
		{name: "traffic worth a fraction of a cent: truncated in the program's favour",
			do: func(l *loyalty.Ledger) (loyalty.Result, error) {
				return l.ConvertIn(ctx, loyalty.ConvertIn{ID: "c1", Member: "sim1", Unit: "MB", Quantity: dec("1001")}, t0)
			}, wantBonus: "4.00 EUR", wantUnits: "1001"},
		{name: "bonus into traffic at the program rate",
			do: func(l *loyalty.Ledger) (loyalty.Result, error) {
				return l.ConvertOut(ctx, loyalty.ConvertOut{ID: "c2", Member: "sim1", Unit: "MB", Bonus: eur("5")}, t0)
			}, wantBonus: "5.00 EUR", wantUnits: "500"},
		{name: "bonus into a partner currency, truncated to its places",
			do: func(l *loyalty.Ledger) (loyalty.Result, error) {
				return l.ConvertOut(ctx, loyalty.ConvertOut{ID: "c2", Member: "sim1", Unit: "GEMS", Bonus: eur("0.99")}, t0)
			}, wantBonus: "0.99 EUR", wantUnits: "12.3"},
		{name: "conversion without a rate in that direction: refused",
			do: func(l *loyalty.Ledger) (loyalty.Result, error) {
				return l.ConvertIn(ctx, loyalty.ConvertIn{ID: "c1", Member: "sim1", Unit: "GEMS", Quantity: dec("10")}, t0)
			}, wantErr: loyalty.ErrConversionNotAllowed},
		{name: "converting more bonus than available: refused",
			do: func(l *loyalty.Ledger) (loyalty.Result, error) {
				return l.ConvertOut(ctx, loyalty.ConvertOut{ID: "c2", Member: "sim1", Unit: "MB", Bonus: eur("11")}, t0)
			}, wantErr: loyalty.ErrInsufficientBalance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newLedger(t, spec)
			// Start with 10 EUR of bonus from traffic.
			if _, err := l.ConvertIn(ctx, loyalty.ConvertIn{ID: "seed", Member: "sim1", Unit: "MB", Quantity: dec("2500")}, t0); err != nil {
				t.Fatal(err)
			}
			res, err := tt.do(l)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (res.Bonus.String() != tt.wantBonus || res.Units.String() != tt.wantUnits) {
				t.Errorf("result %s / %s units, want %s / %s", res.Bonus, res.Units, tt.wantBonus, tt.wantUnits)
			}
			checkSums(t, l, "sim1")
		})
	}
}

func TestAttribution(t *testing.T) {
	tests := []struct {
		name    string
		first   string
		then    string
		wantErr error
	}{
		{"same partner again: no-op", "hotels", "hotels", nil},
		{"another partner: refused, first write wins", "hotels", "rival", loyalty.ErrAlreadyAttributed},
		{"empty partner: refused", "hotels", "", loyalty.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, store := newLedger(t, loyalty.Spec{})
			if err := loyalty.AttributeToPartner(ctx, store, "sim1", tt.first); err != nil {
				t.Fatal(err)
			}
			err := loyalty.AttributeToPartner(ctx, store, "sim1", tt.then)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			var ae *loyalty.AttributionError
			if errors.As(err, &ae) {
				if diff := cmp.Diff(loyalty.AttributionError{Member: "sim1", Partner: tt.then, Owner: tt.first}, *ae); diff != "" {
					t.Errorf("AttributionError (-want +got):\n%s", diff)
				}
			}
			if owner, _ := store.Partner(ctx, "sim1"); owner != tt.first {
				t.Errorf("owner %q, want %q", owner, tt.first)
			}
		})
	}
}

func TestPartnerProgramLedger(t *testing.T) {
	l, store := newLedger(t, loyalty.Spec{ID: "rival-club", Partner: "rival", Rules: []loyalty.Rule{bookingRule()}})
	if err := loyalty.AttributeToPartner(ctx, store, "sim1", "hotels"); err != nil {
		t.Fatal(err)
	}
	_, err := l.Accrue(ctx, loyalty.Transaction{ID: "b1", Member: "sim1", Amount: eur("100")}, t0)
	if !errors.Is(err, loyalty.ErrNotMember) {
		t.Fatalf("error %v, want ErrNotMember", err)
	}
	if es, _ := l.Statement(ctx, "sim1"); len(es) != 0 {
		t.Errorf("refused accrual wrote %d entries", len(es))
	}
}

func TestPeriodCapAcrossTransactions(t *testing.T) {
	l, _ := newLedger(t, loyalty.Spec{PeriodCap: eur("10"), Cadence: loyalty.Monthly, Rules: []loyalty.Rule{bookingRule()}})
	var got []string
	for i, at := range []time.Time{t0, t0.Add(day), t0.Add(2 * day), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)} {
		res, err := l.Accrue(ctx, loyalty.Transaction{ID: fmt.Sprint("b", i), Member: "sim1", Amount: eur("100")}, at)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, res.Bonus.String())
	}
	want := []string{"5.00 EUR", "5.00 EUR", "0.00 EUR", "5.00 EUR"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("accruals (-want +got):\n%s", diff)
	}
}
