package apply

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// create makes the object from the step's body with the kind's create
// endpoint: a POST to the collection, or a PUT to the item path when the
// endpoint names {id} (an app group assignment is addressed by its group).
//
// A POST is not idempotent: after a transient error (a 5xx, a reset, a
// timeout) Okta may or may not have made the object. Such a create is
// never sent again blindly: the next attempt first lists the kind under
// the parent and looks for the desired identity; if the object is there it
// is adopted, otherwise the create is sent again. The same applies to a
// create an interrupted run left in flight (journal "start" without "step").
func (e *executor) create(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult) error {
	if k.Create == nil {
		return fmt.Errorf("Okta has no create endpoint for %s", k.Name)
	}
	res, err := e.resolveBody(ctx, k, s.Body, true)
	if err != nil {
		return err
	}
	body, flagged := withoutFlag(k, res.body)
	path, err := e.endpointPath(ctx, s, k, k.Create.Path, body, "")
	if err != nil {
		return err
	}
	q, err := query(k.Create, s.Params)
	if err != nil {
		return err
	}
	idempotent := k.Create.Method != http.MethodPost
	ident, identOK := k.IdentityOf(body)
	unknown := e.inFlight[s.ID]
	if identOK && !unknown {
		if err := e.checkIdentity(ctx, s, k, ident); err != nil {
			return err
		}
	}
	if err := e.journal.write(journalRecord{Type: recordStart, Step: s.ID}); err != nil {
		e.halted.Store(true)
		return err
	}
	var created map[string]any // the create's answer
	err = e.retry(ctx, r, func() error {
		if unknown && !idempotent {
			if !identOK {
				return fmt.Errorf("the outcome of an earlier attempt is unknown and a %s has no identity to look it up by; check the org, then plan again", k.Name)
			}
			found, err := e.findByIdentity(ctx, s, k, ident)
			if err != nil {
				return err
			}
			if found != nil {
				id := k.IDOf(found)
				e.publish(s.Path, id, found)
				r.CreatedID, r.Adopted = id, true
				r.Reason = "an earlier attempt's answer was lost; the object it created was found by identity and adopted"
				return nil
			}
		}
		resp, err := e.c.Do(ctx, okta.Request{Method: k.Create.Method, Path: path, Query: q, Body: body})
		if err != nil {
			if okta.IsTransient(err) {
				unknown = true
			}
			return err
		}
		obj, err := objectBody(resp)
		if err != nil {
			return err
		}
		id := k.IDOf(obj)
		// A singleton is addressed by its parent: Okta gives it no ID
		// of its own (a brand's customized sign-in page).
		if id == "" && k.Singleton == "" {
			return fmt.Errorf("%s %s: the response has no %s", k.Create.Method, path, idField(k))
		}
		e.publish(s.Path, id, obj)
		r.CreatedID = id
		created = obj
		return nil
	})
	if err == nil && created != nil && len(k.Makes) > 0 {
		// Okta made other objects with it (a custom domain's brand):
		// the update that moves the object off them deletes them.
		e.made.Store(s.Path, k.MadeBy(created))
	}
	if err != nil || !flagged || created == nil {
		return err
	}
	// Its own retries: the create is done and must not be sent again.
	return e.retry(ctx, r, func() error { return e.moveFlag(ctx, s, k, res.body, created) })
}

// findByIdentity lists the kind under the step's parent and returns the
// object whose natural key is ident, if any.
func (e *executor) findByIdentity(ctx context.Context, s *plan.Step, k *model.Kind, ident string) (map[string]any, error) {
	objs, err := e.listUnder(ctx, s, k)
	if err != nil {
		return nil, err
	}
	var found []map[string]any
	for _, o := range objs {
		if id, ok := k.IdentityOf(o); ok && id == ident {
			found = append(found, o)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, o := range found {
		ids[i] = k.IDOf(o)
	}
	return nil, fmt.Errorf("%d objects of kind %s have the identity of %s (%s): resolve the duplicate in the org, then plan again", len(found), k.Name, s.Path, strings.Join(ids, ", "))
}

// query is an endpoint's fixed query plus the step's parameters.
func query(ep *model.Endpoint, params map[string]string) (url.Values, error) {
	q, err := url.ParseQuery(ep.Query)
	if err != nil {
		return nil, fmt.Errorf("bad query %q in a kind descriptor: %w", ep.Query, err)
	}
	for k, v := range params {
		q.Set(k, v)
	}
	return q, nil
}
