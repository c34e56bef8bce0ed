package pgstore

import (
	"os"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// TestCitusLayout checks, on Citus, that every table is distributed as
// the package documents: a member's tables by member in one colocation
// group, the promo counters by code.
func TestCitusLayout(t *testing.T) {
	needDB(t)
	if engine != "citus" {
		t.Skip("the Citus layout: only on Citus")
	}
	rows, _ := testDB.Query(ctx, `SELECT logicalrelid::regclass::text, partmethod::text,
		column_to_column_name(logicalrelid, partkey),
		colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'loyalty_heads'::regclass)
		FROM pg_dist_partition WHERE logicalrelid::regclass::text LIKE 'loyalty_%' ORDER BY 1`)
	type table struct {
		Name, Method, Column string
		WithHeads            bool // colocated with loyalty_heads
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[table])
	if err != nil {
		t.Fatal(err)
	}
	want := []table{
		{"loyalty_attributions", "h", "member", true},
		{"loyalty_entries", "h", "member", true},
		{"loyalty_heads", "h", "member", true},
		{"loyalty_lots", "h", "member", true},
		{"loyalty_promo_counts", "h", "code", false},
		{"loyalty_promo_uses", "h", "member", true},
		{"loyalty_purchases", "h", "member", true},
		{"loyalty_records", "h", "member", true},
		{"loyalty_traffic", "h", "account", true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("distributed tables\n%v\nwant\n%v", got, want)
	}
}

// TestCitusRouting checks, on Citus, that every call of the store sends
// its statements to one worker, as the member's shard group (or the
// code's shard) is on one: no statement needs more than one shard, and
// only a commit with a promo claim may add the code's worker. It listens
// to the commands the coordinator logs (citus.log_remote_commands).
func TestCitusRouting(t *testing.T) {
	needDB(t)
	if engine != "citus" {
		t.Skip("routing to workers: only on Citus")
	}
	emptyStore(t, testDB)
	server := regexp.MustCompile(`on server (\S+)`)
	var mu sync.Mutex
	servers := map[string]bool{}
	cfg, err := pgxpool.ParseConfig(os.Getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = testSchema
	cfg.ConnConfig.RuntimeParams["citus.log_remote_commands"] = "on"
	cfg.ConnConfig.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		if m := server.FindStringSubmatch(n.Detail); m != nil {
			mu.Lock()
			servers[m[1]] = true
			mu.Unlock()
		}
	}
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s, err := New(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	prog := soakProgram(t)
	l, err := loyalty.NewLedger(prog, s)
	if err != nil {
		t.Fatal(err)
	}
	partners := routingPartners(t, s)
	k := loyalty.Key{Program: "soak", Member: "m1"}
	for _, call := range []struct {
		name string
		most int // workers
		do   func() error
	}{
		{"accrue (load, commit)", 1, func() error {
			_, err := l.Accrue(ctx, loyalty.Transaction{ID: "a1", Member: "m1", Amount: eurCents(5000)}, soakBase)
			return err
		}},
		{"redeem (load, lots, commit)", 1, func() error {
			_, err := l.Redeem(ctx, loyalty.Redemption{ID: "r1", Member: "m1", Amount: eurCents(50)}, soakBase.Add(2*time.Hour))
			return err
		}},
		{"refund (load of two records, lots by ID, commit)", 1, func() error {
			_, err := l.Refund(ctx, loyalty.Refund{ID: "f1", Member: "m1", Original: "a1", Amount: eurCents(100)}, soakBase.Add(2*time.Hour))
			return err
		}},
		{"lots pending by activation", 1, func() error {
			st, _, err := s.Load(ctx, k)
			if err == nil {
				_, err = s.Lots(ctx, k, loyalty.LotQuery{Version: st.Version, Order: loyalty.PendingByActivation, Limit: 3})
			}
			return err
		}},
		{"statement", 1, func() error { _, err := l.Statement(ctx, "m1"); return err }},
		{"promo (load, commit with the code's counter)", 2, func() error {
			_, err := l.RedeemPromo(ctx, loyalty.PromoRedemption{ID: "p1", Member: "m1", Code: "FREE"}, soakBase.Add(2*time.Hour))
			return err
		}},
		{"promo count", 1, func() error { _, err := s.PromoCount(ctx, "soak", "FREE"); return err }},
		{"attribute", 1, func() error { return loyalty.AttributeToPartner(ctx, s, "m1", "travelco") }},
		{"partner", 1, func() error { _, err := s.Partner(ctx, "m1"); return err }},
		{"promo uses", 1, func() error { _, err := s.PromoUses(ctx, k, "FREE"); return err }},
		{"accrue under a history rule (load, count purchases, commit with the purchase)", 1, partners.accrue},
		{"convert traffic into bonus (load, traffic, commit with the traffic row)", 1, partners.convert},
		{"traffic", 1, func() error { _, err := s.Traffic(ctx, "m1", "MB"); return err }},
		{"SIM reward (the SIM's attribution; load and commit of the partner's account)", 2, partners.reward},
		{"partner statement", 1, partners.statement},
	} {
		mu.Lock()
		clear(servers)
		mu.Unlock()
		if err := call.do(); err != nil {
			t.Fatalf("%s: %v", call.name, err)
		}
		mu.Lock()
		n := len(servers)
		mu.Unlock()
		if n == 0 || n > call.most {
			t.Errorf("%s: statements sent to %d workers, want 1 to %d", call.name, n, call.most)
		}
	}
}

// routingCalls are the calls of the partner features TestCitusRouting
// follows to their workers.
type routingCalls struct{ accrue, convert, reward, statement func() error }

func routingPartners(t *testing.T, s *Store) routingCalls {
	prog, err := loyalty.NewProgram(loyalty.Spec{ID: "route", Currency: pricing.EUR,
		Rules: []loyalty.Rule{{ID: "any", Kind: loyalty.FixedBonus, Amount: eurCents(100)},
			{ID: "repeat", Kind: loyalty.FixedBonus, Amount: eurCents(100),
				When: loyalty.Condition{History: loyalty.History{From: 2, SameCategory: true}}}},
		Conversions: []loyalty.Conversion{{Unit: "MB", ToBonus: decimal.New(1, -2), FromBonus: decimal.NewFromInt(100), Traffic: true}}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := loyalty.NewLedger(prog, s)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := loyalty.NewRemunerationPlan(loyalty.RemunerationSpec{ID: "route-plan", Currency: pricing.EUR, SIMReward: eurCents(500)})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := loyalty.NewPartnerLedger(plan, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Accrue(ctx, loyalty.Transaction{ID: "r0", Member: "m1", Amount: eurCents(1000), Category: "hotel"}, soakBase); err != nil {
		t.Fatal(err)
	}
	if _, err := l.ConvertOut(ctx, loyalty.ConvertOut{ID: "r-out", Member: "m1", Unit: "MB", Bonus: eurCents(100)}, soakBase); err != nil {
		t.Fatal(err)
	}
	return routingCalls{
		accrue: func() error {
			_, err := l.Accrue(ctx, loyalty.Transaction{ID: "r1", Member: "m1", Amount: eurCents(1000), Category: "hotel"}, soakBase)
			return err
		},
		convert: func() error {
			_, err := l.ConvertIn(ctx, loyalty.ConvertIn{ID: "r-in", Member: "m1", Unit: "MB", Quantity: decimal.NewFromInt(50)}, soakBase)
			return err
		},
		reward: func() error {
			_, err := pl.RewardSIM(ctx, loyalty.SIMSale{ID: "sale", Partner: "travelco", SIM: "m1", Amount: eurCents(2500)}, soakBase)
			return err
		},
		statement: func() error {
			_, err := pl.Statement(ctx, "travelco", pricing.Month(2026, time.May, time.UTC))
			return err
		},
	}
}
