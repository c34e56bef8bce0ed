package entitlement_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/internal/resolveoracle"
)

// TestResolveRules has one case per resolution rule of DESIGN.md
// ("entitlement — the service-configuration calculation"), named after it.
func TestResolveRules(t *testing.T) {
	withValues := func(a entitlement.Account, vs ...catalog.AttributeValue) entitlement.Account {
		a.Values = vs
		return a
	}
	withStates := func(a entitlement.Account, ss ...entitlement.StateSetting) entitlement.Account {
		a.States = ss
		return a
	}
	withFacts := func(a entitlement.Account, kv ...string) entitlement.Account {
		a.Facts = map[string]decimal.Decimal{}
		for i := 0; i < len(kv); i += 2 {
			a.Facts[kv[i]] = dec(kv[i+1])
		}
		return a
	}
	tests := []struct {
		name     string
		acct     entitlement.Account
		features map[string]bool   // feature → want enabled
		values   map[string]string // attribute → want value ("" = absent)
		wantErr  error
	}{
		{
			name:     "catalog defaults apply where no layer defines",
			acct:     account("easy_call"),
			features: map[string]bool{"call_waiting": true, "conferencing": false, "sms_bundle": true},
			values:   map[string]string{"storage_gb": "1", "sms_included": "", "max_participants": ""},
		},
		{
			name:     "a layer affects only what it explicitly defines",
			acct:     account("smart_call_plan", "conferencing_plus"),
			features: map[string]bool{"call_forwarding": true, "conferencing": true, "call_waiting": true},
			values:   map[string]string{"max_forwarded_calls": "10", "max_participants": "10"},
		},
		{
			name:     "override: higher-priority add-on wins (Smart Call + Conferencing+ enables conferencing)",
			acct:     account("basic_call", "smart_call", "conferencing_plus"),
			features: map[string]bool{"conferencing": true},
		},
		{
			name:     "override: the add-on beats the main product",
			acct:     account("smart_call_plan", "unconditional_forwarding"),
			features: map[string]bool{"call_waiting": false},
		},
		{
			name:    "equal priority, different feature states: conflict",
			acct:    account("smart_call_plan", "unconditional_forwarding", "advanced_forwarding"),
			wantErr: entitlement.ErrConflict,
		},
		{
			name:    "equal priority, different override values: conflict",
			acct:    account("basic_call", "conferencing_plus", "conferencing_lite"),
			wantErr: entitlement.ErrConflict,
		},
		{
			name:     "equal priority, equal values: no conflict",
			acct:     account("basic_call", "conferencing_plus", "conferencing_same"),
			features: map[string]bool{"conferencing": true},
			values:   map[string]string{"max_participants": "10"},
		},
		{
			name:   "sum: allowances add up (John Doe's 50 + 150 SMS and 200 Brazil minutes)",
			acct:   account("basic_call", "easy_sms", "carnival_200"),
			values: map[string]string{"sms_included": "200", "minutes_brazil": "200", "minutes_us_ca": "100"},
		},
		{
			name: "sum: an add-on counts once per unit of quantity",
			acct: entitlement.Account{Main: "basic_call", AddOns: []entitlement.Assignment{
				{AddOn: "easy_sms", Quantity: 2}, {AddOn: "easy_sms"}}},
			values: map[string]string{"sms_included": "500"},
		},
		{
			name:   "max: the largest value of all layers",
			acct:   withFacts(account("basic_call", "mailbox_plus", "mailbox_max"), "arpu", "75"),
			values: map[string]string{"storage_gb": "50"},
		},
		{
			name:   "min: the smallest value of all layers",
			acct:   withFacts(account("basic_call", "mailbox_plus"), "arpu", "75"),
			values: map[string]string{"attachment_mb": "10"},
		},
		{
			name:   "union: lists merge, each item once, lowest layer first",
			acct:   account("smart_call_plan", "forward_codes_b", "forward_codes_a"),
			values: map[string]string{"forward_codes": "[*21, *61, *67]"},
		},
		{
			name:   "union of one layer: each item once (rapid counterexample)",
			acct:   account("smart_call_plan", "forward_codes_dup"),
			values: map[string]string{"forward_codes": "[*21]"},
		},
		{
			name:   "account value replaces a combined result within scope",
			acct:   withValues(account("basic_call", "easy_sms"), val("sms_included", catalog.Int(1000))),
			values: map[string]string{"sms_included": "1000"},
		},
		{
			name:   "account value overrides the product within scope (12 forwarded calls over 10)",
			acct:   withValues(account("smart_call_plan"), val("max_forwarded_calls", catalog.Int(12))),
			values: map[string]string{"max_forwarded_calls": "12"},
		},
		{
			name:   "account-scoped attribute set by the account",
			acct:   withValues(account("smart_call_plan"), val("follow_me_numbers", catalog.List("+15550100", "+15550101"))),
			values: map[string]string{"follow_me_numbers": "[+15550100, +15550101]"},
		},
		{
			name:    "account value for a product-scoped attribute: scope error",
			acct:    withValues(account("basic_call"), val("storage_gb", catalog.Qty(dec("100")))),
			wantErr: entitlement.ErrScope,
		},
		{
			name:    "account value outside the attribute's constraints: invalid value",
			acct:    withValues(account("smart_call_plan"), val("max_forwarded_calls", catalog.Int(99))),
			wantErr: catalog.ErrValue,
		},
		{
			name:     "account feature state overrides every product",
			acct:     withStates(account("basic_call", "conferencing_plus"), entitlement.StateSetting{Feature: "conferencing", State: catalog.Disabled}),
			features: map[string]bool{"conferencing": false},
			values:   map[string]string{"max_participants": ""},
		},
		{
			name:   "band rule: arpu below 50 gives 5",
			acct:   withFacts(account("basic_call", "mailbox_plus"), "arpu", "49.99"),
			values: map[string]string{"storage_gb": "5"},
		},
		{
			name:   "band rule: arpu below 100 gives 10",
			acct:   withFacts(account("basic_call", "mailbox_plus"), "arpu", "50"),
			values: map[string]string{"storage_gb": "10"},
		},
		{
			name:   "band rule: otherwise 25",
			acct:   withFacts(account("basic_call", "mailbox_plus"), "arpu", "100"),
			values: map[string]string{"storage_gb": "25"},
		},
		{
			name:    "band rule without its fact: missing fact",
			acct:    account("basic_call", "mailbox_plus"),
			wantErr: entitlement.ErrMissingFact,
		},
		{
			name:    "enabled feature without its required attribute: error (IVR without voice application)",
			acct:    account("smart_call_plan", "ivr_bare"),
			wantErr: entitlement.ErrMissingRequired,
		},
		{
			name:     "required attribute set by a lower layer satisfies it",
			acct:     account("smart_call_plan", "ivr_calling", "ivr_bare"),
			features: map[string]bool{"call_via_ivr": true},
			values:   map[string]string{"voice_application": "ivr_main"},
		},
		{
			name:     "attributes of a disabled feature are absent",
			acct:     account("basic_call", "no_mail"),
			features: map[string]bool{"mailbox": false},
			values:   map[string]string{"storage_gb": "", "attachment_mb": ""},
		},
		{
			name:    "add-on not allowed with the main product (EasyCall)",
			acct:    account("easy_call", "conferencing_plus"),
			wantErr: entitlement.ErrNotAllowed,
		},
		{
			name:    "requires: the required add-on must be present",
			acct:    account("basic_call", "roaming_pack"),
			wantErr: entitlement.ErrRequires,
		},
		{
			name:    "excludes: excluded add-ons cannot be present together",
			acct:    account("basic_call", "carnival_200", "budget_pack"),
			wantErr: entitlement.ErrExcludes,
		},
		{
			name:    "quantity above the maximum",
			acct:    entitlement.Account{Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "easy_sms", Quantity: 4}}},
			wantErr: entitlement.ErrQuantity,
		},
		{
			// Found by FuzzResolve: the merged total wrapped around to a
			// negative int and passed the maximum check.
			name: "quantity above the maximum even when the merged total overflows an int",
			acct: entitlement.Account{Main: "basic_call", AddOns: []entitlement.Assignment{
				{AddOn: "easy_sms", Quantity: math.MaxInt}, {AddOn: "easy_sms", Quantity: math.MaxInt}}},
			wantErr: entitlement.ErrQuantity,
		},
		{
			name:    "unknown main product",
			acct:    account("gold_plan"),
			wantErr: entitlement.ErrUnknown,
		},
		{
			name:    "an add-on as the main product",
			acct:    account("easy_sms"),
			wantErr: entitlement.ErrNotMain,
		},
		{
			name:    "a main product assigned as an add-on",
			acct:    account("basic_call", "easy_call"),
			wantErr: entitlement.ErrNotAddOn,
		},
		{
			name: "an assignment outside its period is not a layer",
			acct: entitlement.Account{Main: "basic_call", AddOns: []entitlement.Assignment{
				{AddOn: "easy_sms", From: t0.Add(time.Hour)},
				{AddOn: "carnival_200", Until: t0},
			}},
			values: map[string]string{"sms_included": "50", "minutes_brazil": ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := fixtureResolver.Resolve(tt.acct, t0)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			for f, want := range tt.features {
				if got := cfg.Enabled(f); got != want {
					t.Errorf("Enabled(%s) = %v, want %v", f, got, want)
				}
			}
			for a, want := range tt.values {
				v, ok := cfg.Value(a)
				got := ""
				if ok {
					got = v.String()
				}
				if got != want {
					t.Errorf("Value(%s) = %q, want %q", a, got, want)
				}
			}
		})
	}
}

