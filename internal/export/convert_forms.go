package export

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/model"
)

// rewriteOther writes a value of a field that holds users by login, or
// ORNs and URLs, in portable form: a user's ID becomes ${user:<login>};
// an ORN or a URL of one of the field's forms gets the org's parts as
// ${org:…} tokens and its ID as a reference (or a login). What cannot be
// made portable stays as it is, with a warning.
func (c *converter) rewriteOther(r *raw, rf model.RefField, ptr, s string) string {
	if rf.ByLogin {
		if login, ok := c.logins[s]; ok {
			return model.FormatUser(login)
		}
		c.warn(r, fmt.Sprintf("%s: user %s was not found in the org; it stays an ID", ptr, s))
		return s
	}
	m, ok := model.MatchPatterns(rf.Patterns, s)
	if !ok {
		c.warn(r, fmt.Sprintf("%s: %q has none of the forms oktasync knows; it is kept as written, with its org-specific parts", ptr, s))
		return s
	}
	p := m.Pattern()
	switch {
	case !p.HasID():
		return m.FileForm("")
	case p.ByLogin:
		if login, ok := c.logins[m.ID]; ok {
			return m.FileForm(model.FormatUser(login))
		}
		c.warn(r, fmt.Sprintf("%s: user %s was not found in the org; it stays an ID", ptr, m.ID))
	default:
		if t := c.byID[p.Target][m.ID]; t != nil && t.path != "" {
			return m.FileForm(model.FormatRef(t.path))
		}
		c.warn(r, fmt.Sprintf("%s: %q is not an object of kind %s in this export; it stays an ID", ptr, m.ID, p.Target))
	}
	return m.FileForm(m.ID)
}

// itemIDs maps the items of each item set of a converted object, by their
// key in file form, to their live IDs (read by readItems in the same order
// as the set's array), then sorts the set as files keep it. The IDs go to
// LiveMeta, never to the file: a remove-item step needs them.
func (c *converter) itemIDs(r *raw, k *model.Kind, body map[string]any) map[string]map[string]string {
	var out map[string]map[string]string
	for _, set := range k.ItemSets {
		items, _ := set.Items(body)
		ids := r.items[set.Field]
		for i, it := range items {
			key, ok := set.KeyOf(it)
			if !ok || i >= len(ids) || ids[i] == "" {
				continue
			}
			if out == nil {
				out = map[string]map[string]string{}
			}
			if out[set.Field] == nil {
				out[set.Field] = map[string]string{}
			}
			out[set.Field][key] = ids[i]
		}
		set.SortItems(items)
	}
	return out
}
