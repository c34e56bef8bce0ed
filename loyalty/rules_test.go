package loyalty_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

func TestEvaluate(t *testing.T) {
	fixed := func(id, amt string) loyalty.Rule {
		return loyalty.Rule{ID: id, Kind: loyalty.FixedBonus, Amount: eur(amt)}
	}
	tx := func(amount string) loyalty.Transaction {
		return loyalty.Transaction{ID: "tx1", Member: "sim1", Amount: eur(amount), Category: "hotel"}
	}
	withPartner := func(tx loyalty.Transaction, p string) loyalty.Transaction { tx.Partner = p; return tx }
	sim := func(tx loyalty.Transaction) loyalty.Transaction { tx.SIM, tx.Category = true, "sim"; return tx }

	tests := []struct {
		name    string
		spec    loyalty.Spec
		tx      loyalty.Transaction
		facts   loyalty.Facts
		want    []string // rule:amount, in order
		wantErr error
	}{
		{name: "percentage within bounds: 5 % of 100 EUR earns 5 EUR",
			spec: loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}}, tx: tx("100"), want: []string{"booking-5pct:5.00 EUR"}},
		{name: "percentage below minimum: minimum applies (20 EUR earns 3 EUR)",
			spec: loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}}, tx: tx("20"), want: []string{"booking-5pct:3.00 EUR"}},
		{name: "percentage above maximum: maximum applies (400 EUR earns 8 EUR)",
			spec: loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}}, tx: tx("400"), want: []string{"booking-5pct:8.00 EUR"}},
		{name: "percentage rounds half away from zero by default",
			spec: loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}}, tx: tx("70.10"), want: []string{"booking-5pct:3.51 EUR"}},
		{name: "percentage rounds half even on request",
			spec: loyalty.Spec{Rounding: pricing.HalfEven, Rules: []loyalty.Rule{bookingRule()}}, tx: tx("70.10"), want: []string{"booking-5pct:3.50 EUR"}},
		{name: "percentage of a zero amount: nothing, the minimum does not apply",
			spec: loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}}, tx: tx("0"), want: nil},
		{name: "fixed bonus per purchase",
			spec: loyalty.Spec{Rules: []loyalty.Rule{fixed("per-purchase", "1.50")}}, tx: tx("9.99"), want: []string{"per-purchase:1.50 EUR"}},
		{name: "SIM bought through a partner: SIM bonus",
			spec: loyalty.Spec{Rules: []loyalty.Rule{{ID: "sim", Kind: loyalty.SIMBonus, Amount: eur("10")}}},
			tx:   withPartner(sim(tx("25")), "booking"), want: []string{"sim:10.00 EUR"}},
		{name: "SIM bought directly: no SIM bonus",
			spec: loyalty.Spec{Rules: []loyalty.Rule{{ID: "sim", Kind: loyalty.SIMBonus, Amount: eur("10")}}},
			tx:   sim(tx("25")), want: nil},
		{name: "partner condition met: earns",
			spec: loyalty.Spec{Rules: []loyalty.Rule{{ID: "via-hotels", Kind: loyalty.FixedBonus, Amount: eur("2"), When: loyalty.Condition{Partners: []string{"hotels"}}}}},
			tx:   withPartner(tx("50"), "hotels"), want: []string{"via-hotels:2.00 EUR"}},
		{name: "partner condition not met: nothing",
			spec: loyalty.Spec{Rules: []loyalty.Rule{{ID: "via-hotels", Kind: loyalty.FixedBonus, Amount: eur("2"), When: loyalty.Condition{Partners: []string{"hotels"}}}}},
			tx:   withPartner(tx("50"), "flights"), want: nil},
		{name: "category condition not met: nothing",
			spec: loyalty.Spec{Rules: []loyalty.Rule{{ID: "flights", Kind: loyalty.FixedBonus, Amount: eur("2"), When: loyalty.Condition{Categories: []string{"flight"}}}}},
			tx:   tx("50"), want: nil},
		{name: "first purchase rule on the first purchase: earns",
			spec: loyalty.Spec{Rules: []loyalty.Rule{{ID: "welcome", Kind: loyalty.FixedBonus, Amount: eur("5"), When: loyalty.Condition{FirstPurchase: true}}}},
			tx:   tx("50"), facts: loyalty.Facts{FirstPurchase: true}, want: []string{"welcome:5.00 EUR"}},
		{name: "first purchase rule on a later purchase: nothing",
			spec: loyalty.Spec{Rules: []loyalty.Rule{{ID: "welcome", Kind: loyalty.FixedBonus, Amount: eur("5"), When: loyalty.Condition{FirstPurchase: true}}}},
			tx:   tx("50"), want: nil},
		{name: "rules stack in priority order, not list order",
			spec: loyalty.Spec{Rules: []loyalty.Rule{fixed("low", "1"), {ID: "high", Kind: loyalty.FixedBonus, Amount: eur("2"), Priority: 10}}},
			tx:   tx("50"), want: []string{"high:2.00 EUR", "low:1.00 EUR"}},
		{name: "exclusive rule that matches: lower-precedence rules skipped",
			spec: loyalty.Spec{Rules: []loyalty.Rule{fixed("low", "1"), {ID: "promo-only", Kind: loyalty.FixedBonus, Amount: eur("4"), Priority: 5, Exclusive: true}}},
			tx:   tx("50"), want: []string{"promo-only:4.00 EUR"}},
		{name: "exclusive rule that does not match: lower-precedence rules apply",
			spec: loyalty.Spec{Rules: []loyalty.Rule{fixed("low", "1"), {ID: "flights-only", Kind: loyalty.FixedBonus, Amount: eur("4"), Priority: 5, Exclusive: true,
				When: loyalty.Condition{Categories: []string{"flight"}}}}},
			tx: tx("50"), want: []string{"low:1.00 EUR"}},
		{name: "per-transaction cap: trimmed from the lowest-precedence rule",
			spec: loyalty.Spec{MaxPerTransaction: eur("6"), Rules: []loyalty.Rule{bookingRule(), fixed("bonus", "3")}},
			tx:   tx("100"), want: []string{"booking-5pct:5.00 EUR", "bonus:1.00 EUR"}},
		{name: "period cap: trimmed to the room left in the period",
			spec: loyalty.Spec{PeriodCap: eur("20"), Cadence: loyalty.Monthly, Rules: []loyalty.Rule{bookingRule()}},
			tx:   tx("100"), facts: loyalty.Facts{PeriodAccrued: eur("17.50")}, want: []string{"booking-5pct:2.50 EUR"}},
		{name: "period cap reached: nothing",
			spec: loyalty.Spec{PeriodCap: eur("20"), Cadence: loyalty.Monthly, Rules: []loyalty.Rule{bookingRule()}},
			tx:   tx("100"), facts: loyalty.Facts{PeriodAccrued: eur("20")}, want: nil},
		{name: "partner program, own member: earns",
			spec: loyalty.Spec{Partner: "hotels", Rules: []loyalty.Rule{bookingRule()}},
			tx:   tx("100"), facts: loyalty.Facts{Partner: "hotels"}, want: []string{"booking-5pct:5.00 EUR"}},
		{name: "competitor's program, SIM attributed to another partner: refused",
			spec: loyalty.Spec{Partner: "competitor", Rules: []loyalty.Rule{bookingRule()}},
			tx:   tx("100"), facts: loyalty.Facts{Partner: "hotels"}, wantErr: loyalty.ErrNotMember},
		{name: "partner program, unattributed member: refused",
			spec: loyalty.Spec{Partner: "hotels", Rules: []loyalty.Rule{bookingRule()}},
			tx:   tx("100"), wantErr: loyalty.ErrNotMember},
		{name: "amount in another currency: refused as a currency mismatch",
			spec: loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}},
			tx:   loyalty.Transaction{ID: "tx1", Member: "sim1", Amount: pricing.MustParseMoney("100", "USD")}, wantErr: pricing.ErrCurrencyMismatch},
		{name: "period accrued in another currency: refused as a currency mismatch",
			spec: loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}}, tx: tx("100"),
			facts: loyalty.Facts{PeriodAccrued: pricing.MustParseMoney("1", "USD")}, wantErr: pricing.ErrCurrencyMismatch},
		{name: "negative amount: refused",
			spec: loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}}, tx: tx("-1"), wantErr: loyalty.ErrInvalidRequest},
		{name: "empty transaction ID: refused",
			spec: loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}}, tx: loyalty.Transaction{Member: "sim1", Amount: eur("1")}, wantErr: loyalty.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustProgram(t, tt.spec)
			if tt.facts.PeriodAccrued.Currency().IsZero() {
				tt.facts.PeriodAccrued = pricing.Zero(pricing.EUR)
			}
			entries, err := p.Evaluate(tt.tx, tt.facts, t0)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Evaluate error = %v, want %v", err, tt.wantErr)
			}
			var got []string
			for _, e := range entries {
				if e.Kind != loyalty.EntryAccrue || e.Tx != tt.tx.ID || !e.At.Equal(t0) {
					t.Errorf("entry %+v: want an accrual of %s at %v", e, tt.tx.ID, t0)
				}
				got = append(got, fmt.Sprintf("%s:%s", e.Rule, e.Available))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Evaluate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateMembershipErrorNamesIDs(t *testing.T) {
	p := mustProgram(t, loyalty.Spec{ID: "rival", Partner: "competitor", Rules: []loyalty.Rule{bookingRule()}})
	_, err := p.Evaluate(loyalty.Transaction{ID: "b1", Member: "sim42", Amount: eur("100")}, loyalty.Facts{Partner: "hotels"}, t0)
	var me *loyalty.MembershipError
	if !errors.As(err, &me) {
		t.Fatalf("error %v is not a *MembershipError", err)
	}
	want := loyalty.MembershipError{Program: "rival", Partner: "competitor", Member: "sim42", Owner: "hotels"}
	if diff := cmp.Diff(want, *me); diff != "" {
		t.Errorf("MembershipError (-want +got):\n%s", diff)
	}
}

func TestNewProgramValidation(t *testing.T) {
	tests := []struct {
		name  string
		spec  loyalty.Spec
		want  []string // path code
		valid bool
	}{
		{name: "valid seed program", spec: loyalty.Spec{ID: "p", Currency: pricing.EUR, Rules: []loyalty.Rule{bookingRule()}}, valid: true},
		{name: "missing ID and currency: both reported",
			spec: loyalty.Spec{}, want: []string{"id invalid_id", "currency missing_currency"}},
		{name: "minimum above maximum",
			spec: loyalty.Spec{ID: "p", Currency: pricing.EUR, Rules: []loyalty.Rule{{ID: "r", Kind: loyalty.Percentage, Percent: dec("5"), Min: eur("9"), Max: eur("8")}}},
			want: []string{"rules[0].min bounds"}},
		{name: "rule amounts in another currency and duplicate IDs: all reported",
			spec: loyalty.Spec{ID: "p", Currency: pricing.EUR, Rules: []loyalty.Rule{
				{ID: "r", Kind: loyalty.FixedBonus, Amount: pricing.MustParseMoney("1", "USD")},
				{ID: "r", Kind: loyalty.Percentage},
			}},
			want: []string{"rules[0].amount currency", "rules[1].id duplicate_id", "rules[1].percent percent_range"}},
		{name: "unknown rule kind",
			spec: loyalty.Spec{ID: "p", Currency: pricing.EUR, Rules: []loyalty.Rule{{ID: "r"}}}, want: []string{"rules[0].kind invalid_kind"}},
		{name: "period cap without period",
			spec: loyalty.Spec{ID: "p", Currency: pricing.EUR, PeriodCap: eur("10")}, want: []string{"period required"}},
		{name: "negative durations",
			spec: loyalty.Spec{ID: "p", Currency: pricing.EUR, LockPeriod: -1, Lifetime: -1}, want: []string{"lock_period negative", "lifetime negative"}},
		{name: "promo with empty window and no grant",
			spec: loyalty.Spec{ID: "p", Currency: pricing.EUR, Promos: []loyalty.Promo{{Code: "X", ValidFrom: t0, ValidUntil: t0}}},
			want: []string{"promos[X].valid_until bounds", "promos[X].grant required"}},
		{name: "conversion without a rate",
			spec: loyalty.Spec{ID: "p", Currency: pricing.EUR, Conversions: []loyalty.Conversion{{Unit: "MB"}}}, want: []string{"conversions[0] required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loyalty.NewProgram(tt.spec)
			if tt.valid {
				if err != nil {
					t.Fatalf("NewProgram: %v", err)
				}
				return
			}
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, loyalty.ErrInvalidProgram) || ve.ID != tt.spec.ID {
				t.Fatalf("error %v: want a *catalog.ValidationError of program %q matching ErrInvalidProgram", err, tt.spec.ID)
			}
			var got []string
			for _, p := range ve.Problems {
				got = append(got, p.Path+" "+string(p.Code))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
