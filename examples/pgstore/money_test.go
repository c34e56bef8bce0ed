package pgstore

import (
	"errors"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

func TestMoneyRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name string
		m    pricing.Money
		text string // as stored; "" for NULL
	}{
		{"the zero Money is NULL", pricing.Money{}, ""},
		{"whole minor units keep their places", pricing.FromMinor(1230, pricing.EUR), "12.30"},
		{"zero in a currency", pricing.FromMinor(0, pricing.EUR), "0.00"},
		{"a negative amount", pricing.FromMinor(-5, pricing.EUR), "-0.05"},
		{"three places", pricing.FromMinor(1234, pricing.KWD), "1.234"},
		{"no places", pricing.FromMinor(1500, pricing.JPY), "1500"},
		{"more places than the currency has", pricing.MustParseMoney("0.125", "EUR"), "0.125"},
		{"beyond an int64 of minor units", pricing.MustParseMoney("123456789012345678901.23", "EUR"), "123456789012345678901.23"},
	} {
		var r rowMoney
		s := r.amount(tt.m)
		if r.err != nil {
			t.Fatalf("%s: %v", tt.name, r.err)
		}
		if got := deref(s); got != tt.text {
			t.Errorf("%s: stored as %q, want %q", tt.name, got, tt.text)
		}
		c, err := readCurrency(r.currency())
		if err != nil {
			t.Fatal(err)
		}
		back, err := readMoney(s, c)
		if err != nil || !back.Equal(tt.m) {
			t.Errorf("%s: %v comes back as %v, %v", tt.name, tt.m, back, err)
		}
		if tt.m.IsRounded() && !reflect.DeepEqual(back, tt.m) {
			t.Errorf("%s: %#v comes back as %#v, not the value the ledger built", tt.name, tt.m, back)
		}
	}
}

func TestMoneyRowRefusals(t *testing.T) {
	for _, tt := range []struct {
		name string
		ms   []pricing.Money
	}{
		{"two currencies in a row", []pricing.Money{pricing.FromMinor(1, pricing.EUR), pricing.FromMinor(1, pricing.USD)}},
		{"an amount in no currency", []pricing.Money{pricing.NewMoney(decimal.NewFromInt(1), pricing.Currency{})}},
	} {
		var r rowMoney
		for _, m := range tt.ms {
			r.amount(m)
		}
		if !errors.Is(r.err, loyalty.ErrInvalidRequest) {
			t.Errorf("%s: error %v, want ErrInvalidRequest", tt.name, r.err)
		}
	}
}

func TestUnitsRoundTrip(t *testing.T) {
	for _, d := range []decimal.Decimal{{}, decimal.New(0, -2), decimal.RequireFromString("12.500"), decimal.New(-3, 0)} {
		back, err := readUnits(units(d))
		if err != nil || !back.Equal(d) || back.Exponent() != d.Exponent() {
			t.Errorf("units %v come back as %v, %v", d, back, err)
		}
	}
	if units(decimal.Decimal{}) != nil {
		t.Error("the zero Decimal is not NULL")
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
