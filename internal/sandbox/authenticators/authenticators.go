package authenticators

import (
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Authenticators (api-facts §1.8), Identity Engine. Every org has the
// built-in authenticators; admins change their settings (PUT) and switch
// them on and off (lifecycle), and may add the kinds that can repeat
// (custom_app, custom_otp, external_idp) or the singletons an org has not
// added yet. There is no DELETE endpoint: the router answers 405 E0000022.
// The list is not paged and comes back sorted by name
// (VCR TestAccDataSourceOktaAuthenticator_read).
var authenticatorsRes = &engine.Resource{
	Name: engine.TableAuthenticators, TypeName: "Authenticator", Prefix: "aut", Area: "authenticators",
	Events: &engine.Events{Type: "Authenticator", Create: "security.authenticator.lifecycle.create", Update: "security.authenticator.lifecycle.update", Activate: "security.authenticator.lifecycle.activate", Deactivate: "security.authenticator.lifecycle.deactivate"},
	Coll:   "/api/v1/authenticators", IDParam: "authenticatorId",
	NoDelete: true,
	Life:     engine.Lifecycle{Enabled: true, ActivateParam: true, Reply: engine.ReplyObject},
	Fields: []engine.Field{
		{Path: "key", Type: engine.TString},
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "type", Type: engine.TString},
		{Path: "settings", Type: engine.TObject},
		{Path: "provider", Type: engine.TObject},
		{Path: "provider.type", Type: engine.TString},
		{Path: "provider.configuration", Type: engine.TObject},
		{Path: "agreeToTerms", Type: engine.TBool},
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
	"rsa_token":         {"security_key", true},
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
	authenticatorsRes.Prepare = prepareAuthenticator
	authenticatorsRes.BeforeStatus = authenticatorBeforeStatus
	authenticatorsRes.Links = authenticatorLinks
	authenticatorsRes.AfterCreate = addAuthenticatorMethods
	authenticatorsRes.Filter = func(_ *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
		sort.SliceStable(items, func(i, j int) bool { return engine.Str(items[i], "name") < engine.Str(items[j], "name") })
		return items, nil
	}
	engine.Register(engine.Module{
		Name: "authenticators", Phase: 10,
		Routes: func(rt *engine.Router) { authenticatorsRes.Install(rt) },
		Seed:   seedAuthenticators,
		Sample: sampleAuthenticators,
	})
}

func authenticatorByKey(c *engine.Call, key string) engine.Obj {
	return c.Org.Find(engine.TableAuthenticators, "", func(o engine.Obj) bool { return engine.Str(o, "key") == key })
}

func prepareAuthenticator(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	key := engine.Str(body, "key")
	if cur != nil {
		if key != "" && key != engine.Str(cur, "key") {
			return engine.ErrValidation("key", "key: The key of an authenticator can't be changed")
		}
		key = engine.Str(cur, "key")
		body["key"] = key
	}
	if key == "" {
		return engine.ErrValidation("key", "key: The field cannot be left blank")
	}
	kt, known := authenticatorTypes[key]
	if !known {
		return engine.ErrValidation("key", "key: '"+key+"' is not a supported authenticator key")
	}
	if t := engine.Str(body, "type"); t != "" && t != kt.typ {
		return engine.ErrValidation("type", "type: The type of a "+key+" authenticator is "+kt.typ)
	}
	body["type"] = kt.typ
	if strings.TrimSpace(engine.Str(body, "name")) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if cur == nil && kt.singleton && authenticatorByKey(c, key) != nil {
		return engine.ErrValidation("key", "key: An authenticator with key "+key+" already exists in this organization")
	}
	// settings and provider the client left out are the stored ones: the
	// Admin Console and TF always send them, and Okta does not reset them.
	if cur != nil {
		for _, k := range []string{"settings", "provider"} {
			if _, has := body[k]; !has && cur[k] != nil {
				body[k] = engine.Clone(cur[k])
			}
		}
	}
	// Creating a custom_app authenticator needs the admin's consent to
	// Okta's terms (SPEC AuthenticatorKeyCustomApp.agreeToTerms); the
	// flag is not stored.
	if key == "custom_app" && cur == nil && !engine.BoolAt(body, "agreeToTerms") {
		return engine.ErrValidation("agreeToTerms", "agreeToTerms: You must agree to the terms to create a custom_app authenticator")
	}
	delete(body, "agreeToTerms")
	if err := authenticatorSettings(c, key, body, cur); err != nil {
		return err
	}
	return nil
}

// authenticatorSettings validates and completes the key-specific settings
// and provider, with the server-owned values real responses carry.
func authenticatorSettings(c *engine.Call, key string, body, cur engine.Obj) *engine.APIError {
	enum := func(path string, allowed ...string) *engine.APIError {
		v := engine.At(body, path)
		if v == nil {
			return nil
		}
		s, ok := v.(string)
		if !ok {
			return engine.ErrMalformed()
		}
		if !slices.Contains(allowed, s) {
			return engine.ErrValidation(path, path+": '"+s+"' is not one of "+strings.Join(allowed, ", "))
		}
		return nil
	}
	var errs []*engine.APIError
	switch key {
	case "okta_email":
		engine.SetDefault(body, "settings.allowedFor", "recovery")
		engine.SetDefault(body, "settings.tokenLifetimeInMinutes", engine.JSONInt(5))
		errs = append(errs, enum("settings.allowedFor", authenticatorAllowedFor...))
		if n, ok := engine.IntAt(body, "settings.tokenLifetimeInMinutes"); !ok || n < 1 || n > 1440 {
			errs = append(errs, engine.ErrValidation("settings.tokenLifetimeInMinutes",
				"settings.tokenLifetimeInMinutes: must be a number of minutes between 1 and 1440"))
		}
	case "phone_number", "security_question":
		engine.SetDefault(body, "settings.allowedFor", "none")
		errs = append(errs, enum("settings.allowedFor", authenticatorAllowedFor...))
	case "google_otp":
		engine.SetDefault(body, "settings", engine.Obj{})
	case "okta_verify":
		engine.SetDefault(body, "settings.compliance.fips", "OPTIONAL")
		engine.SetDefault(body, "settings.channelBinding.style", "NUMBER_CHALLENGE")
		engine.SetDefault(body, "settings.channelBinding.required", "NEVER")
		engine.SetDefault(body, "settings.userVerification", "PREFERRED")
		engine.SetDefault(body, "settings.enrollmentSecurityLevel", "ANY")
		engine.SetDefault(body, "settings.userVerificationMethods", []any{"BIOMETRICS", "PIN"})
		engine.Set(body, "settings.appInstanceId", "") // server-owned: the Okta Verify app
		errs = append(errs,
			enum("settings.compliance.fips", "OPTIONAL", "REQUIRED"),
			enum("settings.channelBinding.style", "NUMBER_CHALLENGE"),
			enum("settings.channelBinding.required", "ALWAYS", "HIGH_RISK_ONLY", "NEVER"),
			enum("settings.userVerification", "DISCOURAGED", "PREFERRED", "REQUIRED"),
			enum("settings.enrollmentSecurityLevel", "ANY", "HIGH"))
		if _, ok := engine.At(body, "settings.userVerificationMethods").([]any); !ok {
			return engine.ErrMalformed()
		}
		for _, m := range engine.StringsAt(body, "settings.userVerificationMethods") {
			if m != "BIOMETRICS" && m != "PIN" {
				errs = append(errs, engine.ErrValidation("settings.userVerificationMethods",
					"settings.userVerificationMethods: '"+m+"' is not one of BIOMETRICS, PIN"))
			}
		}
	case "custom_app":
		app := engine.Str(body, "settings.appInstanceId")
		if app == "" {
			return engine.ErrValidation("settings.appInstanceId", "settings.appInstanceId: The field cannot be left blank")
		}
		if c.Org.Get(engine.TableApps, "", app) == nil {
			return engine.ErrValidation("settings.appInstanceId", "settings.appInstanceId: Application "+app+" does not exist")
		}
		engine.SetDefault(body, "settings.userVerification", "PREFERRED")
		errs = append(errs, enum("settings.userVerification", "PREFERRED", "REQUIRED"),
			enum("provider.type", "PUSH"), checkPushProviders(c, body))
		engine.Set(body, "settings.oauthClientId", app) // server-owned (VCR custom_app_crud)
	case "external_idp":
		idp := engine.Str(body, "provider.configuration.idpId")
		if idp == "" {
			return engine.ErrValidation("provider.configuration.idpId", "provider.configuration.idpId: The field cannot be left blank")
		}
		if c.Org.Get(engine.TableIdPs, "", idp) == nil {
			return engine.ErrValidation("provider.configuration.idpId", "provider.configuration.idpId: Identity provider "+idp+" does not exist")
		}
		engine.SetDefault(body, "provider.type", "CLAIMS")
	case "duo":
		if engine.At(body, "provider.configuration") == nil {
			return engine.ErrValidation("provider", "provider: The field cannot be left blank")
		}
		engine.SetDefault(body, "provider.type", "DUO")
		engine.SetDefault(body, "settings", engine.Obj{})
		// The integration and secret keys are write-only (SPEC
		// AuthenticatorResponseDuo returns host and userNameTemplate).
		engine.Del(body, "provider.configuration.secretKey")
		engine.Del(body, "provider.configuration.integrationKey")
	case "onprem_mfa", "rsa_token":
		// RADIUS servers behind an agent app (recorded On-Prem MFA and
		// RSA SecurID: DEL_OATH, hostName, authPort, the agent's
		// instanceId, the username template).
		if engine.At(body, "provider.configuration") == nil {
			return engine.ErrValidation("provider", "provider: The field cannot be left blank")
		}
		engine.SetDefault(body, "provider.type", "DEL_OATH")
		engine.SetDefault(body, "provider.configuration.userNameTemplate.template", "global.assign.userName.login")
		if cur != nil {
			engine.Set(body, "provider.configuration.instanceId", engine.At(cur, "provider.configuration.instanceId"))
		}
		engine.SetDefault(body, "provider.configuration.instanceId", c.Org.NewID("0oa"))
		engine.Del(body, "provider.configuration.sharedSecret")
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
func authenticatorBeforeStatus(c *engine.Call, _ string, cur engine.Obj, status string) *engine.APIError {
	if status != "INACTIVE" {
		return nil
	}
	if engine.Str(cur, "status") == "INACTIVE" || engine.Str(cur, "key") == "okta_password" {
		return engine.ErrValidation("api.authenticator.error.unsupported.active.deactivate")
	}
	if names := authenticatorEnrollPolicies(c, cur); len(names) > 0 {
		summary := "Cannot modify/disable this authenticator because it is enabled in one or more policies. " +
			"To continue, disable the authenticator in these policies."
		if engine.Str(cur, "key") == "okta_verify" {
			summary += ` Additionally, if disabling Okta Verify when Fastpass is active, the "Device state" must not be set to "registered" in app assurance policies.`
		}
		return engine.NewError(http.StatusForbidden, "E0000148", summary, "Authenticator Enrollment Policies: "+strings.Join(names, ", "))
	}
	return nil
}

// authenticatorEnrollPolicies names the MFA_ENROLL policies that offer the
// authenticator (enroll.self REQUIRED or OPTIONAL). An entry with an id
// names one authenticator; an entry without names every one of its key.
func authenticatorEnrollPolicies(c *engine.Call, a engine.Obj) []string {
	var names []string
	for _, p := range c.Org.List(engine.TablePolicies, "") {
		if engine.Str(p, "type") != "MFA_ENROLL" {
			continue
		}
		entries, _ := engine.At(p, "settings.authenticators").([]any)
		for _, e := range entries {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			self := engine.Str(m, "enroll.self")
			if self != "REQUIRED" && self != "OPTIONAL" {
				continue
			}
			if id := engine.Str(m, "id"); id != "" && id != engine.Str(a, "id") {
				continue
			}
			if engine.Str(m, "key") != engine.Str(a, "key") && engine.Str(m, "id") != engine.Str(a, "id") {
				continue
			}
			names = append(names, engine.Str(p, "name"))
			break
		}
	}
	return names
}

func authenticatorLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	self := c.Base + "/api/v1/authenticators/" + engine.Str(o, "id")
	l["methods"] = engine.Obj{"href": self + "/methods", "hints": engine.Obj{"allow": []any{"GET"}}}
	switch engine.Str(o, "key") {
	case "okta_password":
		// The password can't be switched off: no lifecycle links (VCR).
		delete(l, "activate")
		delete(l, "deactivate")
	case "okta_verify", "custom_app":
		l["enroll"] = engine.Obj{"href": c.Base + "/idp/authenticators", "hints": engine.Obj{"allow": []any{"POST"}}}
	case "webauthn":
		// Custom AAGUIDs (recorded from 2026-04 on).
		l["aaguids"] = engine.Obj{"href": self + "/aaguids", "hints": engine.Obj{"allow": []any{"GET", "POST"}}}
	}
}
