package loyalty_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

// network builds the seed's programs over one store: the operator's two
// (the 5 % booking rule, a welcome bonus), the program of the partner that
// sells SIMs (hotelhub), a bank's for holders of its card, a corporate
// client's for its staff, and a competitor's. The ledgers are given to
// NewRouter out of the order the rule puts them in.
func network(t *testing.T, s loyalty.Store) (*loyalty.Router, map[string]*loyalty.Ledger) {
	t.Helper()
	specs := []loyalty.Spec{
		{ID: "mtsbank-card", Partner: "mtsbank", Rules: []loyalty.Rule{{ID: "card-8pct", Kind: loyalty.Percentage, Percent: dec("8")}},
			Enrol: []loyalty.Enrolment{{ID: "cardholders", Fact: "card", Values: []string{"mts-bank-visa", "mts-bank-mir"}}}},
		{ID: "tripmate-club", Partner: "tripmate", Rules: []loyalty.Rule{{ID: "rival-10pct", Kind: loyalty.Percentage, Percent: dec("10")}}},
		{ID: "comfortway", Rules: []loyalty.Rule{bookingRule()}},
		{ID: "acme-staff", Partner: "acme", Rules: []loyalty.Rule{{ID: "staff", Kind: loyalty.FixedBonus, Amount: eur("1")}},
			Enrol: []loyalty.Enrolment{{ID: "staff", Fact: "employer", Values: []string{"acme"}}}},
		{ID: "hotelhub-club", Partner: "hotelhub", Rules: []loyalty.Rule{{ID: "repeat", Kind: loyalty.FixedBonus, Amount: eur("2"),
			When: loyalty.Condition{History: loyalty.History{From: 2, SamePartner: true}}}}},
		{ID: "welcome", Rules: []loyalty.Rule{{ID: "welcome", Kind: loyalty.FixedBonus, Amount: eur("3"), When: loyalty.Condition{FirstPurchase: true}}}},
	}
	ledgers := map[string]*loyalty.Ledger{}
	var list []*loyalty.Ledger
	for _, spec := range specs {
		l, err := loyalty.NewLedger(mustProgram(t, spec), s)
		if err != nil {
			t.Fatal(err)
		}
		ledgers[spec.ID] = l
		list = append(list, l)
	}
	r, err := loyalty.NewRouter(s, list...)
	if err != nil {
		t.Fatal(err)
	}
	return r, ledgers
}

func describeRoutes(rs []loyalty.Route) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Program+" "+r.Admission.String())
	}
	return out
}

