package loyalty

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/pricing"
)

// RemunerationSpec describes what partners earn for the SIMs sold with
// their participation: a fixed reward per SIM and a share of the traffic
// revenue of the SIMs attributed to them, per billing period.
// NewRemunerationPlan validates it into a RemunerationPlan.
type RemunerationSpec struct {
	// ID names the plan. A partner's account under the plan is kept in
	// the Store as the ledger Key{Program: ID, Member: partner}: a plan's
	// ID shares the namespace of program IDs and must differ from every
	// program's kept in the same store.
	ID       string
	Currency pricing.Currency     // the currency partners are paid in
	Rounding pricing.RoundingMode // for the traffic share
	// SIMReward is earned per SIM sold with the partner's participation;
	// zero Money for none.
	SIMReward pricing.Money
	// TrafficShare is the percent of the traffic revenue of each SIM
	// attributed to the partner that it earns: 10 for 10 %, above 0 and
	// at most 100; zero for none.
	TrafficShare decimal.Decimal
	// Traffic says which lines of a quote are traffic revenue.
	Traffic TrafficLines
	// LockPeriod keeps earnings pending, not payable, for this long (the
	// SIM's return window, an invoice's dispute window). Zero: payable at
	// once. Earnings never expire.
	LockPeriod time.Duration
}

// TrafficLines selects the lines of a pricing.Quote that are traffic
// revenue. A line counts when every list set holds its value; discount
// lines count with the charge line they discount.
type TrafficLines struct {
	// Kinds are the charge kinds that count; empty means usage charges
	// only (the traffic used), not a plan's recurring fee.
	Kinds    []pricing.ChargeKind
	Products []string // the catalog products whose lines count; empty for any
	Charges  []string // the price book charges whose lines count; empty for any
}

// counts reports whether line l is traffic revenue.
func (t *TrafficLines) counts(l *pricing.Line) bool {
	if len(t.Kinds) == 0 {
		if l.Kind != pricing.ChargeUsage {
			return false
		}
	} else if !slices.Contains(t.Kinds, l.Kind) {
		return false
	}
	return (len(t.Products) == 0 || slices.Contains(t.Products, l.Product)) &&
		(len(t.Charges) == 0 || slices.Contains(t.Charges, l.Charge))
}

// RemunerationPlan is a validated, immutable remuneration plan, safe for
// concurrent use. Build it with NewRemunerationPlan; a nil or zero plan
// has no ID and NewPartnerLedger refuses it.
type RemunerationPlan struct {
	spec   RemunerationSpec
	prog   *Program     // the ledger's program: the plan's ID, currency, rounding and lock period, no rules
	share  compiledRule // the traffic share as a percentage rule
	reward int64        // SIMReward in minor units
}

// NewRemunerationPlan validates s and returns the plan. Every problem
// found is reported at once, in a *catalog.ValidationError whose Err is
// ErrInvalidPlan and whose ID is the plan's.
func NewRemunerationPlan(s RemunerationSpec) (*RemunerationPlan, error) {
	s.Traffic.Kinds = slices.Clone(s.Traffic.Kinds)
	s.Traffic.Products = slices.Clone(s.Traffic.Products)
	s.Traffic.Charges = slices.Clone(s.Traffic.Charges)
	v := &validator{}
	if s.ID == "" {
		v.add("id", catalog.CodeInvalidID, "plan ID is empty")
	}
	if s.Currency.IsZero() {
		v.add("currency", catalog.CodeMissingCurrency, "the plan's currency is not set")
	}
	if s.Rounding != pricing.HalfAwayFromZero && s.Rounding != pricing.HalfEven {
		v.add("rounding", catalog.CodeInvalidRounding, fmt.Sprintf("unknown rounding mode %d", s.Rounding))
	}
	if s.LockPeriod < 0 {
		v.add("lock_period", catalog.CodeNegative, "lock period is negative")
	}
	v.optionalMoney("sim_reward", s.SIMReward, s.Currency)
	p := &RemunerationPlan{spec: s}
	switch {
	case s.TrafficShare.Sign() < 0 || s.TrafficShare.GreaterThan(decimal.NewFromInt(100)):
		v.add("traffic_share", catalog.CodePercentRange, "traffic share must be above 0 and at most 100")
	case s.TrafficShare.Sign() > 0:
		var ok bool
		if p.share, ok = compileRule(Rule{Kind: Percentage, Percent: s.TrafficShare}); !ok {
			v.add("traffic_share", catalog.CodePrecision, "traffic share needs at most 9 significant digits and 9 decimal places")
		}
	}
	if s.SIMReward.Currency().IsZero() && s.TrafficShare.IsZero() {
		v.add("sim_reward", catalog.CodeRequired, "the plan pays nothing: set sim_reward or traffic_share")
	}
	t := s.Traffic
	if s.TrafficShare.IsZero() && (len(t.Kinds) > 0 || len(t.Products) > 0 || len(t.Charges) > 0) {
		v.add("traffic", catalog.CodeUnusedField, "traffic lines without a traffic share")
	}
	for i, k := range t.Kinds {
		if k < pricing.ChargeRecurring || k > pricing.ChargeUsage {
			v.add(fmt.Sprintf("traffic.kinds[%d]", i), catalog.CodeInvalidKind, fmt.Sprintf("unknown charge kind %d", k))
		} else if slices.Index(t.Kinds, k) < i {
			v.add(fmt.Sprintf("traffic.kinds[%d]", i), catalog.CodeDuplicateID, fmt.Sprintf("duplicate charge kind %s", k))
		}
	}
	for _, list := range []struct {
		name string
		ids  []string
	}{{"products", t.Products}, {"charges", t.Charges}} {
		name, ids := list.name, list.ids
		for i, id := range ids {
			if id == "" {
				v.add(fmt.Sprintf("traffic.%s[%d]", name, i), catalog.CodeInvalidID, "empty ID")
			} else if slices.Index(ids, id) < i {
				v.add(fmt.Sprintf("traffic.%s[%d]", name, i), catalog.CodeDuplicateID, fmt.Sprintf("duplicate ID %q", id))
			}
		}
	}
	if len(v.problems) > 0 {
		return nil, &catalog.ValidationError{Err: ErrInvalidPlan, ID: s.ID, Problems: v.problems}
	}
	p.reward, _ = s.SIMReward.MinorUnits()
	p.prog = &Program{spec: Spec{ID: s.ID, Currency: s.Currency, Rounding: s.Rounding, LockPeriod: s.LockPeriod}, maxPerTx: -1, periodCap: -1}
	return p, nil
}

