package pricing

import (
	"errors"
	"fmt"
)

// ErrUnknownCurrency is returned for a currency code that is not in the
// package's ISO 4217 table.
var ErrUnknownCurrency = errors.New("pricing: unknown currency")

// Currency is an ISO 4217 currency with its minor unit: the number of
// decimal places in which amounts of it are settled (JPY 0, EUR 2, KWD 3).
//
// Currency is a small comparable value; use == to compare two of them.
// The zero Currency is "no currency": its Code is "" and its MinorUnit 0.
// It is what the zero Money carries, and ParseCurrency never returns it.
type Currency struct {
	code  [3]byte
	minor uint8
}

// currencies lists the supported ISO 4217 codes and their minor units.
var currencies = map[string]uint8{
	// Zero decimal places.
	"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "XAF": 0, "XOF": 0,
	"UGX": 0, "PYG": 0,
	// Two decimal places.
	"EUR": 2, "USD": 2, "GBP": 2, "BRL": 2, "CHF": 2, "CAD": 2, "AUD": 2,
	"NZD": 2, "SEK": 2, "NOK": 2, "DKK": 2, "PLN": 2, "CZK": 2, "RON": 2,
	"BGN": 2, "TRY": 2, "RUB": 2, "UAH": 2, "KZT": 2, "GEL": 2, "AMD": 2,
	"CNY": 2, "HKD": 2, "SGD": 2, "INR": 2, "IDR": 2, "MYR": 2, "PHP": 2,
	"THB": 2, "TWD": 2, "MXN": 2, "ARS": 2, "COP": 2, "PEN": 2, "ZAR": 2,
	"EGP": 2, "MAD": 2, "AED": 2, "SAR": 2, "QAR": 2, "ILS": 2, "NGN": 2,
	"KES": 2, "HUF": 2,
	// Three decimal places.
	"KWD": 3, "BHD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
}

// Common currencies, for code and tests that need no parsing.
var (
	EUR = MustParseCurrency("EUR")
	USD = MustParseCurrency("USD")
	GBP = MustParseCurrency("GBP")
	JPY = MustParseCurrency("JPY")
	KWD = MustParseCurrency("KWD")
)

// ParseCurrency returns the currency with the given upper-case ISO 4217
// code. A code not in the package's table returns an error wrapping
// ErrUnknownCurrency.
func ParseCurrency(code string) (Currency, error) {
	minor, ok := currencies[code]
	if !ok {
		return Currency{}, fmt.Errorf("%w: %q", ErrUnknownCurrency, code)
	}
	return Currency{code: [3]byte{code[0], code[1], code[2]}, minor: minor}, nil
}

// MustParseCurrency is like ParseCurrency but panics on an unknown code.
// It exists for tests and package-level variables.
func MustParseCurrency(code string) Currency {
	c, err := ParseCurrency(code)
	if err != nil {
		panic(err)
	}
	return c
}

// Code returns the ISO 4217 code, or "" for the zero Currency.
func (c Currency) Code() string {
	if c == (Currency{}) {
		return ""
	}
	return string(c.code[:])
}

// MinorUnit returns the number of decimal places of the currency's minor
// unit: 0 for JPY, 2 for EUR, 3 for KWD.
func (c Currency) MinorUnit() int32 { return int32(c.minor) }

// IsZero reports whether c is the zero Currency.
func (c Currency) IsZero() bool { return c == (Currency{}) }

// String returns the currency code.
func (c Currency) String() string { return c.Code() }
