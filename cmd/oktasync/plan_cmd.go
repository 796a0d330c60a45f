package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/apply"
	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
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
	kinds            []string
	// include names the opt-in kinds to read (--include-kind); those the
	// tree holds are read too.
	include []string
	verify  bool
	// full reads the whole org even when the tree's marker would let the
	// plan read only what changed.
	full bool
	// noCache turns the validation cache off (--no-cache).
	noCache bool
	// trees are the trees of this run read ahead (diff); nil reads each
	// when it is needed.
	trees *treeReads
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
		&cli.StringSliceFlag{Name: "kinds", Usage: "manage only these `KINDS` (k,...): objects of other kinds that the tree lacks are left alone, not reported or deleted"},
		includeKindFlag(),
		&cli.BoolFlag{Name: "no-cache", Usage: "check every file, without the validation cache of files found clean by earlier runs (also OKTASYNC_NO_CACHE=1; the cache lives in OKTASYNC_CACHE_DIR, by default the user's cache directory)"},
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
		kinds: splitList(cctx.StringSlice("kinds")), verify: cctx.Bool("verify"),
		include: splitList(cctx.StringSlice("include-kind")),
		full:    cctx.Bool("full"),
		noCache: cctx.Bool("no-cache"),
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
			&cli.BoolFlag{Name: "full", Usage: "read the whole org, even when the tree's marker would let the plan read only what changed since the export"},
			progressFlag(),
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
			diffGC()
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
	cache := validationCache(o.noCache)
	if o.against != "" {
		o.trees = readTreePair(reg, o.against, o.dir, cache)
	} else {
		o.trees = newTreeReads(cache)
	}
	defer o.trees.saveCache()
	desired, err := o.trees.valid(cctx.App.Writer, reg, o.dir)
	if err != nil {
		return err
	}
	vars, err := plan.LoadVars(o.varFiles, os.Environ())
	if err != nil {
		return err
	}
	scope, err := planScope(reg, o.dir, o.kinds)
	if err != nil {
		return err
	}
	if err := checkInclude(reg, o.include); err != nil {
		return err
	}
	var progress *progress
	if o.against == "" {
		progress = startProgress(cctx.App.ErrWriter, cctx.Duration("progress-interval"))
	}
	cur, err := readCurrent(cctx, reg, o, desired, progress)
	progress.finish()
	if err != nil {
		return err
	}
	opts := plan.Options{
		AllowDelete: o.allowDelete, AllowReplace: o.allowReplace, MaxDeletes: o.maxDeletes, Vars: vars, Registry: reg, Verify: o.verify,
		ToolVersion: toolVersion(), CreatedAt: time.Now().UTC(),
		Desired: "tree " + o.dir, Current: cur.label, Org: cur.org, SigningKey: signingKey(), ClientID: cur.clientID,
		Read: cur.read, ChangedBy: cur.changedBy,
		// valid refused the desired tree unless it validated.
		Validated: true, Clean: o.trees.memo.Clean,
	}
	scope.apply(&opts)
	p, err := plan.Compute(desired, cur.snap, opts)
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
	// Objects in the org that the tree lacks are differences too, even
	// when the plan may not delete them: drift that exit 0 would hide.
	if o.detailedExitcode && p.Differs() {
		return &exitError{code: 2}
	}
	return nil
}

// scope is what a plan manages: the kinds named by --kinds (all when
// none) and the tree's ignore file.
type scope struct {
	kinds  []string
	ignore *model.PathPatterns
}

func planScope(reg *model.Registry, dir string, kinds []string) (scope, error) {
	for _, k := range kinds {
		if _, ok := reg.Kind(k); !ok {
			return scope{}, fmt.Errorf("--kinds: unknown kind %q; run `oktasync kinds` for the list", k)
		}
	}
	ignore, err := tree.ReadIgnore(dir)
	if err != nil {
		return scope{}, fmt.Errorf("%s: %w", dir, err)
	}
	return scope{kinds: kinds, ignore: ignore}, nil
}

