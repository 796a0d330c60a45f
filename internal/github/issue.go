package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Issue is the part of an issue we read.
type Issue struct {
	Number  int    `json:"number"`
	Title   string `json:"title"`
	Body    string `json:"body"`
	State   string `json:"state"`
	HTMLURL string `json:"html_url"`
	User    struct {
		Login string `json:"login"`
	} `json:"user"`
	// PullRequest is set when the "issue" is a pull request: the issues
	// endpoint lists both.
	PullRequest json.RawMessage `json:"pull_request,omitempty"`
}

// IssueOptions say what UpsertIssue writes.
type IssueOptions struct {
	Title string
	// Body is the Markdown; an empty (blank) body means "nothing to report".
	Body string
	// Marker names the issue (see Marker), e.g. "oktasync-drift".
	Marker string
	// Labels are set when the issue is created.
	Labels []string
	// CloseIfEmpty closes the marked issue when Body is blank: the finding
	// is gone (the org no longer drifts).
	CloseIfEmpty bool
	// ArtifactURL is linked from the note when Body had to be cut.
	ArtifactURL string
	// Author, when set, is the only login whose issues count as ours.
	Author string
	// ClosingComment is posted before closing; "" means a default.
	ClosingComment string
}

// IssueAction says what UpsertIssue did.
type IssueAction string

// The things UpsertIssue can do.
const (
	IssueCreated   IssueAction = "created"
	IssueUpdated   IssueAction = "updated"
	IssueUnchanged IssueAction = "unchanged"
	IssueClosed    IssueAction = "closed"
	// IssueNone: nothing to report and no open issue to close.
	IssueNone IssueAction = "none"
)

// IssueResult reports what UpsertIssue did.
type IssueResult struct {
	Action    IssueAction
	Number    int
	URL       string
	Truncated bool
}

// UpsertIssue keeps at most one open marked issue: with a body, it updates
// the open marked issue (title and body) or opens one; with a blank body
// and CloseIfEmpty, it closes the open marked issue, if any.
//
// Open issues are listed rather than searched: the search API is
// eventually consistent (an issue opened minutes ago may not be found,
// which is how duplicates happen) and has a much smaller rate limit.
func (c *Client) UpsertIssue(ctx context.Context, o IssueOptions) (IssueResult, error) {
	marker, err := Marker(o.Marker)
	if err != nil {
		return IssueResult{}, err
	}
	empty := strings.TrimSpace(o.Body) == ""
	if empty && !o.CloseIfEmpty {
		return IssueResult{}, errors.New("github: the issue body is empty; pass --close-if-empty to close the open issue when there is nothing to report")
	}
	if !empty && strings.TrimSpace(o.Title) == "" {
		return IssueResult{}, errors.New("github: an issue needs a title")
	}
	open, err := c.findIssue(ctx, marker, o.Author)
	if err != nil {
		return IssueResult{}, err
	}
	if empty {
		if open == nil {
			return IssueResult{Action: IssueNone}, nil
		}
		return c.closeIssue(ctx, open, o.ClosingComment)
	}

	body, cut := Compose(marker, o.Body, o.ArtifactURL)
	res := IssueResult{Truncated: cut}
	var got Issue
	switch {
	case open == nil:
		res.Action = IssueCreated
		req := map[string]any{"title": o.Title, "body": body}
		if len(o.Labels) > 0 {
			req["labels"] = o.Labels
		}
		_, err = c.do(ctx, http.MethodPost, c.repoPath("issues"), nil, req, &got)
	case open.Body == body && open.Title == o.Title:
		res.Action, got = IssueUnchanged, *open
	default:
		res.Action = IssueUpdated
		_, err = c.do(ctx, http.MethodPatch, c.repoPath("issues", strconv.Itoa(open.Number)), nil,
			map[string]string{"title": o.Title, "body": body}, &got)
	}
	if err != nil {
		return res, err
	}
	res.Number, res.URL = got.Number, got.HTMLURL
	return res, nil
}

func (c *Client) closeIssue(ctx context.Context, is *Issue, comment string) (IssueResult, error) {
	if comment == "" {
		comment = "The finding is gone: closing."
	}
	num := strconv.Itoa(is.Number)
	if _, err := c.do(ctx, http.MethodPost, c.repoPath("issues", num, "comments"), nil, map[string]string{"body": comment}, nil); err != nil {
		return IssueResult{}, err
	}
	var got Issue
	if _, err := c.do(ctx, http.MethodPatch, c.repoPath("issues", num), nil,
		map[string]string{"state": "closed", "state_reason": "completed"}, &got); err != nil {
		return IssueResult{}, err
	}
	return IssueResult{Action: IssueClosed, Number: is.Number, URL: is.HTMLURL}, nil
}

// findIssue returns the oldest open issue (not pull request) carrying the
// marker, or nil.
func (c *Client) findIssue(ctx context.Context, marker, author string) (*Issue, error) {
	var found *Issue
	q := map[string][]string{"state": {"open"}, "sort": {"created"}, "direction": {"asc"}}
	err := c.list(ctx, c.repoPath("issues"), q, func(raw json.RawMessage) (bool, error) {
		var page []Issue
		if err := json.Unmarshal(raw, &page); err != nil {
			return false, fmt.Errorf("github: listing open issues: %w", err)
		}
		for i := range page {
			is := &page[i]
			if len(is.PullRequest) > 0 && string(is.PullRequest) != "null" {
				continue
			}
			if hasMarker(is.Body, marker) && (author == "" || strings.EqualFold(is.User.Login, author)) {
				found = is
				return true, nil
			}
		}
		return false, nil
	})
	return found, err
}
