// Package loyalty answers "what bonus did this purchase earn?": programs
// with earn rules, partner attribution, promo codes, and a per-member
// ledger that never loses a cent.
//
// # Entry points
//
//   - NewProgram validates a Spec into an immutable Program. Its
//     validation error is a *catalog.ValidationError matching
//     ErrInvalidProgram that reports every problem at once, each with a
//     path and a code from the one list of catalog.Code constants.
//   - Program.Evaluate is the pure rule engine: a transaction and the
//     member's facts in, proposed ledger entries out.
//   - NewLedger binds a Program to a Store; its methods Accrue, Redeem,
//     Refund, RedeemPromo, ConvertIn, ConvertOut and Settle change a
//     member's ledger atomically; Balance, Statement and StatementPage
//     read it.
//   - AttributeToPartner records, for good, which partner a member (a SIM ID)
//     belongs to.
//   - Store (LedgerStore + AttributionStore) is the port a host implements;
//     loyalty/memstore is the in-memory implementation and
//     loyalty/storetest the conformance suite for any other.
//
// Time is always an argument; nothing in this package reads the clock.
//
// Zero values. A nil or zero Ledger returns ErrNoLedger from every method;
// NewLedger refuses a nil Program, or one not made by NewProgram
// (ErrNoProgram), and a nil Store (ErrNoStore); a nil or zero Program
// has no ID and Evaluate on it returns ErrNoProgram; memstore's zero
// Store is ready to use. Nothing in the package panics on them, and a
// refused operation changes nothing.
//
// # Rules
//
// Amounts. Bonus is pricing.Money in the program's currency. Every amount
// the ledger accepts or stores is a whole number of minor units and at
// most 10^15 of them; other amounts are refused with ErrInvalidRequest
// (a transaction of 12.345 EUR must be rounded by the host first). The
// ledger computes in integer minor units.
//
// Earn rules. Rules are evaluated in descending Priority, ties in the
// order listed: that order is the precedence. Every matching rule earns
// (they stack), except that a matching Exclusive rule stops evaluation.
// A Percentage rule earns Percent % of the amount rounded to the minor
// unit with the program's rounding mode (half away from zero unless
// HalfEven is chosen), then raised to Min and lowered to Max: with 5 %
// between 3 and 8 EUR, 100 EUR earns 5, 20 EUR earns 3, 400 EUR earns 8.
// A zero amount earns nothing from a percentage rule: the minimum does not
// turn nothing into bonus. A SIMBonus rule matches only a SIM sold through
// a partner (Transaction.SIM and a Partner). Conditions: the transaction's
// partner, its category, and the member's first purchase in the program
// (no transaction accrued before, whether or not it earned anything).
//
// Caps. MaxPerTransaction caps the total of one transaction; PeriodCap
// caps what rules earn per calendar period of the program's Cadence
// (UTC). A cap trims the lowest-precedence contributions first. Reversals do not give room back
// under a period cap; promo grants and conversions do not count against
// it.
//
// Lots, lock and lifetime. Each contribution becomes a lot. A lot is
// pending for LockPeriod (the return window) and cannot be spent; then it
// is available. Lifetime counts from the moment it becomes available;
// zero means bonus never expires. Promo grants and conversions into bonus
// are available at once and expire after Lifetime.
//
// Ledger. Each member has, per program, an append-only list of entries,
// each carrying its source transaction ID and lot, and two balances,
// available and pending; each balance always equals the sum of its
// entries' changes and the sum of the open lots' remainders, and never
// goes negative. Every operation first settles the member at its instant:
// lots whose lock ended are activated (an activate entry moves them from
// pending to available) and lots whose lifetime ended expire (an expire
// entry removes only their unspent remainder), in the same commit as the
// operation. Settle does only that; running it twice at the same instant
// changes nothing the second time.
//
// Redemption spends only available bonus, the earliest-expiring lot first
// (never-expiring lots last, ties by age); asking for more than is
// available is ErrInsufficientBalance, even when pending bonus would
// cover it.
//
// Refunds. A Refund names the accrued transaction and the part of its
// amount refunded. The reversal due after all refunds so far is
// Earned × Refunded ÷ Amount, rounded half away from zero to the minor
// unit, minus what earlier refunds were due; so partial refunds that add
// up to the whole amount reverse exactly what was earned. The reversal is
// taken from that transaction's own lots, pending or available. What
// those lots no longer hold because it was spent or expired is not taken
// from other bonus: it is reported as Result.Shortfall for the host to
// settle, and the balance never goes negative. Refunds beyond the amount
// are ErrRefundExceedsTransaction.
//
// Idempotency. Transaction IDs are scoped to a program and a member.
// Submitting an ID again with the same content (same operation, amounts
// compared by value) returns the first Result and changes nothing; with
// different content it is ErrTransactionConflict. The instant is not part
// of the content.
//
// Attribution. A member belongs to the first partner it is attributed to,
// for good; attributing it to another partner is ErrAlreadyAttributed. A
// program owned by a partner accrues only for that partner's members
// (ErrNotMember otherwise); the operator's program (no Partner) accrues
// for everyone. The host calls AttributeToPartner when it records a SIM sold with a
// partner's participation.
//
// Promo codes. A code is valid from ValidFrom up to, not including,
// ValidUntil. PerMember (default 1) limits one member's redemptions and
// TotalLimit (0: none) all members'; the store counts both in the same
// atomic commit that grants the bonus (see PromoClaim).
//
// Conversions. A program's Conversion gives a rate per unit (MB of
// traffic, a partner's currency) in each direction. Converting into bonus
// truncates to the minor unit and converting out truncates to the unit's
// places, so the program never gives away a fraction it was not paid for.
// Converting out spends bonus like Redeem.
//
// Concurrency. A Ledger loads a member's state with a version, computes
// the change as a pure function of it, and commits only if the version is
// unchanged, retrying up to DefaultAttempts times on ErrVersionConflict. A
// failed operation commits nothing. Every read of lots names the version
// loaded, so an operation never mixes two versions; lots that contradict
// the balance the store recorded are ErrInconsistentStore, never spent
// or written.
//
// # Performance
//
// An operation's cost follows the lots it spends, activates, expires or
// reverses and the entries it reads, not the member's history: the store
// hands out a member's open lots a page at a time in the order the
// operation needs them (see LedgerStore.Lots), and a commit writes only
// the lots it changed. Redeeming one cent costs the same with 10 lots
// held as with 100,000 (BenchmarkRedeem_10Lots,
// BenchmarkRedeem_100000Lots); a refund reads only its transaction's
// lots; StatementPage reads one page. Statement reads the whole ledger.
//
// The design target for accruals is 500,000 per second on two cores
// (BenchmarkAccrue_Memstore, parallel over 10,000 members); the measured
// figures are in the README's benchmark table.
package loyalty
