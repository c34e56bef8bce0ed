package catalog_test

import (
	"math"
	"reflect"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tariffkit/tariff/catalog"
)

// TestIndexAccessorsOutOfRange checks the rule of the index API: an index
// outside [0, Num...()) gives the documented zero value, never a panic.
func TestIndexAccessorsOutOfRange(t *testing.T) {
	c := catalog.MustNew(lintBase())
	nf, na, np := c.NumFeatures(), c.NumAttributes(), c.NumProducts()
	for _, tt := range []struct {
		name string
		got  func(i int) any
		want any
		bad  []int
	}{
		{"feature index out of range: zero Feature, empty ID",
			func(i int) any { return c.FeatureAt(i) }, catalog.Feature{}, []int{-1, nf, math.MaxInt, math.MinInt}},
		{"feature index out of range: empty attribute range",
			func(i int) any { lo, hi := c.FeatureAttributes(i); return [2]int{lo, hi} }, [2]int{0, 0}, []int{-1, nf, math.MaxInt}},
		{"attribute index out of range: zero Attribute, feature -1",
			func(i int) any { a, f := c.AttributeAt(i); return attrAt{a, f} }, attrAt{catalog.Attribute{}, -1}, []int{-1, na, math.MaxInt}},
		{"product index out of range: zero Product, empty ID",
			func(i int) any { return c.ProductAt(i) }, catalog.Product{}, []int{-1, np, math.MaxInt}},
		{"product index out of range: no feature states",
			func(i int) any { return c.ProductStates(i) }, []catalog.IndexedState(nil), []int{-1, np, math.MaxInt}},
		{"product index out of range: no attribute values",
			func(i int) any { return c.ProductValues(i) }, []catalog.IndexedValue(nil), []int{-1, np, math.MaxInt}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, i := range tt.bad {
				if diff := gocmp.Diff(tt.want, tt.got(i), valueEqual); diff != "" {
					t.Errorf("index %d (-want +got):\n%s", i, diff)
				}
			}
		})
	}
}

type attrAt struct {
	Attr    catalog.Attribute
	Feature int
}

// TestIndexAccessorsInRangeAreNotZero checks that the zero values above can
// be told apart: no index in range returns them.
func TestIndexAccessorsInRangeAreNotZero(t *testing.T) {
	c := catalog.MustNew(seedDefinition())
	for i := range c.NumFeatures() {
		if c.FeatureAt(i).ID == "" {
			t.Errorf("FeatureAt(%d) has an empty ID", i)
		}
	}
	for i := range c.NumAttributes() {
		if a, f := c.AttributeAt(i); a.ID == "" || f < 0 {
			t.Errorf("AttributeAt(%d) = %q, %d", i, a.ID, f)
		}
	}
	for i := range c.NumProducts() {
		if c.ProductAt(i).ID == "" {
			t.Errorf("ProductAt(%d) has an empty ID", i)
		}
	}
}

// TestNilAndZeroCatalogAreEmpty calls every exported method of *Catalog,
// found by reflection so that a method added later is covered too, on a nil
// and on a zero Catalog, with zero and out-of-range arguments: none panics,
// and each reports an empty catalog.
func TestNilAndZeroCatalogAreEmpty(t *testing.T) {
	for name, c := range map[string]*catalog.Catalog{"nil Catalog": nil, "zero Catalog": new(catalog.Catalog)} {
		t.Run(name, func(t *testing.T) {
			v := reflect.ValueOf(c)
			for m := range v.NumMethod() {
				method := v.Type().Method(m)
				for _, arg := range []any{"", "x", 0, -1, 1} {
					var args []reflect.Value
					for k := range method.Type.NumIn() - 1 {
						in := method.Type.In(k + 1)
						a := reflect.New(in).Elem()
						if av := reflect.ValueOf(arg); av.Type() == in {
							a = av
						}
						args = append(args, a)
					}
					func() {
						defer func() {
							if r := recover(); r != nil {
								t.Errorf("%s%v panics: %v", method.Name, args, r)
							}
						}()
						for k, out := range v.Method(m).Call(args) {
							if method.Name == "MarshalJSON" || method.Name == "Definition" {
								continue
							}
							if method.Name == "AttributeAt" && k == 1 {
								if out.Int() != -1 {
									t.Errorf("AttributeAt(%v) gives feature %d, want -1", arg, out.Int())
								}
								continue
							}
							if !out.IsZero() && !(out.Kind() == reflect.Slice && out.Len() == 0) {
								t.Errorf("%s%v = %v, want a zero or empty result", method.Name, args, out)
							}
						}
					}()
				}
			}
			if diff := gocmp.Diff(catalog.Definition{}, c.Definition(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Definition() (-want +got):\n%s", diff)
			}
		})
	}
}
