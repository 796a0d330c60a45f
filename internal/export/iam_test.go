package export

import (
	"context"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// withoutRoles answers 403 for every IAM and role endpoint, as Okta does
// for a service app that was not granted okta.roles.read; the rest goes
// to the org.
type withoutRoles struct{ *okta.Client }

func needsRoles(path string) bool {
	return strings.HasPrefix(path, "/api/v1/iam/") || strings.Contains(path, "/roles")
}

func forbidden(method, path string) error {
	return &okta.APIError{Method: method, Path: path, Status: 403, ErrorCode: "E0000006",
		ErrorSummary: "You do not have permission to perform the requested action"}
}

func (c withoutRoles) List(ctx context.Context, path string, q url.Values, limit int, fn func([]json.RawMessage) error) error {
	if needsRoles(path) {
		return forbidden("GET", path)
	}
	return c.Client.List(ctx, path, q, limit, fn)
}

func (c withoutRoles) Do(ctx context.Context, req okta.Request) (*okta.Response, error) {
	if needsRoles(req.Path) {
		return nil, forbidden(req.Method, req.Path)
	}
	return c.Client.Do(ctx, req)
}

// TestExportWithoutRolesScope: credentials without okta.roles.read (every
// service app made before oktasync knew the admin-access kinds) still
// export: the admin-access kinds are skipped, named with the scope to
// grant, and their files are kept as they were.
func TestExportWithoutRolesScope(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	reg := registry(t)
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Export(ctx, o.client, reg, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	full := readFiles(t, dir)
	var iamFiles int
	for f := range full {
		if strings.HasPrefix(f, "custom-admin-roles/") || strings.HasPrefix(f, "resource-sets/") || strings.Contains(f, "/roles/") {
			iamFiles++
		}
	}
	if iamFiles == 0 {
		t.Fatal("the sample org exports no admin-access files; the test would prove nothing")
	}
	w, err := Export(ctx, withoutRoles{o.client}, reg, dir, Options{})
	if err != nil {
		t.Fatalf("an export without okta.roles.read failed: %v", err)
	}
	if diff := cmp.Diff(full, readFiles(t, dir)); diff != "" {
		t.Errorf("the skipped kinds' files changed (-before +after):\n%s", diff)
	}
	want := map[string]string{"custom-admin-roles": "okta.roles.read", "resource-sets": "okta.roles.read", "resource-set-bindings": "okta.roles.read",
		"group-role-assignments": "okta.roles.read", "client-role-assignments": "okta.roles.read"}
	if diff := cmp.Diff(want, w.Skipped); diff != "" {
		t.Errorf("skipped kinds (-want +got):\n%s", diff)
	}
	var named []string
	for _, wr := range w.Warnings {
		if strings.Contains(wr.Message, "grant okta.roles.read") {
			named = append(named, wr.Path)
		}
	}
	sort.Strings(named)
	if diff := cmp.Diff([]string{"client-role-assignments", "custom-admin-roles", "group-role-assignments", "resource-set-bindings", "resource-sets"}, named); diff != "" {
		t.Errorf("warnings naming the scope (-want +got):\n%s", diff)
	}
	if w.Counts["groups"] == 0 {
		t.Errorf("the other kinds were not read: %v", w.Counts)
	}
}
