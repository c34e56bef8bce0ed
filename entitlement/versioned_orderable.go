package entitlement

import "time"

// Orderable is Resolver.Orderable across versions: what the catalog
// version in force at at sells, by that version's groups, names and
// descriptions — the add-ons it defines that one of its main products
// allows — each with what Versioned.Assign says of one unit of it from at
// (its Err the error Assign returns, of the same type and naming the same
// IDs). The account must resolve at at under its terms; before the first
// version's From nothing is for sale and the list is empty. A nil
// Versioned, or one without versions, returns ErrNoCatalog.
//
// Cost: one resolution of the account, then one Versioned.Assign per add-on
// for sale (at least one resolution each, with a composed catalog when the
// account holds products under older terms).
func (v *Versioned) Orderable(a Account, at time.Time) ([]GroupOffer, error) {
	if err := v.ready(); err != nil {
		return nil, err
	}
	if _, err := v.Resolve(a, at); err != nil {
		return nil, err
	}
	ver, ok := v.set.At(at)
	if !ok {
		return nil, nil
	}
	c := ver.Catalog
	return listOffers(c, func(id string) bool {
		p, _ := c.Product(id)
		return len(p.AllowedMain) > 0
	}, func(id string) error {
		_, _, err := v.Assign(a, Assignment{AddOn: id, Quantity: 1, From: at}, at)
		return err
	}), nil
}
