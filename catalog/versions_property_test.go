package catalog_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
)

// The generated sets draw from one universe of IDs whose meanings never
// change: features f0 (attributes a0 integer 0..100, a1 string) and f1
// (a2 decimal), main products m0 and m1, add-ons x0 to x3. Each version
// defines a random part of it, so products come, change, go and come back.
var (
	genAttributes = map[string]catalog.Attribute{
		"a0": {ID: "a0", Type: catalog.TypeInteger, Min: nd("0"), Max: nd("100")},
		"a1": {ID: "a1", Type: catalog.TypeString},
		"a2": {ID: "a2", Type: catalog.TypeDecimal},
	}
	genFeatures = []struct {
		id    string
		attrs []string
	}{{"f0", []string{"a0", "a1"}}, {"f1", []string{"a2"}}}

	// genVersionList draws the versions of a valid set: one to four, each
	// in force from an instant after the one before (the first maybe since
	// always), in assorted offsets, some with an Existing instant.
	genVersionList = rapid.Custom(func(t *rapid.T) []catalog.Version {
		n := rapid.IntRange(1, 4).Draw(t, "versions")
		vs := make([]catalog.Version, n)
		from := jan.Add(time.Duration(rapid.Int64Range(-1e15, 1e15).Draw(t, "start")))
		for i := range vs {
			vs[i] = catalog.Version{ID: fmt.Sprintf("v%d", i+1), From: inZone(t, from), Catalog: genCatalog(t)}
			if i == 0 && rapid.Bool().Draw(t, "since always") {
				vs[i].From = time.Time{}
			}
			if rapid.IntRange(0, 2).Draw(t, "existing") == 0 {
				vs[i].Existing = inZone(t, from.Add(time.Duration(rapid.Int64Range(0, 1e15).Draw(t, "after from"))))
			}
			from = from.Add(time.Duration(rapid.Int64Range(1, 1e15).Draw(t, "gap")))
		}
		return vs
	})
)

// inZone returns x in a drawn offset, a whole number of minutes from UTC.
func inZone(t *rapid.T, x time.Time) time.Time {
	minutes := rapid.IntRange(-14*60, 14*60).Draw(t, "offset")
	return x.In(time.FixedZone("", minutes*60))
}

// genCatalog draws one version's catalog from the universe.
func genCatalog(t *rapid.T) *catalog.Catalog {
	d := catalog.Definition{ServiceTypes: []catalog.ServiceType{{ID: "voice"}}}
	defined := map[string]bool{}
	for _, f := range genFeatures {
		if f.id != "f0" && !rapid.Bool().Draw(t, "has "+f.id) {
			continue
		}
		feature := catalog.Feature{ID: f.id, ServiceType: "voice", Name: rapid.SampledFrom([]string{"", "old", "new"}).Draw(t, "name")}
		for _, a := range f.attrs {
			if rapid.Bool().Draw(t, "has "+a) {
				feature.Attributes = append(feature.Attributes, genAttributes[a])
				defined[a] = true
			}
		}
		d.Features = append(d.Features, feature)
	}
	mains := []string{"m0"}
	if rapid.Bool().Draw(t, "has m1") {
		mains = append(mains, "m1")
	}
	for _, m := range mains {
		d.Products = append(d.Products, catalog.Product{ID: m, Kind: catalog.KindMain})
	}
	for i := range 4 {
		if !rapid.Bool().Draw(t, "has add-on") {
			continue
		}
		p := catalog.Product{
			ID: fmt.Sprintf("x%d", i), Kind: catalog.KindAddOn,
			Priority:    rapid.SampledFrom([]int{5, 10, 20}).Draw(t, "priority"),
			MaxQuantity: rapid.IntRange(0, 3).Draw(t, "max quantity"),
		}
		for _, m := range mains {
			if rapid.Bool().Draw(t, "allowed") {
				p.AllowedMain = append(p.AllowedMain, m)
			}
		}
		setting := catalog.FeatureSetting{Feature: "f0", State: catalog.State(rapid.IntRange(0, 2).Draw(t, "state"))}
		if defined["a0"] && rapid.Bool().Draw(t, "sets a0") {
			setting.Values = append(setting.Values, catalog.AttributeValue{Attribute: "a0", Value: catalog.Int(rapid.Int64Range(0, 100).Draw(t, "a0"))})
		}
		p.Features = append(p.Features, setting)
		d.Products = append(d.Products, p)
	}
	return catalog.MustNew(d)
}

// drawInstant draws an instant near the set's own: one of them, a
// nanosecond either side, or anywhere.
func drawInstant(t *rapid.T, vs []catalog.Version, label string) time.Time {
	var near []time.Time
	for _, v := range vs {
		near = append(near, v.From, v.From.Add(-1), v.From.Add(1))
		if !v.Existing.IsZero() {
			near = append(near, v.Existing, v.Existing.Add(-1), v.Existing.Add(1))
		}
	}
	if rapid.Bool().Draw(t, label+" anywhere") {
		return jan.Add(time.Duration(rapid.Int64Range(-4e15, 5e15).Draw(t, label)))
	}
	return rapid.SampledFrom(near).Draw(t, label)
}

func mustNewVersions(t *rapid.T, vs []catalog.Version) *catalog.Versions {
	s, err := catalog.NewVersions(vs...)
	if err != nil {
		t.Fatalf("NewVersions: %v", err)
	}
	return s
}

func propGeneratedVersionsValidate(t *rapid.T) {
	mustNewVersions(t, genVersionList.Draw(t, "versions"))
}

