// Package catalogs holds catalog JSON files that examples, tests and
// benchmarks share, embedded so that any program can import them.
package catalogs

import _ "embed"

// Telco is a realistic telco catalog in the catalog JSON format (see package
// github.com/tariffkit/tariff/catalog), built from the add-on products seed:
// main products Basic Call (50 domestic SMS, 100 minutes to US and Canada),
// EasyCall (basic services only: no add-on allows it) and Smart Call (call
// forwarding to 10 numbers); add-ons Smart Call (conferencing off, priority
// 10) and Conferencing+ (conferencing on, priority 20); Unconditional
// forwarding and Advanced forwarding, which set call waiting differently at
// the same priority and exclude nothing (the conflict lint reports); Easy SMS
// (150 SMS, up to 3) in the SMS Bundles group; Carnival 200 (200 minutes to
// Brazil) and IVR calling in the Voice calls group; and Mailbox Plus, whose
// mailbox storage is a band rule over the account fact arpu (below 50 → 5
// GB, below 100 → 10 GB, otherwise 25 GB).
//
// The file is exactly what catalog.Definition.MarshalJSON writes for it,
// followed by a newline; package catalog's tests check that decoding and
// re-encoding it gives the same bytes, so edit it by regenerating it.
//
//go:embed telco.json
var Telco []byte

// TelcoPrices is a price book for Telco in the price book JSON format (see
// package github.com/tariffkit/tariff/pricing), in EUR: monthly fees for
// every main product (Basic Call 9.99, EasyCall 4.99, Smart Call 24.99 plus
// a 15.00 setup fee) and add-on (Easy SMS 2.00, Carnival 200 5.00,
// Conferencing+ 3.50, Smart Call 1.50, each forwarding add-on 1.00, IVR
// calling 2.50, Mailbox Plus 1.99); usage beyond the configuration's
// allowances for domestic SMS (0.05), minutes to US and Canada (graduated)
// and to Brazil (0.12, EasyCall 0.15, no allowance), and mailbox storage
// beyond the included GB (volume tiers), each usage charge named for the
// customer ("Domestic SMS", "Minutes to Brazil") with the unit of its
// meter (SMS, min, GB); volume discount plans on Brazil minutes for Smart
// Call (5 % from 50 minutes) and Carnival 200 (10 % from 100, 20 % from
// 500). Every assignable Telco product has a charge, so the book validates
// against Telco with no revenue leakage.
//
// The file is exactly what pricing's Book.MarshalJSON writes for it,
// followed by a newline; package pricing's tests check that, so edit it by
// regenerating it.
//
//go:embed telco-prices.json
var TelcoPrices []byte

// TelcoVersions is Telco over two catalog versions, in the catalog set JSON
// format (see catalog.DecodeVersions): "2026-01", in force since always, is
// Telco itself; "2026-07", in force for sales from 1 July 2026, raises Basic
// Call's domestic SMS from 50 to 100 for new customers, retires Carnival 200
// and introduces Carnival 300 (300 minutes to Brazil) in the Voice calls
// group. Customers sold under 2026-01 keep its terms until they are moved.
//
// The file is exactly what catalog.Versions.MarshalJSON writes for it,
// followed by a newline; package catalog's tests check that.
//
//go:embed telco-versions.json
var TelcoVersions []byte

// TelcoPriceVersions prices TelcoVersions over three price-book versions,
// in the price-book set JSON format (see pricing.DecodeBookVersions):
// "2026-01" is TelcoPrices; "2026-07", for sales from 1 July 2026, raises
// Basic Call from 9.99 to 11.99 a month for new customers and prices
// Carnival 300 at 6.00 (with Carnival 200's Brazil discount plan); "2026-11"
// has the same prices and governs existing customers too from 16 November
// 2026, so that every Basic Call customer pays 11.99 from then on, while
// Carnival 200 stays at 5.00 for those who still hold it. The set validates
// against TelcoVersions with no revenue leakage.
//
// The file is exactly what pricing.BookVersions.MarshalJSON writes for it,
// followed by a newline; package pricing's tests check that.
//
//go:embed telco-price-versions.json
var TelcoPriceVersions []byte
