package catalog_test

import (
	"errors"
	"testing"

	"github.com/tariffkit/tariff/catalog"
)

func TestSeedCatalogIsValid(t *testing.T) {
	c, err := catalog.New(seedDefinition())
	if err != nil {
		t.Fatal(err)
	}
	if got := c.AddOnsFor("easy_call"); len(got) != 0 {
		t.Errorf("AddOnsFor(easy_call) = %v, want none", got)
	}
}

func TestValidationReportsEveryProblem(t *testing.T) {
	d := seedDefinition()
	d.Products[3].AllowedMain = append(d.Products[3].AllowedMain, "nowhere")
	d.Features[0].ServiceType = "fax"
	_, err := catalog.New(d)
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("err = %v, want *ValidationError matching ErrInvalid", err)
	}
	if len(ve.Problems) != 2 {
		t.Fatalf("problems = %v, want 2", ve.Problems)
	}
}
