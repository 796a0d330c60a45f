package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	osuser "os/user"
	"strings"

	"github.com/oktasync/oktasync/internal/apply"
	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/urfave/cli/v2"
)

// applyOptions are the parsed flags of `oktasync apply`.
type applyOptions struct {
	planFile     string
	dir          string
	autoApprove  bool
	parallelism  int
	allowDelete  bool
	allow        []string // guarded actions this run may send (--allow)
	allowReplace bool
	maxDeletes   int
	resume       bool
	backupDir    string
	// backupDefault: --backup-dir was not given, so the backup goes to
	// the org's state directory ('' given means no backup).
	backupDefault bool
	journal       string
	secretsFile   string
	varFiles      []string
	format        string
	forceUnlock   string
	expect        string
	kinds         []string
}

func applyCommand() *cli.Command {
	return &cli.Command{
		HideHelpCommand: true,
		Name:            "apply",
		Usage:           "carry out a saved plan exactly (or plan and apply a tree in one go with --dir --auto-approve)",
		ArgsUsage:       "[plan.json]",
		Description: "Applies a plan saved with `oktasync plan --out`. Before any request, the plan's digest is checked\n" +
			"against its content (and against --expect-digest, and OKTASYNC_PLAN_SIGNING_KEY when set); then the\n" +
			"org must be the one the plan was made for, and apply takes the org's apply lock (one apply at a\n" +
			"time, across machines). Every object the plan touches or refers to is read again: if any changed\n" +
			"since the plan was made, apply refuses (stale plan). The state before the run is written to\n" +
			"--backup-dir, as a tree that can be planned and applied to undo the run. Completed steps are\n" +
			"journaled, so --resume finishes an interrupted run. --force-unlock ID alone breaks a lock left by\n" +
			"a killed apply.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "dir", Usage: "plan the tree in `DIR` against the org and apply it (needs --auto-approve, or a yes on a terminal)"},
			&cli.BoolFlag{Name: "auto-approve", Usage: "with --dir: apply without asking"},
			&cli.IntFlag{Name: "parallelism", Value: apply.DefaultParallelism, Usage: "`N` steps in flight at once (the client's rate governor still paces every bucket)"},
			&cli.BoolFlag{Name: "allow-delete", Usage: "carry out deletes and replaces (the plan must have been made with --allow-delete too)"},
			&cli.BoolFlag{Name: "allow-replace", Usage: "carry out replaces, not other deletes (the plan must have been made with --allow-replace or --allow-delete)"},
			&cli.StringSliceFlag{Name: "allow", Usage: "send the guarded `ACTIONS` (a,...) the plan holds; okta-support: grant Okta Support access to the org"},
			&cli.IntFlag{Name: "max-deletes", Value: plan.DefaultMaxDeletes, Usage: "with --dir: refuse a plan with more than `N` deletes (-1: no cap)"},
			&cli.BoolFlag{Name: "resume", Usage: "continue an interrupted run of the same plan from its journal"},
			&cli.StringFlag{Name: "backup-dir", DefaultText: "$XDG_STATE_HOME/oktasync/<org>/backups", Usage: "write the state before the run to `DIR` ('' to skip; not recommended)"},
			&cli.StringFlag{Name: "journal", DefaultText: "$XDG_STATE_HOME/oktasync/<org>/journals/<plan hash>.journal", Usage: "journal the completed steps in `FILE`"},
			&cli.StringFlag{Name: "secrets-file", Usage: "a `FILE` with values for ${secret:NAME} (YAML map); OKTASYNC_SECRET_NAME in the environment wins"},
			&cli.StringSliceFlag{Name: "var-file", Usage: "with --dir: a `FILE` with values for ${var:NAME} (YAML map); repeatable"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "the report's `FORMAT`: text, json or markdown"},
			progressFlag(),
			&cli.StringFlag{Name: "expect-digest", Usage: "refuse the plan unless its digest is `DIGEST` (the one in the reviewed comment)"},
			&cli.StringFlag{Name: "force-unlock", Usage: "first break the apply lock whose marker has this `ID` (named by the refusal); alone, only break it"},
			&cli.StringSliceFlag{Name: "kinds", Usage: "with --dir: manage only these `KINDS` (k,...), as plan --kinds"},
		}, orgFlags()...),
		Action: func(cctx *cli.Context) error {
			o := applyOptions{
				backupDefault: !cctx.IsSet("backup-dir"),
				planFile:      cctx.Args().First(), dir: cctx.String("dir"), autoApprove: cctx.Bool("auto-approve"),
				parallelism: cctx.Int("parallelism"), allowDelete: cctx.Bool("allow-delete"), allowReplace: cctx.Bool("allow-replace"),
				maxDeletes: cctx.Int("max-deletes"),
				resume:     cctx.Bool("resume"), backupDir: cctx.String("backup-dir"), journal: cctx.String("journal"),
				secretsFile: cctx.String("secrets-file"), varFiles: splitList(cctx.StringSlice("var-file")),
				format: cctx.String("format"), forceUnlock: cctx.String("force-unlock"), expect: cctx.String("expect-digest"),
				kinds: splitList(cctx.StringSlice("kinds")), allow: splitList(cctx.StringSlice("allow")),
			}
			switch {
			case cctx.NArg() > 1:
				return errors.New("apply takes one plan file")
			case o.forceUnlock != "" && o.planFile == "" && o.dir == "":
				return runForceUnlock(cctx, o.forceUnlock)
			case (o.planFile == "") == (o.dir == ""):
				return errors.New("give a saved plan (oktasync apply plan.json) or a tree (oktasync apply --dir DIR --auto-approve)")
			case o.resume && o.dir != "":
				return errors.New("--resume continues a saved plan: oktasync apply plan.json --resume")
			}
			switch o.format {
			case "text", "json", "markdown":
			default:
				return fmt.Errorf("--format %q: use text, json or markdown", o.format)
			}
			return runApply(cctx, o)
		},
	}
}

