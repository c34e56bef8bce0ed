package pricing_test

import (
	"errors"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// FuzzPriceJSON: DecodeBook never panics; on failure it returns no book
// and a *catalog.DecodeError placed within the input or a
// *catalog.ValidationError; on success the book encodes, decodes to an equal book
// and encodes again to the same bytes.
func FuzzPriceJSON(f *testing.F) {
	f.Add(catalogs.TelcoPrices)
	f.Add([]byte(briefBook))
	f.Add([]byte(minimal))
	f.Add([]byte(`{"format":"tariff.pricebook.v1","currency":"JPY","charges":[],"free":["a","a"]}`))
	f.Add([]byte(`{"format":"tariff.pricebook.v1","currency":"KWD","charges":[{"id":"c","name":"Minutes to Brazil \u00e9 \"HD\"","product":"p","kind":"usage","meter":"m",` +
		`"price":{"model":"package","amount":1e3,"block_size":"0.5","free_units":0,"minimum":"1","maximum":"2.000"}}]}`))
	f.Add([]byte(`{"format":"tariff.pricebook.v1","currency":"EUR","charges":[{"id":"c","product":"p","kind":"recurring","period":{"unit":"year","count":2},` +
		`"price":{"model":"volume","tiers":[{"up_to":"5"},{"up_to":10,"flat":"0.99"},{"unit":"0.1"}],"flat_at_zero":true}}],` +
		`"discounts":[{"id":"v","product":"p","entries":[{"charge":"c","min_volume":0,"percent":"100"}]}]}`))
	f.Add([]byte(`{"format":"tariff.pricebook.v1","currency":"EUR","charges":[{"id":"c","product":"p","kind":"usage","meter":"m","allowance":"a",` +
		`"aggregate":"count","allowance_grant":"full","price":{"model":"per_unit","amount":"0.05"}},` +
		`{"id":"d","product":"p","kind":"usage","meter":"gb","allowance":"gb","aggregate":"last","price":{"model":"volume","tiers":[{"unit":"1"}]}}]}`))
	f.Add([]byte(`{"format":"tariff.pricebook.v1","currency":"EUR","charges":[{"id":"c","name":"SMS\u0007","product":"p","kind":"one_time","price":{"model":"flat","amount":"1"}}]}`))
	f.Add([]byte(`{"format":"tariff.pricebook.v1","currency":"EUR","charges":[{"id":"c","product":"p","kind":"one_time","price":{"model":"flat","amount":1e1000,"fixed":"-0.000e-997"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := pricing.DecodeBook(data)
		if err != nil {
			if b != nil {
				t.Fatalf("DecodeBook returned a book with error %v", err)
			}
			var de *catalog.DecodeError
			var ve *catalog.ValidationError
			if errors.As(err, &de) && (!errors.Is(err, catalog.ErrSyntax) || de.Offset < 0 || de.Offset > int64(len(data))) || !errors.As(err, &de) && !errors.As(err, &ve) {
				t.Fatalf("DecodeBook error %v (%T) is neither a *catalog.DecodeError within the input nor a *catalog.ValidationError", err, err)
			}
			return
		}
		if b == nil {
			t.Fatal("DecodeBook returned neither a book nor an error")
		}
		checkRoundTrip(t, b)
	})
}
