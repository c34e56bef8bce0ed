package entitlement

import (
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
)

// scratch is the per-resolution working memory, pooled per Resolver so a
// resolution allocates only its result.
type scratch struct {
	fSeen, aSeen []uint64 // bitmaps of the features and attributes some layer defines
	fHead, aHead []int32  // newest pair of each feature/attribute chain
	fOut, aOut   []int32  // scratch per feature/attribute: final state, output position
	fPairs       []fpair
	aPairs       []apair
	active       []activeAddOn
}

type fpair struct {
	layer int32
	next  int32
	state catalog.State
}

type apair struct {
	layer int32
	next  int32
	cv    int32 // as in source: a product's value, or accountRef of the account's
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
	accountLayer := int32(nl - 1)

	cfg := Config{r: r, at: at}
	if len(a.Values) > 0 {
		cfg.extra = make([]catalog.Value, len(a.Values))
		for i, v := range a.Values {
			cfg.extra[i] = v.Value
		}
	}

	s.fPairs, s.aPairs = s.fPairs[:0], s.aPairs[:0]
	nf, na := 0, 0
	if err := r.pushProduct(s, a, mi, 0, &nf, &na); err != nil {
		return Config{}, err
	}
	for i, ao := range s.active {
		if err := r.pushProduct(s, a, ao.p, int32(i+1), &nf, &na); err != nil {
			return Config{}, err
		}
	}
	if hasAccount {
		if err := r.pushAccount(s, a, accountLayer, &nf, &na); err != nil {
			return Config{}, err
		}
	}

	cfg.layers = make([]Layer, nl)
	cfg.layers[0] = Layer{Kind: LayerMain, Product: r.products[mi].id, Quantity: 1}
	for i, ao := range s.active {
		p := &r.products[ao.p]
		cfg.layers[i+1] = Layer{Kind: LayerAddOn, Product: p.id, Priority: p.priority, Quantity: ao.qty}
	}
	if hasAccount {
		cfg.layers[accountLayer] = Layer{Kind: LayerAccount, Quantity: 1}
	}
	cfg.feats = make([]featOut, 0, nf)
	cfg.srcs = make([]source, 0, len(s.fPairs)+len(s.aPairs))
	r.collectFeatures(s, &cfg)
	if err := r.checkRequired(s); err != nil {
		return Config{}, err
	}
	cfg.attrs = make([]attrOut, 0, na)
	r.collectValues(s, &cfg)
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
				s.active[i].qty += asg.Qty()
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

// pushProduct records what product p, at layer, defines, refusing
// equal-priority conflicts with the layer below.
func (r *Resolver) pushProduct(s *scratch, a *Account, p int32, layer int32, nf, na *int) error {
	prod := &r.products[p]
	for _, st := range prod.states {
		f := st.feature
		if seen(s.fSeen, f) {
			prev := &s.fPairs[s.fHead[f]]
			if prev.state != st.state && r.samePriority(s, prev.layer, layer) {
				return r.conflict(s, prev.layer, layer, r.features[f].id, "", prev.state.String(), st.state.String())
			}
			s.fPairs = append(s.fPairs, fpair{layer: layer, next: s.fHead[f], state: st.state})
		} else {
			mark(s.fSeen, f)
			*nf++
			s.fPairs = append(s.fPairs, fpair{layer: layer, next: -1, state: st.state})
		}
		s.fHead[f] = int32(len(s.fPairs) - 1)
	}
	for i := range prod.values {
		pv := &prod.values[i]
		cv := pv.cv
		if pv.band != nil {
			var err error
			if cv, err = r.pick(pv, a, prod.id); err != nil {
				return err
			}
		}
		at := pv.attr
		if seen(s.aSeen, at) {
			prev := &s.aPairs[s.aHead[at]]
			if r.attrs[at].a.Combine == catalog.CombineOverride && r.vals[prev.cv].id != r.vals[cv].id && r.samePriority(s, prev.layer, layer) {
				ca := &r.attrs[at]
				return r.conflict(s, prev.layer, layer, r.features[ca.feature].id, ca.id, r.vals[prev.cv].val.String(), r.vals[cv].val.String())
			}
			s.aPairs = append(s.aPairs, apair{layer: layer, next: s.aHead[at], cv: cv})
		} else {
			mark(s.aSeen, at)
			*na++
			s.aPairs = append(s.aPairs, apair{layer: layer, next: -1, cv: cv})
		}
		s.aHead[at] = int32(len(s.aPairs) - 1)
	}
	return nil
}

// pick evaluates a band rule against the account's facts.
func (r *Resolver) pick(pv *pvalue, a *Account, product string) (int32, error) {
	fact, ok := a.Facts[pv.band.rule.Fact]
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
		next := int32(-1)
		if seen(s.fSeen, f) {
			next = s.fHead[f]
		} else {
			mark(s.fSeen, f)
			*nf++
		}
		s.fPairs = append(s.fPairs, fpair{layer: layer, next: next, state: st.State})
		s.fHead[f] = int32(len(s.fPairs) - 1)
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
		next := int32(-1)
		if seen(s.aSeen, at) {
			next = s.aHead[at]
		} else {
			mark(s.aSeen, at)
			*na++
		}
		s.aPairs = append(s.aPairs, apair{layer: layer, next: next, cv: accountRef(int32(i))})
		s.aHead[at] = int32(len(s.aPairs) - 1)
	}
	return nil
}

