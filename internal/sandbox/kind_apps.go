package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// Applications (api-facts §1.2). The body is polymorphic on signOnMode;
// the server fills in the defaults the recordings show (kind_apps_defaults.go),
// generates `name` for custom SAML 2.0 and AUTO_LOGIN apps, answers the
// lifecycle endpoints with 200 {}, refuses to delete an ACTIVE app with
// 403 E0000056, and returns an OIDC client secret only in the create (and
// replace) response, never on GET.
//
// Side tables this file owns:
//   - appAccessPolicy: one row per app, {id: appId, policyId}, the app's
//     authentication (ACCESS_POLICY) policy, shown as _links.accessPolicy.
//     An app without a row, or whose policy no longer exists, shows the
//     org's system ACCESS_POLICY. Other kinds may read this table (e.g. to
//     list a policy's apps); only this file writes it.
//   - appClientSecrets (parent = app id): the OIDC client secrets, shaped
//     like /credentials/secrets items, never part of the app body.
//   - appNameSeq: the per-base counter behind generated app names.
var appsRes = &resource{
	name: "apps", typeName: "AppInstance", prefix: "0oa", area: "apps",
	coll: "/api/v1/apps", idParam: "appId",
	// SPEC listApplications: limit default -1 (everything), max 200.
	page: pageSpec{max: 200, cursor: true},
	// POST and PUT are hand-written: the client secret is in their answers.
	noCreate: true, noUpdate: true,
	life: lifecycle{enabled: true, activateParam: true, reply: replyEmptyObject},
	fields: []field{
		{path: "label", typ: tString, required: true},
		{path: "signOnMode", typ: tString, required: true, enum: appModeNames()},
		{path: "name", typ: tString},
		{path: "accessibility", typ: tObject},
		{path: "visibility", typ: tObject},
		{path: "visibility.hide", typ: tObject},
		{path: "visibility.appLinks", typ: tObject},
		{path: "credentials", typ: tObject},
		{path: "credentials.userNameTemplate", typ: tObject},
		{path: "credentials.oauthClient", typ: tObject},
		{path: "credentials.oauthClient.client_id", typ: tString},
		{path: "credentials.oauthClient.client_secret", typ: tString},
		{path: "credentials.signing", typ: tObject},
		{path: "settings", typ: tObject},
		{path: "settings.app", typ: tObject},
		{path: "settings.notes", typ: tObject},
		{path: "settings.notifications", typ: tObject},
		{path: "settings.signOn", typ: tObject},
		{path: "settings.oauthClient", typ: tObject},
		{path: "settings.oauthClient.application_type", typ: tString},
		{path: "settings.oauthClient.redirect_uris", typ: tArray},
		{path: "settings.oauthClient.grant_types", typ: tArray},
		{path: "settings.oauthClient.response_types", typ: tArray},
		{path: "settings.oauthClient.jwks", typ: tObject},
		{path: "settings.oauthClient.jwks.keys", typ: tArray},
		{path: "profile", typ: tObject},
	},
	readOnly: []string{"orn", "features", "universalLogout", "settings.emOptInStatus",
		"credentials.signing.lastRotated", "credentials.signing.nextRotation"},
	// name is immutable (SPEC replaceApplication), client_id too (SPEC
	// ApplicationCredentialsOAuthClient), the kid is the app's key.
	keep: []string{"name", "orn", "features", "universalLogout", "settings.emOptInStatus",
		"credentials.oauthClient.client_id", "credentials.signing.kid"},
	system: appIsBuiltIn,
}

// appBuiltIns are the first-party apps every org has (api-facts §1.2
// "System/built-in apps"; bodies from TestAccResourceOktaAppSignOnPolicyRule_AUTH_METHOD_CHAIN),
// each bound to the ACCESS_POLICY of the same name.
var appBuiltIns = []struct {
	name, label, emOptIn string
	links                Obj
}{
	{"saasure", "Okta Admin Console", "ENABLED", Obj{"admin": true}},
	{"okta_enduser", "Okta Dashboard", "NONE", Obj{}},
	{"okta_browser_plugin", "Okta Browser Plugin", "NONE", Obj{}},
}

