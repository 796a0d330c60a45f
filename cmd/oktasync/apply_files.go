package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/oktasync/oktasync/internal/apply"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/urfave/cli/v2"
)

// placeRunFiles decides where apply writes its backup and journal, says
// where, and warns when either would land in a git work tree with no
// ignore rule for it. By default both go to the org's state directory
// (stateRoot), outside any repository: a backup is a full copy of the
// org's configuration, and a repository is the last place it belongs
// unreviewed. The journal of a saved plan is named by the plan's hash, so
// --resume finds it wherever the plan file was downloaded to; apply --dir
// keeps no journal (there is no plan file to resume).
func placeRunFiles(cctx *cli.Context, o *applyOptions, p *plan.Plan, orgURL string) error {
	needState := o.backupDefault || (o.journal == "" && o.planFile != "")
	var orgDir string
	if needState {
		root, err := stateRoot(os.Getenv)
		if err != nil {
			return err
		}
		orgDir = orgStateDir(root, orgURL)
	}
	if o.backupDefault {
		o.backupDir = filepath.Join(orgDir, "backups")
		// Private: a backup is the org's whole configuration.
		if err := os.MkdirAll(o.backupDir, 0o700); err != nil {
			return err
		}
	}
	if o.journal == "" && o.planFile != "" {
		hash, err := apply.PlanHash(p)
		if err != nil {
			return err
		}
		o.journal = filepath.Join(orgDir, "journals", strings.TrimPrefix(hash, "sha256:")[:16]+".journal")
		// Private: a journal names the org's objects and IDs.
		if err := os.MkdirAll(filepath.Dir(o.journal), 0o700); err != nil {
			return err
		}
	}
	w := cctx.App.ErrWriter
	if o.backupDir != "" && p.HasChanges() {
		fmt.Fprintf(w, "The state before the run is backed up under %s\n", o.backupDir)
	}
	if o.journal != "" {
		fmt.Fprintf(w, "Journal of the completed steps (for --resume): %s\n", o.journal)
	}
	for _, f := range []struct{ what, path string }{{"the backup", o.backupDir}, {"the journal", o.journal}} {
		if f.path == "" {
			continue
		}
		root, unignored, err := unignoredInGit(f.path)
		switch {
		case !unignored:
		case err != nil:
			fmt.Fprintf(w, "warning: %s goes to %s, inside the git work tree %s, and git could not say whether it is ignored (%v)\n", f.what, f.path, root, err)
		default:
			fmt.Fprintf(w, "warning: %s goes to %s, inside the git work tree %s, and no ignore rule covers it: "+
				"add it to .gitignore (oktasync init writes one), or leave --backup-dir and --journal at their defaults outside the repository\n",
				f.what, f.path, root)
		}
	}
	return nil
}
