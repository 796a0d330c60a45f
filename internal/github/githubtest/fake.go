// Package githubtest is a fake of the part of GitHub's REST API that
// package github uses, served on loopback by httptest. It behaves the way
// GitHub documents: bearer-token auth, pages of at most 100 with Link
// headers (absolute URLs, rel="next" and "last"), issue lists that include
// pull requests, and 422 for a body over 65,536 characters. Tests read its
// state back to assert what was written, and how many requests it took.
package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// MaxBody is GitHub's limit for a comment or issue body, in characters.
const MaxBody = 65536

// BotLogin is the author of everything written through the fake, as
// GITHUB_TOKEN's writes are on GitHub.
const BotLogin = "github-actions[bot]"

// User is a comment's or issue's author.
type User struct {
	Login string `json:"login"`
}

// Comment is a stored issue comment.
type Comment struct {
	ID      int64  `json:"id"`
	Body    string `json:"body"`
	User    User   `json:"user"`
	HTMLURL string `json:"html_url"`
}

// Issue is a stored issue (or pull request, which GitHub's issues endpoint
// lists too).
type Issue struct {
	Number      int             `json:"number"`
	Title       string          `json:"title"`
	Body        string          `json:"body"`
	State       string          `json:"state"`
	StateReason string          `json:"state_reason,omitempty"`
	Labels      []string        `json:"-"`
	User        User            `json:"user"`
	HTMLURL     string          `json:"html_url"`
	PullRequest json.RawMessage `json:"pull_request,omitempty"`
}

// Pull is a pull request as the commits/{sha}/pulls endpoint returns it.
type Pull struct {
	Number         int     `json:"number"`
	HTMLURL        string  `json:"html_url"`
	MergedAt       *string `json:"merged_at"`
	MergeCommitSHA string  `json:"merge_commit_sha"`
	Head           struct {
		SHA string `json:"sha"`
	} `json:"head"`
}

// Artifact is a workflow artifact.
type Artifact struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Expired     bool   `json:"expired"`
	CreatedAt   string `json:"created_at"`
	WorkflowRun struct {
		ID      int64  `json:"id"`
		HeadSHA string `json:"head_sha"`
	} `json:"workflow_run"`
}

// Request is one request the fake received.
type Request struct {
	Method string
	Path   string
	Query  url.Values
}

// Server is the fake. Its fields are guarded by its mutex: use the methods.
type Server struct {
	*httptest.Server
	token string
	owner string
	repo  string

	mu        sync.Mutex
	nextID    int64
	nextNum   int
	comments  map[int][]*Comment // by issue number, oldest first
	issues    []*Issue           // by number
	pulls     map[string][]Pull  // by commit SHA
	artifacts []Artifact
	requests  []Request
	// failNext makes the next n requests answer with status.
	failNext   int
	failStatus int
}