func TestConflictErrorNamesFeatureAndBothAddOns(t *testing.T) {
	for _, order := range [][]string{
		{"unconditional_forwarding", "advanced_forwarding"},
		{"advanced_forwarding", "unconditional_forwarding"},
	} {
		_, err := fixtureResolver.Resolve(account("smart_call_plan", order...), t0)
		var ce *entitlement.ConflictError
		if !errors.As(err, &ce) {
			t.Fatalf("err = %v, want *ConflictError", err)
		}
		want := &entitlement.ConflictError{Feature: "call_waiting", AddOns: [2]string{"advanced_forwarding", "unconditional_forwarding"},
			Priority: 15, Values: [2]string{"enabled", "disabled"}}
		if diff := cmp.Diff(want, ce); diff != "" {
			t.Errorf("order %v: conflict (-want +got):\n%s", order, diff)
		}
	}
	_, err := fixtureResolver.Resolve(account("basic_call", "conferencing_lite", "conferencing_plus"), t0)
	var ce *entitlement.ConflictError
	if !errors.As(err, &ce) || ce.Attribute != "max_participants" || ce.Feature != "conferencing" ||
		ce.AddOns != [2]string{"conferencing_lite", "conferencing_plus"} {
		t.Errorf("attribute conflict = %#v", ce)
	}
}

