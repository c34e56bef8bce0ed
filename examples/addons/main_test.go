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
		"John Doe is on Basic Call: 50 domestic SMS, 100 min to US/Canada, 0 min to Brazil",
		"SMS Bundles:  Easy SMS\n",
		"Voice calls:  Carnival 200\n",
		"+ Carnival 200   → 200 SMS, 200 min to Brazil, conferencing off",
		"+ Conferencing+  → 200 SMS, 200 min to Brazil, conferencing on",
		"- Advanced forwarding refused: Advanced forwarding and Unconditional forwarding both set Call waiting at priority 15 (enabled vs disabled)",
		"- refused: Carnival 200 is not allowed with EasyCall",
		"Max forwarded calls: 12\n",
		"Conferencing: enabled by Conferencing+ (priority 20), overriding Smart Call (priority 10)",
		"Minutes to Brazil: 200 min from Carnival 200 (priority 5)",
		"Domestic SMS included: 200 = 50 from Basic Call (main product) + 150 from Easy SMS (priority 5)",
		"Max forwarded calls: 12 set by the account",
		"Mailbox storage: 1 GB (catalog default)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q; got:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "IVR calling") {
		t.Error("self-care offers an add-on not allowed with John's main product")
	}
}
