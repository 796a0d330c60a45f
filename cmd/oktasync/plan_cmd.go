package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/tree"
	"github.com/oktasync/oktasync/internal/userdir"
	"github.com/urfave/cli/v2"
)

// planOptions are the parsed flags of `plan` and `diff`.
type planOptions struct {
	dir, against     string
	out, format      string
	detailedExitcode bool
	allowDelete      bool
	allowReplace     bool
	maxDeletes       int
	varFiles         []string
	artifactURL      string
	maxBytes         int
	verify           bool
}

func planFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "out", Usage: "save the plan to `FILE` (versioned JSON) for oktasync apply"},
		&cli.StringFlag{Name: "format", Value: "text", Usage: "the plan's `FORMAT`: text, json or markdown"},
		&cli.BoolFlag{Name: "detailed-exitcode", Usage: "exit 0 with no changes, 2 with changes, 1 on error"},
		&cli.BoolFlag{Name: "allow-delete", Usage: "plan deletes of objects the tree does not have (system objects are never deleted); allows replaces too"},
		&cli.BoolFlag{Name: "allow-replace", Usage: "plan replaces (delete and create again) of objects Okta cannot change in place, but no other deletes"},
		&cli.IntFlag{Name: "max-deletes", Value: plan.DefaultMaxDeletes, Usage: "refuse a plan with more than `N` deletes (-1: no cap)"},
		&cli.StringSliceFlag{Name: "var-file", Usage: "a `FILE` with values for ${var:NAME} (YAML map); repeatable; OKTASYNC_VAR_NAME in the environment too"},
		&cli.StringFlag{Name: "artifact-url", Usage: "markdown: the `URL` of the full plan, linked when the comment is truncated"},
		&cli.IntFlag{Name: "max-bytes", Value: 65000, Usage: "markdown: truncate to `N` bytes (GitHub comments hold 65,536 characters)"},
	}
}

func parsePlanFlags(cctx *cli.Context) (planOptions, error) {
	o := planOptions{
		dir: cctx.String("dir"), against: cctx.String("against"),
		out: cctx.String("out"), format: cctx.String("format"),
		detailedExitcode: cctx.Bool("detailed-exitcode"),
		allowDelete:      cctx.Bool("allow-delete"), allowReplace: cctx.Bool("allow-replace"), maxDeletes: cctx.Int("max-deletes"),
		varFiles:    splitList(cctx.StringSlice("var-file")),
		artifactURL: cctx.String("artifact-url"), maxBytes: cctx.Int("max-bytes"),
		verify: cctx.Bool("verify"),
	}
	switch o.format {
	case "text", "json", "markdown":
	default:
		return o, fmt.Errorf("--format %q: use text, json or markdown", o.format)
	}
	return o, nil
}

func planCommand() *cli.Command {
	return &cli.Command{
		HideHelpCommand: true,
		Name:            "plan",
		Usage:           "compute a dependency-ordered diff between a tree and the org (or another tree)",
		Flags: append(append([]cli.Flag{
			&cli.StringFlag{Name: "dir", Usage: "the `DIR` that holds the desired tree", Required: true},
			&cli.StringFlag{Name: "against", Usage: "compare with the tree in `DIR` instead of the org (offline)"},
			&cli.BoolFlag{Name: "verify", Usage: "ask Okta to check the DNS records of domains it has not verified yet (once they are published)"},
		}, planFlags()...), orgFlags()...),
		Action: func(cctx *cli.Context) error {
			o, err := parsePlanFlags(cctx)
			if err != nil {
				return err
			}
			return runPlan(cctx, o)
		},
	}
}

func diffCommand() *cli.Command {
	return &cli.Command{
		HideHelpCommand: true,
		Name:            "diff",
		Usage:           "compare two trees offline: what would change to go from DIR_A to DIR_B",
		ArgsUsage:       "DIR_A DIR_B",
		Flags:           planFlags(),
		Action: func(cctx *cli.Context) error {
			if cctx.NArg() != 2 {
				return errors.New("diff takes two arguments: DIR_A DIR_B")
			}
			o, err := parsePlanFlags(cctx)
			if err != nil {
				return err
			}
			o.against, o.dir = cctx.Args().Get(0), cctx.Args().Get(1)
			return runPlan(cctx, o)
		},
	}
}

