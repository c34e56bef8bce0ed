package catalog

import (
	"errors"
	"strconv"
	"strings"
)

// ErrInvalid is matched (with errors.Is) by the *ValidationError of New,
// NewVersions, Decode and DecodeVersions: the catalog definition or the set
// of versions was refused and nothing was built.
var ErrInvalid = errors.New("catalog: invalid definition")

// Problem is one thing wrong with a definition, located by a path such as
// products[smart_call].features[call_via_ivr].attributes[voice_application]
// or charges[smart_call_monthly].price.tiers[2].up_to.
type Problem struct {
	Path   string // where, from the root of what was validated
	Code   Code   // what kind of problem: one of the Code constants, for matching
	Detail string // what is wrong, for people
}

// String returns "path: detail (code)".
func (p Problem) String() string {
	return p.Path + ": " + p.Detail + " (" + string(p.Code) + ")"
}

// ValidationError is the error of every constructor of the library that
// validates a definition: New, NewVersions, pricing.NewBook,
// pricing.NewBookVersions, loyalty.NewProgram and the others that check
// one. It lists every problem found, in one pass, in definition order.
//
// Err says what was refused, so errors.Is(err, sentinel) tells a catalog's
// refusal (ErrInvalid) from a price book's (pricing.ErrInvalidBook) or a
// loyalty program's (loyalty.ErrInvalidProgram). Has and HasAt match
// problems by Code.
type ValidationError struct {
	// Err is the sentinel of what was refused, matched by errors.Is, whose
	// text opens Error's: ErrInvalid for a catalog definition or set of
	// catalog versions, pricing.ErrInvalidPrice for a price,
	// pricing.ErrInvalidBook for a price book or set of price-book
	// versions, loyalty.ErrInvalidProgram for a loyalty program. A nil Err
	// stands for ErrInvalid.
	Err error
	// ID is the ID of what was refused when the paths do not hold it (a
	// loyalty program's ID), written quoted after Err's text; "" for none.
	ID string
	// Problems lists every problem found, in definition order.
	Problems []Problem
}

// sentinel returns Err, or ErrInvalid when Err is nil.
func (e *ValidationError) sentinel() error {
	if e == nil || e.Err == nil {
		return ErrInvalid
	}
	return e.Err
}

// Error returns Err's text, the quoted ID if any, then the problems
// separated by "; ", e.g. `loyalty: invalid program "p": rules[0].id:
// rule ID is empty (invalid_id)`.
func (e *ValidationError) Error() string {
	var sb strings.Builder
	sb.WriteString(e.sentinel().Error())
	if e == nil {
		return sb.String()
	}
	if e.ID != "" {
		sb.WriteString(" ")
		sb.WriteString(strconv.Quote(e.ID))
	}
	sb.WriteString(": ")
	for i, p := range e.Problems {
		if i > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString(p.String())
	}
	return sb.String()
}

// Unwrap returns Err (ErrInvalid when Err is nil).
func (e *ValidationError) Unwrap() error { return e.sentinel() }

// Has reports whether some problem has the given code, at any path.
func (e *ValidationError) Has(code Code) bool {
	if e == nil {
		return false
	}
	for _, p := range e.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}

// HasAt reports whether some problem has the given code at the given path.
func (e *ValidationError) HasAt(path string, code Code) bool {
	if e == nil {
		return false
	}
	for _, p := range e.Problems {
		if p.Path == path && p.Code == code {
			return true
		}
	}
	return false
}
