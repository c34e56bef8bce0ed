package pricing

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tariffkit/tariff/internal/strictjson"
)

// ErrInvalidJSON is wrapped by every error from decoding Money from JSON.
var ErrInvalidJSON = errors.New("pricing: invalid money JSON")

type moneyJSON struct {
	Amount   *string `json:"amount"`
	Currency *string `json:"currency"`
}

// MarshalJSON encodes m as {"amount":"12.30","currency":"EUR"}, the amount
// a string formatted as by String. The zero Money encodes as null.
func (m Money) MarshalJSON() ([]byte, error) {
	if m.currency.IsZero() {
		return []byte("null"), nil
	}
	a, c := m.amountString(), m.currency.Code()
	return json.Marshal(moneyJSON{Amount: &a, Currency: &c})
}

// UnmarshalJSON decodes the form written by MarshalJSON, strictly: both
// members are required and spelled in lower case, each once; the amount
// must be a JSON string holding a plain decimal, the currency a known code;
// unknown members, trailing data and anything beyond the decoding limits
// (see "Price book JSON" in the package documentation) are errors. null
// leaves m unchanged, as encoding/json does for null.
//
// Every error wraps ErrInvalidJSON and a *DecodeError naming the path and
// offset of the problem and matching ErrSyntax and the sentinel of the rule
// broken (ErrDuplicateKey, ErrUnknownField, ErrMissingField, ErrWrongType,
// ErrInvalidValue, ErrTrailingData, ErrLimit); a bad amount or currency
// matches ErrInvalidAmount or ErrUnknownCurrency too.
func (m *Money) UnmarshalJSON(data []byte) error {
	d := strictjson.NewDecoder(data)
	var amount, code string
	var amountOff, codeOff int64
	isNull := false
	err := d.Document(func() error {
		if k, err := d.Kind(); err != nil || k == strictjson.Null {
			isNull = err == nil
			return d.Skip()
		}
		hasAmount, hasCode := false, false
		off := d.Offset()
		err := d.Object(func(key []byte) (bool, error) {
			var err error
			switch string(key) {
			case "amount":
				amountOff = d.Offset()
				amount, err = d.Str()
				hasAmount = true
			case "currency":
				codeOff = d.Offset()
				code, err = d.Str()
				hasCode = true
			default:
				return false, nil
			}
			return true, err
		})
		switch {
		case err != nil:
			return err
		case !hasAmount:
			return d.Missing(off, "amount")
		case !hasCode:
			return d.Missing(off, "currency")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidJSON, decodeError(err))
	}
	if isNull {
		return nil
	}
	c, err := ParseCurrency(code)
	if err != nil {
		d.Push("currency")
		return fmt.Errorf("%w: %w", ErrInvalidJSON, decodeError(d.Fail(codeOff, strictjson.ErrInvalidValue, "unknown currency %q", code), err))
	}
	a, err := parseAmount(amount)
	if err != nil {
		d.Push("amount")
		return fmt.Errorf("%w: %w", ErrInvalidJSON, decodeError(d.Fail(amountOff, strictjson.ErrInvalidValue, "%q is not a plain decimal amount", amount), err))
	}
	*m = Money{amount: a, currency: c}
	return nil
}
