package directory

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// userEmailPattern is the shape Okta's `email` format accepts.
var userEmailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

// userHashAlgorithms are SPEC PasswordCredentialHashAlgorithm.
var userHashAlgorithms = []string{"BCRYPT", "SHA-512", "SHA-256", "SHA-1", "MD5", "PBKDF2"}

// userAlwaysInProfile are the properties every user's profile shows, null
// when unset (all recorded user bodies).
var userAlwaysInProfile = []string{"mobilePhone", "secondEmail"}

func createUserHandler(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	u, err := createUser(c, body, c.Query())
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(userRender(c, u))
}

// createUser is POST /api/v1/users, shared with sample building.
func createUser(c *engine.Call, body engine.Obj, q url.Values) (engine.Obj, *engine.APIError) {
	profile, ok := body["profile"].(map[string]any)
	if !ok {
		return nil, engine.ErrValidation("profile", "profile: The field cannot be left blank")
	}
	typeID, err := userTypeFor(c, body, "")
	if err != nil {
		return nil, err
	}
	prof, err := userProfile(c, typeID, profile, "newUser")
	if err != nil {
		return nil, err
	}
	if err := userLoginFree(c, engine.Str(prof, "login"), ""); err != nil {
		return nil, err
	}
	realm, err := userRealmFor(c, body)
	if err != nil {
		return nil, err
	}
	groups, err := userGroupIDs(c, body)
	if err != nil {
		return nil, err
	}
	activate := q.Get("activate") != "false"
	federated := q.Get("provider") == "true"
	expire := q.Get("nextLogin") == "changePassword"
	id := c.Org.NewID(usersRes.Prefix)
	creds, hasPassword, secret, err := userCredentials(id, body, nil, federated)
	if err != nil {
		return nil, err
	}
	if expire && !hasPassword {
		return nil, engine.NewError(http.StatusBadRequest, "E0000124", "To create a user and expire password immediately, a password must be specified")
	}
	if expire && !activate {
		return nil, engine.NewError(http.StatusBadRequest, "E0000125", "To create a user and expire password immediately, activate must be true")
	}
	status := userProvisioned
	switch {
	case !activate:
		status = userStaged
	case expire:
		status = userPasswordExpired
	case hasPassword || federated:
		status = userActive
	}
	now := c.Org.Timestamp()
	u := engine.Obj{
		"id": id, "status": status, "created": now, "activated": nil, "statusChanged": nil,
		"lastLogin": nil, "lastUpdated": now, "passwordChanged": nil,
		"realmId": realm, "type": engine.Obj{"id": typeID}, "profile": prof, "credentials": creds,
	}
	if status != userStaged {
		u["activated"], u["statusChanged"] = now, now
	}
	if hasPassword {
		u["passwordChanged"] = now
	}
	c.Org.Put(engine.TableUsers, "", id, u)
	userIndexLogin(c, id, "", engine.Str(prof, "login"))
	if secret != nil {
		c.Org.Put(tableUserSecrets, "", id, secret)
	}
	userJoinDefaultGroups(c, id)
	for _, g := range groups {
		groupAddMember(c, g, id)
	}
	return u, nil
}

// updateUserHandler is PUT (replace) and POST (partial update) of a user.
// Both change only what the body carries: a PUT with only credentials
// keeps the profile (TestAccResourceOktaUser_updateCredentials#6); a PUT
// profile replaces the whole profile, a POST profile merges into it (null
// removes a property).
func updateUserHandler(c *engine.Call, replace bool) engine.Reply {
	u, err := userLookup(c, c.Param("userId"))
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(u, "id")
	typeID, err := userTypeFor(c, body, engine.Str(u, "type.id"))
	if err != nil {
		return engine.Fail(err)
	}
	prof, _ := u["profile"].(map[string]any)
	if p, ok := body["profile"].(map[string]any); ok {
		if !replace {
			merged := engine.CloneObj(prof)
			for k, v := range p {
				merged[k] = v
			}
			p = merged
		}
		if prof, err = userProfile(c, typeID, p, "user"); err != nil {
			return engine.Fail(err)
		}
		if err := userLoginFree(c, engine.Str(prof, "login"), id); err != nil {
			return engine.Fail(err)
		}
	} else if _, sent := body["profile"]; sent && body["profile"] != nil {
		return engine.Fail(engine.ErrMalformed())
	}
	realm := u["realmId"]
	if _, sent := body["realmId"]; sent {
		if realm, err = userRealmFor(c, body); err != nil {
			return engine.Fail(err)
		}
	}
	creds, hasPassword, secret, err := userCredentials(id, body, u, false)
	if err != nil {
		return engine.Fail(err)
	}
	now := c.Org.Timestamp()
	oldLogin := engine.Str(u, "profile.login")
	u["profile"] = prof
	u["type"] = engine.Obj{"id": typeID}
	u["realmId"] = realm
	u["credentials"] = creds
	if secret != nil {
		if prev := c.Org.Get(tableUserSecrets, "", id); prev != nil {
			for k, v := range prev {
				if _, set := secret[k]; !set {
					secret[k] = v
				}
			}
		}
		c.Org.Put(tableUserSecrets, "", id, secret)
		if hasPassword && engine.At(body, "credentials.password") != nil {
			u["passwordChanged"] = now
		}
	}
	u["lastUpdated"] = now
	userIndexLogin(c, id, oldLogin, engine.Str(prof, "login"))
	return engine.OK(userRender(c, u))
}

