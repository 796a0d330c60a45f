package apply

import (
	"context"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestBenchCreate checks that the bench hook works, on a small org; the
// speed itself is measured by `make bench`, never asserted here.
func TestBenchCreate(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Seed: 41, Tier: sandbox.TierEnterprise})
	res, err := BenchCreate(context.Background(), BenchOptions{Client: o.client, Registry: reg, Read: o.read, Objects: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.Objects < 90 || res.Steps < res.Objects || res.Report.Counts.Applied != res.Steps {
		t.Errorf("bench: %d objects, %d steps, %s", res.Objects, res.Steps, res.Report.summary())
	}
	st := o.srv.Stats()
	t.Logf("%d objects in %s (%d steps); sandbox: %d requests, %d rate-limited", res.Objects, res.Wall, res.Steps, st.Requests, st.RateLimited)
}
