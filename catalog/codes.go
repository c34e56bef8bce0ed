package catalog

// Code is the stable identifier of a kind of validation problem: the Code
// of every Problem of a *ValidationError, whichever package reports it.
// The constants below are the library's one list of codes, grouped by the
// first kind of definition that reports each; a code means the same thing
// wherever it is reported, and each constant's comment names the packages
// that report it. Codes are snake_case and never change; match them, never
// the Detail text.
type Code string

// Codes of a catalog definition (New, Decode).
const (
	// CodeInvalidID: an ID is empty or holds white space, brackets, quotes or control characters (catalog, pricing, loyalty).
	CodeInvalidID Code = "invalid_id"
	// CodeDuplicateID: an ID, setting, list entry or mapping appears twice (catalog, pricing, loyalty).
	CodeDuplicateID Code = "duplicate_id"
	// CodeUnknownReference: a reference names nothing the catalog or price book defines (catalog, pricing).
	CodeUnknownReference Code = "unknown_reference"
	// CodeWrongFeature: an attribute is set under a feature it does not belong to (catalog).
	CodeWrongFeature Code = "wrong_feature"
	// CodeInvalidType: an attribute has no valid type (catalog).
	CodeInvalidType Code = "invalid_type"
	// CodeInvalidKind: a kind is none of the known ones: a product's, a charge's, a rule's (catalog, pricing, loyalty).
	CodeInvalidKind Code = "invalid_kind"
	// CodeInvalidState: a feature setting has an unknown state (catalog).
	CodeInvalidState Code = "invalid_state"
	// CodeInvalidScope: an attribute has an unknown scope (catalog).
	CodeInvalidScope Code = "invalid_scope"
	// CodeInvalidCombine: an attribute's combine rule is unknown or unfit for its type, such as sum of strings (catalog).
	CodeInvalidCombine Code = "invalid_combine"
	// CodeInvalidConstraint: an attribute's min above its max, bounds on text, an enum without values, a unit misplaced (catalog).
	CodeInvalidConstraint Code = "invalid_constraint"
	// CodeTypeMismatch: a value of another type than its attribute's (catalog).
	CodeTypeMismatch Code = "type_mismatch"
	// CodeConstraint: a value outside its attribute's min and max or not among its allowed values (catalog).
	CodeConstraint Code = "constraint"
	// CodeScope: a product sets an account-scoped attribute (catalog).
	CodeScope Code = "scope"
	// CodeAddOnField: a main product carries a field only add-ons have (catalog).
	CodeAddOnField Code = "addon_field"
	// CodeNotMainProduct: allowed_main names an add-on (catalog).
	CodeNotMainProduct Code = "not_main_product"
	// CodeNotAddOn: requires or excludes names a main product (catalog).
	CodeNotAddOn Code = "not_addon"
	// CodeInvalidQuantity: an add-on's maximum quantity is negative (catalog).
	CodeInvalidQuantity Code = "invalid_quantity"
	// CodeSelfReference: an add-on requires or excludes itself (catalog).
	CodeSelfReference Code = "self_reference"
	// CodeRequiresCycle: add-ons require each other in a cycle (catalog).
	CodeRequiresCycle Code = "requires_cycle"
	// CodeContradiction: requires and excludes that can never both hold (catalog).
	CodeContradiction Code = "contradiction"
	// CodeBandNotAllowed: a band rule where only constants may stand, in a default or a band's value (catalog).
	CodeBandNotAllowed Code = "band_not_allowed"
	// CodeInvalidBand: a band rule without a fact or bands, or with bounds that do not increase (catalog).
	CodeInvalidBand Code = "invalid_band"
	// CodeBandCoverage: a band rule's last band is bounded, so some fact values get no value (catalog).
	CodeBandCoverage Code = "band_coverage"
	// CodeInvalidName: a name or description is not UTF-8, holds control characters (a description may hold line feeds) or starts or ends with white space (catalog, pricing).
	CodeInvalidName Code = "invalid_name"
	// CodeInvalidFact: an eligibility condition names no valid fact: empty, or not an ID (catalog).
	CodeInvalidFact Code = "invalid_fact"
	// CodeInvalidOperator: an eligibility condition's operator is none of the known ones (catalog).
	CodeInvalidOperator Code = "invalid_operator"
)

