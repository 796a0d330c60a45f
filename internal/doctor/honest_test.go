package doctor

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestDoctorUncheckedIsNotPass: a check that could not run says so. When the
// org does not list the API token's admin roles (here a 404 E0000008, as
// some orgs answer), the scopes line is a WARN naming the answer and how to
// check by hand, never a PASS.
func TestDoctorUncheckedIsNotPass(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/roles") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"errorCode":"E0000008","errorSummary":"The requested path was not found"}`))
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	rep, out := run(t, map[string]string{okta.EnvOrgURL: hs.URL, okta.EnvToken: testToken}, false)
	wantStatuses(t, rep, map[string]Status{CheckCredentials: Pass, CheckScopes: Warn})
	r := results(rep, CheckScopes)[0]
	if !strings.Contains(r.Detail, "not checked") || !strings.Contains(r.Detail, "404 E0000008") || !strings.Contains(r.Fix, "Super Administrator") {
		t.Fatalf("%+v", r)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "PASS") && (strings.Contains(line, "cannot") || strings.Contains(line, "did not")) {
			t.Errorf("a PASS for something not checked: %s", line)
		}
	}
}
