package catalog

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Scope says who may set an attribute.
type Scope uint8

// The attribute scopes. The zero Scope is ScopeProduct.
const (
	ScopeProduct Scope = iota // only products set it
	ScopeAccount              // only the account sets it (e.g. follow-me numbers)
	ScopeBoth                 // products set it and an account may override it
)

var scopeNames = [...]string{"product", "account", "both"}

// String returns the scope's name as written in catalog JSON.
func (s Scope) String() string {
	if int(s) < len(scopeNames) {
		return scopeNames[s]
	}
	return "invalid"
}

// ParseScope returns the Scope named s.
func ParseScope(s string) (Scope, bool) {
	i := slices.Index(scopeNames[:], s)
	return Scope(max(i, 0)), i >= 0
}

// ProductMaySet reports whether a product may set an attribute of scope s.
func (s Scope) ProductMaySet() bool { return s == ScopeProduct || s == ScopeBoth }

// AccountMaySet reports whether an account may set an attribute of scope s.
func (s Scope) AccountMaySet() bool { return s == ScopeAccount || s == ScopeBoth }

// Combine says how the values of several product layers make one value.
type Combine uint8

// The combine rules. The zero Combine is CombineOverride.
const (
	CombineOverride Combine = iota // the highest-precedence layer wins
	CombineSum                     // allowances add up, an add-on counted quantity times
	CombineMax                     // the largest value
	CombineMin                     // the smallest value
	CombineUnion                   // lists merge, each item once, in first-seen order
)

var combineNames = [...]string{"override", "sum", "max", "min", "union"}

// String returns the combine rule's name as written in catalog JSON.
func (c Combine) String() string {
	if int(c) < len(combineNames) {
		return combineNames[c]
	}
	return "invalid"
}

// ParseCombine returns the Combine named s.
func ParseCombine(s string) (Combine, bool) {
	i := slices.Index(combineNames[:], s)
	return Combine(max(i, 0)), i >= 0
}

// allows reports whether combine rule c applies to attributes of type t.
func (c Combine) allows(t Type) bool {
	switch c {
	case CombineOverride:
		return true
	case CombineSum, CombineMax, CombineMin:
		return t.Numeric()
	case CombineUnion:
		return t == TypeStringList
	}
	return false
}

// Kind says whether a product is a main product or an add-on.
type Kind uint8

// The product kinds. The zero Kind is invalid: every product names one.
const (
	KindInvalid Kind = iota
	KindMain         // the account's one main product
	KindAddOn        // an add-on assigned on top of a main product
)

var kindNames = [...]string{"invalid", "main", "addon"}

// String returns the kind's name as written in catalog JSON.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// ParseKind returns the Kind named s ("main" or "addon").
func ParseKind(s string) (Kind, bool) {
	i := slices.Index(kindNames[:], s)
	return Kind(max(i, 0)), i > 0
}

// State is a feature state as a layer defines it. The zero State, Undefined,
// means the layer leaves the feature to other layers.
type State uint8

// The feature states.
const (
	Undefined State = iota // the layer does not define the feature's state
	Enabled
	Disabled
)

var stateNames = [...]string{"undefined", "enabled", "disabled"}

// String returns the state's name.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "invalid"
}

// StateOf returns Enabled for true and Disabled for false.
func StateOf(enabled bool) State {
	if enabled {
		return Enabled
	}
	return Disabled
}

// ServiceType groups features, e.g. voice, email or sms.
type ServiceType struct {
	ID   string
	Name string
}

// Feature is a capability of a service type that can be enabled or disabled,
// e.g. call_waiting. It declares the attributes that parameterise it.
type Feature struct {
	ID             string
	ServiceType    string
	Name           string
	DefaultEnabled bool        // the feature's state when no layer defines it
	Attributes     []Attribute // attribute IDs are unique across the whole catalog
}

// Attribute is a typed parameter of a feature, e.g. max_forwarded_calls.
//
// Min and Max apply to numeric types (integer, decimal, quantity). Allowed
// lists the values of an enum (required) or the permitted items of a
// string list (optional: empty means any). Unit names the unit of a quantity
// (required for quantities, forbidden otherwise). Default, if set, is a
// constant: band rules belong to products.
type Attribute struct {
	ID       string
	Name     string
	Type     Type
	Unit     string
	Required bool // must have a value whenever its feature is enabled
	Min, Max decimal.NullDecimal
	Allowed  []string
	Default  Value
	Scope    Scope
	Combine  Combine
}

// Group is a product group for self-care browsing, e.g. "SMS Bundles".
// Add-ons join a group by listing it in Product.Groups. Name and
// Description are what customers read; see Product for their rules.
type Group struct {
	ID          string
	Name        string
	Description string
}

