package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Environment variables, as GitHub Actions sets them.
const (
	EnvToken      = "GITHUB_TOKEN"
	EnvAPIURL     = "GITHUB_API_URL"
	EnvRepository = "GITHUB_REPOSITORY"
	EnvServerURL  = "GITHUB_SERVER_URL"
	EnvRunID      = "GITHUB_RUN_ID"
	EnvSHA        = "GITHUB_SHA"
)

const (
	// DefaultAPIURL is github.com's API; GitHub Enterprise Server sets
	// GITHUB_API_URL to its own (https://HOST/api/v3).
	DefaultAPIURL = "https://api.github.com"
	// apiVersion pins the REST API version the shapes below were written for.
	apiVersion = "2022-11-28"
	// perPage is the largest page GitHub's list endpoints give.
	perPage = 100
	// maxResponseBytes bounds what we read from one response: the answers
	// we use are pages of at most 100 comments of at most 64 KiB each.
	maxResponseBytes = 32 << 20
	// maxAttempts bounds retries of idempotent requests.
	maxAttempts = 3
	// maxRetryAfter caps how long a Retry-After may make us wait; a CI job
	// has better things to do than sleep for an hour.
	maxRetryAfter = 90 * time.Second
	// redacted replaces the token wherever it shows up in an error.
	redacted = "[REDACTED]"
)

// Config says how to reach GitHub. ConfigFromEnv fills it the way a
// workflow step sees it.
type Config struct {
	// APIURL is the REST API root; "" means DefaultAPIURL.
	APIURL string
	// Token is sent as a bearer token; it never appears in errors.
	Token string
	// Repository is "owner/name".
	Repository string
	// HTTPClient is the transport; nil means a client with a timeout.
	HTTPClient *http.Client
	// UserAgent identifies us (GitHub requires one).
	UserAgent string
	// RetryDelay is the first retry's wait (doubled on each retry); 0 means
	// one second. Tests set it small.
	RetryDelay time.Duration
}

// ConfigFromEnv reads GITHUB_TOKEN, GITHUB_API_URL and GITHUB_REPOSITORY.
// getenv is passed in (os.Getenv in main) so that tests never read the real
// environment.
func ConfigFromEnv(getenv func(string) string) Config {
	return Config{
		APIURL:     strings.TrimSpace(getenv(EnvAPIURL)),
		Token:      strings.TrimSpace(getenv(EnvToken)),
		Repository: strings.TrimSpace(getenv(EnvRepository)),
	}
}

// Client calls GitHub's REST API for one repository.
type Client struct {
	base       *url.URL
	token      string
	owner      string
	repo       string
	http       *http.Client
	userAgent  string
	retryDelay time.Duration
}

// New checks cfg and returns a client. Every error says which setting to fix.
func New(cfg Config) (*Client, error) {
	if cfg.Token == "" {
		return nil, fmt.Errorf("github: no token: set %s (in a workflow: env: %s: ${{ github.token }})", EnvToken, EnvToken)
	}
	raw := cfg.APIURL
	if raw == "" {
		raw = DefaultAPIURL
	}
	base, err := parseAPIURL(raw)
	if err != nil {
		return nil, err
	}
	owner, repo, ok := strings.Cut(cfg.Repository, "/")
	if !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
		return nil, fmt.Errorf("github: repository %q is not owner/name: set %s", cfg.Repository, EnvRepository)
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	ua := cfg.UserAgent
	if ua == "" {
		ua = "oktasync"
	}
	delay := cfg.RetryDelay
	if delay <= 0 {
		delay = time.Second
	}
	return &Client{base: base, token: cfg.Token, owner: owner, repo: repo, http: hc, userAgent: ua, retryDelay: delay}, nil
}

