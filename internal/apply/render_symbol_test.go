package apply

import (
	"testing"

	"github.com/oktasync/oktasync/internal/plan"
)

// Every action gets the plan's mark in the apply report; "?" would mean an
// action the report does not know (item steps showed it before).
func TestActionSymbolCoversEveryAction(t *testing.T) {
	want := map[plan.Action]string{
		plan.ActionCreate: "+", plan.ActionDelete: "-",
		plan.ActionUpdate: "~", plan.ActionReorder: "~", plan.ActionActivate: "~", plan.ActionDeactivate: "~",
		plan.ActionSetRelation: "~", plan.ActionToggle: "~", plan.ActionVerify: "~",
		plan.ActionAddItem: "~", plan.ActionUpdateItem: "~", plan.ActionRemoveItem: "~",
	}
	for _, a := range plan.Actions() {
		w, ok := want[a]
		if !ok {
			t.Errorf("%v: no expected mark; add one here", a)
			continue
		}
		if got := ActionSymbol(a); got != w {
			t.Errorf("ActionSymbol(%v) = %q, want %q", a, got, w)
		}
	}
}
