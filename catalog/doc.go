// Package catalog models what may be sold together: service types, features,
// typed attributes, main products, add-ons and product groups.
//
// # Building a catalog
//
// Write a Definition in Go (or decode one from JSON with Decode) and pass it
// to New. New validates the whole definition in one pass and returns either
// an immutable *Catalog or a *ValidationError that lists every problem, each
// with a path such as
//
//	products[smart_call].features[call_via_ivr].attributes[voice_application]
//
// and a stable Code. errors.Is(err, ErrInvalid) holds for it. A Catalog is
// never modified after New returns, so one value can be shared by every
// goroutine without locks.
//
// # The model
//
//   - A service type (voice, sms) groups features.
//   - A feature (call_waiting, conferencing) is enabled or disabled, has a
//     default state, and declares its attributes.
//   - An attribute has a Type (bool, integer, decimal, string, enum, string
//     list, quantity with a unit), may be required whenever its feature is
//     enabled, may carry min/max bounds (numbers) or allowed values (enums,
//     string lists), a constant default, a Scope (product, account, both;
//     the zero Scope is product) and a Combine rule (override, sum, max, min,
//     union; the zero Combine is override). Attribute IDs are unique across
//     the whole catalog, so an account can set one by ID alone.
//   - A product is a main product or an add-on and lists only what it
//     explicitly defines: a feature state (or none), and values for some of
//     that feature's attributes. A value is a constant or a band rule over a
//     named account fact (storage_gb by arpu: below 50 → 5, below 100 → 10,
//     otherwise 25).
//   - An add-on also has an override priority (higher wins), the main products
//     it is allowed with, the add-ons it requires and excludes, a maximum
//     quantity (0 means 1), the conditions on account facts an account must
//     meet to buy it (Eligible: arpu at least 50, business equal to 1), and
//     the groups it belongs to. Excludes is symmetric: if A excludes B,
//     neither can be assigned beside the other. Eligibility is checked when
//     an add-on is assigned, not while it is held: an account keeps what it
//     holds when its facts change.
//   - A group collects add-ons for self-care browsing.
//   - Products and groups have a Name and a Description for customers,
//     read by ID through ProductName, ProductDescription, GroupName and
//     GroupDescription.
//
// # Validation rules
//
// New reports, each under its Code:
//
//   - invalid (empty, whitespace, bracket) and duplicate IDs, in every section;
//     attribute IDs must be unique across features; a product may define a
//     feature, and a feature setting an attribute, only once;
//   - references to unknown service types, features, attributes, products
//     and groups, and attributes set under a feature they do not belong to;
//   - attribute definitions: a missing type, a combine rule that does not fit
//     the type (sum, max and min need numbers; union needs a string list),
//     a quantity without a unit or a unit on anything else, min/max on a
//     non-number or min above max, an enum without allowed values;
//   - values of the wrong type, outside min/max, or not among the allowed
//     values; defaults must be constants;
//   - scope: a product may not set an account-scoped attribute;
//   - products: a kind other than main or addon; add-on fields on a main
//     product; allowed_main naming an add-on; requires/excludes naming a main
//     product or the add-on itself; a negative maximum quantity;
//   - eligibility conditions: a fact that is not a valid ID (invalid_fact),
//     an operator that is none of the known ones (invalid_operator);
//   - descriptions of products and groups: text that is not UTF-8, holds
//     control characters other than line feeds, or starts or ends with
//     white space (invalid_name);
//   - the requires graph: cycles, and contradictions — an add-on that
//     requires what it (or another add-on it requires) excludes, or that no
//     main product allows together with everything it requires;
//   - band rules: no fact, no bands, bounds that do not increase, an unbounded
//     band before the last, and a bounded last band (some fact values would
//     get no value).
//
// A default-enabled feature may have a required attribute without a default;
// resolution then fails for accounts whose products do not set it (package
// entitlement reports it). Lint reports such features.
//
// # Validation errors and codes
//
// Every validation error of the library is a *ValidationError: this
// package's (New, NewVersions, Decode, DecodeVersions), package pricing's
// (prices, price books and their versions) and package loyalty's
// (programs). Its Err says what was refused — errors.Is(err, ErrInvalid)
// holds for a catalog definition or set of versions — and each Problem
// carries a Code from one list, the Code constants: one spelling per
// meaning wherever it is reported (a duplicate is always duplicate_id, an
// unknown reference unknown_reference), each documented with the packages
// that report it. Has matches a code anywhere, HasAt a code at a path.
//
// # Lint
//
// Catalog.Lint reports warnings that do not make a catalog invalid but that an
// administrator wants to see before customers do: pairs of add-ons that can be
// assigned together yet set the same feature state or override attribute to
// different values at the same priority (the conflict a customer would meet
// on ordering both), add-ons no main product allows, groups with no add-on,
// and required attributes without a default on default-enabled features.
// Each Warning has a WarningCode and a path in the form validation uses.
// Conflicts are found through a feature index, not by comparing every pair
// of products, so linting a 10,000-product catalog takes milliseconds.
//
// # JSON format
//
// Decode reads, and Catalog.MarshalJSON and Definition.MarshalJSON write, a
// whole catalog as one JSON document in the format "tariff.catalog.v1":
//
//	{
//	  "format": "tariff.catalog.v1",
//	  "service_types": [{"id": "voice", "name": "Voice calls"}],
//	  "features": [
//	    {"id": "call_forwarding", "service_type": "voice", "name": "Call forwarding",
//	     "default_enabled": false,
//	     "attributes": [
//	       {"id": "max_forwarded_calls", "name": "Max forwarded calls", "type": "integer",
//	        "unit": "", "required": false, "min": "0", "max": "50", "allowed": [],
//	        "default": 3, "scope": "both", "combine": "override"}]}],
//	  "groups": [{"id": "sms_bundles", "name": "SMS Bundles", "description": "Texts in bulk."}],
//	  "products": [
//	    {"id": "smart_call", "name": "Smart Call", "description": "Forward your calls.",
//	     "kind": "addon", "priority": 10,
//	     "allowed_main": ["basic_call"], "requires": [], "excludes": [],
//	     "max_quantity": 3, "one_off": false,
//	     "eligible": [{"fact": "arpu", "operator": "at_least", "value": "50"}],
//	     "groups": ["voice_calls"],
//	     "features": [
//	       {"feature": "conferencing", "state": "disabled",
//	        "attributes": {"max_forwarded_calls": 10,
//	          "storage_gb": {"fact": "arpu", "bands": [
//	            {"below": "50", "value": 5}, {"below": "100", "value": 10}, {"value": 25}]}}}]}]
//	}
//
// Members map one to one onto the fields of Definition and the types it
// holds. Only id (every object with an ID), kind (products), type
// (attributes), feature (product feature settings), a band rule's fact
// and bands and a band's value, and a condition's fact, operator and value
// are required; any other member left out
// means the field's zero value: scope product, combine override, state
// undefined (the product leaves the feature's state to other layers), a
// max_quantity of 0 (meaning 1), one_off false, no min or max. Enum-like members use the
// names of Type.String, Scope.String, Combine.String, Kind.String and
// Operator.String (at_least, at_most, above, below, equal, not_equal); a
// state is "enabled" or "disabled". A condition's value is a decimal,
// written as a string or a number. Empty lists and nil lists are the same:
// the encoder leaves both out and the decoder returns nil.
//
// "format" is optional. When present it must be a string naming a format
// the decoder reads, here "tariff.catalog.v1" (FormatV1); any other string
// is a *DecodeError matching ErrInvalidValue at the path format, with the
// detail `unknown format "x", want "tariff.catalog.v1"`. A document without
// it is read as the newest format. The encoder always writes it.
//
// An attribute value is written by its attribute's type: bool as true or
// false; integer as a JSON number that is integral and fits int64 (3, 3.0
// and 3e0 are the same; 3.5 is refused); decimal and quantity as a string
// holding a decimal ("0.99"), or as a number, read exactly from its text and
// never through float64; string and enum as a string; string list as an
// array of strings. min and max are decimals written the same way. A band
// rule is an object {"fact": ..., "bands": [...]}, each band {"below": decimal,
// "value": value}, the last one without "below". Decimals are held to the
// number limits below. The encoder writes decimals as strings in plain
// notation without trailing zeros (with an exponent, 1e200, where plain
// notation would take more than 100 digits), integers as numbers.
//
// A product feature setting's "attributes" object maps attribute IDs to
// values and keeps their order (FeatureSetting.Values follows the document).
// Values are typed by their attribute's declared type wherever in the
// document the attribute is declared (the first declaration of an ID wins),
// so products may come before features. The value of an attribute the
// document does not declare is typed by its JSON shape — bool, an integer
// literal as integer, any other number as decimal, string, array as string
// list, object as band rule — and New then reports the unknown reference.
//
// Decoding is strict: unknown members, duplicate keys in any object, data
// after the document, values of the wrong JSON kind, null anywhere (leave a
// member out instead), invalid UTF-8, unpaired \u surrogates and anything
// beyond the limits below are each a *DecodeError with the JSON path of the
// problem (products[3].features[0].attributes.max_forwarded_calls, "$" for
// the root) and its byte offset. Every DecodeError matches ErrSyntax, and a
// sentinel that names the rule (ErrUnknownField, ErrDuplicateKey,
// ErrTrailingData, ErrWrongType, ErrMissingField, ErrInvalidValue,
// ErrLimit). A well-formed document describing an invalid catalog gives
// New's *ValidationError instead.
//
// Decoding is bounded, whatever the input. A document is at most 256 MiB;
// arrays and objects nest at most 64 levels deep; a string, key or value,
// is at most 1 MiB as written; an object has at most 1,000,000 members and
// an array at most 1,000,000 elements; a number, or a decimal written as a
// string, has at most 100 significant digits (leading zeros left out,
// trailing zeros counted: 1.50 has three), an exponent within ±1000 (1.5e2
// is 15×10¹) and at most 1108 bytes. Crossing a limit is a *DecodeError
// matching ErrLimit, at the path and offset where it was crossed and found
// before the cost is paid: a document too large is refused unread, a 50 MB
// number at its 101st digit. A number beyond its bounds matches
// ErrInvalidValue too. Decoding takes time in proportion to the document
// and memory in proportion to the Definition it returns; the encoder
// refuses what the decoder would refuse (ErrUnencodable).
//
// Encoding then decoding gives back an equal Definition, and the encoder's
// output is stable: two-space indentation, members in the order shown
// above, zero values left out. The catalog shipped in package
// github.com/tariffkit/tariff/examples/catalogs is the encoder's output,
// byte for byte. DecodeValue and Value.MarshalJSON read and write a single
// value, for formats that embed catalog values.
//
// # Versions
//
// A catalog changes, and accounts hold products sold under earlier versions
// of it. A *Versions is a validated, immutable set of catalog versions, each
// a Version: an ID, the instant From which it is in force for new sales
// (zero on the first version: since always), an optional Existing instant,
// and its Catalog. Build one with NewVersions, or decode one with
// DecodeVersions; its rules are each a method:
//
//   - Sales: the version in force at t (At, IndexAt) says what can be sold
//     at t.
//   - Terms: a product keeps the terms of the version it was sold under —
//     its features, values, priority and rules — when later versions change
//     it: it is grandfathered. A version's Existing ends that: from that
//     instant on, the version also governs products sold earlier. Governing
//     says which version governs a holding, given the instant of its sale
//     and the instant of resolution. A product a version no longer defines
//     stays under the last version that does; one held from before its
//     introduction falls under the oldest version that defines it.
//   - Service definitions: service types, features, attributes and groups
//     are not sold and carry no terms: at every instant they are those of
//     the version in force. Those it does not define (kept for products held
//     under older terms) bind nothing: such a feature is off unless a held
//     product switches it on, such an attribute has no default and is not
//     required.
//   - Compatibility: a product held under older terms may stay with what its
//     own terms allow or what the version in force allows, whichever allows
//     more: the allowed main products and maximum quantity of either, the
//     requirements and exclusions both agree on, the version in force's
//     groups. A product the version in force does not sell (retired) keeps
//     its features for its holders but no requirements or exclusions:
//     nothing new is checked against it.
//
// Compose builds the catalog an account sees at a version, given the
// version governing each product it holds; View is that catalog when no
// holding is pinned, built once by NewVersions.
//
// NewVersions reports every problem of a set at once, each with a path
// under the version (versions[2026-03].products[smart_call].kind) and a
// Code: invalid_version (no version, more than 32,767, a version without a
// catalog, a zero from after the first, an existing before from);
// invalid_id and duplicate_id (version IDs); version_order (a from not
// after the one before); kind_changed (a product main in one version, an
// add-on in another); id_reused (a feature under another service type, an
// attribute under another feature); type_changed (an attribute's type,
// unit, scope or combine rule); and constraint, type_mismatch or scope for
// a product's value that a later version's definition of its attribute
// refuses, since holdings keep old values under new definitions. Each
// change of meaning is reported once, at the first version that departs.
//
// A set is written as one JSON document in the format
// "tariff.catalogset.v1":
//
//	{
//	  "format": "tariff.catalogset.v1",
//	  "versions": [
//	    {"id": "2026-01", "catalog": {"products": [{"id": "basic_call", "kind": "main"}]}},
//	    {"id": "2026-03", "from": "2026-03-01T00:00:00+01:00", "existing": "2026-06-01T00:00:00Z",
//	     "catalog": {"format": "tariff.catalog.v1", "products": [{"id": "basic_call", "kind": "main"},
//	       {"id": "easy_call", "kind": "main"}]}}
//	  ]
//	}
//
// "versions" and each version's "id" and "catalog" are required; "from"
// too, except on the first version, where leaving it out means since
// always; "existing" is optional. "format" is optional, by the rule of a
// catalog document: when present it must be a string naming a format the
// decoder reads, here "tariff.catalogset.v1" (FormatVersionsV1), else
// ErrInvalidValue at the path format with the detail `unknown format "x",
// want "tariff.catalogset.v1"`; a document without it is read as the
// newest format; the encoder always writes it.
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
// Each catalog is a catalog document, read and checked exactly as on its
// own (see "JSON format"), its own "format" member optional. The whole set
// is one document held to the decoding limits, counted from its root: a
// catalog inside a set nests three levels deeper than on its own. A
// *DecodeError's path starts at the set's root
// (versions[1].catalog.products[0].id); a well-formed document describing
// an invalid set gives a *ValidationError, the problems of each version's
// catalog under its version (versions[2026-03].products[...]).
// Versions.MarshalJSON writes the document in a stable form that
// DecodeVersions reads back to an equal set.
//
// # Indexes
//
// Every feature, attribute and product has a dense index in definition order.
// Engines such as package entitlement compile a Catalog into their own fast
// form through FeatureIndex, AttributeIndex, ProductIndex, ProductStates and
// ProductValues.
package catalog
