package pricing

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// appendMoney appends m as Money.String does ("12.30 EUR", "0.0125 EUR"),
// without allocating for amounts of up to 18 digits.
func appendMoney(b []byte, m Money) []byte {
	d, minor := m.amount, m.currency.MinorUnit()
	exp := d.Exponent()
	if d.NumDigits() > 18 || exp < -18 || exp > 0 && int(exp+minor)+d.NumDigits() > 18 {
		return append(b, m.String()...)
	}
	coef := d.CoefficientInt64()
	if exp >= -minor {
		b = appendFixed(b, coef*pow10[exp+minor], int(minor), false)
	} else {
		for exp < -minor && coef%10 == 0 {
			coef /= 10
			exp++
		}
		b = appendFixed(b, coef, int(-exp), false)
	}
	if !m.currency.IsZero() {
		b = append(b, ' ')
		b = append(b, m.currency.code[:]...)
	}
	return b
}

// appendDecimal appends d as decimal.Decimal.String does ("400", "0.0125",
// "2.5": no trailing zeros), without allocating for small figures.
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	exp := d.Exponent()
	if d.NumDigits() > 18 || exp > 0 && int(exp)+d.NumDigits() > 18 || exp < -18 {
		return append(b, d.String()...)
	}
	coef := d.CoefficientInt64()
	if exp > 0 {
		return strconv.AppendInt(b, coef*pow10[exp], 10)
	}
	return appendFixed(b, coef, int(-exp), true)
}

// appendFixed appends v × 10^-places with exactly places decimals, or with
// trailing zeros removed when trim is set.
func appendFixed(b []byte, v int64, places int, trim bool) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	if places == 0 {
		return strconv.AppendInt(b, v, 10)
	}
	b = strconv.AppendInt(b, v/pow10[places], 10)
	frac := v % pow10[places]
	if trim {
		if frac == 0 {
			return b
		}
		for frac%10 == 0 {
			frac /= 10
			places--
		}
	}
	b = append(b, '.')
	start := len(b)
	b = strconv.AppendInt(b, frac, 10)
	if pad := places - (len(b) - start); pad > 0 {
		b = append(b, "000000000000000000"[:pad]...)
		copy(b[start+pad:], b[start:len(b)-pad])
		for i := range pad {
			b[start+i] = '0'
		}
	}
	return b
}