// parseAPIURL accepts https anywhere and http only on loopback, because
// plain http would put the token on the wire in clear text.
func parseAPIURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("github: API URL %q is malformed: set %s to e.g. %s", raw, EnvAPIURL, DefaultAPIURL)
	}
	if u.User != nil {
		return nil, fmt.Errorf("github: API URL must not carry credentials: the token goes in %s", EnvToken)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return nil, fmt.Errorf("github: API URL %q must be https (plain http only for loopback)", u.Redacted())
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Repository returns "owner/name".
func (c *Client) Repository() string { return c.owner + "/" + c.repo }

// repoPath is the API path of something in the repository; elems are
// escaped one by one.
func (c *Client) repoPath(elems ...string) string {
	parts := []string{"repos", url.PathEscape(c.owner), url.PathEscape(c.repo)}
	for _, e := range elems {
		parts = append(parts, url.PathEscape(e))
	}
	return "/" + strings.Join(parts, "/")
}

// APIError is a non-2xx answer. It carries what a person needs to act on
// it, and never the token.
type APIError struct {
	Method string
	Path   string
	Status int
	// Message is GitHub's "message", with the field errors of a 422
	// appended ("body is too long (maximum is 65536 characters)").
	Message string
	// RequestID is X-GitHub-Request-Id, for GitHub support.
	RequestID string
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("github: %s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RequestID != "" {
		s += " (request " + e.RequestID + ")"
	}
	return s
}

// StatusCode returns the HTTP status of an *APIError in err's chain, or 0.
func StatusCode(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// secretError is an error whose text has been scrubbed of the token. The
// wrapped error stays reachable for errors.Is (context.Canceled, ...), but
// only the scrubbed text is ever printed.
type secretError struct {
	msg string
	err error
}

func (e *secretError) Error() string { return e.msg }
func (e *secretError) Unwrap() error { return e.err }

// scrub returns err with every occurrence of the token removed from its
// text. A server or proxy that echoes the Authorization header back must
// not be able to put the token into a CI log through us.
func (c *Client) scrub(err error) error {
	if err == nil || c.token == "" || !strings.Contains(err.Error(), c.token) {
		return err
	}
	return &secretError{msg: strings.ReplaceAll(err.Error(), c.token, redacted), err: err}
}

// response is what do returns on success.
type response struct {
	header http.Header
	url    *url.URL
}

// do sends one request and decodes a JSON answer into out (if not nil).
// target is an API path ("/repos/…", resolved against the API root, with
// query) or an absolute URL taken from a Link header, which must be on the
// API's own host.
func (c *Client) do(ctx context.Context, method, target string, query url.Values, in, out any) (*response, error) {
	resp, err := c.doRaw(ctx, method, target, query, in, out)
	return resp, c.scrub(err)
}

func (c *Client) doRaw(ctx context.Context, method, target string, query url.Values, in, out any) (*response, error) {
	u, err := c.resolve(target, query)
	if err != nil {
		return nil, err
	}
	var body []byte
	if in != nil {
		if body, err = json.Marshal(in); err != nil {
			return nil, fmt.Errorf("github: %s %s: encoding the request: %w", method, u.Path, err)
		}
	}
	// Repeating a GET or a PATCH (which sets fields to given values) is
	// harmless; repeating a POST whose outcome we did not see could create
	// a duplicate.
	attempts := 1
	if method == http.MethodGet || method == http.MethodPatch {
		attempts = maxAttempts
	}
	delay := c.retryDelay
	for attempt := 1; ; attempt++ {
		resp, wait, err := c.once(ctx, method, u, body, out)
		if err == nil {
			return resp, nil
		}
		if wait < 0 || attempt >= attempts || ctx.Err() != nil {
			return nil, err
		}
		if wait == 0 {
			wait = delay
			delay *= 2
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%w (while waiting to retry after: %w)", ctx.Err(), err)
		case <-t.C:
		}
	}
}

// resolve turns target into a URL on the API host.
func (c *Client) resolve(target string, query url.Values) (*url.URL, error) {
	if strings.HasPrefix(target, "/") {
		u := *c.base
		u.Path = c.base.Path + target
		u.RawPath = ""
		if len(query) > 0 {
			u.RawQuery = query.Encode()
		}
		return &u, nil
	}
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("github: unreadable link %q: %w", target, err)
	}
	// Our token must travel to the API host only, whatever a Link header says.
	if u.Scheme != c.base.Scheme || u.Host != c.base.Host {
		return nil, fmt.Errorf("github: refusing to follow a link to %s://%s, which is not the API host %s", u.Scheme, u.Host, c.base.Host)
	}
	return u, nil
}

// once sends one attempt. wait < 0 means "do not retry"; wait == 0 means
// "retry after the usual backoff"; wait > 0 is what the server asked for.
func (c *Client) once(ctx context.Context, method string, u *url.URL, body []byte, out any) (*response, time.Duration, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, -1, fmt.Errorf("github: %s %s: %w", method, u.Path, err)
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("X-GitHub-Api-Version", apiVersion)
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// url.Error repeats the URL, which is harmless; the token is in a
		// header, never in the URL.
		return nil, 0, fmt.Errorf("github: %s %s: %w", method, u.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, 0, fmt.Errorf("github: %s %s: reading the answer: %w", method, u.Path, err)
	}
	if len(data) > maxResponseBytes {
		return nil, -1, fmt.Errorf("github: %s %s: answer larger than %d bytes", method, u.Path, maxResponseBytes)
	}
	if resp.StatusCode/100 != 2 {
		ae := &APIError{Method: method, Path: u.Path, Status: resp.StatusCode, Message: errorMessage(data), RequestID: resp.Header.Get("X-GitHub-Request-Id")}
		return nil, retryWait(resp), ae
	}
	if out != nil && len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return nil, -1, fmt.Errorf("github: %s %s: unexpected answer: %w", method, u.Path, err)
		}
	}
	return &response{header: resp.Header, url: u}, 0, nil
}