func (s scope) apply(o *plan.Options) {
	o.Kinds = s.kinds
	if s.ignore.Len() > 0 {
		o.Ignore = s.ignore.Match
	}
}

// signingKeyEnv names the environment variable that holds the key plans
// are signed and checked with (HMAC-SHA256); see docs/safety.md.
const signingKeyEnv = "OKTASYNC_PLAN_SIGNING_KEY"

func signingKey() []byte {
	if k := os.Getenv(signingKeyEnv); k != "" {
		return []byte(k)
	}
	return nil
}

// readValidTree reads a tree and refuses it, listing every problem with its
// file and line, if it does not validate: nothing is planned from bad input.
func readValidTree(w io.Writer, reg *model.Registry, dir string) (*model.Snapshot, error) {
	return (*treeReads)(nil).valid(w, reg, dir)
}

// current is the other side of a comparison.
type current struct {
	snap  *model.Snapshot
	label string
	// org is the org it was read from; nil for a tree.
	org *plan.OrgBinding
	// clientID is the OAuth service app it was read as ("" for a tree or
	// an API token): the plan protects that app and its admin roles.
	clientID string
	// read is how the org was read, changedBy who changed what in it
	// since the tree's export (nil for a tree).
	read      *plan.ReadInfo
	changedBy map[string]plan.ChangedBy
}

// readCurrent is the other side of the comparison: a tree (offline) or the
// org, read with the same code export uses, with the org's identity, which
// the plan records so that apply refuses another org. Against an org, every
// login the desired tree names (${user:…}) must exist there: a missing one
// is an error at its file and line, before anything is planned (oktasync
// never creates users).
func readCurrent(cctx *cli.Context, reg *model.Registry, o planOptions, desired *model.Snapshot, progress *progress) (current, error) {
	against, dir := o.against, o.dir
	if against != "" {
		snap, err := o.trees.valid(cctx.App.Writer, reg, against)
		return current{snap: snap, label: "tree " + against}, err
	}
	client, err := newClient(cctx, progress.observer())
	if err != nil {
		return current{}, err
	}
	org, err := apply.ReadOrg(cctx.Context, client, client.OrgURL())
	if err != nil {
		return current{}, explainOrgError(err)
	}
	progress.setClient(client)
	problems, err := userdir.New(client, reg.Users()).Check(cctx.Context, desired)
	if err != nil {
		return current{}, explainOrgError(err)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(cctx.App.ErrWriter, p.String())
		}
		return current{}, fmt.Errorf("%s names users that the org %s does not have (listed above); oktasync never creates users", dir, client.OrgURL())
	}
	res, info, err := readOrgIncremental(cctx.Context, client, reg, o, desired, progress)
	if err != nil {
		return current{}, err
	}
	if err := unreadKinds(res, func(kind string) bool { return len(desired.ByKind(kind)) > 0 }); err != nil {
		return current{}, err
	}
	for _, w := range res.Warnings {
		if _, skipped := res.Skipped[w.Path]; skipped {
			fmt.Fprintf(cctx.App.ErrWriter, "warning: %s\n", w)
		}
	}
	return current{snap: res.Snapshot, label: "org " + client.OrgURL(), org: org, clientID: client.ClientID(),
		read: readInfo(info, client.Stats().Calls), changedBy: changedBy(res, info)}, nil
}

// unreadKinds refuses a comparison that needs a kind the credentials may
// not read (export.Result.Skipped): the org would look as if it had none,
// and the plan would create (or a backup's restore delete) every object of
// the kind. needed says whether the run involves the kind.
func unreadKinds(res *export.Result, needed func(kind string) bool) error {
	var missing []string
	for kind, scope := range res.Skipped {
		if needed(kind) {
			missing = append(missing, kind+" (needs "+scope+")")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return fmt.Errorf("the credentials may not read %s, which the tree holds: grant the scopes (or use the API token named) and run again", strings.Join(missing, ", "))
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
