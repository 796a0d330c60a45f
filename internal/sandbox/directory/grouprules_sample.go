package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func sampleGroupRules(c *engine.Call) error {
	id := func(name string) string { return engine.Str(groupByName(c, name), "id") }
	rules := []engine.Obj{
		{"name": "Engineers by department", "expr": `user.department=="Engineering"`, "to": []string{"Engineering"}},
		{"name": "Managers are engineers", "expr": `isMemberOfAnyGroup("` + id("Engineering Managers") + `")`, "to": []string{"Engineering"}},
		{"name": "Sales by department", "expr": `user.department=="Sales"`, "to": []string{"Sales"}},
		{"name": "Support by title", "expr": `String.stringContains(user.title, "Support")`, "to": []string{"Support"}},
		{"name": "Employees", "expr": `user.userType=="Employee"`, "to": []string{"All Employees"}},
		{"name": "Contractors", "expr": `user.userType=="Contractor"`, "to": []string{"Contractors"}, "exclude": "Admins - Break Glass"},
		{"name": "VPN for engineering and support", "expr": `isMemberOfAnyGroup("` + id("Engineering") + `", "` + id("Support") + `")`, "to": []string{"VPN Users"}},
		{"name": "Finance by cost center", "expr": `user.costCenter=="FIN"`, "to": []string{"Finance"}},
		{"name": "Portal access", "expr": `isMemberOfGroupName("Sales") || isMemberOfGroupName("Support")`, "to": []string{"Portal Users"}},
		{"name": "Employees on VPN", "expr": `isMemberOfAnyGroup("` + id("All Employees") + `") && user.department!="Finance"`, "to": []string{"VPN Users", "Portal Users"}},
	}
	for i, r := range rules {
		var to []string
		for _, n := range r["to"].([]string) {
			to = append(to, id(n))
		}
		body := engine.Obj{
			"type": "group_rule",
			"name": r["name"],
			"conditions": engine.Obj{
				"expression": engine.Obj{"value": r["expr"], "type": "urn:okta:expression:1.0"},
			},
			"actions": engine.Obj{"assignUserToGroups": engine.Obj{"groupIds": engine.AnyStrings(to)}},
		}
		if ex, ok := r["exclude"].(string); ok {
			engine.Set(body, "conditions.people.groups.exclude", []any{id(ex)})
			// and the super administrator, who stays out of every
			// rule-managed group
			engine.Set(body, "conditions.people.users.exclude", []any{c.Org.AdminID})
		}
		obj, err := groupRulesRes.Insert(c, "", body, nil)
		if err != nil {
			return err
		}
		if i%3 != 2 { // most rules active, a few left inactive
			obj["status"] = "ACTIVE"
		}
	}
	return nil
}