func TestGeneratedVersionsValidate(t *testing.T) { rapid.Check(t, propGeneratedVersionsValidate) }

func FuzzGeneratedVersionsValidate(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propGeneratedVersionsValidate))
}

// propIndexAtMonotone: a later instant never gives an earlier version, and
// the version IndexAt gives is the last one whose From is not after t.
func propIndexAtMonotone(t *rapid.T) {
	vs := genVersionList.Draw(t, "versions")
	s := mustNewVersions(t, vs)
	t1, t2 := drawInstant(t, vs, "t1"), drawInstant(t, vs, "t2")
	if t2.Before(t1) {
		t1, t2 = t2, t1
	}
	if i1, i2 := s.IndexAt(t1), s.IndexAt(t2); i1 > i2 {
		t.Fatalf("IndexAt(%v) = %d > IndexAt(%v) = %d", t1, i1, t2, i2)
	}
	want := -1
	for i, v := range vs {
		if v.From.IsZero() || !v.From.After(t1) {
			want = i
		}
	}
	if got := s.IndexAt(t1); got != want {
		t.Fatalf("IndexAt(%v) = %d, want %d", t1, got, want)
	}
}

func TestIndexAtMonotone(t *testing.T) { rapid.Check(t, propIndexAtMonotone) }

func FuzzIndexAtMonotone(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propIndexAtMonotone)) }

// propSingleVersionIsItsCatalog: a set of one version composes nothing:
// its view is the version's own catalog.
func propSingleVersionIsItsCatalog(t *rapid.T) {
	c := genCatalog(t)
	s := mustNewVersions(t, []catalog.Version{{ID: "only", Catalog: c}})
	composed, err := s.Compose(0, nil)
	if err != nil || composed != c || s.View(0) != c {
		t.Fatalf("Compose(0, nil) = %p, %v; View(0) = %p; want the catalog %p", composed, err, s.View(0), c)
	}
}

func TestSingleVersionIsItsCatalog(t *testing.T) { rapid.Check(t, propSingleVersionIsItsCatalog) }

func FuzzSingleVersionIsItsCatalog(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propSingleVersionIsItsCatalog))
}

// propGoverningIsChoiceAtFloor: Governing is Choice at the later of the
// terms' version and the floor, Choice agrees with a scan of Defines, and
// Governing never goes back as the instant of resolution advances.
func propGoverningIsChoiceAtFloor(t *rapid.T) {
	vs := genVersionList.Draw(t, "versions")
	s := mustNewVersions(t, vs)
	product := rapid.SampledFrom([]string{"m0", "m1", "x0", "x1", "x2", "x3"}).Draw(t, "product")
	terms := drawInstant(t, vs, "terms")
	at1, at2 := drawInstant(t, vs, "at1"), drawInstant(t, vs, "at2")
	if at2.Before(at1) {
		at1, at2 = at2, at1
	}
	e := max(s.TermsIndex(terms), s.Floor(at1))
	g1, ok := s.Governing(product, terms, at1)
	c, cok := s.Choice(product, e)
	if g1 != c || ok != cok {
		t.Fatalf("Governing = %d, %v; Choice(%d) = %d, %v", g1, ok, e, c, cok)
	}
	want, wantOK := -1, false // the model: newest defining at or before e, else oldest defining
	for i := range vs {
		if s.Defines(i, product) && (i <= e || !wantOK) {
			want, wantOK = i, true
		}
	}
	if wantOK != ok || wantOK && want != g1 {
		t.Fatalf("Governing = %d, %v; the model says %d, %v", g1, ok, want, wantOK)
	}
	if g2, _ := s.Governing(product, terms, at2); ok && g2 < g1 {
		t.Fatalf("Governing at %v = %d, at the later %v = %d", at1, g1, at2, g2)
	}
}

func TestGoverningIsChoiceAtFloor(t *testing.T) { rapid.Check(t, propGoverningIsChoiceAtFloor) }

func FuzzGoverningIsChoiceAtFloor(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propGoverningIsChoiceAtFloor)) }

// propVersionsRoundTrip: DecodeVersions(MarshalJSON(s)) is s, instants and
// their offsets included, and encodes to the same bytes.
func propVersionsRoundTrip(t *rapid.T) {
	s := mustNewVersions(t, genVersionList.Draw(t, "versions"))
	data, err := s.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	back, err := catalog.DecodeVersions(data)
	if err != nil {
		t.Fatalf("DecodeVersions: %v\n%s", err, data)
	}
	var want, got []catalog.Version
	for i := range s.Len() {
		v, _ := s.Version(i)
		want = append(want, v)
	}
	for i := range back.Len() {
		v, _ := back.Version(i)
		got = append(got, v)
	}
	opts := cmp.Options{cmp.Transformer("definition", (*catalog.Catalog).Definition), defOpts,
		cmp.Transformer("instantOffset", func(x time.Time) [3]int64 {
			return [3]int64{x.Unix(), int64(x.Nanosecond()), int64(offsetOf(x))}
		})}
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Fatalf("decode(encode(s)) != s (-want +got):\n%s", diff)
	}
	if again, _ := back.MarshalJSON(); !bytes.Equal(again, data) {
		t.Fatalf("encoding differs after a round trip:\n%s\n%s", data, again)
	}
}

func TestVersionsRoundTripProperty(t *testing.T) { rapid.Check(t, propVersionsRoundTrip) }

func FuzzVersionsRoundTripProperty(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propVersionsRoundTrip)) }
