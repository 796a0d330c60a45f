package authservers

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Authorization server claims (api-facts §1.4). Unlike most kinds, a
// claim's `status` is an ordinary field: it is set by POST and PUT and
// there are no lifecycle endpoints (VCR TestAccResourceOktaAuthServerClaim_create
// PUTs status INACTIVE and gets it back), so create and replace are served
// by hand around the engine. No paging. Claims carry no created/lastUpdated;
// the server fills in `conditions.scopes: []`, `system: false` and
// `apiResourceId: null`. `conditions.scopes` are scope names of the same
// server; (name, claimType) is unique. System claims (the OIDC claims every
// server has) can't be deleted, renamed or retyped.
var authServerClaimsRes = &engine.Resource{
	Name: "authServerClaims", TypeName: "OAuth2Claim", Prefix: "ocl", Area: "authorizationServers",
	Events: &engine.Events{Type: "OAuth2Claim", Create: "oauth2.claim.created", Update: "oauth2.claim.updated", Delete: "oauth2.claim.deleted"},
	Coll:   "/api/v1/authorizationServers/{authServerId}/claims", IDParam: "claimId",
	ParentParam: "authServerId", Parent: authServersRes,
	CreateStatus: http.StatusCreated,
	NoCreate:     true, // POST and PUT: authServerClaimCreate / authServerClaimReplace
	NoUpdate:     true,
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "claimType", Type: engine.TString, Required: true, Enum: []string{"RESOURCE", "IDENTITY"}},
		{Path: "valueType", Type: engine.TString, Required: true, Enum: []string{"EXPRESSION", "GROUPS", "SYSTEM"}},
		{Path: "value", Type: engine.TString},
		{Path: "conditions", Type: engine.TObject},
		{Path: "conditions.scopes", Type: engine.TArray},
		{Path: "alwaysIncludeInToken", Type: engine.TBool},
		{Path: "group_filter_type", Type: engine.TString, Enum: []string{"STARTS_WITH", "EQUALS", "CONTAINS", "REGEX"}},
	},
	ReadOnly: []string{"system", "apiResourceId"},
	Keep:     []string{"system", "apiResourceId"},
	System:   func(o engine.Obj) bool { return engine.BoolAt(o, "system") },
}

type authServerSystemClaim struct {
	name, claimType, valueType, value string
	scopes                            []string
	always                            bool
}

// authServerSystemClaims are the claims every server is created with, in
// the order Okta lists them (VCR TestAccDataSourceOktaAuthServerClaim_read).
var authServerSystemClaims = []authServerSystemClaim{
	{"middle_name", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"zoneinfo", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"website", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"updated_at", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"profile", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"preferred_username", "IDENTITY", "SYSTEM", "", []string{"profile"}, true},
	{"picture", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"phone_number", "IDENTITY", "SYSTEM", "", []string{"phone"}, false},
	{"nickname", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"name", "IDENTITY", "SYSTEM", "", []string{"profile"}, true},
	{"sub", "RESOURCE", "EXPRESSION", "(appuser != null) ? appuser.userName : app.clientId", nil, true},
	{"locale", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"given_name", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"gender", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"family_name", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"email_verified", "IDENTITY", "SYSTEM", "", []string{"email"}, false},
	{"email", "IDENTITY", "SYSTEM", "", []string{"email"}, true},
	{"birthdate", "IDENTITY", "SYSTEM", "", []string{"profile"}, false},
	{"address", "IDENTITY", "SYSTEM", "", []string{"address"}, false},
}

func init() {
	authServerClaimsRes.Prepare = prepareAuthServerClaim
	authServerClaimsRes.Links = func(c *engine.Call, asID string, o engine.Obj, l engine.Obj) {
		l["self"] = authServerLink(authServerURL(c, asID)+"/claims/"+engine.Str(o, "id"), "GET", "PUT", "DELETE")
	}
	authServerClaimsRes.AfterCreate = func(c *engine.Call, _ string, o engine.Obj) *engine.APIError {
		delete(o, "created")
		delete(o, "lastUpdated")
		return nil
	}
}

// installAuthServerClaims registers list/get/delete through the engine and
// create/replace by hand.
func installAuthServerClaims(rt *engine.Router) {
	res := authServerClaimsRes
	fix := authServerFixUntimed(res)
	authServerInstall(rt, res, fix)
	rt.Handle("POST", res.Coll, engine.ScopeFor(res.Area, "POST"), authServerWrap(authServerClaimCreate, fix))
	rt.Handle("PUT", res.ItemPattern(), engine.ScopeFor(res.Area, "PUT"), authServerWrap(authServerClaimReplace, fix))
}

