package loyalty

import (
	"context"
	"fmt"
	"time"
)

// Router decides which of a host's programs a transaction accrues in, and
// in what order, and accrues it there. The rule:
//
//  1. the operator's programs (no Partner), which admit every member;
//  2. the programs of the partner the member (the SIM) is attributed to;
//  3. the programs of other partners whose Enrolment rules admit the
//     member by the transaction's MemberFacts;
//
// within each group in the order the ledgers were given to NewRouter. A
// partner's program that neither owns nor enrols the member is skipped: a
// competitor's program earns nothing on a SIM that is not its own unless
// it enrols the member by rule. Enrolment never changes the SIM's
// attribution. Each program accrues on its own ledger, under the same
// transaction ID, with its own rules and caps.
//
// A Router holds no state of its own and is safe for concurrent use. It
// is made by NewRouter; every method of a nil or zero Router returns
// ErrNoLedger.
type Router struct {
	attr    AttributionStore
	ledgers []*Ledger
}

// NewRouter returns a Router over the ledgers, reading attributions from
// attr (the store the ledgers' partner programs read them from). Errors:
// a *RequestError (ErrInvalidRequest) wrapping ErrNoStore for a nil attr,
// wrapping ErrNoLedger for a nil ledger or one not made by NewLedger, or
// naming a program given twice.
func NewRouter(attr AttributionStore, ledgers ...*Ledger) (*Router, error) {
	if attr == nil {
		return nil, &RequestError{Field: "AttributionStore", Reason: "nil store", Err: ErrNoStore}
	}
	seen := map[string]bool{}
	for i, l := range ledgers {
		if l == nil || l.prog == nil || l.store == nil {
			return nil, &RequestError{Field: fmt.Sprintf("ledgers[%d]", i), Reason: "nil or not made by NewLedger", Err: ErrNoLedger}
		}
		if id := l.prog.spec.ID; seen[id] {
			return nil, &RequestError{Field: fmt.Sprintf("ledgers[%d]", i), Reason: fmt.Sprintf("program %q given twice", id)}
		}
		seen[l.prog.spec.ID] = true
	}
	return &Router{attr: attr, ledgers: append([]*Ledger(nil), ledgers...)}, nil
}

// Route is one program a transaction accrues in, and why it admits the
// member.
type Route struct {
	Program   string    // the program's ID
	Partner   string    // the program's partner, "" for the operator's
	Admission Admission // OpenProgram, OwnMember or Enrolled
}

// Routes returns the programs tx accrues in, in the order Accrue accrues
// it (see Router), without accruing. It costs one read of the member's
// attribution and a few map lookups per program.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest) for an empty
// member or a nil ctx; the store's errors.
func (r *Router) Routes(ctx context.Context, tx Transaction) ([]Route, error) {
	routes, _, err := r.routes(ctx, &tx)
	return routes, err
}

func (r *Router) routes(ctx context.Context, tx *Transaction) ([]Route, []*Ledger, error) {
	if r == nil || r.attr == nil {
		return nil, nil, ErrNoLedger
	}
	if ctx == nil {
		return nil, nil, &RequestError{Member: tx.Member, Tx: tx.ID, Field: "ctx", Reason: "nil context"}
	}
	if tx.Member == "" {
		return nil, nil, &RequestError{Member: tx.Member, Tx: tx.ID, Field: "Member", Reason: "member is empty"}
	}
	owner, err := r.attr.Partner(ctx, tx.Member)
	if err != nil {
		return nil, nil, err
	}
	var routes []Route
	var ledgers []*Ledger
	for _, group := range []Admission{OpenProgram, OwnMember, Enrolled} {
		for _, l := range r.ledgers {
			if a, ok := l.prog.admission(owner, tx.MemberFacts); ok && a == group {
				routes = append(routes, Route{Program: l.prog.spec.ID, Partner: l.prog.spec.Partner, Admission: a})
				ledgers = append(ledgers, l)
			}
		}
	}
	return routes, ledgers, nil
}

// Accrual is what one program accrued for a transaction.
type Accrual struct {
	Route         // the program and why it admitted the member
	Result Result // what Ledger.Accrue returned there
}

// Accrue accrues tx in every program Routes returns, in that order, and
// returns what each accrued. It stops at the first program that fails and
// returns the accruals made before it with the error; those stay made.
// Every program records tx.ID, so repeating the call with the same
// transaction is exact: the programs that accrued replay their first
// result and the rest accrue. It costs Routes plus one Ledger.Accrue per
// program.
//
// Errors: those of Routes, and the first error of a Ledger.Accrue,
// wrapped with the program's ID (errors.Is and errors.As see through it).
func (r *Router) Accrue(ctx context.Context, tx Transaction, at time.Time) ([]Accrual, error) {
	routes, ledgers, err := r.routes(ctx, &tx)
	if err != nil {
		return nil, err
	}
	out := make([]Accrual, 0, len(routes))
	for i, l := range ledgers {
		res, err := l.Accrue(ctx, tx, at)
		if err != nil {
			return out, fmt.Errorf("loyalty: accruing %q in program %q: %w", tx.ID, routes[i].Program, err)
		}
		out = append(out, Accrual{Route: routes[i], Result: res})
	}
	return out, nil
}
