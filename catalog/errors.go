package catalog

import (
	"errors"
	"strings"
)

// ErrInvalid is matched (with errors.Is) by every *ValidationError: the
// definition was refused and no Catalog was built.
var ErrInvalid = errors.New("catalog: invalid definition")

// Code is the stable identifier of a kind of validation problem. Tests and
// hosts match codes, never message text.
type Code string

// The validation codes.
const (
	CodeInvalidID         Code = "invalid_id"         // an ID is empty or holds whitespace or brackets
	CodeDuplicateID       Code = "duplicate_id"       // an ID, setting or list entry appears twice
	CodeUnknownReference  Code = "unknown_reference"  // a reference names nothing in the catalog
	CodeWrongFeature      Code = "wrong_feature"      // an attribute set under a feature it does not belong to
	CodeInvalidType       Code = "invalid_type"       // an attribute has no valid type
	CodeInvalidKind       Code = "invalid_kind"       // a product is neither main nor add-on
	CodeInvalidState      Code = "invalid_state"      // a feature setting has an unknown state
	CodeInvalidScope      Code = "invalid_scope"      // an attribute has an unknown scope
	CodeInvalidCombine    Code = "invalid_combine"    // a combine rule unknown or unfit for the type (sum of strings)
	CodeInvalidConstraint Code = "invalid_constraint" // min above max, bounds on text, an enum without values, a unit misplaced
	CodeTypeMismatch      Code = "type_mismatch"      // a value of another type than its attribute's
	CodeConstraint        Code = "constraint"         // a value outside min/max or not among the allowed values
	CodeScope             Code = "scope"              // a product sets an account-scoped attribute
	CodeAddOnField        Code = "addon_field"        // a main product carries an add-on-only field
	CodeNotMainProduct    Code = "not_main_product"   // allowed_main names an add-on
	CodeNotAddOn          Code = "not_addon"          // requires/excludes names a main product
	CodeInvalidQuantity   Code = "invalid_quantity"   // a negative maximum quantity
	CodeSelfReference     Code = "self_reference"     // an add-on requires or excludes itself
	CodeRequiresCycle     Code = "requires_cycle"     // add-ons that require each other in a cycle
	CodeContradiction     Code = "contradiction"      // requires and excludes that can never both hold
	CodeBandNotAllowed    Code = "band_not_allowed"   // a band rule where only constants may stand (defaults, band values)
	CodeInvalidBand       Code = "invalid_band"       // a band rule without a fact or bands, or with bounds not increasing
	CodeBandCoverage      Code = "band_coverage"      // a band rule whose last band is bounded: some fact values get no value

	// Codes of a set of versions (NewVersions).
	CodeInvalidVersion Code = "invalid_version" // no version, no catalog, a zero from after the first, existing before from
	CodeVersionOrder   Code = "version_order"   // a from not after the previous version's
	CodeKindChanged    Code = "kind_changed"    // a product main in one version, an add-on in another
	CodeIDReused       Code = "id_reused"       // a feature or attribute ID moved to another service type or feature
	CodeTypeChanged    Code = "type_changed"    // an attribute's type, unit, scope or combine rule changed
)

// Problem is one thing wrong with a catalog definition, located by a path
// such as products[smart_call].features[call_via_ivr].attributes[voice_application].
type Problem struct {
	Path   string
	Code   Code
	Detail string
}

// String returns "path: detail (code)".
func (p Problem) String() string {
	return p.Path + ": " + p.Detail + " (" + string(p.Code) + ")"
}

// ValidationError lists every problem found in a definition, in one pass, in
// definition order. errors.Is(err, ErrInvalid) holds for it.
type ValidationError struct {
	Problems []Problem
}

// Error returns the problems one per line.
func (e *ValidationError) Error() string {
	var sb strings.Builder
	sb.WriteString("catalog: invalid definition: ")
	for i, p := range e.Problems {
		if i > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString(p.String())
	}
	return sb.String()
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Has reports whether some problem has the given code at the given path.
func (e *ValidationError) Has(path string, code Code) bool {
	for _, p := range e.Problems {
		if p.Path == path && p.Code == code {
			return true
		}
	}
	return false
}
