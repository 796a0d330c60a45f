package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStripServerFields(t *testing.T) {
	reg := testRegistry(t)
	apps, _ := reg.Kind("apps")
	live := mustJSON(t, `{"id":"0oa1abcdEFGH2345ijk7","orn":"orn:x","name":"oidc_client","label":"Portal","status":"ACTIVE",
		"created":"2026-01-02T03:04:05.000Z","lastUpdated":"2026-01-02T03:04:05.000Z","features":[],"signOnMode":"OPENID_CONNECT",
		"credentials":{"signing":{"kid":"k","lastRotated":"x","rotationMode":"AUTO"},
		  "oauthClient":{"client_id":"0oa1abcdEFGH2345ijk7","client_secret":"s3cret","autoKeyRotation":true}},
		"settings":{"emOptInStatus":"NONE","app":{}},"_links":{"self":{}}}`)
	apps.StripServerFields(live)
	want := mustJSON(t, `{"name":"oidc_client","label":"Portal","status":"ACTIVE","signOnMode":"OPENID_CONNECT",
		"credentials":{"signing":{"rotationMode":"AUTO"},"oauthClient":{"autoKeyRotation":true}},"settings":{"app":{}}}`)
	if diff := cmp.Diff(want, live); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}

	saml := mustJSON(t, `{"id":"0oa2","name":"acme-00_portal_2","label":"Portal","signOnMode":"SAML_2_0"}`)
	apps.StripServerFields(saml)
	if _, ok := saml["name"]; ok {
		t.Error("a generated SAML app name must be stripped")
	}
	oin := mustJSON(t, `{"id":"0oa3","name":"office365","label":"O365","signOnMode":"SAML_2_0"}`)
	apps.StripServerFields(oin)
	if oin["name"] != "office365" {
		t.Error("a catalog app name must be kept")
	}
	custom := mustJSON(t, `{"id":"0oa4","label":"C","signOnMode":"OPENID_CONNECT","credentials":{"oauthClient":{"client_id":"my-client"}}}`)
	apps.StripServerFields(custom)
	if v, _ := Lookup(custom, "credentials.oauthClient.client_id"); v != "my-client" {
		t.Error("a chosen client_id must be kept")
	}
	hooked := mustJSON(t, `{"id":"0oa5","label":"H","signOnMode":"SAML_2_0","settings":{"signOn":{"inlineHooks":[
		{"id":"cal1","_links":{"self":{"href":"https://x/api/v1/inlineHooks/cal1"}}},{"id":"cal2"}]}}}`)
	apps.StripServerFields(hooked)
	want = mustJSON(t, `{"label":"H","signOnMode":"SAML_2_0","settings":{"signOn":{"inlineHooks":[{"id":"cal1"},{"id":"cal2"}]}}}`)
	if d := cmp.Diff(want, hooked); d != "" {
		t.Errorf("a SAML app's inline hooks keep their ids only (-want +got):\n%s", d)
	}
}

// TestStripNullFilled: Okta answers every widget customization it knows,
// null when not set; export keeps what was set (false and empty objects
// included), drops the nulls, and an object left empty with them.
func TestStripNullFilled(t *testing.T) {
	k := &Kind{Name: "p", NullFilled: []string{"widgetCustomizations", "pageContent", "widgetVersion", "csp"}}
	tests := []struct{ name, live, want string }{
		{"nulls dropped, values kept",
			`{"pageContent":"<html/>","widgetVersion":null,"widgetCustomizations":{"helpLabel":"Help","helpUrl":null,
			  "showUserIdentifier":false,"postAuthKeepMeSignedInPrompt":{"title":null,"subtitle":null}}}`,
			`{"pageContent":"<html/>","widgetCustomizations":{"helpLabel":"Help","showUserIdentifier":false}}`},
		{"an object of nulls goes",
			`{"pageContent":null,"widgetCustomizations":{"helpLabel":null}}`, `{}`},
		{"an empty object and array items are values",
			`{"csp":{"srcList":[null,"a"],"x":{}},"other":null}`, `{"csp":{"srcList":[null,"a"],"x":{}},"other":null}`},
	}
	for _, tt := range tests {
		body := mustJSON(t, tt.live)
		k.StripServerFields(body)
		if diff := cmp.Diff(mustJSON(t, tt.want), body); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", tt.name, diff)
		}
	}
}
