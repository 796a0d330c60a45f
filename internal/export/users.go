package export

import (
	"context"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/userdir"
)

// lookUpUsers finds the login of every user the fetched objects name in
// fields that hold users by login (model.RefField.ByLogin, or a pattern's
// {id} marked ByLogin), with one lookup per distinct user. It returns the
// logins by user ID; a user the org does not have is left out (its ID
// stays in the file, with a warning).
func lookUpUsers(ctx context.Context, c Client, reg *model.Registry, kinds []*model.Kind, fetched map[string][]*raw) (map[string]string, error) {
	var ids []string
	for _, k := range kinds {
		for _, rf := range k.Refs {
			if !rf.NamesUsers() {
				continue
			}
			for _, r := range fetched[k.Name] {
				for _, m := range model.Find(r.body, rf.Path) {
					s, ok := m.Value.(string)
					if !ok || s == "" {
						continue
					}
					if rf.ByLogin {
						ids = append(ids, s)
						continue
					}
					if pm, ok := model.MatchPatterns(rf.Patterns, s); ok && pm.Pattern().ByLogin && pm.ID != "" {
						ids = append(ids, pm.ID)
					}
				}
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	users, _, err := userdir.New(c, reg.Users()).LookupAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(users))
	for id, u := range users {
		out[id] = u.Login
	}
	return out, nil
}
