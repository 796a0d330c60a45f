package apps

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Applications (api-facts §1.2). The body is polymorphic on signOnMode;
// the server fills in the defaults the recordings show (defaults*.go),
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
var appsRes = &engine.Resource{
	Name: engine.TableApps, TypeName: "AppInstance", Prefix: "0oa", Area: "apps",
	Events: &engine.Events{Type: "AppInstance", Create: "application.lifecycle.create", Update: "application.lifecycle.update", Delete: "application.lifecycle.delete", Activate: "application.lifecycle.activate", Deactivate: "application.lifecycle.deactivate"},
	Coll:   "/api/v1/apps", IDParam: "appId",
	// SPEC listApplications: limit default -1 (everything), max 200.
	Page: engine.PageSpec{Max: 200, Cursor: true},
	// POST and PUT are hand-written: the client secret is in their answers.
	NoCreate: true, NoUpdate: true,
	Life: engine.Lifecycle{Enabled: true, ActivateParam: true, Reply: engine.ReplyEmptyObject},
	Fields: []engine.Field{
		{Path: "label", Type: engine.TString, Required: true},
		{Path: "signOnMode", Type: engine.TString, Required: true, Enum: appModeNames()},
		{Path: "name", Type: engine.TString},
		{Path: "accessibility", Type: engine.TObject},
		{Path: "visibility", Type: engine.TObject},
		{Path: "visibility.hide", Type: engine.TObject},
		{Path: "visibility.appLinks", Type: engine.TObject},
		{Path: "credentials", Type: engine.TObject},
		{Path: "credentials.userNameTemplate", Type: engine.TObject},
		{Path: "credentials.oauthClient", Type: engine.TObject},
		{Path: "credentials.oauthClient.client_id", Type: engine.TString},
		{Path: "credentials.oauthClient.client_secret", Type: engine.TString},
		{Path: "credentials.signing", Type: engine.TObject},
		{Path: "settings", Type: engine.TObject},
		{Path: "settings.app", Type: engine.TObject},
		{Path: "settings.notes", Type: engine.TObject},
		{Path: "settings.notifications", Type: engine.TObject},
		{Path: "settings.signOn", Type: engine.TObject},
		{Path: "settings.oauthClient", Type: engine.TObject},
		{Path: "settings.oauthClient.application_type", Type: engine.TString},
		{Path: "settings.oauthClient.redirect_uris", Type: engine.TArray},
		{Path: "settings.oauthClient.grant_types", Type: engine.TArray},
		{Path: "settings.oauthClient.response_types", Type: engine.TArray},
		{Path: "settings.oauthClient.jwks", Type: engine.TObject},
		{Path: "settings.oauthClient.jwks.keys", Type: engine.TArray},
		{Path: "profile", Type: engine.TObject},
	},
	ReadOnly: []string{"orn", "features", "universalLogout", "settings.emOptInStatus",
		"credentials.signing.lastRotated", "credentials.signing.nextRotation"},
	// name is immutable (SPEC replaceApplication), client_id too (SPEC
	// ApplicationCredentialsOAuthClient). The signing kid is chosen by
	// prepareApp: one of the app's keys (appkeys.go).
	Keep: []string{"name", "orn", "features", "universalLogout", "settings.emOptInStatus",
		"credentials.oauthClient.client_id"},
	System: IsBuiltIn,
}

// appReservedNames can't be used to create apps: they are first-party.
var appReservedNames = []string{"saasure", "okta_enduser", "okta_browser_plugin", "okta_account_settings", "okta_flow_sso"}

// IsBuiltIn reports whether an app is one of Okta's first-party apps
// (saasure, okta_enduser, okta_browser_plugin), which every org has.
func IsBuiltIn(o engine.Obj) bool {
	n := engine.Str(o, "name")
	for _, b := range appBuiltIns {
		if b.name == n {
			return true
		}
	}
	return false
}

