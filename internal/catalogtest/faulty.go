package catalogtest

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
)

// Fault is a definition with exactly one injected fault, and where New must
// report it: catalog.New fails, and its *ValidationError HasAt(Path, Code). The
// fault may cause further problems (an attribute given an invalid type also
// makes the values products set for it mismatch), so properties assert HasAt,
// not the whole list.
type Fault struct {
	Def  catalog.Definition
	Path string
	Code catalog.Code
}

// Faulty returns a generator of definitions drawn from Definition(cfg) with
// one fault injected. Every code New reports has at least one fault kind, most
// several (a duplicate feature ID, a duplicate attribute value, a duplicate
// allowed main product, ...). Where the drawn definition lacks what a fault
// needs (an add-on, an attribute of some type), a fixture whose ID starts
// with "fault_" is added first; fixtures are valid on their own.
func Faulty(cfg Config) *rapid.Generator[Fault] {
	cfg = cfg.withDefaults()
	return rapid.Custom(func(t *rapid.T) Fault {
		g := &gen{t: t, cfg: cfg}
		in := &injector{gen: g, d: g.definition()}
		kind := rapid.SampledFrom(FaultKinds()).Draw(t, "fault")
		path, code := faultKinds[kind](in)
		return Fault{Def: in.d, Path: path, Code: code}
	})
}

// FaultOfKind is like Faulty but injects only faults of the named kind, one
// of FaultKinds. It panics on an unknown kind.
func FaultOfKind(cfg Config, kind string) *rapid.Generator[Fault] {
	inject, ok := faultKinds[kind]
	if !ok {
		panic("catalogtest: unknown fault kind " + kind)
	}
	cfg = cfg.withDefaults()
	return rapid.Custom(func(t *rapid.T) Fault {
		g := &gen{t: t, cfg: cfg}
		in := &injector{gen: g, d: g.definition()}
		path, code := inject(in)
		return Fault{Def: in.d, Path: path, Code: code}
	})
}

