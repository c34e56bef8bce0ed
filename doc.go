// Package tariff is the root of an embeddable product-catalog, entitlement,
// pricing and loyalty library for telco, ISP and SaaS billing code.
//
// It holds no logic. The work is done by four packages, each answering one
// question a billing team answers today with hand-written rules:
//
//   - [github.com/tariffkit/tariff/catalog]: what may be sold together?
//     Service types, features, typed attributes, main products, add-ons with
//     override priorities, compatibility lists, product groups. A Catalog is
//     built once, validated in one pass (every problem reported with a path),
//     and then shared by all goroutines without locks. Lint finds add-ons that
//     would conflict when a customer orders both.
//   - [github.com/tariffkit/tariff/entitlement]: what does this account actually
//     get? Resolves an account's effective service configuration at an instant
//     from catalog defaults, its main product, its add-ons and its own
//     settings, with provenance for every value.
//   - [github.com/tariffkit/tariff/pricing]: what does it cost, and why? Money
//     with currencies, price models (flat, per unit, graduated and volume tiers,
//     package, percentage), proration, rating of usage and quotes whose every
//     line explains itself.
//   - [github.com/tariffkit/tariff/loyalty]: what bonus did this purchase earn?
//     Programs, earn rules, partner attribution, promo codes and a per-member
//     ledger that never loses a cent.
//
// Dependencies point one way: catalog imports nothing of ours; entitlement
// imports catalog; pricing imports catalog and entitlement; loyalty imports
// pricing for Money. Every package is pure: it computes on values it is given.
// Time is always an argument, never read from the clock. State that must change
// atomically under concurrent use (a member's ledger, a promo code's redemption
// count) goes through small store interfaces that the host implements; the
// library ships an in-memory implementation and a conformance suite for each.
//
// Start with the catalog package: build a catalog with catalog.New or decode
// one with catalog.Decode, then read the examples under examples/.
package tariff
