package directory

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleUsers adds a dozen people in every status a real org shows, with
// the profile attributes the sample group rules look at, in the sample
// groups. Their passwords are random per org and kept only as hashes.
func sampleUsers(c *engine.Call) error {
	people := []struct {
		first, last, dept, title, kind, status string
		groups                                 []string
	}{
		{"Ada", "Lovelace", "Engineering", "Principal Engineer", "Employee", userActive, []string{"Engineering", "VPN Users", "All Employees"}},
		{"Grace", "Hopper", "Engineering", "Engineering Manager", "Employee", userActive, []string{"Engineering Managers", "Engineering", "All Employees"}},
		{"Alan", "Turing", "Engineering", "Staff Engineer", "Employee", userActive, []string{"Engineering", "All Employees"}},
		{"Katherine", "Johnson", "Finance", "Controller", "Employee", userActive, []string{"Finance", "All Employees"}},
		{"Margaret", "Hamilton", "Support", "Support Lead", "Employee", userActive, []string{"Support", "Portal Users", "All Employees"}},
		{"Dennis", "Ritchie", "Sales", "Account Executive", "Employee", userProvisioned, []string{"Sales", "Portal Users"}},
		{"Barbara", "Liskov", "Sales", "Sales Engineer", "Employee", userSuspended, []string{"Sales"}},
		{"Ken", "Thompson", "Engineering", "Contractor", "Contractor", userActive, []string{"Contractors"}},
		{"Frances", "Allen", "Support", "Support Engineer", "Contractor", userStaged, []string{"Contractors"}},
		{"Edsger", "Dijkstra", "Engineering", "Engineer", "Employee", userDeprovisioned, []string{"Engineering"}},
		{"Radia", "Perlman", "Engineering", "Network Engineer", "Employee", userPasswordExpired, []string{"Engineering", "VPN Users"}},
		{"Hedy", "Lamarr", "Engineering", "Break-glass admin", "Employee", userActive, []string{"Admins - Break Glass"}},
	}
	for _, p := range people {
		login := fmt.Sprintf("%s.%s@sandbox.example.com", strings.ToLower(p.first), strings.ToLower(p.last))
		body := engine.Obj{"profile": engine.Obj{
			"firstName": p.first, "lastName": p.last, "email": login, "login": login,
			"department": p.dept, "title": p.title, "userType": p.kind,
		}}
		q := url.Values{}
		switch p.status {
		case userStaged:
			q.Set("activate", "false")
		case userProvisioned:
		case userPasswordExpired:
			q.Set("nextLogin", "changePassword")
			body["credentials"] = engine.Obj{"password": engine.Obj{"value": c.Org.Secret(16)}}
		default:
			body["credentials"] = engine.Obj{"password": engine.Obj{"value": c.Org.Secret(16)},
				"recovery_question": engine.Obj{"question": "What was the name of your first computer?", "answer": c.Org.Secret(12)}}
		}
		for _, g := range p.groups {
			if grp := groupByName(c, g); grp != nil {
				body["groupIds"] = append(anySlice(body["groupIds"]), engine.Str(grp, "id"))
			}
		}
		u, err := createUser(c, body, q)
		if err != nil {
			return fmt.Errorf("user %s: %w", login, err)
		}
		switch p.status {
		case userSuspended:
			err = userTransition(c, u, userOps["suspend"])
		case userDeprovisioned:
			err = userTransition(c, u, userOps["deactivate"])
		}
		if err != nil {
			return fmt.Errorf("user %s: %w", login, err)
		}
	}
	return nil
}

// generateUsers builds n PROVISIONED users for --generate users=n, each in
// Everyone and in one of the generated groups (round robin), without the
// per-request checks: logins are unique by construction, and 50,000 users
// must build in a few seconds.
func generateUsers(c *engine.Call, n int) error {
	typeID := ""
	if t := userTypeDefault(c); t != nil {
		typeID = engine.Str(t, "id")
	}
	var realm any
	if r := defaultRealm(c); r != nil {
		realm = engine.Str(r, "id")
	}
	var groups []string
	for _, g := range c.Org.List(engine.TableGroups, "") {
		if engine.Str(g, "type") == "OKTA_GROUP" {
			groups = append(groups, engine.Str(g, "id"))
		}
	}
	for i := 1; i <= n; i++ {
		id := c.Org.NewID(usersRes.Prefix)
		now := c.Org.Timestamp()
		login := fmt.Sprintf("gen-user-%06d@example.com", i)
		c.Org.Put(engine.TableUsers, "", id, engine.Obj{
			"id": id, "status": userProvisioned, "created": now, "activated": now, "statusChanged": now,
			"lastLogin": nil, "lastUpdated": now, "passwordChanged": nil, "realmId": realm,
			"type": engine.Obj{"id": typeID},
			"profile": engine.Obj{"firstName": "Gen", "lastName": fmt.Sprintf("User%06d", i), "email": login, "login": login,
				"mobilePhone": nil, "secondEmail": nil},
			"credentials": engine.Obj{"provider": engine.Obj{"type": "OKTA", "name": "OKTA"}},
		})
		userIndexLogin(c, id, "", login)
		userJoinDefaultGroups(c, id)
		if len(groups) > 0 {
			groupAddMember(c, groups[(i-1)%len(groups)], id)
		}
	}
	return nil
}

func anySlice(v any) []any {
	s, _ := v.([]any)
	return s
}
