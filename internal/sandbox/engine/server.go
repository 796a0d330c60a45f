package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Options configure a sandbox org. The zero value plus a token is a fresh
// enterprise-tier org with real one-minute windows.
type Options struct {
	Token       string
	Tier        Tier
	RateScale   float64       // windows last 60/RateScale seconds
	Concurrency int           // org concurrency cap; 0 = the tier's
	Latency     time.Duration // added to every request, ±25% jitter
	Faults      Faults
	Sample      bool           // seed a realistic small org
	Generate    map[string]int // counts per kind for large orgs
	StateFile   string         // load at start, save on Close
	Seed        int64          // ids and secrets are drawn from this
	// Subdomain is the org's subdomain, which Okta builds into generated
	// names (custom SAML apps); default "sandbox".
	Subdomain string
	// Features are optional features the org has on besides those every
	// sandbox org has (Early Access features an org must ask Okta for, by
	// the names the families define). A feature that is off makes its
	// endpoints answer as Okta does for an org without it. A Sample org has
	// every feature a module declares (Module.Features) on.
	Features []string
	Now      func() time.Time
}

// Server is one sandbox org behind an http.Handler.
type Server struct {
	opts   Options
	org    *Org
	tree   *routeTree
	routes *Router
	limit  *limiter
	faults *injector
	jitter *rand.Rand
	jmu    sync.Mutex
	stats  *stats
	// onDelete are the modules' cross-module delete hooks, per table.
	onDelete map[string][]DeleteHook
	reqSeq   uint64
	reqMu    sync.Mutex
}

