package catalogtest

import (
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
)

// AnyDecimal draws decimals of any sign and scale: any int64 coefficient,
// exponents from -30 to 30. For codec tests, where no attribute constrains
// the value.
var AnyDecimal = rapid.Custom(func(t *rapid.T) decimal.Decimal {
	return decimal.New(rapid.Int64().Draw(t, "coefficient"), rapid.Int32Range(-30, 30).Draw(t, "exponent"))
})

// AnyValue returns a generator of arbitrary values of type typ for codec
// tests: constants anywhere in the type's range (no attribute constraints)
// and, one time in four, band rules over any fact whose bands hold such
// constants (possibly invalid ones: no bands, a bounded last band). With
// TypeInvalid each value's type is drawn among the JSON shapes (bool,
// integer, decimal, string, string list).
func AnyValue(typ catalog.Type) *rapid.Generator[catalog.Value] {
	constant := rapid.Custom(func(t *rapid.T) catalog.Value {
		typ := typ
		if typ == catalog.TypeInvalid {
			typ = rapid.SampledFrom([]catalog.Type{catalog.TypeBool, catalog.TypeInteger, catalog.TypeDecimal, catalog.TypeString, catalog.TypeStringList}).Draw(t, "shape")
		}
		switch typ {
		case catalog.TypeBool:
			return catalog.Bool(rapid.Bool().Draw(t, "bool"))
		case catalog.TypeInteger:
			return catalog.Int(rapid.Int64().Draw(t, "int"))
		case catalog.TypeDecimal:
			return catalog.Dec(AnyDecimal.Draw(t, "decimal"))
		case catalog.TypeQuantity:
			return catalog.Qty(AnyDecimal.Draw(t, "quantity"))
		case catalog.TypeString:
			return catalog.Str(rapid.String().Draw(t, "string"))
		case catalog.TypeEnum:
			return catalog.Enum(rapid.String().Draw(t, "enum"))
		default:
			return catalog.List(rapid.SliceOf(rapid.String()).Draw(t, "list")...)
		}
	})
	return rapid.Custom(func(t *rapid.T) catalog.Value {
		if rapid.IntRange(0, 3).Draw(t, "banded") > 0 {
			return constant.Draw(t, "constant")
		}
		bands := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) catalog.Band {
			if rapid.Bool().Draw(t, "bounded") {
				return catalog.Below(AnyDecimal.Draw(t, "below"), constant.Draw(t, "value"))
			}
			return catalog.Otherwise(constant.Draw(t, "value"))
		}), 0, 4).Draw(t, "bands")
		return catalog.Banded(rapid.String().Draw(t, "fact"), bands...)
	})
}
