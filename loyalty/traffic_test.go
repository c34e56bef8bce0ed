package loyalty_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
)

// trafficSpec is the seed's exchange: 3 to 8 EUR of bonus is worth a
// package of 500 MB to 1 GB. Bonus buys traffic at 125 MB per EUR (8 EUR,
// 1 GB); traffic sells back at 0.006 EUR per MB (500 MB, 3 EUR). Bookings
// earn 5 % between 3 and 8 EUR, available at once.
func trafficSpec() loyalty.Spec {
	return loyalty.Spec{Rules: []loyalty.Rule{bookingRule()},
		Conversions: []loyalty.Conversion{{Unit: "MB", ToBonus: dec("0.006"), FromBonus: dec("125"), Traffic: true}}}
}

// trafficLedger returns a traffic ledger over s whose member sim1 holds
// 16 EUR of bonus (two 400 EUR bookings) and 1000 MB of traffic.
func trafficLedger(t *testing.T, s loyalty.Store, mem *memstore.Store) *loyalty.Ledger {
	t.Helper()
	l, err := loyalty.NewLedger(mustProgram(t, trafficSpec()), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"b1", "b2"} {
		if _, err := l.Accrue(ctx, loyalty.Transaction{ID: id, Member: "sim1", Amount: eur("400")}, t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := mem.AddTraffic("sim1", "MB", dec("1000")); err != nil {
		t.Fatal(err)
	}
	return l
}

// state is what a conversion changes: the bonus, the traffic, the entries.
func state(t *testing.T, l *loyalty.Ledger, s loyalty.TrafficStore) string {
	t.Helper()
	b, err := l.Balance(ctx, "sim1")
	if err != nil {
		t.Fatal(err)
	}
	q, err := s.Traffic(ctx, "sim1", "MB")
	if err != nil {
		t.Fatal(err)
	}
	es, _ := l.Statement(ctx, "sim1")
	return fmt.Sprintf("bonus %s, traffic %s MB, %d entries", b.Available, q, len(es))
}

func TestTrafficConversion(t *testing.T) {
	tests := []struct {
		name    string
		do      func(l *loyalty.Ledger) (loyalty.Result, error)
		want    string // the state after
		wantErr error
	}{
		{"500 MB into bonus: 3.00 EUR, the traffic removed", func(l *loyalty.Ledger) (loyalty.Result, error) {
			return l.ConvertIn(ctx, loyalty.ConvertIn{ID: "c", Member: "sim1", Unit: "MB", Quantity: dec("500"), Package: "data-500mb"}, t0)
		}, "bonus 19.00 EUR, traffic 500 MB, 3 entries", nil},
		{"8.00 EUR into traffic: 1000 MB added", func(l *loyalty.Ledger) (loyalty.Result, error) {
			return l.ConvertOut(ctx, loyalty.ConvertOut{ID: "c", Member: "sim1", Unit: "MB", Bonus: eur("8"), Package: "data-1gb"}, t0)
		}, "bonus 8.00 EUR, traffic 2000 MB, 3 entries", nil},
		{"all the traffic into bonus: 6.00 EUR, none left", func(l *loyalty.Ledger) (loyalty.Result, error) {
			return l.ConvertIn(ctx, loyalty.ConvertIn{ID: "c", Member: "sim1", Unit: "MB", Quantity: dec("1000")}, t0)
		}, "bonus 22.00 EUR, traffic 0 MB, 3 entries", nil},
		{"more traffic than held: refused, nothing moves", func(l *loyalty.Ledger) (loyalty.Result, error) {
			return l.ConvertIn(ctx, loyalty.ConvertIn{ID: "c", Member: "sim1", Unit: "MB", Quantity: dec("1000.5")}, t0)
		}, "bonus 16.00 EUR, traffic 1000 MB, 2 entries", loyalty.ErrInsufficientTraffic},
		{"more bonus than held: refused, no traffic added", func(l *loyalty.Ledger) (loyalty.Result, error) {
			return l.ConvertOut(ctx, loyalty.ConvertOut{ID: "c", Member: "sim1", Unit: "MB", Bonus: eur("16.01")}, t0)
		}, "bonus 16.00 EUR, traffic 1000 MB, 2 entries", loyalty.ErrInsufficientBalance},
		{"traffic worth less than a cent: refused", func(l *loyalty.Ledger) (loyalty.Result, error) {
			return l.ConvertIn(ctx, loyalty.ConvertIn{ID: "c", Member: "sim1", Unit: "MB", Quantity: dec("1")}, t0)
		}, "bonus 16.00 EUR, traffic 1000 MB, 2 entries", loyalty.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := memstore.New()
			l := trafficLedger(t, mem, mem)
			res, err := tt.do(l)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if got := state(t, l, mem); got != tt.want {
				t.Errorf("after: %s, want %s", got, tt.want)
			}
			if err != nil {
				return
			}
			again, err := tt.do(l) // a replay moves nothing
			if err != nil || !again.Bonus.Equal(res.Bonus) || !again.Units.Equal(res.Units) {
				t.Errorf("replay: %+v, %v; first %+v", again, err, res)
			}
			if got := state(t, l, mem); got != tt.want {
				t.Errorf("after the replay: %s, want %s", got, tt.want)
			}
		})
	}
	// The refusal names what was held.
	mem := memstore.New()
	l := trafficLedger(t, mem, mem)
	_, err := l.ConvertIn(ctx, loyalty.ConvertIn{ID: "c", Member: "sim1", Unit: "MB", Quantity: dec("1500")}, t0)
	var te *loyalty.TrafficError
	if !errors.As(err, &te) || te.Member != "sim1" || te.Tx != "c" || te.Requested.String() != "1500" || te.Held.String() != "1000" {
		t.Errorf("error %v, want a *TrafficError: sim1, c, requested 1500, held 1000", err)
	}
}

// trafficFault is a store whose CommitTraffic fails, on the side the test
// names, as a host's store may: the entitlement system refusing the
// change (the traffic side) or the ledger's commit conflicting every time
// (the ledger side). It applies nothing when it fails; it records what it
// was asked.
type trafficFault struct {
	*memstore.Store
	err   error
	asked []loyalty.TrafficChange
}

func (f *trafficFault) CommitTraffic(ctx context.Context, c loyalty.Commit, t loyalty.TrafficChange) error {
	f.asked = append(f.asked, t)
	if f.err != nil {
		return f.err
	}
	return f.Store.CommitTraffic(ctx, c, t)
}

// TestTrafficConversionFailures injects a failure on each side of the
// port: the conversion fails as a whole, neither the bonus nor the traffic
// moves, and once the failure is gone the same request converts once.
func TestTrafficConversionFailures(t *testing.T) {
	entitlementDown := errors.New("entitlement system unavailable")
	for _, tc := range []struct {
		name    string
		err     error
		wantErr error
		tries   int // CommitTraffic calls before giving up
	}{
		{"traffic side: the host's entitlement system fails", entitlementDown, entitlementDown, 1},
		{"traffic side: the traffic was taken meanwhile", loyalty.ErrInsufficientTraffic, loyalty.ErrInsufficientTraffic, 1},
		{"ledger side: every commit conflicts", loyalty.ErrVersionConflict, loyalty.ErrVersionConflict, loyalty.DefaultAttempts},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := memstore.New()
			f := &trafficFault{Store: mem}
			l := trafficLedger(t, f, mem)
			before := state(t, l, mem)
			f.err = tc.err
			in := loyalty.ConvertIn{ID: "c", Member: "sim1", Unit: "MB", Quantity: dec("500"), Package: "data-500mb"}
			_, err := l.ConvertIn(ctx, in, t0)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if got := state(t, l, mem); got != before {
				t.Errorf("a failed conversion changed the ledger or the traffic: %s, want %s", got, before)
			}
			if len(f.asked) != tc.tries {
				t.Errorf("CommitTraffic called %d times, want %d", len(f.asked), tc.tries)
			}
			want := loyalty.TrafficChange{Account: "sim1", Unit: "MB", Package: "data-500mb", Quantity: dec("-500"), Program: "comfort", Tx: "c", At: t0}
			if got := f.asked[0]; got.Account != want.Account || got.Unit != want.Unit || got.Package != want.Package ||
				!got.Quantity.Equal(want.Quantity) || got.Program != want.Program || got.Tx != want.Tx || !got.At.Equal(want.At) {
				t.Errorf("the port was asked for %+v, want %+v", got, want)
			}
			f.err = nil
			if res, err := l.ConvertIn(ctx, in, t0); err != nil || !res.Bonus.Equal(eur("3")) {
				t.Fatalf("once the failure is gone: %+v, %v", res, err)
			}
			if got, want := state(t, l, mem), "bonus 19.00 EUR, traffic 500 MB, 3 entries"; got != want {
				t.Errorf("after: %s, want %s", got, want)
			}
		})
	}
}

