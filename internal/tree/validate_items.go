package tree

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// itemSets records the checks of what the item sets of a file may hold
// beyond its schema: a set the object cannot have (ItemSet.When: group
// targets on a role that takes none, which Okta refuses), and joined
// items (ItemJoin) whose joined part is not the named object's (an app
// target whose OIN name is not the app's).
func (r *crossRecorder) itemSets(o *model.Object, k *model.Kind) {
	for si := range k.ItemSets {
		set := &k.ItemSets[si]
		items, present := set.Items(o.Body)
		if !present {
			continue
		}
		ptr := "/body/" + strings.ReplaceAll(set.Field, ".", "/")
		if set.When != nil && !set.AppliesTo(o.Body) {
			if w, _ := model.Lookup(o.Body, set.When.Field); !isPlaceholder(w) {
				r.problem(ptr, model.SeverityError,
					fmt.Sprintf("%s: %s takes no %s (only when %s)", set.Field, aTitleOf(k, o.Body, set.When.Field), set.Field, set.When),
					"remove "+set.Field)
			}
			continue
		}
		if set.Join != nil {
			r.joinedItems(k, set, items, ptr)
		}
	}
}

// joinedItems records the check of each joined item that names an
// object against what the join makes of that object (crossJoin).
func (r *crossRecorder) joinedItems(k *model.Kind, set *model.ItemSet, items []any, ptr string) {
	rf, ok := k.Ref(set.Field + "[]")
	if !ok {
		return
	}
	for i, it := range items {
		s, ok := it.(string)
		if !ok {
			continue
		}
		for _, p := range rf.Patterns {
			id, ok := p.MatchFile(s)
			if !ok || p.Target != set.Join.Target {
				continue
			}
			ph, isPh := model.ParsePlaceholder(id)
			if !isPh || ph.Type != model.PlaceholderRef {
				break
			}
			r.add(crossCheck{op: crossJoin, ptr: ptr + "/" + strconv.Itoa(i), target: ph.Value, set: set, name: s, id: id})
			break
		}
	}
}

func isPlaceholder(v any) bool {
	s, ok := v.(string)
	return ok && strings.Contains(s, "${")
}

// aTitleOf names an object by a field for messages ("a READ_ONLY_ADMIN
// Group admin role").
func aTitleOf(k *model.Kind, body map[string]any, field string) string {
	if v, ok := model.Lookup(body, field); ok {
		return fmt.Sprintf("a %v %s", v, k.Title)
	}
	return "this " + k.Title
}
