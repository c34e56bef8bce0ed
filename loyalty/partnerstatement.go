package loyalty

import (
	"context"
	"math"

	"github.com/tariffkit/tariff/pricing"
)

// PartnerStatement is a partner's account for one period: the balances
// at its start and end, the entries in it and their totals by kind.
type PartnerStatement struct {
	Plan    string         // the plan's ID
	Partner string         // the partner
	Period  pricing.Period // the period: entries at or after Start and before End
	Opening Balance        // the balances at Start: the sums of the entries before it
	Entries []Entry        // the entries of the period, in the order written
	// SIMs is the number of SIM rewards credited in the period.
	SIMs int
	// The totals of the period's entries by kind, each as a positive
	// amount (or zero): credited for SIMs, credited for traffic, taken
	// back by reversals, paid out.
	SIMRewards, TrafficShares, Reversed, PaidOut pricing.Money
	Closing                                      Balance // the balances at End: the sums of the entries before it
}

// Statement returns the partner's statement for period p: the opening and
// closing balances, the period's entries (by their instants: at or after
// p.Start and before p.End) and their totals. Activations move earnings
// from pending to available within the balances and count in no total.
// It reads the whole account, so its cost follows the account's length.
//
// Errors: ErrNoLedger; *RequestError (ErrInvalidRequest) for an empty
// partner or a period that does not end after it starts; the store's
// errors.
func (pl *PartnerLedger) Statement(ctx context.Context, partner string, p pricing.Period) (PartnerStatement, error) {
	if err := pl.ready(ctx); err != nil {
		return PartnerStatement{}, err
	}
	if partner == "" {
		return PartnerStatement{}, &RequestError{Field: "Partner", Reason: "partner is empty"}
	}
	if !p.End.After(p.Start) {
		return PartnerStatement{}, &RequestError{Member: partner, Field: "Period", Reason: "the period does not end after it starts"}
	}
	es, err := pl.l.store.Entries(ctx, pl.l.key(partner), 0, math.MaxInt)
	if err != nil {
		return PartnerStatement{}, err
	}
	var opening, closing [2]int64 // available, pending
	var sims, rewards, traffic, reversed, paid int64
	s := PartnerStatement{Plan: pl.plan.spec.ID, Partner: partner, Period: p}
	for _, e := range es {
		a, pend := minor(e.Available), minor(e.Pending)
		if e.At.Before(p.End) {
			closing[0], closing[1] = closing[0]+a, closing[1]+pend
		}
		if e.At.Before(p.Start) {
			opening[0], opening[1] = opening[0]+a, opening[1]+pend
			continue
		}
		if !e.At.Before(p.End) {
			continue
		}
		s.Entries = append(s.Entries, e)
		switch e.Kind {
		case EntrySIMReward:
			sims++
			rewards += a + pend
		case EntryTrafficShare:
			traffic += a + pend
		case EntryReverse:
			reversed -= a + pend
		case EntryPayout:
			paid -= a + pend
		}
	}
	m := func(v int64) pricing.Money { return pricing.FromMinor(v, pl.plan.spec.Currency) }
	s.SIMs = int(sims)
	s.SIMRewards, s.TrafficShares, s.Reversed, s.PaidOut = m(rewards), m(traffic), m(reversed), m(paid)
	s.Opening = Balance{Available: m(opening[0]), Pending: m(opening[1])}
	s.Closing = Balance{Available: m(closing[0]), Pending: m(closing[1])}
	return s, nil
}
