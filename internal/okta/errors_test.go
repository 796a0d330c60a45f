package okta

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNewAPIError(t *testing.T) {
	hdr := http.Header{"X-Okta-Request-Id": {"reqABC"}}
	tests := []struct {
		name    string
		status  int
		body    string
		want    APIError
		wantMsg string
	}{
		{
			name:   "okta error object",
			status: 404,
			body:   `{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 00g1234567890abcdefg (UserGroup)","errorLink":"E0000007","errorId":"oaeXYZ","errorCauses":[]}`,
			want: APIError{Method: "GET", Path: "/api/v1/groups/00g1234567890abcdefg", Status: 404, ErrorCode: "E0000007",
				ErrorSummary: "Not found: Resource not found: 00g1234567890abcdefg (UserGroup)", ErrorID: "oaeXYZ", RequestID: "reqABC"},
			wantMsg: "GET /api/v1/groups/00g1234567890abcdefg: 404 E0000007 Not found: Resource not found: 00g1234567890abcdefg (UserGroup) (request id reqABC)",
		},
		{
			name:   "validation with causes",
			status: 400,
			body:   `{"errorCode":"E0000001","errorSummary":"Api validation failed: name","errorCauses":[{"errorSummary":"name: An object with this field already exists"},{"errorSummary":"type: bad"}]}`,
			want: APIError{Method: "GET", Path: "/api/v1/groups/00g1234567890abcdefg", Status: 400, ErrorCode: "E0000001",
				ErrorSummary: "Api validation failed: name", RequestID: "reqABC",
				ErrorCauses: []string{"name: An object with this field already exists", "type: bad"}},
			wantMsg: "400 E0000001 Api validation failed: name: name: An object with this field already exists; type: bad (request id reqABC)",
		},
		{
			name:    "oauth error",
			status:  400,
			body:    `{"error":"invalid_client","error_description":"The client_assertion signature is invalid."}`,
			want:    APIError{Method: "GET", Path: "/api/v1/groups/00g1234567890abcdefg", Status: 400, ErrorCode: "invalid_client", ErrorSummary: "The client_assertion signature is invalid.", RequestID: "reqABC"},
			wantMsg: "400 invalid_client The client_assertion signature is invalid.",
		},
		{
			name:    "html from a proxy",
			status:  502,
			body:    "<html>Bad Gateway</html>",
			want:    APIError{Method: "GET", Path: "/api/v1/groups/00g1234567890abcdefg", Status: 502, ErrorSummary: "<html>Bad Gateway</html>", RequestID: "reqABC"},
			wantMsg: "502 <html>Bad Gateway</html>",
		},
		{
			name:    "empty body",
			status:  503,
			want:    APIError{Method: "GET", Path: "/api/v1/groups/00g1234567890abcdefg", Status: 503, RequestID: "reqABC"},
			wantMsg: "503 Service Unavailable",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newAPIError("GET", "/api/v1/groups/00g1234567890abcdefg", tt.status, hdr, []byte(tt.body))
			if diff := cmp.Diff(&tt.want, got); diff != "" {
				t.Errorf("APIError (-want +got):\n%s", diff)
			}
			if !strings.Contains(got.Error(), tt.wantMsg) {
				t.Errorf("Error() = %q, want it to contain %q", got.Error(), tt.wantMsg)
			}
		})
	}
}

func TestErrorHelpers(t *testing.T) {
	notFound := fmt.Errorf("wrapped: %w", &APIError{Status: 404, ErrorCode: CodeNotFound})
	tests := []struct {
		name      string
		err       error
		notFound  bool
		code      string
		transient bool
	}{
		{"404", notFound, true, CodeNotFound, false},
		{"429", &APIError{Status: 429, ErrorCode: CodeRateLimitExceeded}, false, CodeRateLimitExceeded, true},
		{"500", &APIError{Status: 500, ErrorCode: "E0000009"}, false, "E0000009", true},
		{"503", &APIError{Status: 503}, false, "", true},
		{"501", &APIError{Status: 501}, false, "", false},
		{"400", &APIError{Status: 400, ErrorCode: "E0000001"}, false, "E0000001", false},
		{"reset", &TransportError{Err: syscall.ECONNRESET}, false, "", true},
		{"eof", &TransportError{Err: io.ErrUnexpectedEOF}, false, "", true},
		{"bad certificate", &TransportError{Err: x509.UnknownAuthorityError{}}, false, "", false},
		{"cancelled", &TransportError{Err: context.Canceled}, false, "", false},
		{"plain error", errors.New("x"), false, "", false},
		{"nil", nil, false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsNotFound(tt.err); got != tt.notFound {
				t.Errorf("IsNotFound = %v", got)
			}
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q", got)
			}
			if got := IsTransient(tt.err); got != tt.transient {
				t.Errorf("IsTransient = %v", got)
			}
		})
	}
}

// TestErrorsNeverContainToken drives every error path that quotes request
// details and checks that the token is in none of them.
func TestErrorsNeverContainToken(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/unauthorized":
			writeOktaError(w, 401, "E0000011", "Invalid token provided")
		case "/api/v1/reset":
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close()
		default:
			writeOktaError(w, 500, "E0000009", "Internal Server Error")
		}
	})
	c := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 1 })
	ctx := testCtx(t)
	for _, path := range []string{"/api/v1/unauthorized", "/api/v1/reset", "/api/v1/boom"} {
		_, err := c.Do(ctx, Request{Method: "POST", Path: path, Body: map[string]string{"a": "b"}})
		if err == nil {
			t.Fatalf("%s: want an error", path)
		}
		assertNoSecret(t, path+" error", fmt.Sprintf("%v %+v %#v", err, err, err), testToken)
	}

	srv.Close() // connection refused from now on
	_, err := c.Do(ctx, Request{Path: "/api/v1/groups"})
	var te *TransportError
	if !errors.As(err, &te) || te.Method != "GET" || te.Path != "/api/v1/groups" {
		t.Fatalf("want a TransportError for GET /api/v1/groups, got %v", err)
	}
	assertNoSecret(t, "transport error", fmt.Sprintf("%v %+v %#v", err, err, err), testToken)
}
