package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestAddonsScenario(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"John Doe is on basic_call: 50 domestic SMS, 100 min to US/Canada, 0 min to Brazil",
		"SMS Bundles:  Easy SMS (easy_sms)",
		"+ carnival_200       → 200 SMS, 200 min to Brazil, conferencing off",
		"+ conferencing_plus  → 200 SMS, 200 min to Brazil, conferencing on",
		"- advanced_forwarding refused: advanced_forwarding and unconditional_forwarding both set call_waiting at priority 15",
		"- refused: carnival_200 is not allowed with easy_call",
		"max_forwarded_calls = 12",
		"conferencing: enabled by conferencing_plus (priority 20), overriding smart_call (priority 10)",
		"sms_included: 200 = 50 from basic_call (main product) + 150 from easy_sms (priority 5)",
		"max_forwarded_calls: 12 set by the account",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q; got:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "Voice calls:  Carnival 200 (carnival_200), IVR") {
		t.Error("self-care offers an add-on not allowed with John's main product")
	}
}
