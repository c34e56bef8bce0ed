package pricing_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/pricing"
)

// TestConstructorsReadLikeJSON: a book written with the constructors is the
// book its JSON form decodes to.
func TestConstructorsReadLikeJSON(t *testing.T) {
	built := pricing.MustNewBook(pricing.PriceBook{Currency: pricing.EUR, Charges: []pricing.Charge{
		{ID: "fibre", Product: "fibre_500", Kind: pricing.ChargeRecurring, Period: pricing.Monthly, Price: pricing.Flat("39.90")},
		{ID: "tv", Product: "tv_plus", Kind: pricing.ChargeRecurring, Period: pricing.Quarterly, Price: pricing.Flat("27.00")},
		{ID: "ip", Product: "static_ip", Kind: pricing.ChargeRecurring, Period: pricing.Yearly, Price: pricing.Flat("50")},
		{ID: "sms", Product: "fibre_500", Kind: pricing.ChargeUsage, Meter: "sms", Price: pricing.PerUnit("0.0125")},
		{ID: "data", Product: "fibre_500", Kind: pricing.ChargeUsage, Meter: "data_gb",
			Price: pricing.Graduated(pricing.UpTo("5", "2.00").WithFlat("1.00"), pricing.Above("1.00"))},
		{ID: "storage", Product: "fibre_500", Kind: pricing.ChargeUsage, Meter: "storage_gb",
			Price: pricing.Volume(pricing.UpTo("100", "0.10"), pricing.Above("0.05"))},
		{ID: "calls", Product: "fibre_500", Kind: pricing.ChargeUsage, Meter: "minutes", Price: pricing.Package("100", "1.50")},
	}})
	decoded, err := pricing.DecodeBook([]byte(`{"format": "tariff.pricebook.v1", "currency": "EUR", "charges": [
		{"id": "fibre", "product": "fibre_500", "kind": "recurring", "period": {"unit": "month", "count": 1}, "price": {"model": "flat", "amount": "39.90"}},
		{"id": "tv", "product": "tv_plus", "kind": "recurring", "period": {"unit": "month", "count": 3}, "price": {"model": "flat", "amount": "27.00"}},
		{"id": "ip", "product": "static_ip", "kind": "recurring", "period": {"unit": "year", "count": 1}, "price": {"model": "flat", "amount": "50"}},
		{"id": "sms", "product": "fibre_500", "kind": "usage", "meter": "sms", "price": {"model": "per_unit", "amount": "0.0125"}},
		{"id": "data", "product": "fibre_500", "kind": "usage", "meter": "data_gb", "price": {"model": "graduated",
			"tiers": [{"up_to": "5", "unit": "2.00", "flat": "1.00"}, {"unit": "1.00"}]}},
		{"id": "storage", "product": "fibre_500", "kind": "usage", "meter": "storage_gb", "price": {"model": "volume",
			"tiers": [{"up_to": "100", "unit": "0.10"}, {"unit": "0.05"}]}},
		{"id": "calls", "product": "fibre_500", "kind": "usage", "meter": "minutes", "price": {"model": "package", "block_size": "100", "amount": "1.50"}}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := built.MarshalJSON()
	b, _ := decoded.MarshalJSON()
	if diff := cmp.Diff(string(b), string(a)); diff != "" {
		t.Errorf("built book (-JSON +Go):\n%s", diff)
	}
}

func TestMonth(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database")
	}
	tests := []struct {
		got        pricing.Period
		start, end time.Time
		days       int
	}{
		{pricing.Month(2026, time.February, nil), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 28},
		{pricing.Month(2026, time.December, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), 31},
		{pricing.MonthOf(time.Date(2026, 10, 31, 23, 30, 0, 0, berlin)), time.Date(2026, 10, 1, 0, 0, 0, 0, berlin), time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), 31},
	}
	for _, tt := range tests {
		if !tt.got.Start.Equal(tt.start) || !tt.got.End.Equal(tt.end) || tt.got.Days() != tt.days {
			t.Errorf("%v–%v (%d days), want %v–%v (%d days)", tt.got.Start, tt.got.End, tt.got.Days(), tt.start, tt.end, tt.days)
		}
	}
}

func TestConstructorsNameABadLiteral(t *testing.T) {
	for name, build := range map[string]func(){
		"Flat":     func() { pricing.Flat("9,99") },
		"UpTo":     func() { pricing.UpTo("ten", "1") },
		"WithFlat": func() { pricing.Above("1").WithFlat("") },
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, "pricing."+name) {
					t.Errorf("%s: panic %q does not name the constructor", name, msg)
				}
			}()
			build()
		}()
	}
}
