package pricing_test

import (
	"errors"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// FuzzDecodeBookVersions: DecodeBookVersions never panics; on failure it
// returns no set and a *DecodeError placed within the input or a
// *catalog.ValidationError; on success the set encodes, decodes to an equal set and
// encodes again to the same bytes.
func FuzzDecodeBookVersions(f *testing.F) {
	f.Add([]byte(setMinimal))
	f.Add([]byte(setBrief))
	f.Add([]byte(`{"format":"tariff.pricebookset.v1","versions":[{"id":"a","book":` + briefBook + `},` +
		`{"id":"b","from":"2026-01-01T00:00:00.000000001+05:30","existing":"9999-12-31T23:59:59-23:59","book":` + string(catalogs.TelcoPrices) + `}]}`))
	f.Add([]byte(`{"format":"tariff.pricebookset.v1","versions":[{"id":"a","from":"0001-01-01T00:00:00Z","book":` + minimal + `},` +
		`{"id":"a","from":"0000-12-31T23:00:00-01:00","book":{"format":"tariff.pricebook.v1","currency":"USD","charges":[]}}]}`))
	f.Add([]byte(`{"format":"tariff.pricebookset.v1","versions":[]}`))
	f.Add([]byte(`{"format":"tariff.pricebookset.v1","versions":[{"id":"v","from":"2026-02-29T00:00:00Z","book":{}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := pricing.DecodeBookVersions(data)
		if err != nil {
			if s != nil {
				t.Fatalf("DecodeBookVersions returned a set with error %v", err)
			}
			var de *catalog.DecodeError
			var ve *catalog.ValidationError
			if errors.As(err, &de) && (!errors.Is(err, catalog.ErrSyntax) || de.Offset < 0 || de.Offset > int64(len(data))) || !errors.As(err, &de) && !errors.As(err, &ve) {
				t.Fatalf("DecodeBookVersions error %v (%T) is neither a *catalog.DecodeError within the input nor a *catalog.ValidationError", err, err)
			}
			return
		}
		if s == nil || s.Len() == 0 {
			t.Fatal("DecodeBookVersions returned neither a set of versions nor an error")
		}
		checkSetRoundTrip(t, s)
	})
}
