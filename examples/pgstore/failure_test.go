package pgstore

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/pricing"
)

// victim is the application_name of the connections whose backends the
// failure tests terminate.
const victim = "pgstore-victim"

func failureProgram(t *testing.T) *loyalty.Program {
	p, err := loyalty.NewProgram(loyalty.Spec{ID: "fail", Currency: pricing.EUR,
		Rules:  []loyalty.Rule{{ID: "fixed", Kind: loyalty.FixedBonus, Amount: eurCents(100)}},
		Promos: []loyalty.Promo{{Code: "KILL", PerMember: 3, TotalLimit: 5, Grant: eurCents(200)}}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// ledgerState is what a failed commit must leave as it was.
type ledgerState struct {
	version uint64
	entries int
	records int
	promo   int
}

func readState(t *testing.T, s *Store, member string) ledgerState {
	t.Helper()
	k := loyalty.Key{Program: "fail", Member: member}
	st, _, err := s.Load(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	es, err := s.Entries(ctx, k, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var recs, uses int
	err = testDB.QueryRow(ctx, `SELECT (SELECT count(*) FROM loyalty_records WHERE program = 'fail' AND member = $1),
		(SELECT coalesce(sum(uses), 0) FROM loyalty_promo_counts WHERE program = 'fail')`, member).Scan(&recs, &uses)
	if err != nil {
		t.Fatal(err)
	}
	return ledgerState{version: st.Version, entries: len(es), records: recs, promo: uses}
}

// TestKilledMidCommit terminates, from a second connection, the backend
// running a ledger operation's commit while it waits for a lock another
// transaction holds: at the member's head (the commit's first step), or at
// the promo counter (its last, after it wrote the head, the lot, the
// entries, the record and the member's promo use); on Citus also the
// worker's backend that runs the commit's statements for the coordinator.
// The commit dies with the backend (on Citus the coordinator commits a
// member's transaction on the worker only once every statement is done)
// and the Ledger returns an error wrapping ErrNotApplied, with the ledger
// as it was; a retry with the same transaction ID applies the operation
// once, and repeating it returns the same result. (Had the commit been
// applied before its reply was lost, the store would find out and the
// Ledger succeed: TestResolve.)
func TestKilledMidCommit(t *testing.T) {
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
	l, err := loyalty.NewLedger(failureProgram(t), s)
	if err != nil {
		t.Fatal(err)
	}
	at := soakBase
	if _, err := l.Accrue(ctx, loyalty.Transaction{ID: "a0", Member: "m", Amount: eurCents(1000)}, at); err != nil {
		t.Fatal(err)
	}
	if _, err := l.RedeemPromo(ctx, loyalty.PromoRedemption{ID: "p0", Member: "other", Code: "KILL"}, at); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		lock   string // what the second connection locks
		worker bool   // terminate the worker's backend (Citus) instead of the client's
		op     func() (loyalty.Result, error)
	}{
		{"accrual killed at the head", `SELECT FROM loyalty_heads WHERE program = 'fail' AND member = 'm' FOR UPDATE`, false,
			func() (loyalty.Result, error) {
				return l.Accrue(ctx, loyalty.Transaction{ID: "a1", Member: "m", Amount: eurCents(1000)}, at)
			}},
		{"promo killed at the counter, after every other write", `SELECT FROM loyalty_promo_counts WHERE program = 'fail' AND code = 'KILL' FOR UPDATE`, false,
			func() (loyalty.Result, error) {
				return l.RedeemPromo(ctx, loyalty.PromoRedemption{ID: "p1", Member: "m", Code: "KILL"}, at)
			}},
		{"accrual, the worker's backend killed", `SELECT FROM loyalty_heads WHERE program = 'fail' AND member = 'm' FOR UPDATE`, true,
			func() (loyalty.Result, error) {
				return l.Accrue(ctx, loyalty.Transaction{ID: "a2", Member: "m", Amount: eurCents(1000)}, at)
			}},
		{"promo, the worker's backend killed", `SELECT FROM loyalty_promo_counts WHERE program = 'fail' AND code = 'KILL' FOR UPDATE`, true,
			func() (loyalty.Result, error) {
				return l.RedeemPromo(ctx, loyalty.PromoRedemption{ID: "p2", Member: "m", Code: "KILL"}, at)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.worker && engine != "citus" {
				t.Skip("a Citus worker's backend: only on Citus")
			}
			before := readState(t, s, "m")
			res, err := killDuring(t, tc.lock, tc.worker, tc.op)
			after := readState(t, s, "m")
			if !errors.Is(err, ErrNotApplied) || errors.Is(err, loyalty.ErrVersionConflict) {
				t.Fatalf("error %v, want one wrapping ErrNotApplied (and not loyalty.ErrVersionConflict)", err)
			}
			t.Logf("%s: %v", engine, err)
			if after != before {
				t.Fatalf("the commit was not applied, but the ledger went from %+v to %+v", before, after)
			}
			if res, err = tc.op(); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if again := readState(t, s, "m"); again.version != before.version+1 || again.records != before.records+1 {
				t.Errorf("after the retry the ledger went from %+v to %+v", before, again)
			}
			replay, err := tc.op()
			if err != nil || describeResult(replay) != describeResult(res) {
				t.Errorf("repeated: %s, %v; want %s", describeResult(replay), err, describeResult(res))
			}
		})
	}
	// The pool replaced the dead connections.
	if _, err := l.Accrue(ctx, loyalty.Transaction{ID: "a9", Member: "m", Amount: eurCents(1000)}, at); err != nil {
		t.Fatal(err)
	}
}

// killDuring runs op while a second connection holds the lock that lock
// takes, terminates the backend op's commit waits in, releases the lock
// and returns what op returned.
func killDuring(t *testing.T, lock string, worker bool, op func() (loyalty.Result, error)) (loyalty.Result, error) {
	t.Helper()
	blocker, err := testDB.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer blocker.Rollback(ctx)
	if _, err := blocker.Exec(ctx, lock); err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		res loyalty.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := op()
		done <- outcome{res, err}
	}()
	// Wait until the commit waits for the lock, then terminate it.
	// The client's backend: on Citus, the coordinator's. The worker's: the
	// backend on the worker that runs the commit's statements on the
	// member's shards for the coordinator.
	find := `SELECT 0, pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`
	if engine == "citus" {
		find = `SELECT 0, pid FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'
			AND query LIKE '%loyalty_commit%' AND EXISTS (SELECT FROM citus_lock_waits)`
		if worker {
			find = `SELECT nodeid, pid FROM citus_stat_activity WHERE $1 <> '' AND is_worker_query
				AND wait_event_type = 'Lock' AND query LIKE '%loyalty_%'`
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var node, pid int
		err := testDB.QueryRow(ctx, find, victim).Scan(&node, &pid)
		if err == nil {
			terminate(t, node, pid)
			break
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		select {
		case o := <-done:
			t.Fatalf("the operation ended before it could be killed: %v, %v", describeResult(o.res), o.err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("no backend waiting for the lock after 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := blocker.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	o := <-done
	return o.res, o.err
}

// terminate terminates backend pid, of this node (0) or of the Citus node
// with that ID, from a connection of its own.
func terminate(t *testing.T, node, pid int) {
	t.Helper()
	cfg, err := pgx.ParseConfig(os.Getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	if node != 0 {
		var host string
		var port uint16
		if err := testDB.QueryRow(ctx, `SELECT nodename, nodeport FROM pg_dist_node WHERE nodeid = $1`, node).Scan(&host, &port); err != nil {
			t.Fatal(err)
		}
		cfg.Host, cfg.Port = host, port
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_terminate_backend($1::integer)`, pid).Scan(&ok); err != nil || !ok {
		t.Fatalf("terminating backend %d on %s:%d: %v, %v", pid, cfg.Host, cfg.Port, ok, err)
	}
	t.Logf("terminated backend %d on %s:%d", pid, cfg.Host, cfg.Port)
}

// TestResolve checks how Commit settles a commit whose reply was lost,
// with the situations a lost reply leaves, made by hand: the head written
// with the commit's token (applied), with another's (not applied), moved on
// further (unknown), and never written (not applied).
func TestResolve(t *testing.T) {
	s := emptyStore(t, needDB(t))
	k := loyalty.Key{Program: "p", Member: "m"}
	c := loyalty.Commit{Key: k, Version: 0, Head: loyalty.Head{NextLot: 1}}
	if err := s.commit(ctx, &c, nil, 42); err != nil {
		t.Fatal(err)
	}
	lost := errors.New("reply lost")
	for _, tc := range []struct {
		name    string
		c       loyalty.Commit
		token   int64
		want    []error // errors.Is targets; none: nil
		notWant error
	}{
		{"the head carries the commit's token: applied", c, 42, nil, nil},
		{"the head carries another commit's token: not applied", c, 7, []error{ErrNotApplied, lost}, loyalty.ErrVersionConflict},
		{"the ledger was never written: not applied", loyalty.Commit{Key: loyalty.Key{Program: "p", Member: "x"}}, 42,
			[]error{ErrNotApplied, lost}, nil},
	} {
		err := s.resolve(ctx, &tc.c, tc.token, lost)
		for _, w := range tc.want {
			if !errors.Is(err, w) {
				t.Errorf("%s: %v, want it to wrap %v", tc.name, err, w)
			}
		}
		if (len(tc.want) == 0) != (err == nil) || (tc.notWant != nil && errors.Is(err, tc.notWant)) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if err := s.Commit(ctx, loyalty.Commit{Key: k, Version: 1}); err != nil {
		t.Fatal(err)
	}
	err := s.resolve(ctx, &c, 42, lost)
	if !errors.Is(err, ErrUnknownOutcome) || !errors.Is(err, loyalty.ErrVersionConflict) || !errors.Is(err, lost) {
		t.Errorf("the ledger moved on since: %v, want ErrUnknownOutcome and loyalty.ErrVersionConflict", err)
	}
}
