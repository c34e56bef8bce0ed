// Package pricing answers "what does it cost, and why?": Money (an exact
// decimal amount in an ISO 4217 currency), price models (Price), the price
// book (Book) that maps catalog products to their charges with volume
// discount plans, proration, rating of usage against the resolved
// configuration's allowances, quotes whose every line explains itself, and
// the ranking of upgrade offers by price.
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
// # Price book
//
// A PriceBook maps catalog products to their charges, in one currency.
// NewBook validates it and builds a Book: an immutable value, built once
// and shared by all goroutines, with look-ups Charge, ChargesFor, IsFree and
// Discount. DecodeBook does the same from JSON.
//
//	book, err := pricing.DecodeBook(data)         // or pricing.NewBook(def)
//	err = book.ValidateAgainst(cat)               // unknown products, revenue leakage
//	charges := book.ChargesFor("basic_call")
//
// NewBook reports every problem at once in a *ValidationError (matching
// ErrInvalidPrice), each with a path and a Code:
//
//   - every charge has a unique ID (invalid_id, duplicate) and names a
//     product; IDs, product references and meters must be non-empty UTF-8
//     without white space, brackets or quotes (the catalog's ID rule);
//   - a charge's name is optional: what the customer reads for it ("Minutes
//     to Brazil"), any valid UTF-8 text without control characters (tabs
//     and line breaks included) that neither starts nor ends with white
//     space (invalid_name);
//   - a charge is recurring, one-time or usage (invalid_kind). A recurring
//     charge has a billing period with a unit and a count ≥ 0, 0 meaning 1
//     (invalid_period); a one-time or usage charge has none (unused_field);
//   - a usage charge names the meter of the usage records it rates
//     (missing) and optionally the attribute holding the units the resolved
//     configuration includes (its allowance); other charges have neither
//     (unused_field). One product rates a meter with one charge only
//     (duplicate at charges[ID].meter);
//   - each price follows Price.Validate, its problems under
//     charges[ID].price; a price without a currency takes the book's, and a
//     price in another currency is an error (currency);
//   - a product is listed free once (duplicate) and a free product has no
//     charge (free_and_charged);
//   - discount plans have unique IDs and name a product; each entry names a
//     charge of the book (unknown_reference), a min_volume ≥ 0 (negative)
//     and a percent from 0 to 100 (negative, percent_range); one plan does
//     not give two entries for the same charge and min_volume (duplicate).
//
// A Book knows nothing of the catalog until ValidateAgainst checks it:
// every product a charge, a free entry or a discount plan names must exist
// and an allowance must be a numeric attribute (unknown_reference,
// not_numeric); and every assignable product — each main product, and each
// add-on that some main product allows — must have at least one charge or
// be declared free. One that has neither is revenue leakage (the service
// would be provisioned but never billed), reported as revenue_leakage at
// products[ID], every such product at once, in catalog order. An add-on no
// main product allows cannot be sold, so it cannot leak. A book that passes
// prices every product a customer can be given.
//
// # Volume discounts
//
// A DiscountPlan belongs to a product: while the product is assigned to an
// account, its entries apply. An add-on's plan contributes extra entries on
// top of the main product's. Book.Discount(charge, volume, products) picks
// the entry for a charge:
//
//   - the candidates are the entries for the charge of every plan whose
//     product is among the account's products (order and repetition of
//     products do not matter; unknown products bring nothing);
//   - the entry that applies is the one with the highest MinVolume not above
//     the volume (steps are inclusive); among those with that MinVolume,
//     the highest Percent; among equal entries, the first in book order. The
//     candidates form one ladder: an add-on's higher step replaces the main
//     product's lower one even with a smaller percent, so write ladders
//     whose percent grows with the step;
//   - the volume is the quantity the charge is computed on in the period
//     (for a usage charge, the units rated after the allowance).
//
// DiscountEntry.Reduction gives the discount on an amount, exact and
// unrounded; a quote rounds each line once.
//
// A quote applies the plans of the products assigned at the end of the
// period: the configuration its usage is rated against. An add-on removed
// before the period ends brings no entries, one bought during the period
// brings its entries for the whole period, and after a main-product change
// the new main product's plan applies. An entry may name a charge of any
// kind: a usage charge is measured by its units billed after the
// allowance, a recurring or one-time charge by the quantity on its line
// (the assignment quantity), each line on its own. See "Quotes" for the
// lines.
//
// # Price book JSON
//
// The format "tariff.pricebook.v1" (FormatBookV1):
//
//	{"format": "tariff.pricebook.v1", "currency": "EUR",
//	 "charges": [
//	  {"id": "basic_call_monthly", "product": "basic_call", "kind": "recurring",
//	   "period": {"unit": "month", "count": 1},
//	   "price": {"model": "flat", "amount": "9.99"}},
//	  {"id": "sms_overage", "name": "Domestic SMS", "product": "basic_call", "kind": "usage",
//	   "meter": "sms_domestic", "allowance": "sms_included",
//	   "price": {"model": "graduated", "tiers": [{"up_to": "100", "unit": "0.05"},
//	     {"unit": "0.03", "flat": "1.00"}], "flat_at_zero": false}}],
//	 "free": ["easy_call"],
//	 "discounts": [{"id": "voice_volume", "product": "carnival_200",
//	   "entries": [{"charge": "sms_overage", "min_volume": "100", "percent": "15"}]}]}
//
// Members: the root has format and currency (required), charges, free and
// discounts. A charge has id, product, kind (recurring, one_time, usage)
// and price (required), name, period ({unit: day|week|month|year,
// count}), meter and allowance. A price has model (flat, per_unit, graduated,
// volume, package, percentage; required) and the figures of Price in
// snake case: amount (required for flat, per_unit and package), tiers
// (required for graduated and volume; each {up_to, unit, flat}, up_to left
// out on the last), flat_at_zero, block_size, free_units, percent
// (required for percentage), fixed, min_fee, max_fee, minimum, maximum. A
// price carries no currency: it has the book's. A discount plan has id,
// product and entries (all required); an entry has charge, min_volume and
// percent (all required).
//
// Decoding is strict. Decimals are strings holding a JSON number ("9.99")
// or JSON numbers, read exactly from their text, never through float64,
// with at most 100 significant digits and an exponent within ±1000. Unknown fields, duplicate keys, null,
// wrong JSON types, unknown names, trailing data and invalid UTF-8 are
// errors: a *DecodeError with the JSON path (charges[1].price.tiers[0].up_to)
// and byte offset, matching ErrSyntax and the sentinel of the rule broken
// (ErrUnknownField, ErrDuplicateKey, ErrMissingField, ErrWrongType,
// ErrInvalidValue, ErrTrailingData). A well-formed document describing an
// invalid book gives NewBook's *ValidationError.
//
// Book.MarshalJSON writes the format indented by two spaces, members in
// the order above, decimals as strings keeping their places ("2.00", and a
// positive exponent as in "15e2"), the figures a model needs always and
// optional zeros never. Encoding then decoding gives an equal book, and
// encoding that again the same bytes.
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
// were used, included and billed ("Domestic SMS: 260 used, 200 included,
// 60 × 0.05 EUR"), naming the charge by its Name (by its Meter when it has
// none, by its ID when it has neither); a minimum commitment not reached
// adds a true-up line. Rate knows no price book and applies no volume
// discount; a quote does.
//
// # Quotes
//
// NewQuote and QuoteHistory quote an account against a validated Book
// (built once by NewBook or DecodeBook and shared, not rebuilt per quote)
// and give a Quote: Lines (product, charge, kind, model, quantity, included
// units, tier, fraction, amount, description, and on a discount line the
// discount) and Totals per currency. Rules:
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
//     has any. An assigned product with no charge that the book does not
//     declare free (Book.IsFree) is an *UnpricedError, usage no charge
//     rates ErrUnratedUsage, a recurring charge with another billing
//     period than the quote's ErrPeriodMismatch, a repeated record ID
//     ErrInvalidUsage.
//   - Volume discounts (see "Volume discounts"): right after each charge
//     line that an entry reduces comes a discount line: the same Product,
//     Charge, Kind, Model and span, Quantity the volume reached, Discount
//     naming the plan, product and entry (Line.IsDiscount), and Amount
//     minus Reduction of the charge line's rounded Amount, rounded once
//     with the quote's rounding mode, so that the customer can check it
//     against the line above: "Carnival 200 volume discount: 10 % off
//     Minutes to Brazil (150 billed ≥ 100)", a usage charge named as on
//     its line. A true-up line is not discounted
//     (a minimum commitment is measured on the usage charged before the
//     discount), and a reduction that rounds to zero adds no line. A
//     discount never exceeds its charge line (Percent ≤ 100), so every
//     charge stays ≥ 0 after its discount.
//   - The result does not depend on the order assignments are listed in.
//
// # Ranking upgrades
//
// RankUpgrades prices entitlement's upgrade candidates from now to the end
// of the period — an add-on's prorated recurring and one-time charges; for
// a main-product change, credits for the old main product and the add-ons
// it drops and the new one's charges — and orders them cheapest first,
// ties in candidate order: the one-click offer of Resolver.CheckQuota.
// Offers are at list price: volume discounts depend on the products
// assigned at the end of the period and on its usage, which the quote
// settles.
package pricing
