package apps

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// CustomAccessPolicies are the non-system ACCESS_POLICYs other than the
// first-party apps' own, sorted by name: what sample and generated apps
// are bound to.
func CustomAccessPolicies(o *engine.Org) []engine.Obj {
	var out []engine.Obj
	for _, p := range o.List(engine.TablePolicies, "") {
		if engine.Str(p, "type") != "ACCESS_POLICY" || engine.BoolAt(p, "system") {
			continue
		}
		builtin := false
		for _, b := range appBuiltIns {
			if engine.Str(p, "name") == b.label {
				builtin = true
			}
		}
		if !builtin {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return engine.Str(out[i], "name") < engine.Str(out[j], "name") })
	return out
}

func appGroupByName(c *engine.Call, name string) engine.Obj {
	return c.Org.Find(engine.TableGroups, "", func(o engine.Obj) bool { return engine.Str(o, "profile.name") == name })
}

// appSampleOIDC builds an OIDC app body.
func appSampleOIDC(label, typ, method string, grants, redirects []string) engine.Obj {
	body := engine.Obj{
		"name": "oidc_client", "label": label, "signOnMode": "OPENID_CONNECT",
		"credentials": engine.Obj{"oauthClient": engine.Obj{"token_endpoint_auth_method": method}},
		"settings": engine.Obj{"oauthClient": engine.Obj{
			"application_type": typ,
			"grant_types":      engine.AnyStrings(grants),
			"redirect_uris":    engine.AnyStrings(redirects),
		}},
	}
	if typ != "service" {
		engine.Set(body, "settings.oauthClient.post_logout_redirect_uris", engine.AnyStrings(redirects[:1]))
	}
	return body
}

func appSampleSAML(label, acs, audience string) engine.Obj {
	return engine.Obj{
		"label": label, "signOnMode": "SAML_2_0",
		"settings": engine.Obj{"signOn": engine.Obj{
			"ssoAcsUrl": acs, "audience": audience,
			"subjectNameIdTemplate": "${user.userName}",
			"subjectNameIdFormat":   "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
			"attributeStatements": []any{
				engine.Obj{"type": "EXPRESSION", "name": "email", "values": []any{"user.email"}},
				engine.Obj{"type": "GROUP", "name": "groups", "filterType": "REGEX", "filterValue": ".*"},
			},
		}},
	}
}

func appSampleBookmark(label, link string) engine.Obj {
	return engine.Obj{"name": "bookmark", "label": label, "signOnMode": "BOOKMARK",
		"settings": engine.Obj{"app": engine.Obj{"url": link, "requestIntegration": false}}}
}

