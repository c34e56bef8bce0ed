package catalog_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tariffkit/tariff/catalog"
)

func TestSeedCatalogIsValid(t *testing.T) {
	c, err := catalog.New(seedDefinition())
	if err != nil {
		t.Fatal(err)
	}
	if got := c.AddOnsFor("easy_call"); len(got) != 0 {
		t.Errorf("AddOnsFor(easy_call) = %v, want none", got)
	}
}

func TestValidationReportsEveryProblem(t *testing.T) {
	d := seedDefinition()
	d.Products[3].AllowedMain = append(d.Products[3].AllowedMain, "nowhere")
	d.Features[0].ServiceType = "fax"
	_, err := catalog.New(d)
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("err = %v, want *ValidationError matching ErrInvalid", err)
	}
	if len(ve.Problems) != 2 {
		t.Fatalf("problems = %v, want 2", ve.Problems)
	}
}

// allCodes lists every code of a catalog definition (the first group of
// codes.go); the rule table below has a case for each.
var allCodes = []catalog.Code{
	catalog.CodeInvalidID, catalog.CodeDuplicateID, catalog.CodeUnknownReference, catalog.CodeWrongFeature,
	catalog.CodeInvalidType, catalog.CodeInvalidKind, catalog.CodeInvalidState, catalog.CodeInvalidScope,
	catalog.CodeInvalidCombine, catalog.CodeInvalidConstraint, catalog.CodeTypeMismatch, catalog.CodeConstraint,
	catalog.CodeScope, catalog.CodeAddOnField, catalog.CodeNotMainProduct, catalog.CodeNotAddOn,
	catalog.CodeInvalidQuantity, catalog.CodeSelfReference, catalog.CodeRequiresCycle, catalog.CodeContradiction,
	catalog.CodeBandNotAllowed, catalog.CodeInvalidBand, catalog.CodeBandCoverage, catalog.CodeInvalidName,
	catalog.CodeInvalidFact, catalog.CodeInvalidOperator,
}

// Positions in seedDefinition, named for the rule table.
const (
	fCallWaiting    = 0
	fConferencing   = 1
	fCallViaIVR     = 2
	fCallForwarding = 3
	fSMSBundle      = 4
	fMinutesBundle  = 5

	pBasicCall               = 0
	pEasyCall                = 1
	pSmartCallMain           = 2
	pSmartCall               = 3
	pConferencingPlus        = 4
	pUnconditionalForwarding = 5
	pEasySMS                 = 7
	pCarnival200             = 8
	pIVRCalling              = 9
)

// attr returns the attribute at position ai of feature fi of d.
func attr(d *catalog.Definition, fi, ai int) *catalog.Attribute {
	return &d.Features[fi].Attributes[ai]
}

// setting returns the feature setting at position si of product pi of d.
func settingOf(d *catalog.Definition, pi, si int) *catalog.FeatureSetting {
	return &d.Products[pi].Features[si]
}

// setMaxForwarded makes smart_call_main set max_forwarded_calls to v.
func setMaxForwarded(d *catalog.Definition, v catalog.Value) {
	settingOf(d, pSmartCallMain, 0).Values[0].Value = v
}

const maxForwardedPath = "products[smart_call_main].features[call_forwarding].attributes[max_forwarded_calls]"

