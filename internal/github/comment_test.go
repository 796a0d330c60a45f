package github_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/oktasync/oktasync/internal/github"
	"github.com/oktasync/oktasync/internal/github/githubtest"
)

const (
	testToken = "ghs_TESTTOKEN0123456789abcdefABCDEF"
	testRepo  = "acme/okta-config"
)

func newClient(t *testing.T, apiURL string) *github.Client {
	t.Helper()
	c, err := github.New(github.Config{APIURL: apiURL, Token: testToken, Repository: testRepo, RetryDelay: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newFake(t *testing.T) (*githubtest.Server, *github.Client) {
	t.Helper()
	f := githubtest.New(testToken, testRepo)
	t.Cleanup(f.Close)
	return f, newClient(t, f.URL)
}

// TestUpsertCommentCreatesOnceThenUpdates: the first push creates the
// comment, later pushes edit that same comment, and an unchanged plan is
// not even re-sent.
func TestUpsertCommentCreatesOnceThenUpdates(t *testing.T) {
	f, c := newFake(t)
	ctx := context.Background()
	pr := f.AddPR("change groups", "")
	f.AddComments(pr, 2, "alice", func(i int) string { return fmt.Sprintf("LGTM %d", i) })

	opts := github.CommentOptions{PR: pr, Marker: "oktasync-plan", Body: "### oktasync plan\n\n**1 to create**\n"}
	r1, err := c.UpsertComment(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if r1.Action != github.CommentCreated || r1.ID == 0 || r1.URL == "" {
		t.Fatalf("first upsert: %+v, want created with an ID and URL", r1)
	}

	opts.Body = "### oktasync plan\n\n**2 to create**\n"
	r2, err := c.UpsertComment(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Action != github.CommentUpdated || r2.ID != r1.ID {
		t.Fatalf("second upsert: %+v, want the same comment %d updated", r2, r1.ID)
	}
	r3, err := c.UpsertComment(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if r3.Action != github.CommentUnchanged || r3.ID != r1.ID {
		t.Fatalf("third upsert: %+v, want unchanged", r3)
	}

	comments := f.Comments(pr)
	if len(comments) != 3 {
		t.Fatalf("%d comments on the PR, want 2 of alice's and exactly 1 of ours", len(comments))
	}
	ours := comments[2]
	if !strings.HasPrefix(ours.Body, "<!-- oktasync-plan -->\n") || !strings.Contains(ours.Body, "2 to create") {
		t.Errorf("our comment is %q", ours.Body)
	}
	if n := f.CountRequests(http.MethodPost, "/comments"); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	if n := f.CountRequests(http.MethodPatch, fmt.Sprintf("/comments/%d", r1.ID)); n != 1 {
		t.Errorf("%d PATCHes, want 1 (the unchanged plan must not be re-sent)", n)
	}
}

// TestUpsertCommentPagesToMarker: on a busy PR the marked comment is on
// the third page of 100; it is found by following Link headers, updated,
// and no second comment appears.
func TestUpsertCommentPagesToMarker(t *testing.T) {
	f, c := newFake(t)
	ctx := context.Background()
	pr := f.AddPR("busy", "")
	f.AddComments(pr, 230, "bob", func(i int) string { return fmt.Sprintf("comment %d", i) })
	f.AddComments(pr, 1, githubtest.BotLogin, func(int) string { return "<!-- oktasync-plan -->\nold plan" })
	f.AddComments(pr, 20, "bob", func(i int) string { return fmt.Sprintf("later %d", i) })

	res, err := c.UpsertComment(ctx, github.CommentOptions{PR: pr, Marker: "oktasync-plan", Body: "new plan", Author: githubtest.BotLogin})
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != github.CommentUpdated {
		t.Fatalf("%+v, want updated", res)
	}
	comments := f.Comments(pr)
	if len(comments) != 251 {
		t.Fatalf("%d comments, want 251 (no new one)", len(comments))
	}
	if got := comments[230].Body; got != "<!-- oktasync-plan -->\nnew plan" {
		t.Errorf("marked comment is %q", got)
	}
	var pages []string
	for _, r := range f.Requests() {
		if r.Method == http.MethodGet {
			pages = append(pages, r.Query.Get("page")+"/"+r.Query.Get("per_page"))
		}
	}
	// Page 1 is our own URL (no page parameter); pages 2 and 3 come from
	// Link rel="next"; the listing stops at the page with the marker.
	if want := []string{"/100", "2/100", "3/100"}; fmt.Sprint(pages) != fmt.Sprint(want) {
		t.Errorf("pages read %v, want %v", pages, want)
	}
}

// TestUpsertCommentOnlyOwnComments: a comment that quotes the marker
// further down, or one by someone else when Author is set, is never edited.
func TestUpsertCommentOnlyOwnComments(t *testing.T) {
	f, c := newFake(t)
	pr := f.AddPR("x", "")
	f.AddComments(pr, 1, "mallory", func(int) string { return "<!-- oktasync-plan -->\nplanted" })
	f.AddComments(pr, 1, "bob", func(int) string { return "> quoting the bot:\n> <!-- oktasync-plan -->" })
	res, err := c.UpsertComment(context.Background(), github.CommentOptions{PR: pr, Marker: "oktasync-plan", Body: "plan", Author: githubtest.BotLogin})
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != github.CommentCreated {
		t.Fatalf("%+v, want a new comment", res)
	}
	cs := f.Comments(pr)
	if cs[0].Body != "<!-- oktasync-plan -->\nplanted" || len(cs) != 3 {
		t.Errorf("comments %+v", cs)
	}
}

func TestMarkerValidation(t *testing.T) {
	for _, bad := range []string{"", "a -->b", "-x", "x y", "a\nb", strings.Repeat("a", 65), "é"} {
		if _, err := github.Marker(bad); err == nil {
			t.Errorf("Marker(%q) accepted", bad)
		}
	}
	if m, err := github.Marker("oktasync-plan.v1_x"); err != nil || m != "<!-- oktasync-plan.v1_x -->" {
		t.Errorf("Marker: %q, %v", m, err)
	}
}

// bigPlanMarkdown builds a plan comment the way the Markdown renderer lays
// one out (a table, then a collapsible section per kind with a diff block
// per object, then the execution order), with n objects.
func bigPlanMarkdown(n int) string {
	var b strings.Builder
	b.WriteString("### oktasync plan\n\n**" + fmt.Sprint(n) + " to create**\n\n| Kind | create |\n|---|---:|\n| groups | " + fmt.Sprint(n) + " |\n\n")
	b.WriteString("<details><summary><b>groups</b>: " + fmt.Sprint(n) + " to create</summary>\n\n")
	for i := range n {
		fmt.Fprintf(&b, "**+** `groups/team-%05d` (create)\n\n```diff\n+ profile.name = \"Team %05d\"\n+ profile.description = \"Everyone in team %05d — ünïcödé\"\n```\n\n", i, i, i)
	}
	b.WriteString("</details>\n\n<details><summary>Execution order</summary>\n\n| # | Action | Object | After |\n|---:|---|---|---|\n")
	for i := range n {
		fmt.Fprintf(&b, "| %d | create | `groups/team-%05d` |  |\n", i+1, i)
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

// TestLargePlanCommentStaysUnderLimit is the acceptance test for the size
// limit: a plan of 5,000 objects (about a megabyte of Markdown) becomes one
// comment under 65,536 characters that GitHub accepts, that still renders
// (no code block or <details> left open) and that links the full plan.
func TestLargePlanCommentStaysUnderLimit(t *testing.T) {
	f, c := newFake(t)
	pr := f.AddPR("big", "")
	md := bigPlanMarkdown(5000)
	if len(md) < 10*github.MaxBodySize {
		t.Fatalf("test plan is only %d bytes", len(md))
	}
	const artifact = "https://github.com/acme/okta-config/actions/runs/42/artifacts/7"
	res, err := c.UpsertComment(context.Background(), github.CommentOptions{PR: pr, Marker: "oktasync-plan", Body: md, ArtifactURL: artifact})
	if err != nil {
		t.Fatal(err) // the fake answers 422 for a body over the limit, as GitHub does
	}
	if !res.Truncated || res.Size > github.MaxBodySize {
		t.Fatalf("%+v, want truncated to at most %d", res, github.MaxBodySize)
	}
	body := f.Comments(pr)[0].Body
	t.Logf("%d bytes of Markdown became a comment of %d bytes, %d characters", len(md), len(body), utf8.RuneCountInString(body))
	if n := utf8.RuneCountInString(body); n > github.MaxBodySize || len(body) > github.MaxBodySize {
		t.Fatalf("comment is %d characters (%d bytes), over %d", n, len(body), github.MaxBodySize)
	}
	if len(body) < github.MaxBodySize-2000 {
		t.Errorf("comment is %d bytes: the cut wastes room", len(body))
	}
	if !strings.Contains(body, artifact) || !strings.Contains(body, "This comment was cut") {
		t.Errorf("comment lacks the note with the artifact link; its end: %q", body[len(body)-300:])
	}
	checkBalanced(t, body)
	if !utf8.ValidString(body) {
		t.Error("comment is not valid UTF-8")
	}
}

// checkBalanced asserts every code fence is closed and every <details>
// is closed.
func checkBalanced(t *testing.T, s string) {
	t.Helper()
	fences := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "```") {
			fences++
		}
	}
	if fences%2 != 0 {
		t.Errorf("%d fence lines: a code block is left open", fences)
	}
	if o, cl := strings.Count(s, "<details>"), strings.Count(s, "</details>"); o != cl {
		t.Errorf("%d <details> but %d </details>", o, cl)
	}
}

func TestFit(t *testing.T) {
	t.Run("fits", func(t *testing.T) {
		if got, cut := github.Fit("abc\n", 10, ""); got != "abc\n" || cut {
			t.Errorf("%q %v", got, cut)
		}
	})
	t.Run("cut inside a fence closes it", func(t *testing.T) {
		s := "intro\n\n````diff\n" + strings.Repeat("+ line with ``` inside\n", 100) + "````\n\nafter\n"
		got, cut := github.Fit(s, 1000, "https://x/a")
		if !cut || len(got) > 1000 {
			t.Fatalf("cut=%v len=%d", cut, len(got))
		}
		if !strings.Contains(got, "+ line with ``` inside\n````\n\n> [!NOTE]") {
			t.Errorf("fence not closed with the opening fence:\n%s", got)
		}
	})
	t.Run("cut inside nested details closes both", func(t *testing.T) {
		s := "<details><summary>a</summary>\n\n<details><summary>b</summary>\n\n" + strings.Repeat("text line\n", 500) + "</details>\n</details>\n"
		got, _ := github.Fit(s, 2000, "")
		if len(got) > 2000 {
			t.Fatalf("len %d", len(got))
		}
		checkBalanced(t, got)
		if !strings.Contains(got, "workflow run's artifacts") {
			t.Errorf("no note without a URL: %q", got[len(got)-200:])
		}
	})
	t.Run("one enormous line is cut at a character boundary", func(t *testing.T) {
		s := strings.Repeat("é", 5000)
		got, cut := github.Fit(s, 1000, "u")
		if !cut || len(got) > 1000 || !utf8.ValidString(got) || !strings.HasPrefix(got, "éé") {
			t.Errorf("cut=%v len=%d valid=%v", cut, len(got), utf8.ValidString(got))
		}
	})
	t.Run("cut at a line boundary", func(t *testing.T) {
		s := strings.Repeat("0123456789\n", 1000)
		got, _ := github.Fit(s, 5000, "u")
		kept, _, _ := strings.Cut(got, "\n> [!NOTE]")
		if strings.Trim(strings.ReplaceAll(kept, "0123456789\n", ""), "\n") != "" {
			t.Errorf("a line was cut in the middle: %q", kept[len(kept)-30:])
		}
		if !strings.Contains(got, "of 1000 lines") {
			t.Errorf("note miscounts lines: %q", got[len(got)-200:])
		}
	})
}

// TestFitNeverExceeds throws random Markdown-ish text of every size at Fit.
func TestFitNeverExceeds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	parts := []string{"```diff\n", "```\n", "~~~~\n", "<details><summary>x</summary>\n", "</details>\n", "plain line\n", "ünïcödé ✓ line\n", "\n", "| a | b |\n", strings.Repeat("long ", 80) + "\n"}
	for i := range 300 {
		var b strings.Builder
		for range rng.IntN(400) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		limit := 400 + rng.IntN(8000)
		got, cut := github.Fit(s, limit, "https://example.com/artifact")
		if len(got) > limit && len(s) > limit {
			t.Fatalf("case %d: %d bytes over limit %d", i, len(got), limit)
		}
		if cut != (len(s) > limit) || !utf8.ValidString(got) {
			t.Fatalf("case %d: cut=%v for %d bytes with limit %d", i, cut, len(s), limit)
		}
		if cut {
			kept, _, _ := strings.Cut(got, "\n> [!NOTE]")
			if !strings.HasPrefix(s, strings.TrimRight(kept, "`~\n</details>")) {
				t.Fatalf("case %d: kept text is not a prefix of the input", i)
			}
		}
	}
}
