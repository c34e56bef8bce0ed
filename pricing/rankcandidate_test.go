package pricing_test

import (
	"errors"
	"testing"

	"github.com/tariffkit/tariff/entitlement"
	"github.com/tariffkit/tariff/pricing"
)

// TestRankUpgradesRefusesForeignCandidates: a candidate that is not one of
// the account's — of an unknown kind (the zero Candidate), naming no
// product, or for another account — is refused, never priced as if it
// were a change.
func TestRankUpgradesRefusesForeignCandidates(t *testing.T) {
	r := telco(t)
	john := entitlement.Account{ID: "john", Main: "basic_call"}
	good, err := r.UpgradeCandidates(john, day(11), "sms_included", d("100"))
	if err != nil || len(good) == 0 {
		t.Fatalf("candidates: %v, %v", good, err)
	}
	with := func(f func(c *entitlement.Candidate)) entitlement.Candidate {
		c := good[0]
		f(&c)
		return c
	}
	tests := []struct {
		name    string
		cand    entitlement.Candidate
		wantErr error
	}{
		{"a candidate of the account: priced", good[0], nil},
		{"zero Candidate: invalid", entitlement.Candidate{}, pricing.ErrInvalidQuote},
		{"unknown kind: invalid", with(func(c *entitlement.Candidate) { c.Kind = entitlement.CandidateKind(9) }), pricing.ErrInvalidQuote},
		{"no product: invalid", with(func(c *entitlement.Candidate) { c.Product = "" }), pricing.ErrInvalidQuote},
		{"another account's: invalid", with(func(c *entitlement.Candidate) { c.Account.ID = "jane" }), pricing.ErrInvalidQuote},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			offers, err := pricing.RankUpgrades(telcoQuoteBook(), john, []entitlement.Candidate{good[0], tt.cand}, nov, day(11))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil && offers != nil {
				t.Errorf("offers %v beside an error", offers)
			}
		})
	}
}
