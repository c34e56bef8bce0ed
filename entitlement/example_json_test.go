package entitlement_test

import (
	"fmt"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
)

func ExampleDecodeAccount() {
	c, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		fmt.Println(err)
		return
	}
	doc := []byte(`{
	  "format": "tariff.account.v1",
	  "id": "john-doe",
	  "main": "basic_call",
	  "add_ons": [
	    {"add_on": "easy_sms", "quantity": 2, "from": "2026-11-01T00:00:00Z", "until": "2026-12-01T00:00:00Z"},
	    {"add_on": "mailbox_plus"}
	  ],
	  "states": {"call_waiting": "disabled", "call_forwarding": "enabled"},
	  "values": {"max_forwarded_calls": 12, "follow_me_numbers": ["+15550100"]},
	  "facts": {"arpu": "75.50"}
	}`)
	acct, err := entitlement.DecodeAccount(doc, c)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg, err := entitlement.NewResolver(c).Resolve(acct, time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(cfg.Explain())

	// Decoding is strict: errors name the JSON path.
	_, err = entitlement.DecodeAccount([]byte(`{"id": "x", "main": "basic_call", "add_ons": [{"add_on": "easy_sms", "qty": 2}]}`), c)
	fmt.Println(err)

	out, _ := entitlement.Account{ID: "jane", Main: "basic_call", AddOns: []entitlement.Assignment{{AddOn: "carnival_200"}}}.MarshalJSON()
	fmt.Println(string(out))
	// Output:
	// call_waiting: disabled by the account
	// call_forwarding: enabled by the account
	//   max_forwarded_calls: 12 set by the account
	//   follow_me_numbers: [+15550100] set by the account
	// minutes_bundle: enabled (catalog default)
	//   minutes_us_ca: 100 from basic_call (main product)
	// sms_bundle: enabled (catalog default)
	//   sms_included: 350 = 50 from basic_call (main product) + 150 × 2 from easy_sms (priority 5, ×2)
	// mailbox: enabled (catalog default)
	//   storage_gb: 10 from mailbox_plus (priority 5)
	// account JSON add_ons[0].qty (offset 69): unknown field "qty"
	// {
	//   "format": "tariff.account.v2",
	//   "id": "jane",
	//   "main": "basic_call",
	//   "add_ons": [
	//     {
	//       "add_on": "carnival_200"
	//     }
	//   ]
	// }
}
