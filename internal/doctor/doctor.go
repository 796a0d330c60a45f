package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
)

// Status is a check's outcome.
type Status string

const (
	Pass Status = "PASS"
	Warn Status = "WARN"
	Fail Status = "FAIL"
	// Skip marks a check an earlier failure made meaningless.
	Skip Status = "SKIP"
)

// Check names. They are part of the output that scripts may grep, so they
// do not change.
const (
	CheckConfig      = "configuration"
	CheckOrg         = "org"
	CheckCredentials = "credentials"
	CheckScopes      = "scopes"
	CheckRateLimit   = "rate limit"
)

// Result is one line of the report.
type Result struct {
	Check  string
	Status Status
	Detail string
	Fix    string // what to do; empty for a pass
}

// Report is the outcome of every check, in the order they ran.
type Report struct {
	Results []Result
}

func (r *Report) add(check string, st Status, detail, fix string) {
	r.Results = append(r.Results, Result{Check: check, Status: st, Detail: detail, Fix: fix})
}

// Failures counts the FAIL lines; the command exits 1 when there are any.
func (r *Report) Failures() int {
	n := 0
	for _, res := range r.Results {
		if res.Status == Fail {
			n++
		}
	}
	return n
}

// WriteText writes one line per result, "PASS  <check>: <detail>", and
// under a line that did not pass, "      fix: <fix>".
func (r *Report) WriteText(w io.Writer) error {
	for _, res := range r.Results {
		if _, err := fmt.Fprintf(w, "%-4s  %s: %s\n", res.Status, res.Check, res.Detail); err != nil {
			return err
		}
		if res.Fix != "" {
			if _, err := fmt.Fprintf(w, "      fix: %s\n", res.Fix); err != nil {
				return err
			}
		}
	}
	return nil
}

// Options configure a run.
type Options struct {
	// Sources is where the configuration is read from, as for every other
	// command.
	Sources okta.ConfigSources
	// ReadOnly says the credentials are meant for export and plan only, so
	// okta.*.read scopes are enough; otherwise apply's okta.*.manage scopes
	// are required.
	ReadOnly bool
	// HTTPClient, when set, carries every request (tests, proxies).
	HTTPClient *http.Client
}

// kindScopeAreas maps every registry kind to the area of the Okta API
// scopes its endpoints require (okta.<area>.read to list and get,
// okta.<area>.manage to change). The registry holds no scopes: Okta
// attaches them to endpoints, so this table is kept here and a test checks
// it against the registry (every kind covered) and against the sandbox's
// per-endpoint scopes (every area right).
var kindScopeAreas = map[string]string{
	"groups":                   "groups",
	"group-rules":              "groups",
	"group-schema":             "schemas",
	"user-schemas":             "schemas",
	"user-types":               "userTypes",
	"apps":                     "apps",
	"app-group-assignments":    "apps",
	"policies":                 "policies",
	"policy-rules":             "policies",
	"authorization-servers":    "authorizationServers",
	"auth-server-scopes":       "authorizationServers",
	"auth-server-claims":       "authorizationServers",
	"auth-server-policies":     "authorizationServers",
	"auth-server-policy-rules": "authorizationServers",
	"idps":                     "idps",
	"idp-keys":                 "idps",
	"network-zones":            "networkZones",
	"trusted-origins":          "trustedOrigins",
	"authenticators":           "authenticators",
	"event-hooks":              "eventHooks",
	"inline-hooks":             "inlineHooks",
	"brands":                   "brands",
	"themes":                   "brands",
}

