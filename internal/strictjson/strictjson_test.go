package strictjson_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/internal/strictjson"
)

func TestScanRecordsWhereValuesEnd(t *testing.T) {
	data := []byte(` {"a": [1, "x"], "b": {"c": true}} `)
	n, err := strictjson.Scan(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		node *strictjson.Node
		want string
	}{
		{"root object", &n, `{"a": [1, "x"], "b": {"c": true}}`},
		{"array", n.Member("a"), `[1, "x"]`},
		{"number", &n.Member("a").Elems[0], `1`},
		{"string", &n.Member("a").Elems[1], `"x"`},
		{"nested object", n.Member("b"), `{"c": true}`},
		{"literal", n.Member("b").Member("c"), `true`},
	} {
		if got := string(data[tt.node.Off:tt.node.End]); got != tt.want {
			t.Errorf("%s: data[Off:End] = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestJoinPath(t *testing.T) {
	for _, tt := range []struct{ base, rel, want string }{
		{"values.x", "$", "values.x"},
		{"values.x", "bands[1].value", "values.x.bands[1].value"},
		{"values.x", "[2]", "values.x[2]"},
		{"values.x", `["a.b"]`, `values.x["a.b"]`},
		{"$", "bands", "bands"},
		{"$", "$", "$"},
	} {
		if got := strictjson.JoinPath(tt.base, tt.rel); got != tt.want {
			t.Errorf("JoinPath(%q, %q) = %q, want %q", tt.base, tt.rel, got, tt.want)
		}
	}
}

func TestWithinPlacesANestedError(t *testing.T) {
	outer := []byte(`{"values": {"x": [1, 2]}}`)
	root, err := strictjson.Scan(outer)
	if err != nil {
		t.Fatal(err)
	}
	x := root.Member("values").Member("x")
	inner := outer[x.Off:x.End]
	in, _ := strictjson.Scan(inner)
	var id strictjson.Decoder // decodes the value on its own
	_, ierr := id.Strings(&in)
	var e *strictjson.Error
	if !errors.As(ierr, &e) {
		t.Fatalf("Strings: %v, want an *Error", ierr)
	}
	var d strictjson.Decoder // decodes the document
	d.Push("values")
	d.Push("x")
	got := d.Within(x, e)
	if !errors.As(got, &e) || e.Path != "values.x[0]" || e.Offset != 18 || !errors.Is(got, strictjson.ErrWrongType) {
		t.Errorf("Within = %#v, want values.x[0] at offset 18, ErrWrongType", e)
	}
}

func TestFormatDecimal(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"1.50", "1.5"}, {"1500", "1500"}, {"15e2", "1500"}, {"0.001", "0.001"}, {"-2.000", "-2"}, {"-0.0", "0"}, {"-0.05", "-0.05"},
	} {
		if got := strictjson.FormatDecimal(decimal.RequireFromString(tt.in)); got != tt.want {
			t.Errorf("FormatDecimal(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