func TestTypedErrorsNameTheProducts(t *testing.T) {
	_, err := fixtureResolver.Resolve(account("easy_call", "conferencing_plus"), t0)
	var na *entitlement.NotAllowedError
	if !errors.As(err, &na) || na.AddOn != "conferencing_plus" || na.Main != "easy_call" {
		t.Errorf("not allowed = %v", err)
	}
	_, err = fixtureResolver.Resolve(account("basic_call", "roaming_pack"), t0)
	var re *entitlement.RequiresError
	if !errors.As(err, &re) || re.AddOn != "roaming_pack" || re.Requires != "carnival_200" {
		t.Errorf("requires = %v", err)
	}
	_, err = fixtureResolver.Resolve(account("basic_call", "carnival_200", "budget_pack"), t0)
	var xe *entitlement.ExcludesError
	if !errors.As(err, &xe) || xe.AddOns != [2]string{"budget_pack", "carnival_200"} {
		t.Errorf("excludes = %v", err)
	}
	_, err = fixtureResolver.Resolve(account("smart_call_plan", "ivr_bare"), t0)
	var mr *entitlement.MissingRequiredError
	if !errors.As(err, &mr) || mr.Feature != "call_via_ivr" || mr.Attribute != "voice_application" {
		t.Errorf("missing required = %v", err)
	}
	_, err = fixtureResolver.Resolve(account("basic_call", "mailbox_plus"), t0)
	var mf *entitlement.MissingFactError
	if !errors.As(err, &mf) || mf.Fact != "arpu" || mf.Attribute != "storage_gb" || mf.Product != "mailbox_plus" {
		t.Errorf("missing fact = %v", err)
	}
}