// runPlan validates the desired tree, reads the current state (the org, or
// a second tree), computes the plan, saves and renders it.
func runPlan(cctx *cli.Context, o planOptions) error {
	reg, err := registry()
	if err != nil {
		return err
	}
	desired, err := readValidTree(cctx.App.Writer, reg, o.dir)
	if err != nil {
		return err
	}
	vars, err := plan.LoadVars(o.varFiles, os.Environ())
	if err != nil {
		return err
	}
	current, currentLabel, err := readCurrent(cctx, reg, o.against, desired, o.dir)
	if err != nil {
		return err
	}
	p, err := plan.Compute(desired, current, plan.Options{
		AllowDelete: o.allowDelete, AllowReplace: o.allowReplace, MaxDeletes: o.maxDeletes, Vars: vars, Registry: reg, Verify: o.verify,
		ToolVersion: toolVersion(), CreatedAt: time.Now().UTC(),
		Desired: "tree " + o.dir, Current: currentLabel,
	})
	if err != nil {
		return err
	}
	if o.out != "" {
		if err := savePlan(o.out, p); err != nil {
			return err
		}
	}
	if err := renderPlan(cctx.App.Writer, p, o); err != nil {
		return err
	}
	if o.detailedExitcode && p.HasChanges() {
		return &exitError{code: 2}
	}
	return nil
}

// readValidTree reads a tree and refuses it, listing every problem with its
// file and line, if it does not validate: nothing is planned from bad input.
func readValidTree(w io.Writer, reg *model.Registry, dir string) (*model.Snapshot, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory: give the tree written by `oktasync export`", dir)
	}
	snap, problems := tree.Read(dir, reg)
	if snap != nil {
		problems = append(problems, tree.Validate(snap, reg)...)
	}
	if model.HasErrors(problems) {
		model.SortProblems(problems)
		for _, p := range problems {
			fmt.Fprintln(w, p.String())
		}
		return nil, fmt.Errorf("%s does not validate; fix the problems above (run `oktasync validate %s`)", dir, dir)
	}
	return snap, nil
}

// readCurrent is the other side of the comparison: a tree (offline) or the
// org, read with the same code export uses. Against an org, every login
// the desired tree names (${user:…}) must exist there: a missing one is
// an error at its file and line, before anything is planned (oktasync
// never creates users).
func readCurrent(cctx *cli.Context, reg *model.Registry, against string, desired *model.Snapshot, dir string) (*model.Snapshot, string, error) {
	if against != "" {
		snap, err := readValidTree(cctx.App.Writer, reg, against)
		return snap, "tree " + against, err
	}
	client, err := newClient(cctx, nil)
	if err != nil {
		return nil, "", err
	}
	problems, err := userdir.New(client, reg.Users()).Check(cctx.Context, desired)
	if err != nil {
		return nil, "", explainOrgError(err)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(cctx.App.ErrWriter, p.String())
		}
		return nil, "", fmt.Errorf("%s names users that the org %s does not have (listed above); oktasync never creates users", dir, client.OrgURL())
	}
	res, err := readOrg(cctx.Context, client, reg)
	if err != nil {
		return nil, "", err
	}
	return res.Snapshot, "org " + client.OrgURL(), nil
}

func readOrg(ctx context.Context, c *okta.Client, reg *model.Registry) (*export.Result, error) {
	res, err := export.Read(ctx, c, reg, export.Options{})
	if err != nil {
		return nil, explainOrgError(err)
	}
	return res, nil
}

func savePlan(path string, p *plan.Plan) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := p.Save(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func renderPlan(w io.Writer, p *plan.Plan, o planOptions) error {
	switch o.format {
	case "json":
		return plan.RenderJSON(w, p)
	case "markdown":
		return plan.RenderMarkdown(w, p, plan.MarkdownOptions{MaxBytes: o.maxBytes, ArtifactURL: o.artifactURL})
	}
	return plan.RenderText(w, p, plan.TextOptions{Color: useColor(w)})
}

// useColor: colour only on a terminal, and never when NO_COLOR is set
// (https://no-color.org).
func useColor(w io.Writer) bool {
	if _, set := os.LookupEnv("NO_COLOR"); set {
		return false
	}
	return isTerminal(w) && !strings.EqualFold(os.Getenv("TERM"), "dumb")
}
