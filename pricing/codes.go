package pricing

// Code is the stable identifier of a kind of pricing validation problem.
type Code string

// The validation codes.
const (
	CodeInvalidModel    Code = "invalid_model"     // no model, or an unknown one
	CodeMissingCurrency Code = "missing_currency"  // a price without a currency
	CodeNegative        Code = "negative"          // a negative amount, bound or size
	CodeUnusedField     Code = "unused_field"      // a figure the model does not use
	CodeNoTiers         Code = "no_tiers"          // a tiered model without tiers
	CodeTierOrder       Code = "tier_order"        // tier bounds not strictly increasing
	CodeTierBound       Code = "tier_bound"        // a bounded last tier, or an unbounded tier before the last
	CodeBlockSize       Code = "block_size"        // a package without a positive block size
	CodeBounds          Code = "bounds"            // a minimum above its maximum
	CodeUnknownRef      Code = "unknown_reference" // a reference to something the catalog or book lacks
	CodeDuplicate       Code = "duplicate"         // an ID or mapping given twice
	CodeLeakage         Code = "revenue_leakage"   // an assignable product with no charge and not declared free
	CodeInvalidID       Code = "invalid_id"        // an ID that is empty or holds white space, brackets or quotes
	CodeInvalidName     Code = "invalid_name"      // a name that is not UTF-8, holds control characters or starts or ends with white space
	CodeMissing         Code = "missing"           // a required reference left empty (a usage charge's meter)
	CodeInvalidKind     Code = "invalid_kind"      // a charge that is not recurring, one-time or usage
	CodeInvalidPeriod   Code = "invalid_period"    // a recurring charge without a valid billing period
	CodeCurrency        Code = "currency"          // a price in another currency than its book's
	CodePercentRange    Code = "percent_range"     // a discount percent above 100
	CodeFreeAndCharged  Code = "free_and_charged"  // a product declared free that also has charges
	CodeNotNumeric      Code = "not_numeric"       // an allowance attribute whose values are not numbers
	CodeInvalidVersion  Code = "invalid_version"   // a set of versions that is empty, or a version without a book or with existing before from
	CodeVersionOrder    Code = "version_order"     // a version whose from is not after the previous one's
	CodeIDReused        Code = "id_reused"         // a charge ID naming a charge of another product or kind in another version

	// A usage charge's aggregation and allowance grant.
	CodeInvalidAggregate Code = "invalid_aggregate" // an unknown aggregation, or one other than sum under a percentage price
	CodeInvalidGrant     Code = "invalid_grant"     // an unknown allowance grant
)
