package catalogtest

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// Large returns a deterministic, realistic catalog for benchmarks: the same
// seed gives the same definition. It has the given number of products and
// features (at least one of each): up to 100 main products (a tenth of the
// products, at least one), the rest add-ons.
//
// Features have up to three attributes of every type; a few are required
// (usually with a default) and a few are account-scoped. Every product
// defines up to 20 features. Add-ons come in families of five sharing their
// allowed main products (one to eight of them; one family in forty allows
// none); members may require their family's first add-on, and in some
// families members exclude one another. Add-on priorities come from five
// values, so each feature has many definers at each priority; but, as in a
// real catalog, they almost always agree: each feature and override
// attribute has a house value that products set, and only about one setting
// in two thousand departs from it, so Lint finds a few conflicts, not
// thousands. Sum, max and union attributes take varied values (they do not
// conflict), sometimes band rules over the fact arpu.
//
// catalog.New accepts every definition Large returns.
func Large(products, features int, seed uint64) catalog.Definition {
	products, features = max(products, 1), max(features, 1)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var d catalog.Definition
	for i := range 8 {
		d.ServiceTypes = append(d.ServiceTypes, catalog.ServiceType{ID: fmt.Sprintf("svc%d", i), Name: fmt.Sprintf("Service %d", i)})
	}
	lf := newLargeFeatures(r, &d, features)
	ngroups := max(1, products/200)
	for i := range ngroups {
		d.Groups = append(d.Groups, catalog.Group{ID: fmt.Sprintf("group%03d", i), Name: fmt.Sprintf("Group %d", i)})
	}

	nmain := min(100, max(1, products/10))
	for i := range nmain {
		p := catalog.Product{ID: fmt.Sprintf("main%03d", i), Name: fmt.Sprintf("Main %d", i), Kind: catalog.KindMain}
		p.Features = lf.settings(r, 20)
		d.Products = append(d.Products, p)
	}
	priorities := []int{10, 20, 30, 40, 50}
	var family []int // product indexes of the current family
	var allowed []string
	exclusive := false
	for i := range products - nmain {
		if i%5 == 0 {
			family = family[:0]
			allowed = nil
			if r.IntN(40) != 0 {
				for _, m := range distinct(r, 1+r.IntN(8), nmain) {
					allowed = append(allowed, d.Products[m].ID)
				}
			}
			exclusive = r.IntN(4) == 0
		}
		p := catalog.Product{
			ID:          fmt.Sprintf("addon%05d", i),
			Name:        fmt.Sprintf("Add-on %d", i),
			Kind:        catalog.KindAddOn,
			Priority:    priorities[r.IntN(len(priorities))],
			AllowedMain: slices.Clone(allowed),
		}
		if r.IntN(3) == 0 {
			p.MaxQuantity = 1 + r.IntN(5)
		}
		if r.IntN(4) != 0 {
			p.Groups = []string{d.Groups[r.IntN(ngroups)].ID}
		}
		if len(family) > 0 {
			leader := d.Products[family[0]].ID
			if r.IntN(2) == 0 {
				p.Requires = []string{leader}
			}
			if exclusive {
				for _, o := range family[1:] {
					p.Excludes = append(p.Excludes, d.Products[o].ID)
				}
			}
		}
		p.Features = lf.settings(r, 20)
		family = append(family, len(d.Products))
		d.Products = append(d.Products, p)
	}
	return d
}

// largeAttr is an attribute of a Large catalog with its house value (the one
// products normally set) and a deviant value.
type largeAttr struct {
	id             string
	settable       bool
	override       bool
	house, deviant catalog.Value
	vary           func(r *rand.Rand) catalog.Value // values of non-override attributes
}

type largeFeatures struct {
	ids   []string
	attrs [][]largeAttr
}

func newLargeFeatures(r *rand.Rand, d *catalog.Definition, n int) *largeFeatures {
	lf := &largeFeatures{}
	nattr := 0
	for fi := range n {
		f := catalog.Feature{
			ID:             fmt.Sprintf("feat%05d", fi),
			Name:           fmt.Sprintf("Feature %d", fi),
			ServiceType:    d.ServiceTypes[r.IntN(len(d.ServiceTypes))].ID,
			DefaultEnabled: r.IntN(4) == 0,
		}
		var las []largeAttr
		for range r.IntN(4) {
			a, la := largeAttribute(r, fmt.Sprintf("attr%05d", nattr))
			nattr++
			f.Attributes = append(f.Attributes, a)
			las = append(las, la)
		}
		d.Features = append(d.Features, f)
		lf.ids = append(lf.ids, f.ID)
		lf.attrs = append(lf.attrs, las)
	}
	return lf
}

