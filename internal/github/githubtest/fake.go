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
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
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

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	num, _ := strconv.Atoi(r.PathValue("num"))
	s.mu.Lock()
	if s.issueLocked(num) == nil {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	items := make([]any, 0, len(s.comments[num]))
	for _, c := range s.comments[num] {
		items = append(items, *c)
	}
	s.mu.Unlock()
	writePage(w, r, items)
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	num, _ := strconv.Atoi(r.PathValue("num"))
	var in struct {
		Body *string `json:"body"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if in.Body == nil || !bodyOK(w, "IssueComment", *in.Body) {
		return
	}
	s.mu.Lock()
	if s.issueLocked(num) == nil {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	c := *s.addCommentLocked(num, *in.Body, User{Login: BotLogin})
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) updateComment(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var in struct {
		Body *string `json:"body"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if in.Body == nil || !bodyOK(w, "IssueComment", *in.Body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, list := range s.comments {
		for _, c := range list {
			if c.ID == id {
				c.Body = *in.Body
				writeJSON(w, http.StatusOK, *c)
				return
			}
		}
	}
	writeError(w, http.StatusNotFound, "Not Found")
}

func (s *Server) listIssues(w http.ResponseWriter, r *http.Request) {
	state := r.URL.Query().Get("state")
	if state == "" {
		state = "open"
	}
	s.mu.Lock()
	var items []any
	for _, is := range s.issues {
		if state == "all" || is.State == state {
			items = append(items, *is)
		}
	}
	s.mu.Unlock()
	writePage(w, r, items)
}

func (s *Server) createIssue(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title  string   `json:"title"`
		Body   string   `json:"body"`
		Labels []string `json:"labels"`
	}
	if !readJSON(w, r, &in) || !bodyOK(w, "Issue", in.Body) {
		return
	}
	if in.Title == "" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed")
		return
	}
	s.mu.Lock()
	is := s.newIssueLocked(in.Title, in.Body, User{Login: BotLogin})
	is.Labels = in.Labels
	out := *is
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) updateIssue(w http.ResponseWriter, r *http.Request) {
	num, _ := strconv.Atoi(r.PathValue("num"))
	var in struct {
		Title       *string `json:"title"`
		Body        *string `json:"body"`
		State       *string `json:"state"`
		StateReason *string `json:"state_reason"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if in.Body != nil && !bodyOK(w, "Issue", *in.Body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.issueLocked(num)
	if is == nil {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	if in.Title != nil {
		is.Title = *in.Title
	}
	if in.Body != nil {
		is.Body = *in.Body
	}
	if in.State != nil {
		is.State = *in.State
	}
	if in.StateReason != nil {
		is.StateReason = *in.StateReason
	}
	writeJSON(w, http.StatusOK, *is)
}

func (s *Server) commitPulls(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	items := make([]any, 0)
	for _, p := range s.pulls[r.PathValue("sha")] {
		items = append(items, p)
	}
	s.mu.Unlock()
	writePage(w, r, items)
}

func (s *Server) listArtifacts(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	s.mu.Lock()
	var list []Artifact
	for _, a := range s.artifacts {
		if name == "" || a.Name == name {
			list = append(list, a)
		}
	}
	s.mu.Unlock()
	// GitHub lists the newest first.
	sort.SliceStable(list, func(i, j int) bool { return list[i].CreatedAt > list[j].CreatedAt })
	items := make([]any, len(list))
	for i, a := range list {
		items[i] = a
	}
	page, links := pageOf(r, items)
	if links != "" {
		w.Header().Set("Link", links)
	}
	writeJSON(w, http.StatusOK, map[string]any{"total_count": len(list), "artifacts": page})
}

// pageOf cuts items into the page the request asks for (per_page up to
// 100, default 30, page from 1) and builds the Link header, with absolute
// URLs as GitHub writes them.
func pageOf(r *http.Request, items []any) ([]any, string) {
	q := r.URL.Query()
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per <= 0 {
		per = 30
	}
	per = min(per, 100)
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page <= 0 {
		page = 1
	}
	last := max(1, (len(items)+per-1)/per)
	lo := min((page-1)*per, len(items))
	hi := min(lo+per, len(items))
	link := func(p int, rel string) string {
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"), link(page-1, "prev"))
	}
	return append([]any{}, items[lo:hi]...), strings.Join(links, ", ")
}

func writePage(w http.ResponseWriter, r *http.Request, items []any) {
	page, links := pageOf(r, items)
	if links != "" {
		w.Header().Set("Link", links)
	}
	writeJSON(w, http.StatusOK, page)
}

// bodyOK enforces GitHub's body limit, counted in characters as GitHub
// does, with GitHub's 422 answer.
func bodyOK(w http.ResponseWriter, resource, body string) bool {
	if utf8.RuneCountInString(body) <= MaxBody {
		return true
	}
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"message": "Validation Failed",
		"errors": []map[string]string{{"resource": resource, "code": "custom", "field": "body",
			"message": fmt.Sprintf("body is too long (maximum is %d characters)", MaxBody)}},
		"documentation_url": "https://docs.github.com/rest",
	})
	return false
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON")
		return false
	}
	return true
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-GitHub-Request-Id", "FAKE:0001")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
