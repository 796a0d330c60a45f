package apply

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// objectSlot holds what this run learned about one object (by desired
// path): the ID a create returned, and the latest body Okta sent back. A
// slot is written by the steps of its object and read by the steps that
// depend on them; the atomic pointer makes that hand-over race-free without
// a lock, and the DAG guarantees the write comes first.
type objectSlot struct{ v atomic.Pointer[liveObject] }

// liveObject is one published state of an object. It is never modified
// after it is stored.
type liveObject struct {
	ID   string
	Body map[string]any
}

// publish records an object's ID and (when known) its body.
func (e *executor) publish(path, id string, body map[string]any) {
	slot := e.objects[path]
	if slot == nil {
		return
	}
	if old := slot.v.Load(); old != nil {
		if id == "" {
			id = old.ID
		}
		if body == nil {
			body = old.Body
		}
	}
	slot.v.Store(&liveObject{ID: id, Body: body})
}

func (e *executor) slot(path string) *liveObject {
	if s := e.objects[path]; s != nil {
		return s.v.Load()
	}
	return nil
}

// currentIndex finds objects of the state read before the run by kind and
// Okta ID.
type currentIndex map[string]map[string]*model.Object

func newCurrentIndex(s *model.Snapshot) currentIndex {
	idx := currentIndex{}
	if s == nil {
		return idx
	}
	for _, o := range s.Objects() {
		if o.Live == nil || o.Live.ID == "" {
			continue
		}
		if idx[o.Kind] == nil {
			idx[o.Kind] = map[string]*model.Object{}
		}
		idx[o.Kind][o.Live.ID] = o
	}
	return idx
}

func (ci currentIndex) get(kind, id string) *model.Object { return ci[kind][id] }

// fetchCache holds bodies read with GET during the run (reference targets
// whose field a reference stands for, parents whose key is a field). The
// lock guards a map and is never held across a request.
type fetchCache struct {
	mu sync.Mutex
	m  map[string]map[string]any
}

func (f *fetchCache) get(path string) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.m[path]
}

func (f *fetchCache) put(path string, body map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string]map[string]any{}
	}
	f.m[path] = body
}

// kindOf returns the kind of a ref path.
func (e *executor) kindOf(path string) (*model.Kind, string, error) {
	info, err := e.reg.ParsePath(path)
	if err != nil {
		return nil, "", err
	}
	return info.Kind, info.ParentPath, nil
}

// idOf returns the Okta ID behind a desired path: one this run created
// (or restored from the journal), else the existing object the plan
// matched, else one Okta made with its parent (see discover).
func (e *executor) idOf(ctx context.Context, path string) (string, error) {
	if o := e.slot(path); o != nil && o.ID != "" {
		return o.ID, nil
	}
	if t, ok := e.p.Targets[path]; ok && t.ID != "" {
		return t.ID, nil
	}
	if t, ok := e.p.Targets[path]; ok && t.Identity != "" {
		// An object that exists apart from oktasync (an admin user not
		// listed yet): its ID is its login's, resolved before the run.
		if ls := model.LoginsIn(t.Identity); len(ls) == 1 && e.vals != nil {
			if id, ok := e.vals.users[ls[0]]; ok {
				return id, nil
			}
		}
		return "", fmt.Errorf("%s: no user has the login of %s in this org", path, t.Identity)
	}
	o, err := e.discover(ctx, path)
	if err != nil {
		return "", err
	}
	return o.ID, nil
}

// bodyOf returns the live body of the object at a desired path: the latest
// one this run saw, else the one read before the run, else a GET (cached).
func (e *executor) bodyOf(ctx context.Context, path string) (map[string]any, error) {
	if o := e.slot(path); o != nil && o.Body != nil {
		return o.Body, nil
	}
	k, parentPath, err := e.kindOf(path)
	if err != nil {
		return nil, err
	}
	id, err := e.idOf(ctx, path)
	if err != nil {
		return nil, err
	}
	if o := e.current.get(k.Name, id); o != nil && o.Live.Raw != nil {
		return o.Live.Raw, nil
	}
	if b := e.fetched.get(path); b != nil {
		return b, nil
	}
	if k.Get == nil {
		return nil, fmt.Errorf("%s: Okta has no endpoint to read a %s", path, k.Name)
	}
	vals := map[string]string{"{id}": id}
	if strings.Contains(k.Get.Path, "{parentId}") {
		if vals["{parentId}"], err = e.parentKey(ctx, k, parentPath); err != nil {
			return nil, err
		}
	}
	if strings.Contains(k.Get.Path, "{grandparentId}") {
		if vals["{grandparentId}"], err = e.grandparentKey(ctx, k, parentPath); err != nil {
			return nil, err
		}
	}
	resp, err := e.c.Do(ctx, okta.Request{Method: k.Get.Method, Path: fill(k.Get.Path, vals)})
	if err != nil {
		return nil, err
	}
	body, err := objectBody(resp)
	if err != nil || body == nil {
		return nil, fmt.Errorf("GET %s: %w", path, orNoBody(err))
	}
	e.fetched.put(path, body)
	return body, nil
}

// parentKey is what a child of kind k puts in {parentId}: the parent's ID,
// or the last segment of the parent's ParentKey field (a user type's
// _links.schema.href for its schema).
func (e *executor) parentKey(ctx context.Context, k *model.Kind, parentPath string) (string, error) {
	if parentPath == "" {
		return "", fmt.Errorf("a %s needs a parent, and the step names none", k.Name)
	}
	if k.ParentKey == "" {
		return e.idOf(ctx, parentPath)
	}
	body, err := e.bodyOf(ctx, parentPath)
	if err != nil {
		return "", err
	}
	v, _ := model.Lookup(body, k.ParentKey)
	s, _ := v.(string)
	s = s[strings.LastIndexByte(s, '/')+1:]
	if s == "" {
		return "", fmt.Errorf("%s has no %s, which addresses its %s", parentPath, k.ParentKey, k.Name)
	}
	return s, nil
}

