package conformance

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func TestEmailDomains(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	_, _, v := ahbCall(t, o, "POST", "/api/v1/brands", engine.Obj{"name": "testAcc-23430429"})
	brandID := engine.Str(ahbObj(t, v), "id")

	// VCR TestAccResourceOktaBrand_Issue_1824_with_email_domain#5.
	st, _, v := ahbCall(t, o, "POST", "/api/v1/email-domains", engine.Obj{"brandId": brandID, "displayName": "test",
		"domain": "testAcc-23430429.example.com", "userName": "fff"})
	d := ahbObj(t, v)
	if st != http.StatusCreated || !strings.HasPrefix(engine.Str(d, "id"), "OeD") || engine.Str(d, "domain") != "testAcc-23430429.example.com" ||
		engine.Str(d, "validationSubdomain") != "mail" || engine.Str(d, "validationStatus") != "NOT_STARTED" {
		t.Fatalf("create: %d %v", st, d)
	}
	for _, k := range []string{"brandId", "_links", "created", "lastUpdated"} {
		if _, has := d[k]; has {
			t.Errorf("email domain shows %s", k)
		}
	}
	recs, _ := d["dnsValidationRecords"].([]any)
	var fqdns []string
	for _, r := range recs {
		fqdns = append(fqdns, engine.Str(ahbObj(t, r), "recordType")+" "+engine.Str(ahbObj(t, r), "fqdn"))
	}
	want := []string{"TXT _oktaverification.testAcc-23430429.example.com", "cname mail.testacc-23430429.example.com",
		"cname p03._domainkey.testacc-23430429.example.com", "cname p032._domainkey.testacc-23430429.example.com"}
	if !reflect.DeepEqual(fqdns, want) {
		t.Errorf("records %v", fqdns)
	}
	path := "/api/v1/email-domains/" + engine.Str(d, "id")

	// The brand links to it (#7).
	_, _, v = ahbCall(t, o, "GET", "/api/v1/brands/"+brandID, nil)
	if b := ahbObj(t, v); engine.Str(b, "emailDomainId") != engine.Str(d, "id") || engine.Str(b, "_links.emailDomain.href") == "" {
		t.Errorf("brand after create: %v", b)
	}
	_, _, v = ahbCall(t, o, "GET", path+"?expand=brands", nil)
	if bs, _ := engine.At(ahbObj(t, v), "_embedded.brands").([]any); len(bs) != 1 {
		t.Errorf("expand=brands: %v", v)
	}
	st, _, v = ahbCall(t, o, "PUT", path, engine.Obj{"displayName": "IT Admin", "userName": "noreply"})
	if got := ahbObj(t, v); st != http.StatusOK || engine.Str(got, "userName") != "noreply" || engine.Str(got, "domain") != "testAcc-23430429.example.com" {
		t.Fatalf("put: %d %v", st, got)
	}
	st, _, v = ahbCall(t, o, "POST", path+"/verify", nil)
	ahbWantError(t, "verify without DNS", st, v, http.StatusBadRequest, "E0000218")

	tests := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"duplicate, other case", "POST", "/api/v1/email-domains", engine.Obj{"brandId": brandID, "displayName": "x", "userName": "x", "domain": "TESTACC-23430429.example.com"}, 409, "E0000197"},
		{"no brand", "POST", "/api/v1/email-domains", engine.Obj{"displayName": "x", "userName": "x", "domain": "b.example.com"}, 400, "E0000001"},
		{"unknown brand", "POST", "/api/v1/email-domains", engine.Obj{"brandId": "bndNOPE0000000000000", "displayName": "x", "userName": "x", "domain": "b.example.com"}, 404, "E0000007"},
		{"no userName", "POST", "/api/v1/email-domains", engine.Obj{"brandId": brandID, "displayName": "x", "domain": "b.example.com"}, 400, "E0000001"},
		{"userName with an @", "POST", "/api/v1/email-domains", engine.Obj{"brandId": brandID, "displayName": "x", "userName": "a@b", "domain": "b.example.com"}, 400, "E0000001"},
		{"not a domain", "POST", "/api/v1/email-domains", engine.Obj{"brandId": brandID, "displayName": "x", "userName": "x", "domain": "nodots"}, 400, "E0000001"},
		{"put without displayName", "PUT", path, engine.Obj{"userName": "x"}, 400, "E0000001"},
		{"unknown", "GET", "/api/v1/email-domains/OeDNOPE0000000000000", nil, 404, "E0000007"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}

	// Delete unlinks the brand (#14, #15).
	if st, _, v := ahbCall(t, o, "DELETE", path, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d %v", st, v)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/brands/"+brandID, nil)
	if b := ahbObj(t, v); b["emailDomainId"] != nil || engine.At(b, "_links.emailDomain") != nil {
		t.Errorf("brand after delete: %v", b)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/email-domains", nil)
	if len(ahbList(t, v)) != 0 {
		t.Errorf("list after delete: %v", v)
	}
}

