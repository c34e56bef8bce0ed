package catalog_test

import (
	"cmp"
	"errors"
	"math/big"
	"slices"
	"strconv"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/internal/catalogtest"
	"github.com/tariffkit/tariff/internal/lintoracle"
)

var (
	// genDefinition draws valid definitions of the default size.
	genDefinition = catalogtest.Definition(catalogtest.Config{})
	// genOverlapping draws valid definitions with few features, two
	// priorities and many add-ons: equal-priority conflicts are common.
	genOverlapping = catalogtest.Definition(catalogtest.Config{
		MaxFeatures: 3, MaxAttributes: 2, MinAddOns: 3, MaxAddOns: 8, MaxMainProducts: 2, Priorities: []int{10, 20},
	})
	genFault = catalogtest.Faulty(catalogtest.Config{})
)

// valueEqual compares catalog Values and decimals with Equal, as their
// packages say to.
var valueEqual = gocmp.Options{
	gocmp.Comparer(func(a, b catalog.Value) bool { return a.Equal(b) }),
	gocmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
}

func mustNew(t interface {
	Helper()
	Fatalf(string, ...any)
}, d catalog.Definition) *catalog.Catalog {
	t.Helper()
	c, err := catalog.New(d)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func propGeneratedDefinitionsValidate(t *rapid.T) {
	mustNew(t, genDefinition.Draw(t, "definition"))
}

func TestGeneratedDefinitionsValidate(t *testing.T) {
	rapid.Check(t, propGeneratedDefinitionsValidate)
}

func FuzzGeneratedDefinitionsValidate(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propGeneratedDefinitionsValidate))
}

func checkFault(t *rapid.T, f catalogtest.Fault) {
	_, err := catalog.New(f.Def)
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("New = %v, want a *ValidationError for %s (%s)", err, f.Path, f.Code)
	}
	if !ve.HasAt(f.Path, f.Code) {
		t.Fatalf("problems do not include %s (%s):\n%v", f.Path, f.Code, ve.Problems)
	}
}

func propFaultReported(t *rapid.T) { checkFault(t, genFault.Draw(t, "fault")) }

func TestInjectedFaultReported(t *testing.T) { rapid.Check(t, propFaultReported) }

func FuzzInjectedFaultReported(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propFaultReported)) }

// TestEveryFaultKindReported checks each fault kind on its own, so that a
// rare kind is not left to chance, and that the kinds cover every code.
func TestEveryFaultKindReported(t *testing.T) {
	covered := map[catalog.Code]bool{}
	for _, kind := range catalogtest.FaultKinds() {
		gen := catalogtest.FaultOfKind(catalogtest.Config{}, kind)
		t.Run(kind, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				f := gen.Draw(t, "fault")
				covered[f.Code] = true
				checkFault(t, f)
			})
		})
	}
	for _, code := range allCodes {
		if !covered[code] {
			t.Errorf("no fault kind provokes %s", code)
		}
	}
}

// checkLint checks Lint on c against the oracles: its conflict warnings
// expand to exactly the pairwise oracle's pairs, they are the groups the
// grouping oracle builds, the other warnings are the oracle's, and every
// warning explains itself.
func checkLint(t interface {
	Helper()
	Fatalf(string, ...any)
}, c *catalog.Catalog) []catalog.Warning {
	t.Helper()
	got := c.Lint()
	if diff := gocmp.Diff(lintoracle.Conflicts(c), lintoracle.Expand(c, got)); diff != "" {
		t.Fatalf("grouped conflicts do not expand to the pairwise oracle's pairs (-oracle +Lint):\n%s", diff)
	}
	if diff := gocmp.Diff(lintoracle.Lint(c), got, valueEqual, cmpopts.IgnoreFields(catalog.Warning{}, "Detail")); diff != "" {
		t.Fatalf("Lint differs from the oracle (-oracle +Lint):\n%s", diff)
	}
	for _, w := range got {
		if w.Detail == "" {
			t.Fatalf("%s %s: no detail", w.Code, w.Path)
		}
		if w.Code == catalog.WarnConflict && len(w.Pairs()) == 0 {
			t.Fatalf("%s %s: a conflict warning without a conflicting pair", w.Code, w.Path)
		}
	}
	return got
}

// genGrouping draws definitions with one priority, few features and many
// add-ons over several main products: conflict groups of more than two
// add-ons, with exclusions inside them and pairs allowed with several main
// products, are common.
var genGrouping = catalogtest.Definition(catalogtest.Config{
	MaxFeatures: 2, MaxAttributes: 1, MinAddOns: 6, MaxAddOns: 14, MaxMainProducts: 3, Priorities: []int{10},
})

func propLintMatchesOracle(t *rapid.T) {
	gen := rapid.SampledFrom([]*rapid.Generator[catalog.Definition]{genOverlapping, genGrouping}).Draw(t, "generator")
	checkLint(t, mustNew(t, gen.Draw(t, "definition")))
}

func TestLintMatchesOracle(t *testing.T) { rapid.Check(t, propLintMatchesOracle) }

