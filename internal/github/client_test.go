package github_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oktasync/oktasync/internal/github"
)

func TestConfig(t *testing.T) {
	env := map[string]string{"GITHUB_TOKEN": " tok \n", "GITHUB_REPOSITORY": "o/r", "GITHUB_API_URL": "https://ghe.example.com/api/v3/"}
	cfg := github.ConfigFromEnv(func(k string) string { return env[k] })
	c, err := github.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.Repository() != "o/r" {
		t.Errorf("repository %q", c.Repository())
	}
	for _, tc := range []struct {
		cfg  github.Config
		want string
	}{
		{github.Config{Repository: "o/r"}, "GITHUB_TOKEN"},
		{github.Config{Token: "t", Repository: "nope"}, "owner/name"},
		{github.Config{Token: "t", Repository: "o/r/x"}, "owner/name"},
		{github.Config{Token: "t", Repository: "o/r", APIURL: "http://api.example.com"}, "https"},
		{github.Config{Token: "t", Repository: "o/r", APIURL: "https://u:secret@api.example.com"}, "credentials"},
	} {
		_, err := github.New(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v): %v, want an error about %s", tc.cfg, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("error repeats a credential: %v", err)
		}
	}
}

// TestTokenNeverInErrors: a server (or proxy) that echoes the
// Authorization header into its error message, or into a non-JSON page,
// still cannot get the token into our error text.
func TestTokenNeverInErrors(t *testing.T) {
	var status atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		code := int(status.Load())
		w.WriteHeader(code)
		if code == http.StatusBadGateway {
			fmt.Fprintf(w, "<html>proxy error for %s</html>", auth)
			return
		}
		fmt.Fprintf(w, `{"message":"you sent %s","errors":[{"message":"really: %s"}]}`, auth, auth)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL)
	for _, code := range []int{http.StatusForbidden, http.StatusUnprocessableEntity, http.StatusBadGateway} {
		status.Store(int32(code))
		_, err := c.UpsertComment(context.Background(), github.CommentOptions{PR: 1, Marker: "m", Body: "b"})
		if err == nil {
			t.Fatalf("%d: no error", code)
		}
		if strings.Contains(err.Error(), testToken) || strings.Contains(fmt.Sprintf("%+v %#v", err, err), testToken) {
			t.Fatalf("%d: the token is in the error: %v", code, err)
		}
		if !strings.Contains(err.Error(), "[REDACTED]") {
			t.Errorf("%d: %v, want the echo to show [REDACTED]", code, err)
		}
		if github.StatusCode(err) != code {
			t.Errorf("%d: StatusCode = %d", code, github.StatusCode(err))
		}
	}
}

// TestRetries: an idempotent GET is retried after 502s and a 429, up to
// three attempts (TestPostNotRetried covers the POST).
func TestRetries(t *testing.T) {
	f, c := newFake(t)
	ctx := context.Background()
	pr := f.AddPR("x", "")
	f.FailNext(2, http.StatusBadGateway)
	if _, err := c.UpsertComment(ctx, github.CommentOptions{PR: pr, Marker: "m", Body: "one"}); err != nil {
		t.Fatalf("GET not retried: %v", err)
	}
	if n := f.CountRequests(http.MethodGet, "/comments"); n != 3 {
		t.Errorf("%d GETs, want 3 (two failures, then success)", n)
	}
	f.FailNext(1, http.StatusTooManyRequests)
	if _, err := c.UpsertComment(ctx, github.CommentOptions{PR: pr, Marker: "m", Body: "one"}); err != nil {
		t.Fatalf("429 not retried: %v", err)
	}
	f.FailNext(3, http.StatusBadGateway)
	_, err := c.UpsertComment(ctx, github.CommentOptions{PR: pr, Marker: "m", Body: "two"})
	if github.StatusCode(err) != http.StatusBadGateway {
		t.Errorf("after 3 failures: %v, want the 502", err)
	}
	if n := len(f.Comments(pr)); n != 1 {
		t.Errorf("%d comments, want 1", n)
	}
}

// TestPostNotRetried: a POST answered with 502 is reported, not repeated.
func TestPostNotRetried(t *testing.T) {
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[]`)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL)
	_, err := c.UpsertComment(context.Background(), github.CommentOptions{PR: 1, Marker: "m", Body: "b"})
	if github.StatusCode(err) != http.StatusBadGateway {
		t.Fatalf("err %v, want the 502", err)
	}
	if n := posts.Load(); n != 1 {
		t.Errorf("%d POSTs, want exactly 1", n)
	}
}

// TestRefusesForeignLink: a Link rel="next" to another host is not
// followed, so the token never travels there.
func TestRefusesForeignLink(t *testing.T) {
	var foreign atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreign.Add(1)
		fmt.Fprint(w, `[]`)
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", fmt.Sprintf(`<%s/repos/acme/okta-config/issues/1/comments?page=2>; rel="next"`, other.URL))
		fmt.Fprint(w, `[]`)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL)
	_, err := c.UpsertComment(context.Background(), github.CommentOptions{PR: 1, Marker: "m", Body: "b"})
	if err == nil || !strings.Contains(err.Error(), "refusing to follow") {
		t.Fatalf("err %v, want a refusal", err)
	}
	if foreign.Load() != 0 {
		t.Error("the foreign host was contacted")
	}
}

// TestBodyTooLongIsReported: GitHub's field errors of a 422 reach the
// user with the method and path. (Compose keeps our bodies under the limit,
// so the server here rejects every write.)
func TestBodyTooLongIsReported(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			fmt.Fprint(w, `[]`)
			return
		}
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprint(w, `{"message":"Validation Failed","errors":[{"resource":"IssueComment","code":"custom","field":"body","message":"body is too long (maximum is 65536 characters)"}]}`)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL)
	_, err := c.UpsertComment(context.Background(), github.CommentOptions{PR: 1, Marker: "m", Body: "b"})
	var ae *github.APIError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "body is too long") || !strings.Contains(err.Error(), "POST /repos/acme/okta-config/issues/1/comments") {
		t.Errorf("err %v", err)
	}
}
