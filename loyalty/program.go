package loyalty

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/pricing"
)

// RuleKind says how an earn rule computes its bonus.
type RuleKind uint8

const (
	// Percentage earns Percent % of the transaction amount, rounded to the
	// bonus currency's minor unit, then raised to Min and lowered to Max.
	Percentage RuleKind = iota + 1
	// FixedBonus earns Amount for every matching purchase.
	FixedBonus
	// SIMBonus earns Amount for a SIM card sold through a partner: the
	// transaction has SIM set and a non-empty Partner.
	SIMBonus
)

// String returns the kind's name.
func (k RuleKind) String() string {
	switch k {
	case Percentage:
		return "percentage"
	case FixedBonus:
		return "fixed"
	case SIMBonus:
		return "sim"
	}
	return fmt.Sprintf("RuleKind(%d)", uint8(k))
}

// Condition restricts the transactions a rule applies to. The zero
// Condition matches every transaction; set fields are combined with AND.
type Condition struct {
	Partners   []string // the transaction's Partner is one of these
	Categories []string // the transaction's Category is one of these
	// FirstPurchase: the member has accrued no transaction in this program
	// yet. It is History{From: 1, To: 1}; set one or the other.
	FirstPurchase bool
	// History places the transaction among the member's purchases: the
	// nth purchase, a repeat purchase, within a window, through the same
	// partner, in the same category. The zero History is no condition.
	History History
}

// Rule is an earn rule of a program.
type Rule struct {
	ID      string          // unique in the program; named in entries
	Kind    RuleKind        // how the bonus is computed
	Percent decimal.Decimal // Percentage: 5 means 5 % of the transaction amount
	Min     pricing.Money   // Percentage: lower bound per transaction; zero Money for none
	Max     pricing.Money   // Percentage: upper bound per transaction; zero Money for none
	Amount  pricing.Money   // FixedBonus and SIMBonus: the bonus earned
	When    Condition       // which transactions the rule applies to
	// Priority orders evaluation: higher first; rules of equal priority in
	// the order of Spec.Rules.
	Priority int
	// Exclusive stops evaluation after this rule when it matches: the rules
	// after it in precedence order earn nothing for the transaction.
	Exclusive bool
}

// Cadence is how often a program's PeriodCap starts over: the calendar
// period the cap applies to. Periods are computed in UTC.
type Cadence uint8

const (
	// NoCadence means no period cap.
	NoCadence Cadence = iota
	// Daily periods start at 00:00 UTC.
	Daily
	// Monthly periods start on the first of the month, 00:00 UTC.
	Monthly
	// Yearly periods start on 1 January, 00:00 UTC.
	Yearly
)

