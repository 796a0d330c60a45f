package export

import (
	"context"
	"fmt"
	"sync"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"golang.org/x/sync/errgroup"
)

// detail reads each listed object with Get when the kind's list answers
// summaries (List.Detail: a profile mapping's list holds no properties).
// That is one call per object, which is the least a complete read of such
// a kind costs; the calls run concurrently, bounded like child listings.
func detail(ctx context.Context, c Client, k *model.Kind, objs []*raw) error {
	if !k.List.Detail || len(objs) == 0 {
		return nil
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(perKindParallelism)
	for _, r := range objs {
		g.Go(func() error {
			path := fillTemplate(k.Get.Path, r.id, r.parentID, r.grandparentID)
			resp, err := c.Do(ctx, okta.Request{Method: k.Get.Method, Path: path})
			if err != nil {
				return fmt.Errorf("export %s: %w", k.Name, err)
			}
			v, err := model.ParseJSON(resp.Body)
			body, ok := v.(map[string]any)
			if err != nil || !ok {
				return fmt.Errorf("export %s: GET %s did not return a JSON object", k.Name, path)
			}
			r.body = body
			return nil
		})
	}
	return g.Wait()
}

// lookupCache holds the values Kind.Lookups read, one GET per distinct ID
// and lookup for the whole export.
type lookupCache struct {
	mu sync.Mutex
	m  map[string]*lookupEntry
}

type lookupEntry struct {
	once  sync.Once
	value any
	err   error
}

func (lc *lookupCache) entry(key string) *lookupEntry {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if lc.m == nil {
		lc.m = map[string]*lookupEntry{}
	}
	e := lc.m[key]
	if e == nil {
		e = &lookupEntry{}
		lc.m[key] = e
	}
	return e
}

// lookups reads what the kind's Lookups need for each object, into
// r.lookups (convert writes them into the portable body; the raw body,
// which fingerprints are made of, keeps the IDs). An ID Okta no longer
// knows (a 404) leaves the field as it is.
func lookups(ctx context.Context, c Client, k *model.Kind, objs []*raw, cache *lookupCache) error {
	if len(k.Lookups) == 0 || len(objs) == 0 {
		return nil
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(perKindParallelism)
	var mu sync.Mutex // guards the r.lookups maps
	for _, r := range objs {
		for _, l := range k.Lookups {
			v, _ := model.Lookup(r.body, l.Field)
			id, _ := v.(string)
			if id == "" {
				continue
			}
			g.Go(func() error {
				e := cache.entry(l.GetPath(id) + "\x00" + l.Value)
				e.once.Do(func() { e.value, e.err = lookupOne(ctx, c, l, id) })
				if okta.IsNotFound(e.err) {
					return nil
				}
				if e.err != nil {
					return fmt.Errorf("export %s: %s %s: %w", k.Name, l.Get.Method, l.GetPath(id), e.err)
				}
				mu.Lock()
				if r.lookups == nil {
					r.lookups = map[string]any{}
				}
				r.lookups[l.Into] = e.value
				mu.Unlock()
				return nil
			})
		}
	}
	return g.Wait()
}

func lookupOne(ctx context.Context, c Client, l model.FieldLookup, id string) (any, error) {
	resp, err := c.Do(ctx, okta.Request{Method: l.Get.Method, Path: l.GetPath(id)})
	if err != nil {
		return nil, err
	}
	v, err := model.ParseJSON(resp.Body)
	body, ok := v.(map[string]any)
	if err != nil || !ok {
		return nil, fmt.Errorf("the answer is not a JSON object")
	}
	val, _ := model.Lookup(body, l.Value)
	return val, nil
}