func FuzzLintMatchesOracle(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propLintMatchesOracle)) }

// TestLintOracleSeesConflicts guards the property above against vacuity: the
// generators must produce conflicts often, groups of more than two add-ons,
// groups with excluded pairs, and pairs reported by more than one warning.
func TestLintOracleSeesConflicts(t *testing.T) {
	runs, withConflicts, large, excluded, repeated := 0, 0, 0, 0, 0
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.SampledFrom([]*rapid.Generator[catalog.Definition]{genOverlapping, genGrouping}).Draw(t, "generator")
		c := mustNew(t, gen.Draw(t, "definition"))
		runs++
		pairs := lintoracle.Conflicts(c)
		if len(pairs) > 0 {
			withConflicts++
		}
		total := 0
		for _, w := range lintoracle.Groups(c) {
			total += len(w.Pairs())
			if len(w.AddOns) > 2 {
				large++
			}
			if len(w.Excluded) > 0 {
				excluded++
			}
		}
		if total > len(pairs) {
			repeated++
		}
	})
	t.Logf("%d of %d generated catalogs have conflicts; %d groups of 3 or more, %d with excluded pairs; %d catalogs with a pair in two warnings",
		withConflicts, runs, large, excluded, repeated)
	if withConflicts*10 < runs || large == 0 || excluded == 0 || repeated == 0 {
		t.Errorf("the generators do not exercise grouping enough")
	}
}

// TestLintMatchesOracleOnLargeCatalogs checks the realistic shape too: many
// definers per feature that nearly always agree.
func TestLintMatchesOracleOnLargeCatalogs(t *testing.T) {
	if testing.Short() {
		t.Skip("slow oracle")
	}
	conflicts := 0
	for seed := range uint64(4) {
		c := mustNew(t, catalogtest.Large(400, 40, seed))
		conflicts += len(lintoracle.Conflicts(c))
		checkLint(t, c)
	}
	if conflicts == 0 {
		t.Error("no conflicts in any Large catalog: the check is vacuous")
	}
}

// propCompareValuesAgreesWithEqual: the order Lint sorts values by puts
// exactly the Equal values together, and is a total order.
func propCompareValuesAgreesWithEqual(t *rapid.T) {
	gen := catalogtest.AnyValue(catalog.TypeInvalid)
	a := gen.Draw(t, "a")
	b := rapid.SampledFrom([]catalog.Value{a, respell(a), gen.Draw(t, "b")}).Draw(t, "b")
	x := rapid.SampledFrom([]catalog.Value{a, b, gen.Draw(t, "x")}).Draw(t, "x")
	ab, ba := catalog.CompareValues(a, b), catalog.CompareValues(b, a)
	if (ab == 0) != a.Equal(b) || ab != -ba {
		t.Fatalf("CompareValues(%v, %v) = %d, reversed %d; Equal = %v", a, b, ab, ba, a.Equal(b))
	}
	if ab <= 0 && catalog.CompareValues(b, x) <= 0 && catalog.CompareValues(a, x) > 0 {
		t.Fatalf("not transitive: %v <= %v <= %v but not %v <= %v", a, b, x, a, x)
	}
}

func TestCompareValuesAgreesWithEqual(t *testing.T) { rapid.Check(t, propCompareValuesAgreesWithEqual) }

func FuzzCompareValuesAgreesWithEqual(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propCompareValuesAgreesWithEqual))
}

// respell writes v's numbers with one more trailing zero: an Equal value
// with another representation.
func respell(v catalog.Value) catalog.Value {
	if r := v.Rule(); r != nil {
		bands := make([]catalog.Band, len(r.Bands))
		for i, b := range r.Bands {
			bands[i] = catalog.Band{Below: b.Below, Value: respell(b.Value)}
			if b.Below.Valid {
				bands[i].Below.Decimal = widen(b.Below.Decimal)
			}
		}
		return catalog.Banded(r.Fact, bands...)
	}
	d, _ := v.AsDecimal()
	switch v.Type() {
	case catalog.TypeDecimal:
		return catalog.Dec(widen(d))
	case catalog.TypeQuantity:
		return catalog.Qty(widen(d))
	}
	return v
}

func widen(d decimal.Decimal) decimal.Decimal {
	return decimal.NewFromBigInt(new(big.Int).Mul(d.Coefficient(), big.NewInt(10)), d.Exponent()-1)
}

