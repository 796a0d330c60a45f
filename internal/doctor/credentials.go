package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/oktasync/oktasync/internal/okta"
)

// --- 3. credentials -------------------------------------------------------

func (d *doctor) checkCredentials(ctx context.Context) credState {
	if d.oauth {
		return d.checkServiceApp(ctx)
	}
	resp, err := d.client.Do(ctx, okta.Request{Path: "/api/v1/users/me"})
	if err != nil {
		fix := "see the error; run doctor again once it is fixed"
		switch {
		case okta.StatusCode(err) == http.StatusUnauthorized:
			fix = "create a new API token (Admin Console → Security → API → Tokens) and set OKTA_CLIENT_TOKEN; " +
				"tokens expire after 30 days without use and stop working when their admin is deactivated"
		case okta.StatusCode(err) == http.StatusTooManyRequests:
			fix = "the org is rate limiting this client right now: wait for the window to reset and run doctor again"
		case isTransport(err):
			fix = "the org stopped answering: check the network and run doctor again"
		}
		d.rep.add(CheckCredentials, Fail, "the API token was refused: "+err.Error(), fix)
		return credFailed
	}
	d.note(resp, "/api/v1/users/me")
	var me struct {
		ID      string `json:"id"`
		Profile struct {
			Login string `json:"login"`
		} `json:"profile"`
	}
	_ = json.Unmarshal(resp.Body, &me)
	d.meID = me.ID
	d.rep.add(CheckCredentials, Pass, fmt.Sprintf("the API token is valid; it acts as %s (%s)", me.Profile.Login, me.ID), "")
	return credOK
}

// checkServiceApp gets an access token with the configured scopes and
// reads with it.
func (d *doctor) checkServiceApp(ctx context.Context) credState {
	var resp *okta.Response
	var err error
	probe := wellKnownPath
	for _, p := range d.credentialProbes() {
		probe = p
		resp, err = d.client.Do(ctx, okta.Request{Path: probe})
		if okta.ErrorCode(err) != codeFeatureNotEnabled {
			break
		}
	}
	if err == nil {
		d.note(resp, probe)
		if probe == wellKnownPath {
			d.rep.add(CheckCredentials, Pass, fmt.Sprintf("service app %s got an access token (none of its scopes allows a read to try it with)", d.cfg.ClientID), "")
		} else {
			d.rep.add(CheckCredentials, Pass, fmt.Sprintf("service app %s got an access token and read %s with it", d.cfg.ClientID, pathOnly(probe)), "")
		}
		return credOK
	}
	if code, ok := tokenError(err); ok {
		switch code {
		case "invalid_scope":
			d.rep.add(CheckCredentials, Pass, fmt.Sprintf("service app %s authenticated, but the token request was refused a scope (invalid_scope); see scopes", d.cfg.ClientID), "")
			return credScopeRefused
		case "invalid_client":
			d.rep.add(CheckCredentials, Fail, "the token endpoint refused the service app: "+err.Error(),
				"check that OKTA_CLIENT_CLIENTID is the service app's client ID, that the app is active and uses "+
					"\"Public key / Private key\" client authentication with the public half of OKTA_CLIENT_PRIVATEKEY "+
					"(and, when the app has several keys, that OKTA_CLIENT_PRIVATEKEYID is that key's kid)")
		case "unauthorized_client":
			d.rep.add(CheckCredentials, Fail, "the service app may not use the client credentials grant: "+err.Error(),
				"use an API Services app (Admin Console → Applications → Create App Integration → API Services), which has the Client Credentials grant")
		case "invalid_dpop_proof", "use_dpop_nonce":
			d.rep.add(CheckCredentials, Fail, "the DPoP negotiation with the token endpoint failed: "+err.Error(),
				"report this with the request id; meanwhile, clearing \"Require Demonstrating Proof of Possession (DPoP) header in token requests\" on the app avoids DPoP")
		default:
			d.rep.add(CheckCredentials, Fail, "the token request failed: "+err.Error(), "see the error; run doctor again once it is fixed")
		}
		return credFailed
	}
	fix := "see the error; run doctor again once it is fixed"
	switch {
	case okta.ErrorCode(err) == "E0000006":
		fix = "assign an admin role to the service app (Admin Console → Applications → the app → Admin roles): " +
			"Read-only Administrator for export and plan, Super Administrator to apply"
	case okta.StatusCode(err) == http.StatusUnauthorized:
		fix = "the org refused the access token it issued: check that the org URL is the org the app belongs to"
	case okta.StatusCode(err) == http.StatusTooManyRequests:
		fix = "the org is rate limiting this client right now: wait for the window to reset and run doctor again"
	case isTransport(err):
		fix = "the org stopped answering: check the network and run doctor again"
	}
	d.rep.add(CheckCredentials, Fail, "got an access token, but a read with it failed: "+err.Error(), fix)
	return credFailed
}

// credentialProbes are the reads the configured scopes allow, those in the
// shared /api/v1 bucket first, and last the public well-known document,
// which still makes the client fetch a token first. The first that the
// org does not answer with "feature not enabled" is the credentials' test.
func (d *doctor) credentialProbes() []string {
	have := scopeSet(d.cfg.Scopes)
	var out []string
	for _, p := range probes(d.reg) {
		if covers(have, "okta."+p.area+".read") {
			out = append(out, p.path)
		}
	}
	return append(out, wellKnownPath)
}
