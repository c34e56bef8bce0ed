package pricing

import (
	"github.com/tariffkit/tariff/entitlement"
)

// MigrationPrice is what moving one account to another catalog version
// changes on its bill for a period: what billing sees, beside what
// entitlement.Migration lists for provisioning.
type MigrationPrice struct {
	Migration entitlement.Migration
	// Before and After quote the period for the account as it is
	// (Migration.Account) and as moved (Migration.Moved).
	Before, After Quote
	// BeforeTotal and AfterTotal are their totals in the books' currency.
	BeforeTotal, AfterTotal Money
	// Removed lists the lines of Before that After does not have, Added
	// the lines of After that Before does not have, each in its quote's
	// order: a line is matched with an equal one (the same product,
	// charge, kind, span, quantities, amount and description) at most
	// once. Both are empty when the move changes nothing billing sees.
	Removed, Added []Line
	// Err is set when the account cannot be priced: the migration's own
	// Err, passed through, or the error quoting it returned. Every other
	// field but Migration is then zero.
	Err error
}

// Changed reports whether the move changes the account's bill for the
// period.
func (m MigrationPrice) Changed() bool { return len(m.Removed) > 0 || len(m.Added) > 0 }

// Difference returns AfterTotal minus BeforeTotal: what the move adds to
// the period's bill (negative when it lowers it). It is zero when Err is
// set.
func (m MigrationPrice) Difference() Money {
	d, err := m.AfterTotal.Sub(m.BeforeTotal)
	if err != nil {
		return Money{}
	}
	return d
}

// PriceMigrations prices the migrations entitlement.Versioned.Migrate
// reports: for each, in the order given, it quotes period p for the
// account as it is and as moved, with NewVersionedQuote, and lists the
// totals and the lines that differ. usage gives each account's usage
// records by account ID (nil, or no entry: none; usage charges then show
// at zero usage). A migration whose Err is set is passed through with
// that error; one whose quote fails carries the quote's error. Only a nil
// or empty books or v (ErrInvalidQuote, as for VersionedQuoteHistory) or
// an invalid period fails the whole report. Cost: two versioned quotes
// per migration.
func PriceMigrations(books *BookVersions, v *entitlement.Versioned, ms []entitlement.Migration, p Period, usage map[string][]UsageRecord, opts ...QuoteOption) ([]MigrationPrice, error) {
	if err := checkVersions(books, v); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	out := make([]MigrationPrice, len(ms))
	for i, m := range ms {
		out[i] = priceMigration(books, v, m, p, usage[m.Account.ID], opts)
	}
	return out, nil
}

func priceMigration(books *BookVersions, v *entitlement.Versioned, m entitlement.Migration, p Period, usage []UsageRecord, opts []QuoteOption) MigrationPrice {
	mp := MigrationPrice{Migration: m, Err: m.Err}
	if m.Err != nil {
		return mp
	}
	before, err := NewVersionedQuote(books, v, m.Account, p, usage, opts...)
	if err != nil {
		return MigrationPrice{Migration: m, Err: err}
	}
	after, err := NewVersionedQuote(books, v, m.Moved, p, usage, opts...)
	if err != nil {
		return MigrationPrice{Migration: m, Err: err}
	}
	cur := books.Currency()
	mp.Before, mp.After = before, after
	mp.BeforeTotal, mp.AfterTotal = before.Total(cur), after.Total(cur)
	mp.Removed, mp.Added = diffLines(before.Lines, after.Lines), diffLines(after.Lines, before.Lines)
	return mp
}

// diffLines returns the lines of a that b does not have, each line of b
// matching one line of a at most.
func diffLines(a, b []Line) []Line {
	used := make([]bool, len(b))
	var out []Line
	for i := range a {
		k := -1
		for j := range b {
			if !used[j] && sameLine(&a[i], &b[j]) {
				k = j
				break
			}
		}
		if k < 0 {
			out = append(out, a[i])
			continue
		}
		used[k] = true
	}
	return out
}

// sameLine reports whether x and y bill the same thing: the same product,
// charge, kind, model, span, quantities, tier, amount and description,
// and the same discount entry on a discount line.
func sameLine(x, y *Line) bool {
	if x.Product != y.Product || x.Charge != y.Charge || x.Kind != y.Kind || x.Model != y.Model || x.Tier != y.Tier ||
		x.Days != y.Days || x.PeriodDays != y.PeriodDays || x.TrueUp != y.TrueUp || x.Description != y.Description ||
		!x.From.Equal(y.From) || !x.Until.Equal(y.Until) || !x.Amount.Equal(y.Amount) ||
		!x.Quantity.Equal(y.Quantity) || !x.Included.Equal(y.Included) || x.IsDiscount() != y.IsDiscount() {
		return false
	}
	if x.IsDiscount() {
		dx, dy := x.Discount, y.Discount
		return dx.Plan == dy.Plan && dx.Product == dy.Product && dx.Entry.Charge == dy.Entry.Charge &&
			dx.Entry.MinVolume.Equal(dy.Entry.MinVolume) && dx.Entry.Percent.Equal(dy.Entry.Percent)
	}
	return true
}