// authServerClaimStatus reads the requested status, def when absent.
func authServerClaimStatus(body engine.Obj, def string) (string, *engine.APIError) {
	v, ok := body["status"]
	if !ok || v == nil {
		return def, nil
	}
	s, isStr := v.(string)
	if !isStr {
		return "", engine.ErrMalformed()
	}
	if s != "ACTIVE" && s != "INACTIVE" {
		return "", engine.ErrValidation("status", "status: '"+s+"' is not a valid value; allowed: [ACTIVE INACTIVE]")
	}
	return s, nil
}

func authServerClaimCreate(c *engine.Call) engine.Reply {
	res := authServerClaimsRes
	asID := c.Param("authServerId")
	if err := res.CheckParent(c, asID); err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	status, err := authServerClaimStatus(body, "ACTIVE")
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := res.Insert(c, asID, body, nil)
	if err != nil {
		return engine.Fail(err)
	}
	obj["status"] = status
	return engine.Reply{Status: http.StatusCreated, Body: res.Render(c, asID, obj)}
}

func authServerClaimReplace(c *engine.Call) engine.Reply {
	res := authServerClaimsRes
	asID, id := c.Param("authServerId"), c.Param("claimId")
	cur, err := res.Lookup(c, asID, id)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	status, err := authServerClaimStatus(body, engine.Str(cur, "status"))
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := res.Replace(c, asID, id, body)
	if err != nil {
		return engine.Fail(err)
	}
	obj["status"] = status
	return engine.OK(res.Render(c, asID, obj))
}

func prepareAuthServerClaim(c *engine.Call, asID string, body, cur engine.Obj) *engine.APIError {
	name := engine.Str(body, "name")
	if strings.TrimSpace(name) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	claimType, valueType := engine.Str(body, "claimType"), engine.Str(body, "valueType")
	sys := cur != nil && engine.BoolAt(cur, "system")
	if sys {
		for _, f := range []string{"name", "claimType", "valueType"} {
			if engine.Str(body, f) != engine.Str(cur, f) {
				return engine.ErrValidation(f, f+": The "+f+" of a system claim can't be changed")
			}
		}
	}
	if valueType == "SYSTEM" && !sys && c.Request() != nil {
		return engine.ErrValidation("valueType", "valueType: SYSTEM is reserved for system claims")
	}
	switch valueType {
	case "EXPRESSION", "GROUPS":
		if strings.TrimSpace(engine.Str(body, "value")) == "" {
			return engine.ErrValidation("value", "value: The field cannot be left blank")
		}
	case "SYSTEM":
		delete(body, "value")
	}
	if valueType == "GROUPS" {
		if engine.Str(body, "group_filter_type") == "" {
			return engine.ErrValidation("group_filter_type", "group_filter_type: The field cannot be left blank for a GROUPS claim")
		}
	} else {
		delete(body, "group_filter_type")
	}
	dup := c.Org.Find("authServerClaims", asID, func(o engine.Obj) bool {
		return engine.Str(o, "name") == name && engine.Str(o, "claimType") == claimType && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id"))
	})
	if dup != nil {
		return engine.ErrValidation("name", "name: A claim with this name and claimType already exists in the authorization server")
	}
	if engine.At(body, "conditions.scopes") == nil {
		engine.Set(body, "conditions.scopes", []any{})
	}
	for _, s := range engine.At(body, "conditions.scopes").([]any) {
		name, ok := s.(string)
		if !ok {
			return engine.ErrMalformed()
		}
		if c.Org.Find("authServerScopes", asID, func(o engine.Obj) bool { return engine.Str(o, "name") == name }) == nil {
			return engine.ErrValidation("conditions.scopes", "conditions.scopes: Scope "+name+" does not exist in the authorization server")
		}
	}
	engine.SetDefault(body, "alwaysIncludeInToken", claimType == "RESOURCE")
	if cur == nil {
		body["status"] = "ACTIVE" // the POST handler applies a requested status
		body["system"] = false
		body["apiResourceId"] = nil
	} else {
		// A null the generic replace would drop (it keeps only set
		// values); recorded PUT answers still show it.
		body["apiResourceId"] = cur["apiResourceId"]
	}
	return nil
}
