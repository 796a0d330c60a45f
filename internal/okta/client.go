package okta

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Version is the oktasync version sent in the User-Agent; the build sets it
// with -ldflags "-X github.com/oktasync/oktasync/internal/okta.Version=...".
var Version = "dev"

// maxResponseBytes bounds one response body. The largest legitimate answers
// (a page of 200 apps with their settings) are a few MB.
const maxResponseBytes = 64 << 20

// Client talks to one Okta org. It is safe for concurrent use; all
// concurrency limits live inside it, so callers may run as many goroutines
// as they like.
type Client struct {
	org       *url.URL
	http      *http.Client
	userAgent string
	auth      authenticator
	dpop      *dpopProver
	gov       *governor
	retry     retryPolicy
	// clientID is the OAuth service app's client_id (private-key
	// authentication); empty with an API token.
	clientID string
}

// APIToken reports whether the client authenticates with an API token
// (SSWS), which reaches the Admin Console's private /api/internal
// endpoints; OAuth 2.0 access tokens do not.
func (c *Client) APIToken() bool {
	_, ok := c.auth.(*sswsAuth)
	return ok
}

// Request is one Management API call.
type Request struct {
	Method string
	// Path is relative to the org URL ("/api/v1/groups", with any escaping
	// already applied) or an absolute URL on the org's host, such as a Link
	// header's next URL, which is then used exactly as given.
	Path  string
	Query url.Values // added to any query Path already has
	// Body is nil (no body), []byte or json.RawMessage (sent as is), or any
	// other value, which is marshalled as JSON.
	Body any
	// Idempotent overrides whether the request may be repeated after a 5xx
	// or transport error. Default: true for GET, HEAD, PUT and DELETE, false
	// for everything else (POST creates and lifecycle operations).
	Idempotent *bool
}

func (r Request) idempotent(method string) bool {
	if r.Idempotent != nil {
		return *r.Idempotent
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// Response is a successful (2xx) answer, body fully read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte

	url *url.URL // what was requested; relative Link URLs resolve against it
}

// New returns a client for cfg. It validates cfg but makes no request.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	if mode, ok := normalizeAuthMode(cfg.AuthMode); ok {
		cfg.AuthMode = mode
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	org, err := parseOrgURL(cfg.OrgURL)
	if err != nil {
		return nil, err
	}
	ua := "oktasync/" + Version
	if cfg.UserAgent != "" {
		ua += " " + cfg.UserAgent
	}
	c := &Client{
		org:       org,
		http:      httpClient(cfg),
		userAgent: ua,
		dpop:      newDPoPProver(),
		gov:       newGovernor(cfg.MaxCapacity, cfg.MaxInFlight, cfg.Observer),
		retry:     retryPolicy{max: max(cfg.MaxRetries, 0), base: cfg.RetryBaseDelay, cap: cfg.RetryMaxDelay},
	}
	switch cfg.AuthMode {
	case AuthModePrivateKey:
		c.clientID = cfg.ClientID
		if c.auth, err = newOAuthAuth(c, cfg); err != nil {
			return nil, err
		}
	default:
		c.auth = &sswsAuth{token: strings.TrimSpace(cfg.Token)}
	}
	return c, nil
}

// httpClient returns the HTTP client to use: the configured one or a default
// with a connection pool big enough for MaxInFlight (the standard default of
// 2 idle connections per host would make parallel workers reconnect all the
// time). Either way redirects are not followed: the API does not redirect,
// and following one could carry a request somewhere we did not choose.
func httpClient(cfg Config) *http.Client {
	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = cfg.MaxInFlight
		hc = http.Client{Transport: t, Timeout: DefaultRequestTimeout}
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}

// ClientID is the client_id of the OAuth service app the client
// authenticates as, or "" with an API token: plan and apply protect that
// app and its admin roles, whose loss would lock the tool out.
func (c *Client) ClientID() string { return c.clientID }

// OrgURL returns the org URL in canonical form.
func (c *Client) OrgURL() string { return c.org.String() }

