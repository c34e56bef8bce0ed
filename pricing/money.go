package pricing

import (
	"errors"
	"fmt"
	"sync"

	"github.com/shopspring/decimal"
)

// Errors returned by Money operations.
var (
	// ErrCurrencyMismatch is wrapped by every error from arithmetic or a
	// comparison between amounts in two different currencies.
	ErrCurrencyMismatch = errors.New("pricing: currency mismatch")
	// ErrInvalidAmount is returned for an amount string that is not a plain
	// decimal number such as "12.30" or "-5".
	ErrInvalidAmount = errors.New("pricing: invalid amount")
	// ErrNotMinorUnits is returned by Allocate and Split for an amount that
	// is not a whole number of the currency's minor units.
	ErrNotMinorUnits = errors.New("pricing: amount is not a whole number of minor units")
	// ErrInvalidWeights is returned by Allocate for negative weights, for
	// weights that sum to zero and by Split for a count below one.
	ErrInvalidWeights = errors.New("pricing: invalid allocation weights")
)

// maxAmountLen bounds the length of a parsed amount string, so that no
// input can make parsing or later arithmetic arbitrarily expensive.
const maxAmountLen = 64

// RoundingMode names how an amount is rounded to its currency's minor unit.
type RoundingMode uint8

const (
	// HalfAwayFromZero rounds 0.5 of a minor unit away from zero (2.345 EUR
	// becomes 2.35, -2.345 EUR becomes -2.35). It is the billing convention
	// and the zero value, so it is the default.
	HalfAwayFromZero RoundingMode = iota
	// HalfEven rounds 0.5 of a minor unit to the even neighbour (banker's
	// rounding: 2.345 EUR becomes 2.34, 2.355 EUR becomes 2.36).
	HalfEven
)

// String returns the mode's name.
func (m RoundingMode) String() string {
	switch m {
	case HalfAwayFromZero:
		return "half-away-from-zero"
	case HalfEven:
		return "half-even"
	}
	return fmt.Sprintf("RoundingMode(%d)", uint8(m))
}

// Money is an exact decimal amount in a currency. It is an immutable value:
// every operation returns a new Money.
//
// An amount may carry more decimal places than the currency's minor unit
// (a percentage of a price does); Round brings it to the minor unit, once,
// where a line item is settled.
//
// The zero Money is zero in no currency (its Currency is the zero
// Currency). It is useful as "not set"; arithmetic between it and an amount
// in a real currency returns an error wrapping ErrCurrencyMismatch, as any
// mix of currencies does. It encodes to JSON as null.
type Money struct {
	amount   decimal.Decimal
	currency Currency
}

// NewMoney returns amount in currency c, exactly as given (not rounded).
// With the zero Currency it is an amount in no currency, like the zero
// Money: it mixes only with other amounts in no currency, and rounds and
// allocates in whole units (the zero Currency's MinorUnit is 0).
func NewMoney(amount decimal.Decimal, c Currency) Money {
	return Money{amount: amount, currency: c}
}

// FromMinor returns minor minor units of c: FromMinor(1230, EUR) is
// 12.30 EUR and FromMinor(1230, JPY) is 1230 JPY.
func FromMinor(minor int64, c Currency) Money {
	if minor >= 0 && minor < smallMinor && int(c.minor) < len(smallTables) {
		return Money{amount: smallDecimals(c.MinorUnit())[minor], currency: c}
	}
	return Money{amount: decimal.New(minor, -c.MinorUnit()), currency: c}
}

// smallMinor bounds the minor-unit counts FromMinor shares instead of
// allocating: decimals are immutable, so one value per count serves all.
const smallMinor = 1024

var smallTables [4]struct {
	once sync.Once
	vals [smallMinor]decimal.Decimal
}

// smallDecimals returns the shared decimals 0..smallMinor-1 with places
// decimal places, built on first use.
func smallDecimals(places int32) *[smallMinor]decimal.Decimal {
	t := &smallTables[places] // places is a table value: 0 to 3
	t.once.Do(func() {
		for i := range t.vals {
			t.vals[i] = decimal.New(int64(i), -places)
		}
	})
	return &t.vals
}

// Zero returns zero in currency c; Zero of the zero Currency is the zero
// Money.
func Zero(c Currency) Money { return Money{currency: c} }

// ParseMoney parses a plain decimal amount ("12.30", "-0.5", "1000") in
// the currency with the given ISO 4217 code. Exponents, a leading '+',
// spaces and thousands separators are refused with an error wrapping
// ErrInvalidAmount; an unknown code with one wrapping ErrUnknownCurrency.
// The amount is kept exactly as written, not rounded.
func ParseMoney(amount, code string) (Money, error) {
	c, err := ParseCurrency(code)
	if err != nil {
		return Money{}, err
	}
	d, err := parseAmount(amount)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: d, currency: c}, nil
}

// MustParseMoney is like ParseMoney but panics on bad input. It exists for
// tests and package-level variables.
func MustParseMoney(amount, code string) Money {
	m, err := ParseMoney(amount, code)
	if err != nil {
		panic(err)
	}
	return m
}

// parseAmount accepts -?[0-9]+(\.[0-9]+)? and nothing else.
func parseAmount(s string) (decimal.Decimal, error) {
	if len(s) == 0 || len(s) > maxAmountLen {
		return decimal.Decimal{}, fmt.Errorf("%w: %q", ErrInvalidAmount, s)
	}
	i := 0
	if s[0] == '-' {
		i++
	}
	digits, dot := 0, -1
	for ; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			digits++
		case ch == '.' && dot < 0 && digits > 0:
			dot = i
			digits = 0
		default:
			return decimal.Decimal{}, fmt.Errorf("%w: %q", ErrInvalidAmount, s)
		}
	}
	if digits == 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: %q", ErrInvalidAmount, s)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w: %q", ErrInvalidAmount, s)
	}
	return d, nil
}

