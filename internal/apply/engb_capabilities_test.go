package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/testkinds"
	"github.com/oktasync/oktasync/internal/tree"
)

// The engine capabilities of issue 18 (half B) against the sandbox, with
// the test-only kinds of internal/sandbox/testkinds standing for the
// wave-2 kinds that need them.

func engbRegistry(t testing.TB) *model.Registry {
	t.Helper()
	reg, err := testkinds.EngBRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// writeFile writes a file of a tree.
func writeFile(t testing.TB, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readTree(t testing.TB, reg *model.Registry, dir string) *model.Snapshot {
	t.Helper()
	s, problems := tree.Read(dir, reg)
	for _, p := range problems {
		if p.Severity == model.SeverityError {
			t.Fatalf("reading %s: %v", dir, p)
		}
	}
	return s
}

// applyPlan runs p with the given options and fails the test on a refusal
// or a failed step.
func (o *org) applyPlan(t *testing.T, p *plan.Plan, opts Options) *Report {
	t.Helper()
	rep, err := Run(context.Background(), RunOptions{Plan: p, Client: o.client, Registry: o.reg, Read: o.read, Options: opts, BackupDir: t.TempDir()})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	return rep
}

func planText(p *plan.Plan) string {
	var b strings.Builder
	_ = plan.RenderText(&b, p, plan.TextOptions{})
	return b.String()
}

func actionsOf(p *plan.Plan) []string {
	var out []string
	for _, s := range p.Steps {
		out = append(out, s.Action.String()+" "+s.Path)
	}
	return out
}

// TestImplicitObjectsAndToggles: an app's provisioning connection exists
// once the app does (implicit), so a new app's connection is adopted
// after the app's create, its token sent as in a create, and then
// activated (a toggle), which makes the app's features; an org feature is
// enabled by its action endpoint; implicit objects left out of the tree
// are left alone, and the next plan is empty. Deactivating is one toggle.
func TestImplicitObjectsAndToggles(t *testing.T) {
	t.Parallel()
	reg := engbRegistry(t)
	o := newOrg(t, reg, sandbox.Options{})
	exported, dir := viaFiles(t, reg, o.snapshot(t))
	features := exported.ByKind("test-features")
	if len(features) < 2 {
		t.Fatalf("the org exports %d features; the test needs two", len(features))
	}
	enable, drop := features[0], features[1]
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(enable.File())))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, enable.File(), strings.Replace(string(data), "status: DISABLED", "status: ENABLED", 1))
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(drop.File()))); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "apps/hr-scim.yaml", `kind: apps
name: hr-scim
body:
  label: HR SCIM
  name: bookmark
  settings:
    app:
      url: https://hr.example.com
  signOnMode: BOOKMARK
  status: ACTIVE
`)
	connection := `kind: test-app-connections
name: default
body:
  baseUrl: https://scim.hr.example.com/v2
  profile:
    authScheme: TOKEN
    token: ${secret:HR_SCIM_TOKEN}
  status: ENABLED
`
	writeFile(t, dir, "apps/hr-scim/test-provisioning/default.yaml", connection)
	desired := readTree(t, reg, dir)

	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	want := []string{"toggle " + enable.Path, "create apps/hr-scim", "update apps/hr-scim/test-provisioning/default",
		"toggle apps/hr-scim/test-provisioning/default"}
	if got := actionsOf(p); strings.Join(got, "\n") != strings.Join(want, "\n") || p.HasRefused() {
		t.Fatalf("plan steps %q, want %q (refused %v):\n%s", got, want, p.Refused, planText(p))
	}
	const token = "scim-t0ken-s3cr3t"
	rep := o.applyPlan(t, p, Options{Environ: []string{SecretEnvPrefix + "HR_SCIM_TOKEN=" + token}})
	var out bytes.Buffer
	_ = RenderJSON(&out, rep, RenderOptions{})
	if strings.Contains(out.String(), token) {
		t.Error("the report holds the token")
	}

	after := o.snapshot(t)
	app, ok := after.Get("apps/hr-scim")
	if !ok {
		t.Fatal("the app was not created")
	}
	tok := o.srv.Objects("testAppTokens", app.Live.ID)
	if len(tok) != 1 || tok[0]["token"] != token {
		t.Errorf("the connection's token is %v, want the secret's value", tok)
	}
	if f, _ := after.Get(enable.Path); f == nil || f.Body["status"] != "ENABLED" {
		t.Errorf("%s is not enabled: %v", enable.Path, f)
	}
	if f, _ := after.Get(drop.Path); f == nil {
		t.Errorf("%s, absent from the tree, is gone from the org", drop.Path)
	}
	if n := len(after.ChildrenOf("apps/hr-scim", "test-app-features")); n != 2 {
		t.Errorf("the activated connection made %d app features, want 2", n)
	}
	if again := computePlan(t, reg, desired, after, plan.Options{}); !again.Empty() {
		t.Errorf("the plan after apply is not empty:\n%s", planText(again))
	}

	// Deactivating is a toggle and nothing else; the features go with it.
	writeFile(t, dir, "apps/hr-scim/test-provisioning/default.yaml", strings.Replace(connection, "status: ENABLED", "status: DISABLED", 1))
	desired = readTree(t, reg, dir)
	p = computePlan(t, reg, desired, after, plan.Options{})
	if got := actionsOf(p); len(got) != 1 || got[0] != "toggle apps/hr-scim/test-provisioning/default" || p.Steps[0].Toggle.Label() != "deactivate" {
		t.Fatalf("plan steps %q, want one deactivate:\n%s", got, planText(p))
	}
	o.applyPlan(t, p, Options{})
	after = o.snapshot(t)
	if n := len(after.ChildrenOf("apps/hr-scim", "test-app-features")); n != 0 {
		t.Errorf("after deactivating, the app still exports %d features", n)
	}
	if again := computePlan(t, reg, desired, after, plan.Options{}); !again.Empty() {
		t.Errorf("the plan after deactivating is not empty:\n%s", planText(again))
	}
}

