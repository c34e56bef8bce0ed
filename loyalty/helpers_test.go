package loyalty_test

import (
	"context"
	"errors"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

var (
	ctx = context.Background()
	t0  = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	day = 24 * time.Hour
)

// tb is what the helpers need from *testing.T, *testing.B and *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func eur(s string) pricing.Money { return pricing.MustParseMoney(s, "EUR") }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// bookingRule is the seed's rule: 5 % of the booking, between 3 and 8 EUR.
func bookingRule() loyalty.Rule {
	return loyalty.Rule{ID: "booking-5pct", Kind: loyalty.Percentage, Percent: dec("5"), Min: eur("3"), Max: eur("8")}
}

func mustProgram(t tb, s loyalty.Spec) *loyalty.Program {
	t.Helper()
	if s.ID == "" {
		s.ID = "comfort"
	}
	if s.Currency.IsZero() {
		s.Currency = pricing.EUR
	}
	p, err := loyalty.NewProgram(s)
	if err != nil {
		t.Fatalf("NewProgram: %v", err)
	}
	return p
}

func newLedger(t tb, s loyalty.Spec) (*loyalty.Ledger, *memstore.Store) {
	t.Helper()
	st := memstore.New()
	l, err := loyalty.NewLedger(mustProgram(t, s), st)
	if err != nil {
		t.Fatal(err)
	}
	return l, st
}

// problems returns the "path code" of every problem of err, which must be
// a *catalog.ValidationError matching sentinel.
func problems(t tb, err error, sentinel error) []string {
	t.Helper()
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, sentinel) {
		t.Fatalf("error %v: want a *catalog.ValidationError matching %v", err, sentinel)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Path+" "+string(p.Code))
	}
	return out
}
