package customization

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Brands and their themes (api-facts §1.10). Every org has one default
// brand (isDefault) that can't be deleted (409 E0000200); a new brand
// answers 201, a duplicate name 409 E0000202 (SPEC examples
// ErrorCreateBrandExists, ErrorDeleteDefaultBrand). Each brand has exactly
// one theme, created with it and dropped with it; themes are only read and
// replaced. Neither carries created/lastUpdated (VCR
// TestAccResourceOktaBrand_crud, TestAccDataSourceOktaTheme_read), so the
// routes are installed by hand around the engine's insert and replace.
var brandsRes = &engine.Resource{
	Name: "brands", TypeName: "Brand", Prefix: "bnd", Area: "brands",
	Events: &engine.Events{Type: "Brand", Create: "system.brand.create", Update: "system.brand.update", Delete: "system.brand.delete"},
	Coll:   "/api/v1/brands", IDParam: "brandId",
	Page:         engine.PageSpec{Def: 20, Max: 200, Cursor: true},
	CreateStatus: http.StatusCreated,
	DeleteStatus: http.StatusNoContent, // set here: Install is not used
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "agreeToCustomPrivacyPolicy", Type: engine.TBool},
		{Path: "customPrivacyPolicyUrl", Type: engine.TString},
		{Path: "removePoweredByOkta", Type: engine.TBool},
		{Path: "locale", Type: engine.TString},
		{Path: "emailDomainId", Type: engine.TString},
		{Path: "defaultApp", Type: engine.TObject},
		{Path: "defaultApp.appInstanceId", Type: engine.TString},
		{Path: "defaultApp.appLinkName", Type: engine.TString},
		{Path: "defaultApp.classicApplicationUri", Type: engine.TString},
	},
	ReadOnly: []string{"isDefault"},
	Keep:     []string{"isDefault"},
}

var themesRes = &engine.Resource{
	Name: "themes", TypeName: "Theme", Prefix: "the", Area: "brands",
	// A theme's update is the catalog's system.theme.update; the theme
	// made and removed with its brand logs the sandbox's
	// system.brand.theme.create and .delete (the catalog has neither).
	Events: &engine.Events{Type: "Theme", Create: "system.brand.theme.create", Update: "system.theme.update", Delete: "system.brand.theme.delete"},
	Coll:   "/api/v1/brands/{brandId}/themes", IDParam: "themeId", ParentParam: "brandId",
	Parent:   brandsRes,
	NoCreate: true, NoDelete: true,
	Fields: []engine.Field{
		{Path: "primaryColorHex", Type: engine.TString, Required: true},
		{Path: "primaryColorContrastHex", Type: engine.TString},
		{Path: "secondaryColorHex", Type: engine.TString, Required: true},
		{Path: "secondaryColorContrastHex", Type: engine.TString},
		{Path: "signInPageTouchPointVariant", Type: engine.TString, Required: true,
			Enum: []string{"BACKGROUND_IMAGE", "BACKGROUND_SECONDARY_COLOR", "OKTA_DEFAULT"}},
		{Path: "endUserDashboardTouchPointVariant", Type: engine.TString, Required: true,
			Enum: []string{"FULL_THEME", "LOGO_ON_FULL_WHITE_BACKGROUND", "OKTA_DEFAULT", "WHITE_LOGO_BACKGROUND"}},
		{Path: "errorPageTouchPointVariant", Type: engine.TString, Required: true,
			Enum: []string{"BACKGROUND_IMAGE", "BACKGROUND_SECONDARY_COLOR", "OKTA_DEFAULT"}},
		{Path: "emailTemplateTouchPointVariant", Type: engine.TString, Required: true,
			Enum: []string{"FULL_THEME", "OKTA_DEFAULT"}},
		{Path: "loadingPageTouchPointVariant", Type: engine.TString, Enum: []string{"NONE", "OKTA_DEFAULT"}},
	},
	ReadOnly: []string{"logo", "favicon", "backgroundImage"},
}

// themeLogo is the Okta logo new themes point at (VCR); the favicon is
// served by the org itself and is stored relative to it.
const (
	ThemeLogo    = "https://op3static.oktacdn.com/assets/img/logos/okta-logo.1e146cad5713da744492be95eb0f7793.png"
	themeFavicon = "/favicon.ico"
)