// New starts a fake for repo ("owner/name") that accepts token.
func New(token, repo string) *Server {
	owner, name, _ := strings.Cut(repo, "/")
	s := &Server{token: token, owner: owner, repo: name, nextID: 1000, nextNum: 1,
		comments: map[int][]*Comment{}, pulls: map[string][]Pull{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues/{num}/comments", s.listComments)
	mux.HandleFunc("POST /repos/{owner}/{repo}/issues/{num}/comments", s.createComment)
	mux.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", s.updateComment)
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues", s.listIssues)
	mux.HandleFunc("POST /repos/{owner}/{repo}/issues", s.createIssue)
	mux.HandleFunc("PATCH /repos/{owner}/{repo}/issues/{num}", s.updateIssue)
	mux.HandleFunc("GET /repos/{owner}/{repo}/commits/{sha}/pulls", s.commitPulls)
	mux.HandleFunc("GET /repos/{owner}/{repo}/actions/artifacts", s.listArtifacts)
	s.Server = httptest.NewServer(s.guard(mux))
	return s
}

// guard checks auth and the repository, and logs the request.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query()})
		fail := 0
		if s.failNext > 0 {
			s.failNext--
			fail = s.failStatus
		}
		s.mu.Unlock()
		if fail != 0 {
			writeError(w, fail, "injected failure")
			return
		}
		auth := r.Header.Get("Authorization")
		if auth != "Bearer "+s.token && auth != "token "+s.token {
			writeError(w, http.StatusUnauthorized, "Bad credentials")
			return
		}
		if r.Header.Get("User-Agent") == "" {
			writeError(w, http.StatusForbidden, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header")
			return
		}
		if !strings.HasPrefix(r.URL.Path, "/repos/"+s.owner+"/"+s.repo+"/") {
			writeError(w, http.StatusNotFound, "Not Found")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// FailNext makes the next n requests fail with status (before auth).
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext, s.failStatus = n, status
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// CountRequests counts the requests with the method whose path ends with
// suffix.
func (s *Server) CountRequests(method, suffix string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// AddPR adds an open pull request and returns its number.
func (s *Server) AddPR(title, body string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.newIssueLocked(title, body, User{Login: "octocat"})
	is.PullRequest = json.RawMessage(`{"url":"x"}`)
	return is.Number
}

// AddIssue adds an open issue by author and returns its number.
func (s *Server) AddIssue(title, body, author string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newIssueLocked(title, body, User{Login: author}).Number
}

// AddComments adds n comments by author to issue or PR num, with bodies
// made by body(i).
func (s *Server) AddComments(num, n int, author string, body func(i int) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range n {
		s.addCommentLocked(num, body(i), User{Login: author})
	}
}

// AddMergedPR records that commit mergeSHA merged pull request num, whose
// last commit was headSHA.
func (s *Server) AddMergedPR(num int, mergeSHA, headSHA string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at := "2026-01-02T03:04:05Z"
	p := Pull{Number: num, HTMLURL: fmt.Sprintf("https://github.example/%s/%s/pull/%d", s.owner, s.repo, num), MergedAt: &at, MergeCommitSHA: mergeSHA}
	p.Head.SHA = headSHA
	s.pulls[mergeSHA] = append(s.pulls[mergeSHA], p)
	// A pull request is an issue too: its comments live there.
	if s.issueLocked(num) == nil {
		s.issues = append(s.issues, &Issue{Number: num, Title: "merged", State: "closed", User: User{Login: "octocat"},
			PullRequest: json.RawMessage(`{"url":"x"}`), HTMLURL: p.HTMLURL})
		if s.nextNum <= num {
			s.nextNum = num + 1
		}
	}
}

// AddOpenPRForCommit records that commit sha belongs to open pull request
// num (a commit on a PR's branch: associated, but not merged).
func (s *Server) AddOpenPRForCommit(num int, sha string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := Pull{Number: num, MergeCommitSHA: strings.Repeat("0", 40)}
	p.Head.SHA = sha
	s.pulls[sha] = append(s.pulls[sha], p)
}

// AddArtifact adds an artifact uploaded by run runID for headSHA.
func (s *Server) AddArtifact(name string, runID int64, headSHA string, created time.Time, expired bool) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	a := Artifact{ID: s.nextID, Name: name, Expired: expired, CreatedAt: created.UTC().Format(time.RFC3339)}
	a.WorkflowRun.ID, a.WorkflowRun.HeadSHA = runID, headSHA
	s.artifacts = append(s.artifacts, a)
	return a.ID
}

// Comments returns the comments of issue or PR num, oldest first.
func (s *Server) Comments(num int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Comment, 0, len(s.comments[num]))
	for _, c := range s.comments[num] {
		out = append(out, *c)
	}
	return out
}

// Issues returns every issue that is not a pull request.
func (s *Server) Issues() []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Issue
	for _, is := range s.issues {
		if is.PullRequest == nil {
			out = append(out, *is)
		}
	}
	return out
}

func (s *Server) newIssueLocked(title, body string, u User) *Issue {
	is := &Issue{Number: s.nextNum, Title: title, Body: body, State: "open", User: u,
		HTMLURL: fmt.Sprintf("https://github.example/%s/%s/issues/%d", s.owner, s.repo, s.nextNum)}
	s.nextNum++
	s.issues = append(s.issues, is)
	return is
}

func (s *Server) addCommentLocked(num int, body string, u User) *Comment {
	s.nextID++
	c := &Comment{ID: s.nextID, Body: body, User: u,
		HTMLURL: fmt.Sprintf("https://github.example/%s/%s/issues/%d#issuecomment-%d", s.owner, s.repo, num, s.nextID)}
	s.comments[num] = append(s.comments[num], c)
	return c
}

func (s *Server) issueLocked(num int) *Issue {
	for _, is := range s.issues {
		if is.Number == num {
			return is
		}
	}
	return nil
}
