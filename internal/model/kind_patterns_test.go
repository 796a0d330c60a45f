package model

import (
	"testing"
)

// TestRefPatterns: live ORNs and URLs are taken apart and written in their
// portable form, and the portable form is recognised again; strings of
// other forms are not.
func TestRefPatterns(t *testing.T) {
	groupORN := RefPattern{Template: "orn:{partition}:directory:{orgId}:groups:{id}", Target: "groups"}
	allGroups := RefPattern{Template: "orn:{partition}:directory:{orgId}:groups"}
	appORN := RefPattern{Template: "orn:{partition}:idp:{orgId}:apps:{*}:{id}", Target: "apps"}
	userURL := RefPattern{Template: "{orgUrl}/api/v1/users/{id}", ByLogin: true}
	tests := []struct {
		p      RefPattern
		live   string
		id     string // the replacement for {id}
		wantID string
		file   string
	}{
		{groupORN, "orn:okta:directory:00o1abcdEFGH2345ijk7:groups:00g1abcdEFGH2345ijk7", "${ref:groups/eng}", "00g1abcdEFGH2345ijk7",
			"orn:${org:partition}:directory:${org:id}:groups:${ref:groups/eng}"},
		{groupORN, "orn:oktapreview:directory:00oX:groups:00gY", "${ref:groups/y}", "00gY",
			"orn:${org:partition}:directory:${org:id}:groups:${ref:groups/y}"},
		{allGroups, "orn:okta:directory:00oX:groups", "", "", "orn:${org:partition}:directory:${org:id}:groups"},
		{appORN, "orn:oktapreview:idp:00oX:apps:oidc_client:0oaZ", "${ref:apps/portal}", "0oaZ",
			"orn:${org:partition}:idp:${org:id}:apps:oidc_client:${ref:apps/portal}"},
		{userURL, "https://acme-admin.okta.com/api/v1/users/00uA", "${user:alice@example.com}", "00uA",
			"${org:url}/api/v1/users/${user:alice@example.com}"},
		{userURL, "http://127.0.0.1:8080/api/v1/users/00uA", "${user:a@b.c}", "00uA", "${org:url}/api/v1/users/${user:a@b.c}"},
	}
	for _, tt := range tests {
		m, ok := tt.p.MatchLive(tt.live)
		if !ok {
			t.Errorf("%s does not match %s", tt.live, tt.p.Template)
			continue
		}
		if m.ID != tt.wantID {
			t.Errorf("%s: ID = %q, want %q", tt.live, m.ID, tt.wantID)
		}
		got := m.FileForm(tt.id)
		if got != tt.file {
			t.Errorf("%s: file form %q, want %q", tt.live, got, tt.file)
		}
		id, ok := tt.p.MatchFile(got)
		if !ok || id != tt.id {
			t.Errorf("MatchFile(%q) = %q, %v; want %q", got, id, ok, tt.id)
		}
	}
	for _, tt := range []struct {
		p RefPattern
		s string
	}{
		{groupORN, "orn:okta:directory:00oX:groups"},           // the collection, not one group
		{groupORN, "orn:okta:directory:00oX:groups:00gY:more"}, // anchored
		{groupORN, "orn:okta:idp:00oX:apps:x:0oaZ"},
		{allGroups, "orn:okta:directory:00oX:groups:00gY"},
		{userURL, "https://acme.okta.com/api/v1/groups/00gY"},
		{userURL, "ftp://acme.okta.com/api/v1/users/00uA"},
	} {
		if _, ok := tt.p.MatchLive(tt.s); ok {
			t.Errorf("%s matches %s", tt.s, tt.p.Template)
		}
	}
	// A file string with the wrong token in an org part is not the form.
	for _, s := range []string{
		"orn:okta:directory:${org:id}:groups:${ref:groups/x}",              // partition left literal
		"orn:${org:id}:directory:${org:id}:groups:${ref:groups/x}",         // wrong token
		"orn:${org:partition}:directory:${org:id}:groups:${ref:groups/x}/", // trailing text
	} {
		if _, ok := groupORN.MatchFile(s); ok {
			t.Errorf("MatchFile(%q) accepted", s)
		}
	}
	// A raw ID is accepted in the file form (validate warns about it).
	if id, ok := groupORN.MatchFile("orn:${org:partition}:directory:${org:id}:groups:00gY"); !ok || id != "00gY" {
		t.Errorf("raw ID in the file form: %q, %v", id, ok)
	}
}

// TestUserAndOrgPlaceholders: ${user:} and ${org:} are placeholders with
// their own rules, escaped by EscapeLiteral like the others.
func TestUserAndOrgPlaceholders(t *testing.T) {
	for _, tt := range []struct {
		in      string
		typ     PlaceholderType
		value   string
		wantErr bool
	}{
		{"${user:alice@example.com}", PlaceholderUser, "alice@example.com", false},
		{"${user:ALICE.o'neil+x@Example.COM}", PlaceholderUser, "ALICE.o'neil+x@Example.COM", false},
		{"${org:id}", PlaceholderOrg, OrgID, false},
		{"${org:partition}", PlaceholderOrg, OrgPartition, false},
		{"${org:url}", PlaceholderOrg, OrgURL, false},
		{"${org:host}", 0, "", true},
		{"${user:}", 0, "", true},
		{"${user:a b}", 0, "", true},
	} {
		ps, err := ScanPlaceholders(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("%s: no error", tt.in)
			}
			continue
		}
		if err != nil || len(ps) != 1 || ps[0].Type != tt.typ || ps[0].Value != tt.value || ps[0].String() != tt.in {
			t.Errorf("%s: %v, %v", tt.in, ps, err)
		}
	}
	if got := EscapeLiteral("${user:x} and ${org:id}"); got != "$${user:x} and $${org:id}" {
		t.Errorf("EscapeLiteral = %q", got)
	}
	s := "orn:${org:partition}:x:${org:id} by ${user:a@b.c} and ${user:d@e.f}"
	if got := LoginsIn(s); len(got) != 2 || got[0] != "a@b.c" || got[1] != "d@e.f" {
		t.Errorf("LoginsIn = %v", got)
	}
	if got := OrgPartsIn(s); len(got) != 2 || got[0] != OrgPartition || got[1] != OrgID {
		t.Errorf("OrgPartsIn = %v", got)
	}
}
