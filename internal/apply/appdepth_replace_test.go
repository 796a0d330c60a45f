package apply

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestGroupPushRetarget: a group push mapping has no update; pushing to
// another app group is a replace. Without --allow-replace the plan refuses
// it (and keeps the status change); with it, apply deactivates the old mapping (Okta deletes only
// INACTIVE ones), deletes it keeping its app group, and creates the new
// one INACTIVE as the file says, by target name. The org then plans empty.
func TestGroupPushRetarget(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 14})
	desired, _ := viaFiles(t, reg, o.snapshot(t))
	const path = "apps/people-directory/group-push/engineering"
	obj, ok := desired.Get(path)
	if !ok {
		t.Fatalf("the sample has no %s", path)
	}
	before, _ := model.Lookup(obj.Body, "targetGroupName")
	obj.Body["targetGroupName"] = "okta-engineering-v2"
	obj.Body["status"] = "INACTIVE"

	// Without it, the replace is refused and the status change, which
	// needs none, is all that is planned.
	refused := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	if len(refused.Refused) != 1 || refused.Refused[0].Path != path || !refused.Refused[0].Replace {
		t.Fatalf("without --allow-replace: refused %+v; want the one replace", refused.Refused)
	}
	if len(refused.Steps) != 1 || refused.Steps[0].Action != plan.ActionDeactivate {
		t.Errorf("without --allow-replace: %d steps; want the deactivation alone", len(refused.Steps))
	}
	if !strings.Contains(refused.Refused[0].Message, "targetGroupName") {
		t.Errorf("the refusal does not name the field: %s", refused.Refused[0].Message)
	}

	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{AllowReplace: true})
	var steps []string
	for _, s := range p.Steps {
		steps = append(steps, s.Action.String())
	}
	sort.Strings(steps)
	if diff := cmp.Diff([]string{"create", "deactivate", "delete"}, steps); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{AllowReplace: true}, BackupDir: t.TempDir()})
	if err != nil || rep.HasFailures() {
		t.Fatalf("apply: %v%s", err, failures(rep))
	}
	after := o.snapshot(t)
	if again := computePlan(t, reg, desired, after, plan.Options{}); again.HasChanges() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after apply is not empty:\n%s", buf.String())
	}
	got, ok := after.Get(path)
	if !ok {
		t.Fatalf("%s is not in the org after apply", path)
	}
	if got.Body["targetGroupName"] != "okta-engineering-v2" || got.Body["status"] != "INACTIVE" {
		t.Errorf("the new mapping is %v", got.Body)
	}
	// The old target app group is kept (deleteTargetGroup=false).
	o.srv.Org().Lock()
	kept := false
	for _, g := range o.srv.Org().List("groups", "") {
		if name, _ := model.Lookup(g, "profile.name"); name == before {
			kept = true
		}
	}
	o.srv.Org().Unlock()
	if !kept {
		t.Errorf("the app group %v was deleted with its mapping", before)
	}
}
