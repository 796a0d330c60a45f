package sandbox

import (
	"net/http"
	"regexp"
	"strings"
)

// Brands and their themes (api-facts §1.10). Every org has one default
// brand (isDefault) that can't be deleted (409 E0000200); a new brand
// answers 201, a duplicate name 409 E0000202 (SPEC examples
// ErrorCreateBrandExists, ErrorDeleteDefaultBrand). Each brand has exactly
// one theme, created with it and dropped with it; themes are only read and
// replaced. Neither carries created/lastUpdated (VCR
// TestAccResourceOktaBrand_crud, TestAccDataSourceOktaTheme_read), so the
// routes are installed by hand around the engine's insert and replace.
var brandsRes = &resource{
	name: "brands", typeName: "Brand", prefix: "bnd", area: "brands",
	coll: "/api/v1/brands", idParam: "brandId",
	page:         pageSpec{def: 20, max: 200, cursor: true},
	createStatus: http.StatusCreated,
	deleteStatus: http.StatusNoContent, // set here: install() is not used
	fields: []field{
		{path: "name", typ: tString, required: true},
		{path: "agreeToCustomPrivacyPolicy", typ: tBool},
		{path: "customPrivacyPolicyUrl", typ: tString},
		{path: "removePoweredByOkta", typ: tBool},
		{path: "locale", typ: tString},
		{path: "emailDomainId", typ: tString},
		{path: "defaultApp", typ: tObject},
		{path: "defaultApp.appInstanceId", typ: tString},
		{path: "defaultApp.appLinkName", typ: tString},
		{path: "defaultApp.classicApplicationUri", typ: tString},
	},
	readOnly: []string{"isDefault"},
	keep:     []string{"isDefault"},
}

var themesRes = &resource{
	name: "themes", typeName: "Theme", prefix: "the", area: "brands",
	coll: "/api/v1/brands/{brandId}/themes", idParam: "themeId", parentParam: "brandId",
	parent:   brandsRes,
	noCreate: true, noDelete: true,
	fields: []field{
		{path: "primaryColorHex", typ: tString, required: true},
		{path: "primaryColorContrastHex", typ: tString},
		{path: "secondaryColorHex", typ: tString, required: true},
		{path: "secondaryColorContrastHex", typ: tString},
		{path: "signInPageTouchPointVariant", typ: tString, required: true,
			enum: []string{"BACKGROUND_IMAGE", "BACKGROUND_SECONDARY_COLOR", "OKTA_DEFAULT"}},
		{path: "endUserDashboardTouchPointVariant", typ: tString, required: true,
			enum: []string{"FULL_THEME", "LOGO_ON_FULL_WHITE_BACKGROUND", "OKTA_DEFAULT", "WHITE_LOGO_BACKGROUND"}},
		{path: "errorPageTouchPointVariant", typ: tString, required: true,
			enum: []string{"BACKGROUND_IMAGE", "BACKGROUND_SECONDARY_COLOR", "OKTA_DEFAULT"}},
		{path: "emailTemplateTouchPointVariant", typ: tString, required: true,
			enum: []string{"FULL_THEME", "OKTA_DEFAULT"}},
		{path: "loadingPageTouchPointVariant", typ: tString, enum: []string{"NONE", "OKTA_DEFAULT"}},
	},
	readOnly: []string{"logo", "favicon", "backgroundImage"},
}

// themeLogo is the Okta logo new themes point at (VCR); the favicon is
// served by the org itself and is stored relative to it.
const (
	themeLogo    = "https://op3static.oktacdn.com/assets/img/logos/okta-logo.1e146cad5713da744492be95eb0f7793.png"
	themeFavicon = "/favicon.ico"
)

