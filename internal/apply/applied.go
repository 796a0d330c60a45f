package apply

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
)

// A plan applied once and run again is refused either way, since the org
// moved on from the state it was made against. What matters is that the
// refusal says why: "stale plan … was changed" about the plan's own writes
// sends a person looking for someone else's change that never happened.
//
//   - With the journal of the run, the journal says the plan completed:
//     AlreadyAppliedError names when.
//   - Without it (another machine ran it, or the journal was removed), a
//     stale check whose every finding is the plan's own result (each
//     created object exists as created, each update's fields hold its
//     values, each deleted object is gone, each status and relation is as
//     set) says so instead of listing the objects as changed.

// AlreadyAppliedError is the refusal to run a plan again.
type AlreadyAppliedError struct {
	// When is the time of the run's last journal line; empty when the
	// finding comes from the org's state.
	When    string
	Journal string
	// Objects are the objects that hold the plan's result (state only).
	Objects int
}

func (e *AlreadyAppliedError) Error() string {
	if e.When != "" {
		return fmt.Sprintf("apply refused: this plan was already applied on %s (journal %s says every step completed); nothing was changed. "+
			"Run `oktasync plan` to see what differs now", e.When, e.Journal)
	}
	return fmt.Sprintf("apply refused: this plan appears to have been applied already: the org now holds the plan's own result "+
		"(all %d object(s) the stale check found changed are as the plan leaves them); nothing was changed. "+
		"Run `oktasync plan` to see what differs now", e.Objects)
}

// checkJournalDone refuses a plan whose journal records a completed run.
// A missing journal, or one that records an unfinished run or another plan,
// is left to the journal's own checks (openJournal and --resume).
func checkJournalDone(path, planHash string) error {
	if path == "" {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	st, err := ReadJournal(path, planHash)
	if err != nil || !st.Complete() {
		return nil
	}
	return &AlreadyAppliedError{When: st.LastTime, Journal: path}
}

// holdsResult reports whether every object a stale check flagged already
// holds what the plan's steps would make of it: the plan ran before.
func holdsResult(p *plan.Plan, current *model.Snapshot, stale *StaleError) bool {
	if stale == nil || len(stale.Objects) == 0 {
		return false
	}
	reg := current.Registry()
	byPath := map[string][]*plan.Step{}
	for i := range p.Steps {
		s := &p.Steps[i]
		cp := s.CurrentPath
		if cp == "" {
			cp = s.Path
		}
		byPath[cp] = append(byPath[cp], s)
	}
	toCurrent := func(desired string) string {
		if t, ok := p.Targets[desired]; ok && t.CurrentPath != "" {
			return t.CurrentPath
		}
		return desired // created by the plan: found at the path it was made for
	}
	for _, so := range stale.Objects {
		steps := byPath[so.Path]
		if len(steps) == 0 {
			return false // a change the plan does not account for
		}
		o, exists := current.Get(so.Path)
		for _, s := range steps {
			k, ok := reg.Kind(s.Kind)
			if !ok || !stepHolds(s, k, o, exists, toCurrent) {
				return false
			}
		}
	}
	// Every create must have left its object, even one the stale check
	// had no reason to flag.
	for _, s := range p.Steps {
		if s.Action == plan.ActionCreate {
			if _, ok := current.Get(s.Path); !ok {
				return false
			}
		}
	}
	return true
}

// stepHolds reports whether the current object o (exists says whether
// there is one) is what step s makes it.
func stepHolds(s *plan.Step, k *model.Kind, o *model.Object, exists bool, toCurrent func(string) string) bool {
	switch s.Action {
	case plan.ActionDelete:
		return !exists
	case plan.ActionCreate, plan.ActionUpdate, plan.ActionReorder:
		return exists && holdsPatch(s.Body, o.Body, toCurrent)
	case plan.ActionActivate, plan.ActionDeactivate:
		if !exists || k.Lifecycle == nil {
			return false
		}
		want := "ACTIVE"
		if s.Action == plan.ActionDeactivate {
			want = "INACTIVE"
		}
		v, _ := model.Lookup(o.Body, k.Lifecycle.StatusField)
		return v == want
	case plan.ActionSetRelation:
		if !exists || s.Relation == nil {
			return false
		}
		target, ok := model.ParseRef(s.Relation.Target)
		return ok && o.Relations[s.Relation.Name] == model.FormatRef(toCurrent(target))
	case plan.ActionAddItem, plan.ActionUpdateItem, plan.ActionRemoveItem, plan.ActionToggle, plan.ActionVerify:
		// Not decided from the object alone (item IDs, toggle endpoints and
		// DNS state are not in the exported body): never claim such a plan
		// is already applied; the stale check and the run itself decide.
		return false
	}
	return false
}

// holdsPatch reports whether body holds every value of a merge patch (or a
// create body): null means absent, objects merge, anything else is equal.
// A secret placeholder cannot be compared (the value is not read back) and
// counts as held; references compare by the current object they name.
func holdsPatch(patch, body map[string]any, toCurrent func(string) string) bool {
	for key, pv := range patch {
		cv, has := body[key]
		switch pt := pv.(type) {
		case nil:
			if has && cv != nil {
				return false
			}
		case map[string]any:
			cm, ok := cv.(map[string]any)
			if !ok || !holdsPatch(pt, cm, toCurrent) {
				return false
			}
		default:
			if !has || !sameValue(pv, cv, toCurrent) {
				return false
			}
		}
	}
	return true
}

func sameValue(want, got any, toCurrent func(string) string) bool {
	if s, ok := want.(string); ok && strings.Contains(s, "${secret:") {
		return true
	}
	want = model.RewriteRefs(want, toCurrent)
	if string(model.CanonicalJSON(want)) == string(model.CanonicalJSON(got)) {
		return true
	}
	// Placeholders of variables become text; "5" and 5 are the same value
	// to Okta's JSON reader in the fields where that happens.
	ws, wok := scalarText(want)
	gs, gok := scalarText(got)
	return wok && gok && ws == gs
}

func scalarText(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case bool, float64, int, int64:
		return fmt.Sprint(t), true
	case interface{ String() string }: // json.Number
		return t.String(), true
	}
	return "", false
}
