package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestEmailStorageScenario(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"ARPU $45 → 2 GB",
		"ARPU $120 → 10 GB",
		"Fearless Fred uses 1.85 of 2 GB (92.5 %); thresholds crossed: [90]",
		"storage_plus     10 GB  0.66 USD for the rest of November",
		"storage_heavy   100 GB  3.33 USD for the rest of November",
		"Upgrade to Storage Plus 10 GB for 0.99 USD a month — one click, 0.66 USD today",
		"Mailbox storage is now 10 GB (18.5 % used)",
		"change mailbox.storage_gb: 2 → 10",
		"0.66 USD   Storage Plus 10 GB, 11 Nov–30 Nov (20/30 of the month at 0.99 USD)",
		"45.66 USD  total",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q; got:\n%s", want, out.String())
		}
	}
}
