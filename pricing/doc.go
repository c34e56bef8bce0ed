// Package pricing answers "what does it cost, and why?". So far it holds
// its foundation, Money: an exact decimal amount in an ISO 4217 currency.
//
// # Money
//
// A Money is built only from strings and integers, never from floats:
//
//	price, err := pricing.ParseMoney("12.30", "EUR")
//	fee := pricing.FromMinor(1230, pricing.EUR) // 12.30 EUR
//	m := pricing.NewMoney(decimal.RequireFromString("0.125"), pricing.EUR)
//
// Rules:
//
//   - Arithmetic never mixes currencies: Add, Sub and Cmp of amounts in two
//     currencies return an error wrapping ErrCurrencyMismatch naming both
//     codes. Mul takes a decimal factor, not a Money.
//   - Amounts are exact. Rounding to the currency's minor unit (JPY 0,
//     EUR 2, KWD 3) happens only when Round is called, with a named mode:
//     HalfAwayFromZero (the zero value and the billing convention) or
//     HalfEven. Round once per line item, not per intermediate step.
//   - Division is never done with shopspring's Div, whose precision is a
//     package-level variable; where a share is needed, Allocate and Split
//     divide in minor units by the largest-remainder method so the parts
//     always sum to the whole exactly.
//   - Nothing in this package reads or writes shopspring's package-level
//     variables, so formatting does not change when a host sets them.
//   - JSON is {"amount":"12.30","currency":"EUR"}, the amount a string;
//     decoding is strict (unknown fields, missing fields, numbers for the
//     amount, trailing data and unknown currencies are errors).
//   - The zero Money is zero in no currency; see Money.
//
// # Proration
//
// A Period is a half-open billing period [Start, End). Proration counts
// whole calendar days in Start's location: an instant counts from the
// start of its day, so a change at 09:00 on 11 Nov takes effect for the
// whole of 11 Nov, and 11 Nov–30 Nov is 20 of November's 30 days. Days, not
// seconds, because that is what billing engineers prorate by and what a
// customer can check on a line ("20/30 of the month"); calendar dates, not
// 24-hour durations, so a month with a clock change keeps its day count.
//
//   - Fraction returns the exact Ratio of days; Ratio.Decimal is for display.
//   - Split divides an amount over the parts of a period by whole days with
//     Money.Allocate: the parts always sum to the amount exactly. Prorate
//     returns one span's part, the middle part of the split around it, so
//     quotes, offers and change lines agree to the minor unit.
//   - ProrateChange bills a mid-cycle change from one recurring charge to
//     another for an account invoiced in advance: a credit for the unused
//     part of the old charge and a charge for the rest of the new one, as
//     two lines, under Immediate; nothing under EndOfTerm. Which changes
//     are upgrades is the caller's rule: a PolicyRule, such as
//     UpgradesNow(isUpgrade) (upgrades at once, the rest at end of term).
//   - BillingPeriod.End steps a billing period, clamping the day of the
//     month (31 Jan + 1 month = 28 Feb).
//
// # Rating
//
// Rate rates usage records (UsageRecord: ID, Meter, Quantity, At) of one
// usage charge in a period: the units of the charge's Allowance attribute
// in the resolved configuration come off first (a numeric attribute; no
// value counts 0), then the remainder is priced by the charge's Price, its
// tiers counting from the first billed unit. The line shows how many units
// were used, included and billed ("SMS: 260 used, 200 included, 60 × 0.05
// EUR"); a minimum commitment not reached adds a true-up line.
//
// # Quotes
//
// NewQuote and QuoteHistory give a Quote: Lines (product, charge, kind,
// model, quantity, included units, tier, fraction, amount, description) and
// Totals per currency. Rules:
//
//   - Each line is rounded once to its currency's minor unit
//     (HalfAwayFromZero, or WithRounding(HalfEven)); a prorated line is
//     Prorate of the rounded full amount. Totals are the exact sums of the
//     rounded lines.
//   - Recurring charges of the main product and of every add-on assignment
//     active in the period, prorated by the days each is active and
//     multiplied by the assignment's quantity; one-time charges for
//     assignments whose From falls in the period (and the main product at
//     activation or change); usage rated against the configuration at the
//     end of the period; true-up lines. A flat price is multiplied by the
//     quantity, other models are computed on it (per seat, tiers).
//   - A main-product change within the period is a new Segment of the
//     account's history (QuoteHistory): each main product is billed for its
//     own days, add-ons continuing across the change stay one line. A host
//     that bills in advance uses ProrateChange at the change instead; the
//     figures agree.
//   - Billing and provisioning derive from the same assignments: every
//     assigned product has its charges on the quote and no other product
//     has any. An assigned product with no charge that PriceBook.Free does
//     not list is an *UnpricedError, usage no charge rates ErrUnratedUsage,
//     a recurring charge with another billing period than the quote's
//     ErrPeriodMismatch, a repeated record ID ErrInvalidUsage.
//   - The result does not depend on the order assignments are listed in.
//
// Volume discount plans (PriceBook.Discounts) are not applied yet.
//
// # Ranking upgrades
//
// RankUpgrades prices entitlement's upgrade candidates from now to the end
// of the period — an add-on's prorated recurring and one-time charges; for
// a main-product change, credits for the old main product and the add-ons
// it drops and the new one's charges — and orders them cheapest first,
// ties in candidate order: the one-click offer of Resolver.CheckQuota.
package pricing
