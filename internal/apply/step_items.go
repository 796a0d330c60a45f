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

// items writes the items of an item step (model.ItemSet) through the
// set's own endpoints: adds one request per item, or batches of at most
// MaxPerRequest when the set adds in batches; updates and removes one
// request each. {item} in an endpoint is the item's resolved key,
// {item.<field>} a field of the resolved item, {itemId} the live ID the
// plan recorded. A remove of an item that is already gone (404) is what
// the step wants.
func (e *executor) items(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult) error {
	if len(s.Items) == 0 {
		return fmt.Errorf("the step names no items")
	}
	set, ok := k.ItemSet(s.Items[0].Set)
	if !ok {
		return fmt.Errorf("%s has no item set %q", k.Name, s.Items[0].Set)
	}
	for _, it := range s.Items {
		if it.Set != set.Field {
			return fmt.Errorf("one step writes items of %s and %s", set.Field, it.Set)
		}
	}
	switch s.Action {
	case plan.ActionAddItem:
		if set.AddBatch != nil {
			return e.addBatch(ctx, s, k, set, r)
		}
		return e.addEach(ctx, s, k, set, r)
	case plan.ActionUpdateItem:
		if set.Update == nil {
			return fmt.Errorf("Okta has no endpoint to change an item of %s", set.Field)
		}
		for _, it := range s.Items {
			item, err := e.resolveItem(ctx, k, set, it.Item)
			if err != nil {
				return err
			}
			if err := e.itemRequest(ctx, s, k, set, set.Update, item, it.LiveID, r); err != nil {
				return err
			}
		}
		return nil
	case plan.ActionRemoveItem:
		if set.Remove == nil {
			return fmt.Errorf("Okta has no endpoint to remove an item of %s", set.Field)
		}
		for _, it := range s.Items {
			if strings.Contains(set.Remove.Path, "{itemId}") && it.LiveID == "" {
				return fmt.Errorf("the plan does not say which live item of %s is %s", set.Field, it.Key)
			}
			err := e.itemRequest(ctx, s, k, set, set.Remove, nil, it.LiveID, r)
			if okta.IsNotFound(err) {
				r.Reason = "already gone"
				continue
			}
			if err != nil {
				return err
			}
		}
		return nil
	default:
		return fmt.Errorf("step %s: %v is not an item action", s.ID, s.Action)
	}
}

// addBatch sends the added items in requests of at most MaxPerRequest.
// Adding an item a set holds already changes nothing, so a batch may be
// sent again after a transient error.
func (e *executor) addBatch(ctx context.Context, s *plan.Step, k *model.Kind, set model.ItemSet, r *StepResult) error {
	b := set.AddBatch
	items := make([]any, 0, len(s.Items))
	for _, it := range s.Items {
		v, err := e.resolveItem(ctx, k, set, it.Item)
		if err != nil {
			return err
		}
		items = append(items, v)
	}
	path, err := e.endpointPath(ctx, s, k, b.Path, nil, "")
	if err != nil {
		return err
	}
	q, err := query(&b.Endpoint, nil)
	if err != nil {
		return err
	}
	size := b.MaxPerRequest
	if size <= 0 {
		size = len(items)
	}
	idempotent := true
	for start := 0; start < len(items); start += size {
		chunk := items[start:min(start+size, len(items))]
		err := e.retry(ctx, r, func() error {
			_, err := e.c.Do(ctx, okta.Request{Method: b.Method, Path: path, Query: q, Body: map[string]any{b.Field: chunk}, Idempotent: &idempotent})
			return err
		})
		if err != nil {
			return err
		}
	}
	if n := (len(items) + size - 1) / size; n > 1 {
		r.Reason = fmt.Sprintf("%d items in %d requests of at most %d", len(items), n, size)
	}
	return nil
}

// addEach adds the items one request each. A POST whose outcome is unknown
// (a 5xx, a reset) is not sent again blindly: the set is listed first, and
// an item it holds already counts as added.
func (e *executor) addEach(ctx context.Context, s *plan.Step, k *model.Kind, set model.ItemSet, r *StepResult) error {
	if set.Add == nil {
		return fmt.Errorf("Okta has no endpoint to add an item to %s", set.Field)
	}
	unknown := e.inFlight[s.ID]
	if set.Add.Method == http.MethodPost {
		if err := e.journal.write(journalRecord{Type: recordStart, Step: s.ID}); err != nil {
			e.halted.Store(true)
			return err
		}
	}
	post := set.Add.Method == http.MethodPost
	for _, it := range s.Items {
		item, err := e.resolveItem(ctx, k, set, it.Item)
		if err != nil {
			return err
		}
		send, err := e.itemCall(ctx, s, k, set, set.Add, item, "")
		if err != nil {
			return err
		}
		err = e.retry(ctx, r, func() error {
			if unknown && post {
				held, err := e.holdsItem(ctx, s, k, set, item)
				if err != nil {
					return err
				}
				if held {
					r.Reason = "an earlier attempt's answer was lost; the set holds the item already"
					return nil
				}
			}
			err := send()
			if okta.IsTransient(err) {
				unknown = true
			}
			return err
		})
		if err != nil {
			return err
		}
		unknown = false
	}
	return nil
}

