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
// resolution allocates only its result. Entries of fWin and aWin are valid
// only where the matching bit of fSeen or aSeen is set.
type scratch struct {
	fSeen, aSeen []uint64 // bitmaps of the features and attributes some layer defines
	fWin         []fwin   // per feature: the highest layer defining it so far
	aWin         []awin   // per attribute: the highest definer and the running combination
	active       []activeAddOn
}

type fwin struct {
	layer int32
	state catalog.State
}

type awin struct {
	layer int32 // the highest layer that defines the attribute
	cv    int32 // its value: an index into Resolver.vals, or accountRef of the account's
	n     int32 // how many product layers define it
	acc   int64 // sum, max or min of the product layers' fixed-point numbers
	exact bool  // acc is exact (no overflow, attribute fixed)
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
	cfg.layers = make([]Layer, nl)
	cfg.layers[0] = Layer{Kind: LayerMain, Product: r.products[mi].id, Quantity: 1}
	for i, ao := range s.active {
		p := &r.products[ao.p]
		cfg.layers[i+1] = Layer{Kind: LayerAddOn, Product: p.id, Priority: p.priority, Quantity: ao.qty}
	}

	nf, na := 0, 0
	banded := false
	if err := r.pushProduct(s, a, mi, 0, 1, &nf, &na, &banded); err != nil {
		return Config{}, err
	}
	for i, ao := range s.active {
		if err := r.pushProduct(s, a, ao.p, int32(i+1), ao.qty, &nf, &na, &banded); err != nil {
			return Config{}, err
		}
	}
	if hasAccount {
		if err := r.pushAccount(s, a, int32(nl-1), &nf, &na); err != nil {
			return Config{}, err
		}
		cfg.layers[nl-1] = Layer{Kind: LayerAccount, Quantity: 1}
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
	if err := r.checkRequired(s); err != nil {
		return Config{}, err
	}
	cfg.feats = r.collectFeatures(s, make([]featOut, 0, nf))
	cfg.attrs = make([]attrOut, 0, na)
	if err := r.collectValues(s, a, &cfg); err != nil {
		return Config{}, err
	}
	return cfg, nil
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
// orders them by precedence and enforces the assignment rules.
func (r *Resolver) activate(s *scratch, a *Account, mi int32, at time.Time) error {
	s.active = s.active[:0]
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
		merged := false
		for i := range s.active {
			if s.active[i].p == pi {
				s.active[i].qty = addQty(s.active[i].qty, asg.Qty())
				merged = true
			}
		}
		if !merged {
			s.active = append(s.active, activeAddOn{pi, asg.Qty()})
		}
	}
	if bad != nil {
		pi, err := r.product(bad.AddOn, catalog.KindAddOn)
		if err != nil {
			return err
		}
		return &QuantityError{AddOn: bad.AddOn, Quantity: bad.Quantity, Max: r.products[pi].maxQty}
	}
	// Insertion sort: few add-ons, no allocation.
	for i := 1; i < len(s.active); i++ {
		for j := i; j > 0 && r.byPrecedence(s.active[j-1].p, s.active[j].p) > 0; j-- {
			s.active[j-1], s.active[j] = s.active[j], s.active[j-1]
		}
	}
	for _, ao := range s.active {
		p := &r.products[ao.p]
		if _, ok := slices.BinarySearch(p.allowed, mi); !ok {
			return &NotAllowedError{AddOn: p.id, Main: r.products[mi].id}
		}
		if ao.qty > p.maxQty {
			return &QuantityError{AddOn: p.id, Quantity: ao.qty, Max: p.maxQty}
		}
		for _, q := range p.requires {
			if !s.isActive(q) {
				return &RequiresError{AddOn: p.id, Requires: r.products[q].id}
			}
		}
		for _, x := range p.excludes {
			if s.isActive(x) {
				return &ExcludesError{AddOns: sorted2(p.id, r.products[x].id)}
			}
		}
	}
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

func (s *scratch) isActive(p int32) bool {
	for _, ao := range s.active {
		if ao.p == p {
			return true
		}
	}
	return false
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
// defines, refusing equal-priority conflicts with the layer below.
func (r *Resolver) pushProduct(s *scratch, a *Account, p int32, layer int32, qty int, nf, na *int, banded *bool) error {
	prod := &r.products[p]
	// Locals, not s's fields: the loops below then keep them in registers.
	fSeen, fWin := s.fSeen, s.fWin
	newF := 0
	for _, st := range prod.states {
		f := st.feature
		if seen(fSeen, f) {
			prev := fWin[f]
			if prev.state != st.state && r.samePriority(s, prev.layer, layer) {
				return r.conflict(s, prev.layer, layer, r.features[f].id, "", prev.state.String(), st.state.String())
			}
		} else {
			mark(fSeen, f)
			newF++
		}
		fWin[f] = fwin{layer: layer, state: st.state}
	}
	*nf += newF

	aSeen, aWin, valHot := s.aSeen, s.aWin, r.valHot
	newA := 0
	values := prod.values
	for i := range values {
		pv := &values[i]
		cv, vh := pv.cv, pv.hot
		if pv.band != nil {
			var err error
			if cv, err = r.pick(pv, a.Facts, prod.id); err != nil {
				return err
			}
			vh = valHot[cv]
			*banded = true
		}
		at := pv.attr
		w := &aWin[at]
		if !seen(aSeen, at) {
			mark(aSeen, at)
			newA++
			*w = awin{layer: layer, cv: cv, n: 1, exact: pv.fixed}
			if pv.fixed {
				w.acc, w.exact = mulFixed(vh.num, pv.combine, qty)
			}
			continue
		}
		switch pv.combine {
		case catalog.CombineOverride:
			if valHot[w.cv].id != vh.id && r.samePriority(s, w.layer, layer) {
				ca := &r.attrs[at]
				return r.conflict(s, w.layer, layer, r.features[ca.feature].id, ca.id, r.vals[w.cv].val.String(), r.vals[cv].val.String())
			}
		case catalog.CombineSum, catalog.CombineMax, catalog.CombineMin:
			if w.exact {
				w.acc, w.exact = combineFixed(pv.combine, w.acc, vh.num, qty)
			}
		}
		w.layer, w.cv = layer, cv
		w.n++
	}
	*na += newA
	return nil
}

// mulFixed is the first contribution of a layer: its number, times its
// quantity for a sum.
func mulFixed(n int64, rule catalog.Combine, qty int) (int64, bool) {
	if rule != catalog.CombineSum {
		return n, true
	}
	return combineFixed(rule, 0, n, qty)
}

// combineFixed folds one more layer's number into acc; false on overflow.
func combineFixed(rule catalog.Combine, acc, n int64, qty int) (int64, bool) {
	switch rule {
	case catalog.CombineSum:
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
	case catalog.CombineMax:
		return max(acc, n), true
	case catalog.CombineMin:
		return min(acc, n), true
	}
	return acc, true
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

// samePriority reports whether two layers are distinct add-ons of equal
// override priority.
func (r *Resolver) samePriority(s *scratch, l1, l2 int32) bool {
	if l1 == 0 || l2 == 0 || l1 == l2 {
		return false
	}
	return r.products[s.active[l1-1].p].priority == r.products[s.active[l2-1].p].priority
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
func (r *Resolver) pushAccount(s *scratch, a *Account, layer int32, nf, na *int) error {
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
		f := int32(fi)
		if !seen(s.fSeen, f) {
			mark(s.fSeen, f)
			*nf++
		}
		s.fWin[f] = fwin{layer: layer, state: st.State}
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
			*na++
			s.aWin[at] = awin{}
		}
		s.aWin[at].layer, s.aWin[at].cv = layer, accountRef(int32(i))
	}
	return nil
}

// collectFeatures writes the defined features in index order.
func (r *Resolver) collectFeatures(s *scratch, feats []featOut) []featOut {
	fWin := s.fWin
	for w, word := range s.fSeen {
		for word != 0 {
			f := int32(w<<6 + bits.TrailingZeros64(word))
			word &= word - 1
			feats = append(feats, packFeat(f, fWin[f].state))
		}
	}
	return feats
}

// checkRequired fails when an enabled feature's required attribute (one
// without a catalog default) has no value from any layer.
func (r *Resolver) checkRequired(s *scratch) error {
	check := func(f int32) error {
		for _, at := range r.features[f].required {
			if !seen(s.aSeen, at) {
				return &MissingRequiredError{Feature: r.features[f].id, Attribute: r.attrs[at].id}
			}
		}
		return nil
	}
	for w, word := range s.fSeen {
		word &= r.required[w]
		for word != 0 {
			f := int32(w<<6 + bits.TrailingZeros64(word))
			word &= word - 1
			if s.fWin[f].state == catalog.Enabled {
				if err := check(f); err != nil {
					return err
				}
			}
		}
	}
	for _, f := range r.needy {
		if !seen(s.fSeen, f) {
			if err := check(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// collectValues writes the defined attribute values of enabled features in
// index order.
func (r *Resolver) collectValues(s *scratch, a *Account, cfg *Config) error {
	// Locals, not fields: the loop then keeps them in registers.
	fSeen, fWin, aWin := s.fSeen, s.fWin, s.aWin
	attrHot, valHot, defaultOn := r.attrHot, r.valHot, r.defaultOn
	attrs := cfg.attrs
	for w, word := range s.aSeen {
		for word != 0 {
			at := int32(w<<6 + bits.TrailingZeros64(word))
			word &= word - 1
			ah := &attrHot[at]
			if f := ah.feature; seen(fSeen, f) && fWin[f].state != catalog.Enabled || !seen(fSeen, f) && !seen(defaultOn, f) {
				continue // its feature is disabled
			}
			win := &aWin[at]
			var how int
			var x int64
			switch {
			case win.cv < -1: // the account decides
				how, x = howAccount, int64(-2-win.cv)
			case ah.combine == catalog.CombineOverride,
				win.n == 1 && (ah.combine != catalog.CombineSum || cfg.layers[win.layer].Quantity == 1) && valHot[win.cv].distinct:
				how, x = howConst, int64(win.cv) // one layer's value, as written
			case ah.combine != catalog.CombineUnion && win.exact:
				how, x = howNum, win.acc
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
			acc = acc.Add(d.Mul(decimal.NewFromInt(int64(cfg.layers[l].Quantity))))
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
	layer := &cfg.layers[l]
	if layer.Kind == LayerAccount {
		for i, v := range cfg.values {
			if ai, _ := r.cat.AttributeIndex(v.Attribute); int32(ai) == at {
				return accountRef(int32(i)), true, nil
			}
		}
		return 0, false, nil
	}
	pi, _ := r.cat.ProductIndex(layer.Product)
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
	layer := &cfg.layers[l]
	if layer.Kind == LayerAccount {
		for _, st := range cfg.states {
			if fi, _ := r.cat.FeatureIndex(st.Feature); int32(fi) == f {
				return st.State, true
			}
		}
		return catalog.Undefined, false
	}
	pi, _ := r.cat.ProductIndex(layer.Product)
	prod := &r.products[pi]
	i, ok := slices.BinarySearchFunc(prod.states, f, func(ps pstate, f int32) int { return cmp.Compare(ps.feature, f) })
	if !ok {
		return catalog.Undefined, false
	}
	return prod.states[i].state, true
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