// appReservedNames can't be used to create apps: they are first-party.
var appReservedNames = []string{"saasure", "okta_enduser", "okta_browser_plugin", "okta_account_settings", "okta_flow_sso"}

func appIsBuiltIn(o Obj) bool {
	n := str(o, "name")
	for _, b := range appBuiltIns {
		if b.name == n {
			return true
		}
	}
	return false
}

func init() {
	appsRes.prepare = prepareApp
	appsRes.afterCreate = func(c *call, _ string, obj Obj) *apiError {
		if p := appSystemAccessPolicy(c); p != nil {
			c.o.put("appAccessPolicy", "", str(obj, "id"), Obj{"id": str(obj, "id"), "policyId": str(p, "id")})
		}
		return nil
	}
	appsRes.beforeDelete = func(c *call, _ string, cur Obj) *apiError {
		if str(cur, "status") == "ACTIVE" {
			// Okta's documented answer (API reference, "Delete Application").
			return newError(http.StatusForbidden, "E0000056", "Delete application forbidden.", "The application must be deactivated before deletion.")
		}
		return nil
	}
	appsRes.afterDelete = func(c *call, _ string, cur Obj) {
		id := str(cur, "id")
		c.o.dropTable("appGroups", id)
		c.o.dropTable("appClientSecrets", id)
		c.o.dropTable("appGrants", id) // scope consent grants (kind_appgrants.go)
		c.o.remove("appAccessPolicy", "", id)
	}
	appsRes.beforeStatus = func(c *call, _ string, cur Obj, status string) *apiError {
		if appIsBuiltIn(cur) {
			return appErrBuiltIn(cur, "deactivated or activated")
		}
		return nil
	}
	appsRes.filter = filterApps
	appsRes.links = appLinks
	register(module{
		name: "apps", phase: 40,
		routes: func(rt *router) {
			appsRes.install(rt)
			rt.handle("POST", "/api/v1/apps", scopeFor("apps", "POST"), appCreateHandler)
			rt.handle("PUT", "/api/v1/apps/{appId}", scopeFor("apps", "PUT"), appReplaceHandler)
			rt.handle("PUT", "/api/v1/apps/{appId}/policies/{policyId}", scopeFor("apps", "PUT"), appAssignPolicyHandler)
		},
		seed:     seedApps,
		sample:   sampleApps,
		generate: generateApps,
	})
}

// appErrBuiltIn refuses changes to first-party apps the way Okta refuses
// changes to other built-in objects (BUILT_IN groups): 403 E0000006. The
// exact answer real Okta gives is not recorded; 403 is in the spec's
// documented answers for replace, activate, deactivate and delete.
func appErrBuiltIn(o Obj, what string) *apiError {
	return newError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", str(o, "label")+" is an Okta first-party app and can't be "+what)
}

