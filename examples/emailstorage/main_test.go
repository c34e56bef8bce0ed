package main

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// want is the example's whole output. The figures, checked by hand: 1.85
// of 2 GB is 92.5 %, of 10 GB 18.5 %; 20 of November's 30 days are left on
// the 11th, so the tiers cost 0.99 × 20/30 = 0.66, 1.99 × 20/30 = 1.33 and
// 4.99 × 20/30 = 3.33 USD; the month is 45.00 + 0.66 = 45.66 USD.
const want = `Free mailbox storage follows ARPU:
  ARPU 45.00 USD → 2 GB
  ARPU 80.00 USD → 5 GB
  ARPU 120.00 USD → 10 GB

Fearless Fred uses 1.85 GB of 2 GB (92.5 %); thresholds crossed: 90 %
Upgrades that leave him below 90 %, cheapest first:
  Storage Plus 10 GB    10 GB  0.66 USD for the rest of November
  Storage Max 25 GB     25 GB  1.33 USD for the rest of November
  Heavy Use 100 GB     100 GB  3.33 USD for the rest of November

Notice in webmail:
  Your mailbox is 92.5 % full. Upgrade to Storage Plus 10 GB for 0.99 USD a month — one click, 0.66 USD today:
     0.66 USD  Storage Plus 10 GB, 11 Nov–30 Nov (20/30 of the month at 0.99 USD)

Fred clicks. Mailbox storage is now 10 GB (18.5 % used); provisioning:
  change Mailbox storage from 2 GB to 10 GB

November quote:
  45.00 USD  Broadband 100, 1 Nov–30 Nov
   0.66 USD  Storage Plus 10 GB, 11 Nov–30 Nov (20/30 of the month at 0.99 USD)
  45.66 USD  total
`

func TestEmailStorageScenario(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}