// itemRequest sends one per-item request, with apply's retries.
func (e *executor) itemRequest(ctx context.Context, s *plan.Step, k *model.Kind, set model.ItemSet, ep *model.Endpoint, item any, liveID string, r *StepResult) error {
	send, err := e.itemCall(ctx, s, k, set, ep, item, liveID)
	if err != nil {
		return err
	}
	return e.retry(ctx, r, send)
}

// itemCall prepares one per-item request: the endpoint filled for the
// item (or the live item ID), with the item without its key as the body
// when that leaves something. It returns one attempt.
func (e *executor) itemCall(ctx context.Context, s *plan.Step, k *model.Kind, set model.ItemSet, ep *model.Endpoint, item any, liveID string) (func() error, error) {
	path, err := e.endpointPath(ctx, s, k, ep.Path, nil, "")
	if err != nil {
		return nil, err
	}
	if path, err = fillItem(path, set, item, liveID); err != nil {
		return nil, err
	}
	q, err := query(ep, nil)
	if err != nil {
		return nil, err
	}
	var body any
	if b := set.WithoutKey(item); b != nil {
		body = b
	}
	return func() error {
		_, err := e.c.Do(ctx, okta.Request{Method: ep.Method, Path: path, Query: q, Body: body})
		return err
	}, nil
}

// fillItem fills {itemId}, {item} and {item.<field>} in an item endpoint.
func fillItem(path string, set model.ItemSet, item any, liveID string) (string, error) {
	path = strings.ReplaceAll(path, "{itemId}", url.PathEscape(liveID))
	for {
		i := strings.Index(path, "{item")
		if i < 0 {
			return path, nil
		}
		j := strings.IndexByte(path[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("bad item endpoint %q in the %s item set", path, set.Field)
		}
		name := path[i+1 : i+j]
		var v string
		switch {
		case name == "item":
			key, ok := set.KeyOf(item)
			if !ok {
				return "", fmt.Errorf("an item of %s has no key", set.Field)
			}
			v = key
		case strings.HasPrefix(name, "item."):
			m, _ := item.(map[string]any)
			f, ok := model.Lookup(m, strings.TrimPrefix(name, "item."))
			if !ok || f == nil {
				return "", fmt.Errorf("an item of %s has no %s", set.Field, strings.TrimPrefix(name, "item."))
			}
			v = fmt.Sprint(f)
		default:
			return "", fmt.Errorf("bad item endpoint %q in the %s item set", path, set.Field)
		}
		path = path[:i] + url.PathEscape(v) + path[i+j+1:]
	}
}

// resolveItem resolves an item's placeholders as its owner's body would
// have them resolved: it is put at the set's field of an empty body, so
// that the kind's reference fields (a TargetField, say) apply to it.
func (e *executor) resolveItem(ctx context.Context, k *model.Kind, set model.ItemSet, item any) (any, error) {
	body := map[string]any{}
	if err := model.SetField(body, set.Field, []any{item}); err != nil {
		return nil, err
	}
	res, err := e.resolveBody(ctx, k, body, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", set.Field, err)
	}
	items, _ := set.Items(res.body)
	if len(items) != 1 {
		return nil, fmt.Errorf("%s: the item did not resolve", set.Field)
	}
	return items[0], nil
}

// holdsItem lists the set and reports whether it holds an item with the
// resolved item's key.
func (e *executor) holdsItem(ctx context.Context, s *plan.Step, k *model.Kind, set model.ItemSet, item any) (bool, error) {
	want, ok := set.KeyOf(item)
	if !ok {
		return false, nil
	}
	path, err := e.endpointPath(ctx, s, k, set.Read.Path, nil, "")
	if err != nil {
		return false, err
	}
	listed, err := e.listWith(ctx, k, set.Read, path)
	if err != nil {
		return false, err
	}
	for _, l := range listed {
		if v, ok := set.FromRead(l); ok {
			if key, ok := set.KeyOf(v); ok && key == want {
				return true, nil
			}
		}
	}
	return false, nil
}
