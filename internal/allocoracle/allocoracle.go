// Package allocoracle is the short, obviously correct largest-remainder
// allocation that pricing's Money.Allocate and Money.Split are checked
// against on random inputs. It is slow on purpose: each unit left over
// after the floors is handed out by a fresh scan of every remainder.
package allocoracle

import "math/big"

// Allocate splits units (minor units of an amount) over len(weights) parts
// in proportion to the weights: each part gets the floor of its exact share,
// and the units left over go one each to the parts with the largest
// remainders, the earlier part on a tie. A negative units is allocated as
// the negation of the allocation of -units. It returns nil for no weights,
// a negative weight or weights that sum to zero.
func Allocate(units *big.Int, weights []int64) []*big.Int {
	total := new(big.Int)
	for _, w := range weights {
		if w < 0 {
			return nil
		}
		total.Add(total, big.NewInt(w))
	}
	if total.Sign() == 0 {
		return nil
	}
	abs := new(big.Int).Abs(units)
	shares := make([]*big.Int, len(weights))
	rems := make([]*big.Int, len(weights))
	given := new(big.Int)
	for i, w := range weights {
		shares[i], rems[i] = new(big.Int), new(big.Int)
		shares[i].QuoRem(new(big.Int).Mul(abs, big.NewInt(w)), total, rems[i])
		given.Add(given, shares[i])
	}
	taken := make([]bool, len(weights))
	for left := new(big.Int).Sub(abs, given); left.Sign() > 0; left.Sub(left, big.NewInt(1)) {
		best := -1
		for i := range rems {
			if !taken[i] && (best < 0 || rems[i].Cmp(rems[best]) > 0) {
				best = i
			}
		}
		shares[best].Add(shares[best], big.NewInt(1))
		taken[best] = true
	}
	if units.Sign() < 0 {
		for _, s := range shares {
			s.Neg(s)
		}
	}
	return shares
}
