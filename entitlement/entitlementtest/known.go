package entitlementtest

import (
	"fmt"

	"github.com/tariffkit/tariff/catalog"
)

// checkKnown returns an ErrOptions error for the first known conflict that
// names something other than an add-on of c, or a pair Lint does not
// report as conflicting.
func checkKnown(c *catalog.Catalog, known [][2]string) error {
	if len(known) == 0 {
		return nil
	}
	for _, p := range known {
		for _, id := range p {
			if kind, _, ok := c.Precedence(id); !ok || kind != catalog.KindAddOn {
				return fmt.Errorf("%w: known conflict %q/%q: %q is not an add-on of the catalog", ErrOptions, p[0], p[1], id)
			}
		}
	}
	linted := map[[2]string]bool{}
	for _, w := range c.Lint() {
		for _, p := range w.Pairs() {
			linted[p] = true
			linted[[2]string{p[1], p[0]}] = true
		}
	}
	for _, p := range known {
		if !linted[p] {
			return fmt.Errorf("%w: known conflict %q/%q: Lint reports no conflict between them", ErrOptions, p[0], p[1])
		}
	}
	return nil
}
