package iam

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// What --generate builds for large orgs (bench): custom-admin-roles=N
// makes N roles of two permissions; resource-sets=N makes N sets of two
// groups each, every one bound to a generated role with a group member;
// role-assignments=N gives N groups a standard role, every third one
// narrowed to a target group. They use the org's own groups (those
// --generate made, gen-group-NNNNN), not the built-in ones (Everyone,
// Okta Administrators).

func generatedGroups(c *engine.Call) []engine.Obj {
	var out []engine.Obj
	for _, g := range c.Org.List(engine.TableGroups, "") {
		if engine.Str(g, "type") != "BUILT_IN" {
			out = append(out, g)
		}
	}
	return out
}

func generateRoles(c *engine.Call, n int) error {
	for i := 1; i <= n; i++ {
		perms := engine.AnyStrings([]string{"okta.users.read", []string{"okta.users.credentials.resetPassword", "okta.groups.members.manage", "okta.apps.assignment.manage"}[i%3]})
		if _, err := insertRole(c, fmt.Sprintf("gen-role-%05d", i), fmt.Sprintf("Generated role %d", i), perms); err != nil {
			return fmt.Errorf("role %d: %w", i, err)
		}
	}
	return nil
}

func generateSets(c *engine.Call, n int) error {
	groups, roles := generatedGroups(c), c.Org.List(tblRoles, "")
	if len(groups) < 2 || len(roles) == 0 {
		return fmt.Errorf("resource-sets needs two groups and a custom role (generate groups and custom-admin-roles too)")
	}
	prefix := ornPrefix(c, "directory") + "groups:"
	for i := 1; i <= n; i++ {
		a, b := groups[(2*i)%len(groups)], groups[(2*i+1)%len(groups)]
		s, err := insertSet(c, fmt.Sprintf("gen-set-%05d", i), fmt.Sprintf("Generated resource set %d", i),
			[]string{prefix + engine.Str(a, "id"), prefix + engine.Str(b, "id") + ":contained_resources"})
		if err != nil {
			return fmt.Errorf("resource set %d: %w", i, err)
		}
		bind(c, engine.Str(s, "id"), engine.Str(roles[i%len(roles)], "id"), []principal{{"groups", engine.Str(b, "id")}})
	}
	return nil
}

func generateAssignments(c *engine.Call, n int) error {
	groups := generatedGroups(c)
	if len(groups) < 2 {
		return fmt.Errorf("role-assignments needs at least two groups (generate groups too)")
	}
	types := []string{"HELP_DESK_ADMIN", "READ_ONLY_ADMIN", "USER_ADMIN", "REPORT_ADMIN", "GROUP_MEMBERSHIP_ADMIN"}
	for i := 0; i < n; i++ {
		g := groups[i%len(groups)]
		p := principal{"groups", engine.Str(g, "id")}
		a, err := assignStandard(c, p, types[(i/len(groups))%len(types)])
		if err != nil {
			return fmt.Errorf("assignment %d: %w", i, err)
		}
		if standardRoles[engine.Str(a, "type")].targets == groupTargets && i%3 == 0 {
			a["_groups"] = engine.AnyStrings([]string{engine.Str(groups[(i+1)%len(groups)], "id")})
		}
	}
	return nil
}
