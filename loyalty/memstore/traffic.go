package memstore

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
)

var _ loyalty.TrafficStore = (*Store)(nil)

// trafficKey names one account's traffic of one unit.
type trafficKey struct{ account, unit string }

// Traffic implements loyalty.TrafficStore: what the account holds of unit,
// zero if nothing was ever added. It returns loyalty.ErrNoStore for a nil
// Store and ctx's error.
func (s *Store) Traffic(ctx context.Context, account, unit string) (decimal.Decimal, error) {
	if s == nil {
		return decimal.Decimal{}, loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return decimal.Decimal{}, err
	}
	s.trafficMu.Lock()
	defer s.trafficMu.Unlock()
	return s.traffic[trafficKey{account, unit}], nil
}

// AddTraffic gives the account q more of unit (q negative takes it away,
// down to zero at most), outside any ledger commit: what a host's
// provisioning does when a traffic package is bought or used, for tests
// and examples. It returns the account's new quantity. Errors:
// loyalty.ErrNoStore for a nil Store; loyalty.ErrInvalidRequest for an
// empty account or unit or a zero q; loyalty.ErrInsufficientTraffic for
// taking more than is held (nothing changes).
func (s *Store) AddTraffic(account, unit string, q decimal.Decimal) (decimal.Decimal, error) {
	if s == nil {
		return decimal.Decimal{}, loyalty.ErrNoStore
	}
	t := loyalty.TrafficChange{Account: account, Unit: unit, Quantity: q}
	if err := loyalty.CheckTrafficChange(t); err != nil {
		return decimal.Decimal{}, err
	}
	s.trafficMu.Lock()
	defer s.trafficMu.Unlock()
	after, err := s.checkTraffic(&t)
	if err != nil {
		return decimal.Decimal{}, err
	}
	s.setTraffic(&t, after)
	return after, nil
}

// checkTraffic returns the account's traffic after t, or
// loyalty.ErrInsufficientTraffic. The caller holds trafficMu.
func (s *Store) checkTraffic(t *loyalty.TrafficChange) (decimal.Decimal, error) {
	after := s.traffic[trafficKey{t.Account, t.Unit}].Add(t.Quantity)
	if after.Sign() < 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: memstore: account %q holds %s %s, a change of %s refused",
			loyalty.ErrInsufficientTraffic, t.Account, s.traffic[trafficKey{t.Account, t.Unit}], t.Unit, t.Quantity)
	}
	return after, nil
}

// setTraffic records the account's traffic after t. The caller holds
// trafficMu.
func (s *Store) setTraffic(t *loyalty.TrafficChange, after decimal.Decimal) {
	if s.traffic == nil {
		s.traffic = map[trafficKey]decimal.Decimal{}
	}
	s.traffic[trafficKey{t.Account, t.Unit}] = after
}

// CommitTraffic implements loyalty.TrafficStore: c and t together, or
// neither. Every check comes first (the ledger's version and lots, then
// the traffic, then the promo limits), under the member's shard lock and
// the traffic lock; only when all passed is anything written, so a
// failure at any stage leaves the ledger, the traffic and the promo
// counts as they were. It costs what Commit costs. It returns
// loyalty.ErrNoStore for a nil Store, loyalty.ErrInvalidRequest for a bad
// t, every error of Commit, loyalty.ErrInsufficientTraffic and ctx's
// error.
func (s *Store) CommitTraffic(ctx context.Context, c loyalty.Commit, t loyalty.TrafficChange) error {
	if s == nil {
		return loyalty.ErrNoStore
	}
	if err := ctxErr(ctx); err != nil {
		return err
	}
	if err := loyalty.CheckTrafficChange(t); err != nil {
		return err
	}
	sh := s.shard(c.Key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	l, err := sh.check(&c)
	if err != nil {
		return err
	}
	if err := s.stage("ledger checked"); err != nil {
		return err
	}
	// Lock order: a shard, then traffic, then promo counts.
	s.trafficMu.Lock()
	defer s.trafficMu.Unlock()
	after, err := s.checkTraffic(&t)
	if err != nil {
		return err
	}
	if err := s.stage("traffic checked"); err != nil {
		return err
	}
	if c.Promo != nil {
		if err := s.claim(l, c.Promo); err != nil {
			return err
		}
	}
	sh.apply(l, &c)
	s.setTraffic(&t, after)
	return nil
}
