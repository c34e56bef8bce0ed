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
		"SMS Bundles\n    easy_sms                   Easy SMS                   priority 5   up to ×3\n",
		"Validation: OK",
		"[conflict] products[advanced_forwarding].features[call_waiting]\n" +
			"      feature call_waiting (Call waiting) at priority 15, with basic_call, smart_call_plan:\n" +
			"        enabled    advanced_forwarding\n" +
			"        disabled   unconditional_forwarding\n",
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

func TestConflictsReportedInGroups(t *testing.T) {
	doc := `{"service_types": [{"id": "voice"}],
	  "features": [{"id": "call_forwarding", "service_type": "voice", "attributes": [{"id": "max_calls", "type": "integer"}]}],
	  "products": [
	    {"id": "basic", "kind": "main"},
	    {"id": "fwd_3", "kind": "addon", "priority": 10, "allowed_main": ["basic"], "excludes": ["fwd_5"],
	     "features": [{"feature": "call_forwarding", "attributes": {"max_calls": 3}}]},
	    {"id": "fwd_5", "kind": "addon", "priority": 10, "allowed_main": ["basic"],
	     "features": [{"feature": "call_forwarding", "attributes": {"max_calls": 5}}]},
	    {"id": "fwd_5b", "kind": "addon", "priority": 10, "allowed_main": ["basic"],
	     "features": [{"feature": "call_forwarding", "attributes": {"max_calls": 5}}]}]}`
	var out bytes.Buffer
	if !check(&out, "grouped.json", []byte(doc)) {
		t.Fatalf("reported invalid:\n%s", out.String())
	}
	want := "Lint: 1 warning(s)\n" +
		"  [conflict] products[fwd_3].features[call_forwarding].attributes[max_calls]\n" +
		"      attribute max_calls of feature call_forwarding at priority 10, with basic:\n" +
		"        3          fwd_3\n" +
		"        5          fwd_5, fwd_5b\n" +
		"        (fwd_3 and fwd_5 exclude each other: no conflict)\n"
	if !strings.HasSuffix(out.String(), want) {
		t.Errorf("report does not end with\n%s\ngot:\n%s", want, out.String())
	}
}

func TestShippedCatalogSetReport(t *testing.T) {
	var out bytes.Buffer
	if !checkVersions(&out, "telco-versions.json", catalogs.TelcoVersions) {
		t.Fatalf("the shipped catalog set is reported invalid:\n%s", out.String())
	}
	for _, want := range []string{
		"2 versions",
		"  2026-01    in force since always\n",
		"  2026-07    for sales from 1 Jul 2026 00:00 UTC; earlier sales keep their terms\n" +
			"             introduces carnival_300 (Carnival 300)\n" +
			"             changes basic_call (Basic Call)\n" +
			"             retires carnival_200 (Carnival 200)\n",
		"Validation across versions: OK",
		"Catalog version 2026-07\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q; got:\n%s", want, out.String())
		}
	}
}

func TestInvalidCatalogSetReportsEveryProblem(t *testing.T) {
	doc := `{"format": "tariff.catalogset.v1", "versions": [
	  {"id": "v1", "catalog": {"service_types": [{"id": "voice"}], "products": [{"id": "p", "kind": "main"}]}},
	  {"id": "v2", "from": "2026-07-01T00:00:00Z", "existing": "2026-06-01T00:00:00Z",
	   "catalog": {"service_types": [{"id": "voice"}], "products": [{"id": "p", "kind": "addon"}]}}]}`
	if !isSet([]byte(doc)) {
		t.Fatal("a catalog set document is not recognised")
	}
	var out bytes.Buffer
	if checkVersions(&out, "bad-set.json", []byte(doc)) {
		t.Fatalf("an invalid set was reported valid:\n%s", out.String())
	}
	for _, want := range []string{"INVALID ACROSS VERSIONS", "versions[v2].existing", "[invalid_version]", "versions[v2].products[p].kind", "[kind_changed]"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q; got:\n%s", want, out.String())
		}
	}
}
