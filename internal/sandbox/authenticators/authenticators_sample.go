package authenticators

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleAuthenticators customises a few built-ins the way an admin would:
// it never creates or removes one.
func sampleAuthenticators(c *engine.Call) error {
	update := func(key string, mutate func(o engine.Obj)) error {
		cur := authenticatorByKey(c, key)
		if cur == nil {
			return nil
		}
		body := engine.CloneObj(cur)
		mutate(body)
		if _, err := authenticatorsRes.Replace(c, "", engine.Str(cur, "id"), body); err != nil {
			return err
		}
		return nil
	}
	activate := func(key string) error {
		if cur := authenticatorByKey(c, key); cur != nil {
			if _, err := authenticatorsRes.SetStatus(c, "", engine.Str(cur, "id"), "ACTIVE"); err != nil {
				return err
			}
		}
		return nil
	}
	steps := []func() error{
		func() error {
			return update("okta_email", func(o engine.Obj) {
				engine.Set(o, "settings.allowedFor", "any")
				engine.Set(o, "settings.tokenLifetimeInMinutes", engine.JSONInt(10))
			})
		},
		func() error {
			return update("okta_verify", func(o engine.Obj) {
				engine.Set(o, "settings.channelBinding.required", "ALWAYS")
				engine.Set(o, "settings.userVerification", "REQUIRED")
				engine.Set(o, "settings.userVerificationMethods", []any{"BIOMETRICS"})
			})
		},
		func() error {
			return update("phone_number", func(o engine.Obj) { engine.Set(o, "settings.allowedFor", "recovery") })
		},
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
