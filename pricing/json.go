package pricing

import (
	"encoding/json"

	"github.com/tariffkit/tariff/internal/strictjson"
)

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
// leaves m unchanged, as encoding/json does for null. Money JSON is a
// value, not a document: it has no "format" member.
//
// Every error is a *catalog.DecodeError (Document "money") naming the path
// and offset of the problem and matching catalog.ErrSyntax and the
// sentinel of the rule broken (catalog.ErrDuplicateKey, ErrUnknownField,
// ErrMissingField, ErrWrongType, ErrInvalidValue, ErrTrailingData,
// ErrLimit); a bad amount or currency, an ErrInvalidValue, matches
// ErrInvalidAmount or ErrUnknownCurrency too. On error m is unchanged.
func (m *Money) UnmarshalJSON(data []byte) error {
	d := strictjson.NewDecoder(data)
	var out Money
	isNull := false
	err := d.Document(func() error {
		if k, err := d.Kind(); err != nil || k == strictjson.Null {
			isNull = err == nil
			return d.Skip()
		}
		hasAmount, hasCode := false, false
		off := d.Offset()
		err := d.Object(func(key []byte) (bool, error) {
			voff := d.Offset()
			switch string(key) {
			case "amount":
				hasAmount = true
				s, err := d.Str()
				if err != nil {
					return true, err
				}
				if out.amount, err = parseAmount(s); err != nil {
					return true, d.Invalid(voff, err, "%q is not a plain decimal amount", s)
				}
			case "currency":
				hasCode = true
				s, err := d.Str()
				if err != nil {
					return true, err
				}
				if out.currency, err = ParseCurrency(s); err != nil {
					return true, d.Invalid(voff, err, "unknown currency %q", s)
				}
			default:
				return false, nil
			}
			return true, nil
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
		return decodeError("money", err)
	}
	if !isNull {
		*m = out
	}
	return nil
}
