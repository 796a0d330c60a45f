package model

// brandPageKinds are a brand's hosted pages (coverage §3.6 D4–D6). The
// sign-out page always exists, made with its brand, so it is implicit:
// read and replaced, never created or deleted. The sign-in and error
// pages are not kinds yet: a never-customized page answers 404 and a
// DELETE reverts it to Okta's default, which no capability expresses
// (docs/design-notes.md).
func brandPageKinds() []Kind {
	return []Kind{
		{
			Name:      "sign-out-pages",
			Title:     "Sign-out page",
			Schema:    "sign-out-pages.json",
			ScopeArea: "brands",
			Parent:    "brands",
			ChildDir:  "sign-out-page",
			Singleton: "default",
			Implicit:  true,
			List:      List{Path: "/api/v1/brands/{parentId}/pages/sign-out/customized", Singleton: true},
			Get:       get("/api/v1/brands/{parentId}/pages/sign-out/customized"),
			Update:    put("/api/v1/brands/{parentId}/pages/sign-out/customized"),
			ReadOnly:  []string{"_links"},
			Notes: []string{
				"where a brand sends users after they sign out: type OKTA_DEFAULT, or EXTERNALLY_HOSTED with a url. Every brand has one (OKTA_DEFAULT until changed), so it is only ever updated.",
			},
		},
	}
}