// TestCatalogWithoutProducts: a catalog may hold only features; every
// account's main product is then unknown, an error and not a panic.
func TestCatalogWithoutProducts(t *testing.T) {
	c, err := catalog.New(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "svc"}},
		Features:     []catalog.Feature{{ID: "voice", ServiceType: "svc"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := entitlement.NewResolver(c)
	for _, a := range []entitlement.Account{
		{ID: "a", Main: "basic_call"},
		{ID: "b", Main: ""},
		{ID: "c", Main: "international_minutes_pack_v2", AddOns: []entitlement.Assignment{{AddOn: "x", Quantity: 1}}},
	} {
		_, err := r.Resolve(a, t0)
		var ue *entitlement.UnknownError
		if !errors.As(err, &ue) || ue.Kind != "product" || ue.ID != a.Main {
			t.Errorf("Resolve(main %q) = %v, want an UnknownError naming it", a.Main, err)
		}
	}
}

func TestProvenance(t *testing.T) {
	cfg := mustResolve(t, account("basic_call", "conferencing_plus", "smart_call"))
	fs, _ := cfg.Feature("conferencing")
	if len(fs.By) != 1 || fs.By[0].Layer.Product != "conferencing_plus" || len(fs.Shadowed) != 1 || fs.Shadowed[0].Layer.Product != "smart_call" {
		t.Errorf("provenance = %+v", fs.Provenance)
	}
	a := account("basic_call", "easy_sms")
	a.AddOns[0].Quantity = 2
	cfg = mustResolve(t, a)
	av, _ := cfg.Attribute("sms_included")
	var by []string
	for _, s := range av.By {
		by = append(by, s.Layer.Product+"="+s.Value.String())
	}
	if diff := cmp.Diff([]string{"easy_sms=150", "basic_call=50"}, by); diff != "" {
		t.Errorf("sum contributors (-want +got):\n%s", diff)
	}
}

func TestExplain(t *testing.T) {
	a := account("basic_call", "smart_call", "conferencing_plus", "easy_sms", "carnival_200")
	cfg := mustResolve(t, a)
	want := `call_waiting: enabled (catalog default)
conferencing: enabled by conferencing_plus (priority 20), overriding smart_call (priority 10)
  max_participants: 10 from conferencing_plus (priority 20)
sms_bundle: enabled (catalog default)
  sms_included: 200 = 50 from basic_call (main product) + 150 from easy_sms (priority 5)
minutes_bundle: enabled (catalog default)
  minutes_us_ca: 100 from basic_call (main product)
  minutes_brazil: 200 from carnival_200 (priority 5)
mailbox: enabled (catalog default)
  storage_gb: 1 (catalog default)
  attachment_mb: 25.5 from basic_call (main product)
`
	if diff := cmp.Diff(want, cfg.Explain()); diff != "" {
		t.Errorf("Explain (-want +got):\n%s", diff)
	}
}

// TestEqualPriorityGroups: DESIGN.md's equal-priority conflict rule across
// groups of more than two add-ons. The disagreeing pair need not be next to
// each other in precedence order, the error names exactly that pair, and
// one group's states never count against another group's.
func TestEqualPriorityGroups(t *testing.T) {
	tests := []struct {
		name          string
		acct          entitlement.Account
		wantAddOns    [2]string // the conflict's pair; zero for none
		wantAttribute string
		features      map[string]bool
	}{
		{
			name:       "equal priority: a feature-state conflict with a silent add-on between",
			acct:       account("smart_call_plan", "group25_c", "group25_b", "group25_a"),
			wantAddOns: [2]string{"group25_a", "group25_c"},
		},
		{
			name:          "equal priority: a value conflict with a silent add-on between",
			acct:          account("smart_call_plan", "group25_d", "group25_b", "group25_a"),
			wantAddOns:    [2]string{"group25_a", "group25_d"},
			wantAttribute: "max_participants",
		},
		{
			name: "equal priority: a band rule's value agreeing with the group is not a conflict",
			acct: func() entitlement.Account {
				a := account("smart_call_plan", "group25_e", "group25_a")
				a.Facts = map[string]decimal.Decimal{"arpu": dec("40")}
				return a
			}(),
			features: map[string]bool{"conferencing": true},
		},
		{
			name: "equal priority: a band rule's value that disagrees is a conflict",
			acct: func() entitlement.Account {
				a := account("smart_call_plan", "group25_e", "group25_a")
				a.Facts = map[string]decimal.Decimal{"arpu": dec("60")}
				return a
			}(),
			wantAddOns:    [2]string{"group25_a", "group25_e"},
			wantAttribute: "max_participants",
		},
		{
			name:     "equal priority: groups are checked one at a time (20 enables, 25 disables: an override)",
			acct:     account("smart_call_plan", "conferencing_plus", "conferencing_same", "group25_b", "group25_c"),
			features: map[string]bool{"conferencing": false, "call_waiting": false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := fixtureResolver.Resolve(tt.acct, t0)
			if tt.wantAddOns != [2]string{} {
				var ce *entitlement.ConflictError
				if !errors.As(err, &ce) {
					t.Fatalf("err = %v, want a *ConflictError", err)
				}
				if ce.AddOns != tt.wantAddOns || ce.Attribute != tt.wantAttribute {
					t.Fatalf("conflict between %v on %q, want %v on %q", ce.AddOns, ce.Attribute, tt.wantAddOns, tt.wantAttribute)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			for f, want := range tt.features {
				if got := cfg.Enabled(f); got != want {
					t.Errorf("Enabled(%s) = %v, want %v", f, got, want)
				}
			}
		})
	}
}

// TestLargeNumbers covers fixed-point results too large for a value entry
// of their own (beyond ±2^29 at the attribute's scale): sums across layers,
// one layer's value times quantity, maxima and minima, integers and
// decimals. Each must equal the oracle's, as values and as written by
// Snapshot.
func TestLargeNumbers(t *testing.T) {
	attr := func(id string, typ catalog.Type, combine catalog.Combine) catalog.Attribute {
		return catalog.Attribute{ID: id, Type: typ, Combine: combine}
	}
	set := func(vals ...any) []catalog.FeatureSetting {
		fs := catalog.FeatureSetting{Feature: "big", State: catalog.Enabled}
		for i := 0; i < len(vals); i += 2 {
			fs.Values = append(fs.Values, catalog.AttributeValue{Attribute: vals[i].(string), Value: vals[i+1].(catalog.Value)})
		}
		return []catalog.FeatureSetting{fs}
	}
	d := catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "svc"}},
		Features: []catalog.Feature{{ID: "big", ServiceType: "svc", Attributes: []catalog.Attribute{
			attr("bytes_sum", catalog.TypeInteger, catalog.CombineSum),
			attr("bytes_once", catalog.TypeInteger, catalog.CombineSum),
			attr("peak_max", catalog.TypeInteger, catalog.CombineMax),
			attr("floor_min", catalog.TypeInteger, catalog.CombineMin),
			attr("credit_sum", catalog.TypeDecimal, catalog.CombineSum),
			attr("bytes_huge", catalog.TypeInteger, catalog.CombineSum),
		}}},
		Products: []catalog.Product{
			{ID: "main", Kind: catalog.KindMain, Features: set(
				"bytes_sum", catalog.Int(400_000_000), "peak_max", catalog.Int(5), "floor_min", catalog.Int(-1),
				"credit_sum", catalog.Dec(dec("3000000.25")))},
			{ID: "more", Kind: catalog.KindAddOn, AllowedMain: []string{"main"}, MaxQuantity: 3, Features: set(
				"bytes_sum", catalog.Int(300_000_000), "bytes_once", catalog.Int(300_000_000),
				"peak_max", catalog.Int(1_000_000_000_000), "floor_min", catalog.Int(-1_000_000_000_000),
				"credit_sum", catalog.Dec(dec("4000000.50")))},
		},
	}
	d.Products = append(d.Products, catalog.Product{ID: "bulk", Kind: catalog.KindAddOn, AllowedMain: []string{"main"},
		MaxQuantity: 1_000_000, Features: set("bytes_sum", catalog.Int(3_000_000_000), "credit_sum", catalog.Dec(dec("0.01")))},
		catalog.Product{ID: "huge", Kind: catalog.KindAddOn, AllowedMain: []string{"main"}, MaxQuantity: 100,
			Features: set("bytes_sum", catalog.Int(30_000_000_000_000), "bytes_huge", catalog.Int(30_000_000_000_000))})
	c := catalog.MustNew(d)
	r := entitlement.NewResolver(c)
	tests := []struct {
		name   string
		addOns []entitlement.Assignment
		want   map[string]string
	}{
		{
			name:   "beyond a value entry: sums, one layer times quantity, max, min",
			addOns: []entitlement.Assignment{{AddOn: "more", Quantity: 2}},
			want: map[string]string{
				"bytes_sum":  "1000000000",    // 400M + 2 × 300M
				"bytes_once": "600000000",     // one layer, 2 × 300M
				"peak_max":   "1000000000000", // quantity does not multiply a maximum
				"floor_min":  "-1000000000000",
				"credit_sum": "11000001.25", // 3,000,000.25 + 2 × 4,000,000.50
			},
		},
		{
			name:   "a quantity beyond the fast path, and a product beyond fixed point",
			addOns: []entitlement.Assignment{{AddOn: "more", Quantity: 2}, {AddOn: "bulk", Quantity: 100_000}},
			want: map[string]string{
				"bytes_sum":  "300001000000000", // 1,000,000,000 + 100,000 × 3,000,000,000
				"credit_sum": "11001001.25",     // + 100,000 × 0.01
			},
		},
		{
			// 10 × 3·10^13 is beyond fixed point (±2^47) at a quantity
			// the fast path takes: alone, and added to another layer.
			name:   "a product beyond fixed point on the fast path",
			addOns: []entitlement.Assignment{{AddOn: "huge", Quantity: 10}},
			want: map[string]string{
				"bytes_huge": "300000000000000",
				"bytes_sum":  "300000400000000", // 400M + 10 × 3·10^13
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := entitlement.Account{ID: "acct", Main: "main", AddOns: tt.addOns}
			cfg, err := r.Resolve(a, t0)
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			for id, want := range tt.want {
				got, ok := cfg.Value(id)
				if w := dec(want); !ok || !got.Equal(catalog.Dec(w)) && !got.Equal(catalog.Int(w.IntPart())) {
					t.Errorf("Value(%s) = %v, %v; want %s", id, got, ok, want)
				}
			}
			want, err := resolveoracle.Resolve(c, a, t0)
			if err != nil {
				t.Fatalf("oracle: %v", err)
			}
			if diff := cmp.Diff(want.Map(), cfg.Snapshot().Map(), cmp.Comparer(catalog.Value.Equal)); diff != "" {
				t.Errorf("snapshot (-oracle +resolver):\n%s", diff)
			}
		})
	}
}

