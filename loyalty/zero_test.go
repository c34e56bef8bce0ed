package loyalty_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/pricing"
)

// ledgerCalls calls every method of a Ledger with a valid request, so
// that only the Ledger itself can be wrong.
func ledgerCalls(l *loyalty.Ledger, c context.Context) map[string]func() error {
	return map[string]func() error{
		"Accrue": func() error {
			_, err := l.Accrue(c, loyalty.Transaction{ID: "t", Member: "m", Amount: eur("100")}, t0)
			return err
		},
		"Redeem": func() error {
			_, err := l.Redeem(c, loyalty.Redemption{ID: "r", Member: "m", Amount: eur("1")}, t0)
			return err
		},
		"Refund": func() error {
			_, err := l.Refund(c, loyalty.Refund{ID: "f", Member: "m", Original: "t", Amount: eur("1")}, t0)
			return err
		},
		"RedeemPromo": func() error {
			_, err := l.RedeemPromo(c, loyalty.PromoRedemption{ID: "p", Member: "m", Code: "C"}, t0)
			return err
		},
		"ConvertIn": func() error {
			_, err := l.ConvertIn(c, loyalty.ConvertIn{ID: "i", Member: "m", Unit: "MB", Quantity: dec("100")}, t0)
			return err
		},
		"ConvertOut": func() error {
			_, err := l.ConvertOut(c, loyalty.ConvertOut{ID: "o", Member: "m", Unit: "MB", Bonus: eur("1")}, t0)
			return err
		},
		"Discount": func() error {
			_, err := l.Discount(c, loyalty.Transaction{Member: "m", Amount: eur("100")}, t0)
			return err
		},
		"RedeemDiscount": func() error {
			_, err := l.RedeemDiscount(c, loyalty.Transaction{ID: "d", Member: "m", Amount: eur("100")}, t0)
			return err
		},
		"Settle": func() error { _, err := l.Settle(c, "m", t0); return err },
		"Balance": func() error {
			_, err := l.Balance(c, "m")
			return err
		},
		"Statement": func() error { _, err := l.Statement(c, "m"); return err },
		"StatementPage": func() error {
			_, _, err := l.StatementPage(c, "m", 0, 10)
			return err
		},
	}
}

func TestZeroAndNilValues(t *testing.T) {
	var zero loyalty.Ledger
	for _, tt := range []struct {
		name    string
		ledger  *loyalty.Ledger
		ctx     context.Context
		wantErr error
	}{
		{"zero Ledger: every method returns ErrNoLedger", &zero, ctx, loyalty.ErrNoLedger},
		{"nil Ledger: every method returns ErrNoLedger", nil, ctx, loyalty.ErrNoLedger},
		{"nil context: every method refuses it", mustLedger(t), nil, loyalty.ErrInvalidRequest},
	} {
		for name, call := range ledgerCalls(tt.ledger, tt.ctx) {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				if err := call(); !errors.Is(err, tt.wantErr) {
					t.Errorf("error %v, want %v", err, tt.wantErr)
				}
			})
		}
	}
	if p := zero.Program(); p != nil {
		t.Errorf("zero Ledger: Program() = %v, want nil", p)
	}
	if p := (*loyalty.Ledger)(nil).Program(); p != nil {
		t.Errorf("nil Ledger: Program() = %v, want nil", p)
	}
}

// callsSpec is a program with the rule, promo code and conversion
// ledgerCalls use.
func callsSpec() loyalty.Spec {
	return loyalty.Spec{Rules: []loyalty.Rule{bookingRule()},
		Promos:      []loyalty.Promo{{Code: "C", ValidFrom: t0, Grant: eur("1")}},
		Conversions: []loyalty.Conversion{{Unit: "MB", ToBonus: dec("0.01"), FromBonus: dec("100")}}}
}

func mustLedger(t *testing.T) *loyalty.Ledger {
	l, _ := newLedger(t, callsSpec())
	return l
}

func TestNewLedgerRefusesMissingParts(t *testing.T) {
	prog := mustProgram(t, loyalty.Spec{})
	for _, tt := range []struct {
		name    string
		prog    *loyalty.Program
		store   loyalty.Store
		wantErr error
	}{
		{"nil program: ErrNoProgram", nil, memstore.New(), loyalty.ErrNoProgram},
		{"zero program, not made by NewProgram: ErrNoProgram", &loyalty.Program{}, memstore.New(), loyalty.ErrNoProgram},
		{"nil store: ErrNoStore", prog, nil, loyalty.ErrNoStore},
		{"both nil: refused", nil, nil, loyalty.ErrInvalidRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, err := loyalty.NewLedger(tt.prog, tt.store)
			if !errors.Is(err, tt.wantErr) || !errors.Is(err, loyalty.ErrInvalidRequest) || l != nil {
				t.Errorf("NewLedger = %v, %v; want nil and an error wrapping %v and ErrInvalidRequest", l, err, tt.wantErr)
			}
		})
	}
}

// A ledger over a typed nil store: the store's ErrNoStore comes back, and
// nothing panics.
func TestLedgerOverNilMemstore(t *testing.T) {
	l, err := loyalty.NewLedger(mustProgram(t, callsSpec()), (*memstore.Store)(nil))
	if err != nil {
		t.Fatal(err)
	}
	for name, call := range ledgerCalls(l, ctx) {
		t.Run(name+" returns ErrNoStore", func(t *testing.T) {
			if err := call(); !errors.Is(err, loyalty.ErrNoStore) {
				t.Errorf("error %v, want ErrNoStore", err)
			}
		})
	}
	if err := loyalty.AttributeToPartner(ctx, (*memstore.Store)(nil), "m", "p"); !errors.Is(err, loyalty.ErrNoStore) {
		t.Errorf("Attribute over a nil memstore: error %v, want ErrNoStore", err)
	}
}

