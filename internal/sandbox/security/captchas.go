package security

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// CAPTCHA instances and the org-wide CAPTCHA settings (coverage §3.4 B6,
// B7; VCR TestAccResourceOktaCaptcha_crud,
// TestAccResourceOktaCaptchaOrgWideSettings_crud). What the recordings show
// and the sandbox reproduces:
//   - create answers 201 with `cap…` ids; secretKey is write-only: never in
//     an answer; the self link allows GET, POST (partial update), PUT and
//     DELETE;
//   - the org settings are {captchaId, enabledPages} with a captcha link
//     when one is set and a self link allowing GET and PUT; PUT with
//     captchaId null and no pages disables CAPTCHA, DELETE answers 204;
//     enabledPages come back in another order than sent (SIGN_IN, SSR, SSPR
//     came back SSPR, SSR, SIGN_IN): the sandbox reverses them.
//
// From the spec: at most one instance per org (403 E0000165); an instance
// the org settings use can't be deleted (403 E0000149); type is HCAPTCHA or
// RECAPTCHA_V2; pages are SSR, SSPR and SIGN_IN; pages without a captchaId
// are 400 E0000001; a never configured org answers {captchaId: null,
// enabledPages: []}. Which fields a create requires is not documented: the
// sandbox requires name, type, siteKey and secretKey, which every recorded
// create sends.
var captchasRes = &engine.Resource{
	Name: "captchas", TypeName: "CAPTCHAInstance", Prefix: "cap", Area: "captchas",
	Events: &engine.Events{Type: "CAPTCHAInstance", Create: "system.captcha.create", Update: "system.captcha.update", Delete: "system.captcha.delete"},
	Coll:   "/api/v1/captchas", IDParam: "captchaId",
	CreateStatus: http.StatusCreated,
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "type", Type: engine.TString, Required: true, Enum: []string{"HCAPTCHA", "RECAPTCHA_V2"}},
		{Path: "siteKey", Type: engine.TString, Required: true},
		{Path: "secretKey", Type: engine.TString, Required: true},
	},
}

const tableOrgCaptcha = "orgCaptcha"

const orgCaptchaPath = "/api/v1/org/captcha"

var captchaPages = []string{"SSR", "SSPR", "SIGN_IN"}

func init() {
	captchasRes.Prepare = prepareCaptcha
	captchasRes.BeforeDelete = func(c *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		if engine.Str(singleton(c, tableOrgCaptcha), "captchaId") == engine.Str(cur, "id") {
			return engine.NewError(http.StatusForbidden, "E0000149", "Current CAPTCHA is associated with org-wide settings, cannot be removed.")
		}
		return nil
	}
	captchasRes.Links = func(c *engine.Call, _ string, _ engine.Obj, l engine.Obj) {
		if self, ok := l["self"].(map[string]any); ok {
			self["hints"] = engine.Obj{"allow": []any{"GET", "POST", "PUT", "DELETE"}}
		}
	}
	engine.Register(engine.Module{
		Name: "captchas", Phase: 22,
		Routes: func(rt *engine.Router) {
			captchasRes.InstallWrapped(rt, captchaHideSecret)
			rt.Handle("POST", captchasRes.ItemPattern(), engine.ScopeFor("captchas", "POST"), captchaHideSecret(patchCaptcha))
			rt.Handle("GET", orgCaptchaPath, engine.ScopeFor("captchas", "GET"), func(c *engine.Call) engine.Reply {
				return engine.OK(renderOrgCaptcha(c))
			})
			rt.Handle("PUT", orgCaptchaPath, engine.ScopeFor("captchas", "PUT"), replaceOrgCaptcha)
			rt.Handle("DELETE", orgCaptchaPath, engine.ScopeFor("captchas", "DELETE"), func(c *engine.Call) engine.Reply {
				putSingleton(c, tableOrgCaptcha, engine.Obj{"captchaId": nil, "enabledPages": []any{}})
				c.Emit("system.org.captcha.deactivate", orgTarget(c))
				return engine.NoContent()
			})
		},
		Seed: func(c *engine.Call) error {
			putSingleton(c, tableOrgCaptcha, engine.Obj{"captchaId": nil, "enabledPages": []any{}})
			return nil
		},
		Sample: sampleCaptchas,
	})
}

