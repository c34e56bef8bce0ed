package catalog_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

func TestOperatorNames(t *testing.T) {
	for _, tt := range []struct {
		op   catalog.Operator
		name string
	}{
		{catalog.OpAtLeast, "at_least"}, {catalog.OpAtMost, "at_most"}, {catalog.OpAbove, "above"},
		{catalog.OpBelow, "below"}, {catalog.OpEqual, "equal"}, {catalog.OpNotEqual, "not_equal"},
	} {
		if got := tt.op.String(); got != tt.name {
			t.Errorf("%d.String() = %q, want %q", tt.op, got, tt.name)
		}
		if op, ok := catalog.ParseOperator(tt.name); op != tt.op || !ok {
			t.Errorf("ParseOperator(%q) = %d, %v; want %d, true", tt.name, op, ok, tt.op)
		}
	}
	for _, bad := range []string{"invalid", "", "at least", ">="} {
		if op, ok := catalog.ParseOperator(bad); ok || op != catalog.OpInvalid {
			t.Errorf("ParseOperator(%q) = %d, %v; want OpInvalid, false", bad, op, ok)
		}
	}
	if got := catalog.Operator(99).String(); got != "invalid" {
		t.Errorf("Operator(99).String() = %q, want invalid", got)
	}
}

func TestFactConditionHolds(t *testing.T) {
	facts := map[string]decimal.Decimal{"arpu": dec("50.00"), "business": dec("1")}
	cond := func(fact string, op catalog.Operator, v string) catalog.FactCondition {
		return catalog.FactCondition{Fact: fact, Operator: op, Value: dec(v)}
	}
	for _, tt := range []struct {
		name  string
		c     catalog.FactCondition
		facts map[string]decimal.Decimal
		want  bool
	}{
		{"at least: equal holds", cond("arpu", catalog.OpAtLeast, "50"), facts, true},
		{"at least: below fails", cond("arpu", catalog.OpAtLeast, "50.01"), facts, false},
		{"at most: equal holds", cond("arpu", catalog.OpAtMost, "50"), facts, true},
		{"at most: above fails", cond("arpu", catalog.OpAtMost, "49.99"), facts, false},
		{"above: equal fails", cond("arpu", catalog.OpAbove, "50"), facts, false},
		{"above: above holds", cond("arpu", catalog.OpAbove, "49.99"), facts, true},
		{"below: equal fails", cond("arpu", catalog.OpBelow, "50"), facts, false},
		{"below: below holds", cond("arpu", catalog.OpBelow, "50.5"), facts, true},
		{"equal compares numbers, not digits", cond("arpu", catalog.OpEqual, "50"), facts, true},
		{"equal: a yes-or-no fact", cond("business", catalog.OpEqual, "1"), facts, true},
		{"not equal: equal fails", cond("business", catalog.OpNotEqual, "1"), facts, false},
		{"not equal: other holds", cond("business", catalog.OpNotEqual, "0"), facts, true},
		{"a missing fact meets no condition", cond("tenure", catalog.OpAtLeast, "0"), facts, false},
		{"a missing fact is not unequal either", cond("tenure", catalog.OpNotEqual, "5"), facts, false},
		{"nil facts meet no condition", cond("arpu", catalog.OpAtMost, "100"), nil, false},
		{"an invalid operator never holds", cond("arpu", catalog.OpInvalid, "50"), facts, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Holds(tt.facts); got != tt.want {
				t.Errorf("%v Holds = %v, want %v", tt.c, got, tt.want)
			}
		})
	}
}

