package tree

import (
	"os"
	"sync"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

var (
	regOnce sync.Once
	regVal  *model.Registry
	regErr  error
)

// testRegistry builds the built-in registry once per test binary, with the
// repository's schema files.
func testRegistry(t testing.TB) *model.Registry {
	t.Helper()
	regOnce.Do(func() { regVal, regErr = model.NewRegistry(os.DirFS("../../schemas")) })
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
