package pgstore

import (
	"testing"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/storetest"
)

func TestStore(t *testing.T) {
	db := needDB(t)
	t.Logf("engine: %s", engine)
	storetest.TestStore(t, func() loyalty.Store { return emptyStore(t, db) })
}
