package catalog_test

import (
	"testing"

	"github.com/tariffkit/tariff/catalog"
)

// TestItemOutsideTheListIsEmpty: Item of an index outside [0, Len()), or
// of a Value that is not a list, is "", never a panic.
func TestItemOutsideTheListIsEmpty(t *testing.T) {
	list := catalog.List("+15550100", "+15550101")
	tests := []struct {
		name string
		v    catalog.Value
		i    int
		want string
	}{
		{"first item", list, 0, "+15550100"},
		{"last item", list, 1, "+15550101"},
		{"past the end: empty", list, 2, ""},
		{"negative index: empty", list, -1, ""},
		{"not a list: empty", catalog.Int(3), 0, ""},
		{"zero Value: empty", catalog.Value{}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("Item(%d) panicked: %v", tt.i, r)
					}
				}()
				got = tt.v.Item(tt.i)
			}()
			if got != tt.want {
				t.Errorf("Item(%d) = %q, want %q", tt.i, got, tt.want)
			}
		})
	}
}

// TestNilProductMaxQty: a nil *Product answers as the zero Product.
func TestNilProductMaxQty(t *testing.T) {
	var p *catalog.Product
	if got := p.MaxQty(); got != 1 {
		t.Errorf("nil product: MaxQty = %d, want 1", got)
	}
}
