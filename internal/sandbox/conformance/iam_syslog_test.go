package conformance

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestIAMSystemLog: every write of the admin-access handlers leaves its
// System Log event, naming the custom role, the resource set or the
// principal whose admin roles changed; refused writes and reads leave
// none. Incremental plans rely on these events to re-read the IAM kinds.
func TestIAMSystemLog(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	iamUser(t, o, "00usysloguser0000001", "sam@example.com")
	grp := iamGroup(o, "Helpdesk")
	target := iamGroup(o, "Contractors")
	_, client := iamServiceApp(o, "Sync")
	seen := len(iamLog(t, o))

	role := engine.Str(o.mustObj(http.StatusOK, "POST", "/api/v1/iam/roles", engine.Obj{
		"label": "Auditor", "description": "d", "permissions": []any{"okta.users.read"},
	}), "id")
	rb := "/api/v1/iam/roles/" + role
	o.mustObj(http.StatusOK, "PUT", rb, engine.Obj{"label": "Auditor", "description": "d2"})
	o.must(http.StatusNoContent, "POST", rb+"/permissions/okta.groups.read", engine.Obj{})
	o.mustObj(http.StatusOK, "PUT", rb+"/permissions/okta.groups.read", engine.Obj{})
	o.must(http.StatusNoContent, "DELETE", rb+"/permissions/okta.groups.read", nil)
	set := engine.Str(o.mustObj(http.StatusOK, "POST", "/api/v1/iam/resource-sets", engine.Obj{
		"label": "People", "description": "d", "resources": []any{"orn:okta:directory:" + o.Srv.Org().OrgID + ":users"},
	}), "id")
	sb := "/api/v1/iam/resource-sets/" + set
	o.mustObj(http.StatusOK, "PUT", sb, engine.Obj{"label": "People", "description": "d2"})
	o.mustObj(http.StatusOK, "PATCH", sb+"/resources", engine.Obj{"additions": []any{o.URL + "/api/v1/groups/" + target}})
	res, _ := iamPages(o, sb+"/resources", "resources")
	o.must(http.StatusNoContent, "DELETE", sb+"/resources/"+engine.Str(res[len(res)-1], "id"), nil)
	o.mustObj(http.StatusOK, "POST", sb+"/bindings", engine.Obj{"role": role, "members": []any{o.URL + "/api/v1/groups/" + grp}})
	o.mustObj(http.StatusOK, "PATCH", sb+"/bindings/"+role+"/members", engine.Obj{"additions": []any{o.URL + "/api/v1/users/00usysloguser0000001"}})
	members, _ := iamPages(o, sb+"/bindings/"+role+"/members", "members")
	o.must(http.StatusNoContent, "DELETE", sb+"/bindings/"+role+"/members/"+engine.Str(members[len(members)-1], "id"), nil)
	o.must(http.StatusNoContent, "DELETE", sb+"/bindings/"+role, nil)
	// The role, unbound now, goes; a second delete is a 404 and leaves
	// nothing.
	o.must(http.StatusNoContent, "DELETE", rb, nil)
	o.must(http.StatusNotFound, "DELETE", rb, nil)

	gr := "/api/v1/groups/" + grp + "/roles"
	ga := engine.Str(o.mustObj(http.StatusCreated, "POST", gr, engine.Obj{"type": "USER_ADMIN"}), "id")
	o.must(http.StatusNoContent, "PUT", gr+"/"+ga+"/targets/groups/"+target, nil)
	o.must(http.StatusNoContent, "DELETE", gr+"/"+ga, nil)
	ur := "/api/v1/users/00usysloguser0000001/roles"
	ua := engine.Str(o.mustObj(http.StatusCreated, "POST", ur, engine.Obj{"type": "READ_ONLY_ADMIN"}), "id")
	o.must(http.StatusNoContent, "DELETE", ur+"/"+ua, nil)
	cr := "/oauth2/v1/clients/" + client + "/roles"
	o.mustObj(http.StatusCreated, "POST", cr, engine.Obj{"type": "REPORT_ADMIN"})
	// A refused delete leaves no event.
	o.must(http.StatusNotFound, "DELETE", cr+"/ra1nosuchassignment0", nil)

	rt, st := "CustomRole:"+role, "ResourceSet:"+set
	want := []string{
		"iam.role.create " + rt,
		"iam.role.update " + rt,
		"iam.role.permissions.add " + rt,
		"iam.role.permissions.update " + rt,
		"iam.role.permissions.delete " + rt,
		"iam.resourceset.create " + st,
		"iam.resourceset.update " + st,
		"iam.resourceset.resources.add " + st,
		"iam.resourceset.resources.delete " + st,
		"iam.resourceset.bindings.add " + rt + "," + st,
		"iam.resourceset.bindings.add " + rt + "," + st,
		"iam.resourceset.bindings.delete " + rt + "," + st,
		"iam.resourceset.bindings.delete " + rt + "," + st,
		"iam.role.delete " + rt,
		"group.privilege.grant UserGroup:" + grp,
		"group.privilege.grant UserGroup:" + grp,
		"group.privilege.revoke UserGroup:" + grp,
		"user.account.privilege.grant User:00usysloguser0000001",
		"user.account.privilege.revoke User:00usysloguser0000001",
		"app.oauth2.client.privilege.grant PublicClientApp:" + client,
	}
	var got []string
	for _, ev := range iamLog(t, o)[seen:] {
		var ts []string
		for _, tg := range ev["target"].([]any) {
			m := tg.(map[string]any)
			ts = append(ts, engine.Str(m, "type")+":"+engine.Str(m, "id"))
		}
		got = append(got, engine.Str(ev, "eventType")+" "+strings.Join(ts, ","))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// iamLog is the org's whole System Log, oldest first.
func iamLog(t *testing.T, o zoneTestOrg) []engine.Obj {
	t.Helper()
	arr, _ := o.must(http.StatusOK, "GET", "/api/v1/logs?limit=1000", nil).([]any)
	evs := make([]engine.Obj, len(arr))
	for i, v := range arr {
		evs[i], _ = v.(map[string]any)
	}
	return evs
}
