package apply

import (
	"context"
	"fmt"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// Default flags (model.DefaultFlag): Okta makes the first sibling the
// default, refuses a create naming a second one, and moves the flag on an
// update. So a create never sends the flag (withoutFlag), and when Okta
// did not make the new object the default, an update moves the flag to it
// (moveFlag); the sibling that still holds the flag is deleted, as the
// last one, with the collection DELETE (deleteFlagHolder).

// withoutFlag returns body without the kind's default flag, and whether
// the flag was set.
func withoutFlag(k *model.Kind, body map[string]any) (map[string]any, bool) {
	if !k.FlagSet(body) {
		return body, false
	}
	out := model.DeepCopy(body).(map[string]any)
	model.DeleteField(out, k.Default.Field)
	return out, true
}

// moveFlag sets the default flag on the object a create just made, unless
// Okta made it the default already (obj is its answer): an update of the
// whole desired body.
func (e *executor) moveFlag(ctx context.Context, s *plan.Step, k *model.Kind, body, obj map[string]any) error {
	if k.FlagSet(obj) {
		return nil
	}
	path, err := e.endpointPath(ctx, s, k, k.Update.Path, nil, "")
	if err != nil {
		return err
	}
	resp, err := e.c.Do(ctx, okta.Request{Method: k.Update.Method, Path: path, Body: body})
	if err != nil {
		return fmt.Errorf("making it the default (%s): %w", k.Default.Field, err)
	}
	if got, err := objectBody(resp); err == nil && got != nil {
		e.publish(s.Path, "", got)
	}
	return nil
}

// deleteFlagHolder deletes an object that held the default flag before the
// run. If another sibling has taken the flag since (the plan writes it
// first), it is an ordinary delete (done is false). If it still holds it,
// it must be the last of its siblings (the plan deletes the others
// first), and the collection DELETE removes it; otherwise Okta would
// refuse, and so does apply, saying what the tree lacks.
func (e *executor) deleteFlagHolder(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult) (done bool, err error) {
	live, err := e.getLive(ctx, s, k)
	if okta.IsNotFound(err) {
		r.Reason = "already gone"
		return true, nil
	}
	if err != nil || !k.FlagSet(live) {
		return false, err
	}
	siblings, err := e.listUnder(ctx, s, k)
	if err != nil {
		return false, err
	}
	if len(siblings) > 1 {
		return false, fmt.Errorf("%s is the default (%s) and %d other %s remain: Okta keeps one default, so set %s on another in the tree",
			s.Path, k.Default.Field, len(siblings)-1, k.Name, k.Default.Field)
	}
	path, err := e.endpointPath(ctx, s, k, k.Default.DeleteAll.Path, nil, "")
	if err != nil {
		return false, err
	}
	return true, e.retry(ctx, r, func() error {
		_, err := e.c.Do(ctx, okta.Request{Method: k.Default.DeleteAll.Method, Path: path})
		if okta.IsNotFound(err) {
			r.Reason = "already gone"
			return nil
		}
		return err
	})
}
