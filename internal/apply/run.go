package apply

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/tree"
)

// RunOptions are everything `oktasync apply` passes to Run.
type RunOptions struct {
	// Options are the executor's (Current is set by Run).
	Options
	Plan     *plan.Plan
	Client   Client
	Registry *model.Registry
	// Read returns the org's current state, with live metadata; the CLI
	// passes export.Read of the kinds the plan touches (TouchedKinds).
	Read func(ctx context.Context) (*model.Snapshot, error)
	// BackupDir, when set, receives a tree of the current state,
	// BackupDir/<UTC timestamp>/, before anything is changed.
	BackupDir string
	// Now is the clock for the backup's name and the journal; nil means
	// time.Now.
	Now func() time.Time

	// SigningKey, when set, must have signed the plan (plan.Plan.Verify);
	// ExpectDigest, when set, is the digest the plan must have (the one a
	// reviewer saw).
	SigningKey   []byte
	ExpectDigest string
	// Identify reads the org's binding (ReadOrg); when set, a plan made for
	// another org, or for none, is refused before anything is written.
	Identify func(ctx context.Context) (*plan.OrgBinding, error)
	// Lock, when set, takes the org's apply lock for the run (AcquireLock).
	Lock *LockOptions
}

// Run applies a saved plan the way `oktasync apply` does:
//
//  1. integrity: refuse a plan whose content does not match its digest
//     (or the expected digest, or the configured signing key), and one
//     whose journal says it was applied already (before any request);
//  2. preflight: refuse a plan with steps of unknown kinds, a plan with
//     deletes (or replaces) unless both the plan and this run allow them,
//     and a create whose secret has no value (before any request);
//  3. the org: refuse a plan made for another org (Identify); then look up
//     every login the plan names (a missing user refuses the run) and the
//     org's own parts that ${org:…} stands for;
//  4. the lock: take the org's apply lock, or refuse naming its holder;
//  5. read the current state;
//  6. refuse a stale plan (CheckStale), saying so when the org holds the
//     plan's own result. A resumed run skips that check, since the
//     interrupted run itself changed the objects; it checks instead that
//     every object the journal says was created or changed still exists.
//     Refuse a plan that deletes a system object;
//  7. write the backup tree;
//  8. execute the steps (as Execute, without a second preflight), and
//     release the lock.
//
// The error is non-nil when the run was refused (nothing was sent) or
// interrupted; step failures are in the report (Report.HasFailures).
//
// The backup is an ordinary tree (tree.Write) of the state before the
// run, so it can be used to undo the run:
//
//	oktasync plan --dir BACKUP/<timestamp> --allow-delete --out undo.json
//	oktasync apply undo.json --allow-delete
//
// which deletes what the run created, reverts what it changed and
// recreates what it deleted (with new IDs, and secrets from the
// environment or a secrets file, since the backup holds only placeholders).
func Run(ctx context.Context, o RunOptions) (rep *Report, err error) {
	if o.Plan == nil || o.Client == nil || o.Registry == nil || o.Read == nil {
		return nil, errors.New("apply: Plan, Client, Registry and Read are required")
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	p := o.Plan
	if err := p.Verify(o.SigningKey, o.ExpectDigest); err != nil {
		return nil, fmt.Errorf("apply refused: %w; nothing was sent", err)
	}
	hash, err := PlanHash(p)
	if err != nil {
		return nil, err
	}
	if !o.Resume {
		if err := checkJournalDone(o.Journal, hash); err != nil {
			return nil, err
		}
	}
	secrets, refused := preflight(p, o.Registry, o.Options)
	if refused != nil {
		return nil, fmt.Errorf("apply refused: %w; nothing was changed", refused)
	}
	if o.Identify != nil {
		org, err := o.Identify(ctx)
		if err != nil {
			return nil, fmt.Errorf("apply refused: %w; nothing was changed", err)
		}
		if err := checkOrg(p, org); err != nil {
			return nil, err
		}
	}
	vals, err := resolveOrgValues(ctx, o.Client, o.Registry, p)
	if err != nil {
		return nil, fmt.Errorf("apply refused: %w; nothing was changed", err)
	}
	if o.Lock != nil && p.HasChanges() {
		runCtx, stop := context.WithCancelCause(ctx)
		defer stop(nil)
		lock, err := AcquireLock(ctx, o.Client, o.Registry, p.Digest, *o.Lock, stop)
		if err != nil {
			return nil, err
		}
		defer func() {
			if rerr := lock.Release(ctx); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}()
		ctx = runCtx
	}
	current, err := o.Read(ctx)
	if err != nil {
		return nil, fmt.Errorf("apply: reading the org: %w", err)
	}
	if o.Resume {
		if o.Journal == "" {
			return nil, errors.New("apply refused: --resume needs the journal of the run to continue")
		}
		st, err := ReadJournal(o.Journal, hash)
		if err != nil {
			return nil, fmt.Errorf("apply refused: %w", err)
		}
		if err := checkJournaled(p, st, current, o.Registry); err != nil {
			return nil, err
		}
	} else if err := CheckStale(p, current); err != nil {
		var se *StaleError
		if errors.As(err, &se) && holdsResult(p, current, se) {
			return nil, &AlreadyAppliedError{Objects: len(se.Objects)}
		}
		return nil, err
	}
	if sys := systemDeletes(p, current, o.Registry); len(sys) > 0 {
		return nil, fmt.Errorf("apply refused: the plan deletes system objects, which is never done: %s", listSome(sys, 5))
	}
	if own := callerDeletes(p, model.CallerPath(current, o.Options.ClientID)); len(own) > 0 {
		return nil, fmt.Errorf("apply refused: the plan deletes the service app oktasync runs as, or its admin roles, which would lock the tool out: %s; nothing was changed", listSome(own, 5))
	}
	backup := ""
	if o.BackupDir != "" && p.HasChanges() {
		if backup, err = writeBackup(o.BackupDir, current, now()); err != nil {
			return nil, fmt.Errorf("apply refused: writing the backup: %w; nothing was changed", err)
		}
	}
	opts := o.Options
	opts.Current = current
	rep = execute(ctx, p, o.Client, o.Registry, opts, now, hash, secrets, vals, nil)
	rep.Backup = backup
	switch {
	case rep.Error != "":
		return rep, errors.New("apply refused: " + rep.Error)
	case rep.Interrupted:
		return rep, fmt.Errorf("apply interrupted after %d of %d steps: %w; run again with --resume to finish", rep.Counts.Applied, rep.Counts.Total, context.Cause(ctx))
	}
	return rep, nil
}

// TouchedKinds lists the kinds a run of p reads: the kinds of its steps
// and their parents' and reference targets' kinds. The CLI passes them to
// export.Read as the state to check and apply against.
func TouchedKinds(p *plan.Plan, reg *model.Registry) []string {
	set := map[string]bool{}
	add := func(path string) {
		if info, err := reg.ParsePath(path); err == nil {
			set[info.Kind.Name] = true
		}
	}
	for _, s := range p.Steps {
		set[s.Kind] = true
		if s.ParentPath != "" {
			add(s.ParentPath)
		}
		for _, r := range s.Refs() {
			add(r.Target)
		}
	}
	var out []string
	for _, k := range reg.Order() {
		if set[k.Name] {
			out = append(out, k.Name)
		}
	}
	return out
}

// systemDeletes lists the delete steps whose object is a system object in
// the current state (the plan never makes such steps; a hand-edited plan
// might).
func systemDeletes(p *plan.Plan, current *model.Snapshot, reg *model.Registry) []string {
	idx := newCurrentIndex(current)
	var out []string
	for _, s := range p.Steps {
		if s.Action != plan.ActionDelete || s.Live == nil {
			continue
		}
		k, ok := reg.Kind(s.Kind)
		if !ok {
			continue
		}
		if o := idx.get(k.Name, s.Live.ID); o != nil && (o.Role != "" || k.IsSystem(o.Live.Raw)) {
			out = append(out, s.Path)
		}
	}
	return out
}

// checkJournaled is the resumed run's guard: every object the journal says
// the interrupted run created or changed must still exist.
func checkJournaled(p *plan.Plan, st *JournalState, current *model.Snapshot, reg *model.Registry) error {
	idx := newCurrentIndex(current)
	createdBy := map[string]string{} // path → ID created by a journaled create
	for _, s := range p.Steps {
		if id := st.Applied[s.ID]; s.Action == plan.ActionCreate && id != "" {
			createdBy[s.Path] = id
		}
	}
	var gone []string
	for _, s := range p.Steps {
		if _, ok := st.Applied[s.ID]; !ok || s.Action == plan.ActionDelete {
			continue
		}
		k, ok := reg.Kind(s.Kind)
		if !ok || k.Singleton != "" {
			continue // singletons always exist; their IDs may be URLs
		}
		id := createdBy[s.Path]
		if id == "" && s.Live != nil {
			id = s.Live.ID
		}
		if id == "" {
			continue
		}
		if idx.get(k.Name, id) == nil {
			gone = append(gone, fmt.Sprintf("%s (id %s)", s.Path, id))
		}
	}
	if len(gone) > 0 {
		return fmt.Errorf("resume refused: %d object(s) the interrupted run created or changed no longer exist: %s; the org changed since, so run `oktasync plan` again", len(gone), listSome(gone, 10))
	}
	return nil
}

// writeBackup writes the state before the run to BackupDir/<timestamp>.
func writeBackup(root string, current *model.Snapshot, at time.Time) (string, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	base := filepath.Join(root, at.UTC().Format("20060102T150405.000Z"))
	dir := base
	for n := 2; ; n++ {
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			break
		}
		dir = fmt.Sprintf("%s-%d", base, n)
	}
	if _, err := tree.Write(dir, current); err != nil {
		return "", err
	}
	return dir, nil
}

// callerDeletes lists the delete steps (replaces included) that remove the
// service app at caller, or an object under it, directly or as a child of
// a deleted parent. The plan refuses them when it is made with the same
// credentials; a plan made by another app (a read-only one) cannot know
// which app applies it.
func callerDeletes(p *plan.Plan, caller string) []string {
	if caller == "" {
		return nil
	}
	var out []string
	for _, s := range p.Steps {
		if s.Action != plan.ActionDelete {
			continue
		}
		path := s.Path
		if s.CurrentPath != "" {
			path = s.CurrentPath
		}
		hit := model.Under(path, caller)
		for _, c := range s.Implied {
			hit = hit || model.Under(c, caller)
		}
		if hit {
			out = append(out, path)
		}
	}
	return out
}