// areaProbes are cheap reads, one per scope area, that prove an access
// token works and carry rate-limit headers. Those in Okta's shared /api/v1
// bucket come first, so that the probe spends neither the small apps
// bucket nor the users bucket, and its headers serve the rate-limit check.
var areaProbes = []struct {
	area, path  string
	sharedAPIV1 bool // charged to the shared /api/v1 bucket
}{
	{"userTypes", "/api/v1/meta/types/user", true},
	{"schemas", "/api/v1/meta/schemas/group/default", true},
	{"trustedOrigins", "/api/v1/trustedOrigins?limit=1", true},
	{"networkZones", "/api/v1/zones?limit=1", true},
	{"authenticators", "/api/v1/authenticators", true},
	{"eventHooks", "/api/v1/eventHooks", true},
	{"inlineHooks", "/api/v1/inlineHooks", true},
	{"idps", "/api/v1/idps?limit=1", true},
	{"brands", "/api/v1/brands", true},
	{"policies", "/api/v1/policies?type=OKTA_SIGN_ON&limit=1", true},
	{"authorizationServers", "/api/v1/authorizationServers?limit=1", true},
	{"groups", "/api/v1/groups?limit=1", false},
	{"users", "/api/v1/users?limit=1", false},
	{"apps", "/api/v1/apps?limit=1", false},
}

const (
	wellKnownPath = "/.well-known/okta-organization"
	// tokenPath is where the client's token errors come from; the client
	// reports it as the failing request's path.
	tokenPath = "/oauth2/v1/token"
	// headroomWarnPercent is the share of a bucket below which the
	// rate-limit check warns: a run would soon be waiting for the window.
	headroomWarnPercent = 20
	// orgTimeout bounds the unauthenticated reachability request.
	orgTimeout = 15 * time.Second
)

// ScopeAreas returns the scope area of every kind in reg, and an error
// naming any kind the table does not cover (a kind added to the registry
// without its scope).
func ScopeAreas(reg *model.Registry) (map[string]string, error) {
	out := map[string]string{}
	var missing []string
	for _, k := range reg.Kinds() {
		area, ok := kindScopeAreas[k.Name]
		if !ok {
			missing = append(missing, k.Name)
			continue
		}
		out[k.Name] = area
	}
	if len(missing) > 0 {
		return out, fmt.Errorf("doctor: no Okta scope area for kinds %s", strings.Join(missing, ", "))
	}
	return out, nil
}

