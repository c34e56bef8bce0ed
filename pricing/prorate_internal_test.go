package pricing

import "testing"

// TestLineFractionTable: the shared table gives what Ratio.Decimal(6)
// computes, for every ratio of periods up to 31 days and beyond the table.
func TestLineFractionTable(t *testing.T) {
	for n := 1; n <= 40; n++ {
		for days := 0; days <= n; days++ {
			r := Ratio{Days: days, PeriodDays: n}
			if got, want := r.lineFraction(), r.Decimal(6); !got.Equal(want) || got.String() != want.String() {
				t.Errorf("%s: lineFraction %s, Decimal(6) %s", r, got, want)
			}
		}
	}
}
