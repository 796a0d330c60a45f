package model

import (
	"os"
	"sync"
	"testing"
)

var (
	regOnce sync.Once
	regVal  *Registry
	regErr  error
)

// testRegistry builds the built-in registry once per test binary, with the
// repository's schema files.
func testRegistry(t testing.TB) *Registry {
	t.Helper()
	regOnce.Do(func() { regVal, regErr = NewRegistry(os.DirFS("../../schemas")) })
	if regErr != nil {
		t.Fatalf("NewRegistry: %v", regErr)
	}
	return regVal
}
