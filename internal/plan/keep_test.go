package plan

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

// TestKeepLastSuperAdmin: the org's last SUPER_ADMIN assignment is never
// removed, whichever kind holds it (a group's, a user's) and whether its
// delete is its own or implied by its group's; with --allow-delete too.
// Another one kept lets the delete through; one created in the same plan
// does not count.
func TestKeepLastSuperAdmin(t *testing.T) {
	reg, err := model.NewRegistryFrom(model.BuiltinKinds(), os.DirFS("../../schemas"))
	if err != nil {
		t.Fatal(err)
	}
	group := obj{kind: "groups", path: "groups/admins", body: `{"profile":{"name":"Admins"}}`}
	groupSA := obj{kind: "group-role-assignments", path: "groups/admins/roles/super-admin", body: `{"type":"SUPER_ADMIN"}`}
	other := obj{kind: "groups", path: "groups/ops", body: `{"profile":{"name":"Ops"}}`}
	otherSA := obj{kind: "group-role-assignments", path: "groups/ops/roles/super-admin", body: `{"type":"SUPER_ADMIN"}`}
	otherRO := obj{kind: "group-role-assignments", path: "groups/ops/roles/read-only-admin", body: `{"type":"READ_ONLY_ADMIN"}`}
	user := obj{kind: "admin-users", path: "admin-users/a-example-com", body: `{"user":"${user:a@example.com}"}`}
	userSA := obj{kind: "user-role-assignments", path: "admin-users/a-example-com/roles/super-admin", body: `{"type":"SUPER_ADMIN"}`}
	tests := []struct {
		name             string
		desired, current []obj
		deletes, refused []string
		msg              string
	}{
		{name: "a user keeps one", desired: []obj{group, user, userSA}, current: []obj{group, groupSA, user, userSA},
			deletes: []string{"groups/admins/roles/super-admin"}},
		{name: "the user's and the group's", desired: []obj{group, user}, current: []obj{group, groupSA, user, userSA},
			refused: []string{"admin-users/a-example-com/roles/super-admin", "groups/admins/roles/super-admin"},
			msg:     "the org's last SUPER_ADMIN assignment is never removed"},
		{name: "with its group", desired: []obj{user}, current: []obj{group, groupSA, user, userSA},
			refused: []string{"admin-users/a-example-com/roles/super-admin", "groups/admins"}},
		{name: "users not read", desired: []obj{group}, current: []obj{group, groupSA},
			refused: []string{"groups/admins/roles/super-admin"}, msg: "--include-kind user-role-assignments"},
		{name: "a new one does not count", desired: []obj{group, other, otherSA}, current: []obj{group, groupSA, other},
			refused: []string{"groups/admins/roles/super-admin"}},
		{name: "other roles go", desired: []obj{group, groupSA, other}, current: []obj{group, groupSA, other, otherRO},
			deletes: []string{"groups/ops/roles/read-only-admin"}},
		{name: "another group keeps one", desired: []obj{other, otherSA}, current: []obj{group, groupSA, other, otherSA},
			deletes: []string{"groups/admins"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mustCompute(t, reg, tc.desired, tc.current, Options{AllowDelete: true, MaxDeletes: -1})
			var deletes, refused []string
			for _, s := range p.Steps {
				if s.Action == ActionDelete {
					deletes = append(deletes, s.Path)
				}
			}
			for _, r := range p.Refused {
				refused = append(refused, r.Path)
				if r.Reason != RefusedProtected || !strings.Contains(r.Message, tc.msg) {
					t.Errorf("refusal of %s: %v %q, want protected with %q", r.Path, r.Reason, r.Message, tc.msg)
				}
			}
			sort.Strings(deletes)
			sort.Strings(refused)
			if diff := cmp.Diff(tc.deletes, deletes); diff != "" {
				t.Errorf("deletes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.refused, refused); diff != "" {
				t.Errorf("refused (-want +got):\n%s", diff)
			}
		})
	}
}
