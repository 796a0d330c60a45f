package export

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestPolicyTypeNotAvailable: an org without the Early Access policy types
// answers their list with E0000015; the export skips those two types with
// a warning each, reads the others, and records what the org lacks.
func TestPolicyTypeNotAvailable(t *testing.T) {
	o := newOrg(t, sandbox.Options{})
	res, err := Read(context.Background(), o.client, registry(t), Options{Kinds: []string{"policies"}})
	if err != nil {
		t.Fatalf("an org without two policy types could not be read: %v", err)
	}
	var warnings []string
	for _, w := range res.Warnings {
		warnings = append(warnings, w.Path+": "+w.Message[:strings.Index(w.Message, ":")])
	}
	want := []string{
		"policies: type=CLIENT_UPDATE is not available in this org, skipped",
		"policies: type=DEVICE_SIGNAL_COLLECTION is not available in this org, skipped",
	}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	types := map[string]bool{}
	for _, obj := range res.Snapshot.ByKind("policies") {
		t, _ := model.Lookup(obj.Body, "type")
		types[t.(string)] = true
	}
	for _, typ := range []string{"POST_AUTH_SESSION", "ENTITY_RISK", "SESSION_VIOLATION_DETECTION", "PASSWORD"} {
		if !types[typ] {
			t.Errorf("no %s policy read", typ)
		}
	}
	if got := len(res.Snapshot.Unavailable()); got != 2 {
		t.Errorf("the snapshot records %d missing parts, want 2", got)
	}
	// Another error on one type still fails the export: only "feature not
	// enabled" means the type is missing.
	_, err = Read(context.Background(), failingType{o.client, "type=ENTITY_RISK"}, registry(t), Options{Kinds: []string{"policies"}})
	if err == nil || okta.StatusCode(err) != http.StatusInternalServerError {
		t.Errorf("a 500 on one type: %v", err)
	}
}

// failingType answers 500 to the list of one policy type.
type failingType struct {
	*okta.Client
	query string
}

func (c failingType) List(ctx context.Context, path string, q url.Values, limit int, fn func([]json.RawMessage) error) error {
	if q.Encode() == c.query {
		return &okta.APIError{Method: "GET", Path: path, Status: 500, ErrorCode: "E0000009", ErrorSummary: "Internal Server Error"}
	}
	return c.Client.List(ctx, path, q, limit, fn)
}

// TestUISchemasNamedByTheirPolicy: a form is named after the profile
// enrollment policy whose rule shows it; a form two policies share takes
// the name of the first policy in path order; a form nothing shows is left out
// with a warning.
func TestUISchemasNamedByTheirPolicy(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	c := o.client
	ctx := context.Background()
	do := func(method, path string, body any) map[string]any {
		t.Helper()
		resp, err := c.Do(ctx, okta.Request{Method: method, Path: path, Body: body})
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		if len(resp.Body) == 0 {
			return nil
		}
		v, _ := model.ParseJSON(resp.Body)
		m, _ := v.(map[string]any)
		return m
	}
	unused := do("POST", "/api/v1/meta/uischemas", map[string]any{"uiSchema": map[string]any{"label": "Old form"}})
	// A second enrollment policy, "Another portal", shows the portal's form.
	var portalForm string
	for _, f := range listAll(t, c, "/api/v1/meta/uischemas") {
		if l, _ := model.Lookup(f, "uiSchema.label"); l == "Create your portal account" {
			portalForm, _ = f["id"].(string)
		}
	}
	pol := do("POST", "/api/v1/policies", map[string]any{"type": "PROFILE_ENROLLMENT", "name": "Another portal"})
	rules := listAll(t, c, "/api/v1/policies/"+pol["id"].(string)+"/rules")
	rule := rules[0]
	_ = model.SetField(rule, "actions.profileEnrollment.uiSchemaId", portalForm)
	do("PUT", "/api/v1/policies/"+pol["id"].(string)+"/rules/"+rule["id"].(string), rule)

	res, err := Read(ctx, c, registry(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, obj := range res.Snapshot.ByKind("ui-schemas") {
		paths = append(paths, obj.Path)
	}
	sort.Strings(paths)
	// "another-portal" comes before "portal-self-registration": the shared
	// form takes its name, and both rules name it so.
	if diff := cmp.Diff([]string{"ui-schemas/profile-enrollment-another-portal", "ui-schemas/profile-enrollment-default-policy"}, paths); diff != "" {
		t.Errorf("forms (-want +got):\n%s", diff)
	}
	for _, p := range []string{"another-portal", "portal-self-registration"} {
		r, _ := res.Snapshot.Get("policies/profile-enrollment/" + p + "/rules/catch-all-rule")
		if v, _ := model.Lookup(r.Body, "actions.profileEnrollment.uiSchemaId"); v != "${ref:ui-schemas/profile-enrollment-another-portal}" {
			t.Errorf("%s shows %v", p, v)
		}
	}
	found := false
	for _, w := range res.Warnings {
		found = found || (w.Path == "ui-schemas" && strings.Contains(w.Message, unused["id"].(string)+" is used by no policy-rules"))
	}
	if !found {
		t.Errorf("no warning for the unused form: %v", res.Warnings)
	}
	if res.Counts["ui-schemas"] != 2 {
		t.Errorf("counted %d forms", res.Counts["ui-schemas"])
	}
	// --kinds ui-schemas reads the rules that name the forms.
	only, err := Read(ctx, c, registry(t), Options{Kinds: []string{"ui-schemas"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(only.Snapshot.ByKind("ui-schemas")) != 2 || !contains(only.Kinds, "policy-rules") || contains(only.Selected, "policy-rules") {
		t.Errorf("--kinds ui-schemas: kinds %v, selected %v", only.Kinds, only.Selected)
	}
}

func listAll(t *testing.T, c *okta.Client, path string) []map[string]any {
	t.Helper()
	var out []map[string]any
	err := c.List(context.Background(), path, nil, 0, func(page []json.RawMessage) error {
		for _, item := range page {
			v, err := model.ParseJSON(item)
			if err != nil {
				return err
			}
			out = append(out, v.(map[string]any))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
