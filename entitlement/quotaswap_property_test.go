package entitlement_test

import (
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// numericAttrs returns the IDs of c's numeric attributes.
func numericAttrs(c *catalog.Catalog) []string {
	var out []string
	for i := range c.NumAttributes() {
		if a, _ := c.AttributeAt(i); a.Type.Numeric() {
			out = append(out, a.ID)
		}
	}
	return out
}

// checkCandidates checks the upgrade candidates of a at t0 for attr and
// need: each candidate's account resolves at t0 to its Config's value of
// attr, which is its Quota and at least need; a swap's account holds the
// new add-on at t0 and no longer the one it replaces, which a held; a
// main-product change's account has the new main product in force.
func checkCandidates(t *rapid.T, resolve func(entitlement.Account) (entitlement.Config, error), a entitlement.Account,
	cands []entitlement.Candidate, attr string, need decimal.Decimal, swaps *int) {
	t.Helper()
	main, _ := a.MainAt(t0)
	for _, c := range cands {
		cfg, err := resolve(c.Account)
		if err != nil {
			t.Fatalf("%v %s: the candidate's account does not resolve: %v", c.Kind, c.Product, err)
		}
		v, ok := cfg.Value(attr)
		q, _ := v.AsDecimal()
		cv, _ := c.Config.Value(attr)
		if !ok || !q.Equal(c.Quota) || q.LessThan(need) || !cv.Equal(v) {
			t.Fatalf("%v %s: resolves to %v (candidate config %v, quota %v), need %s", c.Kind, c.Product, v, cv, c.Quota, need)
		}
		if m, _ := c.Account.MainAt(t0); m != c.Main {
			t.Fatalf("%v %s: Main %q, the account's main product %q", c.Kind, c.Product, c.Main, m)
		}
		switch c.Kind {
		case entitlement.SwapAddOn:
			*swaps++
			if len(c.Replaces) != 1 || c.Replaces[0] == c.Product || c.Main != main {
				t.Fatalf("swap %s: replaces %v, main %q", c.Product, c.Replaces, c.Main)
			}
			if !heldAtT0(a, c.Replaces[0]) || heldAtT0(c.Account, c.Replaces[0]) || !heldAtT0(c.Account, c.Product) {
				t.Fatalf("swap %s for %s: held before %v, after %v; new one held %v", c.Product, c.Replaces[0],
					heldAtT0(a, c.Replaces[0]), heldAtT0(c.Account, c.Replaces[0]), heldAtT0(c.Account, c.Product))
			}
		case entitlement.AddAddOn:
			if c.Main != main || len(c.Removed()) > 0 {
				t.Fatalf("addition %s: main %q, removes %v", c.Product, c.Main, c.Removed())
			}
		case entitlement.SwitchMain:
			if c.Main != c.Product || len(c.Replaces) > 0 {
				t.Fatalf("main change %s: main %q, replaces %v", c.Product, c.Main, c.Replaces)
			}
			for _, id := range c.Dropped {
				if heldAtT0(c.Account, id) {
					t.Fatalf("main change %s drops %s, still held", c.Product, id)
				}
			}
		default:
			t.Fatalf("candidate of kind %v", c.Kind)
		}
	}
	if !slices.IsSortedFunc(cands, func(x, y entitlement.Candidate) int { return x.Quota.Cmp(y.Quota) }) {
		t.Fatalf("candidates not ordered by quota")
	}
}

// drawNeed draws a need of attr a little above what a has at t0 (from 0
// when it has no value), so that most candidates must raise it.
func drawNeed(t *rapid.T, resolve func(entitlement.Account, time.Time) (entitlement.Config, error), a entitlement.Account, attr string) decimal.Decimal {
	var base decimal.Decimal
	if cfg, err := resolve(a, t0); err == nil {
		if v, ok := cfg.Value(attr); ok {
			base, _ = v.AsDecimal()
		}
	}
	return base.Add(decimal.New(int64(rapid.IntRange(0, 20).Draw(t, "need above")), -1)).Abs()
}

// Law: every upgrade candidate, a swap included, leads to an account that
// resolves at the instant of the change with the quota it states, which
// meets the need; a swap holds the new add-on and no longer the one it
// replaces.
func TestUpgradeCandidatesMeetTheNeed(t *testing.T) {
	swaps := 0
	rapid.Check(t, func(t *rapid.T) {
		w := drawWorld(t)
		attrs := numericAttrs(w.c)
		if len(attrs) == 0 {
			t.Skip("no numeric attribute")
		}
		a := drawAccount(t, w)
		drawEligibilityFacts(t, &a)
		attr := rapid.SampledFrom(attrs).Draw(t, "attr")
		need := drawNeed(t, w.r.Resolve, a, attr)
		cands, err := w.r.UpgradeCandidates(a, t0, attr, need)
		if err != nil {
			return
		}
		checkCandidates(t, func(b entitlement.Account) (entitlement.Config, error) { return w.r.Resolve(b, t0) }, a, cands, attr, need, &swaps)
	})
	t.Logf("%d swaps checked", swaps)
}

// drawTiers draws a catalog of storage tiers: two to five add-ons allowed
// with one main product, each setting storage_gb (combined by a drawn
// rule) at a drawn priority, some excluding others; and an account holding
// some of them, as Assign accepts them one by one.
func drawTiers(t *rapid.T) (*entitlement.Resolver, entitlement.Account) {
	combine := rapid.SampledFrom([]catalog.Combine{catalog.CombineMax, catalog.CombineSum, catalog.CombineOverride}).Draw(t, "combine")
	def := catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "email"}},
		Features: []catalog.Feature{{ID: "mailbox", ServiceType: "email", DefaultEnabled: true, Attributes: []catalog.Attribute{
			{ID: "storage_gb", Type: catalog.TypeInteger, Default: catalog.Int(1), Combine: combine}}}},
		Products: []catalog.Product{{ID: "mail", Kind: catalog.KindMain}},
	}
	n := rapid.IntRange(2, 5).Draw(t, "tiers")
	for i := range n {
		p := catalog.Product{ID: "tier" + string(rune('a'+i)), Kind: catalog.KindAddOn, AllowedMain: []string{"mail"},
			Priority: rapid.IntRange(1, 3).Draw(t, "priority"), MaxQuantity: rapid.IntRange(1, 2).Draw(t, "max"),
			Features: []catalog.FeatureSetting{{Feature: "mailbox", Values: []catalog.AttributeValue{
				{Attribute: "storage_gb", Value: catalog.Int(int64(rapid.IntRange(1, 8).Draw(t, "gb")) * 10)}}}}}
		for j := range i {
			if rapid.IntRange(0, 2).Draw(t, "excludes") > 0 {
				p.Excludes = append(p.Excludes, "tier"+string(rune('a'+j)))
			}
		}
		def.Products = append(def.Products, p)
	}
	r := entitlement.NewResolver(catalog.MustNew(def))
	a := entitlement.Account{ID: "a", Main: "mail"}
	for _, p := range def.Products[1:] {
		if rapid.Bool().Draw(t, "held") {
			if next, _, err := r.Assign(a, entitlement.Assignment{AddOn: p.ID}, time.Time{}); err == nil {
				a = next
			}
		}
	}
	return r, a
}

