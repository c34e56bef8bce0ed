package entitlement_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

func TestSmoke(t *testing.T) {
	c := catalog.MustNew(catalog.Definition{
		ServiceTypes: []catalog.ServiceType{{ID: "voice"}},
		Features: []catalog.Feature{
			{ID: "conferencing", ServiceType: "voice"},
			{ID: "sms", ServiceType: "voice", DefaultEnabled: true, Attributes: []catalog.Attribute{
				{ID: "sms_included", Type: catalog.TypeInteger, Combine: catalog.CombineSum}}},
		},
		Products: []catalog.Product{
			{ID: "basic", Kind: catalog.KindMain, Features: []catalog.FeatureSetting{{Feature: "sms", Values: []catalog.AttributeValue{{Attribute: "sms_included", Value: catalog.Int(50)}}}}},
			{ID: "smart", Kind: catalog.KindAddOn, Priority: 10, AllowedMain: []string{"basic"}, Features: []catalog.FeatureSetting{{Feature: "conferencing", State: catalog.Disabled}}},
			{ID: "conf_plus", Kind: catalog.KindAddOn, Priority: 20, AllowedMain: []string{"basic"}, Features: []catalog.FeatureSetting{{Feature: "conferencing", State: catalog.Enabled}}},
			{ID: "conf_minus", Kind: catalog.KindAddOn, Priority: 20, AllowedMain: []string{"basic"}, Features: []catalog.FeatureSetting{{Feature: "conferencing", State: catalog.Disabled}}},
			{ID: "easy_sms", Kind: catalog.KindAddOn, Priority: 5, MaxQuantity: 3, AllowedMain: []string{"basic"}, Features: []catalog.FeatureSetting{{Feature: "sms", Values: []catalog.AttributeValue{{Attribute: "sms_included", Value: catalog.Int(150)}}}}},
		},
	})
	r := entitlement.NewResolver(c)
	acct := entitlement.Account{Main: "basic", AddOns: []entitlement.Assignment{{AddOn: "conf_plus"}, {AddOn: "smart"}, {AddOn: "easy_sms", Quantity: 2}}, Facts: map[string]decimal.Decimal{}}
	cfg, err := r.Resolve(acct, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Enabled("conferencing") {
		t.Error("conferencing should be enabled")
	}
	v, _ := cfg.Value("sms_included")
	if n, _ := v.AsInt(); n != 350 {
		t.Errorf("sms = %v", v)
	}
	fs, _ := cfg.Feature("conferencing")
	t.Log(fs.By[0].Layer, fs.Shadowed)
	acct.AddOns = append(acct.AddOns, entitlement.Assignment{AddOn: "conf_minus"})
	_, err = r.Resolve(acct, time.Now())
	var ce *entitlement.ConflictError
	if !errors.As(err, &ce) {
		t.Fatal(err)
	}
	t.Log(err)
}
