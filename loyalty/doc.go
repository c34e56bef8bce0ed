// Package loyalty answers "what bonus did this purchase earn?", and "what
// did the partner who sold the SIM earn?": programs with earn rules,
// partner attribution, enrolment, purchase-history conditions, promo codes,
// partner discounts, conversions that move traffic, partners'
// remuneration, and a ledger, per member and per partner, that never loses
// a cent.
//
// # Entry points
//
//   - NewProgram validates a Spec into an immutable Program. Its
//     validation error is a *catalog.ValidationError matching
//     ErrInvalidProgram that reports every problem at once, each with a
//     path and a code from the one list of catalog.Code constants.
//   - Program.Evaluate is the pure rule engine: a transaction and the
//     member's facts (its earlier purchases included) in, proposed ledger
//     entries out; Program.Admits says whether a program accrues for a
//     member.
//   - NewLedger binds a Program to a Store; its methods Accrue, Redeem,
//     Refund, RedeemPromo, ConvertIn, ConvertOut, RedeemDiscount and Settle
//     change a member's ledger atomically; Balance, Statement,
//     StatementPage and Discount read it.
//   - NewRouter accrues a transaction in every program that admits the
//     member, in the documented order (Routes, Accrue).
//   - AttributeToPartner records, for good, which partner a member (a SIM ID)
//     belongs to.
//   - NewRemunerationPlan validates a RemunerationSpec; NewPartnerLedger
//     keeps partners' accounts under it: RewardSIM, ShareTraffic, Reverse,
//     Payout, Settle, Balance and Statement (a period's statement).
//   - Store (LedgerStore + AttributionStore) is the port a host implements,
//     and TrafficStore the port for the traffic side of conversions;
//     loyalty/memstore is the in-memory implementation of both and
//     loyalty/storetest the conformance suite for any other.
//
// Time is always an argument; nothing in this package reads the clock.
//
// Zero values. A nil or zero Ledger, PartnerLedger or Router returns
// ErrNoLedger from every method; NewLedger refuses a nil Program, or one
// not made by NewProgram (ErrNoProgram), a nil Store (ErrNoStore), and a
// program converting traffic over a store that is not a TrafficStore
// (ErrNoTrafficStore); NewPartnerLedger refuses a plan not made by
// NewRemunerationPlan (ErrNoProgram); a nil or zero Program has no ID,
// admits nobody, and Evaluate on it returns ErrNoProgram; memstore's zero
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
// partner, its category, the member's first purchase in the program (no
// transaction accrued before, whether or not it earned anything), and its
// purchase history (below).
//
// Purchase history. Every transaction Accrue records, whether or not it
// earns anything and even if refunded later, is a purchase of the
// member's history in the program. A program keeps that history in its
// store when one of its rules or discounts has a History condition, or
// when Spec.RecordHistory asks it to ahead of such a condition; a
// condition added later counts only what was kept (one counting the whole
// history, with no partner, category or window, counts every purchase: the
// head counts them). A History condition places the
// transaction among the purchases it counts, itself last: with n counted
// it is the (n+1)th, and the condition holds when that place is between
// From (0 meaning 1) and To (0 meaning no bound). It counts only purchases
// through the transaction's partner (SamePartner; direct purchases for a
// direct one), only those in its category (SameCategory), and only those
// made after at − Within (Within > 0; a purchase exactly Within before is
// outside). FirstPurchase is History{From: 1, To: 1}. So "a repeat purchase
// through the same partner within 30 days" is History{From: 2,
// SamePartner: true, Within: 30 days}. Purchases in other programs do not
// count.
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
// for good; attributing it to another partner is ErrAlreadyAttributed. The
// host calls AttributeToPartner when it records a SIM sold with a
// partner's participation. Attribution alone decides whose SIM it is, and
// so who earns the remuneration for it.
//
// Admission and enrolment. The operator's program (no Partner) accrues for
// every member. A partner's program accrues for the partner's own members
// and for those one of its Enrolment rules admits: a fact the host gives
// with the transaction (Transaction.MemberFacts, such as "card" →
// "mts-bank-visa" or "employer" → "acme") holding one of the rule's
// values. Anyone else is refused with ErrNotMember, so a competitor's
// program earns nothing on a SIM that is not its own unless it enrols the
// member by rule. Enrolment never changes the attribution. Facts are
// circumstances, not content: a replay with other facts returns the first
// result.
//
// Which programs, in what order. A Router accrues a transaction in: first
// the operator's programs, then the programs of the partner the member is
// attributed to, then other partners' programs that enrol it; within each
// group in the order the ledgers were given to NewRouter. Each program
// accrues on its own ledger, under the same transaction ID, with its own
// rules and caps. The Router stops at the first failure; the programs
// before it keep their accruals and a retry with the same transaction is
// exact (they replay).
//
// Promo codes. A code is valid from ValidFrom up to, not including,
// ValidUntil. PerMember (default 1) limits one member's redemptions and
// TotalLimit (0: none) all members'; the store counts both in the same
// atomic commit that grants the bonus (see PromoClaim).
//
// Partner discounts. A program's Discounts are the partner's own discounts
// on its service, checked at its checkout by SIM ID (Ledger.Discount) and
// recorded when granted (Ledger.RedeemDiscount). The member must be
// admitted by the program. Of the discounts whose conditions hold, whose
// limits leave room and which take something off, the member gets the one
// taking the most; ties go to the one listed first. A Percent discount is
// rounded with the program's rounding mode and lowered to Max; no discount
// takes off more than the purchase amount. A redemption is recorded once
// per ID, appends an EntryDiscount that changes no balance, and counts
// against PerMember and TotalLimit in the same atomic commit (discount IDs
// and promo codes share the program's namespace and its counters). It
// records the discount, not the purchase: the host accrues the purchase
// after redeeming, so it is not its own history.
//
// Conversions. A program's Conversion gives a rate per unit (MB of
// traffic, a partner's currency) in each direction. Converting into bonus
// truncates to the minor unit and converting out truncates to the unit's
// places, so the program never gives away a fraction it was not paid for.
// Converting out spends bonus like Redeem. A Traffic unit is the
// account's traffic: converting it into bonus takes the quantity off the
// account's traffic, converting bonus into it adds the quantity bought,
// and the store applies the traffic change and the ledger's commit in one
// operation, both or neither (TrafficStore.CommitTraffic). Taking more
// traffic than the account holds is ErrInsufficientTraffic; a replay moves
// nothing again.
//
// Partner remuneration. A RemunerationPlan pays partners a fixed SIMReward
// per SIM sold with their participation and a TrafficShare percent of the
// traffic revenue of each SIM attributed to them, per billing period,
// computed from the SIM's pricing.Quote: the sum of the lines its Traffic
// selects (usage charges unless told otherwise, their discount lines
// included), the share rounded with the plan's rounding mode; revenue that
// is not positive earns nothing. Only SIMs attributed to the partner earn
// (ErrNotMember otherwise). A partner's account is a ledger like a
// member's, Key{Program: plan ID, Member: partner}, with the same rules:
// each credit is one lot, pending for the plan's LockPeriod, never
// expiring; idempotent by its source ID; Reverse takes back in proportion
// to the part of the sale or revenue reversed, from that credit's lot
// only, reporting what was already paid out as Shortfall; Payout spends
// available earnings, oldest first; the balance never goes negative.
//
// Concurrency. A Ledger (a PartnerLedger alike) loads a member's state
// with a version, computes the change as a pure function of it, and
// commits only if the version is unchanged, retrying up to
// DefaultAttempts times on ErrVersionConflict. A failed operation commits
// nothing. Every read of lots and every count of purchases names the
// version loaded, so an operation never mixes two versions; lots that
// contradict the balance the store recorded are ErrInconsistentStore,
// never spent or written.
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
// lots; StatementPage reads one page. Statement reads the whole ledger,
// and so does PartnerLedger.Statement. A History condition costs one
// CountPurchases per distinct condition (none for one counting the whole
// history, which the head counts), a store's count costing the purchases
// it counts at most.
//
// The design target for accruals is 500,000 per second on two cores
// (BenchmarkAccrue_Memstore, parallel over 10,000 members); the measured
// figures are in the README's benchmark table.
package loyalty
