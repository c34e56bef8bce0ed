package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
// fields are required, the amount must be a JSON string holding a plain
// decimal, the currency a known code, and unknown fields or trailing data
// are errors. null leaves m unchanged, as encoding/json does for null.
// Every error wraps ErrInvalidJSON, and also ErrInvalidAmount or
// ErrUnknownCurrency where one of those is the cause.
func (m *Money) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var v moneyJSON
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidJSON, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: trailing data after object", ErrInvalidJSON)
	}
	if v.Amount == nil {
		return fmt.Errorf("%w: missing field \"amount\"", ErrInvalidJSON)
	}
	if v.Currency == nil {
		return fmt.Errorf("%w: missing field \"currency\"", ErrInvalidJSON)
	}
	got, err := ParseMoney(*v.Amount, *v.Currency)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidJSON, err)
	}
	*m = got
	return nil
}
