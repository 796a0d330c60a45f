package userdir

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	sbtestkinds "github.com/oktasync/oktasync/internal/sandbox/testkinds"
	"github.com/oktasync/oktasync/schemas"
)

func newDirectory(t *testing.T) (*Directory, *sandbox.Server, *model.Registry) {
	t.Helper()
	srv, err := sandbox.New(sandbox.Options{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c, err := okta.New(okta.Config{OrgURL: hs.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	return New(c, reg.Users()), srv, reg
}

// TestLookups: users are found by ID and by login (in any case), a user
// the org lacks is an answer (not found), and each distinct user costs
// one request, however often it is asked for.
func TestLookups(t *testing.T) {
	ctx := context.Background()
	d, srv, _ := newDirectory(t)
	alice := sbtestkinds.AddUser(srv, "alice@example.com")

	u, found, err := d.Lookup(ctx, alice)
	if err != nil || !found || u != (User{ID: alice, Login: "alice@example.com"}) {
		t.Fatalf("Lookup(id) = %v, %v, %v", u, found, err)
	}
	// Found by ID, then by login (any case) from the cache.
	reqs := srv.Stats().Requests
	if u, found, err := d.Lookup(ctx, "Alice@Example.com"); err != nil || !found || u.ID != alice {
		t.Errorf("Lookup(login) = %v, %v, %v", u, found, err)
	}
	if n := srv.Stats().Requests - reqs; n != 0 {
		t.Errorf("a cached user cost %d requests", n)
	}
	if _, found, err := d.Lookup(ctx, "nobody@example.com"); err != nil || found {
		t.Errorf("a missing user: found %v, err %v", found, err)
	}

	d2, srv2, _ := newDirectory(t)
	carol := sbtestkinds.AddUser(srv2, "carol@example.com")
	reqs = srv2.Stats().Requests
	users, missing, err := d2.LookupAll(ctx, []string{carol, "carol@example.com", carol, "x@example.com", "x@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 || users[carol].Login != "carol@example.com" || users["carol@example.com"].ID != carol {
		t.Errorf("users %v", users)
	}
	if len(missing) != 1 || missing[0] != "x@example.com" {
		t.Errorf("missing %v", missing)
	}
	// carol by ID, then by login from the cache (or the other way round:
	// lookups run in parallel, so at most one of each), the missing one once.
	if n := srv2.Stats().Requests - reqs; n < 2 || n > 3 {
		t.Errorf("%d requests for 2 distinct users and a missing one", n)
	}
}

// TestCheck: every login a tree names is looked up, and each use of one
// the org lacks is an error at its file and line, before anything else.
func TestCheck(t *testing.T) {
	ctx := context.Background()
	d, srv, reg := newDirectory(t)
	sbtestkinds.AddUser(srv, "alice@example.com")
	s := model.NewSnapshot(reg)
	rule := &model.Object{Kind: "group-rules", Path: "group-rules/r", Body: map[string]any{
		"name": "R",
		"conditions": map[string]any{"people": map[string]any{"users": map[string]any{
			"exclude": []any{"${user:alice@example.com}", "${user:ghost@example.com}"}}}},
	}}
	rule.SetLines(map[string]int{"/body/conditions/people/users/exclude/1": 12})
	if err := s.Add(rule); err != nil {
		t.Fatal(err)
	}
	problems, err := d.Check(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 {
		t.Fatalf("problems %v", problems)
	}
	p := problems[0]
	if p.File != "group-rules/r.yaml" || p.Line != 12 || p.Severity != model.SeverityError ||
		!strings.Contains(p.Message, "user ghost@example.com does not exist in this org") || p.Hint != MissingHint {
		t.Errorf("problem %s", p)
	}
}