// TestJSONAndPEMSecrets: a secret whose field takes a JSON object is sent
// as one, from a mapping in the secrets file; one that takes a PEM block
// is sent with real line breaks, from an environment variable holding \n
// escapes. Export writes both as placeholders and the next plan is empty.
// A value Okta's error quotes is masked, leaf by leaf; a value of the
// wrong form stops the run before anything is sent, naming the secret
// only.
func TestJSONAndPEMSecrets(t *testing.T) {
	t.Parallel()
	reg := engbRegistry(t)
	o := newOrg(t, reg, sandbox.Options{})
	_, dir := viaFiles(t, reg, o.snapshot(t))
	const pemBody = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n"
	pem := "-----BEGIN PRIVATE KEY-----\n" + pemBody + "-----END PRIVATE KEY-----\n"
	secretsFile := filepath.Join(t.TempDir(), "secrets.yaml")
	writeFile(t, filepath.Dir(secretsFile), "secrets.yaml", `FCM_KEY:
  type: service_account
  project_id: acme-mobile
  private_key_id: 3f1c9a0b7d2e4c6a8b0d1e2f3a4b5c6d7e8f9a0b
  private_key: |
    -----BEGIN PRIVATE KEY-----
    `+strings.TrimSuffix(pemBody, "\n")+`
    -----END PRIVATE KEY-----
  client_email: push@acme-mobile.iam.gserviceaccount.com
  client_id: "104729385610293847561"
`)
	env := []string{SecretEnvPrefix + "APNS_KEY=" + strings.ReplaceAll(pem, "\n", `\n`)}
	writeFile(t, dir, "test-push-providers/android-push.yaml", `kind: test-push-providers
name: android-push
body:
  configuration:
    serviceAccountJson: ${secret:FCM_KEY}
  name: Android push
  providerType: FCM
`)
	writeFile(t, dir, "test-push-providers/ios-push.yaml", `kind: test-push-providers
name: ios-push
body:
  configuration:
    keyId: 8JRX2G4M6Q
    teamId: ABCDE12345
    tokenSigningKey: ${secret:APNS_KEY}
  name: iOS push
  providerType: APNS
`)
	desired := readTree(t, reg, dir)
	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	o.applyPlan(t, p, Options{SecretsFile: secretsFile, Environ: env})

	after := o.snapshot(t)
	android, _ := after.Get("test-push-providers/android-push")
	ios, _ := after.Get("test-push-providers/ios-push")
	if android == nil || ios == nil {
		t.Fatalf("the providers were not created")
	}
	sa, _ := testkinds.PushSecret(o.srv, android.Live.ID)["serviceAccountJson"].(map[string]any)
	if sa["client_email"] != "push@acme-mobile.iam.gserviceaccount.com" || sa["private_key"] != pem || sa["client_id"] != "104729385610293847561" {
		t.Errorf("Okta holds the service account %v, not the secrets file's mapping", sa)
	}
	if got := testkinds.PushSecret(o.srv, ios.Live.ID)["tokenSigningKey"]; got != pem {
		t.Errorf("Okta holds the signing key %q, want the PEM block with real line breaks", got)
	}
	_, exportedDir := viaFiles(t, reg, after)
	files := readFiles(t, exportedDir)
	for _, f := range []string{"test-push-providers/android-push.yaml", "test-push-providers/ios-push.yaml"} {
		if !strings.Contains(files[f], "${secret:") {
			t.Errorf("%s has no secret placeholder:\n%s", f, files[f])
		}
	}
	for name, content := range files {
		for _, leak := range []string{pemBody[:20], "push@acme-mobile", "3f1c9a0b7d2e"} {
			if strings.Contains(content, leak) {
				t.Errorf("the export's %s holds %q", name, leak)
			}
		}
	}
	if again := computePlan(t, reg, desired, after, plan.Options{}); !again.Empty() {
		t.Errorf("the plan after apply is not empty:\n%s", planText(again))
	}

	// Okta quotes a bad field of the JSON secret: the report shows the
	// secret's name where the value was.
	const badEmail = "not-an-email-leaf"
	writeFile(t, dir, "test-push-providers/broken-push.yaml", `kind: test-push-providers
name: broken-push
body:
  configuration:
    serviceAccountJson: ${secret:FCM_BAD}
  name: Broken push
  providerType: FCM
`)
	desired = readTree(t, reg, dir)
	p = computePlan(t, reg, desired, after, plan.Options{})
	bad, _ := json.Marshal(map[string]any{"type": "service_account", "client_email": badEmail, "private_key": pem})
	rep, err := Run(context.Background(), RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{SecretsFile: secretsFile, Environ: append(env, SecretEnvPrefix+"FCM_BAD="+string(bad))}})
	if err != nil || rep.Counts.Failed != 1 {
		t.Fatalf("want one failed step: err %v, report %+v", err, rep.Counts)
	}
	var text, js bytes.Buffer
	_ = RenderText(&text, rep, RenderOptions{})
	_ = RenderJSON(&js, rep, RenderOptions{})
	for _, out := range []string{text.String(), js.String()} {
		if strings.Contains(out, badEmail) || strings.Contains(out, pemBody[:20]) {
			t.Errorf("the report holds a part of the secret:\n%s", out)
		}
		if !strings.Contains(out, "${secret:FCM_BAD}") {
			t.Errorf("the report does not name the secret where Okta quoted it:\n%s", out)
		}
	}

	// The wrong form: nothing is sent, and only the name is shown.
	writeFile(t, dir, "test-push-providers/ios-beta-push.yaml", `kind: test-push-providers
name: ios-beta-push
body:
  configuration:
    keyId: 9KSY3H5N7R
    teamId: ABCDE12345
    tokenSigningKey: ${secret:APNS_KEY}
  name: iOS beta push
  providerType: APNS
`)
	desired = readTree(t, reg, dir)
	for name, value := range map[string]string{"FCM_BAD": "{not json s3cr3t", "APNS_KEY": "plain-text-s3cr3t"} {
		p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
		envBad := []string{SecretEnvPrefix + "FCM_BAD=" + string(bad), SecretEnvPrefix + "APNS_KEY=" + strings.ReplaceAll(pem, "\n", `\n`)}
		envBad = append(envBad, SecretEnvPrefix+name+"="+value)
		before := o.srv.Stats().Requests
		_, err := Run(context.Background(), RunOptions{Plan: p, Client: o.client, Registry: reg,
			Read:    func(context.Context) (*model.Snapshot, error) { t.Fatal("the org was read"); return nil, nil },
			Options: Options{SecretsFile: secretsFile, Environ: envBad}})
		if err == nil || !strings.Contains(err.Error(), "secret "+name+" must be") || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s=%q: err = %v, want a refusal naming the secret and not its value", name, value, err)
		}
		if o.srv.Stats().Requests != before {
			t.Errorf("%s: requests were sent", name)
		}
	}
}

