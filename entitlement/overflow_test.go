package entitlement_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/internal/resolveoracle"
)

// sumAddOn is an add-on of sumCatalog: priority 10 times its place, its
// maximum quantity, and its values.
type sumAddOn struct {
	id     string
	maxQty int
	vals   []catalog.AttributeValue
}

// sumFeature says which feature of sumCatalog holds each attribute.
var sumFeature = map[string]string{"units": "bundle", "credit": "bundle", "minutes": "bundle", "extra_units": "extras"}

// sumCatalog has the feature bundle (enabled by default) with the sums
// units (integer, settable by the account), credit (decimal) and minutes
// (quantity), and the feature extras (disabled by default) with the
// integer sum extra_units; the main product plan sets main, and each
// add-on its own values.
func sumCatalog(main []catalog.AttributeValue, addOns ...sumAddOn) catalog.Definition {
	settings := func(vals []catalog.AttributeValue) []catalog.FeatureSetting {
		var out []catalog.FeatureSetting
		for _, f := range []string{"bundle", "extras"} {
			fs := catalog.FeatureSetting{Feature: f}
			for _, v := range vals {
				if sumFeature[v.Attribute] == f {
					fs.Values = append(fs.Values, v)
				}
			}
			if len(fs.Values) > 0 {
				out = append(out, fs)
			}
		}
		return out
	}
	d := catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "svc"}},
		Features: []catalog.Feature{
			{ID: "bundle", ServiceType: "svc", DefaultEnabled: true, Attributes: []catalog.Attribute{
				{ID: "units", Type: catalog.TypeInteger, Combine: catalog.CombineSum, Scope: catalog.ScopeBoth},
				{ID: "credit", Type: catalog.TypeDecimal, Combine: catalog.CombineSum},
				{ID: "minutes", Type: catalog.TypeQuantity, Unit: "min", Combine: catalog.CombineSum}}},
			{ID: "extras", ServiceType: "svc", Attributes: []catalog.Attribute{
				{ID: "extra_units", Type: catalog.TypeInteger, Combine: catalog.CombineSum}}},
		},
		Products: []catalog.Product{{ID: "plan", Kind: catalog.KindMain, Features: settings(main)}},
	}
	for i, a := range addOns {
		d.Products = append(d.Products, catalog.Product{ID: a.id, Kind: catalog.KindAddOn, Priority: 10 * (i + 1),
			AllowedMain: []string{"plan"}, MaxQuantity: a.maxQty, Features: settings(a.vals)})
	}
	return d
}

func units(n int64) []catalog.AttributeValue {
	return []catalog.AttributeValue{val("units", catalog.Int(n))}
}

// repeat returns n assignments of add-on id, each of quantity qty.
func repeat(id string, n, qty int) []entitlement.Assignment {
	out := make([]entitlement.Assignment, n)
	for i := range out {
		out[i] = entitlement.Assignment{AddOn: id, Quantity: qty}
	}
	return out
}

const (
	p62      = int64(1) << 62
	maxFixed = math.MaxInt64 >> 16 // the largest number the resolver keeps in fixed point
)

