package github_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/github"
)

const (
	mergeSHA = "1111111111111111111111111111111111111111"
	headSHA  = "2222222222222222222222222222222222222222"
	otherSHA = "3333333333333333333333333333333333333333"

	reviewed = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	other    = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	bot      = "github-actions[bot]"
)

// planComment is what the plan workflow posts: the marker, the commit, the
// rendered plan with its digest.
func planComment(sha, digest string) string {
	return "<!-- oktasync-plan -->\nPlan for " + sha + " · [run](x). Merging this pull request applies exactly this plan.\n\n" +
		"### oktasync plan\n\nPlan digest: `" + digest + "`\n\n**Plan: 1 to create.**\n"
}

// TestFindPlan: the merge commit leads to its pull request, the PR's head
// commit to the newest unexpired plan artifact, and that to its run.
func TestFindPlan(t *testing.T) {
	f, c := newFake(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	// The same commit is on another, still open, PR's branch: associated
	// but not merged by it, so it must not count.
	f.AddOpenPRForCommit(9, mergeSHA)
	f.AddMergedPR(7, mergeSHA, headSHA)
	f.AddArtifact("oktasync-plan-"+headSHA, 100, headSHA, now.Add(-2*time.Hour), false)
	want := f.AddArtifact("oktasync-plan-"+headSHA, 101, headSHA, now.Add(-time.Hour), false) // a re-run
	f.AddArtifact("oktasync-plan-"+headSHA, 99, headSHA, now, true)                           // expired
	f.AddArtifact("oktasync-plan-"+otherSHA, 102, otherSHA, now, false)
	// Someone else's comment that starts with the marker does not count.
	f.AddComments(7, 1, "mallory", func(int) string { return planComment(headSHA, other) })
	f.AddComments(7, 1, bot, func(int) string { return planComment(headSHA, reviewed) })

	src, err := c.FindPlan(context.Background(), github.FindPlanOptions{SHA: mergeSHA, Author: bot})
	if err != nil {
		t.Fatal(err)
	}
	if src.PR != 7 || src.HeadSHA != headSHA || src.RunID != 101 || src.ArtifactID != want || src.Artifact != "oktasync-plan-"+headSHA ||
		src.Digest != reviewed || !strings.Contains(src.CommentURL, "issuecomment") {
		t.Errorf("%+v", src)
	}
}

// TestFindPlanNeedsTheReviewedDigest: without a plan comment that shows
// one digest for the PR's last commit, nothing is applied.
func TestFindPlanNeedsTheReviewedDigest(t *testing.T) {
	for _, tc := range []struct {
		name    string
		comment string
		want    string
	}{
		{"no comment", "", "has no plan comment"},
		{"a comment about an earlier commit", planComment(otherSHA, reviewed), "not about its last commit"},
		{"a failure report", "<!-- oktasync-plan -->\n**oktasync could not plan " + headSHA + "**", "shows no plan digest"},
		{"two digests", planComment(headSHA, reviewed) + "\n" + other, "2 different plan digests"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c := newFake(t)
			f.AddMergedPR(7, mergeSHA, headSHA)
			f.AddArtifact("oktasync-plan-"+headSHA, 100, headSHA, time.Now(), false)
			if tc.comment != "" {
				f.AddComments(7, 1, bot, func(int) string { return tc.comment })
			}
			_, err := c.FindPlan(context.Background(), github.FindPlanOptions{SHA: mergeSHA, Author: bot})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
		})
	}
}

// TestFindPlanWaitsForTheLink: right after a merge GitHub may not yet
// know which PR the commit merged; FindPlan asks again until it does.
func TestFindPlanWaitsForTheLink(t *testing.T) {
	f, c := newFake(t)
	f.AddArtifact("oktasync-plan-"+headSHA, 5, headSHA, time.Now(), false)
	timer := time.AfterFunc(30*time.Millisecond, func() {
		// The comment first: the PR becomes visible with it in place.
		f.AddComments(3, 1, bot, func(int) string { return planComment(headSHA, reviewed) })
		f.AddMergedPR(3, mergeSHA, headSHA)
	})
	defer timer.Stop()
	src, err := c.FindPlan(context.Background(), github.FindPlanOptions{SHA: mergeSHA, Wait: 10 * time.Second, PollInterval: 10 * time.Millisecond})
	if err != nil || src.PR != 3 || src.RunID != 5 {
		t.Fatalf("%+v %v", src, err)
	}
}

func TestFindPlanRefuses(t *testing.T) {
	ctx := context.Background()
	t.Run("direct push", func(t *testing.T) {
		_, c := newFake(t)
		_, err := c.FindPlan(ctx, github.FindPlanOptions{SHA: mergeSHA, Wait: 30 * time.Millisecond, PollInterval: 10 * time.Millisecond})
		var nm *github.NotMergedError
		if !errors.As(err, &nm) || !strings.Contains(err.Error(), "nothing was applied") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("no artifact for the last commit", func(t *testing.T) {
		f, c := newFake(t)
		f.AddMergedPR(4, mergeSHA, headSHA)
		// A plan for an earlier commit of the PR is not the reviewed one.
		f.AddArtifact("oktasync-plan-"+otherSHA, 1, otherSHA, time.Now(), false)
		src, err := c.FindPlan(ctx, github.FindPlanOptions{SHA: mergeSHA})
		if err == nil || !strings.Contains(err.Error(), "no reviewed plan") || !strings.Contains(err.Error(), "Re-run the plan workflow") || src.PR != 4 {
			t.Errorf("%+v %v", src, err)
		}
	})
	t.Run("several merged PRs", func(t *testing.T) {
		f, c := newFake(t)
		f.AddMergedPR(4, mergeSHA, headSHA)
		f.AddMergedPR(5, mergeSHA, otherSHA)
		_, err := c.FindPlan(ctx, github.FindPlanOptions{SHA: mergeSHA})
		if err == nil || !strings.Contains(err.Error(), "#4, #5") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("not a SHA", func(t *testing.T) {
		_, c := newFake(t)
		if _, err := c.FindPlan(ctx, github.FindPlanOptions{SHA: "main"}); err == nil {
			t.Error("accepted")
		}
	})
}