// grandparentKey is {grandparentId}: the parent's own {parentId}.
func (e *executor) grandparentKey(ctx context.Context, k *model.Kind, parentPath string) (string, error) {
	pk, ok := e.reg.Kind(k.Parent)
	if !ok {
		return "", fmt.Errorf("kind %s has no parent kind", k.Name)
	}
	_, grandPath, err := e.kindOf(parentPath)
	if err != nil {
		return "", err
	}
	return e.parentKey(ctx, pk, grandPath)
}

// endpointPath fills an endpoint template for step s. body is the resolved
// body of a create whose endpoint holds {id} (a PUT to an item path: the ID
// is the body's IDField, e.g. the group of an app group assignment).
func (e *executor) endpointPath(ctx context.Context, s *plan.Step, k *model.Kind, tmpl string, body map[string]any, targetID string) (string, error) {
	vals := map[string]string{}
	var err error
	if strings.Contains(tmpl, "{id}") {
		if vals["{id}"], err = e.ownID(ctx, s, k, body); err != nil {
			return "", err
		}
	}
	if strings.Contains(tmpl, "{parentId}") {
		if s.Live != nil && s.Live.ParentID != "" {
			vals["{parentId}"] = s.Live.ParentID
		} else if vals["{parentId}"], err = e.parentKey(ctx, k, s.ParentPath); err != nil {
			return "", err
		}
	}
	if strings.Contains(tmpl, "{grandparentId}") {
		if s.Live != nil && s.Live.GrandparentID != "" {
			vals["{grandparentId}"] = s.Live.GrandparentID
		} else if vals["{grandparentId}"], err = e.grandparentKey(ctx, k, s.ParentPath); err != nil {
			return "", err
		}
	}
	if strings.Contains(tmpl, "{targetId}") {
		vals["{targetId}"] = targetID
	}
	return fill(tmpl, vals), nil
}

// ownID is the step's object's ID: from the create body (item-path
// creates), the plan, this run, or, for an object Okta made with its
// parent in this run, by listing the parent's children: the only one of a
// singleton kind (a new brand's theme), the one with the step's role (a
// new policy's catch-all rule), or the one of an implicit kind whose path
// is the step's (discover).
func (e *executor) ownID(ctx context.Context, s *plan.Step, k *model.Kind, body map[string]any) (string, error) {
	if body != nil {
		if id := k.IDOf(body); id != "" {
			return id, nil
		}
		return "", fmt.Errorf("the body has no %s, which the create endpoint needs", idField(k))
	}
	if s.Live != nil && s.Live.ID != "" {
		return s.Live.ID, nil
	}
	if o := e.slot(s.Path); o != nil && o.ID != "" {
		return o.ID, nil
	}
	if t, ok := e.p.Targets[s.Path]; ok && t.ID != "" {
		return t.ID, nil
	}
	if k.Implicit && k.Parent == "" && k.Singleton == "" {
		// A top-level object Okta made once the objects it joins exist
		// (a profile mapping): the one whose identity is the step's.
		o, err := e.discoverByIdentity(ctx, s, k)
		if err != nil {
			return "", err
		}
		return o.ID, nil
	}
	if k.Implicit && k.Singleton == "" && s.Role == "" {
		// An object Okta made with its new parent (an app's features):
		// the one whose path, computed from its body, is the step's.
		o, err := e.discover(ctx, s.Path)
		if err != nil {
			return "", err
		}
		return o.ID, nil
	}
	if k.Singleton == "" && s.Role == "" {
		return "", fmt.Errorf("no Okta ID is known for %s", s.Path)
	}
	objs, err := e.listUnder(ctx, s, k)
	if err != nil {
		return "", err
	}
	if k.Singleton == "" {
		// A system object Okta made with its parent (a new policy's
		// catch-all rule): the one with the step's role.
		var hits []map[string]any
		for _, o := range objs {
			if k.RoleOf(o) == s.Role {
				hits = append(hits, o)
			}
		}
		if len(hits) != 1 {
			return "", fmt.Errorf("expected one %s with role %q under %s, found %d", k.Name, s.Role, s.ParentPath, len(hits))
		}
		objs = hits
	}
	if len(objs) != 1 {
		return "", fmt.Errorf("expected one %s under %s, found %d", k.Name, s.ParentPath, len(objs))
	}
	id := k.IDOf(objs[0])
	if id == "" {
		return "", fmt.Errorf("the %s under %s has no %s", k.Name, s.ParentPath, idField(k))
	}
	e.publish(s.Path, id, objs[0])
	return id, nil
}

func idField(k *model.Kind) string {
	if k.IDField != "" {
		return k.IDField
	}
	return "id"
}

// fill replaces the placeholders of an endpoint template.
func fill(tmpl string, vals map[string]string) string {
	args := make([]string, 0, 2*len(vals))
	for k, v := range vals {
		args = append(args, k, url.PathEscape(v))
	}
	return strings.NewReplacer(args...).Replace(tmpl)
}

// objectBody decodes a response body that should be a JSON object; an
// empty body (204) gives nil.
func objectBody(resp *okta.Response) (map[string]any, error) {
	if resp == nil || len(strings.TrimSpace(string(resp.Body))) == 0 {
		return nil, nil
	}
	v, err := model.ParseJSON(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("decoding the response: %w", err)
	}
	m, _ := v.(map[string]any)
	return m, nil
}

func orNoBody(err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("the response holds no object")
}
