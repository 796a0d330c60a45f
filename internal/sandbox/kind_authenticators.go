package sandbox

import (
	"net/http"
	"slices"
	"sort"
	"strings"
)

// Authenticators (api-facts §1.8), Identity Engine. Every org has the
// built-in authenticators; admins change their settings (PUT) and switch
// them on and off (lifecycle), and may add the kinds that can repeat
// (custom_app, custom_otp, external_idp) or the singletons an org has not
// added yet. There is no DELETE endpoint: the router answers 405 E0000022.
// The list is not paged and comes back sorted by name
// (VCR TestAccDataSourceOktaAuthenticator_read).
var authenticatorsRes = &resource{
	name: "authenticators", typeName: "Authenticator", prefix: "aut", area: "authenticators",
	coll: "/api/v1/authenticators", idParam: "authenticatorId",
	noDelete: true,
	life:     lifecycle{enabled: true, activateParam: true, reply: replyObject},
	fields: []field{
		{path: "key", typ: tString},
		{path: "name", typ: tString, required: true},
		{path: "type", typ: tString},
		{path: "settings", typ: tObject},
		{path: "provider", typ: tObject},
		{path: "provider.type", typ: tString},
		{path: "provider.configuration", typ: tObject},
		{path: "agreeToTerms", typ: tBool},
	},
}

// authenticatorTypes maps each key to the type Okta reports for it
// (recordings and SPEC examples). singleton keys exist at most once.
var authenticatorTypes = map[string]struct {
	typ       string
	singleton bool
}{
	"okta_email":        {"email", true},
	"okta_password":     {"password", true},
	"okta_verify":       {"app", true},
	"google_otp":        {"app", true},
	"phone_number":      {"phone", true},
	"security_question": {"security_question", true},
	"webauthn":          {"security_key", true},
	"onprem_mfa":        {"security_key", true},
	"yubikey_token":     {"security_key", true},
	"symantec_vip":      {"app", true},
	"duo":               {"app", true},
	"smart_card_idp":    {"federated", true},
	"custom_app":        {"app", false},
	"custom_otp":        {"security_key", false},
	"external_idp":      {"federated", false},
}

// authenticatorAllowedFor is the enum of settings.allowedFor (SPEC
// AuthenticatorKeyEmail_allOf_settings).
var authenticatorAllowedFor = []string{"any", "none", "recovery", "sso"}

func init() {
	authenticatorsRes.prepare = prepareAuthenticator
	authenticatorsRes.beforeStatus = authenticatorBeforeStatus
	authenticatorsRes.links = authenticatorLinks
	authenticatorsRes.filter = func(_ *call, _ string, items []Obj) ([]Obj, *apiError) {
		sort.SliceStable(items, func(i, j int) bool { return str(items[i], "name") < str(items[j], "name") })
		return items, nil
	}
	register(module{
		name: "authenticators", phase: 10,
		routes: func(rt *router) { authenticatorsRes.install(rt) },
		seed:   seedAuthenticators,
		sample: sampleAuthenticators,
	})
}

func authenticatorByKey(c *call, key string) Obj {
	return c.o.find("authenticators", "", func(o Obj) bool { return str(o, "key") == key })
}

func prepareAuthenticator(c *call, _ string, body, cur Obj) *apiError {
	key := str(body, "key")
	if cur != nil {
		if key != "" && key != str(cur, "key") {
			return errValidation("key", "key: The key of an authenticator can't be changed")
		}
		key = str(cur, "key")
		body["key"] = key
	}
	if key == "" {
		return errValidation("key", "key: The field cannot be left blank")
	}
	kt, known := authenticatorTypes[key]
	if !known {
		return errValidation("key", "key: '"+key+"' is not a supported authenticator key")
	}
	if t := str(body, "type"); t != "" && t != kt.typ {
		return errValidation("type", "type: The type of a "+key+" authenticator is "+kt.typ)
	}
	body["type"] = kt.typ
	if strings.TrimSpace(str(body, "name")) == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	if cur == nil && kt.singleton && authenticatorByKey(c, key) != nil {
		return errValidation("key", "key: An authenticator with key "+key+" already exists in this organization")
	}
	// settings and provider the client left out are the stored ones: the
	// Admin Console and TF always send them, and Okta does not reset them.
	if cur != nil {
		for _, k := range []string{"settings", "provider"} {
			if _, has := body[k]; !has && cur[k] != nil {
				body[k] = clone(cur[k])
			}
		}
	}
	// Creating a custom_app authenticator needs the admin's consent to
	// Okta's terms (SPEC AuthenticatorKeyCustomApp.agreeToTerms); the
	// flag is not stored.
	if key == "custom_app" && cur == nil && !boolAt(body, "agreeToTerms") {
		return errValidation("agreeToTerms", "agreeToTerms: You must agree to the terms to create a custom_app authenticator")
	}
	delete(body, "agreeToTerms")
	if err := authenticatorSettings(c, key, body, cur); err != nil {
		return err
	}
	return nil
}

