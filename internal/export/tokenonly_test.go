package export

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// underOAuth is the client as OAuth 2.0 credentials would have it: it
// does not authenticate with an API token. It counts the requests that
// reach the private /api/internal endpoints, which it must never send.
type underOAuth struct {
	*okta.Client
	internal *atomic.Int32
}

func (c underOAuth) APIToken() bool { return false }

func (c underOAuth) List(ctx context.Context, path string, q url.Values, limit int, fn func([]json.RawMessage) error) error {
	if strings.HasPrefix(path, "/api/internal/") {
		c.internal.Add(1)
	}
	return c.Client.List(ctx, path, q, limit, fn)
}

func (c underOAuth) Do(ctx context.Context, req okta.Request) (*okta.Response, error) {
	if strings.HasPrefix(req.Path, "/api/internal/") {
		c.internal.Add(1)
	}
	return c.Client.Do(ctx, req)
}

// TestExportAPITokenOnlyUnderOAuth: under OAuth, the kinds only an API
// token reaches (Kind.APITokenOnly: the security notification emails) are
// skipped without a request, named with what would read them, and their
// files are kept; with the API token they are exported.
func TestExportAPITokenOnlyUnderOAuth(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	reg := registry(t)
	ctx := context.Background()
	if !o.client.APIToken() {
		t.Fatal("the test org's client does not use an API token")
	}
	dir := t.TempDir()
	if _, err := Export(ctx, o.client, reg, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	full := readFiles(t, dir)
	if _, ok := full["security-notification-emails/settings.yaml"]; !ok {
		t.Fatal("with the API token, the security notification emails were not exported")
	}
	var calls atomic.Int32
	res, err := Export(ctx, underOAuth{o.client, &calls}, reg, dir, Options{})
	if err != nil {
		t.Fatalf("an export under OAuth failed: %v", err)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d requests went to /api/internal under OAuth", n)
	}
	if diff := cmp.Diff(full, readFiles(t, dir)); diff != "" {
		t.Errorf("the skipped kind's file changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"security-notification-emails": TokenOnlyReason}, res.Skipped); diff != "" {
		t.Errorf("skipped kinds (-want +got):\n%s", diff)
	}
	warned := false
	for _, w := range res.Warnings {
		if w.Path == "security-notification-emails" && strings.Contains(w.Message, "only an API token (SSWS) reaches it") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning names the skipped kind: %v", res.Warnings)
	}
	if res.Counts["org-support"] != 1 {
		t.Errorf("the other org settings were not read: %v", res.Counts)
	}
}
