package identitysources

import (
	"fmt"
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Bulk uploads into a CREATED session (spec Bulk*RequestBody; the XaaS
// guide): each answers 202 with no body and only stages its data, which
// the import applies once the session is triggered and processed
// (process.go). At most 200 items per upload and 50 uploads per session
// (the guide). A recorded refusal: an entityType other than USERS is 400
// E0000001 "Api validation failed: entityType" with the cause
// "entityType: The field entityType is not valid." (VCR
// TestAccResourceOktaIdentitySourceImport_uploadError#1).

const (
	maxItems   = 200
	maxUploads = 50
)

// upload is one bulk endpoint: its path segment, the array it carries,
// whether it names an entityType, and the check of one item.
type upload struct {
	name       string
	key        string
	entityType bool
	item       func(v any) string // "" or the cause of a refusal
}

var uploads = []upload{
	{name: "bulk-upsert", key: "profiles", entityType: true, item: userItem},
	{name: "bulk-delete", key: "profiles", entityType: true, item: externalIDItem(512)},
	{name: "bulk-groups-upsert", key: "profiles", item: groupItem},
	{name: "bulk-groups-delete", key: "externalIds", item: stringItem("externalIds", 255)},
	{name: "bulk-group-memberships-upsert", key: "memberships", item: membershipItem},
	{name: "bulk-group-memberships-delete", key: "memberships", item: membershipItem},
}

// checkUpload validates an upload's body; it returns the items to stage.
func checkUpload(u upload, body engine.Obj) ([]any, *engine.APIError) {
	if u.entityType && engine.Str(body, "entityType") != "USERS" {
		return nil, engine.ErrValidation("entityType", "entityType: The field entityType is not valid.")
	}
	raw, present := body[u.key]
	items, isArray := raw.([]any)
	switch {
	case present && raw != nil && !isArray:
		return nil, engine.ErrMalformed()
	case len(items) == 0:
		return nil, engine.ErrValidation(u.key, u.key+": The field cannot be left blank")
	case len(items) > maxItems:
		return nil, engine.ErrValidation(u.key, fmt.Sprintf("%s: The number of items must not exceed %d", u.key, maxItems))
	}
	for i, it := range items {
		if cause := u.item(it); cause != "" {
			return nil, engine.ErrValidation(fmt.Sprintf("%s[%d]", u.key, i), cause)
		}
	}
	return items, nil
}

func uploadHandler(u upload) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		s, err := session(c)
		if err != nil {
			return engine.Fail(err)
		}
		if _, err := transition(engine.Str(s, "status"), "upload"); err != nil {
			return engine.Fail(err)
		}
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		items, err := checkUpload(u, body)
		if err != nil {
			return engine.Fail(err)
		}
		ops, _ := s["_ops"].([]any)
		if len(ops) >= maxUploads {
			return engine.Fail(engine.ErrValidation("importSessionId",
				fmt.Sprintf("A session can be loaded with at most %d bulk requests.", maxUploads)))
		}
		s["_ops"] = append(ops, engine.Obj{"op": u.name, "items": engine.Clone(items)})
		return engine.Reply{Status: http.StatusAccepted}
	}
}

// op is one staged upload.
type op struct {
	name  string
	items []any
}

func opsOf(s engine.Obj) []op {
	var out []op
	raw, _ := s["_ops"].([]any)
	for _, r := range raw {
		m, _ := r.(map[string]any)
		items, _ := m["items"].([]any)
		out = append(out, op{name: engine.Str(m, "op"), items: items})
	}
	return out
}

// The item checks. Profile attributes can only be strings (the spec's
// note), or null to clear one.

func externalIDItem(max int) func(v any) string {
	return func(v any) string {
		m, ok := v.(map[string]any)
		if !ok {
			return "Each item must be an object."
		}
		return checkExternalID(engine.Str(m, "externalId"), max)
	}
}

func checkExternalID(id string, max int) string {
	switch {
	case id == "":
		return "externalId: The field cannot be left blank"
	case len(id) > max:
		return fmt.Sprintf("externalId: The field cannot exceed %d characters", max)
	}
	return ""
}

func userItem(v any) string {
	if cause := externalIDItem(512)(v); cause != "" {
		return cause
	}
	return checkProfile(v.(map[string]any)["profile"])
}

// checkProfile: a profile is an object of string (or null) values.
func checkProfile(p any, required ...string) string {
	if p == nil && len(required) == 0 {
		return ""
	}
	m, ok := p.(map[string]any)
	if !ok {
		return "profile: The field must be an object"
	}
	for k, v := range m {
		if _, isString := v.(string); v != nil && !isString {
			return "profile." + k + ": Profile attributes can only be of the string type"
		}
	}
	for _, k := range required {
		if s, _ := m[k].(string); s == "" {
			return "profile." + k + ": The field cannot be left blank"
		}
	}
	return ""
}

func groupItem(v any) string {
	if cause := externalIDItem(255)(v); cause != "" {
		return cause
	}
	return checkProfile(v.(map[string]any)["profile"], "displayName")
}

func stringItem(key string, max int) func(v any) string {
	return func(v any) string {
		s, ok := v.(string)
		if !ok || s == "" {
			return key + ": Each item must be a non-empty string"
		}
		if len(s) > max {
			return fmt.Sprintf("%s: An item cannot exceed %d characters", key, max)
		}
		return ""
	}
}

func membershipItem(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return "Each item must be an object."
	}
	if engine.Str(m, "groupExternalId") == "" {
		return "groupExternalId: The field cannot be left blank"
	}
	members, ok := m["memberExternalIds"].([]any)
	if !ok || len(members) == 0 {
		return "memberExternalIds: The field cannot be left blank"
	}
	for _, x := range members {
		if cause := stringItem("memberExternalIds", 255)(x); cause != "" {
			return cause
		}
	}
	return ""
}