// Codes of a set of catalog versions (NewVersions, DecodeVersions).
const (
	// CodeInvalidVersion: no version, a version without its catalog or book, a zero from after the first, existing before from (catalog, pricing).
	CodeInvalidVersion Code = "invalid_version"
	// CodeVersionOrder: a version's from is not after the previous version's (catalog, pricing).
	CodeVersionOrder Code = "version_order"
	// CodeKindChanged: a product is main in one version and an add-on in another (catalog).
	CodeKindChanged Code = "kind_changed"
	// CodeIDReused: an ID names another thing in another version: a feature, attribute or charge moved (catalog, pricing).
	CodeIDReused Code = "id_reused"
	// CodeTypeChanged: an attribute's type, unit, scope or combine rule changed between versions (catalog).
	CodeTypeChanged Code = "type_changed"
)

// Codes of a price or price book (pricing.Price.Validate, pricing.NewBook,
// pricing.Book.ValidateAgainst).
const (
	// CodeInvalidModel: a price has no model, or an unknown one (pricing).
	CodeInvalidModel Code = "invalid_model"
	// CodeMissingCurrency: a price, price book or program has no currency (pricing, loyalty).
	CodeMissingCurrency Code = "missing_currency"
	// CodeNegative: an amount, bound, size, limit, rate or duration is negative (pricing, loyalty).
	CodeNegative Code = "negative"
	// CodeUnusedField: a field is set where it has no effect, such as a figure the price model does not use (pricing, loyalty).
	CodeUnusedField Code = "unused_field"
	// CodeNoTiers: a tiered price has no tiers (pricing).
	CodeNoTiers Code = "no_tiers"
	// CodeTierOrder: a price's tier bounds are not positive and strictly increasing (pricing).
	CodeTierOrder Code = "tier_order"
	// CodeTierBound: a price's last tier is bounded, or a tier before the last is unbounded (pricing).
	CodeTierBound Code = "tier_bound"
	// CodeBlockSize: a package price has no positive block size (pricing).
	CodeBlockSize Code = "block_size"
	// CodeBounds: a lower bound above its upper bound: a minimum above its maximum, a validity window that is empty (pricing, loyalty).
	CodeBounds Code = "bounds"
	// CodeRevenueLeakage: an assignable product has no charge and is not declared free (pricing).
	CodeRevenueLeakage Code = "revenue_leakage"
	// CodeRequired: a required field is left empty; the path names it (pricing, loyalty).
	CodeRequired Code = "required"
	// CodeInvalidPeriod: a recurring charge has no valid billing period (pricing).
	CodeInvalidPeriod Code = "invalid_period"
	// CodeCurrency: an amount or book in another currency than the one it must use (pricing, loyalty).
	CodeCurrency Code = "currency"
	// CodePercentRange: a percent outside its range: a discount's above 100, an earn rule's not positive (pricing, loyalty).
	CodePercentRange Code = "percent_range"
	// CodeFreeAndCharged: a product declared free also has charges (pricing).
	CodeFreeAndCharged Code = "free_and_charged"
	// CodeNotNumeric: an allowance attribute's values are not numbers (pricing).
	CodeNotNumeric Code = "not_numeric"
	// CodeInvalidAggregate: a usage charge's aggregation is unknown, or other than sum under a percentage price (pricing).
	CodeInvalidAggregate Code = "invalid_aggregate"
	// CodeInvalidGrant: a usage charge's allowance grant is unknown (pricing).
	CodeInvalidGrant Code = "invalid_grant"
)

// A set of price-book versions (pricing.NewBookVersions,
// pricing.BookVersions.ValidateAgainst) has no code of its own: it reports
// invalid_id, duplicate_id, currency and the version codes above
// (invalid_version, version_order, id_reused), and its books' codes.

// Codes of a loyalty program (loyalty.NewProgram).
const (
	// CodeInvalidRounding: a program's rounding mode is unknown (loyalty).
	CodeInvalidRounding Code = "invalid_rounding"
	// CodePrecision: a number has more digits than allowed: a percentage's, an amount in fractions of a minor unit (loyalty).
	CodePrecision Code = "precision"
	// CodeRange: a number outside the range its field allows: an amount not positive or too large, decimal places above 18 (loyalty).
	CodeRange Code = "range"
)
