package github_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/github"
	"github.com/oktasync/oktasync/internal/github/githubtest"
)

// TestUpsertIssueLifecycle follows the drift issue through a week of
// nightly runs: drift opens ONE issue, more drift updates it, the same
// drift leaves it alone, no drift closes it, and no drift again does
// nothing.
func TestUpsertIssueLifecycle(t *testing.T) {
	f, c := newFake(t)
	ctx := context.Background()
	// Noise: other issues, and a pull request whose body quotes the
	// marker (the issues endpoint lists pull requests too).
	for i := range 130 {
		f.AddIssue(fmt.Sprintf("bug %d", i), "something", "carol")
	}
	f.AddPR("drift PR", "<!-- oktasync-drift -->\nnot an issue")

	o := github.IssueOptions{Title: "Okta org drifted", Body: "2 to update", Marker: "oktasync-drift", Labels: []string{"oktasync"}, CloseIfEmpty: true}
	r1, err := c.UpsertIssue(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if r1.Action != github.IssueCreated || r1.Number == 0 {
		t.Fatalf("night 1: %+v", r1)
	}
	o.Body = "3 to update"
	r2, err := c.UpsertIssue(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Action != github.IssueUpdated || r2.Number != r1.Number {
		t.Fatalf("night 2: %+v, want #%d updated", r2, r1.Number)
	}
	r3, err := c.UpsertIssue(ctx, o)
	if err != nil || r3.Action != github.IssueUnchanged {
		t.Fatalf("night 3: %+v %v, want unchanged", r3, err)
	}
	o.Body = "  \n"
	r4, err := c.UpsertIssue(ctx, o)
	if err != nil || r4.Action != github.IssueClosed || r4.Number != r1.Number {
		t.Fatalf("night 4: %+v %v, want #%d closed", r4, err, r1.Number)
	}
	r5, err := c.UpsertIssue(ctx, o)
	if err != nil || r5.Action != github.IssueNone {
		t.Fatalf("night 5: %+v %v, want nothing done", r5, err)
	}

	var ours []githubtest.Issue
	for _, is := range f.Issues() {
		if strings.HasPrefix(is.Body, "<!-- oktasync-drift -->") {
			ours = append(ours, is)
		}
	}
	if len(ours) != 1 {
		t.Fatalf("%d drift issues, want 1", len(ours))
	}
	if is := ours[0]; is.State != "closed" || is.StateReason != "completed" || !strings.Contains(is.Body, "3 to update") || fmt.Sprint(is.Labels) != "[oktasync]" {
		t.Errorf("drift issue %+v", is)
	}
	if n := len(f.Comments(r1.Number)); n != 1 {
		t.Errorf("%d comments on the closed issue, want the closing one", n)
	}
	// Night 6: drift again opens a new issue, since the old one is closed.
	o.Body = "1 to delete"
	r6, err := c.UpsertIssue(ctx, o)
	if err != nil || r6.Action != github.IssueCreated || r6.Number == r1.Number {
		t.Fatalf("night 6: %+v %v", r6, err)
	}
	if n := f.CountRequests(http.MethodPost, "/repos/acme/okta-config/issues"); n != 2 {
		t.Errorf("%d issues created, want 2", n)
	}
}

func TestUpsertIssueNeedsCloseIfEmpty(t *testing.T) {
	_, c := newFake(t)
	_, err := c.UpsertIssue(context.Background(), github.IssueOptions{Title: "t", Marker: "m"})
	if err == nil || !strings.Contains(err.Error(), "--close-if-empty") {
		t.Errorf("err %v", err)
	}
}

// TestUpsertIssueLargeBody: a drift plan too long for an issue is cut
// like a comment, and GitHub (the fake) accepts it.
func TestUpsertIssueLargeBody(t *testing.T) {
	f, c := newFake(t)
	res, err := c.UpsertIssue(context.Background(), github.IssueOptions{Title: "drift", Body: bigPlanMarkdown(3000), Marker: "oktasync-drift", ArtifactURL: "https://x/artifact"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated {
		t.Error("not truncated")
	}
	if body := f.Issues()[0].Body; len(body) > github.MaxBodySize || !strings.Contains(body, "https://x/artifact") {
		t.Errorf("issue body is %d bytes", len(body))
	}
}
