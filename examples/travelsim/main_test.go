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
		"redeemed 10.00 EUR for a 1000 MB traffic package; the SIM now holds 1000 MB",
		"tripmate's program refused: SIM CW-SIM-0001 belongs to hotelhub",
		"re-attribution of CW-SIM-0001 to tripmate refused",
		"Statement for CW-SIM-0001, program comfortway",
		"Closing balance: 10.00 EUR available, 0.00 EUR pending",
		"Latest 3 of 9 entries:",
		"Jul 17  activate     hotel-7731    +5.00 EUR\n",
		"Jul 06      reverse  refund-2204      travel-5pct           -   -8.00 EUR           5.00 EUR        15.00 EUR\n",
		// The partner's side.
		"Jul 01  hotelhub credited 5.00 EUR for selling SIM CW-SIM-0001\n",
		"hotel booking of 100.00 EUR: earned 5.00 EUR (programs: comfortway, hotelhub-club)",
		"Jul 06  SIM CW-SIM-0002 returned: hotelhub's reward of 5.00 EUR reversed\n",
		"Jul 21  hotelhub's checkout, SIM CW-SIM-0001, repeat booking of 120.00 EUR: repeat-10pct, 12.00 EUR off, pays 108.00 EUR\n",
		"Jul 31  SIM CW-SIM-0001 quoted 18.00 EUR for July, 16.00 EUR of it traffic: hotelhub's share 1.60 EUR\n",
		"Jul 31  hotelhub paid out 5.00 EUR; 1.60 EUR still pending\n",
		"Statement of partner hotelhub, plan resellers, July 2026\n",
		"  Jul 03     sim-reward                   sim-sale-2  CW-SIM-0002          -  +5.00 EUR\n",
		"  Jul 31  traffic-share  invoice-2026-07-CW-SIM-0001  CW-SIM-0001          -  +1.60 EUR\n",
		"SIM rewards: 2 for 10.00 EUR; traffic shares 1.60 EUR; reversed 5.00 EUR; paid out 5.00 EUR\n",
		"Closing balance: 0.00 EUR available, 1.60 EUR pending\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q\n%s", want, got)
		}
	}
	_, stmt, _ := strings.Cut(got, "Statement for")
	if n := strings.Count(stmt, "promo-1"); n != 1 {
		t.Errorf("statement shows %d promo entries, want 1 (the replay must not add one)", n)
	}
	// The partner's statement for July: every entry of the month, in order.
	_, ps, _ := strings.Cut(got, "Statement of partner hotelhub")
	var kinds []string
	for _, line := range strings.Split(ps, "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[0] == "Jul" {
			kinds = append(kinds, f[2])
		}
	}
	want := "sim-reward sim-reward reverse activate traffic-share payout"
	if strings.Join(kinds, " ") != want {
		t.Errorf("the partner's July entries are %v, want %s", kinds, want)
	}
}
