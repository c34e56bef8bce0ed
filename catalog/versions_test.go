package catalog_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// The instants versions start at in these tests.
var (
	jan = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	mar = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	jun = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	sep = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
)

// edit changes a catalog definition.
type edit func(d *catalog.Definition)

// seedWith returns the seed catalog (seedDefinition) changed by edits.
func seedWith(edits ...edit) *catalog.Catalog {
	d := seedDefinition()
	for _, e := range edits {
		e(&d)
	}
	return catalog.MustNew(d)
}

// productIn returns product id of d.
func productIn(d *catalog.Definition, id string) *catalog.Product {
	i := slices.IndexFunc(d.Products, func(p catalog.Product) bool { return p.ID == id })
	return &d.Products[i]
}

// attributeIn returns attribute id of d.
func attributeIn(d *catalog.Definition, id string) *catalog.Attribute {
	for fi := range d.Features {
		for ai := range d.Features[fi].Attributes {
			if a := &d.Features[fi].Attributes[ai]; a.ID == id {
				return a
			}
		}
	}
	panic("no attribute " + id)
}

// withPriority sets the priority of add-on id.
func withPriority(id string, p int) edit {
	return func(d *catalog.Definition) { productIn(d, id).Priority = p }
}

// without removes product id.
func without(id string) edit {
	return func(d *catalog.Definition) {
		d.Products = slices.DeleteFunc(d.Products, func(p catalog.Product) bool { return p.ID == id })
	}
}

// withProduct adds p.
func withProduct(p catalog.Product) edit {
	return func(d *catalog.Definition) { d.Products = append(d.Products, p) }
}

// newbie is an add-on the seed catalog does not have.
var newbie = catalog.Product{ID: "newbie", Kind: catalog.KindAddOn, Priority: 1, AllowedMain: []string{"basic_call"}}

// setForwarded sets max_forwarded_calls of smart_call_main to v.
func setForwarded(v catalog.Value) edit {
	return func(d *catalog.Definition) { productIn(d, "smart_call_main").Features[0].Values[0].Value = v }
}

type problem struct {
	Path string
	Code catalog.Code
}

