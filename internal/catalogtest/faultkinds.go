package catalogtest

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/catalog"
)

// faultKinds maps a fault kind to the function that injects it and returns
// the path and code New must report.
var faultKinds = map[string]func(in *injector) (string, catalog.Code){
	"invalid_id/section": func(in *injector) (string, catalog.Code) {
		bad := rapid.SampledFrom([]string{"", "two words", "br[ack]et", "tab\there"}).Draw(in.t, "bad_id")
		d := &in.d
		switch rapid.SampledFrom([]string{"service_types", "features", "groups", "products"}).Draw(in.t, "section") {
		case "service_types":
			d.ServiceTypes = append(d.ServiceTypes, catalog.ServiceType{ID: bad})
			return elemAt("service_types", len(d.ServiceTypes)-1), catalog.CodeInvalidID
		case "features":
			d.Features = append(d.Features, catalog.Feature{ID: bad, ServiceType: d.ServiceTypes[0].ID})
			return elemAt("features", len(d.Features)-1), catalog.CodeInvalidID
		case "groups":
			d.Groups = append(d.Groups, catalog.Group{ID: bad})
			return elemAt("groups", len(d.Groups)-1), catalog.CodeInvalidID
		default:
			d.Products = append(d.Products, catalog.Product{ID: bad, Kind: catalog.KindMain})
			return elemAt("products", len(d.Products)-1), catalog.CodeInvalidID
		}
	},
	"invalid_id/attribute": func(in *injector) (string, catalog.Code) {
		fi := in.intn(0, len(in.d.Features)-1, "feature")
		f := &in.d.Features[fi]
		f.Attributes = append(slices.Clone(f.Attributes), catalog.Attribute{ID: "no good", Type: catalog.TypeBool})
		return "features[" + f.ID + "]." + elemAt("attributes", len(f.Attributes)-1), catalog.CodeInvalidID
	},
	"duplicate_id/section": func(in *injector) (string, catalog.Code) {
		d := &in.d
		sections := []string{"service_types", "features", "products"}
		if len(d.Groups) > 0 {
			sections = append(sections, "groups")
		}
		switch rapid.SampledFrom(sections).Draw(in.t, "section") {
		case "service_types":
			s := d.ServiceTypes[in.intn(0, len(d.ServiceTypes)-1, "copy")]
			d.ServiceTypes = append(d.ServiceTypes, s)
			return "service_types[" + s.ID + "]", catalog.CodeDuplicateID
		case "features":
			f := d.Features[in.intn(0, len(d.Features)-1, "copy")]
			d.Features = append(d.Features, catalog.Feature{ID: f.ID, ServiceType: f.ServiceType})
			return "features[" + f.ID + "]", catalog.CodeDuplicateID
		case "groups":
			gr := d.Groups[in.intn(0, len(d.Groups)-1, "copy")]
			d.Groups = append(d.Groups, gr)
			return "groups[" + gr.ID + "]", catalog.CodeDuplicateID
		default:
			p := d.Products[in.product(catalog.KindInvalid)]
			d.Products = append(d.Products, catalog.Product{ID: p.ID, Kind: catalog.KindMain})
			return "products[" + p.ID + "]", catalog.CodeDuplicateID
		}
	},
	"duplicate_id/attribute_across_features": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(anyAttr, intFixture)
		a := in.d.Features[fi].Attributes[ai]
		a.Allowed = slices.Clone(a.Allowed)
		fj := in.intn(0, len(in.d.Features)-1, "other_feature")
		f := &in.d.Features[fj]
		f.Attributes = append(slices.Clone(f.Attributes), a)
		// The later of the two declarations, in validation order, is the
		// duplicate.
		return pathOfAttr(&in.d.Features[max(fi, fj)], &a), catalog.CodeDuplicateID
	},
	"duplicate_id/feature_setting": func(in *injector) (string, catalog.Code) {
		pi := in.product(catalog.KindInvalid)
		fi := in.intn(0, len(in.d.Features)-1, "feature")
		in.setting(pi, fi)
		p := &in.d.Products[pi]
		fid := in.d.Features[fi].ID
		p.Features = append(p.Features, catalog.FeatureSetting{Feature: fid, State: catalog.Enabled})
		return pathOfProduct(p) + ".features[" + fid + "]", catalog.CodeDuplicateID
	},
	"duplicate_id/attribute_value": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(productSettable, intFixture)
		pi := in.product(catalog.KindInvalid)
		path := in.setValue(pi, fi, ai, in.constant(&in.d.Features[fi].Attributes[ai]))
		si := in.setting(pi, fi)
		fs := &in.d.Products[pi].Features[si]
		fs.Values = append(fs.Values, fs.Values[len(fs.Values)-1]) // setValue put it last
		return path, catalog.CodeDuplicateID
	},
	"duplicate_id/allowed_main": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindAddOn)]
		if len(p.AllowedMain) == 0 {
			p.AllowedMain = []string{in.mainID()}
		}
		return appendRef(p, "allowed_main", p.AllowedMain[0]), catalog.CodeDuplicateID
	},
	"unknown_reference/service_type": func(in *injector) (string, catalog.Code) {
		f := &in.d.Features[in.intn(0, len(in.d.Features)-1, "feature")]
		f.ServiceType = "nope"
		return "features[" + f.ID + "].service_type", catalog.CodeUnknownReference
	},
	"unknown_reference/addon_list": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindAddOn)]
		field := rapid.SampledFrom([]string{"allowed_main", "requires", "excludes", "groups"}).Draw(in.t, "field")
		return appendRef(p, field, "nope"), catalog.CodeUnknownReference
	},
	"unknown_reference/feature": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindInvalid)]
		p.Features = append(p.Features, catalog.FeatureSetting{Feature: "nope", State: catalog.Enabled})
		return pathOfProduct(p) + ".features[nope]", catalog.CodeUnknownReference
	},
	"unknown_reference/attribute": func(in *injector) (string, catalog.Code) {
		pi := in.product(catalog.KindInvalid)
		fi := in.intn(0, len(in.d.Features)-1, "feature")
		si := in.setting(pi, fi)
		fs := &in.d.Products[pi].Features[si]
		fs.Values = append(slices.Clone(fs.Values), catalog.AttributeValue{Attribute: "nope", Value: catalog.Int(1)})
		return pathOfProduct(&in.d.Products[pi]) + ".features[" + fs.Feature + "].attributes[nope]", catalog.CodeUnknownReference
	},
	"wrong_feature": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(anyAttr, intFixture)
		a := &in.d.Features[fi].Attributes[ai]
		v := in.constant(a)
		var others []int
		for fj := range in.d.Features {
			if fj != fi {
				others = append(others, fj)
			}
		}
		fj := len(in.d.Features)
		if len(others) == 0 {
			in.d.Features = append(in.d.Features, catalog.Feature{ID: "fault_other_feature", ServiceType: in.d.ServiceTypes[0].ID})
		} else {
			fj = rapid.SampledFrom(others).Draw(in.t, "other_feature")
		}
		aid := in.d.Features[fi].Attributes[ai].ID
		pi := in.product(catalog.KindInvalid)
		si := in.setting(pi, fj)
		fs := &in.d.Products[pi].Features[si]
		fs.Values = append(slices.Clone(fs.Values), catalog.AttributeValue{Attribute: aid, Value: v})
		return pathOfProduct(&in.d.Products[pi]) + ".features[" + fs.Feature + "].attributes[" + aid + "]", catalog.CodeWrongFeature
	},
	"type_mismatch/product_value": func(in *injector) (string, catalog.Code) {
		return in.productValuePath(anyAttr, intFixture, wrongType), catalog.CodeTypeMismatch
	},
	"type_mismatch/band_value": func(in *injector) (string, catalog.Code) {
		path := in.productValuePath(anyAttr, intFixture, func(a *catalog.Attribute) catalog.Value {
			return catalog.Banded("arpu", catalog.Below(decimal.NewFromInt(10), in.constant(a)), catalog.Otherwise(wrongType(a)))
		})
		return path + ".bands[1]", catalog.CodeTypeMismatch
	},
	"type_mismatch/default": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(anyAttr, intFixture)
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		a.Default = wrongType(a)
		return pathOfAttr(f, a) + ".default", catalog.CodeTypeMismatch
	},
	"constraint/product_value": func(in *injector) (string, catalog.Code) {
		return in.productValuePath(constrained, intFixture, outside), catalog.CodeConstraint
	},
	"constraint/default": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(constrained, intFixture)
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		a.Default = outside(a)
		return pathOfAttr(f, a) + ".default", catalog.CodeConstraint
	},
	"scope": func(in *injector) (string, catalog.Code) {
		account := func(a *catalog.Attribute) bool { return a.Scope == catalog.ScopeAccount }
		fi, ai := in.attr(account, catalog.Attribute{Type: catalog.TypeStringList, Scope: catalog.ScopeAccount, Combine: catalog.CombineUnion})
		a := &in.d.Features[fi].Attributes[ai]
		return in.setValue(in.product(catalog.KindInvalid), fi, ai, in.constant(a)), catalog.CodeScope
	},
	"invalid_scope": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(anyAttr, intFixture)
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		a.Scope = catalog.Scope(in.intn(int(catalog.ScopeBoth)+1, 255, "scope"))
		return pathOfAttr(f, a) + ".scope", catalog.CodeInvalidScope
	},
	"invalid_combine": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(anyAttr, intFixture)
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		switch {
		case rapid.Bool().Draw(in.t, "unknown_combine"):
			a.Combine = catalog.Combine(in.intn(int(catalog.CombineUnion)+1, 255, "combine"))
		case numeric(a):
			a.Combine = catalog.CombineUnion
		default:
			a.Combine = rapid.SampledFrom([]catalog.Combine{catalog.CombineSum, catalog.CombineMax, catalog.CombineMin}).Draw(in.t, "combine")
		}
		return pathOfAttr(f, a) + ".combine", catalog.CodeInvalidCombine
	},
	"invalid_type": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(anyAttr, intFixture)
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		a.Type = rapid.SampledFrom([]catalog.Type{catalog.TypeInvalid, catalog.TypeQuantity + 1, 200}).Draw(in.t, "type")
		return pathOfAttr(f, a) + ".type", catalog.CodeInvalidType
	},
	"invalid_constraint/unit_missing": func(in *injector) (string, catalog.Code) {
		isQty := func(a *catalog.Attribute) bool { return a.Type == catalog.TypeQuantity }
		fi, ai := in.attr(isQty, catalog.Attribute{Type: catalog.TypeQuantity, Unit: "min", Combine: catalog.CombineSum})
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		a.Unit = ""
		return pathOfAttr(f, a) + ".unit", catalog.CodeInvalidConstraint
	},
	"invalid_constraint/unit_misplaced": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(func(a *catalog.Attribute) bool { return a.Type != catalog.TypeQuantity }, intFixture)
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		a.Unit = "kg"
		return pathOfAttr(f, a) + ".unit", catalog.CodeInvalidConstraint
	},
	"invalid_constraint/min_above_max": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(numeric, intFixture)
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		a.Min, a.Max = nullDec(5), nullDec(int64(in.intn(-3, 4, "max")))
		return pathOfAttr(f, a), catalog.CodeInvalidConstraint
	},
	"invalid_constraint/bounds_on_text": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(func(a *catalog.Attribute) bool { return !numeric(a) }, catalog.Attribute{Type: catalog.TypeString})
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		if rapid.Bool().Draw(in.t, "min") {
			a.Min = nullDec(1)
		} else {
			a.Max = nullDec(1)
		}
		return pathOfAttr(f, a), catalog.CodeInvalidConstraint
	},
	"invalid_constraint/enum_without_values": func(in *injector) (string, catalog.Code) {
		isEnum := func(a *catalog.Attribute) bool { return a.Type == catalog.TypeEnum }
		fi, ai := in.attr(isEnum, catalog.Attribute{Type: catalog.TypeEnum, Allowed: []string{"on"}})
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		a.Allowed = nil
		return pathOfAttr(f, a) + ".allowed", catalog.CodeInvalidConstraint
	},
	"invalid_constraint/allowed_misplaced": func(in *injector) (string, catalog.Code) {
		noList := func(a *catalog.Attribute) bool { return a.Type != catalog.TypeEnum && a.Type != catalog.TypeStringList }
		fi, ai := in.attr(noList, intFixture)
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		a.Allowed = []string{"x"}
		return pathOfAttr(f, a) + ".allowed", catalog.CodeInvalidConstraint
	},
	"invalid_kind": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindInvalid)]
		p.Kind = rapid.SampledFrom([]catalog.Kind{catalog.KindInvalid, catalog.KindAddOn + 1, 99}).Draw(in.t, "kind")
		return pathOfProduct(p) + ".kind", catalog.CodeInvalidKind
	},
	"invalid_state": func(in *injector) (string, catalog.Code) {
		pi := in.product(catalog.KindInvalid)
		fi := in.intn(0, len(in.d.Features)-1, "feature")
		si := in.setting(pi, fi)
		p := &in.d.Products[pi]
		fs := &p.Features[si]
		fs.State = catalog.State(in.intn(int(catalog.Disabled)+1, 255, "state"))
		return pathOfProduct(p) + ".features[" + fs.Feature + "].state", catalog.CodeInvalidState
	},
	"addon_field": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindMain)]
		field := rapid.SampledFrom([]string{"priority", "allowed_main", "requires", "excludes", "max_quantity", "groups"}).Draw(in.t, "field")
		switch field {
		case "priority":
			p.Priority = in.intn(1, 30, "priority")
		case "max_quantity":
			p.MaxQuantity = in.intn(1, 5, "max_quantity")
		default:
			appendRef(p, field, in.mainID())
		}
		return pathOfProduct(p) + "." + field, catalog.CodeAddOnField
	},
	"not_main_product": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindAddOn)]
		other := in.d.Products[in.product(catalog.KindAddOn)].ID
		return appendRef(p, "allowed_main", other), catalog.CodeNotMainProduct
	},
	"not_addon": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindAddOn)]
		main := in.d.Products[in.product(catalog.KindMain)].ID
		field := rapid.SampledFrom([]string{"requires", "excludes"}).Draw(in.t, "field")
		return appendRef(p, field, main), catalog.CodeNotAddOn
	},
	"invalid_quantity": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindAddOn)]
		p.MaxQuantity = -in.intn(1, 5, "negative")
		return pathOfProduct(p) + ".max_quantity", catalog.CodeInvalidQuantity
	},
	"self_reference": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindAddOn)]
		field := rapid.SampledFrom([]string{"requires", "excludes"}).Draw(in.t, "field")
		return appendRef(p, field, p.ID), catalog.CodeSelfReference
	},
	"requires_cycle": func(in *injector) (string, catalog.Code) {
		// A requires a fresh B that requires A: the cycle is exactly {A, B}
		// (nothing else reaches B), and A comes first in definition order.
		pa := in.product(catalog.KindAddOn)
		pb := in.freshAddOn("fault_cycle", &in.d.Products[pa])
		a, b := &in.d.Products[pa], &in.d.Products[pb]
		appendRef(a, "requires", b.ID)
		appendRef(b, "requires", a.ID)
		return pathOfProduct(a) + ".requires", catalog.CodeRequiresCycle
	},
	"contradiction/requires_excluded": func(in *injector) (string, catalog.Code) {
		pa := in.product(catalog.KindAddOn)
		pb := in.freshAddOn("fault_required", &in.d.Products[pa])
		a, b := &in.d.Products[pa], &in.d.Products[pb]
		appendRef(a, "requires", b.ID)
		if rapid.Bool().Draw(in.t, "excluded_by_requirer") {
			appendRef(a, "excludes", b.ID)
		} else {
			appendRef(b, "excludes", a.ID)
		}
		return pathOfProduct(a) + ".requires", catalog.CodeContradiction
	},
	"contradiction/no_common_main": func(in *injector) (string, catalog.Code) {
		pa := in.product(catalog.KindAddOn)
		pb := in.freshAddOn("fault_required", &in.d.Products[pa])
		a, b := &in.d.Products[pa], &in.d.Products[pb]
		if len(a.AllowedMain) == 0 {
			a.AllowedMain = []string{in.mainID()}
		}
		b.AllowedMain = nil
		appendRef(a, "requires", b.ID)
		return pathOfProduct(a) + ".requires", catalog.CodeContradiction
	},
	"band_coverage": func(in *injector) (string, catalog.Code) {
		n := in.intn(1, 2, "bands")
		path := in.productValuePath(anyAttr, intFixture, func(a *catalog.Attribute) catalog.Value {
			var bands []catalog.Band
			for i := range n {
				bands = append(bands, catalog.Below(decimal.NewFromInt(int64(10*(i+1))), in.constant(a)))
			}
			return catalog.Banded("arpu", bands...)
		})
		return path + ".bands[" + strconv.Itoa(n-1) + "]", catalog.CodeBandCoverage
	},
	"invalid_band": func(in *injector) (string, catalog.Code) {
		variant := rapid.SampledFrom([]string{"no_fact", "no_bands", "not_increasing", "otherwise_first"}).Draw(in.t, "variant")
		suffix := ""
		path := in.productValuePath(anyAttr, intFixture, func(a *catalog.Attribute) catalog.Value {
			c := in.constant(a)
			switch variant {
			case "no_fact":
				return catalog.Banded(rapid.SampledFrom([]string{"", "two words"}).Draw(in.t, "fact"), catalog.Otherwise(c))
			case "no_bands":
				return catalog.Banded("arpu")
			case "not_increasing":
				suffix = ".bands[1]"
				return catalog.Banded("arpu", catalog.Below(decimal.NewFromInt(50), c), catalog.Below(decimal.NewFromInt(int64(in.intn(0, 50, "bound"))), c), catalog.Otherwise(c))
			default:
				suffix = ".bands[0]"
				return catalog.Banded("arpu", catalog.Otherwise(c), catalog.Otherwise(c))
			}
		})
		return path + suffix, catalog.CodeInvalidBand
	},
	"invalid_fact": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindAddOn)]
		fact := rapid.SampledFrom([]string{"", "two words", "br[ack]et"}).Draw(in.t, "fact")
		p.Eligible = append(slices.Clone(p.Eligible), catalog.FactCondition{Fact: fact, Operator: catalog.OpAtLeast, Value: decimal.NewFromInt(50)})
		return pathOfProduct(p) + ".eligible[" + strconv.Itoa(len(p.Eligible)-1) + "].fact", catalog.CodeInvalidFact
	},
	"invalid_operator": func(in *injector) (string, catalog.Code) {
		p := &in.d.Products[in.product(catalog.KindAddOn)]
		op := rapid.SampledFrom([]catalog.Operator{catalog.OpInvalid, catalog.OpNotEqual + 1, 200}).Draw(in.t, "operator")
		p.Eligible = append(slices.Clone(p.Eligible), catalog.FactCondition{Fact: "arpu", Operator: op, Value: decimal.NewFromInt(50)})
		return pathOfProduct(p) + ".eligible[" + strconv.Itoa(len(p.Eligible)-1) + "].operator", catalog.CodeInvalidOperator
	},
	"invalid_name/description": func(in *injector) (string, catalog.Code) {
		bad := rapid.SampledFrom([]string{" leading", "trailing\n", "tab\there", "bell\a", "\xff"}).Draw(in.t, "description")
		if len(in.d.Groups) > 0 && rapid.Bool().Draw(in.t, "group") {
			gr := &in.d.Groups[in.intn(0, len(in.d.Groups)-1, "group_index")]
			gr.Description = bad
			return "groups[" + gr.ID + "].description", catalog.CodeInvalidName
		}
		p := &in.d.Products[in.product(catalog.KindInvalid)]
		p.Description = bad
		return pathOfProduct(p) + ".description", catalog.CodeInvalidName
	},
	"band_not_allowed/default": func(in *injector) (string, catalog.Code) {
		fi, ai := in.attr(anyAttr, intFixture)
		f := &in.d.Features[fi]
		a := &f.Attributes[ai]
		a.Default = catalog.Banded("arpu", catalog.Otherwise(in.constant(a)))
		return pathOfAttr(f, a) + ".default", catalog.CodeBandNotAllowed
	},
	"band_not_allowed/nested": func(in *injector) (string, catalog.Code) {
		path := in.productValuePath(anyAttr, intFixture, func(a *catalog.Attribute) catalog.Value {
			return catalog.Banded("arpu", catalog.Otherwise(catalog.Banded("tenure", catalog.Otherwise(in.constant(a)))))
		})
		return path + ".bands[0]", catalog.CodeBandNotAllowed
	},
}
