// Package baseline is the exporter `make bench` compares oktasync with: the
// script an Okta admin would write by hand with the official Okta Go SDK v5
// to back up the same configuration oktasync exports.
//
// It is deliberately ordinary, neither clever nor handicapped:
//
//   - the SDK's default settings, except the two rate-limit settings noted
//     in newClient;
//   - one kind after another, one request at a time (a script has no
//     reason to manage goroutines, and the SDK offers no concurrency);
//   - list calls with the SDK's default page size (no limit parameter),
//     following resp.HasNextPage() / resp.Next();
//   - a per-object read where the SDK makes one natural: every listed
//     application, group and policy is fetched again with GetApplication,
//     GetGroup and GetPolicy (the list item looks like a summary, and the
//     SDK's examples read one object by ID), and children are listed per
//     parent: an app's group assignments, a policy's rules, an
//     authorization server's scopes, claims, policies and their rules, a
//     user type's schema, a brand's themes; SMTP servers and SMS templates
//     are listed once each;
//   - one JSON file per object, as the SDK marshals it, under
//     <out>/<kind>/[<parent id>/]<id>.json, with no portability work (IDs
//     stay IDs, secrets stay in clear, nothing is sorted or stripped).
//
// One workaround the SDK forces on its users: v5.0.2's union type for
// policy rules has no member for MFA_ENROLL rules, which would silently be
// lost, so policy rules are read as the raw JSON of each page (the same
// requests; see policies).
//
// There are no sleeps and no artificial slowdowns. Rate limits are left to
// the SDK's own handling: on a 429 it waits until X-Rate-Limit-Reset (from
// the Date header) plus a second and sends the request again.
package baseline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"

	"github.com/okta/okta-sdk-golang/v5/okta"
)

// Options say which org to export and where.
type Options struct {
	OrgURL string
	Token  string // SSWS API token
	Out    string // directory to write; created if missing
	// Progress, when set, gets one line per kind as it is done.
	Progress io.Writer
}

// Result counts what was written.
type Result struct {
	Objects int            // files written
	PerKind map[string]int // files per kind
}

// The policy types oktasync exports; the policies endpoint needs type=, so
// a script lists each type it knows about.
var policyTypes = []string{"OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT", "IDP_DISCOVERY"}

// Export reads every kind oktasync covers and writes one file per object.
func Export(ctx context.Context, o Options) (*Result, error) {
	c, err := newClient(o.OrgURL, o.Token)
	if err != nil {
		return nil, err
	}
	e := &exporter{ctx: ctx, c: c, out: o.Out, progress: o.Progress, res: &Result{PerKind: map[string]int{}}}
	for _, step := range []struct {
		kind string
		fn   func() error
	}{
		{"groups", e.groups},
		{"group-rules", e.groupRules},
		{"group-schema", e.groupSchema},
		{"user-types", e.userTypes}, // and user-schemas
		{"apps", e.apps},            // and app-group-assignments
		{"policies", e.policies},    // and policy-rules
		{"authorization-servers", e.authServers},
		{"idp-keys", e.idpKeys},
		{"idps", e.idps},
		{"network-zones", e.zones},
		{"trusted-origins", e.trustedOrigins},
		{"authenticators", e.authenticators},
		{"event-hooks", e.eventHooks},
		{"inline-hooks", e.inlineHooks},
		{"brands", e.brands}, // and themes
		// security.go
		{"policies of the newer types", e.newPolicies}, // and policy-rules
		{"behaviors", e.behaviors},
		{"device-assurance-policies", e.deviceAssurances},
		{"ui-schemas", e.uiSchemas},
		{"captchas", e.captchas},          // and org-captcha-settings
		{"threat-insight", e.orgSecurity}, // and user-lockout-settings
		{"email-servers", e.emailServers},
		{"sms-templates", e.smsTemplates},
	} {
		if err := step.fn(); err != nil {
			return e.res, fmt.Errorf("%s: %w", step.kind, describe(err))
		}
		if e.progress != nil {
			fmt.Fprintf(e.progress, "baseline: %-24s done (%d files so far)\n", step.kind, e.res.Objects)
		}
	}
	return e.res, nil
}