func TestNewVersionsRules(t *testing.T) {
	seed := seedWith()
	v := func(id string, from time.Time, c *catalog.Catalog) catalog.Version {
		return catalog.Version{ID: id, From: from, Catalog: c}
	}
	asMain := func(d *catalog.Definition) {
		p := productIn(d, "smart_call")
		p.Kind, p.Priority, p.AllowedMain = catalog.KindMain, 0, nil
	}
	const fwd = "features[call_forwarding].attributes[max_forwarded_calls]"
	const held = "products[smart_call_main]." + fwd
	tests := []struct {
		name    string
		vs      []catalog.Version
		wantErr []problem // nil: valid
	}{
		{name: "one version since always: valid", vs: []catalog.Version{v("v1", time.Time{}, seed)}},
		{name: "changes that keep every meaning: valid", vs: []catalog.Version{
			v("v1", time.Time{}, seed), v("v2", mar, seedWith(withPriority("smart_call", 30), without("ivr_calling")))}},
		{name: "no version at all: invalid_version", vs: nil,
			wantErr: []problem{{"versions", catalog.CodeInvalidVersion}}},
		{name: "two versions from the same instant: version_order", vs: []catalog.Version{v("v1", jan, seed), v("v2", jan, seed)},
			wantErr: []problem{{"versions[v2].from", catalog.CodeVersionOrder}}},
		{name: "versions out of order: version_order", vs: []catalog.Version{v("v1", mar, seed), v("v2", jan, seed)},
			wantErr: []problem{{"versions[v2].from", catalog.CodeVersionOrder}}},
		{name: "zero from after the first: invalid_version", vs: []catalog.Version{v("v1", time.Time{}, seed), v("v2", time.Time{}, seed)},
			wantErr: []problem{{"versions[v2].from", catalog.CodeInvalidVersion}}},
		{name: "existing before from: invalid_version",
			vs:      []catalog.Version{v("v1", jan, seed), {ID: "v2", From: mar, Existing: jan, Catalog: seed}},
			wantErr: []problem{{"versions[v2].existing", catalog.CodeInvalidVersion}}},
		{name: "no catalog: invalid_version", vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, nil)},
			wantErr: []problem{{"versions[v2].catalog", catalog.CodeInvalidVersion}}},
		{name: "a version ID twice: duplicate_id", vs: []catalog.Version{v("v1", jan, seed), v("v1", mar, seed)},
			wantErr: []problem{{"versions[v1]", catalog.CodeDuplicateID}}},
		{name: "a version ID with a space: invalid_id, by position", vs: []catalog.Version{v("v1", jan, seed), v("v 2", mar, seed)},
			wantErr: []problem{{"versions[#1]", catalog.CodeInvalidID}}},
		{name: "an add-on becomes a main product: kind_changed", vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(asMain))},
			wantErr: []problem{{"versions[v2].products[smart_call].kind", catalog.CodeKindChanged}}},
		{name: "a change is reported once, at the first version that departs",
			vs:      []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(asMain)), v("v3", jun, seedWith(asMain))},
			wantErr: []problem{{"versions[v2].products[smart_call].kind", catalog.CodeKindChanged}}},
		{name: "a feature moves to another service type: id_reused", vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(func(d *catalog.Definition) {
			d.Features[fConferencing].ServiceType = "sms"
		}))}, wantErr: []problem{{"versions[v2].features[conferencing].service_type", catalog.CodeIDReused}}},
		{name: "an attribute moves to another feature: id_reused", vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(func(d *catalog.Definition) {
			f := &d.Features[fCallForwarding]
			d.Features[fCallWaiting].Attributes = f.Attributes[1:]
			f.Attributes = f.Attributes[:1]
		}))}, wantErr: []problem{{"versions[v2].features[call_waiting].attributes[follow_me_numbers]", catalog.CodeIDReused}}},
		{name: "an attribute's type changes: type_changed, and the old value no longer fits: type_mismatch",
			vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(func(d *catalog.Definition) {
				a := attributeIn(d, "max_forwarded_calls")
				a.Type, a.Default = catalog.TypeDecimal, catalog.Dec(dec("3"))
			}, setForwarded(catalog.Dec(dec("10")))))},
			wantErr: []problem{{"versions[v2]." + fwd + ".type", catalog.CodeTypeChanged}, {"versions[v1]." + held, catalog.CodeTypeMismatch}}},
		{name: "a quantity's unit changes: type_changed", vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(func(d *catalog.Definition) {
			attributeIn(d, "minutes_us_ca").Unit = "s"
		}))}, wantErr: []problem{{"versions[v2].features[minutes_bundle].attributes[minutes_us_ca].unit", catalog.CodeTypeChanged}}},
		{name: "an attribute's scope changes: type_changed", vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(func(d *catalog.Definition) {
			attributeIn(d, "max_forwarded_calls").Scope = catalog.ScopeProduct
		}))}, wantErr: []problem{{"versions[v2]." + fwd + ".scope", catalog.CodeTypeChanged}}},
		{name: "an attribute becomes account-scoped: type_changed, and products may no longer set it: scope",
			vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(func(d *catalog.Definition) {
				attributeIn(d, "max_forwarded_calls").Scope = catalog.ScopeAccount
				productIn(d, "smart_call_main").Features[0].Values = nil
			}))},
			wantErr: []problem{{"versions[v2]." + fwd + ".scope", catalog.CodeTypeChanged}, {"versions[v1]." + held, catalog.CodeScope}}},
		{name: "an attribute's combine rule changes: type_changed", vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(func(d *catalog.Definition) {
			attributeIn(d, "sms_included").Combine = catalog.CombineMax
		}))}, wantErr: []problem{{"versions[v2].features[sms_bundle].attributes[sms_included].combine", catalog.CodeTypeChanged}}},
		{name: "an old product's value above a later version's max: constraint",
			vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(func(d *catalog.Definition) {
				attributeIn(d, "max_forwarded_calls").Max = nd("5")
			}, setForwarded(catalog.Int(5))))},
			wantErr: []problem{{"versions[v1]." + held, catalog.CodeConstraint}}},
		{name: "an enum value a later version no longer allows: constraint",
			vs: []catalog.Version{v("v1", jan, seed), v("v2", mar, seedWith(func(d *catalog.Definition) {
				attributeIn(d, "voice_application").Allowed = []string{"ivr_sales"}
				productIn(d, "ivr_calling").Features[0].Values[0].Value = catalog.Enum("ivr_sales")
			}))},
			wantErr: []problem{{"versions[v1].products[ivr_calling].features[call_via_ivr].attributes[voice_application]", catalog.CodeConstraint}}},
		{name: "every problem at once: set, catalogs and held values",
			vs: []catalog.Version{v("v1", time.Time{}, seed), v("v1", time.Time{}, seedWith(asMain, func(d *catalog.Definition) {
				attributeIn(d, "max_forwarded_calls").Max = nd("5")
			}, setForwarded(catalog.Int(5)))), v("v3", jun, nil)},
			wantErr: []problem{
				{"versions[v1]", catalog.CodeDuplicateID},
				{"versions[v1].from", catalog.CodeInvalidVersion},
				{"versions[v3].catalog", catalog.CodeInvalidVersion},
				{"versions[v1].products[smart_call].kind", catalog.CodeKindChanged},
				{"versions[v1]." + held, catalog.CodeConstraint},
			}},
	}
	covered := map[catalog.Code]bool{}
	for _, tt := range tests {
		for _, p := range tt.wantErr {
			covered[p.Code] = true
		}
	}
	for _, c := range []catalog.Code{catalog.CodeInvalidVersion, catalog.CodeVersionOrder, catalog.CodeKindChanged, catalog.CodeIDReused,
		catalog.CodeTypeChanged, catalog.CodeInvalidID, catalog.CodeDuplicateID, catalog.CodeConstraint, catalog.CodeTypeMismatch, catalog.CodeScope} {
		if !covered[c] {
			t.Errorf("no case reports %s", c)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := catalog.NewVersions(tt.vs...)
			if tt.wantErr == nil {
				if err != nil || s.Len() != len(tt.vs) {
					t.Fatalf("NewVersions: %v, want a set of %d", err, len(tt.vs))
				}
				return
			}
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, catalog.ErrInvalid) || s != nil {
				t.Fatalf("NewVersions = %v, %v; want no set and a *ValidationError", s, err)
			}
			var got []problem
			for _, p := range ve.Problems {
				got = append(got, problem{p.Path, p.Code})
			}
			byPath := cmpopts.SortSlices(func(a, b problem) bool { return a.Path+string(a.Code) < b.Path+string(b.Code) })
			if diff := cmp.Diff(tt.wantErr, got, byPath); diff != "" {
				t.Errorf("problems (-want +got):\n%s\n%v", diff, ve.Problems)
			}
		})
	}
}

