package export

import (
	"context"
	"fmt"
	"net/http"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/userdir"
)

// lookUpUsers finds the login of every user the fetched objects name in
// fields that hold users by login (model.RefField.ByLogin, or a pattern's
// {id} marked ByLogin), with one lookup per distinct user. It returns the
// logins by user ID; a user the org does not have is left out (its ID
// stays in the file, with a warning). Credentials that may not read users
// (403: a service app without the users' read scope) are not an error:
// every user stays an ID, with one warning saying what to grant, so that
// an export that worked before users were written by login still works.
func lookUpUsers(ctx context.Context, c Client, reg *model.Registry, kinds []*model.Kind, fetched map[string][]*raw) (map[string]string, []Warning, error) {
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
		return nil, nil, nil
	}
	users, _, err := userdir.New(c, reg.Users()).LookupAll(ctx, ids)
	if okta.StatusCode(err) == http.StatusForbidden {
		return nil, []Warning{{Path: "users", Message: fmt.Sprintf("these credentials may not read users (%v), so the users rules name stay IDs, "+
			"which are not portable; grant %s to write them by login", err, reg.Users().ReadScope())}}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	out := make(map[string]string, len(users))
	for id, u := range users {
		out[id] = u.Login
	}
	return out, nil, nil
}