func TestEmailServers(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	// VCR TestAccResourceOktaSMTPServer_crud#0: 201, no password back.
	st, _, v := ahbCall(t, o, "POST", "/api/v1/email-servers", engine.Obj{"alias": "CustomisedServer", "enabled": false,
		"host": "192.168.2.0", "password": "testPwd", "port": 8086, "username": "test_user"})
	s := ahbObj(t, v)
	want := engine.Obj{"alias": "CustomisedServer", "host": "192.168.2.0", "port": 8086.0, "id": engine.Str(s, "id"), "username": "test_user", "enabled": false}
	if st != http.StatusCreated || !strings.HasPrefix(engine.Str(s, "id"), "ces") || !reflect.DeepEqual(s, want) {
		t.Fatalf("create: %d\n got %v\nwant %v", st, s, want)
	}
	path := "/api/v1/email-servers/" + engine.Str(s, "id")
	_, _, v = ahbCall(t, o, "GET", path, nil)
	if !reflect.DeepEqual(ahbObj(t, v), want) {
		t.Errorf("get %v", v)
	}
	// A second one, enabled, takes over; PATCH changes only what it carries.
	_, _, v = ahbCall(t, o, "POST", "/api/v1/email-servers", engine.Obj{"alias": "b", "host": "smtp.example.com", "password": "p",
		"port": 587, "username": "u", "enabled": true})
	second := engine.Str(ahbObj(t, v), "id")
	st, _, v = ahbCall(t, o, "PATCH", path, engine.Obj{"host": "smtp2.example.com", "enabled": true, "password": "new"})
	if got := ahbObj(t, v); st != http.StatusOK || engine.Str(got, "host") != "smtp2.example.com" || engine.Str(got, "alias") != "CustomisedServer" ||
		!engine.BoolAt(got, "enabled") || got["password"] != nil {
		t.Fatalf("patch: %d %v", st, got)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/email-servers", nil)
	servers, _ := ahbObj(t, v)["email-servers"].([]any)
	enabled := 0
	for _, x := range servers {
		if engine.BoolAt(ahbObj(t, x), "enabled") {
			enabled++
			if engine.Str(ahbObj(t, x), "id") == second {
				t.Errorf("the older server stayed enabled")
			}
		}
	}
	if len(servers) != 2 || enabled != 1 {
		t.Errorf("list: %v", servers)
	}
	if st, _, v := ahbCall(t, o, "POST", path+"/test", engine.Obj{"from": "noreply@example.com", "to": "admin@example.com"}); st != http.StatusNoContent {
		t.Errorf("test: %d %v", st, v)
	}
	o.Srv.Org().Lock()
	stored := o.Srv.Org().Get("emailServers", "", engine.Str(s, "id"))
	o.Srv.Org().Unlock()
	if engine.Str(stored, "password") != "new" {
		t.Errorf("the patched password was not kept")
	}

	tests := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"no password", "POST", "/api/v1/email-servers", engine.Obj{"alias": "a", "host": "h.example.com", "port": 25, "username": "u"}, 400, "E0000001"},
		{"no host", "POST", "/api/v1/email-servers", engine.Obj{"alias": "a", "port": 25, "username": "u", "password": "p"}, 400, "E0000001"},
		{"port out of range", "POST", "/api/v1/email-servers", engine.Obj{"alias": "a", "host": "h", "port": 70000, "username": "u", "password": "p"}, 400, "E0000001"},
		{"port as text", "PATCH", path, engine.Obj{"port": "25"}, 400, "E0000003"},
		{"test without to", "POST", path + "/test", engine.Obj{"from": "a@example.com"}, 400, "E0000001"},
		{"test to a non-address", "POST", path + "/test", engine.Obj{"from": "a@example.com", "to": "nobody"}, 400, "E0000001"},
		{"unknown", "GET", "/api/v1/email-servers/cesNOPE0000000000000", nil, 404, "E0000007"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}
	if st, _, v := ahbCall(t, o, "DELETE", path, nil); st != http.StatusNoContent {
		t.Errorf("delete: %d %v", st, v)
	}
}

