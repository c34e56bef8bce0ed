package entitlement

import (
	"errors"
	"fmt"
	"time"
)

// ErrInactive is matched by *InactiveError.
var ErrInactive = errors.New("entitlement: account not active at that instant")

// InactiveError reports an instant before the account's activation: no
// main product is in force then (Account.MainAt reports false).
type InactiveError struct {
	Account   string
	At        time.Time
	Activated time.Time // Account.Activated
}

func (e *InactiveError) Error() string {
	return fmt.Sprintf("entitlement: account %q is not active at %s: activated at %s",
		e.Account, e.At.Format(time.RFC3339Nano), e.Activated.Format(time.RFC3339Nano))
}

// Unwrap returns ErrInactive.
func (e *InactiveError) Unwrap() error { return ErrInactive }

// ErrInvalidHistory is matched by *HistoryError.
var ErrInvalidHistory = errors.New("entitlement: invalid main-product history")

// HistoryError reports an account whose main-product history is malformed
// (see Account.PastMains). Index is the offending element of PastMains, or
// len(PastMains) when the fault lies with MainFrom.
type HistoryError struct {
	Account string
	Index   int
	Reason  string
}

func (e *HistoryError) Error() string {
	return fmt.Sprintf("entitlement: account %q: main-product history [%d]: %s", e.Account, e.Index, e.Reason)
}

// Unwrap returns ErrInvalidHistory.
func (e *HistoryError) Unwrap() error { return ErrInvalidHistory }

// The reasons a HistoryError gives.
const (
	reasonMainFromZero = "main_from is zero but past main products are listed"
	reasonEmptyProduct = "empty product ID"
	reasonZeroFrom     = "zero from on a period other than the first"
	reasonNotAfter     = "from is not after the previous period's"
	reasonMainNotAfter = "main_from is not after the last past period's from"
)

// checkHistory returns a *HistoryError for a malformed main-product
// history, nil for a well-formed one: one comparison per past period.
func checkHistory(a *Account) error {
	n := len(a.PastMains)
	if n == 0 {
		return nil
	}
	if a.MainFrom.IsZero() {
		return &HistoryError{Account: a.ID, Index: n, Reason: reasonMainFromZero}
	}
	for i := range a.PastMains {
		p := &a.PastMains[i]
		switch {
		case p.Product == "":
			return &HistoryError{Account: a.ID, Index: i, Reason: reasonEmptyProduct}
		case i == 0:
		case p.From.IsZero():
			return &HistoryError{Account: a.ID, Index: i, Reason: reasonZeroFrom}
		case !p.From.After(a.PastMains[i-1].From):
			return &HistoryError{Account: a.ID, Index: i, Reason: reasonNotAfter}
		}
	}
	if !a.MainFrom.After(a.PastMains[n-1].From) {
		return &HistoryError{Account: a.ID, Index: n, Reason: reasonMainNotAfter}
	}
	return nil
}

// mainAt returns the main product in force at at, after checking the
// history (one comparison per past period).
func mainAt(a *Account, at time.Time) (string, error) {
	if err := checkHistory(a); err != nil {
		return "", err
	}
	main, ok := a.MainAt(at)
	if !ok {
		return "", &InactiveError{Account: a.ID, At: at, Activated: a.Activated()}
	}
	return main, nil
}

// periods returns a's history as one list, oldest first: PastMains, then
// Main from MainFrom.
func periods(a *Account) []MainPeriod {
	ps := make([]MainPeriod, 0, len(a.PastMains)+1)
	ps = append(ps, a.PastMains...)
	return append(ps, MainPeriod{Product: a.Main, From: a.MainFrom, Terms: a.MainTerms})
}

// setPeriods stores ps (non-empty) as a's history: the last as Main and
// MainFrom, the others as PastMains (nil when there are none).
func setPeriods(a *Account, ps []MainPeriod) {
	last := ps[len(ps)-1]
	a.Main, a.MainFrom, a.MainTerms = last.Product, last.From, last.Terms
	a.PastMains = nil
	if len(ps) > 1 {
		a.PastMains = ps[:len(ps)-1]
	}
}

// inForce returns the index in ps of the period in force at at, which
// the caller knows to exist (at is not before the activation).
func inForce(ps []MainPeriod, at time.Time) int {
	k := 0
	for i := 1; i < len(ps); i++ {
		if !at.Before(ps[i].From) {
			k = i
		}
	}
	return k
}

// changeHistory returns the periods of a's history with newMain in force
// from at on (see ChangeMain): the periods that start after at are
// removed, a period that starts exactly at at has its product replaced
// (merged into the one before when that one has newMain), and otherwise
// newMain starts a period at at unless it is already in force. changed
// reports whether the product in force from at on differs from before;
// trimmed, whether scheduled periods were removed.
func changeHistory(a *Account, newMain string, at time.Time) (ps []MainPeriod, changed, trimmed bool) {
	ps = periods(a)
	k := inForce(ps, at)
	trimmed = k < len(ps)-1
	ps = ps[:k+1]
	switch {
	case ps[k].Product == newMain:
		return ps, false, trimmed
	case at.Equal(ps[k].From):
		if k > 0 && ps[k-1].Product == newMain {
			return ps[:k], true, trimmed
		}
		ps[k].Product, ps[k].Terms = newMain, time.Time{}
		return ps, true, trimmed
	}
	return append(ps, MainPeriod{Product: newMain, From: at}), true, trimmed
}
