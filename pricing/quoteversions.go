package pricing

import (
	"fmt"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// NewVersionedQuote quotes account acct for period p with its usage, each
// holding under its terms: priced by the price-book version governing it
// and resolved by v against the catalog version governing it. It is
// NewQuote across versions; see VersionedQuoteHistory for the rules.
func NewVersionedQuote(books *BookVersions, v *entitlement.Versioned, acct entitlement.Account, p Period, usage []UsageRecord, opts ...QuoteOption) (Quote, error) {
	return VersionedQuoteHistory(books, v, []Segment{{Account: acct}}, p, usage, opts...)
}

// VersionedQuoteHistory is QuoteHistory across price-book and catalog
// versions: the same lines, in the same order, with each holding (the main
// product of a main period, an add-on assignment) priced at each instant
// by the book version governing it then, BookVersions.Governing of its
// product and its terms instant (Assignment.Terms, MainPeriod.Terms,
// Account.MainTerms; zero: the holding's From), and every piece of the
// period resolved by v.Resolve, each holding under the catalog version
// governing it. Rules:
//
//   - The period is also cut where what governs a holding can change: at
//     each Existing instant of a book version or a catalog version, and at
//     each catalog version's From (service definitions change for
//     everyone). A recurring line is split there only when the charges of
//     that holding change: a holding passing between two versions that
//     price its product identically (the same charges, field by field)
//     keeps one line. A price rise that takes effect for existing
//     accounts mid-period gives two lines, one per span, each prorated by
//     its days. With one version of each, the lines are NewQuote's.
//   - Usage is rated at each record's instant by the charge of the book
//     version governing the rating product's holding then; runs of
//     different charges are different lines, in the order of their
//     charges in their books, then in time order. When one add-on is held
//     twice at once under different terms, the holding under the newer
//     version rates. Allowances are granted as QuoteHistory grants them,
//     from the configurations v resolves.
//   - One-time charges are those of the book version governing the
//     holding at its start. An assignment that starts exactly where an
//     assignment of the same add-on and quantity ends (what
//     entitlement.Versioned.Move leaves when it moves a holding) continues
//     it: it has no one-time charge, the two are one recurring line while
//     the same charges price them, and one allowance grant. A main
//     product that continues itself under new terms has no one-time
//     charge either. NewQuote and QuoteHistory keep treating such an
//     assignment as a new purchase.
//   - Volume discounts are those of the discount plans of the book version
//     governing the main product at the end of the period, applied to the
//     products assigned then, as QuoteHistory applies them.
//
// Errors are QuoteHistory's; a nil or empty books is ErrInvalidQuote
// wrapping ErrNoBook, a nil v or one without catalog versions
// ErrInvalidQuote wrapping entitlement.ErrNoCatalog. Products are named by
// the catalog version in force at the end of the period unless WithCatalog
// says otherwise. Cost: QuoteHistory's plus, per holding, a few binary
// searches per version instant in the period; resolution costs what
// v.Resolve costs (a composed catalog is built the first time a
// combination of terms is met, then kept by v).
func VersionedQuoteHistory(books *BookVersions, v *entitlement.Versioned, history []Segment, p Period, usage []UsageRecord, opts ...QuoteOption) (Quote, error) {
	if err := checkVersions(books, v); err != nil {
		return Quote{}, err
	}
	if err := checkRequest(history, p, usage); err != nil {
		return Quote{}, err
	}
	set := v.Versions()
	o := newOptions(opts)
	if o.cat == nil {
		o.cat = set.View(max(set.IndexAt(p.End.Add(-time.Nanosecond)), 0))
	}
	cats := make([]*catalog.Catalog, set.Len())
	for i := range cats {
		cats[i] = set.View(i)
	}
	rel := newRelevance(cats[0], cats[1:], nil, books, history)
	t := terms{vs: newVersionTerms(books, v)}
	return quote(t, rel, books.Book(books.Len()-1), history, p, usage, o)
}

// RankVersionedUpgrades is RankUpgrades across price-book versions: each
// holding of acct and of every candidate is priced by the book version
// governing it (see VersionedQuoteHistory), so a candidate sold at now is
// priced by the version in force for new sales then, and the holdings it
// keeps or drops keep their own prices, split where a version with
// Existing starts pricing them. The candidates carry their configurations
// (entitlement.Versioned's UpgradeCandidates or CheckQuota), so no
// catalog is needed. Errors are RankUpgrades'; a nil or empty books is
// ErrInvalidQuote wrapping ErrNoBook. Cost: RankUpgrades' plus, per
// holding, a few binary searches per book Existing instant in the period.
func RankVersionedUpgrades(books *BookVersions, acct entitlement.Account, cands []entitlement.Candidate, p Period, now time.Time, opts ...QuoteOption) ([]Offer, error) {
	if books.Len() == 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalidQuote, ErrNoBook)
	}
	return rank(terms{vs: newVersionTerms(books, nil)}, books.Currency(), acct, cands, p, now, opts)
}

// checkVersions refuses a nil or empty books (ErrNoBook) or v
// (entitlement.ErrNoCatalog), wrapped in ErrInvalidQuote.
func checkVersions(books *BookVersions, v *entitlement.Versioned) error {
	if books.Len() == 0 {
		return fmt.Errorf("%w: %w", ErrInvalidQuote, ErrNoBook)
	}
	if v.Versions().Len() == 0 {
		return fmt.Errorf("%w: %w", ErrInvalidQuote, entitlement.ErrNoCatalog)
	}
	return nil
}
