// Package entitlement computes what an account actually gets: its effective
// service configuration at an instant, from a catalog and the account's
// products and settings.
//
// # Entry points
//
//   - NewResolver compiles a catalog once (interned indexes, fixed-point
//     numbers, interned conflict keys); Resolver.Resolve then resolves
//     accounts concurrently, allocating only its result.
//   - Resolver.Assign, Unassign and ChangeMain change an account (returning a
//     new value) under the assignment rules.
//   - Config answers what is enabled and with which values, with provenance
//     (Config.Feature, Config.Attribute), Explain prints it, Diff lists what
//     provisioning must change between two configurations.
//   - Config.Quota, Resolver.UpgradeCandidates and Resolver.CheckQuota treat
//     a numeric attribute as a quota: crossed thresholds and the changes that
//     raise it enough.
//
// # Resolution rules
//
// Layers, lowest precedence first: catalog defaults; the main product; the
// add-ons active at the instant, in ascending override priority (ties broken
// by product ID, which matters only for provenance since equal-priority
// differences are refused); the account's own settings.
//
//   - A layer affects only what it explicitly defines.
//   - Feature states and override attributes: the highest layer that defines
//     them wins. Two add-ons of equal priority that define the same feature
//     state or override attribute with different values are a conflict:
//     Resolve fails with a *ConflictError naming the feature (and attribute)
//     and both add-ons. Equal values are not a conflict. Band-rule values are
//     compared after evaluation, so two definitions that give this account
//     the same value do not conflict. A conflict is reported even when a
//     higher-priority add-on would override both.
//   - Sum, max, min and union attributes combine every product layer that
//     defines them; for sum an add-on's value counts once per unit of its
//     quantity. Union keeps each item once, lowest layer's items first. An
//     account value, where the scope allows one, replaces the result.
//   - Account settings override products: any feature state, and attributes
//     of scope account or both. An account value for a product-scoped
//     attribute is a *ScopeError; a value of the wrong type or outside its
//     constraints is a *ValueError.
//   - A band rule is evaluated against the account's Facts; a missing fact is
//     a *MissingFactError.
//   - An enabled feature whose required attribute has no value after
//     resolution (no layer and no default) is a *MissingRequiredError.
//   - Attributes of a disabled feature are absent.
//   - Determinism: the result does not depend on the order of assignments.
//     Several assignments of one add-on active at once add their quantities.
//   - Resolve enforces the assignment rules too (allowed main product,
//     requires, excludes, maximum quantity), so a stored account the catalog
//     no longer permits fails with the same typed errors as Assign.
//
// Every error is typed, names the IDs involved, and matches a sentinel with
// errors.Is (ErrConflict, ErrNotAllowed, ...).
//
// # Assignment periods
//
// An assignment is active at t when From <= t < Until (zero From: since
// always; zero Until: open-ended). Assign checks the rules at the instant
// the assignment takes effect. ChangeMain treats the account as describing
// the configuration from the change on: it drops the assignments of add-ons
// the new main product does not allow, and of add-ons that require a
// dropped one.
//
// # Quotas
//
// A threshold is a percentage of the quota; it is crossed when usage >=
// quota × threshold / 100. CheckQuota offers the candidates whose quota
// leaves usage below the lowest threshold.
package entitlement
