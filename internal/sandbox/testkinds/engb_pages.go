package testkinds

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// test-sign-in-pages stands for a brand's customized sign-in page
// (coverage.md D4; v6.1.0 spec getCustomizedSignInPage,
// replaceCustomizedSignInPage): one per brand, made with it, read and
// replaced whole ({pageContent, widgetVersion,
// contentSecurityPolicySetting}); a brand that never customized it answers
// Okta's default page. Served under /api/v1/brands/{brandId}/test-pages.

const tableTestPages = "testSignInPages" // per brand, id "sign-in"

// engbDefaultPage is the page a brand starts with (abridged from Okta's
// default sign-in page).
const engbDefaultPage = `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>{{orgName}} - Sign In</title>
  {{{SignInWidgetResources}}}
</head>
<body>
  <div id="okta-login-container"></div>
  {{{OktaUtil}}}
</body>
</html>
`

func init() {
	const page = "/api/v1/brands/{brandId}/test-pages/sign-in/customized"
	engine.Register(engine.Module{
		Name: "test-sign-in-pages", Phase: 65,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", page, engine.ScopeFor("brands", "GET"), func(c *engine.Call) engine.Reply {
				p, err := testPage(c)
				if err != nil {
					return engine.Fail(err)
				}
				return engine.OK(engine.CloneObj(p))
			})
			rt.Handle("PUT", page, engine.ScopeFor("brands", "PUT"), func(c *engine.Call) engine.Reply {
				if _, err := testPage(c); err != nil {
					return engine.Fail(err)
				}
				body, err := c.Body()
				if err != nil {
					return engine.Fail(err)
				}
				if engine.Str(body, "pageContent") == "" {
					return engine.Fail(engine.ErrValidation("Api validation failed: pageContent", "pageContent: The field cannot be left blank"))
				}
				engine.SetDefault(body, "widgetVersion", "*")
				c.Org.Put(tableTestPages, c.Param("brandId"), "sign-in", body)
				return engine.OK(engine.CloneObj(body))
			})
		},
		OnDelete: map[string]engine.DeleteHook{
			tableBrands: func(c *engine.Call, _ string, b engine.Obj) { c.Org.DropTable(tableTestPages, engine.Str(b, "id")) },
		},
	})
}

func testPage(c *engine.Call) (engine.Obj, *engine.APIError) {
	brandID := c.Param("brandId")
	if c.Org.Get(tableBrands, "", brandID) == nil {
		return nil, engine.ErrNotFound(brandID, "Brand")
	}
	if p := c.Org.Get(tableTestPages, brandID, "sign-in"); p != nil {
		return p, nil
	}
	return engine.Obj{"pageContent": engbDefaultPage, "widgetVersion": "^7",
		"contentSecurityPolicySetting": engine.Obj{"mode": "report_only", "srcList": []any{}}}, nil
}
