package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestConditionHolds(t *testing.T) {
	body := map[string]any{
		"features":   []any{"PUSH_NEW_USERS", "GROUP_PUSH"},
		"none":       []any{},
		"signOnMode": "OPENID_CONNECT",
		"settings":   map[string]any{},
		"label":      "",
	}
	tests := []struct {
		c    Condition
		want bool
	}{
		{Condition{Field: "features", NotEmpty: true}, true},
		{Condition{Field: "none", NotEmpty: true}, false},
		{Condition{Field: "missing", NotEmpty: true}, false},
		{Condition{Field: "settings", NotEmpty: true}, false},
		{Condition{Field: "label", NotEmpty: true}, false},
		{Condition{Field: "signOnMode", NotEmpty: true}, true},
		{Condition{Field: "features", Contains: "GROUP_PUSH"}, true},
		{Condition{Field: "features", Contains: "IMPORT_NEW_USERS"}, false},
		{Condition{Field: "signOnMode", Contains: "OPENID_CONNECT"}, false}, // not an array
		{Condition{Field: "signOnMode", OneOf: []string{"SAML_2_0", "OPENID_CONNECT"}}, true},
		{Condition{Field: "signOnMode", OneOf: []string{"SAML_2_0"}}, false},
		{Condition{Field: "missing", OneOf: []string{"SAML_2_0"}}, false},
	}
	for _, tt := range tests {
		if got := tt.c.Holds(body); got != tt.want {
			t.Errorf("%s: Holds = %v, want %v", tt.c.String(), got, tt.want)
		}
	}
	k := &Kind{Name: "x"}
	if !k.ListsUnder(nil) {
		t.Error("a kind without When lists under every parent")
	}
	k.List.When = &Condition{Field: "features", NotEmpty: true}
	if k.ListsUnder(map[string]any{"features": []any{}}) || !k.ListsUnder(body) {
		t.Error("ListsUnder does not follow When")
	}
}

