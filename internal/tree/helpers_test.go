package tree

import (
	"sync"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	testkinds "github.com/oktasync/oktasync/internal/sandbox/testkinds"
)

var (
	regOnce sync.Once
	regVal  *model.Registry
	regErr  error
)

// testRegistry builds the built-in registry once per test binary, with the
// repository's schema files, plus the test-only kinds (internal/sandbox/testkinds)
// whose fields hold ORNs.
func testRegistry(t testing.TB) *model.Registry {
	t.Helper()
	regOnce.Do(func() { regVal, regErr = testkinds.Registry() })
	if regErr != nil {
		t.Fatalf("NewRegistry: %v", regErr)
	}
	return regVal
}

func mustJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	v, err := model.ParseJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v.(map[string]any)
}