// Stats returns a snapshot of the client's counters.
func (c *Client) Stats() Stats { return c.gov.stats() }

// String describes the client without its credentials.
func (c *Client) String() string { return "okta.Client{" + c.org.String() + "}" }

// Format makes every verb print String, so no verb can reach the fields
// that hold credentials.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// Do sends req and returns the 2xx response. It waits for rate-limit room,
// authenticates each attempt afresh, and retries what is safe to retry (see
// retryPolicy). A non-2xx answer is returned as *APIError, a failure without
// answer as *TransportError; if ctx ends, its error is returned.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	method := strings.ToUpper(req.Method)
	if method == "" {
		method = http.MethodGet
	}
	u, err := c.resolve(req.Path, req.Query)
	if err != nil {
		return nil, err
	}
	body, err := encodeBody(req.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, u.Path, err)
	}
	idempotent := req.idempotent(method)
	bucket := BucketFor(method, u.EscapedPath())
	reauthenticated := false

	for attempt := 0; ; {
		cred, err := c.auth.credential(ctx)
		if err != nil {
			return nil, err
		}
		resp, err := c.send(ctx, method, u, bucket, func() (*http.Request, error) {
			return c.newRequest(ctx, method, u, body, cred)
		})
		if err == nil && resp.Status < 300 {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s %s: %w", method, u.Path, ctx.Err())
		}
		// A 401 is answered before anything is done, so one immediate
		// repeat is safe for any method: with the nonce a DPoP server just
		// sent, or with a new token if a cached one stopped working.
		if err == nil && resp.Status == http.StatusUnauthorized && !reauthenticated {
			if (cred.scheme == "DPoP" && isNonceChallenge(resp)) || c.auth.rejected(cred) {
				reauthenticated = true
				continue
			}
		}
		if err == nil {
			err = newAPIError(method, u.Path, resp.Status, resp.Header, resp.Body)
		}
		d, retry := c.retry.delay(attempt, idempotent, resp, err)
		if !retry {
			return nil, err
		}
		if err := c.pause(ctx, bucket, resp, d); err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, u.Path, err)
		}
		attempt++
	}
}

// pause waits d before a retry: as a rate-limit wait after a 429 (counted,
// and reported to the observer), as a plain back-off otherwise.
func (c *Client) pause(ctx context.Context, bucket string, resp *Response, d time.Duration) error {
	c.gov.countRetry()
	if resp != nil && resp.Status == http.StatusTooManyRequests {
		return c.gov.pause(ctx, bucket, d)
	}
	return sleep(ctx, d)
}