func TestSmsTemplates(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	// VCR TestAccResourceOktaSmsTemplate_crud.
	st, _, v := ahbCall(t, o, "POST", "/api/v1/templates/sms", engine.Obj{"name": "Custom", "template": "${org.name} code is: ${code}",
		"translations": engine.Obj{"en": "${org.name} code is: ${code}", "es": "${org.name} es: ${code}."}, "type": "SMS_VERIFY_CODE"})
	s := ahbObj(t, v)
	if st != http.StatusOK || !strings.HasPrefix(engine.Str(s, "id"), "cst") || engine.Str(s, "translations.es") != "${org.name} es: ${code}." ||
		engine.Str(s, "created") == "" || s["_links"] != nil {
		t.Fatalf("create: %d %v", st, s)
	}
	path := "/api/v1/templates/sms/" + engine.Str(s, "id")
	// PUT replaces; its answer leaves translations out (#4), GET shows them (#5).
	put := engine.Obj{"name": "Custom", "template": "${org.name} updated code is: ${code}", "type": "SMS_VERIFY_CODE",
		"translations": engine.Obj{"en": "${org.name} updated code is: ${code}", "fr": "${org.name} est: ${code}."}}
	st, _, v = ahbCall(t, o, "PUT", path, put)
	if got := ahbObj(t, v); st != http.StatusOK || got["translations"] != nil || engine.Str(got, "template") != engine.Str(put, "template") {
		t.Fatalf("put: %d %v", st, got)
	}
	_, _, v = ahbCall(t, o, "GET", path, nil)
	if tr := engine.At(ahbObj(t, v), "translations"); !reflect.DeepEqual(tr, map[string]any(put["translations"].(engine.Obj))) {
		t.Errorf("translations after put: %v", tr)
	}
	// A partial POST merges translations; null removes one.
	st, _, v = ahbCall(t, o, "POST", path, engine.Obj{"translations": engine.Obj{"de": "${org.name}: ${code}", "fr": nil}})
	got := ahbObj(t, v)
	wantTr := map[string]any{"en": "${org.name} updated code is: ${code}", "de": "${org.name}: ${code}"}
	if st != http.StatusOK || !reflect.DeepEqual(got["translations"], wantTr) || engine.Str(got, "name") != "Custom" {
		t.Fatalf("partial update: %d %v", st, got)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/templates/sms?templateType=SMS_VERIFY_CODE", nil)
	if len(ahbList(t, v)) != 1 {
		t.Errorf("filtered list %v", v)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/templates/sms?templateType=OTHER", nil)
	if len(ahbList(t, v)) != 0 {
		t.Errorf("other type %v", v)
	}

	long := strings.Repeat("x", 162)
	tests := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"no template", "POST", "/api/v1/templates/sms", engine.Obj{"name": "n", "type": "SMS_VERIFY_CODE"}, 400, "E0000001"},
		{"unknown type", "POST", "/api/v1/templates/sms", engine.Obj{"name": "n", "type": "SMS_HELLO", "template": "t"}, 400, "E0000001"},
		{"template too long", "POST", "/api/v1/templates/sms", engine.Obj{"name": "n", "type": "SMS_VERIFY_CODE", "template": long}, 400, "E0000001"},
		{"translation too long", "PUT", path, engine.Obj{"name": "n", "type": "SMS_VERIFY_CODE", "template": "t", "translations": engine.Obj{"fr": long}}, 400, "E0000001"},
		{"translations not an object", "POST", path, engine.Obj{"translations": "fr"}, 400, "E0000003"},
		{"unknown", "GET", "/api/v1/templates/sms/cstNOPE0000000000000", nil, 404, "E0000007"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}
	if st, _, v := ahbCall(t, o, "DELETE", path, nil); st != http.StatusNoContent {
		t.Errorf("delete: %d %v", st, v)
	}
}
