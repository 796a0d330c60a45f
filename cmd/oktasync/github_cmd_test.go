package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/oktasync/oktasync/internal/github"
	"github.com/oktasync/oktasync/internal/github/githubtest"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/urfave/cli/v2"
)

const ghTestToken = "ghs_CMDTESTTOKEN_9f8e7d6c5b4a"

// runOneCommand runs cmd as run does (same error printing and exit codes),
// without depending on which commands app.go registers.
func runOneCommand(t *testing.T, cmd *cli.Command, args ...string) (int, string, string) {
	t.Helper()
	var out, errb syncBuffer
	app := &cli.App{
		Name: "oktasync", Writer: &out, ErrWriter: &errb,
		ExitErrHandler: func(*cli.Context, error) {},
		Commands:       []*cli.Command{cmd},
	}
	err := app.RunContext(context.Background(), append([]string{"oktasync"}, args...))
	if err != nil {
		fmt.Fprintf(&errb, "oktasync: %v\n", err)
	}
	return exitCode(err), out.String(), errb.String()
}

// githubEnv points the github commands at a fake GitHub.
func githubEnv(t *testing.T) *githubtest.Server {
	t.Helper()
	f := githubtest.New(ghTestToken, "acme/okta-config")
	t.Cleanup(f.Close)
	t.Setenv("GITHUB_TOKEN", ghTestToken)
	t.Setenv("GITHUB_API_URL", f.URL)
	t.Setenv("GITHUB_REPOSITORY", "acme/okta-config")
	t.Setenv("GITHUB_SERVER_URL", "https://github.com")
	t.Setenv("GITHUB_RUN_ID", "4242")
	t.Setenv("GITHUB_SHA", "")
	return f
}

// bigPlan is a plan of n group creates and n app updates: the size of a
// first import of a large org.
func bigPlan(n int) *plan.Plan {
	p := &plan.Plan{
		FormatVersion: plan.FormatVersion, Desired: "tree ./okta", Current: "org https://acme.okta.com",
		Summary: plan.Summary{Actions: map[plan.Action]int{plan.ActionCreate: n, plan.ActionUpdate: n}},
	}
	p.Summary.Kinds = []plan.KindSummary{
		{Kind: "groups", Actions: map[plan.Action]int{plan.ActionCreate: n}},
		{Kind: "apps", Actions: map[plan.Action]int{plan.ActionUpdate: n}},
	}
	for i := range n {
		path := fmt.Sprintf("groups/team-%05d", i)
		p.Steps = append(p.Steps, plan.Step{
			ID: path + ":create", Action: plan.ActionCreate, Kind: "groups", Path: path,
			Body:      map[string]any{"profile": map[string]any{"name": fmt.Sprintf("Team %05d", i), "description": "Everyone in the team, « ünïcödé »"}},
			DependsOn: []string{},
		})
	}
	for i := range n {
		path := fmt.Sprintf("apps/oidc-client-%05d", i)
		p.Steps = append(p.Steps, plan.Step{
			ID: path + ":update", Action: plan.ActionUpdate, Kind: "apps", Path: path,
			Live: &plan.LiveRef{ID: fmt.Sprintf("0oa%017d", i)},
			Body: map[string]any{"settings": map[string]any{"oauthClient": map[string]any{"redirect_uris": []any{"https://a.example.com/cb"}}}},
			Changes: []plan.Change{{Path: "/settings/oauthClient/redirect_uris", Op: plan.OpModify,
				Before: []any{"https://old.example.com/cb"}, After: []any{"https://a.example.com/cb"}}},
			DependsOn: []string{fmt.Sprintf("groups/team-%05d:create", i)},
		})
	}
	return p
}