func prepareApp(c *call, _ string, body, cur Obj) *apiError {
	modeName := str(body, "signOnMode")
	mode, known := appModes[modeName]
	if !known {
		return errValidation("signOnMode", "signOnMode: '"+modeName+"' is not a valid value")
	}
	reqKid := str(body, "credentials.signing.kid")
	if cur != nil {
		if appIsBuiltIn(cur) {
			return appErrBuiltIn(cur, "modified")
		}
		if modeName != str(cur, "signOnMode") {
			return errValidation("signOnMode", "signOnMode: The sign-on mode of an existing app can't be changed")
		}
		body["id"] = cur["id"]
		body["name"] = cur["name"]
	} else {
		body["id"] = c.o.newID(appsRes.prefix)
	}
	if strings.TrimSpace(str(body, "label")) == "" {
		return errValidation("label", "label: The field cannot be left blank")
	}
	name := str(body, "name")
	var generated, custom bool
	switch {
	case cur != nil:
		generated = mode.generatedName && strings.HasPrefix(name, c.o.Sub+"_")
		custom = generated || slices.Contains(mode.templates, name)
	case name == "" && mode.generatedName:
		generated, custom = true, true
	case name == "":
		return errValidation("name", "name: The field cannot be left blank")
	case slices.Contains(appReservedNames, name):
		return errValidation("name", "name: "+name+" is an Okta first-party app and can't be created")
	case !appCatalogName.MatchString(name):
		return errValidation("name", "name: '"+name+"' is not a valid app name")
	case appTemplateMode(name) != "" && appTemplateMode(name) != modeName:
		return errValidation("name", "name: "+name+" apps use signOnMode "+appTemplateMode(name))
	default:
		// A template name is a custom app; any other name is taken as
		// an OIN catalog app, accepted with the common defaults.
		custom = slices.Contains(mode.templates, name)
	}
	if mode.defaults != nil {
		if err := mode.defaults(c, body, cur, custom); err != nil {
			return err
		}
	}
	if cur != nil && mode.signing == "app" && reqKid != "" && reqKid != str(cur, "credentials.signing.kid") {
		return errValidation("credentials.signing.kid",
			"credentials.signing.kid: No key with kid "+reqKid+" exists for this app")
	}
	if modeName == "OPENID_CONNECT" && at(body, "credentials.oauthClient") != nil {
		if cid := str(body, "credentials.oauthClient.client_id"); cur == nil && cid != "" {
			dup := c.o.find("apps", "", func(o Obj) bool { return str(o, "credentials.oauthClient.client_id") == cid })
			if dup != nil {
				return errValidation("client_id", "client_id: An object with this field already exists in the current organization")
			}
		}
		if cur == nil {
			setDefault(body, "credentials.oauthClient.client_id", str(body, "id"))
		}
		// The secret is never part of the stored body (appsSyncSecret).
		del(body, "credentials.oauthClient.client_secret")
	}
	if cur == nil && generated {
		name = appGeneratedName(c, str(body, "label"))
		body["name"] = name
	}
	appCommonDefaults(c, body, mode, generated)
	if cur == nil {
		body["orn"] = "orn:okta:idp:" + c.o.OrgID + ":apps:" + name + ":" + str(body, "id")
	}
	return nil
}

// appCreate is the POST path, shared with seeding and sample building:
// insert with defaults, then the client secret. It returns the secret the
// create response shows ("" for apps without one).
func appCreate(c *call, body Obj, q url.Values) (Obj, string, *apiError) {
	requested := str(body, "credentials.oauthClient.client_secret")
	obj, err := appsRes.insert(c, "", body, q)
	if err != nil {
		return nil, "", err
	}
	return obj, appsSyncSecret(c, obj, requested), nil
}

func appCreateHandler(c *call) reply {
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	obj, secret, err := appCreate(c, body, c.query())
	if err != nil {
		return fail(err)
	}
	out := appsRes.render(c, "", obj)
	if secret != "" {
		set(out, "credentials.oauthClient.client_secret", secret)
	}
	return ok(out)
}

// appReplaceHandler is PUT: a full replace. A request that carries
// credentials.oauthClient.client_secret gets the current secret back
// (a non-empty value sets it; "" keeps it), as the recordings show
// (TestAccResourceOktaAppOauth_omitSecretSafeEnable).
func appReplaceHandler(c *call) reply {
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	oc, _ := at(body, "credentials.oauthClient").(map[string]any)
	_, echo := oc["client_secret"]
	requested := str(body, "credentials.oauthClient.client_secret")
	obj, err := appsRes.replace(c, "", c.param("appId"), body)
	if err != nil {
		return fail(err)
	}
	secret := appsSyncSecret(c, obj, requested)
	out := appsRes.render(c, "", obj)
	if echo && secret != "" {
		set(out, "credentials.oauthClient.client_secret", secret)
	}
	return ok(out)
}

// appsSyncSecret keeps the app's client secret: a requested value is set,
// a confidential client without one gets a generated 64-character secret.
func appsSyncSecret(c *call, app Obj, requested string) string {
	if str(app, "signOnMode") != "OPENID_CONNECT" || !appNeedsSecret(app) {
		return ""
	}
	appID := str(app, "id")
	var cur Obj
	for _, s := range c.o.list("appClientSecrets", appID) {
		if str(s, "status") == "ACTIVE" {
			cur = s
			break
		}
	}
	now := c.o.timestamp()
	switch {
	case cur == nil:
		secret := requested
		if secret == "" {
			secret = c.o.secret(64)
		}
		id := c.o.newID("ocs")
		c.o.put("appClientSecrets", appID, id, Obj{
			"id": id, "created": now, "lastUpdated": now, "status": "ACTIVE",
			"client_secret": secret, "secret_hash": appSecretHash(secret),
		})
		return secret
	case requested != "" && requested != str(cur, "client_secret"):
		cur["client_secret"] = requested
		cur["secret_hash"] = appSecretHash(requested)
		cur["lastUpdated"] = now
	}
	return str(cur, "client_secret")
}

func appSecretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}

// appSystemAccessPolicy is the org's default authentication policy.
func appSystemAccessPolicy(c *call) Obj {
	return c.o.find("policies", "", func(o Obj) bool {
		return str(o, "type") == "ACCESS_POLICY" && boolAt(o, "system")
	})
}

// appAccessPolicyID is the app's authentication policy: its assignment,
// or the system ACCESS_POLICY when it has none or that policy is gone.
func appAccessPolicyID(c *call, appID string) string {
	if a := c.o.get("appAccessPolicy", "", appID); a != nil {
		if pid := str(a, "policyId"); c.o.get("policies", "", pid) != nil {
			return pid
		}
	}
	if p := appSystemAccessPolicy(c); p != nil {
		return str(p, "id")
	}
	return ""
}

// appAssignPolicy binds an app to an ACCESS_POLICY.
func appAssignPolicy(c *call, appID, policyID string) *apiError {
	app := c.o.get("apps", "", appID)
	if app == nil {
		return errNotFound(appID, appsRes.typeName)
	}
	pol := c.o.get("policies", "", policyID)
	if pol == nil {
		return errNotFound(policyID, "Policy")
	}
	if str(pol, "type") != "ACCESS_POLICY" {
		return errValidation("policyId", "policyId: Policy "+policyID+" is not an authentication policy (ACCESS_POLICY)")
	}
	c.o.put("appAccessPolicy", "", appID, Obj{"id": appID, "policyId": policyID})
	app["lastUpdated"] = c.o.timestamp()
	return nil
}

// appAssignPolicyHandler is PUT /api/v1/apps/{appId}/policies/{policyId}:
// 204, replacing any previous assignment (SPEC assignApplicationPolicy).
func appAssignPolicyHandler(c *call) reply {
	if err := appAssignPolicy(c, c.param("appId"), c.param("policyId")); err != nil {
		return fail(err)
	}
	return noContent()
}

// filterApps applies q (name or label prefix, case-insensitive) and
// filter (SPEC listApplications: id, status, name, credentials.signing.kid,
// settings.slo.enabled; plus group.id, apps assigned to a group).
func filterApps(c *call, _ string, items []Obj) ([]Obj, *apiError) {
	return filterList(c, items, []string{"name", "label"}, filterEq, func(o Obj) func(string) ([]string, bool) {
		return appFilterValues(c, o)
	})
}

// appFilterValues gives the values of the fields apps filter on.
func appFilterValues(c *call, o Obj) func(field string) ([]string, bool) {
	return func(field string) ([]string, bool) {
		switch field {
		case "group.id":
			// The groups the app is assigned to (that still exist).
			var ids []string
			for _, a := range c.o.list("appGroups", str(o, "id")) {
				if c.o.get("groups", "", str(a, "id")) != nil {
					ids = append(ids, str(a, "id"))
				}
			}
			return ids, true
		case "settings.slo.enabled":
			return []string{fmt.Sprint(boolAt(o, "settings.signOn.slo.enabled"))}, true
		case "id", "status", "name", "credentials.signing.kid", "signOnMode", "label":
			return []string{fmt.Sprint(at(o, field))}, true
		}
		return nil, false
	}
}

