package directory

import (
	"reflect"
	"regexp"
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Group rules (api-facts §1.1): created INACTIVE, editable only while
// INACTIVE, `actions` immutable after create, DELETE answers 202. A rule
// whose groups disappear turns INVALID.
var groupRulesRes = &engine.Resource{
	Name: "groupRules", TypeName: "GroupRule", Prefix: "0pr", Area: "groups",
	Events: &engine.Events{Type: "GroupRule", Create: "group.rule.create", Update: "group.rule.update", Delete: "group.rule.delete", Activate: "group.rule.activate", Deactivate: "group.rule.deactivate"},
	Coll:   "/api/v1/groups/rules", IDParam: "ruleId",
	Page:         engine.PageSpec{Def: 50, Max: 200, Cursor: true},
	DeleteStatus: 202,
	Life:         engine.Lifecycle{Enabled: true, CreatedInactive: true, InactiveToUpdate: true, Reply: engine.ReplyNoContent},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "type", Type: engine.TString},
		{Path: "conditions", Type: engine.TObject},
		{Path: "conditions.expression", Type: engine.TObject},
		{Path: "conditions.expression.value", Type: engine.TString},
		{Path: "conditions.people", Type: engine.TObject},
		{Path: "actions", Type: engine.TObject, Required: true},
		{Path: "actions.assignUserToGroups", Type: engine.TObject, Required: true},
		{Path: "actions.assignUserToGroups.groupIds", Type: engine.TArray, Required: true},
	},
	ReadOnly: []string{"allGroupsValid"},
}

func init() {
	groupRulesRes.Prepare = prepareGroupRule
	groupRulesRes.BeforeStatus = func(c *engine.Call, _ string, cur engine.Obj, status string) *engine.APIError {
		// An INVALID rule can't be activated. Deactivating it succeeds
		// (204, TestAccResourceOktaGroupRule_invalidHandle#22) and leaves
		// it INACTIVE, ready to be deleted or fixed.
		if status == "ACTIVE" && (engine.Str(cur, "status") == "INVALID" || !groupRuleGroupsExist(c, cur)) {
			return engine.ErrBadRequest("Cannot activate or deactivate a Group Rule with the status INVALID")
		}
		return nil
	}
	engine.Register(engine.Module{
		Name: "group-rules", Phase: 20,
		Routes: func(rt *engine.Router) { groupRulesRes.Install(rt) },
		Sample: sampleGroupRules,
	})
}

// groupIDsInExpression finds group ids embedded in Okta EL, e.g.
// isMemberOfAnyGroup("00g…").
var groupIDInEL = regexp.MustCompile(`00g[A-Za-z0-9]{17}`)

func prepareGroupRule(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	name := engine.Str(body, "name")
	if n := len([]rune(name)); n < 1 || n > 50 {
		return engine.ErrValidation("name", "name: The field must be between 1 and 50 characters")
	}
	body["type"] = "group_rule"
	body["allGroupsValid"] = true // response-only field real Okta returns (api-facts §6.4)
	engine.SetDefault(body, "conditions.expression.type", "urn:okta:expression:1.0")
	// Every recorded rule (POST, GET, list, PUT) carries both exclude
	// lists, empty when the request left them out
	// (TestAccDataSourceOktaGroupRule_read#3, #5).
	engine.SetDefault(body, "conditions.people.users.exclude", []any{})
	engine.SetDefault(body, "conditions.people.groups.exclude", []any{})
	if cur != nil && !reflect.DeepEqual(engine.NormalizeJSON(body["actions"]), engine.NormalizeJSON(cur["actions"])) {
		return engine.ErrValidation("actions", "actions: The actions of a group rule can't be updated")
	}
	ids := engine.StringsAt(body, "actions.assignUserToGroups.groupIds")
	if len(ids) == 0 {
		return engine.ErrValidation("actions.assignUserToGroups.groupIds", "groupIds: At least one group is required")
	}
	ids = append(ids, engine.StringsAt(body, "conditions.people.groups.exclude")...)
	ids = append(ids, groupIDInEL.FindAllString(engine.Str(body, "conditions.expression.value"), -1)...)
	for _, id := range ids {
		if c.Org.Get(engine.TableGroups, "", id) == nil {
			return engine.ErrValidation("groupIds", "groupIds: Group "+id+" does not exist")
		}
	}
	return nil
}

// groupRuleGroupsExist reports whether every group a rule names exists.
func groupRuleGroupsExist(c *engine.Call, r engine.Obj) bool {
	ids := append(engine.StringsAt(r, "actions.assignUserToGroups.groupIds"), engine.StringsAt(r, "conditions.people.groups.exclude")...)
	ids = append(ids, groupIDInEL.FindAllString(engine.Str(r, "conditions.expression.value"), -1)...)
	for _, id := range ids {
		if c.Org.Get(engine.TableGroups, "", id) == nil {
			return false
		}
	}
	return true
}

// invalidateGroupRules marks rules naming a deleted group INVALID, as Okta
// does.
func invalidateGroupRules(c *engine.Call, groupID string) {
	for _, r := range c.Org.List("groupRules", "") {
		ids := append(engine.StringsAt(r, "actions.assignUserToGroups.groupIds"), engine.StringsAt(r, "conditions.people.groups.exclude")...)
		ids = append(ids, groupIDInEL.FindAllString(engine.Str(r, "conditions.expression.value"), -1)...)
		if slices.Contains(ids, groupID) {
			r["status"] = "INVALID"
		}
	}
}