func TestVerification(t *testing.T) {
	v := &Verification{
		Endpoint: Endpoint{Method: "POST", Path: "/api/v1/domains/{id}/verify"}, StatusField: "validationStatus",
		Verified: []string{"VERIFIED", "COMPLETED"},
		Records:  DNSRecords{Path: "dnsRecords", Type: "recordType", Name: "fqdn", Value: "values"},
		Volatile: []string{"publicCertificate"},
	}
	body := map[string]any{
		"validationStatus": "NOT_STARTED",
		"dnsRecords": []any{
			map[string]any{"recordType": "TXT", "fqdn": "_oktaverification.login.example.com", "values": []any{"79496f23"}},
			map[string]any{"recordType": "CNAME", "fqdn": "login.example.com", "values": "example.customdomains.okta.com"},
		},
	}
	if v.IsVerified(body) || v.Status(body) != "NOT_STARTED" {
		t.Errorf("IsVerified/Status wrong for %v", body["validationStatus"])
	}
	want := []string{"TXT _oktaverification.login.example.com → 79496f23", "CNAME login.example.com → example.customdomains.okta.com"}
	var got []string
	for _, r := range v.RecordsOf(body) {
		got = append(got, r.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RecordsOf (-want +got):\n%s", diff)
	}
	body["validationStatus"] = "COMPLETED"
	if !v.IsVerified(body) {
		t.Error("COMPLETED is verified")
	}

	// The verification fields are volatile: stripped, and out of the
	// fingerprint, so that a domain verifying between plan and apply does
	// not make the plan stale.
	k := &Kind{Name: "d", Volatile: []string{"lastRotated"}, Verify: v}
	if diff := cmp.Diff([]string{"lastRotated", "validationStatus", "publicCertificate", "dnsRecords"}, k.VolatileFields()); diff != "" {
		t.Errorf("VolatileFields (-want +got):\n%s", diff)
	}
	live := map[string]any{"id": "OcD1", "domain": "login.example.com", "validationStatus": "NOT_STARTED",
		"dnsRecords": []any{}, "publicCertificate": map[string]any{"subject": "x"}}
	before := Fingerprint(k, live)
	live["validationStatus"], live["publicCertificate"] = "VERIFIED", map[string]any{"subject": "y"}
	if Fingerprint(k, live) != before {
		t.Error("a change of verification status changed the fingerprint")
	}
	k.StripServerFields(live)
	if diff := cmp.Diff(map[string]any{"id": "OcD1", "domain": "login.example.com"}, live); diff != "" {
		t.Errorf("StripServerFields (-want +got):\n%s", diff)
	}
}

func TestLifecycleAsToggle(t *testing.T) {
	L := lifecycle("/api/v1/zones/{id}")
	L.CreatedStatus = "INACTIVE"
	tg := L.Toggle()
	if tg.Field != "status" || tg.Created != "INACTIVE" {
		t.Errorf("toggle = %+v", tg)
	}
	a, ok := tg.Action("ACTIVE")
	if !ok || a.Verb != "activate" || a.Endpoint.Path != "/api/v1/zones/{id}/lifecycle/activate" {
		t.Errorf("ACTIVE → %+v, %v", a, ok)
	}
	d, ok := tg.Action("INACTIVE")
	if !ok || d.Verb != "deactivate" || d.Endpoint.Path != "/api/v1/zones/{id}/lifecycle/deactivate" {
		t.Errorf("INACTIVE → %+v, %v", d, ok)
	}
	if _, ok := tg.Action("SUSPENDED"); ok {
		t.Error("a lifecycle has no SUSPENDED action")
	}
	if diff := cmp.Diff([]string{"ACTIVE", "INACTIVE"}, tg.Values()); diff != "" {
		t.Error(diff)
	}
}

func TestBrokenCapabilities(t *testing.T) {
	// makes: d's create makes a b, named at bId (as a custom domain's
	// create makes a brand); c is a child of d.
	makes := func(f func(k *Kind)) []Kind {
		b := minimal("b")
		b.Delete = del("/api/v1/b/{id}")
		d := minimal("d")
		d.Create, d.CreateFields = post("/api/v1/d"), []string{"name"}
		d.Refs = []RefField{{Path: "bId", Target: "b"}}
		d.Makes = []MadeObject{{Field: "bId", Kind: "b"}}
		c := minimal("c")
		c.Parent, c.ChildDir, c.List.Path = "d", "cs", "/api/v1/d/{parentId}/cs"
		f(&d)
		return []Kind{b, d, c}
	}
	// part: d has a write-only part (a custom domain's certificate).
	part := func(f func(k *Kind)) []Kind {
		d := minimal("d")
		d.Create, d.CreateFields = post("/api/v1/d"), []string{"name"}
		d.WriteOnly = &WriteOnlyPart{Name: "cert", Fields: []string{"cert", "key"},
			Write:  Endpoint{Method: "PUT", Path: "/api/v1/d/{id}/cert"},
			Digest: PartDigest{Field: "cert", Live: "meta.fingerprint", PEM: []string{"cert"}}}
		f(&d)
		return []Kind{d}
	}
	child := func(k Kind) Kind {
		k.Parent, k.ChildDir, k.List.Path = "p", "cs", "/api/v1/p/{parentId}/cs"
		return k
	}
	toggle := func(field string, values ...string) Toggle {
		tg := Toggle{Field: field}
		for _, v := range values {
			tg.Actions = append(tg.Actions, ToggleAction{Value: v, Endpoint: Endpoint{Method: "POST", Path: "/api/v1/x/{id}/" + v}})
		}
		return tg
	}
	with := func(f func(k *Kind)) []Kind {
		k := child(minimal("c"))
		f(&k)
		return []Kind{minimal("p"), k}
	}
	tests := []struct {
		name  string
		kinds []Kind
		want  string
	}{
		{"implicit with create", with(func(k *Kind) { k.Implicit, k.Create = true, post("/api/v1/x") }), "no create or delete endpoint"},
		{"toggle of the status field", with(func(k *Kind) {
			k.Lifecycle = lifecycle("/api/v1/x/{id}")
			k.Toggles = []Toggle{toggle("status", "ON")}
		}), "is the lifecycle's status field"},
		{"read-only toggle", with(func(k *Kind) { k.ReadOnly = []string{"state"}; k.Toggles = []Toggle{toggle("state", "ON")} }), "read-only or volatile"},
		{"toggle without actions", with(func(k *Kind) { k.Toggles = []Toggle{{Field: "state"}} }), "has no actions"},
		{"repeated toggle value", with(func(k *Kind) { k.Toggles = []Toggle{toggle("state", "ON", "ON")} }), `repeated value "ON"`},
		{"toggle declared twice", with(func(k *Kind) { k.Toggles = []Toggle{toggle("state", "ON"), toggle("state", "OFF")} }), "declared twice"},
		{"implicit toggle without Created", with(func(k *Kind) { k.Implicit = true; k.Toggles = []Toggle{toggle("state", "ON", "OFF")} }), "must say the value Okta gives"},
		{"Created not a value", with(func(k *Kind) {
			tg := toggle("state", "ON", "OFF")
			tg.Created = "MAYBE"
			k.Toggles = []Toggle{tg}
		}), `Created "MAYBE" is not one of its values`},
		{"toggle without endpoint", with(func(k *Kind) { k.Toggles = []Toggle{{Field: "state", Actions: []ToggleAction{{Value: "ON"}}}} }), "needs a method and a path"},
		{"verify without create", with(func(k *Kind) {
			k.Verify = &Verification{Endpoint: *post("/api/v1/x/{id}/verify"), StatusField: "s", Verified: []string{"OK"}}
		}), "only an object oktasync creates"},
		{"verify without status", with(func(k *Kind) {
			k.Create = post("/api/v1/x")
			k.Verify = &Verification{Endpoint: *post("/api/v1/x/{id}/verify")}
		}), "needs a status field"},
		{"when on a top-level kind", []Kind{func() Kind {
			k := minimal("a")
			k.List.When = &Condition{Field: "features", NotEmpty: true}
			return k
		}()}, "a top-level kind has none"},
		{"when with two tests", with(func(k *Kind) { k.List.When = &Condition{Field: "f", NotEmpty: true, Contains: "X"} }), "exactly one test"},
		{"paged list inside an object", with(func(k *Kind) { k.List.Field, k.List.Paged = "items", true }), "paged by its body, not by Link headers"},
		{"unknown secret format", with(func(k *Kind) { k.Secrets = []SecretField{{Path: "key", Format: SecretFormat(9)}} }), "unknown format 9"},
		{"write-only part without create fields", part(func(k *Kind) { k.CreateFields = nil }), "needs CreateFields"},
		{"write-only part sent by the create", part(func(k *Kind) { k.CreateFields = append(k.CreateFields, "cert") }), "field cert is sent by the create"},
		{"write-only part field not top-level", part(func(k *Kind) { k.WriteOnly.Fields = append(k.WriteOnly.Fields, "a.b") }), "field a.b is not top-level"},
		{"write-only part digest outside it", part(func(k *Kind) { k.WriteOnly.Digest.Field = "other" }), "digested field other is not one of its fields"},
		{"write-only part PEM outside it", part(func(k *Kind) { k.WriteOnly.Digest.PEM = []string{"other"} }), "PEM field other is not one of its fields"},
		{"write-only part without {id}", part(func(k *Kind) { k.WriteOnly.Write.Path = "/api/v1/d/cert" }), "needs a write endpoint with {id}"},
		{"write-only part without Okta's digest", part(func(k *Kind) { k.WriteOnly.Digest.Live = "" }), "needs the live field of Okta's digest"},
		{"made object of an unknown kind", makes(func(k *Kind) { k.Makes[0].Kind = "nope" }), `unknown kind "nope"`},
		{"made object that cannot be deleted", makes(func(k *Kind) { k.Makes[0].Kind, k.Refs[0].Target = "c", "c" }), "top-level with a delete endpoint"},
		{"made object's field sent by the create", makes(func(k *Kind) { k.CreateFields = append(k.CreateFields, "bId") }), "set by the update after the create"},
		{"made object's field not a reference", makes(func(k *Kind) { k.Refs = nil }), "must be a reference to b"},
	}
	for _, tt := range tests {
		names := []string{}
		for _, k := range tt.kinds {
			names = append(names, k.Name)
		}
		_, err := NewRegistryFrom(tt.kinds, schemaFS(names...))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want containing %q", tt.name, err, tt.want)
		}
	}

	if _, err := NewRegistryFrom(part(func(*Kind) {}), schemaFS("d")); err != nil {
		t.Errorf("a valid write-only part was refused: %v", err)
	}
	if _, err := NewRegistryFrom(makes(func(*Kind) {}), schemaFS("b", "d", "c")); err != nil {
		t.Errorf("a valid made object was refused: %v", err)
	}

	// A descriptor using every capability as documented is accepted.
	good := with(func(k *Kind) {
		k.Implicit = true
		tg := toggle("state", "ON", "OFF")
		tg.Created = "OFF"
		k.Toggles = []Toggle{tg}
		k.List.When = &Condition{Field: "features", Contains: "GROUP_PUSH"}
		k.Secrets = []SecretField{{Path: "key", Mode: SecretAlways, Format: SecretPEM}}
	})
	if _, err := NewRegistryFrom(good, schemaFS("p", "c")); err != nil {
		t.Errorf("a valid descriptor was refused: %v", err)
	}
}

// TestToggleValue: a toggle names a string value as it is and a boolean as
// "true" or "false"; no other type is a toggle value.
func TestToggleValue(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want string
		ok   bool
	}{
		{"ENABLED", "ENABLED", true},
		{true, "true", true},
		{false, "false", true},
		{"true", "true", true},
		{1.0, "", false},
		{nil, "", false},
		{map[string]any{}, "", false},
	} {
		got, ok := ToggleValue(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ToggleValue(%#v) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