// authenticatorSettings validates and completes the key-specific settings
// and provider, with the server-owned values real responses carry.
func authenticatorSettings(c *call, key string, body, cur Obj) *apiError {
	enum := func(path string, allowed ...string) *apiError {
		v := at(body, path)
		if v == nil {
			return nil
		}
		s, ok := v.(string)
		if !ok {
			return errMalformed()
		}
		if !slices.Contains(allowed, s) {
			return errValidation(path, path+": '"+s+"' is not one of "+strings.Join(allowed, ", "))
		}
		return nil
	}
	var errs []*apiError
	switch key {
	case "okta_email":
		setDefault(body, "settings.allowedFor", "recovery")
		setDefault(body, "settings.tokenLifetimeInMinutes", jsonInt(5))
		errs = append(errs, enum("settings.allowedFor", authenticatorAllowedFor...))
		if n, ok := intAt(body, "settings.tokenLifetimeInMinutes"); !ok || n < 1 || n > 1440 {
			errs = append(errs, errValidation("settings.tokenLifetimeInMinutes",
				"settings.tokenLifetimeInMinutes: must be a number of minutes between 1 and 1440"))
		}
	case "phone_number", "security_question":
		setDefault(body, "settings.allowedFor", "none")
		errs = append(errs, enum("settings.allowedFor", authenticatorAllowedFor...))
	case "google_otp":
		setDefault(body, "settings", Obj{})
	case "okta_verify":
		setDefault(body, "settings.compliance.fips", "OPTIONAL")
		setDefault(body, "settings.channelBinding.style", "NUMBER_CHALLENGE")
		setDefault(body, "settings.channelBinding.required", "NEVER")
		setDefault(body, "settings.userVerification", "PREFERRED")
		setDefault(body, "settings.enrollmentSecurityLevel", "ANY")
		setDefault(body, "settings.userVerificationMethods", []any{"BIOMETRICS", "PIN"})
		set(body, "settings.appInstanceId", "") // server-owned: the Okta Verify app
		errs = append(errs,
			enum("settings.compliance.fips", "OPTIONAL", "REQUIRED"),
			enum("settings.channelBinding.style", "NUMBER_CHALLENGE"),
			enum("settings.channelBinding.required", "ALWAYS", "HIGH_RISK_ONLY", "NEVER"),
			enum("settings.userVerification", "DISCOURAGED", "PREFERRED", "REQUIRED"),
			enum("settings.enrollmentSecurityLevel", "ANY", "HIGH"))
		if _, ok := at(body, "settings.userVerificationMethods").([]any); !ok {
			return errMalformed()
		}
		for _, m := range stringsAt(body, "settings.userVerificationMethods") {
			if m != "BIOMETRICS" && m != "PIN" {
				errs = append(errs, errValidation("settings.userVerificationMethods",
					"settings.userVerificationMethods: '"+m+"' is not one of BIOMETRICS, PIN"))
			}
		}
	case "custom_app":
		app := str(body, "settings.appInstanceId")
		if app == "" {
			return errValidation("settings.appInstanceId", "settings.appInstanceId: The field cannot be left blank")
		}
		if c.o.get("apps", "", app) == nil {
			return errValidation("settings.appInstanceId", "settings.appInstanceId: Application "+app+" does not exist")
		}
		setDefault(body, "settings.userVerification", "PREFERRED")
		errs = append(errs, enum("settings.userVerification", "PREFERRED", "REQUIRED"),
			enum("provider.type", "PUSH"))
		set(body, "settings.oauthClientId", app) // server-owned (VCR custom_app_crud)
	case "external_idp":
		idp := str(body, "provider.configuration.idpId")
		if idp == "" {
			return errValidation("provider.configuration.idpId", "provider.configuration.idpId: The field cannot be left blank")
		}
		if c.o.get("idps", "", idp) == nil {
			return errValidation("provider.configuration.idpId", "provider.configuration.idpId: Identity provider "+idp+" does not exist")
		}
		setDefault(body, "provider.type", "CLAIMS")
	case "duo":
		if at(body, "provider.configuration") == nil {
			return errValidation("provider", "provider: The field cannot be left blank")
		}
		setDefault(body, "provider.type", "DUO")
		setDefault(body, "settings", Obj{})
		// The integration and secret keys are write-only (SPEC
		// AuthenticatorResponseDuo returns host and userNameTemplate).
		del(body, "provider.configuration.secretKey")
		del(body, "provider.configuration.integrationKey")
	case "onprem_mfa":
		if at(body, "provider.configuration") == nil {
			return errValidation("provider", "provider: The field cannot be left blank")
		}
		setDefault(body, "provider.type", "DEL_OATH")
		del(body, "provider.configuration.sharedSecret")
	}
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// authenticatorBeforeStatus refuses the deactivations real Okta refuses:
// an authenticator that is already INACTIVE or can't be switched off (the
// password) gets 400 E0000001 (VCR TestAccResourceOktaAuthenticator_crud,
// …_issue_1367_simple), and one an enrollment policy still offers gets 403
// E0000148 naming the policies (VCR …_OTP_crud, …_OktaVerifyCRUD).
func authenticatorBeforeStatus(c *call, _ string, cur Obj, status string) *apiError {
	if status != "INACTIVE" {
		return nil
	}
	if str(cur, "status") == "INACTIVE" || str(cur, "key") == "okta_password" {
		return errValidation("api.authenticator.error.unsupported.active.deactivate")
	}
	if names := authenticatorEnrollPolicies(c, cur); len(names) > 0 {
		summary := "Cannot modify/disable this authenticator because it is enabled in one or more policies. " +
			"To continue, disable the authenticator in these policies."
		if str(cur, "key") == "okta_verify" {
			summary += ` Additionally, if disabling Okta Verify when Fastpass is active, the "Device state" must not be set to "registered" in app assurance policies.`
		}
		return newError(http.StatusForbidden, "E0000148", summary, "Authenticator Enrollment Policies: "+strings.Join(names, ", "))
	}
	return nil
}

// authenticatorEnrollPolicies names the MFA_ENROLL policies that offer the
// authenticator (enroll.self REQUIRED or OPTIONAL). An entry with an id
// names one authenticator; an entry without names every one of its key.
func authenticatorEnrollPolicies(c *call, a Obj) []string {
	var names []string
	for _, p := range c.o.list("policies", "") {
		if str(p, "type") != "MFA_ENROLL" {
			continue
		}
		entries, _ := at(p, "settings.authenticators").([]any)
		for _, e := range entries {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			self := str(m, "enroll.self")
			if self != "REQUIRED" && self != "OPTIONAL" {
				continue
			}
			if id := str(m, "id"); id != "" && id != str(a, "id") {
				continue
			}
			if str(m, "key") != str(a, "key") && str(m, "id") != str(a, "id") {
				continue
			}
			names = append(names, str(p, "name"))
			break
		}
	}
	return names
}

func authenticatorLinks(c *call, _ string, o Obj, l Obj) {
	self := c.base + "/api/v1/authenticators/" + str(o, "id")
	l["methods"] = Obj{"href": self + "/methods", "hints": Obj{"allow": []any{"GET"}}}
	switch str(o, "key") {
	case "okta_password":
		// The password can't be switched off: no lifecycle links (VCR).
		delete(l, "activate")
		delete(l, "deactivate")
	case "okta_verify", "custom_app":
		l["enroll"] = Obj{"href": c.base + "/idp/authenticators", "hints": Obj{"allow": []any{"POST"}}}
	}
}

// seedAuthenticators creates the built-ins of a new Identity Engine org,
// with the settings and statuses the recordings show for untouched ones.
func seedAuthenticators(c *call) error {
	for _, a := range []Obj{
		{"key": "okta_email", "name": "Email", "settings": Obj{"allowedFor": "recovery", "tokenLifetimeInMinutes": jsonInt(5)}},
		{"key": "okta_password", "name": "Password"},
		{"key": "okta_verify", "name": "Okta Verify"},
		{"key": "phone_number", "name": "Phone", "status": "INACTIVE", "settings": Obj{"allowedFor": "any"}},
		{"key": "security_question", "name": "Security Question", "settings": Obj{"allowedFor": "recovery"}},
		{"key": "webauthn", "name": "Security Key or Biometric", "status": "INACTIVE"},
		{"key": "google_otp", "name": "Google Authenticator", "status": "INACTIVE", "settings": Obj{}},
	} {
		if _, err := authenticatorsRes.insert(c, "", a, nil); err != nil {
			return err
		}
	}
	return nil
}

// sampleAuthenticators customises a few built-ins the way an admin would:
// it never creates or removes one.
func sampleAuthenticators(c *call) error {
	update := func(key string, mutate func(o Obj)) error {
		cur := authenticatorByKey(c, key)
		if cur == nil {
			return nil
		}
		body := cloneObj(cur)
		mutate(body)
		if _, err := authenticatorsRes.replace(c, "", str(cur, "id"), body); err != nil {
			return err
		}
		return nil
	}
	activate := func(key string) error {
		if cur := authenticatorByKey(c, key); cur != nil {
			if _, err := authenticatorsRes.setStatus(c, "", str(cur, "id"), "ACTIVE"); err != nil {
				return err
			}
		}
		return nil
	}
	steps := []func() error{
		func() error {
			return update("okta_email", func(o Obj) {
				set(o, "settings.allowedFor", "any")
				set(o, "settings.tokenLifetimeInMinutes", jsonInt(10))
			})
		},
		func() error {
			return update("okta_verify", func(o Obj) {
				set(o, "settings.channelBinding.required", "ALWAYS")
				set(o, "settings.userVerification", "REQUIRED")
				set(o, "settings.userVerificationMethods", []any{"BIOMETRICS"})
			})
		},
		func() error { return update("phone_number", func(o Obj) { set(o, "settings.allowedFor", "recovery") }) },
		func() error { return activate("phone_number") },
		func() error { return activate("webauthn") },
		func() error { return activate("google_otp") },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}
