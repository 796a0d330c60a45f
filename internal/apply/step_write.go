package apply

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// update sends an update or a reorder. For a kind updated by full replace
// (PUT), the live object is read and the step's merge patch applied to it,
// so fields the file does not manage keep their live values; for a partial
// update (POST) the patch is sent as it is. A secret with no value is left
// out of the patch, which leaves the live secret alone.
func (e *executor) update(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult) error {
	if k.Update == nil {
		return fmt.Errorf("Okta has no update endpoint for %s", k.Name)
	}
	// An object Okta has just made with its parent (s.Adopt) has no
	// secret yet: as in a create, every secret must be sent.
	res, err := e.resolveBody(ctx, k, s.Body, s.Adopt)
	if err != nil {
		return err
	}
	if len(res.dropped) > 0 {
		r.Reason = fmt.Sprintf("left unchanged because their secret has no value: %s", pointerList(res.dropped))
	}
	part, err := takePart(k, s.Body, res)
	if err != nil {
		return err
	}
	if len(k.UpdateFields) > 0 {
		// The endpoint takes only these (a profile mapping's POST takes
		// properties); the rest, its identity, is how apply found it.
		keep := map[string]any{}
		for _, f := range k.UpdateFields {
			if v, ok := res.body[f]; ok {
				keep[f] = v
			}
		}
		res.body = keep
	}
	if len(res.body) == 0 {
		if part != nil {
			return e.writePart(ctx, s, k, part, r)
		}
		r.Reason += "; nothing else to send"
		return nil
	}
	path, err := e.endpointPath(ctx, s, k, k.Update.Path, nil, "")
	if err != nil {
		return err
	}
	q, err := query(k.Update, nil)
	if err != nil {
		return err
	}
	// Sending the same merged body or patch twice gives the same object,
	// so the client may repeat it after a 5xx, POST included.
	idempotent := true
	var answer map[string]any
	err = e.retry(ctx, r, func() error {
		send := res.body
		if k.UpdateMode == model.UpdatePartial && len(k.PatchWhole) > 0 {
			live, err := e.getLive(ctx, s, k)
			if err != nil {
				return err
			}
			send = patchWhole(k, res.body, live, "")
		}
		if k.UpdateMode == model.UpdateReplace {
			live, err := e.getLive(ctx, s, k)
			if err != nil {
				return err
			}
			merged, _ := mergePatch(live, res.body).(map[string]any)
			// _links and _embedded describe the API, not the object;
			// Okta ignores or refuses them in a PUT.
			delete(merged, "_links")
			delete(merged, "_embedded")
			if sameJSON(merged, live) {
				// Already as planned: a sibling's move renumbered it, or
				// an earlier attempt's answer was lost. Not writing also
				// spares objects whose order Okta pins and refuses to
				// have written (a policy's default rule).
				r.Reason = "already as planned; nothing sent"
				return nil
			}
			send = merged
		}
		var body any = send
		if k.UpdateField != "" {
			// The endpoint takes one field's value, not the object (an
			// app feature's PUT takes its capabilities).
			body, _ = model.Lookup(send, k.UpdateField)
		}
		resp, err := e.c.Do(ctx, okta.Request{Method: k.Update.Method, Path: path, Query: q, Body: body, Idempotent: &idempotent})
		if err != nil {
			return err
		}
		if obj, err := objectBody(resp); err == nil && obj != nil {
			e.publish(s.Path, "", obj)
			answer = obj
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := e.dropMade(ctx, s, k, res.body, answer, r); err != nil {
		return err
	}
	if part != nil {
		return e.writePart(ctx, s, k, part, r)
	}
	return nil
}

// getLive reads the step's object.
func (e *executor) getLive(ctx context.Context, s *plan.Step, k *model.Kind) (map[string]any, error) {
	if k.Get == nil {
		return nil, fmt.Errorf("Okta has no endpoint to read a %s, which a full-replace update needs", k.Name)
	}
	path, err := e.endpointPath(ctx, s, k, k.Get.Path, nil, "")
	if err != nil {
		return nil, err
	}
	resp, err := e.c.Do(ctx, okta.Request{Method: k.Get.Method, Path: path})
	if err != nil {
		return nil, err
	}
	obj, err := objectBody(resp)
	if err != nil || obj == nil {
		return nil, fmt.Errorf("GET %s: %w", path, orNoBody(err))
	}
	return obj, nil
}

// delete removes the object (Okta removes its children with it). A system
// object is never deleted, whatever the plan says. A 404 means the object
// is already gone, which is what the step wants: it happens when an
// earlier attempt's answer was lost.
func (e *executor) delete(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult) error {
	if k.Delete == nil {
		return fmt.Errorf("Okta has no delete endpoint for %s", k.Name)
	}
	// A singleton is addressed by its parent, and may have no ID.
	if s.Live == nil || (s.Live.ID == "" && k.Singleton == "") {
		return fmt.Errorf("the plan does not say which live object to delete")
	}
	// The object as read before the run, or, when it was not read, as it
	// is now: a system object is refused here whatever the run checked.
	var live map[string]any
	role := ""
	if o := e.currentOf(s, k); o != nil && o.Live.Raw != nil {
		live, role = o.Live.Raw, o.Role
	} else {
		got, err := e.getLive(ctx, s, k)
		if okta.IsNotFound(err) {
			r.Reason = "already gone"
			return nil
		}
		if err != nil {
			return err
		}
		live = got
	}
	if role != "" || k.IsSystem(live) {
		if role == "" {
			role = k.RoleOf(live)
		}
		return fmt.Errorf("refused: %s is a system object (role %s), which is never deleted", s.Path, role)
	}
	if k.FlagSet(live) {
		if done, err := e.deleteFlagHolder(ctx, s, k, r); done || err != nil {
			return err
		}
	}
	path, err := e.endpointPath(ctx, s, k, k.Delete.Path, nil, "")
	if err != nil {
		return err
	}
	q, err := query(k.Delete, nil)
	if err != nil {
		return err
	}
	return e.retry(ctx, r, func() error {
		_, err := e.c.Do(ctx, okta.Request{Method: k.Delete.Method, Path: path, Query: q})
		if okta.IsNotFound(err) {
			r.Reason = "already gone"
			return nil
		}
		return err
	})
}

// setRelation writes a relationship Okta keeps outside the body (an app's
// access policy) through the relation's endpoint.
func (e *executor) setRelation(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult) error {
	if s.Relation == nil {
		return fmt.Errorf("the step names no relation")
	}
	rel, ok := k.Relation(s.Relation.Name)
	if !ok {
		return fmt.Errorf("%s has no relation %q", k.Name, s.Relation.Name)
	}
	target, ok := model.ParseRef(s.Relation.Target)
	if !ok {
		return fmt.Errorf("relation %s: %q is not a ${ref:<path>}", rel.Name, s.Relation.Target)
	}
	targetID, err := e.idOf(ctx, target)
	if err != nil {
		return err
	}
	path, err := e.endpointPath(ctx, s, k, rel.Write.Path, nil, targetID)
	if err != nil {
		return err
	}
	q, err := query(&rel.Write, nil)
	if err != nil {
		return err
	}
	idempotent := rel.Write.Method != http.MethodPost
	return e.retry(ctx, r, func() error {
		_, err := e.c.Do(ctx, okta.Request{Method: rel.Write.Method, Path: path, Query: q, Idempotent: &idempotent})
		return err
	})
}

// retry runs one attempt of a step's write, and again after a transient
// error (429, 5xx, reset, timeout), up to MaxAttempts, with exponential
// back-off. Anything else is final at once: Okta has answered, and the
// same request would get the same answer.
func (e *executor) retry(ctx context.Context, r *StepResult, attempt func() error) error {
	delay := e.opts.RetryDelay
	for n := 1; ; n++ {
		r.Attempts = n
		err := attempt()
		if err == nil || !okta.IsTransient(err) || n >= e.opts.MaxAttempts || ctx.Err() != nil {
			return err
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		delay *= 2
	}
}

func pointerList(ptrs []string) string {
	out := ""
	for i, p := range ptrs {
		if i > 0 {
			out += ", "
		}
		out += model.DisplayPointer(p)
	}
	return out
}

// sameJSON reports whether a and b are the same JSON value, ignoring the
// hypermedia of b.
func sameJSON(a, b map[string]any) bool {
	bb := make(map[string]any, len(b))
	for k, v := range b {
		if k != "_links" && k != "_embedded" {
			bb[k] = v
		}
	}
	return string(model.CanonicalJSON(a)) == string(model.CanonicalJSON(bb))
}

// patchWhole returns the patch with every object Okta takes only whole
// (Kind.PatchWhole) merged into its live value, so that a change to one of
// its fields carries the others. A null (a removal) stays null.
func patchWhole(k *model.Kind, patch, live map[string]any, dotted string) map[string]any {
	out := make(map[string]any, len(patch))
	for key, v := range patch {
		dp := key
		if dotted != "" {
			dp = dotted + "." + key
		}
		pm, isMap := v.(map[string]any)
		lv, _ := live[key].(map[string]any)
		switch {
		case !isMap:
			out[key] = v
		case k.IsPatchWhole(dp) && lv != nil:
			out[key] = mergePatch(model.DeepCopy(lv), pm)
		default:
			out[key] = patchWhole(k, pm, lv, dp)
		}
	}
	return out
}