// appLinks renders the app's _links the way the recordings show them: no
// self link, lifecycle links without hints, policies with hints PUT,
// uploadLogo with hints POST, appLinks for every visible link, the access
// and profile-enrollment policies, SAML metadata/help, and the OIDC
// client credentials (secrets or jwks).
func appLinks(c *call, _ string, o Obj, l Obj) {
	id := str(o, "id")
	name := str(o, "name")
	self := c.base + "/api/v1/apps/" + id
	delete(l, "self")
	for _, k := range []string{"activate", "deactivate"} {
		if m, ok := l[k].(map[string]any); ok {
			delete(m, "hints")
		}
	}
	l["uploadLogo"] = Obj{"href": self + "/logo", "hints": Obj{"allow": []any{"POST"}}}
	l["policies"] = Obj{"href": self + "/policies", "hints": Obj{"allow": []any{"PUT"}}}
	l["groups"] = Obj{"href": self + "/groups"}
	l["users"] = Obj{"href": self + "/users"}
	l["logo"] = []any{Obj{"name": "medium", "href": c.base + "/assets/img/logos/default.png", "type": "image/png"}}

	links := []any{}
	vis, _ := at(o, "visibility.appLinks").(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(vis)) {
		if b, _ := vis[k].(bool); !b {
			continue
		}
		suffix := appTemplateLinkIDs[name]
		if suffix == "" {
			suffix = "aln" + id[3:]
		}
		links = append(links, Obj{"name": k, "href": c.base + "/home/" + name + "/" + id + "/" + suffix, "type": "text/html"})
	}
	l["appLinks"] = links

	if pid := appAccessPolicyID(c, id); pid != "" {
		l["accessPolicy"] = Obj{"href": c.base + "/api/v1/policies/" + pid}
	}
	if pe := c.o.find("policies", "", func(p Obj) bool {
		return str(p, "type") == "PROFILE_ENROLLMENT" && boolAt(p, "system")
	}); pe != nil {
		l["profileEnrollment"] = Obj{"href": c.base + "/api/v1/policies/" + str(pe, "id")}
	}
	switch str(o, "signOnMode") {
	case "SAML_2_0", "SAML_1_1":
		l["metadata"] = Obj{"href": self + "/sso/saml/metadata", "type": "application/xml"}
		l["help"] = Obj{"href": c.base + "/app/" + name + "/" + id + "/setup/help/" + str(o, "signOnMode") + "/instructions", "type": "text/html"}
	case "OPENID_CONNECT":
		if at(o, "credentials.oauthClient") == nil {
			break // first-party apps carry no client
		}
		switch {
		case appNeedsSecret(o):
			l["clientCredentials"] = []any{Obj{"name": "secrets", "href": self + "/credentials/secrets"}}
		case str(o, "credentials.oauthClient.token_endpoint_auth_method") == "private_key_jwt":
			l["clientCredentials"] = []any{Obj{"name": "jwks", "href": self + "/credentials/jwks"}}
		}
	}
}

// seedApps creates the first-party apps and binds each to the
// ACCESS_POLICY of the same name that the policies module seeds.
func seedApps(c *call) error {
	now := c.o.timestamp()
	for _, b := range appBuiltIns {
		id := c.o.newID(appsRes.prefix)
		c.o.put("apps", "", id, Obj{
			"id": id, "orn": "orn:okta:idp:" + c.o.OrgID + ":apps:" + b.name + ":" + id,
			"name": b.name, "label": b.label, "status": "ACTIVE", "created": now, "lastUpdated": now,
			"accessibility": Obj{"selfService": false, "errorRedirectUrl": nil, "loginRedirectUrl": nil},
			"visibility": Obj{"autoSubmitToolbar": false, "hide": Obj{"iOS": false, "web": false},
				"appLinks": cloneObj(b.links)},
			"features":   []any{},
			"signOnMode": "OPENID_CONNECT",
			"credentials": Obj{
				"userNameTemplate": Obj{"template": "${source.login}", "type": "BUILT_IN"},
				"signing":          Obj{"kid": appOrgKid(c)},
			},
			"universalLogout": Obj{"status": "UNSUPPORTED"},
			"settings": Obj{
				"app":                Obj{},
				"notifications":      Obj{"vpn": Obj{"network": Obj{"connection": "DISABLED"}, "message": nil, "helpUrl": nil}},
				"manualProvisioning": false,
				"implicitAssignment": false,
				"emOptInStatus":      b.emOptIn,
			},
		})
		// The policies module seeds these ACCESS_POLICYs (phase 30); an
		// org without them keeps the system policy.
		if p := appPolicyByName(c, b.label); p != nil {
			c.o.put("appAccessPolicy", "", id, Obj{"id": id, "policyId": str(p, "id")})
		}
	}
	return nil
}

func appPolicyByName(c *call, name string) Obj {
	return c.o.find("policies", "", func(o Obj) bool {
		return str(o, "type") == "ACCESS_POLICY" && str(o, "name") == name
	})
}

