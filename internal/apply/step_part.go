package apply

import (
	"context"
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// takePart moves the fields of the kind's write-only part
// (model.WriteOnlyPart) out of a resolved update body and returns them,
// or nil when the step (its plan body, planned) does not write the part. The plan puts the part in
// an update only when it changes, with every field; a secret of the part
// with no value stops the step, since Okta takes the part whole.
func takePart(k *model.Kind, planned map[string]any, res *resolved) (map[string]any, error) {
	p := k.WriteOnly
	if p == nil {
		return nil, nil
	}
	if _, has := planned[p.Digest.Field]; !has {
		return nil, nil
	}
	part := map[string]any{}
	for f, v := range p.Write.Body {
		part[f] = v
	}
	for _, ptr := range res.dropped {
		for _, f := range p.Fields {
			if ptr == "/"+model.EscapePointer(f) {
				str, _ := planned[f].(string)
				name := str
				if ph, ok := model.ParsePlaceholder(str); ok {
					name = ph.Value
				}
				return nil, fmt.Errorf("%s: the %s is written whole, and secret %s has no value: set %s%s or add it to the secrets file",
					model.DisplayPointer(ptr), p.Name, name, SecretEnvPrefix, name)
			}
		}
	}
	for _, f := range p.Fields {
		v, has := res.body[f]
		if !has {
			return nil, fmt.Errorf("the %s needs %s as well", p.Name, f)
		}
		part[f] = v
		delete(res.body, f)
	}
	return part, nil
}

// writePart sends a write-only part through its endpoint and says so in
// the step's result (never with its values).
func (e *executor) writePart(ctx context.Context, s *plan.Step, k *model.Kind, part map[string]any, r *StepResult) error {
	p := k.WriteOnly
	path, err := e.endpointPath(ctx, s, k, p.Write.Path, nil, "")
	if err != nil {
		return err
	}
	idempotent := true
	err = e.retry(ctx, r, func() error {
		_, err := e.c.Do(ctx, okta.Request{Method: p.Write.Method, Path: path, Body: part, Idempotent: &idempotent})
		return err
	})
	if err != nil {
		return fmt.Errorf("writing the %s: %w", p.Name, err)
	}
	msg := fmt.Sprintf("%s written (%s)", p.Name, strings.Join(p.Fields, ", "))
	if r.Reason != "" {
		r.Reason = strings.TrimPrefix(r.Reason, "; ") + "; " + msg
	} else {
		r.Reason = msg
	}
	return nil
}
