package entitlement_test

import (
	"errors"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
)

// shopDefinition is the shipped telco catalog plus what a self-care shop
// needs beyond it: Mailbox Max (50 GB, for accounts with an arpu of at
// least 50, excluding Mailbox Plus), Mail Archive (requires Mailbox Max),
// a Business Line for businesses only (no group), and descriptions.
func shopDefinition(t testing.TB) catalog.Definition {
	t.Helper()
	def, err := catalog.DecodeDefinition(catalogs.Telco)
	if err != nil {
		t.Fatal(err)
	}
	for i := range def.Groups {
		if def.Groups[i].ID == "email_extras" {
			def.Groups[i].Description = "More room for your mail."
		}
	}
	mains := []string{"basic_call", "smart_call_plan"}
	storage := func(gb string) []catalog.FeatureSetting {
		return []catalog.FeatureSetting{{Feature: "mailbox", Values: []catalog.AttributeValue{{Attribute: "storage_gb", Value: catalog.Qty(dec(gb))}}}}
	}
	def.Products = append(def.Products,
		catalog.Product{ID: "mailbox_max", Name: "Mailbox Max", Description: "50 GB for your mail.", Kind: catalog.KindAddOn,
			Priority: 5, AllowedMain: mains, Excludes: []string{"mailbox_plus"}, Groups: []string{"email_extras"},
			Eligible: []catalog.FactCondition{{Fact: "arpu", Operator: catalog.OpAtLeast, Value: dec("50")}},
			Features: storage("50")},
		catalog.Product{ID: "mail_archive", Name: "Mail Archive", Kind: catalog.KindAddOn, Priority: 5, AllowedMain: mains,
			Requires: []string{"mailbox_max"}, Groups: []string{"email_extras"}},
		catalog.Product{ID: "business_line", Name: "Business Line", Kind: catalog.KindAddOn, Priority: 5, AllowedMain: mains,
			Eligible: []catalog.FactCondition{{Fact: "business", Operator: catalog.OpEqual, Value: dec("1")}}},
	)
	return def
}

func shopResolver(t testing.TB) *entitlement.Resolver {
	t.Helper()
	c, err := catalog.New(shopDefinition(t))
	if err != nil {
		t.Fatal(err)
	}
	return entitlement.NewResolver(c)
}

// offerRow is an offer as the tables below write it: the add-on, and the
// error Assign gives (nil: orderable).
type offerRow struct {
	AddOn string
	Err   error
}

// groupRows writes Orderable's list as group ID → rows.
func groupRows(groups []entitlement.GroupOffer) map[string][]offerRow {
	out := map[string][]offerRow{}
	for _, g := range groups {
		for _, o := range g.AddOns {
			out[g.Group] = append(out[g.Group], offerRow{o.AddOn, o.Err})
		}
	}
	return out
}

// errOpts compares typed errors field by field, decimals by value.
var errOpts = gocmp.Options{
	gocmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	gocmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
}

