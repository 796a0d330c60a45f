package authenticators

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// samplePushProviders adds the APNs and FCM credentials of the company's
// mobile app, as an admin sets them up before a custom_app authenticator.
func samplePushProviders(c *engine.Call) error {
	for _, p := range []engine.Obj{
		{"name": "Field Sales iOS", "providerType": "APNS", "configuration": engine.Obj{
			"keyId": "ABC123DEFG", "teamId": "DEF123GHIJ", "fileName": "AuthKey_ABC123DEFG.p8",
			"tokenSigningKey": "-----BEGIN PRIVATE KEY-----\n" + c.Org.Secret(64) + "\n" + c.Org.Secret(48) + "\n-----END PRIVATE KEY-----\n"}},
		{"name": "Field Sales Android", "providerType": "FCM", "configuration": engine.Obj{
			"fileName": "field-sales-firebase.json",
			"serviceAccountJson": engine.Obj{
				"type": "service_account", "project_id": "field-sales-mobile", "private_key_id": c.Org.Secret(40),
				"private_key":  "-----BEGIN PRIVATE KEY-----\nsandbox-" + c.Org.Secret(32) + "\n-----END PRIVATE KEY-----\n",
				"client_email": "okta-push@field-sales-mobile.iam.gserviceaccount.com", "client_id": "104729384756102938475",
				"auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token"}}},
	} {
		if _, err := pushProvidersRes.Insert(c, "", p, nil); err != nil {
			return err
		}
	}
	return nil
}
