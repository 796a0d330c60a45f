package customization

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Custom SMS templates (coverage §3.6 D9; VCR TestAccResourceOktaSmsTemplate_crud):
// create answers 200 with id (cst…), name, type, template, created,
// lastUpdated and translations (a map language → text); no _links. PUT
// replaces the template and its translations, and its answer leaves
// translations out (as recorded; a GET shows them). A POST to the item is
// a partial update: the fields it carries replace the stored ones, and
// translations are merged, a null or empty text removing a language (SPEC
// updateSmsTemplate). The list is unpaged and filters on templateType.
var smsTemplatesRes = &engine.Resource{
	Name: "smsTemplates", TypeName: "SmsTemplate", Prefix: "cst", Area: "templates",
	// Okta's catalog names no SMS template event: these are the sandbox's.
	Events: &engine.Events{Type: "SmsTemplate", Create: "system.sms_template.create", Update: "system.sms_template.update", Delete: "system.sms_template.delete"},
	Coll:   "/api/v1/templates/sms", IDParam: "templateId",
	DeleteStatus: http.StatusNoContent, // set here: Install is not used
	Fields:       smsTemplateFields(true),
}

func smsTemplateFields(required bool) []engine.Field {
	return []engine.Field{
		{Path: "name", Type: engine.TString, Required: required},
		{Path: "type", Type: engine.TString, Required: required, Enum: []string{"SMS_VERIFY_CODE"}},
		{Path: "template", Type: engine.TString, Required: required},
		{Path: "translations", Type: engine.TObject},
	}
}

func init() {
	smsTemplatesRes.Prepare = prepareSmsTemplate
	smsTemplatesRes.Filter = func(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
		t := c.Query().Get("templateType")
		if t == "" {
			return items, nil
		}
		out := items[:0:0]
		for _, o := range items {
			if engine.Str(o, "type") == t {
				out = append(out, o)
			}
		}
		return out, nil
	}
	engine.Register(engine.Module{
		Name: "sms-templates", Phase: 61,
		Routes: func(rt *engine.Router) {
			item := smsTemplatesRes.ItemPattern()
			read, manage := engine.ScopeFor("templates", "GET"), engine.ScopeFor("templates", "POST")
			rt.Handle("GET", smsTemplatesRes.Coll, read, listSmsTemplates)
			rt.Handle("POST", smsTemplatesRes.Coll, manage, createSmsTemplate)
			rt.Handle("GET", item, read, getSmsTemplate)
			rt.Handle("PUT", item, manage, replaceSmsTemplate)
			rt.Handle("POST", item, manage, updateSmsTemplate)
			rt.Handle("DELETE", item, manage, smsTemplatesRes.HandleDelete)
		},
		Sample:   sampleSmsTemplates,
		Generate: generateSmsTemplates,
	})
}

func prepareSmsTemplate(_ *engine.Call, _ string, body, _ engine.Obj) *engine.APIError {
	for _, f := range []struct {
		path string
		max  int
	}{{"name", 50}, {"template", 161}} {
		if n := utf8.RuneCountInString(engine.Str(body, f.path)); n < 1 || n > f.max {
			return engine.ErrValidation(f.path, f.path+": must be between 1 and "+strconv.Itoa(f.max)+" characters")
		}
	}
	tr, _ := body["translations"].(map[string]any)
	for lang, v := range tr {
		s, ok := v.(string)
		if !ok {
			return engine.ErrMalformed()
		}
		if !brandLocaleRule.MatchString(lang) {
			return engine.ErrValidation("translations", "translations: '"+lang+"' is not a language code")
		}
		if utf8.RuneCountInString(s) > 161 {
			return engine.ErrValidation("translations", "translations."+lang+": must be at most 161 characters")
		}
	}
	return nil
}

// smsRender is a stored template as the API shows it (no _links).
func smsRender(o engine.Obj) engine.Obj { return engine.CloneObj(o) }

func listSmsTemplates(c *engine.Call) engine.Reply {
	items, err := smsTemplatesRes.Filter(c, "", c.Org.List("smsTemplates", ""))
	if err != nil {
		return engine.Fail(err)
	}
	out := make([]any, len(items))
	for i, o := range items {
		out[i] = smsRender(o)
	}
	return engine.OK(out)
}

func createSmsTemplate(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := smsTemplatesRes.Insert(c, "", body, nil)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(smsRender(obj))
}

func getSmsTemplate(c *engine.Call) engine.Reply {
	obj, err := smsTemplatesRes.Lookup(c, "", c.Param("templateId"))
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(smsRender(obj))
}

func replaceSmsTemplate(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := smsTemplatesRes.Replace(c, "", c.Param("templateId"), body)
	if err != nil {
		return engine.Fail(err)
	}
	out := smsRender(obj)
	delete(out, "translations")
	return engine.OK(out)
}

func updateSmsTemplate(c *engine.Call) engine.Reply {
	cur, err := smsTemplatesRes.Lookup(c, "", c.Param("templateId"))
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	for _, k := range []string{"id", "created", "lastUpdated", "_links"} {
		delete(body, k)
	}
	tr, hasTr := body["translations"]
	delete(body, "translations")
	if err := engine.CheckShape(body, smsTemplateFields(false)); err != nil {
		return engine.Fail(err)
	}
	merged := engine.CloneObj(cur)
	for k, v := range body {
		if v != nil {
			merged[k] = engine.Clone(v)
		}
	}
	if hasTr && tr != nil {
		add, ok := tr.(map[string]any)
		if !ok {
			return engine.Fail(engine.ErrMalformed())
		}
		have, _ := merged["translations"].(map[string]any)
		if have == nil {
			have = engine.Obj{}
		}
		for lang, v := range add {
			if s, _ := v.(string); v == nil || s == "" {
				delete(have, lang)
			} else {
				have[lang] = v
			}
		}
		merged["translations"] = have
	}
	if err := prepareSmsTemplate(c, "", merged, cur); err != nil {
		return engine.Fail(err)
	}
	merged["lastUpdated"] = c.Org.Timestamp()
	c.Org.Put("smsTemplates", "", engine.Str(cur, "id"), merged)
	c.Emit(smsTemplatesRes.Events.Update, smsTemplatesRes.TargetOf(merged))
	return engine.OK(smsRender(merged))
}
