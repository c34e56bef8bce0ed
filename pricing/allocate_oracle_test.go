package pricing_test

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/internal/allocoracle"
	"github.com/tariffkit/tariff/pricing"
)

// minorUnits returns m in minor units as a big integer.
func minorUnits(m pricing.Money) *big.Int {
	return m.Amount().Shift(m.Currency().MinorUnit()).BigInt()
}

// unitsOf returns the parts in minor units, as strings for cmp.
func unitsOf(parts []pricing.Money) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		if !p.IsRounded() {
			out[i] = "not rounded: " + p.String()
			continue
		}
		out[i] = minorUnits(p).String()
	}
	return out
}

func oracleUnits(m pricing.Money, weights []int64) []string {
	shares := allocoracle.Allocate(minorUnits(m), weights)
	if shares == nil {
		return nil
	}
	out := make([]string, len(shares))
	for i, s := range shares {
		out[i] = s.String()
	}
	return out
}

// genAllocAmount draws whole minor units: mostly within an int64, some far
// beyond it (the big-integer path).
func genAllocAmount(c pricing.Currency) *rapid.Generator[pricing.Money] {
	return rapid.Custom(func(t *rapid.T) pricing.Money {
		units := big.NewInt(rapid.Int64Range(-1_000_000_000_000, 1_000_000_000_000).Draw(t, "units"))
		if rapid.Bool().Draw(t, "huge") {
			units.Mul(units, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(rapid.IntRange(7, 30).Draw(t, "exp"))), nil))
		}
		return pricing.NewMoney(decimal.NewFromBigInt(units, -c.MinorUnit()), c)
	})
}

// genWeights draws weights from a narrow range (many equal remainders, the
// tie rule at work), a wide one, or near the int64 maximum (their sum
// overflows); sometimes all zero.
var genWeights = rapid.Custom(func(t *rapid.T) []int64 {
	var w *rapid.Generator[int64]
	switch rapid.IntRange(0, 3).Draw(t, "range") {
	case 0:
		w = rapid.Int64Range(0, 3)
	case 1:
		w = rapid.Int64Range(0, 1_000_000)
	case 2:
		w = rapid.Int64Range(math.MaxInt64-10, math.MaxInt64)
	default:
		w = rapid.Int64Range(0, math.MaxInt64)
	}
	return rapid.SliceOfN(w, 1, 200).Draw(t, "weights")
})

// propAllocateMatchesOracle: the fast allocation gives, part for part, what
// the slow one does, and refuses what it refuses.
func propAllocateMatchesOracle(t *rapid.T) {
	c := genCurrency.Draw(t, "currency")
	m := genAllocAmount(c).Draw(t, "m")
	weights := genWeights.Draw(t, "weights")
	parts, err := m.Allocate(weights...)
	want := oracleUnits(m, weights)
	if want == nil {
		if !errors.Is(err, pricing.ErrInvalidWeights) {
			t.Fatalf("Allocate(%v) err = %v, want ErrInvalidWeights", weights, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Allocate: %v", err)
	}
	for _, p := range parts {
		if p.Currency() != c {
			t.Fatalf("part %s is not in %s", p, c)
		}
	}
	if diff := cmp.Diff(want, unitsOf(parts)); diff != "" {
		t.Fatalf("Allocate(%s, %v) (-oracle +fast):\n%s", m, weights, diff)
	}
}

// propSplitMatchesOracle: Split(n) is the allocation over n equal weights.
func propSplitMatchesOracle(t *rapid.T) {
	c := genCurrency.Draw(t, "currency")
	m := genAllocAmount(c).Draw(t, "m")
	n := rapid.IntRange(1, 300).Draw(t, "n")
	parts, err := m.Split(n)
	if err != nil {
		t.Fatalf("Split: %v", err)
	}
	ones := make([]int64, n)
	for i := range ones {
		ones[i] = 1
	}
	if diff := cmp.Diff(oracleUnits(m, ones), unitsOf(parts)); diff != "" {
		t.Fatalf("Split(%s, %d) (-oracle +fast):\n%s", m, n, diff)
	}
}

func TestAllocateMatchesOracle(t *testing.T) { rapid.Check(t, propAllocateMatchesOracle) }
func TestSplitMatchesOracle(t *testing.T)    { rapid.Check(t, propSplitMatchesOracle) }

func FuzzAllocateMatchesOracle(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propAllocateMatchesOracle)) }
func FuzzSplitMatchesOracle(f *testing.F)    { f.Fuzz(rapid.MakeFuzz(propSplitMatchesOracle)) }