// Law: over storage tiers, every candidate meets the need, and a swap is
// offered wherever one is possible and needed: for each tier that cannot
// be added or does not meet the need when added, and each held tier whose
// Unassign then the tier's Assign gives an account that meets it, where
// the held tier excludes or conflicts with the new one or affects the
// quota (always, here).
func TestUpgradeCandidatesSwapTiers(t *testing.T) {
	swaps := 0
	rapid.Check(t, func(t *rapid.T) {
		r, a := drawTiers(t)
		need := decimal.NewFromInt(int64(rapid.IntRange(0, 100).Draw(t, "need")))
		cands, err := r.UpgradeCandidates(a, t0, "storage_gb", need)
		if err != nil {
			t.Fatal(err)
		}
		checkCandidates(t, func(b entitlement.Account) (entitlement.Config, error) { return r.Resolve(b, t0) }, a, cands, "storage_gb", need, &swaps)
		meets := func(cfg entitlement.Config) bool {
			v, _ := cfg.Value("storage_gb")
			q, _ := v.AsDecimal()
			return !q.LessThan(need)
		}
		for _, id := range r.Catalog().AddOnIDs() {
			if _, cfg, err := r.Assign(a, entitlement.Assignment{AddOn: id, Quantity: 1, From: t0}, t0); err == nil && meets(cfg) {
				continue
			}
			for _, h := range r.Catalog().AddOnIDs() {
				if h == id || !heldAtT0(a, h) {
					continue
				}
				without, _, err := r.Unassign(a, h, t0)
				if err != nil {
					continue
				}
				if _, cfg, err := r.Assign(without, entitlement.Assignment{AddOn: id, Quantity: 1, From: t0}, t0); err != nil || !meets(cfg) {
					continue
				}
				if !slices.ContainsFunc(cands, func(c entitlement.Candidate) bool {
					return c.Kind == entitlement.SwapAddOn && c.Product == id && slices.Equal(c.Replaces, []string{h})
				}) {
					t.Fatalf("no candidate swaps %s for %s", h, id)
				}
			}
		}
	})
	t.Logf("%d swaps checked", swaps)
	if swaps == 0 {
		t.Error("the tiers give no swap candidate")
	}
}

// Law: the same holds across versions.
func TestVersionedUpgradeCandidatesMeetTheNeed(t *testing.T) {
	swaps := 0
	rapid.Check(t, func(t *rapid.T) {
		w := drawRevisedWorld(t)
		attrs := numericAttrs(w.c)
		if len(attrs) == 0 {
			t.Skip("no numeric attribute")
		}
		a := drawAccount(t, w.world)
		drawAnyTerms(t, &a)
		drawEligibilityFacts(t, &a)
		attr := rapid.SampledFrom(attrs).Draw(t, "attr")
		need := drawNeed(t, w.set.Resolve, a, attr)
		cands, err := w.set.UpgradeCandidates(a, t0, attr, need)
		if err != nil {
			return
		}
		checkCandidates(t, func(b entitlement.Account) (entitlement.Config, error) { return w.set.Resolve(b, t0) }, a, cands, attr, need, &swaps)
	})
	t.Logf("%d swaps checked", swaps)
}
