package memstore_test

import (
	"testing"

	"github.com/tariffkit/tariff/loyalty"
	"github.com/tariffkit/tariff/loyalty/memstore"
	"github.com/tariffkit/tariff/loyalty/storetest"
)

func TestConformance(t *testing.T) {
	storetest.TestStore(t, func() loyalty.Store { return memstore.New() })
}
