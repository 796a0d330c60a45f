// Package synthetic builds desired trees of many objects, with references
// between them written the way a user's files hold them: the input of the
// apply benchmark and of the fault and resume tests. It lives apart from
// internal/apply so that the engine itself never names a kind.
package synthetic

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/oktasync/oktasync/internal/model"
)

// Counts sizes a generated desired tree (Tree).
type Counts struct {
	Groups int
	// GroupRules assign members of one group to another; each names its
	// groups in an expression and in its actions, so it exercises
	// references inside expression strings. Rules are ACTIVE: each is a
	// create and an activate.
	GroupRules int
	// Apps are bookmark apps; each gets AssignmentsPerApp group
	// assignments with explicit priorities (a serialised sibling set).
	Apps              int
	AssignmentsPerApp int
	// Policies are OKTA_SIGN_ON policies for one group each, with
	// RulesPerPolicy rules.
	Policies       int
	RulesPerPolicy int
}

// Objects is the number of objects the counts make.
func (c Counts) Objects() int {
	return c.Groups + c.GroupRules + c.Apps + c.Apps*c.AssignmentsPerApp + c.Policies + c.Policies*c.RulesPerPolicy
}

// BenchCounts splits about n objects the way a real org's configuration
// is spread: mostly groups, then app assignments, rules and apps.
func BenchCounts(n int) Counts {
	c := Counts{AssignmentsPerApp: 4, RulesPerPolicy: 3}
	c.Apps = max(1, n/20)
	c.Policies = max(1, n/50)
	c.GroupRules = n * 15 / 100
	c.Groups = max(2, n-c.GroupRules-c.Apps*(1+c.AssignmentsPerApp)-c.Policies*(1+c.RulesPerPolicy))
	return c
}

// Tree builds a desired tree of c's objects, named
// "synthetic-…", with references between them written as ${ref:} the way a
// user's files hold them. It is the input of the apply benchmark
// (bench/apply.go, `make bench`) and of apply's fault tests: plan it
// against an org, then apply.
func Tree(reg *model.Registry, c Counts) (*model.Snapshot, error) {
	s := model.NewSnapshot(reg)
	add := func(kind, parent string, body map[string]any) (string, error) {
		k, ok := reg.Kind(kind)
		if !ok {
			return "", fmt.Errorf("synthetic tree: the registry has no kind %q", kind)
		}
		path := model.BasePath(k, parent, body)
		if err := s.Add(&model.Object{Kind: kind, Path: path, Body: body}); err != nil {
			return "", fmt.Errorf("synthetic tree: %w", err)
		}
		return path, nil
	}
	if c.Groups < 1 && (c.GroupRules > 0 || c.AssignmentsPerApp > 0 || c.Policies > 0) {
		return nil, fmt.Errorf("synthetic tree: rules, assignments and policies need at least one group")
	}
	groups := make([]string, c.Groups)
	for i := range groups {
		p, err := add("groups", "", map[string]any{"profile": map[string]any{
			"name":        fmt.Sprintf("synthetic group %05d", i+1),
			"description": fmt.Sprintf("Generated group %d", i+1),
		}})
		if err != nil {
			return nil, err
		}
		groups[i] = p
	}
	group := func(i int) string { return groups[i%len(groups)] }
	for i := 0; i < c.GroupRules; i++ {
		_, err := add("group-rules", "", map[string]any{
			"name":   fmt.Sprintf("synthetic rule %05d", i+1),
			"type":   "group_rule",
			"status": "ACTIVE",
			"conditions": map[string]any{"expression": map[string]any{
				"type":  "urn:okta:expression:1.0",
				"value": fmt.Sprintf(`isMemberOfAnyGroup("%s") && user.department != "Finance"`, model.FormatRef(group(i))),
			}},
			"actions": map[string]any{"assignUserToGroups": map[string]any{
				"groupIds": []any{model.FormatRef(group(i + 1))},
			}},
		})
		if err != nil {
			return nil, err
		}
	}
	for i := 0; i < c.Apps; i++ {
		app, err := add("apps", "", map[string]any{
			"name":       "bookmark",
			"label":      fmt.Sprintf("synthetic app %05d", i+1),
			"signOnMode": "BOOKMARK",
			"status":     "ACTIVE",
			"settings": map[string]any{"app": map[string]any{
				"url":                fmt.Sprintf("https://app%05d.example.com/", i+1),
				"requestIntegration": false,
			}},
		})
		if err != nil {
			return nil, err
		}
		for j := 0; j < c.AssignmentsPerApp && j < len(groups); j++ {
			if _, err := add("app-group-assignments", app, map[string]any{
				"id":       model.FormatRef(group(i*c.AssignmentsPerApp + j)),
				"priority": jsonNumber(j),
			}); err != nil {
				return nil, err
			}
		}
	}
	for i := 0; i < c.Policies; i++ {
		pol, err := add("policies", "", map[string]any{
			"type":        "OKTA_SIGN_ON",
			"name":        fmt.Sprintf("synthetic sign-on %04d", i+1),
			"description": fmt.Sprintf("Generated sign-on policy %d", i+1),
			"status":      "ACTIVE",
			"conditions": map[string]any{"people": map[string]any{"groups": map[string]any{
				"include": []any{model.FormatRef(group(i))},
			}}},
		})
		if err != nil {
			return nil, err
		}
		for j := 0; j < c.RulesPerPolicy; j++ {
			if _, err := add("policy-rules", pol, map[string]any{
				"name":   fmt.Sprintf("synthetic rule %d", j+1),
				"status": "ACTIVE",
				"conditions": map[string]any{"people": map[string]any{"groups": map[string]any{
					"include": []any{model.FormatRef(group(i + j + 1))},
				}}},
				"actions": map[string]any{"signon": map[string]any{
					"access": "ALLOW", "requireFactor": j%2 == 0,
				}},
			}); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// jsonNumber is how model bodies hold numbers.
func jsonNumber(n int) json.Number { return json.Number(strconv.Itoa(n)) }