func TestValidationRules(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(d *catalog.Definition)
		path   string
		code   catalog.Code
	}{
		// IDs
		{"service type ID with a space: invalid_id", func(d *catalog.Definition) { d.ServiceTypes[1].ID = "text messages" },
			"service_types[#1]", catalog.CodeInvalidID},
		{"empty attribute ID: invalid_id", func(d *catalog.Definition) { attr(d, fCallViaIVR, 0).ID = "" },
			"features[call_via_ivr].attributes[#0]", catalog.CodeInvalidID},
		{"product ID with brackets: invalid_id", func(d *catalog.Definition) { d.Products[pEasyCall].ID = "easy[call]" },
			"products[#1]", catalog.CodeInvalidID},
		{"product ID with a no-break space: invalid_id", func(d *catalog.Definition) { d.Products[pEasyCall].ID = "easy\u00a0call" },
			"products[#1]", catalog.CodeInvalidID},
		{"group ID with a quote: invalid_id", func(d *catalog.Definition) { d.Groups[0].ID = `sms"bundles` },
			"groups[#0]", catalog.CodeInvalidID},
		{"two features with one ID: duplicate_id", func(d *catalog.Definition) { d.Features[fConferencing].ID = "call_waiting" },
			"features[call_waiting]", catalog.CodeDuplicateID},
		{"two products with one ID: duplicate_id", func(d *catalog.Definition) { d.Products[pEasyCall].ID = "basic_call" },
			"products[basic_call]", catalog.CodeDuplicateID},
		{"attribute ID declared by two features: duplicate_id, at the later one", func(d *catalog.Definition) {
			d.Features[fCallWaiting].Attributes = []catalog.Attribute{{ID: "sms_included", Type: catalog.TypeBool}}
		}, "features[sms_bundle].attributes[sms_included]", catalog.CodeDuplicateID},
		{"product defines a feature twice: duplicate_id", func(d *catalog.Definition) {
			p := &d.Products[pSmartCall]
			p.Features = append(p.Features, catalog.FeatureSetting{Feature: "conferencing", State: catalog.Enabled})
		}, "products[smart_call].features[conferencing]", catalog.CodeDuplicateID},
		{"attribute set twice in one setting: duplicate_id", func(d *catalog.Definition) {
			s := settingOf(d, pSmartCallMain, 0)
			s.Values = append(s.Values, catalog.AttributeValue{Attribute: "max_forwarded_calls", Value: catalog.Int(4)})
		}, maxForwardedPath, catalog.CodeDuplicateID},
		{"allowed_main lists a product twice: duplicate_id", func(d *catalog.Definition) {
			d.Products[pSmartCall].AllowedMain = append(d.Products[pSmartCall].AllowedMain, "basic_call")
		}, "products[smart_call].allowed_main[basic_call]", catalog.CodeDuplicateID},
		{"allowed value listed twice: duplicate_id", func(d *catalog.Definition) {
			a := attr(d, fCallViaIVR, 0)
			a.Allowed = append(a.Allowed, "ivr_main")
		}, "features[call_via_ivr].attributes[voice_application].allowed", catalog.CodeDuplicateID},

		// References
		{"feature names an unknown service type: unknown_reference", func(d *catalog.Definition) { d.Features[fCallWaiting].ServiceType = "fax" },
			"features[call_waiting].service_type", catalog.CodeUnknownReference},
		{"allowed_main names an unknown product: unknown_reference", func(d *catalog.Definition) {
			d.Products[pSmartCall].AllowedMain = append(d.Products[pSmartCall].AllowedMain, "nowhere")
		}, "products[smart_call].allowed_main[nowhere]", catalog.CodeUnknownReference},
		{"requires names an unknown add-on: unknown_reference", func(d *catalog.Definition) { d.Products[pSmartCall].Requires = []string{"ghost"} },
			"products[smart_call].requires[ghost]", catalog.CodeUnknownReference},
		{"excludes names an unknown add-on: unknown_reference", func(d *catalog.Definition) { d.Products[pSmartCall].Excludes = []string{"ghost"} },
			"products[smart_call].excludes[ghost]", catalog.CodeUnknownReference},
		{"add-on joins an unknown group: unknown_reference", func(d *catalog.Definition) { d.Products[pEasySMS].Groups = []string{"data_bundles"} },
			"products[easy_sms].groups[data_bundles]", catalog.CodeUnknownReference},
		{"product sets an unknown feature: unknown_reference", func(d *catalog.Definition) { settingOf(d, pSmartCall, 0).Feature = "video" },
			"products[smart_call].features[video]", catalog.CodeUnknownReference},
		{"product sets an unknown attribute: unknown_reference", func(d *catalog.Definition) {
			settingOf(d, pSmartCallMain, 0).Values[0].Attribute = "max_calls"
		}, "products[smart_call_main].features[call_forwarding].attributes[max_calls]", catalog.CodeUnknownReference},
		{"attribute set under another feature: wrong_feature", func(d *catalog.Definition) {
			s := settingOf(d, pBasicCall, 0) // sms_bundle
			s.Values = append(s.Values, catalog.AttributeValue{Attribute: "minutes_us_ca", Value: catalog.Qty(dec("10"))})
		}, "products[basic_call].features[sms_bundle].attributes[minutes_us_ca]", catalog.CodeWrongFeature},

		// Attribute definitions
		{"attribute without a type: invalid_type", func(d *catalog.Definition) { attr(d, fSMSBundle, 0).Type = catalog.TypeInvalid },
			"features[sms_bundle].attributes[sms_included].type", catalog.CodeInvalidType},
		{"attribute with an unknown scope: invalid_scope", func(d *catalog.Definition) { attr(d, fCallForwarding, 0).Scope = 7 },
			"features[call_forwarding].attributes[max_forwarded_calls].scope", catalog.CodeInvalidScope},
		{"sum of an enum: invalid_combine", func(d *catalog.Definition) { attr(d, fCallViaIVR, 0).Combine = catalog.CombineSum },
			"features[call_via_ivr].attributes[voice_application].combine", catalog.CodeInvalidCombine},
		{"union of integers: invalid_combine", func(d *catalog.Definition) { attr(d, fSMSBundle, 0).Combine = catalog.CombineUnion },
			"features[sms_bundle].attributes[sms_included].combine", catalog.CodeInvalidCombine},
		{"unknown combine rule: invalid_combine", func(d *catalog.Definition) { attr(d, fCallForwarding, 0).Combine = 9 },
			"features[call_forwarding].attributes[max_forwarded_calls].combine", catalog.CodeInvalidCombine},
		{"quantity without a unit: invalid_constraint", func(d *catalog.Definition) { attr(d, fMinutesBundle, 1).Unit = "" },
			"features[minutes_bundle].attributes[minutes_brazil].unit", catalog.CodeInvalidConstraint},
		{"unit on an integer: invalid_constraint", func(d *catalog.Definition) { attr(d, fSMSBundle, 0).Unit = "sms" },
			"features[sms_bundle].attributes[sms_included].unit", catalog.CodeInvalidConstraint},
		{"min above max: invalid_constraint", func(d *catalog.Definition) { attr(d, fCallForwarding, 0).Min = nd("60") },
			"features[call_forwarding].attributes[max_forwarded_calls]", catalog.CodeInvalidConstraint},
		{"bounds on an enum: invalid_constraint", func(d *catalog.Definition) { attr(d, fCallViaIVR, 0).Max = nd("2") },
			"features[call_via_ivr].attributes[voice_application]", catalog.CodeInvalidConstraint},
		{"enum without allowed values: invalid_constraint", func(d *catalog.Definition) { attr(d, fCallViaIVR, 0).Allowed = nil },
			"features[call_via_ivr].attributes[voice_application].allowed", catalog.CodeInvalidConstraint},
		{"allowed values on an integer: invalid_constraint", func(d *catalog.Definition) { attr(d, fSMSBundle, 0).Allowed = []string{"50"} },
			"features[sms_bundle].attributes[sms_included].allowed", catalog.CodeInvalidConstraint},

		// Values
		{"value of another type: type_mismatch", func(d *catalog.Definition) { setMaxForwarded(d, catalog.Str("10")) },
			maxForwardedPath, catalog.CodeTypeMismatch},
		{"decimal for an integer: type_mismatch", func(d *catalog.Definition) { setMaxForwarded(d, catalog.Dec(dec("10"))) },
			maxForwardedPath, catalog.CodeTypeMismatch},
		{"default of another type: type_mismatch", func(d *catalog.Definition) { attr(d, fSMSBundle, 0).Default = catalog.Bool(false) },
			"features[sms_bundle].attributes[sms_included].default", catalog.CodeTypeMismatch},
		{"attribute setting without a value: type_mismatch", func(d *catalog.Definition) { setMaxForwarded(d, catalog.Value{}) },
			maxForwardedPath, catalog.CodeTypeMismatch},
		{"value above max: constraint", func(d *catalog.Definition) { setMaxForwarded(d, catalog.Int(51)) },
			maxForwardedPath, catalog.CodeConstraint},
		{"value below min: constraint", func(d *catalog.Definition) {
			settingOf(d, pEasySMS, 0).Values[0].Value = catalog.Int(-1)
		}, "products[easy_sms].features[sms_bundle].attributes[sms_included]", catalog.CodeConstraint},
		{"enum value not allowed: constraint", func(d *catalog.Definition) {
			settingOf(d, pIVRCalling, 0).Values[0].Value = catalog.Enum("ivr_support")
		}, "products[ivr_calling].features[call_via_ivr].attributes[voice_application]", catalog.CodeConstraint},
		{"default outside bounds: constraint", func(d *catalog.Definition) { attr(d, fCallForwarding, 0).Default = catalog.Int(99) },
			"features[call_forwarding].attributes[max_forwarded_calls].default", catalog.CodeConstraint},
		{"product sets an account-scoped attribute: scope", func(d *catalog.Definition) {
			s := settingOf(d, pSmartCallMain, 0)
			s.Values = append(s.Values, catalog.AttributeValue{Attribute: "follow_me_numbers", Value: catalog.List("+15550100")})
		}, "products[smart_call_main].features[call_forwarding].attributes[follow_me_numbers]", catalog.CodeScope},

		// Products
		{"product of no kind: invalid_kind", func(d *catalog.Definition) { d.Products[pEasyCall].Kind = catalog.KindInvalid },
			"products[easy_call].kind", catalog.CodeInvalidKind},
		{"feature setting with an unknown state: invalid_state", func(d *catalog.Definition) { settingOf(d, pSmartCall, 0).State = 5 },
			"products[smart_call].features[conferencing].state", catalog.CodeInvalidState},
		{"main product with a priority: addon_field", func(d *catalog.Definition) { d.Products[pBasicCall].Priority = 3 },
			"products[basic_call].priority", catalog.CodeAddOnField},
		{"main product with allowed_main: addon_field", func(d *catalog.Definition) { d.Products[pBasicCall].AllowedMain = []string{"easy_call"} },
			"products[basic_call].allowed_main", catalog.CodeAddOnField},
		{"main product in a group: addon_field", func(d *catalog.Definition) { d.Products[pBasicCall].Groups = []string{"sms_bundles"} },
			"products[basic_call].groups", catalog.CodeAddOnField},
		{"main product with a maximum quantity: addon_field", func(d *catalog.Definition) { d.Products[pEasyCall].MaxQuantity = 2 },
			"products[easy_call].max_quantity", catalog.CodeAddOnField},
		{"main product with eligibility conditions: addon_field", func(d *catalog.Definition) {
			d.Products[pEasyCall].Eligible = []catalog.FactCondition{{Fact: "arpu", Operator: catalog.OpAtLeast, Value: dec("50")}}
		}, "products[easy_call].eligible", catalog.CodeAddOnField},
		{"allowed_main names an add-on: not_main_product", func(d *catalog.Definition) {
			d.Products[pSmartCall].AllowedMain = append(d.Products[pSmartCall].AllowedMain, "easy_sms")
		}, "products[smart_call].allowed_main[easy_sms]", catalog.CodeNotMainProduct},
		{"requires names a main product: not_addon", func(d *catalog.Definition) { d.Products[pSmartCall].Requires = []string{"basic_call"} },
			"products[smart_call].requires[basic_call]", catalog.CodeNotAddOn},
		{"excludes names a main product: not_addon", func(d *catalog.Definition) { d.Products[pSmartCall].Excludes = []string{"easy_call"} },
			"products[smart_call].excludes[easy_call]", catalog.CodeNotAddOn},
		{"negative maximum quantity: invalid_quantity", func(d *catalog.Definition) { d.Products[pEasySMS].MaxQuantity = -1 },
			"products[easy_sms].max_quantity", catalog.CodeInvalidQuantity},
		{"add-on requires itself: self_reference", func(d *catalog.Definition) { d.Products[pSmartCall].Requires = []string{"smart_call"} },
			"products[smart_call].requires[smart_call]", catalog.CodeSelfReference},
		{"add-on excludes itself: self_reference", func(d *catalog.Definition) { d.Products[pSmartCall].Excludes = []string{"smart_call"} },
			"products[smart_call].excludes[smart_call]", catalog.CodeSelfReference},

		// Eligibility and descriptions
		{"condition without a fact: invalid_fact", func(d *catalog.Definition) {
			d.Products[pCarnival200].Eligible = []catalog.FactCondition{
				{Fact: "arpu", Operator: catalog.OpAtLeast, Value: dec("50")},
				{Operator: catalog.OpEqual, Value: dec("1")},
			}
		}, "products[carnival_200].eligible[1].fact", catalog.CodeInvalidFact},
		{"condition naming a fact with a space: invalid_fact", func(d *catalog.Definition) {
			d.Products[pCarnival200].Eligible = []catalog.FactCondition{{Fact: "monthly spend", Operator: catalog.OpAtLeast}}
		}, "products[carnival_200].eligible[0].fact", catalog.CodeInvalidFact},
		{"condition without an operator: invalid_operator", func(d *catalog.Definition) {
			d.Products[pCarnival200].Eligible = []catalog.FactCondition{{Fact: "arpu", Value: dec("50")}}
		}, "products[carnival_200].eligible[0].operator", catalog.CodeInvalidOperator},
		{"condition with an unknown operator: invalid_operator", func(d *catalog.Definition) {
			d.Products[pCarnival200].Eligible = []catalog.FactCondition{{Fact: "arpu", Operator: 42, Value: dec("50")}}
		}, "products[carnival_200].eligible[0].operator", catalog.CodeInvalidOperator},
		{"product description with a tab: invalid_name", func(d *catalog.Definition) { d.Products[pEasyCall].Description = "Calls\tonly" },
			"products[easy_call].description", catalog.CodeInvalidName},
		{"product description ending in a line feed: invalid_name", func(d *catalog.Definition) { d.Products[pEasyCall].Description = "Calls only\n" },
			"products[easy_call].description", catalog.CodeInvalidName},
		{"group description of white space: invalid_name", func(d *catalog.Definition) { d.Groups[0].Description = " " },
			"groups[sms_bundles].description", catalog.CodeInvalidName},
		{"group description not UTF-8: invalid_name", func(d *catalog.Definition) { d.Groups[0].Description = "SMS \xff" },
			"groups[sms_bundles].description", catalog.CodeInvalidName},

		// The requires/excludes graph
		{"two add-ons require each other: requires_cycle", func(d *catalog.Definition) {
			d.Products[pSmartCall].Requires = []string{"conferencing_plus"}
			d.Products[pConferencingPlus].Requires = []string{"smart_call"}
		}, "products[smart_call].requires", catalog.CodeRequiresCycle},
		{"three add-ons require each other in a ring: requires_cycle, at the first", func(d *catalog.Definition) {
			d.Products[pEasySMS].Requires = []string{"carnival_200"}
			d.Products[pCarnival200].Requires = []string{"conferencing_plus"}
			d.Products[pConferencingPlus].Requires = []string{"easy_sms"}
		}, "products[conferencing_plus].requires", catalog.CodeRequiresCycle},
		{"add-on requires what it excludes: contradiction", func(d *catalog.Definition) {
			d.Products[pSmartCall].Requires = []string{"conferencing_plus"}
			d.Products[pSmartCall].Excludes = []string{"conferencing_plus"}
		}, "products[smart_call].requires", catalog.CodeContradiction},
		{"required add-on excludes the requirer: contradiction", func(d *catalog.Definition) {
			d.Products[pSmartCall].Requires = []string{"conferencing_plus"}
			d.Products[pConferencingPlus].Excludes = []string{"smart_call"}
		}, "products[smart_call].requires", catalog.CodeContradiction},
		{"add-on requires two add-ons that exclude each other: contradiction", func(d *catalog.Definition) {
			d.Products[pSmartCall].Requires = []string{"easy_sms", "carnival_200"}
			d.Products[pEasySMS].Excludes = []string{"carnival_200"}
		}, "products[smart_call].requires", catalog.CodeContradiction},
		{"transitively required add-on excluded: contradiction", func(d *catalog.Definition) {
			d.Products[pSmartCall].Requires = []string{"easy_sms"}
			d.Products[pEasySMS].Requires = []string{"carnival_200"}
			d.Products[pSmartCall].Excludes = []string{"carnival_200"}
		}, "products[smart_call].requires", catalog.CodeContradiction},
		{"no main product allows an add-on with what it requires: contradiction", func(d *catalog.Definition) {
			d.Products[pEasySMS].AllowedMain = []string{"basic_call"}
			d.Products[pEasySMS].Requires = []string{"ivr_calling"} // smart_call_main only
		}, "products[easy_sms].requires", catalog.CodeContradiction},

		// Band rules
		{"band rule as a default: band_not_allowed", func(d *catalog.Definition) {
			attr(d, fCallForwarding, 0).Default = catalog.Banded("arpu", catalog.Otherwise(catalog.Int(3)))
		}, "features[call_forwarding].attributes[max_forwarded_calls].default", catalog.CodeBandNotAllowed},
		{"band rule inside a band: band_not_allowed", func(d *catalog.Definition) {
			setMaxForwarded(d, catalog.Banded("arpu", catalog.Otherwise(catalog.Banded("tenure", catalog.Otherwise(catalog.Int(3))))))
		}, maxForwardedPath + ".bands[0]", catalog.CodeBandNotAllowed},
		{"band rule without a fact: invalid_band", func(d *catalog.Definition) {
			setMaxForwarded(d, catalog.Banded("", catalog.Otherwise(catalog.Int(3))))
		}, maxForwardedPath, catalog.CodeInvalidBand},
		{"band rule without bands: invalid_band", func(d *catalog.Definition) { setMaxForwarded(d, catalog.Banded("arpu")) },
			maxForwardedPath, catalog.CodeInvalidBand},
		{"band bounds not increasing: invalid_band", func(d *catalog.Definition) {
			setMaxForwarded(d, catalog.Banded("arpu", catalog.Below(dec("100"), catalog.Int(3)), catalog.Below(dec("100"), catalog.Int(5)), catalog.Otherwise(catalog.Int(10))))
		}, maxForwardedPath + ".bands[1]", catalog.CodeInvalidBand},
		{"unbounded band before the last: invalid_band", func(d *catalog.Definition) {
			setMaxForwarded(d, catalog.Banded("arpu", catalog.Otherwise(catalog.Int(3)), catalog.Otherwise(catalog.Int(5))))
		}, maxForwardedPath + ".bands[0]", catalog.CodeInvalidBand},
		{"last band bounded: band_coverage", func(d *catalog.Definition) {
			setMaxForwarded(d, catalog.Banded("arpu", catalog.Below(dec("50"), catalog.Int(3)), catalog.Below(dec("100"), catalog.Int(5))))
		}, maxForwardedPath + ".bands[1]", catalog.CodeBandCoverage},
		{"band value of another type: type_mismatch", func(d *catalog.Definition) {
			setMaxForwarded(d, catalog.Banded("arpu", catalog.Below(dec("50"), catalog.Str("3")), catalog.Otherwise(catalog.Int(5))))
		}, maxForwardedPath + ".bands[0]", catalog.CodeTypeMismatch},
		{"band value above max: constraint", func(d *catalog.Definition) {
			setMaxForwarded(d, catalog.Banded("arpu", catalog.Below(dec("50"), catalog.Int(3)), catalog.Otherwise(catalog.Int(500))))
		}, maxForwardedPath + ".bands[1]", catalog.CodeConstraint},
	}
	covered := map[catalog.Code]bool{}
	for _, tt := range tests {
		covered[tt.code] = true
		t.Run(tt.name, func(t *testing.T) {
			d := seedDefinition()
			tt.mutate(&d)
			_, err := catalog.New(d)
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("New = %v, want a *ValidationError", err)
			}
			if !ve.HasAt(tt.path, tt.code) {
				t.Errorf("want %s (%s) among:\n%v", tt.path, tt.code, ve.Problems)
			}
		})
	}
	for _, code := range allCodes {
		if !covered[code] {
			t.Errorf("no case for %s", code)
		}
	}
}