// Amount returns the decimal amount.
func (m Money) Amount() decimal.Decimal { return m.amount }

// Currency returns the currency.
func (m Money) Currency() Currency { return m.currency }

// IsZero reports whether the amount is zero, in whatever currency.
func (m Money) IsZero() bool { return m.amount.IsZero() }

// Sign returns -1, 0 or +1 for a negative, zero or positive amount.
func (m Money) Sign() int { return m.amount.Sign() }

// mismatch returns the error for an operation mixing m's and o's currency.
func (m Money) mismatch(op string, o Money) error {
	return fmt.Errorf("%w: %s %s and %s", ErrCurrencyMismatch, op, codeOrNone(m.currency), codeOrNone(o.currency))
}

func codeOrNone(c Currency) string {
	if c.IsZero() {
		return "no currency"
	}
	return c.Code()
}

// Add returns m + o. Amounts in different currencies return an error
// wrapping ErrCurrencyMismatch that names both codes.
func (m Money) Add(o Money) (Money, error) {
	if m.currency != o.currency {
		return Money{}, m.mismatch("add", o)
	}
	return Money{amount: m.amount.Add(o.amount), currency: m.currency}, nil
}

// Sub returns m - o. Amounts in different currencies return an error
// wrapping ErrCurrencyMismatch that names both codes.
func (m Money) Sub(o Money) (Money, error) {
	if m.currency != o.currency {
		return Money{}, m.mismatch("subtract", o)
	}
	return Money{amount: m.amount.Sub(o.amount), currency: m.currency}, nil
}

// Neg returns -m.
func (m Money) Neg() Money { return Money{amount: m.amount.Neg(), currency: m.currency} }

// Abs returns |m|.
func (m Money) Abs() Money { return Money{amount: m.amount.Abs(), currency: m.currency} }

// Mul returns m × factor, exactly (not rounded).
func (m Money) Mul(factor decimal.Decimal) Money {
	return Money{amount: m.amount.Mul(factor), currency: m.currency}
}

// Round returns m rounded to its currency's minor unit with the given mode.
// An unknown mode rounds half away from zero. The zero Money rounds to
// itself; another amount in no currency rounds to a whole number.
func (m Money) Round(mode RoundingMode) Money {
	if m.amount.Exponent() >= -m.currency.MinorUnit() {
		return m // no places beyond the minor unit: nothing to round
	}
	return Money{amount: RoundAmount(m.amount, m.currency.MinorUnit(), mode), currency: m.currency}
}

// RoundAmount rounds d to places decimal places with the given mode. An
// unknown mode rounds half away from zero.
func RoundAmount(d decimal.Decimal, places int32, mode RoundingMode) decimal.Decimal {
	if mode == HalfEven {
		return d.RoundBank(places)
	}
	return d.Round(places)
}

// IsRounded reports whether m is a whole number of its currency's minor
// units.
func (m Money) IsRounded() bool {
	return m.amount.Truncate(m.currency.MinorUnit()).Equal(m.amount)
}

// MinorUnits returns m as a whole number of its currency's minor units
// (12.30 EUR is 1230) and true, or 0 and false when m is not a whole number
// of minor units or the count does not fit in an int64. It allocates
// nothing, which makes it the fast path for integer arithmetic on amounts
// already rounded.
func (m Money) MinorUnits() (int64, bool) {
	d := m.amount
	if d.IsZero() {
		return 0, true
	}
	digits := d.NumDigits()
	if digits > 18 {
		return 0, false
	}
	coef, shift := d.CoefficientInt64(), d.Exponent()+m.currency.MinorUnit()
	switch {
	case shift > 0:
		if int(shift)+digits > 18 {
			return 0, false
		}
		return coef * pow10[shift], true
	case shift < 0:
		if -shift > 18 || coef%pow10[-shift] != 0 {
			return 0, false
		}
		return coef / pow10[-shift], true
	}
	return coef, true
}

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// Cmp compares m and o: -1 if m < o, 0 if equal, +1 if m > o. Amounts in
// different currencies return an error wrapping ErrCurrencyMismatch.
func (m Money) Cmp(o Money) (int, error) {
	if m.currency != o.currency {
		return 0, m.mismatch("compare", o)
	}
	return m.amount.Cmp(o.amount), nil
}

// Equal reports whether m and o are the same amount in the same currency.
// 12.3 EUR equals 12.30 EUR; 0 EUR does not equal 0 USD.
func (m Money) Equal(o Money) bool {
	return m.currency == o.currency && m.amount.Equal(o.amount)
}

// String formats m as "12.30 EUR": the amount padded to the currency's
// minor unit (more places if the amount has them), then the code. The zero
// Money formats as "0".
func (m Money) String() string {
	a := m.amountString()
	if m.currency.IsZero() {
		return a
	}
	return a + " " + m.currency.Code()
}

// amountString formats the amount with at least the minor unit's places
// and without reading any of shopspring's formatting variables.
func (m Money) amountString() string {
	places := m.currency.MinorUnit()
	if !m.amount.Truncate(places).Equal(m.amount) {
		places = -m.amount.Normalize().Exponent()
	}
	return m.amount.StringFixed(places)
}
