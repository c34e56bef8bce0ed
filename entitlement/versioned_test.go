package entitlement_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

// An ISP offer over three versions:
//   - v1 (since always): fibre_100 (100 Mbit/s), fibre_500, tv_basic (50
//     channels), static_ip (with fibre_100 only); parental control off by
//     default.
//   - v2 (July): fibre_100 raised to 150 for new customers, fibre_500
//     retired, fibre_1000 introduced, tv_basic 60 channels, static_ip also
//     with fibre_1000, wifi_mesh introduced; parental control on by default.
//   - v3 (October, for existing customers from November): fibre_100 at 200.
var (
	july     = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	october  = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	november = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	march    = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	august   = time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
)

func ispFeatures(parentalDefault bool) []catalog.Feature {
	return []catalog.Feature{
		{ID: "internet", ServiceType: "net", DefaultEnabled: true, Attributes: []catalog.Attribute{
			{ID: "speed_mbps", Type: catalog.TypeInteger, Combine: catalog.CombineMax}}},
		{ID: "tv", ServiceType: "tv", Attributes: []catalog.Attribute{
			{ID: "channels", Type: catalog.TypeInteger, Combine: catalog.CombineSum}}},
		{ID: "static_ip", ServiceType: "net"},
		{ID: "wifi", ServiceType: "net"},
		{ID: "parental_control", ServiceType: "tv", DefaultEnabled: parentalDefault},
	}
}

func fibre(id string, mbps int64) catalog.Product {
	return catalog.Product{ID: id, Kind: catalog.KindMain, Features: []catalog.FeatureSetting{
		set("internet", catalog.Enabled, val("speed_mbps", catalog.Int(mbps)))}}
}

func extra(id string, allowed []string, fs ...catalog.FeatureSetting) catalog.Product {
	return catalog.Product{ID: id, Kind: catalog.KindAddOn, Priority: 10, AllowedMain: allowed, Features: fs}
}

func ispVersions(t testing.TB) *entitlement.Versioned {
	t.Helper()
	svc := []catalog.ServiceType{{ID: "net"}, {ID: "tv"}}
	v1 := catalog.MustNew(catalog.Definition{ServiceTypes: svc, Features: ispFeatures(false), Products: []catalog.Product{
		fibre("fibre_100", 100), fibre("fibre_500", 500),
		extra("tv_basic", []string{"fibre_100", "fibre_500"}, set("tv", catalog.Enabled, val("channels", catalog.Int(50)))),
		extra("static_ip", []string{"fibre_100"}, set("static_ip", catalog.Enabled)),
	}})
	v2Products := func(fibre100 int64) []catalog.Product {
		return []catalog.Product{
			fibre("fibre_100", fibre100), fibre("fibre_1000", 1000),
			extra("tv_basic", []string{"fibre_100", "fibre_1000"}, set("tv", catalog.Enabled, val("channels", catalog.Int(60)))),
			extra("static_ip", []string{"fibre_100", "fibre_1000"}, set("static_ip", catalog.Enabled)),
			extra("wifi_mesh", []string{"fibre_100", "fibre_1000"}, set("wifi", catalog.Enabled)),
		}
	}
	v2 := catalog.MustNew(catalog.Definition{ServiceTypes: svc, Features: ispFeatures(true), Products: v2Products(150)})
	v3 := catalog.MustNew(catalog.Definition{ServiceTypes: svc, Features: ispFeatures(true), Products: v2Products(200)})
	set, err := catalog.NewVersions(
		catalog.Version{ID: "v1", Catalog: v1},
		catalog.Version{ID: "v2", From: july, Catalog: v2},
		catalog.Version{ID: "v3", From: october, Existing: november, Catalog: v3},
	)
	if err != nil {
		t.Fatal(err)
	}
	return entitlement.NewVersioned(set)
}

// customer is an account activated at from on main, with the given add-ons
// assigned from the activation.
func customer(main string, from time.Time, addOns ...string) entitlement.Account {
	a := entitlement.Account{ID: "acct-" + main, Main: main, MainFrom: from}
	for _, id := range addOns {
		a.AddOns = append(a.AddOns, entitlement.Assignment{AddOn: id, From: from})
	}
	return a
}

