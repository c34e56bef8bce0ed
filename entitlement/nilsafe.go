package entitlement

import "errors"

// ErrNoCatalog is returned by the methods of a Resolver without a catalog
// (the zero Resolver, a nil *Resolver, NewResolver(nil)), by the
// package-level Resolve given a nil catalog, and by Quota on the zero
// Config.
var ErrNoCatalog = errors.New("entitlement: no catalog")

// ready returns ErrNoCatalog unless r has a catalog to resolve against.
func (r *Resolver) ready() error {
	if r == nil || r.cat == nil {
		return ErrNoCatalog
	}
	return nil
}
