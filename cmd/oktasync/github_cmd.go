package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/github"
	"github.com/urfave/cli/v2"
)

// githubCommand groups the helpers that oktasync's GitHub Actions workflows
// call (examples/github-actions). They are Go, not inline scripts, so that
// what decides "one comment, not fifty" and "apply only the reviewed plan"
// is tested like the rest of the tool.
func githubCommand() *cli.Command {
	return &cli.Command{
		HideHelpCommand: true,
		Name:            "github",
		Usage:           "GitHub Actions helpers: the PR plan comment, the drift issue, the reviewed plan of a merge",
		Description: "These read GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL (default " + github.DefaultAPIURL + "),\n" +
			"as every workflow step has them (GITHUB_TOKEN must be passed in: env: GITHUB_TOKEN: ${{ github.token }}).",
		Subcommands: []*cli.Command{
			githubCommentCommand(),
			githubIssueCommand(),
			githubFindPlanCommand(),
		},
	}
}

// commentOptions are `github comment`'s flags.
type commentOptions struct {
	PR          int
	File        string
	Marker      string
	ArtifactURL string
	Author      string
}

func githubCommentCommand() *cli.Command {
	return &cli.Command{
		Name:  "comment",
		Usage: "create or update the ONE pull-request comment that carries a marker",
		Description: "Posts --file as a comment on pull request --pr, or, when a comment starting with\n" +
			"<!-- MARKER --> is already there, edits that comment instead (unchanged text is not re-sent).\n" +
			"A body over GitHub's 65,536-character limit is cut at a line boundary, open code blocks and\n" +
			"<details> are closed, and a note links --artifact-url (default: this workflow run).",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "pr", Usage: "comment on pull request number `N` (${{ github.event.pull_request.number }})", Required: true},
			&cli.StringFlag{Name: "file", Usage: "the `FILE` with the Markdown to post, or - for stdin", Required: true},
			&cli.StringFlag{Name: "marker", Value: "oktasync-plan", Usage: "names the comment: <!-- `MARKER` --> is its first line"},
			&cli.StringFlag{Name: "artifact-url", DefaultText: "the run's page", Usage: "the `URL` of the full plan, linked when the comment must be cut"},
			&cli.StringFlag{Name: "author", Usage: "only comments by this `LOGIN` count as ours, e.g. github-actions[bot]"},
		},
		Action: func(cctx *cli.Context) error {
			o := commentOptions{
				PR: cctx.Int("pr"), File: cctx.String("file"), Marker: cctx.String("marker"),
				ArtifactURL: cctx.String("artifact-url"), Author: cctx.String("author"),
			}
			if o.ArtifactURL == "" {
				o.ArtifactURL = runURL(os.Getenv)
			}
			body, err := readBodyFile(cctx, o.File)
			if err != nil {
				return err
			}
			client, err := newGitHubClient()
			if err != nil {
				return err
			}
			res, err := client.UpsertComment(cctx.Context, github.CommentOptions{
				PR: o.PR, Marker: o.Marker, Body: body, ArtifactURL: o.ArtifactURL, Author: o.Author,
			})
			if err != nil {
				return explainGitHubError(err, "pull-requests: write")
			}
			fmt.Fprintf(cctx.App.Writer, "%s comment %s on #%d (%d bytes", res.Action, res.URL, o.PR, res.Size)
			if res.Truncated {
				fmt.Fprintf(cctx.App.Writer, ", cut from %d to fit GitHub's limit", len(body))
			}
			fmt.Fprintln(cctx.App.Writer, ")")
			return nil
		},
	}
}

// issueOptions are `github issue`'s flags.
type issueOptions struct {
	Title        string
	File         string
	Marker       string
	Labels       []string
	CloseIfEmpty bool
	ArtifactURL  string
	Author       string
}

func githubIssueCommand() *cli.Command {
	return &cli.Command{
		Name:  "issue",
		Usage: "open or update the ONE open issue that carries a marker; close it when there is nothing to report",
		Description: "With a non-blank --file, updates the open issue whose body starts with <!-- MARKER -->, or\n" +
			"opens one. With a blank --file and --close-if-empty, closes that issue (the drift is gone).",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "title", Usage: "the issue's `TITLE`", Required: true},
			&cli.StringFlag{Name: "file", Usage: "the `FILE` with the Markdown body, or - for stdin; blank means nothing to report", Required: true},
			&cli.StringFlag{Name: "marker", Value: "oktasync-drift", Usage: "names the issue: <!-- `MARKER` --> is its first line"},
			&cli.StringSliceFlag{Name: "label", Usage: "a `LABEL` for a new issue (repeatable)"},
			&cli.BoolFlag{Name: "close-if-empty", Usage: "close the open marked issue when --file is blank"},
			&cli.StringFlag{Name: "artifact-url", DefaultText: "the run's page", Usage: "the `URL` of the full plan, linked when the body must be cut"},
			&cli.StringFlag{Name: "author", Usage: "only issues opened by this `LOGIN` count as ours, e.g. github-actions[bot]"},
		},
		Action: func(cctx *cli.Context) error {
			o := issueOptions{
				Title: cctx.String("title"), File: cctx.String("file"), Marker: cctx.String("marker"),
				Labels: splitList(cctx.StringSlice("label")), CloseIfEmpty: cctx.Bool("close-if-empty"),
				ArtifactURL: cctx.String("artifact-url"), Author: cctx.String("author"),
			}
			run := runURL(os.Getenv)
			if o.ArtifactURL == "" {
				o.ArtifactURL = run
			}
			body, err := readBodyFile(cctx, o.File)
			if err != nil {
				return err
			}
			client, err := newGitHubClient()
			if err != nil {
				return err
			}
			closing := "No drift any more: the org matches the repository."
			if run != "" {
				closing += " Checked by " + run + "."
			}
			res, err := client.UpsertIssue(cctx.Context, github.IssueOptions{
				Title: o.Title, Body: body, Marker: o.Marker, Labels: o.Labels, CloseIfEmpty: o.CloseIfEmpty,
				ArtifactURL: o.ArtifactURL, Author: o.Author, ClosingComment: closing,
			})
			if err != nil {
				return explainGitHubError(err, "issues: write")
			}
			if res.Action == github.IssueNone {
				fmt.Fprintln(cctx.App.Writer, "nothing to report and no open issue")
				return nil
			}
			fmt.Fprintf(cctx.App.Writer, "%s issue #%d %s\n", res.Action, res.Number, res.URL)
			return nil
		},
	}
}

