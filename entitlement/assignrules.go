package entitlement

import (
	"slices"
)

// checkActive enforces the assignment rules on the active add-ons, marked
// by rank in on (its words from word lo).
func (r *Resolver) checkActive(active []activeAddOn, mi int32, on []uint64, lo int) error {
	isOn := func(q int32) bool {
		rk := r.products[q].rank
		w := int(rk>>6) - lo
		return w >= 0 && w < len(on) && on[w]&(1<<(rk&63)) != 0
	}
	for i := range active {
		ao := &active[i]
		p := &r.products[ao.p]
		if !slices.Contains(p.allowed, mi) {
			return &NotAllowedError{AddOn: p.id, Main: r.products[mi].id}
		}
		if uint(ao.qty) > uint(p.maxQty) { // overQty included
			return quantityError(p, ao.qty)
		}
		for _, q := range p.requires {
			if !isOn(q) {
				return &RequiresError{AddOn: p.id, Requires: r.products[q].id}
			}
		}
		for _, x := range p.excludes {
			if isOn(x) {
				return &ExcludesError{AddOns: sorted2(p.id, r.products[x].id)}
			}
		}
	}
	return nil
}

func sorted2(a, b string) [2]string {
	if b < a {
		return [2]string{b, a}
	}
	return [2]string{a, b}
}