// TestActivationAcrossBitmapWords: resolution marks active add-ons in a
// bitmap by precedence; with 200 add-ons the marks span several words, and
// the rules (requires, excludes, repeats merged, order by priority) must
// hold across them.
func TestActivationAcrossBitmapWords(t *testing.T) {
	d := catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "svc"}},
		Features: []catalog.Feature{{ID: "calls", ServiceType: "svc", Attributes: []catalog.Attribute{
			{ID: "minutes", Type: catalog.TypeInteger, Combine: catalog.CombineSum},
			{ID: "tier", Type: catalog.TypeInteger},
		}}},
		Products: []catalog.Product{{ID: "main", Kind: catalog.KindMain}},
	}
	for i := range 200 {
		p := catalog.Product{ID: fmt.Sprintf("a%03d", i), Kind: catalog.KindAddOn, Priority: 200 - i,
			AllowedMain: []string{"main"}, MaxQuantity: 5,
			Features: []catalog.FeatureSetting{{Feature: "calls", State: catalog.Enabled, Values: []catalog.AttributeValue{
				{Attribute: "minutes", Value: catalog.Int(int64(i))}, {Attribute: "tier", Value: catalog.Int(int64(i))}}}}}
		switch i {
		case 3:
			p.Requires = []string{"a190"}
		case 150:
			p.Excludes = []string{"a007"}
		}
		d.Products = append(d.Products, p)
	}
	r := entitlement.NewResolver(catalog.MustNew(d))
	resolve := func(qty map[string]int, ids ...string) (entitlement.Config, error) {
		a := entitlement.Account{ID: "acct", Main: "main"}
		for _, id := range ids {
			a.AddOns = append(a.AddOns, entitlement.Assignment{AddOn: id, Quantity: qty[id]})
		}
		return r.Resolve(a, t0)
	}

	var re *entitlement.RequiresError
	if _, err := resolve(nil, "a100", "a003"); !errors.As(err, &re) || re.AddOn != "a003" || re.Requires != "a190" {
		t.Errorf("requires = %v", err)
	}
	var xe *entitlement.ExcludesError
	if _, err := resolve(nil, "a007", "a150", "a190"); !errors.As(err, &xe) || xe.AddOns != [2]string{"a007", "a150"} {
		t.Errorf("excludes = %v", err)
	}
	// The quantities of a repeated add-on add up, and are checked as one.
	var qe *entitlement.QuantityError
	if _, err := resolve(map[string]int{"a120": 3}, "a120", "a005", "a120"); !errors.As(err, &qe) || qe.AddOn != "a120" || qe.Quantity != 6 {
		t.Errorf("quantity = %v", err)
	}

	// Of several invalid assignments, the one with the smallest ID is
	// reported, whatever the order: here a negative quantity, before a
	// main product assigned as an add-on and an unknown ID.
	for _, ids := range [][]string{{"a010", "nope", "a020", "main"}, {"main", "a020", "nope", "a010"}} {
		_, err := resolve(map[string]int{"a020": -1}, ids...)
		if diff := cmp.Diff(&entitlement.QuantityError{AddOn: "a020", Quantity: -1, Max: 5}, err); diff != "" {
			t.Errorf("%v: error (-want +got):\n%s", ids, diff)
		}
	}
	if _, err := resolve(nil, "nope", "main"); !errors.Is(err, entitlement.ErrNotAddOn) {
		t.Errorf("main as an add-on = %v, want ErrNotAddOn", err)
	}

	cfg, err := resolve(map[string]int{"a120": 2}, "a190", "a003", "a120", "a064", "a120", "a199")
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	// Priority 200 - i: a003 has the highest, so it decides the override.
	var got []string
	for _, l := range cfg.Layers() {
		got = append(got, fmt.Sprintf("%s×%d", l.Product, l.Quantity))
	}
	want := []string{"main×1", "a199×1", "a190×1", "a120×4", "a064×1", "a003×1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("layers (-want +got):\n%s", diff)
	}
	if v, _ := cfg.Value("tier"); !v.Equal(catalog.Int(3)) {
		t.Errorf("tier = %v, want 3", v)
	}
	if v, _ := cfg.Value("minutes"); !v.Equal(catalog.Int(199 + 190 + 4*120 + 64 + 3)) {
		t.Errorf("minutes = %v, want %d", v, 199+190+4*120+64+3)
	}
}

