package catalog

import (
	"cmp"
	"slices"
)

// Catalog is an immutable, validated product catalog. Build it once with New
// (or Decode) and share it between goroutines: no method modifies it, so no
// locks are needed. Accessors return copies; the few that return internal
// slices say so.
//
// Beside look-ups by ID, a Catalog holds the dense indexes engines need:
// every service type, feature, attribute, product and group has a position
// (its index, in definition order) that stays fixed for the life of the
// Catalog value.
//
// The zero Catalog and a nil *Catalog are empty catalogs: look-ups report
// that nothing is found, lists are empty, counts are zero and Lint reports
// nothing. No method panics, whatever its arguments.
type Catalog struct {
	def Definition

	serviceTypes map[string]int
	features     map[string]int
	attrs        map[string]int // global attribute index
	products     map[string]int
	groups       map[string]int

	attrRefs     []attrRef     // by global attribute index
	attrLo       []int         // first global attribute index of each feature; len = features+1
	settings     []productSets // by product index
	addOnsFor    [][]string    // by product index (main products only): add-ons allowed with it, by priority then ID
	members      [][]string    // by group index: add-ons in the group, in definition order
	addOnIndex   []int         // product indexes of all add-ons, in definition order
	allowedOff   []int32       // by product index: offsets into allowed; len = products+1
	allowed      []int32       // product indexes of each add-on's allowed main products, in list order
	byPrecedence []int         // product indexes of all add-ons, by priority then ID
	rank         []int32       // by product index: the add-on's position in byPrecedence
	rankPriority []int         // by position in byPrecedence: the add-on's priority
	stateOff     []int32       // by feature index: offsets of a CSR of the add-ons defining its state; len = features+1
	valueOff     []int32       // by attribute index: offsets of a CSR of the add-ons setting it, if its Combine is override; len = attributes+1
}

// empty stands in for a nil *Catalog: every method starts with
// c = c.orEmpty(), so the nil Catalog behaves as the zero one.
var empty Catalog

func (c *Catalog) orEmpty() *Catalog {
	if c == nil {
		return &empty
	}
	return c
}

type attrRef struct{ feature, attr int } // position in def.Features[feature].Attributes[attr]

// productSets is a product's definitions with references interned and
// sorted: the form lint and engines scan.
type productSets struct {
	states []IndexedState // by feature index
	values []IndexedValue // by attribute index
}

// IndexedState is a product's explicit state for the feature at index
// Feature, as the index API (ProductStates) returns it.
type IndexedState struct {
	Feature int
	State   State
}

// IndexedValue is a product's explicit value for the attribute at index
// Attribute, as the index API (ProductValues) returns it.
type IndexedValue struct {
	Attribute int
	Value     Value
}

// New validates def and builds the Catalog. It returns a *ValidationError
// listing every problem at once when def is invalid. def is copied: later
// changes to it do not affect the Catalog.
func New(def Definition) (*Catalog, error) {
	def = def.Clone()
	c := &Catalog{def: def}
	c.index()
	if probs := c.validate(); len(probs) > 0 {
		return nil, &ValidationError{Err: ErrInvalid, Problems: probs}
	}
	c.compile()
	return c, nil
}

// MustNew is like New but panics on an invalid definition. It is meant for
// tests and package-level catalogs written in Go, where a bad definition is
// a programming error.
func MustNew(def Definition) *Catalog {
	c, err := New(def)
	if err != nil {
		panic(err)
	}
	return c
}

