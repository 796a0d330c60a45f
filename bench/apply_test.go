package main

import (
	"context"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestBenchCreate checks that the apply benchmark works, on a small org;
// the speed itself is measured by `make bench`, never asserted here.
func TestBenchCreate(t *testing.T) {
	t.Parallel()
	// One-second windows: the run reads the org twice and writes it once,
	// which at real one-minute limits would wait for resets.
	o, err := newApplyOrg(sandbox.Options{Token: "bench-test-token", Seed: 41, Tier: sandbox.TierEnterprise, RateScale: 60},
		okta.Config{RetryBaseDelay: 5 * time.Millisecond, RetryMaxDelay: 50 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer o.close()
	res, err := benchCreate(context.Background(), o, 100, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Objects < 90 || res.Steps < res.Objects || res.Report.Counts.Applied != res.Steps {
		t.Errorf("bench: %d objects, %d steps, %d applied, %d failed, %d skipped",
			res.Objects, res.Steps, res.Report.Counts.Applied, res.Report.Counts.Failed, res.Report.Counts.Skipped)
	}
	st := o.srv.Stats()
	t.Logf("%d objects in %s (%d steps); sandbox: %d requests, %d rate-limited", res.Objects, res.Wall, res.Steps, st.Requests, st.RateLimited)
}