// userTypeFor resolves the body's type.id (the current type, or the
// default type, when it names none).
func userTypeFor(c *engine.Call, body engine.Obj, current string) (string, *engine.APIError) {
	id := engine.Str(body, "type.id")
	if id == "" {
		if current != "" {
			return current, nil
		}
		if t := userTypeDefault(c); t != nil {
			return engine.Str(t, "id"), nil
		}
		return "", nil
	}
	if c.Org.Get(engine.TableUserTypes, "", id) == nil {
		return "", engine.ErrValidation("type", "type.id: User type "+id+" does not exist")
	}
	return id, nil
}

// userSchemaProps returns the properties (base and custom) of the user
// type's schema and the ones it requires.
func userSchemaProps(c *engine.Call, typeID string) (map[string]any, []string) {
	props := map[string]any{}
	var required []string
	defs := engine.Obj{"base": userSchemaBase()}
	if s := c.Org.Get("schemas", "", userSchemaIDForType(typeID)); s != nil {
		if d, ok := s["definitions"].(map[string]any); ok {
			defs = d
		}
	}
	for _, part := range []string{"base", "custom"} {
		pp, _ := engine.At(defs, part+".properties").(map[string]any)
		for k, v := range pp {
			props[k] = v
		}
		required = append(required, engine.StringsAt(defs, part+".required")...)
	}
	return props, required
}

