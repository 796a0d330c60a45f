package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleSchemas adds the custom attributes of a realistic org: about ten
// on the default user schema, a few on the Contractor type's schema, and a
// few on the group schema.
func sampleSchemas(c *engine.Call) error {
	text := func(title, desc string) engine.Obj {
		return engine.Obj{"title": title, "description": desc, "type": "string"}
	}
	enum := func(title string, values ...string) engine.Obj {
		var oneOf []any
		for _, v := range values {
			oneOf = append(oneOf, engine.Obj{"const": v, "title": v})
		}
		return engine.Obj{"title": title, "type": "string", "enum": engine.AnyStrings(values), "oneOf": oneOf}
	}
	employeeID := text("Employee ID", "HR system identifier")
	employeeID["unique"] = schemaUniqueValue
	employeeID["minLength"] = engine.JSONInt(5)
	employeeID["maxLength"] = engine.JSONInt(20)
	github := text("GitHub username", "Account on the company GitHub organization")
	github["unique"] = schemaUniqueValue
	github["permissions"] = []any{engine.Obj{"principal": "SELF", "action": "READ_WRITE"}}
	badge := text("Badge number", "Physical access badge")
	badge["permissions"] = []any{engine.Obj{"principal": "SELF", "action": "HIDE"}}
	userCustom := engine.Obj{
		"employeeId":     employeeID,
		"githubUsername": github,
		"badgeNumber":    badge,
		"hireDate":       text("Hire date", "First day of employment (YYYY-MM-DD)"),
		"businessUnit":   text("Business unit", "Top-level reporting line"),
		"workLocation":   enum("Work location", "HQ", "Remote", "Branch Office"),
		"employmentType": enum("Employment type", "Full-time", "Part-time", "Intern"),
		"jobLevel":       engine.Obj{"title": "Job level", "type": "integer", "description": "Career ladder level"},
		"isPeopleManager": engine.Obj{"title": "People manager", "type": "boolean",
			"description": "Has direct reports"},
		"skills": engine.Obj{"title": "Skills", "type": "array", "items": engine.Obj{"type": "string"}, "union": "DISABLE"},
		"regions": engine.Obj{"title": "Regions", "type": "array", "items": engine.Obj{
			"type": "string", "enum": []any{"AMER", "EMEA", "APAC"},
			"oneOf": []any{
				engine.Obj{"const": "AMER", "title": "Americas"},
				engine.Obj{"const": "EMEA", "title": "Europe, Middle East and Africa"},
				engine.Obj{"const": "APAC", "title": "Asia Pacific"},
			},
		}},
	}
	if err := sampleSchemaApply(c, "default", userCustom); err != nil {
		return err
	}
	if t := userTypeByName(c, "contractor"); t != nil {
		sponsor := text("Sponsor email", "Employee responsible for the contractor")
		sponsor["required"] = true
		if err := sampleSchemaApply(c, engine.Str(t, "id"), engine.Obj{
			"agency":          text("Agency", "Staffing agency"),
			"contractEndDate": text("Contract end date", "Last day of the engagement (YYYY-MM-DD)"),
			"sponsorEmail":    sponsor,
		}); err != nil {
			return err
		}
	}
	externalID := text("External ID", "Identifier in the HR system")
	externalID["unique"] = schemaUniqueValue
	if err := schemaUpdate(c, groupSchema(c), engine.Obj{"definitions": engine.Obj{"custom": engine.Obj{"properties": engine.Obj{
		"ownerEmail":         text("Owner email", "Person accountable for the group"),
		"costCenter":         text("Cost center", "Cost center billed for the group's licenses"),
		"isPrivileged":       engine.Obj{"title": "Privileged", "type": "boolean", "description": "Grants administrative access"},
		"dataClassification": enum("Data classification", "public", "internal", "confidential"),
		"externalId":         externalID,
	}}}}, true); err != nil {
		return err
	}
	return nil
}

// sampleSchemaApply adds custom properties to the schema of a user type
// (typeID, or "default").
func sampleSchemaApply(c *engine.Call, typeID string, custom engine.Obj) *engine.APIError {
	t := userTypeDefault(c)
	if typeID != "default" {
		t = c.Org.Get(engine.TableUserTypes, "", typeID)
	}
	if t == nil {
		return engine.ErrNotFound(typeID, "UserType")
	}
	s := c.Org.Get("schemas", "", userSchemaIDForType(engine.Str(t, "id")))
	if s == nil {
		return engine.ErrNotFound(typeID, "UserSchema")
	}
	if err := schemaUpdate(c, s, engine.Obj{"definitions": engine.Obj{"custom": engine.Obj{"properties": custom}}}, false); err != nil {
		return err
	}
	userSchemaTouchType(c, s, t)
	return nil
}
