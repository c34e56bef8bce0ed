package strictjson

import (
	"errors"
	"fmt"
)

// The kinds of decoding error, shared by every document the library reads.
// Package catalog exports them under the same names (catalog.ErrSyntax is
// ErrSyntax); their text names no document, the public error does.
var (
	// ErrSyntax names malformed JSON: a bad token, invalid UTF-8, an
	// unpaired surrogate, the end of input inside a value. The public
	// decode error built on Error matches it whatever the Kind.
	ErrSyntax = errors.New("tariff: malformed JSON")
	// ErrTrailingData: something other than white space follows the value.
	ErrTrailingData = errors.New("tariff: data after the JSON value")
	// ErrDuplicateKey: an object names the same key twice.
	ErrDuplicateKey = errors.New("tariff: duplicate JSON key")
	// ErrUnknownField: an object has a member the format does not define.
	ErrUnknownField = errors.New("tariff: unknown JSON field")
	// ErrMissingField: an object lacks a member the format requires.
	ErrMissingField = errors.New("tariff: missing JSON field")
	// ErrWrongType: a JSON value of the wrong kind, null included.
	ErrWrongType = errors.New("tariff: wrong JSON type")
	// ErrInvalidValue: a value of the right JSON kind that the format does
	// not accept.
	ErrInvalidValue = errors.New("tariff: invalid JSON value")
	// ErrLimit: the document crosses one of its Limits. A number beyond
	// the digit, exponent or length bounds matches ErrInvalidValue too.
	ErrLimit = errors.New("tariff: JSON limit exceeded")
)

// Error is a decoding error: where (Path, Offset) and what (Kind, Detail,
// and for ErrLimit the Limit crossed).
//
// Its text is Detail alone, and it unwraps to Kind (and Cause): the
// decoders of the library return it as the Err of a *catalog.DecodeError,
// which adds the document, the path, the offset and ErrSyntax.
type Error struct {
	Path   string // the JSON path of the offending value; "$" is the root
	Offset int64  // the byte offset where the problem starts
	Kind   error  // one of the Err sentinels of this package
	Limit  string // with ErrLimit: which limit (LimitDepth, ...)
	Detail string // for people: "unknown field \"colour\""
	// Cause, when not nil, is the error of the parser that refused the
	// value (Invalid), matched too: pricing.ErrUnknownCurrency, say.
	Cause error
}

// Error returns Detail.
func (e *Error) Error() string { return e.Detail }

// Unwrap returns Kind, ErrInvalidValue besides for a number beyond its
// bounds, and Cause when there is one.
func (e *Error) Unwrap() []error {
	errs := []error{e.Kind}
	if e.NumberLimit() {
		errs = append(errs, ErrInvalidValue)
	}
	if e.Cause != nil {
		errs = append(errs, e.Cause)
	}
	return errs
}

// NumberLimit reports whether e is a number beyond the digit, exponent or
// length bounds: an ErrLimit that also matches ErrInvalidValue.
func (e *Error) NumberLimit() bool {
	return e.Kind == ErrLimit && (e.Limit == LimitDigits || e.Limit == LimitExponent || e.Limit == LimitNumberText)
}

func newError(path string, off int64, kind error, limit, format string, args ...any) *Error {
	return &Error{Path: path, Offset: off, Kind: kind, Limit: limit, Detail: fmt.Sprintf(format, args...)}
}
