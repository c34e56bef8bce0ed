// Package entitlementtest lets a host test its own catalog the way
// testing/fstest lets it test a file system: rapid generators of the
// accounts a customer could order, and a ready check that every one of them
// resolves.
//
// A host runs it in CI against its real catalog:
//
//	func TestCatalogResolves(t *testing.T) {
//	    entitlementtest.Check(t, myCatalog, entitlementtest.Options{})
//	}
//
// A failure names the smallest orderable account that does not resolve
// (an equal-priority conflict, a missing required attribute, a missing
// fact) with the resolver's error.
//
// A catalog that keeps a conflict on purpose (two variants a customer must
// choose between) declares it in Options.KnownConflicts; a test that wants a
// catalog to fail — a deliberately broken fixture, or proof that the check
// catches a mistake — calls CheckFails, which returns the smallest failing
// account.
//
// What it writes: nothing, by default. rapid saves a failing case to
// testdata/rapid/<test name>/<test name>-<time>-<pid>.fail in the directory
// of the package under test and replays it on later runs; Check does so
// only with Options.FailFiles set, and CheckFails never. Heavier runs take
// rapid's own flags: go test -rapid.checks=10000.
package entitlementtest

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// Options tune the generators and the check. The zero Options is ready to
// use.
type Options struct {
	// At is the instant accounts are resolved at. Generated assignments have
	// no period, so it matters only to hosts that post-process accounts.
	At time.Time
	// MaxAddOns caps how many distinct add-ons an account draws before
	// requirements are added (0 means 8). A negative cap fails the test.
	MaxAddOns int
	// Facts gives a generator per fact name. A fact that a band rule of the
	// catalog reads and that is not listed here, or whose generator is nil,
	// is drawn from 0.00–1000.00.
	Facts map[string]*rapid.Generator[decimal.Decimal]
	// Report, when set, is called with every account that fails to resolve
	// and its error; the last call is the shrunk counterexample.
	Report func(entitlement.Account, error)
	// KnownConflicts lists pairs of add-ons whose equal-priority conflict
	// the catalog keeps on purpose (two variants a customer must choose
	// between, refused at assignment). Generated accounts never hold both
	// add-ons of a pair, so the check looks for every other failure. A
	// pair that names something other than an add-on of the catalog, or
	// that Lint no longer reports as a conflict, fails the test with
	// ErrOptions: a stale entry would hide nothing and mislead.
	KnownConflicts [][2]string
	// FailFiles lets rapid save a failing case, as it does by default for
	// rapid.Check: a file under testdata/rapid/<test name>/ in the
	// directory of the package under test, replayed on every later run
	// until it is deleted. The zero Options writes nothing: Check and
	// CheckFails run with rapid's -rapid.nofailfile set, so a host's CI
	// leaves its module untouched. CheckFails never writes one.
	FailFiles bool
}

// Accounts returns a generator of the accounts a customer could order over
// c: a main product; add-ons its allowed list permits, each within its
// maximum quantity; every add-on they require (transitively), and none they
// exclude; and a value for every fact a band rule of c reads.
// Equal-priority conflicts are not filtered out: finding them is the point.
// The generator needs at least one main product in c: without one it skips
// the test case; with a nil c it fails it with entitlement.ErrNoCatalog,
// with a negative Options.MaxAddOns with ErrOptions.
func Accounts(c *catalog.Catalog, opts Options) *rapid.Generator[entitlement.Account] {
	if err := check(c, opts); err != nil {
		return rapid.Custom(func(t *rapid.T) entitlement.Account {
			t.Fatalf("%v", err)
			return entitlement.Account{}
		})
	}
	maxAddOns := opts.MaxAddOns
	if maxAddOns <= 0 {
		maxAddOns = 8
	}
	mains := c.MainProductIDs()
	facts := bandFacts(c)
	return rapid.Custom(func(t *rapid.T) entitlement.Account {
		if len(mains) == 0 {
			t.Skip("the catalog has no main product")
		}
		a := entitlement.Account{ID: "generated", Main: rapid.SampledFrom(mains).Draw(t, "main")}
		var chosen []string
		if allowed := c.AddOnsFor(a.Main); len(allowed) > 0 {
			chosen = rapid.SliceOfNDistinct(rapid.SampledFrom(allowed), 0, min(maxAddOns, len(allowed)),
				rapid.ID[string]).Draw(t, "add-ons")
		}
		for _, id := range orderable(c, a.Main, chosen, opts.KnownConflicts) {
			p, _ := c.Product(id)
			qty := rapid.IntRange(1, p.MaxQty()).Draw(t, "quantity of "+id)
			a.AddOns = append(a.AddOns, entitlement.Assignment{AddOn: id, Quantity: qty})
		}
		for _, f := range facts {
			gen := opts.Facts[f]
			if gen == nil {
				gen = defaultFact
			}
			if a.Facts == nil {
				a.Facts = map[string]decimal.Decimal{}
			}
			a.Facts[f] = gen.Draw(t, "fact "+f)
		}
		return a
	})
}

