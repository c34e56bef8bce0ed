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