// TestGitHubCommentLargePlan is the acceptance test for the plan comment:
// the Markdown renderer's output for a plan of 6,000 steps, rendered
// without its own size cap (as a plan.md written by an older renderer or a
// custom template could be), goes through `oktasync github comment` and
// comes out as ONE comment under GitHub's 65,536-character limit that
// links the full plan artifact; a second run edits it instead of adding
// another.
func TestGitHubCommentLargePlan(t *testing.T) {
	f := githubEnv(t)
	pr := f.AddPR("import the org", "")
	dir := t.TempDir()
	mdPath := filepath.Join(dir, "plan.md")
	var md strings.Builder
	big := bigPlan(3000)
	if err := big.Seal(nil); err != nil {
		t.Fatal(err)
	}
	if err := plan.RenderMarkdown(&md, big, plan.MarkdownOptions{MaxBytes: 1 << 30}); err != nil {
		t.Fatal(err)
	}
	if md.Len() < 5*github.MaxBodySize {
		t.Fatalf("rendered plan is only %d bytes", md.Len())
	}
	if err := os.WriteFile(mdPath, []byte(md.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	const artifact = "https://github.com/acme/okta-config/actions/runs/4242/artifacts/99"
	args := []string{"github", "comment", "--pr", fmt.Sprint(pr), "--file", mdPath, "--artifact-url", artifact, "--author", githubtest.BotLogin}

	code, stdout, stderr := runOneCommand(t, githubCommand(), args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "created comment") || !strings.Contains(stdout, "cut from") {
		t.Errorf("stdout %q", stdout)
	}
	comments := f.Comments(pr)
	if len(comments) != 1 {
		t.Fatalf("%d comments, want 1", len(comments))
	}
	body := comments[0].Body
	t.Logf("%d bytes of plan Markdown became a comment of %d characters", md.Len(), utf8.RuneCountInString(body))
	if utf8.RuneCountInString(body) > github.MaxBodySize || len(body) > github.MaxBodySize {
		t.Fatalf("comment is %d bytes, over GitHub's limit", len(body))
	}
	if !strings.HasPrefix(body, "<!-- oktasync-plan -->\n### oktasync plan") {
		t.Errorf("comment starts %q", body[:60])
	}
	if !strings.Contains(body, "| **total** |") || !strings.Contains(body, artifact) {
		t.Error("comment lacks the summary table or the artifact link")
	}
	// The digest apply checks against is in the part that is never cut.
	if !strings.Contains(body, "Plan digest: `"+big.Digest+"`") {
		t.Error("the cut comment lacks the plan digest")
	}
	if n := strings.Count(body, "<details>"); n != strings.Count(body, "</details>") {
		t.Errorf("unbalanced <details>: %d open, %d closed", n, strings.Count(body, "</details>"))
	}

	// The next push: same command, one comment still.
	if code, _, stderr := runOneCommand(t, githubCommand(), args...); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	if n := len(f.Comments(pr)); n != 1 {
		t.Errorf("%d comments after the second run, want 1", n)
	}
}

// TestGitHubCommentDefaultLink: without --artifact-url the note links the
// workflow run (whose page lists the artifacts).
func TestGitHubCommentDefaultLink(t *testing.T) {
	f := githubEnv(t)
	pr := f.AddPR("x", "")
	path := filepath.Join(t.TempDir(), "plan.md")
	if err := os.WriteFile(path, []byte(strings.Repeat("a line of the plan\n", 10000)), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runOneCommand(t, githubCommand(), "github", "comment", "--pr", fmt.Sprint(pr), "--file", path); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if body := f.Comments(pr)[0].Body; !strings.Contains(body, "https://github.com/acme/okta-config/actions/runs/4242") {
		t.Errorf("no run link in %q", body[len(body)-300:])
	}
}

func TestGitHubIssueCommand(t *testing.T) {
	f := githubEnv(t)
	dir := t.TempDir()
	drift := filepath.Join(dir, "drift.md")
	empty := filepath.Join(dir, "empty.md")
	_ = os.WriteFile(drift, []byte("### oktasync plan\n\n**1 to update**\n"), 0o644)
	_ = os.WriteFile(empty, nil, 0o644)
	issue := func(file string) string {
		t.Helper()
		code, out, stderr := runOneCommand(t, githubCommand(), "github", "issue", "--title", "Okta org drifted from main", "--file", file, "--close-if-empty", "--label", "oktasync,drift")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return out
	}
	if out := issue(drift); !strings.HasPrefix(out, "created issue #1") {
		t.Errorf("first: %q", out)
	}
	if out := issue(drift); !strings.HasPrefix(out, "unchanged issue #1") {
		t.Errorf("second: %q", out)
	}
	if out := issue(empty); !strings.HasPrefix(out, "closed issue #1") {
		t.Errorf("third: %q", out)
	}
	if out := issue(empty); !strings.Contains(out, "nothing to report") {
		t.Errorf("fourth: %q", out)
	}
	is := f.Issues()
	if len(is) != 1 || is[0].State != "closed" || fmt.Sprint(is[0].Labels) != "[oktasync drift]" {
		t.Errorf("issues %+v", is)
	}
	if c := f.Comments(1); len(c) != 1 || !strings.Contains(c[0].Body, "actions/runs/4242") {
		t.Errorf("closing comment %+v", c)
	}
}

func TestGitHubFindPlanCommand(t *testing.T) {
	f := githubEnv(t)
	merge, head := strings.Repeat("a", 40), strings.Repeat("b", 40)
	f.AddMergedPR(12, merge, head)
	f.AddArtifact("oktasync-plan-"+head, 777, head, time.Now(), false)
	digest := "sha256:" + strings.Repeat("d", 64)
	f.AddComments(12, 1, githubtest.BotLogin, func(int) string {
		return "<!-- oktasync-plan -->\nPlan for " + head + ".\n\n### oktasync plan\n\nPlan digest: `" + digest + "`\n"
	})
	t.Setenv("GITHUB_SHA", merge)
	out := filepath.Join(t.TempDir(), "github_output")
	code, stdout, stderr := runOneCommand(t, githubCommand(), "github", "find-plan", "--output", out, "--author", githubtest.BotLogin)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"pr=12\n", "head-sha=" + head + "\n", "artifact=oktasync-plan-" + head + "\n", "run-id=777\n", "digest=" + digest + "\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q: %q", want, stdout)
		}
	}
	if data, _ := os.ReadFile(out); string(data) != stdout {
		t.Errorf("--output has %q", data)
	}

	// A direct push to main has no reviewed plan: exit 1, and say so.
	t.Setenv("GITHUB_SHA", strings.Repeat("c", 40))
	code, _, stderr = runOneCommand(t, githubCommand(), "github", "find-plan", "--wait", "0s")
	if code != 1 || !strings.Contains(stderr, "nothing was applied") {
		t.Errorf("direct push: exit %d, stderr %q", code, stderr)
	}
}

