package apply

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/policies"
	"github.com/oktasync/oktasync/internal/tree"
)

// TestPromotion: a preview org's configuration is exported, a per-org value
// is put behind a variable, and the tree is planned and applied to a new
// org. Exported again (over the same tree, so that the user's placeholders
// are kept), the new org gives the same files, its references all name its
// own objects (system objects included), and the next plan is empty: one
// round is enough.
func TestPromotion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	a := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 1, Subdomain: "acme-preview"})
	// B has the optional features A's sample has (policy types an org gets
	// only on request); TestPromotionIntoAnOrgWithoutAFeature is the case
	// where it does not.
	b := newOrg(t, reg, sandbox.Options{Seed: 2, Subdomain: "acme", Features: policies.TypesWithFeature})

	snapA := a.snapshot(t)
	// Values that differ per org go behind variables: the IdP's OAuth
	// client, an EventBridge event source name (AWS refuses a second
	// org's source of the same name in one account and region), and where
	// the org's end users get help.
	perOrg := []struct {
		kind, field, varName string
		valueA, valueB       string
		path                 string // the object given the variable
	}{
		{kind: "idps", field: "protocol.credentials.client.client_id", varName: "GOOGLE_CLIENT_ID", valueB: "acme-prod-client-id"},
		{kind: "log-streams", field: "settings.eventSourceName", varName: "DATALAKE_EVENT_SOURCE", valueB: "okta-acme-prod-datalake"},
		{kind: "org-settings", field: "endUserSupportHelpURL", varName: "SUPPORT_URL", valueB: "https://help.acme.com/okta"},
	}
	varsB := map[string]string{}
	for i := range perOrg {
		po := &perOrg[i]
		for _, o := range snapA.ByKind(po.kind) {
			if v, ok := model.Lookup(o.Body, po.field); ok && po.valueA == "" {
				po.valueA, _ = v.(string)
				po.path = o.Path
				if err := model.SetField(o.Body, po.field, model.FormatVar(po.varName)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if po.valueA == "" {
			t.Fatalf("the sample org has no %s with %s", po.kind, po.field)
		}
		varsB[po.varName] = po.valueB
	}
	dirA := t.TempDir()
	if _, err := tree.Write(dirA, snapA); err != nil {
		t.Fatal(err)
	}
	desired, problems := tree.Read(dirA, reg)
	if model.HasErrors(problems) {
		t.Fatalf("reading A's tree: %v", problems)
	}

	p := computePlan(t, reg, desired, b.snapshot(t), plan.Options{Vars: varsB, Desired: "tree A", Current: "org B"})
	if !p.HasChanges() {
		t.Fatal("the plan against an empty org has no steps")
	}
	rep, err := Run(ctx, RunOptions{
		Options: Options{Environ: secretEnv(p), Journal: filepath.Join(t.TempDir(), "journal")},
		Plan:    p, Client: b.client, Registry: reg, Read: b.readKinds(TouchedKinds(p, reg)),
		BackupDir: t.TempDir(),
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}

	// Re-export B over a copy of A's tree: export keeps the placeholders
	// the user wrote, so the two trees must be byte for byte the same.
	dirB := t.TempDir()
	copyTree(t, dirA, dirB)
	res, err := export.Export(ctx, b.client, reg, dirB, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("B's export has references outside the org: %v", res.Warnings)
	}
	if diff := cmp.Diff(readFiles(t, dirA), readFiles(t, dirB)); diff != "" {
		t.Errorf("B's tree differs from A's (-A +B):\n%s", diff)
	}

	// Every reference in B names B's objects: no ID of A appears in B.
	snapB := b.snapshot(t)
	idsA := map[string]string{}
	for _, o := range snapA.Objects() {
		// An ID that is the object's natural key (an email template's
		// name, 20 letters like an Okta ID) is the same in every org.
		if k, _ := reg.Kind(o.Kind); k != nil && slices.Contains(k.Identity, k.IDField) {
			continue
		}
		if o.Live != nil && model.LooksLikeOktaID(o.Live.ID) {
			idsA[o.Live.ID] = o.Path
		}
	}
	for _, o := range snapB.Objects() {
		raw := string(model.CanonicalJSON(o.Live.Raw))
		for id, path := range idsA {
			if strings.Contains(raw, id) {
				t.Errorf("%s in B holds %s, the ID of %s in A", o.Path, id, path)
			}
		}
		for _, po := range perOrg {
			if o.Kind != po.kind {
				continue
			}
			if v, _ := model.Lookup(o.Live.Raw, po.field); v == po.valueA {
				t.Errorf("%s in B has A's %s", o.Path, po.field)
			} else if o.Path == po.path && v != po.valueB {
				t.Errorf("%s in B has %s %v, want the variable's %s", o.Path, po.field, v, po.valueB)
			}
		}
	}

	again := computePlan(t, reg, desired, snapB, plan.Options{Vars: varsB})
	if again.HasChanges() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after apply is not empty:\n%s", buf.String())
	}
}

// copyTree copies a directory tree.
func copyTree(t testing.TB, from, to string) {
	t.Helper()
	for rel, data := range readFiles(t, from) {
		p := filepath.Join(to, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