// appCustomAccessPolicies are the non-system ACCESS_POLICYs other than the
// first-party apps' own, sorted by name: what sample and generated apps
// are bound to.
func appCustomAccessPolicies(o *Org) []Obj {
	var out []Obj
	for _, p := range o.list("policies", "") {
		if str(p, "type") != "ACCESS_POLICY" || boolAt(p, "system") {
			continue
		}
		builtin := false
		for _, b := range appBuiltIns {
			if str(p, "name") == b.label {
				builtin = true
			}
		}
		if !builtin {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return str(out[i], "name") < str(out[j], "name") })
	return out
}

func appGroupByName(c *call, name string) Obj {
	return c.o.find("groups", "", func(o Obj) bool { return str(o, "profile.name") == name })
}

// appSampleOIDC builds an OIDC app body.
func appSampleOIDC(label, typ, method string, grants, redirects []string) Obj {
	body := Obj{
		"name": "oidc_client", "label": label, "signOnMode": "OPENID_CONNECT",
		"credentials": Obj{"oauthClient": Obj{"token_endpoint_auth_method": method}},
		"settings": Obj{"oauthClient": Obj{
			"application_type": typ,
			"grant_types":      anyStrings(grants),
			"redirect_uris":    anyStrings(redirects),
		}},
	}
	if typ != "service" {
		set(body, "settings.oauthClient.post_logout_redirect_uris", anyStrings(redirects[:1]))
	}
	return body
}

func appSampleSAML(label, acs, audience string) Obj {
	return Obj{
		"label": label, "signOnMode": "SAML_2_0",
		"settings": Obj{"signOn": Obj{
			"ssoAcsUrl": acs, "audience": audience,
			"subjectNameIdTemplate": "${user.userName}",
			"subjectNameIdFormat":   "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
			"attributeStatements": []any{
				Obj{"type": "EXPRESSION", "name": "email", "values": []any{"user.email"}},
				Obj{"type": "GROUP", "name": "groups", "filterType": "REGEX", "filterValue": ".*"},
			},
		}},
	}
}

func appSampleBookmark(label, link string) Obj {
	return Obj{"name": "bookmark", "label": label, "signOnMode": "BOOKMARK",
		"settings": Obj{"app": Obj{"url": link, "requestIntegration": false}}}
}

