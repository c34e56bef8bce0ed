package pgstore

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// Money is stored as numeric plus an ISO 4217 code, one code per row: a
// ledger row's amounts are all in its program's currency. The numeric
// keeps the amount exactly, scale included (12.30 stays 12.30, not 12.3).
// A NULL amount is the zero Money, which has no currency; a row whose
// amounts are all the zero Money has a NULL code. A row mixing two
// currencies, or holding a non-zero amount in no currency, is refused
// with loyalty.ErrInvalidRequest. Amounts go to and come from the database
// as text, so nothing passes through a float.

// rowMoney writes the amounts of one row and settles the row's currency.
type rowMoney struct {
	code string // the currency of the amounts seen, "" if none had one
	err  error  // the first amount that does not fit the row
}

// amount returns m's amount as numeric text, nil for the zero Money.
func (r *rowMoney) amount(m pricing.Money) *string {
	c := m.Currency()
	if c.IsZero() {
		if !m.IsZero() && r.err == nil {
			r.err = fmt.Errorf("%w: pgstore: amount %s has no currency", loyalty.ErrInvalidRequest, m)
		}
		return nil
	}
	switch code := c.Code(); {
	case r.code == "":
		r.code = code
	case r.code != code && r.err == nil:
		r.err = fmt.Errorf("%w: pgstore: amounts in %s and %s in one row", loyalty.ErrInvalidRequest, r.code, code)
	}
	s := decimalText(m.Amount())
	return &s
}

// currency returns the row's currency code, nil if no amount had one.
func (r *rowMoney) currency() *string {
	if r.code == "" {
		return nil
	}
	return &r.code
}

// decimalText returns d exactly, with as many decimal places as its
// exponent says.
func decimalText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// units returns a decimal that is not money as numeric text, nil for zero
// with exponent 0 (the zero Decimal, as a Result's Units is when unset).
func units(d decimal.Decimal) *string {
	if d.IsZero() && d.Exponent() == 0 {
		return nil
	}
	s := decimalText(d)
	return &s
}

// readCurrency returns the currency with the stored code, the zero
// Currency for NULL.
func readCurrency(code *string) (pricing.Currency, error) {
	if code == nil {
		return pricing.Currency{}, nil
	}
	c, err := pricing.ParseCurrency(*code)
	if err != nil {
		return c, fmt.Errorf("%w: pgstore: stored currency: %w", loyalty.ErrInconsistentStore, err)
	}
	return c, nil
}

// readMoney returns the stored amount in c: the zero Money for NULL. An
// amount with exactly c's minor places is built as pricing.FromMinor
// builds it, so that what comes back is the very value the ledger wrote.
func readMoney(amount *string, c pricing.Currency) (pricing.Money, error) {
	if amount == nil {
		return pricing.Money{}, nil
	}
	if c.IsZero() {
		return pricing.Money{}, fmt.Errorf("%w: pgstore: stored amount %s has no currency", loyalty.ErrInconsistentStore, *amount)
	}
	d, err := decimal.NewFromString(*amount)
	if err != nil {
		return pricing.Money{}, fmt.Errorf("%w: pgstore: stored amount: %w", loyalty.ErrInconsistentStore, err)
	}
	if d.Exponent() == -c.MinorUnit() && d.NumDigits() <= 18 {
		return pricing.FromMinor(d.CoefficientInt64(), c), nil
	}
	return pricing.NewMoney(d, c), nil
}

// readUnits returns a stored decimal that is not money, the zero Decimal
// for NULL.
func readUnits(s *string) (decimal.Decimal, error) {
	if s == nil {
		return decimal.Decimal{}, nil
	}
	d, err := decimal.NewFromString(*s)
	if err != nil {
		return d, fmt.Errorf("%w: pgstore: stored units: %w", loyalty.ErrInconsistentStore, err)
	}
	return d, nil
}
