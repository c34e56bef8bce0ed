package entitlement

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// scratch is the per-resolution working memory, pooled per Resolver so a
// resolution allocates only its result.
//
// Features are tracked densely: fWin[f] is valid where fSeen has bit f.
// Attributes go through a level of indirection so that the working set stays
// small whatever the size of the catalog: aSlot[a] is valid where aSeen has
// bit a, and indexes slots, which fill in the order attributes are first
// defined.
type scratch struct {
	fSeen  []uint64 // features some layer defines
	en     []uint64 // enabled features, once the layers are pushed
	aSeen  []uint64 // attributes some layer defines
	pOn    []uint64 // active add-ons, while activate runs
	fWin   []uint32 // per feature: the highest defining layer<<2 | its state
	aSlot  []int32  // per attribute: its slot
	slots  []aslot  // capacity: every attribute of the catalog
	nslots int32

	active []activeAddOn
	groups []int32 // per layer: its equal-priority group; layers conflict only within one
}

// aslot is an attribute's running resolution.
type aslot struct {
	acc   int64 // sum or max of the product layers' fixed-point numbers
	layer int32 // the highest layer that defines the attribute
	cv    int32 // its value: an index into Resolver.vals, or accountRef of the account's
	id    int32 // the interned id of cv, for an override
	n     int32 // how many product layers define it
	exact bool  // acc is exact (no overflow, attribute fixed)
	asIs  bool  // the result is cv as written: one layer's value, or an override
}

type activeAddOn struct {
	p   int32
	qty int
}

// Resolve computes the account's effective configuration at instant at.
//
// The layers, lowest precedence first, are: catalog defaults, the main
// product, the add-ons active at at in ascending override priority (ties
// broken by ID), and the account's own settings. See the package
// documentation for the rules. Resolve also enforces the assignment rules,
// so a stored account that the catalog no longer permits fails with the
// same typed errors Assign returns.
func (r *Resolver) Resolve(a Account, at time.Time) (Config, error) {
	s := r.pool.Get().(*scratch)
	cfg, err := r.resolve(s, &a, at)
	clear(s.fSeen)
	clear(s.aSeen)
	s.nslots = 0
	r.pool.Put(s)
	return cfg, err
}

// Resolve compiles c and resolves a at at: a convenience for one-off calls.
// Code that resolves many accounts builds one Resolver with NewResolver.
func Resolve(c *catalog.Catalog, a Account, at time.Time) (Config, error) {
	return NewResolver(c).Resolve(a, at)
}

