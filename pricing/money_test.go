package pricing_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/pricing"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		name    string
		amount  string
		code    string
		want    string
		wantErr error
	}{
		{"two places padded", "12.3", "EUR", "12.30 EUR", nil},
		{"integer amount padded", "5", "USD", "5.00 USD", nil},
		{"zero minor unit", "1230", "JPY", "1230 JPY", nil},
		{"three minor places", "1.5", "KWD", "1.500 KWD", nil},
		{"extra places kept exactly", "0.125", "EUR", "0.125 EUR", nil},
		{"negative amount", "-2.5", "GBP", "-2.50 GBP", nil},
		{"unknown currency refused", "1", "XXX", "", pricing.ErrUnknownCurrency},
		{"lower-case code refused", "1", "eur", "", pricing.ErrUnknownCurrency},
		{"exponent refused", "1e3", "EUR", "", pricing.ErrInvalidAmount},
		{"plus sign refused", "+1", "EUR", "", pricing.ErrInvalidAmount},
		{"empty refused", "", "EUR", "", pricing.ErrInvalidAmount},
		{"bare dot refused", ".5", "EUR", "", pricing.ErrInvalidAmount},
		{"trailing dot refused", "5.", "EUR", "", pricing.ErrInvalidAmount},
		{"space refused", " 5", "EUR", "", pricing.ErrInvalidAmount},
		{"thousands separator refused", "1,000", "EUR", "", pricing.ErrInvalidAmount},
		{"lone minus refused", "-", "EUR", "", pricing.ErrInvalidAmount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pricing.ParseMoney(tt.amount, tt.code)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseMoney(%q, %q) error = %v, want %v", tt.amount, tt.code, err, tt.wantErr)
			}
			if err == nil && got.String() != tt.want {
				t.Errorf("ParseMoney(%q, %q) = %s, want %s", tt.amount, tt.code, got, tt.want)
			}
		})
	}
}

func TestCurrencyMinorUnits(t *testing.T) {
	tests := []struct {
		code string
		want int32
	}{
		{"JPY", 0}, {"EUR", 2}, {"USD", 2}, {"GBP", 2}, {"BRL", 2}, {"CHF", 2},
		{"KWD", 3}, {"BHD", 3}, {"OMR", 3}, {"JOD", 3}, {"TND", 3},
	}
	for _, tt := range tests {
		c, err := pricing.ParseCurrency(tt.code)
		if err != nil {
			t.Fatalf("ParseCurrency(%q): %v", tt.code, err)
		}
		if c.Code() != tt.code || c.MinorUnit() != tt.want {
			t.Errorf("ParseCurrency(%q) = %s/%d, want %s/%d", tt.code, c.Code(), c.MinorUnit(), tt.code, tt.want)
		}
	}
}

func TestFromMinor(t *testing.T) {
	tests := []struct {
		name  string
		minor int64
		cur   pricing.Currency
		want  string
	}{
		{"cents of euro", 1230, pricing.EUR, "12.30 EUR"},
		{"yen has no minor unit", 1230, pricing.JPY, "1230 JPY"},
		{"fils of dinar", 1230, pricing.KWD, "1.230 KWD"},
		{"negative cents", -5, pricing.EUR, "-0.05 EUR"},
	}
	for _, tt := range tests {
		if got := pricing.FromMinor(tt.minor, tt.cur).String(); got != tt.want {
			t.Errorf("%s: FromMinor(%d) = %s, want %s", tt.name, tt.minor, got, tt.want)
		}
	}
}

func TestArithmeticCurrencyMismatch(t *testing.T) {
	eur := pricing.MustParseMoney("1", "EUR")
	usd := pricing.MustParseMoney("1", "USD")
	tests := []struct {
		name string
		op   func() error
	}{
		{"add mixes currencies: mismatch", func() error { _, err := eur.Add(usd); return err }},
		{"sub mixes currencies: mismatch", func() error { _, err := eur.Sub(usd); return err }},
		{"cmp mixes currencies: mismatch", func() error { _, err := eur.Cmp(usd); return err }},
		{"zero money with euro: mismatch", func() error { _, err := pricing.Money{}.Add(eur); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.op(); !errors.Is(err, pricing.ErrCurrencyMismatch) {
				t.Fatalf("error = %v, want ErrCurrencyMismatch", err)
			}
		})
	}
}

