package entitlement_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/entitlement/entitlementtest"
)

// days returns t0 moved by n days.
func days(n int) time.Time { return t0.AddDate(0, 0, n) }

// history returns an account with main product main from (zero: since
// always), changed to each of changes in turn: product, instant, product,
// instant, ... (products as strings, instants as time.Time).
func history(main string, from time.Time, changes ...any) entitlement.Account {
	a := entitlement.Account{ID: "acct-1", Main: main, MainFrom: from}
	for i := 0; i < len(changes); i += 2 {
		a.PastMains = append(a.PastMains, entitlement.MainPeriod{Product: a.Main, From: a.MainFrom})
		a.Main, a.MainFrom = changes[i].(string), changes[i+1].(time.Time)
	}
	return a
}

// mainLayer returns the product of cfg's main-product layer.
func mainLayer(cfg entitlement.Config) string {
	for _, l := range cfg.Layers() {
		if l.Kind == entitlement.LayerMain {
			return l.Product
		}
	}
	return ""
}

func TestResolveUsesTheMainProductInForce(t *testing.T) {
	// basic_call from the activation 10 days before t0, smart_call_plan
	// from t0.
	changed := history("basic_call", days(-10), "smart_call_plan", t0)
	tests := []struct {
		name     string
		acct     entitlement.Account
		at       time.Time
		wantMain string
		wantErr  error
	}{
		{"before the change: the old product", changed, t0.Add(-time.Nanosecond), "basic_call", nil},
		{"at the exact instant of the change: the new product", changed, t0, "smart_call_plan", nil},
		{"after the change: the new product", changed, days(30), "smart_call_plan", nil},
		{"at the activation: the first product", changed, days(-10), "basic_call", nil},
		{"before the activation: inactive", changed, days(-10).Add(-time.Nanosecond), "", entitlement.ErrInactive},
		{"no history, activation set, before it: inactive", history("basic_call", t0), days(-1), "", entitlement.ErrInactive},
		{"no history, activation set, at it: active", history("basic_call", t0), t0, "basic_call", nil},
		{"no history, no activation: active at any instant", history("basic_call", time.Time{}), time.Time{}, "basic_call", nil},
		{"first period since always: active at any earlier instant", history("basic_call", time.Time{}, "smart_call_plan", t0), days(-9999), "basic_call", nil},
		{"three periods, in the middle one", history("basic_call", time.Time{}, "smart_call_plan", t0, "easy_call", days(10)), days(9), "smart_call_plan", nil},
		{"three periods, in the last one", history("basic_call", time.Time{}, "smart_call_plan", t0, "easy_call", days(10)), days(10), "easy_call", nil},
		{"unknown past product, not in force: not looked up", history("gold", time.Time{}, "basic_call", t0), t0, "basic_call", nil},
		{"unknown past product, in force: unknown", history("gold", time.Time{}, "basic_call", t0), days(-1), "", entitlement.ErrUnknown},
		{"add-on as past main product, in force: not a main product", history("easy_sms", time.Time{}, "basic_call", t0), days(-1), "", entitlement.ErrNotMain},
		{"unknown latest product, not yet in force: not looked up", history("basic_call", time.Time{}, "gold", t0), days(-1), "basic_call", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := fixtureResolver.Resolve(tt.acct, tt.at)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && mainLayer(cfg) != tt.wantMain {
				t.Errorf("main layer = %q, want %q", mainLayer(cfg), tt.wantMain)
			}
		})
	}
}

func TestInactiveErrorNamesTheAccountAndInstants(t *testing.T) {
	_, err := fixtureResolver.Resolve(history("basic_call", t0, "smart_call_plan", days(5)), days(-1))
	var ie *entitlement.InactiveError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an *InactiveError", err)
	}
	want := &entitlement.InactiveError{Account: "acct-1", At: days(-1), Activated: t0}
	if diff := cmp.Diff(want, ie); diff != "" {
		t.Errorf("InactiveError (-want +got):\n%s", diff)
	}
}

