package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
	// codeFeatureNotEnabled is Okta's answer for an area the org's SKU
	// lacks (authorization servers without API Access Management): it says
	// nothing about the credentials, so the doctor reads elsewhere.
	codeFeatureNotEnabled = "E0000015"
)

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