// index builds the ID maps, keeping the first definition of a duplicate ID
// (validation reports the rest).
func (c *Catalog) index() {
	d := &c.def
	c.serviceTypes = make(map[string]int, len(d.ServiceTypes))
	for i, s := range d.ServiceTypes {
		putFirst(c.serviceTypes, s.ID, i)
	}
	c.features = make(map[string]int, len(d.Features))
	c.attrLo = make([]int, len(d.Features)+1)
	nattr := 0
	for i, f := range d.Features {
		putFirst(c.features, f.ID, i)
		c.attrLo[i] = nattr
		nattr += len(f.Attributes)
	}
	c.attrLo[len(d.Features)] = nattr
	c.attrs = make(map[string]int, nattr)
	c.attrRefs = make([]attrRef, 0, nattr)
	for fi, f := range d.Features {
		for ai, a := range f.Attributes {
			putFirst(c.attrs, a.ID, len(c.attrRefs))
			c.attrRefs = append(c.attrRefs, attrRef{fi, ai})
		}
	}
	c.products = make(map[string]int, len(d.Products))
	for i, p := range d.Products {
		putFirst(c.products, p.ID, i)
	}
	c.groups = make(map[string]int, len(d.Groups))
	for i, g := range d.Groups {
		putFirst(c.groups, g.ID, i)
	}
}

func putFirst(m map[string]int, id string, i int) {
	if _, dup := m[id]; !dup {
		m[id] = i
	}
}

// allocSettings gives every product an empty productSets whose slices have
// room for all it may define, carved from two shared arrays, and makes room
// for the allowed main products of all add-ons: validation fills them
// without further allocation.
func (c *Catalog) allocSettings() {
	d := &c.def
	nstates, nvalues := 0, 0
	for pi := range d.Products {
		for _, fs := range d.Products[pi].Features {
			nstates++
			nvalues += len(fs.Values)
		}
	}
	states := make([]IndexedState, nstates)
	values := make([]IndexedValue, nvalues)
	nallowed := 0
	for pi := range d.Products {
		nallowed += len(d.Products[pi].AllowedMain)
	}
	c.allowedOff = make([]int32, 1, len(d.Products)+1)
	c.allowed = make([]int32, 0, nallowed)
	c.settings = make([]productSets, len(d.Products))
	for pi := range d.Products {
		ns, nv := 0, 0
		for _, fs := range d.Products[pi].Features {
			ns++
			nv += len(fs.Values)
		}
		c.settings[pi] = productSets{states: states[:0:ns], values: values[:0:nv]}
		states, values = states[ns:], values[nv:]
	}
}

// compile builds the derived indexes of a valid catalog. Validation has
// already interned every product's settings into c.settings.
func (c *Catalog) compile() {
	d := &c.def
	// Lint's index of the add-ons' settings is sized here, while the
	// settings are at hand.
	c.stateOff = make([]int32, len(d.Features)+1)
	c.valueOff = make([]int32, len(c.attrRefs)+1)
	override := make([]bool, len(c.attrRefs))
	for ai, r := range c.attrRefs {
		override[ai] = d.Features[r.feature].Attributes[r.attr].Combine == CombineOverride
	}
	for pi := range c.settings {
		ps := &c.settings[pi]
		if !slices.IsSortedFunc(ps.states, compareIndexedState) {
			slices.SortFunc(ps.states, compareIndexedState)
		}
		if !slices.IsSortedFunc(ps.values, compareIndexedValue) {
			slices.SortFunc(ps.values, compareIndexedValue)
		}
		if d.Products[pi].Kind == KindAddOn {
			for _, s := range ps.states {
				c.stateOff[s.Feature+1]++
			}
			for _, v := range ps.values {
				if override[v.Attribute] {
					c.valueOff[v.Attribute+1]++
				}
			}
		}
	}
	for i := range len(c.stateOff) - 1 {
		c.stateOff[i+1] += c.stateOff[i]
	}
	for i := range len(c.valueOff) - 1 {
		c.valueOff[i+1] += c.valueOff[i]
	}

	// Add-ons in (priority, ID) order: appending them in that order to the
	// lists of their main products leaves every list sorted. The sort runs
	// on a compact copy of the keys rather than through the products.
	type precedence struct {
		priority int
		id       string
		pi       int
	}
	keys := make([]precedence, 0, len(d.Products))
	nallowed := make([]int, len(d.Products))
	nmembers := make([]int, len(d.Groups))
	for pi := range d.Products {
		p := &d.Products[pi]
		if p.Kind != KindAddOn {
			continue
		}
		c.addOnIndex = append(c.addOnIndex, pi)
		keys = append(keys, precedence{p.Priority, p.ID, pi})
		for _, mi := range c.allowedMains(pi) {
			nallowed[mi]++
		}
		for _, g := range p.Groups {
			nmembers[c.groups[g]]++
		}
	}
	slices.SortFunc(keys, func(a, b precedence) int {
		return cmp.Or(cmp.Compare(a.priority, b.priority), cmp.Compare(a.id, b.id))
	})
	c.byPrecedence = make([]int, len(keys))
	c.rankPriority = make([]int, len(keys))
	c.rank = make([]int32, len(d.Products))
	for r, k := range keys {
		c.byPrecedence[r], c.rankPriority[r], c.rank[k.pi] = k.pi, k.priority, int32(r)
	}
	c.addOnsFor = make([][]string, len(d.Products))
	for mi, n := range nallowed {
		if n > 0 {
			c.addOnsFor[mi] = make([]string, 0, n)
		}
	}
	for _, k := range keys {
		for _, mi := range c.allowedMains(k.pi) {
			c.addOnsFor[mi] = append(c.addOnsFor[mi], k.id)
		}
	}
	c.members = make([][]string, len(d.Groups))
	for gi, n := range nmembers {
		if n > 0 {
			c.members[gi] = make([]string, 0, n)
		}
	}
	for _, pi := range c.addOnIndex {
		p := &d.Products[pi]
		for _, g := range p.Groups {
			gi := c.groups[g]
			c.members[gi] = append(c.members[gi], p.ID)
		}
	}
}

