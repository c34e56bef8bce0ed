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
	cfg.fi = uint32(layerSize * nl)
	cfg.fw = cfg.fi + uint32(fIndexSize*len(s.fTouch))
	cfg.ai = cfg.fw + uint32(4*nfw)
	cfg.aw = cfg.ai + uint32(aIndexSize*len(s.aTouch))
	cfg.av = cfg.aw + uint32(4*naw)
	n := int(cfg.av) + len(r.attrs) // at most every attribute defined
	s.out = slices.Grow(s.out[:0], n)[:n]
	setLayer(s.out, 0, uint32(mi), 1)
	bigs := false // some layer's quantity is big
	for i, ao := range s.active {
		bigs = setLayer(s.out, i+1, uint32(ao.p), ao.qty) || bigs
	}
	if hasAccount {
		setLayer(s.out, nl-1, accountLayer, 1)
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
	na := writeAttrs(s.aTouch, s.aw, s.sw, s.out[cfg.ai:cfg.aw], s.out[cfg.aw:cfg.av], s.out[cfg.av:])
	writeFeatures(s.fTouch, s.en, r.defaultOn, s.out[cfg.fi:cfg.fw], s.out[cfg.fw:cfg.ai])
	cfg.wv = cfg.av + uint32(na)
	out := s.out[:cfg.wv]
	if s.tooWide {
		nw := widen(out, cfg.ai, cfg.aw, cfg.av, s.st, s.wide)
		for _, e := range s.wide[:nw] {
			out = append(out, uint16(e), uint16(e>>16))
		}
	}
	if bigs {
		for _, ao := range s.active {
			if ao.qty >= bigQty {
				q := uint64(ao.qty)
				out = append(out, uint16(q), uint16(q>>16), uint16(q>>32), uint16(q>>48))
			}
		}
	}
	s.out = out
	cfg.d = append([]uint16(nil), out...)
	return cfg
}

// setLayer writes layer l in the block's form (see Config.layerAt, which
// reads it), reporting whether its quantity is big: writeResult writes
// those at the block's end. Against four units for every quantity, the
// smaller block makes BenchmarkResolve_10AddOns 1.05× faster.
func setLayer(d []uint16, l int, p uint32, qty int) (big bool) {
	e := d[layerSize*l : layerSize*l+layerSize]
	put32(e, 0, p)
	e[2] = uint16(min(qty, bigQty))
	return qty >= bigQty
}

// writeAttrs writes out the attribute index (from aTouch), the words of aw
// with a bit set, and the low 16 bits of their attributes' stage
// encodings, in index order, returning how many (widen sees to those that
// do not fit 16 bits). It leaves aTouch, aw and the entries' sums clear.
// Against 32-bit entries, the smaller block makes BenchmarkResolve_10AddOns
// 1.2× faster.
func writeAttrs(aTouch []uint64, aw []aword, sw []*[64]stage, idx, words, av []uint16) int {
	j, k := 0, 0 // the next word, the next attribute
	for t, tw := range aTouch {
		rec := idx[aIndexSize*t : aIndexSize*t+aIndexSize]
		put64(rec, 0, tw)
		put32(rec, 4, uint32(j))
		put32(rec, 6, uint32(k))
		put32(rec, 8, 0) // no wide entries, unless widen finds some
		for ; tw != 0; tw &= tw - 1 {
			w := t<<6 + bits.TrailingZeros64(tw)
			seen := aw[w].seen
			aw[w] = aword{}
			put64(words, 4*j, seen)
			j++
			ws := sw[w]
			_ = ws[0] // the nil check, out of the loop (TestCompilerClaims): 1.05× faster
			for ; seen != 0; seen &= seen - 1 {
				e := &ws[bits.TrailingZeros64(seen)&63]
				av[k] = uint16(e.enc)
				e.acc = 0
				k++
			}
		}
		aTouch[t] = 0
	}
	return k
}

// widen finds, in the attribute part of block b (with offsets as in
// Config), the entries whose stage encoding does not fit 16 bits, lists
// the encodings in wide and points their entries there, counting from
// their group's first (whose count it records in the group's index record),
// returning how many it listed. The stage encodings outlast writeAttrs.
func widen(b []uint16, ai, aw, av uint32, st []stage, wide []uint32) int {
	nw, k := 0, av
	at := aw // the next word's record
	for g := uint32(0); ai+g*aIndexSize < aw; g++ {
		rec := ai + g*aIndexSize
		put32(b, int(rec+8), uint32(nw))
		base := nw
		for words := get64(b, rec); words != 0; words &= words - 1 {
			w := g<<6 + uint32(bits.TrailingZeros64(words))
			for seen := get64(b, at); seen != 0; seen &= seen - 1 {
				if v := uint32(st[w<<6+uint32(bits.TrailingZeros64(seen))].enc); !narrow(v) {
					wide[nw] = v
					b[k] = uint16((nw-base)<<2 | howWide)
					nw++
				}
				k++
			}
			at += 4
		}
	}
	return nw
}

// writeFeatures writes out the feature index (from fTouch) and the words of
// en it lists, and restores those to the defaults. It leaves fTouch clear.
func writeFeatures(fTouch, en, defaultOn []uint64, idx, words []uint16) {
	defaultOn = defaultOn[:len(en)]
	i := 0
	for t, tw := range fTouch {
		rec := idx[fIndexSize*t : fIndexSize*t+fIndexSize]
		put64(rec, 0, tw)
		put32(rec, 4, uint32(i))
		for ; tw != 0; tw &= tw - 1 {
			w := t<<6 + bits.TrailingZeros64(tw)
			put64(words, 4*i, en[w])
			en[w] = defaultOn[w]
			i++
		}
		fTouch[t] = 0
	}
}
