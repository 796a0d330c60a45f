package export

import (
	"context"
	"slices"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/tree"
)

// TestIncrementalIAM: an admin-access change made in the org is in the
// System Log, and the incremental read re-reads the kind it changed: its
// plan equals the plan against a full read, and it is not empty.
func TestIncrementalIAM(t *testing.T) {
	reg := registry(t)
	o := newMemOrg(t, sandbox.Options{RateScale: 1000, Sample: true})
	ctx := context.Background()
	ed := &editor{t: t, o: o}
	first := func(path, field string) map[string]any {
		var body map[string]any
		ed.call("", "GET", path, nil, &body)
		arr, _ := body[field].([]any)
		if len(arr) == 0 {
			t.Fatalf("%s: no %s in the sample", path, field)
		}
		return arr[0].(map[string]any)
	}
	role := engine.Str(first("/api/v1/iam/roles", "roles"), "id")
	set := engine.Str(first("/api/v1/iam/resource-sets", "resource-sets"), "id")
	var bset, brole string
	var sets map[string]any
	ed.call("", "GET", "/api/v1/iam/resource-sets", nil, &sets)
	for _, s := range sets["resource-sets"].([]any) {
		id := engine.Str(s.(map[string]any), "id")
		var bs map[string]any
		ed.call("", "GET", "/api/v1/iam/resource-sets/"+id+"/bindings", nil, &bs)
		if arr, _ := bs["roles"].([]any); len(arr) > 0 && bset == "" {
			bset, brole = id, engine.Str(arr[0].(map[string]any), "id")
		}
	}
	if bset == "" {
		t.Fatal("the sample has no binding")
	}
	var groups []map[string]any
	ed.call("", "GET", "/api/v1/groups?q=Everyone", nil, &groups)
	everyone := engine.Str(groups[0], "id")
	var users []map[string]any
	ed.call("", "GET", "/api/v1/users?q=ada", nil, &users)
	ada := engine.Str(users[0], "id")

	tests := []struct {
		name, kind, method, path string
		body                     any
		// include reads the opt-in users' admin roles; without it, their
		// changes are nothing to read (kind "").
		include bool
	}{
		{"role description", "custom-admin-roles", "PUT", "/api/v1/iam/roles/" + role,
			map[string]any{"label": engine.Str(first("/api/v1/iam/roles", "roles"), "label"), "description": "changed in the console"}, false},
		{"role permission", "custom-admin-roles", "POST", "/api/v1/iam/roles/" + role + "/permissions/okta.apps.read", map[string]any{}, false},
		{"set resources", "resource-sets", "PATCH", "/api/v1/iam/resource-sets/" + set + "/resources",
			map[string]any{"additions": []any{o.url + "/api/v1/groups/" + everyone}}, false},
		{"binding members", "resource-set-bindings", "PATCH", "/api/v1/iam/resource-sets/" + bset + "/bindings/" + brole + "/members",
			map[string]any{"additions": []any{o.url + "/api/v1/groups/" + everyone}}, false},
		{"group role", "group-role-assignments", "POST", "/api/v1/groups/" + everyone + "/roles", map[string]any{"type": "REPORT_ADMIN"}, false},
		{"user role, opted in", "user-role-assignments", "POST", "/api/v1/users/" + ada + "/roles", map[string]any{"type": "REPORT_ADMIN"}, true},
		{"user role, not opted in", "", "DELETE", "/api/v1/users/" + ada + "/roles/" + readOnlyAdmin(ed, ada), nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			opts := Options{OrgURL: o.url}
			if tc.include {
				opts.Include = []string{"user-role-assignments"}
			}
			if _, err := Export(ctx, o.client, reg, dir, opts); err != nil {
				t.Fatal(err)
			}
			if !ed.call("", tc.method, tc.path, tc.body, nil) {
				t.Fatalf("%s %s refused", tc.method, tc.path)
			}
			desired, problems := tree.Read(dir, reg)
			if model.HasErrors(problems) {
				t.Fatal(problems)
			}
			marker, err := tree.ReadMarker(dir)
			if err != nil || marker == nil {
				t.Fatalf("marker %v %v", marker, err)
			}
			inc, info, err := ReadIncremental(ctx, o.client, reg, IncrementalOptions{Options: opts, Marker: marker, Desired: desired})
			if err != nil {
				t.Fatal(err)
			}
			if tc.kind == "" {
				if info.Full || len(info.Kinds) > 0 {
					t.Fatalf("full %v, kinds read %v: want nothing read", info.Full, info.Kinds)
				}
			} else if info.Full || !slices.Contains(info.Kinds, tc.kind) {
				t.Fatalf("full %v (%s), kinds read %v: want %s read", info.Full, info.Reason, info.Kinds, tc.kind)
			}
			// The event is placed: no re-read of the kinds the System
			// Log cannot follow.
			for _, name := range info.Kinds {
				if k, _ := reg.Kind(name); k.Log == nil {
					t.Fatalf("kinds read %v: %s has no Log, so the event was not placed", info.Kinds, name)
				}
			}
			full, err := Read(ctx, o.client, reg, Options{Include: opts.Include})
			if err != nil {
				t.Fatal(err)
			}
			pInc, errInc := planOf(reg, desired, inc.Snapshot)
			pFull, errFull := planOf(reg, desired, full.Snapshot)
			if errInc != nil || errFull != nil {
				t.Fatalf("plans: %v / %v", errInc, errFull)
			}
			if pInc != pFull {
				t.Fatalf("the incremental plan differs from the full one:\nincremental: %s\nfull: %s", pInc, pFull)
			}
		})
	}
}

