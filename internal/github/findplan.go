package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// PlanArtifactPrefix is how the plan workflow names its artifact:
// oktasync-plan-<head commit SHA of the pull request>.
const PlanArtifactPrefix = "oktasync-plan-"

// NotMergedError means the commit is not (yet) known as the merge of a pull
// request. Right after a merge GitHub may not have linked the commit to its
// pull request yet, so FindPlan asks again until Wait runs out.
type NotMergedError struct{ SHA string }

func (e *NotMergedError) Error() string {
	return fmt.Sprintf("commit %s was not made by merging a pull request (a direct push?); "+
		"oktasync applies only plans reviewed on a pull request, so nothing was applied", shortSHA(e.SHA))
}

// PlanSource is where the reviewed plan of a merged pull request is.
type PlanSource struct {
	// PR is the merged pull request; HeadSHA its last commit, the one the
	// reviewed plan was made for.
	PR      int
	PRURL   string
	HeadSHA string
	// Artifact is the artifact's name, ArtifactID its ID, and RunID the
	// workflow run that uploaded it (what actions/download-artifact needs).
	Artifact   string
	ArtifactID int64
	RunID      int64
	// Digest is the plan digest that the pull request's plan comment
	// shows: what the reviewers saw. Apply refuses a plan with another.
	Digest string
	// CommentURL is that comment.
	CommentURL string
}

// DefaultCommentMarker names the plan comment the plan workflow keeps on a
// pull request.
const DefaultCommentMarker = "oktasync-plan"

// digestRE matches a plan digest in a comment.
var digestRE = regexp.MustCompile(`sha256:[0-9a-f]{64}`)

// FindPlanOptions say which commit's plan to look for.
type FindPlanOptions struct {
	// SHA is the commit pushed to the default branch (GITHUB_SHA).
	SHA string
	// Prefix is the artifact name's prefix; "" means PlanArtifactPrefix.
	Prefix string
	// Wait is how long to keep asking while GitHub has not linked the
	// commit to its pull request yet; PollInterval is the pause between
	// asks (0 means 5 seconds).
	Wait         time.Duration
	PollInterval time.Duration
	// CommentMarker names the plan comment ("" means
	// DefaultCommentMarker); Author, when set, is the only login whose
	// comment counts (github-actions[bot]).
	CommentMarker string
	Author        string
}

type pullRequest struct {
	Number         int     `json:"number"`
	HTMLURL        string  `json:"html_url"`
	MergedAt       *string `json:"merged_at"`
	MergeCommitSHA string  `json:"merge_commit_sha"`
	Head           struct {
		SHA string `json:"sha"`
	} `json:"head"`
}

type artifact struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Expired     bool   `json:"expired"`
	CreatedAt   string `json:"created_at"`
	WorkflowRun struct {
		ID      int64  `json:"id"`
		HeadSHA string `json:"head_sha"`
	} `json:"workflow_run"`
}

// FindPlan finds the reviewed plan for a commit on the default branch:
//
//  1. the pull request it merged: GET /repos/{o}/{r}/commits/{sha}/pulls
//     lists the pull requests associated with the commit, and the one
//     whose merge_commit_sha is this commit is the one it merged. That
//     holds for all three merge methods: a merge commit, a squash commit
//     and the last commit of a rebase are each recorded as the pull
//     request's merge_commit_sha. Its head.sha is the last commit that was
//     pushed to the pull request, the one its final plan was made for;
//  2. the newest unexpired artifact named <prefix><head SHA>
//     (GET /repos/{o}/{r}/actions/artifacts?name=…), and the run that
//     uploaded it.
//
// It never falls back to anything else: a commit pushed to main directly,
// or a pull request whose final plan did not finish, gets an error that
// says so, because applying anything but the reviewed plan is what this
// workflow exists to prevent.
func (c *Client) FindPlan(ctx context.Context, o FindPlanOptions) (PlanSource, error) {
	sha := strings.TrimSpace(o.SHA)
	if !isSHA(sha) {
		return PlanSource{}, fmt.Errorf("github: %q is not a commit SHA (40 hex digits)", o.SHA)
	}
	prefix := o.Prefix
	if prefix == "" {
		prefix = PlanArtifactPrefix
	}
	poll := o.PollInterval
	if poll <= 0 {
		poll = 5 * time.Second
	}
	deadline := time.Now().Add(o.Wait)
	var pr *pullRequest
	for {
		var err error
		pr, err = c.mergedPR(ctx, sha)
		if err == nil {
			break
		}
		var nm *NotMergedError
		if !errors.As(err, &nm) || !time.Now().Add(poll).Before(deadline) {
			return PlanSource{}, err
		}
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return PlanSource{}, ctx.Err()
		case <-t.C:
		}
	}
	src := PlanSource{PR: pr.Number, PRURL: pr.HTMLURL, HeadSHA: pr.Head.SHA, Artifact: prefix + pr.Head.SHA}
	a, err := c.newestArtifact(ctx, src.Artifact)
	if err != nil {
		return src, err
	}
	if a == nil {
		return src, fmt.Errorf("no reviewed plan: pull request #%d was merged, but there is no artifact %q for its last commit %s "+
			"(the plan workflow did not finish for that commit, failed, or its artifact expired). Nothing was applied. "+
			"Re-run the plan workflow for #%d's last commit (Actions tab), check its plan, then re-run this workflow",
			pr.Number, src.Artifact, shortSHA(pr.Head.SHA), pr.Number)
	}
	src.ArtifactID, src.RunID = a.ID, a.WorkflowRun.ID
	if err := c.reviewedDigest(ctx, &src, o); err != nil {
		return src, err
	}
	return src, nil
}

