package export

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"golang.org/x/sync/errgroup"
)

// Client is the part of the Okta client export needs.
type Client interface {
	List(ctx context.Context, path string, query url.Values, limit int, fn func(page []json.RawMessage) error) error
	Do(ctx context.Context, req okta.Request) (*okta.Response, error)
}

// TokenOnlyReason is why export skips a Kind.APITokenOnly kind under
// OAuth, and what Result.Skipped says it needs.
const TokenOnlyReason = "an API token (SSWS): the endpoint takes no OAuth scope"

// apiTokenClient is a Client that says how it authenticates
// (okta.Client does).
type apiTokenClient interface{ APIToken() bool }

// reachesTokenOnly reports whether c may call an endpoint that only an API
// token reaches. A client that does not say (a test double) is taken at
// its word that it can.
func reachesTokenOnly(c Client) bool {
	tc, ok := c.(apiTokenClient)
	return !ok || tc.APIToken()
}

// raw is one object as Okta returned it, with its place in the hierarchy.
type raw struct {
	kind   *model.Kind
	body   map[string]any
	parent *raw
	// path is assigned by convert.
	path string
	// id, parentID, grandparentID address the object's endpoints.
	id, parentID, grandparentID string
	// items are the live IDs of the items of each item set, in the order
	// of the set's array in body (see readItems).
	items map[string][]string
	// lookups are the values the kind's Lookups read, by Into field.
	lookups map[string]any
}

// perKindParallelism bounds the child listings of one kind that run at
// once. The client caps requests in flight org-wide; this only needs to be
// large enough to keep a kind's bucket busy.
const perKindParallelism = 8

