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
// leaves the previous tree intact.
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
	res, err := Read(ctx, c, reg, opts)
	if err != nil {
		return nil, err
	}
	return write(reg, dir, opts, res, full, pos)
}

// write is Export's second half: the tree and its marker from a read.
func write(reg *model.Registry, dir string, opts Options, res *Result, full bool, pos LogEvent) (*Written, error) {
	w := &Written{Result: res}
	var prev *model.Snapshot
	if _, err := os.Stat(dir); err == nil {
		prev, w.PreviousProblems = tree.Read(dir, reg)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("export: %w", err)
	}
	out, err := treeToWrite(reg, res, prev)
	if err != nil {
		return nil, err
	}
	preservePlaceholders(prev, out)
	res.Warnings = append(res.Warnings, carryParts(reg, prev, out)...)
	files, err := tree.Write(dir, out)
	if err != nil {
		return nil, fmt.Errorf("export: writing %s: %w (the previous tree is unchanged)", dir, err)
	}
	w.Files = files
	var marker *tree.Marker
	if full {
		if pos.UUID == "" {
			pos.Published = emptyLogPosition(dir, opts)
		}
		if marker, err = buildMarker(reg, opts.OrgURL, pos, out, res.Snapshot); err != nil {
			return nil, err
		}
	}
	// A partial export leaves no marker: the tree is not all of one read.
	if opts.OrgURL != "" {
		if err := tree.WriteMarker(dir, marker); err != nil {
			return nil, fmt.Errorf("export: writing %s: %w", tree.MarkerFile, err)
		}
	}
	return w, nil
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

// treeToWrite is what the tree should hold after this export: the selected
// kinds as read now, and every other kind's files as they were (a partial
// export must not delete the rest of the tree).
func treeToWrite(reg *model.Registry, res *Result, prev *model.Snapshot) (*model.Snapshot, error) {
	selected := map[string]bool{}
	for _, k := range res.Selected {
		selected[k] = true
	}
	out := model.NewSnapshot(reg)
	for _, o := range res.Snapshot.Objects() {
		if selected[o.Kind] && !unwritten(reg, res.Snapshot, prev, o) {
			if err := out.Add(o); err != nil {
				return nil, fmt.Errorf("export: %w", err)
			}
		}
	}
	if prev != nil {
		for _, o := range prev.Objects() {
			if selected[o.Kind] {
				continue
			}
			if err := out.Add(o); err != nil {
				return nil, fmt.Errorf("export: keeping %s from the previous tree: %w", o.File(), err)
			}
		}
	}
	return out, nil
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
