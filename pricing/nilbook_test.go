package pricing_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// noPanic runs f and fails the test with the panic's value if it panics.
func noPanic(t *testing.T, call string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%s panicked: %v", call, r)
		}
	}()
	f()
}

// TestNilBook calls every exported method and function that takes a
// *Book with a nil Book and the zero Book: look-ups find nothing,
// operations that need a book return ErrNoBook (ErrInvalidQuote for a
// quote), and none panics.
func TestNilBook(t *testing.T) {
	r := telco(t)
	john := entitlement.Account{ID: "john", Main: "basic_call"}
	cat := r.Catalog()
	books := map[string]*pricing.Book{"nil Book": nil, "zero Book": new(pricing.Book)}
	for name, b := range books {
		t.Run(name, func(t *testing.T) {
			tests := []struct {
				call    string
				f       func() (any, error)
				want    any // the documented result, compared with cmp
				wantErr []error
			}{
				{"Definition: the zero PriceBook", func() (any, error) {
					return cmp.Equal(pricing.PriceBook{}, b.Definition(), cmp.Comparer(func(x, y pricing.Currency) bool { return x == y })), nil
				}, true, nil},
				{"Currency: the zero Currency", func() (any, error) { return b.Currency().IsZero(), nil }, true, nil},
				{"Charge: not found", func() (any, error) { _, ok := b.Charge("basic_call_monthly"); return ok, nil }, false, nil},
				{"ChargesFor: none", func() (any, error) { return b.ChargesFor("basic_call") == nil, nil }, true, nil},
				{"IsFree: nothing is free", func() (any, error) { return b.IsFree("basic_call"), nil }, false, nil},
				{"DiscountEntries: none", func() (any, error) {
					return b.DiscountEntries([]string{"basic_call"}, "basic_call_monthly") == nil, nil
				}, true, nil},
				{"Discount: none", func() (any, error) {
					_, ok := b.Discount("basic_call_monthly", decimal.NewFromInt(100), []string{"basic_call"})
					return ok, nil
				}, false, nil},
				{"ValidateAgainst: ErrNoBook", func() (any, error) { return nil, b.ValidateAgainst(cat) }, nil, []error{pricing.ErrNoBook}},
				{"ValidateAgainst a nil catalog: ErrNoBook first", func() (any, error) { return nil, b.ValidateAgainst(nil) }, nil, []error{pricing.ErrNoBook}},
				{"MarshalJSON: ErrUnencodable, ErrNoBook", func() (any, error) { return b.MarshalJSON() }, []byte(nil), []error{pricing.ErrUnencodable, pricing.ErrNoBook}},
				{"RankUpgrades: ErrInvalidQuote, ErrNoBook", func() (any, error) {
					return pricing.RankUpgrades(b, john, nil, nov, day(11))
				}, []pricing.Offer(nil), []error{pricing.ErrInvalidQuote, pricing.ErrNoBook}},
			}
			for _, tt := range tests {
				t.Run(tt.call, func(t *testing.T) {
					var (
						got any
						err error
					)
					noPanic(t, tt.call, func() { got, err = tt.f() })
					for _, want := range tt.wantErr {
						if !errors.Is(err, want) {
							t.Errorf("err = %v, want %v", err, want)
						}
					}
					if len(tt.wantErr) == 0 && err != nil {
						t.Errorf("err = %v, want nil", err)
					}
					if diff := cmp.Diff(tt.want, got); diff != "" {
						t.Errorf("result (-want +got):\n%s", diff)
					}
				})
			}
		})
	}
}

