package export

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/tree"
	"golang.org/x/sync/errgroup"
)

// Written is the outcome of Export.
type Written struct {
	*Result
	Files tree.WriteResult
	// Problems found reading the previous tree; its placeholders could be
	// carried over only from the files that read cleanly.
	PreviousProblems []model.Problem
}

// Export reads the org and writes the tree to dir, keeping the placeholders
// the user wrote in the previous tree. The write is atomic: a failure
// leaves the previous tree intact. Kinds are converted and their files
// rendered and staged as they are read (pipeline.go), so that little is
// left to do after the last request; the tree is swapped in only once all
// is read.
func Export(ctx context.Context, c Client, reg *model.Registry, dir string, opts Options) (*Written, error) {
	var pos LogEvent
	full := opts.OrgURL != "" && len(opts.Kinds) == 0 && len(opts.Exclude) == 0
	if full {
		// The log's position is taken before the read: a change made
		// while the org is read is an event after it, which the next
		// plan reads again.
		var err error
		if pos, err = logPosition(ctx, c, opts.now()); err != nil {
			return nil, fmt.Errorf("export: reading the System Log's position: %w", err)
		}
	}
	return exportTree(ctx, c, reg, dir, opts, full, pos)
}

// exportTree reads the org through the pipeline into a tree.Stager, then
// commits the tree and writes its marker.
func exportTree(ctx context.Context, c Client, reg *model.Registry, dir string, opts Options, full bool, pos LogEvent) (*Written, error) {
	rp, err := newReadPlan(reg, opts)
	if err != nil {
		return nil, err
	}
	hadTree := false
	if _, err := os.Stat(dir); err == nil {
		hadTree = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("export: %w", err)
	}
	st, err := tree.NewStager(dir, reg)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			st.Abort()
		}
	}()
	w := &Written{}
	g, gctx := errgroup.WithContext(ctx)
	// The previous tree is read while the org is (the staging directory
	// inside it is hidden from the reader).
	prevc := make(chan *model.Snapshot, 1)
	g.Go(func() error {
		var prev *model.Snapshot
		if hadTree {
			prev, w.PreviousProblems = tree.Read(dir, reg)
		}
		prevc <- prev
		return nil
	})
	// Every channel holds all it can ever be sent: no sender blocks when
	// a receiver has given up.
	events := make(chan kindRead, len(rp.kinds))
	g.Go(func() error {
		_, err := fetch(gctx, c, reg, rp.kinds, rp.obs, rp.unavailable, rp.skipped, func(k *model.Kind, objs []*raw, skipped bool) {
			events <- kindRead{kind: k, objs: objs, skipped: skipped}
		})
		if err == nil {
			close(events) // on an error, the cancelled context stops the pipeline
		}
		return err
	})
	parts := make(chan []*model.Object, len(reg.Kinds())*2)
	p := newPipeline(reg, rp, func(objs []*model.Object) { parts <- objs })
	g.Go(func() error {
		defer close(parts)
		return p.run(gctx, events, prevc, func(fetched map[string][]*raw) usersFound {
			logins, warnings, err := lookUpUsers(gctx, c, reg, p.usersNeeded, fetched)
			return usersFound{logins: logins, warnings: warnings, err: err}
		})
	})
	// The writer renders and stages each part, and makes its objects'
	// entries in the marker.
	marked := map[string]tree.MarkedObject{}
	g.Go(func() error {
		for objs := range parts {
			if err := st.Add(objs); err != nil {
				return fmt.Errorf("export: writing %s: %w", dir, err)
			}
			for _, o := range objs {
				if !full || o.Live == nil {
					continue
				}
				mo, err := markObject(reg, o, false)
				if err != nil {
					return err
				}
				marked[o.Path] = mo
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	w.Result = rp.result(p.snap, p.fetched, append(append(p.userWarnings, p.c.sortedWarnings()...), p.partWarnings...))
	files, err := st.Commit()
	committed = true
	if err != nil {
		return nil, fmt.Errorf("export: writing %s: %w (the previous tree is unchanged)", dir, err)
	}
	w.Files = files
	if err := writeMarker(reg, dir, opts, full, pos, p.out, p.snap, marked); err != nil {
		return nil, err
	}
	return w, nil
}

// writeMarker writes the tree's marker after a full export, and removes it
// after a partial one: the tree is not all of one read. marked are the
// written objects' entries, by path, as far as they are made.
func writeMarker(reg *model.Registry, dir string, opts Options, full bool, pos LogEvent, out, read *model.Snapshot, marked map[string]tree.MarkedObject) error {
	if opts.OrgURL == "" {
		return nil
	}
	var marker *tree.Marker
	if full {
		if pos.UUID == "" {
			pos.Published = emptyLogPosition(dir, opts)
		}
		var err error
		if marker, err = buildMarker(reg, opts.OrgURL, pos, out, read, marked); err != nil {
			return err
		}
	}
	if err := tree.WriteMarker(dir, marker); err != nil {
		return fmt.Errorf("export: writing %s: %w", tree.MarkerFile, err)
	}
	return nil
}

// emptyLogPosition stands for the position of an empty System Log (a new
// org): the time of the first export that found it empty, kept while the
// log stays empty so that re-exports leave the marker unchanged. A plan
// then reads every event since that time.
func emptyLogPosition(dir string, opts Options) string {
	if prev, err := tree.ReadMarker(dir); err == nil && prev != nil && prev.Org == opts.OrgURL && prev.UUID == "" && prev.Published != "" {
		return prev.Published
	}
	return opts.now().UTC().Format("2006-01-02T15:04:05.000Z")
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// unwritten reports whether o is an implicit object as Okta made it
// (Kind.DefaultBody), with no children and no file in the previous tree:
// export leaves its file out.
func unwritten(reg *model.Registry, snap, prev *model.Snapshot, o *model.Object) bool {
	k, ok := reg.Kind(o.Kind)
	if !ok || !k.HasDefaultBody(o.Body) || len(snap.Children(o.Path)) > 0 {
		return false
	}
	if prev != nil {
		if _, had := prev.Get(o.Path); had {
			return false
		}
	}
	return true
}