// TestOverflowRules: a sum its attribute's type cannot hold is an
// *OverflowError naming the attribute and the products, and a total
// quantity beyond the add-on's maximum (an int overflow included) a
// *QuantityError; neither is ever saturated or turned into another type.
// Each case is checked against the oracle too.
func TestOverflowRules(t *testing.T) {
	tests := []struct {
		name    string
		main    []catalog.AttributeValue
		addOns  []sumAddOn
		asgs    []entitlement.Assignment
		acct    func(*entitlement.Account)
		want    map[string]catalog.Value // attribute → value; the zero Value: absent
		wantErr error
	}{
		{
			name: "integer sum: the largest total that fits, MaxInt64",
			main: units(p62), addOns: []sumAddOn{{id: "a", vals: units(p62 - 1)}},
			asgs: repeat("a", 1, 1),
			want: map[string]catalog.Value{"units": catalog.Int(math.MaxInt64)},
		},
		{
			name: "integer sum one past MaxInt64: *OverflowError naming the attribute and both products",
			main: units(p62), addOns: []sumAddOn{{id: "a", vals: units(p62)}},
			asgs:    repeat("a", 1, 1),
			wantErr: &entitlement.OverflowError{Attribute: "units", Products: []string{"plan", "a"}},
		},
		{
			name: "integer sum: the smallest total that fits, MinInt64",
			main: units(-p62), addOns: []sumAddOn{{id: "a", vals: units(-p62)}},
			asgs: repeat("a", 1, 1),
			want: map[string]catalog.Value{"units": catalog.Int(math.MinInt64)},
		},
		{
			name: "integer sum one below MinInt64: *OverflowError",
			main: units(-p62), addOns: []sumAddOn{{id: "a", vals: units(-p62 - 1)}},
			asgs:    repeat("a", 1, 1),
			wantErr: &entitlement.OverflowError{Attribute: "units", Products: []string{"plan", "a"}},
		},
		{
			name:   "value times quantity: 1 × MaxInt fits",
			addOns: []sumAddOn{{id: "a", maxQty: math.MaxInt, vals: units(1)}},
			asgs:   repeat("a", 1, math.MaxInt),
			want:   map[string]catalog.Value{"units": catalog.Int(math.MaxInt64)},
		},
		{
			name: "value times quantity one past MaxInt64: *OverflowError",
			main: units(1), addOns: []sumAddOn{{id: "a", maxQty: math.MaxInt, vals: units(1)}},
			asgs:    repeat("a", 1, math.MaxInt),
			wantErr: &entitlement.OverflowError{Attribute: "units", Products: []string{"plan", "a"}},
		},
		{
			name:    "one product's value times its quantity beyond MaxInt64: *OverflowError naming it alone",
			addOns:  []sumAddOn{{id: "a", maxQty: math.MaxInt, vals: units(2)}},
			asgs:    repeat("a", 1, int(p62)),
			wantErr: &entitlement.OverflowError{Attribute: "units", Products: []string{"a"}},
		},
		{
			name:   "the largest fixed-point number times 65,536 fits",
			addOns: []sumAddOn{{id: "a", maxQty: 1 << 20, vals: units(maxFixed)}},
			asgs:   repeat("a", 1, 1<<16),
			want:   map[string]catalog.Value{"units": catalog.Int(maxFixed << 16)},
		},
		{
			name:    "the largest fixed-point number times 65,537 is past MaxInt64: *OverflowError",
			addOns:  []sumAddOn{{id: "a", maxQty: 1 << 20, vals: units(maxFixed)}},
			asgs:    repeat("a", 1, 1<<16+1),
			wantErr: &entitlement.OverflowError{Attribute: "units", Products: []string{"a"}},
		},
		{
			name:   "partial sums beyond the range that come back within it: the total counts",
			main:   units(math.MaxInt64),
			addOns: []sumAddOn{{id: "a", vals: units(math.MaxInt64)}, {id: "b", vals: units(math.MinInt64)}},
			asgs:   append(repeat("a", 1, 1), repeat("b", 1, 1)...),
			want:   map[string]catalog.Value{"units": catalog.Int(math.MaxInt64 - 1)},
		},
		{
			name:   "quantity exactly at the maximum: accepted",
			addOns: []sumAddOn{{id: "a", maxQty: 3, vals: units(150)}},
			asgs:   repeat("a", 1, 3),
			want:   map[string]catalog.Value{"units": catalog.Int(450)},
		},
		{
			name:    "quantity one above the maximum: *QuantityError",
			addOns:  []sumAddOn{{id: "a", maxQty: 3, vals: units(150)}},
			asgs:    repeat("a", 1, 4),
			wantErr: &entitlement.QuantityError{AddOn: "a", Quantity: 4, Max: 3},
		},
		{
			name:    "a huge quantity against a small maximum: *QuantityError with the quantity",
			addOns:  []sumAddOn{{id: "a", maxQty: 3, vals: units(150)}},
			asgs:    repeat("a", 1, math.MaxInt),
			wantErr: &entitlement.QuantityError{AddOn: "a", Quantity: math.MaxInt, Max: 3},
		},
		{
			name:   "assignments of one add-on adding up to exactly MaxInt, its maximum: accepted",
			addOns: []sumAddOn{{id: "a", maxQty: math.MaxInt, vals: units(1)}},
			asgs:   repeat("a", 7, math.MaxInt/7),
			want:   map[string]catalog.Value{"units": catalog.Int(math.MaxInt64)},
		},
		{
			name:    "two assignments whose total overflows int: *QuantityError, not saturated to pass a maximum of MaxInt",
			addOns:  []sumAddOn{{id: "a", maxQty: math.MaxInt, vals: units(0)}},
			asgs:    repeat("a", 2, math.MaxInt/2+1),
			wantErr: &entitlement.QuantityError{AddOn: "a", Max: math.MaxInt, Overflow: true},
		},
		{
			name:    "many assignments whose total overflows int: *QuantityError",
			addOns:  []sumAddOn{{id: "a", maxQty: math.MaxInt, vals: units(0)}},
			asgs:    repeat("a", 5, math.MaxInt/4),
			wantErr: &entitlement.QuantityError{AddOn: "a", Max: math.MaxInt, Overflow: true},
		},
		{
			name:    "a total overflowing int against a small maximum: *QuantityError",
			addOns:  []sumAddOn{{id: "a", maxQty: 3, vals: units(1)}},
			asgs:    repeat("a", 2, math.MaxInt),
			wantErr: &entitlement.QuantityError{AddOn: "a", Max: 3, Overflow: true},
		},
		{
			name: "decimal and quantity sums have no bound: exact",
			main: []catalog.AttributeValue{val("credit", catalog.Dec(dec("9223372036854775807"))), val("minutes", catalog.Qty(dec("9223372036854775807")))},
			addOns: []sumAddOn{{id: "a", maxQty: math.MaxInt, vals: []catalog.AttributeValue{
				val("credit", catalog.Dec(dec("0.5"))), val("minutes", catalog.Qty(dec("9223372036854775807")))}}},
			asgs: repeat("a", 1, math.MaxInt),
			want: map[string]catalog.Value{
				"credit":  catalog.Dec(dec("13835058055282163710.5")),
				"minutes": catalog.Qty(dec("85070591730234615856620279821087277056"))},
		},
		{
			name:   "a disabled feature's sum is absent, not an overflow",
			main:   []catalog.AttributeValue{val("extra_units", catalog.Int(p62))},
			addOns: []sumAddOn{{id: "a", vals: []catalog.AttributeValue{val("extra_units", catalog.Int(p62))}}},
			asgs:   repeat("a", 1, 1),
			want:   map[string]catalog.Value{"extra_units": {}},
		},
		{
			name:   "a feature the account enables: its sum's overflow counts",
			main:   []catalog.AttributeValue{val("extra_units", catalog.Int(p62))},
			addOns: []sumAddOn{{id: "a", vals: []catalog.AttributeValue{val("extra_units", catalog.Int(p62))}}},
			asgs:   repeat("a", 1, 1),
			acct: func(a *entitlement.Account) {
				a.States = []entitlement.StateSetting{{Feature: "extras", State: catalog.Enabled}}
			},
			wantErr: &entitlement.OverflowError{Attribute: "extra_units", Products: []string{"plan", "a"}},
		},
		{
			name: "the account's own value replaces an overflowing sum",
			main: units(p62), addOns: []sumAddOn{{id: "a", vals: units(p62)}},
			asgs: repeat("a", 1, 1),
			acct: func(a *entitlement.Account) { a.Values = units(5) },
			want: map[string]catalog.Value{"units": catalog.Int(5)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := catalog.MustNew(sumCatalog(tt.main, tt.addOns...))
			a := entitlement.Account{ID: "acct", Main: "plan", AddOns: tt.asgs}
			if tt.acct != nil {
				tt.acct(&a)
			}
			cfg, err := entitlement.NewResolver(c).Resolve(a, t0)
			checkSumResult(t, cfg, err, tt.want, tt.wantErr)
			checkAgainstOracle(t, c, a, cfg, err)
		})
	}
}

