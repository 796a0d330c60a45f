package customization

import (
	"regexp"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Sign-in, error and sign-out pages (coverage §3.6 D4–D6): singletons per
// brand. The sign-in and error pages have a read-only default and two
// editable variants, `customized` (live) and `preview`; a PUT replaces a
// variant, a DELETE reverts it to the default. A variant that was never
// set answers 404 (unverified: no recording reads one). The sign-out page
// has one variant that always exists, {type: OKTA_DEFAULT} until changed.
// Pages carry no id, created or _links. Stored in table "pages" under the
// brand, keyed "<page>/<variant>".
const tablePages = "pages"

const pagesPath = "/api/v1/brands/{brandId}/pages"

// pageKind is one of the editable page families.
type pageKind struct {
	name     string // path segment: sign-in, error
	typeName string // Okta's type name in a 404
	def      func() engine.Obj
	prepare  func(body engine.Obj) *engine.APIError
	// render adds what a GET shows beyond what was stored.
	render func(page engine.Obj) engine.Obj
}

var pageKinds = []*pageKind{
	{name: "sign-in", typeName: "SignInPage", def: signInDefaultPage, prepare: prepareSignInPage, render: renderSignInPage},
	{name: "error", typeName: "ErrorPage", def: errorDefaultPage, prepare: prepareErrorPage, render: func(p engine.Obj) engine.Obj { return p }},
}

var pageVariants = []string{"customized", "preview"}

// pageWidgetVersion is the version rule of the newer spec (v6.1.0 Version:
// "*", "^2", "7" or "5.15"); v5.0.2 demands a full semver, which real Okta
// does not (it answers "^6", "^7").
var pageWidgetVersion = regexp.MustCompile(`^(?:\*|\^?\d+(?:\.\d+){0,2})$`)

func init() {
	engine.Register(engine.Module{
		Name: "pages", Phase: 61,
		Routes: func(rt *engine.Router) {
			read, manage := engine.ScopeFor("brands", "GET"), engine.ScopeFor("brands", "PUT")
			for _, pk := range pageKinds {
				base := pagesPath + "/" + pk.name
				rt.Handle("GET", base, read, pk.getRoot)
				rt.Handle("GET", base+"/default", read, pk.getDefault)
				for _, v := range pageVariants {
					rt.Handle("GET", base+"/"+v, read, pk.getVariant(v))
					rt.Handle("PUT", base+"/"+v, manage, pk.replaceVariant(v))
					rt.Handle("DELETE", base+"/"+v, manage, pk.deleteVariant(v))
				}
			}
			rt.Handle("GET", pagesPath+"/sign-in/widget-versions", read, listWidgetVersions)
			rt.Handle("GET", pagesPath+"/sign-out/customized", read, getSignOutPage)
			rt.Handle("PUT", pagesPath+"/sign-out/customized", manage, replaceSignOutPage)
		},
		Sample:   samplePages,
		Generate: generatePages,
	})
}

func pageBrand(c *engine.Call) (string, *engine.APIError) {
	id := c.Param("brandId")
	if _, err := brandsRes.Lookup(c, "", id); err != nil {
		return "", err
	}
	return id, nil
}

func (pk *pageKind) key(variant string) string { return pk.name + "/" + variant }

func (pk *pageKind) getDefault(c *engine.Call) engine.Reply {
	if _, err := pageBrand(c); err != nil {
		return engine.Fail(err)
	}
	return engine.OK(pk.def())
}

func (pk *pageKind) getVariant(variant string) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		brandID, err := pageBrand(c)
		if err != nil {
			return engine.Fail(err)
		}
		p := c.Org.Get(tablePages, brandID, pk.key(variant))
		if p == nil {
			return engine.Fail(engine.ErrNotFound(variant, pk.typeName))
		}
		return engine.OK(pk.render(pageOut(p)))
	}
}

func (pk *pageKind) replaceVariant(variant string) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		brandID, err := pageBrand(c)
		if err != nil {
			return engine.Fail(err)
		}
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		if err := pk.prepare(body); err != nil {
			return engine.Fail(err)
		}
		putPage(c, brandID, pk.key(variant), body)
		c.Emit(pageEvent(pk.name, false), brandTarget(c, brandID))
		return engine.OK(pageOut(body))
	}
}

func (pk *pageKind) deleteVariant(variant string) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		brandID, err := pageBrand(c)
		if err != nil {
			return engine.Fail(err)
		}
		c.Org.Remove(tablePages, brandID, pk.key(variant))
		c.Emit(pageEvent(pk.name, true), brandTarget(c, brandID))
		return engine.NoContent()
	}
}

// getRoot is the page's sub-resource index (SPEC PageRoot): links to the
// three variants, and with ?expand= the variants and their URLs.
func (pk *pageKind) getRoot(c *engine.Call) engine.Reply {
	brandID, err := pageBrand(c)
	if err != nil {
		return engine.Fail(err)
	}
	self := c.Base + "/api/v1/brands/" + brandID + "/pages/" + pk.name
	out := engine.Obj{"_links": engine.Obj{
		"self":       emailLink(self, "GET"),
		"default":    emailLink(self+"/default", "GET"),
		"customized": emailLink(self+"/customized", "GET", "PUT", "DELETE"),
		"preview":    emailLink(self+"/preview", "GET", "PUT", "DELETE"),
	}}
	emb := engine.Obj{}
	for _, v := range c.Query()["expand"] {
		for _, e := range strings.Split(v, ",") {
			switch e = strings.TrimSpace(e); e {
			case "default":
				emb[e] = pk.render(pk.def())
			case "customized", "preview":
				if p := c.Org.Get(tablePages, brandID, pk.key(e)); p != nil {
					emb[e] = pk.render(pageOut(p))
				}
			case "customizedUrl":
				emb[e] = c.Base + "/login/default"
			case "previewUrl":
				emb[e] = c.Base + "/login/preview"
			}
		}
	}
	if len(emb) > 0 {
		out["_embedded"] = emb
	}
	return engine.OK(out)
}

