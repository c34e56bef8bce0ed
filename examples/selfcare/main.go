// Command selfcare is a customer's self-care portal over the shipped telco
// catalog and price book, on an in-memory store: the configuration
// explained in names, add-ons by product group with their prices and why
// some cannot be ordered, a mailbox storage bar with the 90 % notice, a
// one-click upgrade that shows its prorated charge before it is confirmed,
// then what provisioning must do and the updated bill, and the loyalty
// balance the purchase earned.
//
//	go run ./examples/selfcare            # http://localhost:8080
//	go run ./examples/selfcare -addr :9000
//
// The portal's clock is fixed (20 November 2026, 10:00 UTC) so that its
// figures can be checked; -now sets another instant in November 2026.
// -smoke serves the pages once on a free port, checks that each answers,
// and exits: what CI runs.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	now := flag.String("now", "2026-11-20T10:00:00Z", "the portal's clock, RFC 3339, in November 2026")
	smoke := flag.Bool("smoke", false, "serve each page once on a free port, check it, and exit")
	flag.Parse()
	at, err := time.Parse(time.RFC3339, *now)
	if err != nil || at.Year() != 2026 || at.Month() != time.November {
		fmt.Fprintln(os.Stderr, "selfcare: -now must be an RFC 3339 instant in November 2026")
		os.Exit(2)
	}
	p, err := newPortal(at)
	if err != nil {
		fmt.Fprintln(os.Stderr, "selfcare:", err)
		os.Exit(1)
	}
	if *smoke {
		if err := smokeTest(p); err != nil {
			fmt.Fprintln(os.Stderr, "selfcare:", err)
			os.Exit(1)
		}
		fmt.Println("selfcare: every page answers")
		return
	}
	log.Printf("selfcare: http://%s", *addr)
	if err := http.ListenAndServe(*addr, p.handler()); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "selfcare:", err)
		os.Exit(1)
	}
}

// smokeTest serves p on a free local port and checks that the index, each
// customer's page and an order's price answer 200.
func smokeTest(p *portal) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: p.handler()}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	check := func(resp *http.Response, err error) error {
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s %s: status %d", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode)
		}
		return nil
	}
	if err := check(http.Get(base + "/")); err != nil {
		return err
	}
	for _, id := range p.customerIDs() {
		if err := check(http.Get(base + "/account/" + id)); err != nil {
			return err
		}
	}
	return check(http.PostForm(base+"/account/john/order", url.Values{"addon": {"easy_sms"}}))
}