// TestAllocateLargestRemainder pins the tie rule and the paths the fast
// allocation takes.
func TestAllocateLargestRemainder(t *testing.T) {
	huge := pricing.NewMoney(decimal.RequireFromString("1000000000000000000000.07"), pricing.EUR)
	tests := []struct {
		name    string
		m       pricing.Money
		weights []int64
		want    []string // minor units
	}{
		{"equal remainders: the earlier parts get the extra units", pricing.FromMinor(10, pricing.EUR), []int64{1, 1, 1, 1}, []string{"3", "3", "2", "2"}},
		{"larger remainder first, whatever its position", pricing.FromMinor(10, pricing.EUR), []int64{2, 1, 3}, []string{"3", "2", "5"}},
		{"negative mirrors positive: the earlier parts get the extra units", pricing.FromMinor(-10, pricing.EUR), []int64{1, 1, 1, 1}, []string{"-3", "-3", "-2", "-2"}},
		{"zero weights get nothing, even with units left", pricing.FromMinor(7, pricing.EUR), []int64{0, 2, 0, 2, 0, 2}, []string{"0", "3", "0", "2", "0", "2"}},
		{"weights summing beyond int64", pricing.FromMinor(5, pricing.EUR), []int64{math.MaxInt64, math.MaxInt64, 1}, []string{"3", "2", "0"}},
		{"amount beyond int64 minor units", huge, []int64{1, 1, 1}, []string{"33333333333333333333336", "33333333333333333333336", "33333333333333333333335"}},
		{"zero Money: zeros in no currency", pricing.Money{}, []int64{1, 2}, []string{"0", "0"}},
		{"an amount in no currency is counted in whole units", pricing.NewMoney(decimal.NewFromInt(5), pricing.Currency{}), []int64{1, 1}, []string{"3", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := tt.m.Allocate(tt.weights...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, unitsOf(parts)); diff != "" {
				t.Errorf("Allocate (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(oracleUnits(tt.m, tt.weights), unitsOf(parts)); diff != "" {
				t.Errorf("Allocate (-oracle +got):\n%s", diff)
			}
		})
	}
}

// TestAllocateManyPartsMatchesOracle runs the selection of the parts that
// get a leftover unit on thousands of parts, in the orders that defeat a
// naive pivot (sorted, reversed, organ pipe, all equal).
func TestAllocateManyPartsMatchesOracle(t *testing.T) {
	const n = 3000
	patterns := map[string]func(i int) int64{
		"ascending remainders":  func(i int) int64 { return int64(i + 1) },
		"descending remainders": func(i int) int64 { return int64(n - i) },
		"organ pipe":            func(i int) int64 { return int64(min(i, n-i) + 1) },
		"all equal":             func(int) int64 { return 7 },
		"scattered":             func(i int) int64 { return int64(i*7919%1009 + 1) },
	}
	m := pricing.FromMinor(1_000_000_007, pricing.EUR)
	for name, weight := range patterns {
		t.Run(name, func(t *testing.T) {
			w := make([]int64, n)
			for i := range w {
				w[i] = weight(i)
			}
			parts, err := m.Allocate(w...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(oracleUnits(m, w), unitsOf(parts)); diff != "" {
				t.Errorf("(-oracle +fast):\n%s", diff)
			}
		})
	}
}
