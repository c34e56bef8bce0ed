package strictjson

import (
	"errors"
	"fmt"
)

// The kinds of decoding error. Package catalog exports them under the same
// names (catalog.ErrSyntax is ErrSyntax), hence their text.
var (
	// ErrSyntax names malformed JSON: a bad token, invalid UTF-8, an
	// unpaired surrogate, the end of input inside a value. The public
	// decode errors built on Error match it whatever their Kind.
	ErrSyntax = errors.New("catalog: malformed catalog JSON")
	// ErrTrailingData: something other than white space follows the value.
	ErrTrailingData = errors.New("catalog: data after the JSON value")
	// ErrDuplicateKey: an object names the same key twice.
	ErrDuplicateKey = errors.New("catalog: duplicate JSON key")
	// ErrUnknownField: an object has a member the format does not define.
	ErrUnknownField = errors.New("catalog: unknown JSON field")
	// ErrMissingField: an object lacks a member the format requires.
	ErrMissingField = errors.New("catalog: missing JSON field")
	// ErrWrongType: a JSON value of the wrong kind, null included.
	ErrWrongType = errors.New("catalog: wrong JSON type")
	// ErrInvalidValue: a value of the right JSON kind that the format does
	// not accept.
	ErrInvalidValue = errors.New("catalog: invalid JSON value")
	// ErrLimit: the document crosses one of its Limits. A number beyond
	// the digit, exponent or length bounds matches ErrInvalidValue too, as
	// it did before the limits had a sentinel of their own.
	ErrLimit = errors.New("catalog: JSON limit exceeded")
)

// Error is a decoding error: where (Path, Offset) and what (Kind, Detail,
// and for ErrLimit the Limit crossed).
//
// Its text is Detail alone, and it unwraps to Kind: the packages that
// decode with strictjson return it inside their own error type (such as
// *catalog.DecodeError), which adds the path, the offset and ErrSyntax.
type Error struct {
	Path   string // the JSON path of the offending value; "$" is the root
	Offset int64  // the byte offset where the problem starts
	Kind   error  // one of the Err sentinels of this package
	Limit  string // with ErrLimit: which limit (LimitDepth, ...)
	Detail string // for people: "unknown field \"colour\""
}

// Error returns Detail.
func (e *Error) Error() string { return e.Detail }

// Unwrap returns Kind, and ErrInvalidValue besides for a number beyond
// its bounds.
func (e *Error) Unwrap() []error {
	if e.NumberLimit() {
		return []error{e.Kind, ErrInvalidValue}
	}
	return []error{e.Kind}
}

// NumberLimit reports whether e is a number beyond the digit, exponent or
// length bounds: an ErrLimit that also matches ErrInvalidValue.
func (e *Error) NumberLimit() bool {
	return e.Kind == ErrLimit && (e.Limit == LimitDigits || e.Limit == LimitExponent || e.Limit == LimitNumberText)
}

func newError(path string, off int64, kind error, limit, format string, args ...any) *Error {
	return &Error{Path: path, Offset: off, Kind: kind, Limit: limit, Detail: fmt.Sprintf(format, args...)}
}
