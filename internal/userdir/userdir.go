package userdir

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
)

// Parallelism is how many lookups run at once. They are charged to the
// users bucket, which the client's governor paces; a few at a time keeps
// it busy without crowding the requests of the run they serve.
const Parallelism = 4

// User is one user as the org knows it.
type User struct {
	ID, Login string
}

// Directory looks users up in one org, once per user.
type Directory struct {
	c    okta.Doer
	desc model.UserDirectory

	mu    sync.Mutex
	cache map[string]result // by ID or lower-case login
}

type result struct {
	u     User
	found bool
}

// New returns a directory that asks the org through c.
func New(c okta.Doer, desc model.UserDirectory) *Directory {
	return &Directory{c: c, desc: desc, cache: map[string]result{}}
}

// cacheKey folds logins' case: Okta matches logins without regard to it.
func cacheKey(key string) string { return strings.ToLower(key) }

// Lookup returns the user with key as ID or login; found is false when the
// org has none.
func (d *Directory) Lookup(ctx context.Context, key string) (User, bool, error) {
	d.mu.Lock()
	r, ok := d.cache[cacheKey(key)]
	d.mu.Unlock()
	if ok {
		return r.u, r.found, nil
	}
	path := strings.ReplaceAll(d.desc.Get.Path, "{id}", url.PathEscape(key))
	resp, err := d.c.Do(ctx, okta.Request{Method: d.desc.Get.Method, Path: path})
	if okta.IsNotFound(err) {
		d.store(key, result{})
		return User{}, false, nil
	}
	if err != nil {
		return User{}, false, fmt.Errorf("looking up user %s: %w", key, err)
	}
	v, err := model.ParseJSON(resp.Body)
	body, isObj := v.(map[string]any)
	if err != nil || !isObj {
		return User{}, false, fmt.Errorf("looking up user %s: the answer is not a user", key)
	}
	login, _ := model.Lookup(body, d.desc.LoginField)
	id, _ := model.Lookup(body, "id")
	u := User{ID: fmt.Sprint(id), Login: fmt.Sprint(login)}
	if u.ID == "" || u.Login == "" || id == nil || login == nil {
		return User{}, false, fmt.Errorf("looking up user %s: the answer has no id or %s", key, d.desc.LoginField)
	}
	d.store(key, result{u: u, found: true})
	d.store(u.ID, result{u: u, found: true})
	d.store(u.Login, result{u: u, found: true})
	return u, true, nil
}

func (d *Directory) store(key string, r result) {
	d.mu.Lock()
	d.cache[cacheKey(key)] = r
	d.mu.Unlock()
}

// LookupAll looks every distinct key up, Parallelism at a time, and
// returns the users found by key (as given) and the keys the org does not
// have, sorted.
func (d *Directory) LookupAll(ctx context.Context, keys []string) (map[string]User, []string, error) {
	distinct := map[string]bool{}
	var todo []string
	for _, k := range keys {
		if k != "" && !distinct[k] {
			distinct[k] = true
			todo = append(todo, k)
		}
	}
	sort.Strings(todo)
	users := make([]User, len(todo))
	found := make([]bool, len(todo))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(Parallelism)
	for i, k := range todo {
		g.Go(func() error {
			u, ok, err := d.Lookup(gctx, k)
			users[i], found[i] = u, ok
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	out := map[string]User{}
	var missing []string
	for i, k := range todo {
		if found[i] {
			out[k] = users[i]
		} else {
			missing = append(missing, k)
		}
	}
	return out, missing, nil
}
