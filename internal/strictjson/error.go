package strictjson

import (
	"errors"
	"fmt"
)

// The kinds of decoding error. Package catalog exports them under the same
// names (catalog.ErrSyntax is ErrSyntax), hence their text.
var (
	// ErrSyntax names malformed JSON: a bad token, invalid UTF-8, an
	// unpaired surrogate, nesting deeper than MaxDepth, the end of input
	// inside a value. The public decode errors built on Error match it
	// whatever their Kind.
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
)

// Error is a decoding error: where (Path, Offset) and what (Kind, Detail).
//
// Its text is Detail alone, and it unwraps to Kind: the packages that
// decode with strictjson return it inside their own error type (such as
// *catalog.DecodeError), which adds the path, the offset and ErrSyntax.
type Error struct {
	Path   string // the JSON path of the offending value; "$" is the root
	Offset int64  // the byte offset where the problem starts
	Kind   error  // one of the Err sentinels of this package
	Detail string // for people: "unknown field \"colour\""
}

// Error returns Detail.
func (e *Error) Error() string { return e.Detail }

// Unwrap returns Kind.
func (e *Error) Unwrap() error { return e.Kind }

func newError(segs []Seg, off int64, kind error, format string, args ...any) *Error {
	return &Error{Path: FormatPath(segs), Offset: off, Kind: kind, Detail: fmt.Sprintf(format, args...)}
}
