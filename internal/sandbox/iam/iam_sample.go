package iam

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// What --sample adds: delegated administration as a mid-size company sets
// it up. Custom roles for the help desk and app owners, resource sets of
// the sample's groups and apps, bindings to groups and the admin user,
// standard roles on groups (some narrowed by targets) and roles for the
// sample's service app. It names the directory and apps families' sample
// objects by name and label.

func sampleGroup(c *engine.Call, name string) (engine.Obj, error) {
	g := c.Org.Find(engine.TableGroups, "", func(o engine.Obj) bool { return engine.Str(o, "profile.name") == name })
	if g == nil {
		return nil, fmt.Errorf("sample group %q not found", name)
	}
	return g, nil
}

func sampleApp(c *engine.Call, label string) (engine.Obj, error) {
	a := c.Org.Find(engine.TableApps, "", func(o engine.Obj) bool { return engine.Str(o, "label") == label })
	if a == nil {
		return nil, fmt.Errorf("sample app %q not found", label)
	}
	return a, nil
}

func sampleRoles(c *engine.Call) error {
	for _, r := range []struct {
		label, description string
		perms              []string
	}{
		{"Help Desk Lite", "Unlock accounts and reset passwords, nothing else",
			[]string{"okta.users.read", "okta.users.credentials.resetPassword", "okta.users.lifecycle.unlock"}},
		{"App Assignment Manager", "Assign the apps of a team to its people",
			[]string{"okta.apps.read", "okta.apps.assignment.manage", "okta.groups.read"}},
		{"Location Editor", "Keep office addresses up to date",
			[]string{"okta.users.read", "okta.users.userprofile.manage"}},
	} {
		if _, err := insertRole(c, r.label, r.description, engine.AnyStrings(r.perms)); err != nil {
			return fmt.Errorf("%s: %w", r.label, err)
		}
	}
	// A permission with conditions: the location editor may change only
	// the address attributes.
	loc := c.Org.Find(tblRoles, "", func(o engine.Obj) bool { return engine.Str(o, "label") == "Location Editor" })
	p := c.Org.Get(tblPermissions, engine.Str(loc, "id"), "okta.users.userprofile.manage")
	p["conditions"] = engine.Obj{"include": engine.Obj{
		"okta:ResourceAttribute/User/Profile": []any{"city", "state", "zipCode", "countryCode"},
	}}
	return nil
}

func sampleSets(c *engine.Call) error {
	eng, err := sampleGroup(c, "Engineering")
	if err != nil {
		return err
	}
	sales, err := sampleGroup(c, "Sales")
	if err != nil {
		return err
	}
	portal, err := sampleApp(c, "Customer Portal")
	if err != nil {
		return err
	}
	groupORN := ornPrefix(c, "directory") + "groups:"
	for _, s := range []struct {
		label, description string
		resources          []string
	}{
		{"Engineering People", "The engineering group and its members",
			[]string{groupORN + engine.Str(eng, "id"), groupORN + engine.Str(eng, "id") + ":contained_resources"}},
		{"Sales Apps", "The apps the sales team works in",
			[]string{
				ornPrefix(c, "idp") + "apps:oidc_client:" + engine.Str(portal, "id"),
				ornPrefix(c, "idp") + "apps:template_swa3field",
				groupORN + engine.Str(sales, "id"),
			}},
		{"Everyone", "Every user of the org", []string{ornPrefix(c, "directory") + "users"}},
	} {
		if _, err := insertSet(c, s.label, s.description, s.resources); err != nil {
			return fmt.Errorf("%s: %w", s.label, err)
		}
	}
	return sampleBindings(c)
}

func sampleBindings(c *engine.Call) error {
	for _, b := range []struct {
		set, role string
		groups    []string
		admin     bool
	}{
		{"Engineering People", "Help Desk Lite", []string{"Engineering Managers"}, false},
		{"Sales Apps", "App Assignment Manager", []string{"Sales"}, false},
		{"Everyone", "Location Editor", []string{"Support"}, true},
	} {
		set := c.Org.Find(tblSets, "", func(o engine.Obj) bool { return engine.Str(o, "label") == b.set })
		role := c.Org.Find(tblRoles, "", func(o engine.Obj) bool { return engine.Str(o, "label") == b.role })
		var ps []principal
		for _, name := range b.groups {
			g, err := sampleGroup(c, name)
			if err != nil {
				return err
			}
			ps = append(ps, principal{"groups", engine.Str(g, "id")})
		}
		if b.admin && c.Org.AdminID != "" {
			ps = append(ps, principal{"users", c.Org.AdminID})
		}
		bind(c, engine.Str(set, "id"), engine.Str(role, "id"), ps)
	}
	return nil
}

func sampleAssignments(c *engine.Call) error {
	type target struct{ group, app, appName string }
	for _, a := range []struct {
		kind, who, role string
		targets         []target
	}{
		{"groups", "Admins - Break Glass", "SUPER_ADMIN", nil},
		{"groups", "Finance", "READ_ONLY_ADMIN", nil},
		{"groups", "Support", "HELP_DESK_ADMIN", []target{{group: "Portal Users"}, {group: "Contractors"}}},
		{"groups", "Engineering Managers", "APP_ADMIN", []target{{app: "Engineering Portal"}, {appName: "template_basic_auth"}}},
		{"clients", "Inventory Sync Service", "READ_ONLY_ADMIN", nil},
		{"clients", "Inventory Sync Service", "GROUP_MEMBERSHIP_ADMIN", []target{{group: "Contractors"}}},
		{"users", "grace.hopper@sandbox.example.com", "USER_ADMIN", []target{{group: "Engineering"}}},
		{"users", "margaret.hamilton@sandbox.example.com", "REPORT_ADMIN", nil},
	} {
		var p principal
		switch a.kind {
		case "groups":
			g, err := sampleGroup(c, a.who)
			if err != nil {
				return err
			}
			p = principal{"groups", engine.Str(g, "id")}
		case "users":
			u := c.Org.Find(engine.TableUsers, "", func(o engine.Obj) bool { return engine.Str(o, "profile.login") == a.who })
			if u == nil {
				return fmt.Errorf("sample admin %s: no such user", a.who)
			}
			p = principal{"users", engine.Str(u, "id")}
		default:
			app, err := sampleApp(c, a.who)
			if err != nil {
				return err
			}
			p = principal{"clients", engine.Str(app, "credentials.oauthClient.client_id")}
		}
		as, apiErr := assignStandard(c, p, a.role)
		if apiErr != nil {
			return fmt.Errorf("%s %s: %w", a.who, a.role, apiErr)
		}
		var groups []string
		var apps []any
		for _, t := range a.targets {
			switch {
			case t.group != "":
				g, err := sampleGroup(c, t.group)
				if err != nil {
					return err
				}
				groups = append(groups, engine.Str(g, "id"))
			case t.app != "":
				app, err := sampleApp(c, t.app)
				if err != nil {
					return err
				}
				apps = append(apps, engine.Obj{"name": engine.Str(app, "name"), "id": engine.Str(app, "id")})
			default:
				apps = append(apps, engine.Obj{"name": t.appName})
			}
		}
		if groups != nil {
			as["_groups"] = engine.AnyStrings(groups)
		}
		if apps != nil {
			as["_apps"] = apps
		}
	}
	return nil
}