func TestNewVersionsRefusesMoreThan32767(t *testing.T) {
	vs, c := make([]catalog.Version, 32768), seedWith()
	for i := range vs {
		vs[i] = catalog.Version{ID: "v" + time.Duration(i).String(), From: jan.Add(time.Duration(i)), Catalog: c}
	}
	_, err := catalog.NewVersions(vs...)
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) || !ve.HasAt("versions", catalog.CodeInvalidVersion) {
		t.Fatalf("err = %.200v, want invalid_version at versions", err)
	}
}

func TestVersionAt(t *testing.T) {
	s := catalog.MustNewVersions(
		catalog.Version{ID: "v1", From: jan, Catalog: seedWith()},
		catalog.Version{ID: "v2", From: mar, Catalog: seedWith()},
		catalog.Version{ID: "v3", From: jun, Catalog: seedWith()},
	)
	always := catalog.MustNewVersions(catalog.Version{ID: "v1", Catalog: seedWith()})
	tests := []struct {
		name string
		s    *catalog.Versions
		at   time.Time
		want int
	}{
		{"before the first version: none", s, jan.Add(-1), -1},
		{"at the zero instant, the first version not since always: none", s, time.Time{}, -1},
		{"at exactly the first from: the first", s, jan, 0},
		{"between two versions: the earlier", s, mar.Add(-1), 0},
		{"at exactly a later from: that version", s, mar, 1},
		{"after the last from: the last", s, sep, 2},
		{"a first version since always, at the zero instant: in force", always, time.Time{}, 0},
		{"a first version since always, before the year 1: in force", always, time.Date(0, 6, 1, 0, 0, 0, 0, time.UTC), 0},
		{"a nil set: none", nil, jan, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.IndexAt(tt.at); got != tt.want {
				t.Errorf("IndexAt = %d, want %d", got, tt.want)
			}
			v, ok := tt.s.At(tt.at)
			want, wantOK := tt.s.Version(tt.want)
			if ok != wantOK || v.ID != want.ID {
				t.Errorf("At = %q, %v; want %q, %v", v.ID, ok, want.ID, wantOK)
			}
		})
	}
}

