package pricing

import (
	"github.com/shopspring/decimal"
)

// units is an exact quantity of usage: records, allowances, what was
// included and billed. Whole numbers of magnitude below 2^62 (SMS,
// seconds, MB: nearly every figure rating meets) are kept in an int64, so
// that rating ten thousand records adds no decimal per record; any other
// value, and any result beyond that range, is kept in a decimal.
type units struct {
	n int64
	d *decimal.Decimal // the value, when not n
}

const unitsLimit = 1 << 62

// unitsOf returns d as units.
func unitsOf(d decimal.Decimal) units {
	if d.Exponent() >= 0 && d.NumDigits()+int(d.Exponent()) <= 18 {
		n := d.CoefficientInt64()
		for range d.Exponent() {
			n *= 10
		}
		return units{n: n}
	}
	return boxed(d)
}

// boxed returns units holding d itself.
func boxed(d decimal.Decimal) units {
	p := new(decimal.Decimal)
	*p = d
	return units{d: p}
}

// unitsOfBig returns d, the result of decimal arithmetic, as units.
func unitsOfBig(d decimal.Decimal) units {
	return unitsOf(d)
}

// unitsInt returns n as units.
func unitsInt(n int64) units {
	if n < unitsLimit && n > -unitsLimit {
		return units{n: n}
	}
	return boxed(decimal.NewFromInt(n))
}

// Decimal returns u as a decimal.
func (u units) Decimal() decimal.Decimal {
	if u.d != nil {
		return *u.d
	}
	if u.n >= 0 && u.n < int64(len(smallQty)) {
		return smallQty[u.n] // shared, as decimals are immutable
	}
	return decimal.NewFromInt(u.n)
}

func (u units) add(v units) units {
	if u.d == nil && v.d == nil {
		return unitsInt(u.n + v.n)
	}
	return unitsOfBig(u.Decimal().Add(v.Decimal()))
}

func (u units) sub(v units) units {
	if u.d == nil && v.d == nil {
		return unitsInt(u.n - v.n)
	}
	return unitsOfBig(u.Decimal().Sub(v.Decimal()))
}

func (u units) cmp(v units) int {
	if u.d == nil && v.d == nil {
		switch {
		case u.n < v.n:
			return -1
		case u.n > v.n:
			return 1
		}
		return 0
	}
	return u.Decimal().Cmp(v.Decimal())
}

func (u units) sign() int {
	if u.d != nil {
		return u.d.Sign()
	}
	switch {
	case u.n < 0:
		return -1
	case u.n > 0:
		return 1
	}
	return 0
}

func minUnits(u, v units) units {
	if u.cmp(v) <= 0 {
		return u
	}
	return v
}

// mulInt returns u × m.
func (u units) mulInt(m int64) units {
	if u.d == nil && m >= 0 && m < 1<<31 && u.n < unitsLimit>>31 && u.n > -unitsLimit>>31 {
		return units{n: u.n * m}
	}
	return unitsOfBig(u.Decimal().Mul(decimal.NewFromInt(m)))
}

// places returns the decimal places u is written with: 0 for a whole
// number.
func (u units) places() int32 {
	if u.d != nil && u.d.Exponent() < 0 {
		return -u.d.Exponent()
	}
	return 0
}
