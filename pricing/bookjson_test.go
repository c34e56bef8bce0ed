package pricing_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/examples/catalogs"
	"github.com/tariffkit/tariff/pricing"
)

// briefBook is the example document of the format's description.
const briefBook = `{"format":"tariff.pricebook.v1","currency":"EUR",
 "charges":[{"id":"basic_call_monthly","product":"basic_call","kind":"recurring","period":{"unit":"month","count":1},
   "price":{"model":"flat","amount":"9.99"}},
  {"id":"sms_overage","name":"Domestic SMS","product":"basic_call","kind":"usage","meter":"sms_domestic","unit":"SMS","allowance":"sms_included",
   "price":{"model":"graduated","tiers":[{"up_to":"100","unit":"0.05"},{"unit":"0.03","flat":"1.00"}],"flat_at_zero":false}},
  {"id":"card_fee","product":"x","kind":"usage","meter":"payments","price":{"model":"percentage","percent":"2.9","fixed":"0.30","min_fee":"0.5","max_fee":"10"}}],
 "free":["easy_call"],
 "discounts":[{"id":"voice_volume","product":"carnival_200","entries":[{"charge":"sms_overage","min_volume":"100","percent":"15"}]}]}`

func TestDecodeBookBriefExample(t *testing.T) {
	b, err := pricing.DecodeBook([]byte(briefBook))
	if err != nil {
		t.Fatalf("DecodeBook: %v", err)
	}
	want := pricing.PriceBook{
		Currency: pricing.EUR,
		Charges: []pricing.Charge{
			{ID: "basic_call_monthly", Product: "basic_call", Kind: pricing.ChargeRecurring, Period: monthly,
				Price: pricing.Price{Model: pricing.ModelFlat, Currency: pricing.EUR, Amount: d("9.99")}},
			{ID: "sms_overage", Name: "Domestic SMS", Product: "basic_call", Kind: pricing.ChargeUsage, Meter: "sms_domestic", Unit: "SMS", Allowance: "sms_included",
				Price: pricing.Price{Model: pricing.ModelGraduated, Currency: pricing.EUR, Tiers: []pricing.Tier{
					{UpTo: upTo("100"), Unit: d("0.05")}, {Unit: d("0.03"), Flat: d("1.00")}}}},
			{ID: "card_fee", Product: "x", Kind: pricing.ChargeUsage, Meter: "payments",
				Price: pricing.Price{Model: pricing.ModelPercentage, Currency: pricing.EUR, Percent: d("2.9"), Fixed: d("0.30"), MinFee: upTo("0.5"), MaxFee: upTo("10")}},
		},
		Free: []string{"easy_call"},
		Discounts: []pricing.DiscountPlan{{ID: "voice_volume", Product: "carnival_200", Entries: []pricing.DiscountEntry{
			{Charge: "sms_overage", MinVolume: d("100"), Percent: d("15")}}}},
	}
	if diff := cmp.Diff(want, b.Definition(), bookOpts); diff != "" {
		t.Errorf("decoded book (-want +got):\n%s", diff)
	}
}

// TestTelcoPricesFileIsCanonical: the shipped file is exactly what
// MarshalJSON writes for it, followed by a newline.
func TestTelcoPricesFileIsCanonical(t *testing.T) {
	b, err := pricing.DecodeBook(catalogs.TelcoPrices)
	if err != nil {
		t.Fatalf("DecodeBook: %v", err)
	}
	got, err := b.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	if want := catalogs.TelcoPrices; !bytes.Equal(append(got, '\n'), want) {
		t.Errorf("telco-prices.json is not canonical (-file +encoded):\n%s", cmp.Diff(string(want), string(got)+"\n"))
	}
}

func TestBookJSONRoundTrip(t *testing.T) {
	for _, name := range []string{"brief example", "telco"} {
		t.Run(name, func(t *testing.T) {
			data := []byte(briefBook)
			if name == "telco" {
				data = catalogs.TelcoPrices
			}
			b, err := pricing.DecodeBook(data)
			if err != nil {
				t.Fatal(err)
			}
			checkRoundTrip(t, b)
		})
	}
}