// userProfile validates a profile against the user type's schema and
// returns it as Okta stores it: nulls dropped, mobilePhone and secondEmail
// always present. what names the object in the error summary ("newUser"
// on create, as recorded in TestAccResourceOktaUser_invalidCustomProfileAttribute).
func userProfile(c *engine.Call, typeID string, in engine.Obj, what string) (engine.Obj, *engine.APIError) {
	props, required := userSchemaProps(c, typeID)
	out := engine.Obj{}
	var unknown []string
	for k, v := range in {
		if _, ok := props[k]; !ok {
			unknown = append(unknown, k)
			continue
		}
		if v != nil {
			out[k] = engine.Clone(v)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		causes := make([]string, len(unknown))
		for i, k := range unknown {
			causes[i] = "Property name '" + k + "' is not defined in profile"
		}
		return nil, engine.ErrValidation(what, causes...)
	}
	var missing []string
	for _, k := range required {
		if s, isStr := out[k].(string); out[k] == nil || (isStr && strings.TrimSpace(s) == "") {
			missing = append(missing, k+": The field cannot be left blank")
		}
	}
	if len(missing) > 0 {
		return nil, engine.ErrValidation(strings.SplitN(missing[0], ":", 2)[0], missing...)
	}
	for _, k := range []string{"email", "secondEmail"} {
		if s, ok := out[k].(string); ok && !userEmailPattern.MatchString(s) {
			return nil, engine.ErrValidation(k, k+": Does not match required pattern")
		}
	}
	for _, k := range userAlwaysInProfile {
		if _, ok := out[k]; !ok {
			out[k] = nil
		}
	}
	return out, nil
}

// userLoginFree refuses a login another user has (case-insensitive).
func userLoginFree(c *engine.Call, login, self string) *engine.APIError {
	ix := c.Org.Get(tableUserLogins, "", strings.ToLower(login))
	if ix != nil && engine.Str(ix, "userId") != self {
		return engine.ErrValidation("login", "login: An object with this field already exists in the current organization")
	}
	return nil
}

// userIndexLogin keeps the login index in step with a user's login.
func userIndexLogin(c *engine.Call, id, oldLogin, newLogin string) {
	if oldLogin != "" && !strings.EqualFold(oldLogin, newLogin) {
		c.Org.Remove(tableUserLogins, "", strings.ToLower(oldLogin))
	}
	if newLogin != "" {
		k := strings.ToLower(newLogin)
		c.Org.Put(tableUserLogins, "", k, engine.Obj{"id": k, "userId": id})
	}
}

// userRealmFor is the body's realmId, which must name a realm, or the
// org's default realm.
func userRealmFor(c *engine.Call, body engine.Obj) (any, *engine.APIError) {
	id := engine.Str(body, "realmId")
	if id == "" {
		if r := defaultRealm(c); r != nil {
			return engine.Str(r, "id"), nil
		}
		return nil, nil
	}
	if c.Org.Get(tableRealms, "", id) == nil {
		return nil, engine.ErrValidation("realmId", "realmId: Realm "+id+" does not exist")
	}
	return id, nil
}

// userGroupIDs are the groups a new user joins (SPEC CreateUserRequest
// groupIds): each must exist and be an OKTA_GROUP.
func userGroupIDs(c *engine.Call, body engine.Obj) ([]string, *engine.APIError) {
	if body["groupIds"] != nil && !engine.TArray.Matches(body["groupIds"]) {
		return nil, engine.ErrMalformed()
	}
	ids := engine.StringsAt(body, "groupIds")
	for _, g := range ids {
		grp := c.Org.Get(engine.TableGroups, "", g)
		if grp == nil {
			return nil, engine.ErrValidation("groupIds", "groupIds: Group "+g+" does not exist")
		}
		if engine.Str(grp, "type") != "OKTA_GROUP" {
			return nil, engine.ErrValidation("groupIds", "groupIds: Users can't be added to the "+engine.Str(grp, "profile.name")+" group")
		}
	}
	return slices.Compact(ids), nil
}

// userCredentials reads the body's credentials (a password value, hash or
// hook, a recovery question, a federated provider) into the shape Okta
// shows: password {} when the user has one, the recovery question
// without its answer, the provider. The secrets go into the returned
// userSecrets row (nil when the body sets none). cur is the stored user
// on update.
func userCredentials(id string, body, cur engine.Obj, federated bool) (engine.Obj, bool, engine.Obj, *engine.APIError) {
	creds := engine.Obj{"provider": engine.Obj{"type": "OKTA", "name": "OKTA"}}
	hasPassword := false
	if cur != nil {
		if cc, ok := cur["credentials"].(map[string]any); ok {
			creds = engine.CloneObj(cc)
		}
		hasPassword = creds["password"] != nil
	}
	in, _ := body["credentials"].(map[string]any)
	if in == nil {
		if body["credentials"] != nil {
			return nil, false, nil, engine.ErrMalformed()
		}
		return creds, hasPassword, nil, nil
	}
	var secret engine.Obj
	setSecret := func(k, v string) {
		if secret == nil {
			secret = engine.Obj{"id": id}
		}
		secret[k] = userSecretHash(id, v)
	}
	pw, _ := in["password"].(map[string]any)
	switch {
	case pw == nil:
	case engine.Str(pw, "value") != "":
		setSecret("password", engine.Str(pw, "value"))
		creds["password"] = engine.Obj{}
		creds["provider"] = engine.Obj{"type": "OKTA", "name": "OKTA"}
		hasPassword = true
	case pw["hash"] != nil:
		alg := engine.Str(pw, "hash.algorithm")
		if !slices.Contains(userHashAlgorithms, alg) {
			return nil, false, nil, engine.ErrValidation("password", "password.hash.algorithm: '"+alg+"' is not a valid value")
		}
		if engine.Str(pw, "hash.value") == "" {
			return nil, false, nil, engine.ErrValidation("password", "password.hash.value: The field cannot be left blank")
		}
		setSecret("passwordHash", engine.Str(pw, "hash.value"))
		creds["password"] = engine.Obj{}
		creds["provider"] = engine.Obj{"type": "IMPORT", "name": "IMPORT"}
		hasPassword = true
	case pw["hook"] != nil:
		creds["password"] = engine.Obj{}
		creds["provider"] = engine.Obj{"type": "IMPORT", "name": "IMPORT"}
		hasPassword = true
	}
	if rq, ok := in["recovery_question"].(map[string]any); ok {
		q, a := engine.Str(rq, "question"), engine.Str(rq, "answer")
		if q == "" || a == "" {
			return nil, false, nil, engine.ErrValidation("recovery_question", "recovery_question: A question and an answer are required")
		}
		setSecret("answer", a)
		creds["recovery_question"] = engine.Obj{"question": q}
	}
	if federated {
		t := engine.Str(in, "provider.type")
		if t != "FEDERATION" && t != "SOCIAL" {
			return nil, false, nil, engine.ErrValidation("provider", "credentials.provider.type: A user created with provider=true needs FEDERATION or SOCIAL")
		}
		creds["provider"] = engine.Obj{"type": t, "name": engine.Str(in, "provider.name")}
		if t == "FEDERATION" && engine.Str(in, "provider.name") == "" {
			creds["provider"].(engine.Obj)["name"] = "FEDERATION"
		}
	}
	return creds, hasPassword, secret, nil
}

// userSecretHash is how a secret is kept: salted with the user id, so
// that equal passwords don't show as equal hashes.
func userSecretHash(id, value string) string {
	sum := sha256.Sum256([]byte(id + ":" + value))
	return hex.EncodeToString(sum[:])
}

// userCheckSecret reports whether value is the user's stored secret k.
func userCheckSecret(c *engine.Call, id, k, value string) bool {
	s := c.Org.Get(tableUserSecrets, "", id)
	return s != nil && value != "" && engine.Str(s, k) == userSecretHash(id, value)
}

// userSetSecret stores one secret of a user.
func userSetSecret(c *engine.Call, id, k, value string) {
	s := c.Org.Get(tableUserSecrets, "", id)
	if s == nil {
		s = engine.Obj{"id": id}
		c.Org.Put(tableUserSecrets, "", id, s)
	}
	s[k] = userSecretHash(id, value)
}