// allowedMains returns the product indexes of the main products that allow
// the add-on at product index pi, in the order its list names them. The
// slice is shared.
func (c *Catalog) allowedMains(pi int) []int32 { return c.allowed[c.allowedOff[pi]:c.allowedOff[pi+1]] }

func compareIndexedState(a, b IndexedState) int { return cmp.Compare(a.Feature, b.Feature) }

func compareIndexedValue(a, b IndexedValue) int { return cmp.Compare(a.Attribute, b.Attribute) }

// Definition returns a deep copy of the definition the catalog was built from.
func (c *Catalog) Definition() Definition { return c.orEmpty().def.Clone() }

// ServiceType returns the service type with the given ID.
func (c *Catalog) ServiceType(id string) (ServiceType, bool) {
	c = c.orEmpty()
	i, ok := c.serviceTypes[id]
	if !ok {
		return ServiceType{}, false
	}
	return c.def.ServiceTypes[i], true
}

// Feature returns a copy of the feature with the given ID.
func (c *Catalog) Feature(id string) (Feature, bool) {
	c = c.orEmpty()
	i, ok := c.features[id]
	if !ok {
		return Feature{}, false
	}
	return c.def.Features[i].clone(), true
}

// Attribute returns a copy of the attribute with the given ID and the ID of
// the feature that declares it.
func (c *Catalog) Attribute(id string) (attr Attribute, feature string, ok bool) {
	c = c.orEmpty()
	i, ok := c.attrs[id]
	if !ok {
		return Attribute{}, "", false
	}
	r := c.attrRefs[i]
	f := &c.def.Features[r.feature]
	return f.Attributes[r.attr].clone(), f.ID, true
}

// Product returns a copy of the product with the given ID.
func (c *Catalog) Product(id string) (Product, bool) {
	c = c.orEmpty()
	i, ok := c.products[id]
	if !ok {
		return Product{}, false
	}
	return c.def.Products[i].clone(), true
}

// Precedence returns where the product ranks among the layers of a
// configuration: its kind (a main product below every add-on) and its
// override priority, without copying the product. ok is false for an ID
// the catalog does not know.
func (c *Catalog) Precedence(id string) (kind Kind, priority int, ok bool) {
	c = c.orEmpty()
	i, ok := c.products[id]
	if !ok {
		return 0, 0, false
	}
	p := &c.def.Products[i]
	return p.Kind, p.Priority, true
}