var (
	themeHexColor   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	brandLocaleRule = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

func init() {
	brandsRes.Prepare = prepareBrand
	brandsRes.Links = brandLinks
	brandsRes.AfterCreate = func(c *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		brandDropTimestamps(obj)
		_, err := themesRes.Insert(c, engine.Str(obj, "id"), ThemeDefaults(), nil)
		return err
	}
	brandsRes.BeforeDelete = func(c *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		if engine.BoolAt(cur, "isDefault") {
			return engine.NewError(http.StatusConflict, "E0000200", "A default brand cannot be deleted")
		}
		if domainOfBrand(c, engine.Str(cur, "id")) != nil {
			// SPEC ErrorDeleteBrandAssociatedWithDomain.
			return engine.NewError(http.StatusConflict, "E0000201", "A brand associated with a domain cannot be deleted")
		}
		return nil
	}
	brandsRes.AfterDelete = func(c *engine.Call, _ string, cur engine.Obj) {
		id := engine.Str(cur, "id")
		c.Org.DropTable("themes", id)
		c.Org.DropTable(tablePages, id)
		dropBrandEmails(c, id)
	}
	brandsRes.Filter = func(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
		q := strings.ToLower(c.Query().Get("q"))
		if q == "" {
			return items, nil
		}
		out := items[:0:0]
		for _, b := range items {
			if strings.Contains(strings.ToLower(engine.Str(b, "name")), q) {
				out = append(out, b)
			}
		}
		return out, nil
	}
	themesRes.Prepare = prepareTheme
	themesRes.Links = themeLinks
	themesRes.AfterCreate = func(_ *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		brandDropTimestamps(obj)
		return nil
	}
	engine.Register(engine.Module{
		Name: "brands", Phase: 60,
		Routes: func(rt *engine.Router) {
			item := brandsRes.ItemPattern()
			rt.Handle("GET", brandsRes.Coll, engine.ScopeFor("brands", "GET"), listBrands)
			rt.Handle("POST", brandsRes.Coll, engine.ScopeFor("brands", "POST"), createBrand)
			rt.Handle("GET", item, engine.ScopeFor("brands", "GET"), getBrand)
			rt.Handle("PUT", item, engine.ScopeFor("brands", "PUT"), replaceBrand)
			rt.Handle("DELETE", item, engine.ScopeFor("brands", "DELETE"), brandsRes.HandleDelete)
			titem := themesRes.ItemPattern()
			rt.Handle("GET", themesRes.Coll, engine.ScopeFor("brands", "GET"), listThemes)
			rt.Handle("GET", titem, engine.ScopeFor("brands", "GET"), getTheme)
			rt.Handle("PUT", titem, engine.ScopeFor("brands", "PUT"), replaceTheme)
		},
		Seed:     seedBrands,
		Sample:   sampleBrands,
		Generate: generateBrands,
	})
}

// brandDropTimestamps removes the created/lastUpdated the engine writes:
// brands and themes have neither.
func brandDropTimestamps(o engine.Obj) {
	delete(o, "created")
	delete(o, "lastUpdated")
}

func prepareBrand(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	name := strings.TrimSpace(engine.Str(body, "name"))
	if name == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	dup := c.Org.Find("brands", "", func(o engine.Obj) bool {
		return strings.EqualFold(engine.Str(o, "name"), name) && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id"))
	})
	if dup != nil {
		if cur == nil {
			return engine.NewError(http.StatusConflict, "E0000202", "Brand name already exists.")
		}
		// The replace operation documents no 409.
		return engine.ErrValidation("name", "name: A brand with this name already exists")
	}
	if cur == nil {
		// A new brand takes only its name (SPEC CreateBrandRequest).
		for k := range body {
			if k != "name" {
				delete(body, k)
			}
		}
		body["isDefault"] = false
	}
	if u := engine.Str(body, "customPrivacyPolicyUrl"); u != "" {
		if !engine.BoolAt(body, "agreeToCustomPrivacyPolicy") {
			return engine.ErrValidation("agreeToCustomPrivacyPolicy",
				"agreeToCustomPrivacyPolicy: Consent is required to set a custom privacy policy URL")
		}
		if err := brandCheckURL("customPrivacyPolicyUrl", u); err != nil {
			return err
		}
	} else {
		body["customPrivacyPolicyUrl"] = nil
	}
	engine.SetDefault(body, "agreeToCustomPrivacyPolicy", false)
	engine.SetDefault(body, "removePoweredByOkta", false)
	if l, has := body["locale"]; has {
		if s, _ := l.(string); s == "" {
			delete(body, "locale")
		} else if !brandLocaleRule.MatchString(s) {
			return engine.ErrValidation("locale", "locale: '"+s+"' is not an IETF BCP 47 language tag")
		}
	}
	if s, has := body["emailDomainId"]; has && (s == nil || s == "") {
		delete(body, "emailDomainId")
	}
	app, _ := body["defaultApp"].(map[string]any)
	if app == nil {
		app = engine.Obj{}
	}
	for _, k := range []string{"appInstanceId", "appLinkName", "classicApplicationUri"} {
		if s, _ := app[k].(string); s == "" {
			app[k] = nil
		}
	}
	if id, _ := app["appInstanceId"].(string); id != "" && c.Org.Get(engine.TableApps, "", id) == nil {
		return engine.ErrValidation("defaultApp.appInstanceId", "defaultApp.appInstanceId: Application "+id+" does not exist")
	}
	if u, _ := app["classicApplicationUri"].(string); u != "" {
		if err := brandCheckURL("defaultApp.classicApplicationUri", u); err != nil {
			return err
		}
	}
	body["defaultApp"] = app
	return nil
}

func brandCheckURL(path, u string) *engine.APIError {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return engine.ErrValidation(path, path+": '"+u+"' is not a valid URL")
	}
	return nil
}

func brandLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	self := c.Base + "/api/v1/brands/" + engine.Str(o, "id")
	// Okta lists DELETE even on the default brand (VCR
	// TestAccDataSourceOktaBrands_read); the delete itself answers 409.
	l["self"] = engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"GET", "PUT", "DELETE"}}}
	l["themes"] = engine.Obj{"href": self + "/themes", "hints": engine.Obj{"allow": []any{"GET"}}}
	if id := engine.Str(o, "emailDomainId"); id != "" {
		l["emailDomain"] = engine.Obj{"href": c.Base + "/api/v1/email-domains/" + id, "hints": engine.Obj{"allow": []any{"GET", "PUT"}}}
	}
}

// brandRender adds the _embedded objects ?expand= asks for.
func brandRender(c *engine.Call, b engine.Obj) engine.Obj {
	out := brandsRes.Render(c, "", b)
	var expand []string
	for _, v := range c.Query()["expand"] {
		expand = append(expand, strings.Split(v, ",")...)
	}
	if len(expand) == 0 {
		return out
	}
	emb := engine.Obj{}
	for _, e := range expand {
		switch strings.TrimSpace(e) {
		case "themes":
			var themes []any
			for _, t := range c.Org.List("themes", engine.Str(b, "id")) {
				themes = append(themes, themeRender(c, engine.Str(b, "id"), t))
			}
			emb["themes"] = append([]any{}, themes...)
		case "domains":
			domains := []any{}
			for _, d := range c.Org.List("domains", "") {
				if engine.Str(d, "brandId") == engine.Str(b, "id") {
					domains = append(domains, domainRender(c, d, allowListed))
				}
			}
			emb["domains"] = domains
		}
	}
	out["_embedded"] = emb
	return out
}