func runApply(cctx *cli.Context, o applyOptions) error {
	reg, err := registry()
	if err != nil {
		return err
	}
	progress := startProgress(cctx.App.ErrWriter, cctx.Duration("progress-interval"))
	defer progress.finish()
	client, err := newClient(cctx, progress.observer())
	if err != nil {
		return err
	}
	progress.setClient(client)
	ctx := cctx.Context
	var p *plan.Plan
	if o.planFile != "" {
		if p, err = loadPlan(o.planFile); err != nil {
			return err
		}
	} else {
		if p, err = planDir(ctx, cctx, reg, o, progress); err != nil {
			return err
		}
		progress.pause()
		if !p.HasChanges() {
			fmt.Fprintln(cctx.App.ErrWriter, "No changes: nothing to apply.")
			return nil
		}
		if err := plan.RenderText(cctx.App.ErrWriter, p, plan.TextOptions{Color: useColor(cctx.App.ErrWriter)}); err != nil {
			return err
		}
		if !o.autoApprove {
			if err := confirm(cctx); err != nil {
				return err
			}
		}
	}
	progress.pause()
	if err := placeRunFiles(cctx, &o, p, client.OrgURL()); err != nil {
		return err
	}
	progress.setClient(client)
	progress.applying(len(p.Steps))
	progress.resume()
	opts := apply.Options{
		Parallelism: o.parallelism, AllowDelete: o.allowDelete, AllowReplace: o.allowReplace, Journal: o.journal, Resume: o.resume,
		SecretsFile: o.secretsFile, Environ: os.Environ(), Allow: o.allow, ClientID: client.ClientID(),
	}
	if progress != nil {
		opts.Progress = progress.step
	}
	errw := cctx.App.ErrWriter
	rep, runErr := apply.Run(ctx, apply.RunOptions{
		Options: opts, Plan: p, Client: client, Registry: reg, BackupDir: o.backupDir,
		SigningKey: signingKey(), ExpectDigest: o.expect,
		Identify: func(ctx context.Context) (*plan.OrgBinding, error) {
			org, err := apply.ReadOrg(ctx, client, client.OrgURL())
			return org, explainOrgError(err)
		},
		Lock: &apply.LockOptions{
			Holder: lockHolder(), Run: runURL(os.Getenv), ForceUnlock: o.forceUnlock,
			Notify: func(msg string) { fmt.Fprintln(errw, msg) },
		},
		Read: func(ctx context.Context) (*model.Snapshot, error) {
			// The backup must be a complete tree: planning a partial one
			// with --allow-delete would delete every kind it lacks. So a
			// run that writes a backup reads every kind; without a backup,
			// the kinds the plan touches are enough for the stale check.
			var kinds []string
			if o.backupDir == "" {
				kinds = apply.TouchedKinds(p, reg)
			}
			// The opt-in kinds the plan touches are read too.
			ro := export.Options{Kinds: kinds, Include: apply.TouchedKinds(p, reg)}
			if progress != nil {
				ro.Observer = progress
			}
			res, err := export.Read(ctx, client, reg, ro)
			if err != nil {
				return nil, explainOrgError(err)
			}
			touched := map[string]bool{}
			for _, k := range apply.TouchedKinds(p, reg) {
				touched[k] = true
			}
			if err := unreadKinds(res, func(kind string) bool { return touched[kind] }); err != nil {
				return nil, err
			}
			return res.Snapshot, nil
		},
	})
	progress.finish()
	if rep != nil {
		if err := renderReport(cctx.App.Writer, rep, o.format); err != nil {
			return err
		}
	}
	if runErr != nil {
		return runErr
	}
	if rep.HasFailures() {
		return fmt.Errorf("%d step(s) failed; the report lists the root causes first. Fix them and run `oktasync apply %s --resume`",
			rep.Counts.Failed, orDefault(o.planFile, "plan.json"))
	}
	return nil
}

