package identitysources

import (
	"fmt"
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Processing a triggered session: its staged uploads are applied in upload
// order to the identity source's users and groups. Unverified choices (no
// recording shows a processed session): the session applies all or
// nothing; it ends in ERROR when a new user lacks userName or email, a new
// group lacks displayName, or a membership names a group or user that
// neither exists nor is created earlier in the session; deletes of unknown
// external IDs are ignored (the guide says so for users). The sandbox
// keeps the source's users and groups in its own tables: the Okta users and
// groups a real import also creates in Universal Directory are not made
// (docs/sandbox.md).

// directory is an in-memory copy of one source's users and groups, keyed
// by external ID, in creation order.
type directory struct {
	users, groups   map[string]engine.Obj
	userIDs, grpIDs []string
}

func loadDirectory(c *engine.Call, src string) *directory {
	d := &directory{users: map[string]engine.Obj{}, groups: map[string]engine.Obj{}}
	for _, u := range c.Org.List(tableUsers, src) {
		ext := engine.Str(u, "externalId")
		d.users[ext] = engine.CloneObj(u)
		d.userIDs = append(d.userIDs, ext)
	}
	for _, g := range c.Org.List(tableGroups, src) {
		ext := engine.Str(g, "externalId")
		d.groups[ext] = engine.CloneObj(g)
		d.grpIDs = append(d.grpIDs, ext)
	}
	return d
}

// store replaces the source's tables with the directory.
func (d *directory) store(c *engine.Call, src string) {
	c.Org.DropTable(tableUsers, src)
	c.Org.DropTable(tableGroups, src)
	for _, ext := range d.userIDs {
		if u := d.users[ext]; u != nil {
			c.Org.Put(tableUsers, src, engine.Str(u, "id"), u)
		}
	}
	for _, ext := range d.grpIDs {
		if g := d.groups[ext]; g != nil {
			c.Org.Put(tableGroups, src, engine.Str(g, "id"), g)
		}
	}
}

// process applies a session's uploads, or none of them, as of now (the
// time processing finished).
func process(c *engine.Call, src string, ops []op, now string) error {
	d := loadDirectory(c, src)
	for _, o := range ops {
		for _, it := range o.items {
			if err := d.apply(c, o.name, it, now); err != nil {
				return err
			}
		}
	}
	d.store(c, src)
	return nil
}

func (d *directory) apply(c *engine.Call, name string, it any, now string) error {
	m, _ := it.(map[string]any)
	switch name {
	case "bulk-upsert":
		ext := engine.Str(m, "externalId")
		profile, _ := m["profile"].(map[string]any)
		if u := d.users[ext]; u != nil {
			mergeProfile(u, profile)
			u["lastUpdated"] = now
			return nil
		}
		if engine.Str(profile, "userName") == "" || engine.Str(profile, "email") == "" {
			return fmt.Errorf("new user %s lacks userName or email", ext)
		}
		d.users[ext] = newUser(c, ext, profile, now)
		d.userIDs = append(d.userIDs, ext)
	case "bulk-delete":
		d.removeUser(engine.Str(m, "externalId"))
	case "bulk-groups-upsert":
		ext := engine.Str(m, "externalId")
		profile, _ := m["profile"].(map[string]any)
		if g := d.groups[ext]; g != nil {
			mergeProfile(g, profile)
			return nil
		}
		d.groups[ext] = newGroup(c, ext, profile)
		d.grpIDs = append(d.grpIDs, ext)
	case "bulk-groups-delete":
		ext, _ := it.(string)
		delete(d.groups, ext)
	case "bulk-group-memberships-upsert":
		g := d.groups[engine.Str(m, "groupExternalId")]
		if g == nil {
			return fmt.Errorf("unknown group %s", engine.Str(m, "groupExternalId"))
		}
		for _, member := range engine.StringsAt(m, "memberExternalIds") {
			if d.users[member] == nil {
				return fmt.Errorf("unknown user %s", member)
			}
			addMemberTo(g, member)
		}
	case "bulk-group-memberships-delete":
		if g := d.groups[engine.Str(m, "groupExternalId")]; g != nil {
			for _, member := range engine.StringsAt(m, "memberExternalIds") {
				removeMemberFrom(g, member)
			}
		}
	}
	return nil
}

func (d *directory) removeUser(ext string) {
	if d.users[ext] == nil {
		return
	}
	delete(d.users, ext)
	for _, g := range d.groups {
		removeMemberFrom(g, ext)
	}
}

// mergeProfile sets the given attributes; a null clears one.
func mergeProfile(o engine.Obj, profile map[string]any) {
	p, _ := o["profile"].(map[string]any)
	if p == nil {
		p = map[string]any{}
		o["profile"] = p
	}
	for k, v := range profile {
		p[k] = v
	}
}

func newUser(c *engine.Call, ext string, profile map[string]any, now string) engine.Obj {
	// 0ua is Okta's app user prefix: an identity source user is a user of
	// the source's app (recorded ids, VCR TestAccResourceOktaIdentitySourceUser_basic#0).
	return engine.Obj{"id": c.Org.NewID("0ua"), "externalId": ext, "created": now, "lastUpdated": now,
		"profile": engine.Clone(profile)}
}

func newGroup(c *engine.Call, ext string, profile map[string]any) engine.Obj {
	// 00g: an identity source group is an Okta group (recorded ids, VCR
	// TestAccResourceOktaIdentitySourceGroup_basic#0); no timestamps.
	return engine.Obj{"id": c.Org.NewID("00g"), "externalId": ext, "profile": groupProfile(profile)}
}

// groupProfile is a group's stored profile: displayName and description
// (null when not given), as recorded.
func groupProfile(profile map[string]any) engine.Obj {
	p := engine.Obj{"displayName": engine.Str(profile, "displayName"), "description": nil}
	if d, ok := profile["description"]; ok {
		p["description"] = d
	}
	return p
}

func members(g engine.Obj) []string { return engine.StringsAt(g, "_members") }

func addMemberTo(g engine.Obj, ext string) {
	m := members(g)
	if !slices.Contains(m, ext) {
		g["_members"] = engine.AnyStrings(append(m, ext))
	}
}

func removeMemberFrom(g engine.Obj, ext string) {
	m := members(g)
	if i := slices.Index(m, ext); i >= 0 {
		g["_members"] = engine.AnyStrings(slices.Delete(m, i, i+1))
	}
}
