package pricing_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/pricing"
)

// TestMoneyJSONStrict: Money JSON follows the rules of every tariff
// document. encoding/json, which it used before, took the last of two
// members with the same name and matched names in any letter case.
func TestMoneyJSONStrict(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     string // with no error
		wantErr  error
		wantPath string
		wantOff  int64
	}{
		{name: "amount twice: duplicate key at the second", in: `{"amount":"1","amount":"2","currency":"EUR"}`, wantErr: catalog.ErrDuplicateKey, wantPath: "amount", wantOff: 14},
		{name: "currency twice, even equal: duplicate key", in: `{"amount":"1","currency":"EUR","currency":"EUR"}`, wantErr: catalog.ErrDuplicateKey, wantPath: "currency", wantOff: 31},
		{name: "amount in capitals: unknown field", in: `{"Amount":"1","currency":"EUR"}`, wantErr: catalog.ErrUnknownField, wantPath: "Amount", wantOff: 1},
		{name: "currency in capitals: unknown field", in: `{"amount":"1","CURRENCY":"EUR"}`, wantErr: catalog.ErrUnknownField, wantPath: "CURRENCY", wantOff: 14},
		{name: "unknown field", in: `{"amount":"1","currency":"EUR","x":1}`, wantErr: catalog.ErrUnknownField, wantPath: "x", wantOff: 31},
		{name: "missing currency: at the object", in: ` {"amount":"1"}`, wantErr: catalog.ErrMissingField, wantPath: "currency", wantOff: 1},
		{name: "number amount: wrong type", in: `{"amount":12.3,"currency":"EUR"}`, wantErr: catalog.ErrWrongType, wantPath: "amount", wantOff: 10},
		{name: "null amount: wrong type", in: `{"amount":null,"currency":"EUR"}`, wantErr: catalog.ErrWrongType, wantPath: "amount", wantOff: 10},
		{name: "an array: wrong type", in: `[]`, wantErr: catalog.ErrWrongType, wantPath: "$", wantOff: 0},
		{name: "trailing data", in: `{"amount":"1","currency":"EUR"} x`, wantErr: catalog.ErrTrailingData, wantPath: "$", wantOff: 32},
		{name: "invalid UTF-8: syntax", in: "{\"amount\":\"1\xff\",\"currency\":\"EUR\"}", wantErr: catalog.ErrSyntax, wantPath: "amount", wantOff: 12},
		{name: "unknown currency: invalid value at the currency", in: `{"amount":"1","currency":"ZZZ"}`, wantErr: pricing.ErrUnknownCurrency, wantPath: "currency", wantOff: 25},
		{name: "amount with an exponent: invalid value at the amount", in: `{"amount":"1e2","currency":"EUR"}`, wantErr: pricing.ErrInvalidAmount, wantPath: "amount", wantOff: 10},
		{name: "escaped member names are the same names", in: `{"\u0061mount":"1.50","currency":"EUR"}`, want: "1.50 EUR"},
		{name: "white space anywhere JSON allows it", in: " \t{ \"amount\" : \"1\" ,\n\"currency\":\"JPY\" }\r\n", want: "1 JPY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m pricing.Money
			err := m.UnmarshalJSON([]byte(tt.in))
			if tt.wantErr == nil {
				if err != nil || m.String() != tt.want {
					t.Fatalf("UnmarshalJSON = %v, %v; want %s", m, err, tt.want)
				}
				return
			}
			var de *catalog.DecodeError
			if !errors.Is(err, tt.wantErr) || !errors.Is(err, catalog.ErrSyntax) || !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *catalog.DecodeError matching ErrSyntax and %v", err, tt.wantErr)
			}
			if de.Path != tt.wantPath || de.Offset != tt.wantOff {
				t.Errorf("at %s, offset %d; want %s, offset %d", de.Path, de.Offset, tt.wantPath, tt.wantOff)
			}
			if !m.Currency().IsZero() {
				t.Errorf("a failed decode set m to %v", m)
			}
		})
	}
}

// Through encoding/json, which hands UnmarshalJSON the raw member, the
// same rules hold; null leaves a Money as it was.
func TestMoneyJSONInsideADocument(t *testing.T) {
	var v struct{ Price, Fee pricing.Money }
	v.Fee = pricing.MustParseMoney("1.00", "EUR")
	if err := json.Unmarshal([]byte(`{"Price": {"amount": "9.99", "currency": "EUR"}, "Fee": null}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.Price.String() != "9.99 EUR" || v.Fee.String() != "1.00 EUR" {
		t.Errorf("Price, Fee = %v, %v; want 9.99 EUR and 1.00 EUR unchanged", v.Price, v.Fee)
	}
	err := json.Unmarshal([]byte(`{"Price": {"amount": "9.99", "currency": "EUR", "amount": "0.01"}}`), &v)
	if !errors.Is(err, catalog.ErrDuplicateKey) {
		t.Errorf("duplicate amount inside a document: %v, want ErrDuplicateKey", err)
	}
}

// FuzzMoneyUnmarshalJSONDirect calls UnmarshalJSON on any bytes, as a
// caller other than encoding/json may: it never panics; it fails with a
// *catalog.DecodeError matching catalog.ErrSyntax, leaving m unchanged; it
// accepts only valid JSON, and what it accepts round-trips.
func FuzzMoneyUnmarshalJSONDirect(f *testing.F) {
	for _, s := range []string{
		`{"amount":"12.30","currency":"EUR"}`, `null`, ` null `, `{}`, `{"amount":"-0.001","currency":"KWD"}`,
		`{"amount":"1","currency":"JPY"} x`, `[]`, `{"amount":1,"currency":"EUR"}`, `{"amount":"1","amount":"2","currency":"EUR"}`,
		`{"Amount":"1","currency":"EUR"}`, `{"\u0061mount":"1","currency":"EUR"}`, "{\"amount\":\"1\xff\"}", `nul`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := pricing.MustParseMoney("7", "USD")
		m := before
		if err := m.UnmarshalJSON(data); err != nil {
			var de *catalog.DecodeError
			if !errors.Is(err, catalog.ErrSyntax) || !errors.As(err, &de) {
				t.Fatalf("error %v is not a *catalog.DecodeError matching ErrSyntax", err)
			}
			if !m.Equal(before) {
				t.Fatalf("a failed decode changed m to %v", m)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back pricing.Money
		if err := back.UnmarshalJSON(out); err != nil || !back.Equal(m) {
			t.Fatalf("round trip of %s: %v, %v", out, back, err)
		}
	})
}