func TestNilAndZeroProgram(t *testing.T) {
	for _, tt := range []struct {
		name string
		prog *loyalty.Program
	}{
		{"nil Program", nil},
		{"zero Program", &loyalty.Program{}},
	} {
		t.Run(tt.name+": accessors return zero values, Evaluate returns ErrNoProgram", func(t *testing.T) {
			p := tt.prog
			if p.ID() != "" || p.Partner() != "" || !p.Currency().IsZero() {
				t.Errorf("ID, Partner, Currency = %q, %q, %v; want zero values", p.ID(), p.Partner(), p.Currency())
			}
			if s := p.Spec(); s.ID != "" || len(s.Rules) != 0 {
				t.Errorf("Spec() = %+v, want the zero Spec", s)
			}
			_, err := p.Evaluate(loyalty.Transaction{ID: "t", Member: "m", Amount: eur("1")}, loyalty.Facts{}, t0)
			if !errors.Is(err, loyalty.ErrNoProgram) {
				t.Errorf("Evaluate: error %v, want ErrNoProgram", err)
			}
		})
	}
}

func TestZeroSpecAndValues(t *testing.T) {
	t.Run("zero Spec: NewProgram lists every missing field", func(t *testing.T) {
		_, err := loyalty.NewProgram(loyalty.Spec{})
		var ve *catalog.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, loyalty.ErrInvalidProgram) {
			t.Fatalf("error %v, want a *catalog.ValidationError", err)
		}
		paths := map[string]bool{}
		for _, p := range ve.Problems {
			paths[p.Path] = true
		}
		if !paths["id"] || !paths["currency"] {
			t.Errorf("problems %v, want id and currency", ve.Problems)
		}
	})
	t.Run("zero Balance: Total is zero", func(t *testing.T) {
		if tot := (loyalty.Balance{}).Total(); !tot.IsZero() {
			t.Errorf("Total() = %v", tot)
		}
	})
	t.Run("zero kinds and orders have names", func(t *testing.T) {
		for _, s := range []string{loyalty.EntryKind(0).String(), loyalty.RuleKind(0).String(), loyalty.LotOrder(0).String()} {
			if s == "" {
				t.Error("empty name")
			}
		}
	})
	t.Run("nil store: Attribute returns ErrNoStore", func(t *testing.T) {
		if err := loyalty.AttributeToPartner(ctx, nil, "m", "p"); !errors.Is(err, loyalty.ErrNoStore) {
			t.Errorf("error %v, want ErrNoStore", err)
		}
	})
	t.Run("zero requests: refused, nothing written", func(t *testing.T) {
		l, store := newLedger(t, loyalty.Spec{Rules: []loyalty.Rule{bookingRule()}})
		for name, err := range map[string]error{
			"Accrue":             func() error { _, err := l.Accrue(ctx, loyalty.Transaction{}, t0); return err }(),
			"Redeem":             func() error { _, err := l.Redeem(ctx, loyalty.Redemption{}, t0); return err }(),
			"Refund":             func() error { _, err := l.Refund(ctx, loyalty.Refund{}, t0); return err }(),
			"RedeemPromo":        func() error { _, err := l.RedeemPromo(ctx, loyalty.PromoRedemption{}, t0); return err }(),
			"ConvertIn":          func() error { _, err := l.ConvertIn(ctx, loyalty.ConvertIn{}, t0); return err }(),
			"Settle":             func() error { _, err := l.Settle(ctx, "", t0); return err }(),
			"Balance":            func() error { _, err := l.Balance(ctx, ""); return err }(),
			"Statement":          func() error { _, err := l.Statement(ctx, ""); return err }(),
			"StatementPage":      func() error { _, _, err := l.StatementPage(ctx, "m", -1, 1); return err }(),
			"AttributeToPartner": loyalty.AttributeToPartner(ctx, store, "", ""),
		} {
			if !errors.Is(err, loyalty.ErrInvalidRequest) {
				t.Errorf("%s with zero values: error %v, want ErrInvalidRequest", name, err)
			}
		}
		// ConvertOut with zero values names no known unit.
		if _, err := l.ConvertOut(ctx, loyalty.ConvertOut{ID: "o", Member: "m", Bonus: eur("1")}, t0); !errors.Is(err, loyalty.ErrConversionNotAllowed) {
			t.Errorf("ConvertOut to no unit: error %v", err)
		}
		if st, _, _ := store.Load(ctx, loyalty.Key{Program: "comfort", Member: ""}); st.Version != 0 {
			t.Errorf("a refused request wrote: %+v", st)
		}
	})
	t.Run("zero Money amounts: refused as a currency mismatch", func(t *testing.T) {
		l, _ := newLedger(t, loyalty.Spec{})
		_, err := l.Redeem(ctx, loyalty.Redemption{ID: "r", Member: "m", Amount: pricing.Money{}}, t0)
		if !errors.Is(err, loyalty.ErrInvalidRequest) {
			t.Errorf("error %v, want ErrInvalidRequest", err)
		}
	})
}
