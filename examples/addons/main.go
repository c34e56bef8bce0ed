// Command addons plays out the add-on seed with the shipped telco catalog:
// John Doe browses product groups in self-care and signs up for an SMS
// bundle and Brazil minutes, adds conferencing, is refused a pair of
// forwarding add-ons that conflict, and sees his effective configuration
// explained line by line.
//
//	go run ./examples/addons
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/examples/catalogs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "addons:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	cat, err := catalog.Decode(catalogs.Telco)
	if err != nil {
		return err
	}
	r := entitlement.NewResolver(cat)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }

	john := entitlement.Account{ID: "john-doe", Main: "basic_call"}
	cfg, err := r.Resolve(john, day(1))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "John Doe is on %s: %s domestic SMS, %s to US/Canada, %s to Brazil\n",
		name(cat, john.Main), value(cfg, "sms_included"), value(cfg, "minutes_us_ca"), value(cfg, "minutes_brazil"))

	fmt.Fprintln(w, "\nSelf-care, Product Configuration tab:")
	for _, g := range cat.GroupIDs() {
		group, _ := cat.Group(g)
		var offered []string
		for _, id := range cat.GroupMembers(g) {
			if cat.Allows(id, john.Main) {
				offered = append(offered, name(cat, id))
			}
		}
		fmt.Fprintf(w, "  %-13s %s\n", group.Name+":", strings.Join(offered, ", "))
	}

	fmt.Fprintln(w, "\nJohn signs up:")
	for _, id := range []string{"easy_sms", "carnival_200", "smart_call", "conferencing_plus"} {
		john, cfg, err = r.Assign(john, entitlement.Assignment{AddOn: id, From: day(3)}, day(3))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  + %-14s → %s SMS, %s to Brazil, conferencing %s\n", name(cat, id),
			value(cfg, "sms_included"), value(cfg, "minutes_brazil"), onOff(cfg.Enabled("conferencing")))
	}

	fmt.Fprintln(w, "\nJohn orders both forwarding add-ons:")
	john, _, err = r.Assign(john, entitlement.Assignment{AddOn: "unconditional_forwarding", From: day(5)}, day(5))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  + %s accepted\n", name(cat, "unconditional_forwarding"))
	_, _, err = r.Assign(john, entitlement.Assignment{AddOn: "advanced_forwarding", From: day(5)}, day(5))
	var conflict *entitlement.ConflictError
	if !errors.As(err, &conflict) {
		return fmt.Errorf("the conflicting order was not refused: %v", err)
	}
	fmt.Fprintf(w, "  - %s refused: %s and %s both set %s at priority %d (%s vs %s)\n", name(cat, "advanced_forwarding"),
		name(cat, conflict.AddOns[0]), name(cat, conflict.AddOns[1]), featureName(cat, conflict.Feature), conflict.Priority,
		conflict.Values[0], conflict.Values[1])

	fmt.Fprintln(w, "\nHis neighbour on EasyCall orders Carnival 200:")
	_, _, err = r.Assign(entitlement.Account{ID: "neighbour", Main: "easy_call"}, entitlement.Assignment{AddOn: "carnival_200"}, day(5))
	var notAllowed *entitlement.NotAllowedError
	if !errors.As(err, &notAllowed) {
		return fmt.Errorf("EasyCall accepted an add-on: %v", err)
	}
	fmt.Fprintf(w, "  - refused: %s is not allowed with %s; upgrade the main product first\n",
		name(cat, notAllowed.AddOn), name(cat, notAllowed.Main))

	fmt.Fprintln(w, "\nHis sales team has 12 people: forward calls to all of them (an account-level value):")
	john.Values = append(john.Values, catalog.AttributeValue{Attribute: "max_forwarded_calls", Value: catalog.Int(12)})
	cfg, err = r.Resolve(john, day(6))
	if err != nil {
		return err
	}
	attr, _ := cat.AttributeName("max_forwarded_calls")
	fmt.Fprintf(w, "  %s: %s\n", attr, value(cfg, "max_forwarded_calls"))
	fmt.Fprintf(w, "\nJohn's configuration on %s, explained:\n", day(6).Format("2 Jan 2006"))
	for line := range strings.Lines(cfg.Explain(entitlement.WithNames(cat))) {
		fmt.Fprint(w, "  ", line)
	}
	return nil
}

// value formats the value of attr in cfg with its unit ("200 min"), or
// 0 when cfg has none.
func value(cfg entitlement.Config, attr string) string {
	v, ok := cfg.Value(attr)
	if !ok {
		v = catalog.Int(0)
	}
	return cfg.Catalog().FormatValue(attr, v)
}

// name returns the product's name, or its ID when it has none.
func name(cat *catalog.Catalog, id string) string {
	if n, _ := cat.ProductName(id); n != "" {
		return n
	}
	return id
}

// featureName returns the feature's name, or its ID when it has none.
func featureName(cat *catalog.Catalog, id string) string {
	if n, _ := cat.FeatureName(id); n != "" {
		return n
	}
	return id
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
