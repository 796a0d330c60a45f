package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
)

// --- 4. scopes ------------------------------------------------------------

// NeededScopes returns the scopes oktasync needs for reg's kinds, sorted,
// from each kind's scope area (model.Kind.ScopeArea): okta.<area>.read for
// export and plan (readOnly), or okta.<area>.manage, which includes read,
// for apply as well.
func NeededScopes(reg *model.Registry, readOnly bool) []string {
	if readOnly {
		return reg.ReadScopes()
	}
	return reg.ManageScopes()
}

// probe is a cheap read that proves an access token works for one scope
// area.
type probe struct {
	area, path string
	// shared is set when the read is charged to Okta's shared /api/v1
	// bucket, whose headers the rate-limit check reports.
	shared bool
}

// probes derives one read per scope area from the registry: the list
// endpoint of the area's top-level kind with the shortest list path
// (/api/v1/groups rather than /api/v1/groups/rules), with the first of its
// queries when it lists by query, and a page of one object when it takes a
// limit. Reads charged to the shared /api/v1 bucket (okta.BucketFor) come
// first, so that a probe spends neither the small apps bucket nor the users
// bucket and its headers serve the rate-limit check; then the others, each
// group by area. Last comes a read of users, which are not a kind oktasync
// manages but whose scope a service app may hold alone.
func probes(reg *model.Registry) []probe {
	best := map[string]*model.Kind{}
	for _, k := range reg.TopLevel() {
		b := best[k.ScopeArea]
		if b == nil || len(k.List.Path) < len(b.List.Path) || len(k.List.Path) == len(b.List.Path) && k.Name < b.Name {
			best[k.ScopeArea] = k
		}
	}
	var out []probe
	for _, area := range reg.ScopeAreas() {
		k := best[area]
		if k == nil {
			continue // an area of child kinds only: nothing to list without a parent
		}
		q := url.Values{}
		if len(k.List.Queries) > 0 {
			if parsed, err := url.ParseQuery(k.List.Queries[0]); err == nil {
				q = parsed
			}
		}
		if k.List.Limit > 0 {
			q.Set("limit", "1")
		}
		path := k.List.Path
		if len(q) > 0 {
			path += "?" + q.Encode()
		}
		out = append(out, probe{area: area, path: path, shared: inSharedBucket(path)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].shared && !out[j].shared })
	return append(out, probe{area: "users", path: "/api/v1/users?limit=1"})
}

func (d *doctor) checkScopes(ctx context.Context, state credState) {
	if !d.oauth {
		d.checkAdminRoles(ctx)
		return
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
	// An API token has no scopes to list; what it may do is its admin's
	// roles. When those cannot be read, nothing was checked: that is a
	// SKIP or a WARN with the reason, never a PASS.
	if d.meID == "" {
		d.rep.add(CheckScopes, Skip, "SSWS tokens act with their admin's roles, and the credentials check did not say who the admin is", "")
		return
	}
	path := "/api/v1/users/" + url.PathEscape(d.meID) + "/roles"
	resp, err := d.client.Do(ctx, okta.Request{Path: path})
	if err != nil {
		d.rep.add(CheckScopes, Warn,
			fmt.Sprintf("not checked: SSWS tokens act with their admin's roles, and the org did not list them (%d %s)", okta.StatusCode(err), okta.ErrorCode(err)),
			"check in the Admin Console (Security > Administrators) that the token's admin is a Super Administrator "+
				"(or a Read-only Administrator for export and plan only)")
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