func prepareCaptcha(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	if strings.TrimSpace(engine.Str(body, "name")) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if cur == nil && len(c.Org.List("captchas", "")) > 0 {
		return engine.NewError(http.StatusForbidden, "E0000165", "CAPTCHA count limit reached. At most one CAPTCHA instance is allowed per Org.")
	}
	return nil
}

// patchCaptcha is the partial update (POST to the item): the fields sent
// replace the stored ones, the others stay.
func patchCaptcha(c *engine.Call) engine.Reply {
	cur, err := captchasRes.Lookup(c, "", c.Param("captchaId"))
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	merged := engine.CloneObj(cur)
	for k, v := range body {
		merged[k] = v
	}
	obj, err := captchasRes.Replace(c, "", engine.Str(cur, "id"), merged)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(captchasRes.Render(c, "", obj))
}

// captchaHideSecret drops the write-only secretKey from every answer.
func captchaHideSecret(h engine.HandlerFunc) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		r := h(c)
		switch b := r.Body.(type) {
		case engine.Obj:
			delete(b, "secretKey")
		case []any:
			for _, x := range b {
				if m, ok := x.(map[string]any); ok {
					delete(m, "secretKey")
				}
			}
		}
		return r
	}
}

func replaceOrgCaptcha(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{{Path: "captchaId", Type: engine.TString}, {Path: "enabledPages", Type: engine.TArray}}); err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(body, "captchaId")
	pages := engine.StringsAt(body, "enabledPages")
	for _, p := range pages {
		if !slices.Contains(captchaPages, p) {
			return engine.Fail(engine.ErrValidation("enabledPages", fmt.Sprintf("enabledPages: '%s' is not a valid value; allowed: %v", p, captchaPages)))
		}
	}
	if id == "" && len(pages) > 0 {
		return engine.Fail(engine.ErrValidation("captchaId", "captchaId: Invalid CAPTCHA ID. The value of captchaId cannot be blank when enabledPages is not empty. Please resubmit with an existing CAPTCHA ID or disable CAPTCHA support on all supported pages."))
	}
	if id != "" && c.Org.Get("captchas", "", id) == nil {
		return engine.Fail(engine.ErrValidation("captchaId", "captchaId: Invalid CAPTCHA ID "+id))
	}
	slices.Reverse(pages)
	var idv any
	if id != "" {
		idv = id
	}
	putSingleton(c, tableOrgCaptcha, engine.Obj{"captchaId": idv, "enabledPages": append([]any{}, engine.AnyStrings(pages)...)})
	ev := "system.org.captcha.activate"
	if idv == nil {
		ev = "system.org.captcha.deactivate"
	}
	c.Emit(ev, orgTarget(c))
	return engine.OK(renderOrgCaptcha(c))
}

func renderOrgCaptcha(c *engine.Call) engine.Obj {
	out := engine.CloneObj(singleton(c, tableOrgCaptcha))
	links := engine.Obj{"self": selfLink(c, orgCaptchaPath, "GET", "PUT")}
	if id := engine.Str(out, "captchaId"); id != "" {
		links["captcha"] = selfLink(c, "/api/v1/captchas/"+id, "GET", "POST", "PUT", "DELETE")
	}
	out["_links"] = links
	return out
}

// sampleCaptchas sets up hCaptcha on self-service registration and
// password reset, as an org fighting sign-up bots would.
func sampleCaptchas(c *engine.Call) error {
	cp, err := captchasRes.Insert(c.Internal(), "", engine.Obj{"name": "Sign-up bot protection", "type": "HCAPTCHA",
		"siteKey": "10000000-ffff-ffff-ffff-000000000001", "secretKey": "0x0000000000000000000000000000000000000000"}, nil)
	if err != nil {
		return fmt.Errorf("captcha: %w", err)
	}
	putSingleton(c, tableOrgCaptcha, engine.Obj{"captchaId": engine.Str(cp, "id"), "enabledPages": []any{"SSPR", "SSR"}})
	return nil
}
