package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

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
