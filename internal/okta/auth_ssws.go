package okta

import "context"

// sswsAuth sends an Okta API token: "Authorization: SSWS <token>". The token
// acts with the rights of the admin who created it and never expires while
// in use, so there is nothing to fetch or refresh.
type sswsAuth struct {
	token string
}

func (a *sswsAuth) credential(context.Context) (credential, error) {
	return credential{scheme: "SSWS", secret: a.token}, nil
}

func (a *sswsAuth) rejected(credential) bool { return false }