// TestWideEntries covers the entries a Config cannot hold in 16 bits that
// no random catalog reaches: an attribute with more distinct constants than
// a 16-bit entry indexes, more wide entries than that, and an account with
// more values than that.
func TestWideEntries(t *testing.T) {
	const n = 8200 // beyond 2^13, the first index a 16-bit entry cannot hold
	t.Run("an attribute with more distinct constants", func(t *testing.T) {
		var bands []catalog.Band
		for i := range n - 1 {
			bands = append(bands, catalog.Below(decimal.NewFromInt(int64(i+1)), catalog.Int(int64(3*i))))
		}
		bands = append(bands, catalog.Otherwise(catalog.Int(-1)))
		c := catalog.MustNew(catalog.Definition{
			ServiceTypes: []catalog.ServiceType{{ID: "svc"}},
			Features: []catalog.Feature{{ID: "storage", ServiceType: "svc", Attributes: []catalog.Attribute{
				{ID: "storage_gb", Type: catalog.TypeInteger}}}},
			Products: []catalog.Product{{ID: "main", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{
				set("storage", catalog.Enabled, val("storage_gb", catalog.Banded("arpu", bands...)))}}},
		})
		r := entitlement.NewResolver(c)
		for _, fact := range []int64{0, 8190, 8191, 8192, 8198, 9000} {
			a := entitlement.Account{ID: "acct", Main: "main", Facts: map[string]decimal.Decimal{"arpu": decimal.NewFromInt(fact)}}
			cfg, err := r.Resolve(a, t0)
			if err != nil {
				t.Fatal(err)
			}
			want := catalog.Int(3 * fact)
			if fact >= n-1 {
				want = catalog.Int(-1)
			}
			if got, ok := cfg.Value("storage_gb"); !ok || !got.Equal(want) {
				t.Errorf("arpu %d: Value(storage_gb) = %v, %v; want %v", fact, got, ok, want)
			}
		}
	})
	t.Run("more wide entries than a 16-bit entry indexes", func(t *testing.T) {
		// Each value times quantity 2 is beyond ±8,191: every entry is wide.
		d, settings := manyAttributes(n, catalog.Attribute{Type: catalog.TypeInteger, Combine: catalog.CombineSum},
			func(i int) int64 { return 10_000 + int64(i) })
		d.Products = []catalog.Product{{ID: "main", Kind: catalog.KindMain},
			{ID: "more", Kind: catalog.KindAddOn, AllowedMain: []string{"main"}, MaxQuantity: 2, Features: settings}}
		a := entitlement.Account{ID: "acct", Main: "main", AddOns: []entitlement.Assignment{{AddOn: "more", Quantity: 2}}}
		checkValues(t, d, a, func(i int) int64 { return 2 * (10_000 + int64(i)) })
	})
	t.Run("an account with more values", func(t *testing.T) {
		d, settings := manyAttributes(n, catalog.Attribute{Type: catalog.TypeInteger, Scope: catalog.ScopeBoth},
			func(int) int64 { return 1 })
		d.Products = []catalog.Product{{ID: "main", Kind: catalog.KindMain, Features: settings}}
		a := entitlement.Account{ID: "acct", Main: "main"}
		for i := range n {
			a.Values = append(a.Values, catalog.AttributeValue{Attribute: fmt.Sprintf("a%05d", i), Value: catalog.Int(int64(i))})
		}
		checkValues(t, d, a, func(i int) int64 { return int64(i) }) // the account's
		// Every value's provenance names the account first, with its own
		// value, and the main product's 1 shadowed: reading them all takes
		// one pass, not a search of the account's 8,200 values apiece.
		cfg, err := entitlement.NewResolver(catalog.MustNew(d)).Resolve(a, t0)
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for av := range cfg.Values() {
			i, err := strconv.Atoi(strings.TrimPrefix(av.Attribute, "a"))
			if err != nil {
				t.Fatal(err)
			}
			if len(av.By) != 1 || av.By[0].Layer.Kind != entitlement.LayerAccount || !av.By[0].Value.Equal(catalog.Int(int64(i))) ||
				len(av.Shadowed) != 1 || av.Shadowed[0].Layer.Product != "main" || !av.Shadowed[0].Value.Equal(catalog.Int(1)) {
				t.Fatalf("%s: by %v, shadowed %v; want the account's %d over main's 1", av.Attribute, av.By, av.Shadowed, i)
			}
			seen++
		}
		if seen != n {
			t.Errorf("Values yielded %d attributes, want %d", seen, n)
		}
	})
}