// retryWait classifies a failed answer: 5xx and rate limits are transient,
// everything else is final. GitHub signals its secondary rate limit with a
// 403 (or 429) and Retry-After, and the primary one with
// X-RateLimit-Remaining: 0 and X-RateLimit-Reset.
func retryWait(resp *http.Response) time.Duration {
	if s := resp.Header.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 0 {
			return min(time.Duration(n)*time.Second+time.Second/2, maxRetryAfter)
		}
	}
	if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests {
		if resp.Header.Get("X-RateLimit-Remaining") == "0" {
			if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
				d := time.Until(time.Unix(reset, 0)) + time.Second
				if d > maxRetryAfter {
					return -1 // not worth waiting for within a CI step
				}
				return max(d, time.Second)
			}
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			return 0
		}
		return -1
	}
	if resp.StatusCode >= 500 {
		return 0
	}
	return -1
}

// errorMessage extracts GitHub's message and field errors from an error
// body; a body that is not GitHub's JSON (a proxy's HTML page) is cut short.
func errorMessage(data []byte) string {
	var e struct {
		Message string `json:"message"`
		Errors  []struct {
			Resource string `json:"resource"`
			Field    string `json:"field"`
			Code     string `json:"code"`
			Message  string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(data, &e) != nil || e.Message == "" {
		s := strings.TrimSpace(string(data))
		if len(s) > 200 {
			s = s[:200] + "…"
		}
		return s
	}
	msg := e.Message
	for _, fe := range e.Errors {
		switch {
		case fe.Message != "":
			msg += "; " + fe.Message
		case fe.Field != "":
			msg += fmt.Sprintf("; %s.%s: %s", fe.Resource, fe.Field, fe.Code)
		}
	}
	return msg
}

// list reads every page of a collection: the first request is path with
// per_page=100, every later one the Link rel="next" URL exactly as GitHub
// wrote it. decode is called once per page with the raw body; returning
// stop=true ends the listing early (the marked comment was found).
func (c *Client) list(ctx context.Context, path string, query url.Values, page func(raw json.RawMessage) (stop bool, err error)) error {
	q := url.Values{}
	for k, v := range query {
		q[k] = append([]string(nil), v...)
	}
	q.Set("per_page", strconv.Itoa(perPage))
	target := path
	seen := map[string]bool{}
	for {
		var raw json.RawMessage
		resp, err := c.do(ctx, http.MethodGet, target, q, nil, &raw)
		if err != nil {
			return err
		}
		stop, err := page(raw)
		if err != nil || stop {
			return err
		}
		next := nextLink(resp.header)
		if next == "" {
			return nil
		}
		nu, err := resp.url.Parse(next)
		if err != nil {
			return fmt.Errorf("github: GET %s: unreadable Link rel=\"next\": %w", resp.url.Path, err)
		}
		seen[resp.url.String()] = true
		if seen[nu.String()] {
			return fmt.Errorf("github: GET %s: Link rel=\"next\" points back to a page already read", resp.url.Path)
		}
		target, q = nu.String(), nil
	}
}

// nextLink returns the rel="next" target of a Link header
// (`<url>; rel="next", <url>; rel="last"`), or "".
func nextLink(h http.Header) string {
	for _, line := range h.Values("Link") {
		for _, part := range strings.Split(line, ",") {
			part = strings.TrimSpace(part)
			if !strings.HasPrefix(part, "<") {
				continue
			}
			end := strings.Index(part, ">")
			if end < 0 {
				continue
			}
			target := part[1:end]
			for _, param := range strings.Split(part[end+1:], ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
					if strings.EqualFold(rel, "next") {
						return target
					}
				}
			}
		}
	}
	return ""
}
