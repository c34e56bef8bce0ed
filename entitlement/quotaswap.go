package entitlement

import (
	"errors"
	"slices"
	"time"

	"github.com/tariffkit/tariff/catalog"
)

// heldAt returns, sorted and each once, the add-ons of a active at at: the
// ones a swap may replace.
func heldAt(a *Account, at time.Time) []string {
	var out []string
	for i := range a.AddOns {
		if a.AddOns[i].ActiveAt(at) {
			out = append(out, a.AddOns[i].AddOn)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// swapsFor returns the held add-ons that a swap for add-on id may replace,
// given what assigning id as it is gave (err): the held add-on an
// *ExcludesError or *ConflictError names beside id, which stands in the
// way; when the assignment was accepted but did not raise attr enough,
// every held add-on other than id that affects attr (sets it or its
// feature's state), which may hold it down. Any other refusal is one a
// swap cannot mend: none.
func swapsFor(c *catalog.Catalog, id, attr string, held []string, err error) []string {
	other := func(pair [2]string) []string {
		h := pair[0]
		switch id {
		case pair[0]:
			h = pair[1]
		case pair[1]:
		default:
			return nil // a refusal of something else, at a later instant
		}
		if h == id || !slices.Contains(held, h) {
			return nil
		}
		return []string{h}
	}
	var ex *ExcludesError
	var con *ConflictError
	switch {
	case err == nil:
		var out []string
		for _, h := range held {
			if h != id && c.Affects(h, attr) {
				out = append(out, h)
			}
		}
		return out
	case errors.As(err, &ex):
		return other(ex.AddOns)
	case errors.As(err, &con):
		return other(con.AddOns)
	}
	return nil
}

// swap ends held add-on h at at and assigns one unit of id from at on the
// account that leaves, returning the account and its configuration at at;
// false when either step is refused.
func swap(s seller, a Account, h, id string, at time.Time) (Account, Config, bool) {
	without, _, err := s.Unassign(a, h, at)
	if err != nil {
		return a, Config{}, false
	}
	next, cfg, err := s.Assign(without, Assignment{AddOn: id, Quantity: 1, From: at}, at)
	if err != nil {
		return a, Config{}, false
	}
	return next, cfg, true
}