// Affects reports whether product sets attribute attr or the state of its
// feature: whether assigning or removing the product can change what the
// attribute resolves to. It is false for IDs the catalog does not know,
// and costs two look-ups by ID and two binary searches of the product's
// own definitions.
func (c *Catalog) Affects(product, attr string) bool {
	c = c.orEmpty()
	pi, ok := c.products[product]
	ai, ok2 := c.attrs[attr]
	if !ok || !ok2 {
		return false
	}
	fi := c.attrRefs[ai].feature
	sets := &c.settings[pi] // both lists sorted by index
	if _, found := slices.BinarySearchFunc(sets.states, fi, func(fs IndexedState, f int) int { return fs.Feature - f }); found {
		return true
	}
	_, found := slices.BinarySearchFunc(sets.values, ai, func(v IndexedValue, a int) int { return v.Attribute - a })
	return found
}

// Group returns the product group with the given ID.
func (c *Catalog) Group(id string) (Group, bool) {
	c = c.orEmpty()
	i, ok := c.groups[id]
	if !ok {
		return Group{}, false
	}
	return c.def.Groups[i], true
}

// ServiceTypeIDs returns the IDs of all service types in definition order.
func (c *Catalog) ServiceTypeIDs() []string {
	return ids(c.orEmpty().def.ServiceTypes, func(s ServiceType) string { return s.ID })
}

// FeatureIDs returns the IDs of all features in definition (index) order.
func (c *Catalog) FeatureIDs() []string {
	return ids(c.orEmpty().def.Features, func(f Feature) string { return f.ID })
}

// ProductIDs returns the IDs of all products in definition (index) order.
func (c *Catalog) ProductIDs() []string {
	return ids(c.orEmpty().def.Products, func(p Product) string { return p.ID })
}

// GroupIDs returns the IDs of all groups in definition order.
func (c *Catalog) GroupIDs() []string {
	return ids(c.orEmpty().def.Groups, func(g Group) string { return g.ID })
}

// MainProductIDs returns the IDs of the main products in definition order.
func (c *Catalog) MainProductIDs() []string {
	var out []string
	for _, p := range c.orEmpty().def.Products {
		if p.Kind == KindMain {
			out = append(out, p.ID)
		}
	}
	return out
}

// AddOnIDs returns the IDs of the add-ons in definition order.
func (c *Catalog) AddOnIDs() []string {
	c = c.orEmpty()
	out := make([]string, len(c.addOnIndex))
	for i, pi := range c.addOnIndex {
		out[i] = c.def.Products[pi].ID
	}
	return out
}

func ids[T any](s []T, id func(T) string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = id(v)
	}
	return out
}

// AddOnsFor returns the add-ons whose allowed list names the main product
// mainID, ordered by override priority and then ID. It returns nil for an
// unknown product or one with no add-ons.
func (c *Catalog) AddOnsFor(mainID string) []string {
	c = c.orEmpty()
	i, ok := c.products[mainID]
	if !ok {
		return nil
	}
	return slices.Clone(c.addOnsFor[i])
}

// GroupMembers returns the add-ons in the group groupID, in definition order.
func (c *Catalog) GroupMembers(groupID string) []string {
	c = c.orEmpty()
	i, ok := c.groups[groupID]
	if !ok {
		return nil
	}
	return slices.Clone(c.members[i])
}

// Allows reports whether the add-on addOnID may be assigned with the main
// product mainID (the main product is in the add-on's allowed list).
func (c *Catalog) Allows(addOnID, mainID string) bool {
	c = c.orEmpty()
	i, ok := c.products[addOnID]
	return ok && c.def.Products[i].Kind == KindAddOn && slices.Contains(c.def.Products[i].AllowedMain, mainID)
}

// Excluded reports whether add-ons a and b exclude one another (either lists
// the other in Excludes).
func (c *Catalog) Excluded(a, b string) bool {
	c = c.orEmpty()
	ia, oka := c.products[a]
	ib, okb := c.products[b]
	return oka && okb && (slices.Contains(c.def.Products[ia].Excludes, b) || slices.Contains(c.def.Products[ib].Excludes, a))
}