func init() {
	appsRes.Prepare = prepareApp
	appsRes.AfterCreate = func(c *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		if p := appSystemAccessPolicy(c); p != nil {
			c.Org.Put(engine.TableAppAccessPolicy, "", engine.Str(obj, "id"), engine.Obj{"id": engine.Str(obj, "id"), "policyId": engine.Str(p, "id")})
		}
		return nil
	}
	appsRes.BeforeDelete = func(c *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		if engine.Str(cur, "status") == "ACTIVE" {
			// Okta's documented answer (API reference, "Delete Application").
			return engine.NewError(http.StatusForbidden, "E0000056", "Delete application forbidden.", "The application must be deactivated before deletion.")
		}
		return nil
	}
	appsRes.AfterDelete = func(c *engine.Call, _ string, cur engine.Obj) {
		id := engine.Str(cur, "id")
		c.Org.DropTable("appGroups", id)
		c.Org.DropTable("appClientSecrets", id)
		c.Org.DropTable(tableAppKeys, id)
		c.Org.DropTable(tableAppCSRs, id)
		c.Org.Remove(tableAppLogos, "", id)
		c.Org.Remove(tableAppIDToken, "", id)
		appDropUsers(c, id)
		c.Org.DropTable(engine.TableAppGrants, id) // scope consent grants (appgrants.go)
		c.Org.Remove(engine.TableAppAccessPolicy, "", id)
	}
	appsRes.BeforeStatus = func(c *engine.Call, _ string, cur engine.Obj, status string) *engine.APIError {
		if IsBuiltIn(cur) {
			return appErrBuiltIn(cur, "deactivated or activated")
		}
		return nil
	}
	appsRes.Filter = filterApps
	appsRes.Links = appLinks
	appsRes.Decorate = samlInlineHookLinks
	engine.Register(engine.Module{
		Name: "apps", Phase: 40,
		Routes: func(rt *engine.Router) {
			appsRes.Install(rt)
			rt.Handle("POST", "/api/v1/apps", engine.ScopeFor("apps", "POST"), appCreateHandler)
			rt.Handle("PUT", "/api/v1/apps/{appId}", engine.ScopeFor("apps", "PUT"), appReplaceHandler)
			rt.Handle("PUT", "/api/v1/apps/{appId}/policies/{policyId}", engine.ScopeFor("apps", "PUT"), appAssignPolicyHandler)
		},
		Seed:     seedApps,
		Sample:   sampleApps,
		Generate: generateApps,
	})
}

// appErrBuiltIn refuses changes to first-party apps the way Okta refuses
// changes to other built-in objects (BUILT_IN groups): 403 E0000006. The
// exact answer real Okta gives is not recorded; 403 is in the spec's
// documented answers for replace, activate, deactivate and delete.
func appErrBuiltIn(o engine.Obj, what string) *engine.APIError {
	return engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", engine.Str(o, "label")+" is an Okta first-party app and can't be "+what)
}