func TestRound(t *testing.T) {
	tests := []struct {
		name   string
		amount string
		code   string
		mode   pricing.RoundingMode
		want   string
	}{
		{"half away from zero rounds half up", "2.345", "EUR", pricing.HalfAwayFromZero, "2.35 EUR"},
		{"half away from zero rounds negative half down", "-2.345", "EUR", pricing.HalfAwayFromZero, "-2.35 EUR"},
		{"half even rounds half to even below", "2.345", "EUR", pricing.HalfEven, "2.34 EUR"},
		{"half even rounds half to even above", "2.355", "EUR", pricing.HalfEven, "2.36 EUR"},
		{"yen rounds to whole units", "10.5", "JPY", pricing.HalfAwayFromZero, "11 JPY"},
		{"dinar rounds to three places", "1.23456", "KWD", pricing.HalfAwayFromZero, "1.235 KWD"},
		{"default mode is half away from zero", "0.005", "USD", pricing.RoundingMode(0), "0.01 USD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pricing.MustParseMoney(tt.amount, tt.code).Round(tt.mode)
			if got.String() != tt.want {
				t.Errorf("Round = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name    string
		amount  string
		weights []int64
		want    []string
		wantErr error
	}{
		{"equal thirds: extra cent to the first", "1.00", []int64{1, 1, 1}, []string{"0.34", "0.33", "0.33"}, nil},
		{"largest remainder wins the extra cent", "1.00", []int64{1, 2}, []string{"0.33", "0.67"}, nil},
		{"negative amount mirrors positive", "-1.00", []int64{1, 1, 1}, []string{"-0.34", "-0.33", "-0.33"}, nil},
		{"zero weight gets nothing", "5.00", []int64{0, 1}, []string{"0.00", "5.00"}, nil},
		{"sub-minor amount refused", "1.005", []int64{1}, nil, pricing.ErrNotMinorUnits},
		{"negative weight refused", "1", []int64{-1, 2}, nil, pricing.ErrInvalidWeights},
		{"all-zero weights refused", "1", []int64{0, 0}, nil, pricing.ErrInvalidWeights},
		{"no weights refused", "1", nil, nil, pricing.ErrInvalidWeights},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := pricing.MustParseMoney(tt.amount, "EUR").Allocate(tt.weights...)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			var got []string
			for _, p := range parts {
				got = append(got, p.Amount().StringFixed(2))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Allocate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMoneyJSON(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr error
	}{
		{"round trip keeps padding", `{"amount":"12.30","currency":"EUR"}`, "12.30 EUR", nil},
		{"fields in any order", `{"currency":"JPY","amount":"5"}`, "5 JPY", nil},
		{"number amount refused", `{"amount":12.3,"currency":"EUR"}`, "", catalog.ErrSyntax},
		{"unknown field refused", `{"amount":"1","currency":"EUR","x":1}`, "", catalog.ErrSyntax},
		{"missing currency refused", `{"amount":"1"}`, "", catalog.ErrSyntax},
		{"missing amount refused", `{"currency":"EUR"}`, "", catalog.ErrSyntax},
		{"unknown currency refused", `{"amount":"1","currency":"ZZZ"}`, "", pricing.ErrUnknownCurrency},
		{"bad amount refused", `{"amount":"1e2","currency":"EUR"}`, "", pricing.ErrInvalidAmount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m pricing.Money
			err := json.Unmarshal([]byte(tt.in), &m)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Unmarshal error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if m.String() != tt.want {
				t.Errorf("Unmarshal = %s, want %s", m, tt.want)
			}
			out, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			var back pricing.Money
			if err := json.Unmarshal(out, &back); err != nil || !back.Equal(m) {
				t.Errorf("round trip of %s gave %s, %v", out, back, err)
			}
		})
	}
}

func TestZeroMoney(t *testing.T) {
	var z pricing.Money
	if !z.IsZero() || !z.Currency().IsZero() || z.String() != "0" {
		t.Errorf("zero Money = %q (currency %q), want 0 in no currency", z, z.Currency().Code())
	}
	b, err := json.Marshal(z)
	if err != nil || string(b) != "null" {
		t.Errorf("Marshal(zero) = %s, %v; want null", b, err)
	}
}

// Generators: valid values only.
var (
	genCurrency = rapid.SampledFrom([]pricing.Currency{pricing.EUR, pricing.JPY, pricing.KWD, pricing.USD})
	genMinor    = rapid.Int64Range(-1_000_000_000, 1_000_000_000)
)

func genMoneyIn(c pricing.Currency) *rapid.Generator[pricing.Money] {
	return rapid.Custom(func(t *rapid.T) pricing.Money {
		// Up to three extra places beyond the minor unit.
		extra := rapid.Int32Range(0, 3).Draw(t, "extra")
		return pricing.NewMoney(decimal.New(genMinor.Draw(t, "units"), -c.MinorUnit()-extra), c)
	})
}

func propAllocationConserves(t *rapid.T) {
	c := genCurrency.Draw(t, "currency")
	m := pricing.FromMinor(genMinor.Draw(t, "minor"), c)
	weights := rapid.SliceOfN(rapid.Int64Range(0, 1_000_000), 1, 20).Draw(t, "weights")
	weights[0]++ // never all zero
	parts, err := m.Allocate(weights...)
	if err != nil {
		t.Fatalf("Allocate: %v", err)
	}
	sum := pricing.Zero(c)
	for i, p := range parts {
		if !p.IsRounded() {
			t.Fatalf("part %d = %s is not in minor units", i, p)
		}
		sum, _ = sum.Add(p)
	}
	if !sum.Equal(m) {
		t.Fatalf("parts sum to %s, want %s", sum, m)
	}
}

func propRoundIdempotent(t *rapid.T) {
	c := genCurrency.Draw(t, "currency")
	m := genMoneyIn(c).Draw(t, "m")
	mode := rapid.SampledFrom([]pricing.RoundingMode{pricing.HalfAwayFromZero, pricing.HalfEven}).Draw(t, "mode")
	once := m.Round(mode)
	if !once.IsRounded() {
		t.Fatalf("Round(%s) = %s is not in minor units", m, once)
	}
	if twice := once.Round(mode); !twice.Equal(once) {
		t.Fatalf("Round twice = %s, once = %s", twice, once)
	}
}

func propAddSubInverse(t *rapid.T) {
	c := genCurrency.Draw(t, "currency")
	a := genMoneyIn(c).Draw(t, "a")
	b := genMoneyIn(c).Draw(t, "b")
	s, err := a.Add(b)
	if err != nil {
		t.Fatal(err)
	}
	back, err := s.Sub(b)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(a) {
		t.Fatalf("(%s + %s) - %s = %s", a, b, b, back)
	}
}

func TestAllocationConserves(t *testing.T) { rapid.Check(t, propAllocationConserves) }
func TestRoundIdempotent(t *testing.T)     { rapid.Check(t, propRoundIdempotent) }
func TestAddSubInverse(t *testing.T)       { rapid.Check(t, propAddSubInverse) }

func FuzzAllocationConserves(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propAllocationConserves)) }
func FuzzRoundIdempotent(f *testing.F)     { f.Fuzz(rapid.MakeFuzz(propRoundIdempotent)) }
func FuzzAddSubInverse(f *testing.F)       { f.Fuzz(rapid.MakeFuzz(propAddSubInverse)) }

// FuzzMoneyUnmarshalJSON checks that no input panics the decoder, that
// UnmarshalJSON refuses valid JSON only with a *catalog.DecodeError
// matching catalog.ErrSyntax (encoding/json refuses invalid JSON itself,
// before calling it), and that whatever it accepts survives an
// encode/decode round trip.
func FuzzMoneyUnmarshalJSON(f *testing.F) {
	for _, s := range []string{
		`{"amount":"12.30","currency":"EUR"}`, `null`, `{}`, `{"amount":"-0.001","currency":"KWD"}`,
		`{"amount":"1","currency":"JPY"} x`, `[]`, `{"amount":1,"currency":"EUR"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m pricing.Money
		if err := json.Unmarshal(data, &m); err != nil {
			var de *catalog.DecodeError
			if json.Valid(data) && (!errors.As(err, &de) || !errors.Is(err, catalog.ErrSyntax) || de.Offset < 0 || de.Offset > int64(len(data))) {
				t.Fatalf("Unmarshal error %v (%T) is not a *catalog.DecodeError matching ErrSyntax within the input", err, err)
			}
			return
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("Marshal(%s): %v", m, err)
		}
		var back pricing.Money
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", out, err)
		}
		if !back.Equal(m) {
			t.Fatalf("round trip: %s became %s", m, back)
		}
	})
}

func ExampleMoney_Allocate() {
	total := pricing.MustParseMoney("100.00", "EUR")
	parts, err := total.Allocate(1, 1, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(parts)
	// Output: [33.34 EUR 33.33 EUR 33.33 EUR]
}

func ExampleMoney_Round() {
	m := pricing.MustParseMoney("2.345", "EUR")
	fmt.Println(m.Round(pricing.HalfAwayFromZero), m.Round(pricing.HalfEven))
	// Output: 2.35 EUR 2.34 EUR
}

func TestMinorUnits(t *testing.T) {
	tests := []struct {
		name   string
		m      pricing.Money
		want   int64
		wantOK bool
	}{
		{"two places", pricing.MustParseMoney("12.30", "EUR"), 1230, true},
		{"fewer places than the minor unit", pricing.MustParseMoney("12.3", "EUR"), 1230, true},
		{"trailing zeros beyond the minor unit", pricing.MustParseMoney("12.3000", "EUR"), 1230, true},
		{"integer with positive exponent", pricing.NewMoney(decimal.New(5, 3), pricing.JPY), 5000, true},
		{"negative", pricing.MustParseMoney("-0.05", "EUR"), -5, true},
		{"zero", pricing.Zero(pricing.KWD), 0, true},
		{"sub-minor amount: not whole", pricing.MustParseMoney("0.125", "EUR"), 0, false},
		{"too large for int64", pricing.MustParseMoney("123456789012345678901", "EUR"), 0, false},
	}
	for _, tt := range tests {
		got, ok := tt.m.MinorUnits()
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s: MinorUnits(%s) = %d, %v; want %d, %v", tt.name, tt.m, got, ok, tt.want, tt.wantOK)
		}
	}
}

func propMinorUnitsRoundTrip(t *rapid.T) {
	c := genCurrency.Draw(t, "currency")
	n := rapid.Int64Range(-1e17, 1e17).Draw(t, "minor")
	got, ok := pricing.FromMinor(n, c).MinorUnits()
	if !ok || got != n {
		t.Fatalf("FromMinor(%d).MinorUnits() = %d, %v", n, got, ok)
	}
}

func TestMinorUnitsRoundTrip(t *testing.T) { rapid.Check(t, propMinorUnitsRoundTrip) }
func FuzzMinorUnitsRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propMinorUnitsRoundTrip)) }