// manyAttributes returns a definition of n features f00000… with one
// attribute a00000… each, like attr, and the settings of a product that
// enables them all with value(i).
func manyAttributes(n int, attr catalog.Attribute, value func(i int) int64) (catalog.Definition, []catalog.FeatureSetting) {
	d := catalog.Definition{ServiceTypes: []catalog.ServiceType{{ID: "svc"}}}
	var settings []catalog.FeatureSetting
	for i := range n {
		f := fmt.Sprintf("f%05d", i)
		attr.ID = fmt.Sprintf("a%05d", i)
		d.Features = append(d.Features, catalog.Feature{ID: f, ServiceType: "svc", Attributes: []catalog.Attribute{attr}})
		settings = append(settings, set(f, catalog.Enabled, val(attr.ID, catalog.Int(value(i)))))
	}
	return d, settings
}

// checkValues resolves a against d and checks attribute a%05d at indexes on
// both sides of 2^12 and 2^13 (and the last) against want.
func checkValues(t *testing.T, d catalog.Definition, a entitlement.Account, want func(i int) int64) {
	t.Helper()
	cfg, err := entitlement.NewResolver(catalog.MustNew(d)).Resolve(a, t0)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 4095, 4096, 8191, 8192, len(d.Features) - 1} {
		at := fmt.Sprintf("a%05d", i)
		if got, ok := cfg.Value(at); !ok || !got.Equal(catalog.Int(want(i))) {
			t.Errorf("Value(%s) = %v, %v; want %d", at, got, ok, want(i))
		}
	}
}

// TestBigQuantities: a layer's quantity of 65,535 or more is kept apart
// from the layer in a Config's block; every layer must still read back its
// own, beside wide entries.
func TestBigQuantities(t *testing.T) {
	sum := func(n int64) []catalog.FeatureSetting {
		return []catalog.FeatureSetting{set("f", catalog.Enabled, val("n", catalog.Int(n)))}
	}
	addOn := func(id string, prio int, n int64) catalog.Product {
		return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: prio, AllowedMain: []string{"main"},
			MaxQuantity: 1_000_000, Features: sum(n)}
	}
	c := catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "svc"}},
		Features: []catalog.Feature{{ID: "f", ServiceType: "svc", Attributes: []catalog.Attribute{
			{ID: "n", Type: catalog.TypeInteger, Combine: catalog.CombineSum}}}},
		Products: []catalog.Product{{ID: "main", Kind: catalog.KindMain, Features: sum(1)},
			addOn("a", 1, 2), addOn("b", 2, 3), addOn("c", 3, 5), addOn("d", 4, 7)},
	})
	a := entitlement.Account{ID: "acct", Main: "main", AddOns: []entitlement.Assignment{
		{AddOn: "a", Quantity: 70_000}, {AddOn: "b", Quantity: 65_535}, {AddOn: "c", Quantity: 65_534}, {AddOn: "d", Quantity: 1_000_000}}}
	cfg, err := entitlement.NewResolver(c).Resolve(a, t0)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, l := range cfg.Layers() {
		got = append(got, l.Quantity)
	}
	if want := []int{1, 70_000, 65_535, 65_534, 1_000_000}; !slices.Equal(got, want) {
		t.Errorf("layer quantities = %v, want %v", got, want)
	}
	want := catalog.Int(1 + 2*70_000 + 3*65_535 + 5*65_534 + 7*1_000_000)
	if v, ok := cfg.Value("n"); !ok || !v.Equal(want) {
		t.Errorf("Value(n) = %v, %v; want %v", v, ok, want)
	}
}

