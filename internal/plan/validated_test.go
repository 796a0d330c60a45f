package plan

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/tree"
)

// TestValidatedPlanEqualsChecked plans every scenario whose desired tree
// validates twice: as is, and as plan and diff do after validation
// (Options.Validated, and Options.Clean from the validation's memo), and
// requires the same outputs (plan, problems, warnings): what the plan no
// longer checks again, validation checked.
func TestValidatedPlanEqualsChecked(t *testing.T) {
	ran := 0
	for _, dir := range scenarioDirs(t) {
		sc := loadScenario(t, dir)
		memo := tree.NewMemo()
		if model.HasErrors(tree.ValidateMemo(sc.desired, sc.reg, memo)) {
			continue // plan and diff refuse it before planning
		}
		ran++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want := sc.outputs(t, sc.reg, sc.desired, sc.current, false)
			validated := *sc
			validated.tweak = func(o *Options) { o.Validated, o.Clean = true, memo.Clean }
			got := validated.outputs(t, sc.reg, sc.desired, sc.current, false)
			for name := range want {
				if diff := cmp.Diff(string(want[name]), string(got[name])); diff != "" {
					t.Errorf("%s differs when validated (-checked +validated):\n%s", name, diff)
				}
			}
			if len(got) != len(want) {
				t.Errorf("outputs %d, want %d", len(got), len(want))
			}
		})
	}
	if ran < 20 {
		t.Fatalf("only %d scenarios validate", ran)
	}
}