var defaultFact = rapid.Custom(func(t *rapid.T) decimal.Decimal {
	return decimal.New(int64(rapid.IntRange(0, 100_000).Draw(t, "cents")), -2)
})

// orderable turns the drawn add-ons into a set the assignment rules accept:
// in draw order, an add-on is kept with everything it requires when the main
// product allows all of them and none is excluded by, or excludes, what is
// already kept. The pairs of known conflicts count as exclusions.
func orderable(c *catalog.Catalog, main string, drawn []string, known [][2]string) []string {
	excluded := func(x, y string) bool {
		return c.Excluded(x, y) || slices.ContainsFunc(known, func(p [2]string) bool {
			return p == [2]string{x, y} || p == [2]string{y, x}
		})
	}
	var kept []string
	for _, id := range drawn {
		closure := requiresClosure(c, id)
		ok := true
		for _, x := range closure {
			if !c.Allows(x, main) {
				ok = false
			}
			for _, k := range kept {
				if excluded(x, k) {
					ok = false
				}
			}
			for _, y := range closure {
				if x != y && excluded(x, y) {
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		for _, x := range closure {
			if !slices.Contains(kept, x) {
				kept = append(kept, x)
			}
		}
	}
	return kept
}

// requiresClosure returns id and every add-on it requires, transitively.
func requiresClosure(c *catalog.Catalog, id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		p, _ := c.Product(out[i])
		for _, r := range p.Requires {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// bandFacts returns, sorted, the facts the catalog's band rules read.
func bandFacts(c *catalog.Catalog) []string {
	var out []string
	for i := range c.NumProducts() {
		for _, s := range c.ProductValues(i) {
			if r := s.Value.Rule(); r != nil && !slices.Contains(out, r.Fact) {
				out = append(out, r.Fact)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Property returns the property Check runs — every account Accounts
// generates resolves — for use with rapid.Check, rapid.MakeCheck or
// rapid.MakeFuzz. With a nil c the property fails with
// entitlement.ErrNoCatalog, with a negative Options.MaxAddOns with
// ErrOptions.
func Property(c *catalog.Catalog, opts Options) func(*rapid.T) {
	if err := check(c, opts); err != nil {
		return func(t *rapid.T) { t.Fatalf("%v", err) }
	}
	r := entitlement.NewResolver(c)
	gen := Accounts(c, opts)
	return func(t *rapid.T) {
		a := gen.Draw(t, "account")
		if _, err := r.Resolve(a, opts.At); err != nil {
			if opts.Report != nil {
				opts.Report(a, err)
			}
			t.Fatalf("an orderable account does not resolve: %v", err)
		}
	}
}

// Check fails t with the smallest orderable account over c that does not
// resolve, and passes when rapid finds none. A nil c fails t at once with
// entitlement.ErrNoCatalog, a negative Options.MaxAddOns with ErrOptions.
func Check(t rapid.TB, c *catalog.Catalog, opts Options) {
	t.Helper()
	if err := check(c, opts); err != nil {
		t.Fatalf("%v", err)
		return
	}
	withFailFiles(opts.FailFiles, func() { rapid.Check(t, Property(c, opts)) })
}

// ErrOptions is the error a test fails with when its Options are invalid.
var ErrOptions = errors.New("entitlementtest: invalid options")

// check returns the error a test over c with opts must fail with, if any.
func check(c *catalog.Catalog, opts Options) error {
	if c == nil {
		return fmt.Errorf("entitlementtest: %w", entitlement.ErrNoCatalog)
	}
	if opts.MaxAddOns < 0 {
		return fmt.Errorf("%w: MaxAddOns is %d, below 0", ErrOptions, opts.MaxAddOns)
	}
	return checkKnown(c, opts.KnownConflicts)
}
