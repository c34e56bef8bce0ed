package main

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// want is the example's whole output; the figures are checked by hand in
// main.go, next to the code that prints them.
const want = `Telco versions
  catalog 2026-01  since always
  catalog 2026-07  for sales from 1 Jul 2026
  prices  2026-01  since always
  prices  2026-07  for sales from 1 Jul 2026
  prices  2026-11  for sales from 1 Nov 2026, for existing customers from 16 Nov 2026

August 2026: the old customers keep their terms, the new one has the new ones
  anna (50 SMS a month included)
     9.99 EUR  Basic Call, 1 Aug–31 Aug
     9.99 EUR  total
  ben (100 SMS a month included)
     8.51 EUR  Basic Call, 10 Aug–31 Aug (22/31 of the month at 11.99 EUR)
     8.51 EUR  total

Migration report: 2026-01 → 2026-07 on 1 Sep 2026, for September
  anna  provisioning: change Domestic SMS included from 50 to 100
        billing: 9.99 EUR → 11.99 EUR (+2.00 EUR)
  carl  cannot be moved: Carnival 200 is not sold under catalog version 2026-07
  (ben was sold under 2026-07 and is not on the report)

September 2026: anna moved on 1 Sep 2026
  anna (100 SMS a month included)
    11.99 EUR  Basic Call, 1 Sep–30 Sep
    11.99 EUR  total

November 2026: price version 2026-11 governs existing customers from 16 Nov
  carl (50 SMS a month included)
     5.00 EUR  Basic Call, 1 Nov–15 Nov (15/30 of the month at 9.99 EUR)
     5.99 EUR  Basic Call, 16 Nov–30 Nov (15/30 of the month at 11.99 EUR)
     5.00 EUR  Carnival 200, 1 Nov–30 Nov
    15.99 EUR  total
`

func TestPriceChangeOutput(t *testing.T) {
	var buf bytes.Buffer
	if err := run(&buf); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("output differs (-want +got):\n%s", diff)
	}
}
