package apply

import (
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// samplePassword is the SMTP password the sandbox's sample servers hold:
// it must never show in a file, a plan, a report or a backup.
const samplePassword = "sandbox-sample-password"

// TestMessagingEdits: edits to custom SMTP servers and SMS templates in an
// exported tree plan as exactly those edits, apply, and leave nothing to
// do; the SMTP password Okta never returns stays a placeholder everywhere.
func TestMessagingEdits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 3})
	desired, dir := viaFiles(t, reg, o.snapshot(t))
	for name, content := range readFiles(t, dir) {
		if strings.Contains(content, samplePassword) {
			t.Errorf("%s holds the SMTP password", name)
		}
	}
	relay, ok := desired.Get("email-servers/fallback-relay")
	if !ok || relay.Body["password"] != "${secret:EMAIL_SERVERS_FALLBACK_RELAY_PASSWORD}" {
		t.Fatalf("the exported SMTP server: %v", relay)
	}

	// The edits: a port, one translation changed, one removed (null: a
	// key left out of a file is unmanaged), one added; a new SMS template
	// and a new SMTP server.
	relay.Body["port"] = json.Number("465")
	sms, _ := desired.Get("sms-templates/verification-code")
	tr := sms.Body["translations"].(map[string]any)
	tr["fr"] = "${org.name} : code ${code}"
	tr["de"] = nil
	tr["it"] = "${org.name}: il codice è ${code}"
	add := func(kind string, body map[string]any) {
		k, _ := reg.Kind(kind)
		if err := desired.Add(&model.Object{Kind: kind, Path: model.BasePath(k, "", body), Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	add("sms-templates", map[string]any{"name": "Short code", "type": "SMS_VERIFY_CODE", "template": "${code}"})
	add("email-servers", map[string]any{"alias": "Marketing relay", "host": "smtp.marketing.example.com", "port": json.Number("587"),
		"username": "mkt", "password": "${secret:MARKETING_SMTP_PASSWORD}", "enabled": false})

	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	got := map[string][]string{}
	for _, s := range p.Steps {
		var ptrs []string
		for _, c := range s.Changes {
			ptrs = append(ptrs, c.Op.String()+" "+c.Path)
		}
		sort.Strings(ptrs)
		got[s.ID] = ptrs
	}
	want := map[string][]string{
		"email-servers/fallback-relay:update":    {"modify /port"},
		"sms-templates/verification-code:update": {"add /translations/it", "clear /translations/de", "modify /translations/fr"},
		"sms-templates/short-code:create":        nil,
		"email-servers/marketing-relay:create":   nil,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("steps and changes\n got %v\nwant %v", got, want)
	}
	var out strings.Builder
	for _, render := range []func() error{
		func() error { return plan.RenderText(&out, p, plan.TextOptions{}) },
		func() error { return plan.RenderMarkdown(&out, p, plan.MarkdownOptions{}) },
		func() error { return plan.RenderJSON(&out, p) },
	} {
		if err := render(); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(out.String(), samplePassword) || strings.Contains(out.String(), "value-of-") {
		t.Errorf("a rendered plan holds a secret value")
	}

	backups := t.TempDir()
	env := secretEnv(p)
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Environ: env}, BackupDir: backups})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	for name, content := range readFiles(t, backups) {
		if strings.Contains(content, samplePassword) || strings.Contains(content, "value-of-") || secretIn(content, env) {
			t.Errorf("backup %s holds a secret value", name)
		}
	}
	var report strings.Builder
	if err := RenderJSON(&report, rep, RenderOptions{}); err != nil || strings.Contains(report.String(), "value-of-") || secretIn(report.String(), env) {
		t.Errorf("the report holds a secret value (%v)", err)
	}
	// The new server got the password from the environment, the edited
	// one kept its own: PATCH sends only what changed.
	o.srv.Org().Lock()
	var stored []string
	for _, s := range o.srv.Org().List("emailServers", "") {
		stored = append(stored, s["alias"].(string)+"="+s["password"].(string))
	}
	o.srv.Org().Unlock()
	sort.Strings(stored)
	// The new server's password is what the environment gave it.
	var marketing string
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, SecretEnvPrefix+"MARKETING_SMTP_PASSWORD="); ok {
			marketing = v
		}
	}
	wantStored := []string{"Corporate relay=" + samplePassword, "Fallback relay=" + samplePassword, "Marketing relay=" + marketing}
	if !reflect.DeepEqual(stored, wantStored) {
		t.Errorf("stored passwords %v, want %v", stored, wantStored)
	}

	after := o.snapshot(t)
	if again := computePlan(t, reg, desired, after, plan.Options{}); !again.Empty() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after applying is not empty:\n%s", buf.String())
	}
}

// secretIn reports whether text holds one of the secret values env gives.
func secretIn(text string, env []string) bool {
	for _, kv := range env {
		if _, v, ok := strings.Cut(kv, "="); ok && v != "" && strings.Contains(text, v) {
			return true
		}
	}
	return false
}
