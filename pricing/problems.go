package pricing

import (
	"errors"
	"fmt"

	"github.com/tariffkit/tariff/catalog"
)

// Sentinels of what a *catalog.ValidationError of this package refused,
// its Err field. Every such error matches ErrInvalidPrice; those about a
// price book or a set of price-book versions match ErrInvalidBook too.
var (
	// ErrInvalidPrice is matched by every *catalog.ValidationError of the
	// package: Price.Validate's, which refuses a price, and those that
	// match ErrInvalidBook. Compute also returns it for a price model it
	// does not know.
	ErrInvalidPrice = errors.New("pricing: invalid price definition")
	// ErrInvalidBook is the Err of the *catalog.ValidationError of NewBook,
	// DecodeBook, Book.ValidateAgainst, NewBookVersions,
	// DecodeBookVersions and BookVersions.ValidateAgainst: a price book or
	// a set of price-book versions was refused. It matches ErrInvalidPrice.
	ErrInvalidBook error = &refusal{msg: "pricing: invalid price book", kind: ErrInvalidPrice}
)

// refusal is a sentinel that also matches a broader one.
type refusal struct {
	msg  string
	kind error
}

func (r *refusal) Error() string { return r.msg }

// Unwrap returns the broader sentinel.
func (r *refusal) Unwrap() error { return r.kind }

// problems collects the problems of a validation. Its error's sentinel is
// subject, ErrInvalidBook when nil.
type problems struct {
	subject error
	list    []catalog.Problem
}

func (ps *problems) add(path string, code catalog.Code, format string, args ...any) {
	ps.list = append(ps.list, catalog.Problem{Path: path, Code: code, Detail: fmt.Sprintf(format, args...)})
}

// err returns a *catalog.ValidationError listing the problems, or nil if
// there are none.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	subject := ps.subject
	if subject == nil {
		subject = ErrInvalidBook
	}
	return &catalog.ValidationError{Err: subject, Problems: ps.list}
}
