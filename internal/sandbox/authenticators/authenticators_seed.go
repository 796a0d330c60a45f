package authenticators

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// seedAuthenticators creates the built-ins of a new Identity Engine org,
// with the settings and statuses the recordings show for untouched ones.
func seedAuthenticators(c *engine.Call) error {
	for _, a := range []engine.Obj{
		{"key": "okta_email", "name": "Email", "settings": engine.Obj{"allowedFor": "recovery", "tokenLifetimeInMinutes": engine.JSONInt(5)}},
		{"key": "okta_password", "name": "Password"},
		{"key": "okta_verify", "name": "Okta Verify"},
		{"key": "phone_number", "name": "Phone", "status": "INACTIVE", "settings": engine.Obj{"allowedFor": "any"}},
		{"key": "security_question", "name": "Security Question", "settings": engine.Obj{"allowedFor": "recovery"}},
		{"key": "webauthn", "name": "Security Key or Biometric", "status": "INACTIVE"},
		{"key": "google_otp", "name": "Google Authenticator", "status": "INACTIVE", "settings": engine.Obj{}},
	} {
		if _, err := authenticatorsRes.Insert(c, "", a, nil); err != nil {
			return err
		}
	}
	return nil
}
