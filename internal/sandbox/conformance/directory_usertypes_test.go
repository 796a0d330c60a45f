package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// userTypeDecode decodes a JSON response body, keeping numbers exact.
func userTypeDecode(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %.300s: %v", data, err)
	}
	return v
}

func userTypeObj(t *testing.T, data []byte) engine.Obj {
	t.Helper()
	o, ok := userTypeDecode(t, data).(map[string]any)
	if !ok {
		t.Fatalf("not an object: %.300s", data)
	}
	return o
}

// userTypeWantError checks an Okta error answer.
func userTypeWantError(t *testing.T, what string, status int, data []byte, wantStatus int, wantCode string) {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("%s: status %d, want %d: %.400s", what, status, wantStatus, data)
	}
	if code := engine.Str(userTypeObj(t, data), "errorCode"); code != wantCode {
		t.Fatalf("%s: errorCode %q, want %q: %.400s", what, code, wantCode, data)
	}
}

func TestUserTypesSeededDefault(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	status, hdr, data := o.do(t, "GET", "/api/v1/meta/types/user", nil)
	if status != http.StatusOK {
		t.Fatalf("list: %d %s", status, data)
	}
	if links := hdr.Values("Link"); len(links) != 0 {
		t.Fatalf("user types are not paged, got Link %v", links)
	}
	list, _ := userTypeDecode(t, data).([]any)
	if len(list) != 1 {
		t.Fatalf("want only the default type, got %d", len(list))
	}
	def := list[0].(map[string]any)
	id := engine.Str(def, "id")
	if !strings.HasPrefix(id, "oty") || len(id) != 20 {
		t.Fatalf("default type id %q", id)
	}
	for path, want := range map[string]any{
		"name": "user", "displayName": "User", "default": true,
		"description":        "Okta user profile template with default permission settings",
		"_links.self.rel":    "self",
		"_links.self.href":   o.URL + "/api/v1/meta/types/user/" + id,
		"_links.self.method": "GET",
		"_links.schema.rel":  "schema",
		"_links.schema.href": o.URL + "/api/v1/meta/schemas/user/osc" + id[3:],
	} {
		if got := engine.At(def, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if !strings.HasPrefix(engine.Str(def, "createdBy"), "spr") {
		t.Errorf("default type createdBy %q, want a system principal (spr…)", engine.Str(def, "createdBy"))
	}
	// `default` is an alias of the default type's id.
	status, _, data = o.do(t, "GET", "/api/v1/meta/types/user/default", nil)
	if status != http.StatusOK || engine.Str(userTypeObj(t, data), "id") != id {
		t.Fatalf("GET default: %d %s", status, data)
	}
	// The default type can't be deleted, by id or by alias.
	for _, key := range []string{id, "default"} {
		status, _, data = o.do(t, "DELETE", "/api/v1/meta/types/user/"+key, nil)
		userTypeWantError(t, "delete default "+key, status, data, http.StatusForbidden, "E0000006")
	}
	// The super admin is of the default type.
	status, _, data = o.do(t, "GET", "/api/v1/users/me", nil)
	if status != http.StatusOK || engine.Str(userTypeObj(t, data), "type.id") != id {
		t.Fatalf("admin's type: %d %.300s", status, data)
	}
}

func TestUserTypesCRUD(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	_, _, me := o.do(t, "GET", "/api/v1/users/me", nil)
	adminID := engine.Str(userTypeObj(t, me), "id")

	status, _, data := o.do(t, "POST", "/api/v1/meta/types/user", engine.Obj{
		"name": "contractor", "displayName": "Contractor", "description": "Agency staff",
		"id": "otyIGNOREDIGNOREDxx", "default": true, "createdBy": "someone",
	})
	if status != http.StatusOK {
		t.Fatalf("create: %d %s", status, data)
	}
	ct := userTypeObj(t, data)
	id := engine.Str(ct, "id")
	if !strings.HasPrefix(id, "oty") || id == "otyIGNOREDIGNOREDxx" {
		t.Fatalf("created id %q", id)
	}
	if engine.BoolAt(ct, "default") || engine.Str(ct, "createdBy") != adminID || engine.Str(ct, "lastUpdatedBy") != adminID {
		t.Fatalf("server fields: %s", data)
	}
	if engine.Str(ct, "created") == "" || engine.Str(ct, "lastUpdated") == "" {
		t.Fatalf("timestamps missing: %s", data)
	}
	// Its schema exists from the start.
	if status, _, data := o.do(t, "GET", "/api/v1/meta/schemas/user/osc"+id[3:], nil); status != http.StatusOK {
		t.Fatalf("new type's schema: %d %s", status, data)
	}

	errs := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"duplicate name", "POST", "/api/v1/meta/types/user", engine.Obj{"name": "contractor", "displayName": "Other"}, 400, "E0000001"},
		{"duplicate name, other case", "POST", "/api/v1/meta/types/user", engine.Obj{"name": "Contractor", "displayName": "Other"}, 400, "E0000001"},
		{"name of the default", "POST", "/api/v1/meta/types/user", engine.Obj{"name": "user", "displayName": "Other"}, 400, "E0000001"},
		{"bad name", "POST", "/api/v1/meta/types/user", engine.Obj{"name": "9lives", "displayName": "Cat"}, 400, "E0000001"},
		{"name with a dash", "POST", "/api/v1/meta/types/user", engine.Obj{"name": "a-b", "displayName": "Cat"}, 400, "E0000001"},
		{"no displayName", "POST", "/api/v1/meta/types/user", engine.Obj{"name": "partner"}, 400, "E0000001"},
		{"no name", "POST", "/api/v1/meta/types/user", engine.Obj{"displayName": "Partner"}, 400, "E0000001"},
		{"wrong JSON type", "POST", "/api/v1/meta/types/user", engine.Obj{"name": "partner", "displayName": 5}, 400, "E0000003"},
		{"not JSON", "POST", "/api/v1/meta/types/user", "{", 400, "E0000003"},
		{"PUT renames", "PUT", "/api/v1/meta/types/user/" + id, engine.Obj{"name": "other", "displayName": "X", "description": "Y"}, 400, "E0000001"},
		{"PUT without name", "PUT", "/api/v1/meta/types/user/" + id, engine.Obj{"displayName": "X", "description": "Y"}, 400, "E0000001"},
		{"POST renames", "POST", "/api/v1/meta/types/user/" + id, engine.Obj{"name": "other"}, 400, "E0000001"},
		{"POST blanks displayName", "POST", "/api/v1/meta/types/user/" + id, engine.Obj{"displayName": " "}, 400, "E0000001"},
		{"get unknown", "GET", "/api/v1/meta/types/user/otyNOPENOPENOPENOPE1", nil, 404, "E0000007"},
		{"update unknown", "POST", "/api/v1/meta/types/user/otyNOPENOPENOPENOPE1", engine.Obj{"displayName": "X"}, 404, "E0000007"},
		{"delete unknown", "DELETE", "/api/v1/meta/types/user/otyNOPENOPENOPENOPE1", nil, 404, "E0000007"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			status, _, data := o.do(t, tc.method, tc.path, tc.body)
			userTypeWantError(t, tc.name, status, data, tc.status, tc.code)
		})
	}

	// POST is partial: description changes, displayName stays, name may be
	// repeated (the recording sends it).
	status, _, data = o.do(t, "POST", "/api/v1/meta/types/user/"+id, engine.Obj{"name": "contractor", "description": "Contract staff"})
	if status != http.StatusOK {
		t.Fatalf("partial update: %d %s", status, data)
	}
	got := userTypeObj(t, data)
	if engine.Str(got, "displayName") != "Contractor" || engine.Str(got, "description") != "Contract staff" || engine.Str(got, "created") != engine.Str(ct, "created") {
		t.Fatalf("partial update result: %s", data)
	}
	// PUT replaces: a description left out is gone.
	status, _, data = o.do(t, "PUT", "/api/v1/meta/types/user/"+id, engine.Obj{"name": "contractor", "displayName": "Contract worker"})
	if status != http.StatusOK {
		t.Fatalf("replace: %d %s", status, data)
	}
	got = userTypeObj(t, data)
	if engine.Str(got, "displayName") != "Contract worker" || got["description"] != nil || engine.Str(got, "name") != "contractor" || engine.Str(got, "createdBy") != adminID {
		t.Fatalf("replace result: %s", data)
	}
	// The schema follows the type's names.
	_, _, data = o.do(t, "GET", "/api/v1/meta/schemas/user/osc"+id[3:], nil)
	if s := userTypeObj(t, data); engine.Str(s, "title") != "Contract worker" || engine.Str(s, "name") != "contractor" {
		t.Fatalf("schema names: %s", data)
	}

	// A type assigned to a user can't be deleted.
	o.Srv.Org().Lock()
	admin := o.Srv.Org().Get("users", "", adminID)
	prevType := admin["type"]
	admin["type"] = engine.Obj{"id": id}
	o.Srv.Org().Unlock()
	status, _, data = o.do(t, "DELETE", "/api/v1/meta/types/user/"+id, nil)
	userTypeWantError(t, "delete in-use type", status, data, http.StatusForbidden, "E0000006")
	o.Srv.Org().Lock()
	admin["type"] = prevType
	o.Srv.Org().Unlock()

	status, _, data = o.do(t, "DELETE", "/api/v1/meta/types/user/"+id, nil)
	if status != http.StatusNoContent || len(data) != 0 {
		t.Fatalf("delete: %d %s", status, data)
	}
	status, _, data = o.do(t, "GET", "/api/v1/meta/types/user/"+id, nil)
	userTypeWantError(t, "get deleted", status, data, http.StatusNotFound, "E0000007")
	status, _, data = o.do(t, "GET", "/api/v1/meta/schemas/user/osc"+id[3:], nil)
	userTypeWantError(t, "deleted type's schema", status, data, http.StatusNotFound, "E0000007")
	// The name is free again.
	if status, _, data := o.do(t, "POST", "/api/v1/meta/types/user", engine.Obj{"name": "contractor", "displayName": "C"}); status != http.StatusOK {
		t.Fatalf("re-create: %d %s", status, data)
	}
}