// readOnlyAdmin is the id of the user's READ_ONLY_ADMIN assignment, made
// here if the user lacks one (the sample gives Ada none).
func readOnlyAdmin(ed *editor, user string) string {
	var roles []map[string]any
	ed.call("", "GET", "/api/v1/users/"+user+"/roles", nil, &roles)
	for _, r := range roles {
		if engine.Str(r, "type") == "READ_ONLY_ADMIN" {
			return engine.Str(r, "id")
		}
	}
	var made map[string]any
	if !ed.call("", "POST", "/api/v1/users/"+user+"/roles", map[string]any{"type": "READ_ONLY_ADMIN"}, &made) {
		ed.t.Fatal("assigning READ_ONLY_ADMIN refused")
	}
	return engine.Str(made, "id")
}

// TestIncrementalOptInAsked: plan --include-kind on a tree exported
// without the opt-in kinds reads them, though the System Log names no
// change: the marker knows nothing of them.
func TestIncrementalOptInAsked(t *testing.T) {
	reg := registry(t)
	o := newMemOrg(t, sandbox.Options{RateScale: 1000, Sample: true})
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Export(ctx, o.client, reg, dir, Options{OrgURL: o.url}); err != nil {
		t.Fatal(err)
	}
	desired, problems := tree.Read(dir, reg)
	if model.HasErrors(problems) {
		t.Fatal(problems)
	}
	marker, err := tree.ReadMarker(dir)
	if err != nil || marker == nil {
		t.Fatalf("marker %v %v", marker, err)
	}
	opts := Options{OrgURL: o.url, Include: []string{"user-role-assignments"}}
	inc, info, err := ReadIncremental(ctx, o.client, reg, IncrementalOptions{Options: opts, Marker: marker, Desired: desired})
	if err != nil {
		t.Fatal(err)
	}
	if info.Full || !slices.Contains(info.Kinds, "admin-users") || !slices.Contains(info.Kinds, "user-role-assignments") {
		t.Fatalf("full %v, kinds read %v: want the users' admin kinds read", info.Full, info.Kinds)
	}
	if n := len(inc.Snapshot.ByKind("user-role-assignments")); n != 3 {
		t.Errorf("%d user role assignments read, want the sample's 3", n)
	}
}
