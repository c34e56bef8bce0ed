package memstore

import (
	"cmp"
	"math"
	"math/bits"

	"github.com/tariffkit/tariff/loyalty"
)

// lotSet is a member's open lots in the three orders loyalty.LotOrder
// names, each a singly linked skip list of nodes in the shard's arena.
// Adding a lot after all others in its orders (the usual case) and
// removing the first lot of an order (spending, activation and expiry
// take lots in order) cost a few nodes; finding any other lot, or the
// start of a page, costs a search logarithmic in the lots held; nothing
// costs the lots held.
//
// Nodes refer to each other by arena index, not by pointer: the garbage
// collector, which visits every pointer of every lot held, finds none in
// the lists, and a closed lot's node is reused.
type lotSet struct {
	// The first fields are all that adding a lot after the others in its
	// orders, the usual case, reads and writes here.
	n      uint32   // open lots
	levels [3]uint8 // levels in use, by index (see slot)
	tails  [3]tail  // the last node of level 0 of each order
	heads  [3]ref   // the first node of level 0 of each order
	// upper are the first and last node of levels 1 and up, by level,
	// then by index; nil until a tower reaches level 1.
	upper *[maxLevel - 1][3]ends
}

// slot returns the index of order o in a lotSet's arrays: ByID and
// PendingByActivation first, the two orders an accrual appends to.
func slot(o loyalty.LotOrder) int {
	switch o {
	case loyalty.ByID:
		return 0
	case loyalty.PendingByActivation:
		return 1
	}
	return 2
}

// ends are the first and last node of one level of one order.
type ends struct{ first, last ref }

// tail is the last node of an order at level 0, none when the order is
// empty, with its key and ID at hand: comparing a new lot with it reads
// nothing of the node.
type tail struct {
	id   uint64
	sec  int64 // key.sec
	nsec int32 // key.nsec
	node ref
}

func (t *tail) key() key { return key{sec: t.sec, nsec: t.nsec} }

// ref is a lot node's index in its shard's arena, plus one; 0 is none.
type ref uint32

// lotNode is one open lot, or a free slot of the arena.
type lotNode struct {
	lot          loyalty.Lot
	ids0, order0 ref    // the next node at level 0 of ByID and of its home order; ids0 links free slots
	up           uint32 // where the next nodes above level 0 are in the shard's tower arena: idsH-1 of ByID, then orderH-1
	idsH, orderH uint8  // tower heights
}

// The arenas grow in chunks, so that growing never copies a node.
const (
	nodeChunk  = 128  // nodes per chunk
	towerChunk = 4096 // tower refs per chunk
)

// arena holds a shard's lot nodes and the levels above 0 of their towers.
type arena struct {
	nodes    []*[nodeChunk]lotNode
	used     int // nodes handed out of the last chunk
	free     ref // the first free node
	towers   []*[towerChunk]ref
	tused    int                    // refs handed out of the last tower chunk
	freeTops [2 * maxLevel][]uint32 // free towers by size
	rng      uint64                 // state for tower heights
}

func (a *arena) node(r ref) *lotNode {
	r--
	return &a.nodes[r/nodeChunk][r%nodeChunk]
}

func (a *arena) tower(at uint32) *ref { return &a.towers[at/towerChunk][at%towerChunk] }

// alloc returns a node for lot, with random tower heights.
func (a *arena) alloc(lot *loyalty.Lot) ref {
	var r ref
	if a.free != 0 {
		r = a.free
		a.free = a.node(r).ids0
	} else {
		if len(a.nodes) == 0 || a.used == nodeChunk {
			a.nodes = append(a.nodes, new([nodeChunk]lotNode))
			a.used = 0
		}
		a.used++
		r = ref((len(a.nodes)-1)*nodeChunk + a.used)
	}
	n := a.node(r) // zero but for the lot: fresh, or cleared by release
	z := a.random()
	n.lot, n.ids0, n.idsH, n.orderH = *lot, 0, height(uint32(z)), height(uint32(z>>32))
	if size := int(n.idsH) + int(n.orderH) - 2; size > 0 {
		n.up = a.allocTower(size)
	}
	return r
}

// release returns the node r, linked in no order, to the free slots.
func (a *arena) release(r ref) {
	n := a.node(r)
	if size := int(n.idsH) + int(n.orderH) - 2; size > 0 {
		a.freeTops[size] = append(a.freeTops[size], n.up)
	}
	*n = lotNode{ids0: a.free} // drop the lot's references
	a.free = r
}

func (a *arena) allocTower(size int) uint32 {
	if f := a.freeTops[size]; len(f) > 0 {
		a.freeTops[size] = f[:len(f)-1]
		return f[len(f)-1]
	}
	if len(a.towers) == 0 || a.tused+size > towerChunk {
		a.towers = append(a.towers, new([towerChunk]ref))
		a.tused = 0
	}
	at := uint32((len(a.towers)-1)*towerChunk + a.tused)
	a.tused += size
	return at
}

