package pgstore

import (
	"errors"
	"os"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// TestKilledMidConversion terminates the backend of a traffic conversion's
// commit while it waits for a lock: at the member's head (the ledger
// side, its first step) or at the account's traffic row (the traffic
// side, after the head, the lot, the entry and the record were written in
// the same statement). Either way the Ledger returns an error wrapping
// ErrNotApplied and neither the ledger nor the traffic changed; a retry
// with the same transaction ID converts once.
func TestKilledMidConversion(t *testing.T) {
	needDB(t)
	pool, err := openPool(os.Getenv("DATABASE_URL"), victim, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	emptyStore(t, testDB)
	s, err := New(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "fail", Currency: pricing.EUR,
		Rules:       []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: eurCents(1000)}},
		Conversions: []loyalty.Conversion{{Unit: "MB", ToBonus: decimal.New(1, -2), FromBonus: decimal.NewFromInt(100), Traffic: true}}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := loyalty.NewLedger(prog, s)
	if err != nil {
		t.Fatal(err)
	}
	at := soakBase
	if _, err := l.Accrue(ctx, loyalty.Transaction{ID: "a0", Member: "m", Amount: eurCents(1000)}, at); err != nil {
		t.Fatal(err)
	}
	if _, err := l.ConvertOut(ctx, loyalty.ConvertOut{ID: "out0", Member: "m", Unit: "MB", Bonus: eurCents(500)}, at); err != nil {
		t.Fatal(err)
	}
	trafficOf := func() string {
		q, err := s.Traffic(ctx, "m", "MB")
		if err != nil {
			t.Fatal(err)
		}
		return q.String()
	}
	for _, tc := range []struct {
		name, lock string
		op         func() (loyalty.Result, error)
	}{
		{"into bonus, killed at the head", `SELECT FROM loyalty_heads WHERE program = 'fail' AND member = 'm' FOR UPDATE`,
			func() (loyalty.Result, error) {
				return l.ConvertIn(ctx, loyalty.ConvertIn{ID: "in1", Member: "m", Unit: "MB", Quantity: decimal.NewFromInt(100)}, at)
			}},
		{"into bonus, killed at the traffic", `SELECT FROM loyalty_traffic WHERE account = 'm' AND unit = 'MB' FOR UPDATE`,
			func() (loyalty.Result, error) {
				return l.ConvertIn(ctx, loyalty.ConvertIn{ID: "in2", Member: "m", Unit: "MB", Quantity: decimal.NewFromInt(100)}, at)
			}},
		{"into traffic, killed at the traffic", `SELECT FROM loyalty_traffic WHERE account = 'm' AND unit = 'MB' FOR UPDATE`,
			func() (loyalty.Result, error) {
				return l.ConvertOut(ctx, loyalty.ConvertOut{ID: "out1", Member: "m", Unit: "MB", Bonus: eurCents(100)}, at)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, mb := readState(t, s, "m"), trafficOf()
			_, err := killDuring(t, tc.lock, false, tc.op)
			if !errors.Is(err, ErrNotApplied) {
				t.Fatalf("error %v, want one wrapping ErrNotApplied", err)
			}
			if after := readState(t, s, "m"); after != before || trafficOf() != mb {
				t.Fatalf("the conversion was not applied, but the ledger went from %+v to %+v and the traffic from %s to %s",
					before, after, mb, trafficOf())
			}
			res, err := tc.op()
			if err != nil {
				t.Fatalf("retry: %v", err)
			}
			if again := readState(t, s, "m"); again.version != before.version+1 || trafficOf() == mb {
				t.Errorf("after the retry: ledger %+v (from %+v), traffic %s (from %s)", again, before, trafficOf(), mb)
			}
			moved := trafficOf()
			if replay, err := tc.op(); err != nil || describeResult(replay) != describeResult(res) || trafficOf() != moved {
				t.Errorf("repeated: %s, %v, traffic %s; want %s, traffic %s", describeResult(replay), err, trafficOf(), describeResult(res), moved)
			}
		})
	}
	if got := trafficOf(); got != "400" {
		t.Errorf("traffic %s MB, want 400 (500 - 100 - 100 + 100)", got)
	}
}
