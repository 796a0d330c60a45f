package sandbox

import (
	"net/http"
	"strings"
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
var authServerClaimsRes = &resource{
	name: "authServerClaims", typeName: "OAuth2Claim", prefix: "ocl", area: "authorizationServers",
	coll: "/api/v1/authorizationServers/{authServerId}/claims", idParam: "claimId",
	parentParam: "authServerId", parent: authServersRes,
	createStatus: http.StatusCreated,
	noCreate:     true, // POST and PUT: authServerClaimCreate / authServerClaimReplace
	noUpdate:     true,
	fields: []field{
		{path: "name", typ: tString, required: true},
		{path: "claimType", typ: tString, required: true, enum: []string{"RESOURCE", "IDENTITY"}},
		{path: "valueType", typ: tString, required: true, enum: []string{"EXPRESSION", "GROUPS", "SYSTEM"}},
		{path: "value", typ: tString},
		{path: "conditions", typ: tObject},
		{path: "conditions.scopes", typ: tArray},
		{path: "alwaysIncludeInToken", typ: tBool},
		{path: "group_filter_type", typ: tString, enum: []string{"STARTS_WITH", "EQUALS", "CONTAINS", "REGEX"}},
	},
	readOnly: []string{"system", "apiResourceId"},
	keep:     []string{"system", "apiResourceId"},
	system:   func(o Obj) bool { return boolAt(o, "system") },
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
	authServerClaimsRes.prepare = prepareAuthServerClaim
	authServerClaimsRes.links = func(c *call, asID string, o Obj, l Obj) {
		l["self"] = authServerLink(authServerURL(c, asID)+"/claims/"+str(o, "id"), "GET", "PUT", "DELETE")
	}
	authServerClaimsRes.afterCreate = func(c *call, _ string, o Obj) *apiError {
		delete(o, "created")
		delete(o, "lastUpdated")
		return nil
	}
}

// installAuthServerClaims registers list/get/delete through the engine and
// create/replace by hand.
func installAuthServerClaims(rt *router) {
	res := authServerClaimsRes
	fix := authServerFixUntimed(res)
	authServerInstall(rt, res, fix)
	rt.handle("POST", res.coll, scopeFor(res.area, "POST"), authServerWrap(authServerClaimCreate, fix))
	rt.handle("PUT", res.itemPattern(), scopeFor(res.area, "PUT"), authServerWrap(authServerClaimReplace, fix))
}

// authServerClaimStatus reads the requested status, def when absent.
func authServerClaimStatus(body Obj, def string) (string, *apiError) {
	v, ok := body["status"]
	if !ok || v == nil {
		return def, nil
	}
	s, isStr := v.(string)
	if !isStr {
		return "", errMalformed()
	}
	if s != "ACTIVE" && s != "INACTIVE" {
		return "", errValidation("status", "status: '"+s+"' is not a valid value; allowed: [ACTIVE INACTIVE]")
	}
	return s, nil
}

func authServerClaimCreate(c *call) reply {
	res := authServerClaimsRes
	asID := c.param("authServerId")
	if err := res.checkParent(c, asID); err != nil {
		return fail(err)
	}
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	status, err := authServerClaimStatus(body, "ACTIVE")
	if err != nil {
		return fail(err)
	}
	obj, err := res.insert(c, asID, body, nil)
	if err != nil {
		return fail(err)
	}
	obj["status"] = status
	return reply{status: http.StatusCreated, body: res.render(c, asID, obj)}
}

func authServerClaimReplace(c *call) reply {
	res := authServerClaimsRes
	asID, id := c.param("authServerId"), c.param("claimId")
	cur, err := res.lookup(c, asID, id)
	if err != nil {
		return fail(err)
	}
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	status, err := authServerClaimStatus(body, str(cur, "status"))
	if err != nil {
		return fail(err)
	}
	obj, err := res.replace(c, asID, id, body)
	if err != nil {
		return fail(err)
	}
	obj["status"] = status
	return ok(res.render(c, asID, obj))
}

func prepareAuthServerClaim(c *call, asID string, body, cur Obj) *apiError {
	name := str(body, "name")
	if strings.TrimSpace(name) == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	claimType, valueType := str(body, "claimType"), str(body, "valueType")
	sys := cur != nil && boolAt(cur, "system")
	if sys {
		for _, f := range []string{"name", "claimType", "valueType"} {
			if str(body, f) != str(cur, f) {
				return errValidation(f, f+": The "+f+" of a system claim can't be changed")
			}
		}
	}
	if valueType == "SYSTEM" && !sys && c.request() != nil {
		return errValidation("valueType", "valueType: SYSTEM is reserved for system claims")
	}
	switch valueType {
	case "EXPRESSION", "GROUPS":
		if strings.TrimSpace(str(body, "value")) == "" {
			return errValidation("value", "value: The field cannot be left blank")
		}
	case "SYSTEM":
		delete(body, "value")
	}
	if valueType == "GROUPS" {
		if str(body, "group_filter_type") == "" {
			return errValidation("group_filter_type", "group_filter_type: The field cannot be left blank for a GROUPS claim")
		}
	} else {
		delete(body, "group_filter_type")
	}
	dup := c.o.find("authServerClaims", asID, func(o Obj) bool {
		return str(o, "name") == name && str(o, "claimType") == claimType && (cur == nil || str(o, "id") != str(cur, "id"))
	})
	if dup != nil {
		return errValidation("name", "name: A claim with this name and claimType already exists in the authorization server")
	}
	if at(body, "conditions.scopes") == nil {
		set(body, "conditions.scopes", []any{})
	}
	for _, s := range at(body, "conditions.scopes").([]any) {
		name, ok := s.(string)
		if !ok {
			return errMalformed()
		}
		if c.o.find("authServerScopes", asID, func(o Obj) bool { return str(o, "name") == name }) == nil {
			return errValidation("conditions.scopes", "conditions.scopes: Scope "+name+" does not exist in the authorization server")
		}
	}
	setDefault(body, "alwaysIncludeInToken", claimType == "RESOURCE")
	if cur == nil {
		body["status"] = "ACTIVE" // the POST handler applies a requested status
		body["system"] = false
		body["apiResourceId"] = nil
	}
	return nil
}