// notTraffic is a Store that is not a TrafficStore.
type notTraffic struct{ loyalty.Store }

func TestTrafficNeedsATrafficStore(t *testing.T) {
	prog := mustProgram(t, trafficSpec())
	if _, err := loyalty.NewLedger(prog, notTraffic{memstore.New()}); !errors.Is(err, loyalty.ErrNoTrafficStore) || !errors.Is(err, loyalty.ErrInvalidRequest) {
		t.Errorf("a traffic program over a store without traffic: error %v, want ErrNoTrafficStore", err)
	}
	// A conversion without Traffic needs no TrafficStore and moves no traffic.
	spec := trafficSpec()
	spec.Conversions[0].Traffic = false
	mem := memstore.New()
	l, err := loyalty.NewLedger(mustProgram(t, spec), notTraffic{mem})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mem.AddTraffic("sim1", "MB", dec("100")); err != nil {
		t.Fatal(err)
	}
	if _, err := l.ConvertIn(ctx, loyalty.ConvertIn{ID: "c", Member: "sim1", Unit: "MB", Quantity: dec("500")}, t0); err != nil {
		t.Fatal(err)
	}
	if q, _ := mem.Traffic(ctx, "sim1", "MB"); q.String() != "100" {
		t.Errorf("a conversion of a unit that is not traffic moved traffic: %s MB left", q)
	}
}

func TestCheckTrafficChange(t *testing.T) {
	ok := loyalty.TrafficChange{Account: "a", Unit: "MB", Quantity: decimal.NewFromInt(-1)}
	if err := loyalty.CheckTrafficChange(ok); err != nil {
		t.Errorf("CheckTrafficChange(%+v) = %v", ok, err)
	}
	for _, bad := range []loyalty.TrafficChange{{Unit: "MB", Quantity: dec("1")}, {Account: "a", Quantity: dec("1")}, {Account: "a", Unit: "MB"}} {
		if err := loyalty.CheckTrafficChange(bad); !errors.Is(err, loyalty.ErrInvalidRequest) {
			t.Errorf("CheckTrafficChange(%+v) = %v, want ErrInvalidRequest", bad, err)
		}
	}
}