// start returns the start of the period containing t.
func (p Cadence) start(t time.Time) time.Time {
	t = t.UTC()
	switch p {
	case Daily:
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	case Monthly:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	case Yearly:
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// Promo is a promo code of a program.
type Promo struct {
	Code       string        // what the member enters
	ValidFrom  time.Time     // first instant the code is accepted
	ValidUntil time.Time     // first instant it is no longer accepted; zero for no end
	TotalLimit int           // redemptions across all members; 0 for no limit
	PerMember  int           // redemptions per member; 0 means 1
	Grant      pricing.Money // bonus granted, available at once
}

// Conversion is a program's exchange rate between its bonus and another
// unit: megabytes of traffic, a partner's currency.
type Conversion struct {
	Unit string // "MB", "GEMS"
	// ToBonus is the bonus granted per unit converted into bonus; zero
	// forbids that direction.
	ToBonus decimal.Decimal
	// FromBonus is the number of units per one bonus currency unit when
	// bonus is converted out; zero forbids that direction.
	FromBonus decimal.Decimal
	// Places is the number of decimal places of the unit (0 for MB).
	Places int32
	// Traffic marks the unit as the account's traffic: converting it
	// into bonus removes that traffic from the account's entitlement and
	// converting bonus into it adds it, in one atomic operation with the
	// ledger through the store's TrafficStore side. Without it a
	// conversion changes only the ledger (a partner's currency, kept
	// elsewhere).
	Traffic bool
}

// Spec describes a program. NewProgram validates it into a Program.
type Spec struct {
	ID       string               // the program's ID, part of every ledger Key
	Partner  string               // the owning partner; "" for the operator's own program
	Currency pricing.Currency     // the bonus currency
	Rounding pricing.RoundingMode // for percentage rules
	Rules    []Rule               // the earn rules
	// LockPeriod keeps accrued bonus pending, not spendable, for this long
	// after the accrual (a return window). Zero: available at once.
	LockPeriod time.Duration
	// Lifetime is how long bonus stays spendable once available. Zero:
	// bonus never expires.
	Lifetime time.Duration
	// MaxPerTransaction caps the bonus one transaction earns over all
	// rules; zero Money for no cap.
	MaxPerTransaction pricing.Money
	// PeriodCap caps the bonus earned by rules in one calendar period of
	// Cadence; zero Money for no cap. Cadence is required when PeriodCap
	// is set.
	PeriodCap   pricing.Money
	Cadence     Cadence      // the calendar period of PeriodCap
	Promos      []Promo      // the program's promo codes
	Conversions []Conversion // the program's exchange rates
	// Enrol are the rules by which a partner's program admits members
	// not attributed to its partner (see Enrolment); only for a program
	// with a Partner.
	Enrol []Enrolment
	// Discounts are the discounts a partner grants the program's members
	// on its own service, checked and redeemed by SIM ID (see Discount).
	Discounts []Discount
	// RecordHistory keeps the members' purchase history (Commit.Purchase)
	// even though no rule or discount reads it yet. A program with a
	// History condition keeps it anyway; one without saves the store a
	// row per accrual, but a History condition added to it later (a new
	// Program under the same ID) counts only the purchases recorded from
	// then on (a History condition counting the whole history, with no
	// partner, category or window, always counts every purchase).
	RecordHistory bool
}

// Program is a validated, immutable loyalty program, safe for concurrent
// use. Build it with NewProgram. A nil or zero Program has no ID, partner
// or currency; Evaluate on it returns ErrNoProgram and NewLedger refuses
// it.
type Program struct {
	spec        Spec
	rules       []compiledRule // in precedence order
	promos      map[string]Promo
	conversions map[string]Conversion
	discounts   []compiledDiscount // in the order of Spec.Discounts
	history     bool               // Accrue records purchases: RecordHistory or a History condition
	maxPerTx    int64              // minor units; -1 for no cap
	periodCap   int64              // minor units; -1 for no cap
}

// compiledRule is a Rule with its amounts in minor units, ready for
// integer evaluation.
type compiledRule struct {
	Rule
	num, den uint64 // Percentage: bonus = amount × num / den, rounded
	min, max int64  // Percentage bounds in minor units; -1 for none
	amount   int64  // FixedBonus, SIMBonus
}

// compileRule converts a validated rule. ok is false if the percentage
// has too many digits for integer evaluation.
func compileRule(r Rule) (c compiledRule, ok bool) {
	c = compiledRule{Rule: r, min: -1, max: -1}
	c.amount, _ = r.Amount.MinorUnits()
	if v, ok := r.Min.MinorUnits(); ok && !r.Min.Currency().IsZero() {
		c.min = v
	}
	if v, ok := r.Max.MinorUnits(); ok && !r.Max.Currency().IsZero() {
		c.max = v
	}
	if r.Kind != Percentage {
		return c, true
	}
	if r.Percent.NumDigits() > 9 {
		return c, false
	}
	coef, exp := r.Percent.CoefficientInt64(), r.Percent.Exponent()
	if coef <= 0 || exp > 6 || exp < -9 {
		return c, false
	}
	c.num, c.den = uint64(coef), 100
	for ; exp > 0; exp-- {
		c.num *= 10
	}
	for ; exp < 0; exp++ {
		c.den *= 10
	}
	return c, true
}

// NewProgram validates s and returns the program. Every problem found is
// reported at once, in a *catalog.ValidationError whose Err is
// ErrInvalidProgram and whose ID is the program's.
func NewProgram(s Spec) (*Program, error) {
	s = s.clone() // the program keeps no slice of the caller's
	v := &validator{}
	if s.ID == "" {
		v.add("id", catalog.CodeInvalidID, "program ID is empty")
	}
	if s.Currency.IsZero() {
		v.add("currency", catalog.CodeMissingCurrency, "bonus currency is not set")
	}
	if s.Rounding != pricing.HalfAwayFromZero && s.Rounding != pricing.HalfEven {
		v.add("rounding", catalog.CodeInvalidRounding, fmt.Sprintf("unknown rounding mode %d", s.Rounding))
	}
	if s.LockPeriod < 0 {
		v.add("lock_period", catalog.CodeNegative, "lock period is negative")
	}
	if s.Lifetime < 0 {
		v.add("lifetime", catalog.CodeNegative, "lifetime is negative")
	}
	v.optionalMoney("max_per_transaction", s.MaxPerTransaction, s.Currency)
	v.optionalMoney("period_cap", s.PeriodCap, s.Currency)
	if !s.PeriodCap.Currency().IsZero() && (s.Cadence < Daily || s.Cadence > Yearly) {
		v.add("period", catalog.CodeRequired, "a period cap needs a period (Daily, Monthly, Yearly)")
	}
	if s.PeriodCap.Currency().IsZero() && s.Cadence != NoCadence {
		v.add("period", catalog.CodeUnusedField, "a period without a period cap")
	}

	seen := map[string]bool{}
	for i, r := range s.Rules {
		path := fmt.Sprintf("rules[%d]", i)
		if r.ID == "" {
			v.add(path+".id", catalog.CodeInvalidID, "rule ID is empty")
		} else if seen[r.ID] {
			v.add(path+".id", catalog.CodeDuplicateID, fmt.Sprintf("duplicate rule ID %q", r.ID))
		}
		seen[r.ID] = true
		switch r.Kind {
		case Percentage:
			if r.Percent.Sign() <= 0 {
				v.add(path+".percent", catalog.CodePercentRange, "percentage must be positive")
			}
			v.optionalMoney(path+".min", r.Min, s.Currency)
			v.optionalMoney(path+".max", r.Max, s.Currency)
			if !r.Min.Currency().IsZero() && !r.Max.Currency().IsZero() && r.Min.Currency() == r.Max.Currency() &&
				r.Min.Amount().Cmp(r.Max.Amount()) > 0 {
				v.add(path+".min", catalog.CodeBounds, fmt.Sprintf("minimum %s above maximum %s", r.Min, r.Max))
			}
			if !r.Amount.Currency().IsZero() {
				v.add(path+".amount", catalog.CodeUnusedField, "a percentage rule has no fixed amount")
			}
		case FixedBonus, SIMBonus:
			v.requiredMoney(path+".amount", r.Amount, s.Currency)
			if !r.Percent.IsZero() || !r.Min.Currency().IsZero() || !r.Max.Currency().IsZero() {
				v.add(path, catalog.CodeUnusedField, "percent, min and max apply only to percentage rules")
			}
		default:
			v.add(path+".kind", catalog.CodeInvalidKind, fmt.Sprintf("unknown rule kind %d", r.Kind))
		}
		if _, ok := compileRule(r); !ok && r.Percent.Sign() > 0 {
			v.add(path+".percent", catalog.CodePrecision, "percentage needs at most 9 significant digits and 9 decimal places")
		}
		v.validateHistory(path+".when.history", r.When)
	}

	promos := make(map[string]Promo, len(s.Promos))
	for i, p := range s.Promos {
		path := fmt.Sprintf("promos[%d]", i)
		if p.Code == "" {
			v.add(path+".code", catalog.CodeInvalidID, "promo code is empty")
		} else if _, dup := promos[p.Code]; dup {
			v.add(path+".code", catalog.CodeDuplicateID, fmt.Sprintf("duplicate promo code %q", p.Code))
		} else {
			path = fmt.Sprintf("promos[%s]", p.Code)
		}
		if !p.ValidUntil.IsZero() && !p.ValidUntil.After(p.ValidFrom) {
			v.add(path+".valid_until", catalog.CodeBounds, "validity window is empty")
		}
		if p.TotalLimit < 0 {
			v.add(path+".total_limit", catalog.CodeNegative, "total limit is negative")
		}
		if p.PerMember < 0 {
			v.add(path+".per_member", catalog.CodeNegative, "per-member limit is negative")
		}
		if p.PerMember == 0 {
			p.PerMember = 1
		}
		v.requiredMoney(path+".grant", p.Grant, s.Currency)
		promos[p.Code] = p
	}

	conversions := make(map[string]Conversion, len(s.Conversions))
	for i, c := range s.Conversions {
		path := fmt.Sprintf("conversions[%d]", i)
		if c.Unit == "" {
			v.add(path+".unit", catalog.CodeInvalidID, "conversion unit is empty")
		} else if _, dup := conversions[c.Unit]; dup {
			v.add(path+".unit", catalog.CodeDuplicateID, fmt.Sprintf("duplicate conversion unit %q", c.Unit))
		}
		if c.ToBonus.Sign() < 0 || c.FromBonus.Sign() < 0 {
			v.add(path, catalog.CodeNegative, "conversion rates must not be negative")
		}
		if c.ToBonus.IsZero() && c.FromBonus.IsZero() {
			v.add(path, catalog.CodeRequired, "conversion has no rate in either direction")
		}
		if c.Places < 0 || c.Places > 18 {
			v.add(path+".places", catalog.CodeRange, "places must be between 0 and 18")
		}
		conversions[c.Unit] = c
	}

	v.validateEnrolments(&s)
	discounts := v.compileDiscounts(&s, promos)

	if len(v.problems) > 0 {
		return nil, &catalog.ValidationError{Err: ErrInvalidProgram, ID: s.ID, Problems: v.problems}
	}
	p := &Program{spec: s, promos: promos, conversions: conversions, discounts: discounts, maxPerTx: -1, periodCap: -1}
	if !s.MaxPerTransaction.Currency().IsZero() {
		p.maxPerTx, _ = s.MaxPerTransaction.MinorUnits()
	}
	if !s.PeriodCap.Currency().IsZero() {
		p.periodCap, _ = s.PeriodCap.MinorUnits()
	}
	for _, r := range s.Rules {
		c, _ := compileRule(r)
		p.rules = append(p.rules, c)
		p.history = p.history || !r.When.History.IsZero()
	}
	for _, d := range s.Discounts {
		p.history = p.history || !d.When.History.IsZero()
	}
	p.history = p.history || s.RecordHistory
	slices.SortStableFunc(p.rules, func(a, b compiledRule) int { return cmp.Compare(b.Priority, a.Priority) })
	return p, nil
}

// valid reports whether p was made by NewProgram: a validated program
// always has an ID.
func (p *Program) valid() bool { return p != nil && p.spec.ID != "" }

// ID returns the program's ID; "" for a nil or zero Program.
func (p *Program) ID() string {
	if p == nil {
		return ""
	}
	return p.spec.ID
}

// Partner returns the owning partner, "" for an operator program and for
// a nil or zero Program.
func (p *Program) Partner() string {
	if p == nil {
		return ""
	}
	return p.spec.Partner
}

// Currency returns the bonus currency; the zero Currency for a nil or
// zero Program.
func (p *Program) Currency() pricing.Currency {
	if p == nil {
		return pricing.Currency{}
	}
	return p.spec.Currency
}

// Spec returns a copy of the program's specification; the zero Spec for
// a nil Program.
func (p *Program) Spec() Spec {
	if p == nil {
		return Spec{}
	}
	return p.spec.clone()
}

// clone returns a copy of s that shares no slice or map with it.
func (s Spec) clone() Spec {
	s.Rules = slices.Clone(s.Rules)
	for i := range s.Rules {
		s.Rules[i].When = s.Rules[i].When.clone()
	}
	s.Promos = slices.Clone(s.Promos)
	s.Conversions = slices.Clone(s.Conversions)
	s.Enrol = slices.Clone(s.Enrol)
	for i := range s.Enrol {
		s.Enrol[i].Values = slices.Clone(s.Enrol[i].Values)
	}
	s.Discounts = slices.Clone(s.Discounts)
	for i := range s.Discounts {
		s.Discounts[i].When = s.Discounts[i].When.clone()
	}
	return s
}

// clone returns a copy of c that shares no slice with it.
func (c Condition) clone() Condition {
	c.Partners, c.Categories = slices.Clone(c.Partners), slices.Clone(c.Categories)
	return c
}

// validator collects the problems of a Spec.
type validator struct{ problems []catalog.Problem }

func (v *validator) add(path string, code catalog.Code, detail string) {
	v.problems = append(v.problems, catalog.Problem{Path: path, Code: code, Detail: detail})
}

// optionalMoney checks an amount that may be the zero Money (not set).
func (v *validator) optionalMoney(path string, m pricing.Money, c pricing.Currency) {
	if m.Currency().IsZero() && m.IsZero() {
		return
	}
	v.requiredMoney(path, m, c)
}

func (v *validator) requiredMoney(path string, m pricing.Money, c pricing.Currency) {
	switch {
	case m.Currency().IsZero():
		v.add(path, catalog.CodeRequired, "amount is not set")
	case m.Currency() != c:
		v.add(path, catalog.CodeCurrency, fmt.Sprintf("%s is not in the bonus currency %s", m, c.Code()))
	case m.Sign() <= 0:
		v.add(path, catalog.CodeRange, fmt.Sprintf("%s is not positive", m))
	case !m.IsRounded():
		v.add(path, catalog.CodePrecision, fmt.Sprintf("%s is not a whole number of minor units", m))
	default:
		if n, _ := m.MinorUnits(); n > maxMinor {
			v.add(path, catalog.CodeRange, fmt.Sprintf("%s is too large", m))
		}
	}
}
