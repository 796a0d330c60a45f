package testkinds

import "testing"

// TestRegistry: the test kinds are valid descriptors next to the built-in
// ones, with their schemas.
func TestRegistry(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range WithTestKinds(nil) {
		if _, ok := reg.Kind(k.Name); !ok {
			t.Errorf("%s is not in the registry", k.Name)
		}
		if _, ok := reg.Schema(k.Name); !ok {
			t.Errorf("%s has no schema", k.Name)
		}
	}
}
