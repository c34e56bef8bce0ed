package catalog_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// TestEveryValidatorReturnsOneValidationError checks that each validating
// constructor of the library returns a *catalog.ValidationError matching
// the sentinel of what it refused, and no other, with Has and HasAt finding
// a problem it must report.
func TestEveryValidatorReturnsOneValidationError(t *testing.T) {
	sentinels := map[string]error{
		"catalog.ErrInvalid":        catalog.ErrInvalid,
		"pricing.ErrInvalidPrice":   pricing.ErrInvalidPrice,
		"pricing.ErrInvalidBook":    pricing.ErrInvalidBook,
		"loyalty.ErrInvalidProgram": loyalty.ErrInvalidProgram,
	}
	main := catalog.Product{ID: "p", Kind: catalog.KindMain}
	cat := catalog.MustNew(catalog.Definition{Products: []catalog.Product{main}})
	charge := pricing.Charge{ID: "c", Product: "p", Kind: pricing.ChargeOneTime,
		Price: pricing.Price{Model: pricing.ModelFlat, Amount: pricing.MustParseMoney("1", "EUR").Amount()}}
	book := pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{charge}})
	catVersions, err := catalog.NewVersions(catalog.Version{ID: "v1", Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

	tests := []struct {
		name   string
		err    error
		want   []string // the sentinels err matches
		prefix string   // how Error begins
		path   string
		code   catalog.Code
	}{
		{"catalog.New: a product ID twice",
			second(catalog.New(catalog.Definition{Products: []catalog.Product{main, main}})),
			[]string{"catalog.ErrInvalid"}, "catalog: invalid definition: ", "products[p]", catalog.CodeDuplicateID},
		{"catalog.NewVersions: versions out of order",
			second(catalog.NewVersions(catalog.Version{ID: "v1", From: t0, Catalog: cat}, catalog.Version{ID: "v2", From: t0, Catalog: cat})),
			[]string{"catalog.ErrInvalid"}, "catalog: invalid definition: ", "versions[v2].from", catalog.CodeVersionOrder},
		{"pricing.Price.Validate: no model",
			pricing.Price{Currency: pricing.EUR}.Validate(),
			[]string{"pricing.ErrInvalidPrice"}, "pricing: invalid price definition: ", "price.model", catalog.CodeInvalidModel},
		{"pricing.NewBook: a charge ID twice",
			second(pricing.NewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{charge, charge}})),
			[]string{"pricing.ErrInvalidBook", "pricing.ErrInvalidPrice"}, "pricing: invalid price book: ", "charges[c]", catalog.CodeDuplicateID},
		{"pricing.Book.ValidateAgainst: a product the catalog lacks",
			pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR, Free: []string{"p", "nowhere"}}).ValidateAgainst(cat),
			[]string{"pricing.ErrInvalidBook", "pricing.ErrInvalidPrice"}, "pricing: invalid price book: ", "free[nowhere]", catalog.CodeUnknownReference},
		{"pricing.NewBookVersions: a version ID twice",
			second(pricing.NewBookVersions(pricing.BookVersion{ID: "v1", Book: book}, pricing.BookVersion{ID: "v1", From: t0, Book: book})),
			[]string{"pricing.ErrInvalidBook", "pricing.ErrInvalidPrice"}, "pricing: invalid price book: ", "versions[v1]", catalog.CodeDuplicateID},
		{"pricing.BookVersions.ValidateAgainst: a product priced by no version",
			pricing.MustNewBookVersions(pricing.BookVersion{ID: "b1", Book: pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR})}).ValidateAgainst(catVersions),
			[]string{"pricing.ErrInvalidBook", "pricing.ErrInvalidPrice"}, "pricing: invalid price book: ", "versions[b1].catalog[v1].products[p]", catalog.CodeRevenueLeakage},
		{"loyalty.NewProgram: a rule ID twice",
			second(loyalty.NewProgram(loyalty.Spec{ID: "prog", Currency: pricing.EUR, Rules: []loyalty.Rule{
				{ID: "r", Kind: loyalty.FixedBonus, Amount: pricing.MustParseMoney("1", "EUR")},
				{ID: "r", Kind: loyalty.FixedBonus, Amount: pricing.MustParseMoney("1", "EUR")},
			}})),
			[]string{"loyalty.ErrInvalidProgram"}, `loyalty: invalid program "prog": `, "rules[1].id", catalog.CodeDuplicateID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ve *catalog.ValidationError
			if !errors.As(tt.err, &ve) {
				t.Fatalf("error %v (%T) is not a *catalog.ValidationError", tt.err, tt.err)
			}
			for name, s := range sentinels {
				want := false
				for _, w := range tt.want {
					want = want || w == name
				}
				if got := errors.Is(tt.err, s); got != want {
					t.Errorf("errors.Is(err, %s) = %v, want %v", name, got, want)
				}
			}
			if msg := tt.err.Error(); !strings.HasPrefix(msg, tt.prefix) {
				t.Errorf("Error() = %q, want it to begin %q", msg, tt.prefix)
			}
			if !ve.Has(tt.code) {
				t.Errorf("Has(%s) = false; problems %v", tt.code, ve.Problems)
			}
			if !ve.HasAt(tt.path, tt.code) {
				t.Errorf("HasAt(%q, %s) = false; problems %v", tt.path, tt.code, ve.Problems)
			}
			if ve.HasAt(tt.path+".nowhere", tt.code) || ve.Has("no_such_code") {
				t.Errorf("Has or HasAt matched a problem the error does not have: %v", ve.Problems)
			}
		})
	}
}

// TestValidationErrorZeroAndNil checks the defaults: a nil Err stands for
// ErrInvalid, and a nil *ValidationError has no problem and does not panic.
func TestValidationErrorZeroAndNil(t *testing.T) {
	ve := &catalog.ValidationError{Problems: []catalog.Problem{{Path: "products[p]", Code: catalog.CodeDuplicateID, Detail: "twice"}}}
	if !errors.Is(ve, catalog.ErrInvalid) {
		t.Error("a ValidationError with a nil Err does not match ErrInvalid")
	}
	if got, want := ve.Error(), "catalog: invalid definition: products[p]: twice (duplicate_id)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	var nilErr *catalog.ValidationError
	if nilErr.Has(catalog.CodeDuplicateID) || nilErr.HasAt("products[p]", catalog.CodeDuplicateID) {
		t.Error("a nil *ValidationError has a problem")
	}
	if got := nilErr.Error(); got != catalog.ErrInvalid.Error() {
		t.Errorf("nil Error() = %q", got)
	}
}

// second returns the error of a constructor's result.
func second[T any](_ T, err error) error { return err }