// checkRoundTrip checks that b encodes, decodes to an equal book, and
// encodes again to the same bytes.
func checkRoundTrip(t tb, b *pricing.Book) {
	t.Helper()
	enc, err := b.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	back, err := pricing.DecodeBook(enc)
	if err != nil {
		t.Fatalf("DecodeBook of encoded book: %v\n%s", err, enc)
	}
	if diff := cmp.Diff(b.Definition(), back.Definition(), bookOpts); diff != "" {
		t.Fatalf("round trip changed the book (-want +got):\n%s", diff)
	}
	again, err := back.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON again: %v", err)
	}
	if !bytes.Equal(enc, again) {
		t.Fatalf("second encoding differs:\n%s\n---\n%s", enc, again)
	}
}

func TestMarshalJSONKeepsPlaces(t *testing.T) {
	b := pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		{ID: "setup", Product: "p", Kind: pricing.ChargeOneTime, Price: flat("15.00")},
		{ID: "free_flat", Product: "q", Kind: pricing.ChargeOneTime, Price: flat("0")},
	}})
	got, err := b.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"amount": "15.00"`, `"amount": "0"`, "\n  \"charges\": [\n"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("encoding lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(string(got), "currency\": \"EUR\",\n      ") || strings.Count(string(got), "EUR") != 1 {
		t.Errorf("prices carry no currency; the book does, once:\n%s", got)
	}
}

func TestMarshalJSONUnencodable(t *testing.T) {
	b := pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		{ID: "tiny", Product: "p", Kind: pricing.ChargeOneTime, Price: pricing.Price{Model: pricing.ModelFlat, Amount: decimal.New(1, -1001)}},
		{ID: "long", Product: "p", Kind: pricing.ChargeOneTime, Price: pricing.Price{Model: pricing.ModelFlat, Amount: d(strings.Repeat("7", 101))}},
	}})
	_, err := b.MarshalJSON()
	if !errors.Is(err, pricing.ErrUnencodable) || !strings.Contains(err.Error(), "charges[tiny].price.amount") {
		t.Errorf("MarshalJSON error = %v, want ErrUnencodable naming charges[tiny].price.amount", err)
	}
	b = pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: b.Definition().Charges[1:]})
	if _, err := b.MarshalJSON(); !errors.Is(err, pricing.ErrUnencodable) || !strings.Contains(err.Error(), "charges[long].price.amount") {
		t.Errorf("MarshalJSON error = %v, want ErrUnencodable naming charges[long].price.amount", err)
	}
}

// minimal is the smallest valid document; the cases below edit it.
const minimal = `{"format":"tariff.pricebook.v1","currency":"EUR","charges":[{"id":"c","product":"p","kind":"one_time","price":{"model":"flat","amount":"1"}}]}`

func TestDecodeBookStrict(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(minimal, old) {
			panic("no " + old)
		}
		return strings.Replace(minimal, old, new, 1)
	}
	tests := []struct {
		name     string
		in       string
		wantErr  error
		wantPath string
	}{
		{"minimal document: valid", minimal, nil, ""},
		{"amount as a JSON number, read exactly: valid", edit(`"amount":"1"`, `"amount":0.1000000000000000055511151231257827`), nil, ""},
		{"decimal with an exponent: valid", edit(`"amount":"1"`, `"amount":"1.5e2"`), nil, ""},
		{"empty input: syntax", "", catalog.ErrSyntax, "$"},
		{"truncated in a key: syntax", minimal[:40], catalog.ErrSyntax, "$"},
		{"truncated in a value: syntax", minimal[:strings.Index(minimal, "flat")+2], catalog.ErrSyntax, "charges[0].price.model"},
		{"truncated after a value: syntax", minimal[:len(minimal)-3], catalog.ErrSyntax, "charges[0]"},
		{"bad token: syntax", edit(`"kind"`, `kind`), catalog.ErrSyntax, "charges[0]"},
		{"invalid UTF-8: syntax where it is", edit(`"p"`, "\"p\xff\""), catalog.ErrSyntax, "charges[0].product"},
		{"trailing object: trailing data", minimal + "{}", catalog.ErrTrailingData, "$"},
		{"trailing garbage: trailing data", minimal + " x", catalog.ErrTrailingData, "$"},
		{"trailing white space: valid", minimal + " \n", nil, ""},
		{"unknown root field: unknown field", edit(`"currency"`, `"colour":1,"currency"`), catalog.ErrUnknownField, "colour"},
		{"unknown price field: unknown field", edit(`"model"`, `"modle":"flat","model"`), catalog.ErrUnknownField, "charges[0].price.modle"},
		{"odd key quoted in the path", edit(`"model"`, `"a.b":1,"model"`), catalog.ErrUnknownField, `charges[0].price["a.b"]`},
		{"duplicate key: duplicate key", edit(`"id":"c"`, `"id":"c","id":"d"`), catalog.ErrDuplicateKey, "charges[0].id"},
		{"no format: read as the newest, valid", strings.Replace(minimal, `"format":"tariff.pricebook.v1",`, "", 1), nil, ""},
		{"missing currency: missing field", edit(`"currency":"EUR",`, ``), catalog.ErrMissingField, "currency"},
		{"missing charge kind: missing field", edit(`"kind":"one_time",`, ``), catalog.ErrMissingField, "charges[0].kind"},
		{"missing price: missing field", edit(`,"price":{"model":"flat","amount":"1"}`, ``), catalog.ErrMissingField, "charges[0].price"},
		{"flat price without amount: missing field", edit(`,"amount":"1"`, ``), catalog.ErrMissingField, "charges[0].price.amount"},
		{"graduated price without tiers: missing field", edit(`"model":"flat","amount":"1"`, `"model":"graduated"`), catalog.ErrMissingField, "charges[0].price.tiers"},
		{"percentage price without percent: missing field", edit(`"model":"flat","amount":"1"`, `"model":"percentage"`), catalog.ErrMissingField, "charges[0].price.percent"},
		{"period without unit: missing field", edit(`"kind":"one_time"`, `"kind":"recurring","period":{"count":1}`), catalog.ErrMissingField, "charges[0].period.unit"},
		{"discount entry without min volume: missing field", minimal[:len(minimal)-1] + `,"discounts":[{"id":"v","product":"p","entries":[{"charge":"c","percent":"5"}]}]}`, catalog.ErrMissingField, "discounts[0].entries[0].min_volume"},
		{"null amount: wrong type", edit(`"amount":"1"`, `"amount":null`), catalog.ErrWrongType, "charges[0].price.amount"},
		{"null charges: wrong type", edit(`"charges":[`, `"charges":null,"x":[`), catalog.ErrWrongType, "charges"},
		{"object for a string: wrong type", edit(`"id":"c"`, `"id":{}`), catalog.ErrWrongType, "charges[0].id"},
		{"number for an ID: wrong type", edit(`"id":"c"`, `"id":7`), catalog.ErrWrongType, "charges[0].id"},
		{"number for a name: wrong type", edit(`"id":"c"`, `"id":"c","name":7`), catalog.ErrWrongType, "charges[0].name"},
		{"null name: wrong type", edit(`"id":"c"`, `"id":"c","name":null`), catalog.ErrWrongType, "charges[0].name"},
		{"charges as an object: wrong type", edit(`"charges":[`, `"charges":{"a":`), catalog.ErrWrongType, "charges"},
		{"bool for a decimal: wrong type", edit(`"amount":"1"`, `"amount":true`), catalog.ErrWrongType, "charges[0].price.amount"},
		{"string for flat_at_zero: wrong type", edit(`"model":"flat","amount":"1"`, `"model":"graduated","tiers":[{}],"flat_at_zero":"yes"`), catalog.ErrWrongType, "charges[0].price.flat_at_zero"},
		{"root an array: wrong type", `[]`, catalog.ErrWrongType, "$"},
		{"unknown format: invalid value", edit(`pricebook.v1`, `pricebook.v2`), catalog.ErrInvalidValue, "format"},
		{"unknown currency: invalid value", edit(`"EUR"`, `"EUX"`), catalog.ErrInvalidValue, "currency"},
		{"unknown model: invalid value", edit(`"flat"`, `"flatt"`), catalog.ErrInvalidValue, "charges[0].price.model"},
		{"unknown kind: invalid value", edit(`"one_time"`, `"monthly"`), catalog.ErrInvalidValue, "charges[0].kind"},
		{"unknown period unit: invalid value", edit(`"kind":"one_time"`, `"kind":"recurring","period":{"unit":"fortnight"}`), catalog.ErrInvalidValue, "charges[0].period.unit"},
		{"fractional count: invalid value", edit(`"kind":"one_time"`, `"kind":"recurring","period":{"unit":"month","count":1.5}`), catalog.ErrInvalidValue, "charges[0].period.count"},
		{"decimal string not a number: invalid value", edit(`"amount":"1"`, `"amount":"1,5"`), catalog.ErrInvalidValue, "charges[0].price.amount"},
		{"decimal string with spaces: invalid value", edit(`"amount":"1"`, `"amount":" 1"`), catalog.ErrInvalidValue, "charges[0].price.amount"},
		{"decimal string with a plus: invalid value", edit(`"amount":"1"`, `"amount":"+1"`), catalog.ErrInvalidValue, "charges[0].price.amount"},
		{"decimal exponent beyond 1000: invalid value", edit(`"amount":"1"`, `"amount":1e-1001`), catalog.ErrInvalidValue, "charges[0].price.amount"},
		{"decimal exponent of 1000: valid", edit(`"amount":"1"`, `"amount":"1e1000"`), nil, ""},
		{"decimal with 100 significant digits: valid", edit(`"amount":"1"`, `"amount":"0.`+strings.Repeat("9", 100)+`"`), nil, ""},
		{"decimal with 101 significant digits: invalid value", edit(`"amount":"1"`, `"amount":"`+strings.Repeat("9", 101)+`"`), catalog.ErrInvalidValue, "charges[0].price.amount"},
		{"decimal text of a million digits: invalid value, refused before parsing", edit(`"amount":"1"`, `"amount":`+strings.Repeat("9", 1_000_000)), catalog.ErrInvalidValue, "charges[0].price.amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := pricing.DecodeBook([]byte(tt.in))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("DecodeBook: %v", err)
				}
				checkRoundTrip(t, b)
				return
			}
			if b != nil {
				t.Error("DecodeBook returned a book with an error")
			}
			var de *catalog.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			if !errors.Is(err, tt.wantErr) || !errors.Is(err, catalog.ErrSyntax) {
				t.Errorf("error %v does not match %v and ErrSyntax", err, tt.wantErr)
			}
			if de.Path != tt.wantPath {
				t.Errorf("path = %q, want %q (%v)", de.Path, tt.wantPath, err)
			}
			if de.Offset < 0 || de.Offset > int64(len(tt.in)) {
				t.Errorf("offset %d outside the input", de.Offset)
			}
		})
	}
}

func TestDecodeBookOffsets(t *testing.T) {
	in := replaceOnce(minimal, `"model"`, `"modle":"flat","model"`)
	_, err := pricing.DecodeBook([]byte(in))
	var de *catalog.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *DecodeError", err)
	}
	if want := int64(strings.Index(in, `"modle"`)); de.Offset != want {
		t.Errorf("offset = %d, want %d, where the unknown key starts", de.Offset, want)
	}
}

func replaceOnce(s, old, new string) string { return strings.Replace(s, old, new, 1) }

func TestDecodeBookExactDecimals(t *testing.T) {
	in := replaceOnce(minimal, `"amount":"1"`, `"amount":0.1000000000000000055511151231257827`)
	b, err := pricing.DecodeBook([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := b.Charge("c")
	if want := d("0.1000000000000000055511151231257827"); !c.Price.Amount.Equal(want) {
		t.Errorf("amount = %s, want %s exactly", c.Price.Amount, want)
	}
}

func TestDecodeBookValidates(t *testing.T) {
	in := replaceOnce(minimal, `"kind":"one_time"`, `"kind":"usage"`)
	b, err := pricing.DecodeBook([]byte(in))
	if b != nil {
		t.Error("DecodeBook returned a book for an invalid one")
	}
	if diff := cmp.Diff([]problem{{"charges[c].meter", catalog.CodeRequired}}, problemsOf(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// usageDoc is a valid document with one usage charge that has an
// allowance; the aggregation tests add members after its allowance.
const usageDoc = `{"format":"tariff.pricebook.v1","currency":"EUR","charges":[{"id":"c","product":"p","kind":"usage","meter":"m","allowance":"a"` +
	`,"price":{"model":"per_unit","amount":"0.05"}}]}`

// mustReplace replaces the first old in doc with new; old must be there.
func mustReplace(doc, old, new string) string {
	if !strings.Contains(doc, old) {
		panic("no " + old + " in " + doc)
	}
	return strings.Replace(doc, old, new, 1)
}

func TestDecodeBookAggregation(t *testing.T) {
	with := func(members string) string {
		return mustReplace(usageDoc, `"allowance":"a"`, `"allowance":"a",`+members)
	}
	tests := []struct {
		name      string
		in        string
		want      pricing.Aggregation
		wantGrant pricing.AllowanceGrant
		wantErr   error
		wantPath  string
	}{
		{"left out: sum, prorated", usageDoc, pricing.AggregateSum, pricing.AllowanceProrated, nil, ""},
		{"sum: valid", with(`"aggregate":"sum"`), pricing.AggregateSum, pricing.AllowanceProrated, nil, ""},
		{"count: valid", with(`"aggregate":"count"`), pricing.AggregateCount, pricing.AllowanceProrated, nil, ""},
		{"max: valid", with(`"aggregate":"max"`), pricing.AggregateMax, pricing.AllowanceProrated, nil, ""},
		{"last: valid", with(`"aggregate":"last"`), pricing.AggregateLast, pricing.AllowanceProrated, nil, ""},
		{"prorated: valid", with(`"allowance_grant":"prorated"`), pricing.AggregateSum, pricing.AllowanceProrated, nil, ""},
		{"full: valid", with(`"allowance_grant":"full"`), pricing.AggregateSum, pricing.AllowanceFull, nil, ""},
		{"count granted in full, members in any order: valid", with(`"allowance_grant":"full","aggregate":"count"`), pricing.AggregateCount, pricing.AllowanceFull, nil, ""},

		{"unknown aggregation: invalid value", with(`"aggregate":"average"`), 0, 0, catalog.ErrInvalidValue, "charges[0].aggregate"},
		{"aggregation in capitals: invalid value", with(`"aggregate":"SUM"`), 0, 0, catalog.ErrInvalidValue, "charges[0].aggregate"},
		{"empty aggregation: invalid value", with(`"aggregate":""`), 0, 0, catalog.ErrInvalidValue, "charges[0].aggregate"},
		{"aggregation as a number: wrong type", with(`"aggregate":1`), 0, 0, catalog.ErrWrongType, "charges[0].aggregate"},
		{"null aggregation: wrong type", with(`"aggregate":null`), 0, 0, catalog.ErrWrongType, "charges[0].aggregate"},
		{"aggregation as an array: wrong type", with(`"aggregate":["sum"]`), 0, 0, catalog.ErrWrongType, "charges[0].aggregate"},
		{"aggregation twice: duplicate key", with(`"aggregate":"sum","aggregate":"max"`), 0, 0, catalog.ErrDuplicateKey, "charges[0].aggregate"},
		{"unknown grant: invalid value", with(`"allowance_grant":"partial"`), 0, 0, catalog.ErrInvalidValue, "charges[0].allowance_grant"},
		{"grant in capitals: invalid value", with(`"allowance_grant":"Full"`), 0, 0, catalog.ErrInvalidValue, "charges[0].allowance_grant"},
		{"grant as a boolean: wrong type", with(`"allowance_grant":true`), 0, 0, catalog.ErrWrongType, "charges[0].allowance_grant"},
		{"null grant: wrong type", with(`"allowance_grant":null`), 0, 0, catalog.ErrWrongType, "charges[0].allowance_grant"},
		{"grant as an object: wrong type", with(`"allowance_grant":{}`), 0, 0, catalog.ErrWrongType, "charges[0].allowance_grant"},
		{"grant twice: duplicate key", with(`"allowance_grant":"full","allowance_grant":"full"`), 0, 0, catalog.ErrDuplicateKey, "charges[0].allowance_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := pricing.DecodeBook([]byte(tt.in))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("DecodeBook: %v", err)
				}
				c, _ := b.Charge("c")
				if c.Aggregate != tt.want || c.Grant != tt.wantGrant {
					t.Errorf("aggregate, grant = %v, %v; want %v, %v", c.Aggregate, c.Grant, tt.want, tt.wantGrant)
				}
				checkRoundTrip(t, b)
				return
			}
			if b != nil {
				t.Error("DecodeBook returned a book with an error")
			}
			var de *catalog.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			if !errors.Is(err, tt.wantErr) || !errors.Is(err, catalog.ErrSyntax) {
				t.Errorf("error %v does not match %v and ErrSyntax", err, tt.wantErr)
			}
			if de.Path != tt.wantPath {
				t.Errorf("path = %q, want %q (%v)", de.Path, tt.wantPath, err)
			}
		})
	}
}

// TestDecodeBookValidatesAggregation: well-formed members that break a
// rule of the book give NewBook's problems, at the charge's ID.
func TestDecodeBookValidatesAggregation(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []problem
	}{
		{"aggregation on a one-time charge: unused_field",
			mustReplace(minimal, `"kind":"one_time"`, `"kind":"one_time","aggregate":"count"`),
			[]problem{{"charges[c].aggregate", catalog.CodeUnusedField}}},
		{"full grant without an allowance: unused_field",
			mustReplace(usageDoc, `,"allowance":"a"`, `,"allowance_grant":"full"`),
			[]problem{{"charges[c].allowance_grant", catalog.CodeUnusedField}}},
		{"level granted in full: unused_field",
			mustReplace(usageDoc, `"allowance":"a"`, `"allowance":"a","aggregate":"max","allowance_grant":"full"`),
			[]problem{{"charges[c].allowance_grant", catalog.CodeUnusedField}}},
		{"percentage price that counts: invalid_aggregate",
			mustReplace(usageDoc, `"allowance":"a","price":{"model":"per_unit","amount":"0.05"}`, `"aggregate":"count","price":{"model":"percentage","percent":"2.9"}`),
			[]problem{{"charges[c].aggregate", catalog.CodeInvalidAggregate}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := pricing.DecodeBook([]byte(tt.in))
			if b != nil {
				t.Error("DecodeBook returned a book for an invalid one")
			}
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMarshalJSONAggregation: aggregate and allowance_grant are written
// after allowance, and only when they are not sum and prorated.
func TestMarshalJSONAggregation(t *testing.T) {
	b := pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		recurring("fee", "p", "1.00"),
		{ID: "sms", Product: "p", Kind: pricing.ChargeUsage, Meter: "sms", Allowance: "sms_included", Price: perUnit("0.05")},
		{ID: "tx", Product: "p", Kind: pricing.ChargeUsage, Meter: "tx", Allowance: "tx_included",
			Aggregate: pricing.AggregateCount, Grant: pricing.AllowanceFull, Price: perUnit("0.01")},
		{ID: "gb", Product: "p", Kind: pricing.ChargeUsage, Meter: "gb", Allowance: "gb_included",
			Aggregate: pricing.AggregateMax, Price: perUnit("0.10")},
		{ID: "mb", Product: "p", Kind: pricing.ChargeUsage, Meter: "mb", Allowance: "mb_included",
			Grant: pricing.AllowanceFull, Price: perUnit("0.001")},
	}})
	got, err := b.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "format": "tariff.pricebook.v1",
  "currency": "EUR",
  "charges": [
    {
      "id": "fee",
      "product": "p",
      "kind": "recurring",
      "period": {
        "unit": "month",
        "count": 1
      },
      "price": {
        "model": "flat",
        "amount": "1.00"
      }
    },
    {
      "id": "sms",
      "product": "p",
      "kind": "usage",
      "meter": "sms",
      "allowance": "sms_included",
      "price": {
        "model": "per_unit",
        "amount": "0.05"
      }
    },
    {
      "id": "tx",
      "product": "p",
      "kind": "usage",
      "meter": "tx",
      "allowance": "tx_included",
      "aggregate": "count",
      "allowance_grant": "full",
      "price": {
        "model": "per_unit",
        "amount": "0.01"
      }
    },
    {
      "id": "gb",
      "product": "p",
      "kind": "usage",
      "meter": "gb",
      "allowance": "gb_included",
      "aggregate": "max",
      "price": {
        "model": "per_unit",
        "amount": "0.10"
      }
    },
    {
      "id": "mb",
      "product": "p",
      "kind": "usage",
      "meter": "mb",
      "allowance": "mb_included",
      "allowance_grant": "full",
      "price": {
        "model": "per_unit",
        "amount": "0.001"
      }
    }
  ]
}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("encoding (-want +got):\n%s", diff)
	}
	checkRoundTrip(t, b)
}

// TestMarshalJSONAggregationDefaultsLeftOut: sum and prorated, written out
// or not, decode to the same book, which encodes without them.
func TestMarshalJSONAggregationDefaultsLeftOut(t *testing.T) {
	explicit := mustReplace(usageDoc, `"allowance":"a"`, `"allowance":"a","aggregate":"sum","allowance_grant":"prorated"`)
	for _, in := range []string{usageDoc, explicit} {
		b, err := pricing.DecodeBook([]byte(in))
		if err != nil {
			t.Fatalf("DecodeBook: %v", err)
		}
		got, err := b.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(got), `"aggregate"`) || strings.Contains(string(got), `"allowance_grant"`) {
			t.Errorf("defaults written out for %s:\n%s", in, got)
		}
	}
}
