package entitlement

import (
	"errors"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/internal/strictjson"
)

// MarshalJSON writes n as a compact JSON object:
//
//	{"period":"2026-11-01T00:00:00Z","announced":["80","90"]}
//
// period is an RFC 3339 time, written as account times are (see "JSON
// format" in the package documentation), left out when zero; announced
// holds the thresholds as decimal strings, ascending, each once, left out
// when empty. Notices JSON is a value, not a document: it has no "format"
// member. An error (matching ErrUnencodable) reports what the form cannot
// hold: a time RFC 3339 cannot write, a threshold beyond the number limits
// of account JSON, or thresholds that are negative, repeated or out of
// order.
func (n Notices) MarshalJSON() ([]byte, error) {
	e := &encoder{Encoder: strictjson.Encoder{Refusal: ErrUnencodable}}
	e.Open('{')
	e.TimeField("period", n.Period)
	if len(n.Announced) > 0 {
		e.Key("announced")
		e.Open('[')
		for i, t := range n.Announced {
			e.Sep()
			e.PushIndex(i)
			if t.Sign() < 0 || i > 0 && t.Cmp(n.Announced[i-1]) <= 0 {
				e.Fail("thresholds must be non-negative and rise strictly")
			}
			e.Decimal(t)
			e.Pop()
		}
		e.Close(']')
		e.Pop()
	}
	e.Close('}')
	return e.Bytes()
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly, as account
// JSON is read: both members optional, each once; unknown members, null
// inside the object, values of the wrong JSON kind, a bad time, a
// threshold that is not a decimal, is negative or does not rise strictly,
// trailing data and anything beyond the decoding limits are each a
// *catalog.DecodeError (Document "notices") naming the path and offset of
// the problem and matching catalog.ErrSyntax and the sentinel of the rule
// broken. null leaves n unchanged, as encoding/json does for null; so does
// an error.
func (n *Notices) UnmarshalJSON(data []byte) error {
	d := strictjson.NewDecoder(data)
	var out Notices
	isNull := false
	err := d.Document(func() error {
		if k, err := d.Kind(); err != nil || k == strictjson.Null {
			isNull = err == nil
			return d.Skip()
		}
		return d.Object(func(key []byte) (bool, error) {
			var err error
			switch string(key) {
			case "period":
				out.Period, err = d.Time()
			case "announced":
				out.Announced, err = thresholds(&d)
			default:
				return false, nil
			}
			return true, err
		})
	})
	if err != nil {
		var e *strictjson.Error
		if errors.As(err, &e) {
			return &catalog.DecodeError{Document: "notices", Path: e.Path, Offset: e.Offset, Err: e}
		}
		return err
	}
	if !isNull {
		*n = out
	}
	return nil
}

// thresholds reads an array of decimals that are non-negative and rise
// strictly.
func thresholds(d *strictjson.Decoder) ([]decimal.Decimal, error) {
	var out []decimal.Decimal
	err := d.Array(func(i int) error {
		off := d.Offset()
		t, err := d.Decimal()
		if err != nil {
			return err
		}
		if t.Sign() < 0 || i > 0 && t.Cmp(out[i-1]) <= 0 {
			return d.Fail(off, catalog.ErrInvalidValue, "threshold %s: thresholds must be non-negative and rise strictly", t)
		}
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
