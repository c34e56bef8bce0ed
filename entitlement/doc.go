// Package entitlement computes what an account actually gets: its effective
// service configuration at an instant, from a catalog and the account's
// products and settings.
//
// # Entry points
//
//   - NewResolver compiles a catalog once (interned indexes, fixed-point
//     numbers, interned conflict keys); Resolver.Resolve then resolves
//     accounts concurrently, allocating only its result.
//   - Resolver.Assign, Unassign and ChangeMain change an account (returning a
//     new value) under the assignment rules; ChangeMain records the change in
//     the account's main-product history.
//   - Resolver.Orderable lists what an account can order now, by product
//     group, each add-on with the error Assign would give it
//     (AddOnOffer.Err) and a few words for a portal (AddOnOffer.Reason).
//   - Config answers what is enabled and with which values, with provenance
//     (Config.Feature, Config.Attribute), Explain prints it, Diff lists what
//     provisioning must change between two configurations. Explain and
//     Change.Format write IDs for logs, or, given WithNames, catalog names
//     and values with their units for people.
//   - Config.Quota, Resolver.UpgradeCandidates and Resolver.CheckQuota treat
//     a numeric attribute as a quota: crossed thresholds and the changes that
//     raise it enough; Notices announces each threshold once per billing
//     period.
//   - DecodeAccount and Account.MarshalJSON read and write an account as a
//     JSON document, so hosts can store accounts as documents.
//   - NewVersioned does all of the above across catalog versions
//     (catalog.Versions), each product under the terms it was sold on;
//     Versioned.Move moves an account to another version's terms and
//     Versioned.Migrate reports what that would change.
//
// # Resolution rules
//
// Layers, lowest precedence first: catalog defaults; the main product; the
// add-ons active at the instant, in ascending override priority (ties broken
// by product ID, which matters only for provenance since equal-priority
// differences are refused); the account's own settings.
//
//   - A layer affects only what it explicitly defines.
//   - Feature states and override attributes: the highest layer that defines
//     them wins. Two add-ons of equal priority that define the same feature
//     state or override attribute with different values are a conflict:
//     Resolve fails with a *ConflictError naming the feature (and attribute)
//     and both add-ons. Equal values are not a conflict. Band-rule values are
//     compared after evaluation, so two definitions that give this account
//     the same value do not conflict. A conflict is reported even when a
//     higher-priority add-on would override both.
//   - Sum, max, min and union attributes combine every product layer that
//     defines them; for sum an add-on's value counts once per unit of its
//     quantity. Union keeps each item once, lowest layer's items first. An
//     account value, where the scope allows one, replaces the result.
//   - Account settings override products: any feature state, and attributes
//     of scope account or both. An account value for a product-scoped
//     attribute is a *ScopeError; a value of the wrong type or outside its
//     constraints is a *ValueError.
//   - A band rule is evaluated against the account's Facts whenever its
//     product is an active layer, even if the feature ends up disabled; a
//     missing fact is a *MissingFactError.
//   - An enabled feature whose required attribute has no value after
//     resolution (no layer and no default) is a *MissingRequiredError.
//   - Attributes of a disabled feature are absent.
//   - Determinism: the result does not depend on the order of assignments.
//     Several assignments of one add-on active at once add their quantities.
//   - Resolve enforces the assignment rules too (allowed main product,
//     requires, excludes, maximum quantity), so a stored account the catalog
//     no longer permits fails with the same typed errors as Assign.
//   - Eligibility (catalog.Product.Eligible: conditions on the account's
//     facts) is a rule of the sale, not of the holding: Assign refuses an
//     add-on whose conditions the account's facts do not meet, a missing
//     fact included, with an *EligibilityError (ErrNotEligible), and
//     Resolve does not check it, so an account keeps what it holds when
//     its facts change.
//   - Nothing is saturated or silently retyped. An integer sum whose total
//     lies beyond the int64 range is an *OverflowError (ErrOverflow) naming
//     the attribute and the products summed; partial sums may pass the
//     range, only the total counts. It is reported only for a value the
//     configuration would hold: not for an attribute of a disabled feature,
//     nor for one the account's own value replaces. Decimal and quantity
//     sums are exact, without bound. An add-on's total quantity above its
//     maximum is a *QuantityError; a total beyond the int range is one
//     too, with Overflow set, matching ErrOverflow as well.
//
// Every error is typed, names the IDs involved, and matches a sentinel with
// errors.Is (ErrConflict, ErrNotAllowed, ...). With several invalid
// assignments, the one with the smallest add-on ID is reported, so the error
// too is independent of order.
//
// # Assignment periods
//
// An assignment is active at t when From <= t < Until (zero From: since
// always; zero Until: open-ended). Assign checks the rules at the instant
// the assignment takes effect, against the main product in force then.
//
// # Main-product history
//
// An account has one main product in force at any instant from its
// activation on. Main is the latest, in force from MainFrom on; PastMains
// lists the earlier ones, oldest first, each in force from its From until
// the next one's From, the last until MainFrom. The first period's From is
// the activation (zero: since always). An account that never changed its
// main product is just {ID, Main}, active since always, or has MainFrom set
// to its activation. Account.MainAt gives the product in force at an
// instant.
//
//   - Resolve uses the main product in force at the instant, and checks the
//     add-ons active then (allowed list and the other assignment rules)
//     against it. Only that product is looked up in the catalog: an unknown
//     one is an *UnknownError, an add-on a *KindError, when in force.
//   - An instant before the activation is an *InactiveError (ErrInactive).
//   - A malformed history is a *HistoryError (ErrInvalidHistory), whatever
//     the instant: past periods with a zero MainFrom, a zero From other than
//     the first, Froms that do not rise strictly, a MainFrom not after the
//     last past From, a past period without a product ID. Checking it costs
//     one comparison per past period; an account without past periods costs
//     none.
//   - ChangeMain records a change instead of rewriting the account: before
//     the change the old product stays in force, from it the new one.
//     Periods that start after the change (scheduled changes) are removed; a
//     change at exactly the start of the period in force replaces that
//     period's product (so a change at the activation leaves no history
//     entry); a change to the product in force changes nothing beyond that
//     removal (and the dropping below); a change before the activation is
//     an *InactiveError.
//   - Add-ons active at the change, or assigned from a later instant, that
//     the new main product does not allow are dropped, and so are those that
//     require a dropped one, repeatedly. A dropped add-on's assignments end
//     at the change (those that start at or after it are removed), so the
//     history before the change keeps them and a bill for the period of the
//     change still charges them up to it.
//   - UpgradeCandidates and CheckQuota work from the main product in force
//     at the instant given, and offer main-product changes at that instant
//     under the ChangeMain rules.
//
// # Versions
//
// A host that changes its offer keeps the catalog as a catalog.Versions and
// resolves with a Versioned instead of a Resolver; a set of one version
// behaves exactly as that version's catalog. The rules:
//
//   - Sales: Assign and ChangeMain sell under the catalog version in force
//     at the sale; a product it does not define (not yet introduced, or
//     retired) is a *NotForSaleError (ErrNotForSale). Upgrade candidates
//     offer only what is for sale. A product a later version introduces can
//     be bought by an account sold long before it.
//   - Terms: each holding records its sale in Terms (Assignment.Terms,
//     MainPeriod.Terms, Account.MainTerms; zero means its From), and keeps
//     the definition of the version in force then — features, values,
//     priority — until a version whose Existing instant has come governs
//     it, or the host moves the account (Move). A retired product stays with
//     its holders.
//   - Service definitions (feature defaults, attribute definitions) are
//     those of the version in force at the instant resolved, for everyone.
//   - Compatibility: a holding may stay with what its own terms allow or
//     what the version in force allows, whichever allows more; so a change
//     to a main product only a newer version sells keeps every add-on either
//     version allows with it.
//   - Move(a, version, at) applies a version's terms from at on, splitting
//     holdings at at so that the time before keeps the old terms; Migrate
//     reports, for many accounts, what provisioning would see (a Diff) and
//     which cannot move (a retired product). Package pricing prices both
//     sides (pricing.PriceMigrations).
//
// Resolving an account whose holdings are all governed as the version in
// force would govern them costs about 1.1× Resolver.Resolve; one holding
// products under older, different definitions resolves with a catalog
// composed for that combination, built on first use and kept.
//
// # JSON format
//
// DecodeAccount reads, and Account.MarshalJSON writes, an account as one
// JSON document in the format "tariff.account.v2":
//
//	{
//	  "format": "tariff.account.v2",
//	  "id": "john-doe",
//	  "main": "smart_call_plan",
//	  "main_from": "2026-11-11T00:00:00Z",
//	  "main_terms": "2026-11-10T15:30:00Z",
//	  "past_mains": [{"product": "basic_call", "from": "2026-11-01T09:00:00Z"}],
//	  "add_ons": [{"add_on": "easy_sms", "quantity": 2,
//	               "from": "2026-11-01T00:00:00Z", "until": "2026-12-01T00:00:00Z",
//	               "terms": "2026-10-20T12:00:00Z"}],
//	  "states": {"call_waiting": "disabled"},
//	  "values": {"max_forwarded_calls": 12, "follow_me_numbers": ["+15550100"]},
//	  "facts": {"arpu": "75.50"}
//	}
//
// Members map one to one onto Account, MainPeriod and Assignment. Only id,
// main, a past main's product (and its from, except on the first) and an
// assignment's add_on are required. A version 1 document is the same
// without main_from, main_terms, past_mains and an assignment's terms,
// which are unknown members there: it decodes exactly as before version 2
// existed. A member left out means
// the field's zero value: no history, no add-ons, a quantity of 0 (which
// counts as 1), a zero from (since always), until (until further notice)
// or terms (the holding's from). The encoder writes version 2: format,
// id and main always, a past main's from except a zero one on the first,
// and leaves out everything else that is zero or empty, so encoding then
// decoding gives the same account.
//
// "format" is optional. When present it must be a string naming a format
// the decoder reads, here "tariff.account.v2" (AccountFormatV2) or
// "tariff.account.v1" (AccountFormatV1); any other string is a
// *catalog.DecodeError matching catalog.ErrInvalidValue at the path format,
// with the detail `unknown format "x", want "tariff.account.v2" or
// "tariff.account.v1"`. A document without it is read as the newest
// format, version 2. The encoder always writes it.
//
// main_terms, and terms on a past main or an assignment, are the instants
// the holdings were sold (Account.MainTerms, MainPeriod.Terms,
// Assignment.Terms; see Versioned). They joined version 2 after it was
// first published, as optional members under the same format string: a
// decoder older than them refuses a document that carries one (an unknown
// field), and the encoder writes them only when set.
//
//   - main_from, main_terms, a past main's from and terms, and an
//     assignment's from, until and terms are RFC 3339 date-times with an
//     upper-case T and Z, up to nine fraction digits, and an offset of Z or
//     ±hh:mm below 24 hours, kept exactly (nanoseconds included): a
//     decoded time is in UTC (offset Z or ±00:00) or in a fixed zone with
//     the written offset. The encoder writes a time in its own offset when
//     RFC 3339 can express it (whole minutes, a four-digit year) and in UTC
//     otherwise, the same instant, with as few fraction digits as needed
//     and Z for a zero offset; a time whose year is outside 0000–9999 in
//     UTC too cannot be encoded (ErrUnencodable). A named location such as
//     Europe/Berlin comes back as a fixed zone: compare decoded times with
//     time.Time.Equal.
//   - states maps feature IDs to "enabled" or "disabled"; Account.States
//     follows the document's order.
//   - values maps attribute IDs to values, in document order. A value is
//     written as in catalog JSON and typed by the attribute's type in the
//     catalog given to DecodeAccount (an integer as an integral number, a
//     decimal or quantity as a string or number read exactly, a string
//     list as an array of strings, ...). The value of an attribute the
//     catalog does not know is typed by its JSON shape (bool, integer
//     literal, other number as decimal, string, array, object as band
//     rule), and Resolve then reports the unknown attribute. Because the
//     document declares no types, the encoder writes every decimal and
//     quantity as a number with a fraction (2.0, 0.99), the shape that reads
//     back as a decimal either way.
//   - facts maps fact names to decimals, written as strings ("75.5") or
//     numbers and read exactly from their text, never through float64. The
//     encoder writes them as strings in plain notation, names sorted.
//
// Decoding checks the history's form, not its content: a malformed history
// decodes and Resolve reports it (*HistoryError).
//
// Decoding is strict, as for catalog JSON: unknown members, duplicate keys
// (a feature, attribute or fact named twice included), data after the
// document, null anywhere, values of the wrong JSON kind, invalid UTF-8 and
// anything beyond the limits below are each a *catalog.DecodeError, its
// Document "account", with the JSON path (add_ons[1].from,
// values.max_forwarded_calls) and byte offset of the problem. Every
// DecodeError matches catalog.ErrSyntax and one of
// catalog.ErrUnknownField, ErrDuplicateKey, ErrTrailingData, ErrWrongType,
// ErrMissingField, ErrInvalidValue (a bad time, state, format, integer or
// decimal) or ErrLimit. Decoding checks the form, not the content: unknown
// IDs, assignment rules, quantities and attribute constraints are Resolve's
// to report, with the typed errors above.
//
// Decoding is bounded by the limits of catalog JSON (see "JSON format" in
// package catalog): a document of at most 256 MiB, 64 levels of nesting,
// strings of at most 1 MiB, at most 1,000,000 members in an object (states,
// values, facts) or elements in an array (add_ons, past_mains), and
// numbers, facts and decimal values of at most 100 significant digits, an
// exponent within ±1000 and 1108 bytes. Crossing one is a
// *catalog.DecodeError matching catalog.ErrLimit at the path and offset
// where it was crossed, found before the cost is paid; a number beyond its
// bounds matches catalog.ErrInvalidValue too. Decoding takes time in
// proportion to the document and memory in proportion to the Account it
// returns.
//
// Decimals compare equal after a round trip by Equal (1.50 comes back as
// 1.5). The output is stable: two-space indentation, members in the order
// shown above, facts by name.
//
// # Quotas
//
// A threshold is a percentage of the quota; it is crossed when usage >=
// quota × threshold / 100. CheckQuota offers the candidates whose quota
// leaves usage below the lowest threshold. A candidate adds an add-on,
// swaps a held add-on for another (Replaces: storage tiers that exclude
// each other), or changes the main product (Dropped); Candidate.Removed
// says what it ends, and its Account and Config are the result.
//
// A host announces each threshold once per billing period with Notices, a
// small value it stores per account and quota (JSON:
// {"period":"2026-11-01T00:00:00Z","announced":["80","90"]}):
// Notices.Announce takes the last one, a QuotaReport and the start of the
// billing period, and returns the thresholds crossed and not yet announced
// in that period, and the Notices to store. A new period starts over;
// usage that falls and rises again within a period announces nothing new.
//
// Usage and thresholds are never negative, and thresholds are given in
// strictly ascending order (90, 100); Quota and CheckQuota refuse anything
// else, as UpgradeCandidates refuses a negative need, with a
// *QuotaInputError naming the input ("usage", "thresholds[1]", "need";
// ErrInvalidQuota). An attribute that resolves to a negative value is no
// quota: a *QuotaError (ErrNotQuota).
//
// # Nil and zero values
//
// No entry point panics on a nil or zero value. A Resolver without a
// catalog (the zero Resolver, a nil *Resolver, NewResolver(nil)) returns
// ErrNoCatalog from every method but Catalog, which returns nil; so does
// the package-level Resolve given a nil catalog, and entitlementtest fails
// its test with it. The zero Config has no features and no values (see
// Config); the zero Account has no main product, so Resolve reports the
// unknown product ""; the zero Assignment is one unit, active at every
// instant.
//
// # Performance
//
// Build one Resolver per catalog and share it: Resolve then allocates only
// its result, so resolving on every request is cheap. Provenance is not
// kept in a Config; the calls that return it derive it when asked. What a
// read costs, as a multiple of one Resolve in BenchmarkReadPaths (a main
// product and ten add-ons of twenty features each, from a 2,000-feature
// catalog of which some 750 features end up enabled):
//
//   - Enabled and Value read a state or a value alone: tens of nanoseconds.
//   - Diff of two configurations of one Resolver compares only what their
//     layers define: resolving both and diffing them costs 3–5× one
//     Resolve. Diff of configurations of different Resolvers (across
//     catalog versions) compares their snapshots.
//   - Snapshot costs nothing: it reads through the configuration, and its
//     Enabled and Value cost what the Config's do. Walking all of it
//     (Features, and Values of each) costs 35–45× a Resolve here;
//     comparing it with a snapshot of another Resolver, or one from
//     SnapshotOf, lists it first: about 20×; Map builds a map per enabled
//     feature: about 95×. Use Diff, Enabled or Value where they answer the
//     question.
//   - Feature and Attribute derive the provenance of the one feature or
//     attribute asked: under one Resolve.
//   - Features, Values and Explain derive provenance for everything they
//     yield, in one pass: Values 20–40× a Resolve here, Explain (a line per
//     enabled feature) 110–150×.
//   - ChangeMain is two resolutions and a Diff: about 10× here, for a
//     change of main product that touches some eighty features.
//     UpgradeCandidates resolves once per change it considers: 25–40× here,
//     with ten add-ons and another main product to consider.
//   - Orderable resolves the account once, then once per add-on the main
//     product in force allows and the account is eligible for (more for an
//     account with changes scheduled); the others cost no resolution.
package entitlement