// TestDNSBoundObjects: a custom domain is created and verified; until its
// DNS records are published the verify step is applied with a warning
// listing them (not a failure), the next plan warns the same without a
// step, and --verify checks again once they are published. Export leaves
// the verification fields out.
func TestDNSBoundObjects(t *testing.T) {
	t.Parallel()
	reg := engbRegistry(t)
	o := newOrg(t, reg, sandbox.Options{})
	exported, dir := viaFiles(t, reg, o.snapshot(t))
	brand := ""
	for _, b := range exported.ByKind("brands") {
		if b.Role != "" {
			brand = b.Path
		}
	}
	if len(exported.ByKind("test-custom-domains")) != 1 {
		t.Fatalf("the org should export its own domain only: %d", len(exported.ByKind("test-custom-domains")))
	}
	writeFile(t, dir, "test-custom-domains/login-example-com.yaml", `kind: test-custom-domains
name: login-example-com
body:
  brandId: ${ref:`+brand+`}
  certificateSourceType: OKTA_MANAGED
  domain: login.example.com
`)
	desired := readTree(t, reg, dir)
	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	const path = "test-custom-domains/login-example-com"
	if got := actionsOf(p); strings.Join(got, ",") != "create "+path+",update "+path+",verify "+path {
		t.Fatalf("plan steps %q:\n%s", got, planText(p))
	}
	rep := o.applyPlan(t, p, Options{})
	res, _ := rep.Result(path + ":verify")
	if rep.Counts.Warned != 1 || len(res.Warnings) != 1 ||
		!strings.Contains(res.Warnings[0], "TXT _oktaverification.login.example.com → ") ||
		!strings.Contains(res.Warnings[0], "not yet verified (validationStatus IN_PROGRESS)") {
		t.Errorf("the verify step's warnings: %q (counts %+v)", res.Warnings, rep.Counts)
	}
	var text bytes.Buffer
	_ = RenderText(&text, rep, RenderOptions{})
	if !strings.Contains(text.String(), "Apply complete.") || !strings.Contains(text.String(), "Warnings (applied, but something is left to do):") {
		t.Errorf("the report does not show the warning on a complete run:\n%s", text.String())
	}

	after := o.snapshot(t)
	_, exportedDir := viaFiles(t, reg, after)
	file := readFiles(t, exportedDir)[path+".yaml"]
	if file == "" || strings.Contains(file, "validationStatus") || strings.Contains(file, "dnsRecords") {
		t.Errorf("the exported domain holds verification fields, or is missing:\n%s", file)
	}
	again := computePlan(t, reg, desired, after, plan.Options{})
	if again.HasChanges() || len(again.Warnings) != 1 || !strings.Contains(again.Warnings[0].Message, "not verified yet") {
		t.Errorf("the plan after apply should have no step and one warning:\n%s", planText(again))
	}

	testkinds.PublishDNS(o.srv, "login.example.com")
	p = computePlan(t, reg, desired, after, plan.Options{Verify: true})
	if got := actionsOf(p); len(got) != 1 || got[0] != "verify "+path {
		t.Fatalf("plan --verify steps %q", got)
	}
	rep = o.applyPlan(t, p, Options{})
	if res, _ := rep.Result(path + ":verify"); len(res.Warnings) != 0 || res.Reason != "verified (validationStatus VERIFIED)" {
		t.Errorf("verify after publishing: %+v", res)
	}
	if again := computePlan(t, reg, desired, o.snapshot(t), plan.Options{Verify: true}); !again.Empty() || len(again.Warnings) != 0 {
		t.Errorf("the plan after verification is not empty and quiet:\n%s", planText(again))
	}
}