func (r *Resolver) resolve(s *scratch, a *Account, at time.Time) (Config, error) {
	mi, err := r.product(a.Main, catalog.KindMain)
	if err != nil {
		return Config{}, err
	}
	if err := r.activate(s, a, mi, at); err != nil {
		return Config{}, err
	}
	hasAccount := len(a.States) > 0 || len(a.Values) > 0
	nl := 1 + len(s.active)
	if hasAccount {
		nl++
	}
	cfg := Config{r: r, at: at}
	cfg.layers = make([]layerRef, nl)
	cfg.layers[0] = layerRef{p: mi, qty: 1}
	for i, ao := range s.active {
		cfg.layers[i+1] = layerRef{p: ao.p, qty: ao.qty}
	}

	banded := false
	if err := r.pushProduct(s, a, mi, 0, 1, &banded); err != nil {
		return Config{}, err
	}
	for i, ao := range s.active {
		if err := r.pushProduct(s, a, ao.p, int32(i+1), ao.qty, &banded); err != nil {
			return Config{}, err
		}
	}
	if hasAccount {
		if err := r.pushAccount(s, a, int32(nl-1)); err != nil {
			return Config{}, err
		}
		cfg.layers[nl-1] = layerRef{p: -1, qty: 1}
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
	cfg.feats = r.collectFeatures(s, make([]featOut, 0, popcount(s.fSeen)))
	if err := r.checkRequired(s); err != nil {
		return Config{}, err
	}
	cfg.attrs = make([]attrOut, 0, popcount(s.aSeen))
	if err := r.collectValues(s, a, &cfg); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func popcount(bitmap []uint64) int {
	n := 0
	for _, w := range bitmap {
		n += bits.OnesCount64(w)
	}
	return n
}

// product looks up a product of the wanted kind.
func (r *Resolver) product(id string, kind catalog.Kind) (int32, error) {
	pi, ok := r.cat.ProductIndex(id)
	if !ok {
		return 0, &UnknownError{Kind: "product", ID: id}
	}
	if r.products[pi].kind != kind {
		return 0, &KindError{Product: id, Want: kind.String()}
	}
	return int32(pi), nil
}

// activate collects the add-ons active at at, merges repeated assignments,
// orders them by precedence, enforces the assignment rules and numbers the
// equal-priority groups.
func (r *Resolver) activate(s *scratch, a *Account, mi int32, at time.Time) error {
	s.active = s.active[:0]
	pOn := s.pOn
	defer func() {
		for _, ao := range s.active {
			pOn[ao.p>>6] = 0
		}
	}()
	var bad *Assignment // the invalid assignment to report: smallest add-on ID, then quantity, whatever the order
	for i := range a.AddOns {
		asg := &a.AddOns[i]
		pi, err := r.product(asg.AddOn, catalog.KindAddOn)
		if err != nil || asg.Quantity < 0 {
			if bad == nil || asg.AddOn < bad.AddOn || (asg.AddOn == bad.AddOn && asg.Quantity < bad.Quantity) {
				bad = asg
			}
			continue
		}
		if bad != nil || !asg.ActiveAt(at) {
			continue
		}
		if seen(pOn, pi) {
			for i := range s.active {
				if s.active[i].p == pi {
					s.active[i].qty = addQty(s.active[i].qty, asg.Qty())
				}
			}
			continue
		}
		mark(pOn, pi)
		s.active = append(s.active, activeAddOn{pi, asg.Qty()})
	}
	if bad != nil {
		pi, err := r.product(bad.AddOn, catalog.KindAddOn)
		if err != nil {
			return err
		}
		return &QuantityError{AddOn: bad.AddOn, Quantity: bad.Quantity, Max: r.products[pi].maxQty}
	}
	// Insertion sort by rank: few add-ons, no allocation.
	active := s.active
	for i := 1; i < len(active); i++ {
		for j := i; j > 0 && r.products[active[j-1].p].rank > r.products[active[j].p].rank; j-- {
			active[j-1], active[j] = active[j], active[j-1]
		}
	}
	for _, ao := range active {
		p := &r.products[ao.p]
		if _, ok := slices.BinarySearch(p.allowed, mi); !ok {
			return &NotAllowedError{AddOn: p.id, Main: r.products[mi].id}
		}
		if ao.qty > p.maxQty {
			return &QuantityError{AddOn: p.id, Quantity: ao.qty, Max: p.maxQty}
		}
		for _, q := range p.requires {
			if !seen(pOn, q) {
				return &RequiresError{AddOn: p.id, Requires: r.products[q].id}
			}
		}
		for _, x := range p.excludes {
			if seen(pOn, x) {
				return &ExcludesError{AddOns: sorted2(p.id, r.products[x].id)}
			}
		}
	}
	// Layer 0 is the main product, alone in group 0; the account's layer,
	// last, is in none.
	s.groups = append(s.groups[:0], 0)
	g := int32(0)
	for i, ao := range active {
		if i == 0 || r.products[ao.p].priority != r.products[active[i-1].p].priority {
			g++
		}
		s.groups = append(s.groups, g)
	}
	s.groups = append(s.groups, -1)
	return nil
}

// addQty adds two quantities of at least 1, saturating at math.MaxInt: a
// total that does not fit an int exceeds every maximum quantity, and must
// not wrap around to pass the check.
func addQty(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func sorted2(a, b string) [2]string {
	if b < a {
		return [2]string{b, a}
	}
	return [2]string{a, b}
}

func seen(bitmap []uint64, i int32) bool { return bitmap[i>>6]&(1<<(i&63)) != 0 }

func mark(bitmap []uint64, i int32) { bitmap[i>>6] |= 1 << (i & 63) }

// pushProduct records what product p, at layer with quantity qty,
// defines, refusing equal-priority conflicts with the layers below.
//
// Conflicts need only be checked against the highest definer so far: the
// add-ons of one priority are pushed one after another, so if the new value
// equals the last one of its group it equals every earlier one too.
func (r *Resolver) pushProduct(s *scratch, a *Account, p int32, layer int32, qty int, banded *bool) error {
	prod := &r.products[p]
	groups := s.groups
	g := groups[layer]

	// Locals, not s's fields: the loops below then keep them in registers.
	fSeen, fWin := s.fSeen, s.fWin
	lbits := uint32(layer) << 2
	for i, e := range prod.states {
		f := e >> 2
		w, bit := f>>6, uint64(1)<<(f&63)
		if fSeen[w]&bit != 0 {
			if prev := fWin[f]; (prev^e)&3 != 0 && groups[prev>>2] == g {
				return r.conflict(s, int32(prev>>2), layer, r.features[f].id, "", catalog.State(prev&3).String(), catalog.State(prod.states[i]&3).String())
			}
		} else {
			fSeen[w] |= bit
		}
		fWin[f] = lbits | e&3
	}

	aSeen, aSlot, slots, n := s.aSeen, s.aSlot, s.slots, s.nslots
	for _, d := range prod.ovr {
		at := d.attr
		w, bit := at>>6, uint64(1)<<(at&63)
		if aSeen[w]&bit == 0 {
			aSeen[w] |= bit
			aSlot[at] = n
			sl := &slots[n]
			sl.layer, sl.cv, sl.id, sl.n, sl.asIs = layer, d.cv, d.id, 1, true
			n++
			continue
		}
		sl := &slots[aSlot[at]]
		if sl.id != d.id && groups[sl.layer] == g {
			s.nslots = n
			return r.attrConflict(s, at, sl.layer, layer, sl.cv, d.cv)
		}
		sl.layer, sl.cv, sl.id = layer, d.cv, d.id
		sl.n++
	}
	for _, d := range prod.sum {
		at := d.attr
		w, bit := at>>6, uint64(1)<<(at&63)
		if aSeen[w]&bit == 0 {
			aSeen[w] |= bit
			aSlot[at] = n
			sl := &slots[n]
			sl.acc, sl.exact = d.num, true
			if qty != 1 {
				sl.acc, sl.exact = sumFixed(0, d.num, qty)
			}
			sl.layer, sl.cv, sl.n, sl.asIs = layer, d.cv, 1, qty == 1
			n++
			continue
		}
		sl := &slots[aSlot[at]]
		if sl.exact {
			sl.acc, sl.exact = sumFixed(sl.acc, d.num, qty)
		}
		sl.layer, sl.cv, sl.asIs = layer, d.cv, false
		sl.n++
	}
	for _, d := range prod.mm {
		at := d.attr
		w, bit := at>>6, uint64(1)<<(at&63)
		if aSeen[w]&bit == 0 {
			aSeen[w] |= bit
			aSlot[at] = n
			sl := &slots[n]
			sl.acc, sl.layer, sl.cv, sl.n, sl.exact, sl.asIs = d.num, layer, d.cv, 1, true, true
			n++
			continue
		}
		sl := &slots[aSlot[at]]
		sl.acc = max(sl.acc, d.num)
		sl.layer, sl.cv, sl.asIs = layer, d.cv, false
		sl.n++
	}
	s.nslots = n
	for i := range prod.slow {
		r.pushValue(s, prod.slow[i].attr, prod.slow[i].cv, layer, qty)
	}
	for i := range prod.bands {
		pv := &prod.bands[i]
		cv, err := r.pick(pv, a.Facts, prod.id)
		if err != nil {
			return err
		}
		*banded = true
		if err := r.pushValue(s, pv.attr, cv, layer, qty); err != nil {
			return err
		}
	}
	return nil
}

// pushValue records one constant of any kind: the path for band rules and
// for the kinds pushProduct does not loop over itself.
func (r *Resolver) pushValue(s *scratch, at, cv, layer int32, qty int) error {
	ah, v := &r.attrHot[at], &r.vals[cv]
	if !seen(s.aSeen, at) {
		mark(s.aSeen, at)
		s.aSlot[at] = s.nslots
		sl := &s.slots[s.nslots]
		s.nslots++
		*sl = aslot{acc: v.num, layer: layer, cv: cv, id: v.id, n: 1, exact: ah.kind != kindSlow, asIs: true}
		switch {
		case ah.kind == kindOvr:
		case ah.sum && qty != 1:
			sl.asIs = false
			if sl.exact {
				sl.acc, sl.exact = sumFixed(0, v.num, qty)
			}
		case ah.kind == kindSlow:
			sl.asIs = v.distinct
		}
		return nil
	}
	sl := &s.slots[s.aSlot[at]]
	switch ah.kind {
	case kindOvr:
		if sl.id != v.id && s.groups[sl.layer] == s.groups[layer] {
			return r.attrConflict(s, at, sl.layer, layer, sl.cv, cv)
		}
	case kindSum:
		if sl.exact {
			sl.acc, sl.exact = sumFixed(sl.acc, v.num, qty)
		}
		sl.asIs = false
	case kindMax:
		sl.acc = max(sl.acc, v.num)
		sl.asIs = false
	default:
		sl.asIs = false
	}
	sl.layer, sl.cv, sl.id = layer, cv, v.id
	sl.n++
	return nil
}

// sumFixed adds n times qty to acc; false on leaving the fixed-point range.
func sumFixed(acc, n int64, qty int) (int64, bool) {
	hi, lo := bits.Mul64(uint64(abs(n)), uint64(qty))
	if hi != 0 || lo > maxFixed {
		return 0, false
	}
	term := int64(lo)
	if n < 0 {
		term = -term
	}
	acc += term
	return acc, acc <= maxFixed && acc >= -maxFixed
}

// pick evaluates a band rule against the account's facts.
func (r *Resolver) pick(pv *pvalue, facts map[string]decimal.Decimal, product string) (int32, error) {
	fact, ok := facts[pv.band.rule.Fact]
	if !ok {
		return 0, &MissingFactError{Fact: pv.band.rule.Fact, Attribute: r.attrs[pv.attr].id, Product: product}
	}
	for i, bound := range pv.band.bounds {
		if fact.Cmp(bound) < 0 {
			return pv.band.vals[i], nil
		}
	}
	return pv.band.vals[len(pv.band.vals)-1], nil
}

func (r *Resolver) attrConflict(s *scratch, at, l1, l2, cv1, cv2 int32) error {
	ca := &r.attrs[at]
	return r.conflict(s, l1, l2, r.features[ca.feature].id, ca.id, r.vals[cv1].val.String(), r.vals[cv2].val.String())
}

func (r *Resolver) conflict(s *scratch, l1, l2 int32, feature, attr, v1, v2 string) error {
	p1, p2 := &r.products[s.active[l1-1].p], &r.products[s.active[l2-1].p]
	e := &ConflictError{Feature: feature, Attribute: attr, AddOns: [2]string{p1.id, p2.id}, Priority: p1.priority, Values: [2]string{v1, v2}}
	if p2.id < p1.id {
		e.AddOns, e.Values = [2]string{p2.id, p1.id}, [2]string{v2, v1}
	}
	return e
}

// pushAccount records the account's own settings, validating each.
func (r *Resolver) pushAccount(s *scratch, a *Account, layer int32) error {
	for i, st := range a.States {
		fi, ok := r.cat.FeatureIndex(st.Feature)
		if !ok {
			return &UnknownError{Kind: "feature", ID: st.Feature}
		}
		if st.State != catalog.Enabled && st.State != catalog.Disabled {
			return &ValueError{Attribute: st.Feature, Reason: "feature state must be enabled or disabled"}
		}
		if slices.IndexFunc(a.States[:i], func(o StateSetting) bool { return o.Feature == st.Feature }) >= 0 {
			return &ValueError{Attribute: st.Feature, Reason: "feature state set twice"}
		}
		mark(s.fSeen, int32(fi))
		s.fWin[fi] = uint32(layer)<<2 | uint32(st.State)
	}
	for i, av := range a.Values {
		ai, ok := r.cat.AttributeIndex(av.Attribute)
		if !ok {
			return &UnknownError{Kind: "attribute", ID: av.Attribute}
		}
		ca := &r.attrs[ai]
		if !ca.a.Scope.AccountMaySet() {
			return &ScopeError{Attribute: av.Attribute}
		}
		if slices.IndexFunc(a.Values[:i], func(o catalog.AttributeValue) bool { return o.Attribute == av.Attribute }) >= 0 {
			return &ValueError{Attribute: av.Attribute, Reason: "set twice"}
		}
		if err := ca.a.Check(av.Value); err != nil {
			return &ValueError{Attribute: av.Attribute, Reason: err.Error(), Err: err}
		}
		at := int32(ai)
		if !seen(s.aSeen, at) {
			mark(s.aSeen, at)
			s.aSlot[at] = s.nslots
			s.slots[s.nslots] = aslot{}
			s.nslots++
		}
		sl := &s.slots[s.aSlot[at]]
		sl.layer, sl.cv = layer, accountRef(int32(i))
	}
	return nil
}

// collectFeatures writes the defined features in index order, and fills
// s.en with the enabled ones, defaults included.
func (r *Resolver) collectFeatures(s *scratch, feats []featOut) []featOut {
	fWin, en, defaultOn := s.fWin, s.en, r.defaultOn
	for w, word := range s.fSeen {
		var on uint64
		for x := word; x != 0; x &= x - 1 {
			b := bits.TrailingZeros64(x)
			f := int32(w<<6 + b)
			st := catalog.State(fWin[f] & 3)
			feats = append(feats, packFeat(f, st))
			if st == catalog.Enabled {
				on |= 1 << b
			}
		}
		en[w] = on | ^word&defaultOn[w]
	}
	return feats
}

// checkRequired fails when an enabled feature's required attribute (one
// without a catalog default) has no value from any layer.
func (r *Resolver) checkRequired(s *scratch) error {
	for w, word := range s.en {
		for word &= r.required[w]; word != 0; word &= word - 1 {
			f := int32(w<<6 + bits.TrailingZeros64(word))
			for _, at := range r.features[f].required {
				if !seen(s.aSeen, at) {
					return &MissingRequiredError{Feature: r.features[f].id, Attribute: r.attrs[at].id}
				}
			}
		}
	}
	return nil
}

// collectValues writes the defined attribute values of enabled features in
// index order.
func (r *Resolver) collectValues(s *scratch, a *Account, cfg *Config) error {
	// Locals, not fields: the loop then keeps them in registers.
	en, aSlot, slots, attrHot := s.en, s.aSlot, s.slots, r.attrHot
	attrs := cfg.attrs
	for w, word := range s.aSeen {
		for ; word != 0; word &= word - 1 {
			at := int32(w<<6 + bits.TrailingZeros64(word))
			ah := &attrHot[at]
			if !seen(en, ah.feature) {
				continue // its feature is disabled
			}
			sl := &slots[aSlot[at]]
			var how int
			var x int64
			switch {
			case sl.cv < -1: // the account decides
				how, x = howAccount, int64(-2-sl.cv)
			case sl.asIs: // one layer's value, as written
				how, x = howConst, int64(sl.cv)
			case sl.exact:
				how, x = howNum, sl.acc
				if ah.neg {
					x = -x
				}
			default: // a union, or numbers beyond the fixed-point range
				v, err := r.combineSlow(cfg, at, a.Facts)
				if err != nil {
					return err
				}
				how, x = howExtra, int64(len(cfg.extra))
				cfg.extra = append(cfg.extra, v)
			}
			attrs = append(attrs, packAttr(at, how, x))
		}
	}
	cfg.attrs = attrs
	return nil
}

// combineSlow combines every product layer's value of attribute at with
// decimals (or, for a union, item by item): the path for unions and for
// numbers too large for fixed point.
func (r *Resolver) combineSlow(cfg *Config, at int32, facts map[string]decimal.Decimal) (catalog.Value, error) {
	ca := &r.attrs[at]
	var items []string
	var acc decimal.Decimal
	first := true
	for l := range cfg.layers {
		cv, ok, err := r.layerValue(cfg, l, at, facts)
		if err != nil {
			return catalog.Value{}, err
		}
		if !ok || cv < 0 {
			continue
		}
		v := r.vals[cv].val
		if ca.a.Combine == catalog.CombineUnion {
			for j := range v.Len() {
				if !slices.Contains(items, v.Item(j)) {
					items = append(items, v.Item(j))
				}
			}
			continue
		}
		d, _ := v.AsDecimal()
		switch ca.a.Combine {
		case catalog.CombineSum:
			acc = acc.Add(d.Mul(decimal.NewFromInt(int64(cfg.layers[l].qty))))
		case catalog.CombineMax:
			if first || d.Cmp(acc) > 0 {
				acc = d
			}
		case catalog.CombineMin:
			if first || d.Cmp(acc) < 0 {
				acc = d
			}
		}
		first = false
	}
	switch ca.a.Type {
	case catalog.TypeStringList:
		return catalog.List(items...), nil
	case catalog.TypeInteger:
		if acc.BigInt().IsInt64() {
			return catalog.Int(acc.IntPart()), nil
		}
	case catalog.TypeQuantity:
		return catalog.Qty(acc), nil
	}
	return catalog.Dec(acc), nil
}

// layerValue returns the value layer l of cfg gives attribute at, as an
// index into Resolver.vals (band rules evaluated against facts) or as
// accountRef for the account's; false when the layer does not define it.
func (r *Resolver) layerValue(cfg *Config, l int, at int32, facts map[string]decimal.Decimal) (int32, bool, error) {
	pi := cfg.layers[l].p
	if pi < 0 {
		for i, v := range cfg.values {
			if ai, _ := r.cat.AttributeIndex(v.Attribute); int32(ai) == at {
				return accountRef(int32(i)), true, nil
			}
		}
		return 0, false, nil
	}
	prod := &r.products[pi]
	i, ok := slices.BinarySearchFunc(prod.values, at, func(pv pvalue, at int32) int { return cmp.Compare(pv.attr, at) })
	if !ok {
		return 0, false, nil
	}
	pv := &prod.values[i]
	if pv.band == nil {
		return pv.cv, true, nil
	}
	cv, err := r.pick(pv, facts, prod.id)
	return cv, err == nil, err
}

// layerState returns the state layer l of cfg gives feature f.
func (r *Resolver) layerState(cfg *Config, l int, f int32) (catalog.State, bool) {
	pi := cfg.layers[l].p
	if pi < 0 {
		for _, st := range cfg.states {
			if fi, _ := r.cat.FeatureIndex(st.Feature); int32(fi) == f {
				return st.State, true
			}
		}
		return catalog.Undefined, false
	}
	states := r.products[pi].states
	i, ok := slices.BinarySearchFunc(states, f, func(e uint32, f int32) int { return cmp.Compare(int32(e>>2), f) })
	if !ok {
		return catalog.Undefined, false
	}
	return catalog.State(states[i] & 3), true
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