// fetch lists every kind in kinds. A child kind waits for its parent kind,
// then lists the children of each parent object. read, when not nil,
// hears about each kind as soon as it is read (skipped tells a kind the
// credentials may not read), a parent kind before its children.
func fetch(ctx context.Context, c Client, reg *model.Registry, kinds []*model.Kind, obs Observer, unavailable, skipped map[string]string,
	read func(k *model.Kind, objs []*raw, skipped bool)) (map[string][]*raw, error) {
	out := make(map[string][]*raw, len(kinds))
	done := make(map[string]chan struct{}, len(kinds))
	for _, k := range kinds {
		done[k.Name] = make(chan struct{})
	}
	var mu sync.Mutex // guards out
	cache := &lookupCache{}
	joins := &joiner{c: c, reg: reg, objects: func(ctx context.Context, kind string) ([]*raw, error) {
		ch, ok := done[kind]
		if !ok {
			return nil, nil // not exported: the joiner reads what it needs
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		mu.Lock()
		defer mu.Unlock()
		return out[kind], nil
	}}
	g, ctx := errgroup.WithContext(ctx)
	for _, k := range kinds {
		g.Go(func() error {
			defer close(done[k.Name])
			var parents []*raw
			if k.Parent != "" {
				select {
				case <-done[k.Parent]:
				case <-ctx.Done():
					return ctx.Err()
				}
				mu.Lock()
				parents = out[k.Parent]
				mu.Unlock()
			}
			if k.APITokenOnly && !reachesTokenOnly(c) {
				// OAuth cannot reach the kind's private endpoint: skipped,
				// as a kind without its scope is (Read warns, the tree
				// keeps its files, plan and apply refuse to touch them).
				mu.Lock()
				skipped[k.Name] = TokenOnlyReason
				mu.Unlock()
				if read != nil {
					read(k, nil, true)
				}
				return nil
			}
			obs.KindStarted(k.Name)
			objs, err := fetchKind(ctx, c, k, parents, obs, func(query string, err error) {
				mu.Lock()
				unavailable[k.Name+"\x00"+query] = err.Error()
				mu.Unlock()
			})
			if err == nil {
				err = detail(ctx, c, k, objs)
			}
			if err == nil {
				err = readItems(ctx, c, k, objs, joins)
			}
			if err == nil {
				err = lookups(ctx, c, k, objs, cache)
			}
			wasSkipped := false
			if k.ScopeOptional && okta.StatusCode(err) == http.StatusForbidden {
				// Credentials without the kind's read scope: skipped,
				// not an error (Read names it and keeps its files).
				mu.Lock()
				skipped[k.Name] = err.Error()
				mu.Unlock()
				objs, err, wasSkipped = nil, nil, true
			} else if okta.IsFeatureNotEnabled(err) {
				// The org lacks the SKU for this kind (authorization
				// servers need API Access Management): there is nothing
				// to export, which is not an error.
				mu.Lock()
				unavailable[k.Name] = err.Error()
				mu.Unlock()
				objs, err = nil, nil
			}
			if err != nil {
				return err
			}
			mu.Lock()
			out[k.Name] = objs
			mu.Unlock()
			obs.KindDone(k.Name, len(objs))
			if read != nil {
				read(k, objs, wasSkipped)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// skipped hears about a list query the org answered "feature not enabled"
// (a policy type the org lacks) when the kind has other queries: that part
// of the kind is skipped, not the kind.
type skipped func(query string, err error)

func fetchKind(ctx context.Context, c Client, k *model.Kind, parents []*raw, obs Observer, skip skipped) ([]*raw, error) {
	if k.Parent == "" {
		return listUnder(ctx, c, k, nil, obs, skip)
	}
	results := make([][]*raw, len(parents)) // one slot per parent: no locks
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(perKindParallelism)
	for i, p := range parents {
		g.Go(func() error {
			objs, err := listUnder(ctx, c, k, p, obs, skip)
			results[i] = objs
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var all []*raw
	for _, r := range results {
		all = append(all, r...)
	}
	return all, nil
}

// listUnder lists the objects of k under one parent (nil for top-level).
// A parent whose body fails the kind's List.When has none, and is not
// asked: the call budget of app sub-resources.
func listUnder(ctx context.Context, c Client, k *model.Kind, parent *raw, obs Observer, skip skipped) ([]*raw, error) {
	if parent != nil && !k.ListsUnder(parent.body) {
		return nil, nil
	}
	parentID, grandID := "", ""
	if parent != nil {
		parentID = parentKey(k, parent)
		grandID = parent.parentID
		if parent.parent != nil {
			grandID = parent.parent.id
		}
	}
	path := fillTemplate(k.List.Path, "", parentID, grandID)
	var out []*raw
	add := func(body map[string]any) {
		k.Derive(body)
		out = append(out, &raw{kind: k, body: body, parent: parent,
			id: k.IDOf(body), parentID: parentID, grandparentID: grandID})
	}
	if k.List.Singleton {
		resp, err := c.Do(ctx, okta.Request{Method: "GET", Path: path})
		if err != nil && k.List.MayBeAbsent && okta.IsNotFound(err) {
			return nil, nil // not made yet (a page never customized)
		}
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", k.Name, err)
		}
		v, err := model.ParseJSON(resp.Body)
		body, ok := v.(map[string]any)
		if err != nil || !ok {
			return nil, fmt.Errorf("export %s: GET %s did not return a JSON object", k.Name, path)
		}
		add(body)
		obs.Objects(k.Name, 1)
		return out, nil
	}
	queries := k.List.Queries
	if len(queries) == 0 {
		queries = []string{""}
	}
	seen := map[string]bool{}
	for _, qs := range queries {
		q, err := url.ParseQuery(qs)
		if err != nil {
			return nil, fmt.Errorf("export %s: bad list query %q in the kind descriptor: %w", k.Name, qs, err)
		}
		err = listPages(ctx, c, k.List, path, q, func(page []json.RawMessage) error {
			for _, item := range page {
				body, err := model.ParseJSON(item)
				if err != nil {
					return fmt.Errorf("export %s: %w", k.Name, err)
				}
				item, ok := body.(map[string]any)
				if !ok {
					return fmt.Errorf("export %s: list item is not an object", k.Name)
				}
				m, ok := k.List.ObjectOf(item)
				if !ok {
					continue // the item holds no object of the kind
				}
				// The apply lock's marker is not configuration: an export
				// that held it would plan it, back it up and restore it.
				if k.IsLockMarker(m) {
					continue
				}
				// Entries of another kind the endpoint lists too (a
				// group's CUSTOM role grants, which are binding members).
				if !k.Listed(m) {
					continue
				}
				// Several queries may overlap; an object is kept once.
				if id := k.IDOf(m); id != "" {
					if seen[id] {
						continue
					}
					seen[id] = true
				}
				add(m)
			}
			obs.Objects(k.Name, len(page))
			return nil
		})
		if err != nil && len(queries) > 1 && okta.IsFeatureNotEnabled(err) {
			// One part of the kind the org lacks (a policy type whose
			// feature is off): skip it, keep the rest.
			skip(qs, err)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", k.Name, err)
		}
	}
	return out, nil
}

// listPages reads every page of a list endpoint: an array paged by Link
// headers, or, when the descriptor names a Field, an array inside an
// object, paged by the body's _links.next when it has one.
func listPages(ctx context.Context, c Client, l model.List, path string, q url.Values, fn func(page []json.RawMessage) error) error {
	if l.Field != "" {
		return okta.ListWrapped(ctx, c, path, q, l.Limit, l.Field, fn)
	}
	return c.List(ctx, path, q, l.Limit, fn)
}

// parentKey is the value a child's endpoints use for {parentId}: the
// parent's ID, or the field the child kind names (a URL is reduced to its
// last segment).
func parentKey(k *model.Kind, parent *raw) string {
	if k.ParentKey == "" {
		return parent.id
	}
	v, _ := model.Lookup(parent.body, k.ParentKey)
	s, _ := v.(string)
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// fillTemplate fills an endpoint path template.
func fillTemplate(tmpl, id, parentID, grandID string) string {
	return strings.NewReplacer("{id}", url.PathEscape(id), "{parentId}", url.PathEscape(parentID),
		"{grandparentId}", url.PathEscape(grandID)).Replace(tmpl)
}
