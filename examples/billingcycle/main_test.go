package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// want is the example's whole output. Every figure was checked by hand
// (the arithmetic is in main.go, next to the code that produces it):
//
//	Basic Call 1–19 Nov 6.33 + Smart Call 20–30 Nov 9.17 = 15.50 = 10.00 − 3.67 + 9.17 in advance
//	Carnival 200 7.50 × 15/30 = 3.75, Easy SMS 3.00 × 3/30 = 0.30, one-time 5.00 + 1.00
//	SMS: 70 − 32 = 38 × 0.05 = 1.90; 80 − (36 + 15) = 29 × 0.04 = 1.16 (150 × 3/30 = 15 from Easy SMS)
//	Brazil: 130 − 100 = 30 × 0.10 = 3.00; 40 × 0.25 = 10.00; 60 × 0.25 + 20 × 0.15 = 18.00
//	total 59.61
const want = `Account acme-0042, November 2026 (UTC)
  1 Nov   activated on Basic Call (50 SMS a month included), activation fee 5.00 EUR
  1 Nov   bought Carnival 200: Brazil minutes at 0.10 EUR, 200 min a month included
  4 Nov   60 minutes to Brazil used (cdr-1)
  8 Nov   40 SMS used (sms-1)
  9 Nov   70 minutes to Brazil used (cdr-2)
  14 Nov  30 SMS used (sms-2)
  16 Nov  cancelled Carnival 200: Brazil minutes back at Basic Call's rate, 0 min included
  17 Nov  40 minutes to Brazil used (cdr-3)
  20 Nov  upgraded to the Smart Call plan (100 SMS a month included); add-ons dropped: none
          the account records its main products: Basic Call from 1 Nov, Smart Call from 20 Nov
  22 Nov  30 SMS used (sms-3)
  24 Nov  80 minutes to Brazil used (cdr-4)
  26 Nov  20 SMS used (sms-4)
  28 Nov  bought Easy SMS (150 SMS a month, prorated to the 3 days left); now 250 SMS a month included
  29 Nov  30 SMS used (sms-5)

How it is billed
  Recurring charges: the quote states what the month costs, each product for the days it was held.
  A host billing in advance invoiced Basic Call's 10.00 EUR on 1 Nov; at the upgrade, pricing.ProrateChange adds:
    -3.67 EUR  Credit for unused Basic Call, 20 Nov–30 Nov (11/30 of the month at 10.00 EUR)
     9.17 EUR  Smart Call, 20 Nov–30 Nov (11/30 of the month at 25.00 EUR)
  Billed in advance, the plans cost 15.50 EUR; on the quote, Basic Call and Smart Call cost 15.50 EUR: they agree.
  Usage: in arrears, each record rated at its instant by the charge and allowance in force then.
  Carnival 200's volume discount does not apply: the account no longer has it at the end of the month.

Quote for November 2026
   6.33 EUR  Basic Call, 1 Nov–19 Nov (19/30 of the month at 10.00 EUR)
   9.17 EUR  Smart Call, 20 Nov–30 Nov (11/30 of the month at 25.00 EUR)
   3.75 EUR  Carnival 200, 1 Nov–15 Nov (15/30 of the month at 7.50 EUR)
   0.30 EUR  Easy SMS, 28 Nov–30 Nov (3/30 of the month at 3.00 EUR)
   5.00 EUR  Basic Call: one-time charge, 1 Nov
   1.00 EUR  Easy SMS: one-time charge, 28 Nov
   1.90 EUR  Domestic SMS, 1 Nov–19 Nov: 70 SMS used, 32 included from Basic Call, 38 × 0.05 EUR
             rated: sms-1, sms-2
  10.00 EUR  Minutes to Brazil, 16 Nov–19 Nov: 40 min used, 40 × 0.25 EUR (tier 1)
             rated: cdr-3
   1.16 EUR  Domestic SMS, 20 Nov–30 Nov: 80 SMS used, 51 included (36 from Smart Call, 15 from Easy SMS), 29 × 0.04 EUR
             rated: sms-3, sms-4, sms-5
  18.00 EUR  Minutes to Brazil, 20 Nov–30 Nov: 80 min used, 60 × 0.25 EUR (tier 1) + 20 × 0.15 EUR (tier 2)
             rated: cdr-4
   3.00 EUR  Minutes to Brazil, 1 Nov–15 Nov: 130 min used, 100 included from Carnival 200, 30 × 0.10 EUR
             rated: cdr-1, cdr-2
  59.61 EUR  total
`

func TestBillingCycle(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Split(want, "\n"), strings.Split(out.String(), "\n")); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}