func loadPlan(path string) (*plan.Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := plan.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// planDir is `plan --dir` for apply's one-step mode.
func planDir(ctx context.Context, cctx *cli.Context, reg *model.Registry, o applyOptions, progress *progress) (*plan.Plan, error) {
	desired, err := readValidTree(cctx.App.ErrWriter, reg, o.dir)
	if err != nil {
		return nil, err
	}
	vars, err := plan.LoadVars(o.varFiles, os.Environ())
	if err != nil {
		return nil, err
	}
	scope, err := planScope(reg, o.dir, o.kinds)
	if err != nil {
		return nil, err
	}
	// Apply without a reviewed plan reads the whole org: nothing is
	// taken on trust from the tree's marker before a write.
	cur, err := readCurrent(cctx, reg, planOptions{dir: o.dir, full: true}, desired, progress)
	if err != nil {
		return nil, err
	}
	opts := plan.Options{
		AllowDelete: o.allowDelete, AllowReplace: o.allowReplace, MaxDeletes: o.maxDeletes, Vars: vars, Registry: reg,
		ToolVersion: toolVersion(), Desired: "tree " + o.dir, Current: cur.label, Org: cur.org, SigningKey: signingKey(),
		ClientID: cur.clientID,
	}
	scope.apply(&opts)
	return plan.Compute(desired, cur.snap, opts)
}

// runForceUnlock is `apply --force-unlock ID` without a plan: break the
// lock a killed apply left, and nothing else.
func runForceUnlock(cctx *cli.Context, id string) error {
	reg, err := registry()
	if err != nil {
		return err
	}
	client, err := newClient(cctx, nil)
	if err != nil {
		return err
	}
	info, err := apply.BreakLock(cctx.Context, client, reg, id)
	if err != nil {
		return explainOrgError(err)
	}
	fmt.Fprintf(cctx.App.Writer, "Broke the apply lock %s, held by %s.\n", id, info)
	return nil
}

// lockHolder names this run in the apply lock: the user, the host and the
// process, and in GitHub Actions the actor.
func lockHolder() string {
	user := os.Getenv("GITHUB_ACTOR")
	if user == "" {
		if u, err := osuser.Current(); err == nil {
			user = u.Username
		}
	}
	if user == "" {
		user = os.Getenv("USER")
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s@%s (pid %d)", orDefault(user, "unknown"), orDefault(host, "unknown"), os.Getpid())
}

// confirm asks on a terminal; anywhere else it refuses, so that a CI job
// never applies without --auto-approve.
func confirm(cctx *cli.Context) error {
	in, ok := cctx.App.Reader.(*os.File)
	if !ok || !isTerminal(in) || !isTerminal(cctx.App.ErrWriter) {
		return errors.New("refusing to apply without confirmation: add --auto-approve (for CI), or run on a terminal")
	}
	fmt.Fprint(cctx.App.ErrWriter, "\nApply these changes to the org? Only 'yes' is accepted: ")
	line, _ := bufio.NewReader(in).ReadString('\n')
	if strings.TrimSpace(line) != "yes" {
		return errors.New("apply cancelled; nothing was changed")
	}
	return nil
}

func renderReport(w io.Writer, rep *apply.Report, format string) error {
	switch format {
	case "json":
		return apply.RenderJSON(w, rep, apply.RenderOptions{Durations: true})
	case "markdown":
		return apply.RenderMarkdown(w, rep, apply.RenderOptions{Durations: true})
	}
	return apply.RenderText(w, rep, apply.RenderOptions{})
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
