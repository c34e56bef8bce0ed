package entitlement

import (
	"math/bits"

	"github.com/tariffkit/tariff/catalog"
)

// gvalue is the value an earlier add-on of the current equal-priority group
// gives an override attribute.
type gvalue struct {
	id    int32 // the constant's cval.id
	layer int32
}

// shared reports whether layer shares its add-on's priority with another
// active add-on (a neighbouring layer), and so may conflict with it; first,
// whether it is the first layer of its equal-priority group. Layer 0, the
// main product, is alone.
func (s *scratch) shared(layer int32) (shared, first bool) {
	if layer == 0 {
		return false, false
	}
	ao := &s.active[layer-1]
	return ao.shared, layer == 1 || s.active[layer-2].prio != ao.prio
}

// groupCheck refuses a product's feature state, or override constant, that
// differs from the one an earlier add-on of its equal-priority group gives,
// and records the product's for the group's later add-ons (apply checks
// band rules' values as it picks them). Conflicts need no other check: the
// add-ons of one priority are applied one after another; first says the
// product starts its group.
func (r *Resolver) groupCheck(s *scratch, prod *cproduct, layer int32, first bool) error {
	if first {
		for _, w := range s.gList {
			s.gDef[w] = 0
		}
		s.gList = s.gList[:0]
		for _, w := range s.gSetList {
			s.gSet[w] = 0
		}
		s.gSetList = s.gSetList[:0]
	}
	gDef, gOn := s.gDef, s.gOn
	for i, w := range prod.fw.w {
		def, on := prod.fw.def[i], prod.fw.on[i]
		if clash := gDef[w] & def & (gOn[w] ^ on); clash != 0 {
			f := int32(w<<6) + int32(bits.TrailingZeros64(clash))
			prev := layer - 1 // the nearest layer of the group that defines f
			for ; prev > 1; prev-- {
				if _, ok := r.productState(s.active[prev-1].p, f); ok {
					break
				}
			}
			old, now := catalog.Disabled, catalog.Enabled
			if gOn[w]&clash&-clash != 0 {
				old, now = now, old
			}
			return r.conflict(s, prev, layer, r.features[f].id, "", old.String(), now.String())
		}
		if gDef[w] == 0 {
			s.gList = append(s.gList, w)
		}
		gDef[w] |= def
		gOn[w] = gOn[w]&^def | on
	}
	for i, at := range prod.ovr.attr {
		if err := r.groupValue(s, int32(at), int32(prod.ovr.enc[i]>>2), layer); err != nil {
			return err
		}
	}
	return nil
}

// groupValue refuses an override value, the attribute's distinct constant
// id, that differs from the one an earlier add-on of its equal-priority
// group gives, and records it for the group's later add-ons. Equal values
// are not a conflict.
func (r *Resolver) groupValue(s *scratch, at, id, layer int32) error {
	g := &s.gVal[at]
	w := at >> 6
	if seen(s.gSet, at) {
		if g.id != id {
			ca := &r.attrs[at]
			return r.conflict(s, g.layer, layer, r.features[ca.feature].id, ca.id, ca.consts[g.id].String(), ca.consts[id].String())
		}
	} else {
		if s.gSet[w] == 0 {
			s.gSetList = append(s.gSetList, w)
		}
		mark(s.gSet, at)
	}
	*g = gvalue{id: id, layer: layer}
	return nil
}

// conflict returns the *ConflictError of the add-ons at layers l1 and l2
// (of one priority), which give feature, or attribute attr of it, values
// v1 and v2; the add-ons in ID order.
func (r *Resolver) conflict(s *scratch, l1, l2 int32, feature, attr, v1, v2 string) error {
	p1, p2 := &r.products[s.active[l1-1].p], &r.products[s.active[l2-1].p]
	e := &ConflictError{Feature: feature, Attribute: attr, AddOns: [2]string{p1.id, p2.id}, Priority: p1.priority, Values: [2]string{v1, v2}}
	if p2.id < p1.id {
		e.AddOns, e.Values = [2]string{p2.id, p1.id}, [2]string{v2, v1}
	}
	return e
}
