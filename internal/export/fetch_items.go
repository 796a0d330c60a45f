package export

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"

	"golang.org/x/sync/errgroup"

	"github.com/oktasync/oktasync/internal/model"
)

// readItems fills the item sets (model.ItemSet) of every object of k from
// their own list endpoints, one listing per object and set, a few objects
// at a time: the set goes into the live body, inline, as a file holds it,
// and each item's live ID into raw.items, in the same order. Items are
// sorted by their live form so that the body (and its fingerprint) does not
// depend on the order Okta lists them in.
func readItems(ctx context.Context, c Client, k *model.Kind, objs []*raw) error {
	if len(k.ItemSets) == 0 || len(objs) == 0 {
		return nil
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(perKindParallelism)
	for _, r := range objs {
		g.Go(func() error {
			for _, set := range k.ItemSets {
				if err := readItemSet(ctx, c, k, set, r); err != nil {
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

func readItemSet(ctx context.Context, c Client, k *model.Kind, set model.ItemSet, r *raw) error {
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
			if !ok {
				continue // a scalar item without its value: nothing to write
			}
			id, _ := model.Lookup(listed, set.ItemIDField())
			ids, _ := id.(string)
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
