package main

import (
	"context"
	"fmt"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/tree"
)

// readOrgIncremental reads the org for a plan: from the tree's marker and
// the System Log when it can, the whole org otherwise (export.ReadIncremental
// says why).
func readOrgIncremental(ctx context.Context, c *okta.Client, reg *model.Registry, o planOptions, desired *model.Snapshot, progress *progress) (*export.Result, *export.Incremental, error) {
	marker, err := tree.ReadMarker(o.dir)
	if err != nil {
		// An unreadable marker is no reason to stop: the whole org is read.
		marker = &tree.Marker{Format: -1}
	}
	opts := export.IncrementalOptions{Marker: marker, Desired: desired, Full: o.full}
	opts.OrgURL = c.OrgURL()
	opts.Include = planInclude(reg, o.include, desired)
	if progress != nil {
		opts.Observer = progress
	}
	res, info, err := export.ReadIncremental(ctx, c, reg, opts)
	if err != nil {
		return nil, nil, explainOrgError(err)
	}
	return res, info, nil
}

// readInfo is the plan's record of how the org was read.
func readInfo(info *export.Incremental, calls int) *plan.ReadInfo {
	r := &plan.ReadInfo{Mode: plan.ReadIncremental, Events: info.Events, Kinds: info.Kinds, Calls: calls}
	if info.Full {
		r.Mode, r.Reason, r.Kinds = plan.ReadFull, info.Reason, nil
	}
	return r
}

// changedBy turns the log's "<kind>/<live id>" changes into current paths.
func changedBy(res *export.Result, info *export.Incremental) map[string]plan.ChangedBy {
	if len(info.Changes) == 0 {
		return nil
	}
	out := map[string]plan.ChangedBy{}
	for _, obj := range res.Snapshot.Objects() {
		if obj.Live == nil {
			continue
		}
		if c, ok := info.Changes[fmt.Sprintf("%s/%s", obj.Kind, obj.Live.ID)]; ok {
			out[obj.Path] = plan.ChangedBy{Actor: c.Actor, ActorType: c.ActorType, When: c.When, Event: c.EventType}
		}
	}
	return out
}
