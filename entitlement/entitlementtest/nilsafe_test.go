package entitlementtest_test

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/entitlement/entitlementtest"
)

// messages is a rapid.TB that records its failure messages instead of
// failing the test.
type messages struct {
	recorder
	got []string
}

func (m *messages) Fatalf(format string, args ...any) {
	m.failed = true
	m.got = append(m.got, fmt.Sprintf(format, args...))
}

func (m *messages) Errorf(format string, args ...any) { m.Fatalf(format, args...) }

// mentions reports whether some message names err.
func (m *messages) mentions(err error) bool {
	for _, s := range m.got {
		if strings.Contains(s, err.Error()) {
			return true
		}
	}
	return false
}

// noFailFiles keeps rapid from writing fail files for t, whose properties
// are meant to fail.
func noFailFiles(t *testing.T) {
	old := flag.Lookup("rapid.nofailfile").Value.String()
	if err := flag.Set("rapid.nofailfile", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = flag.Set("rapid.nofailfile", old) })
}

// Without a catalog there is nothing to generate or check: each entry
// point fails its test with entitlement.ErrNoCatalog instead of panicking.
func TestWithoutCatalog(t *testing.T) {
	noFailFiles(t)
	tests := []struct {
		name string
		run  func(tb rapid.TB)
	}{
		{"Check: fails at once with ErrNoCatalog", func(tb rapid.TB) {
			entitlementtest.Check(tb, nil, entitlementtest.Options{})
		}},
		{"Property: fails with ErrNoCatalog", func(tb rapid.TB) {
			rapid.Check(tb, entitlementtest.Property(nil, entitlementtest.Options{}))
		}},
		{"Accounts: fails the draw with ErrNoCatalog", func(tb rapid.TB) {
			gen := entitlementtest.Accounts(nil, entitlementtest.Options{})
			rapid.Check(tb, func(t *rapid.T) { gen.Draw(t, "account") })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &messages{recorder: recorder{TB: t}}
			tt.run(m)
			if !m.failed || !m.mentions(entitlement.ErrNoCatalog) {
				t.Errorf("failed %v with %q, want a failure naming ErrNoCatalog", m.failed, m.got)
			}
		})
	}
}

// Options are checked as the catalog is: a negative MaxAddOns fails the
// test with ErrOptions; a nil fact generator means the default one.
func TestOptionsRules(t *testing.T) {
	noFailFiles(t)
	c := catalog.MustNew(definition())
	bad := entitlementtest.Options{MaxAddOns: -1}
	tests := []struct {
		name string
		run  func(tb rapid.TB)
	}{
		{"Check with a negative MaxAddOns: fails at once with ErrOptions", func(tb rapid.TB) {
			entitlementtest.Check(tb, c, bad)
		}},
		{"Property with a negative MaxAddOns: fails with ErrOptions", func(tb rapid.TB) {
			rapid.Check(tb, entitlementtest.Property(c, bad))
		}},
		{"Accounts with a negative MaxAddOns: fails the draw with ErrOptions", func(tb rapid.TB) {
			gen := entitlementtest.Accounts(c, bad)
			rapid.Check(tb, func(t *rapid.T) { gen.Draw(t, "account") })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &messages{recorder: recorder{TB: t}}
			tt.run(m)
			if !m.failed || !m.mentions(entitlementtest.ErrOptions) {
				t.Errorf("failed %v with %q, want a failure naming ErrOptions", m.failed, m.got)
			}
		})
	}
	t.Run("a nil fact generator: the default one", func(t *testing.T) {
		banded := definition(catalog.Product{ID: "f", Kind: catalog.KindAddOn, AllowedMain: []string{"plan"},
			Features: []catalog.FeatureSetting{{Feature: "conferencing", Values: []catalog.AttributeValue{
				{Attribute: "seats", Value: catalog.Banded("arpu", catalog.Otherwise(catalog.Int(3)))}}}}})
		banded.Features[1].Attributes = []catalog.Attribute{{ID: "seats", Type: catalog.TypeInteger}}
		entitlementtest.Check(t, catalog.MustNew(banded), entitlementtest.Options{
			Facts: map[string]*rapid.Generator[decimal.Decimal]{"arpu": nil}})
	})
}