func TestOrderable(t *testing.T) {
	r := shopResolver(t)
	facts := func(arpu string) map[string]decimal.Decimal { return map[string]decimal.Decimal{"arpu": dec(arpu)} }
	john := entitlement.Account{ID: "john", Main: "basic_call", Facts: facts("60"),
		AddOns: []entitlement.Assignment{{AddOn: "mailbox_plus"}, {AddOn: "unconditional_forwarding"}}}
	arpu50 := catalog.FactCondition{Fact: "arpu", Operator: catalog.OpAtLeast, Value: dec("50")}
	business := catalog.FactCondition{Fact: "business", Operator: catalog.OpEqual, Value: dec("1")}
	tests := []struct {
		name string
		a    entitlement.Account
		want map[string][]offerRow
	}{
		{"John on Basic Call with Mailbox Plus and unconditional forwarding", john, map[string][]offerRow{
			"sms_bundles": {{"easy_sms", nil}},
			"voice_calls": {{"carnival_200", nil}, {"ivr_calling", &entitlement.NotAllowedError{AddOn: "ivr_calling", Main: "basic_call"}}},
			"email_extras": {
				{"mailbox_plus", &entitlement.QuantityError{AddOn: "mailbox_plus", Quantity: 2, Max: 1}},
				{"mailbox_max", &entitlement.ExcludesError{AddOns: [2]string{"mailbox_max", "mailbox_plus"}}},
				{"mail_archive", &entitlement.RequiresError{AddOn: "mail_archive", Requires: "mailbox_max"}},
			},
			"": {
				{"smart_call", nil},
				{"conferencing_plus", nil},
				{"unconditional_forwarding", &entitlement.QuantityError{AddOn: "unconditional_forwarding", Quantity: 2, Max: 1}},
				{"advanced_forwarding", &entitlement.ConflictError{Feature: "call_waiting", AddOns: [2]string{"advanced_forwarding", "unconditional_forwarding"},
					Priority: 15, Values: [2]string{"enabled", "disabled"}}},
				{"business_line", &entitlement.EligibilityError{AddOn: "business_line", Condition: business}},
			},
		}},
		{"an arpu below 50: Mailbox Max is not for this account, eligibility before the other rules", entitlement.Account{ID: "ann", Main: "smart_call_plan", Facts: facts("40"),
			AddOns: []entitlement.Assignment{{AddOn: "mailbox_plus"}}}, map[string][]offerRow{
			"sms_bundles": {{"easy_sms", nil}},
			"voice_calls": {{"carnival_200", nil}, {"ivr_calling", nil}},
			"email_extras": {
				{"mailbox_plus", &entitlement.QuantityError{AddOn: "mailbox_plus", Quantity: 2, Max: 1}},
				{"mailbox_max", &entitlement.EligibilityError{AddOn: "mailbox_max", Condition: arpu50, Fact: nd("40")}},
				{"mail_archive", &entitlement.RequiresError{AddOn: "mail_archive", Requires: "mailbox_max"}},
			},
			"": {
				{"smart_call", nil}, {"conferencing_plus", nil}, {"unconditional_forwarding", nil}, {"advanced_forwarding", nil},
				{"business_line", &entitlement.EligibilityError{AddOn: "business_line", Condition: business}},
			},
		}},
		{"a business on EasyCall: nothing is allowed with it", entitlement.Account{ID: "acme", Main: "easy_call",
			Facts: map[string]decimal.Decimal{"arpu": dec("500"), "business": dec("1")}}, map[string][]offerRow{
			"sms_bundles": {{"easy_sms", &entitlement.NotAllowedError{AddOn: "easy_sms", Main: "easy_call"}}},
			"voice_calls": {
				{"carnival_200", &entitlement.NotAllowedError{AddOn: "carnival_200", Main: "easy_call"}},
				{"ivr_calling", &entitlement.NotAllowedError{AddOn: "ivr_calling", Main: "easy_call"}},
			},
			"email_extras": {
				{"mailbox_plus", &entitlement.NotAllowedError{AddOn: "mailbox_plus", Main: "easy_call"}},
				{"mailbox_max", &entitlement.NotAllowedError{AddOn: "mailbox_max", Main: "easy_call"}},
				{"mail_archive", &entitlement.NotAllowedError{AddOn: "mail_archive", Main: "easy_call"}},
			},
			"": {
				{"smart_call", &entitlement.NotAllowedError{AddOn: "smart_call", Main: "easy_call"}},
				{"conferencing_plus", &entitlement.NotAllowedError{AddOn: "conferencing_plus", Main: "easy_call"}},
				{"unconditional_forwarding", &entitlement.NotAllowedError{AddOn: "unconditional_forwarding", Main: "easy_call"}},
				{"advanced_forwarding", &entitlement.NotAllowedError{AddOn: "advanced_forwarding", Main: "easy_call"}},
				{"business_line", &entitlement.NotAllowedError{AddOn: "business_line", Main: "easy_call"}},
			},
		}},
		{"a change to EasyCall scheduled for later: add-ons are refused where they would span it", entitlement.Account{ID: "bob", Main: "easy_call",
			MainFrom: t0.Add(48 * time.Hour), PastMains: []entitlement.MainPeriod{{Product: "smart_call_plan"}}, Facts: facts("80"),
			AddOns: []entitlement.Assignment{{AddOn: "easy_sms", Until: t0.Add(48 * time.Hour)}}}, map[string][]offerRow{
			"sms_bundles": {{"easy_sms", &entitlement.NotAllowedError{AddOn: "easy_sms", Main: "easy_call"}}},
			"voice_calls": {
				{"carnival_200", &entitlement.NotAllowedError{AddOn: "carnival_200", Main: "easy_call"}},
				{"ivr_calling", &entitlement.NotAllowedError{AddOn: "ivr_calling", Main: "easy_call"}},
			},
			"email_extras": {
				{"mailbox_plus", &entitlement.NotAllowedError{AddOn: "mailbox_plus", Main: "easy_call"}},
				{"mailbox_max", &entitlement.NotAllowedError{AddOn: "mailbox_max", Main: "easy_call"}},
				{"mail_archive", &entitlement.RequiresError{AddOn: "mail_archive", Requires: "mailbox_max"}},
			},
			"": {
				{"smart_call", &entitlement.NotAllowedError{AddOn: "smart_call", Main: "easy_call"}},
				{"conferencing_plus", &entitlement.NotAllowedError{AddOn: "conferencing_plus", Main: "easy_call"}},
				{"unconditional_forwarding", &entitlement.NotAllowedError{AddOn: "unconditional_forwarding", Main: "easy_call"}},
				{"advanced_forwarding", &entitlement.NotAllowedError{AddOn: "advanced_forwarding", Main: "easy_call"}},
				{"business_line", &entitlement.EligibilityError{AddOn: "business_line", Condition: business}},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups, err := r.Orderable(tt.a, t0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tt.want, groupRows(groups), errOpts); diff != "" {
				t.Errorf("offers (-want +got):\n%s", diff)
			}
			// Each offer is what Assign says.
			for _, g := range groups {
				for _, o := range g.AddOns {
					_, _, err := r.Assign(tt.a, entitlement.Assignment{AddOn: o.AddOn, Quantity: 1, From: t0}, t0)
					if diff := gocmp.Diff(err, o.Err, errOpts); diff != "" {
						t.Errorf("%s: Orderable and Assign differ (-Assign +Orderable):\n%s", o.AddOn, diff)
					}
				}
			}
		})
	}
}

func TestOrderableGroupsNamesAndDescriptions(t *testing.T) {
	r := shopResolver(t)
	groups, err := r.Orderable(entitlement.Account{ID: "john", Main: "basic_call"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	type group struct{ ID, Name, Description string }
	var got []group
	for _, g := range groups {
		got = append(got, group{g.Group, g.Name, g.Description})
	}
	want := []group{
		{"sms_bundles", "SMS Bundles", ""},
		{"voice_calls", "Voice calls", ""},
		{"email_extras", "Email extras", "More room for your mail."},
		{"", "", ""},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	mailboxMax := groups[2].AddOns[1]
	if mailboxMax.AddOn != "mailbox_max" || mailboxMax.Name != "Mailbox Max" || mailboxMax.Description != "50 GB for your mail." {
		t.Errorf("offer = %+v, want Mailbox Max with its description", mailboxMax)
	}
	// Without an arpu, Mailbox Max is refused for the missing fact: an
	// ineligibility, not an error of the call.
	var el *entitlement.EligibilityError
	if !errors.As(mailboxMax.Err, &el) || !errors.Is(mailboxMax.Err, entitlement.ErrNotEligible) || el.Fact.Valid || mailboxMax.Orderable() {
		t.Errorf("err = %v, want an *EligibilityError for the missing arpu", mailboxMax.Err)
	}
}

func TestOrderableRefusesAnAccountThatDoesNotResolve(t *testing.T) {
	r := shopResolver(t)
	for _, tt := range []struct {
		name string
		a    entitlement.Account
		want error
	}{
		{"before the activation", entitlement.Account{ID: "a", Main: "basic_call", MainFrom: t0.Add(time.Hour)}, entitlement.ErrInactive},
		{"an unknown main product", entitlement.Account{ID: "a", Main: "fibre"}, entitlement.ErrUnknown},
		{"a stored conflict", entitlement.Account{ID: "a", Main: "basic_call",
			AddOns: []entitlement.Assignment{{AddOn: "unconditional_forwarding"}, {AddOn: "advanced_forwarding"}}}, entitlement.ErrConflict},
	} {
		t.Run(tt.name, func(t *testing.T) {
			groups, err := r.Orderable(tt.a, t0)
			if !errors.Is(err, tt.want) || groups != nil {
				t.Errorf("Orderable = %v, %v; want no list and %v", groups, err, tt.want)
			}
		})
	}
}

// Eligibility is checked when an add-on is sold, not while it is held: an
// account whose arpu falls keeps Mailbox Max, resolves, and is refused a
// second one for its facts.
func TestEligibilityCheckedAtAssignmentOnly(t *testing.T) {
	r := shopResolver(t)
	a := entitlement.Account{ID: "a", Main: "basic_call", Facts: map[string]decimal.Decimal{"arpu": dec("75")}}
	a, _, err := r.Assign(a, entitlement.Assignment{AddOn: "mailbox_max"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	a.Facts["arpu"] = dec("20")
	cfg, err := r.Resolve(a, t0.Add(time.Hour))
	if err != nil {
		t.Fatalf("an account holding an add-on it is no longer eligible for: %v", err)
	}
	if v, _ := cfg.Value("storage_gb"); !v.Equal(catalog.Qty(dec("50"))) {
		t.Errorf("storage_gb = %v, want 50 from the add-on held", v)
	}
	before := a.Clone()
	got, _, err := r.Assign(a, entitlement.Assignment{AddOn: "mail_archive"}, t0.Add(time.Hour))
	if err != nil {
		t.Errorf("an add-on requiring the one held: %v", err)
	}
	_ = got
	_, _, err = r.Assign(a, entitlement.Assignment{AddOn: "business_line"}, t0.Add(time.Hour))
	var el *entitlement.EligibilityError
	if !errors.As(err, &el) || el.AddOn != "business_line" || el.Condition.Fact != "business" {
		t.Errorf("err = %v, want an *EligibilityError naming business_line and business", err)
	}
	if diff := gocmp.Diff(before, a, errOpts); diff != "" {
		t.Errorf("a refused assignment changed the account (-before +after):\n%s", diff)
	}
}

func TestAddOnOfferReason(t *testing.T) {
	r := shopResolver(t)
	john := entitlement.Account{ID: "john", Main: "basic_call", Facts: map[string]decimal.Decimal{"arpu": dec("40")},
		AddOns: []entitlement.Assignment{{AddOn: "mailbox_plus"}, {AddOn: "unconditional_forwarding"}}}
	groups, err := r.Orderable(john, t0)
	if err != nil {
		t.Fatal(err)
	}
	byIDs, byNames := map[string]string{}, map[string]string{}
	for _, g := range groups {
		for _, o := range g.AddOns {
			byIDs[o.AddOn] = o.Reason()
			byNames[o.AddOn] = o.Reason(entitlement.WithNames(r.Catalog()))
		}
	}
	want := map[string][2]string{
		"easy_sms":                 {"", ""},
		"ivr_calling":              {"not available with basic_call", "not available with Basic Call"},
		"mailbox_plus":             {"at most 1", "at most 1"},
		"mailbox_max":              {"needs arpu at least 50", "needs arpu at least 50"},
		"mail_archive":             {"requires mailbox_max", "requires Mailbox Max"},
		"advanced_forwarding":      {"conflicts with unconditional_forwarding", "conflicts with Unconditional forwarding"},
		"business_line":            {"needs business equal to 1", "needs business equal to 1"},
		"unconditional_forwarding": {"at most 1", "at most 1"},
	}
	for id, w := range want {
		if byIDs[id] != w[0] || byNames[id] != w[1] {
			t.Errorf("%s: Reason() = %q, with names %q; want %q, %q", id, byIDs[id], byNames[id], w[0], w[1])
		}
	}
	ex := entitlement.AddOnOffer{AddOn: "mailbox_max", Err: &entitlement.ExcludesError{AddOns: [2]string{"mailbox_max", "mailbox_plus"}}}
	if got := ex.Reason(entitlement.WithNames(r.Catalog())); got != "cannot be combined with Mailbox Plus" {
		t.Errorf("excludes: %q", got)
	}
	other := entitlement.AddOnOffer{AddOn: "x", Err: &entitlement.MissingRequiredError{Feature: "f", Attribute: "a"}}
	if got := other.Reason(); got != `feature "f" is enabled but its required attribute "a" has no value` {
		t.Errorf("another error: %q", got)
	}
}

// TestVersionedOrderable: across versions, what the version in force sells
// is listed, by that version's groups; what it retired is not, and what it
// introduced is.
func TestVersionedOrderable(t *testing.T) {
	v1 := shopDefinition(t)
	v2 := shopDefinition(t)
	var kept []catalog.Product
	for _, p := range v2.Products {
		if p.ID != "carnival_200" {
			kept = append(kept, p)
		}
	}
	v2.Products = append(kept, catalog.Product{ID: "carnival_300", Name: "Carnival 300", Kind: catalog.KindAddOn, Priority: 5,
		AllowedMain: []string{"basic_call", "smart_call_plan"}, Groups: []string{"voice_calls"}})
	set, err := catalog.NewVersions(
		catalog.Version{ID: "v1", Catalog: catalog.MustNew(v1)},
		catalog.Version{ID: "v2", From: t0.Add(24 * time.Hour), Catalog: catalog.MustNew(v2)},
	)
	if err != nil {
		t.Fatal(err)
	}
	v := entitlement.NewVersioned(set)
	a := entitlement.Account{ID: "a", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "carnival_200"}}}
	for _, tt := range []struct {
		at   time.Time
		want []offerRow
	}{
		{t0, []offerRow{{"carnival_200", &entitlement.QuantityError{AddOn: "carnival_200", Quantity: 2, Max: 1}}, {"ivr_calling", &entitlement.NotAllowedError{AddOn: "ivr_calling", Main: "basic_call"}}}},
		{t0.Add(48 * time.Hour), []offerRow{{"ivr_calling", &entitlement.NotAllowedError{AddOn: "ivr_calling", Main: "basic_call"}}, {"carnival_300", nil}}},
	} {
		groups, err := v.Orderable(a, tt.at)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(tt.want, groupRows(groups)["voice_calls"], errOpts); diff != "" {
			t.Errorf("at %s: voice calls (-want +got):\n%s", tt.at, diff)
		}
	}
	var nilV *entitlement.Versioned
	if _, err := nilV.Orderable(a, t0); !errors.Is(err, entitlement.ErrNoCatalog) {
		t.Errorf("nil Versioned: %v, want ErrNoCatalog", err)
	}
}
