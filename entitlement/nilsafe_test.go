package entitlement_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// TestResolverWithoutCatalog calls every method of each Resolver without a
// catalog: Catalog is nil, every other method returns ErrNoCatalog and
// hands the account back as it was; none panics.
func TestResolverWithoutCatalog(t *testing.T) {
	resolvers := []struct {
		name string
		r    *entitlement.Resolver
	}{
		{"nil *Resolver", nil},
		{"NewResolver(nil)", entitlement.NewResolver(nil)},
		{"zero Resolver", new(entitlement.Resolver)},
	}
	a := account("basic_call", "easy_sms")
	unchanged := func(t *testing.T, got entitlement.Account) {
		t.Helper()
		if diff := cmp.Diff(a, got); diff != "" {
			t.Errorf("account changed (-want +got):\n%s", diff)
		}
	}
	calls := []struct {
		name string
		call func(t *testing.T, r *entitlement.Resolver) error
	}{
		{"Resolve: ErrNoCatalog", func(t *testing.T, r *entitlement.Resolver) error {
			cfg, err := r.Resolve(a, t0)
			if cfg.Catalog() != nil {
				t.Error("the failed resolution's Config has a catalog")
			}
			return err
		}},
		{"Assign: ErrNoCatalog, account as it was", func(t *testing.T, r *entitlement.Resolver) error {
			got, _, err := r.Assign(a, entitlement.Assignment{AddOn: "carnival_200"}, t0)
			unchanged(t, got)
			return err
		}},
		{"Unassign: ErrNoCatalog, account as it was", func(t *testing.T, r *entitlement.Resolver) error {
			got, _, err := r.Unassign(a, "easy_sms", t0)
			unchanged(t, got)
			return err
		}},
		{"ChangeMain: ErrNoCatalog, account as it was", func(t *testing.T, r *entitlement.Resolver) error {
			got, _, err := r.ChangeMain(a, "smart_call_plan", t0)
			unchanged(t, got)
			return err
		}},
		{"UpgradeCandidates: ErrNoCatalog", func(t *testing.T, r *entitlement.Resolver) error {
			cands, err := r.UpgradeCandidates(a, t0, "storage_gb", dec("2"))
			if cands != nil {
				t.Errorf("candidates = %v, want none", cands)
			}
			return err
		}},
		{"CheckQuota: ErrNoCatalog", func(t *testing.T, r *entitlement.Resolver) error {
			_, err := r.CheckQuota(a, t0, "storage_gb", dec("2"), dec("90"))
			return err
		}},
		{"Orderable: ErrNoCatalog", func(t *testing.T, r *entitlement.Resolver) error {
			groups, err := r.Orderable(a, t0)
			if groups != nil {
				t.Errorf("groups = %v, want none", groups)
			}
			return err
		}},
		{"Catalog: nil", func(t *testing.T, r *entitlement.Resolver) error {
			if c := r.Catalog(); c != nil {
				t.Errorf("Catalog() = %p, want nil", c)
			}
			return entitlement.ErrNoCatalog
		}},
	}
	for _, r := range resolvers {
		for _, c := range calls {
			t.Run(r.name+"/"+c.name, func(t *testing.T) {
				if err := c.call(t, r.r); !errors.Is(err, entitlement.ErrNoCatalog) {
					t.Errorf("err = %v, want ErrNoCatalog", err)
				}
			})
		}
	}
}

func TestPackageResolveWithoutCatalog(t *testing.T) {
	if _, err := entitlement.Resolve(nil, account("basic_call"), t0); !errors.Is(err, entitlement.ErrNoCatalog) {
		t.Errorf("Resolve(nil, ...) err = %v, want ErrNoCatalog", err)
	}
}