func TestUserTypesLimit(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	for i := 1; i <= 9; i++ {
		status, _, data := o.do(t, "POST", "/api/v1/meta/types/user", engine.Obj{"name": fmt.Sprintf("type%d", i), "displayName": fmt.Sprintf("Type %d", i)})
		if status != http.StatusOK {
			t.Fatalf("type %d: %d %s", i, status, data)
		}
	}
	status, _, data := o.do(t, "POST", "/api/v1/meta/types/user", engine.Obj{"name": "type10", "displayName": "Type 10"})
	userTypeWantError(t, "11th type", status, data, http.StatusBadRequest, "E0000001")
	_, _, data = o.do(t, "GET", "/api/v1/meta/types/user", nil)
	list, _ := userTypeDecode(t, data).([]any)
	if len(list) != 10 || engine.Str(list[0].(map[string]any), "name") != "user" || engine.Str(list[9].(map[string]any), "name") != "type9" {
		t.Fatalf("list after limit: %d types", len(list))
	}
}

func TestUserTypesScopes(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"GET /api/v1/meta/types/user":               "okta.userTypes.read",
		"POST /api/v1/meta/types/user":              "okta.userTypes.manage",
		"GET /api/v1/meta/types/user/{typeId}":      "okta.userTypes.read",
		"PUT /api/v1/meta/types/user/{typeId}":      "okta.userTypes.manage",
		"POST /api/v1/meta/types/user/{typeId}":     "okta.userTypes.manage",
		"DELETE /api/v1/meta/types/user/{typeId}":   "okta.userTypes.manage",
		"GET /api/v1/meta/schemas/user/{schemaId}":  "okta.schemas.read",
		"POST /api/v1/meta/schemas/user/{schemaId}": "okta.schemas.manage",
		"GET /api/v1/meta/schemas/group/default":    "okta.schemas.read",
		"POST /api/v1/meta/schemas/group/default":   "okta.schemas.manage",
	} {
		if got := srv.RouteScope(key); got != want {
			t.Errorf("%s: scope %q, want %q", key, got, want)
		}
	}
}

func TestUserTypesSample(t *testing.T) {
	clock := func() time.Time { return time.Date(2025, 3, 13, 23, 54, 32, 0, time.UTC) }
	o := newConformanceOrg(t, sandbox.Options{Sample: true, Now: clock})
	_, _, data := o.do(t, "GET", "/api/v1/meta/types/user", nil)
	var names []string
	for _, x := range userTypeDecode(t, data).([]any) {
		names = append(names, engine.Str(x.(map[string]any), "displayName"))
	}
	if got := strings.Join(names, ","); got != "User,Contractor,Partner,Service Account,Customer" {
		t.Fatalf("sample types: %s", got)
	}
	// The sample is deterministic: same seed, same ids.
	o2 := newConformanceOrg(t, sandbox.Options{Sample: true, Now: clock})
	_, _, data2 := o2.do(t, "GET", "/api/v1/meta/types/user", nil)
	if strings.ReplaceAll(string(data), o.URL, "") != strings.ReplaceAll(string(data2), o2.URL, "") {
		t.Fatalf("two sample orgs differ:\n%s\n%s", data, data2)
	}
}
