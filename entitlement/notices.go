package entitlement

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Notices is what a host keeps, per account and quota, so that each
// threshold is announced once per billing period ("your mailbox is 90 %
// full" once, not on every check): the start of the billing period the
// announcements belong to, and the thresholds announced in it. The zero
// Notices has announced nothing. It is a plain value with a JSON form
// (MarshalJSON, UnmarshalJSON); Announce gives the next one.
type Notices struct {
	// Period is the start of the billing period of the announcements
	// (pricing.Period.Start, or any instant that names the period).
	// Hosts without billing periods leave it zero: one period for ever.
	Period time.Time
	// Announced holds the thresholds announced in Period (percentages, as
	// Config.Quota's), ascending, each once.
	Announced []decimal.Decimal
}

// Announce returns the thresholds of rep (a QuotaReport, such as the one a
// QuotaCheck holds) that are crossed and not yet announced in the billing
// period starting at period, ascending, and the Notices to keep for the
// next check; n is the Notices kept from the last one.
//
//   - In the period of n, a threshold is announced once: usage crossing 80
//     then 90 announces 80, then 90; a repeated check announces nothing;
//     usage that falls below a threshold and rises above it again in the
//     same period does not announce it again.
//   - A later period starts over: the thresholds crossed in it are
//     announced again.
//   - A check of an earlier period than n's (one that arrives late)
//     announces nothing, and the Notices returned is n.
//   - Several thresholds crossed at once are all returned; a portal
//     usually shows the highest.
//
// Thresholds are compared as numbers (90 and 90.0 are one). rep.Crossed
// need not be sorted, nor n.Announced, which Announce reads as a set. It
// costs time in proportion to the product of the thresholds crossed and
// announced, and never modifies n: the slices it returns are new.
func (n Notices) Announce(rep QuotaReport, period time.Time) (fresh []decimal.Decimal, next Notices) {
	switch {
	case period.Before(n.Period):
		return nil, Notices{Period: n.Period, Announced: slices.Clone(n.Announced)}
	case period.After(n.Period):
		n = Notices{Period: period}
	}
	has := func(list []decimal.Decimal, t decimal.Decimal) bool {
		return slices.ContainsFunc(list, t.Equal)
	}
	for _, t := range rep.Crossed {
		if !has(n.Announced, t) && !has(fresh, t) {
			fresh = append(fresh, t)
		}
	}
	slices.SortFunc(fresh, decimal.Decimal.Cmp)
	next = Notices{Period: n.Period, Announced: append(slices.Clone(n.Announced), fresh...)}
	slices.SortFunc(next.Announced, decimal.Decimal.Cmp)
	next.Announced = slices.CompactFunc(next.Announced, decimal.Decimal.Equal)
	return fresh, next
}