// valid reports whether p was made by NewRemunerationPlan.
func (p *RemunerationPlan) valid() bool { return p != nil && p.prog != nil }

// ID returns the plan's ID; "" for a nil or zero plan.
func (p *RemunerationPlan) ID() string {
	if p == nil {
		return ""
	}
	return p.spec.ID
}

// Spec returns a copy of the plan's specification; the zero
// RemunerationSpec for a nil plan.
func (p *RemunerationPlan) Spec() RemunerationSpec {
	if p == nil {
		return RemunerationSpec{}
	}
	s := p.spec
	s.Traffic.Kinds = slices.Clone(s.Traffic.Kinds)
	s.Traffic.Products = slices.Clone(s.Traffic.Products)
	s.Traffic.Charges = slices.Clone(s.Traffic.Charges)
	return s
}

// Revenue returns the traffic revenue q holds for the plan: the sum of
// the amounts of the lines Traffic selects, discount lines included (so
// it may be negative, for a period of credits). It reads only q and costs
// its lines.
//
// Errors: ErrNoProgram for a nil or zero plan; *RequestError
// (ErrInvalidRequest) naming the first selected line that is not in the
// plan's currency (then also wrapping pricing.ErrCurrencyMismatch) or not
// a whole number of minor units, or a sum beyond 10^15 minor units.
func (p *RemunerationPlan) Revenue(q pricing.Quote) (pricing.Money, error) {
	if !p.valid() {
		return pricing.Money{}, ErrNoProgram
	}
	v, err := p.revenue(&q, "", "")
	if err != nil {
		return pricing.Money{}, err
	}
	return pricing.FromMinor(v, p.spec.Currency), nil
}

// revenue is Revenue in minor units; partner and id name the request in
// errors.
func (p *RemunerationPlan) revenue(q *pricing.Quote, partner, id string) (int64, error) {
	var sum int64
	for i := range q.Lines {
		l := &q.Lines[i]
		if !p.spec.Traffic.counts(l) {
			continue
		}
		field := fmt.Sprintf("Quote.Lines[%d]", i)
		if l.Amount.Currency() != p.spec.Currency {
			_, err := l.Amount.Cmp(pricing.Zero(p.spec.Currency))
			return 0, &RequestError{Member: partner, Tx: id, Field: field, Reason: "not in the plan's currency", Err: err}
		}
		v, ok := l.Amount.MinorUnits()
		if !ok || v > maxMinor || v < -maxMinor {
			return 0, &RequestError{Member: partner, Tx: id, Field: field, Reason: "not a whole number of minor units, or too large"}
		}
		if sum += v; sum > maxMinor || sum < -maxMinor {
			return 0, &RequestError{Member: partner, Tx: id, Field: "Quote", Reason: "traffic revenue too large"}
		}
	}
	return sum, nil
}

// shareOf returns the partner's share of revenue minor units: nothing for
// revenue that is not positive.
func (p *RemunerationPlan) shareOf(revenue int64) int64 {
	if revenue <= 0 || p.share.num == 0 {
		return 0
	}
	v, _ := p.prog.ruleAmount(&p.share, revenue) // at most 100 % of at most maxMinor
	return v
}
