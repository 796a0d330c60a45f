package apply

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// toggle sets a toggle field (model.Toggle) to the step's value through
// the action endpoint for that value: a provisioning connection's
// activate, an org feature's ENABLE, a group push mapping's PATCH
// {status}.
func (e *executor) toggle(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult) error {
	if s.Toggle == nil {
		return fmt.Errorf("the step names no toggle")
	}
	t, ok := k.ToggleOf(s.Toggle.Field)
	if !ok {
		return fmt.Errorf("%s has no toggle %s", k.Name, s.Toggle.Field)
	}
	a, ok := t.Action(s.Toggle.Value)
	if !ok {
		return fmt.Errorf("%s: %s cannot be set to %q (it takes %s)", k.Name, t.Field, s.Toggle.Value, strings.Join(t.Values(), " or "))
	}
	return e.sendToggle(ctx, s, k, r, a)
}

// lifecycle calls the kind's activate or deactivate endpoint: the
// lifecycle is a toggle of the status field (model.Lifecycle.Toggle).
func (e *executor) lifecycle(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult) error {
	if k.Lifecycle == nil {
		return fmt.Errorf("%s has no lifecycle endpoints", k.Name)
	}
	value := "ACTIVE"
	if s.Action == plan.ActionDeactivate {
		value = "INACTIVE"
	}
	t := k.Lifecycle.Toggle()
	a, ok := t.Action(value)
	if !ok {
		return fmt.Errorf("Okta has no %s endpoint for %s", s.Action, k.Name)
	}
	return e.sendToggle(ctx, s, k, r, a)
}

// sendToggle sends a toggle's request. Setting a value twice gives the
// same state (activating an active object changes nothing), so the client
// may repeat it after a 5xx.
func (e *executor) sendToggle(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult, a model.ToggleAction) error {
	path, err := e.endpointPath(ctx, s, k, a.Endpoint.Path, nil, "")
	if err != nil {
		return err
	}
	q, err := query(&a.Endpoint, nil)
	if err != nil {
		return err
	}
	var body any
	if a.Body != nil {
		body = a.Body
	}
	idempotent := true
	return e.retry(ctx, r, func() error {
		resp, err := e.c.Do(ctx, okta.Request{Method: a.Endpoint.Method, Path: path, Query: q, Body: body, Idempotent: &idempotent})
		if err != nil {
			return err
		}
		if obj, err := objectBody(resp); err == nil && obj != nil && k.IDOf(obj) != "" {
			e.publish(s.Path, "", obj)
		}
		return nil
	})
}

// verify asks Okta to check a DNS-bound object's records
// (model.Verification). An object that is not verified yet is not a
// failure: the records may simply not be published. The step is applied
// with a warning that lists them; so is a 400, which is how Okta answers a
// check that found nothing.
func (e *executor) verify(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult) error {
	v := k.Verify
	if v == nil {
		return fmt.Errorf("%s is not a DNS-bound kind", k.Name)
	}
	path, err := e.endpointPath(ctx, s, k, v.Endpoint.Path, nil, "")
	if err != nil {
		return err
	}
	q, err := query(&v.Endpoint, nil)
	if err != nil {
		return err
	}
	// A check changes nothing but the verification status: it may be
	// repeated after a 5xx.
	idempotent := true
	return e.retry(ctx, r, func() error {
		resp, err := e.c.Do(ctx, okta.Request{Method: v.Endpoint.Method, Path: path, Query: q, Idempotent: &idempotent})
		var ae *okta.APIError
		if errors.As(err, &ae) && ae.Status == http.StatusBadRequest {
			body, _ := e.bodyOf(ctx, s.Path)
			r.Warnings = append(r.Warnings, e.secrets.mask(notVerified(v, body, "Okta answered: "+ae.ErrorSummary)))
			return nil
		}
		if err != nil {
			return err
		}
		obj, err := objectBody(resp)
		if err != nil {
			return err
		}
		if obj != nil {
			e.publish(s.Path, "", obj)
		}
		if obj == nil || !v.IsVerified(obj) {
			r.Warnings = append(r.Warnings, notVerified(v, obj, ""))
			return nil
		}
		r.Reason = fmt.Sprintf("verified (%s %s)", v.StatusField, v.Status(obj))
		return nil
	})
}

// notVerified is the warning for an object Okta has not verified: its
// status and the DNS records to publish.
func notVerified(v *model.Verification, body map[string]any, why string) string {
	msg := fmt.Sprintf("not yet verified (%s %s)", v.StatusField, orNone(v.Status(body)))
	if why != "" {
		msg += "; " + why
	}
	var recs []string
	for _, rec := range v.RecordsOf(body) {
		recs = append(recs, rec.String())
	}
	if len(recs) > 0 {
		msg += "; publish these DNS records, then plan with --verify: " + strings.Join(recs, "; ")
	}
	return msg
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
