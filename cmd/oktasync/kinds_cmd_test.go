package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestKindsGolden pins the list of kinds, and what each supports, to
// golden files of `oktasync kinds` and `oktasync kinds --format json`: a
// kind added, removed or changed in its descriptor shows here, and the
// golden files are regenerated with -update.
func TestKindsGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"kinds.txt", []string{"kinds"}},
		{"kinds.json", []string{"kinds", "--format", "json"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v; write it with go test ./cmd/oktasync -run TestKindsGolden -update", err)
			}
			if diff := cmp.Diff(string(want), stdout); diff != "" {
				t.Errorf("oktasync %v differs from %s (-golden +got); if the change is meant, run go test ./cmd/oktasync -run TestKindsGolden -update:\n%s", tc.args, path, diff)
			}
		})
	}
	if code, _, stderr := runCLI(t, "kinds", "--format", "yaml"); code == 0 {
		t.Errorf("--format yaml was accepted: %s", stderr)
	}
}
