package apply

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestPromotionIntoAnOrgWithoutAFeature: a tree from an org with the Early
// Access policy types (DEVICE_SIGNAL_COLLECTION, CLIENT_UPDATE) is planned
// against an org without them. Reading that org skips the two types with a
// warning instead of failing, the plan lists their policies and rules as
// refused (the org lacks them) instead of sending creates Okta would
// refuse, and everything else applies.
func TestPromotionIntoAnOrgWithoutAFeature(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	a := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 3})
	b := newOrg(t, reg, sandbox.Options{Seed: 4})
	desired, _ := viaFiles(t, reg, a.snapshot(t))

	current := b.snapshot(t)
	var missing []string
	for _, u := range current.Unavailable() {
		missing = append(missing, u.Kind+" "+u.Query)
	}
	if diff := cmp.Diff([]string{"policies type=CLIENT_UPDATE", "policies type=DEVICE_SIGNAL_COLLECTION"}, missing); diff != "" {
		t.Fatalf("what B lacks (-want +got):\n%s", diff)
	}
	p := computePlan(t, reg, desired, current, plan.Options{})
	var refused []string
	for _, r := range p.Refused {
		if strings.Contains(r.Path, "/device-signal-collection/") || strings.Contains(r.Path, "/client-update/") {
			refused = append(refused, r.Path+": "+r.Message)
		}
	}
	sort.Strings(refused)
	want := []string{
		"policies/client-update/okta-verify-client-update-policy: the org has no policies with type=CLIENT_UPDATE (it answered: E0000015, the feature is not enabled)",
		"policies/client-update/okta-verify-client-update-policy/rules/catch-all-rule: its parent policies/client-update/okta-verify-client-update-policy is not created",
		"policies/device-signal-collection/desktop-device-signals: the org has no policies with type=DEVICE_SIGNAL_COLLECTION (it answered: E0000015, the feature is not enabled)",
		"policies/device-signal-collection/desktop-device-signals/rules/catch-all-rule: its parent policies/device-signal-collection/desktop-device-signals is not created",
		"policies/device-signal-collection/desktop-device-signals/rules/desktops-through-okta-verify: its parent policies/device-signal-collection/desktop-device-signals is not created",
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, refused); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
	rep, err := Run(ctx, RunOptions{Plan: p, Client: b.client, Registry: reg, Read: b.read,
		Options: Options{Environ: secretEnv(p)}, BackupDir: t.TempDir()})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
}
