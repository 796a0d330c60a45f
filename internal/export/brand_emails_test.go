package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestEmailTemplateSettings: one call per brand reads every template's
// settings (the list's _embedded.settings); export writes only the
// templates whose recipients differ from Okta's default, keeps a file the
// previous tree had even when it holds the default, and a read (what a
// plan compares with) still has every template.
func TestEmailTemplateSettings(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true, Seed: 4})
	reg := registry(t)
	ctx := context.Background()
	kinds := []string{"brands", "email-template-settings"}

	before := o.srv.Stats().Endpoints
	res, err := Read(ctx, o.client, reg, Options{Kinds: kinds})
	if err != nil {
		t.Fatal(err)
	}
	after := o.srv.Stats().Endpoints
	brands := len(res.Snapshot.ByKind("brands"))
	if got := after["GET /api/v1/brands/{brandId}/templates/email"] - before["GET /api/v1/brands/{brandId}/templates/email"]; got != brands {
		t.Errorf("%d template list calls for %d brands, want one each", got, brands)
	}
	for pattern, n := range after {
		if n > before[pattern] && strings.HasPrefix(pattern, "GET /api/v1/brands/") && pattern != "GET /api/v1/brands/{brandId}/templates/email" {
			t.Errorf("export called %s %d times", pattern, n-before[pattern])
		}
	}
	all := res.Snapshot.ByKind("email-template-settings")
	if len(all) < 31*brands {
		t.Errorf("the read has %d template settings for %d brands, want every template", len(all), brands)
	}

	dir := t.TempDir()
	if _, err := Export(ctx, o.client, reg, dir, Options{Kinds: kinds}); err != nil {
		t.Fatal(err)
	}
	files := readFiles(t, dir)
	changed := "brands/customer-portal/email-templates/useractivation.yaml"
	if files[changed] != "kind: email-template-settings\nname: useractivation\nbody:\n  name: UserActivation\n  recipients: ADMINS_ONLY\n" {
		t.Errorf("the changed template's file: %q", files[changed])
	}
	unchanged := "brands/customer-portal/email-templates/forgotpassword.yaml"
	if _, ok := files[unchanged]; ok {
		t.Error("a template with Okta's default settings was written")
	}
	n := 0
	for p := range files {
		if filepath.Base(filepath.Dir(p)) == "email-templates" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d template files, want the sample's 2 changed templates", n)
	}

	// A file someone wrote with the default stays.
	kept := "kind: email-template-settings\nname: forgotpassword\nbody:\n  name: ForgotPassword\n  recipients: ALL_USERS\n"
	if err := os.WriteFile(filepath.Join(dir, unchanged), []byte(kept), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := Export(ctx, o.client, reg, dir, Options{Kinds: kinds})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Files.Written)+len(w.Files.Removed) != 0 {
		t.Errorf("the second export wrote %v and removed %v", w.Files.Written, w.Files.Removed)
	}
	if got := readFiles(t, dir)[unchanged]; got != kept {
		t.Errorf("the file written by hand became %q", got)
	}
}

// TestEmailCustomizationsOnlyWhereCounted: the customizations of a
// template are listed only when the templates list counts some
// (_embedded.customizationCount > 0): in the sample, two templates of one
// brand, out of 31 per brand.
func TestEmailCustomizationsOnlyWhereCounted(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true, Seed: 4})
	reg := registry(t)
	before := o.srv.Stats().Endpoints
	res, err := Read(context.Background(), o.client, reg, Options{Kinds: []string{"brands", "email-template-settings", "email-customizations"}})
	if err != nil {
		t.Fatal(err)
	}
	after := o.srv.Stats().Endpoints
	const list = "GET /api/v1/brands/{brandId}/templates/email/{templateName}/customizations"
	counted := 0
	for _, s := range res.Snapshot.ByKind("email-template-settings") {
		if n, _ := model.Lookup(s.Live.Raw, "_embedded.customizationCount"); fmt.Sprint(n) != "0" {
			counted++
		}
	}
	if counted != 2 {
		t.Fatalf("%d templates with customizations in the sample, want 2", counted)
	}
	if got := after[list] - before[list]; got != counted {
		t.Errorf("%d customization lists for %d templates with customizations", got, counted)
	}
	if got := len(res.Snapshot.ByKind("email-customizations")); got != 3 {
		t.Errorf("%d customizations exported, want the sample's 3", got)
	}
}
