package loyalty

import (
	"errors"
	"fmt"

	"github.com/tariffkit/tariff/pricing"
)

// Sentinel errors. Every error the package returns wraps one of them (or
// one of pricing's), so callers match with errors.Is; the typed errors
// below add the IDs involved and are matched with errors.As.
var (
	// ErrInvalidProgram is the Err of the *catalog.ValidationError
	// NewProgram returns: the program was refused.
	ErrInvalidProgram = errors.New("loyalty: invalid program")
	// ErrInvalidRequest is wrapped by a *RequestError for bad input to a
	// ledger operation: a missing ID, a negative amount, a wrong currency.
	ErrInvalidRequest = errors.New("loyalty: invalid request")
	// ErrNotMember is returned when a partner's program is asked to accrue
	// for a member not attributed to that partner.
	ErrNotMember = errors.New("loyalty: member does not belong to the program's partner")
	// ErrAlreadyAttributed is returned when a member already attributed to
	// one partner is attributed to another.
	ErrAlreadyAttributed = errors.New("loyalty: member already attributed to another partner")
	// ErrTransactionConflict is returned when a transaction ID already
	// recorded is submitted again with different content.
	ErrTransactionConflict = errors.New("loyalty: transaction ID reused with different content")
	// ErrUnknownTransaction is returned by Refund for an original
	// transaction the ledger has not accrued.
	ErrUnknownTransaction = errors.New("loyalty: unknown transaction")
	// ErrRefundExceedsTransaction is returned when refunds of a transaction
	// would add up to more than its amount.
	ErrRefundExceedsTransaction = errors.New("loyalty: refunds exceed the transaction amount")
	// ErrInsufficientBalance is returned when a redemption or conversion
	// asks for more than the member's available (not pending) bonus.
	ErrInsufficientBalance = errors.New("loyalty: insufficient available bonus")
	// ErrUnknownPromo is returned for a promo code the program does not have.
	ErrUnknownPromo = errors.New("loyalty: unknown promo code")
	// ErrPromoNotValid is returned for a promo code used outside its
	// validity window.
	ErrPromoNotValid = errors.New("loyalty: promo code not valid at this time")
	// ErrPromoMemberLimit is returned (by a Store's Commit, and so by
	// RedeemPromo) when a member has used a promo code as often as the code
	// allows one member.
	ErrPromoMemberLimit = errors.New("loyalty: promo code member limit reached")
	// ErrPromoExhausted is returned (by a Store's Commit, and so by
	// RedeemPromo) when a promo code reached its total redemption limit.
	ErrPromoExhausted = errors.New("loyalty: promo code exhausted")
	// ErrConversionNotAllowed is returned for a conversion the program has
	// no rate for.
	ErrConversionNotAllowed = errors.New("loyalty: conversion not allowed")
	// ErrInsufficientTraffic is returned (by a TrafficStore's
	// CommitTraffic, and wrapped by the *TrafficError ConvertIn returns)
	// when a conversion would take more traffic than the account holds.
	ErrInsufficientTraffic = errors.New("loyalty: insufficient traffic")
	// ErrNoTrafficStore is wrapped by the *RequestError NewLedger returns
	// for a program that converts traffic over a store that is not a
	// TrafficStore.
	ErrNoTrafficStore = errors.New("loyalty: the store does not keep traffic (not a TrafficStore)")
	// ErrNoDiscount is wrapped by the *DiscountError RedeemDiscount
	// returns when no discount of the program applies to the purchase.
	ErrNoDiscount = errors.New("loyalty: no discount applies")
	// ErrInvalidPlan is the Err of the *catalog.ValidationError
	// NewRemunerationPlan returns: the plan was refused.
	ErrInvalidPlan = errors.New("loyalty: invalid remuneration plan")
	// ErrVersionConflict is returned by a Store's Commit when the member's
	// state changed since it was loaded. The Ledger retries on it; it
	// reaches a Ledger's caller only after every attempt conflicted.
	ErrVersionConflict = errors.New("loyalty: version conflict")
	// ErrNoLedger is returned by every method of a nil or zero Ledger,
	// PartnerLedger or Router: each is made by its constructor (NewLedger,
	// NewPartnerLedger, NewRouter).
	ErrNoLedger = errors.New("loyalty: no ledger (use NewLedger)")
	// ErrNoProgram is wrapped by the *RequestError NewLedger returns for a
	// nil Program or one not made by NewProgram (NewPartnerLedger for a
	// RemunerationPlan not made by NewRemunerationPlan), and returned by
	// Evaluate on such a Program.
	ErrNoProgram = errors.New("loyalty: no program (use NewProgram)")
	// ErrNoStore is wrapped by the *RequestError NewLedger and AttributeToPartner
	// return for a nil store; a store may return it when it is a nil
	// pointer (memstore does).
	ErrNoStore = errors.New("loyalty: no store")
	// ErrInconsistentStore is returned when what a store hands out
	// contradicts itself: open lots that do not add up to the balance its
	// head records, or more lots than a query asked for. The operation
	// commits nothing.
	ErrInconsistentStore = errors.New("loyalty: store returned an inconsistent ledger")
)

// RequestError reports bad input to a ledger operation. It wraps
// ErrInvalidRequest and, for an amount in the wrong currency,
// pricing.ErrCurrencyMismatch.
type RequestError struct {
	Member string // the member, as given
	Tx     string // the transaction ID, as given
	Field  string // the offending field: "ID", "Amount", ...
	Reason string // what is wrong with it
	Err    error  // an underlying cause, or nil
}

