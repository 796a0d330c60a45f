package apply

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestRoundTrip: the sample org is exported, its custom objects are
// deleted (by planning a tree of only its system objects with deletes
// allowed, and applying that), and the exported tree is applied back. The
// org exports to the same files again, and the next plan is empty.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 7})
	tree, dir := viaFiles(t, reg, o.snapshot(t))
	before := readFiles(t, dir)

	// Wipe: keep the system objects (and the singletons Okta never
	// deletes) and what they refer to; drop everything else, children
	// with their parents.
	bare := keepSystem(t, reg, tree)
	// Custom profile attributes are custom objects too: a null removes
	// each one from the schemas Okta keeps.
	for _, obj := range bare.Objects() {
		if props, ok := model.Lookup(obj.Body, "definitions.custom.properties"); ok {
			if m, ok := props.(map[string]any); ok {
				for name := range m {
					m[name] = nil
				}
			}
		}
	}
	wipe := computePlan(t, reg, bare, o.snapshot(t), plan.Options{AllowDelete: true, MaxDeletes: -1})
	if wipe.Summary.Actions[plan.ActionDelete] == 0 {
		t.Fatal("the wipe plan deletes nothing")
	}
	rep, err := Run(ctx, RunOptions{Plan: wipe, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{AllowDelete: true}})
	if err != nil {
		t.Fatalf("wipe: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("wipe failed:%s", failures(rep))
	}
	// The org's last SUPER_ADMIN assignment read (users' are opt-in) is
	// never removed: the wipe keeps it.
	kept := map[string]bool{}
	for _, r := range wipe.Refused {
		if r.Reason == plan.RefusedProtected && strings.Contains(r.Message, "last SUPER_ADMIN") {
			kept[r.Path] = true
		}
	}
	if len(kept) != 1 {
		t.Errorf("the wipe keeps %v, want the one group SUPER_ADMIN assignment", kept)
	}
	wiped := o.snapshot(t)
	for _, obj := range wiped.Objects() {
		if _, ok := bare.Get(obj.Path); !ok && obj.Role == "" && !kept[obj.Path] {
			t.Errorf("after the wipe, %s is still there", obj.Path)
		}
	}
	t.Logf("wiped %d of %d objects", tree.Len()-wiped.Len(), tree.Len())

	// Apply the exported tree.
	p := computePlan(t, reg, tree, o.snapshot(t), plan.Options{})
	rep, err = Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Environ: secretEnv(p)}, BackupDir: t.TempDir()})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}

	// One round: the first apply leaves nothing to do.
	after := o.snapshot(t)
	if again := computePlan(t, reg, tree, after, plan.Options{}); !again.Empty() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after the round trip is not empty:\n%s", buf.String())
	}
	_, dir2 := viaFiles(t, reg, after)
	if diff := cmp.Diff(before, readFiles(t, dir2)); diff != "" {
		t.Errorf("the org does not export to the same tree (-before +after):\n%s", diff)
	}
}

// keepSystem returns the system objects of s, the objects Okta cannot
// delete, what those refer to, and their ancestors.
func keepSystem(t *testing.T, reg *model.Registry, s *model.Snapshot) *model.Snapshot {
	t.Helper()
	keep := map[string]bool{}
	var queue []string
	mark := func(path string) {
		for path != "" && !keep[path] {
			if _, ok := s.Get(path); !ok {
				return
			}
			keep[path] = true
			queue = append(queue, path)
			info, err := reg.ParsePath(path)
			if err != nil {
				return
			}
			path = info.ParentPath
		}
	}
	// Okta's own objects: system (the okta.* scopes included) or
	// undeletable, under a parent that is Okta's too (a custom policy's
	// catch-all rule goes with the policy). Objects are in path order, so parents come first.
	owned := map[string]bool{}
	for _, obj := range s.Objects() {
		k, _ := reg.Kind(obj.Kind)
		info, _ := reg.ParsePath(obj.Path)
		// An implicit object whose identity is the objects it joins (a
		// profile mapping) goes with them, so it is not Okta's own in
		// this sense; one that merely refers to others (the org's CAPTCHA
		// settings) is, and keeps what it refers to.
		joins := false
		for _, rf := range k.Refs {
			joins = joins || (k.Implicit && slices.Contains(k.Identity, rf.Path))
		}
		if (info.ParentPath == "" || owned[info.ParentPath]) && (obj.Role != "" || (k.Delete == nil && !joins)) {
			owned[obj.Path] = true
			mark(obj.Path)
		}
	}
	for len(queue) > 0 {
		obj, _ := s.Get(queue[0])
		queue = queue[1:]
		model.WalkStrings(obj.Body, func(_, str string) {
			phs, _ := model.ScanPlaceholders(str)
			for _, ph := range phs {
				if ph.Type == model.PlaceholderRef {
					mark(ph.Value)
				}
			}
		})
		for _, r := range obj.Relations {
			if path, ok := model.ParseRef(r); ok {
				mark(path)
			}
		}
	}
	out := model.NewSnapshot(reg)
	for _, obj := range s.Objects() {
		if keep[obj.Path] {
			if err := out.Add(obj.Clone()); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}