var (
	themeHexColor   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	brandLocaleRule = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

func init() {
	brandsRes.prepare = prepareBrand
	brandsRes.links = brandLinks
	brandsRes.afterCreate = func(c *call, _ string, obj Obj) *apiError {
		brandDropTimestamps(obj)
		_, err := themesRes.insert(c, str(obj, "id"), themeDefaults(), nil)
		return err
	}
	brandsRes.beforeDelete = func(_ *call, _ string, cur Obj) *apiError {
		if boolAt(cur, "isDefault") {
			return newError(http.StatusConflict, "E0000200", "A default brand cannot be deleted")
		}
		return nil
	}
	brandsRes.afterDelete = func(c *call, _ string, cur Obj) { c.o.dropTable("themes", str(cur, "id")) }
	brandsRes.filter = func(c *call, _ string, items []Obj) ([]Obj, *apiError) {
		q := strings.ToLower(c.query().Get("q"))
		if q == "" {
			return items, nil
		}
		out := items[:0:0]
		for _, b := range items {
			if strings.Contains(strings.ToLower(str(b, "name")), q) {
				out = append(out, b)
			}
		}
		return out, nil
	}
	themesRes.prepare = prepareTheme
	themesRes.links = themeLinks
	themesRes.afterCreate = func(_ *call, _ string, obj Obj) *apiError {
		brandDropTimestamps(obj)
		return nil
	}
	register(module{
		name: "brands", phase: 60,
		routes: func(rt *router) {
			item := brandsRes.itemPattern()
			rt.handle("GET", brandsRes.coll, scopeFor("brands", "GET"), listBrands)
			rt.handle("POST", brandsRes.coll, scopeFor("brands", "POST"), createBrand)
			rt.handle("GET", item, scopeFor("brands", "GET"), getBrand)
			rt.handle("PUT", item, scopeFor("brands", "PUT"), replaceBrand)
			rt.handle("DELETE", item, scopeFor("brands", "DELETE"), brandsRes.handleDelete)
			titem := themesRes.itemPattern()
			rt.handle("GET", themesRes.coll, scopeFor("brands", "GET"), listThemes)
			rt.handle("GET", titem, scopeFor("brands", "GET"), getTheme)
			rt.handle("PUT", titem, scopeFor("brands", "PUT"), replaceTheme)
		},
		seed:   seedBrands,
		sample: sampleBrands,
	})
}

// brandDropTimestamps removes the created/lastUpdated the engine writes:
// brands and themes have neither.
func brandDropTimestamps(o Obj) {
	delete(o, "created")
	delete(o, "lastUpdated")
}

func prepareBrand(c *call, _ string, body, cur Obj) *apiError {
	name := strings.TrimSpace(str(body, "name"))
	if name == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	dup := c.o.find("brands", "", func(o Obj) bool {
		return strings.EqualFold(str(o, "name"), name) && (cur == nil || str(o, "id") != str(cur, "id"))
	})
	if dup != nil {
		if cur == nil {
			return newError(http.StatusConflict, "E0000202", "Brand name already exists.")
		}
		// The replace operation documents no 409.
		return errValidation("name", "name: A brand with this name already exists")
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
	if u := str(body, "customPrivacyPolicyUrl"); u != "" {
		if !boolAt(body, "agreeToCustomPrivacyPolicy") {
			return errValidation("agreeToCustomPrivacyPolicy",
				"agreeToCustomPrivacyPolicy: Consent is required to set a custom privacy policy URL")
		}
		if err := brandCheckURL("customPrivacyPolicyUrl", u); err != nil {
			return err
		}
	} else {
		body["customPrivacyPolicyUrl"] = nil
	}
	setDefault(body, "agreeToCustomPrivacyPolicy", false)
	setDefault(body, "removePoweredByOkta", false)
	if l, has := body["locale"]; has {
		if s, _ := l.(string); s == "" {
			delete(body, "locale")
		} else if !brandLocaleRule.MatchString(s) {
			return errValidation("locale", "locale: '"+s+"' is not an IETF BCP 47 language tag")
		}
	}
	if s, has := body["emailDomainId"]; has && (s == nil || s == "") {
		delete(body, "emailDomainId")
	}
	app, _ := body["defaultApp"].(map[string]any)
	if app == nil {
		app = Obj{}
	}
	for _, k := range []string{"appInstanceId", "appLinkName", "classicApplicationUri"} {
		if s, _ := app[k].(string); s == "" {
			app[k] = nil
		}
	}
	if id, _ := app["appInstanceId"].(string); id != "" && c.o.get("apps", "", id) == nil {
		return errValidation("defaultApp.appInstanceId", "defaultApp.appInstanceId: Application "+id+" does not exist")
	}
	if u, _ := app["classicApplicationUri"].(string); u != "" {
		if err := brandCheckURL("defaultApp.classicApplicationUri", u); err != nil {
			return err
		}
	}
	body["defaultApp"] = app
	return nil
}

func brandCheckURL(path, u string) *apiError {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return errValidation(path, path+": '"+u+"' is not a valid URL")
	}
	return nil
}

func brandLinks(c *call, _ string, o Obj, l Obj) {
	self := c.base + "/api/v1/brands/" + str(o, "id")
	// Okta lists DELETE even on the default brand (VCR
	// TestAccDataSourceOktaBrands_read); the delete itself answers 409.
	l["self"] = Obj{"href": self, "hints": Obj{"allow": []any{"GET", "PUT", "DELETE"}}}
	l["themes"] = Obj{"href": self + "/themes", "hints": Obj{"allow": []any{"GET"}}}
	if id := str(o, "emailDomainId"); id != "" {
		l["emailDomain"] = Obj{"href": c.base + "/api/v1/email-domains/" + id, "hints": Obj{"allow": []any{"GET", "PUT"}}}
	}
}

// brandRender adds the _embedded objects ?expand= asks for.
func brandRender(c *call, b Obj) Obj {
	out := brandsRes.render(c, "", b)
	var expand []string
	for _, v := range c.query()["expand"] {
		expand = append(expand, strings.Split(v, ",")...)
	}
	if len(expand) == 0 {
		return out
	}
	emb := Obj{}
	for _, e := range expand {
		switch strings.TrimSpace(e) {
		case "themes":
			var themes []any
			for _, t := range c.o.list("themes", str(b, "id")) {
				themes = append(themes, themeRender(c, str(b, "id"), t))
			}
			emb["themes"] = append([]any{}, themes...)
		case "domains":
			emb["domains"] = []any{}
		}
	}
	out["_embedded"] = emb
	return out
}

func listBrands(c *call) reply {
	items, err := brandsRes.filter(c, "", c.o.list("brands", ""))
	if err != nil {
		return fail(err)
	}
	items, hdr := page(c, brandsRes.page, items, func(o Obj) string { return str(o, "id") })
	out := make([]any, len(items))
	for i, b := range items {
		out[i] = brandRender(c, b)
	}
	return reply{status: http.StatusOK, body: out, header: hdr}
}

func createBrand(c *call) reply {
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	obj, err := brandsRes.insert(c, "", body, c.query())
	if err != nil {
		return fail(err)
	}
	return created(brandRender(c, obj))
}

func getBrand(c *call) reply {
	obj, err := brandsRes.lookup(c, "", c.param("brandId"))
	if err != nil {
		return fail(err)
	}
	return ok(brandRender(c, obj))
}

func replaceBrand(c *call) reply {
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	obj, err := brandsRes.replace(c, "", c.param("brandId"), body)
	if err != nil {
		return fail(err)
	}
	brandDropTimestamps(obj)
	return ok(brandsRes.render(c, "", obj))
}

// themeDefaults is a new brand's theme (VCR TestAccDataSourceOktaThemes_read).
func themeDefaults() Obj {
	return Obj{
		"logo":                              themeLogo,
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

func prepareTheme(_ *call, _ string, body, cur Obj) *apiError {
	if cur == nil {
		// Only the brand's own afterCreate inserts themes.
		for _, k := range []string{"logo", "favicon", "backgroundImage"} {
			body[k] = themeDefaults()[k]
		}
		return nil
	}
	for _, k := range []string{"primaryColorHex", "primaryColorContrastHex", "secondaryColorHex", "secondaryColorContrastHex"} {
		if v := str(body, k); v != "" && !themeHexColor.MatchString(v) {
			return errValidation(k, k+": '"+v+"' is not a hex color such as #1662dd")
		}
	}
	// A PUT replaces: what it leaves out takes the default (VCR
	// TestAccResourceOktaTheme_existing_update: loadingPageTouchPointVariant
	// left out came back OKTA_DEFAULT).
	setDefault(body, "loadingPageTouchPointVariant", "OKTA_DEFAULT")
	setDefault(body, "primaryColorContrastHex", "#ffffff")
	setDefault(body, "secondaryColorContrastHex", "#000000")
	for _, k := range []string{"logo", "favicon", "backgroundImage"} {
		body[k] = cur[k]
	}
	return nil
}

// themeRender renders a theme with its favicon made absolute on the host
// the client used.
func themeRender(c *call, brandID string, t Obj) Obj {
	out := themesRes.render(c, brandID, t)
	if f := str(out, "favicon"); strings.HasPrefix(f, "/") {
		out["favicon"] = c.base + f
	}
	return out
}

func themeLinks(c *call, brandID string, o Obj, l Obj) {
	self := c.base + "/api/v1/brands/" + brandID + "/themes/" + str(o, "id")
	l["self"] = Obj{"href": self, "hints": Obj{"allow": []any{"GET", "PUT"}}}
	for _, img := range []string{"logo", "favicon", "background-image"} {
		l[img] = Obj{"href": self + "/" + img, "hints": Obj{"allow": []any{"POST", "DELETE"}}}
	}
}

func listThemes(c *call) reply {
	bid := c.param("brandId")
	if c.o.get("brands", "", bid) == nil {
		return fail(errNotFound(bid, "Brand"))
	}
	items := c.o.list("themes", bid)
	out := make([]any, len(items))
	for i, t := range items {
		out[i] = themeRender(c, bid, t)
	}
	return ok(out)
}

func getTheme(c *call) reply {
	bid := c.param("brandId")
	obj, err := themesRes.lookup(c, bid, c.param("themeId"))
	if err != nil {
		return fail(err)
	}
	return ok(themeRender(c, bid, obj))
}

func replaceTheme(c *call) reply {
	bid := c.param("brandId")
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	obj, err := themesRes.replace(c, bid, c.param("themeId"), body)
	if err != nil {
		return fail(err)
	}
	brandDropTimestamps(obj)
	return ok(themeRender(c, bid, obj))
}

// seedBrands creates the default brand every org has, pointing at the
// Okta Dashboard (SPEC ListBrandsResponse shows the default brand's
// defaultApp.appInstanceId set), with its theme.
func seedBrands(c *call) error {
	obj, err := brandsRes.insert(c, "", Obj{"name": "Okta Default"}, nil)
	if err != nil {
		return err
	}
	obj["isDefault"] = true
	if app := c.o.find("apps", "", func(o Obj) bool { return str(o, "name") == "okta_enduser" }); app != nil {
		set(obj, "defaultApp.appInstanceId", str(app, "id"))
	}
	return nil
}

func sampleBrands(c *call) error {
	dashboard := ""
	if app := c.o.find("apps", "", func(o Obj) bool { return str(o, "name") == "okta_enduser" }); app != nil {
		dashboard = str(app, "id")
	}
	brands := []struct {
		body  Obj
		theme Obj
	}{
		{body: Obj{"name": "Customer Portal", "locale": "en", "removePoweredByOkta": true,
			"customPrivacyPolicyUrl": "https://www.example.com/privacy", "agreeToCustomPrivacyPolicy": true,
			"defaultApp": Obj{"appInstanceId": dashboard}},
			theme: Obj{"primaryColorHex": "#0b5394", "primaryColorContrastHex": "#ffffff",
				"secondaryColorHex": "#f3f6f9", "secondaryColorContrastHex": "#000000",
				"signInPageTouchPointVariant": "BACKGROUND_SECONDARY_COLOR", "endUserDashboardTouchPointVariant": "WHITE_LOGO_BACKGROUND",
				"errorPageTouchPointVariant": "BACKGROUND_SECONDARY_COLOR", "emailTemplateTouchPointVariant": "OKTA_DEFAULT",
				"loadingPageTouchPointVariant": "OKTA_DEFAULT"}},
		{body: Obj{"name": "Partner Hub", "locale": "fr",
			"defaultApp": Obj{"classicApplicationUri": "https://partners.example.com/"}},
			theme: Obj{"primaryColorHex": "#38761d", "primaryColorContrastHex": "#ffffff",
				"secondaryColorHex": "#d9ead3", "secondaryColorContrastHex": "#000000",
				"signInPageTouchPointVariant": "OKTA_DEFAULT", "endUserDashboardTouchPointVariant": "FULL_THEME",
				"errorPageTouchPointVariant": "OKTA_DEFAULT", "emailTemplateTouchPointVariant": "FULL_THEME"}},
		{body: Obj{"name": "Contractor Access"},
			theme: Obj{"primaryColorHex": "#990000", "secondaryColorHex": "#eeeeee",
				"signInPageTouchPointVariant": "OKTA_DEFAULT", "endUserDashboardTouchPointVariant": "LOGO_ON_FULL_WHITE_BACKGROUND",
				"errorPageTouchPointVariant": "OKTA_DEFAULT", "emailTemplateTouchPointVariant": "OKTA_DEFAULT",
				"loadingPageTouchPointVariant": "NONE"}},
	}
	for _, b := range brands {
		obj, err := brandsRes.insert(c, "", Obj{"name": b.body["name"]}, nil)
		if err != nil {
			return err
		}
		id := str(obj, "id")
		if len(b.body) > 1 {
			upd, err := brandsRes.replace(c, "", id, b.body)
			if err != nil {
				return err
			}
			brandDropTimestamps(upd)
		}
		for _, t := range c.o.list("themes", id) {
			upd, err := themesRes.replace(c, id, str(t, "id"), b.theme)
			if err != nil {
				return err
			}
			brandDropTimestamps(upd)
		}
	}
	return nil
}