// collectFeatures writes the defined features in index order, each with its
// sources (deciding layer first), and leaves each one's final state in fOut.
func (r *Resolver) collectFeatures(s *scratch, cfg *Config) {
	for w, word := range s.fSeen {
		for word != 0 {
			f := int32(w<<6 + bits.TrailingZeros64(word))
			word &= word - 1
			lo := int32(len(cfg.srcs))
			for p := s.fHead[f]; p >= 0; p = s.fPairs[p].next {
				cfg.srcs = append(cfg.srcs, source{layer: s.fPairs[p].layer, state: s.fPairs[p].state, cv: -1})
			}
			s.fOut[f] = int32(cfg.srcs[lo].state)
			cfg.feats = append(cfg.feats, featOut{f: f, src0: lo, src1: int32(len(cfg.srcs))})
		}
	}
}

// enabled reports the final state of feature f, defined or default.
func (r *Resolver) enabled(s *scratch, f int32) bool {
	if seen(s.fSeen, f) {
		return catalog.State(s.fOut[f]) == catalog.Enabled
	}
	return r.features[f].defaultOn
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
		for word != 0 {
			f := int32(w<<6 + bits.TrailingZeros64(word))
			word &= word - 1
			if catalog.State(s.fOut[f]) == catalog.Enabled {
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
// index order, combining layers by each attribute's rule.
func (r *Resolver) collectValues(s *scratch, cfg *Config) {
	for w, word := range s.aSeen {
		for word != 0 {
			at := int32(w<<6 + bits.TrailingZeros64(word))
			word &= word - 1
			ca := &r.attrs[at]
			if !r.enabled(s, ca.feature) {
				continue
			}
			lo := int32(len(cfg.srcs))
			for p := s.aHead[at]; p >= 0; p = s.aPairs[p].next {
				ap := &s.aPairs[p]
				cfg.srcs = append(cfg.srcs, source{layer: ap.layer, cv: ap.cv})
			}
			out := attrOut{a: at, src0: lo, src1: int32(len(cfg.srcs))}
			head := &cfg.srcs[lo]
			switch {
			case head.cv < 0: // the account decides
				out.how, out.x = howExtra, int64(-2-head.cv)
			case ca.a.Combine == catalog.CombineOverride:
				out.how, out.x = howConst, int64(head.cv)
			default:
				r.combine(cfg, &out)
			}
			cfg.attrs = append(cfg.attrs, out)
		}
	}
}

// combine computes a sum, max, min or union over every contributing layer.
func (r *Resolver) combine(cfg *Config, out *attrOut) {
	ca := &r.attrs[out.a]
	srcs := cfg.srcs[out.src0:out.src1]
	if len(srcs) == 1 && (cfg.layers[srcs[0].layer].Quantity == 1 || ca.a.Combine != catalog.CombineSum) && r.vals[srcs[0].cv].distinct {
		out.how, out.x = howConst, int64(srcs[0].cv) // one layer's value is the result as written
		return
	}
	if ca.a.Combine == catalog.CombineUnion {
		var items []string
		for i := len(srcs) - 1; i >= 0; i-- { // lowest precedence first
			v := r.vals[srcs[i].cv].val
			for j := range v.Len() {
				if !slices.Contains(items, v.Item(j)) {
					items = append(items, v.Item(j))
				}
			}
		}
		out.how, out.x = howExtra, int64(len(cfg.extra))
		cfg.extra = append(cfg.extra, catalog.List(items...))
		return
	}
	if ca.fixed {
		if num, ok := r.combineFixed(cfg, ca.a.Combine, srcs); ok {
			out.how, out.x = howNum, num
			return
		}
	}
	var acc decimal.Decimal
	for i, src := range srcs {
		d, _ := r.vals[src.cv].val.AsDecimal()
		switch ca.a.Combine {
		case catalog.CombineSum:
			acc = acc.Add(d.Mul(decimal.NewFromInt(int64(cfg.layers[src.layer].Quantity))))
		case catalog.CombineMax:
			if i == 0 || d.Cmp(acc) > 0 {
				acc = d
			}
		case catalog.CombineMin:
			if i == 0 || d.Cmp(acc) < 0 {
				acc = d
			}
		}
	}
	v := catalog.Dec(acc)
	switch ca.a.Type {
	case catalog.TypeInteger:
		if acc.BigInt().IsInt64() {
			v = catalog.Int(acc.IntPart())
		}
	case catalog.TypeQuantity:
		v = catalog.Qty(acc)
	}
	out.how, out.x = howExtra, int64(len(cfg.extra))
	cfg.extra = append(cfg.extra, v)
}

// combineFixed is the allocation-free path of combine; false on overflow.
func (r *Resolver) combineFixed(cfg *Config, rule catalog.Combine, srcs []source) (int64, bool) {
	var acc int64
	for i, src := range srcs {
		n := r.vals[src.cv].num
		switch rule {
		case catalog.CombineSum:
			hi, lo := bits.Mul64(uint64(abs(n)), uint64(cfg.layers[src.layer].Quantity))
			if hi != 0 || lo > maxFixed {
				return 0, false
			}
			term := int64(lo)
			if n < 0 {
				term = -term
			}
			acc += term
			if acc > maxFixed || acc < -maxFixed {
				return 0, false
			}
		case catalog.CombineMax:
			if i == 0 || n > acc {
				acc = n
			}
		case catalog.CombineMin:
			if i == 0 || n < acc {
				acc = n
			}
		}
	}
	return acc, true
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
