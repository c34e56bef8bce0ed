package entitlement_test

import (
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

func TestChangeString(t *testing.T) {
	tests := []struct {
		c    entitlement.Change
		want string
	}{
		{entitlement.Change{Kind: entitlement.SwitchOn, Feature: "conferencing"}, "switch on conferencing"},
		{entitlement.Change{Kind: entitlement.SwitchOff, Feature: "call_waiting"}, "switch off call_waiting"},
		{entitlement.Change{Kind: entitlement.SetValue, Feature: "call_forwarding", Attribute: "max_forwarded_calls", To: catalog.Int(10)},
			"set call_forwarding.max_forwarded_calls to 10"},
		{entitlement.Change{Kind: entitlement.Modify, Feature: "call_forwarding", Attribute: "max_forwarded_calls", From: catalog.Int(3), To: catalog.Int(10)},
			"change call_forwarding.max_forwarded_calls from 3 to 10"},
		{entitlement.Change{Kind: entitlement.Unset, Feature: "call_forwarding", Attribute: "max_forwarded_calls", From: catalog.Int(3)},
			"unset call_forwarding.max_forwarded_calls (was 3)"},
		{entitlement.Change{Feature: "x"}, "invalid change of x"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