// New builds an org: system objects first, then the sample or generated
// objects, or the saved state when StateFile exists.
func New(opts Options) (*Server, error) {
	if opts.Token == "" {
		return nil, errors.New("sandbox: a token is required")
	}
	if opts.Tier == "" {
		opts.Tier = TierEnterprise
	}
	if _, ok := tierLimits[opts.Tier]; !ok {
		return nil, fmt.Errorf("sandbox: unknown tier %q (use developer, enterprise or workforce)", opts.Tier)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	s := &Server{
		opts:     opts,
		tree:     newRouteTree(),
		routes:   newRouter(),
		limit:    newLimiter(opts.Tier, opts.RateScale, opts.Concurrency, opts.Now),
		faults:   &injector{faults: opts.Faults, rnd: rand.New(rand.NewSource(opts.Seed + 1))},
		jitter:   rand.New(rand.NewSource(opts.Seed + 2)),
		stats:    newStats(),
		onDelete: deleteHooks(),
	}
	for _, m := range modulesInOrder() {
		if m.Routes != nil {
			m.Routes(s.routes)
		}
	}
	s.installLogs()
	s.routes.Handle("GET", "/_sandbox/stats", "", s.handleStats).Public = true
	s.routes.routes["GET /_sandbox/stats"].unlimited = true
	for _, r := range s.routes.routes {
		s.tree.add(r)
	}
	loaded, err := s.loadState()
	if err != nil {
		return nil, err
	}
	if !loaded {
		s.org = newOrg(opts.Seed, opts.Now)
		if opts.Subdomain != "" {
			s.org.Sub = opts.Subdomain
		}
		features := opts.Features
		if opts.Sample {
			for _, m := range modulesInOrder() {
				features = append(features, m.Features...)
			}
		}
		for _, f := range features {
			if s.org.Features == nil {
				s.org.Features = map[string]bool{}
			}
			s.org.Features[f] = true
		}
		if err := s.build(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// build seeds system objects, then the sample and generated objects, each
// module in dependency phase order so that later kinds can name earlier ones.
func (s *Server) build() error {
	c := &Call{s: s, Org: s.org}
	for _, m := range modulesInOrder() {
		if m.Seed != nil {
			if err := m.Seed(c); err != nil {
				return fmt.Errorf("sandbox: seeding %s: %w", m.Name, err)
			}
		}
	}
	if s.opts.Sample {
		for _, m := range modulesInOrder() {
			if m.Sample != nil {
				if err := m.Sample(c); err != nil {
					return fmt.Errorf("sandbox: sample %s: %w", m.Name, err)
				}
			}
		}
	}
	if len(s.opts.Generate) > 0 {
		if err := s.generate(c, s.opts.Generate); err != nil {
			return err
		}
	}
	return nil
}

// ServeHTTP runs every request through the same gate Okta's edge does:
// request id and Date, concurrency and bucket limits with their headers,
// injected faults and latency, the token check, then the handler under the
// org lock. A panic in a handler becomes a 500, never a crash.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := s.requestID()
	hdr := w.Header()
	hdr.Set("Date", s.opts.Now().UTC().Format(http.TimeFormat))
	hdr.Set("X-Okta-Request-Id", reqID)
	hdr.Set("Content-Type", "application/json")

	rt, pattern := s.match(r)
	bucket := bucketFor(r.Method, r.URL.Path)
	if rt != nil && rt.unlimited {
		s.dispatch(w, r, rt)
		return
	}
	rl, admitted := s.limit.enter(bucket)
	defer s.limit.leave()
	rl.set(hdr)
	s.stats.count(bucket, pattern, admitted)
	if !admitted {
		s.writeError(w, errRateLimited(), reqID)
		return
	}
	// Latency is time the request spends in flight at the org, so it
	// counts against the concurrency cap, as server time does at Okta.
	s.sleepLatency(r)
	fault := s.faults.draw()
	s.stats.fault(fault.kind)
	switch fault.kind {
	case Fault500:
		s.writeError(w, errInternal(), reqID)
		return
	case Fault503:
		s.writeError(w, errUnavailable(), reqID)
		return
	case Fault429:
		hdr.Set("X-Rate-Limit-Remaining", "0")
		s.writeError(w, errRateLimited(), reqID)
		return
	case FaultReset:
		if !fault.after {
			resetConn(w)
			return
		}
		// Handle the request for real, then lose the answer.
		rec := httptest.NewRecorder()
		rec.Header().Set("X-Okta-Request-Id", reqID)
		s.dispatch(rec, r, rt)
		resetConn(w)
		return
	}
	s.dispatch(w, r, rt)
}

// match finds the route for a request (nil when none) and sets the
// request's path values from its wildcards (match.go).
func (s *Server) match(r *http.Request) (*Route, string) {
	segs, ok := requestSegments(r)
	if !ok {
		return nil, ""
	}
	rt, vals := s.tree.find(r.Method, segs)
	if rt == nil {
		return nil, ""
	}
	for i, name := range wildcardNames(rt.pattern) {
		r.SetPathValue(name, vals[i])
	}
	return rt, rt.method + " " + rt.pattern
}

func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, rt *Route) {
	if rt == nil {
		s.writeError(w, s.unmatched(r), w.Header().Get("X-Okta-Request-Id"))
		return
	}
	s.serveRoute(w, r, rt)
}

func (s *Server) serveRoute(w http.ResponseWriter, r *http.Request, rt *Route) {
	reqID := w.Header().Get("X-Okta-Request-Id")
	if !rt.Public {
		if e := s.authorized(r, rt, w.Header()); e != nil {
			s.writeError(w, e, reqID)
			return
		}
	}
	if (r.Method == http.MethodPost || r.Method == http.MethodPut) &&
		r.ContentLength <= 0 && r.Header.Get("Content-Length") == "" && len(r.TransferEncoding) == 0 {
		// Okta answers 411 to a body-less POST or PUT without
		// Content-Length: 0 (DESIGN, "Okta's API rules").
		s.writeError(w, errLengthRequired(), reqID)
		return
	}
	s.write(w, s.run(rt, r, reqID), reqID)
}

// run calls the handler with the org locked, converting panics to 500s.
// A successful call's System Log events are committed with it.
func (s *Server) run(rt *Route, r *http.Request, reqID string) (rep Reply) {
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			rep = Fail(errInternal())
		}
	}()
	c := &Call{s: s, Org: s.org, r: r, Base: baseURL(r)}
	rep = rt.h(c)
	if rep.Err == nil {
		s.commitEvents(c, reqID)
	}
	return rep
}

