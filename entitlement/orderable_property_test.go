package entitlement_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// drawEligibilityFacts redraws some of a's facts onto and around the
// bounds generated eligibility conditions compare with (10, 50, 100), or
// removes them, so that conditions hold, fail, and meet missing facts.
func drawEligibilityFacts(t *rapid.T, a *entitlement.Account) {
	for _, f := range []string{"arpu", "tenure"} {
		switch rapid.IntRange(0, 3).Draw(t, f+" redrawn") {
		case 0:
			delete(a.Facts, f)
		case 1:
			if a.Facts == nil {
				a.Facts = map[string]decimal.Decimal{}
			}
			a.Facts[f] = decimal.NewFromInt(rapid.SampledFrom([]int64{0, 9, 10, 11, 50, 100, 150}).Draw(t, f))
		}
	}
}

// sameError reports whether two errors are the same refusal: both nil, or
// of the same type with the same text (which names every ID they carry).
func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.TypeOf(a) == reflect.TypeOf(b) && a.Error() == b.Error()
}

// checkOffers checks Orderable's list over catalog c against assign: every
// add-on for sale listed in each of its groups (and those in none under
// ""), each offer Assign's verdict on one unit from at.
func checkOffers(t *rapid.T, c *catalog.Catalog, groups []entitlement.GroupOffer,
	assign func(id string) error, forSale func(id string) bool) {
	t.Helper()
	listed := map[string][]string{} // add-on → groups
	for gi, g := range groups {
		if len(g.AddOns) == 0 {
			t.Fatalf("group %q listed without add-ons", g.Group)
		}
		if g.Group == "" && gi != len(groups)-1 {
			t.Fatalf("the add-ons in no group come before group %q", groups[gi+1].Group)
		}
		for _, o := range g.AddOns {
			listed[o.AddOn] = append(listed[o.AddOn], g.Group)
			err := assign(o.AddOn)
			if !sameError(err, o.Err) {
				t.Fatalf("%s: Orderable says %v (%T), Assign %v (%T)", o.AddOn, o.Err, o.Err, err, err)
			}
			if o.Orderable() != (err == nil) {
				t.Fatalf("%s: Orderable() = %v with Err %v", o.AddOn, o.Orderable(), o.Err)
			}
		}
	}
	for _, id := range c.AddOnIDs() {
		p, _ := c.Product(id)
		want := slices.Clone(p.Groups)
		if len(want) == 0 {
			want = []string{""}
		}
		if !forSale(id) {
			want = nil
		}
		if !slices.Equal(want, listed[id]) {
			t.Fatalf("%s listed in groups %q, want %q", id, listed[id], want)
		}
	}
}

// Law: an add-on Orderable lists as orderable is one Assign accepts at
// that instant, and one it lists as not orderable is one Assign refuses
// with an equal error; every add-on for sale is listed, in each of its
// groups. When the account does not resolve, Orderable returns Resolve's
// error.
func propOrderableIsAssign(t *rapid.T) {
	w := drawWorld(t)
	a := drawAccount(t, w)
	drawEligibilityFacts(t, &a)
	at := drawNear(t, "at")
	groups, err := w.r.Orderable(a, at)
	if _, rerr := w.r.Resolve(a, at); rerr != nil || err != nil {
		if !sameError(rerr, err) || groups != nil {
			t.Fatalf("Orderable = %d groups, %v; Resolve %v", len(groups), err, rerr)
		}
		return
	}
	checkOffers(t, w.c, groups, func(id string) error {
		_, _, err := w.r.Assign(a, entitlement.Assignment{AddOn: id, Quantity: 1, From: at}, at)
		return err
	}, func(id string) bool {
		p, _ := w.c.Product(id)
		return len(p.AllowedMain) > 0
	})
}

func TestOrderableIsAssign(t *testing.T) { rapid.Check(t, propOrderableIsAssign) }

// Law: across versions, Orderable lists what the version in force sells,
// each offer Versioned.Assign's verdict.
func propVersionedOrderableIsAssign(t *rapid.T) {
	w := drawRevisedWorld(t)
	a := drawAccount(t, w.world)
	drawAnyTerms(t, &a)
	drawEligibilityFacts(t, &a)
	at := drawNear(t, "at")
	groups, err := w.set.Orderable(a, at)
	if _, rerr := w.set.Resolve(a, at); rerr != nil || err != nil {
		if !sameError(rerr, err) || groups != nil {
			t.Fatalf("Orderable = %d groups, %v; Resolve %v", len(groups), err, rerr)
		}
		return
	}
	ver, _ := w.set.Versions().At(at)
	checkOffers(t, ver.Catalog, groups, func(id string) error {
		_, _, err := w.set.Assign(a, entitlement.Assignment{AddOn: id, Quantity: 1, From: at}, at)
		return err
	}, func(id string) bool {
		p, _ := ver.Catalog.Product(id)
		return len(p.AllowedMain) > 0
	})
}

func TestVersionedOrderableIsAssign(t *testing.T) { rapid.Check(t, propVersionedOrderableIsAssign) }

// TestOrderableShortcutIsExercised guards the property against vacuity:
// the generators give accounts whose offers are decided without a
// resolution (not allowed with the main product), by eligibility, by a
// resolution, and refused at a later instant.
func TestOrderableShortcutIsExercised(t *testing.T) {
	var notAllowed, notEligible, orderable, other int
	rapid.Check(t, func(t *rapid.T) {
		w := drawWorld(t)
		a := drawAccount(t, w)
		drawEligibilityFacts(t, &a)
		groups, err := w.r.Orderable(a, t0)
		if err != nil {
			return
		}
		for _, g := range groups {
			for _, o := range g.AddOns {
				switch o.Err.(type) {
				case nil:
					orderable++
				case *entitlement.NotAllowedError:
					notAllowed++
				case *entitlement.EligibilityError:
					notEligible++
				default:
					other++
				}
			}
		}
	})
	t.Logf("offers: %d orderable, %d not allowed, %d not eligible, %d refused otherwise", orderable, notAllowed, notEligible, other)
	if orderable == 0 || notAllowed == 0 || notEligible == 0 || other == 0 {
		t.Error("the generators do not exercise every kind of offer")
	}
}
