// Package pricing answers "what does it cost, and why?": Money (an exact
// decimal amount in an ISO 4217 currency), price models (Price), the price
// book (Book) that maps catalog products to their charges with volume
// discount plans, proration, rating of usage against the resolved
// configuration's allowances, quotes whose every line explains itself, and
// the ranking of upgrade offers by price.
//
// # Entry points
//
//   - DecodeBook reads a price book from JSON; NewBook builds one from a
//     PriceBook written in Go (Flat, PerUnit, Graduated, Volume, Package,
//     UpTo, Above and Monthly read like the JSON form). Book.ValidateAgainst
//     checks it against a catalog for revenue leakage.
//   - NewQuote prices an account over a Period (Month gives a calendar
//     month): every day by what was in force that day, every usage record at
//     its own instant. QuoteHistory prices versions of an account, and
//     NewVersionedQuote an account under versioned catalogs and books.
//     WithCatalog names products in line descriptions.
//   - Rate rates one charge's usage against one configuration; Prorate,
//     Split and ProrateChange do the proration a quote does, alone.
//   - RankUpgrades prices upgrade candidates (entitlement.CheckQuota) for
//     the one-click offer, cheapest first.
//   - Money, ParseMoney and ParseCurrency are exact amounts; Money's JSON
//     methods read and write them.
//
// Every refusal is an error value: a malformed document a
// *catalog.DecodeError, an invalid book a *catalog.ValidationError, bad
// quote input a typed error per kind (see Quotes).
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
//     decoding is strict (unknown fields, missing fields, a field twice,
//     field names in another letter case, numbers for the amount, trailing
//     data and unknown currencies are errors, each a *catalog.DecodeError
//     of Document "money") and held to the limits of price book JSON.
//     Money JSON is a value, not a document: it has no "format" member.
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
// Every validation error of the package is a *catalog.ValidationError
// whose problems carry codes from the one list of catalog.Code constants.
// NewBook reports every problem at once in one (matching ErrInvalidBook),
// each with a path and a code:
//
//   - every charge has a unique ID (invalid_id, duplicate_id) and names a
//     product; IDs, product references and meters must be non-empty UTF-8
//     without white space, brackets or quotes (the catalog's ID rule);
//   - a charge's name is optional: what the customer reads for it ("Minutes
//     to Brazil"), any valid UTF-8 text without control characters (tabs
//     and line breaks included) that neither starts nor ends with white
//     space (invalid_name). So is a usage charge's unit, what its meter
//     counts ("SMS", "min", "GB"), under the same rule (invalid_name at
//     charges[ID].unit); other charges have none (unused_field);
//   - a charge is recurring, one-time or usage (invalid_kind). A recurring
//     charge has a billing period with a unit and a count ≥ 0, 0 meaning 1
//     (invalid_period); a one-time or usage charge has none (unused_field);
//   - a usage charge names the meter of the usage records it rates
//     (required) and optionally the attribute holding the units the resolved
//     configuration includes (its allowance); other charges have neither
//     (unused_field). One product rates a meter with one charge only
//     (duplicate_id at charges[ID].meter);
//   - a usage charge aggregates its meter's records by sum (the default),
//     count, max or last (invalid_aggregate at charges[ID].aggregate) and
//     grants its allowance prorated (the default) or in full (invalid_grant
//     at charges[ID].allowance_grant); a recurring or one-time charge has
//     neither (unused_field). A full grant needs an allowance and an
//     aggregation that consumes it, sum or count: a level (max, last) is
//     compared with the allowance in force, never prorated (unused_field at
//     charges[ID].allowance_grant). A percentage price takes its fee on each
//     record's amount, so a usage charge with one sums (invalid_aggregate);
//   - each price follows Price.Validate, its problems under
//     charges[ID].price; a price without a currency takes the book's, and a
//     price in another currency is an error (currency);
//   - a product is listed free once (duplicate_id) and a free product has no
//     charge (free_and_charged);
//   - discount plans have unique IDs and name a product; each entry names a
//     charge of the book (unknown_reference), a min_volume ≥ 0 (negative)
//     and a percent from 0 to 100 (negative, percent_range); one plan does
//     not give two entries for the same charge and min_volume (duplicate_id).
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
// period. An add-on removed
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
//	   "meter": "sms_domestic", "unit": "SMS", "allowance": "sms_included",
//	   "price": {"model": "graduated", "tiers": [{"up_to": "100", "unit": "0.05"},
//	     {"unit": "0.03", "flat": "1.00"}], "flat_at_zero": false}}],
//	 "free": ["easy_call"],
//	 "discounts": [{"id": "voice_volume", "product": "carnival_200",
//	   "entries": [{"charge": "sms_overage", "min_volume": "100", "percent": "15"}]}]}
//
// Members: the root has currency (required), format, charges, free and
// discounts. A charge has id, product, kind (recurring, one_time, usage)
// and price (required), name, period ({unit: day|week|month|year,
// count}), meter, unit (Charge.Unit: what the meter counts, for people),
// allowance, aggregate (sum, count, max, last; sum when left out) and
// allowance_grant (prorated, full; prorated when left out).
// A price has model (flat, per_unit, graduated, volume, package,
// percentage; required) and the figures of Price in snake case: amount (required for flat, per_unit and package), tiers
// (required for graduated and volume; each {up_to, unit, flat}, up_to left
// out on the last), flat_at_zero, block_size, free_units, percent
// (required for percentage), fixed, min_fee, max_fee, minimum, maximum. A
// price carries no currency: it has the book's. A discount plan has id,
// product and entries (all required); an entry has charge, min_volume and
// percent (all required).
//
// "format" is optional. When present it must be a string naming a format
// the decoder reads, here "tariff.pricebook.v1" (FormatBookV1); any other
// string is a *catalog.DecodeError matching catalog.ErrInvalidValue at the
// path format, with the detail `unknown format "x", want
// "tariff.pricebook.v1"`. A document without it is read as the newest
// format. The encoder always writes it.
//
// Decoding is strict. Decimals are strings holding a JSON number ("9.99")
// or JSON numbers, read exactly from their text, never through float64.
// Unknown fields, duplicate keys, null, wrong JSON types, unknown names,
// trailing data, invalid UTF-8 and anything beyond the limits below are
// errors: a *catalog.DecodeError (Document "price book") with the JSON
// path (charges[1].price.tiers[0].up_to) and byte offset, matching
// catalog.ErrSyntax and the catalog sentinel of the rule broken
// (ErrUnknownField, ErrDuplicateKey, ErrMissingField, ErrWrongType,
// ErrInvalidValue, ErrTrailingData, ErrLimit). A well-formed document
// describing an invalid book gives NewBook's *catalog.ValidationError.
//
// Decoding is bounded, whatever the input, by the limits every tariff
// document shares: a document of at most 256 MiB, 64 levels of nesting,
// strings of at most 1 MiB as written, at most 1,000,000 members in an
// object or elements in an array, and numbers (decimals written as strings
// included) of at most 100 significant digits (those of the coefficient as
// written: 2.00 has three), an exponent within ±1000 and 1108 bytes.
// Crossing one is a *catalog.DecodeError matching catalog.ErrLimit at the
// path and offset where it was crossed, found before the cost is paid: a
// 50 MB number fails at its 101st digit. A number beyond its bounds matches
// catalog.ErrInvalidValue too. Decoding takes time in proportion to the document and memory in
// proportion to the book it returns.
//
// Book.MarshalJSON writes the format indented by two spaces, members in
// the order above, decimals as strings keeping their places ("2.00", and a
// positive exponent as in "15e2"), the figures a model needs always and
// optional zeros never, aggregate and allowance_grant only when they are
// not sum and prorated. Encoding then decoding gives an equal book, and
// encoding that again the same bytes.
//
// # Price-book versions
//
// Prices change while customers keep what they bought. BookVersions holds
// the versions of a price book (BookVersion: ID, From, Existing, Book), by
// the rules of catalog.Versions:
//
//   - the version in force at t (At, IndexAt) prices what is sold at t;
//     the first version may be in force since always (zero From);
//   - a product keeps the charges of the version in force at its sale (its
//     terms instant) — it is grandfathered — until a later version whose
//     Existing is at or before the instant billed prices it too (Floor);
//   - a version that neither charges a product nor declares it free leaves
//     it priced by the last earlier version that does, else by the oldest
//     that does. Governing(product, terms, at) gives that version.
//
// NewBookVersions reports every problem at once, under versions[ID]: no
// version or a version without a Book (invalid_version), an ID invalid or
// repeated (invalid_id, duplicate_id), a zero From after the first version
// (invalid_version), a From not after the previous one (version_order), an
// Existing before From (invalid_version), a book in another currency than
// the first (currency), a charge ID naming a charge of another product or
// kind in another version (id_reused).
//
// BookVersions.ValidateAgainst(cs) checks the set against a catalog set:
// each book version against every catalog version in force for sales
// during its span [From, next From) — the first catalog version when the
// span ends before any — as Book.ValidateAgainst checks a book against
// that version's own catalog, each problem under
// versions[book ID].catalog[catalog ID]. A book version must price every
// product the catalog versions of its span sell (revenue_leakage): sales
// take the version in force, so another version pricing it does not make
// up for it. A product a catalog version no longer (or not yet) sells may
// still be priced — holdings of it are billed — so it is unknown_reference
// only when no catalog version defines it.
//
// The format "tariff.pricebookset.v1" (FormatBookVersionsV1) holds the
// versions in order, each book a price book document as above:
//
//	{"format": "tariff.pricebookset.v1", "versions": [
//	  {"id": "2026-01", "book": {"format": "tariff.pricebook.v1", ...}},
//	  {"id": "2026-03", "from": "2026-03-01T00:00:00Z",
//	   "existing": "2026-05-01T00:00:00+02:00", "book": {...}}]}
//
// id and book are required; from (on every version but the first) and
// existing are RFC 3339 times (below); "format" is optional (below).
// Errors are *catalog.DecodeError of Document "price book set".
// DecodeBookVersions decodes it as strictly as
// DecodeBook, within the same limits, with paths from the root of the set
// (versions[1].book.charges[0].price); an invalid set is one
// *catalog.ValidationError listing the problems of every book (under
// versions[ID].book) and of the set. MarshalJSON writes it indented, each
// book as Book.MarshalJSON does, times in their own offset (in UTC when
// RFC 3339 cannot write it); encoding then decoding gives an equal set, and
// encoding that again the same bytes.
//
// "format" is optional. When present it must be a string naming a format
// the decoder reads, here "tariff.pricebookset.v1" (FormatBookVersionsV1);
// any other string is a *catalog.DecodeError matching
// catalog.ErrInvalidValue at the path format, with the detail
// `unknown format "x", want "tariff.pricebookset.v1"`. A document without
// it is read as the newest format. The encoder always writes it. Each
// book's own "format" is optional too, by the rule of a price book.
//
// Instants are RFC 3339 date-times with an upper-case T and Z, up to nine
// fraction digits, and an offset of Z or ±hh:mm below 24 hours, kept
// exactly: a decoded time is in UTC (offset Z or ±00:00) or in a fixed zone
// with the written offset. The encoder writes a time in its own offset
// when RFC 3339 can express it (whole minutes, a four-digit year) and in
// UTC otherwise, the same instant, with as few fraction digits as needed
// and Z for a zero offset; a time whose year is outside 0000–9999 in UTC
// too cannot be encoded (ErrUnencodable). Compare decoded times with
// time.Time.Equal.
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
// Every usage record (UsageRecord: ID, Meter, Quantity, At) is rated at its
// own instant, by what was in force then; nothing is summed first and
// priced afterwards. A quote cuts its period wherever something usage
// rating can see changes (a main product, an add-on with a usage charge or
// one that sets an allowance attribute, a version of the account), and:
//
//   - The charge in force. For each meter, the usage charge of the
//     highest-precedence product assigned at the instant that has a charge
//     for the meter rates it: an add-on's over the main product's, a higher
//     override priority over a lower, between equal priorities the greater
//     product ID, as resolution orders its layers. A charge in force over an
//     unbroken stretch of the period is one usage line, at zero usage too,
//     with its span in From and Until; a mid-period change of main product
//     gives each main product's charge its own line. A record that no charge
//     in force rates — its product not yet assigned, already ended, or the
//     account not yet active — is an *UnratedError naming the record, never
//     billed at another product's rate.
//   - Allowances. A charge's Allowance attribute is resolved where it can
//     change, and its value is split among the sources that give it: for a
//     sum attribute every product layer, an add-on once per unit of each of
//     its assignments; for any other combine rule the layer that decided it;
//     an account value or a catalog default as it is. Each source (a main
//     product over an unbroken run, an add-on assignment, the account, the
//     default) is one grant of units. With AllowanceProrated (the default) a
//     grant holds its value × the whole days of the period it gives it / the
//     days of the period: 150 SMS from an add-on bought on the 28th of a
//     30-day month are 15. The grants of one attribute are rounded together
//     to the allowance's own decimal places (whole units for whole
//     allowances), half up for their total and by the largest remainder for
//     each (between equal remainders, the source that began giving first;
//     on the same day, the main product, then add-ons from the lowest
//     precedence up), so that a product's allowance cut in two by a change
//     still sums to the whole. Every assignment is a purchase of its own,
//     two identical ones included; grants are pooled per meter, allowance
//     attribute and grant mode across the charges that rate the meter. With AllowanceFull a grant holds its largest value in
//     full.
//   - Consumption. A meter's records are rated in time order (then by ID and
//     quantity, so that the order they are listed in does not matter); each
//     takes its units from the grants that give at its instant — the one
//     whose span ends first first — and the rest is billed. Usage before a
//     product was assigned never uses its allowance, and usage after a
//     main-product change never uses the old product's.
//   - Aggregation (Charge.Aggregate). Sum adds the records' quantities;
//     count counts records, one unit each. Both consume allowances as
//     above, and their line is priced on the units billed, tiers counting
//     from the first billed unit of the line. Max and last read a level (GB
//     stored): each record is compared with the allowance in force at its
//     instant (in full, never prorated), and the line bills the highest
//     excess (max) or the latest record's (last). A level line is a rate for
//     the period: a charge in force for part of it is prorated by its whole
//     days, as a recurring line is.
//   - Percentage prices are per record: each record's billed amount gets the
//     percentage, the fixed fee and the per-transaction MinFee and MaxFee;
//     10 payments of 1 EUR at 2.9 % + 0.30 with a minimum of 0.50 cost
//     5.00. A record wholly covered by an allowance costs nothing.
//   - Commitments. A charge's Minimum and Maximum bound its line; on a line
//     shorter than the period they are prorated by its whole days (Prorate
//     of the rounded commitment). A minimum not reached adds a true-up line.
//
// A usage line says what a customer needs to check it, in the unit of its
// meter (Charge.Unit, else the catalog's unit of the allowance attribute):
// its usage ("300 SMS used"; for count "42 records", or "42 SMS"; "peak 12
// GB"; "last reading 12 GB"), then, for a charge with an allowance in its
// span (Line.Allowance), the allowance and its sources when nothing is
// billed ("30 SMS used of 200 included from Basic Call"), else what it
// covered and how the rest was priced ("Domestic SMS, 11 Nov–30 Nov: 300
// SMS used, 196 included (130 from Easy SMS, 66 from Smart Call), 104 ×
// 0.04 EUR"), and without one no "included" at all ("12 min used, 12 ×
// 0.12 EUR"). Line.Records lists the IDs of the records it rated,
// Line.Allowances where its included units came from. The span is named
// when the line covers less than the period, the charge by its Name (by
// its Meter when it has none, by its ID when it has neither).
//
// Rate rates the records of one charge against one configuration in force
// for the whole period, by the same rules. It knows no price book and
// applies no volume discount; a quote does.
//
// # Quotes
//
// NewQuote and QuoteHistory quote an account against a validated Book
// (built once by NewBook or DecodeBook and shared, not rebuilt per quote)
// and give a Quote: Lines (product, charge, kind, model, quantity, included
// units and allowance, tier, fraction, amount, description, and on a
// discount line the discount) and Totals per currency. Rules:
//
//   - Each line is rounded once to its currency's minor unit
//     (HalfAwayFromZero, or WithRounding(HalfEven)); a prorated line is
//     Prorate of the rounded full amount. Totals are the exact sums of the
//     rounded lines.
//   - The account's history says what was in force when: its main
//     products (Account.MainAt; ChangeMain records a change) and its add-on
//     assignments, each with its From and Until. NewQuote needs nothing
//     else; QuoteHistory takes several versions of an account for hosts
//     that keep one when undated settings (facts, feature settings) change.
//   - Recurring charges of each main product while in force and of every
//     add-on assignment active in the period, prorated by the days each is
//     active and multiplied by the assignment's quantity, in advance or in
//     arrears alike: a quote states what the period costs. One-time charges
//     for assignments whose From falls in the period, and for the main
//     product at the account's activation or at a change. Usage in arrears,
//     each record rated at its instant (see "Rating"). A flat price is
//     multiplied by the quantity, other models are computed on it (per
//     seat, tiers).
//   - A main-product change within the period bills each main product for
//     its own days, and add-ons continuing across the change stay one line.
//     A host that bills recurring charges in advance uses ProrateChange at
//     the change instead; the figures agree.
//   - Billing and provisioning derive from the same assignments: every
//     assigned product has its charges on the quote and no other product
//     has any. An assigned product with no charge that the book does not
//     declare free (Book.IsFree) is an *UnpricedError, a record no charge
//     in force rates an *UnratedError, a recurring charge with another
//     billing period than the quote's ErrPeriodMismatch, a repeated record
//     ID or a negative quantity ErrInvalidUsage, a reversed or empty period
//     ErrInvalidPeriod.
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
// a swap (one held add-on ended now, another assigned in its place), a
// credit for the replaced add-on's recurring charges over the rest of its
// time in the period and the new add-on's charges; for a main-product
// change, credits for the old main product and the add-ons it drops and
// the new one's charges — and orders them cheapest first, ties in
// candidate order: the one-click offer of Resolver.CheckQuota. Credits and
// charges are prorated by whole days as a quote's lines are.
// Offers are at list price: volume discounts depend on the products
// assigned at the end of the period and on its usage, which the quote
// settles.
//
// # Quotes across versions
//
// NewVersionedQuote and VersionedQuoteHistory quote an account against a
// BookVersions and an entitlement.Versioned (catalog versions): the lines
// of NewQuote and QuoteHistory, by the same rules, with each holding (the
// main product of a main period, an add-on assignment) under its terms —
// priced by the book version and resolved by the catalog version governing
// it. A price rise for existing accounts from the 11th of a 30-day month
// gives two lines, 10/30 at the old price and 20/30 at the new one. The
// rules, one per kind of charge, are in VersionedQuoteHistory's
// documentation. RankVersionedUpgrades ranks offers the same way, and
// PriceMigrations quotes a period for each account migrated
// (Versioned.Migrate) as it is and as moved, and reports both totals and
// the lines that differ; a migration that failed is passed through with
// its error.
package pricing
