package loyalty

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// TrafficChange is the traffic side of a conversion that moves traffic
// (a Conversion with Traffic set): the change to the account's
// entitlement that must happen together with the change to its bonus
// ledger, or not at all.
type TrafficChange struct {
	Account string // whose traffic: the member (the SIM ID) of the ledger the commit changes
	Unit    string // the conversion's unit, "MB"
	// Package is the traffic package the conversion names (a catalog
	// product ID, for a host that keeps traffic as add-on assignments);
	// "" when the conversion names none.
	Package string
	// Quantity is signed: negative removes traffic from the account (a
	// conversion into bonus), positive adds it (bonus converted into
	// traffic). Never zero.
	Quantity decimal.Decimal
	Program  string    // the converting program's ID
	Tx       string    // the conversion's transaction ID
	At       time.Time // the conversion's instant
}

// TrafficStore is the port through which a host makes a conversion of
// traffic atomic: the traffic side (the account's entitlement) and the
// ledger side (a Commit) change in one operation that applies whole or
// not at all. A host whose entitlements live in another system implements
// CommitTraffic as that system's reserve and confirm around the ledger's
// commit, or as one transaction over both. Implementations are safe for
// concurrent use; loyalty/storetest checks one that is also a Store.
type TrafficStore interface {
	// Traffic returns the quantity of unit the account holds; zero for an
	// account or unit never written. Errors: only the store's own.
	Traffic(ctx context.Context, account, unit string) (decimal.Decimal, error)
	// CommitTraffic applies c as LedgerStore.Commit does and t to the
	// account's traffic, atomically: both or neither. Errors: every error
	// of Commit (then t was not applied); ErrInsufficientTraffic if t
	// would take the account's traffic of t.Unit below zero (then c was
	// not applied); ErrInvalidRequest for a t without account or unit, or
	// with a zero quantity; the store's own. On any error nothing changed.
	CommitTraffic(ctx context.Context, c Commit, t TrafficChange) error
}

// CheckTrafficChange returns an error wrapping ErrInvalidRequest for a
// change a TrafficStore must refuse: one without account or unit, or with
// a zero quantity; nil otherwise. Stores call it before anything else. It
// costs a few comparisons.
func CheckTrafficChange(t TrafficChange) error {
	if t.Account == "" || t.Unit == "" || t.Quantity.IsZero() {
		return fmt.Errorf("%w: traffic change of %s %q for account %q: account, unit and a non-zero quantity are required",
			ErrInvalidRequest, t.Quantity, t.Unit, t.Account)
	}
	return nil
}

// TrafficError reports a conversion of traffic into bonus asking for more
// traffic than the account holds. It wraps ErrInsufficientTraffic.
type TrafficError struct {
	Member    string          // the member (the account)
	Tx        string          // the conversion's transaction ID
	Unit      string          // the unit
	Requested decimal.Decimal // the quantity asked to convert
	Held      decimal.Decimal // what the account held when the conversion was refused
}

// Error names the member, the transaction and both quantities.
func (e *TrafficError) Error() string {
	return fmt.Sprintf("loyalty: insufficient traffic: member %q, transaction %q: requested %s %s, held %s %s",
		e.Member, e.Tx, e.Requested, e.Unit, e.Held, e.Unit)
}

// Unwrap returns ErrInsufficientTraffic.
func (e *TrafficError) Unwrap() error { return ErrInsufficientTraffic }

// moveTraffic sets the traffic change w commits with, for a conversion of
// a Traffic unit. For a removal (q negative) it first reads what the
// account holds and refuses a removal beyond it; the store checks again,
// atomically, when it commits.
func (l *Ledger) moveTraffic(w *work, member, tx, unit, pkg string, q decimal.Decimal) error {
	if q.Sign() < 0 {
		held, err := l.traffic.Traffic(w.ctx, member, unit)
		if err != nil {
			return err
		}
		if held.Add(q).Sign() < 0 {
			return &TrafficError{Member: member, Tx: tx, Unit: unit, Requested: q.Neg(), Held: held}
		}
	}
	w.trafficBuf = TrafficChange{Account: member, Unit: unit, Package: pkg, Quantity: q, Program: l.prog.spec.ID, Tx: tx, At: w.at}
	w.traffic = &w.trafficBuf
	return nil
}

// trafficRefused turns the store's ErrInsufficientTraffic, met at the
// commit after a rival took the traffic, into a *TrafficError.
func (l *Ledger) trafficRefused(ctx context.Context, err error, member, tx, unit string, q decimal.Decimal) error {
	if !errors.Is(err, ErrInsufficientTraffic) || errors.As(err, new(*TrafficError)) {
		return err
	}
	held, rerr := l.traffic.Traffic(ctx, member, unit)
	if rerr != nil {
		return errors.Join(err, rerr)
	}
	return &TrafficError{Member: member, Tx: tx, Unit: unit, Requested: q, Held: held}
}