// TestAllowedMainBeyond64: the allowed-main rule holds for the 64 main
// products resolution tests with a bitmask and for those after them, which
// it looks up in the list.
func TestAllowedMainBeyond64(t *testing.T) {
	d := catalog.Definition{ServiceTypes: []catalog.ServiceType{{ID: "svc"}}}
	for i := range 70 {
		d.Products = append(d.Products, catalog.Product{ID: fmt.Sprintf("main%02d", i), Kind: catalog.KindMain})
	}
	d.Products = append(d.Products, catalog.Product{ID: "addon", Kind: catalog.KindAddOn, AllowedMain: []string{"main03", "main68"}})
	r := entitlement.NewResolver(catalog.MustNew(d))
	for i := range 70 {
		main := fmt.Sprintf("main%02d", i)
		_, err := r.Resolve(entitlement.Account{ID: "acct", Main: main, AddOns: []entitlement.Assignment{{AddOn: "addon"}}}, t0)
		var na *entitlement.NotAllowedError
		switch allowed := i == 3 || i == 68; {
		case allowed && err != nil:
			t.Errorf("%s: %v, want no error", main, err)
		case !allowed && (!errors.As(err, &na) || na.Main != main || na.AddOn != "addon"):
			t.Errorf("%s: %v, want NotAllowedError naming addon and %s", main, err, main)
		}
	}
}

// TestEqualConstantsAgree: DESIGN.md's rule "Equal values at equal
// priority are not a conflict", whatever the values' form. Two add-ons of
// one priority that set a value agree when the values are Equal (a decimal
// with or without trailing zeros) and conflict when they are not (lists
// whose items differ only in where they split).
func TestEqualConstantsAgree(t *testing.T) {
	tests := []struct {
		name     string
		typ      catalog.Type
		a, b     catalog.Value
		conflict bool
	}{
		{"decimals equal with trailing zeros", catalog.TypeDecimal, catalog.Dec(dec("1.5")), catalog.Dec(dec("1.50")), false},
		{"decimals that differ", catalog.TypeDecimal, catalog.Dec(dec("1.5")), catalog.Dec(dec("1.05")), true},
		{"equal lists", catalog.TypeStringList, catalog.List("a", "bc"), catalog.List("a", "bc"), false},
		{"lists split differently", catalog.TypeStringList, catalog.List("a", "bc"), catalog.List("ab", "c"), true},
		{"strings that differ", catalog.TypeString, catalog.Str("x"), catalog.Str("x "), true},
		{"equal integers", catalog.TypeInteger, catalog.Int(7), catalog.Int(7), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addOn := func(id string, v catalog.Value) catalog.Product {
				return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: 5, AllowedMain: []string{"main"},
					Features: []catalog.FeatureSetting{set("f", catalog.Enabled, val("v", v))}}
			}
			c := catalog.MustNew(catalog.Definition{
				ServiceTypes: []catalog.ServiceType{{ID: "svc"}},
				Features:     []catalog.Feature{{ID: "f", ServiceType: "svc", Attributes: []catalog.Attribute{{ID: "v", Type: tt.typ}}}},
				Products:     []catalog.Product{{ID: "main", Kind: catalog.KindMain}, addOn("a", tt.a), addOn("b", tt.b)},
			})
			cfg, err := entitlement.NewResolver(c).Resolve(account("main", "a", "b"), t0)
			var ce *entitlement.ConflictError
			switch {
			case tt.conflict && !errors.As(err, &ce):
				t.Fatalf("err = %v, want a *ConflictError", err)
			case tt.conflict:
				if ce.AddOns != [2]string{"a", "b"} || ce.Attribute != "v" {
					t.Errorf("conflict between %v on %q, want a and b on v", ce.AddOns, ce.Attribute)
				}
			case err != nil:
				t.Fatalf("Resolve: %v", err)
			default:
				if v, ok := cfg.Value("v"); !ok || !v.Equal(tt.a) {
					t.Errorf("Value(v) = %v, %v; want %v", v, ok, tt.a)
				}
			}
		})
	}
}

// TestSettingTwiceIsRefused: an account that sets one feature state or one
// attribute twice is refused with a ValueError naming it, and the refusal
// leaves nothing behind: the account as it was still resolves.
func TestSettingTwiceIsRefused(t *testing.T) {
	settings := func() entitlement.Account {
		a := account("smart_call_plan")
		a.States = []entitlement.StateSetting{{Feature: "conferencing", State: catalog.Disabled}, {Feature: "call_waiting", State: catalog.Enabled}}
		a.Values = []catalog.AttributeValue{val("max_forwarded_calls", catalog.Int(12))}
		return a
	}
	tests := []struct {
		name string
		edit func(a *entitlement.Account) string // returns the ID set twice
	}{
		{"feature state", func(a *entitlement.Account) string {
			a.States = append(a.States, entitlement.StateSetting{Feature: "call_waiting", State: catalog.Enabled})
			return "call_waiting"
		}},
		{"attribute value", func(a *entitlement.Account) string {
			a.Values = append(a.Values, val("max_forwarded_calls", catalog.Int(12)))
			return "max_forwarded_calls"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := fixtureResolver.Resolve(settings(), t0); err != nil {
				t.Fatalf("Resolve(settings): %v", err)
			}
			a := settings()
			id := tt.edit(&a)
			_, err := fixtureResolver.Resolve(a, t0)
			var ve *entitlement.ValueError
			if !errors.As(err, &ve) || ve.Attribute != id || !strings.Contains(ve.Reason, "twice") {
				t.Fatalf("err = %v, want a ValueError naming %s set twice", err, id)
			}
			for range 2 {
				if _, err := fixtureResolver.Resolve(settings(), t0); err != nil {
					t.Errorf("Resolve(settings) after the refusal: %v", err)
				}
			}
		})
	}
}