// Product is a main product or an add-on. It lists only the features and
// attribute values it explicitly defines; everything else is left to other
// layers.
//
// The add-on fields (Priority, AllowedMain, Requires, Excludes, MaxQuantity,
// OneOff, Eligible, Groups) must be empty on a main product. An add-on's
// MaxQuantity of 0 means 1. Excludes is symmetric: if A excludes B, B
// cannot be assigned beside A either.
//
// Name and Description are what customers read: "Mailbox Plus", "More
// room for your mail: up to 25 GB, by your monthly spend". A description
// is optional text without control characters other than line feeds
// ("\n", for paragraphs) that neither starts nor ends with white space
// (CodeInvalidName otherwise).
type Product struct {
	ID          string
	Name        string
	Description string
	Kind        Kind
	Priority    int      // add-on override priority: higher wins
	AllowedMain []string // main products this add-on may be assigned with
	Requires    []string // add-ons that must be present
	Excludes    []string // add-ons that must not be present
	MaxQuantity int      // how many times the add-on may be bought; 0 means 1
	// OneOff marks an add-on sold as a purchase, not a holding: a
	// self-install kit, a setup visit. An assignment of it is checked at
	// the instant it takes effect, as any add-on's, and then holds nothing:
	// it excludes, requires and defines nothing afterwards (see
	// entitlement.Resolver.Assign), and only its one-time charges are
	// billed. Assign records the purchase as an assignment whose Until
	// equals its From; an account built by hand records it the same way.
	OneOff bool
	// Eligible restricts the sale of an add-on to accounts whose facts
	// meet every condition (arpu at least 50; business equal to 1); empty,
	// it is sold to every account. Eligibility is checked when the add-on
	// is assigned (entitlement.Resolver.Assign), not while it is held: an
	// account keeps an add-on it holds when its facts change.
	Eligible []FactCondition
	Groups   []string
	Features []FeatureSetting
}

// MaxQty returns the add-on's effective maximum quantity (MaxQuantity, or 1
// when it is 0). A nil *Product answers as the zero Product: 1.
func (p *Product) MaxQty() int {
	if p == nil || p.MaxQuantity == 0 {
		return 1
	}
	return p.MaxQuantity
}

// FeatureSetting is what one product defines for one feature: optionally its
// state, and values for some of its attributes.
type FeatureSetting struct {
	Feature string
	State   State // Undefined leaves the state to other layers
	Values  []AttributeValue
}

// AttributeValue sets one attribute: a constant or a band rule.
type AttributeValue struct {
	Attribute string
	Value     Value
}

// Definition is the whole description of a catalog, as written in Go or
// decoded from JSON. New validates it and builds the immutable Catalog.
type Definition struct {
	ServiceTypes []ServiceType
	Features     []Feature
	Groups       []Group
	Products     []Product
}

func (a Attribute) clone() Attribute {
	a.Allowed = slices.Clone(a.Allowed)
	return a
}

func (f Feature) clone() Feature {
	f.Attributes = slices.Clone(f.Attributes)
	for i := range f.Attributes {
		f.Attributes[i] = f.Attributes[i].clone()
	}
	return f
}

func (p Product) clone() Product {
	p.AllowedMain = slices.Clone(p.AllowedMain)
	p.Requires = slices.Clone(p.Requires)
	p.Excludes = slices.Clone(p.Excludes)
	p.Eligible = slices.Clone(p.Eligible)
	p.Groups = slices.Clone(p.Groups)
	p.Features = slices.Clone(p.Features)
	for i := range p.Features {
		p.Features[i].Values = slices.Clone(p.Features[i].Values)
	}
	return p
}

// Clone returns a deep copy of d. Values are deeply immutable (see Value)
// and shared: no change to the copy reaches d, band rules included.
//
// The copies of the many small slices of products are carved out of a few
// shared arrays, with their capacity capped so that appending to one never
// overwrites another: a 10,000-product catalog is copied with a handful of
// allocations instead of hundreds of thousands.
func (d Definition) Clone() Definition {
	d.ServiceTypes = slices.Clone(d.ServiceTypes)
	d.Groups = slices.Clone(d.Groups)
	d.Features = slices.Clone(d.Features)
	for i := range d.Features {
		d.Features[i] = d.Features[i].clone()
	}
	nstr, nset, nval, ncond := 0, 0, 0, 0
	for i := range d.Products {
		p := &d.Products[i]
		nstr += len(p.AllowedMain) + len(p.Requires) + len(p.Excludes) + len(p.Groups)
		ncond += len(p.Eligible)
		nset += len(p.Features)
		for _, fs := range p.Features {
			nval += len(fs.Values)
		}
	}
	strs := arena[string]{buf: make([]string, 0, nstr)}
	sets := arena[FeatureSetting]{buf: make([]FeatureSetting, 0, nset)}
	vals := arena[AttributeValue]{buf: make([]AttributeValue, 0, nval)}
	conds := arena[FactCondition]{buf: make([]FactCondition, 0, ncond)}
	d.Products = slices.Clone(d.Products)
	for i := range d.Products {
		p := &d.Products[i]
		p.AllowedMain = strs.copy(p.AllowedMain)
		p.Requires = strs.copy(p.Requires)
		p.Excludes = strs.copy(p.Excludes)
		p.Groups = strs.copy(p.Groups)
		p.Eligible = conds.copy(p.Eligible)
		p.Features = sets.copy(p.Features)
		for j := range p.Features {
			p.Features[j].Values = vals.copy(p.Features[j].Values)
		}
	}
	return d
}

// arena hands out copies of slices carved from one preallocated array.
type arena[T any] struct{ buf []T }

// copy returns a copy of s (nil for nil) whose capacity is its length.
func (a *arena[T]) copy(s []T) []T {
	if s == nil {
		return nil
	}
	start := len(a.buf)
	a.buf = append(a.buf, s...)
	return a.buf[start:len(a.buf):len(a.buf)]
}