func TestUnmet(t *testing.T) {
	conds := []catalog.FactCondition{
		{Fact: "arpu", Operator: catalog.OpAtLeast, Value: dec("50")},
		{Fact: "business", Operator: catalog.OpEqual, Value: dec("1")},
	}
	for _, tt := range []struct {
		name   string
		facts  map[string]decimal.Decimal
		want   catalog.FactCondition
		wantOK bool
	}{
		{"every condition met", map[string]decimal.Decimal{"arpu": dec("60"), "business": dec("1")}, catalog.FactCondition{}, false},
		{"the first unmet, in order", map[string]decimal.Decimal{"arpu": dec("40"), "business": dec("0")}, conds[0], true},
		{"a later one unmet", map[string]decimal.Decimal{"arpu": dec("60")}, conds[1], true},
		{"no facts: the first", nil, conds[0], true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := catalog.Unmet(conds, tt.facts)
			if ok != tt.wantOK || !cmp.Equal(got, tt.want, defOpts) {
				t.Errorf("Unmet = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
	if _, ok := catalog.Unmet(nil, nil); ok {
		t.Error("no conditions: want every account eligible")
	}
}

func TestFactConditionString(t *testing.T) {
	for _, tt := range []struct {
		c    catalog.FactCondition
		want string
	}{
		{catalog.FactCondition{Fact: "arpu", Operator: catalog.OpAtLeast, Value: dec("50")}, "arpu at least 50"},
		{catalog.FactCondition{Fact: "business", Operator: catalog.OpEqual, Value: dec("1")}, "business equal to 1"},
		{catalog.FactCondition{Fact: "tenure", Operator: catalog.OpNotEqual, Value: dec("0.5")}, "tenure not equal to 0.5"},
		{catalog.FactCondition{Fact: "x", Operator: 77, Value: dec("1")}, "x invalid 1"},
	} {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// eligibleDoc is a catalog with an add-on sold to accounts with an arpu of
// at least 50 that are businesses, and descriptions on a group and products.
const eligibleDoc = `{
  "format": "tariff.catalog.v1",
  "groups": [{"id": "email_extras", "name": "Email extras", "description": "More room for your mail."}],
  "products": [
    {"id": "basic", "name": "Basic", "description": "Calls and mail.\nNo contract.", "kind": "main"},
    {"id": "mailbox_max", "name": "Mailbox Max", "kind": "addon", "allowed_main": ["basic"],
     "eligible": [{"fact": "arpu", "operator": "at_least", "value": "50"},
                  {"fact": "business", "operator": "equal", "value": 1}],
     "groups": ["email_extras"]}
  ]
}`

func TestEligibleAndDescriptionsDecode(t *testing.T) {
	got, err := catalog.DecodeDefinition([]byte(eligibleDoc))
	if err != nil {
		t.Fatal(err)
	}
	want := catalog.Definition{
		Groups: []catalog.Group{{ID: "email_extras", Name: "Email extras", Description: "More room for your mail."}},
		Products: []catalog.Product{
			{ID: "basic", Name: "Basic", Description: "Calls and mail.\nNo contract.", Kind: catalog.KindMain},
			{ID: "mailbox_max", Name: "Mailbox Max", Kind: catalog.KindAddOn, AllowedMain: []string{"basic"},
				Eligible: []catalog.FactCondition{
					{Fact: "arpu", Operator: catalog.OpAtLeast, Value: dec("50")},
					{Fact: "business", Operator: catalog.OpEqual, Value: dec("1")},
				},
				Groups: []string{"email_extras"}},
		},
	}
	if diff := cmp.Diff(want, got, defOpts); diff != "" {
		t.Fatalf("decoded (-want +got):\n%s", diff)
	}
	if _, err := catalog.New(got); err != nil {
		t.Fatalf("New: %v", err)
	}
}

func TestEligibleAndDescriptionsRoundTrip(t *testing.T) {
	def, err := catalog.DecodeDefinition([]byte(eligibleDoc))
	if err != nil {
		t.Fatal(err)
	}
	out, err := def.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, member := range []string{`"description": "More room for your mail."`, `"description": "Calls and mail.\nNo contract."`,
		`"operator": "at_least"`, `"value": "50"`, `"value": "1"`} {
		if !strings.Contains(string(out), member) {
			t.Errorf("encoded catalog lacks %s:\n%s", member, out)
		}
	}
	back, err := catalog.DecodeDefinition(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(def, back, defOpts); diff != "" {
		t.Errorf("round trip (-before +after):\n%s", diff)
	}
	again, err := back.MarshalJSON()
	if err != nil || string(again) != string(out) {
		t.Errorf("encoding again gives other bytes (%v):\n%s\nvs\n%s", err, again, out)
	}
	// The member order: description after name, eligible after one_off.
	s := string(out)
	if strings.Index(s, `"name": "Basic"`) > strings.Index(s, `"description": "Calls`) ||
		strings.Index(s, `"eligible"`) > strings.LastIndex(s, `"groups"`) {
		t.Errorf("members out of order:\n%s", s)
	}
}

func TestEligibleDecodeErrors(t *testing.T) {
	product := func(eligible string) string {
		return `{"products": [{"id": "x", "kind": "addon", "eligible": ` + eligible + `}]}`
	}
	for _, tt := range []struct {
		name, in string
		want     error
		path     string
	}{
		{"unknown operator", product(`[{"fact": "arpu", "operator": ">=", "value": "50"}]`), catalog.ErrInvalidValue, "products[0].eligible[0].operator"},
		{"operator invalid is none", product(`[{"fact": "arpu", "operator": "invalid", "value": "50"}]`), catalog.ErrInvalidValue, "products[0].eligible[0].operator"},
		{"value not a number", product(`[{"fact": "arpu", "operator": "equal", "value": "business"}]`), catalog.ErrInvalidValue, "products[0].eligible[0].value"},
		{"value a bool", product(`[{"fact": "arpu", "operator": "equal", "value": true}]`), catalog.ErrWrongType, "products[0].eligible[0].value"},
		{"missing fact", product(`[{"operator": "equal", "value": "1"}]`), catalog.ErrMissingField, "products[0].eligible[0].fact"},
		{"missing operator", product(`[{"fact": "arpu", "value": "1"}]`), catalog.ErrMissingField, "products[0].eligible[0].operator"},
		{"missing value", product(`[{"fact": "arpu", "operator": "equal"}]`), catalog.ErrMissingField, "products[0].eligible[0].value"},
		{"unknown member", product(`[{"fact": "arpu", "operator": "equal", "value": "1", "unit": "EUR"}]`), catalog.ErrUnknownField, "products[0].eligible[0].unit"},
		{"null condition", product(`[null]`), catalog.ErrWrongType, "products[0].eligible[0]"},
		{"eligible an object", product(`{}`), catalog.ErrWrongType, "products[0].eligible"},
		{"null description", `{"groups": [{"id": "g", "description": null}]}`, catalog.ErrWrongType, "groups[0].description"},
		{"description a number", `{"products": [{"id": "p", "kind": "main", "description": 1}]}`, catalog.ErrWrongType, "products[0].description"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := catalog.DecodeDefinition([]byte(tt.in))
			var de *catalog.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want a *DecodeError matching %v", err, tt.want)
			}
			if de.Path != tt.path {
				t.Errorf("path = %q, want %q", de.Path, tt.path)
			}
		})
	}
}

// An empty fact decodes (it is a string) and New refuses it, as it refuses
// a condition without an operator built in Go; the encoder refuses an
// operator it cannot name.
func TestEligibleValidatedAndEncoded(t *testing.T) {
	def, err := catalog.DecodeDefinition([]byte(`{"products": [{"id": "m", "kind": "main"},
		{"id": "x", "kind": "addon", "allowed_main": ["m"], "eligible": [{"fact": "", "operator": "equal", "value": "1"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = catalog.New(def)
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) || !ve.HasAt("products[x].eligible[0].fact", catalog.CodeInvalidFact) {
		t.Errorf("New = %v, want invalid_fact at products[x].eligible[0].fact", err)
	}
	def.Products[1].Eligible[0] = catalog.FactCondition{Fact: "arpu", Operator: 9}
	if out, err := def.MarshalJSON(); !errors.Is(err, catalog.ErrUnencodable) || out != nil ||
		!strings.Contains(err.Error(), "products[1].eligible[0].operator") {
		t.Errorf("MarshalJSON = %q, %v; want ErrUnencodable at products[1].eligible[0].operator", out, err)
	}
}

// A Catalog hands out copies: changing a returned product's conditions
// changes nothing in the catalog.
func TestEligibleIsCopied(t *testing.T) {
	c, err := catalog.Decode([]byte(eligibleDoc))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.Product("mailbox_max")
	p.Eligible[0].Fact = "changed"
	d := c.Definition()
	d.Products[1].Eligible[1].Operator = catalog.OpBelow
	again, _ := c.Product("mailbox_max")
	if again.Eligible[0].Fact != "arpu" || again.Eligible[1].Operator != catalog.OpEqual {
		t.Errorf("the catalog's conditions changed: %v", again.Eligible)
	}
}
