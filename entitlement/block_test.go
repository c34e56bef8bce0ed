package entitlement

import (
	"math/bits"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// blockLayer is a layer as the model holds it.
type blockLayer struct {
	P   uint32
	Qty int
}

// blockEntry is a defined attribute's value as the model holds it.
type blockEntry struct {
	How int
	X   int64
}

// The block's generators: layers (some of them the account's, some with
// big quantities) and entries of every kind, narrow or not.
var (
	genBlockLayer = rapid.Custom(func(t *rapid.T) blockLayer {
		p := rapid.OneOf(rapid.Just(accountLayer), rapid.Uint32Range(0, 1<<20)).Draw(t, "product")
		qty := rapid.OneOf(rapid.IntRange(0, 20), rapid.IntRange(bigQty-2, 1<<40)).Draw(t, "quantity")
		return blockLayer{p, qty}
	})
	genBlockEntry = rapid.Custom(func(t *rapid.T) blockEntry {
		how := rapid.IntRange(howConst, howExtra).Draw(t, "how")
		x := rapid.OneOf(rapid.Int64Range(-maxNarrow, maxNarrow), rapid.Int64Range(-maxSmall, maxSmall)).Draw(t, "x")
		if how != howNum {
			x = max(x, -x) // an index
		}
		return blockEntry{how, x}
	})
)

// propBlockRoundTrip writes random layers, feature words and attribute
// entries through block's writer methods, as writeResult does, and reads
// them back through its reader methods: each reads what was written, and
// the writer leaves its inputs clear.
func propBlockRoundTrip(t *rapid.T) {
	layers := rapid.SliceOfN(genBlockLayer, 1, 14).Draw(t, "layers")
	nfw := rapid.IntRange(1, 140).Draw(t, "feature words")
	naw := rapid.IntRange(1, 140).Draw(t, "attribute words")

	// The model: the enabled-feature bitmap (the defaults outside the
	// touched words) and the defined attributes' entries.
	defaultOn := make([]uint64, nfw)
	on := make([]uint64, nfw)
	touchedF := map[int]bool{}
	for w := range nfw {
		defaultOn[w] = rapid.Uint64().Draw(t, "default word")
		on[w] = defaultOn[w]
		if rapid.IntRange(0, 3).Draw(t, "touch feature word") == 0 {
			touchedF[w] = true
			on[w] = rapid.Uint64().Draw(t, "enabled word")
		}
	}
	entries := map[int32]blockEntry{}
	for w := range naw {
		if rapid.IntRange(0, 3).Draw(t, "touch attribute word") != 0 {
			continue
		}
		for _, b := range rapid.SliceOfNDistinct(rapid.IntRange(0, 63), 1, 64, rapid.ID[int]).Draw(t, "attributes") {
			entries[int32(w<<6+b)] = genBlockEntry.Draw(t, "entry")
		}
	}

	// The writer's inputs, in scratch's form.
	fTouch, en := make([]uint64, (nfw+63)/64), append([]uint64(nil), defaultOn...)
	for w := range touchedF {
		mark(fTouch, int32(w))
		en[w] = on[w]
	}
	aTouch, aw, st := make([]uint64, (naw+63)/64), make([]aword, naw), make([]stage, naw<<6)
	sw := make([]*[64]stage, naw)
	for w := range sw {
		sw[w] = (*[64]stage)(st[w<<6:])
	}
	tooWide := rapid.Bool().Draw(t, "widen anyway")
	for a, e := range entries {
		mark(aTouch, a>>6)
		aw[a>>6].seen |= 1 << (a & 63)
		st[a] = stage{enc: packValue(e.How, e.X), acc: int64(a) + 1}
		tooWide = tooWide || !narrow(uint32(st[a].enc))
	}
	var nfTouched, naTouched int
	for _, t := range fTouch {
		nfTouched += bits.OnesCount64(t)
	}
	for _, t := range aTouch {
		naTouched += bits.OnesCount64(t)
	}

	var w block
	n := w.layout(len(layers), len(fTouch), nfTouched, len(aTouch), naTouched) + len(st)
	w.d = make([]uint16, n)
	bigs := false
	for l, ly := range layers {
		bigs = w.setLayer(l, ly.P, ly.Qty) || bigs
	}
	w.writeAttrs(aTouch, aw, sw)
	w.writeFeatures(fTouch, en, defaultOn)
	if tooWide {
		w.widen(st, make([]uint32, len(st)))
	}
	if bigs {
		for _, ly := range layers {
			if ly.Qty >= bigQty {
				w.appendBigQty(ly.Qty)
			}
		}
	}
	b := w.clone()

	// The writer leaves its inputs clear.
	if diff := cmp.Diff(defaultOn, en); diff != "" {
		t.Fatalf("en not restored to the defaults (-want +got):\n%s", diff)
	}
	for _, t2 := range append(append([]uint64(nil), fTouch...), aTouch...) {
		if t2 != 0 {
			t.Fatalf("fTouch or aTouch not clear: %x %x", fTouch, aTouch)
		}
	}
	for i := range aw {
		if aw[i] != (aword{}) {
			t.Fatalf("aw[%d] = %+v, not clear", i, aw[i])
		}
	}
	for a := range st {
		if st[a].acc != 0 {
			t.Fatalf("st[%d].acc = %d, not clear", a, st[a].acc)
		}
	}

	// Layers.
	got := make([]blockLayer, b.numLayers())
	for l := range got {
		got[l].P, got[l].Qty = b.layerAt(l)
	}
	if diff := cmp.Diff(layers, got); diff != "" {
		t.Fatalf("layers (-want +got):\n%s", diff)
	}

	// Feature words, one at a time and all at once.
	for fw := range nfw {
		if word := b.enabledWord(int32(fw), defaultOn); word != on[fw] {
			t.Fatalf("enabledWord(%d) = %x, want %x", fw, word, on[fw])
		}
	}
	all := append([]uint64(nil), defaultOn...)
	b.enabledWords(all)
	if diff := cmp.Diff(on, all); diff != "" {
		t.Fatalf("enabledWords (-want +got):\n%s", diff)
	}

	// Attribute entries, at random and in order.
	decode := func(e int32) blockEntry {
		how, x := entry(e)
		return blockEntry{how, x}
	}
	for a := range int32(naw << 6) {
		want, defined := entries[a]
		e, ok := b.attrEntry(a)
		if ok != defined || ok && decode(e) != want {
			t.Fatalf("attrEntry(%d) = %+v, %v; want %+v, %v", a, decode(e), ok, want, defined)
		}
	}
	walk := b.attrWords()
	for a := range int32(naw << 6) {
		want, defined := entries[a]
		e, ok := walk.find(a)
		if ok != defined || ok && decode(e) != want {
			t.Fatalf("attrWords.find(%d) = %+v, %v; want %+v, %v", a, decode(e), ok, want, defined)
		}
	}
	walked := 0
	for walk := b.attrWords(); walk.w != ^uint32(0); walk.next() {
		var seen uint64
		for a := range entries {
			if uint32(a>>6) == walk.w {
				seen |= 1 << (a & 63)
				walked++
			}
		}
		if walk.seen != seen {
			t.Fatalf("attrWords at word %d: seen %x, want %x", walk.w, walk.seen, seen)
		}
		units := walk.entries()
		if len(units) != bits.OnesCount64(seen) {
			t.Fatalf("attrWords at word %d: %d entries, want %d", walk.w, len(units), bits.OnesCount64(seen))
		}
		for i, rest := 0, seen; rest != 0; i, rest = i+1, rest&(rest-1) {
			a := int32(walk.w<<6) + int32(bits.TrailingZeros64(rest))
			if got := decode(walk.widen(units[i])); got != entries[a] {
				t.Fatalf("attrWords entry of %d = %+v, want %+v", a, got, entries[a])
			}
		}
	}
	if walked != len(entries) {
		t.Fatalf("attrWords walked %d entries, want %d", walked, len(entries))
	}
}

func TestBlockRoundTrip(t *testing.T) { rapid.Check(t, propBlockRoundTrip) }

func FuzzBlockRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(propBlockRoundTrip)) }
