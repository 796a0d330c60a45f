package model

import "strings"

// brandPageKinds are a brand's hosted pages (coverage §3.6 D4–D6). The
// sign-out page always exists, made with its brand, so it is implicit:
// read and replaced, never created or deleted. The sign-in and error
// pages have two editable variants each, customized (what users see) and
// preview; a variant exists only once set (its GET answers 404 before), a
// PUT sets it and a DELETE reverts it to Okta's default page. Both
// variants of a page live in one directory under the brand, each under
// its own name: brands/<brand>/sign-in-page/customized.yaml and
// …/preview.yaml.
func brandPageKinds() []Kind {
	return []Kind{
		{
			Name:      "sign-out-pages",
			Log:       &LogEvents{TargetType: "Brand", Types: []string{"system.custom_signout.update"}},
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
		brandPage("sign-in-pages", "Sign-in page", "sign-in", "customized",
			"the brand's sign-in page as users see it: pageContent (HTML with {{…}} tokens), widgetVersion and widgetCustomizations."),
		brandPage("sign-in-page-previews", "Sign-in page preview", "sign-in", "preview",
			"the brand's sign-in page as the preview URL shows it, to try a change before it goes live."),
		brandPage("error-pages", "Error page", "error", "customized",
			"the brand's error page as users see it: pageContent (HTML) and its content security policy."),
		brandPage("error-page-previews", "Error page preview", "error", "preview",
			"the brand's error page as the preview URL shows it."),
	}
}

// brandPage is one variant of a brand's sign-in or error page: a
// singleton that may be absent, set by a PUT to its path (create and
// update alike) and reverted to Okta's default by a DELETE.
func brandPage(name, title, page, variant, what string) Kind {
	path := "/api/v1/brands/{parentId}/pages/" + page + "/" + variant
	return Kind{
		Name:      name,
		Title:     title,
		Schema:    name + ".json",
		ScopeArea: "brands",
		Parent:    "brands",
		ChildDir:  page + "-page",
		Singleton: variant,
		List:      List{Path: path, Singleton: true, MayBeAbsent: true},
		Get:       get(path),
		Create:    put(path),
		Update:    put(path),
		Delete:    del(path),
		// One page's two variants share its events, the catalog's
		// system.custom_signin.* and system.custom_error.*: either kind
		// is read again.
		Log: &LogEvents{TargetType: "Brand", Types: []string{
			"system.custom_" + strings.ReplaceAll(page, "-", "") + ".update",
			"system.custom_" + strings.ReplaceAll(page, "-", "") + ".delete"}},
		// Okta answers every widget customization it knows, null when
		// not set, and pageContent/widgetVersion null when left out.
		NullFilled: []string{"widgetCustomizations", "pageContent", "widgetVersion", "contentSecurityPolicySetting"},
		ReadOnly:   []string{"_links"},
		DeleteNote: "deleting reverts the page to Okta's default page",
		Notes: []string{
			what,
			"exists only once set: a brand without the file shows Okta's default page; removing the file reverts the page to the default (a delete, so it needs --allow-delete). pageContent is written as a literal block, and a plan shows its change as a line diff.",
		},
	}
}
