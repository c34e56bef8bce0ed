package catalog_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tariffkit/tariff/catalog"
)

// chain returns a catalog of two main products and n add-ons allowed with
// both, add-on i requiring add-on i+1: each requires every later one
// transitively.
func chain(n int) catalog.Definition {
	d := catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}},
		Features:     []catalog.Feature{{ID: "f", ServiceType: "voice"}},
		Products:     []catalog.Product{{ID: "m0", Kind: catalog.KindMain}, {ID: "m1", Kind: catalog.KindMain}},
	}
	for i := range n {
		p := addOn(fmt.Sprintf("a%05d", i), 10, []string{"m0", "m1"})
		if i+1 < n {
			p.Requires = []string{fmt.Sprintf("a%05d", i+1)}
		}
		d.Products = append(d.Products, p)
	}
	return d
}

// longList returns n distinct IDs with a prefix, the one at position dup
// replaced by a repeat of the first.
func longList(prefix string, n, dup int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%03d", prefix, i)
	}
	out[dup] = out[0]
	return out
}

// TestValidationOfLongChainsAndLists checks the requires/excludes graph and
// the duplicate checks on shapes where each must not compare every element
// with every other: long requires chains, long reference lists, many values
// in one setting. Each case lists every problem expected.
func TestValidationOfLongChainsAndLists(t *testing.T) {
	const n = 3000
	tests := []struct {
		name   string
		def    func() catalog.Definition
		want   []catalog.Problem
		wantOK bool
	}{
		{name: "long requires chain with a common main product: valid",
			def: func() catalog.Definition { return chain(n) }, wantOK: true},
		{name: "long requires chain whose end excludes its start: contradiction at the start only",
			def: func() catalog.Definition {
				d := chain(n)
				d.Products[len(d.Products)-1].Excludes = []string{"a00000"}
				return d
			},
			want: []catalog.Problem{{Path: "products[a00000].requires", Code: catalog.CodeContradiction}}},
		{name: "long requires chain closed into a ring: one requires_cycle, at the first add-on",
			def: func() catalog.Definition {
				d := chain(n)
				d.Products[len(d.Products)-1].Requires = []string{"a00000"}
				return d
			},
			want: []catalog.Problem{{Path: "products[a00000].requires", Code: catalog.CodeRequiresCycle}}},
		{name: "requires chain whose end allows only another main product than its start: contradiction at the start only",
			def: func() catalog.Definition {
				d := chain(4)
				d.Products[len(d.Products)-1].AllowedMain = []string{"m1"}
				d.Products[2].AllowedMain = []string{"m0"}
				return d
			},
			want: []catalog.Problem{{Path: "products[a00000].requires", Code: catalog.CodeContradiction}}},
		{name: "a main product named twice by the requirer but once by what it requires: no contradiction",
			def: func() catalog.Definition {
				d := chain(2)
				d.Products[2].AllowedMain = []string{"m0", "m0"}
				d.Products[3].AllowedMain = []string{"m1", "m0"}
				return d
			},
			want: []catalog.Problem{{Path: "products[a00000].allowed_main[m0]", Code: catalog.CodeDuplicateID}}},
		{name: "long allowed list with a repeat: duplicate_id at the repeat only",
			def: func() catalog.Definition {
				d := chain(1)
				for i := range 200 {
					d.Products = append(d.Products, catalog.Product{ID: fmt.Sprintf("main%03d", i), Kind: catalog.KindMain})
				}
				d.Products[2].AllowedMain = longList("main", 200, 150)
				return d
			},
			want: []catalog.Problem{{Path: "products[a00000].allowed_main[main000]", Code: catalog.CodeDuplicateID}}},
		{name: "long enum with a repeated allowed value: duplicate_id",
			def: func() catalog.Definition {
				d := chain(1)
				d.Features[0].Attributes = []catalog.Attribute{{ID: "e", Type: catalog.TypeEnum, Allowed: longList("v", 500, 499)}}
				return d
			},
			want: []catalog.Problem{{Path: "features[f].attributes[e].allowed", Code: catalog.CodeDuplicateID}}},
		{name: "an attribute set twice among many in one setting: duplicate_id at the repeat",
			def: func() catalog.Definition {
				d := chain(1)
				ids := longList("x", 100, 60)
				fs := catalog.FeatureSetting{Feature: "f"}
				for i, id := range ids {
					if i != 60 {
						d.Features[0].Attributes = append(d.Features[0].Attributes, catalog.Attribute{ID: id, Type: catalog.TypeInteger})
					}
					fs.Values = append(fs.Values, catalog.AttributeValue{Attribute: id, Value: catalog.Int(1)})
				}
				d.Products[2].Features = []catalog.FeatureSetting{fs}
				return d
			},
			want: []catalog.Problem{{Path: "products[a00000].features[f].attributes[x000]", Code: catalog.CodeDuplicateID}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := catalog.New(tt.def())
			if tt.wantOK {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("New = %v, want a *ValidationError", err)
			}
			if diff := cmp.Diff(tt.want, ve.Problems, cmpopts.IgnoreFields(catalog.Problem{}, "Detail")); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
