package apply

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
)

// refusal is why a run does not start: every problem preflight found, and
// the steps that are their root causes.
type refusal struct {
	problems []string
	// failed maps a step's index to why it cannot run (a create whose
	// secret has no value); the other steps are reported as not started.
	failed map[int]string
}

func (r *refusal) Error() string { return strings.Join(r.problems, "; ") }

// preflight makes every check that refuses a whole run before any request
// is sent: the secrets file must load, every step must be of a known kind,
// a plan with deletes needs deletes allowed both when it was made and now
// (and one with replaces, replaces or deletes allowed both times), no
// create may need a secret that has no value, and every JSON or PEM secret
// must be one. It runs exactly once
// per run: Run calls it before it reads the org, Execute before it starts.
// It returns the secrets for the run, or why the run is refused.
//
// The checks that need the org's state come after the read, in Run: the
// stale plan (CheckStale) and deletes of system objects (systemDeletes).
// A delete step also checks its own object before it is sent.
func preflight(p *plan.Plan, reg *model.Registry, opts Options) (*secretStore, *refusal) {
	secrets, err := loadSecrets(opts.SecretsFile, opts.Environ)
	if err != nil {
		return nil, &refusal{problems: []string{err.Error()}}
	}
	r := &refusal{failed: map[int]string{}}
	var deletes, replaces []string
	for _, s := range p.Steps {
		if _, ok := reg.Kind(s.Kind); !ok {
			r.problems = append(r.problems, fmt.Sprintf("step %s is of unknown kind %q", s.ID, s.Kind))
		}
		switch {
		case s.Action == plan.ActionDelete && s.Replace:
			replaces = append(replaces, s.Path)
		case s.Action == plan.ActionDelete:
			deletes = append(deletes, s.Path)
		case s.Action == plan.ActionRemoveItem && s.Destructive:
			for _, it := range s.Items {
				deletes = append(deletes, s.Path+" "+it.Set+" item "+it.Key)
			}
		}
	}
	if len(deletes) > 0 && !(opts.AllowDelete && p.AllowDelete) {
		why := "this run does not allow deletes (--allow-delete)"
		if !p.AllowDelete {
			why = "the plan was not made with --allow-delete"
		}
		r.problems = append(r.problems, fmt.Sprintf("the plan deletes %d object(s) (%s), but %s", len(deletes), listSome(deletes, 5), why))
	}
	if len(replaces) > 0 && !((opts.AllowDelete || opts.AllowReplace) && (p.AllowDelete || p.AllowReplace)) {
		why := "this run does not allow replaces (--allow-replace or --allow-delete)"
		if !p.AllowDelete && !p.AllowReplace {
			why = "the plan was not made with --allow-replace or --allow-delete"
		}
		r.problems = append(r.problems, fmt.Sprintf("the plan replaces %d object(s) (%s), but %s", len(replaces), listSome(replaces, 5), why))
	}
	r.problems = append(r.problems, guardedActions(p, reg, opts.Allow)...)
	r.problems = append(r.problems, secrets.badFormats(p, reg)...)
	if missing := secrets.missingForCreates(p); len(missing) > 0 {
		seen := map[string]bool{}
		var names []string
		for i, s := range p.Steps {
			m := missing[s.ID]
			if len(m) == 0 {
				continue
			}
			r.failed[i] = fmt.Sprintf("secret %s has no value (set %s<NAME> or use a secrets file); a create cannot leave it out", strings.Join(m, ", "), SecretEnvPrefix)
			for _, n := range m {
				if !seen[n] {
					seen[n] = true
					names = append(names, n)
				}
			}
		}
		sort.Strings(names)
		r.problems = append(r.problems, fmt.Sprintf("%d secret(s) needed by creates have no value: %s (set %s<NAME>, or pass a secrets file)",
			len(names), strings.Join(names, ", "), SecretEnvPrefix))
	}
	if len(r.problems) > 0 {
		return secrets, r
	}
	return secrets, nil
}

// guardedActions refuses the toggle steps whose action is guarded
// (model.ToggleAction.Guard) and not allowed by this run. The guard comes
// from the descriptor, not from the plan, so no saved plan can leave it
// out.
func guardedActions(p *plan.Plan, reg *model.Registry, allowed []string) []string {
	var out []string
	for _, s := range p.Steps {
		if s.Action != plan.ActionToggle || s.Toggle == nil {
			continue
		}
		k, ok := reg.Kind(s.Kind)
		if !ok {
			continue
		}
		t, ok := k.ToggleOf(s.Toggle.Field)
		if !ok {
			continue
		}
		a, ok := t.Action(s.Toggle.Value)
		if !ok || a.Guard == "" || slices.Contains(allowed, a.Guard) {
			continue
		}
		out = append(out, fmt.Sprintf("the plan would %s (%s): %s; apply does that only with --allow %s",
			s.Toggle.Label(), s.Path, a.GuardNote, a.Guard))
	}
	return out
}
