package plan

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// OrgBinding names the org a plan was made against, as the org itself
// reports it at /.well-known/okta-organization: its ID, which is stable for
// the life of the org and never reused, and its own URL. ClientURL is the
// URL the plan was made through, kept for people when it differs (a custom
// domain).
type OrgBinding struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	ClientURL string `json:"client_url,omitempty"`
}

// String names the org for messages: "00o1a2b3c (https://acme.okta.com)".
func (o *OrgBinding) String() string {
	if o == nil {
		return "no org"
	}
	return fmt.Sprintf("%s (%s)", o.ID, o.URL)
}

// Same reports whether two bindings name the same org: the same ID and the
// same URL of record. The ID alone would do for Okta (an org ID is never
// reused); the URL guards against emulators and test orgs that share IDs.
// The URL compares without regard to case or a trailing slash.
func (o *OrgBinding) Same(other *OrgBinding) bool {
	if o == nil || other == nil {
		return false
	}
	norm := func(u string) string { return strings.TrimSuffix(strings.ToLower(u), "/") }
	return o.ID == other.ID && norm(o.URL) == norm(other.URL)
}

// DigestPrefix starts every digest; SignaturePrefix every signature.
const (
	DigestPrefix    = "sha256:"
	SignaturePrefix = "hmac-sha256:"
)

// DigestPattern matches a digest in text (a pull-request comment).
var DigestPattern = regexp.MustCompile(`sha256:[0-9a-f]{64}`)

// ComputeDigest returns "sha256:<hex>" over the plan's canonical JSON form
// with Digest and Signature left out: every field of every step (action,
// kind, paths, live IDs, parameters, body, the changes people read,
// dependencies, positions), the targets and fingerprints apply checks, the
// org binding, the refusals and warnings, and the metadata. Nothing is
// picked by hand, so a field added to the plan later is covered without
// anyone remembering to add it. Maps are written in key order and numbers
// keep their text (bodies hold json.Number), so a plan that went through
// Save and Load has the same digest.
func (p *Plan) ComputeDigest() (string, error) {
	c := *p
	c.Digest, c.Signature = "", ""
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&c); err != nil {
		return "", fmt.Errorf("plan digest: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return DigestPrefix + hex.EncodeToString(sum[:]), nil
}

// Seal sets the plan's digest and, with a key, its signature: an HMAC-SHA256
// of the digest under the key. Compute seals every plan it returns; code
// that changes a plan afterwards must seal it again, or apply refuses it.
func (p *Plan) Seal(key []byte) error {
	d, err := p.ComputeDigest()
	if err != nil {
		return err
	}
	p.Digest, p.Signature = d, ""
	if len(key) > 0 {
		p.Signature = sign(key, d)
	}
	return nil
}

func sign(key []byte, digest string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(digest))
	return SignaturePrefix + hex.EncodeToString(m.Sum(nil))
}

// IntegrityError is the refusal of a plan whose content is not what was
// sealed (or reviewed, or signed).
type IntegrityError struct {
	Message string
}

func (e *IntegrityError) Error() string { return e.Message }

// Verify checks that the plan's content still has the digest it carries,
// that the digest is the expected one when expected is not empty (the
// digest a reviewer saw), and, when key is given, that the signature is
// the key's. Any mismatch is an *IntegrityError.
func (p *Plan) Verify(key []byte, expected string) error {
	if p.Digest == "" {
		return &IntegrityError{"the plan has no digest: it was not made by `oktasync plan`, or the digest was removed"}
	}
	got, err := p.ComputeDigest()
	if err != nil {
		return err
	}
	if got != p.Digest {
		return &IntegrityError{fmt.Sprintf("the plan was changed after it was made: its content has digest %s, but it says %s; "+
			"a saved plan must be applied exactly as it was reviewed, so make the plan again", got, p.Digest)}
	}
	if expected != "" && expected != p.Digest {
		return &IntegrityError{fmt.Sprintf("the plan's digest %s is not the reviewed one (%s): this is not the plan that was reviewed", p.Digest, expected)}
	}
	if len(key) > 0 {
		if p.Signature == "" {
			return &IntegrityError{"a plan signing key is configured, but the plan is not signed: make it with the same key"}
		}
		if !hmac.Equal([]byte(p.Signature), []byte(sign(key, p.Digest))) {
			return &IntegrityError{"the plan's signature does not match the configured signing key: it was not made with this key, or it was changed"}
		}
	}
	return nil
}

// IsIntegrityError reports whether err is a refusal by Verify.
func IsIntegrityError(err error) bool {
	var ie *IntegrityError
	return errors.As(err, &ie)
}

// ShortDigest is the digest cut for a headline: "sha256:1a2b3c4d5e6f".
func ShortDigest(d string) string {
	if len(d) > len(DigestPrefix)+12 {
		return d[:len(DigestPrefix)+12]
	}
	return d
}