func intValue(t *testing.T, cfg entitlement.Config, attr string) int64 {
	t.Helper()
	v, ok := cfg.Value(attr)
	if !ok {
		t.Fatalf("%s has no value", attr)
	}
	i, ok := v.AsInt()
	if !ok {
		t.Fatalf("%s = %v, not an integer", attr, v)
	}
	return i
}

func resolveV(t *testing.T, v *entitlement.Versioned, a entitlement.Account, at time.Time) entitlement.Config {
	t.Helper()
	cfg, err := v.Resolve(a, at)
	if err != nil {
		t.Fatalf("Resolve at %s: %v", at.Format(time.DateOnly), err)
	}
	return cfg
}

func TestVersionedGrandfatheredHoldingKeepsItsTerms(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march, "tv_basic")
	cfg := resolveV(t, v, old, august)
	if got := intValue(t, cfg, "speed_mbps"); got != 100 {
		t.Errorf("v1 customer in August: speed %d, want 100 (v1 terms)", got)
	}
	if got := intValue(t, cfg, "channels"); got != 50 {
		t.Errorf("v1 customer in August: channels %d, want 50 (v1 terms)", got)
	}
	fresh := customer("fibre_100", august, "tv_basic")
	cfg = resolveV(t, v, fresh, august)
	if got := intValue(t, cfg, "speed_mbps"); got != 150 {
		t.Errorf("customer sold in August: speed %d, want 150 (v2)", got)
	}
	if got := intValue(t, cfg, "channels"); got != 60 {
		t.Errorf("customer sold in August: channels %d, want 60 (v2)", got)
	}
}

func TestVersionedExistingTakesOverFromItsInstant(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march)
	if got := intValue(t, resolveV(t, v, old, october.Add(24*time.Hour)), "speed_mbps"); got != 100 {
		t.Errorf("before v3's existing instant: speed %d, want 100", got)
	}
	if got := intValue(t, resolveV(t, v, old, november), "speed_mbps"); got != 200 {
		t.Errorf("from v3's existing instant: speed %d, want 200", got)
	}
}

func TestVersionedServiceDefinitionsFollowTheVersionInForce(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march)
	if resolveV(t, v, old, march).Enabled("parental_control") {
		t.Error("in March (v1): parental control enabled, want the v1 default (off)")
	}
	if !resolveV(t, v, old, august).Enabled("parental_control") {
		t.Error("in August (v2): parental control disabled, want the v2 default (on) for every account")
	}
}

func TestVersionedNewAddOnIsPurchasableByAnOldAccount(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march)
	next, cfg, err := v.Assign(old, entitlement.Assignment{AddOn: "wifi_mesh", From: august}, august)
	if err != nil {
		t.Fatalf("Assign wifi_mesh (introduced in v2) to a v1 account: %v", err)
	}
	if !cfg.Enabled("wifi") {
		t.Error("wifi not enabled after buying wifi_mesh")
	}
	if got := intValue(t, cfg, "speed_mbps"); got != 100 {
		t.Errorf("buying an add-on changed the main product's terms: speed %d, want 100", got)
	}
	if got := next.AddOns[len(next.AddOns)-1].Terms; !got.Equal(august) {
		t.Errorf("sold add-on's Terms = %v, want the sale instant %v", got, august)
	}
	if len(old.AddOns) != 0 {
		t.Error("Assign modified the account passed in")
	}
}

func TestVersionedProductNotForSaleOutsideItsVersion(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march)
	tests := []struct {
		name string
		do   func() error
		want []string
	}{
		{"an add-on before its version", func() error {
			_, _, err := v.Assign(old, entitlement.Assignment{AddOn: "wifi_mesh", From: march}, march)
			return err
		}, []string{"wifi_mesh"}},
		{"a retired main product", func() error {
			_, _, err := v.ChangeMain(old, "fibre_500", august)
			return err
		}, []string{"fibre_500"}},
		{"a main product before its version", func() error {
			_, _, err := v.ChangeMain(old, "fibre_1000", march.Add(24*time.Hour))
			return err
		}, []string{"fibre_1000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			var nf *entitlement.NotForSaleError
			if !errors.As(err, &nf) || !errors.Is(err, entitlement.ErrNotForSale) {
				t.Fatalf("err = %v, want a *NotForSaleError", err)
			}
			if !slices.Equal(nf.Products, tt.want) {
				t.Errorf("Products = %v, want %v", nf.Products, tt.want)
			}
		})
	}
}