func TestAddOnsAreCheckedAgainstTheMainProductInForce(t *testing.T) {
	// group25_a is allowed with smart_call_plan only, budget_pack with
	// basic_call only.
	tests := []struct {
		name    string
		addOn   string
		at      time.Time
		wantErr error
		want    *entitlement.NotAllowedError // when wantErr is ErrNotAllowed
	}{
		{"smart-only add-on before the change to smart: not allowed", "group25_a", days(-1), entitlement.ErrNotAllowed,
			&entitlement.NotAllowedError{AddOn: "group25_a", Main: "basic_call"}},
		{"smart-only add-on from the change to smart: allowed", "group25_a", t0, nil, nil},
		{"basic-only add-on before the change: allowed", "budget_pack", days(-1), nil, nil},
		{"basic-only add-on from the change: not allowed", "budget_pack", t0, entitlement.ErrNotAllowed,
			&entitlement.NotAllowedError{AddOn: "budget_pack", Main: "smart_call_plan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := history("basic_call", time.Time{}, "smart_call_plan", t0)
			a.AddOns = []entitlement.Assignment{{AddOn: tt.addOn}}
			_, err := fixtureResolver.Resolve(a, tt.at)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.want != nil {
				var got *entitlement.NotAllowedError
				errors.As(err, &got)
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("NotAllowedError (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestMalformedHistoryIsRefused(t *testing.T) {
	p := func(product string, from time.Time) entitlement.MainPeriod {
		return entitlement.MainPeriod{Product: product, From: from}
	}
	tests := []struct {
		name      string
		mainFrom  time.Time
		past      []entitlement.MainPeriod
		wantErr   error
		wantIndex int // when wantErr is set
	}{
		{"well formed: first from zero, rising to main_from", days(10), []entitlement.MainPeriod{p("basic_call", time.Time{}), p("easy_call", t0)}, nil, 0},
		{"well formed: first from set", days(10), []entitlement.MainPeriod{p("basic_call", days(-5)), p("easy_call", t0)}, nil, 0},
		{"past periods with a zero main_from: refused", time.Time{}, []entitlement.MainPeriod{p("basic_call", time.Time{})}, entitlement.ErrInvalidHistory, 1},
		{"zero from other than the first: refused", days(10), []entitlement.MainPeriod{p("basic_call", days(-5)), p("easy_call", time.Time{})}, entitlement.ErrInvalidHistory, 1},
		{"froms equal: refused", days(10), []entitlement.MainPeriod{p("basic_call", t0), p("easy_call", t0)}, entitlement.ErrInvalidHistory, 1},
		{"froms falling: refused", days(10), []entitlement.MainPeriod{p("basic_call", t0), p("easy_call", days(-1))}, entitlement.ErrInvalidHistory, 1},
		{"main_from equal to the last past from: refused", t0, []entitlement.MainPeriod{p("basic_call", time.Time{}), p("easy_call", t0)}, entitlement.ErrInvalidHistory, 2},
		{"main_from before the last past from: refused", days(-1), []entitlement.MainPeriod{p("basic_call", time.Time{}), p("easy_call", t0)}, entitlement.ErrInvalidHistory, 2},
		{"empty product ID in the past: refused", days(10), []entitlement.MainPeriod{p("basic_call", time.Time{}), p("", t0)}, entitlement.ErrInvalidHistory, 1},
		{"empty product ID first: refused", days(10), []entitlement.MainPeriod{p("", time.Time{})}, entitlement.ErrInvalidHistory, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := entitlement.Account{ID: "acct-1", Main: "smart_call_plan", MainFrom: tt.mainFrom, PastMains: tt.past}
			// Refused at every instant, before the activation included.
			for _, at := range []time.Time{days(-100), t0, days(100)} {
				_, err := fixtureResolver.Resolve(a, at)
				if tt.wantErr == nil {
					if errors.Is(err, entitlement.ErrInvalidHistory) {
						t.Fatalf("at %v: err = %v, want a valid history", at, err)
					}
					continue
				}
				var he *entitlement.HistoryError
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &he) {
					t.Fatalf("at %v: err = %v, want a *HistoryError", at, err)
				}
				if he.Index != tt.wantIndex || he.Account != "acct-1" || he.Reason == "" {
					t.Errorf("at %v: %+v, want Index %d, Account acct-1, a reason", at, he, tt.wantIndex)
				}
			}
		})
	}
}

// mainCall is one ChangeMain call of propHistory.
type mainCall struct {
	at   time.Time
	main string
}

// modelMain is the main product the calls leave in force at t, by the
// definition: each call puts its product in force from its instant on,
// whatever earlier calls did there.
func modelMain(initial string, calls []mainCall, t time.Time) string {
	m := initial
	for _, c := range calls {
		if !t.Before(c.at) {
			m = c.main
		}
	}
	return m
}

// Law: for an account whose history successive ChangeMain calls built
// (mostly at rising instants, now and then at the same instant or an
// earlier one), MainAt follows the model; before the activation Resolve
// fails with ErrInactive; at any instant from the activation on it equals Resolve of the single-main account {Main: MainAt(t)}
// with the same add-ons, and the oracle agrees; a change leaves every
// instant before it as it was; MainChange.From is the product the change
// replaced.
func propHistory(t *rapid.T) {
	w := drawWorld(t)
	a := entitlementtest.Accounts(w.c, entitlementtest.Options{}).Draw(t, "account")
	if rapid.Bool().Draw(t, "activation instant") {
		a.MainFrom = t0
	}
	initial, mains := a.Main, w.c.MainProductIDs()
	var calls []mainCall
	hour := 0
	instants := []time.Time{t0, t0.Add(time.Nanosecond), t0.Add(48 * time.Hour)}
	for range rapid.IntRange(1, 5).Draw(t, "changes") {
		switch rapid.IntRange(0, 5).Draw(t, "step") {
		case 0: // the same instant: replaces the period's product
		case 1: // earlier: replaces the changes scheduled after it
			hour = rapid.IntRange(0, hour).Draw(t, "back to")
		default:
			hour += rapid.IntRange(1, 4).Draw(t, "forward")
		}
		at := t0.Add(time.Duration(hour) * time.Hour)
		main := rapid.SampledFrom(mains).Draw(t, "main")
		next, ch, err := w.r.ChangeMain(a, main, at)
		if errors.Is(err, entitlement.ErrInvalidHistory) || errors.Is(err, entitlement.ErrInactive) {
			t.Fatalf("ChangeMain(%s, %v) on a history it built: %v", main, at, err)
		}
		if err != nil {
			continue // the account does not resolve at at, before or after the change
		}
		if want := modelMain(initial, calls, at); ch.From != want {
			t.Fatalf("ChangeMain(%s, %v): From = %q, want %q", main, at, ch.From, want)
		}
		for _, before := range append([]time.Time{at.Add(-time.Nanosecond)}, instants...) {
			if before.Before(at) && !before.Before(a.Activated()) {
				checkSameResolution(t, w, a, next, before)
			}
		}
		calls = append(calls, mainCall{at, main})
		instants = append(instants, at, at.Add(-time.Nanosecond), at.Add(time.Nanosecond))
		a = next
	}
	for _, at := range instants {
		checkOracleAt(t, w, a, at)
		got, ok := a.MainAt(at)
		if at.Before(a.Activated()) {
			if _, err := w.r.Resolve(a, at); ok || !errors.Is(err, entitlement.ErrInactive) {
				t.Fatalf("before the activation, at %v: MainAt %v, Resolve %v; want false, ErrInactive", at, ok, err)
			}
			continue
		}
		if want := modelMain(initial, calls, at); !ok || got != want {
			t.Fatalf("MainAt(%v) = %q, %v; want %q", at, got, ok, want)
		}
		single := a.Clone()
		single.Main, single.MainFrom, single.PastMains = got, time.Time{}, nil
		checkSameResolution(t, w, a, single, at)
	}
}

// checkSameResolution fails unless a and b resolve alike at at: the same
// explanation, or the same error.
func checkSameResolution(t *rapid.T, w world, a, b entitlement.Account, at time.Time) {
	ca, errA := w.r.Resolve(a, at)
	cb, errB := w.r.Resolve(b, at)
	switch {
	case (errA == nil) != (errB == nil):
		t.Fatalf("at %v: %v vs %v", at, errA, errB)
	case errA != nil:
		if errA.Error() != errB.Error() {
			t.Fatalf("at %v: %v vs %v", at, errA, errB)
		}
	case ca.Explain() != cb.Explain():
		t.Fatalf("at %v: configurations differ:\n%s\nvs\n%s", at, ca.Explain(), cb.Explain())
	}
}

func TestHistoryResolvesLikeTheMainInForce(t *testing.T) { rapid.Check(t, propHistory) }

func FuzzHistoryResolvesLikeTheMainInForce(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propHistory)) }
