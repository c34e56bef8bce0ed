package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"bought through hotelhub: earned 10.00 EUR",
		"hotel booking of 100.00 EUR: earned 5.00 EUR",
		"flight booking of 400.00 EUR: earned 8.00 EUR",
		"promo code TRAVEL5 (sent twice, granted once): 5.00 EUR",
		"flight refunded: reversed 8.00 EUR",
		"1 GB traffic package refused: 5.00 EUR available",
		"redeemed 10.00 EUR for a 1000 MB traffic package",
		"tripmate's program refused: SIM CW-SIM-0001 belongs to hotelhub",
		"re-attribution of CW-SIM-0001 to tripmate refused",
		"Statement for CW-SIM-0001, program comfortway",
		"Closing balance: 10.00 EUR available, 0.00 EUR pending",
		"Latest 3 of 9 entries:",
		"Jul 17  activate     hotel-7731    +5.00 EUR\n",
		"Jul 06      reverse  refund-2204      travel-5pct           -   -8.00 EUR           5.00 EUR        15.00 EUR\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q\n%s", want, got)
		}
	}
	_, stmt, _ := strings.Cut(got, "Statement for")
	if n := strings.Count(stmt, "promo-1"); n != 1 {
		t.Errorf("statement shows %d promo entries, want 1 (the replay must not add one)", n)
	}
}