// sampleApps adds about ten apps, one or more of every signOnMode the
// sandbox models, with group assignments and two of them bound to a
// custom authentication policy.
func sampleApps(c *engine.Call) error {
	type sample struct {
		body   engine.Obj
		groups []string
		// policy names a word to look for in the custom ACCESS_POLICYs;
		// without a match the app gets the first one by name.
		policy   string
		inactive bool
	}
	samples := []sample{
		{appSampleOIDC("Engineering Portal", "web", "client_secret_basic",
			[]string{"authorization_code", "refresh_token"}, []string{"https://portal.example.com/callback"}),
			[]string{"Engineering", "All Employees"}, "Engineering", false},
		{appSampleOIDC("Customer Portal", "browser", "none",
			[]string{"authorization_code"}, []string{"https://customers.example.com/login/callback"}),
			[]string{"Portal Users", "Sales", "Support"}, "Portal", false},
		{appSampleOIDC("Field Sales Mobile", "native", "none",
			[]string{"authorization_code", "refresh_token"}, []string{"com.example.sales:/callback"}),
			[]string{"Sales"}, "", false},
		{appSampleOIDC("Inventory Sync Service", "service", "client_secret_basic",
			[]string{"client_credentials"}, nil), nil, "", false},
		{appSampleSAML("Expense Reports", "https://expenses.example.com/saml/acs", "https://expenses.example.com"),
			[]string{"Finance", "All Employees"}, "", false},
		{appSampleBookmark("Employee Handbook", "https://handbook.example.com"), []string{"All Employees"}, "", false},
		{engine.Obj{"name": "template_swa", "label": "Legacy Timesheets", "signOnMode": "BROWSER_PLUGIN",
			"settings": engine.Obj{"app": engine.Obj{"url": "https://timesheets.example.com/login", "usernameField": "#user",
				"passwordField": "#pass", "buttonField": "#signin"}}},
			[]string{"Contractors"}, "", false},
		{engine.Obj{"name": "template_swa3field", "label": "Partner Extranet", "signOnMode": "BROWSER_PLUGIN",
			"settings": engine.Obj{"app": engine.Obj{"targetURL": "https://extranet.example.com/login", "userNameSelector": "#user",
				"passwordSelector": "#pass", "buttonSelector": "#go", "extraFieldSelector": "#company", "extraFieldValue": "Example"}}},
			[]string{"Sales"}, "", false},
		{engine.Obj{"label": "Support Knowledge Base", "signOnMode": "AUTO_LOGIN",
			"settings": engine.Obj{"signOn": engine.Obj{"loginUrl": "https://kb.example.com/login", "redirectUrl": "https://kb.example.com"}}},
			[]string{"Support"}, "", false},
		{engine.Obj{"name": "template_basic_auth", "label": "Build Server", "signOnMode": "BASIC_AUTH",
			"settings": engine.Obj{"app": engine.Obj{"url": "https://ci.example.com", "authURL": "https://ci.example.com/login"}}},
			[]string{"Engineering", "Engineering Managers"}, "", false},
		{appSampleBookmark("Old Intranet", "https://intranet-old.example.com"), nil, "", true},
	}
	policies := CustomAccessPolicies(c.Org)
	for _, s := range samples {
		q := url.Values{}
		if s.inactive {
			q.Set("activate", "false")
		}
		app, _, err := appCreate(c, s.body, q)
		if err != nil {
			return fmt.Errorf("%s: %w", engine.Str(s.body, "label"), err)
		}
		for i, g := range s.groups {
			grp := appGroupByName(c, g)
			if grp == nil {
				continue
			}
			p := i
			if _, apiErr := appGroupPut(c, engine.Str(app, "id"), engine.Str(grp, "id"), engine.Obj{"priority": engine.JSONInt(p), "profile": engine.Obj{}}); apiErr != nil {
				return fmt.Errorf("%s: group %s: %w", engine.Str(s.body, "label"), g, apiErr)
			}
		}
		if s.policy != "" && len(policies) > 0 {
			policy := policies[0]
			for _, p := range policies {
				if strings.Contains(engine.Str(p, "name"), s.policy) {
					policy = p
					break
				}
			}
			if err := appAssignPolicy(c, engine.Str(app, "id"), engine.Str(policy, "id")); err != nil {
				return err
			}
		}
	}
	return nil
}

// generateApps builds n apps for benchmarks: a mix of OIDC web, SPA and
// service apps, SAML apps and bookmarks, each assigned to one to three of
// the org's groups, and every fourth bound to a custom ACCESS_POLICY when
// there is one.
func generateApps(c *engine.Call, n int) error {
	groups := c.Org.List(engine.TableGroups, "")
	policies := CustomAccessPolicies(c.Org)
	for i := 1; i <= n; i++ {
		label := fmt.Sprintf("gen-app-%05d", i)
		var body engine.Obj
		switch i % 5 {
		case 0:
			body = appSampleOIDC(label, "web", "client_secret_basic", []string{"authorization_code"},
				[]string{fmt.Sprintf("https://app%05d.example.com/callback", i)})
		case 1:
			body = appSampleOIDC(label, "browser", "none", []string{"authorization_code"},
				[]string{fmt.Sprintf("https://spa%05d.example.com/callback", i)})
		case 2:
			body = appSampleOIDC(label, "service", "client_secret_basic", []string{"client_credentials"}, nil)
		case 3:
			body = appSampleSAML(label, fmt.Sprintf("https://saml%05d.example.com/acs", i), fmt.Sprintf("https://saml%05d.example.com", i))
		default:
			body = appSampleBookmark(label, fmt.Sprintf("https://bookmark%05d.example.com", i))
		}
		app, _, err := appCreate(c, body, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
		if len(groups) > 0 {
			k := 1 + i%3
			if k > len(groups) {
				k = len(groups)
			}
			start := (i * 7) % len(groups)
			for j := 0; j < k; j++ {
				g := groups[(start+j)%len(groups)]
				if _, apiErr := appGroupPut(c, engine.Str(app, "id"), engine.Str(g, "id"), engine.Obj{"priority": engine.JSONInt(j), "profile": engine.Obj{}}); apiErr != nil {
					return fmt.Errorf("%s: group %s: %w", label, engine.Str(g, "id"), apiErr)
				}
			}
		}
		if len(policies) > 0 && i%4 == 0 {
			if err := appAssignPolicy(c, engine.Str(app, "id"), engine.Str(policies[i%len(policies)], "id")); err != nil {
				return err
			}
		}
	}
	return nil
}
