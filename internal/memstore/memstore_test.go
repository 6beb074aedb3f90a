package memstore_test

import (
	"testing"

	"cxroom/internal/memstore"
	"cxroom/internal/storetest"
	"cxroom/meeting"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(*testing.T) meeting.Store { return memstore.New() })
}