// checkSumResult compares a resolution with its expected values or error.
func checkSumResult(t *testing.T, cfg entitlement.Config, err error, want map[string]catalog.Value, wantErr error) {
	t.Helper()
	if diff := cmp.Diff(wantErr, err); diff != "" {
		t.Fatalf("err (-want +got):\n%s", diff)
	}
	if wantErr != nil {
		var oe *entitlement.OverflowError
		var qe *entitlement.QuantityError
		if errors.As(wantErr, &oe) || errors.As(wantErr, &qe) && qe.Overflow {
			if !errors.Is(err, entitlement.ErrOverflow) {
				t.Errorf("%v does not match ErrOverflow", err)
			}
		}
		return
	}
	for attr, w := range want {
		got, ok := cfg.Value(attr)
		if ok != w.IsSet() || ok && !got.Equal(w) {
			t.Errorf("%s = %v (%v), want %v (%v)", attr, got, got.Type(), w, w.Type())
		}
	}
}

// fataler is what checkAgainstOracle needs of a *testing.T or *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkAgainstOracle fails unless the oracle agrees with a resolution: the
// same snapshot, or an error matching the resolver's sentinel, and
// ErrOverflow exactly when the resolver reports it.
func checkAgainstOracle(t fataler, c *catalog.Catalog, a entitlement.Account, cfg entitlement.Config, err error) {
	t.Helper()
	want, wantErr := resolveoracle.Resolve(c, a, t0)
	switch {
	case (err == nil) != (wantErr == nil):
		t.Fatalf("resolver: %v; oracle: %v", err, wantErr)
	case err != nil:
		if s := sentinel(err); s == nil || !errors.Is(wantErr, s) {
			t.Fatalf("resolver refuses with %v, which the oracle does not find (%v)", err, wantErr)
		}
		if errors.Is(err, entitlement.ErrOverflow) && !errors.Is(wantErr, entitlement.ErrOverflow) {
			t.Fatalf("resolver reports an overflow (%v), the oracle none (%v)", err, wantErr)
		}
	default:
		if diff := cmp.Diff(want.Map(), cfg.Snapshot().Map(), cmpValues); diff != "" {
			t.Fatalf("snapshot (-oracle +resolver):\n%s", diff)
		}
	}
}