func listBrands(c *engine.Call) engine.Reply {
	items, err := brandsRes.Filter(c, "", c.Org.List("brands", ""))
	if err != nil {
		return engine.Fail(err)
	}
	items, hdr := engine.Page(c, brandsRes.Page, items, func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, len(items))
	for i, b := range items {
		out[i] = brandRender(c, b)
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

func createBrand(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := brandsRes.Insert(c, "", body, c.Query())
	if err != nil {
		return engine.Fail(err)
	}
	return engine.Created(brandRender(c, obj))
}

func getBrand(c *engine.Call) engine.Reply {
	obj, err := brandsRes.Lookup(c, "", c.Param("brandId"))
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(brandRender(c, obj))
}

func replaceBrand(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := brandsRes.Replace(c, "", c.Param("brandId"), body)
	if err != nil {
		return engine.Fail(err)
	}
	brandDropTimestamps(obj)
	return engine.OK(brandsRes.Render(c, "", obj))
}

// ThemeDefaults is a new brand's theme (VCR TestAccDataSourceOktaThemes_read).
func ThemeDefaults() engine.Obj {
	return engine.Obj{
		"logo":                              ThemeLogo,
		"favicon":                           themeFavicon,
		"backgroundImage":                   nil,
		"primaryColorHex":                   "#1662dd",
		"primaryColorContrastHex":           "#ffffff",
		"secondaryColorHex":                 "#ebebed",
		"secondaryColorContrastHex":         "#000000",
		"signInPageTouchPointVariant":       "BACKGROUND_IMAGE",
		"endUserDashboardTouchPointVariant": "FULL_THEME",
		"errorPageTouchPointVariant":        "BACKGROUND_IMAGE",
		"emailTemplateTouchPointVariant":    "FULL_THEME",
		"loadingPageTouchPointVariant":      "NONE",
	}
}

func prepareTheme(_ *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	if cur == nil {
		// Only the brand's own AfterCreate inserts themes.
		for _, k := range []string{"logo", "favicon", "backgroundImage"} {
			body[k] = ThemeDefaults()[k]
		}
		return nil
	}
	for _, k := range []string{"primaryColorHex", "primaryColorContrastHex", "secondaryColorHex", "secondaryColorContrastHex"} {
		if v := engine.Str(body, k); v != "" && !themeHexColor.MatchString(v) {
			return engine.ErrValidation(k, k+": '"+v+"' is not a hex color such as #1662dd")
		}
	}
	// A PUT replaces: what it leaves out takes the default (VCR
	// TestAccResourceOktaTheme_existing_update: loadingPageTouchPointVariant
	// left out came back OKTA_DEFAULT).
	engine.SetDefault(body, "loadingPageTouchPointVariant", "OKTA_DEFAULT")
	engine.SetDefault(body, "primaryColorContrastHex", "#ffffff")
	engine.SetDefault(body, "secondaryColorContrastHex", "#000000")
	for _, k := range []string{"logo", "favicon", "backgroundImage"} {
		body[k] = cur[k]
	}
	return nil
}

// themeRender renders a theme with its favicon made absolute on the host
// the client used.
func themeRender(c *engine.Call, brandID string, t engine.Obj) engine.Obj {
	out := themesRes.Render(c, brandID, t)
	if f := engine.Str(out, "favicon"); strings.HasPrefix(f, "/") {
		out["favicon"] = c.Base + f
	}
	return out
}

func themeLinks(c *engine.Call, brandID string, o engine.Obj, l engine.Obj) {
	self := c.Base + "/api/v1/brands/" + brandID + "/themes/" + engine.Str(o, "id")
	l["self"] = engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"GET", "PUT"}}}
	for _, img := range []string{"logo", "favicon", "background-image"} {
		l[img] = engine.Obj{"href": self + "/" + img, "hints": engine.Obj{"allow": []any{"POST", "DELETE"}}}
	}
}

func listThemes(c *engine.Call) engine.Reply {
	bid := c.Param("brandId")
	if c.Org.Get("brands", "", bid) == nil {
		return engine.Fail(engine.ErrNotFound(bid, "Brand"))
	}
	items := c.Org.List("themes", bid)
	out := make([]any, len(items))
	for i, t := range items {
		out[i] = themeRender(c, bid, t)
	}
	return engine.OK(out)
}

func getTheme(c *engine.Call) engine.Reply {
	bid := c.Param("brandId")
	obj, err := themesRes.Lookup(c, bid, c.Param("themeId"))
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(themeRender(c, bid, obj))
}

func replaceTheme(c *engine.Call) engine.Reply {
	bid := c.Param("brandId")
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := themesRes.Replace(c, bid, c.Param("themeId"), body)
	if err != nil {
		return engine.Fail(err)
	}
	brandDropTimestamps(obj)
	return engine.OK(themeRender(c, bid, obj))
}