// FaultKinds returns the names of the fault kinds Faulty injects, sorted.
// Each name is the Code it provokes followed by a variant.
func FaultKinds() []string {
	out := make([]string, 0, len(faultKinds))
	for k := range faultKinds {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// injector breaks a valid definition in one place.
type injector struct {
	*gen
	d catalog.Definition
}

func pathOfAttr(f *catalog.Feature, a *catalog.Attribute) string {
	return "features[" + f.ID + "].attributes[" + a.ID + "]"
}

func pathOfProduct(p *catalog.Product) string { return "products[" + p.ID + "]" }

// product returns the index of a product of the given kind, adding a fixture
// add-on when there is none (every definition has a main product).
func (in *injector) product(kind catalog.Kind) int {
	var idx []int
	for i, p := range in.d.Products {
		if kind == catalog.KindInvalid || p.Kind == kind {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		in.d.Products = append(in.d.Products, catalog.Product{
			ID: "fault_addon", Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{in.mainID()},
		})
		return len(in.d.Products) - 1
	}
	return rapid.SampledFrom(idx).Draw(in.t, "product")
}

func (in *injector) mainID() string {
	for _, p := range in.d.Products {
		if p.Kind == catalog.KindMain {
			return p.ID
		}
	}
	panic("catalogtest: definition without a main product")
}

// attr returns a feature and attribute index of an attribute for which ok
// holds, adding fixture as the only attribute of a fixture feature when none
// does.
func (in *injector) attr(ok func(*catalog.Attribute) bool, fixture catalog.Attribute) (fi, ai int) {
	var refs [][2]int
	for fi, f := range in.d.Features {
		for ai := range f.Attributes {
			if ok(&f.Attributes[ai]) {
				refs = append(refs, [2]int{fi, ai})
			}
		}
	}
	if len(refs) == 0 {
		fixture.ID = "fault_attr"
		in.d.Features = append(in.d.Features, catalog.Feature{
			ID: "fault_feature", ServiceType: in.d.ServiceTypes[0].ID, Attributes: []catalog.Attribute{fixture},
		})
		return len(in.d.Features) - 1, 0
	}
	r := rapid.SampledFrom(refs).Draw(in.t, "attribute")
	return r[0], r[1]
}

func anyAttr(*catalog.Attribute) bool { return true }

func productSettable(a *catalog.Attribute) bool { return a.Scope.ProductMaySet() }

var intFixture = catalog.Attribute{Type: catalog.TypeInteger, Max: nullDec(10)}

// setting returns the index of p's setting for the feature at fi, adding
// one when p has none.
func (in *injector) setting(pi, fi int) int {
	p := &in.d.Products[pi]
	fid := in.d.Features[fi].ID
	if i := slices.IndexFunc(p.Features, func(fs catalog.FeatureSetting) bool { return fs.Feature == fid }); i >= 0 {
		return i
	}
	p.Features = append(p.Features, catalog.FeatureSetting{Feature: fid})
	return len(p.Features) - 1
}

// setValue makes product pi set the attribute (fi, ai) to v, replacing any
// value it set, and returns the path of the value.
func (in *injector) setValue(pi, fi, ai int, v catalog.Value) string {
	f := &in.d.Features[fi]
	aid := f.Attributes[ai].ID
	si := in.setting(pi, fi)
	fs := &in.d.Products[pi].Features[si]
	fs.Values = slices.DeleteFunc(slices.Clone(fs.Values), func(av catalog.AttributeValue) bool { return av.Attribute == aid })
	fs.Values = append(fs.Values, catalog.AttributeValue{Attribute: aid, Value: v})
	return pathOfProduct(&in.d.Products[pi]) + ".features[" + f.ID + "].attributes[" + aid + "]"
}

// productValuePath makes some product set an attribute for which ok holds
// (and a product may set) to the value make returns.
func (in *injector) productValuePath(ok func(*catalog.Attribute) bool, fixture catalog.Attribute, make func(*catalog.Attribute) catalog.Value) string {
	fi, ai := in.attr(func(a *catalog.Attribute) bool { return productSettable(a) && ok(a) }, fixture)
	pi := in.product(catalog.KindInvalid)
	return in.setValue(pi, fi, ai, make(&in.d.Features[fi].Attributes[ai]))
}

// wrongType returns a constant whose type is not a's.
func wrongType(a *catalog.Attribute) catalog.Value {
	if a.Type == catalog.TypeBool {
		return catalog.Int(1)
	}
	return catalog.Bool(true)
}

func constrained(a *catalog.Attribute) bool {
	switch a.Type {
	case catalog.TypeInteger, catalog.TypeDecimal, catalog.TypeQuantity:
		return a.Min.Valid || a.Max.Valid
	case catalog.TypeEnum:
		return true
	case catalog.TypeStringList:
		return len(a.Allowed) > 0
	}
	return false
}

// outside returns a constant of a's type that breaks its constraints.
func outside(a *catalog.Attribute) catalog.Value {
	switch a.Type {
	case catalog.TypeEnum:
		return catalog.Enum("nope")
	case catalog.TypeStringList:
		return catalog.List("nope")
	}
	if a.Max.Valid {
		return number(a.Type, a.Max.Decimal.Add(decimal.NewFromInt(1)))
	}
	return number(a.Type, a.Min.Decimal.Sub(decimal.NewFromInt(1)))
}

func numeric(a *catalog.Attribute) bool {
	return a.Type == catalog.TypeInteger || a.Type == catalog.TypeDecimal || a.Type == catalog.TypeQuantity
}

// appendRef appends id to the list of an add-on field and returns the path
// of the new entry.
func appendRef(p *catalog.Product, field string, id string) string {
	switch field {
	case "allowed_main":
		p.AllowedMain = append(slices.Clone(p.AllowedMain), id)
	case "requires":
		p.Requires = append(slices.Clone(p.Requires), id)
	case "excludes":
		p.Excludes = append(slices.Clone(p.Excludes), id)
	case "groups":
		p.Groups = append(slices.Clone(p.Groups), id)
	}
	return pathOfProduct(p) + "." + field + "[" + id + "]"
}

// freshAddOn appends an add-on that nothing references and returns its
// index.
func (in *injector) freshAddOn(id string, like *catalog.Product) int {
	in.d.Products = append(in.d.Products, catalog.Product{
		ID: id, Kind: catalog.KindAddOn, Priority: like.Priority, AllowedMain: slices.Clone(like.AllowedMain),
	})
	return len(in.d.Products) - 1
}

// elemAt is the path of an element named by its position: section[#i].
func elemAt(section string, i int) string {
	return section + "[#" + strconv.Itoa(i) + "]"
}
