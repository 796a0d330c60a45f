package okta

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Authorization modes, spelled as the Okta SDKs spell them in okta.yaml and
// OKTA_CLIENT_AUTHORIZATIONMODE.
const (
	AuthModeSSWS       = "SSWS"
	AuthModePrivateKey = "PrivateKey"
)

// Defaults. See doc.go for the reasoning behind each number.
const (
	// DefaultMaxCapacity keeps 10% of every bucket for whoever else shares the
	// org (the admin console, other integrations, a colleague's script).
	DefaultMaxCapacity = 90
	// DefaultMaxInFlight follows Okta's own advice that bulk loads rarely need
	// more than 10 concurrent transactions; it is well under the smallest
	// concurrency cap (15, free developer orgs).
	DefaultMaxInFlight = 10
	// DefaultMaxRetries matches the Terraform provider and the Okta SDK.
	DefaultMaxRetries = 5
	// DefaultRetryBaseDelay and DefaultRetryMaxDelay bound the exponential
	// back-off used for 5xx and transport errors (429s wait for the reset).
	DefaultRetryBaseDelay = 200 * time.Millisecond
	DefaultRetryMaxDelay  = 10 * time.Second
	// DefaultRequestTimeout bounds one HTTP attempt when Config.HTTPClient is
	// nil. A list page of 200 apps is a few MB; two minutes is generous and
	// still catches a connection that went silent.
	DefaultRequestTimeout = 2 * time.Minute
)

// Config is everything the client needs to reach one org. LoadConfig fills it
// from okta.yaml, the environment and flags; tests build it directly.
//
// Token and PrivateKey are secrets: String, GoString, Format and LogValue mask
// them, so a Config can be printed or logged safely.
type Config struct {
	OrgURL   string
	AuthMode string // AuthModeSSWS (default) or AuthModePrivateKey

	// SSWS mode.
	Token string

	// PrivateKey mode (OAuth 2.0 client credentials with a signed JWT).
	ClientID     string
	Scopes       []string
	PrivateKey   string // PEM (PKCS#1/PKCS#8 RSA, SEC 1/PKCS#8 EC) or a JWK JSON object
	PrivateKeyID string // the key's kid, sent in the assertion header when set

	// UserAgent, when set, is appended to "oktasync/<Version>" so a caller can
	// identify itself without hiding which client made the call.
	UserAgent string

	MaxCapacity int // percent of each rate-limit bucket we allow ourselves; 1..100, default 90
	MaxInFlight int // global cap on requests in flight; default 10
	MaxRetries  int // retries per request; 0 means the default 5, negative disables retries

	// Back-off for 5xx and transport errors. Zero means the defaults; tests
	// shrink them.
	RetryBaseDelay time.Duration
	RetryMaxDelay  time.Duration

	// HTTPClient is used for every request. Nil means a client with
	// DefaultRequestTimeout and a connection pool sized to MaxInFlight. The
	// client never follows redirects whatever this client's CheckRedirect says.
	HTTPClient *http.Client

	// Observer, when set, hears about rate-limit waits (for progress displays).
	Observer Observer
}

// withDefaults returns c with zero fields replaced by defaults. It never
// touches secrets or the org URL.
func (c Config) withDefaults() Config {
	if c.AuthMode == "" {
		c.AuthMode = AuthModeSSWS
	}
	if c.MaxCapacity == 0 {
		c.MaxCapacity = DefaultMaxCapacity
	}
	if c.MaxInFlight == 0 {
		c.MaxInFlight = DefaultMaxInFlight
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = DefaultMaxRetries
	}
	if c.RetryBaseDelay == 0 {
		c.RetryBaseDelay = DefaultRetryBaseDelay
	}
	if c.RetryMaxDelay == 0 {
		c.RetryMaxDelay = DefaultRetryMaxDelay
	}
	return c
}

// normalizeAuthMode accepts the mode case-insensitively, as people type it in
// env vars by hand, and returns the canonical spelling.
func normalizeAuthMode(m string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(m)) {
	case "", "ssws":
		return AuthModeSSWS, true
	case "privatekey":
		return AuthModePrivateKey, true
	}
	return m, false
}

