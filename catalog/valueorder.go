package catalog

import (
	"cmp"
	"slices"
)

// compareValues orders values so that those that are Equal, and only those,
// compare 0: constants before band rules, constants by type and then
// content (numbers by value), band rules by fact and then band by band.
func compareValues(a, b Value) int { return compareValuesAt(&a, &b) }

// compareValuesAt is compareValues without copying the values.
func compareValuesAt(a, b *Value) int {
	if (a.rule == nil) != (b.rule == nil) {
		if a.rule == nil {
			return -1
		}
		return 1
	}
	if a.rule != nil {
		x, y := a.rule, b.rule
		if c := cmp.Or(cmp.Compare(x.Fact, y.Fact), cmp.Compare(len(x.Bands), len(y.Bands))); c != 0 {
			return c
		}
		for i := range x.Bands {
			bx, by := &x.Bands[i], &y.Bands[i]
			if bx.Below.Valid != by.Below.Valid {
				if !bx.Below.Valid {
					return -1
				}
				return 1
			}
			if bx.Below.Valid {
				if c := bx.Below.Decimal.Cmp(by.Below.Decimal); c != 0 {
					return c
				}
			}
			if c := compareValuesAt(&bx.Value, &by.Value); c != 0 {
				return c
			}
		}
		return 0
	}
	if c := cmp.Compare(a.typ, b.typ); c != 0 {
		return c
	}
	switch a.typ {
	case TypeBool:
		return cmp.Compare(boolInt(a.b), boolInt(b.b))
	case TypeInteger:
		return cmp.Compare(a.i, b.i)
	case TypeDecimal, TypeQuantity:
		return a.d.Cmp(b.d)
	case TypeString, TypeEnum:
		return cmp.Compare(a.s, b.s)
	case TypeStringList:
		return slices.Compare(a.list, b.list)
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