func propIndexesMatchDefinition(t *rapid.T) {
	d := genDefinition.Draw(t, "definition")
	c := mustNew(t, d)
	products := d.Products
	isAddOn := func(p catalog.Product) bool { return p.Kind == catalog.KindAddOn }

	if diff := gocmp.Diff(d, c.Definition(), valueEqual, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("Definition() (-want +got):\n%s", diff)
	}
	for i, p := range products {
		if got, ok := c.ProductIndex(p.ID); !ok || got != i {
			t.Fatalf("ProductIndex(%s) = %d, %v; want %d", p.ID, got, ok, i)
		}
		if p.Kind != catalog.KindMain {
			continue
		}
		var want []catalog.Product
		for _, a := range products {
			if isAddOn(a) && slices.Contains(a.AllowedMain, p.ID) {
				want = append(want, a)
			}
		}
		slices.SortFunc(want, func(a, b catalog.Product) int {
			return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.ID, b.ID))
		})
		var wantIDs []string
		for _, a := range want {
			wantIDs = append(wantIDs, a.ID)
		}
		if diff := gocmp.Diff(wantIDs, c.AddOnsFor(p.ID), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("AddOnsFor(%s) (-want +got):\n%s", p.ID, diff)
		}
	}
	for _, g := range d.Groups {
		var want []string
		for _, p := range products {
			if isAddOn(p) && slices.Contains(p.Groups, g.ID) {
				want = append(want, p.ID)
			}
		}
		if diff := gocmp.Diff(want, c.GroupMembers(g.ID), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("GroupMembers(%s) (-want +got):\n%s", g.ID, diff)
		}
	}
	for fi, f := range d.Features {
		if got, ok := c.FeatureIndex(f.ID); !ok || got != fi {
			t.Fatalf("FeatureIndex(%s) = %d, %v; want %d", f.ID, got, ok, fi)
		}
		lo, hi := c.FeatureAttributes(fi)
		if hi-lo != len(f.Attributes) {
			t.Fatalf("FeatureAttributes(%d) = [%d, %d), want %d attributes", fi, lo, hi, len(f.Attributes))
		}
		for k, a := range f.Attributes {
			if got, ok := c.AttributeIndex(a.ID); !ok || got != lo+k {
				t.Fatalf("AttributeIndex(%s) = %d, %v; want %d", a.ID, got, ok, lo+k)
			}
			if _, owner := c.AttributeAt(lo + k); owner != fi {
				t.Fatalf("AttributeAt(%d) belongs to feature %d, want %d", lo+k, owner, fi)
			}
		}
	}
	for pi, p := range products {
		var states []catalog.IndexedState
		var values []catalog.IndexedValue
		for _, fs := range p.Features {
			fi, _ := c.FeatureIndex(fs.Feature)
			if fs.State != catalog.Undefined {
				states = append(states, catalog.IndexedState{Feature: fi, State: fs.State})
			}
			for _, av := range fs.Values {
				ai, _ := c.AttributeIndex(av.Attribute)
				values = append(values, catalog.IndexedValue{Attribute: ai, Value: av.Value})
			}
		}
		slices.SortFunc(states, func(a, b catalog.IndexedState) int { return cmp.Compare(a.Feature, b.Feature) })
		slices.SortFunc(values, func(a, b catalog.IndexedValue) int { return cmp.Compare(a.Attribute, b.Attribute) })
		if diff := gocmp.Diff(states, c.ProductStates(pi), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("ProductStates(%d) (-want +got):\n%s", pi, diff)
		}
		if diff := gocmp.Diff(values, c.ProductValues(pi), valueEqual, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("ProductValues(%d) (-want +got):\n%s", pi, diff)
		}
	}
	for _, a := range products {
		for _, b := range products {
			want := isAddOn(a) && isAddOn(b) && (slices.Contains(a.Excludes, b.ID) || slices.Contains(b.Excludes, a.ID))
			if got := c.Excluded(a.ID, b.ID); got != want {
				t.Fatalf("Excluded(%s, %s) = %v, want %v", a.ID, b.ID, got, want)
			}
			want = isAddOn(a) && b.Kind == catalog.KindMain && slices.Contains(a.AllowedMain, b.ID)
			if got := c.Allows(a.ID, b.ID); got != want {
				t.Fatalf("Allows(%s, %s) = %v, want %v", a.ID, b.ID, got, want)
			}
		}
	}

	// The Catalog does not share memory with the definition it was built from.
	before := c.Definition()
	for i := range d.Products {
		d.Products[i].ID += "_changed"
		if len(d.Products[i].AllowedMain) > 0 {
			d.Products[i].AllowedMain[0] = "changed"
		}
	}
	if diff := gocmp.Diff(before, c.Definition(), valueEqual, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("changing the definition changed the catalog:\n%s", diff)
	}
}

func TestIndexesMatchDefinition(t *testing.T) { rapid.Check(t, propIndexesMatchDefinition) }

func FuzzIndexesMatchDefinition(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propIndexesMatchDefinition)) }

func propAppendQuoteMatchesStrconv(t *rapid.T) {
	s := rapid.OneOf(rapid.String(), rapid.StringMatching(`[a-z_0-9\\"]*`)).Draw(t, "s")
	if got, want := string(catalog.AppendQuote(nil, s)), strconv.Quote(s); got != want {
		t.Fatalf("AppendQuote(%q) = %s, want %s", s, got, want)
	}
}

func TestAppendQuoteMatchesStrconv(t *testing.T) { rapid.Check(t, propAppendQuoteMatchesStrconv) }

func FuzzAppendQuoteMatchesStrconv(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propAppendQuoteMatchesStrconv))
}
