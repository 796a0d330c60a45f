package export

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
)

// readItems fills the item sets (model.ItemSet) of every object of k from
// their own list endpoints, one listing per object and set, a few objects
// at a time: the set goes into the live body, inline, as a file holds it,
// and each item's live ID into raw.items, in the same order. Items are
// sorted by their live form so that the body (and its fingerprint) does not
// depend on the order Okta lists them in.
func readItems(ctx context.Context, c Client, k *model.Kind, objs []*raw, joins *joiner) error {
	if len(k.ItemSets) == 0 || len(objs) == 0 {
		return nil
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(perKindParallelism)
	for _, r := range objs {
		g.Go(func() error {
			for _, set := range k.ItemSets {
				if !set.AppliesTo(r.body) {
					continue // the owner has no such set (ItemSet.When): no call
				}
				if err := readItemSet(ctx, c, k, set, r, joins); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

type liveItem struct {
	value any
	id    string
	key   string // canonical JSON of value, for sorting
}

func readItemSet(ctx context.Context, c Client, k *model.Kind, set model.ItemSet, r *raw, joins *joiner) error {
	grand := r.grandparentID
	path := fillTemplate(set.Read.Path, r.id, r.parentID, grand)
	var items []liveItem
	err := listPages(ctx, c, set.Read, path, url.Values{}, func(page []json.RawMessage) error {
		for _, raw := range page {
			v, err := model.ParseJSON(raw)
			if err != nil {
				return err
			}
			listed, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("an item of %s is not an object", set.Field)
			}
			value, ok := set.FromRead(listed)
			if jid := set.JoinID(listed); jid != "" {
				var err error
				if value, ok, err = joins.value(ctx, set.Join, jid); err != nil {
					return err
				}
			}
			if !ok {
				continue // a scalar item without its value: nothing to write
			}
			id, _ := model.Lookup(listed, set.ItemIDField())
			ids, _ := id.(string)
			if set.IDIsValue {
				ids, _ = value.(string)
			}
			items = append(items, liveItem{value: value, id: ids, key: string(model.CanonicalJSON(value))})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export %s: %s of %s: %w", k.Name, set.Field, r.id, err)
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].key < items[j].key })
	values := make([]any, len(items))
	ids := make([]string, len(items))
	for i, it := range items {
		values[i], ids[i] = it.value, it.id
	}
	if err := model.SetField(r.body, set.Field, values); err != nil {
		return fmt.Errorf("export %s: %s of %s: %w", k.Name, set.Field, r.id, err)
	}
	if r.items == nil {
		r.items = map[string][]string{}
	}
	r.items[set.Field] = ids
	return nil
}

// joiner reads the objects an item set's Join names: from the objects
// the export lists (waiting for their kind), or, for an object of a kind
// not exported or not listed, with one GET per object for the whole
// export.
type joiner struct {
	c       Client
	reg     *model.Registry
	objects func(ctx context.Context, kind string) ([]*raw, error)
	mu      sync.Mutex
	read    map[string]*lookupEntry // kind + ID → the object's live body
}

// value is a joined item's live value; ok is false when the object is
// gone or lacks a field the join names (the item is then left out, as
// Okta would drop a target whose app was deleted).
func (j *joiner) value(ctx context.Context, join *model.ItemJoin, id string) (any, bool, error) {
	body, err := j.body(ctx, join.Target, id)
	if err != nil || body == nil {
		return nil, false, err
	}
	v, ok := join.Value(id, body)
	return v, ok, nil
}

func (j *joiner) body(ctx context.Context, kind, id string) (map[string]any, error) {
	objs, err := j.objects(ctx, kind)
	if err != nil {
		return nil, err
	}
	for _, r := range objs {
		if r.id == id {
			return r.body, nil
		}
	}
	k, ok := j.reg.Kind(kind)
	if !ok || k.Get == nil {
		return nil, fmt.Errorf("export: a join names kind %q, which has no get endpoint", kind)
	}
	j.mu.Lock()
	if j.read == nil {
		j.read = map[string]*lookupEntry{}
	}
	e := j.read[kind+"\x00"+id]
	if e == nil {
		e = &lookupEntry{}
		j.read[kind+"\x00"+id] = e
	}
	j.mu.Unlock()
	e.once.Do(func() {
		path := fillTemplate(k.Get.Path, id, "", "")
		resp, err := j.c.Do(ctx, okta.Request{Method: k.Get.Method, Path: path})
		if err != nil {
			e.err = err
			return
		}
		e.value, e.err = model.ParseJSON(resp.Body)
	})
	if okta.IsNotFound(e.err) {
		return nil, nil
	}
	if e.err != nil {
		return nil, fmt.Errorf("export: reading %s %s for an item set: %w", kind, id, e.err)
	}
	body, _ := e.value.(map[string]any)
	return body, nil
}
