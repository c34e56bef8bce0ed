package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tariffkit/tariff/examples/catalogs"
)

func TestShippedCatalogReport(t *testing.T) {
	var out bytes.Buffer
	if !check(&out, "telco.json", catalogs.Telco) {
		t.Fatalf("the shipped catalog is reported invalid:\n%s", out.String())
	}
	for _, want := range []string{
		"3 main products",
		"easy_call        EasyCall         no add-ons",
		"SMS Bundles\n    easy_sms",
		"Validation: OK",
		"[conflict] products[advanced_forwarding].features[call_waiting]",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q; got:\n%s", want, out.String())
		}
	}
}

func TestInvalidCatalogReportsEveryProblem(t *testing.T) {
	doc := `{"service_types": [{"id": "voice"}],
	  "features": [{"id": "f", "service_type": "fax"}],
	  "products": [{"id": "p", "kind": "addon", "allowed_main": ["nowhere"]}]}`
	var out bytes.Buffer
	if check(&out, "bad.json", []byte(doc)) {
		t.Fatal("an invalid catalog was reported valid")
	}
	for _, want := range []string{"INVALID: 2 problem(s)", "features[f].service_type", "products[p].allowed_main[nowhere]", "[unknown_reference]"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q; got:\n%s", want, out.String())
		}
	}
	out.Reset()
	if check(&out, "trailing.json", []byte(`{} {}`)) || !strings.Contains(out.String(), "NOT A CATALOG DOCUMENT") {
		t.Errorf("trailing data: %s", out.String())
	}
}