// NeededScopes returns the scopes oktasync needs for reg's kinds, sorted:
// okta.<area>.read for export and plan (readOnly), or okta.<area>.manage,
// which includes read, for apply as well.
func NeededScopes(reg *model.Registry, readOnly bool) []string {
	areas, _ := ScopeAreas(reg)
	set := map[string]bool{}
	for _, a := range areas {
		if readOnly {
			set["okta."+a+".read"] = true
		} else {
			set["okta."+a+".manage"] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Run performs the checks against the org the configuration names.
func Run(ctx context.Context, reg *model.Registry, opts Options) *Report {
	d := &doctor{opts: opts, reg: reg, rep: &Report{}}
	d.run(ctx)
	return d.rep
}

// credState is what the credentials check learned.
type credState int

const (
	credFailed credState = iota
	credOK
	// credScopeRefused: the service app authenticated but a requested
	// scope is not granted, so no token was issued.
	credScopeRefused
)

type doctor struct {
	opts   Options
	reg    *model.Registry
	rep    *Report
	cfg    okta.Config
	client *okta.Client
	oauth  bool
	// meID is the API token's admin (SSWS).
	meID string
	// last is the latest successful answer and the path it came from; the
	// rate-limit check reads its headers when it has nothing better.
	last     *okta.Response
	lastPath string
}

func (d *doctor) run(ctx context.Context) {
	if !d.checkConfig() {
		d.skip("needs a configuration", CheckOrg, CheckCredentials, CheckScopes, CheckRateLimit)
		return
	}
	if !d.checkOrg(ctx) {
		d.skip("needs a reachable org", CheckCredentials, CheckScopes, CheckRateLimit)
		return
	}
	state := d.checkCredentials(ctx)
	if state == credFailed {
		d.skip("needs valid credentials", CheckScopes, CheckRateLimit)
		return
	}
	d.checkScopes(ctx, state)
	d.checkRateLimit(ctx)
}

func (d *doctor) skip(why string, checks ...string) {
	for _, c := range checks {
		d.rep.add(c, Skip, why, "")
	}
}

// --- 1. configuration ---------------------------------------------------

const configFix = "set OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN, or OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey with " +
	"OKTA_CLIENT_CLIENTID, OKTA_CLIENT_SCOPES and OKTA_CLIENT_PRIVATEKEY (in the environment or okta.yaml)"

func (d *doctor) checkConfig() bool {
	cfg, err := okta.LoadConfig(d.opts.Sources)
	if err != nil {
		// LoadConfig's messages name the setting and never quote a secret.
		d.rep.add(CheckConfig, Fail, strings.TrimPrefix(err.Error(), "okta: "), configFix)
		return false
	}
	// No retries: the doctor reports each answer as it came, and a 429
	// must not turn into a minute's silent wait.
	cfg.MaxRetries = -1
	if d.opts.HTTPClient != nil {
		cfg.HTTPClient = d.opts.HTTPClient
	}
	client, err := okta.New(cfg)
	if err != nil {
		d.rep.add(CheckConfig, Fail, strings.TrimPrefix(err.Error(), "okta: "), configFix)
		return false
	}
	d.cfg, d.client = cfg, client
	d.oauth = cfg.AuthMode == okta.AuthModePrivateKey
	detail := client.OrgURL() + " with an API token (SSWS)"
	if d.oauth {
		kid := ""
		if cfg.PrivateKeyID != "" {
			kid = ", key id " + cfg.PrivateKeyID
		}
		detail = fmt.Sprintf("%s with OAuth 2.0 service app %s (private key%s), %s requested",
			client.OrgURL(), cfg.ClientID, kid, plural(len(cfg.Scopes), "scope"))
	}
	if strings.HasPrefix(client.OrgURL(), "http://") {
		detail += "; plain http, which is allowed for loopback hosts only"
	}
	d.rep.add(CheckConfig, Pass, detail, "")
	return true
}

// --- 2. org -------------------------------------------------------------

// checkOrg reads the org's well-known document without credentials: it
// tells whether the URL is an Okta org at all and which pipeline it runs,
// and it does not depend on the credentials the next check tests.
func (d *doctor) checkOrg(ctx context.Context) bool {
	org := d.client.OrgURL()
	hc := http.Client{Timeout: orgTimeout}
	if d.opts.HTTPClient != nil {
		hc = *d.opts.HTTPClient
	}
	// Never follow a redirect: an org URL that redirects is a wrong one.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	ctx, cancel := context.WithTimeout(ctx, orgTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, org+wellKnownPath, nil)
	if err != nil {
		d.rep.add(CheckOrg, Fail, err.Error(), "check the org URL")
		return false
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "oktasync/"+okta.Version+" doctor")
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		d.rep.add(CheckOrg, Fail, fmt.Sprintf("cannot reach %s: %v", org, err),
			"check the org URL (OKTA_CLIENT_ORGURL, --org-url or okta.yaml; it looks like https://acme.okta.com), "+
				"DNS, and any proxy or firewall between this machine and Okta")
		return false
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var doc struct {
		ID       string `json:"id"`
		Pipeline string `json:"pipeline"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &doc) != nil {
		d.rep.add(CheckOrg, Fail, fmt.Sprintf("%s%s answered %d, not Okta's organization document", org, wellKnownPath, resp.StatusCode),
			"check the org URL: use the org's own domain (https://acme.okta.com, or its custom domain), not the admin console or an app's URL")
		return false
	}
	switch doc.Pipeline {
	case "idx":
		d.rep.add(CheckOrg, Pass, fmt.Sprintf("reachable; Identity Engine (pipeline idx), org id %s", doc.ID), "")
	case "v1":
		d.rep.add(CheckOrg, Warn, fmt.Sprintf("reachable; Classic Engine (pipeline v1), org id %s: ACCESS_POLICY and "+
			"PROFILE_ENROLLMENT policies and authenticators need Identity Engine", doc.ID),
			"upgrade the org to Identity Engine, or leave those out: --exclude-kinds authenticators, and no "+
				"ACCESS_POLICY or PROFILE_ENROLLMENT policy files")
	default:
		d.rep.add(CheckOrg, Warn, fmt.Sprintf("reachable, org id %s, but its pipeline %q is neither idx (Identity Engine) nor v1 (Classic)", doc.ID, doc.Pipeline),
			"check that the org URL is an Okta org")
	}
	return true
}

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
	probe := d.credentialProbe()
	resp, err := d.client.Do(ctx, okta.Request{Path: probe})
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

// credentialProbe picks a read the configured scopes allow, preferring the
// shared /api/v1 bucket; without any, the public well-known document, which
// still makes the client fetch a token first.
func (d *doctor) credentialProbe() string {
	have := scopeSet(d.cfg.Scopes)
	for _, p := range areaProbes {
		if covers(have, "okta."+p.area+".read") {
			return p.path
		}
	}
	return wellKnownPath
}

// --- 4. scopes ------------------------------------------------------------

func (d *doctor) checkScopes(ctx context.Context, state credState) {
	if !d.oauth {
		d.checkAdminRoles(ctx)
		return
	}
	if _, err := ScopeAreas(d.reg); err != nil {
		// A kind added to the registry without its row in kindScopeAreas:
		// its scope goes unchecked rather than the whole check failing.
		d.rep.add(CheckScopes, Warn, err.Error()+"; their scopes are not checked", "report this as an oktasync bug")
	}
	needed := NeededScopes(d.reg, d.opts.ReadOnly)
	purpose := "export, plan and apply"
	if d.opts.ReadOnly {
		purpose = "export and plan"
	}
	appRef := "the app with client ID " + d.cfg.ClientID
	grantFix := func(s string) string {
		return fmt.Sprintf("grant %s to the service app: Admin Console → Applications → %s → Okta API Scopes → Grant", s, appRef)
	}
	configured := dedupe(d.cfg.Scopes)
	neededSet := scopeSet(needed)

	// A token request that succeeded proves every requested scope granted.
	// After invalid_scope, ask for each one alone to learn which it was.
	granted := map[string]bool{}
	failures := 0
	for _, s := range configured {
		if state == credOK {
			granted[s] = true
			continue
		}
		ok, err := d.probeScope(ctx, s)
		if err != nil {
			d.rep.add(CheckScopes, Fail, fmt.Sprintf("%s: could not tell whether it is granted: %v", s, err), "run doctor again")
			failures++
			continue
		}
		if ok {
			granted[s] = true
			continue
		}
		failures++
		if neededSet[s] || coversAny(neededSet, s) {
			d.rep.add(CheckScopes, Fail, fmt.Sprintf("%s: requested (OKTA_CLIENT_SCOPES) but not granted to the service app, so no token can be issued", s),
				grantFix(s))
		} else {
			d.rep.add(CheckScopes, Fail, fmt.Sprintf("%s: requested (OKTA_CLIENT_SCOPES) but not granted to the service app, so no token can be issued", s),
				grantFix(s)+"; or, since oktasync does not need it, remove it from OKTA_CLIENT_SCOPES")
		}
	}
	requested := scopeSet(configured)
	for _, s := range needed {
		if covers(granted, s) {
			continue
		}
		if requested[s] {
			continue // reported above as requested but not granted
		}
		failures++
		ok, err := d.probeScope(ctx, s)
		switch {
		case err != nil:
			d.rep.add(CheckScopes, Fail, fmt.Sprintf("%s: needed for %s and not requested; could not tell whether it is granted: %v", s, purpose, err),
				"add "+s+" to OKTA_CLIENT_SCOPES (or okta.client.scopes in okta.yaml), and grant it if it is not granted")
		case ok:
			d.rep.add(CheckScopes, Fail, fmt.Sprintf("%s: needed for %s; granted to the service app but not requested", s, purpose),
				"add "+s+" to OKTA_CLIENT_SCOPES (or okta.client.scopes in okta.yaml)")
		default:
			d.rep.add(CheckScopes, Fail, fmt.Sprintf("%s: needed for %s; not granted to the service app and not requested", s, purpose),
				grantFix(s)+"; then add it to OKTA_CLIENT_SCOPES (or okta.client.scopes in okta.yaml)")
		}
	}
	if failures == 0 {
		kind := "okta.*.manage, which include read"
		if d.opts.ReadOnly {
			kind = "okta.*.read; manage scopes not checked (--read-only)"
		}
		d.rep.add(CheckScopes, Pass, fmt.Sprintf("the %s that %s need are granted and requested (%s)", plural(len(needed), "scope"), purpose, kind), "")
	}
	if state == credScopeRefused {
		// No token can be had with the configured scopes; the rate-limit
		// check reads with the ones that are granted.
		var usable []string
		for _, s := range configured {
			if granted[s] {
				usable = append(usable, s)
			}
		}
		d.useScopes(usable)
	}
}

// useScopes replaces the client with one that requests only scopes, or
// drops it when there are none.
func (d *doctor) useScopes(scopes []string) {
	d.client = nil
	if len(scopes) == 0 {
		return
	}
	cfg := d.cfg
	cfg.Scopes = scopes
	if c, err := okta.New(cfg); err == nil {
		d.cfg, d.client = cfg, c
	}
}

// probeScope asks the token endpoint for one scope alone: granted if a
// token comes back, not granted on invalid_scope. The request after the
// token is the public well-known document, so nothing else is exercised.
func (d *doctor) probeScope(ctx context.Context, scope string) (bool, error) {
	cfg := d.cfg
	cfg.Scopes = []string{scope}
	c, err := okta.New(cfg)
	if err != nil {
		return false, err
	}
	_, err = c.Do(ctx, okta.Request{Path: wellKnownPath})
	if err == nil {
		return true, nil
	}
	if code, ok := tokenError(err); ok && code == "invalid_scope" {
		return false, nil
	}
	return false, err
}

// checkAdminRoles reports an API token's roles. Tokens have no scopes:
// they act with every permission of the admin who made them.
func (d *doctor) checkAdminRoles(ctx context.Context) {
	const noScopes = "SSWS tokens carry their admin's roles; cannot list scopes"
	if d.meID == "" {
		d.rep.add(CheckScopes, Pass, noScopes, "")
		return
	}
	path := "/api/v1/users/" + url.PathEscape(d.meID) + "/roles"
	resp, err := d.client.Do(ctx, okta.Request{Path: path})
	if err != nil {
		d.rep.add(CheckScopes, Pass, fmt.Sprintf("%s (the org did not list the admin's roles: %d %s)", noScopes, okta.StatusCode(err), okta.ErrorCode(err)), "")
		return
	}
	d.note(resp, path)
	var roles []struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(resp.Body, &roles)
	var types []string
	has := map[string]bool{}
	for _, r := range roles {
		types = append(types, r.Type)
		has[r.Type] = true
	}
	sort.Strings(types)
	list := strings.Join(types, ", ")
	switch {
	case has["SUPER_ADMIN"]:
		d.rep.add(CheckScopes, Pass, "the API token acts with its admin's roles: "+list, "")
	case d.opts.ReadOnly && (has["READ_ONLY_ADMIN"] || has["ORG_ADMIN"]):
		d.rep.add(CheckScopes, Pass, "the API token acts with its admin's roles, enough for export and plan: "+list, "")
	case len(types) == 0:
		d.rep.add(CheckScopes, Warn, "the API token's admin has no admin roles listed", "create the token as a Super Administrator (or a Read-only Administrator for export and plan only)")
	default:
		d.rep.add(CheckScopes, Warn, "the API token acts with its admin's roles, which may not cover every kind: "+list,
			"create the token as a Super Administrator to apply (policies, authenticators and authorization servers need it); "+
				"a Read-only Administrator's token is enough for export and plan (--read-only)")
	}
}

// --- 5. rate limit ----------------------------------------------------------

// checkRateLimit reads the shared /api/v1 bucket's headers: that bucket
// carries most of an export. It reuses the last answer when that came from
// the bucket, and otherwise makes one read the credentials allow there.
func (d *doctor) checkRateLimit(ctx context.Context) {
	if d.client == nil {
		d.rep.add(CheckRateLimit, Skip, "no granted scope to read with", "")
		return
	}
	probe := d.headroomProbe()
	if probe != "" && (d.lastPath != probe) {
		resp, err := d.client.Do(ctx, okta.Request{Path: probe})
		switch {
		case err == nil:
			d.note(resp, probe)
		case okta.StatusCode(err) == http.StatusTooManyRequests:
			d.rep.add(CheckRateLimit, Warn, "the /api/v1 bucket is exhausted right now (429)",
				"wait for the window to reset; if this is usual, lower other integrations' use, run with a lower --max-capacity, or ask Okta Support for higher limits")
			return
		case d.last == nil:
			d.rep.add(CheckRateLimit, Warn, "could not read the rate-limit headers: "+err.Error(), "run doctor again")
			return
		}
	}
	if d.last == nil {
		d.rep.add(CheckRateLimit, Warn, "no answer to read the rate-limit headers from", "run doctor again")
		return
	}
	bucket := "the /api/v1 bucket"
	if d.lastPath != probe || probe == "" {
		bucket = "the bucket of GET " + pathOnly(d.lastPath)
	}
	limit, errL := strconv.Atoi(d.last.Header.Get("X-Rate-Limit-Limit"))
	remaining, errR := strconv.Atoi(d.last.Header.Get("X-Rate-Limit-Remaining"))
	if errL != nil || errR != nil || limit <= 0 {
		d.rep.add(CheckRateLimit, Warn, "the org's answers carry no X-Rate-Limit headers",
			"a proxy may be stripping them; without them oktasync cannot pace itself under Okta's limits")
		return
	}
	pct := remaining * 100 / limit
	reset := ""
	if r, err := strconv.ParseInt(d.last.Header.Get("X-Rate-Limit-Reset"), 10, 64); err == nil {
		// On the server's clock, as the client's governor computes it.
		if date, err := http.ParseTime(d.last.Header.Get("Date")); err == nil {
			if in := time.Unix(r, 0).Sub(date); in >= 0 {
				reset = fmt.Sprintf("; the window resets in %s", in.Round(time.Second))
			}
		}
	}
	detail := fmt.Sprintf("%s: %d of %d requests left in this window (%d%%)%s", bucket, remaining, limit, pct, reset)
	if pct < headroomWarnPercent {
		d.rep.add(CheckRateLimit, Warn, detail,
			"something else is using the org's rate limit: a run now would mostly wait; run later, lower other integrations' use, or ask Okta Support for higher limits")
		return
	}
	d.rep.add(CheckRateLimit, Pass, detail, "")
}

// headroomProbe is a read in the shared /api/v1 bucket the credentials may
// make, or "" when they may make none.
func (d *doctor) headroomProbe() string {
	have := scopeSet(d.cfg.Scopes)
	for _, p := range areaProbes {
		if p.sharedAPIV1 && (!d.oauth || covers(have, "okta."+p.area+".read")) {
			return p.path
		}
	}
	return ""
}

// --- helpers ------------------------------------------------------------------

func (d *doctor) note(resp *okta.Response, path string) { d.last, d.lastPath = resp, path }

// tokenError returns the OAuth error code when err came from the token
// endpoint rather than from the resource request.
func tokenError(err error) (string, bool) {
	var ae *okta.APIError
	if errors.As(err, &ae) && ae.Path == tokenPath {
		return ae.ErrorCode, true
	}
	return "", false
}

func isTransport(err error) bool {
	var te *okta.TransportError
	return errors.As(err, &te)
}

func scopeSet(scopes []string) map[string]bool {
	out := map[string]bool{}
	for _, s := range scopes {
		out[s] = true
	}
	return out
}

// covers reports whether granted scopes allow need; okta.X.manage
// includes okta.X.read.
func covers(granted map[string]bool, need string) bool {
	if granted[need] {
		return true
	}
	if area, ok := strings.CutSuffix(need, ".read"); ok {
		return granted[area+".manage"]
	}
	return false
}

// coversAny reports whether scope s would satisfy one of the needed ones.
func coversAny(needed map[string]bool, s string) bool {
	for n := range needed {
		if covers(map[string]bool{s: true}, n) {
			return true
		}
	}
	return false
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func pathOnly(p string) string {
	path, _, _ := strings.Cut(p, "?")
	return path
}
