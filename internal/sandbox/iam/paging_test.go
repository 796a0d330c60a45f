package iam

import "testing"

// TestAdminBase: IAM links go to the org's -admin host, unless the host
// has no admin twin that could resolve.
func TestAdminBase(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://acme.okta.com", "https://acme-admin.okta.com"},
		{"https://oie-00.dne-okta.com", "https://oie-00-admin.dne-okta.com"},
		{"http://acme.okta.test:8080", "http://acme-admin.okta.test:8080"},
		{"https://acme-admin.okta.com", "https://acme-admin.okta.com"},
		{"http://127.0.0.1:19111", "http://127.0.0.1:19111"},
		{"http://[::1]:8080", "http://[::1]:8080"},
		{"http://localhost:8080", "http://localhost:8080"},
		{"http://sandbox", "http://sandbox"},
		{"", ""},
	} {
		if got := adminBase(tc.in); got != tc.want {
			t.Errorf("adminBase(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
