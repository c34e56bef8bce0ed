package entitlement

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// maxFixed bounds the magnitude of compiled numbers so a product's value
// times a realistic quantity stays far from int64 overflow; larger values
// take the decimal path.
const maxFixed = math.MaxInt64 >> 16

// fixedScale chooses the number of decimal places at which every value of a
// numeric attribute is an exact int64 well inside range.
func fixedScale(t catalog.Type, vals []catalog.Value) (bool, int32) {
	switch t {
	case catalog.TypeInteger:
		for _, v := range vals {
			if i, _ := v.AsInt(); i > maxFixed || i < -maxFixed {
				return false, 0
			}
		}
		return true, 0
	case catalog.TypeDecimal, catalog.TypeQuantity:
	default:
		return false, 0
	}
	var scale int32
	for _, v := range vals {
		d, _ := v.AsDecimal()
		scale = max(scale, -d.Exponent())
	}
	if scale > 18 {
		return false, 0
	}
	for _, v := range vals {
		if _, ok := toFixed(v, scale); !ok {
			return false, 0
		}
	}
	return true, scale
}

// toFixed returns v times 10^scale as an int64, if exact and within maxFixed.
func toFixed(v catalog.Value, scale int32) (int64, bool) {
	if i, ok := v.AsInt(); ok {
		if scale != 0 || i > maxFixed || i < -maxFixed {
			return 0, false
		}
		return i, true
	}
	d, ok := v.AsDecimal()
	if !ok {
		return 0, false
	}
	s := d.Shift(scale)
	if !s.IsInteger() {
		return 0, false
	}
	bi := s.BigInt()
	if !bi.IsInt64() || bi.Int64() > maxFixed || bi.Int64() < -maxFixed {
		return 0, false
	}
	return bi.Int64(), true
}

// fromFixed turns a compiled number back into a value of type t.
func fromFixed(t catalog.Type, num int64, scale int32) catalog.Value {
	switch t {
	case catalog.TypeInteger:
		return catalog.Int(num)
	case catalog.TypeQuantity:
		return catalog.Qty(decimal.New(num, -scale))
	}
	return catalog.Dec(decimal.New(num, -scale))
}

// sumFixed adds n times qty to acc; false on leaving the fixed-point range.
func sumFixed(acc, n int64, qty int) (int64, bool) {
	hi, lo := bits.Mul64(uint64(abs(n)), uint64(qty))
	if hi != 0 || lo > maxFixed {
		return 0, false
	}
	term := int64(lo)
	if n < 0 {
		term = -term
	}
	acc += term
	return acc, acc <= maxFixed && acc >= -maxFixed
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