func listWidgetVersions(c *engine.Call) engine.Reply {
	if _, err := pageBrand(c); err != nil {
		return engine.Fail(err)
	}
	return engine.OK(engine.AnyStrings(signInWidgetVersions))
}

// putPage stores a page variant; the id is only the table's key.
func putPage(c *engine.Call, brandID, key string, body engine.Obj) {
	stored := engine.CloneObj(body)
	stored["id"] = key
	c.Org.Put(tablePages, brandID, key, stored)
}

// pageOut is a stored page as the API shows it (no id).
func pageOut(p engine.Obj) engine.Obj {
	out := engine.CloneObj(p)
	delete(out, "id")
	return out
}

func prepareCSP(body engine.Obj) *engine.APIError {
	csp, has := body["contentSecurityPolicySetting"]
	if !has || csp == nil {
		delete(body, "contentSecurityPolicySetting")
		return nil
	}
	return engine.CheckShape(body, []engine.Field{
		{Path: "contentSecurityPolicySetting", Type: engine.TObject},
		{Path: "contentSecurityPolicySetting.mode", Type: engine.TString, Enum: []string{"enforced", "report_only"}},
		{Path: "contentSecurityPolicySetting.reportUri", Type: engine.TString},
		{Path: "contentSecurityPolicySetting.srcList", Type: engine.TArray},
	})
}

// prepareSignInPage makes a PUT body what Okta stores: pageContent and
// widgetVersion null when left out, every widgetCustomizations key
// present (VCR TestAccResourceOktaCustomizedSignInPage_crud #7).
func prepareSignInPage(body engine.Obj) *engine.APIError {
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "pageContent", Type: engine.TString},
		{Path: "widgetVersion", Type: engine.TString},
		{Path: "widgetCustomizations", Type: engine.TObject},
	}); err != nil {
		return err
	}
	if err := prepareCSP(body); err != nil {
		return err
	}
	engine.SetDefault(body, "pageContent", nil)
	if v := engine.Str(body, "widgetVersion"); v != "" && !pageWidgetVersion.MatchString(v) {
		return engine.ErrValidation("widgetVersion", "widgetVersion: '"+v+"' is not a widget version such as ^7 or 7.28")
	}
	engine.SetDefault(body, "widgetVersion", nil)
	wc, _ := body["widgetCustomizations"].(map[string]any)
	if wc == nil {
		wc = engine.Obj{}
	}
	for _, k := range signInWidgetKeys {
		if _, has := wc[k]; has {
			continue
		}
		if k == "showPasswordVisibilityToggle" || k == "showUserIdentifier" {
			wc[k] = false
		} else {
			wc[k] = nil
		}
	}
	body["widgetCustomizations"] = wc
	return nil
}

// renderSignInPage is what a GET adds: postAuthKeepMeSignedInPrompt,
// null-filled.
func renderSignInPage(p engine.Obj) engine.Obj {
	wc, _ := p["widgetCustomizations"].(map[string]any)
	if wc == nil {
		return p
	}
	kp, _ := wc["postAuthKeepMeSignedInPrompt"].(map[string]any)
	if kp == nil {
		kp = engine.Obj{}
	}
	for _, k := range signInKeepSignedInKeys {
		if _, has := kp[k]; !has {
			kp[k] = nil
		}
	}
	wc["postAuthKeepMeSignedInPrompt"] = kp
	return p
}

func prepareErrorPage(body engine.Obj) *engine.APIError {
	if err := engine.CheckShape(body, []engine.Field{{Path: "pageContent", Type: engine.TString}}); err != nil {
		return err
	}
	if err := prepareCSP(body); err != nil {
		return err
	}
	engine.SetDefault(body, "pageContent", nil)
	return nil
}

// signOutKey is the sign-out page's key in the pages table.
const signOutKey = "sign-out/customized"

func getSignOutPage(c *engine.Call) engine.Reply {
	brandID, err := pageBrand(c)
	if err != nil {
		return engine.Fail(err)
	}
	if p := c.Org.Get(tablePages, brandID, signOutKey); p != nil {
		return engine.OK(pageOut(p))
	}
	return engine.OK(engine.Obj{"type": "OKTA_DEFAULT"})
}

// replaceSignOutPage: {type: OKTA_DEFAULT} or {type: EXTERNALLY_HOSTED,
// url} (SPEC HostedPage; the url is required when externally hosted).
func replaceSignOutPage(c *engine.Call) engine.Reply {
	brandID, err := pageBrand(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "type", Type: engine.TString, Required: true, Enum: []string{"EXTERNALLY_HOSTED", "OKTA_DEFAULT"}},
		{Path: "url", Type: engine.TString},
	}); err != nil {
		return engine.Fail(err)
	}
	if engine.Str(body, "type") == "EXTERNALLY_HOSTED" {
		if err := brandCheckURL("url", engine.Str(body, "url")); err != nil {
			return engine.Fail(err)
		}
	} else {
		delete(body, "url")
	}
	putPage(c, brandID, signOutKey, body)
	c.Emit(eventSignOutPageUpdate, brandTarget(c, brandID))
	return engine.OK(body)
}
