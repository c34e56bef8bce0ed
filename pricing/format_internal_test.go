package pricing

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Law: the allocation-free formatters write what Money.String and
// decimal.Decimal.String write, the obviously correct versions.
func propFormattersMatchString(t *rapid.T) {
	coef := rapid.Int64Range(-1_000_000_000_000, 1_000_000_000_000).Draw(t, "coefficient")
	exp := int32(rapid.IntRange(-8, 4).Draw(t, "exponent"))
	c := rapid.SampledFrom([]Currency{JPY, EUR, KWD, {}}).Draw(t, "currency")
	d := decimal.New(coef, exp)
	m := NewMoney(d, c)
	if got, want := string(appendMoney(nil, m)), m.String(); got != want {
		t.Fatalf("appendMoney(%s) = %q, want %q", d, got, want)
	}
	if got, want := string(appendDecimal(nil, d)), d.String(); got != want {
		t.Fatalf("appendDecimal(%s) = %q, want %q", d, got, want)
	}
}

func TestFormattersMatchString(t *testing.T) { rapid.Check(t, propFormattersMatchString) }

func FuzzFormattersMatchString(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propFormattersMatchString)) }

func TestFormattersBigFigures(t *testing.T) {
	for _, s := range []string{"123456789012345678901234.5", "0.0000000000000000000001", "-7", "0", "1e20"} {
		d := decimal.RequireFromString(s)
		if got, want := string(appendDecimal(nil, d)), d.String(); got != want {
			t.Errorf("appendDecimal(%s) = %q, want %q", s, got, want)
		}
		m := NewMoney(d, EUR)
		if got, want := string(appendMoney(nil, m)), m.String(); got != want {
			t.Errorf("appendMoney(%s) = %q, want %q", s, got, want)
		}
	}
}