// unmatched tells a wrong method (405) from an unknown path (404).
func (s *Server) unmatched(r *http.Request) *APIError {
	segs, ok := requestSegments(r)
	if !ok {
		return errPathNotFound()
	}
	for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH"} {
		if m == r.Method {
			continue
		}
		if rt, _ := s.tree.find(m, segs); rt != nil {
			return errMethodNotAllowed()
		}
	}
	return errPathNotFound()
}

// authorized checks the request's credential against the route. The SSWS
// token carries every scope, as an admin's API token does, until it is
// revoked (RevokeClientToken). Anything else
// must be an OAuth access token from the org authorization server
// (oauth.go) that carries the route's scope; its refusals may set a
// WWW-Authenticate challenge on hdr.
func (s *Server) authorized(r *http.Request, rt *Route, hdr http.Header) *APIError {
	if r.Header.Get("Authorization") == "SSWS "+s.opts.Token {
		s.org.mu.Lock()
		revoked := s.org.TokenRevoked
		s.org.mu.Unlock()
		if revoked {
			return errInvalidToken()
		}
		return nil
	}
	return s.authorizeAccessToken(r, rt.scope, hdr)
}

// RevokeClientToken revokes the SSWS token the sandbox's client uses
// (Options.Token): every later request that presents it is refused with
// 401 E0000011, as Okta refuses a revoked API token. The API token
// module calls it when the token's record is revoked.
func (c *Call) RevokeClientToken() { c.Org.TokenRevoked = true }

func (s *Server) write(w http.ResponseWriter, rep Reply, reqID string) {
	if rep.Err != nil {
		s.writeError(w, rep.Err, reqID)
		return
	}
	for k, vs := range rep.Header {
		if http.CanonicalHeaderKey(k) == "Content-Type" {
			w.Header().Del(k) // replaces the default application/json
		}
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if rep.Raw != nil {
		w.Header().Set("Content-Length", strconv.Itoa(len(rep.Raw)))
		w.WriteHeader(rep.Status)
		_, _ = w.Write(rep.Raw)
		return
	}
	if rep.Body == nil {
		w.Header().Del("Content-Type")
		w.WriteHeader(rep.Status)
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep.Body); err != nil {
		s.writeError(w, errInternal(), reqID)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(rep.Status)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) writeError(w http.ResponseWriter, e *APIError, reqID string) {
	data, _ := json.Marshal(e.body("oae" + reqID))
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(e.status)
	_, _ = w.Write(data)
}

func (s *Server) requestID() string {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	s.reqSeq++
	return fmt.Sprintf("X%019d", s.reqSeq)
}

// sleepLatency adds the configured latency with ±25% jitter, cut short if the
// client goes away.
func (s *Server) sleepLatency(r *http.Request) {
	if s.opts.Latency <= 0 {
		return
	}
	s.jmu.Lock()
	f := 0.75 + s.jitter.Float64()*0.5
	s.jmu.Unlock()
	t := time.NewTimer(time.Duration(float64(s.opts.Latency) * f))
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// resetConn drops the client's connection without an answer, with an RST
// where the platform allows it.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// Routes lists the registered endpoints ("METHOD /pattern"), sorted.
func (s *Server) Routes() []string { return s.routes.patterns() }

// RouteScope returns the OAuth scope Okta requires for an endpoint.
func (s *Server) RouteScope(key string) string {
	if r := s.routes.routes[key]; r != nil {
		return r.scope
	}
	return ""
}