// newClient is okta.NewConfiguration with the settings an SDK user must
// give, and nothing else.
func newClient(orgURL, token string) (*okta.APIClient, error) {
	cfg, err := okta.NewConfiguration(
		okta.WithOrgUrl(orgURL),
		okta.WithToken(token),
		okta.WithAuthorizationMode("SSWS"),
		// The sandbox is reached over plain http on loopback.
		okta.WithTestingDisableHttpsCheck(true),
		// The SDK's README documents "WithRateLimitMaxRetries(2)" and
		// "WithRateLimitMaxBackOff(30)" as the base configuration, but
		// v5.0.2's NewConfiguration leaves both at zero: the first 429
		// then ends the run (and a zero back-off would retry at once). A
		// user meets that on the first large org and sets the documented
		// values, so the baseline does too.
		okta.WithRateLimitMaxRetries(2),
		okta.WithRateLimitMaxBackOff(30),
	)
	if err != nil {
		return nil, err
	}
	// SDK v5.0.2 keeps only the hostname of the org URL (configuration.go:
	// cfg.Host = purl.Hostname()), which drops the port; Host is exported,
	// so put the port back as any SDK user on a non-default port must.
	u, err := url.Parse(orgURL)
	if err != nil {
		return nil, err
	}
	cfg.Host = u.Host
	return okta.NewAPIClient(cfg), nil
}

type exporter struct {
	ctx      context.Context
	c        *okta.APIClient
	out      string
	progress io.Writer
	res      *Result
}

// all returns the first page and every following one: the SDK's paging
// idiom (resp.HasNextPage, resp.Next) with the page size left to the server.
func all[T any](first []T, resp *okta.APIResponse, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	items := first
	for resp != nil && resp.HasNextPage() {
		var page []T
		resp, err = resp.Next(&page)
		if err != nil {
			return nil, err
		}
		items = append(items, page...)
	}
	return items, nil
}

// allRaw is all for lists whose items the SDK cannot type: it returns the
// items as the server sent them.
func allRaw[T any](_ []T, resp *okta.APIResponse, err error) ([]json.RawMessage, error) {
	if err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&items); err != nil {
		return nil, err
	}
	return rawPages(items, resp)
}

// rawPages appends the items of the pages after resp's, as the server sent
// them.
func rawPages(items []json.RawMessage, resp *okta.APIResponse) ([]json.RawMessage, error) {
	for resp != nil && resp.HasNextPage() {
		var page []json.RawMessage
		var err error
		if resp, err = resp.Next(&page); err != nil {
			return nil, err
		}
		items = append(items, page...)
	}
	return items, nil
}

// save writes v as <out>/<dir>/<id>.json and returns the id. The SDK's
// typed values (and its oneOf unions for apps, policies, rules, zones and
// authenticators) marshal back to the API's JSON, so the id is read from
// that JSON rather than from each type's getter.
func (e *exporter) save(kind, parentID string, v any) (string, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "", err
	}
	var head struct {
		ID  string `json:"id"`
		Kid string `json:"kid"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return "", err
	}
	id := head.ID
	if id == "" {
		id = head.Kid
	}
	// Profile schemas' ids are URLs ending in their name.
	id = path.Base(id)
	if id == "" || id == "." || id == "/" {
		id = "default"
	}
	dir := filepath.Join(e.out, kind, parentID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, id+".json"), append(data, '\n'), 0o644); err != nil {
		return "", err
	}
	e.res.Objects++
	e.res.PerKind[kind]++
	return id, nil
}

// stringAt reads a string from v's JSON form by keys.
func stringAt(v any, keys ...string) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	var cur any
	if err := json.Unmarshal(data, &cur); err != nil {
		return "", err
	}
	for _, k := range keys {
		m, _ := cur.(map[string]any)
		cur = m[k]
	}
	s, _ := cur.(string)
	return s, nil
}

// idOf reads the id of a oneOf union item (an app or a policy), which has
// no getter of its own.
func idOf(v any) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	var head struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return "", err
	}
	if head.ID == "" {
		return "", errors.New("a listed object has no id")
	}
	return head.ID, nil
}

// describe adds Okta's error body to the SDK's error, whose own text is
// only the HTTP status.
func describe(err error) error {
	var oe *okta.GenericOpenAPIError
	if errors.As(err, &oe) && len(oe.Body()) > 0 {
		return fmt.Errorf("%w: %s", err, oe.Body())
	}
	return err
}

// policyList is all for a policy list, as typed values or, when the SDK
// cannot decode the answer, as the JSON the server sent. Real Okta's
// ACCESS_POLICY lists carry _embedded.resourceType, a string where the
// spec (and so the SDK v5) has a map of objects (docs/sandbox.md): a
// script that reads them must fall back to the JSON.
func policyList(first []okta.ListPolicies200ResponseInner, resp *okta.APIResponse, err error) ([]any, error) {
	var out []any
	if err == nil {
		typed, err := all(first, resp, nil)
		for _, p := range typed {
			out = append(out, p)
		}
		return out, err
	}
	data, derr := decoded(resp, err)
	if derr != nil {
		return nil, err
	}
	items, err := rawList(data)
	if err == nil {
		items, err = rawPages(items, resp)
	}
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		out = append(out, it)
	}
	return out, nil
}
