package entitlement

import (
	"math/bits"

	"github.com/tariffkit/tariff/catalog"
)

// idTable finds a product by ID. Every resolution looks up the account's
// main product and each of its assignments, so the table is built for that
// one question: open addressing with linear probing, at most half full.
// Each slot holds its ID's length and first and last eight bytes, which for
// an ID of up to 16 bytes is the whole ID, so a probe compares them as
// three integers and reads the string only for a longer ID.
// BenchmarkResolve_10AddOns runs 1.03–1.08× faster with it than with a Go
// map of the same entries.
type idTable struct {
	shift uint // a hash's top bits pick its first slot
	mask  uint64
	slots []idSlot
	ids   []string // by product index
}

// idSlot is one slot of an idTable; p is 0 in an empty one.
type idSlot struct {
	head, tail uint64 // see ends
	n          int32  // the ID's length
	p          int32  // the product's index plus one
	rank       int32  // its rank if it is an add-on, else invalidRank
}

// newIDTable indexes products by ID. The IDs are distinct: the catalog
// refuses duplicates.
func newIDTable(products []cproduct) idTable {
	// More than twice the products, so at most half full, and at least two
	// slots, so a hash's shift stays below 64.
	lg := max(1, bits.Len(uint(2*len(products))))
	t := idTable{shift: uint(64 - lg), mask: 1<<lg - 1, slots: make([]idSlot, 1<<lg), ids: make([]string, len(products))}
	for pi := range products {
		p := &products[pi]
		head, tail := ends(p.id)
		i := hashID(p.id, head, tail) >> t.shift
		for t.slots[i].p != 0 {
			i = (i + 1) & t.mask
		}
		rank := int32(invalidRank)
		if p.kind == catalog.KindAddOn {
			rank = p.rank
		}
		t.slots[i] = idSlot{head: head, tail: tail, n: int32(len(p.id)), p: int32(pi) + 1, rank: rank}
		t.ids[pi] = p.id
	}
	return t
}

// find returns the slot of the product with ID id, or nil. It makes no
// call for an ID of 8 to 16 bytes (TestCompilerClaims).
func (t *idTable) find(id string) *idSlot {
	var head, tail, h uint64
	if len(id) >= 8 && len(id) <= 16 {
		head, tail = load64(id), load64(id[len(id)-8:])
		h = hashEnds(len(id), head, tail)
	} else {
		head, tail = ends(id)
		h = hashID(id, head, tail)
	}
	for i := h >> (t.shift & 63); ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		switch {
		case s.p == 0:
			return nil
		case s.head == head && s.tail == tail && int(s.n) == len(id) && (len(id) <= 16 || t.ids[s.p-1] == id):
			return s
		}
	}
}

// ends returns s's first and last eight bytes as integers, or for a
// shorter s its bytes in head and 0 in tail. With the length, they are s
// itself when s has at most 16 bytes.
func ends(s string) (head, tail uint64) {
	if len(s) < 8 {
		for i := 0; i < len(s); i++ {
			head = head<<8 | uint64(s[i])
		}
		return head, 0
	}
	return load64(s), load64(s[len(s)-8:])
}

// hashID hashes ID s, whose ends are head and tail, eight bytes at a time
// with a multiply-xorshift mix: enough to spread a catalog's IDs (they are
// the host's own, not an adversary's), and cheap for the short IDs
// catalogs use.
func hashID(s string, head, tail uint64) uint64 {
	if len(s) <= 16 {
		return hashEnds(len(s), head, tail) // the ends are the whole ID
	}
	h := mix(uint64(len(s))*lenMul ^ head)
	for s = s[8:]; len(s) > 8; s = s[8:] {
		h = mix(h ^ load64(s))
	}
	return mix(h ^ tail)
}

// hashEnds is hashID for an ID of n bytes, at most 16, whose ends are head
// and tail. Small enough to inline, it lets find hash such IDs without a
// call (TestCompilerClaims).
func hashEnds(n int, head, tail uint64) uint64 {
	return mix(mix(uint64(n)*lenMul^head) ^ tail)
}

// lenMul spreads an ID's length over the hash's first word.
const lenMul = 0x9e3779b97f4a7c15

// mix scrambles x, a multiply and an xor-shift: its top bits depend on
// every bit of x.
func mix(x uint64) uint64 {
	x *= 0xbf58476d1ce4e5b9
	return x ^ x>>31
}

// load64 reads s's first eight bytes, little-endian.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
