package identitysources

import (
	"slices"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func item(kv ...any) engine.Obj {
	o := engine.Obj{}
	for i := 0; i < len(kv); i += 2 {
		o[kv[i].(string)] = kv[i+1]
	}
	return o
}

var (
	upsertU1 = op{"bulk-upsert", []any{item("externalId", "U1", "profile", engine.Obj{"userName": "a@example.com", "email": "a@example.com"})}}
	upsertG1 = op{"bulk-groups-upsert", []any{item("externalId", "G1", "profile", engine.Obj{"displayName": "Eng"})}}
	joinG1U1 = op{"bulk-group-memberships-upsert", []any{item("groupExternalId", "G1", "memberExternalIds", []any{"U1"})}}
)

// TestProcess: a session's uploads applied in order, or not at all.
func TestProcess(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ops     []op
		wantErr bool
		users   string // "U1,U2"
		groups  string // "G1:U1+U2,G2:"
	}{
		{"users, group, membership", []op{upsertU1, upsertG1, joinG1U1}, false, "U1", "G1:U1"},
		{"membership before its group", []op{upsertU1, joinG1U1, upsertG1}, true, "", ""},
		{"member unknown", []op{upsertG1, joinG1U1}, true, "", ""},
		{"new user without email", []op{{"bulk-upsert", []any{item("externalId", "U2", "profile", engine.Obj{"userName": "b"})}}}, true, "", ""},
		{"delete unknown user is ignored", []op{{"bulk-delete", []any{item("externalId", "nobody")}}}, false, "", ""},
		{"user deleted leaves its groups", []op{upsertU1, upsertG1, joinG1U1, {"bulk-delete", []any{item("externalId", "U1")}}}, false, "", "G1:"},
		{"membership removed", []op{upsertU1, upsertG1, joinG1U1,
			{"bulk-group-memberships-delete", []any{item("groupExternalId", "G1", "memberExternalIds", []any{"U1"})}}}, false, "U1", "G1:"},
		{"group deleted", []op{upsertG1, {"bulk-groups-delete", []any{"G1"}}}, false, "", ""},
		{"user updated, profile merged", []op{upsertU1, {"bulk-upsert", []any{item("externalId", "U1", "profile", engine.Obj{"firstName": "A"})}}}, false, "U1", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := engine.New(engine.Options{Token: "t"})
			if err != nil {
				t.Fatal(err)
			}
			srv.Run(func(c *engine.Call) {
				if err := process(c, "0oa1", tc.ops, c.Org.Timestamp()); (err != nil) != tc.wantErr {
					t.Fatalf("process: %v, want error %v", err, tc.wantErr)
				}
			})
			var users, groups []string
			for _, u := range srv.Objects(tableUsers, "0oa1") {
				users = append(users, engine.Str(u, "externalId"))
				if !strings.HasPrefix(engine.Str(u, "id"), "0ua") || engine.Str(u, "profile.email") == "" {
					t.Errorf("user %v", u)
				}
			}
			for _, g := range srv.Objects(tableGroups, "0oa1") {
				groups = append(groups, engine.Str(g, "externalId")+":"+strings.Join(members(g), "+"))
			}
			if strings.Join(users, ",") != tc.users || strings.Join(groups, ",") != tc.groups {
				t.Fatalf("users %v groups %v, want %q %q", users, groups, tc.users, tc.groups)
			}
			if tc.name == "user updated, profile merged" {
				u := srv.Objects(tableUsers, "0oa1")[0]
				if engine.Str(u, "profile.firstName") != "A" || engine.Str(u, "profile.userName") != "a@example.com" {
					t.Fatalf("profile %v", u["profile"])
				}
			}
			if slices.Contains(srv.Tables(), tableSessions+"|0oa1") {
				t.Fatal("process touched the sessions")
			}
		})
	}
}