// findPlanOptions are `github find-plan`'s flags.
type findPlanOptions struct {
	SHA    string
	Prefix string
	Wait   time.Duration
	Output string
	Marker string
	Author string
}

func githubFindPlanCommand() *cli.Command {
	return &cli.Command{
		Name:  "find-plan",
		Usage: "find the reviewed plan artifact for a commit merged into main",
		Description: "Finds the pull request that --sha merged (merge commit, squash or rebase), then the newest\n" +
			"artifact <prefix><PR head SHA> uploaded by the plan workflow, and the plan digest shown in the PR's\n" +
			"plan comment (what the reviewers saw), and prints pr=, head-sha=, artifact=, artifact-id=, run-id=\n" +
			"and digest= lines (also appended to --output, e.g. $GITHUB_OUTPUT). Pass the digest to\n" +
			"`oktasync apply --expect-digest`. Fails, without a fallback, for a direct push, when the PR's last\n" +
			"commit has no plan, or when its plan comment shows no digest for that commit.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "sha", DefaultText: "GITHUB_SHA", Usage: "the merged commit's `SHA`"},
			&cli.StringFlag{Name: "artifact-prefix", Value: github.PlanArtifactPrefix, Usage: "the plan artifact's name is `PREFIX` and the PR head SHA"},
			&cli.DurationFlag{Name: "wait", Value: 2 * time.Minute, Usage: "wait up to `DURATION` for GitHub to link a fresh merge commit to its PR"},
			&cli.StringFlag{Name: "output", Usage: "also append the key=value lines to `FILE` ($GITHUB_OUTPUT)"},
			&cli.StringFlag{Name: "marker", Value: github.DefaultCommentMarker, Usage: "the plan comment's `MARKER` (<!-- MARKER --> is its first line)"},
			&cli.StringFlag{Name: "author", Usage: "only a plan comment by this `LOGIN` counts, e.g. github-actions[bot]"},
		},
		Action: func(cctx *cli.Context) error {
			o := findPlanOptions{SHA: cctx.String("sha"), Prefix: cctx.String("artifact-prefix"), Wait: cctx.Duration("wait"), Output: cctx.String("output"),
				Marker: cctx.String("marker"), Author: cctx.String("author")}
			if o.SHA == "" {
				o.SHA = os.Getenv(github.EnvSHA)
			}
			client, err := newGitHubClient()
			if err != nil {
				return err
			}
			src, err := client.FindPlan(cctx.Context, github.FindPlanOptions{SHA: o.SHA, Prefix: o.Prefix, Wait: o.Wait,
				CommentMarker: o.Marker, Author: o.Author})
			if err != nil {
				return explainGitHubError(err, "pull-requests: read and actions: read")
			}
			lines := fmt.Sprintf("pr=%d\nhead-sha=%s\nartifact=%s\nartifact-id=%d\nrun-id=%d\ndigest=%s\n",
				src.PR, src.HeadSHA, src.Artifact, src.ArtifactID, src.RunID, src.Digest)
			fmt.Fprint(cctx.App.Writer, lines)
			if o.Output != "" {
				if err := appendFile(o.Output, lines); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func newGitHubClient() (*github.Client, error) {
	cfg := github.ConfigFromEnv(os.Getenv)
	cfg.UserAgent = "oktasync/" + toolVersion()
	return github.New(cfg)
}

// runURL is the page of the current workflow run, where its artifacts
// are listed, or "" outside Actions.
func runURL(getenv func(string) string) string {
	server, repo, run := getenv(github.EnvServerURL), getenv(github.EnvRepository), getenv(github.EnvRunID)
	if server == "" || repo == "" || run == "" {
		return ""
	}
	return strings.TrimSuffix(server, "/") + "/" + repo + "/actions/runs/" + run
}

// maxBodyFile bounds what we read: a plan's Markdown for a very large org
// is a few megabytes, and it is cut to 64 KiB anyway.
const maxBodyFile = 64 << 20

func readBodyFile(cctx *cli.Context, path string) (string, error) {
	var r io.Reader
	if path == "-" {
		r = cctx.App.Reader
		if r == nil {
			r = os.Stdin
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			return "", err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBodyFile+1))
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	if len(data) > maxBodyFile {
		return "", fmt.Errorf("%s is larger than %d bytes", path, maxBodyFile)
	}
	return string(data), nil
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// explainGitHubError adds what to do to the errors a workflow author meets
// first: a token without the job permission the command needs.
func explainGitHubError(err error, permission string) error {
	var ae *github.APIError
	if !errors.As(err, &ae) {
		return err
	}
	switch ae.Status {
	case http.StatusUnauthorized:
		return fmt.Errorf("%w\nGITHUB_TOKEN was refused: pass env: GITHUB_TOKEN: ${{ github.token }} to the step", err)
	case http.StatusForbidden, http.StatusNotFound:
		return fmt.Errorf("%w\nThe token may lack a permission: give the job `permissions: %s`", err, permission)
	}
	return err
}
