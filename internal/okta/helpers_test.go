package okta

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// testToken is long and distinctive so a leak is easy to spot.
const testToken = "00TESTtokenVALUEmustNEVERleak_9f8e7d6c5b4a"

// newTestClient returns an SSWS client for srvURL with fast retries.
func newTestClient(t *testing.T, srvURL string, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		OrgURL:         srvURL,
		Token:          testToken,
		RetryBaseDelay: time.Millisecond,
		RetryMaxDelay:  5 * time.Millisecond,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// newServer starts a loopback test server and stops it with the test.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// testCtx bounds a test so a bug that makes the client wait forever fails
// instead of hanging the suite.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// writeOktaError writes an Okta error body.
func writeOktaError(w http.ResponseWriter, status int, code, summary string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Okta-Request-Id", "req-"+code)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"errorCode":"` + code + `","errorSummary":"` + summary + `","errorLink":"` + code + `","errorId":"oaeTEST","errorCauses":[]}`))
}

func assertNoSecret(t *testing.T, what, s string, secrets ...string) {
	t.Helper()
	for _, sec := range secrets {
		if sec != "" && strings.Contains(s, sec) {
			t.Errorf("%s reveals a secret: %q", what, s)
		}
	}
}

func ptr[T any](v T) *T { return &v }