// Validate reports the first problem that would stop the client from working,
// phrased as what to do about it. Defaults are applied before checking.
func (c Config) Validate() error {
	c = c.withDefaults()
	if _, err := parseOrgURL(c.OrgURL); err != nil {
		return err
	}
	mode, ok := normalizeAuthMode(c.AuthMode)
	if !ok {
		return fmt.Errorf("okta: unsupported authorization mode %q: use %q (API token) or %q (OAuth 2.0 private key); set OKTA_CLIENT_AUTHORIZATIONMODE", c.AuthMode, AuthModeSSWS, AuthModePrivateKey)
	}
	switch mode {
	case AuthModeSSWS:
		if strings.TrimSpace(c.Token) == "" {
			return errors.New("okta: no API token: set OKTA_CLIENT_TOKEN (or okta.client.token in okta.yaml), or use authorization mode PrivateKey")
		}
	case AuthModePrivateKey:
		if c.ClientID == "" {
			return errors.New("okta: PrivateKey mode needs a client id: set OKTA_CLIENT_CLIENTID (or okta.client.clientId in okta.yaml)")
		}
		if len(c.Scopes) == 0 {
			return errors.New("okta: PrivateKey mode needs scopes: set OKTA_CLIENT_SCOPES, e.g. okta.groups.manage,okta.apps.manage (or okta.client.scopes in okta.yaml)")
		}
		if strings.TrimSpace(c.PrivateKey) == "" {
			return errors.New("okta: PrivateKey mode needs a private key: set OKTA_CLIENT_PRIVATEKEY to a PEM or JWK (or okta.client.privateKey in okta.yaml)")
		}
		if _, err := parseSigningKey(c.PrivateKey, c.PrivateKeyID); err != nil {
			return err
		}
	}
	if c.MaxCapacity < 1 || c.MaxCapacity > 100 {
		return fmt.Errorf("okta: max capacity %d%% is out of range: use 1..100 (--max-capacity)", c.MaxCapacity)
	}
	if c.MaxInFlight < 1 {
		return fmt.Errorf("okta: max in flight %d must be at least 1", c.MaxInFlight)
	}
	if c.RetryBaseDelay < 0 || c.RetryMaxDelay < 0 {
		return errors.New("okta: retry delays must not be negative")
	}
	return nil
}

// parseOrgURL checks an org URL and returns it in canonical form
// (scheme://host[:port], no trailing slash).
//
// Plain HTTP would put the token on the wire in clear text, so it is allowed
// only for loopback hosts: that is how the sandbox and tests are reached.
func parseOrgURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("okta: no org URL: set OKTA_CLIENT_ORGURL or --org-url (or okta.client.orgUrl in okta.yaml), e.g. https://example.okta.com")
	}
	if strings.Contains(raw, "{yourOktaDomain}") {
		return nil, fmt.Errorf("okta: org URL %q still holds the {yourOktaDomain} placeholder: replace it with your org's URL, e.g. https://example.okta.com", raw)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("okta: org URL %q is malformed: write it as https://example.okta.com", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("okta: org URL must not carry credentials: put the token in OKTA_CLIENT_TOKEN instead")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("okta: org URL %q must be just scheme and host, e.g. https://example.okta.com (no path or query)", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("okta: org URL %q must use https: plain http is allowed only for loopback hosts (127.0.0.1, ::1, localhost), such as the sandbox", raw)
		}
	default:
		return nil, fmt.Errorf("okta: org URL %q must start with https://", raw)
	}
	// The admin console host works in a browser but the SDKs reject it for
	// API calls; catching it here saves a confusing 401 later.
	if first, _, _ := strings.Cut(u.Hostname(), "."); strings.HasSuffix(first, "-admin") {
		return nil, fmt.Errorf("okta: org URL %q is the admin console host: drop \"-admin\" from it", raw)
	}
	return &url.URL{Scheme: strings.ToLower(u.Scheme), Host: strings.ToLower(u.Host)}, nil
}

// isLoopbackHost reports whether host names this machine: localhost, or an IP
// in 127.0.0.0/8 or ::1.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// mask returns a fixed marker for a set secret, so printing a Config shows
// whether a secret is present without revealing any of it.
func mask(secret string) string {
	if secret == "" {
		return ""
	}
	return "[REDACTED]"
}

// String implements fmt.Stringer without revealing secrets.
func (c Config) String() string {
	return fmt.Sprintf("okta.Config{OrgURL:%q AuthMode:%q Token:%q ClientID:%q Scopes:%q PrivateKey:%q PrivateKeyID:%q UserAgent:%q MaxCapacity:%d MaxInFlight:%d MaxRetries:%d}",
		c.OrgURL, c.AuthMode, mask(c.Token), c.ClientID, c.Scopes, mask(c.PrivateKey), c.PrivateKeyID, c.UserAgent, c.MaxCapacity, c.MaxInFlight, c.MaxRetries)
}

// GoString implements fmt.GoStringer (%#v) without revealing secrets.
func (c Config) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %s, %d, %x, ...) print the masked form.
// Without it, verbs that bypass String would print the fields raw.
func (c Config) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue implements slog.LogValuer so structured logs get the masked form.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("orgURL", c.OrgURL),
		slog.String("authMode", c.AuthMode),
		slog.String("token", mask(c.Token)),
		slog.String("clientID", c.ClientID),
		slog.Any("scopes", c.Scopes),
		slog.String("privateKey", mask(c.PrivateKey)),
		slog.String("privateKeyID", c.PrivateKeyID),
		slog.Int("maxCapacity", c.MaxCapacity),
		slog.Int("maxInFlight", c.MaxInFlight),
		slog.Int("maxRetries", c.MaxRetries),
	)
}