// reviewedDigest reads the plan digest off the pull request's plan
// comment: the one comment carrying the marker (from Author, when set),
// which must be about the PR's last commit and show exactly one digest.
// Without it there is nothing to check the artifact against, and nothing
// is applied: a comment replaced by a failure report, or never written,
// means no plan was reviewed for that commit.
func (c *Client) reviewedDigest(ctx context.Context, src *PlanSource, o FindPlanOptions) error {
	name := o.CommentMarker
	if name == "" {
		name = DefaultCommentMarker
	}
	marker, err := Marker(name)
	if err != nil {
		return err
	}
	cm, err := c.findComment(ctx, src.PR, marker, o.Author)
	if err != nil {
		return err
	}
	if cm == nil {
		return fmt.Errorf("no reviewed plan: pull request #%d has no plan comment (%s) to check the plan against; nothing was applied", src.PR, marker)
	}
	src.CommentURL = cm.HTMLURL
	if !strings.Contains(cm.Body, src.HeadSHA) {
		return fmt.Errorf("no reviewed plan: the plan comment on #%d (%s) is not about its last commit %s; nothing was applied. "+
			"Re-run the plan workflow for that commit", src.PR, cm.HTMLURL, shortSHA(src.HeadSHA))
	}
	found := map[string]bool{}
	for _, d := range digestRE.FindAllString(cm.Body, -1) {
		found[d] = true
	}
	switch len(found) {
	case 0:
		return fmt.Errorf("no reviewed plan: the plan comment on #%d (%s) shows no plan digest (the plan failed, or was made by an oktasync older than format version 2); nothing was applied", src.PR, cm.HTMLURL)
	case 1:
		for d := range found {
			src.Digest = d
		}
		return nil
	}
	return fmt.Errorf("the plan comment on #%d (%s) shows %d different plan digests: refusing to guess which plan was reviewed", src.PR, cm.HTMLURL, len(found))
}

// mergedPR returns the pull request that sha merged, a *NotMergedError
// when there is none, and an error when there are several.
func (c *Client) mergedPR(ctx context.Context, sha string) (*pullRequest, error) {
	var merged []pullRequest
	err := c.list(ctx, c.repoPath("commits", sha, "pulls"), nil, func(raw json.RawMessage) (bool, error) {
		var page []pullRequest
		if err := json.Unmarshal(raw, &page); err != nil {
			return false, fmt.Errorf("github: listing the pull requests of %s: %w", shortSHA(sha), err)
		}
		for _, p := range page {
			if p.MergedAt != nil && strings.EqualFold(p.MergeCommitSHA, sha) {
				merged = append(merged, p)
			}
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	switch len(merged) {
	case 0:
		return nil, &NotMergedError{SHA: sha}
	case 1:
		return &merged[0], nil
	}
	nums := make([]string, len(merged))
	for i, p := range merged {
		nums[i] = fmt.Sprintf("#%d", p.Number)
	}
	return nil, fmt.Errorf("commit %s is the merge of several pull requests (%s): refusing to guess which plan was reviewed", shortSHA(sha), strings.Join(nums, ", "))
}

// newestArtifact returns the newest unexpired artifact with the name, or
// nil. A re-run of the plan workflow uploads another one; the newest is the
// plan of the latest run.
func (c *Client) newestArtifact(ctx context.Context, name string) (*artifact, error) {
	var best *artifact
	err := c.list(ctx, c.repoPath("actions", "artifacts"), url.Values{"name": {name}}, func(raw json.RawMessage) (bool, error) {
		var page struct {
			Artifacts []artifact `json:"artifacts"`
		}
		if err := json.Unmarshal(raw, &page); err != nil {
			return false, fmt.Errorf("github: listing artifacts: %w", err)
		}
		for i := range page.Artifacts {
			a := &page.Artifacts[i]
			if a.Name != name || a.Expired {
				continue
			}
			// RFC 3339 in UTC compares as text; the ID breaks ties.
			if best == nil || a.CreatedAt > best.CreatedAt || (a.CreatedAt == best.CreatedAt && a.ID > best.ID) {
				best = a
			}
		}
		return false, nil
	})
	if err != nil {
		if StatusCode(err) == http.StatusForbidden {
			return nil, fmt.Errorf("%w (the job needs permissions: actions: read)", err)
		}
		return nil, err
	}
	return best, nil
}

func isSHA(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return false
		}
	}
	return true
}

func shortSHA(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