// TestRouterRoutes: which programs a transaction accrues in, and in what
// order — the operator's programs, then the member's own partner's, then
// those that enrol it by rule, each group in the order given to
// NewRouter; a competitor's program that does not enrol the member is
// skipped.
func TestRouterRoutes(t *testing.T) {
	s := memstore.New()
	r, _ := network(t, s)
	for sim, partner := range map[string]string{"sim-hotelhub": "hotelhub", "sim-tripmate": "tripmate", "sim-mtsbank": "mtsbank"} {
		if err := loyalty.AttributeToPartner(ctx, s, sim, partner); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name  string
		sim   string
		facts map[string]string
		want  []string
	}{
		{"a SIM sold by hotelhub, no facts", "sim-hotelhub", nil,
			[]string{"comfortway open", "welcome open", "hotelhub-club own-member"}},
		{"a SIM sold by hotelhub, its holder has the bank's card: enrolled, still hotelhub's", "sim-hotelhub",
			map[string]string{"card": "mts-bank-visa"},
			[]string{"comfortway open", "welcome open", "hotelhub-club own-member", "mtsbank-card enrolled"}},
		{"an unattributed SIM of a corporate client's employee who holds the bank's card", "sim-direct",
			map[string]string{"employer": "acme", "card": "mts-bank-mir"},
			[]string{"comfortway open", "welcome open", "mtsbank-card enrolled", "acme-staff enrolled"}},
		{"a SIM the bank sold: the bank's own member, whatever its facts", "sim-mtsbank", map[string]string{"card": "other-bank"},
			[]string{"comfortway open", "welcome open", "mtsbank-card own-member"}},
		{"a fact with a value no rule admits", "sim-direct", map[string]string{"card": "other-bank", "employer": "globex"},
			[]string{"comfortway open", "welcome open"}},
		{"the competitor's SIM: its own program; hotelhub's is skipped", "sim-tripmate", nil,
			[]string{"comfortway open", "welcome open", "tripmate-club own-member"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			routes, err := r.Routes(ctx, loyalty.Transaction{ID: "b1", Member: tt.sim, Amount: eur("100"), MemberFacts: tt.facts})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, describeRoutes(routes)); diff != "" {
				t.Errorf("Routes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRouterAccrue accrues a hotelhub SIM's purchases in every program the
// rule names; the bank's enrolment leaves the SIM hotelhub's, and a
// partner's program asked directly refuses a member it does not admit.
func TestRouterAccrue(t *testing.T) {
	s := memstore.New()
	r, ledgers := network(t, s)
	if err := loyalty.AttributeToPartner(ctx, s, "sim1", "hotelhub"); err != nil {
		t.Fatal(err)
	}
	card := map[string]string{"card": "mts-bank-visa"}
	describe := func(as []loyalty.Accrual) []string {
		var out []string
		for _, a := range as {
			out = append(out, fmt.Sprintf("%s %s", a.Program, a.Result.Bonus))
		}
		return out
	}
	for _, tt := range []struct {
		id   string
		want []string
	}{
		{"b1", []string{"comfortway 5.00 EUR", "welcome 3.00 EUR", "hotelhub-club 0.00 EUR", "mtsbank-card 8.00 EUR"}},
		{"b2", []string{"comfortway 5.00 EUR", "welcome 0.00 EUR", "hotelhub-club 2.00 EUR", "mtsbank-card 8.00 EUR"}},
	} {
		tx := loyalty.Transaction{ID: tt.id, Member: "sim1", Amount: eur("100"), Category: "hotel", Partner: "hotelhub", MemberFacts: card}
		for range 2 { // the second call replays in every program
			got, err := r.Accrue(ctx, tx, t0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, describe(got)); diff != "" {
				t.Errorf("%s: Accrue (-want +got):\n%s", tt.id, diff)
			}
		}
	}
	if owner, _ := s.Partner(ctx, "sim1"); owner != "hotelhub" {
		t.Errorf("after accruing in the bank's program the SIM belongs to %q, want hotelhub", owner)
	}
	_, err := ledgers["mtsbank-card"].Accrue(ctx, loyalty.Transaction{ID: "b3", Member: "sim1", Amount: eur("100")}, t0)
	var me *loyalty.MembershipError
	if !errors.As(err, &me) || me.Owner != "hotelhub" || me.Partner != "mtsbank" {
		t.Errorf("the bank's program without the card fact: error %v, want a *MembershipError naming hotelhub and mtsbank", err)
	}
}

// failOnce fails the first Commit of one program with err.
type failOnce struct {
	loyalty.Store
	program string
	err     error
	failed  bool
}

func (f *failOnce) Commit(ctx context.Context, c loyalty.Commit) error {
	if c.Key.Program == f.program && !f.failed {
		f.failed = true
		return f.err
	}
	return f.Store.Commit(ctx, c)
}

// TestRouterStopsAtAFailure: Accrue stops at the first program that fails,
// returns what the programs before it accrued, and a retry with the same
// transaction replays those and accrues in the rest, once each.
func TestRouterStopsAtAFailure(t *testing.T) {
	broken := errors.New("disk full")
	s := &failOnce{Store: memstore.New(), program: "hotelhub-club", err: broken}
	r, ledgers := network(t, s)
	if err := loyalty.AttributeToPartner(ctx, s, "sim1", "hotelhub"); err != nil {
		t.Fatal(err)
	}
	tx := loyalty.Transaction{ID: "b1", Member: "sim1", Amount: eur("100"), Partner: "hotelhub"}
	got, err := r.Accrue(ctx, tx, t0)
	if !errors.Is(err, broken) || len(got) != 2 || got[1].Program != "welcome" {
		t.Fatalf("Accrue with hotelhub's commit failing: %+v, %v; want the two operator programs and the error", got, err)
	}
	got, err = r.Accrue(ctx, tx, t0)
	if err != nil || len(got) != 3 {
		t.Fatalf("retry: %+v, %v", got, err)
	}
	for id, l := range ledgers {
		es, _ := l.Statement(ctx, "sim1")
		if want := map[string]int{"comfortway": 1, "welcome": 1}[id]; len(es) != want {
			t.Errorf("program %s: %d entries, want %d", id, len(es), want)
		}
	}
}

func TestRouterZeroValues(t *testing.T) {
	for name, r := range map[string]*loyalty.Router{"nil": nil, "zero": {}} {
		if _, err := r.Routes(ctx, loyalty.Transaction{Member: "m"}); !errors.Is(err, loyalty.ErrNoLedger) {
			t.Errorf("%s Router: Routes error %v, want ErrNoLedger", name, err)
		}
		if _, err := r.Accrue(ctx, loyalty.Transaction{Member: "m"}, t0); !errors.Is(err, loyalty.ErrNoLedger) {
			t.Errorf("%s Router: Accrue error %v, want ErrNoLedger", name, err)
		}
	}
	l, store := newLedger(t, loyalty.Spec{})
	for _, tt := range []struct {
		name    string
		attr    loyalty.AttributionStore
		ledgers []*loyalty.Ledger
		wantErr error
	}{
		{"nil attribution store", nil, []*loyalty.Ledger{l}, loyalty.ErrNoStore},
		{"nil ledger", store, []*loyalty.Ledger{l, nil}, loyalty.ErrNoLedger},
		{"zero ledger", store, []*loyalty.Ledger{{}}, loyalty.ErrNoLedger},
		{"a program twice", store, []*loyalty.Ledger{l, l}, loyalty.ErrInvalidRequest},
	} {
		if r, err := loyalty.NewRouter(tt.attr, tt.ledgers...); r != nil || !errors.Is(err, tt.wantErr) || !errors.Is(err, loyalty.ErrInvalidRequest) {
			t.Errorf("NewRouter with %s: %v, %v; want nil and %v", tt.name, r, err, tt.wantErr)
		}
	}
	r, _ := loyalty.NewRouter(store, l)
	if _, err := r.Routes(ctx, loyalty.Transaction{}); !errors.Is(err, loyalty.ErrInvalidRequest) {
		t.Errorf("Routes without a member: error %v, want ErrInvalidRequest", err)
	}
	var noCtx context.Context
	if _, err := r.Routes(noCtx, loyalty.Transaction{Member: "m"}); !errors.Is(err, loyalty.ErrInvalidRequest) {
		t.Errorf("Routes with a nil ctx: error %v, want ErrInvalidRequest", err)
	}
}

func TestEnrolmentValidation(t *testing.T) {
	for _, tt := range []struct {
		name string
		spec loyalty.Spec
		want []string
	}{
		{"enrolment in the operator's program", loyalty.Spec{Enrol: []loyalty.Enrolment{{ID: "e", Fact: "card", Values: []string{"x"}}}},
			[]string{"enrol unused_field"}},
		{"missing parts and duplicates", loyalty.Spec{Partner: "bank", Enrol: []loyalty.Enrolment{
			{ID: "e", Fact: "card", Values: []string{"x", "x", ""}}, {ID: "e"}, {}}},
			[]string{"enrol[0].values[1] duplicate_id", "enrol[0].values[2] required", "enrol[1].id duplicate_id",
				"enrol[1].fact required", "enrol[1].values required", "enrol[2].id invalid_id", "enrol[2].fact required", "enrol[2].values required"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.ID, tt.spec.Currency = "p", pricing.EUR
			_, err := loyalty.NewProgram(tt.spec)
			if diff := cmp.Diff(tt.want, problems(t, err, loyalty.ErrInvalidProgram)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
	if got := loyalty.Admission(9).String(); got != "Admission(9)" {
		t.Errorf("Admission(9).String() = %q", got)
	}
	var nilProg *loyalty.Program
	if nilProg.Admits("", nil) {
		t.Error("a nil Program admits a member")
	}
}
