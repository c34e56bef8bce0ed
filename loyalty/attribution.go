package loyalty

import "context"

// AttributeToPartner attributes member to partner, for good: the first attribution
// wins, repeating it is a no-op, and attributing the member to another
// partner afterwards fails. Call it when a SIM is sold with a partner's
// participation, before accruing for that sale.
//
// Errors: *RequestError (ErrInvalidRequest) for an empty member or
// partner, a nil ctx, or a nil store (then also wrapping ErrNoStore);
// *AttributionError (ErrAlreadyAttributed); the store's errors.
func AttributeToPartner(ctx context.Context, s AttributionStore, member, partner string) error {
	if s == nil {
		return &RequestError{Member: member, Field: "Store", Reason: "nil store", Err: ErrNoStore}
	}
	if ctx == nil {
		return &RequestError{Member: member, Field: "ctx", Reason: "nil context"}
	}
	if member == "" || partner == "" {
		return &RequestError{Member: member, Field: "AttributeToPartner", Reason: "member and partner must be set"}
	}
	owner, err := s.AttributeToPartner(ctx, member, partner)
	if err != nil {
		return err
	}
	if owner != partner {
		return &AttributionError{Member: member, Partner: partner, Owner: owner}
	}
	return nil
}
