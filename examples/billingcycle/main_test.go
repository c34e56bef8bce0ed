package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestBillingCycleScenario(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"activated on Basic Call with Carnival 200 on 1 Nov (200 Brazil minutes included); Easy SMS from 5 Nov: 200 SMS included",
		"3.00 EUR   Domestic SMS: 260 used, 200 included, 60 × 0.05 EUR",
		"upgrade to the Smart Call plan (immediate), 20 of 30 days left",
		"-6.67 EUR  Credit for unused Basic Call, 11 Nov–30 Nov (20/30 of the month at 10.00 EUR)",
		"16.67 EUR  Smart Call, 11 Nov–30 Nov (20/30 of the month at 25.00 EUR)",
		"add-ons dropped: none; now 250 SMS included",
		"3.33 EUR   Basic Call, 1 Nov–10 Nov (10/30 of the month at 10.00 EUR)",
		"2.60 EUR   Easy SMS, 5 Nov–30 Nov (26/30 of the month at 3.00 EUR)",
		"5.00 EUR   Basic Call: one-time charge, 1 Nov",
		"6.40 EUR   Domestic SMS: 410 used, 250 included, 160 × 0.04 EUR",
		"0.00 EUR   Minutes to Brazil: 75 used, 75 included",
		"7.50 EUR   Carnival 200, 1 Nov–30 Nov",
		// 75 + 275 = 350 minutes, 200 included: 60 × 0.25 + 90 × 0.15 = 15.00 + 13.50.
		"28.50 EUR  Minutes to Brazil: 350 used, 200 included, 60 × 0.25 EUR (tier 1) + 90 × 0.15 EUR (tier 2)",
		// 150 billed ≥ 100: 10 % of 28.50.
		"-2.85 EUR  Carnival 200 volume discount: 10 % off Minutes to Brazil (150 billed ≥ 100)",
		// 3.33 + 16.67 + 7.50 + 2.60 + 5.00 + 1.00 + 6.40 + 28.50 - 2.85
		"68.15 EUR  total",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q; got:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "[]") {
		t.Errorf("output prints an empty list as []:\n%s", out.String())
	}
}
