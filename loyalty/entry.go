package loyalty

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/pricing"
)

// EntryKind is the kind of a ledger entry.
type EntryKind uint8

const (
	// EntryAccrue adds bonus earned by a rule, pending or available.
	EntryAccrue EntryKind = iota + 1
	// EntryActivate moves a lot's bonus from pending to available when its
	// lock period ends.
	EntryActivate
	// EntryRedeem spends available bonus.
	EntryRedeem
	// EntryExpire removes the unspent remainder of a lot at its expiry.
	EntryExpire
	// EntryReverse takes back bonus because its transaction was refunded.
	EntryReverse
	// EntryPromo adds bonus granted by a promo code.
	EntryPromo
	// EntryConvertIn adds bonus converted from another unit (traffic).
	EntryConvertIn
	// EntryConvertOut spends bonus converted into another unit.
	EntryConvertOut
	// EntryDiscount records a partner discount granted (RedeemDiscount);
	// it changes neither balance and names no lot.
	EntryDiscount
	// EntrySIMReward adds a partner's reward for a SIM sold with its
	// participation (PartnerLedger.RewardSIM).
	EntrySIMReward
	// EntryTrafficShare adds a partner's share of the traffic revenue of a
	// SIM attributed to it (PartnerLedger.ShareTraffic).
	EntryTrafficShare
	// EntryPayout spends a partner's available earnings paid out to it
	// (PartnerLedger.Payout).
	EntryPayout
)

var entryKindNames = [...]string{
	EntryAccrue: "accrue", EntryActivate: "activate", EntryRedeem: "redeem", EntryExpire: "expire",
	EntryReverse: "reverse", EntryPromo: "promo", EntryConvertIn: "convert-in", EntryConvertOut: "convert-out",
	EntryDiscount: "discount", EntrySIMReward: "sim-reward", EntryTrafficShare: "traffic-share", EntryPayout: "payout",
}

// String returns the kind's name.
func (k EntryKind) String() string {
	if int(k) < len(entryKindNames) && entryKindNames[k] != "" {
		return entryKindNames[k]
	}
	return fmt.Sprintf("EntryKind(%d)", uint8(k))
}

// Entry is one line of a member's ledger. Entries are only ever appended.
// Available and Pending are the signed changes the entry makes to the
// member's two balances, so each balance is the sum of its entries.
type Entry struct {
	Kind      EntryKind     // what happened
	Tx        string        // the source transaction ID
	Lot       uint64        // the lot the entry changes
	Rule      string        // earn rule ID, promo code or conversion unit; "" otherwise
	Available pricing.Money // change to the available balance
	Pending   pricing.Money // change to the pending balance
	At        time.Time     // the instant of the operation that wrote it
}

// setAmount sets the entry's change to amt in one bucket and zero in the
// other.
func (e *Entry) setAmount(c pricing.Currency, amt pricing.Money, pending bool) {
	if pending {
		e.Available, e.Pending = pricing.Zero(c), amt
	} else {
		e.Available, e.Pending = amt, pricing.Zero(c)
	}
}

// Lot is bonus added by one entry (an accrual, a promo grant, a conversion
// into bonus), tracked until spent, reversed or expired.
type Lot struct {
	ID          uint64        // unique per member and program, increasing
	Tx          string        // the transaction that created it
	Rule        string        // as in its creating Entry
	Amount      pricing.Money // as created
	Remaining   pricing.Money // not yet spent, reversed or expired; zero closes the lot
	Pending     bool          // still in its lock period
	AvailableAt time.Time     // end of the lock period
	ExpiresAt   time.Time     // zero: never expires
}

// Op names a ledger operation, as recorded for idempotency.
type Op uint8

// The operations.
const (
	OpAccrue       Op = iota + 1 // Ledger.Accrue
	OpRedeem                     // Ledger.Redeem
	OpRefund                     // Ledger.Refund
	OpPromo                      // Ledger.RedeemPromo
	OpConvertIn                  // Ledger.ConvertIn
	OpConvertOut                 // Ledger.ConvertOut
	OpDiscount                   // Ledger.RedeemDiscount
	OpSIMReward                  // PartnerLedger.RewardSIM
	OpTrafficShare               // PartnerLedger.ShareTraffic
	OpReverse                    // PartnerLedger.Reverse
	OpPayout                     // PartnerLedger.Payout
)

// Result is what a ledger operation did. A repeated submission of the same
// transaction returns the Result of the first. On a partner's account
// (PartnerLedger) Bonus is the partner's earnings credited, reversed or
// paid out.
type Result struct {
	Tx string // the transaction ID
	Op Op     // the operation
	// Bonus is the bonus accrued, redeemed, reversed, granted or converted.
	Bonus pricing.Money
	// Shortfall (Refund only) is the part of the reversal due that could not
	// be taken back because that bonus was already spent or expired.
	Shortfall pricing.Money
	// Units (ConvertIn and ConvertOut) is the quantity of the other unit
	// taken or delivered.
	Units decimal.Decimal
	// Rule (RedeemDiscount) is the ID of the discount granted, whose
	// amount off is Bonus; "" for every other operation.
	Rule string
}

// TxRecord is what the store keeps per transaction ID for idempotency
// and refunds.
type TxRecord struct {
	ID          string // the transaction ID
	Op          Op     // the operation that recorded it
	Fingerprint string // the request's content, to tell a replay from a conflict
	Result      Result // returned again on a replay
	// Amount and Refunded (accruals, and a partner's SIM rewards and
	// traffic shares): the amount the bonus was earned on (the
	// transaction's; the SIM's price; the traffic revenue) and the part of
	// it refunded or reversed so far. A discount redemption keeps the
	// purchase amount in Amount.
	Amount   pricing.Money // the amount earned on
	Refunded pricing.Money // refunded so far
	// FirstLot and LastLot (accruals, SIM rewards, traffic shares) are the
	// IDs of the lots the transaction created, which are consecutive; both
	// zero if it earned nothing. A refund reads only these lots.
	FirstLot, LastLot uint64
}

// Balance is a member's bonus in a program.
type Balance struct {
	Available pricing.Money // spendable
	Pending   pricing.Money // in its lock period, not spendable
}

// Total returns Available + Pending.
func (b Balance) Total() pricing.Money {
	t, _ := b.Available.Add(b.Pending) // both are in the program currency
	return t
}
