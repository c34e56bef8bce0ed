// Package pricing answers "what does it cost, and why?". So far it holds
// its foundation, Money: an exact decimal amount in an ISO 4217 currency.
//
// # Money
//
// A Money is built only from strings and integers, never from floats:
//
//	price, err := pricing.ParseMoney("12.30", "EUR")
//	fee := pricing.FromMinor(1230, pricing.EUR) // 12.30 EUR
//	m := pricing.NewMoney(decimal.RequireFromString("0.125"), pricing.EUR)
//
// Rules:
//
//   - Arithmetic never mixes currencies: Add, Sub and Cmp of amounts in two
//     currencies return an error wrapping ErrCurrencyMismatch naming both
//     codes. Mul takes a decimal factor, not a Money.
//   - Amounts are exact. Rounding to the currency's minor unit (JPY 0,
//     EUR 2, KWD 3) happens only when Round is called, with a named mode:
//     HalfAwayFromZero (the zero value and the billing convention) or
//     HalfEven. Round once per line item, not per intermediate step.
//   - Division is never done with shopspring's Div, whose precision is a
//     package-level variable; where a share is needed, Allocate and Split
//     divide in minor units by the largest-remainder method so the parts
//     always sum to the whole exactly.
//   - Nothing in this package reads or writes shopspring's package-level
//     variables, so formatting does not change when a host sets them.
//   - JSON is {"amount":"12.30","currency":"EUR"}, the amount a string;
//     decoding is strict (unknown fields, missing fields, numbers for the
//     amount, trailing data and unknown currencies are errors).
//   - The zero Money is zero in no currency; see Money.
package pricing
