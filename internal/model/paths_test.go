package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Engineering", "engineering"},
		{"Engineering auto-assign", "engineering-auto-assign"},
		{"  Okta  Sign-On  ", "okta-sign-on"},
		{"OKTA_SIGN_ON", "okta-sign-on"},
		{"a__b--c", "a-b-c"},
		{"Café crème", "caf-cr-me"},
		{"日本語", "unnamed"},
		{"", "unnamed"},
		{"---", "unnamed"},
		{"x5t: AbC/dEf+gh=", "x5t-abc-def-gh"},
		{"v2.0 (beta)", "v2-0-beta"},
		{strings.Repeat("a", 100), strings.Repeat("a", 80)},
		{strings.Repeat("a", 79) + " b", strings.Repeat("a", 79)},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAssignPaths(t *testing.T) {
	key := func(s string) []byte { return []byte(s) }
	tests := []struct {
		name  string
		cands []PathCandidate
		want  []string
	}{
		{"no collision",
			[]PathCandidate{{"groups/a", key("1")}, {"groups/b", key("2")}},
			[]string{"groups/a", "groups/b"}},
		{"collision ordered by key, not input order",
			[]PathCandidate{{"groups/a", key(`{"z":1}`)}, {"groups/a", key(`{"a":1}`)}, {"groups/a", key(`{"m":1}`)}},
			[]string{"groups/a-3", "groups/a", "groups/a-2"}},
		{"suffix skips a natural name",
			[]PathCandidate{{"groups/a", key("2")}, {"groups/a-2", key("0")}, {"groups/a", key("1")}},
			[]string{"groups/a-3", "groups/a-2", "groups/a"}},
		{"suffix on last segment only",
			[]PathCandidate{{"policies/password/default", key("b")}, {"policies/password/default", key("a")}},
			[]string{"policies/password/default-2", "policies/password/default"}},
		{"long names stay within 80",
			[]PathCandidate{{"groups/" + strings.Repeat("x", 80), key("a")}, {"groups/" + strings.Repeat("x", 80), key("b")}},
			[]string{"groups/" + strings.Repeat("x", 80), "groups/" + strings.Repeat("x", 78) + "-2"}},
	}
	for _, tt := range tests {
		got := AssignPaths(tt.cands)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", tt.name, diff)
		}
		// The result must not depend on input order.
		rev := make([]PathCandidate, len(tt.cands))
		for i := range tt.cands {
			rev[len(rev)-1-i] = tt.cands[i]
		}
		gotRev := AssignPaths(rev)
		for i := range gotRev {
			if gotRev[i] != got[len(got)-1-i] {
				t.Errorf("%s: result depends on input order: %v vs %v", tt.name, got, gotRev)
				break
			}
		}
	}
}

func TestPathsOfKinds(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		kind, parent, body, want string
	}{
		{"groups", "", `{"profile":{"name":"Engineering"}}`, "groups/engineering"},
		{"group-rules", "", `{"name":"Engineering auto-assign"}`, "group-rules/engineering-auto-assign"},
		{"policies", "", `{"type":"OKTA_SIGN_ON","name":"Default Policy"}`, "policies/okta-sign-on/default-policy"},
		{"policy-rules", "policies/okta-sign-on/default-policy", `{"name":"Default Rule"}`, "policies/okta-sign-on/default-policy/rules/default-rule"},
		{"auth-server-scopes", "authorization-servers/default", `{"name":"api:read"}`, "authorization-servers/default/scopes/api-read"},
		{"auth-server-claims", "authorization-servers/default", `{"name":"groups","claimType":"IDENTITY"}`, "authorization-servers/default/claims/identity/groups"},
		{"auth-server-policy-rules", "authorization-servers/default/policies/default-policy", `{"name":"r1"}`, "authorization-servers/default/policies/default-policy/rules/r1"},
		{"app-group-assignments", "apps/portal", `{"id":"${ref:groups/engineering}"}`, "apps/portal/groups/engineering"},
		{"group-schema", "", `{}`, "group-schema/default"},
		{"user-schemas", "user-types/user", `{}`, "user-types/user/schema/default"},
		{"themes", "brands/acme", `{}`, "brands/acme/themes/default"},
		// Two singletons in one directory, told apart by their names.
		{"sign-in-pages", "brands/acme", `{}`, "brands/acme/sign-in-page/customized"},
		{"sign-in-page-previews", "brands/acme", `{}`, "brands/acme/sign-in-page/preview"},
		{"error-pages", "brands/acme", `{}`, "brands/acme/error-page/customized"},
		{"error-page-previews", "brands/acme", `{}`, "brands/acme/error-page/preview"},
		{"idp-keys", "", `{"x5t#S256":"wzPVobIrveR1x-PCbjsFGNV-6zn7Rm9KuOWOG4Rk6jE"}`, "idp-keys/wzpvobirver1x-pcbjsfgnv-6zn7rm9kuowog4rk6je"},
		{"groups", "", `{}`, "groups/unnamed"},
		{"custom-domains", "", `{"domain":"login.example.com"}`, "custom-domains/login-example-com"},
		// A system object of a constant role whose slug field is not
		// written (the default domain's per-org host) is named by its role.
		{"custom-domains", "", `{"brandId":"${ref:brands/okta-default}"}`, "custom-domains/default"},
		{"email-domains", "", `{"domain":"Mail.Example.com"}`, "email-domains/mail-example-com"},
	}
	for _, tt := range tests {
		k, ok := reg.Kind(tt.kind)
		if !ok {
			t.Fatalf("no kind %s", tt.kind)
		}
		got := BasePath(k, tt.parent, mustJSON(t, tt.body))
		if got != tt.want {
			t.Errorf("BasePath(%s) = %q, want %q", tt.kind, got, tt.want)
			continue
		}
		info, err := reg.ParsePath(got)
		if err != nil {
			t.Errorf("ParsePath(%q): %v", got, err)
			continue
		}
		if info.Kind.Name != tt.kind || info.ParentPath != tt.parent {
			t.Errorf("ParsePath(%q) = %s under %q, want %s under %q", got, info.Kind.Name, info.ParentPath, tt.kind, tt.parent)
		}
		if PathFor(info.Kind, info.ParentPath, strings.Split(info.Name, "/")) != got {
			t.Errorf("PathFor does not invert ParsePath for %q", got)
		}
	}
}

func TestParsePathErrors(t *testing.T) {
	reg := testRegistry(t)
	for _, tt := range []struct{ path, want string }{
		{"widgets/x", "not a top-level kind"},
		{"rules/x", "not a top-level kind"},
		{"policies/okta-sign-on", "needs 2 name segment"},
		{"groups/a/b", "no child directory \"b\""},
		{"apps/portal/rules/x", "no child directory \"rules\""},
		{"apps/portal/groups", "needs 1 name segment"},
		{"Groups/A", "not a valid path"},
		{"groups/../etc", "not a valid path"},
		{"/groups/a", "not a valid path"},
	} {
		_, err := reg.ParsePath(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParsePath(%q) = %v, want error containing %q", tt.path, err, tt.want)
		}
	}
}
