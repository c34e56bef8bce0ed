package entitlement

import (
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// writeResult writes the result of the layers applied to s into a Config:
// main product mi, the active add-ons and the account's settings, at at,
// with extra the values combine left beside the entries. banded says a
// band rule was evaluated.
//
// The result is written to s.out, its size known only at the end, and then
// copied into its own block: the allocation is not cleared first.
func (r *Resolver) writeResult(s *scratch, a *Account, mi int32, at time.Time, banded bool, extra []catalog.Value) Config {
	hasAccount := len(a.States) > 0 || len(a.Values) > 0
	nl := 1 + len(s.active)
	if hasAccount {
		nl++
	}
	nfw, naw := 0, 0
	for _, t := range s.fTouch {
		nfw += bits.OnesCount64(t)
	}
	for _, t := range s.aTouch {
		naw += bits.OnesCount64(t)
	}
	cfg := Config{r: r, at: at, extra: extra}
	var b block
	n := b.layout(nl, len(s.fTouch), nfw, len(s.aTouch), naw) + len(r.attrs) // at most every attribute defined
	s.out = slices.Grow(s.out[:0], n)[:n]
	b.d = s.out
	b.setLayer(0, uint32(mi), 1)
	bigs := false // some layer's quantity is big
	for i, ao := range s.active {
		bigs = b.setLayer(i+1, uint32(ao.p), ao.qty) || bigs
	}
	if hasAccount {
		b.setLayer(nl-1, accountLayer, 1)
		cfg.states = append([]StateSetting(nil), a.States...)
		cfg.values = append([]catalog.AttributeValue(nil), a.Values...)
	}
	if banded {
		// Provenance re-evaluates band rules on reading: keep the facts.
		cfg.facts = make(map[string]decimal.Decimal, len(a.Facts))
		for k, v := range a.Facts {
			cfg.facts[k] = v
		}
	}
	b.writeAttrs(s.aTouch, s.aw, s.sw)
	b.writeFeatures(s.fTouch, s.en, r.defaultOn)
	if s.tooWide {
		b.widen(s.st, s.wide)
	}
	if bigs {
		for _, ao := range s.active {
			if ao.qty >= bigQty {
				b.appendBigQty(ao.qty)
			}
		}
	}
	s.out = b.d
	cfg.b = b.clone()
	return cfg
}
