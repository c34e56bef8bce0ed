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
	n   int64
	d   decimal.Decimal
	big bool // the value is d
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
	return units{d: d, big: true}
}

// unitsInt returns n as units.
func unitsInt(n int64) units {
	if n < unitsLimit && n > -unitsLimit {
		return units{n: n}
	}
	return units{d: decimal.NewFromInt(n), big: true}
}

// Decimal returns u as a decimal.
func (u units) Decimal() decimal.Decimal {
	if u.big {
		return u.d
	}
	if u.n >= 0 && u.n < int64(len(smallQty)) {
		return smallQty[u.n] // shared, as decimals are immutable
	}
	return decimal.NewFromInt(u.n)
}

func (u units) add(v units) units {
	if !u.big && !v.big {
		return unitsInt(u.n + v.n)
	}
	return units{d: u.Decimal().Add(v.Decimal()), big: true}
}

func (u units) sub(v units) units {
	if !u.big && !v.big {
		return unitsInt(u.n - v.n)
	}
	return units{d: u.Decimal().Sub(v.Decimal()), big: true}
}

func (u units) cmp(v units) int {
	if !u.big && !v.big {
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
	if u.big {
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
	if !u.big && m >= 0 && m < 1<<31 && u.n < unitsLimit>>31 && u.n > -unitsLimit>>31 {
		return units{n: u.n * m}
	}
	return units{d: u.Decimal().Mul(decimal.NewFromInt(m)), big: true}
}

// places returns the decimal places u is written with: 0 for a whole
// number.
func (u units) places() int32 {
	if u.big && u.d.Exponent() < 0 {
		return -u.d.Exponent()
	}
	return 0
}