// random returns 64 random bits (splitmix64, which any state seeds, the
// zero one too).
func (a *arena) random() uint64 {
	a.rng += 0x9e3779b97f4a7c15
	z := a.rng
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// height returns a tower height from 32 random bits: each level with a
// sixteenth of the chance of the one below. Few towers above level 0
// keep adding a lot cheap; a search visits some eight nodes a level.
func height(z uint32) uint8 {
	return uint8(1 + bits.TrailingZeros32(z|1<<(4*(maxLevel-1)))/4)
}

// maxLevel bounds a tower's height. With a sixteenth of the nodes
// reaching each next level, 7 levels serve some 250 million lots per
// member.
const maxLevel = 7

// key is a lot's instant in its home order as two integers, which order
// as the instants do: AvailableAt if pending; else ExpiresAt, "never"
// (the zero time) after every instant.
type key struct {
	sec  int64
	nsec int32
}

// keyOf returns l's key in the order that holds l, or would if l were
// pending as pending says.
func keyOf(l *loyalty.Lot, pending bool) key {
	t := l.ExpiresAt
	if pending {
		t = l.AvailableAt
	} else if t.IsZero() {
		return key{sec: math.MaxInt64}
	}
	return key{sec: t.Unix(), nsec: int32(t.Nanosecond())}
}

// compareKeys orders two lots by key, then ID.
func compareKeys(ak key, aid uint64, bk key, bid uint64) int {
	switch {
	case ak.sec != bk.sec:
		return cmp.Compare(ak.sec, bk.sec)
	case ak.nsec != bk.nsec:
		return cmp.Compare(ak.nsec, bk.nsec)
	}
	return cmp.Compare(aid, bid)
}

// skiplist is one order of a lotSet.
type skiplist struct {
	s     *lotSet
	a     *arena
	i     int // slot(order)
	order loyalty.LotOrder
}

func (s *lotSet) list(a *arena, o loyalty.LotOrder) skiplist {
	return skiplist{s: s, a: a, i: slot(o), order: o}
}

// home returns the order other than ByID that holds a lot.
func (s *lotSet) home(a *arena, pending bool) skiplist {
	if pending {
		return s.list(a, loyalty.PendingByActivation)
	}
	return s.list(a, loyalty.AvailableByExpiry)
}

// add adds a lot with an ID above every open lot's, unless its Remaining
// is zero.
func (s *lotSet) add(a *arena, lot *loyalty.Lot) {
	if lot.Remaining.Sign() == 0 {
		return
	}
	r := a.alloc(lot)
	s.list(a, loyalty.ByID).insert(r, key{})
	s.home(a, lot.Pending).insert(r, keyOf(lot, lot.Pending))
	s.n++
}

// find returns the open lot with the given ID, 0 if none. The first lot
// of each order and the last by ID are found at once.
func (s *lotSet) find(a *arena, id uint64) ref {
	if id == 0 {
		return 0
	}
	for _, r := range [...]ref{s.heads[1], s.heads[2], s.tails[0].node} { // the heads of the home orders, the last by ID
		if r != 0 && a.node(r).lot.ID == id {
			return r
		}
	}
	if r := s.list(a, loyalty.ByID).seek(key{}, id-1); r != 0 && a.node(r).lot.ID == id {
		return r
	}
	return 0
}

// update replaces the open lot with u's ID by u, closing it if u's
// Remaining is zero; it ignores a lot that is not open (Commit refuses
// those first).
func (s *lotSet) update(a *arena, u *loyalty.Lot) {
	r := s.find(a, u.ID)
	if r == 0 {
		return
	}
	n := a.node(r)
	from := s.home(a, n.lot.Pending)
	if u.Remaining.Sign() == 0 {
		s.list(a, loyalty.ByID).remove(r)
		from.remove(r)
		a.release(r)
		s.n--
		return
	}
	to, k := s.home(a, u.Pending), keyOf(u, u.Pending)
	if from.i == to.i && k == keyOf(&n.lot, n.lot.Pending) {
		n.lot = *u // same place: the usual case, a lot partly spent
		return
	}
	from.remove(r)
	n.lot = *u
	to.insert(r, k)
}

// page appends to dst up to limit lots of order o after after (see
// loyalty.LotQuery).
func (o skiplist) page(dst []loyalty.Lot, after *loyalty.Lot, limit int) []loyalty.Lot {
	r := o.s.heads[o.i]
	if after.ID != 0 {
		r = o.seek(o.keyOfLot(after), after.ID)
	}
	for ; r != 0 && len(dst) < limit; r = *o.next(r, 0) {
		dst = append(dst, o.a.node(r).lot)
	}
	return dst
}

// keyOfLot returns l's key in this order: none in ByID.
func (o skiplist) keyOfLot(l *loyalty.Lot) key {
	if o.order == loyalty.ByID {
		return key{}
	}
	return keyOf(l, o.order == loyalty.PendingByActivation)
}

// next returns the place of r's successor at level i of this order; r 0
// means the order's start.
func (o skiplist) next(r ref, i int) *ref {
	switch {
	case r == 0 && i == 0:
		return &o.s.heads[o.i]
	case r == 0:
		return &o.upper()[i-1][o.i].first
	}
	n := o.a.node(r)
	switch {
	case i == 0 && o.order == loyalty.ByID:
		return &n.ids0
	case i == 0:
		return &n.order0
	case o.order == loyalty.ByID:
		return o.a.tower(n.up + uint32(i-1))
	}
	return o.a.tower(n.up + uint32(n.idsH) - 1 + uint32(i-1))
}

// last returns the last node of level i.
func (o skiplist) last(i int) ref {
	if i == 0 {
		return o.s.tails[o.i].node
	}
	return o.upper()[i-1][o.i].last
}

// upper returns the ends of levels 1 and up, making them if need be.
func (o skiplist) upper() *[maxLevel - 1][3]ends {
	if o.s.upper == nil {
		o.s.upper = new([maxLevel - 1][3]ends)
	}
	return o.s.upper
}

// setLast makes r (0 for none), whose key in this order is k, the last
// node of level i.
func (o skiplist) setLast(i int, r ref, k key) {
	switch {
	case i > 0:
		o.upper()[i-1][o.i].last = r
	case r == 0:
		o.s.tails[o.i] = tail{}
	default:
		o.s.tails[o.i] = tail{id: o.a.node(r).lot.ID, sec: k.sec, nsec: k.nsec, node: r}
	}
}

// height returns r's tower height in this order.
func (o skiplist) height(r ref) int {
	if o.order == loyalty.ByID {
		return int(o.a.node(r).idsH)
	}
	return int(o.a.node(r).orderH)
}

// compare orders node r against a lot with key k and ID id in this order
// (see loyalty.LotOrder.Compare).
func (o skiplist) compare(r ref, k key, id uint64) int {
	n := o.a.node(r)
	if o.order == loyalty.ByID {
		return cmp.Compare(n.lot.ID, id)
	}
	return compareKeys(keyOf(&n.lot, n.lot.Pending), n.lot.ID, k, id)
}

// preds returns, for each level, the last node before the lot with key k
// and ID id, 0 for the order's start.
func (o skiplist) preds(k key, id uint64) (pred [maxLevel]ref) {
	var p ref
	for i := int(o.s.levels[o.i]) - 1; i >= 0; i-- {
		for x := *o.next(p, i); x != 0 && o.compare(x, k, id) < 0; x = *o.next(p, i) {
			p = x
		}
		pred[i] = p
	}
	return pred
}

// link0 returns the place of n's successor at level 0 of this order.
func (o skiplist) link0(n *lotNode) *ref {
	if o.order == loyalty.ByID {
		return &n.ids0
	}
	return &n.order0
}

// insert links r, whose key in this order is k, in its place.
func (o skiplist) insert(r ref, k key) {
	n := o.a.node(r)
	h, id := o.height(r), n.lot.ID
	if t := &o.s.tails[o.i]; t.node == 0 || compareKeys(k, id, t.key(), t.id) > 0 {
		// After every other node, the usual case: level 0 through the
		// tail, without reading the node before.
		if t.node == 0 {
			o.s.heads[o.i] = r
		} else {
			*o.link0(o.a.node(t.node)) = r
		}
		*o.link0(n) = 0
		*t = tail{id: id, sec: k.sec, nsec: k.nsec, node: r}
		for i := 1; i < h; i++ {
			*o.next(o.last(i), i) = r
			*o.next(r, i) = 0
			o.setLast(i, r, k)
		}
	} else {
		pred := o.preds(k, id)
		for i := range h {
			at := o.next(pred[i], i)
			*o.next(r, i) = *at
			*at = r
			if *o.next(r, i) == 0 {
				o.setLast(i, r, k)
			}
		}
	}
	if lv := &o.s.levels[o.i]; *lv < uint8(h) {
		*lv = uint8(h)
	}
}

// remove unlinks r: at once if it is the first of this order, the usual
// case, else after a search for its predecessors.
func (o skiplist) remove(r ref) {
	h := o.height(r)
	var pred [maxLevel]ref
	if o.s.heads[o.i] != r {
		pred = o.preds(o.keyOfLot(&o.a.node(r).lot), o.a.node(r).lot.ID)
	}
	for i := range h {
		*o.next(pred[i], i) = *o.next(r, i)
		if o.last(i) == r {
			var k key
			if pred[i] != 0 {
				k = o.keyOfLot(&o.a.node(pred[i]).lot)
			}
			o.setLast(i, pred[i], k)
		}
		*o.next(r, i) = 0
	}
	for lv := &o.s.levels[o.i]; *lv > 0 && *o.next(0, int(*lv)-1) == 0; {
		*lv--
	}
}

// seek returns the first node ordered after the lot with key k and ID
// id, 0 if none.
func (o skiplist) seek(k key, id uint64) ref {
	var p ref
	for i := int(o.s.levels[o.i]) - 1; i >= 0; i-- {
		for x := *o.next(p, i); x != 0 && o.compare(x, k, id) <= 0; x = *o.next(p, i) {
			p = x
		}
	}
	return *o.next(p, 0)
}