func prepareApp(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	catalogName := engine.Str(body, "name")
	if cur != nil {
		catalogName = engine.Str(cur, "name")
	}
	body["signOnMode"] = catalogMode(catalogName, engine.Str(body, "signOnMode"))
	modeName := engine.Str(body, "signOnMode")
	mode, known := appModes[modeName]
	if !known {
		return engine.ErrValidation("signOnMode", "signOnMode: '"+modeName+"' is not a valid value")
	}
	reqKid := engine.Str(body, "credentials.signing.kid")
	if cur != nil {
		if IsBuiltIn(cur) {
			return appErrBuiltIn(cur, "modified")
		}
		if modeName != engine.Str(cur, "signOnMode") {
			return engine.ErrValidation("signOnMode", "signOnMode: The sign-on mode of an existing app can't be changed")
		}
		body["id"] = cur["id"]
		body["name"] = cur["name"]
	} else {
		body["id"] = c.Org.NewID(appsRes.Prefix)
	}
	if strings.TrimSpace(engine.Str(body, "label")) == "" {
		return engine.ErrValidation("label", "label: The field cannot be left blank")
	}
	name := engine.Str(body, "name")
	if lower := strings.ToLower(name); cur == nil && lower != name && appCatalogName.MatchString(lower) {
		// Catalog keys are lower case; Okta takes "Deel" for deel
		// (TestAccResourceOktaAppOauth_preconfigured#1).
		name = lower
		body["name"] = name
	}
	var generated, custom bool
	switch {
	case cur != nil:
		generated = mode.generatedName && strings.HasPrefix(name, c.Org.Sub+"_")
		custom = generated || slices.Contains(mode.templates, name)
	case name == "" && mode.generatedName:
		generated, custom = true, true
	case name == "":
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	case slices.Contains(appReservedNames, name):
		return engine.ErrValidation("name", "name: "+name+" is an Okta first-party app and can't be created")
	case !appCatalogName.MatchString(name):
		return engine.ErrValidation("name", "name: '"+name+"' is not a valid app name")
	case appTemplateMode(name) != "" && appTemplateMode(name) != modeName:
		return engine.ErrValidation("name", "name: "+name+" apps use signOnMode "+appTemplateMode(name))
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
	// An app that signs with a key of its own keeps its kid unless the
	// request names another of its keys (appkeys.go).
	switch {
	case cur == nil || mode.signing != "app":
		engine.Del(body, "credentials.signing.kid")
	case reqKid == "" || reqKid == engine.Str(cur, "credentials.signing.kid"):
		engine.Set(body, "credentials.signing.kid", engine.Str(cur, "credentials.signing.kid"))
	case c.Org.Get(tableAppKeys, engine.Str(cur, "id"), reqKid) == nil:
		return engine.ErrValidation("credentials.signing.kid",
			"credentials.signing.kid: No key with kid "+reqKid+" exists for this app")
	}
	if modeName == "OPENID_CONNECT" && engine.At(body, "credentials.oauthClient") != nil {
		if cid := engine.Str(body, "credentials.oauthClient.client_id"); cur == nil && cid != "" {
			dup := c.Org.Find(engine.TableApps, "", func(o engine.Obj) bool { return engine.Str(o, "credentials.oauthClient.client_id") == cid })
			if dup != nil {
				return engine.ErrValidation("client_id", "client_id: An object with this field already exists in the current organization")
			}
		}
		if cur == nil {
			engine.SetDefault(body, "credentials.oauthClient.client_id", engine.Str(body, "id"))
		}
		// The secret is never part of the stored body (appsSyncSecret).
		engine.Del(body, "credentials.oauthClient.client_secret")
	}
	if cur == nil && generated {
		name = appGeneratedName(c, engine.Str(body, "label"))
		body["name"] = name
	}
	appCommonDefaults(c, body, mode, generated)
	if !custom {
		if err := catalogDefaults(body); err != nil {
			return err
		}
	}
	if cur != nil && generated && modeName == "AUTO_LOGIN" && engine.Str(cur, "status") != "ACTIVE" {
		// A custom AUTO_LOGIN app is its own app definition, which Okta
		// won't change while no instance of it is active
		// (TestAccResourceOktaAppAutoLoginApplication_crud#5).
		return engine.NewError(http.StatusBadRequest, "E0000024", "Bad request. This operation on app metadata is not yet supported.",
			"This operation on app metadata is not yet supported: No active instances.")
	}
	if cur == nil {
		body["orn"] = "orn:okta:idp:" + c.Org.OrgID + ":apps:" + name + ":" + engine.Str(body, "id")
	}
	return nil
}

// appCreate is the POST path, shared with seeding and sample building:
// insert with defaults, then the client secret. It returns the secret the
// create response shows ("" for apps without one).
func appCreate(c *engine.Call, body engine.Obj, q url.Values) (engine.Obj, string, *engine.APIError) {
	requested := engine.Str(body, "credentials.oauthClient.client_secret")
	obj, err := appsRes.Insert(c, "", body, q)
	if err != nil {
		return nil, "", err
	}
	return obj, appsSyncSecret(c, obj, requested), nil
}

func appCreateHandler(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, secret, err := appCreate(c, body, c.Query())
	if err != nil {
		return engine.Fail(err)
	}
	out := appsRes.Render(c, "", obj)
	if secret != "" {
		engine.Set(out, "credentials.oauthClient.client_secret", secret)
	}
	return engine.OK(out)
}

// appReplaceHandler is PUT: a full replace. A request that carries
// credentials.oauthClient.client_secret gets the current secret back
// (a non-empty value sets it; "" keeps it), as the recordings show
// (TestAccResourceOktaAppOauth_omitSecretSafeEnable).
func appReplaceHandler(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	oc, _ := engine.At(body, "credentials.oauthClient").(map[string]any)
	_, echo := oc["client_secret"]
	requested := engine.Str(body, "credentials.oauthClient.client_secret")
	obj, err := appsRes.Replace(c, "", c.Param("appId"), body)
	if err != nil {
		return engine.Fail(err)
	}
	secret := appsSyncSecret(c, obj, requested)
	out := appsRes.Render(c, "", obj)
	if echo && secret != "" {
		engine.Set(out, "credentials.oauthClient.client_secret", secret)
	}
	return engine.OK(out)
}

// appsSyncSecret keeps the app's client secret: a requested value is set,
// a confidential client without one gets a generated 64-character secret.
func appsSyncSecret(c *engine.Call, app engine.Obj, requested string) string {
	if engine.Str(app, "signOnMode") != "OPENID_CONNECT" || !appNeedsSecret(app) {
		return ""
	}
	appID := engine.Str(app, "id")
	var cur engine.Obj
	for _, s := range c.Org.List("appClientSecrets", appID) {
		if engine.Str(s, "status") == "ACTIVE" {
			cur = s
			break
		}
	}
	now := c.Org.Timestamp()
	switch {
	case cur == nil:
		secret := requested
		if secret == "" {
			secret = c.Org.Secret(64)
		}
		id := c.Org.NewID("ocs")
		c.Org.Put("appClientSecrets", appID, id, engine.Obj{
			"id": id, "created": now, "lastUpdated": now, "status": "ACTIVE",
			"client_secret": secret, "secret_hash": appSecretHash(secret),
		})
		return secret
	case requested != "" && requested != engine.Str(cur, "client_secret"):
		cur["client_secret"] = requested
		cur["secret_hash"] = appSecretHash(requested)
		cur["lastUpdated"] = now
	}
	return engine.Str(cur, "client_secret")
}

func appSecretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}

