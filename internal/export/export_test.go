package export

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/tree"
	"github.com/oktasync/oktasync/schemas"
)

type org struct {
	srv    *sandbox.Server
	client *okta.Client
	url    string
	http   *http.Client // for raw requests (nil: http.DefaultClient)
}

func newOrg(t *testing.T, opts sandbox.Options) *org {
	t.Helper()
	opts.Token = "t"
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c, err := okta.New(okta.Config{OrgURL: hs.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	return &org{srv: srv, client: c, url: hs.URL}
}

func registry(t *testing.T) *model.Registry {
	t.Helper()
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func readFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExportSample: the sample org exports to a tree that validates, and a
// second export changes nothing, not even modification times.
func TestExportSample(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	reg := registry(t)
	dir := t.TempDir()
	// Every kind, the opt-in ones too.
	opts := Options{Include: []string{"user-role-assignments"}}
	w, err := Export(context.Background(), o.client, reg, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Warnings) != 0 {
		t.Errorf("warnings on the sample org: %v", w.Warnings)
	}
	for _, k := range reg.Kinds() {
		if w.Counts[k.Name] == 0 {
			t.Errorf("no %s exported from the sample org", k.Name)
		}
	}
	snap, problems := tree.Read(dir, reg)
	problems = append(problems, tree.Validate(snap, reg)...)
	for _, p := range problems {
		t.Errorf("validate: %v", p)
	}
	before := map[string]time.Time{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, _ error) error {
		if !d.IsDir() {
			info, _ := d.Info()
			before[p] = info.ModTime()
		}
		return nil
	})
	files := readFiles(t, dir)
	time.Sleep(20 * time.Millisecond) // let a rewrite show in mtimes
	w2, err := Export(context.Background(), o.client, reg, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(w2.Files.Written) != 0 || len(w2.Files.Removed) != 0 {
		t.Fatalf("second export wrote %v and removed %v", w2.Files.Written, w2.Files.Removed)
	}
	if diff := cmp.Diff(files, readFiles(t, dir)); diff != "" {
		t.Fatalf("second export differs (-first +second):\n%s", diff)
	}
	for p, mt := range before {
		info, err := os.Stat(p)
		if err != nil || !info.ModTime().Equal(mt) {
			t.Fatalf("%s: modification time changed on an unchanged file", p)
		}
	}
}

// TestExportIsPortable: two orgs with the same configuration but different
// IDs (different seeds) export to the same tree.
func TestExportIsPortable(t *testing.T) {
	reg := registry(t)
	a := newOrg(t, sandbox.Options{Sample: true, Seed: 1, Subdomain: "acme-preview"})
	b := newOrg(t, sandbox.Options{Sample: true, Seed: 99, Subdomain: "acme"})
	da, db := t.TempDir(), t.TempDir()
	ra, err := Export(context.Background(), a.client, reg, da, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Export(context.Background(), b.client, reg, db, Options{}); err != nil {
		t.Fatal(err)
	}
	fa, fb := readFiles(t, da), readFiles(t, db)
	if diff := cmp.Diff(fa, fb); diff != "" {
		t.Fatalf("trees of two orgs with the same config differ (-a +b):\n%s", diff)
	}
	// The orgs really had different IDs.
	idB := map[string]bool{}
	rb, _ := Read(context.Background(), b.client, reg, Options{})
	for _, obj := range rb.Snapshot.Objects() {
		idB[obj.Live.ID] = true
	}
	same := 0
	for _, obj := range ra.Snapshot.Objects() {
		if k, _ := reg.Kind(obj.Kind); k.IDField != "" && k.IDField != "id" {
			continue // addressed by a name (an app feature's), the same in every org
		}
		if len(obj.Live.ID) == 20 && idB[obj.Live.ID] {
			same++
		}
	}
	if same != 0 {
		t.Fatalf("%d objects have the same ID in both orgs; the portability test proves nothing", same)
	}
}

var oktaIDish = regexp.MustCompile(`\b[0-9a-zA-Z]{20}\b`)

// TestExportCarriesNoIDsOrSecrets searches the tree for every ID of the
// source org and for the secrets the sandbox issued or was given.
func TestExportCarriesNoIDsOrSecrets(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	reg := registry(t)
	ctx := context.Background()
	// An OIDC web app: Okta generates its client secret and shows it once.
	var app map[string]any
	err := o.client.DoJSON(ctx, okta.Request{Method: "POST", Path: "/api/v1/apps", Body: map[string]any{
		"name": "oidc_client", "label": "Secret Test", "signOnMode": "OPENID_CONNECT",
		"credentials": map[string]any{"oauthClient": map[string]any{"token_endpoint_auth_method": "client_secret_basic"}},
		"settings": map[string]any{"oauthClient": map[string]any{
			"redirect_uris": []string{"https://secret.example.com/cb"}, "grant_types": []string{"authorization_code"},
			"response_types": []string{"code"}, "application_type": "web"}},
	}}, &app)
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{}
	if s, _ := model.Lookup(app, "credentials.oauthClient.client_secret"); s != nil {
		secrets["the OIDC app's client secret"] = s.(string)
	} else {
		t.Fatal("the create response carried no client secret")
	}
	// An event hook with an auth header value: write-only at Okta.
	hookSecret := "hook-shared-secret-do-not-leak"
	err = o.client.DoJSON(ctx, okta.Request{Method: "POST", Path: "/api/v1/eventHooks", Body: map[string]any{
		"name": "Leak check", "events": map[string]any{"type": "EVENT_TYPE", "items": []string{"user.lifecycle.create"}},
		"channel": map[string]any{"type": "HTTP", "version": "1.0.0", "config": map[string]any{
			"uri": "https://hooks.example.com/leak", "authScheme": map[string]any{"type": "HEADER", "key": "Authorization", "value": hookSecret}}},
	}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	secrets["the event hook's auth value"] = hookSecret

	dir := t.TempDir()
	w, err := Export(ctx, o.client, reg, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, obj := range w.Snapshot.Objects() {
		if obj.Live.ID != "" {
			ids[obj.Live.ID] = obj.Path
		}
		// IdP client secrets come back on GET, as at real Okta.
		if s, ok := model.Lookup(obj.Live.Raw, "protocol.credentials.client.client_secret"); ok && s != nil {
			secrets[obj.Path+" client secret"] = s.(string)
		}
	}
	// Hook keys: the key pair is Okta's; neither the public key nor its
	// keyId may reach a file.
	for _, k := range o.srv.Objects("hookKeys", "") {
		secrets[k["name"].(string)+" keyId"] = k["keyId"].(string)
		secrets[k["name"].(string)+" public key"] = k["_embedded"].(map[string]any)["n"].(string)
	}
	if len(secrets) < 3 {
		t.Fatalf("only %d secrets to look for; the sample should have IdPs with client secrets", len(secrets))
	}
	allowed := map[string]bool{}
	for _, wr := range w.Warnings {
		for _, id := range oktaIDish.FindAllString(wr.Message, -1) {
			allowed[id] = true
		}
	}
	for file, text := range readFiles(t, dir) {
		for what, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s contains %s", file, what)
			}
		}
		for _, tok := range oktaIDish.FindAllString(text, -1) {
			if p, ok := ids[tok]; ok && !allowed[tok] {
				t.Errorf("%s contains the org's ID %s (of %s)", file, tok, p)
			}
		}
	}
}

// TestUnknownFieldSurvives: a field Okta adds that the registry does not
// know is kept in the tree.
func TestUnknownFieldSurvives(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	reg := registry(t)
	var groupID string
	for _, g := range o.srv.Objects("groups", "") {
		if g["profile"].(map[string]any)["name"] == "Engineering" {
			groupID = g["id"].(string)
		}
	}
	if !o.srv.Edit("groups", "", groupID, func(g map[string]any) {
		g["futureSetting"] = map[string]any{"enabled": true, "level": json.Number("3")}
	}) {
		t.Fatal("group not found")
	}
	dir := t.TempDir()
	if _, err := Export(context.Background(), o.client, reg, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	text := readFiles(t, dir)["groups/engineering.yaml"]
	if !strings.Contains(text, "futureSetting:\n    enabled: true\n    level: 3\n") {
		t.Fatalf("unknown field lost:\n%s", text)
	}
}

// TestPartialExport: --kinds writes only the selected kinds (reading what
// they reference, so references stay portable) and keeps the rest of an
// existing tree; --exclude-kinds never reads the excluded kinds.
func TestPartialExport(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	reg := registry(t)
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Export(ctx, o.client, reg, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	full := readFiles(t, dir)
	w, err := Export(ctx, o.client, reg, dir, Options{Kinds: []string{"group-rules"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(full, readFiles(t, dir)); diff != "" {
		t.Fatalf("a partial export of an unchanged org changed the tree:\n%s", diff)
	}
	if len(w.Warnings) != 0 {
		t.Fatalf("group rules exported without their groups: %v", w.Warnings)
	}

	fresh := t.TempDir()
	w, err = Export(ctx, o.client, reg, fresh, Options{Exclude: []string{"groups"}})
	if err != nil {
		t.Fatal(err)
	}
	files := readFiles(t, fresh)
	for f := range files {
		if strings.HasPrefix(f, "groups/") {
			t.Fatalf("excluded kind written: %s", f)
		}
	}
	if w.Counts["groups"] != 0 || len(w.Warnings) == 0 {
		t.Fatalf("groups read %d times, %d warnings; references into an excluded kind must stay IDs and warn",
			w.Counts["groups"], len(w.Warnings))
	}
	if _, err := Export(ctx, o.client, reg, t.TempDir(), Options{Kinds: []string{"no-such-kind"}}); err == nil ||
		!strings.Contains(err.Error(), "oktasync kinds") {
		t.Fatalf("unknown kind: %v", err)
	}
}

// TestPlaceholdersPreserved: variables and secret placeholders the user
// wrote survive a re-export.
func TestPlaceholdersPreserved(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	reg := registry(t)
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Export(ctx, o.client, reg, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	var file, secretName string
	for f, text := range readFiles(t, dir) {
		if strings.HasPrefix(f, "idps/") && strings.Contains(text, "client_secret: ${secret:") {
			file = f
			secretName = regexp.MustCompile(`client_secret: \$\{secret:([A-Z0-9_]+)\}`).FindStringSubmatch(text)[1]
			break
		}
	}
	if file == "" {
		t.Fatal("no IdP with a client secret placeholder in the sample export")
	}
	p := filepath.Join(dir, file)
	data, _ := os.ReadFile(p)
	edited := strings.Replace(string(data), "${secret:"+secretName+"}", "${secret:MY_PARTNER_SECRET}", 1)
	edited = regexp.MustCompile(`(?m)^(\s+client_id: ).*$`).ReplaceAllString(edited, "${1}$${var:PARTNER_CLIENT_ID}")
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	// A variable standing for a number (a token lifetime) is kept too.
	var ruleFile string
	for f, text := range readFiles(t, dir) {
		if strings.Contains(f, "/rules/") && strings.HasPrefix(f, "authorization-servers/") && strings.Contains(text, "accessTokenLifetimeMinutes: ") {
			ruleFile = f
			break
		}
	}
	if ruleFile == "" {
		t.Fatal("no auth server rule with a token lifetime in the sample")
	}
	rp := filepath.Join(dir, ruleFile)
	rdata, _ := os.ReadFile(rp)
	redited := regexp.MustCompile(`(?m)^(\s+accessTokenLifetimeMinutes: ).*$`).ReplaceAllString(string(rdata), "${1}$${var:ACCESS_TOKEN_MINUTES}")
	if err := os.WriteFile(rp, []byte(redited), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(ctx, o.client, reg, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(p)
	for _, want := range []string{"${secret:MY_PARTNER_SECRET}", "${var:PARTNER_CLIENT_ID}"} {
		if !strings.Contains(string(after), want) {
			t.Errorf("re-export dropped %s:\n%s", want, after)
		}
	}
	if rafter, _ := os.ReadFile(rp); !strings.Contains(string(rafter), "${var:ACCESS_TOKEN_MINUTES}") {
		t.Errorf("re-export dropped a variable in a number field:\n%s", rafter)
	}
}