func largeAttribute(r *rand.Rand, id string) (catalog.Attribute, largeAttr) {
	a := catalog.Attribute{ID: id, Name: "Attribute " + id}
	la := largeAttr{id: id}
	switch r.IntN(7) {
	case 0:
		a.Type, a.Min, a.Max = catalog.TypeInteger, nullDec(0), nullDec(1000)
		h := int64(r.IntN(1000))
		la.house, la.deviant = catalog.Int(h), catalog.Int(h+1)
		if r.IntN(20) == 0 {
			a.Scope = catalog.ScopeAccount
		}
	case 1:
		a.Type, a.Unit, a.Min, a.Combine = catalog.TypeQuantity, "GB", nullDec(0), catalog.CombineSum
		la.vary = func(r *rand.Rand) catalog.Value {
			if r.IntN(20) == 0 {
				return catalog.Banded("arpu",
					catalog.Below(decimal.NewFromInt(50), catalog.Qty(decimal.NewFromInt(5))),
					catalog.Below(decimal.NewFromInt(100), catalog.Qty(decimal.NewFromInt(10))),
					catalog.Otherwise(catalog.Qty(decimal.NewFromInt(25))))
			}
			return catalog.Qty(decimal.NewFromInt(int64(1 + r.IntN(500))))
		}
	case 2:
		a.Type, a.Allowed = catalog.TypeEnum, []string{"basic", "standard", "premium"}
		h := r.IntN(3)
		la.house, la.deviant = catalog.Enum(a.Allowed[h]), catalog.Enum(a.Allowed[(h+1)%3])
	case 3:
		a.Type = catalog.TypeBool
		h := r.IntN(2) == 0
		la.house, la.deviant = catalog.Bool(h), catalog.Bool(!h)
	case 4:
		a.Type, a.Combine, a.Scope = catalog.TypeStringList, catalog.CombineUnion, catalog.ScopeBoth
		la.vary = func(r *rand.Rand) catalog.Value {
			return catalog.List(fmt.Sprintf("item%d", r.IntN(50)), fmt.Sprintf("item%d", 50+r.IntN(50)))
		}
	case 5:
		a.Type, a.Max, a.Combine = catalog.TypeDecimal, nullDec(100), catalog.CombineMax
		la.vary = func(r *rand.Rand) catalog.Value { return catalog.Dec(decimal.New(int64(r.IntN(1000)), -1)) }
	default:
		a.Type, a.Scope = catalog.TypeString, catalog.ScopeBoth
		h := r.IntN(100)
		la.house, la.deviant = catalog.Str(fmt.Sprintf("profile-%d", h)), catalog.Str(fmt.Sprintf("profile-%d", h+1))
	}
	la.override = a.Combine == catalog.CombineOverride
	la.settable = a.Scope.ProductMaySet()
	if r.IntN(10) == 0 {
		a.Required = true
		if r.IntN(5) != 0 {
			if la.override {
				a.Default = la.house
			} else {
				a.Default = la.vary(r)
				if a.Default.Rule() != nil {
					a.Default = catalog.Qty(decimal.NewFromInt(1))
				}
			}
		}
	}
	return a, la
}

// settings draws up to n distinct features with house states and values.
func (lf *largeFeatures) settings(r *rand.Rand, n int) []catalog.FeatureSetting {
	idx := distinct(r, min(n, len(lf.ids)), len(lf.ids))
	out := make([]catalog.FeatureSetting, 0, len(idx))
	for _, fi := range idx {
		fs := catalog.FeatureSetting{Feature: lf.ids[fi], State: catalog.Enabled}
		if r.IntN(2000) == 0 {
			fs.State = catalog.Disabled
		} else if r.IntN(10) == 0 {
			fs.State = catalog.Undefined
		}
		for _, la := range lf.attrs[fi] {
			if !la.settable || r.IntN(2) == 0 {
				continue
			}
			v := la.house
			switch {
			case !la.override:
				v = la.vary(r)
			case r.IntN(2000) == 0:
				v = la.deviant
			}
			fs.Values = append(fs.Values, catalog.AttributeValue{Attribute: la.id, Value: v})
		}
		out = append(out, fs)
	}
	return out
}

// distinct returns min(k, n) distinct integers in [0, n), in drawing order.
func distinct(r *rand.Rand, k, n int) []int {
	k = min(k, n) // there are no more
	out := make([]int, 0, k)
	for len(out) < k {
		if x := r.IntN(n); !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
