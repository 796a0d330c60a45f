package policies

import (
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// policyPasswordSettingsDefaults are a PASSWORD policy's settings as a new
// policy shows them (VCR TestAccResourceOktaDefaultPasswordPolicy_issue_2804,
// TestAccResourceOktaPolicyPassword_crud); historyCount 4 is the default TF
// documents seeing on current orgs.
func policyPasswordSettingsDefaults() engine.Obj {
	return engine.Obj{
		"password": engine.Obj{
			"complexity": engine.Obj{
				"minLength": engine.JSONInt(8), "minLowerCase": engine.JSONInt(1), "minUpperCase": engine.JSONInt(1),
				"minNumber": engine.JSONInt(1), "minSymbol": engine.JSONInt(0), "excludeUsername": true,
				"dictionary": engine.Obj{"common": engine.Obj{"exclude": false}}, "excludeAttributes": []any{},
			},
			"age": engine.Obj{
				"maxAgeDays": engine.JSONInt(0), "expireWarnDays": engine.JSONInt(0), "minAgeMinutes": engine.JSONInt(0), "historyCount": engine.JSONInt(4),
			},
			"lockout": engine.Obj{
				"maxAttempts": engine.JSONInt(10), "autoUnlockMinutes": engine.JSONInt(0),
				"userLockoutNotificationChannels": []any{}, "showLockoutFailures": false,
			},
			"breachedProtection": engine.Obj{"expireAfterDays": nil, "logoutEnabled": false, "delegatedWorkflowId": nil},
		},
		"recovery": engine.Obj{"factors": engine.Obj{
			"recovery_question": engine.Obj{"status": "INACTIVE", "properties": engine.Obj{"complexity": engine.Obj{"minLength": engine.JSONInt(4)}}},
			"okta_email":        engine.Obj{"status": "ACTIVE", "properties": engine.Obj{"recoveryToken": engine.Obj{"tokenLifetimeMinutes": engine.JSONInt(60)}}},
			"okta_sms":          engine.Obj{"status": "INACTIVE"},
			"okta_call":         engine.Obj{"status": "INACTIVE"},
		}},
		"delegation": engine.Obj{"options": engine.Obj{"skipUnlock": false}},
	}
}

// policyAuthenticatorKeys are the authenticator keys Okta knows (spec
// MultifactorEnrollmentPolicyAuthenticatorSettings.key).
var policyAuthenticatorKeys = []string{"custom_app", "custom_otp", "duo", "external_idp", "google_otp", "okta_email",
	"okta_password", "okta_verify", "onprem_mfa", "phone_number", "rsa_token", "security_question", "symantec_vip",
	"webauthn", "yubikey_token"}

// policyMFASettings fills an MFA_ENROLL policy's settings the way Okta
// does (VCR TestAccResourceOktaMfaPolicy_custom_app): `type: AUTHENTICATORS`
// and one entry per authenticator of the org, the ones the request did not
// name set to NOT_ALLOWED. An entry naming an authenticator the org does
// not have is 400 E0000001.
func policyMFASettings(c *engine.Call, body engine.Obj) *engine.APIError {
	s, _ := body["settings"].(map[string]any)
	if s == nil {
		s = engine.Obj{}
		body["settings"] = s
	}
	if t := engine.Str(s, "type"); t != "" && t != "AUTHENTICATORS" {
		return engine.ErrValidation("settings.type", "settings.type: Only AUTHENTICATORS is supported in an Identity Engine org")
	}
	s["type"] = "AUTHENTICATORS"
	given, _ := s["authenticators"].([]any)
	table := c.Org.List(engine.TableAuthenticators, "")
	for _, e := range given {
		m, ok := e.(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		key, id := engine.Str(m, "key"), engine.Str(m, "id")
		if !slices.Contains(policyAuthenticatorKeys, key) {
			return engine.ErrValidation("settings.authenticators", "settings.authenticators: '"+key+"' is not a valid authenticator key")
		}
		if len(table) > 0 && c.Org.Find(engine.TableAuthenticators, "", func(a engine.Obj) bool {
			return engine.Str(a, "key") == key && (id == "" || engine.Str(a, "id") == id)
		}) == nil {
			return engine.ErrValidation("settings.authenticators", "settings.authenticators: The org has no authenticator "+key+" "+id)
		}
		if self := engine.Str(m, "enroll.self"); self != "" && self != "REQUIRED" && self != "OPTIONAL" && self != "NOT_ALLOWED" {
			return engine.ErrValidation("settings.authenticators", "settings.authenticators: enroll.self '"+self+"' is not one of REQUIRED, OPTIONAL, NOT_ALLOWED")
		}
		engine.SetDefault(m, "enroll.self", "NOT_ALLOWED")
	}
	var out []any
	taken := make([]bool, len(given))
	for _, a := range table {
		key, aid := engine.Str(a, "key"), engine.Str(a, "id")
		var entry any
		for i, e := range given {
			m := e.(map[string]any)
			if taken[i] || engine.Str(m, "key") != key {
				continue
			}
			if id := engine.Str(m, "id"); id != "" && id != aid {
				continue
			}
			taken[i] = true
			entry = engine.Clone(m)
			break
		}
		if entry == nil {
			n := engine.Obj{"key": key, "enroll": engine.Obj{"self": "NOT_ALLOWED"}}
			if key == "custom_app" || key == "custom_otp" {
				n["id"] = aid
			}
			entry = n
		}
		out = append(out, entry)
	}
	for i, e := range given {
		if !taken[i] {
			out = append(out, engine.Clone(e))
		}
	}
	if out == nil {
		out = []any{}
	}
	s["authenticators"] = out
	return nil
}