// TestGitHubErrorsHideToken: a wrong token fails with a hint about
// GITHUB_TOKEN, and neither the token sent nor the expected one appears.
func TestGitHubErrorsHideToken(t *testing.T) {
	f := githubEnv(t)
	pr := f.AddPR("x", "")
	path := filepath.Join(t.TempDir(), "plan.md")
	_ = os.WriteFile(path, []byte("plan"), 0o644)
	const wrong = "ghs_WRONGTOKEN_000111222"
	t.Setenv("GITHUB_TOKEN", wrong)
	code, stdout, stderr := runOneCommand(t, githubCommand(), "github", "comment", "--pr", fmt.Sprint(pr), "--file", path)
	if code != 1 || !strings.Contains(stderr, "GITHUB_TOKEN was refused") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	for _, secret := range []string{wrong, ghTestToken} {
		if strings.Contains(stdout+stderr, secret) {
			t.Errorf("output contains a token: %q", stdout+stderr)
		}
	}
	t.Setenv("GITHUB_TOKEN", "")
	if code, _, stderr := runOneCommand(t, githubCommand(), "github", "comment", "--pr", "1", "--file", path); code != 1 || !strings.Contains(stderr, "set GITHUB_TOKEN") {
		t.Errorf("no token: exit %d, stderr %q", code, stderr)
	}
}