// filterApps applies q (name or label prefix, case-insensitive) and
// filter (SPEC listApplications: id, status, name, credentials.signing.kid,
// settings.slo.enabled; plus group.id, apps assigned to a group).
func filterApps(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
	return engine.FilterList(c, items, []string{"name", "label"}, engine.FilterEq, func(o engine.Obj) func(string) ([]string, bool) {
		return appFilterValues(c, o)
	})
}

// appFilterValues gives the values of the fields apps filter on.
func appFilterValues(c *engine.Call, o engine.Obj) func(field string) ([]string, bool) {
	return func(field string) ([]string, bool) {
		switch field {
		case "group.id":
			// The groups the app is assigned to (that still exist).
			var ids []string
			for _, a := range c.Org.List("appGroups", engine.Str(o, "id")) {
				if c.Org.Get(engine.TableGroups, "", engine.Str(a, "id")) != nil {
					ids = append(ids, engine.Str(a, "id"))
				}
			}
			return ids, true
		case "settings.slo.enabled":
			return []string{fmt.Sprint(engine.BoolAt(o, "settings.signOn.slo.enabled"))}, true
		case "id", "status", "name", "credentials.signing.kid", "signOnMode", "label":
			return []string{fmt.Sprint(engine.At(o, field))}, true
		}
		return nil, false
	}
}

// appLinks renders the app's _links the way the recordings show them: no
// self link, lifecycle links without hints, policies with hints PUT,
// uploadLogo with hints POST, appLinks for every visible link, the access
// and profile-enrollment policies, SAML metadata/help, and the OIDC
// client credentials (secrets or jwks).
func appLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	id := engine.Str(o, "id")
	name := engine.Str(o, "name")
	self := c.Base + "/api/v1/apps/" + id
	delete(l, "self")
	for _, k := range []string{"activate", "deactivate"} {
		if m, ok := l[k].(map[string]any); ok {
			delete(m, "hints")
		}
	}
	l["uploadLogo"] = engine.Obj{"href": self + "/logo", "hints": engine.Obj{"allow": []any{"POST"}}}
	l["policies"] = engine.Obj{"href": self + "/policies", "hints": engine.Obj{"allow": []any{"PUT"}}}
	l["groups"] = engine.Obj{"href": self + "/groups"}
	l["users"] = engine.Obj{"href": self + "/users"}
	l["logo"] = appLogoLinks(c, id)

	links := []any{}
	vis, _ := engine.At(o, "visibility.appLinks").(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(vis)) {
		if b, _ := vis[k].(bool); !b {
			continue
		}
		suffix := appTemplateLinkIDs[name]
		if suffix == "" {
			suffix = "aln" + id[3:]
		}
		links = append(links, engine.Obj{"name": k, "href": c.Base + "/home/" + name + "/" + id + "/" + suffix, "type": "text/html"})
	}
	l["appLinks"] = links

	if pid := appAccessPolicyID(c, id); pid != "" {
		l["accessPolicy"] = engine.Obj{"href": c.Base + "/api/v1/policies/" + pid}
	}
	if pid := appProfileEnrollmentID(c, id); pid != "" {
		l["profileEnrollment"] = engine.Obj{"href": c.Base + "/api/v1/policies/" + pid}
	}
	switch engine.Str(o, "signOnMode") {
	case "SAML_2_0", "SAML_1_1":
		l["metadata"] = engine.Obj{"href": self + "/sso/saml/metadata", "type": "application/xml"}
		l["help"] = engine.Obj{"href": c.Base + "/app/" + name + "/" + id + "/setup/help/" + engine.Str(o, "signOnMode") + "/instructions", "type": "text/html"}
	case "OPENID_CONNECT":
		if IsBuiltIn(o) {
			break // first-party apps carry no client
		}
		if engine.At(o, "credentials.oauthClient") == nil {
			// An OIN OIDC app: Okta keeps its client (recorded strongdm,
			// deel: secrets link, external help document).
			l["clientCredentials"] = []any{engine.Obj{"name": "secrets", "href": self + "/credentials/secrets"}}
			l["help"] = engine.Obj{"href": c.Base + "/app/" + name + "/" + id + "/setup/help/OPENID_CONNECT/external-doc", "type": "text/html"}
			break
		}
		switch {
		case appNeedsSecret(o):
			l["clientCredentials"] = []any{engine.Obj{"name": "secrets", "href": self + "/credentials/secrets"}}
		case engine.Str(o, "credentials.oauthClient.token_endpoint_auth_method") == "private_key_jwt":
			l["clientCredentials"] = []any{engine.Obj{"name": "jwks", "href": self + "/credentials/jwks"}}
		}
	}
}