func TestValidationReportsIndependentFaultsInOnePass(t *testing.T) {
	d := seedDefinition()
	d.ServiceTypes = append(d.ServiceTypes, catalog.ServiceType{ID: "voice"})
	attr(&d, fMinutesBundle, 1).Unit = ""
	d.Products[pEasySMS].MaxQuantity = -2
	d.Products[pUnconditionalForwarding].Excludes = []string{"unconditional_forwarding"}
	setMaxForwarded(&d, catalog.Int(51))
	_, err := catalog.New(d)
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("New = %v, want a *ValidationError", err)
	}
	want := []catalog.Problem{
		{Path: "service_types[voice]", Code: catalog.CodeDuplicateID},
		{Path: "features[minutes_bundle].attributes[minutes_brazil].unit", Code: catalog.CodeInvalidConstraint},
		{Path: maxForwardedPath, Code: catalog.CodeConstraint},
		{Path: "products[unconditional_forwarding].excludes[unconditional_forwarding]", Code: catalog.CodeSelfReference},
		{Path: "products[easy_sms].max_quantity", Code: catalog.CodeInvalidQuantity},
	}
	if diff := cmp.Diff(want, ve.Problems, cmpopts.IgnoreFields(catalog.Problem{}, "Detail")); diff != "" {
		t.Errorf("problems, in definition order (-want +got):\n%s", diff)
	}
}