// TestNilBookQuotes: a quote without a price book is refused with
// ErrInvalidQuote, and never panics.
func TestNilBookQuotes(t *testing.T) {
	r := telco(t)
	john := entitlement.Account{ID: "john", Main: "basic_call"}
	for name, b := range map[string]*pricing.Book{"nil Book": nil, "zero Book": new(pricing.Book)} {
		t.Run(name, func(t *testing.T) {
			var err1, err2 error
			noPanic(t, "NewQuote", func() { _, err1 = pricing.NewQuote(b, r, john, nov, nil) })
			noPanic(t, "QuoteHistory", func() {
				_, err2 = pricing.QuoteHistory(b, r, []pricing.Segment{{Account: john}}, nov, nil)
			})
			if b == nil {
				for call, err := range map[string]error{"NewQuote": err1, "QuoteHistory": err2} {
					if !errors.Is(err, pricing.ErrInvalidQuote) {
						t.Errorf("%s: err = %v, want ErrInvalidQuote", call, err)
					}
				}
			} else if err1 == nil || err2 == nil {
				t.Errorf("zero Book: NewQuote err = %v, QuoteHistory err = %v; want errors", err1, err2)
			}
		})
	}
}

// TestValidateAgainstNilCatalog: validating against no catalog is an
// error wrapping ErrNoCatalog; an empty catalog is a catalog, against
// which every product the book names is unknown.
func TestValidateAgainstNilCatalog(t *testing.T) {
	b := telcoQuoteBook()
	tests := []struct {
		name    string
		c       *catalog.Catalog
		wantErr error
		wantRef bool // an unknown_reference problem for basic_call's charge
	}{
		{"nil catalog: ErrNoCatalog", nil, pricing.ErrNoCatalog, false},
		{"zero catalog: every product unknown", new(catalog.Catalog), pricing.ErrInvalidPrice, true},
		{"empty catalog: every product unknown", catalog.MustNew(catalog.Definition{}), pricing.ErrInvalidPrice, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			noPanic(t, "ValidateAgainst", func() { err = b.ValidateAgainst(tt.c) })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			var ve *catalog.ValidationError
			if got := errors.As(err, &ve) && ve.HasAt("charges[basic_call_monthly].product", catalog.CodeUnknownReference); got != tt.wantRef {
				t.Errorf("unknown_reference at charges[basic_call_monthly].product: %v, want %v (%v)", got, tt.wantRef, err)
			}
		})
	}
}

// TestNilBookJSON: encoding/json writes null for a nil *Book field
// without calling MarshalJSON; a zero Book inside a value is an error.
func TestNilBookJSON(t *testing.T) {
	type doc struct{ Book *pricing.Book }
	out, err := json.Marshal(doc{})
	if err != nil || string(out) != `{"Book":null}` {
		t.Errorf("Marshal(nil Book field) = %s, %v; want {\"Book\":null}", out, err)
	}
	if _, err := json.Marshal(doc{Book: new(pricing.Book)}); !errors.Is(err, pricing.ErrNoBook) {
		t.Errorf("Marshal(zero Book field): err = %v, want ErrNoBook", err)
	}
}

// TestWithNilCatalog: WithCatalog(nil) is no option: a quote names
// products from the resolver's catalog as without it.
func TestWithNilCatalog(t *testing.T) {
	r := telco(t)
	john := entitlement.Account{ID: "john", Main: "basic_call"}
	want, err := pricing.NewQuote(telcoQuoteBook(), r, john, nov, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got pricing.Quote
	noPanic(t, "NewQuote", func() { got, err = pricing.NewQuote(telcoQuoteBook(), r, john, nov, nil, pricing.WithCatalog(nil)) })
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rowsOf(want.Lines), rowsOf(got.Lines)); diff != "" {
		t.Errorf("lines (-without +WithCatalog(nil)):\n%s", diff)
	}
	var offers []pricing.Offer
	noPanic(t, "RankUpgrades", func() {
		offers, err = pricing.RankUpgrades(telcoQuoteBook(), john, nil, nov, day(11), pricing.WithCatalog(nil))
	})
	if err != nil || len(offers) != 0 {
		t.Errorf("RankUpgrades without candidates = %v, %v; want none", offers, err)
	}
}
