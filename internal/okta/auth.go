package okta

import (
	"context"
	"fmt"
)

// authenticator supplies the credential for each attempt. The client calls
// credential before the governor admits the attempt, because getting one may
// itself take HTTP requests (an OAuth token), and those must not hold a slot
// the resource request is waiting for.
type authenticator interface {
	credential(ctx context.Context) (credential, error)
	// rejected is told that the server answered 401 to a request carrying
	// cred. It returns true if a retry with a fresh credential could succeed
	// (a cached OAuth token the server no longer accepts); SSWS tokens do not
	// change, so there is nothing to refresh.
	rejected(cred credential) bool
}

// credential is the value of one Authorization header: scheme ("SSWS",
// "Bearer" or "DPoP") and the secret itself.
type credential struct {
	scheme string
	secret string
}

func (c credential) header() string { return c.scheme + " " + c.secret }

// Format keeps the secret out of any accidental print or log.
func (c credential) Format(f fmt.State, _ rune) { fmt.Fprintf(f, "%s %s", c.scheme, mask(c.secret)) }
