package pricing_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// levelBookGen draws the definition of a usageBookGen book whose usage
// charges sometimes read a level (max, last) instead, so that every
// aggregation meets every allowance.
var levelBookGen = rapid.Custom(func(t *rapid.T) pricing.PriceBook {
	def := usageBookGen(pricing.AllowanceProrated, pricing.AllowanceFull).Draw(t, "book").Definition()
	for i := range def.Charges {
		c := &def.Charges[i]
		if c.Kind != pricing.ChargeUsage {
			continue
		}
		if rapid.IntRange(0, 3).Draw(t, "level?") == 0 {
			c.Aggregate = rapid.SampledFrom([]pricing.Aggregation{pricing.AggregateMax, pricing.AggregateLast}).Draw(t, "level")
			c.Grant = pricing.AllowanceProrated // a level is never prorated: it takes no grant
		}
	}
	return def
})

// usageFigures is what a usage line states besides its description.
type usageFigures struct {
	Charge, Amount              string
	Quantity, Included, Allowed string
}

// Law: a usage line's allowance bounds what it included, and its
// description says so in the meter's unit: Included ≤ Quantity and
// Included ≤ Allowance, a level line including min(Quantity, Allowance); a
// line without an allowance never says "included", one with an allowance
// says "of <Allowance> included" when nothing is billed and ",
// <Included> included" otherwise. A consuming line's allowance does not
// depend on the records (a line is there at zero usage too, and states
// it). Units change the descriptions only: the same book with a unit on
// every usage charge gives the same figures, each usage written with its
// unit.
func propUsageLineAllowance(t *rapid.T) {
	r := entitlement.NewResolver(telcoCatalog)
	plain := levelBookGen.Draw(t, "book")
	withUnits := plain.Clone()
	for i := range withUnits.Charges {
		if c := &withUnits.Charges[i]; c.Kind == pricing.ChargeUsage {
			c.Unit = "u_" + c.Meter
		}
	}
	acct := historyGen(r, false).Draw(t, "account")
	usage := recordsGen.Draw(t, "usage")
	book, unitBook := pricing.MustNewBook(plain), pricing.MustNewBook(withUnits)
	q, err := pricing.NewQuote(book, r, acct, nov, usage)
	uq, uerr := pricing.NewQuote(unitBook, r, acct, nov, usage)
	if (err != nil) != (uerr != nil) {
		t.Fatalf("error %v, with units %v", err, uerr)
	}
	if err != nil {
		return // an unrated record, or an account not yet active
	}
	empty, err := pricing.NewQuote(book, r, acct, nov, nil)
	if err != nil {
		t.Fatalf("quote without usage: %v", err)
	}
	if len(q.Lines) != len(uq.Lines) || len(q.Lines) != len(empty.Lines) {
		t.Fatalf("%d lines, %d with units, %d without usage", len(q.Lines), len(uq.Lines), len(empty.Lines))
	}
	for i, l := range q.Lines {
		if l.Kind != pricing.ChargeUsage {
			continue
		}
		ch, _ := book.Charge(l.Charge)
		figures := func(l pricing.Line) usageFigures {
			return usageFigures{l.Charge, l.Amount.String(), l.Quantity.String(), l.Included.String(), l.Allowance.String()}
		}
		if got, want := figures(uq.Lines[i]), figures(l); got != want {
			t.Fatalf("line %d with units %+v, without %+v", i, got, want)
		}
		if l.TrueUp || l.IsDiscount() {
			continue
		}
		if l.Included.GreaterThan(l.Quantity) || l.Included.GreaterThan(l.Allowance) {
			t.Fatalf("line %q: included %s of %s used, allowance %s", l.Description, l.Included, l.Quantity, l.Allowance)
		}
		level := ch.Aggregate == pricing.AggregateMax || ch.Aggregate == pricing.AggregateLast
		if level && !l.Included.Equal(decimal.Min(l.Quantity, l.Allowance)) {
			t.Fatalf("level line %q: included %s, used %s, allowance %s", l.Description, l.Included, l.Quantity, l.Allowance)
		}
		if e := empty.Lines[i]; !level && (e.Charge != l.Charge || !e.Allowance.Equal(l.Allowance)) {
			t.Fatalf("line %q: allowance %s, without usage %q: %s", l.Description, l.Allowance, e.Description, e.Allowance)
		}
		var want string
		switch {
		case l.Allowance.IsZero():
			if strings.Contains(l.Description, "included") {
				t.Fatalf("line %q without an allowance says included", l.Description)
			}
		case l.Included.Equal(l.Quantity):
			want = " of " + l.Allowance.String() + " included"
		default:
			want = ", " + l.Included.String() + " included"
		}
		if !strings.Contains(l.Description, want) {
			t.Fatalf("line %q does not say %q", l.Description, want)
		}
		if u := uq.Lines[i].Description; !strings.Contains(u, l.Quantity.String()+" u_"+ch.Meter) {
			t.Fatalf("line %q does not give the unit u_%s after %s", u, ch.Meter, l.Quantity)
		}
	}
}

func TestUsageLineAllowance(t *testing.T) { rapid.Check(t, propUsageLineAllowance) }

func FuzzUsageLineAllowance(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propUsageLineAllowance)) }
