package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// listUnder lists the objects of k under the step's parent (every query
// the descriptor names).
func (e *executor) listUnder(ctx context.Context, s *plan.Step, k *model.Kind) ([]map[string]any, error) {
	path, err := e.endpointPath(ctx, s, k, k.List.Path, nil, "")
	if err != nil {
		return nil, err
	}
	return e.list(ctx, k, path)
}

// list reads every object of k at a filled list path.
func (e *executor) list(ctx context.Context, k *model.Kind, path string) ([]map[string]any, error) {
	objs, err := e.listWith(ctx, k, k.List, path)
	for _, o := range objs {
		k.Derive(o) // as export reads them, so identities compare alike
	}
	return objs, err
}

// listWith reads every object a list endpoint (l, at a filled path) holds:
// a singleton, an array paged by Link headers, or an array inside an
// object (l.Field), paged by the body's _links.next when it has one.
// Objects with an ID of k are kept once.
func (e *executor) listWith(ctx context.Context, k *model.Kind, l model.List, path string) ([]map[string]any, error) {
	if l.Singleton {
		resp, err := e.c.Do(ctx, okta.Request{Method: http.MethodGet, Path: path})
		if err != nil {
			return nil, err
		}
		body, err := objectBody(resp)
		if err != nil || body == nil {
			return nil, fmt.Errorf("GET %s: %w", path, orNoBody(err))
		}
		return []map[string]any{body}, nil
	}
	queries := l.Queries
	if len(queries) == 0 {
		queries = []string{""}
	}
	var out []map[string]any
	seen := map[string]bool{} // the queries may overlap; keep each object once
	for _, qs := range queries {
		q, err := url.ParseQuery(qs)
		if err != nil {
			return nil, fmt.Errorf("bad list query %q in the %s descriptor: %w", qs, k.Name, err)
		}
		pages := func(fn func(page []json.RawMessage) error) error {
			if l.Field != "" {
				return okta.ListWrapped(ctx, e.c, path, q, l.Limit, l.Field, fn)
			}
			return e.c.List(ctx, path, q, l.Limit, fn)
		}
		err = pages(func(page []json.RawMessage) error {
			for _, item := range page {
				v, err := model.ParseJSON(item)
				if err != nil {
					return err
				}
				m, ok := v.(map[string]any)
				if !ok {
					continue
				}
				if id := k.IDOf(m); id != "" {
					if seen[id] {
						continue
					}
					seen[id] = true
				}
				out = append(out, m)
			}
			return nil
		})
		if err != nil && len(queries) > 1 && okta.IsFeatureNotEnabled(err) {
			continue // a part of the kind the org lacks holds nothing (export warns about it)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// discover finds an object no step made and the plan did not read: one
// Okta creates along with its parent (the system scopes and claims of a new
// authorization server, the catch-all rule of a new policy). It lists the
// kind under the parent and picks the object whose path, computed from its
// live body as export computes it, is the one asked for.
func (e *executor) discover(ctx context.Context, path string) (*liveObject, error) {
	k, parentPath, err := e.kindOf(path)
	if err != nil {
		return nil, err
	}
	if parentPath == "" {
		return nil, fmt.Errorf("no Okta ID is known for %s: it is not an object the plan read, and no step of this run created it", path)
	}
	s := &plan.Step{Kind: k.Name, Path: path, ParentPath: parentPath}
	objs, err := e.listUnder(ctx, s, k)
	if err != nil {
		return nil, fmt.Errorf("looking for %s under its parent: %w", path, err)
	}
	for _, o := range objs {
		b, _ := model.DeepCopy(o).(map[string]any)
		k.StripServerFields(b)
		if model.BasePath(k, parentPath, b) == path {
			if id := k.IDOf(o); id != "" {
				e.publish(path, id, o)
				return &liveObject{ID: id, Body: o}, nil
			}
		}
	}
	return nil, fmt.Errorf("no Okta ID is known for %s: it is not an object the plan read, no step of this run created it, and its parent holds no such object", path)
}

// discoverByIdentity finds a top-level object Okta made once the objects
// its identity names exist (a profile mapping, made with its app or IdP):
// it resolves the identity fields of the step's body (references become
// IDs) and lists the kind for the one object with that identity.
func (e *executor) discoverByIdentity(ctx context.Context, s *plan.Step, k *model.Kind) (*liveObject, error) {
	if len(k.Identity) == 0 {
		return nil, fmt.Errorf("no Okta ID is known for %s, and its kind has no identity to find it by", s.Path)
	}
	want := map[string]any{}
	for _, f := range k.Identity {
		v, ok := model.Lookup(s.Body, f)
		if !ok {
			return nil, fmt.Errorf("no Okta ID is known for %s, and the step does not say its %s", s.Path, f)
		}
		_ = model.SetField(want, f, v)
	}
	res, err := e.resolveBody(ctx, k, want, false)
	if err != nil {
		return nil, fmt.Errorf("looking for %s: %w", s.Path, err)
	}
	key, _ := k.IdentityOf(res.body)
	objs, err := e.list(ctx, k, k.List.Path)
	if err != nil {
		return nil, fmt.Errorf("looking for %s: %w", s.Path, err)
	}
	for _, o := range objs {
		if got, ok := k.IdentityOf(o); ok && got == key {
			if id := k.IDOf(o); id != "" {
				e.publish(s.Path, id, nil)
				return &liveObject{ID: id, Body: o}, nil
			}
		}
	}
	return nil, fmt.Errorf("no Okta ID is known for %s: no step of this run created it, and Okta lists none with its identity", s.Path)
}
