package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// now is the portal's default clock: 20 November 2026, 10:00 UTC, 11 of
// November's 30 days left.
var now = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func newServer(t *testing.T) (*portal, *httptest.Server) {
	t.Helper()
	p, err := newPortal(now)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p.handler())
	t.Cleanup(srv.Close)
	return p, srv
}

func get(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return body(t, resp)
}

func post(t *testing.T, srv *httptest.Server, path string, form url.Values) (int, string) {
	t.Helper()
	resp, err := srv.Client().PostForm(srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	return body(t, resp)
}

func body(t *testing.T, resp *http.Response) (int, string) {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func contains(t *testing.T, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q:\n%s", w, page)
		}
	}
}

func TestIndexListsTheCustomers(t *testing.T) {
	_, srv := newServer(t)
	code, page := get(t, srv, "/")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	contains(t, page, `<a href="/account/ana">Ana Lima</a>`, `<a href="/account/john">John Doe</a>`)
}

// John's mailbox is 93 % full: the page shows the notice and the one-click
// upgrade to Mailbox Plus at 1.99 × 11/30 = 0.73 EUR, his services in names,
// the add-ons by group with the reason one cannot be ordered, his bill and
// his bonus.
func TestAccountPage(t *testing.T) {
	_, srv := newServer(t)
	code, page := get(t, srv, "/account/john")
	if code != http.StatusOK {
		t.Fatalf("status %d:\n%s", code, page)
	}
	contains(t, page,
		"<h1>John Doe — Basic Call</h1>",
		"0.93 GB of 1 GB used (93 %)",
		`id="storage-notice"`,
		"We have sent you a message: your mailbox passed 90 %.",
		"Upgrade to Mailbox Plus (5 GB): 0.73 EUR today",
		"Domestic SMS included: 50 from Basic Call (main product)",
		"<h3>SMS Bundles</h3>", "Easy SMS", "2.00 EUR a month",
		"<h3>Other add-ons</h3>",
		"conflicts with Unconditional forwarding",
		`<span class="held">yours</span>`,
		"9.99 EUR</td><td>Basic Call, 1 Nov–30 Nov",
		"10.99 EUR",
		"Bonus balance: 0.00 EUR",
	)
	// The 90 % threshold is announced once this month.
	_, page = get(t, srv, "/account/john")
	if strings.Contains(page, "notice-sent") {
		t.Error("the 90 % notice was announced twice in a month")
	}
	// Ana's mailbox is under 90 % of her 25 GB: no notice.
	_, page = get(t, srv, "/account/ana")
	contains(t, page, "4.2 GB of 25 GB used (16.8 %)")
	if strings.Contains(page, "storage-notice") {
		t.Error("a notice under 90 %")
	}
}

// The one-click upgrade: the order page shows the prorated charge and
// changes nothing; confirming assigns it, says what provisioning does,
// bills it and earns bonus.
func TestOneClickUpgrade(t *testing.T) {
	p, srv := newServer(t)
	code, page := post(t, srv, "/account/john/order", url.Values{"addon": {"mailbox_plus"}})
	if code != http.StatusOK {
		t.Fatalf("order: status %d:\n%s", code, page)
	}
	contains(t, page, "Mailbox Plus, 20 Nov–30 Nov (11/30 of the month at 1.99 EUR)", "Confirm: 0.73 EUR")
	if a, _, _, _ := p.customer("john"); len(a.AddOns) != 1 {
		t.Fatalf("the order page changed the account: %+v", a.AddOns)
	}

	code, page = post(t, srv, "/account/john/confirm", url.Values{"addon": {"mailbox_plus"}})
	if code != http.StatusOK {
		t.Fatalf("confirm: status %d:\n%s", code, page)
	}
	contains(t, page, "Charged today: 0.73 EUR. Bonus earned: 0.07 EUR.",
		"<li>change Mailbox storage from 1 GB to 5 GB</li>", "11.72 EUR")

	_, page = get(t, srv, "/account/john")
	contains(t, page, "0.93 GB of 5 GB used (18.6 %)", "Bonus balance: 0.07 EUR")
	if strings.Contains(page, "storage-notice") {
		t.Error("the notice is still shown after the upgrade")
	}
}

// Refusals and bad input: a clear message, the right status, nothing
// changed.
func TestRefusalsAndBadInputChangeNothing(t *testing.T) {
	tests := []struct {
		name, path string
		form       url.Values
		status     int
		message    string
	}{
		{"a conflicting add-on", "/account/john/order", url.Values{"addon": {"advanced_forwarding"}}, http.StatusConflict,
			"This add-on cannot be ordered: conflicts with Unconditional forwarding."},
		{"confirming a conflicting add-on", "/account/john/confirm", url.Values{"addon": {"advanced_forwarding"}}, http.StatusConflict,
			"This add-on cannot be ordered: conflicts with Unconditional forwarding."},
		{"an add-on the plan does not allow", "/account/john/confirm", url.Values{"addon": {"ivr_calling"}}, http.StatusConflict,
			"This add-on cannot be ordered: not available with Basic Call."},
		{"one already held at its maximum", "/account/john/confirm", url.Values{"addon": {"unconditional_forwarding"}}, http.StatusConflict,
			"This add-on cannot be ordered: at most 1."},
		{"no add-on in the form", "/account/john/confirm", url.Values{}, http.StatusBadRequest, "Choose an add-on to order."},
		{"a main product as the add-on", "/account/john/confirm", url.Values{"addon": {"smart_call_plan"}}, http.StatusBadRequest,
			"There is no add-on called smart_call_plan."},
		{"an unknown add-on", "/account/john/order", url.Values{"addon": {"<script>"}}, http.StatusBadRequest,
			"There is no add-on called &lt;script&gt;."},
		{"an unknown customer", "/account/nobody/confirm", url.Values{"addon": {"easy_sms"}}, http.StatusNotFound, "There is no such customer."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, srv := newServer(t)
			before, _, _, _ := p.customer("john")
			code, page := post(t, srv, tt.path, tt.form)
			if code != tt.status {
				t.Errorf("status %d, want %d", code, tt.status)
			}
			contains(t, page, `<p id="message">`+tt.message+`</p>`)
			after, _, _, _ := p.customer("john")
			if len(after.AddOns) != len(before.AddOns) || p.orders != 0 {
				t.Errorf("a refused request changed the account: %+v", after.AddOns)
			}
		})
	}
	_, srv := newServer(t)
	if code, page := get(t, srv, "/account/nobody"); code != http.StatusNotFound {
		t.Errorf("an unknown customer's page: status %d:\n%s", code, page)
	}
}
