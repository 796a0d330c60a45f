package export

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// referrerNames names the objects of a kind that has no natural key of its
// own (Kind.NamedBy) after the objects that use them: the slug of the
// local name of the referrer's top-level ancestor, the smallest such path
// when several refer to one object. The ancestors' paths are known, since
// the registry orders the named kind after them. An object nothing refers
// to is dropped from the export, with a warning: it has no name, and no
// effect on the org.
func (c *converter) referrerNames(k *model.Kind, fetched map[string][]*raw) map[*raw]string {
	best := map[string]string{} // object ID -> ancestor path
	for _, ref := range fetched[k.NamedBy.Kind] {
		top := ref
		for top.parent != nil {
			top = top.parent
		}
		if top.path == "" {
			continue
		}
		for _, m := range model.Find(ref.body, k.NamedBy.Field) {
			id, _ := m.Value.(string)
			if id == "" {
				continue
			}
			if cur, ok := best[id]; !ok || top.path < cur {
				best[id] = top.path
			}
		}
	}
	names := map[*raw]string{}
	var kept []*raw
	for _, r := range fetched[k.Name] {
		anc, ok := best[r.id]
		if !ok {
			c.warnings = append(c.warnings, Warning{Path: k.Name,
				Message: fmt.Sprintf("%s is used by no %s (%s), so it has no name and no effect; it is not exported", r.id, k.NamedBy.Kind, k.NamedBy.Field)})
			delete(c.byID[k.Name], r.id)
			continue
		}
		// The ancestor's local name: its path after the kind directory.
		local := anc[strings.IndexByte(anc, '/')+1:]
		names[r] = model.Slug(local)
		kept = append(kept, r)
	}
	fetched[k.Name] = kept
	return names
}
