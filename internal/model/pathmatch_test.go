package model

import "testing"

func TestPathPatterns(t *testing.T) {
	pp, err := ParsePathPatterns([]string{"groups/contractors-*", "apps/**", "policies/*/legacy/**", "", "  idps/partner  "})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]bool{
		"groups/contractors-eu":                        true,
		"groups/contractors":                           false,
		"groups/sales":                                 false,
		"apps/portal":                                  true,
		"apps/portal/groups/sales":                     true,
		"policies/okta-sign-on/legacy":                 true,
		"policies/okta-sign-on/legacy/rules/catch-all": true,
		"policies/okta-sign-on/modern":                 false,
		"idps/partner":                                 true,
		"idps/partner-2":                               false,
	} {
		if got := pp.Match(path); got != want {
			t.Errorf("Match(%q) = %v, want %v", path, got, want)
		}
	}
	for _, bad := range []string{"/groups/x", "groups/", "groups//x", "groups/[x"} {
		if _, err := ParsePathPatterns([]string{bad}); err == nil {
			t.Errorf("pattern %q accepted", bad)
		}
	}
	var none *PathPatterns
	if none.Match("groups/x") || none.Len() != 0 {
		t.Error("a nil PathPatterns matches")
	}
}
