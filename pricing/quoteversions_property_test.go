package pricing_test

import (
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// oneVersion returns book and the telco catalog as sets of one version.
func oneVersion(book *pricing.Book) (*pricing.BookVersions, *entitlement.Versioned) {
	return pricing.MustNewBookVersions(pricing.BookVersion{ID: "only", Book: book}),
		entitlement.NewVersioned(catalog.MustNewVersions(catalog.Version{ID: "only", Catalog: telcoCatalog}))
}

// continues reports whether an assignment of a starts where an identical
// one ends: the one case where a versioned quote and NewQuote differ by
// rule (see TestVersionedQuoteContinuationIsNoNewPurchase).
func continues(a entitlement.Account) bool {
	for _, x := range a.AddOns {
		for _, y := range a.AddOns {
			if x.AddOn == y.AddOn && x.Qty() == y.Qty() && !x.Until.IsZero() && x.Until.Equal(y.From) {
				return true
			}
		}
	}
	return false
}

// sameQuote fails t unless want and got are the same quote line for line,
// or the same error.
func sameQuote(t *rapid.T, want pricing.Quote, wantErr error, got pricing.Quote, gotErr error) {
	t.Helper()
	if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
		t.Fatalf("errors differ: %v, then %v", wantErr, gotErr)
	}
	if diff := gocmp.Diff(want, got, quoteOpts); diff != "" {
		t.Fatalf("quotes differ (-want +got):\n%s", diff)
	}
}

// Law: with one version of the books and one of the catalog, a versioned
// quote is NewQuote's, line for line (or the same error), on random
// accounts and usage: dated add-ons with discount plans, and histories of
// main products and assignments rated on four meters; and a versioned
// history is QuoteHistory's, for the account cut into two versions of it.
func propVersionedOneVersionIsNewQuote(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	var (
		book  *pricing.Book
		acct  entitlement.Account
		usage []pricing.UsageRecord
	)
	if rapid.Bool().Draw(t, "histories") {
		book = usageBookGen(pricing.AllowanceProrated, pricing.AllowanceFull).Draw(t, "book")
		acct = historyGen(r, false).Draw(t, "account")
		usage = recordsGen.Draw(t, "usage")
	} else {
		book = bookGen.Draw(t, "book")
		acct = datedAccountGen.Draw(t, "account")
		usage = usageGen.Draw(t, "usage")
	}
	if continues(acct) {
		t.Skip("an assignment continues another")
	}
	books, v := oneVersion(book)
	if rapid.IntRange(0, 3).Draw(t, "history?") == 0 {
		cut := nov.Start.Add(time.Duration(rapid.IntRange(1, 30*86400-1).Draw(t, "cut second")) * time.Second)
		later := acct.Clone()
		if later.Facts == nil {
			later.Facts = map[string]decimal.Decimal{}
		}
		later.Facts["arpu"] = later.Facts["arpu"].Add(decimal.NewFromInt(int64(rapid.IntRange(0, 100).Draw(t, "arpu rise"))))
		history := []pricing.Segment{{Account: acct}, {From: cut, Account: later}}
		want, wantErr := pricing.QuoteHistory(book, r, history, nov, usage)
		got, gotErr := pricing.VersionedQuoteHistory(books, v, history, nov, usage)
		sameQuote(t, want, wantErr, got, gotErr)
		return
	}
	want, wantErr := pricing.NewQuote(book, r, acct, nov, usage)
	got, gotErr := pricing.NewVersionedQuote(books, v, acct, nov, usage)
	sameQuote(t, want, wantErr, got, gotErr)
}

func TestVersionedOneVersionIsNewQuote(t *testing.T) {
	rapid.Check(t, propVersionedOneVersionIsNewQuote)
}

func FuzzVersionedOneVersionIsNewQuote(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propVersionedOneVersionIsNewQuote))
}

// Law: moving an account sold under v1 to v2 and back at the same instant
// changes nothing billed for a period starting at or after the move,
// whenever v2 takes over existing holdings (never, or on a random day of
// the period, for the books and the catalog apart).
func propVersionedMoveAndBackIsNoMove(t *rapid.T) {
	existing := func(label string) time.Time {
		if rapid.Bool().Draw(t, label+"?") {
			return time.Time{}
		}
		return dayStart(rapid.IntRange(0, 29).Draw(t, label))
	}
	books, v := telcoVersions(t, existing("book existing"), existing("catalog existing"), nil)
	acct := datedAccountGen.Draw(t, "account")
	for i := range acct.AddOns {
		acct.AddOns[i].Terms = september1 // sold under v1, wherever they start
	}
	// A move at the half hour (the generator's instants are whole hours),
	// or at the start of the period.
	at := nov.Start
	if rapid.IntRange(0, 3).Draw(t, "at the start?") > 0 {
		at = nov.Start.Add(-time.Duration(rapid.IntRange(1, 12*24).Draw(t, "hours before")) * time.Hour).Add(30 * time.Minute)
	}
	for _, asg := range acct.AddOns {
		if asg.From.Equal(at) {
			t.Skip("an assignment starts at the move") // it could continue the one the move ends
		}
	}
	there, err := v.Move(acct, "v2", at)
	if err != nil {
		t.Skipf("cannot move: %v", err)
	}
	back, err := v.Move(there, "v1", at)
	if err != nil {
		t.Fatalf("cannot move back: %v", err)
	}
	usage := usageGen.Draw(t, "usage")
	want, wantErr := pricing.NewVersionedQuote(books, v, acct, nov, usage)
	got, gotErr := pricing.NewVersionedQuote(books, v, back, nov, usage)
	sameQuote(t, want, wantErr, got, gotErr)
}

func TestVersionedMoveAndBackIsNoMove(t *testing.T) { rapid.Check(t, propVersionedMoveAndBackIsNoMove) }

func FuzzVersionedMoveAndBackIsNoMove(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propVersionedMoveAndBackIsNoMove))
}