// Error describes the refusal with the IDs involved.
func (e *RequestError) Error() string {
	s := fmt.Sprintf("loyalty: invalid request: member %q, transaction %q: %s: %s", e.Member, e.Tx, e.Field, e.Reason)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns ErrInvalidRequest and the underlying cause, if any.
func (e *RequestError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalidRequest, e.Err}
	}
	return []error{ErrInvalidRequest}
}

// MembershipError reports a partner program refusing a member that is not
// attributed to its partner. It wraps ErrNotMember.
type MembershipError struct {
	Program string // the refusing program's ID
	Partner string // the program's owner
	Member  string // the member refused
	Owner   string // the partner the member belongs to, "" if none
}

// Error names the program, its partner, the member and its owner.
func (e *MembershipError) Error() string {
	owner := e.Owner
	if owner == "" {
		owner = "no partner"
	}
	return fmt.Sprintf("loyalty: program %q of partner %q refuses member %q, attributed to %s", e.Program, e.Partner, e.Member, owner)
}

// Unwrap returns ErrNotMember.
func (e *MembershipError) Unwrap() error { return ErrNotMember }

// AttributionError reports an attempt to attribute a member to a partner
// when it already belongs to another. It wraps ErrAlreadyAttributed.
type AttributionError struct {
	Member  string // the member
	Partner string // the partner asked for
	Owner   string // the partner the member belongs to
}

// Error names the member and both partners.
func (e *AttributionError) Error() string {
	return fmt.Sprintf("loyalty: member %q belongs to partner %q, cannot attribute to %q", e.Member, e.Owner, e.Partner)
}

// Unwrap returns ErrAlreadyAttributed.
func (e *AttributionError) Unwrap() error { return ErrAlreadyAttributed }

// TransactionError names the member and transaction of a refusal that
// concerns a transaction: ErrTransactionConflict, ErrUnknownTransaction,
// ErrRefundExceedsTransaction.
type TransactionError struct {
	Err    error  // the sentinel
	Member string // the member
	Tx     string // the transaction concerned
}

// Error names the member and the transaction.
func (e *TransactionError) Error() string {
	return fmt.Sprintf("%v: member %q, transaction %q", e.Err, e.Member, e.Tx)
}

// Unwrap returns the sentinel.
func (e *TransactionError) Unwrap() error { return e.Err }

// BalanceError reports a redemption or conversion larger than the member's
// available bonus. It wraps ErrInsufficientBalance.
type BalanceError struct {
	Member    string        // the member
	Tx        string        // the redemption's transaction ID
	Requested pricing.Money // what was asked for
	Available pricing.Money // what was available (pending bonus excluded)
}

// Error names the member, the transaction and both amounts.
func (e *BalanceError) Error() string {
	return fmt.Sprintf("loyalty: insufficient available bonus: member %q, transaction %q: requested %s, available %s",
		e.Member, e.Tx, e.Requested, e.Available)
}

// Unwrap returns ErrInsufficientBalance.
func (e *BalanceError) Unwrap() error { return ErrInsufficientBalance }

// PromoError names the code and member of a promo refusal: ErrUnknownPromo,
// ErrPromoNotValid, ErrPromoMemberLimit, ErrPromoExhausted.
type PromoError struct {
	Err    error  // the sentinel
	Code   string // the promo code
	Member string // the member
}

// Error names the code and the member.
func (e *PromoError) Error() string {
	return fmt.Sprintf("%v: code %q, member %q", e.Err, e.Code, e.Member)
}

// Unwrap returns the sentinel.
func (e *PromoError) Unwrap() error { return e.Err }

// ConversionError names the unit of a refused conversion. It wraps
// ErrConversionNotAllowed.
type ConversionError struct {
	Program string // the program's ID
	Unit    string // the unit asked for
	Into    bool   // true for a conversion into bonus, false for out of it
}

// Error names the program, the unit and the direction.
func (e *ConversionError) Error() string {
	dir := "from bonus into"
	if e.Into {
		dir = "into bonus from"
	}
	return fmt.Sprintf("loyalty: program %q has no rate to convert %s %q", e.Program, dir, e.Unit)
}

// Unwrap returns ErrConversionNotAllowed.
func (e *ConversionError) Unwrap() error { return ErrConversionNotAllowed }

// DiscountError names the member, the redemption and the discount of a
// refused discount redemption: ErrNoDiscount, or a limit the store met
// (ErrPromoMemberLimit, ErrPromoExhausted) after a rival redemption.
type DiscountError struct {
	Err      error  // the sentinel
	Member   string // the member (the SIM ID the partner entered)
	Tx       string // the redemption's ID
	Discount string // the discount concerned; "" for ErrNoDiscount
}

// Error names the member, the redemption and the discount.
func (e *DiscountError) Error() string {
	if e.Discount == "" {
		return fmt.Sprintf("%v: member %q, redemption %q", e.Err, e.Member, e.Tx)
	}
	return fmt.Sprintf("%v: member %q, redemption %q, discount %q", e.Err, e.Member, e.Tx, e.Discount)
}

// Unwrap returns the sentinel.
func (e *DiscountError) Unwrap() error { return e.Err }