// sampleApps adds about ten apps, one or more of every signOnMode the
// sandbox models, with group assignments and two of them bound to a
// custom authentication policy.
func sampleApps(c *call) error {
	type sample struct {
		body   Obj
		groups []string
		// policy names a word to look for in the custom ACCESS_POLICYs;
		// without a match the app gets the first one by name.
		policy   string
		inactive bool
	}
	samples := []sample{
		{appSampleOIDC("Engineering Portal", "web", "client_secret_basic",
			[]string{"authorization_code", "refresh_token"}, []string{"https://portal.example.com/callback"}),
			[]string{"Engineering", "All Employees"}, "Engineering", false},
		{appSampleOIDC("Customer Portal", "browser", "none",
			[]string{"authorization_code"}, []string{"https://customers.example.com/login/callback"}),
			[]string{"Portal Users", "Sales", "Support"}, "Portal", false},
		{appSampleOIDC("Field Sales Mobile", "native", "none",
			[]string{"authorization_code", "refresh_token"}, []string{"com.example.sales:/callback"}),
			[]string{"Sales"}, "", false},
		{appSampleOIDC("Inventory Sync Service", "service", "client_secret_basic",
			[]string{"client_credentials"}, nil), nil, "", false},
		{appSampleSAML("Expense Reports", "https://expenses.example.com/saml/acs", "https://expenses.example.com"),
			[]string{"Finance", "All Employees"}, "", false},
		{appSampleBookmark("Employee Handbook", "https://handbook.example.com"), []string{"All Employees"}, "", false},
		{Obj{"name": "template_swa", "label": "Legacy Timesheets", "signOnMode": "BROWSER_PLUGIN",
			"settings": Obj{"app": Obj{"url": "https://timesheets.example.com/login", "usernameField": "#user",
				"passwordField": "#pass", "buttonField": "#signin"}}},
			[]string{"Contractors"}, "", false},
		{Obj{"name": "template_swa3field", "label": "Partner Extranet", "signOnMode": "BROWSER_PLUGIN",
			"settings": Obj{"app": Obj{"targetURL": "https://extranet.example.com/login", "userNameSelector": "#user",
				"passwordSelector": "#pass", "buttonSelector": "#go", "extraFieldSelector": "#company", "extraFieldValue": "Example"}}},
			[]string{"Sales"}, "", false},
		{Obj{"label": "Support Knowledge Base", "signOnMode": "AUTO_LOGIN",
			"settings": Obj{"signOn": Obj{"loginUrl": "https://kb.example.com/login", "redirectUrl": "https://kb.example.com"}}},
			[]string{"Support"}, "", false},
		{Obj{"name": "template_basic_auth", "label": "Build Server", "signOnMode": "BASIC_AUTH",
			"settings": Obj{"app": Obj{"url": "https://ci.example.com", "authURL": "https://ci.example.com/login"}}},
			[]string{"Engineering", "Engineering Managers"}, "", false},
		{appSampleBookmark("Old Intranet", "https://intranet-old.example.com"), nil, "", true},
	}
	policies := appCustomAccessPolicies(c.o)
	for _, s := range samples {
		q := url.Values{}
		if s.inactive {
			q.Set("activate", "false")
		}
		app, _, err := appCreate(c, s.body, q)
		if err != nil {
			return fmt.Errorf("%s: %v", str(s.body, "label"), err)
		}
		for i, g := range s.groups {
			grp := appGroupByName(c, g)
			if grp == nil {
				continue
			}
			p := i
			appGroupPut(c, str(app, "id"), str(grp, "id"), Obj{"priority": jsonInt(p), "profile": Obj{}})
		}
		if s.policy != "" && len(policies) > 0 {
			policy := policies[0]
			for _, p := range policies {
				if strings.Contains(str(p, "name"), s.policy) {
					policy = p
					break
				}
			}
			if err := appAssignPolicy(c, str(app, "id"), str(policy, "id")); err != nil {
				return err
			}
		}
	}
	return nil
}

// generateApps builds n apps for benchmarks: a mix of OIDC web, SPA and
// service apps, SAML apps and bookmarks, each assigned to one to three of
// the org's groups, and every fourth bound to a custom ACCESS_POLICY when
// there is one.
func generateApps(c *call, n int) error {
	groups := c.o.list("groups", "")
	policies := appCustomAccessPolicies(c.o)
	for i := 1; i <= n; i++ {
		label := fmt.Sprintf("gen-app-%05d", i)
		var body Obj
		switch i % 5 {
		case 0:
			body = appSampleOIDC(label, "web", "client_secret_basic", []string{"authorization_code"},
				[]string{fmt.Sprintf("https://app%05d.example.com/callback", i)})
		case 1:
			body = appSampleOIDC(label, "browser", "none", []string{"authorization_code"},
				[]string{fmt.Sprintf("https://spa%05d.example.com/callback", i)})
		case 2:
			body = appSampleOIDC(label, "service", "client_secret_basic", []string{"client_credentials"}, nil)
		case 3:
			body = appSampleSAML(label, fmt.Sprintf("https://saml%05d.example.com/acs", i), fmt.Sprintf("https://saml%05d.example.com", i))
		default:
			body = appSampleBookmark(label, fmt.Sprintf("https://bookmark%05d.example.com", i))
		}
		app, _, err := appCreate(c, body, nil)
		if err != nil {
			return fmt.Errorf("%s: %v", label, err)
		}
		if len(groups) > 0 {
			k := 1 + i%3
			if k > len(groups) {
				k = len(groups)
			}
			start := (i * 7) % len(groups)
			for j := 0; j < k; j++ {
				g := groups[(start+j)%len(groups)]
				appGroupPut(c, str(app, "id"), str(g, "id"), Obj{"priority": jsonInt(j), "profile": Obj{}})
			}
		}
		if len(policies) > 0 && i%4 == 0 {
			if err := appAssignPolicy(c, str(app, "id"), str(policies[i%len(policies)], "id")); err != nil {
				return err
			}
		}
	}
	return nil
}