// TestAssignRefusesOverflow: Assign refuses what would overflow with the
// errors Resolve gives, and hands the account back as it was.
func TestAssignRefusesOverflow(t *testing.T) {
	tests := []struct {
		name    string
		main    []catalog.AttributeValue
		addOn   sumAddOn
		have    []entitlement.Assignment
		asg     entitlement.Assignment
		wantErr error
	}{
		{
			name: "an add-on whose value takes the sum past MaxInt64: *OverflowError",
			main: units(p62), addOn: sumAddOn{id: "a", vals: units(p62)},
			asg:     entitlement.Assignment{AddOn: "a"},
			wantErr: &entitlement.OverflowError{Attribute: "units", Products: []string{"plan", "a"}},
		},
		{
			name:    "one more unit on a total of MaxInt: *QuantityError, not saturated",
			addOn:   sumAddOn{id: "a", maxQty: math.MaxInt, vals: units(0)},
			have:    repeat("a", 1, math.MaxInt),
			asg:     entitlement.Assignment{AddOn: "a"},
			wantErr: &entitlement.QuantityError{AddOn: "a", Max: math.MaxInt, Overflow: true},
		},
		{
			name:    "a quantity one above the maximum: *QuantityError",
			addOn:   sumAddOn{id: "a", maxQty: 3, vals: units(1)},
			have:    repeat("a", 1, 2),
			asg:     entitlement.Assignment{AddOn: "a", Quantity: 2},
			wantErr: &entitlement.QuantityError{AddOn: "a", Quantity: 4, Max: 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := entitlement.NewResolver(catalog.MustNew(sumCatalog(tt.main, tt.addOn)))
			a := entitlement.Account{ID: "acct", Main: "plan", AddOns: tt.have}
			got, _, err := r.Assign(a, tt.asg, t0)
			if diff := cmp.Diff(tt.wantErr, err); diff != "" {
				t.Errorf("err (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(a, got); diff != "" {
				t.Errorf("account changed (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOverflowErrorsMatchTheirSentinels(t *testing.T) {
	tests := []struct {
		err  error
		want []error
	}{
		{&entitlement.OverflowError{Attribute: "units", Products: []string{"plan", "a"}}, []error{entitlement.ErrOverflow}},
		{&entitlement.QuantityError{AddOn: "a", Max: 3, Overflow: true}, []error{entitlement.ErrQuantity, entitlement.ErrOverflow}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%T", tt.err), func(t *testing.T) {
			for _, s := range tt.want {
				if !errors.Is(tt.err, s) {
					t.Errorf("%v does not match %v", tt.err, s)
				}
			}
		})
	}
	if errors.Is(&entitlement.QuantityError{AddOn: "a", Quantity: 4, Max: 3}, entitlement.ErrOverflow) {
		t.Error("a quantity above the maximum that fits an int matches ErrOverflow")
	}
}