// An empty (zero) catalog is a catalog: it knows no product, so the main
// product is unknown.
func TestResolverOfTheZeroCatalog(t *testing.T) {
	r := entitlement.NewResolver(new(catalog.Catalog))
	if _, err := r.Resolve(account("basic_call"), t0); !errors.Is(err, entitlement.ErrUnknown) {
		t.Errorf("Resolve err = %v, want ErrUnknown", err)
	}
	if _, _, err := r.Assign(account("basic_call"), entitlement.Assignment{AddOn: "easy_sms"}, t0); !errors.Is(err, entitlement.ErrUnknown) {
		t.Errorf("Assign err = %v, want ErrUnknown", err)
	}
}

// TestZeroConfig reads the zero Config every way it offers: it has no
// catalog, so no features and no values, and Quota returns ErrNoCatalog.
func TestZeroConfig(t *testing.T) {
	var zero entitlement.Config
	cfg := mustResolve(t, account("basic_call", "easy_sms"))
	tests := []struct {
		name string
		got  func() any
		want any
	}{
		{"Feature: unknown", func() any { _, ok := zero.Feature("call_waiting"); return ok }, false},
		{"Enabled: false", func() any { return zero.Enabled("call_waiting") }, false},
		{"Value: none", func() any { _, ok := zero.Value("sms_included"); return ok }, false},
		{"Attribute: none", func() any { _, ok := zero.Attribute("sms_included"); return ok }, false},
		{"Features: none", func() any {
			n := 0
			for range zero.Features() {
				n++
			}
			return n
		}, 0},
		{"Values: none", func() any {
			n := 0
			for range zero.Values() {
				n++
			}
			return n
		}, 0},
		{"Layers: nil", func() any { return zero.Layers() }, []entitlement.Layer(nil)},
		{"Explain: empty", func() any { return zero.Explain() }, ""},
		{"Snapshot: empty", func() any { return zero.Snapshot().Len() }, 0},
		{"At: the zero instant", func() any { return zero.At().IsZero() }, true},
		{"Catalog: nil", func() any { return zero.Catalog() == nil }, true},
		{"Diff of two zero configurations: empty", func() any { return entitlement.Diff(zero, zero) }, []entitlement.Change(nil)},
		{"Diff from the zero configuration: switch everything on", func() any { return entitlement.Diff(zero, cfg) },
			entitlement.DiffSnapshots(entitlement.Snapshot{}, cfg.Snapshot())},
		{"Diff to the zero configuration: switch everything off", func() any { return entitlement.Diff(cfg, zero) },
			entitlement.DiffSnapshots(cfg.Snapshot(), entitlement.Snapshot{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got(), cmpValues); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("Quota: ErrNoCatalog", func(t *testing.T) {
		rep, err := zero.Quota("storage_gb", dec("1"), dec("90"))
		if !errors.Is(err, entitlement.ErrNoCatalog) || rep.Attribute != "" || rep.Crossed != nil {
			t.Errorf("Quota = %+v, %v; want the zero report and ErrNoCatalog", rep, err)
		}
	})
}

// TestZeroValues calls the methods of the package's other types on their
// zero values: each gives a documented result, none panics.
func TestZeroValues(t *testing.T) {
	var a entitlement.Account
	var asg entitlement.Assignment
	tests := []struct {
		name string
		got  func() any
		want any
	}{
		{"zero Account: main product \"\" since always", func() any { m, ok := a.MainAt(t0); return [2]any{m, ok} }, [2]any{"", true}},
		{"zero Account: activated since always", func() any { return a.Activated() }, time.Time{}},
		{"zero Account: clone is the zero Account", func() any { return a.Clone() }, entitlement.Account{}},
		{"zero Account: resolving it names the unknown main product \"\"", func() any {
			_, err := fixtureResolver.Resolve(a, t0)
			return err
		}, error(&entitlement.UnknownError{Kind: "product", ID: ""})},
		{"zero Assignment: active at any instant", func() any { return asg.ActiveAt(t0) && asg.ActiveAt(time.Time{}) }, true},
		{"zero Assignment: quantity 1", func() any { return asg.Qty() }, 1},
		{"zero Layer: the catalog default", func() any { return entitlement.Layer{}.String() }, "the catalog default"},
		{"Layer of a kind out of range: invalid", func() any { return entitlement.Layer{Kind: 9, Product: "x"}.String() }, "invalid layer kind 9"},
		{"zero ChangeKind: invalid", func() any { return entitlement.ChangeKind(0).String() }, "invalid"},
		{"ChangeKind out of range: invalid", func() any { return entitlement.ChangeKind(255).String() }, "invalid"},
		{"zero Snapshot: equals the one of no map", func() any { return entitlement.Snapshot{}.Equal(entitlement.SnapshotOf(nil)) }, true},
		{"zero Snapshot: nothing enabled", func() any { return entitlement.Snapshot{}.Enabled("") || entitlement.Snapshot{}.Len() != 0 }, false},
		{"zero Snapshot: no value", func() any { _, ok := entitlement.Snapshot{}.Value("f", "a"); return ok }, false},
		{"zero Snapshot: its map is empty", func() any { return len(entitlement.Snapshot{}.Map()) }, 0},
		{"zero Snapshot: no features", func() any {
			n := 0
			for range (entitlement.Snapshot{}).Features() {
				n++
			}
			return n
		}, 0},
		{"zero Snapshot: no values", func() any {
			n := 0
			for range (entitlement.Snapshot{}).Values("f") {
				n++
			}
			return n
		}, 0},
		{"zero Snapshot: applying nothing gives the empty one", func() any { return entitlement.Snapshot{}.Apply(nil).Len() }, 0},
		{"zero Snapshot: unsetting on a feature it lacks is a no-op", func() any {
			return entitlement.Snapshot{}.Apply([]entitlement.Change{{Kind: entitlement.Unset, Feature: "f", Attribute: "a"}, {Kind: entitlement.SwitchOff, Feature: "g"}}).Len()
		}, 0},
		{"DiffSnapshots of zero snapshots: none", func() any { return entitlement.DiffSnapshots(entitlement.Snapshot{}, entitlement.Snapshot{}) }, []entitlement.Change(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got(), cmpValues); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, err := a.MarshalJSON(); err != nil { // JSON's rules are its own; it must not panic
		t.Logf("MarshalJSON of the zero Account: %v", err)
	}
}

// TestZeroErrors checks that every typed error's zero value has a message
// and matches its sentinel.
func TestZeroErrors(t *testing.T) {
	tests := []struct {
		err  error
		want error
	}{
		{&entitlement.UnknownError{}, entitlement.ErrUnknown},
		{&entitlement.KindError{}, entitlement.ErrNotAddOn},
		{&entitlement.NotAllowedError{}, entitlement.ErrNotAllowed},
		{&entitlement.RequiresError{}, entitlement.ErrRequires},
		{&entitlement.ExcludesError{}, entitlement.ErrExcludes},
		{&entitlement.QuantityError{}, entitlement.ErrQuantity},
		{&entitlement.ConflictError{}, entitlement.ErrConflict},
		{&entitlement.MissingFactError{}, entitlement.ErrMissingFact},
		{&entitlement.MissingRequiredError{}, entitlement.ErrMissingRequired},
		{&entitlement.ScopeError{}, entitlement.ErrScope},
		{&entitlement.ValueError{}, entitlement.ErrInvalidValue},
		{&entitlement.NotAssignedError{}, entitlement.ErrNotAssigned},
		{&entitlement.PeriodError{}, entitlement.ErrEmptyPeriod},
		{&entitlement.QuotaError{}, entitlement.ErrNotQuota},
		{&entitlement.InactiveError{}, entitlement.ErrInactive},
		{&entitlement.HistoryError{}, entitlement.ErrInvalidHistory},
		{&entitlement.OverflowError{}, entitlement.ErrOverflow},
		{&entitlement.QuotaInputError{}, entitlement.ErrInvalidQuota},
	}
	for _, tt := range tests {
		t.Run(tt.want.Error(), func(t *testing.T) {
			if tt.err.Error() == "" || !errors.Is(tt.err, tt.want) {
				t.Errorf("%T{}: message %q, matches %v: %v", tt.err, tt.err.Error(), tt.want, errors.Is(tt.err, tt.want))
			}
		})
	}
}