// DoJSON is Do followed by decoding the body into out (skipped when out is
// nil or the response has no body, as for a 204).
func (c *Client) DoJSON(ctx context.Context, req Request, out any) error {
	resp, err := c.Do(ctx, req)
	if err != nil {
		return err
	}
	if out == nil || len(bytes.TrimSpace(resp.Body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("%s %s: decoding response: %w", strings.ToUpper(req.Method), resp.url.Path, err)
	}
	return nil
}

// send makes one attempt: it takes a place from the governor, builds the
// request (so that credentials and DPoP proofs are minted at the last
// moment, after any wait), sends it, reads the whole body, and reports the
// outcome to the governor.
func (c *Client) send(ctx context.Context, method string, u *url.URL, bucket string, build func() (*http.Request, error)) (*Response, error) {
	if err := c.gov.acquire(ctx, bucket); err != nil {
		return nil, err
	}
	hreq, err := build()
	if err != nil {
		c.gov.abandon(bucket)
		return nil, err
	}
	sent := time.Now()
	hresp, err := c.http.Do(hreq)
	received := time.Now()
	if err != nil {
		c.gov.done(bucket, 0, nil, sent, received)
		if ctx.Err() != nil {
			// Our caller gave up; that is not a fault of the network.
			return nil, fmt.Errorf("%s %s: %w", method, u.Path, ctx.Err())
		}
		return nil, &TransportError{Method: method, Path: u.Path, Err: unwrapURLError(err)}
	}
	body, err := io.ReadAll(io.LimitReader(hresp.Body, maxResponseBytes+1))
	_ = hresp.Body.Close()
	c.gov.done(bucket, hresp.StatusCode, hresp.Header, sent, received)
	c.dpop.noteNonce(u, hresp.Header)
	if err != nil {
		// The status line arrived, so the server acted; the body was lost.
		return nil, &TransportError{Method: method, Path: u.Path, Err: err}
	}
	if len(body) > maxResponseBytes {
		return nil, fmt.Errorf("%s %s: response larger than %d bytes", method, u.Path, maxResponseBytes)
	}
	return &Response{Status: hresp.StatusCode, Header: hresp.Header, Body: body, url: u}, nil
}

// unwrapURLError drops net/http's *url.Error wrapper: our TransportError
// already names the method and path, and the wrapper would repeat the full
// URL, query and all.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// newRequest builds one attempt of a Management API request with the headers
// Okta requires: Accept and Content-Type on every request, a User-Agent,
// and (via net/http, for a nil body) "Content-Length: 0" on a body-less POST
// or PUT, without which Okta answers 411.
func (c *Client) newRequest(ctx context.Context, method string, u *url.URL, body []byte, cred credential) (*http.Request, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), r)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Authorization", cred.header())
	if cred.scheme == "DPoP" {
		proof, err := c.dpop.proof(method, u, cred.secret)
		if err != nil {
			return nil, err
		}
		req.Header.Set("DPoP", proof)
	}
	return req, nil
}

// resolve turns a Request's Path and Query into the URL to call.
func (c *Client) resolve(path string, query url.Values) (*url.URL, error) {
	ref, err := url.Parse(path)
	if err != nil {
		return nil, fmt.Errorf("okta: bad request path %q: %w", path, err)
	}
	var u *url.URL
	if ref.IsAbs() {
		if !c.sameOrg(ref) {
			// The request would carry our credentials; only the org gets them.
			return nil, fmt.Errorf("okta: refusing to call %s://%s: not the org host %s", ref.Scheme, ref.Host, c.org.Host)
		}
		u = ref
	} else {
		if ref.Host != "" || !strings.HasPrefix(ref.Path, "/") {
			return nil, fmt.Errorf("okta: request path %q must start with /", path)
		}
		u = &url.URL{Scheme: c.org.Scheme, Host: c.org.Host, Path: ref.Path, RawPath: ref.RawPath, RawQuery: ref.RawQuery}
	}
	u.Fragment, u.RawFragment = "", ""
	if len(query) > 0 {
		if u.RawQuery != "" {
			u.RawQuery += "&"
		}
		u.RawQuery += query.Encode()
	}
	return u, nil
}

// sameOrg reports whether u is on the org's host, same scheme and port. The
// org's admin host ("acme-admin.okta.com" for "acme.okta.com") counts too:
// Okta puts it in the Link headers of some IAM endpoints, and it is the same
// org behind the same certificate authority.
func (c *Client) sameOrg(u *url.URL) bool {
	if !strings.EqualFold(u.Scheme, c.org.Scheme) || u.User != nil {
		return false
	}
	host := strings.ToLower(u.Host)
	if host == c.org.Host {
		return true
	}
	first, rest, ok := strings.Cut(c.org.Host, ".")
	return ok && host == first+"-admin."+rest
}

// encodeBody turns Request.Body into bytes. nil stays nil (no body at all),
// which is what makes net/http send Content-Length: 0 on POST and PUT.
func encodeBody(body any) ([]byte, error) {
	switch b := body.(type) {
	case nil:
		return nil, nil
	case []byte:
		return b, nil
	case json.RawMessage:
		return b, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Okta stores expression strings such as `user.a > 1 && ...`; keep them
	// readable on the wire instead of \u003e-escaped.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		return nil, fmt.Errorf("encoding request body: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