func TestVersionedRetiredProductStillResolvesForItsHolders(t *testing.T) {
	v := ispVersions(t)
	holder := customer("fibre_500", march, "tv_basic")
	cfg := resolveV(t, v, holder, august)
	if got := intValue(t, cfg, "speed_mbps"); got != 500 {
		t.Errorf("fibre_500 holder after its retirement: speed %d, want 500", got)
	}
}

func TestVersionedMainChangeToANewerProductKeepsAddOnsEitherVersionAllows(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march, "static_ip", "tv_basic")
	next, ch, err := v.ChangeMain(old, "fibre_1000", august)
	if err != nil {
		t.Fatalf("ChangeMain to fibre_1000 (v2 only): %v", err)
	}
	if len(ch.Dropped) != 0 {
		t.Errorf("Dropped = %v, want none: v2 allows static_ip and tv_basic with fibre_1000", ch.Dropped)
	}
	cfg := resolveV(t, v, next, august)
	if got := intValue(t, cfg, "speed_mbps"); got != 1000 {
		t.Errorf("speed after the change %d, want 1000", got)
	}
	if got := intValue(t, cfg, "channels"); got != 50 {
		t.Errorf("tv_basic kept its v1 terms? channels %d, want 50", got)
	}
	if !cfg.Enabled("static_ip") {
		t.Error("static_ip lost")
	}
}

func TestVersionedUpgradeCandidatesOfferOnlyWhatIsForSale(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march)
	cands, err := v.UpgradeCandidates(old, august, "speed_mbps", dec("400"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cands {
		got = append(got, c.Product)
	}
	if !slices.Equal(got, []string{"fibre_1000"}) {
		t.Errorf("candidates %v, want [fibre_1000] (fibre_500 is retired)", got)
	}
}

func TestVersionedMoveAppliesNewTermsFromTheMoveOn(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march, "tv_basic")
	moved, err := v.Move(old, "v2", august)
	if err != nil {
		t.Fatal(err)
	}
	if got := intValue(t, resolveV(t, v, moved, august.Add(-time.Hour)), "speed_mbps"); got != 100 {
		t.Errorf("before the move: speed %d, want 100", got)
	}
	after := resolveV(t, v, moved, august)
	if got := intValue(t, after, "speed_mbps"); got != 150 {
		t.Errorf("after the move: speed %d, want 150", got)
	}
	if got := intValue(t, after, "channels"); got != 60 {
		t.Errorf("after the move: channels %d, want 60", got)
	}
	back, err := v.Move(moved, "v1", august)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{august, october, november} {
		if d := entitlement.Diff(resolveV(t, v, old, at), resolveV(t, v, back, at)); len(d) != 0 {
			t.Errorf("moved and moved back, at %s: diff %v, want none", at.Format(time.DateOnly), d)
		}
	}
}

func TestVersionedMoveRefusesARetiredProduct(t *testing.T) {
	v := ispVersions(t)
	holder := customer("fibre_500", march, "tv_basic")
	_, err := v.Move(holder, "v2", august)
	var nf *entitlement.NotForSaleError
	if !errors.As(err, &nf) || !slices.Equal(nf.Products, []string{"fibre_500"}) {
		t.Fatalf("err = %v, want *NotForSaleError for fibre_500", err)
	}
}

