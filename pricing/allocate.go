package pricing

import (
	"fmt"
	"math/big"
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"
)

// Allocate splits m into len(weights) parts in proportion to the weights,
// by the largest-remainder method in minor units: each part gets the floor
// of its exact share, and the minor units left over go one each to the
// parts with the largest remainders (the earlier part on a tie). The parts
// always sum to m exactly. Its cost grows linearly with the number of
// parts.
//
// m must be a whole number of minor units (ErrNotMinorUnits); weights must
// be non-negative and not all zero (ErrInvalidWeights). A negative m is
// allocated as the negation of the allocation of -m. An amount in no
// currency (the zero Money too) is counted in whole units.
func (m Money) Allocate(weights ...int64) ([]Money, error) {
	if len(weights) == 0 {
		return nil, fmt.Errorf("%w: no weights", ErrInvalidWeights)
	}
	var total uint64
	wide := false // the weights' sum does not fit in a uint64
	for i, w := range weights {
		if w < 0 {
			return nil, fmt.Errorf("%w: weight %d is negative (%d)", ErrInvalidWeights, i, w)
		}
		var carry uint64
		total, carry = bits.Add64(total, uint64(w), 0)
		wide = wide || carry != 0
	}
	if total == 0 && !wide {
		return nil, fmt.Errorf("%w: weights sum to zero", ErrInvalidWeights)
	}
	if !m.IsRounded() {
		return nil, fmt.Errorf("%w: %s", ErrNotMinorUnits, m)
	}
	units, ok := m.MinorUnits() // |units| < 10^18 when ok
	if !ok || wide {
		return m.allocateBig(weights), nil
	}
	u := uint64(units)
	if units < 0 {
		u = uint64(-units)
	}
	shares := make([]uint64, len(weights))
	rems := make([]uint64, len(weights))
	left := u
	for i, w := range weights {
		// u×w < 2^63 × total, so the high word is below total and the
		// division cannot overflow.
		hi, lo := bits.Mul64(u, uint64(w))
		shares[i], rems[i] = bits.Div64(hi, lo, total)
		left -= shares[i]
	}
	if left > 0 { // fewer than len(weights) units
		before := func(a, b int32) bool { return rems[a] > rems[b] || rems[a] == rems[b] && a < b }
		for _, i := range firstK(len(weights), int(left), before) {
			shares[i]++
		}
	}
	parts := make([]Money, len(weights))
	for i, s := range shares {
		v := int64(s)
		if units < 0 {
			v = -v
		}
		parts[i] = FromMinor(v, m.currency)
	}
	return parts, nil
}

// allocateBig is Allocate (arguments already checked) in big integers, for
// amounts beyond an int64 of minor units and weights whose sum overflows.
func (m Money) allocateBig(weights []int64) []Money {
	var total big.Int
	for _, w := range weights {
		total.Add(&total, big.NewInt(w))
	}
	places := m.currency.MinorUnit()
	units := m.amount.Abs().Shift(places).BigInt()
	shares := make([]big.Int, len(weights))
	rems := make([]big.Int, len(weights))
	var given, t big.Int
	for i, w := range weights {
		t.Mul(units, big.NewInt(w))
		shares[i].QuoRem(&t, &total, &rems[i])
		given.Add(&given, &shares[i])
	}
	left := new(big.Int).Sub(units, &given).Int64() // < len(weights)
	if left > 0 {
		before := func(a, b int32) bool {
			c := rems[a].Cmp(&rems[b])
			return c > 0 || c == 0 && a < b
		}
		for _, i := range firstK(len(weights), int(left), before) {
			shares[i].Add(&shares[i], big.NewInt(1))
		}
	}
	parts := make([]Money, len(weights))
	for i := range shares {
		if m.amount.Sign() < 0 {
			shares[i].Neg(&shares[i])
		}
		parts[i] = Money{amount: decimal.NewFromBigInt(&shares[i], -places), currency: m.currency}
	}
	return parts
}

// firstK returns the k (0 < k < n) of the indexes 0..n-1 that come first in
// the strict total order before, in no particular order: a selection
// (quickselect, median of three) in time linear in n, falling back to a
// sort if the pivots keep falling badly.
func firstK(n, k int, before func(a, b int32) bool) []int32 {
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	lo, hi := 0, n // idx[:lo] come before idx[lo:hi], which come before idx[hi:]
	for budget := 2 * bits.Len(uint(n)); hi-lo > 1; budget-- {
		if budget == 0 {
			slices.SortFunc(idx[lo:hi], func(a, b int32) int {
				if before(a, b) {
					return -1
				}
				return 1 // the order is strict and a != b
			})
			break
		}
		a, b, c := lo, lo+(hi-lo)/2, hi-1 // median of three into idx[lo]
		if before(idx[b], idx[a]) {
			a, b = b, a
		}
		if before(idx[c], idx[b]) {
			b = c
			if before(idx[b], idx[a]) {
				b = a
			}
		}
		idx[lo], idx[b] = idx[b], idx[lo]
		p, at := idx[lo], lo+1
		for j := lo + 1; j < hi; j++ {
			if before(idx[j], p) {
				idx[at], idx[j] = idx[j], idx[at]
				at++
			}
		}
		at--
		idx[lo], idx[at] = idx[at], p // the pivot in its place
		switch {
		case at == k || at == k-1:
			return idx[:k]
		case at > k:
			hi = at
		default:
			lo = at + 1
		}
	}
	return idx[:k]
}

// Split splits m into n parts that differ by at most one minor unit and sum
// to m exactly, the earlier parts getting the extra units: what Allocate
// gives for n equal weights (the zero Money gives n zeros), at a cost
// linear in n. A count below one is an error wrapping ErrInvalidWeights; m
// must be a whole number of minor units (ErrNotMinorUnits).
func (m Money) Split(n int) ([]Money, error) {
	if n < 1 {
		return nil, fmt.Errorf("%w: split into %d parts", ErrInvalidWeights, n)
	}
	if !m.IsRounded() {
		return nil, fmt.Errorf("%w: %s", ErrNotMinorUnits, m)
	}
	units, ok := m.MinorUnits()
	if !ok { // beyond an int64 of minor units
		return m.allocateBig(slices.Repeat([]int64{1}, n)), nil
	}
	q, r := units/int64(n), units%int64(n) // r has units' sign
	parts := make([]Money, n)
	for i := range parts {
		s := q
		switch {
		case int64(i) < r:
			s++
		case int64(i) < -r:
			s--
		}
		parts[i] = FromMinor(s, m.currency)
	}
	return parts, nil
}
