package sandbox

import (
	"reflect"
	"regexp"
	"slices"
)

// Group rules (api-facts §1.1): created INACTIVE, editable only while
// INACTIVE, `actions` immutable after create, DELETE answers 202. A rule
// whose groups disappear turns INVALID.
var groupRulesRes = &resource{
	name: "groupRules", typeName: "GroupRule", prefix: "0pr", area: "groups",
	coll: "/api/v1/groups/rules", idParam: "ruleId",
	page:         pageSpec{def: 50, max: 200, cursor: true},
	deleteStatus: 202,
	life:         lifecycle{enabled: true, createdInactive: true, inactiveToUpdate: true, reply: replyNoContent},
	fields: []field{
		{path: "name", typ: tString, required: true},
		{path: "type", typ: tString},
		{path: "conditions", typ: tObject},
		{path: "conditions.expression", typ: tObject},
		{path: "conditions.expression.value", typ: tString},
		{path: "conditions.people", typ: tObject},
		{path: "actions", typ: tObject, required: true},
		{path: "actions.assignUserToGroups", typ: tObject, required: true},
		{path: "actions.assignUserToGroups.groupIds", typ: tArray, required: true},
	},
	readOnly: []string{"allGroupsValid"},
}

func init() {
	groupRulesRes.prepare = prepareGroupRule
	groupRulesRes.beforeStatus = func(c *call, _ string, cur Obj, status string) *apiError {
		if str(cur, "status") == "INVALID" {
			return errBadRequest("Cannot activate or deactivate a Group Rule with the status INVALID")
		}
		return nil
	}
	register(module{
		name: "group-rules", phase: 20,
		routes: func(rt *router) { groupRulesRes.install(rt) },
		sample: sampleGroupRules,
	})
}

// groupIDsInExpression finds group ids embedded in Okta EL, e.g.
// isMemberOfAnyGroup("00g…").
var groupIDInEL = regexp.MustCompile(`00g[A-Za-z0-9]{17}`)

func prepareGroupRule(c *call, _ string, body, cur Obj) *apiError {
	name := str(body, "name")
	if n := len([]rune(name)); n < 1 || n > 50 {
		return errValidation("name", "name: The field must be between 1 and 50 characters")
	}
	body["type"] = "group_rule"
	body["allGroupsValid"] = true // response-only field real Okta returns (api-facts §6.4)
	setDefault(body, "conditions.expression.type", "urn:okta:expression:1.0")
	if cur != nil && !reflect.DeepEqual(normalizeJSON(body["actions"]), normalizeJSON(cur["actions"])) {
		return errValidation("actions", "actions: The actions of a group rule can't be updated")
	}
	ids := stringsAt(body, "actions.assignUserToGroups.groupIds")
	if len(ids) == 0 {
		return errValidation("actions.assignUserToGroups.groupIds", "groupIds: At least one group is required")
	}
	ids = append(ids, stringsAt(body, "conditions.people.groups.exclude")...)
	ids = append(ids, groupIDInEL.FindAllString(str(body, "conditions.expression.value"), -1)...)
	for _, id := range ids {
		if c.o.get("groups", "", id) == nil {
			return errValidation("groupIds", "groupIds: Group "+id+" does not exist")
		}
	}
	return nil
}

// invalidateGroupRules marks rules naming a deleted group INVALID, as Okta
// does.
func invalidateGroupRules(c *call, groupID string) {
	for _, r := range c.o.list("groupRules", "") {
		ids := append(stringsAt(r, "actions.assignUserToGroups.groupIds"), stringsAt(r, "conditions.people.groups.exclude")...)
		ids = append(ids, groupIDInEL.FindAllString(str(r, "conditions.expression.value"), -1)...)
		if slices.Contains(ids, groupID) {
			r["status"] = "INVALID"
		}
	}
}

func sampleGroupRules(c *call) error {
	id := func(name string) string { return str(groupByName(c, name), "id") }
	rules := []Obj{
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
		body := Obj{
			"type": "group_rule",
			"name": r["name"],
			"conditions": Obj{
				"expression": Obj{"value": r["expr"], "type": "urn:okta:expression:1.0"},
			},
			"actions": Obj{"assignUserToGroups": Obj{"groupIds": anyStrings(to)}},
		}
		if ex, ok := r["exclude"].(string); ok {
			set(body, "conditions.people.groups.exclude", []any{id(ex)})
		}
		obj, err := groupRulesRes.insert(c, "", body, nil)
		if err != nil {
			return err
		}
		if i%3 != 2 { // most rules active, a few left inactive
			obj["status"] = "ACTIVE"
		}
	}
	return nil
}