func TestVersionedMigrationReport(t *testing.T) {
	v := ispVersions(t)
	accounts := []entitlement.Account{
		customer("fibre_100", march, "tv_basic"),
		customer("fibre_100", august),
		customer("fibre_500", march),
	}
	accounts[2].ID = "acct-retired"
	ms, err := v.Migrate(accounts, "v1", "v2", august)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("%d entries, want 2 (the account sold under v2 is not on v1)", len(ms))
	}
	if ms[0].Err != nil || !ms[0].Changed() {
		t.Fatalf("first entry: err %v, changed %v; want a change", ms[0].Err, ms[0].Changed())
	}
	var attrs []string
	for _, c := range ms[0].Changes {
		attrs = append(attrs, c.Attribute)
	}
	slices.Sort(attrs)
	if !slices.Equal(attrs, []string{"channels", "speed_mbps"}) {
		t.Errorf("changes %v, want channels and speed_mbps", ms[0].Changes)
	}
	if !errors.Is(ms[1].Err, entitlement.ErrNotForSale) {
		t.Errorf("retired holder: err %v, want ErrNotForSale", ms[1].Err)
	}
	if _, err := v.Migrate(accounts, "v9", "v2", august); err == nil {
		t.Error("unknown version accepted")
	}
}

func TestVersionedNilIsSafe(t *testing.T) {
	var v *entitlement.Versioned
	if _, err := v.Resolve(customer("fibre_100", march), march); !errors.Is(err, entitlement.ErrNoCatalog) {
		t.Errorf("nil Versioned: err %v, want ErrNoCatalog", err)
	}
	if _, err := entitlement.NewVersioned(nil).Resolve(customer("fibre_100", march), march); !errors.Is(err, entitlement.ErrNoCatalog) {
		t.Errorf("Versioned of a nil set: err %v, want ErrNoCatalog", err)
	}
}

func TestVersionedHoldingOfALaterProductBeforeItsIntroduction(t *testing.T) {
	v := ispVersions(t)
	// Sold in August under v2, backdated to start in June, before v2.
	a := customer("fibre_100", march)
	a.AddOns = append(a.AddOns, entitlement.Assignment{AddOn: "wifi_mesh", From: july.AddDate(0, -1, 0), Terms: august})
	cfg := resolveV(t, v, a, july.AddDate(0, 0, -10))
	if !cfg.Enabled("wifi") {
		t.Error("wifi_mesh held on v2 terms in June: wifi not enabled")
	}
}

func TestVersionedMoveThereAndBackRestoresTheAccount(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march, "tv_basic")
	moved, err := v.Move(old, "v2", august)
	if err != nil {
		t.Fatal(err)
	}
	back, err := v.Move(moved, "v1", august)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.PastMains) != 0 || len(back.AddOns) != 1 || !back.AddOns[0].Until.IsZero() {
		t.Errorf("moved there and back: past mains %v, add-ons %v; want the splits undone", back.PastMains, back.AddOns)
	}
}

func TestVersionedMoveToWhatAlreadyGovernsChangesNothing(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march, "tv_basic")
	// From v3's existing instant, v3 governs every holding: a move to v3 is a no-op.
	moved, err := v.Move(old, "v3", november.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(moved.PastMains) != 0 || len(moved.AddOns) != 1 {
		t.Errorf("move to the version already governing: past mains %v, add-ons %v; want none split", moved.PastMains, moved.AddOns)
	}
}

func TestVersionedAssignChecksTheSaleInstantNotTheTerms(t *testing.T) {
	v := ispVersions(t)
	old := customer("fibre_100", march)
	// An older offer honoured in August: sold in August, on v1 terms.
	_, cfg, err := v.Assign(old, entitlement.Assignment{AddOn: "tv_basic", From: august, Terms: march}, august)
	if err != nil {
		t.Fatalf("tv_basic on v1 terms sold in August: %v", err)
	}
	if got := intValue(t, cfg, "channels"); got != 50 {
		t.Errorf("channels %d, want 50 (the v1 terms given)", got)
	}
	// Terms in the future do not make a product for sale before its version.
	_, _, err = v.Assign(old, entitlement.Assignment{AddOn: "wifi_mesh", From: march, Terms: august}, march)
	if !errors.Is(err, entitlement.ErrNotForSale) {
		t.Errorf("wifi_mesh sold in March on August terms: err %v, want ErrNotForSale", err)
	}
}
