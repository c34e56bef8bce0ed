package pricing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/pricing"
)

// TestZeroMoneyAndCurrency calls every Money method and function that
// takes a Money or a Currency with the zero Money and the zero Currency:
// each does what its documentation says, and none panics.
func TestZeroMoneyAndCurrency(t *testing.T) {
	var z pricing.Money
	var nc pricing.Currency
	eur := pricing.FromMinor(100, pricing.EUR)
	five := pricing.NewMoney(decimal.RequireFromString("5.5"), nc) // 5.5 in no currency
	str := func(ms []pricing.Money, err error) (any, error) {
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = m.String()
		}
		return out, err
	}
	tests := []struct {
		call    string
		f       func() (any, error)
		want    any
		wantErr error
	}{
		{"zero Currency: no code", func() (any, error) { return nc.Code() + nc.String(), nil }, "", nil},
		{"zero Currency: minor unit 0", func() (any, error) { return nc.MinorUnit(), nil }, int32(0), nil},
		{"zero Currency: IsZero", func() (any, error) { return nc.IsZero(), nil }, true, nil},
		{"Zero(zero Currency) is the zero Money", func() (any, error) { return pricing.Zero(nc).Equal(z), nil }, true, nil},
		{"FromMinor in no currency: whole units", func() (any, error) { return pricing.FromMinor(5, nc).String(), nil }, "5", nil},
		{"zero Money: no currency", func() (any, error) { return z.Currency().IsZero(), nil }, true, nil},
		{"zero Money: amount zero", func() (any, error) { return z.Amount().IsZero() && z.IsZero() && z.Sign() == 0, nil }, true, nil},
		{"zero Money: String is 0", func() (any, error) { return z.String(), nil }, "0", nil},
		{"zero Money + zero Money: zero", func() (any, error) { m, err := z.Add(z); return m.Equal(z), err }, true, nil},
		{"zero Money - zero Money: zero", func() (any, error) { m, err := z.Sub(z); return m.Equal(z), err }, true, nil},
		{"zero Money + 1.00 EUR: mismatch", func() (any, error) { m, err := z.Add(eur); return m.Equal(z), err }, true, pricing.ErrCurrencyMismatch},
		{"1.00 EUR - zero Money: mismatch", func() (any, error) { m, err := eur.Sub(z); return m.Equal(z), err }, true, pricing.ErrCurrencyMismatch},
		{"zero Money compared with zero Money: equal", func() (any, error) { return z.Cmp(z) }, 0, nil},
		{"zero Money compared with EUR: mismatch", func() (any, error) { return z.Cmp(eur) }, 0, pricing.ErrCurrencyMismatch},
		{"zero Money does not equal 0 EUR", func() (any, error) { return z.Equal(pricing.Zero(pricing.EUR)), nil }, false, nil},
		{"Neg, Abs, Mul of zero Money: zero Money", func() (any, error) {
			return z.Neg().Equal(z) && z.Abs().Equal(z) && z.Mul(decimal.NewFromInt(7)).Equal(z), nil
		}, true, nil},
		{"Round of zero Money: itself", func() (any, error) { return z.Round(pricing.HalfEven).Equal(z), nil }, true, nil},
		{"Round in no currency: a whole number", func() (any, error) { return five.Round(pricing.HalfAwayFromZero).String(), nil }, "6", nil},
		{"Round with an unknown mode: half away from zero", func() (any, error) {
			return pricing.MustParseMoney("0.125", "EUR").Round(pricing.RoundingMode(9)).String(), nil
		}, "0.13 EUR", nil},
		{"zero Money is rounded", func() (any, error) { return z.IsRounded(), nil }, true, nil},
		{"zero Money in minor units: 0", func() (any, error) { u, ok := z.MinorUnits(); return [2]any{u, ok}, nil }, [2]any{int64(0), true}, nil},
		{"Allocate zero Money: zeros", func() (any, error) { return str(z.Allocate(1, 2, 3)) }, []string{"0", "0", "0"}, nil},
		{"Allocate zero Money without weights: invalid weights", func() (any, error) { return str(z.Allocate()) }, []string{}, pricing.ErrInvalidWeights},
		{"Split zero Money: zeros", func() (any, error) { return str(z.Split(2)) }, []string{"0", "0"}, nil},
		{"Split zero Money into 0 parts: invalid weights", func() (any, error) { return str(z.Split(0)) }, []string{}, pricing.ErrInvalidWeights},
		{"Split in no currency: whole units", func() (any, error) { return str(pricing.FromMinor(7, nc).Split(2)) }, []string{"4", "3"}, nil},
		{"Split not whole in no currency: not minor units", func() (any, error) { return str(five.Split(2)) }, []string{}, pricing.ErrNotMinorUnits},
		{"Split(zero Money) over a period: zeros", func() (any, error) { return str(pricing.Split(z, nov, day(11))) }, []string{"0", "0"}, nil},
		{"Prorate zero Money: zero", func() (any, error) { m, err := pricing.Prorate(z, nov, day(11), nov.End); return m.String(), err }, "0", nil},
		{"Prorate over the zero Period: invalid period", func() (any, error) {
			m, err := pricing.Prorate(z, pricing.Period{}, time.Time{}, time.Time{})
			return m.String(), err
		}, "0", pricing.ErrInvalidPeriod},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			var (
				got any
				err error
			)
			noPanic(t, tt.call, func() { got, err = tt.f() })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