// lifecycle is a set where smart_call is repriced in v2 and retired in v3,
// and newbie is introduced in v3, whose Existing is sep.
func lifecycle() *catalog.Versions {
	return catalog.MustNewVersions(
		catalog.Version{ID: "v1", Catalog: seedWith()},
		catalog.Version{ID: "v2", From: mar, Catalog: seedWith(withPriority("smart_call", 30))},
		catalog.Version{ID: "v3", From: jun, Existing: sep, Catalog: seedWith(without("smart_call"), withProduct(newbie))},
	)
}

func TestGoverning(t *testing.T) {
	// repriced: smart_call changes in v2, which governs existing holdings from jun.
	repriced := catalog.MustNewVersions(
		catalog.Version{ID: "v1", From: jan, Catalog: seedWith()},
		catalog.Version{ID: "v2", From: mar, Existing: jun, Catalog: seedWith(withPriority("smart_call", 30))},
	)
	tests := []struct {
		name      string
		s         *catalog.Versions
		product   string
		terms, at time.Time
		want      int
		wantOK    bool
	}{
		{"grandfathered: terms in v1, resolved after v2 took over sales: v1", repriced, "smart_call", jan, mar.Add(time.Hour), 0, true},
		{"terms in v2: v2", repriced, "smart_call", mar, mar.Add(time.Hour), 1, true},
		{"terms before the first version: the first", repriced, "smart_call", time.Time{}, mar, 0, true},
		{"existing: resolved at v2's existing instant: v2", repriced, "smart_call", jan, jun, 1, true},
		{"existing: resolved after it: v2", repriced, "smart_call", jan, sep, 1, true},
		{"existing: resolved just before it: still v1", repriced, "smart_call", jan, jun.Add(-1), 0, true},
		{"retired in v3, grandfathered: v1", lifecycle(), "smart_call", jan, jul(), 0, true},
		{"retired in v3, whose existing has come: the last version defining it, v2", lifecycle(), "smart_call", jan, sep, 1, true},
		{"introduced in v3, terms before its introduction: the oldest version defining it", lifecycle(), "newbie", jan, mar, 2, true},
		{"a product no version defines: none", lifecycle(), "nothing", jan, sep, 0, false},
		{"a nil set: none", nil, "smart_call", jan, sep, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.s.Governing(tt.product, tt.terms, tt.at)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Governing = %d, %v; want %d, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func jul() time.Time { return time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC) }

func TestChoiceDefinesSame(t *testing.T) {
	s := lifecycle()
	for _, tt := range []struct {
		product   string
		i, want   int
		wantOK    bool
		defines   bool
		sameAsPrv bool // Same(product, i-1, i)
	}{
		{"smart_call", 0, 0, true, true, false},
		{"smart_call", 1, 1, true, true, false},
		{"smart_call", 2, 1, true, false, false},
		{"basic_call", 2, 2, true, true, true},
		{"newbie", 0, 2, true, false, true},
		{"newbie", 2, 2, true, true, false},
		{"nothing", 1, 0, false, false, true},
	} {
		got, ok := s.Choice(tt.product, tt.i)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Choice(%s, %d) = %d, %v; want %d, %v", tt.product, tt.i, got, ok, tt.want, tt.wantOK)
		}
		if d := s.Defines(tt.i, tt.product); d != tt.defines {
			t.Errorf("Defines(%d, %s) = %v, want %v", tt.i, tt.product, d, tt.defines)
		}
		if tt.i > 0 && s.Same(tt.product, tt.i-1, tt.i) != tt.sameAsPrv {
			t.Errorf("Same(%s, %d, %d) = %v, want %v", tt.product, tt.i-1, tt.i, !tt.sameAsPrv, tt.sameAsPrv)
		}
	}
	// Identical definitions share a revision, even with a different one between.
	back := catalog.MustNewVersions(
		catalog.Version{ID: "v1", Catalog: seedWith()},
		catalog.Version{ID: "v2", From: mar, Catalog: seedWith(withPriority("smart_call", 30))},
		catalog.Version{ID: "v3", From: jun, Catalog: seedWith()},
	)
	if !back.Same("smart_call", 0, 2) || back.Same("smart_call", 0, 1) || !back.Same("basic_call", 0, 1) {
		t.Errorf("Same: smart_call v1~v3 %v, v1~v2 %v, basic_call v1~v2 %v; want true, false, true",
			back.Same("smart_call", 0, 2), back.Same("smart_call", 0, 1), back.Same("basic_call", 0, 1))
	}
}

func TestCompose(t *testing.T) {
	old := func(d *catalog.Definition) {
		p := productIn(d, "smart_call")
		p.Requires, p.Excludes, p.MaxQuantity, p.Groups = []string{"easy_sms"}, []string{"carnival_200"}, 2, []string{"voice_calls"}
	}
	current := func(d *catalog.Definition) {
		p := productIn(d, "smart_call")
		p.Priority, p.Features[0].State = 30, catalog.Enabled
		p.AllowedMain, p.Excludes, p.MaxQuantity, p.Groups = []string{"easy_call"}, []string{"carnival_200", "ivr_calling"}, 5, []string{"sms_bundles"}
		d.Features[fConferencing].Name = "Conference calls"
		d.Features[fCallForwarding].Attributes = d.Features[fCallForwarding].Attributes[:1] // follow_me_numbers only in v1
	}
	s := catalog.MustNewVersions(
		catalog.Version{ID: "v1", Catalog: seedWith(old)},
		catalog.Version{ID: "v2", From: mar, Catalog: seedWith(current)},
	)
	pinned, err := s.Compose(1, map[string]int{"smart_call": 0})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := pinned.Product("smart_call")
	want := seedDefinition().Products[pSmartCall] // priority 10, conferencing disabled
	want.Excludes, want.MaxQuantity = []string{"carnival_200"}, 5
	want.AllowedMain = []string{"basic_call", "smart_call_main", "easy_call"}
	want.Groups = []string{"sms_bundles"}
	t.Run("a pinned product keeps its features and priority; its rules are the more permissive", func(t *testing.T) {
		if diff := cmp.Diff(want, got, defOpts); diff != "" {
			t.Errorf("pinned smart_call (-want +got):\n%s", diff)
		}
	})
	t.Run("service definitions are those of the version in force", func(t *testing.T) {
		for i, wantName := range []string{"Conferencing", "Conference calls"} {
			c, _ := s.Compose(i, map[string]int{"smart_call": 0})
			if f, _ := c.Feature("conferencing"); f.Name != wantName {
				t.Errorf("Compose(%d): conferencing is %q, want %q", i, f.Name, wantName)
			}
		}
	})
	t.Run("a feature gains the attributes only an older version defines", func(t *testing.T) {
		if _, f, ok := pinned.Attribute("follow_me_numbers"); !ok || f != "call_forwarding" {
			t.Errorf("follow_me_numbers: %q, %v; want under call_forwarding", f, ok)
		}
	})
	t.Run("not pinned: the version's own definition", func(t *testing.T) {
		if _, p, _ := s.View(1).Precedence("smart_call"); p != 30 {
			t.Errorf("View(1): smart_call priority %d, want 30", p)
		}
	})
	t.Run("a retired product: the newest earlier definition, without requirements or exclusions", func(t *testing.T) {
		l := lifecycle()
		if _, p, _ := l.View(2).Precedence("smart_call"); p != 30 {
			t.Errorf("View(2): retired smart_call priority %d, want v2's 30", p)
		}
		if p, _ := l.View(2).Product("smart_call"); len(p.Requires)+len(p.Excludes) != 0 {
			t.Errorf("View(2): retired smart_call requires %v, excludes %v; want none", p.Requires, p.Excludes)
		}
	})
	t.Run("a product not yet introduced: left out unless pinned", func(t *testing.T) {
		l := lifecycle()
		if _, ok := l.View(0).Product("newbie"); ok {
			t.Errorf("View(0) holds newbie, which only v3 defines")
		}
		c, err := l.Compose(0, map[string]int{"newbie": 2})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Product("newbie"); !ok {
			t.Errorf("Compose(0) with newbie pinned lacks it")
		}
	})
	t.Run("service definitions only other versions give: no default, not required", func(t *testing.T) {
		if a, _, ok := pinned.Attribute("follow_me_numbers"); !ok || a.Required || a.Default.IsSet() {
			t.Errorf("follow_me_numbers in Compose(1): %+v, %v; want inert", a, ok)
		}
	})
	t.Run("no pins: View, built once", func(t *testing.T) {
		c, err := s.Compose(1, map[string]int{})
		if err != nil || c != s.View(1) {
			t.Errorf("Compose(1, {}) = %p, %v; want View(1) %p", c, err, s.View(1))
		}
	})
}

func TestComposeRefuses(t *testing.T) {
	s := lifecycle()
	for _, tt := range []struct {
		name string
		i    int
		pins map[string]int
	}{
		{"a negative version index", -1, nil},
		{"a version index past the last", 3, nil},
		{"a pin past the last version", 0, map[string]int{"smart_call": 3}},
		{"a pin to a version that does not define the product", 0, map[string]int{"smart_call": 2}},
		{"a pin of a product no version defines", 0, map[string]int{"nothing": 0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := s.Compose(tt.i, tt.pins); !errors.Is(err, catalog.ErrInvalid) || c != nil {
				t.Errorf("Compose = %v, %v; want no catalog and an error matching ErrInvalid", c, err)
			}
		})
	}
	if s.View(-1) != nil || s.View(3) != nil {
		t.Errorf("View out of range is not nil")
	}
}

func TestNewVersionsAcceptsAWidenedAttributeUsedByANewProduct(t *testing.T) {
	widened := func(d *catalog.Definition) {
		attributeIn(d, "max_forwarded_calls").Max = decimal.NullDecimal{Decimal: decimal.NewFromInt(100), Valid: true}
	}
	big := catalog.Product{ID: "big_forwarding", Kind: catalog.KindAddOn, Priority: 1, AllowedMain: []string{"basic_call"},
		Features: []catalog.FeatureSetting{{Feature: "call_forwarding", State: catalog.Enabled,
			Values: []catalog.AttributeValue{{Attribute: "max_forwarded_calls", Value: catalog.Int(90)}}}}}
	_, err := catalog.NewVersions(
		catalog.Version{ID: "v1", Catalog: seedWith()},
		catalog.Version{ID: "v2", From: mar, Catalog: seedWith(widened, withProduct(big))},
	)
	if err != nil {
		t.Fatalf("a product of v2 using v2's wider bound: %v", err)
	}
}
